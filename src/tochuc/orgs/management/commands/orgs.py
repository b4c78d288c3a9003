"""`tochuc orgs [--under CODE] [--as-of YYYY-MM-DD] [--json]`: print the tree (an administrator's command);
without --under, every province's."""

from __future__ import annotations

import json
import os
import sys
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from tochuc.orgs.models import Org, OrgType
from tochuc.orgs.selectors import org_tree_system


def _parse_date(value: str) -> date:
    for parse in (date.fromisoformat, lambda v: date(*reversed([int(p) for p in v.split("/")]))):
        try:
            return parse(value.strip())
        except (ValueError, TypeError):
            continue
    raise CommandError(f"Ngày «{value}» không hợp lệ: nhập theo dạng YYYY-MM-DD (ví dụ 2026-01-31).")


def _fmt_int(n: int) -> str:
    return f"{n:,}".replace(",", ".")


class Command(BaseCommand):
    help = "In cây tổ chức đảng (mã, tên, loại, số đảng viên), hiện tại hoặc vào một ngày."

    def add_arguments(self, parser):
        parser.add_argument("--under", metavar="CODE", help="chỉ in cây dưới tổ chức có mã này (mặc định: gốc)")
        parser.add_argument("--as-of", metavar="YYYY-MM-DD", help="cây tổ chức như vào ngày này")
        parser.add_argument("--json", action="store_true", help="in danh sách JSON, mỗi tổ chức một dòng")

    def handle(self, *args, **options):
        under, as_of = options["under"], options["as_of"]
        on = _parse_date(as_of) if as_of else None
        if on is not None and on > timezone.localdate():
            raise CommandError("Ngày xem cây tổ chức không được sau ngày hôm nay.")
        roots = self._roots(under, on)
        rows = [row for root in roots for row in org_tree_system(root=root, as_of=on)]
        try:
            if options["json"]:
                self._print_json(rows)
            elif not rows:
                self.stdout.write(self._absent(roots[0], on))
            else:
                self._print_text(rows)
        except BrokenPipeError:
            # `tochuc orgs | head`: the reader has what it wanted; silence the final flush too.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())

    def _roots(self, code: str | None, on: date | None) -> list[Org]:
        """The org asked for, or every province (a database of the whole nation has one tree each)."""
        if code:
            root = Org.objects.select_related("parent").filter(code__iexact=code.strip()).first()
            if root is None:
                raise CommandError(f"Không có tổ chức đảng nào mang mã «{code}».")
            if on is None and not root.is_open:
                raise CommandError(
                    f"«{root.name}» đã kết thúc hoạt động ngày {root.closed_on:%d/%m/%Y}: "
                    f"dùng --as-of với một ngày trước đó để xem cây khi nó còn hoạt động."
                )
            return [root]
        tops = Org.objects.filter(parent__isnull=True).order_by("code")
        # On a day, the provinces of that day; none yet (a day before they were founded): today's, whose empty
        # trees then say when they were founded.
        roots = list(tops.open_on(on)) if on is not None else []
        roots = roots or list(tops.open())
        if not roots:
            raise CommandError("Chưa có tổ chức đảng nào. Chạy `tochuc seed-demo` để tạo dữ liệu dùng thử.")
        return roots

    @staticmethod
    def _absent(root: Org, on: date | None) -> str:
        if on is not None and on < root.opened_on:
            return f"«{root.name}» chưa thành lập vào ngày {on:%d/%m/%Y} (thành lập ngày {root.opened_on:%d/%m/%Y})."
        if root.closed_on is not None:
            return f"«{root.name}» đã kết thúc hoạt động ngày {root.closed_on:%d/%m/%Y}."
        return f"«{root.name}» không có trong cây tổ chức."

    def _print_json(self, rows) -> None:
        # A JSON list with one org per line: valid JSON that `head` and `grep` can still read.
        lines = [json.dumps(r.as_dict(), ensure_ascii=False) for r in rows]
        self.stdout.write("[\n" + ",\n".join(lines) + "\n]" if lines else "[]")

    def _print_text(self, rows) -> None:
        labels = dict(OrgType.choices)
        lines = [
            f"{'  ' * r.depth}{r.code}  {r.name}  ({labels.get(r.org_type, r.org_type)})  "
            f"{_fmt_int(r.members)} đảng viên"
            for r in rows
        ]
        members = sum(r.members for r in rows if r.depth == 0)
        lines.append(f"\n{_fmt_int(len(rows))} tổ chức, {_fmt_int(members)} đảng viên.")
        self.stdout.write("\n".join(lines))
