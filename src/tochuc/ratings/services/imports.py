"""Self-assessments filled in Excel: the officer exports a campaign's list, fills the scores, levels and task
figures of those who assessed themselves on paper, and uploads it. Every row is checked first; each refusal is
named by its row and column, in Vietnamese, and nothing is written unless every row passes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import IO, Any

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from tochuc.accounts.roles import Action
from tochuc.core.errors import DomainError
from tochuc.core.scope import require, root_path
from tochuc.core.spreadsheets import Workbook
from tochuc.core.text import fold

from ..choices import Form, Rating, Stage
from ..models import Campaign, Entry
from .campaigns import require_open
from .entries import entry_self_assess

# The export's headers this import reads (the list exported from the campaign's page imports back).
ID = "Mã dòng"
COLUMNS = {
    "Mẫu": "form",
    "Điểm tự chấm": "self_score",
    "Tự xếp loại": "self_level",
    "NV được giao": "tasks_total",
    "NV hoàn thành": "tasks_done",
    "NV đúng tiến độ": "tasks_on_time",
    "NV vượt yêu cầu": "tasks_exceeded",
}
HEADER_OF = {field: header for header, field in COLUMNS.items()}
SHORT = {"htxsnv": Rating.EXCELLENT, "httnv": Rating.GOOD, "htnv": Rating.COMPLETED, "khtnv": Rating.NOT_COMPLETED}
REQUIRED = ("Điểm tự chấm", "Tự xếp loại")
MAX_ROWS = 20_000


@dataclass(frozen=True)
class Problem:
    row: int  # the row number in the sheet (from 1, as Excel shows it)
    column: str
    message: str


class ImportRefused(DomainError):
    """Some rows were refused: `problems` names each by row and column; nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(
            _("Chưa ghi dòng nào: %(n)s lỗi trong tệp, sửa rồi tải lên lại.") % {"n": len(problems)}, field="file"
        )


def _level(value: Any) -> str | None:
    """A level as written in the sheet: its full name or its short one (HTXSNV ...), with or without marks."""
    text = fold(" ".join(str(value).split()))
    if text in SHORT:
        return SHORT[text]
    for level in Rating:
        if fold(str(level.label)) == text:
            return level.value
    return None


def _whole(value: Any) -> int | None:
    if value in ("", None):
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = str(value).strip()
    if text.isascii() and text.isdigit():
        return int(text)
    raise ValueError(value)


def _header(rows: list[list[Any]]) -> tuple[int, dict[str, int]]:
    """The header row's index and each known column's index."""
    # The export writes its headers in the user's language: read a file exported in English as well.
    with translation.override("en"):
        english = {str(gettext(name)): name for name in (ID, *COLUMNS)}
    for i, row in enumerate(rows[:20]):
        cells = [english.get(c, c) for c in (str(c).strip() for c in row)]
        if ID in cells:
            # Without the score and the level every row would read as "nothing filled": say so instead.
            missing = [name for name in REQUIRED if name not in cells]
            if missing:
                raise DomainError(
                    _("Tệp thiếu cột %(c)s: dùng tệp xuất từ danh sách của đợt đánh giá, không đổi tên cột.")
                    % {"c": ", ".join(f"«{_(name)}»" for name in missing)},
                    field="file",
                )
            return i, {name: cells.index(name) for name in (ID, *COLUMNS) if name in cells}
    raise DomainError(
        _("Không thấy cột «%(c)s»: dùng tệp xuất từ danh sách của đợt đánh giá (nút «Xuất Excel»).") % {"c": ID},
        field="file",
    )


@transaction.atomic
def self_scores_import(*, actor, campaign: Campaign, file: IO[bytes], self_on: date | None) -> int:
    """Record the self-assessments of the filled rows of an exported list (a row without a score and a level is
    skipped). Returns how many entries were written; raises ImportRefused naming every bad row and column."""
    if actor is not None:
        require(actor, Action.EDIT)
    require_open(campaign)  # once for the file, not once for each of its rows
    if self_on is None:
        raise DomainError(_("Nhập ngày tự đánh giá."), field="self_on")
    book = Workbook(file)
    if not book.sheet_names:
        raise DomainError(_("Tệp không có trang tính nào."), field="file")
    sheet = book.sheet_names[0]
    rows = book.rows(sheet)
    start, index = _header(rows)
    formulas = book.formula_cells(sheet)
    problems: list[Problem] = []
    wanted: list[tuple[int, int, dict[str, Any]]] = []
    first_row: dict[int, int] = {}  # entry id -> the row it was first read on
    for i, row in enumerate(rows[start + 1 :], start=start + 2):
        if len(wanted) > MAX_ROWS:
            raise DomainError(_("Tệp quá %(n)s dòng: chia thành nhiều tệp.") % {"n": MAX_ROWS}, field="file")

        def cell(name: str, row=row) -> Any:
            j = index.get(name)
            return row[j] if j is not None and j < len(row) else ""

        if cell("Điểm tự chấm") in ("", None) and cell("Tự xếp loại") in ("", None):
            continue
        for j in formulas.get(i, []):
            names = [n for n, k in index.items() if k == j]
            if names:
                problems.append(
                    Problem(i, names[0], _("Ô có công thức: chép giá trị (dán giá trị) thay cho công thức."))
                )
        try:
            pk = _whole(cell(ID))
        except ValueError:
            pk = None
        if pk is None:
            problems.append(Problem(i, ID, _("Thiếu hoặc sai mã dòng: không sửa cột này trong tệp xuất.")))
            continue
        if pk in first_row:  # two rows for one entry: which of them stands would be a guess
            problems.append(
                Problem(i, ID, _("Mã dòng %(n)s trùng với dòng %(r)s: mỗi trường hợp chỉ ghi một dòng.")
                        % {"n": pk, "r": first_row[pk]})
            )  # fmt: skip
            continue
        first_row[pk] = i
        values: dict[str, Any] = {"self_score": cell("Điểm tự chấm")}
        level = _level(cell("Tự xếp loại"))
        if level is None:
            problems.append(
                Problem(i, "Tự xếp loại", _("Ghi một trong bốn mức, ví dụ «Hoàn thành tốt nhiệm vụ» hoặc HTTNV."))
            )
        values["self_level"] = level
        form = str(cell("Mẫu") or "").strip().upper()
        if form:
            if form not in Form.values:
                problems.append(Problem(i, "Mẫu", _("Mẫu là 01, 2A, 2B hoặc 2C.")))
            values["form"] = form
        for header in ("NV được giao", "NV hoàn thành", "NV đúng tiến độ", "NV vượt yêu cầu"):
            if header in index:
                try:
                    values[COLUMNS[header]] = _whole(cell(header))
                except ValueError:
                    problems.append(Problem(i, header, _("Ghi số nguyên từ 0 trở lên.")))
        wanted.append((i, pk, values))
    root = root_path(actor) if actor is not None else ""
    entries = Entry.objects.select_related("org", "member").filter(
        campaign=campaign, pk__in=[pk for _i, pk, _v in wanted]
    )
    if root is None:
        entries = entries.none()
    elif root:
        entries = entries.filter(org__path__under=root)
    by_pk = {e.pk: e for e in entries}
    refused = {p.row for p in problems}  # rows already refused on a column: their values are not tried
    written = 0
    for i, pk, values in wanted:
        entry = by_pk.get(pk)
        if entry is None:
            problems.append(
                Problem(i, ID, _("Mã dòng %(n)s không thuộc danh sách đợt này trong phạm vi quản lý.") % {"n": pk})
            )
            continue
        if entry.stage not in (Stage.PENDING, Stage.SELF):
            problems.append(Problem(i, "Tự xếp loại", _("Đã thẩm định: không nhập lại tự đánh giá.")))
            continue
        if i in refused:
            continue
        try:
            with transaction.atomic():
                entry_self_assess(actor=actor, entry=entry, self_on=self_on, **values)
        except DomainError as e:
            if e.field == "self_on":
                raise  # the day given for the whole file
            problems.append(Problem(i, HEADER_OF.get(e.field or "", _("Dòng")), e.message))
        else:
            written += 1
    if problems:
        raise ImportRefused(sorted(problems, key=lambda p: (p.row, p.column)))
    if not written:
        raise DomainError(
            _("Tệp không có dòng nào đã điền «Điểm tự chấm» và «Tự xếp loại»: chưa có gì để ghi."), field="file"
        )
    return written
