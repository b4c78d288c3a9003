"""`tochuc report NAME --org CODE [--as-of D] [--from D --to D] --format html|xlsx|pdf|csv|json -o FILE`, and
`tochuc report --list`. Without --org the report covers the nation (the provinces as rows). With --user the
report runs with that user's scope, as in the pages; otherwise with the server's rights."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError

from tochuc.core.errors import DomainError
from tochuc.members.management.commands.import_members import acting_user, org_for
from tochuc.orgs.management.commands.orgs import _parse_date
from tochuc.reports import render
from tochuc.reports.catalog import REPORTS
from tochuc.reports.selectors import report_get, report_run


class Command(BaseCommand):
    help = "Lập báo cáo thống kê (tochuc report --list để xem các báo cáo)."

    def add_arguments(self, parser):
        parser.add_argument("name", nargs="?", metavar="NAME", help="tên báo cáo, ví dụ composition")
        parser.add_argument("--list", action="store_true", help="liệt kê các báo cáo")
        parser.add_argument("--org", metavar="CODE", help="tổ chức lập báo cáo (mặc định: toàn quốc)")
        parser.add_argument("--as-of", metavar="YYYY-MM-DD", help="số liệu tính đến ngày này (mặc định: hôm nay)")
        parser.add_argument("--from", dest="start", metavar="YYYY-MM-DD", help="ngày bắt đầu kỳ báo cáo")
        parser.add_argument("--to", dest="end", metavar="YYYY-MM-DD", help="ngày kết thúc kỳ báo cáo")
        parser.add_argument("--format", choices=render.FORMATS, default="json", help="định dạng (mặc định: json)")
        parser.add_argument("-o", "--output", metavar="FILE", help="ghi ra tệp (mặc định: in ra màn hình)")
        parser.add_argument("--user", metavar="USERNAME", help="lập với phạm vi của người dùng này")

    def handle(self, *args, **options):
        if options["list"]:
            width = max(len(name) for name in REPORTS)
            for name, report in REPORTS.items():
                period = "  [--from --to]" if report.period else ""
                self.stdout.write(f"{name:<{width}}  {report.title}{period}")
            return
        if not options["name"]:
            raise CommandError("Nhập tên báo cáo, hoặc --list để xem các báo cáo.", returncode=2)
        fmt = options["format"]
        if fmt in ("xlsx", "pdf") and not options["output"]:
            raise CommandError(f"Định dạng {fmt} cần -o TỆP.", returncode=2)
        user = acting_user(options["user"])
        try:
            report = report_get(options["name"])
            org = org_for(options["org"], user) if options["org"] else None
            result = report_run(
                actor=user,
                report=report,
                org=org,
                as_of=_parse_date(options["as_of"]) if options["as_of"] else None,
                start=_parse_date(options["start"]) if options["start"] else None,
                end=_parse_date(options["end"]) if options["end"] else None,
            )
        except DomainError as e:
            raise CommandError(e.message, returncode=2) from e
        data = render.render(result, fmt)
        if options["output"]:
            with open(options["output"], "wb") as f:
                f.write(data)
            self.stderr.write(f"Đã ghi {options['output']} ({len(data):,} byte).".replace(",", "."))
        else:
            sys.stdout.flush()
            self.stdout.flush()
            sys.stdout.buffer.write(data)
            if not data.endswith(b"\n"):
                sys.stdout.buffer.write(b"\n")
