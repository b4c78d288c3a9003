"""`tochuc dossier-package MEMBER_ID -o FILE --user USERNAME`: write the dossier package (members/package.py) of a
member transferred out of the province, as that user would download it (their scope, audited)."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from ...models import Member
from ...package import package_build


def user_or_error(username: str):
    user = get_user_model().objects.filter(username=username, is_active=True).select_related("org").first()
    if user is None:
        raise CommandError(f"Không có người dùng «{username}» (đang hoạt động).")
    return user


class Command(BaseCommand):
    help = "Xuất gói hồ sơ chuyển sinh hoạt (.zip) của một đảng viên đã chuyển đi ngoài tỉnh."

    def add_arguments(self, parser):
        parser.add_argument("member_id", type=int, help="số hiệu (id) của đảng viên")
        parser.add_argument("-o", "--output", required=True, metavar="FILE", help="tệp .zip sẽ ghi")
        parser.add_argument("--user", required=True, metavar="USERNAME", help="người xuất (phạm vi, nhật ký)")

    def handle(self, *args, **options):
        user = user_or_error(options["user"])
        member = Member.objects.filter(pk=options["member_id"]).first()
        try:
            if member is None:
                raise Http404
            data = package_build(actor=user, member=member)
        except Http404:
            raise CommandError(
                "Không có đảng viên này đã chuyển sinh hoạt ra ngoài tỉnh trong phạm vi của người dùng."
            ) from None
        except PermissionDenied:
            raise CommandError("Người dùng không có quyền xuất dữ liệu.") from None
        out = Path(options["output"])
        try:
            out.write_bytes(data)
        except OSError as e:
            raise CommandError(f"Không ghi được tệp «{out}»: {e.strerror}.") from None
        self.stdout.write(f"Đã ghi gói hồ sơ của {member.full_name} vào {out} ({len(data):,} byte).")
