"""`tochuc dossier-receive FILE --org CODE --user USERNAME [--on dd/mm/yyyy] [--letter-no N]`: receive a member
from another province with their dossier package, as that user would on the web (same checks, audited)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.http import Http404
from django.utils import timezone

from tochuc.core.errors import DomainError
from tochuc.orgs.models import Org

from ...package import MAX_BYTES
from ...services import member_receive_package
from .dossier_package import user_or_error


class Command(BaseCommand):
    help = "Tiếp nhận đảng viên từ tỉnh khác bằng gói hồ sơ chuyển sinh hoạt (.zip)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="tệp gói hồ sơ .zip")
        parser.add_argument("--org", required=True, metavar="CODE", help="mã chi bộ tiếp nhận")
        parser.add_argument("--user", required=True, metavar="USERNAME", help="người tiếp nhận (phạm vi, nhật ký)")
        parser.add_argument("--on", metavar="dd/mm/yyyy", help="ngày tiếp nhận (mặc định: hôm nay)")
        parser.add_argument("--letter-no", metavar="N", help="số giấy giới thiệu (mặc định: số ghi trong gói)")

    def handle(self, *args, **options):
        user = user_or_error(options["user"])
        org = Org.objects.filter(code__iexact=options["org"].strip()).first()
        if org is None:
            raise CommandError(f"Không có tổ chức đảng nào mang mã «{options['org']}».")
        on = timezone.localdate()
        if options["on"]:
            try:
                on = datetime.strptime(options["on"], "%d/%m/%Y").date()
            except ValueError:
                raise CommandError("--on: ghi ngày dạng dd/mm/yyyy.") from None
        path = Path(options["file"])
        try:
            if path.stat().st_size > MAX_BYTES:
                raise CommandError(f"Tệp lớn quá {MAX_BYTES // (1024 * 1024)} MB.")
            data = path.read_bytes()
        except OSError as e:
            raise CommandError(f"Không đọc được tệp «{path}»: {e.strerror}.") from None
        try:
            member = member_receive_package(actor=user, org=org, data=data, on=on, letter_no=options["letter_no"])
        except DomainError as e:
            raise CommandError(e.message) from None
        except Http404:
            raise CommandError(f"Tổ chức «{org.code}» ngoài phạm vi của người dùng.") from None
        except PermissionDenied:
            raise CommandError("Người dùng không có quyền tiếp nhận đảng viên.") from None
        self.stdout.write(f"Đã tiếp nhận {member.full_name} (id {member.pk}) vào {org.name}.")
