"""`tochuc export-members --org CODE -o FILE.xlsx [--inactive] [--user USERNAME]`: the members of an org's
subtree in the import template's columns (.xlsx, or .csv when FILE ends so); edited, the file imports back."""

from __future__ import annotations

import csv
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from tochuc.core.exports import csv_safe
from tochuc.members import excel
from tochuc.members.models import Member
from tochuc.members.selectors import member_list

from .import_members import ProgressBar, acting_user, org_for


class Command(BaseCommand):
    help = "Xuất danh sách đảng viên của một tổ chức (và các tổ chức trực thuộc) ra tệp .xlsx theo mẫu nhập."

    def add_arguments(self, parser):
        parser.add_argument("--org", metavar="CODE", required=True, help="mã tổ chức")
        parser.add_argument("-o", "--output", metavar="FILE.xlsx", required=True, help="tệp ghi ra (.xlsx hoặc .csv)")
        parser.add_argument("--inactive", action="store_true", help="gồm cả đảng viên đã thôi sinh hoạt")
        parser.add_argument("--user", metavar="USERNAME", help="thực hiện với quyền và phạm vi của người dùng này")

    def handle(self, *args, **options):
        user = acting_user(options["user"])
        root = org_for(options["org"], user)
        if user is not None:
            if not user.can("export"):
                raise CommandError("Người dùng không có quyền xuất dữ liệu.", returncode=2)
            qs = member_list(actor=user, org=root, include_inactive=options["inactive"])
        else:  # the system: the whole subtree, as the pages show it to an administrator
            qs = Member.objects.select_related("org").filter(org__path__under=root.path)
            if not options["inactive"]:
                qs = qs.active()
            qs = qs.order_by("sort_key", "id")
        out = Path(options["output"])
        total = qs.count()
        bar = ProgressBar(self.stderr)

        def rows():
            for i, m in enumerate(qs.iterator(chunk_size=2000), start=1):
                if i % 1000 == 0:
                    bar("export", i, total)
                yield excel.member_cells(m, i)
            bar("export", total, total)

        try:
            if out.suffix.lower() == ".csv":
                with out.open("w", encoding="utf-8-sig", newline="") as f:
                    writer = csv.writer(f)
                    writer.writerow(excel.HEADERS)
                    writer.writerows([csv_safe(v) for v in r] for r in rows())
            else:
                today = timezone.localdate()
                excel.write_members(
                    str(out),
                    rows(),
                    count=total,
                    title=f"DANH SÁCH ĐẢNG VIÊN {root.name.upper()}",
                    subtitle=f"Tính đến ngày {today:%d/%m/%Y}. Sửa rồi nhập lại tệp này để cập nhật "
                    "(đối chiếu theo số CCCD).",
                )
        except OSError as e:
            raise CommandError(f"Không ghi được tệp «{out}»: {e.strerror}.", returncode=2) from e
        finally:
            bar.close()
        self.stdout.write(f"Đã xuất {total} đảng viên của «{root.name}»: {out}")
