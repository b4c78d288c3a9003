"""A report's result as the committee sends it: json (the documented shape), CSV, .xlsx in the official layout
(the committee's header, the title, merged two-level column headers, the signature block), and HTML/PDF (A4
landscape, Vietnamese fonts). Files are official documents: they are written in Vietnamese whatever the
language of the interface."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tochuc.core.exports import csv_safe
from tochuc.orgs.models import Org

from .engine import Result, Row

FORMATS = ("html", "xlsx", "pdf", "csv", "json")
CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
}


@dataclass
class HeaderCell:
    label: str
    colspan: int = 1
    rowspan: int = 1


def header(result: Result) -> tuple[list[HeaderCell], list[str]]:
    """The two header rows: a column without a group spans both; a run of columns sharing a group gets one
    merged cell above their own labels."""
    top: list[HeaderCell] = [HeaderCell(_("STT"), rowspan=2), HeaderCell(_("Đơn vị"), rowspan=2)]
    bottom: list[str] = []
    previous = None
    for column in result.columns:
        if not column.group:
            top.append(HeaderCell(str(column.label), rowspan=2))
            previous = None
            continue
        if previous is not None and previous.label == str(column.group):
            previous.colspan += 1
        else:
            previous = HeaderCell(str(column.group))
            top.append(previous)
        bottom.append(str(column.label))
    return top, bottom


def numbered(result: Result) -> list[tuple[str, Row]]:
    """The rows with their numbers (1, 2, ... for the data rows; nothing for subtotals and the total)."""
    out, n = [], 0
    for row in result.rows:
        if row.kind in ("subtotal", "total"):
            out.append(("", row))
        else:
            n += 1
            out.append((str(n), row))
    return out


def period_text(result: Result) -> str:
    ctx = result.context
    if result.report.period:
        return _("Từ ngày %(a)s đến ngày %(b)s") % {
            "a": ctx.start.strftime("%d/%m/%Y"),
            "b": ctx.end.strftime("%d/%m/%Y"),
        }
    return _("Tính đến ngày %(d)s") % {"d": ctx.as_of.strftime("%d/%m/%Y")}


@dataclass
class Letterhead:
    upper: str  # the level above the reporting org, or the Party for the nation
    issuer: str  # the reporting org
    place: str
    day: date


def letterhead(result: Result) -> Letterhead:
    org = result.org
    today = timezone.localdate()
    if org is None:
        return Letterhead(_("Ban Chấp hành Trung ương"), _("Ban Tổ chức Trung ương"), _("Hà Nội"), today)
    chain = [o for o in Org.objects.filter(path__in=org.ancestor_paths()).order_by("depth")]
    province = chain[0] if chain else org
    place = province.unit_name or province.name
    for prefix in ("Tỉnh ", "Thành phố ", "Đảng bộ tỉnh ", "Đảng bộ thành phố "):
        place = place.removeprefix(prefix)
    upper = org.parent.name if org.parent_id else _("Đảng Cộng sản Việt Nam")
    return Letterhead(upper, org.name, place, today)


def _value(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:.1f}".replace(".", ",")
    return f"{v:,}".replace(",", ".")


def to_json(result: Result) -> bytes:
    with translation.override("vi"):
        data = result.as_json()
        data["columns"] = [{**c, "label": str(c["label"]), "group": str(c["group"])} for c in data["columns"]]
        data["title"] = str(data["title"])
        for row in data["rows"]:
            row["label"] = str(row["label"])
    return json.dumps(data, ensure_ascii=False).encode()


def to_csv(result: Result) -> bytes:
    with translation.override("vi"):
        buf = io.StringIO()
        writer = csv.writer(buf)
        labels = [f"{c.group} – {c.label}" if c.group else str(c.label) for c in result.columns]
        writer.writerow([_("STT"), _("Mã"), _("Đơn vị"), *labels])
        for number, row in numbered(result):
            values = [row.values.get(c.key) for c in result.columns]
            writer.writerow([number, row.key, csv_safe(str(row.label)), *["" if v is None else v for v in values]])
    return ("\ufeff" + buf.getvalue()).encode()


def to_html(result: Result, *, for_pdf: bool = False) -> str:
    """The report as a standalone printable page (the CLI's html, and the PDF's source)."""
    with translation.override("vi"):
        top, bottom = header(result)
        return render_to_string(
            "reports/print.html",
            {
                "result": result,
                "head": letterhead(result),
                "period": period_text(result),
                "top": top,
                "bottom": bottom,
                "rows": [(n, r, [_value(r.values.get(c.key)) for c in result.columns]) for n, r in numbered(result)],
                "for_pdf": for_pdf,
            },
        )


def to_pdf(result: Result) -> bytes:
    from weasyprint import HTML

    return HTML(string=to_html(result, for_pdf=True)).write_pdf()


def to_xlsx(result: Result) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    with translation.override("vi"):
        head = letterhead(result)
        top, bottom = header(result)
        wb = Workbook()
        ws = wb.active
        ws.title = result.report.name[:31]
        ncols = 2 + len(result.columns)
        last = get_column_letter(ncols)
        half = max(2, ncols // 2)
        bold = Font(bold=True)
        center = Alignment(horizontal="center", vertical="center", wrap_text=True)

        def put(cell: str, value, *, font=None, merge_to: str | None = None, align=center):
            _text(ws[cell], value)
            if font is not None:
                ws[cell].font = font
            ws[cell].alignment = align
            if merge_to:
                ws.merge_cells(f"{cell}:{merge_to}")

        left_end, right_start = get_column_letter(half), get_column_letter(half + 1)
        put("A1", head.upper.upper(), merge_to=f"{left_end}1")
        put("A2", head.issuer.upper(), font=bold, merge_to=f"{left_end}2")
        put(f"{right_start}1", _("ĐẢNG CỘNG SẢN VIỆT NAM"), font=bold, merge_to=f"{last}1")
        day = head.day
        dated = _("%(place)s, ngày %(d)s tháng %(m)s năm %(y)s") % {
            "place": head.place, "d": f"{day.day:02d}", "m": f"{day.month:02d}", "y": day.year
        }  # fmt: skip
        put(f"{right_start}2", dated, font=Font(italic=True), merge_to=f"{last}2")
        if result.report.form:
            put(f"{right_start}3", _("Mẫu %(f)s") % {"f": result.report.form}, merge_to=f"{last}3")
        put("A5", str(result.report.title).upper(), font=Font(bold=True, size=14), merge_to=f"{last}5")
        put("A6", period_text(result), font=Font(italic=True), merge_to=f"{last}6")

        thin = Side(style="thin", color="000000")
        box = Border(left=thin, right=thin, top=thin, bottom=thin)
        first = 8
        col = 1
        for cell in top:
            letter = get_column_letter(col)
            end = get_column_letter(col + cell.colspan - 1)
            put(f"{letter}{first}", cell.label, font=bold, merge_to=f"{end}{first + cell.rowspan - 1}"
                if cell.colspan > 1 or cell.rowspan > 1 else None)  # fmt: skip
            col += cell.colspan
        col = 3
        labels = iter(bottom)
        for column in result.columns:
            if column.group:
                put(f"{get_column_letter(col)}{first + 1}", next(labels), font=bold)
            col += 1
        row_no = first + 2
        for number, row in numbered(result):
            strong = row.kind in ("subtotal", "total")
            ws.cell(row=row_no, column=1, value=int(number) if number else None).alignment = center
            label = _text(ws.cell(row=row_no, column=2), str(row.label))
            if strong:
                label.font = bold
            for i, column in enumerate(result.columns, start=3):
                value = row.values.get(column.key)
                cell = ws.cell(row=row_no, column=i, value=value)
                cell.number_format = "0.0" if isinstance(value, float) else "#,##0"
                if strong:
                    cell.font = bold
            row_no += 1
        for r in ws.iter_rows(min_row=first, max_row=row_no - 1, max_col=ncols):
            for cell in r:
                cell.border = box
        ws.column_dimensions["A"].width = 6
        ws.column_dimensions["B"].width = 40
        for i in range(3, ncols + 1):
            ws.column_dimensions[get_column_letter(i)].width = 11
        ws.row_dimensions[first + 1].height = 45
        ws.freeze_panes = ws.cell(row=first + 2, column=3)

        sign = row_no + 2
        put(f"A{sign}", _("NGƯỜI LẬP BIỂU"), font=bold, merge_to=f"{left_end}{sign}")
        put(f"{right_start}{sign}", _("T/M BAN THƯỜNG VỤ"), font=bold, merge_to=f"{last}{sign}")
        put(f"A{sign + 1}", _("(Ký, ghi rõ họ tên)"), font=Font(italic=True), merge_to=f"{left_end}{sign + 1}")
        put(f"{right_start}{sign + 1}", _("(Ký tên, đóng dấu)"), font=Font(italic=True),
            merge_to=f"{last}{sign + 1}")  # fmt: skip
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_title_rows = f"{first}:{first + 1}"
        buf = io.BytesIO()
        wb.save(buf)
    return buf.getvalue()


def _text(cell, value):
    """Text into a cell as text: an org named "=..." must not become a formula in the committee's file."""
    cell.value = value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"
    return cell


def render(result: Result, fmt: str) -> bytes:
    if fmt == "json":
        return to_json(result)
    if fmt == "csv":
        return to_csv(result)
    if fmt == "xlsx":
        return to_xlsx(result)
    if fmt == "pdf":
        return to_pdf(result)
    if fmt == "html":
        return to_html(result).encode()
    raise ValueError(fmt)


def filename(result: Result, fmt: str) -> str:
    org = result.org.code if result.org else "toan-quoc"
    return f"{result.report.name}-{org}-{result.context.as_of:%Y%m%d}.{fmt}"
