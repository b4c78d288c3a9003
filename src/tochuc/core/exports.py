"""Table exports shared by every module: .xlsx with a title block and styled header, or streamed .csv."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from io import BytesIO

from django.http import HttpResponse, StreamingHttpResponse

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# A cell whose text starts with one of these is read as a formula by spreadsheet programs: a member named
# '=HYPERLINK("http://...")' must come out as text, never as a live formula (CSV/formula injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value):
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def xlsx_text(ws, value):
    """A value for an openpyxl row: text starting with "=" is stored as text, not as a formula."""
    if isinstance(value, str) and value.startswith("="):
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(ws, value=value)
        cell.data_type = "s"
        return cell
    return value


def _style_header(cell) -> None:
    """The header row's look in every workbook: bold, shaded, centred, wrapped, framed."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin", color="999999")
    cell.font = Font(bold=True)
    cell.fill = PatternFill("solid", fgColor="F3DADA")
    cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)


def xlsx_head(ws, *, title: str, note: str, headers: Sequence[str]) -> None:
    """The first rows of a write-only sheet meant to be imported back: the title, an italic note, a blank row,
    then the header row (row 4: the importers read the data from row 5)."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    title_cell = WriteOnlyCell(ws, value=title)
    title_cell.font = Font(bold=True, size=13)
    ws.append([title_cell])
    note_cell = WriteOnlyCell(ws, value=note)
    note_cell.font = Font(italic=True)
    ws.append([note_cell])
    ws.append([])
    header = []
    for text in headers:
        cell = WriteOnlyCell(ws, value=text)
        _style_header(cell)
        header.append(cell)
    ws.append(header)


class _Echo:
    def write(self, value):
        return value


def xlsx_dropdown(ws, *, column: str, lists_sheet: str, source: str, count: int, title: str, first_row: int) -> None:
    """A drop-down on `column` of `ws` from row `first_row` down, its values the `count` cells under the header
    of column `source` on the (hidden) sheet `lists_sheet`; any other value is refused by Excel."""
    from openpyxl.worksheet.datavalidation import DataValidation

    dv = DataValidation(
        type="list",
        formula1=f"'{lists_sheet}'!${source}$2:${source}${count + 1}",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=title,
        error="Chọn một giá trị trong danh sách.",
    )
    dv.add(f"{column}{first_row}:{column}1048576")
    ws.data_validations.append(dv)


def csv_response(filename: str, headers: Sequence[str], rows: Iterable[Sequence]) -> StreamingHttpResponse:
    """Streamed CSV with a BOM, so that Excel opens the Vietnamese text as UTF-8."""
    writer = csv.writer(_Echo())
    lines = (writer.writerow([csv_safe(v) for v in r]) for r in [headers, *rows])
    response = StreamingHttpResponse(_with_bom(lines), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def _with_bom(lines):
    yield "\ufeff"
    yield from lines


def xlsx_response(
    filename: str,
    *,
    title: str,
    subtitle: str,
    headers: Sequence[str],
    rows: Iterable[Sequence],
    widths: Sequence[int] = (),
    sheet: str = "Danh sach",
) -> HttpResponse:
    """One sheet: a merged title and subtitle, a bold framed header row frozen in place, then the rows."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = sheet[:31]
    ncols = len(headers)
    last = get_column_letter(ncols)
    ws.append([title])
    ws.merge_cells(f"A1:{last}1")
    ws["A1"].font = Font(bold=True, size=13)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append([subtitle])
    ws.merge_cells(f"A2:{last}2")
    ws["A2"].font = Font(italic=True)
    ws["A2"].alignment = Alignment(horizontal="center")
    ws.append([])
    ws.append(list(headers))
    for cell in ws[4]:
        _style_header(cell)
    # Rows are counted and bounded here: `ws.max_row` and `ws[n]` scan every cell written so far, which made a
    # long export quadratic (8,000 rows took 23 s).
    for at, row in enumerate(rows, start=5):
        # Control characters (from data typed before the services refused them) cannot go into a sheet.
        ws.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row])
        for cell in next(ws.iter_rows(min_row=at, max_row=at, min_col=1, max_col=max(ncols, len(row)))):
            if cell.data_type == "f":  # text that looks like a formula stays text
                cell.data_type = "s"
    ws.freeze_panes = "A5"
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    buf = BytesIO()
    wb.save(buf)
    response = HttpResponse(buf.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
