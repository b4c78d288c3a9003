"""The member list as a spreadsheet: one layout (the template's columns) for the import template, for exports
and for the file of rejected rows, so that an exported file, edited, imports back.

Reading checks each cell on its own (required, dates, lists, formulas, lengths) and reports problems by row
and column in Vietnamese; the checks that need the database or a whole row live in `services.imports`.
Dates are written as dd/mm/yyyy text, and the citizen ID and card columns are text, so that Excel keeps
leading zeros and never reads 05/12 as 12 May in an English locale.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import IO, Any

from django.utils import translation
from django.utils.translation import gettext as _

from tochuc.core import spreadsheets
from tochuc.core.errors import DomainError
from tochuc.core.exports import xlsx_dropdown, xlsx_head, xlsx_text
from tochuc.core.text import fold

from .choices import (
    ETHNIC_GROUP_CHOICES,
    RELIGION_CHOICES,
    AcademicTitle,
    Education,
    Occupation,
    Qualification,
    Sex,
    StateManagementLevel,
    TheoryLevel,
)

MAX_BYTES = 10 * 1024 * 1024  # an upload larger than this is refused before it is parsed
SHEET = "Dang vien"
LISTS_SHEET = "Danh muc"
HEADER_ROW = 4  # title, instructions, a blank row, then the headers: data rows start at row 5
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

Progress = Callable[[int, int | None], None]
FORMULA = "="  # what a formula cell reads as: a text starting with "=", refused as a formula


@dataclass(frozen=True)
class Column:
    key: str  # the Member field ("org" = the code of the org where the member is active); "" = not read
    header: str
    kind: str = "text"  # text, date, choice, citizen_id, digits, org, info
    required: bool = False
    max_length: int = 0
    width: int = 16
    aliases: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        """The header as the template shows it: required columns are marked (*)."""
        return f"{self.header} (*)" if self.required else self.header


COLUMNS: tuple[Column, ...] = (
    Column("", "STT", "info", width=6),
    Column("full_name", "Họ và tên", required=True, max_length=150, width=26, aliases=("Họ tên",)),
    Column("other_names", "Tên gọi khác", max_length=150),
    Column("sex", "Giới tính", "choice", required=True, width=9),
    Column("birth_date", "Ngày sinh", "date", required=True, width=12),
    Column("birth_place", "Nơi sinh", max_length=255, width=22),
    Column("home_town", "Quê quán", max_length=255, width=22),
    Column("residence", "Nơi thường trú", max_length=255, width=26),
    Column("citizen_id", "Số CCCD", "citizen_id", required=True, width=15,
           aliases=("CCCD", "Số căn cước", "Số căn cước công dân", "Số định danh cá nhân")),
    Column("ethnic_group", "Dân tộc", "choice", width=12),
    Column("religion", "Tôn giáo", "choice", width=12),
    Column("education", "Giáo dục phổ thông", "choice", width=18),
    Column("qualification", "Chuyên môn, nghiệp vụ", "choice", width=18, aliases=("Trình độ chuyên môn",)),
    Column("qualification_field", "Chuyên ngành", max_length=150),
    Column("academic_title", "Học hàm", "choice", width=12),
    Column("theory_level", "Lý luận chính trị", "choice", width=16),
    Column("state_management", "Quản lý nhà nước", "choice", width=18),
    Column("foreign_language", "Ngoại ngữ", max_length=100),
    Column("it_level", "Tin học", max_length=100),
    Column("occupation", "Nghề nghiệp", "choice", width=22),
    Column("work_unit", "Đơn vị công tác", max_length=255, width=24),
    Column("position", "Chức vụ", max_length=150),
    Column("admitted_on", "Ngày vào Đảng", "date", required=True, width=13),
    Column("ceremony_on", "Ngày lễ kết nạp", "date", width=13),
    Column("official_on", "Ngày chính thức", "date", width=13),
    Column("card_number", "Số thẻ đảng viên", "digits", width=14, aliases=("Số thẻ",)),
    Column("card_issued_on", "Ngày cấp thẻ", "date", width=13),
    Column("dossier_number", "Số lý lịch", max_length=20, width=12),
    Column("badge_number", "Số huy hiệu", max_length=20, width=12),
    Column("org", "Mã tổ chức", "org", width=14, aliases=("Mã chi bộ", "Mã tổ chức sinh hoạt")),
    Column("", "Tên tổ chức (không cần nhập)", "info", width=32),
    Column("", "Trạng thái (không cần nhập)", "info", width=12),
)  # fmt: skip
COLUMN = {c.key: c for c in COLUMNS if c.key}
HEADERS = [c.title for c in COLUMNS]
TEXT_KINDS = ("date", "citizen_id", "digits")  # columns formatted as text in the workbook

_CHOICES: dict[str, Callable[[], list[tuple[str, Any]]]] = {
    "sex": lambda: Sex.choices,
    "ethnic_group": lambda: ETHNIC_GROUP_CHOICES,
    "religion": lambda: RELIGION_CHOICES,
    "education": lambda: Education.choices,
    "qualification": lambda: Qualification.choices,
    "academic_title": lambda: AcademicTitle.choices,
    "theory_level": lambda: TheoryLevel.choices,
    "state_management": lambda: StateManagementLevel.choices,
    "occupation": lambda: Occupation.choices,
}


def choice_labels(key: str) -> list[tuple[str, str]]:
    """(code, Vietnamese label) of a choice column, whatever the language of the request."""
    with translation.override("vi"):
        return [(code, str(label)) for code, label in _CHOICES[key]()]


def _choice_lookup() -> dict[str, dict[str, str]]:
    """Label, code or their folded forms -> code, for every choice column: "Nữ", "nu" and "female" all read as
    female. The exact label is looked up first: a list filled from the template's drop-downs needs no folding."""
    out: dict[str, dict[str, str]] = {}
    for key in _CHOICES:
        table: dict[str, str] = {}
        for code, label in choice_labels(key):
            table.setdefault(fold(code), code)
            table[fold(label)] = code
        for code, label in choice_labels(key):
            table.setdefault(label, code)
        out[key] = table
    return out


# --- Problems -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """A refusal (or a notice) about one cell, one row, or the whole file."""

    row: int | None
    column: str | None  # the column's header, without the (*) mark
    message: str

    def __str__(self) -> str:
        if self.row is None:
            return self.message
        if self.column is None:
            return _("Dòng %(row)s: %(msg)s") % {"row": self.row, "msg": self.message}
        return _("Dòng %(row)s, cột «%(col)s»: %(msg)s") % {"row": self.row, "col": self.column, "msg": self.message}


@dataclass
class SheetRow:
    """A data row: the values read (by Member field), the cells as the file had them, and its problems."""

    number: int
    values: dict[str, Any]
    cells: dict[str, Any]
    problems: list[Problem] = field(default_factory=list)

    def refuse(self, key: str | None, message: str) -> None:
        self.problems.append(Problem(self.number, COLUMN[key].header if key else None, message))


@dataclass
class Sheet:
    rows: list[SheetRow]
    keys: frozenset[str]  # the Member fields the file has a column for


# --- Reading --------------------------------------------------------------------------------------------

_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def _size(file: IO[bytes]) -> int:
    size = getattr(file, "size", None)
    if size is None:
        pos = file.tell()
        file.seek(0, io.SEEK_END)
        size = file.tell()
        file.seek(pos)
    return size


def read_members(
    file: IO[bytes], *, name: str = "", max_bytes: int | None = MAX_BYTES, progress: Progress | None = None
) -> Sheet:
    """Read a member list (.xlsx, or .csv in UTF-8) and check every cell. Problems of the whole file (too big,
    not a spreadsheet, no header row, a required column missing) raise DomainError(field="file")."""
    size = _size(file)
    if max_bytes is not None and size > max_bytes:
        raise DomainError(
            _("Tệp %(size)s MB, quá giới hạn %(max)s MB: chia danh sách thành nhiều tệp nhỏ hơn.")
            % {"size": f"{size / 1024 / 1024:.1f}".replace(".", ","), "max": max_bytes // (1024 * 1024)},
            field="file",
        )
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    lower = name.lower()
    rows: Iterable[Sequence[Any]]
    if head.startswith(b"PK\x03\x04"):
        rows, total = _xlsx_rows(file)
    elif lower.endswith(".csv"):
        rows, total = _csv_rows(file), None
    elif head.startswith(b"\xd0\xcf\x11\xe0") or lower.endswith(".xls"):
        raise DomainError(
            _("Tệp Excel 97-2003 (.xls) không đọc được: mở tệp bằng Excel và lưu lại dưới dạng .xlsx."), field="file"
        )
    else:
        raise DomainError(_("Tệp không phải bảng tính .xlsx: dùng tệp mẫu tải từ trang nhập danh sách."), field="file")
    return _read(iter(rows), total, progress)


def _xlsx_rows(file: IO[bytes]) -> tuple[list[list[Any]], int]:
    book = spreadsheets.Workbook(file)
    names = [n for n in book.sheet_names if n != LISTS_SHEET]
    if not names:
        raise DomainError(_("Tệp không có trang danh sách đảng viên."), field="file")
    rows = book.rows(names[0])
    # A formula's cached value is what the reader gives: mark the cell so that it is refused, not imported.
    for number, columns in book.formula_cells(names[0]).items():
        rows.extend([] for _i in range(number - len(rows)))
        row = rows[number - 1]
        row.extend("" for _i in range(max(columns) + 1 - len(row)))
        for i in columns:
            row[i] = FORMULA
    return rows, len(rows)


def _csv_rows(file: IO[bytes]) -> Iterator[tuple]:
    text = io.TextIOWrapper(file, encoding="utf-8-sig", newline="")
    try:
        sample = text.read(4096)
        text.seek(0)
        try:
            dialect = csv.Sniffer().sniff(sample, delimiters=",;\t") if sample else csv.excel
        except csv.Error:
            dialect = csv.excel
        for row in csv.reader(text, dialect):
            yield tuple(v if v != "" else None for v in row)
    except UnicodeDecodeError as e:
        raise DomainError(_("Tệp CSV phải lưu với bảng mã UTF-8."), field="file") from e
    finally:
        text.detach()  # the caller owns the file


def _header_key(text: Any) -> str:
    return fold(str(text).replace("(*)", "").replace("*", "")) if text is not None else ""


_BY_HEADER = {fold(a): c for c in COLUMNS if c.key for a in (c.header, *c.aliases)}


def _read(rows: Iterator[tuple], total: int | None, progress: Progress | None) -> Sheet:
    header_at, layout = None, []
    for number, row in enumerate(rows, start=1):
        layout = _layout(row)
        if any(c.key == "full_name" for _i, c in layout):
            header_at = number
            break
        if number >= 10:
            break
    if header_at is None:
        raise DomainError(
            _("Không tìm thấy dòng tiêu đề (có cột «Họ và tên») trong 10 dòng đầu: dùng tệp mẫu."), field="file"
        )
    keys = frozenset(c.key for _i, c in layout)
    missing = [c.header for c in COLUMNS if c.required and c.key not in keys]
    if missing:
        raise DomainError(
            _("Tệp thiếu cột %(cols)s: dùng tệp mẫu.") % {"cols": ", ".join(f"«{m}»" for m in missing)}, field="file"
        )
    lookup = _choice_lookup()
    readers = [(c.key, c.required, _reader(c, lookup)) for _i, c in layout]
    empty, formula = _("không được để trống."), _("ô chứa công thức: nhập giá trị, không nhập công thức.")
    out: list[SheetRow] = []
    for number, row in enumerate(rows, start=header_at + 1):
        cells = {c.key: (row[i] if i < len(row) else None) for i, c in layout}
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in cells.values()):
            continue
        sheet_row = SheetRow(number, {}, cells)
        values = sheet_row.values
        for key, required, read in readers:
            raw = cells[key]
            if raw.__class__ is str:
                if raw.lstrip().startswith(FORMULA):
                    sheet_row.refuse(key, formula)
                    continue
                raw = " ".join(raw.split())
            if raw is None or raw == "":  # most cells of a list: only the required ones need a word
                if required:
                    sheet_row.refuse(key, empty)
                continue
            try:
                values[key] = read(raw)
            except ValueError as e:
                sheet_row.refuse(key, str(e))
        out.append(sheet_row)
        if progress is not None and number % 1000 == 0:
            progress(number, total)
    if not out:
        raise DomainError(_("Tệp không có dòng đảng viên nào dưới dòng tiêu đề."), field="file")
    if progress is not None:
        progress(total or header_at + len(out), total)
    return Sheet(out, keys)


def _layout(row: tuple) -> list[tuple[int, Column]]:
    seen: set[str] = set()
    layout = []
    for i, text in enumerate(row):
        column = _BY_HEADER.get(_header_key(text))
        if column is not None and column.key not in seen:
            seen.add(column.key)
            layout.append((i, column))
    return layout


def _reader(column: Column, lookup: dict[str, dict[str, str]]) -> Callable[[Any], Any]:
    """The check of one column's cells: a cell's value (text with its white space collapsed, or a number or a
    date as the workbook stores it) -> the field's value, or ValueError saying what is wrong."""
    kind = column.kind
    if kind == "date":
        return _date
    if kind == "choice":
        table = lookup[column.key]

        def choice(raw: Any) -> str:
            value = table.get(raw) if raw.__class__ is str else None
            if value is None:
                value = table.get(fold(_text(raw)))
            if value is None:
                raise ValueError(_("«%(v)s» không có trong danh mục (chọn trong danh sách của cột).") % {"v": raw})
            return value

        return choice
    if kind == "citizen_id":
        return functools.partial(_digits, width=12)
    if kind == "digits":

        def card(raw: Any) -> str:
            value = _digits(raw)
            if not value.isdigit() or not 6 <= len(value) <= 12:
                raise ValueError(_("số thẻ đảng viên gồm 6 đến 12 chữ số."))
            return value

        return card
    limit = column.max_length

    def text(raw: Any) -> str:
        value = raw if raw.__class__ is str else _text(raw)
        if limit and len(value) > limit:
            raise ValueError(_("dài quá %(n)s ký tự.") % {"n": limit})
        return value

    return text


def _text(raw: Any) -> str:
    """A cell as text, its white space collapsed (cells that are text already were, by `_read`)."""
    if raw.__class__ is str:
        return raw
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, datetime | date):
        return raw.strftime("%d/%m/%Y")
    return " ".join(str(raw).split())


def _digits(raw: Any, *, width: int = 0) -> str:
    """A number kept as text. A cell Excel turned into a number lost its leading zeros: every citizen ID starts
    with a province code 0xx, so padding to 12 digits restores it."""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, int) and not isinstance(raw, bool):
        text = str(raw)
        return text.zfill(width) if width and len(text) < width else text
    return _text(raw).replace(" ", "")


def _date(raw: Any) -> date:
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    text = _text(raw)
    m = _DMY.match(text)
    ymd = (int(m[3]), int(m[2]), int(m[1])) if m else None
    if ymd is None and (m := _YMD.match(text)):
        ymd = (int(m[1]), int(m[2]), int(m[3]))
    if ymd is None:
        raise ValueError(_("«%(v)s» không phải ngày: nhập theo dạng dd/mm/yyyy, ví dụ 19/05/2010.") % {"v": text})
    try:
        value = date(*ymd)
    except ValueError:
        raise ValueError(_("ngày «%(v)s» không có thật.") % {"v": text}) from None
    if value.year < 1900:
        raise ValueError(_("ngày «%(v)s» không hợp lệ: năm phải từ 1900.") % {"v": text})
    return value


# --- Writing --------------------------------------------------------------------------------------------


def _fmt(value: date | None) -> str | None:
    return value.strftime("%d/%m/%Y") if value else None


def member_cells(member, number: int) -> list[Any]:
    """One member as a row of the template (the member's org selected with it)."""
    labels = _labels()
    cells: list[Any] = []
    for column in COLUMNS:
        key = column.key
        if not key:
            if column.header == "STT":
                cells.append(number)
            elif column.header.startswith("Tên tổ chức"):
                cells.append(member.org.name)
            else:
                cells.append(labels["status"].get(member.status, member.status))
            continue
        if key == "org":
            cells.append(member.org.code)
            continue
        value = getattr(member, key)
        if column.kind == "date":
            cells.append(_fmt(value))
        elif column.kind == "choice":
            cells.append(labels[key].get(value, value) or None)
        else:
            cells.append(value or None)
    return cells


@functools.cache
def _labels() -> dict[str, dict[str, str]]:
    from .choices import Status

    with translation.override("vi"):
        labels = {key: dict(choice_labels(key)) for key in _CHOICES}
        labels["status"] = {code: str(label) for code, label in Status.choices}
    labels["academic_title"][""] = ""  # "no title" stays an empty cell
    return labels


def write_members(
    out: IO[bytes] | str,
    rows: Iterable[Sequence[Any]],
    *,
    count: int = 0,
    title: str = "DANH SÁCH ĐẢNG VIÊN",
    subtitle: str = "",
    extra: Sequence[str] = (),
) -> None:
    """Write rows in the template's columns (plus `extra` columns at the end), with the choice lists on the
    hidden sheet "Danh muc". `count` (the number of rows, when known) lets readers size the sheet up front."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(SHEET)
    lists = wb.create_sheet(LISTS_SHEET)
    ncols = len(COLUMNS) + len(extra)
    # A sheet without its size makes openpyxl's reader walk the whole file once more before the first row.
    ws.calculate_dimension = lambda: f"A1:{get_column_letter(ncols)}{HEADER_ROW + max(count, 1)}"
    for i, column in enumerate(COLUMNS, start=1):
        dim = ws.column_dimensions[get_column_letter(i)]
        dim.width = column.width
        if column.kind in TEXT_KINDS:
            dim.number_format = "@"
    for i in range(len(extra)):
        ws.column_dimensions[get_column_letter(len(COLUMNS) + i + 1)].width = 60
    ws.freeze_panes = f"C{HEADER_ROW + 1}"

    # The lists: one column each on the hidden sheet, and a drop-down on the column of the main sheet.
    keys = [c.key for c in COLUMNS if c.kind == "choice"]
    values = {k: [label for _code, label in choice_labels(k)] for k in keys}
    lists.append([COLUMN[k].header for k in keys])
    for i in range(max(len(v) for v in values.values())):
        lists.append([values[k][i] if i < len(values[k]) else None for k in keys])
    lists.sheet_state = "hidden"
    for j, key in enumerate(keys, start=1):
        letter = get_column_letter(j)
        target = get_column_letter(next(i for i, c in enumerate(COLUMNS, start=1) if c.key == key))
        xlsx_dropdown(
            ws,
            column=target,
            lists_sheet=LISTS_SHEET,
            source=letter,
            count=len(values[key]),
            title=COLUMN[key].header,
            first_row=HEADER_ROW + 1,
        )
    cid = get_column_letter(next(i for i, c in enumerate(COLUMNS, start=1) if c.key == "citizen_id"))
    dv = DataValidation(
        type="textLength",
        operator="equal",
        formula1="12",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Số CCCD",
        error="Số CCCD gồm đúng 12 chữ số; nhập dạng văn bản để giữ số 0 ở đầu.",
    )
    dv.add(f"{cid}{HEADER_ROW + 1}:{cid}1048576")
    ws.data_validations.append(dv)

    xlsx_head(
        ws,
        title=title,
        note=subtitle
        or "Cột có dấu (*) bắt buộc. Ngày ghi dd/mm/yyyy. Cột có danh sách: chọn trong danh sách. "
        "Đảng viên đã có (cùng số CCCD) được cập nhật; ô để trống không xóa dữ liệu đã có.",
        headers=[*HEADERS, *extra],
    )
    for row in rows:
        ws.append([xlsx_text(ws, v) for v in row])
    wb.save(out)


def template_bytes() -> bytes:
    """The empty template: headers, the lists, the drop-downs."""
    buf = io.BytesIO()
    write_members(buf, [], title="MẪU NHẬP DANH SÁCH ĐẢNG VIÊN")
    return buf.getvalue()


def rejected_bytes(rows: Sequence[SheetRow]) -> bytes:
    """The refused rows as the file had them, each with its problems in a last column: fix and import again."""
    order = [c.key for c in COLUMNS]
    out_rows = []
    for i, row in enumerate(rows, start=1):
        cells = []
        for key in order:
            value = row.cells.get(key) if key else None
            if isinstance(value, datetime | date):
                value = value.strftime("%d/%m/%Y")
            cells.append(value)
        cells[0] = i
        out_rows.append([*cells, "; ".join(f"{p.column + ': ' if p.column else ''}{p.message}" for p in row.problems)
                         + f" (dòng {row.number} của tệp gốc)"])  # fmt: skip
    buf = io.BytesIO()
    write_members(
        buf,
        out_rows,
        count=len(out_rows),
        title="CÁC DÒNG KHÔNG NHẬP ĐƯỢC",
        subtitle="Sửa theo cột «Lỗi» rồi nhập lại tệp này.",
        extra=["Lỗi"],
    )
    return buf.getvalue()
