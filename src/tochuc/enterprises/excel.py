"""The enterprise register as a spreadsheet: one layout for the import template, the export and the reading of
an upload, so that an exported list, edited in Excel, imports back. Dates are dd/mm/yyyy text and the tax code
is text, so that Excel keeps its leading zeros."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import translation

from tochuc.core.exports import xlsx_dropdown, xlsx_head, xlsx_text

from .models import Enterprise, EnterpriseSector

SHEET = "Doanh nghiep"
LISTS_SHEET = "Danh muc"
HEADER_ROW = 4  # a title, a note, a blank row, then the headers
YES_NO = ("Có", "Không")


@dataclass(frozen=True)
class Column:
    key: str  # the field read ("" = shown, not read)
    header: str
    kind: str = "text"  # text, tax_code, sector, org, int, bool, date, info
    required: bool = False
    max_length: int = 0
    width: int = 14
    aliases: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        return f"{self.header} (*)" if self.required else self.header


COLUMNS: tuple[Column, ...] = (
    Column("", "STT", "info", width=6),
    Column("name", "Tên doanh nghiệp", required=True, max_length=255, width=40, aliases=("Tên", "Doanh nghiệp")),
    Column("tax_code", "Mã số thuế", "tax_code", width=15, aliases=("MST",)),
    Column("sector", "Loại hình", "sector", required=True, width=34, aliases=("Loại hình doanh nghiệp",)),
    Column("org", "Mã địa bàn", "org", width=14, aliases=("Mã tổ chức đảng địa bàn", "Mã xã")),
    Column("", "Tên địa bàn (không cần nhập)", "info", width=30),
    Column("address", "Địa chỉ", max_length=255, width=34),
    Column("employees", "Số lao động", "int", width=11),
    Column("party_members", "Số đảng viên", "int", width=11),
    Column("party_org", "Mã tổ chức đảng của doanh nghiệp", "org", width=16),
    Column("", "Tên tổ chức đảng (không cần nhập)", "info", width=30),
    Column("party_org_since", "Có tổ chức đảng từ ngày", "date", width=13),
    Column("has_trade_union", "Có công đoàn", "bool", width=10),
    Column("trade_union_members", "Số đoàn viên công đoàn", "int", width=12),
    Column("has_youth_union", "Có đoàn thanh niên", "bool", width=10),
    Column("youth_union_members", "Số đoàn viên thanh niên", "int", width=12),
    Column("surveyed_on", "Số liệu tính đến ngày", "date", width=13),
    Column("note", "Ghi chú", max_length=2000, width=30),
)  # fmt: skip
COLUMN = {c.key: c for c in COLUMNS if c.key}
HEADERS = [c.title for c in COLUMNS]
TEXT_KINDS = ("tax_code", "date", "org")


def sector_labels() -> list[tuple[str, str]]:
    """(code, Vietnamese label), whatever the language of the request."""
    with translation.override("vi"):
        return [(code, str(label)) for code, label in EnterpriseSector.choices]


def _fmt(value: date | None) -> str | None:
    return value.strftime("%d/%m/%Y") if value else None


def enterprise_cells(e: Enterprise, number: int) -> list[Any]:
    """One enterprise as a row of the layout (`org` and `party_org` selected with it)."""
    sectors = dict(sector_labels())
    return [
        number,
        e.name,
        e.tax_code,
        sectors.get(e.sector, e.sector),
        e.org.code,
        e.org.name,
        e.address or None,
        e.employees,
        e.party_members,
        e.party_org.code if e.party_org else None,
        e.party_org.name if e.party_org else None,
        _fmt(e.party_org_since),
        YES_NO[0] if e.has_trade_union else YES_NO[1],
        e.trade_union_members if e.has_trade_union else None,
        YES_NO[0] if e.has_youth_union else YES_NO[1],
        e.youth_union_members if e.has_youth_union else None,
        _fmt(e.surveyed_on),
        e.note or None,
    ]


def write_workbook(
    out: io.BytesIO, rows: Iterable[Sequence[Any]], *, title: str, subtitle: str = "", extra: Sequence[str] = ()
) -> None:
    """Rows in the layout's columns (plus `extra` at the end), with drop-downs for the sector and the yes/no
    columns (lists on the hidden sheet "Danh muc")."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(SHEET)
    lists = wb.create_sheet(LISTS_SHEET)
    for i, column in enumerate(COLUMNS, start=1):
        dim = ws.column_dimensions[get_column_letter(i)]
        dim.width = column.width
        if column.kind in TEXT_KINDS:
            dim.number_format = "@"
    for i in range(len(extra)):
        ws.column_dimensions[get_column_letter(len(COLUMNS) + i + 1)].width = 60
    ws.freeze_panes = f"C{HEADER_ROW + 1}"
    sectors = [label for _code, label in sector_labels()]
    lists.append(["Loại hình", "Có/Không"])
    for i in range(max(len(sectors), len(YES_NO))):
        lists.append([sectors[i] if i < len(sectors) else None, YES_NO[i] if i < len(YES_NO) else None])
    lists.sheet_state = "hidden"

    def letter(key: str) -> str:
        return get_column_letter(next(i for i, c in enumerate(COLUMNS, start=1) if c.key == key))

    for key, source, n in (
        ("sector", "A", len(sectors)),
        ("has_trade_union", "B", len(YES_NO)),
        ("has_youth_union", "B", len(YES_NO)),
    ):
        xlsx_dropdown(
            ws,
            column=letter(key),
            lists_sheet=LISTS_SHEET,
            source=source,
            count=n,
            title=COLUMN[key].header,
            first_row=HEADER_ROW + 1,
        )
    xlsx_head(
        ws,
        title=title,
        note=subtitle
        or "Cột có dấu (*) bắt buộc. Ngày ghi dd/mm/yyyy. Mã số thuế 10 chữ số (chi nhánh 13). Doanh nghiệp "
        "đã có (cùng mã số thuế) được cập nhật. «Mã địa bàn», «Mã tổ chức đảng»: mã tổ chức trong hệ thống.",
        headers=[*HEADERS, *extra],
    )
    for row in rows:
        ws.append([xlsx_text(ws, v) for v in row])
    wb.save(out)


def template_bytes() -> bytes:
    buf = io.BytesIO()
    write_workbook(buf, [], title="MẪU NHẬP DANH SÁCH DOANH NGHIỆP")
    return buf.getvalue()
