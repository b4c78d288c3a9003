"""`tochuc generate [--members N] [--provinces P] [--seed S] [--today YYYY-MM-DD]`: a synthetic nation (the real
provinces and communes after 1/7/2025, N members with their history) in an empty database, for benchmarks.

Exit status 1, nothing written, when the database already holds members or orgs: make a new one
(DATABASE_URL), `tochuc migrate`, and run it again. Each province's members are committed as they are written,
so an interrupted run leaves the provinces done so far: start again on a new database.
"""

from __future__ import annotations

import argparse
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from tochuc.core.errors import DomainError
from tochuc.demo import national
from tochuc.demo.province import fmt_int
from tochuc.members.management.commands.import_members import ProgressBar
from tochuc.members.models import Member

MAX_MEMBERS = 10_000_000


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"ngày «{text}» phải viết theo dạng YYYY-MM-DD") from None


def _decimal(x: float, digits: int = 1) -> str:
    """12345.6 -> "12.345,6": the Vietnamese separators."""
    whole, _dot, fraction = f"{x:,.{digits}f}".partition(".")
    return whole.replace(",", ".") + (f",{fraction}" if fraction else "")


class Command(BaseCommand):
    help = (
        "Tạo dữ liệu tổng hợp quy mô toàn quốc vào một cơ sở dữ liệu trống: các tỉnh, thành phố và xã, phường, "
        "đặc khu thật sau ngày 01/7/2025, đảng viên với lịch sử sinh hoạt (để đo hiệu năng)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--members",
            type=int,
            default=national.DEFAULT_MEMBERS,
            help=f"tổng số đảng viên (mặc định {fmt_int(national.DEFAULT_MEMBERS)})",
        )
        parser.add_argument("--provinces", type=int, default=34, help="số tỉnh, thành phố, theo mã (mặc định 34)")
        parser.add_argument("--seed", type=int, default=1, help="hạt giống ngẫu nhiên: cùng hạt giống, cùng dữ liệu")
        parser.add_argument("--today", type=_day, help="ngày coi là hôm nay, YYYY-MM-DD (mặc định: hôm nay)")

    def handle(self, *args, members: int, provinces: int, seed: int, today: date | None, **options):
        if not 0 <= members <= MAX_MEMBERS:
            raise CommandError(f"Số đảng viên phải từ 0 đến {fmt_int(MAX_MEMBERS)}.")
        if Member._meta.db_table not in connection.introspection.table_names():
            raise CommandError("Cơ sở dữ liệu chưa có các bảng: chạy `tochuc migrate` trước.")
        bar = ProgressBar(self.stderr)
        try:
            f = national.generate_nation(members=members, provinces=provinces, seed=seed, today=today, progress=bar)
        except DomainError as e:
            raise CommandError(e.message) from e
        finally:
            bar.close()
        self.stdout.write(
            f"Đã tạo {f['provinces']} đảng bộ tỉnh, thành phố (hạt giống {seed}) trong cơ sở dữ liệu {f['database']}:"
        )
        for label, count, more in (
            ("Tổ chức đảng", f["orgs"], ""),
            ("Đảng viên", f["members"], f"  (đang sinh hoạt {fmt_int(f['active'])})"),
            ("Sự kiện đảng viên", f["events"], ""),
            ("Quá trình sinh hoạt", f["memberships"], ""),
        ):
            self.stdout.write(f"  {label + ':':<21}{fmt_int(count):>11}{more}")
        self.stdout.write(
            f"Thời gian: {_decimal(f['seconds'])} giây; {fmt_int(f['rows'])} dòng, "
            f"{fmt_int(round(f['rate']))} dòng/giây; dung lượng cơ sở dữ liệu: {_decimal(f['size_mb'])} MB."
        )
