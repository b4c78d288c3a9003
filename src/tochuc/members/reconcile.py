"""Reconciliation with the national party-member database ("Phần mềm quản lý CSDL đảng viên" 3.0, the system of
record for member identity; DOMAIN.md §6.3): read a member list exported from it (.xlsx or .csv) and report, for
one org's subtree, who matches, who differs in which field, and who is on one side only. Read-only.

**The export format is UNCONFIRMED** (no public manual or sample was found). So the reader looks for a header
row among the first rows of each sheet and recognizes columns by name, without diacritics or case, from
`COLUMNS` below; any column can be renamed for one run (`mapping`, or "Tên cột" on the web page, one
`field = header` a line). A header row needs the citizen ID or the card number column. Other columns are
ignored (STT, quê quán ...); a column missing from the file is not compared.

| field          | default header        | also recognized                                                          |
|----------------|-----------------------|--------------------------------------------------------------------------|
| `full_name`    | Họ và tên             | Họ tên, Họ và tên khai sinh, Tên đảng viên                               |
| `birth_date`   | Ngày sinh             | Ngày tháng năm sinh, Ngày, tháng, năm sinh                               |
| `sex`          | Giới tính             | Nam/Nữ                                                                   |
| `citizen_id`   | Số CCCD               | CCCD, Số căn cước, Số căn cước công dân, Số định danh cá nhân, CMND/CCCD |
| `card_number`  | Số thẻ đảng viên      | Số thẻ, Số thẻ đảng, Số thẻ ĐV                                           |
| `admitted_on`  | Ngày vào Đảng         | Ngày kết nạp, Ngày vào Đảng CSVN                                         |
| `official_on`  | Ngày chính thức       | Ngày công nhận chính thức, Ngày chính thức vào Đảng                      |
| `org_name`     | Chi bộ                | Chi bộ sinh hoạt, Nơi sinh hoạt, Tổ chức đảng (shown, not compared)      |

Values: dates as Excel dates or text dd/mm/yyyy (also d-m-yyyy, d.m.yyyy, yyyy-mm-dd); sex as Nam/Nữ; a citizen
ID of 10 or 11 digits gets back the leading zeros a spreadsheet drops (every province code starts with 0); card
numbers are compared without leading zeros. Names are compared ignoring case and spacing, not diacritics.

Matching: a row is matched by citizen ID, else by card number, against every record under the org (ended ones
too: such a match reports the status). Our active members left unmatched are "only in our records"; unmatched
rows are "only in the file", with a note when the person is recorded elsewhere in the user's scope.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import QuerySet

from tochuc.core import spreadsheets
from tochuc.core.errors import DomainError
from tochuc.core.scope import scope
from tochuc.core.text import fold
from tochuc.orgs.models import Org

from .choices import ACTIVE_STATUSES, Sex
from .models import Member
from .rules import citizen_id_problem

MAX_FILE_BYTES = 10 * 1024 * 1024
HEADER_SEARCH_ROWS = 30  # a title block (tên đơn vị, tiêu đề, ngày lập) may stand above the header row

# field -> (label in our records, the headers recognized by default, the first being the documented default)
COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "full_name": ("Họ và tên", ("Họ và tên", "Họ tên", "Họ và tên khai sinh", "Tên đảng viên")),
    "birth_date": ("Ngày sinh", ("Ngày sinh", "Ngày tháng năm sinh", "Ngày, tháng, năm sinh")),
    "sex": ("Giới tính", ("Giới tính", "Nam/Nữ")),
    "citizen_id": (
        "Số CCCD",
        ("Số CCCD", "CCCD", "Số căn cước", "Số căn cước công dân", "Số định danh cá nhân", "CMND/CCCD", "Số CMND/CCCD"),
    ),
    "card_number": ("Số thẻ đảng viên", ("Số thẻ đảng viên", "Số thẻ", "Số thẻ đảng", "Số thẻ ĐV")),
    "admitted_on": ("Ngày vào Đảng", ("Ngày vào Đảng", "Ngày kết nạp", "Ngày vào Đảng CSVN")),
    "official_on": ("Ngày chính thức", ("Ngày chính thức", "Ngày công nhận chính thức", "Ngày chính thức vào Đảng")),
    "org_name": ("Chi bộ", ("Chi bộ", "Chi bộ sinh hoạt", "Nơi sinh hoạt", "Tổ chức đảng")),
}
COMPARED = ("full_name", "birth_date", "sex", "citizen_id", "card_number", "admitted_on", "official_on")
DATE_FIELDS = ("birth_date", "admitted_on", "official_on")
IDENTITY = ("citizen_id", "card_number")


def default_headers() -> dict[str, str]:
    """field -> the header expected by default (shown on the page and in the template of a mapping)."""
    return {name: aliases[0] for name, (_label, aliases) in COLUMNS.items()}


def _key(header: Any) -> str:
    """A header as compared: without diacritics, case, punctuation around it, or marks like "(*)"."""
    text = fold(str(header or ""))
    text = re.sub(r"\(\s*\*\s*\)|\*", "", text)
    return " ".join(text.strip(" :.-_").split())


def parse_mapping(text: str) -> dict[str, str]:
    """The web form's "Tên cột": one `field = header` a line, `field` being a key of COLUMNS or its Vietnamese
    label ("Số CCCD = Số định danh cá nhân"). Raises DomainError naming the line."""
    by_name = {}
    for name, (label, _aliases) in COLUMNS.items():
        by_name[_key(name)] = name
        by_name[_key(label)] = name
    mapping: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        left, sep, right = line.partition("=")
        if not sep or not right.strip():
            raise DomainError(f"Dòng {number} của phần tên cột: ghi theo dạng «Số CCCD = tên cột trong tệp».")
        name = by_name.get(_key(left))
        if name is None:
            known = ", ".join(label for label, _a in COLUMNS.values())
            raise DomainError(
                f"Dòng {number} của phần tên cột: «{left.strip()}» không phải trường đối chiếu ({known})."
            )
        mapping[name] = right.strip()
    return mapping


# --- Reading the file -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowProblem:
    row: int
    column: str
    message: str


@dataclass
class FileRow:
    row: int  # the row (line) number in the file, as a spreadsheet shows it
    values: dict[str, Any]

    def get(self, name: str) -> Any:
        return self.values.get(name)


@dataclass
class MemberList:
    """A list read from a file: the columns found (field -> header as written), the rows, what could not be read."""

    columns: dict[str, str]
    rows: list[FileRow]
    problems: list[RowProblem] = field(default_factory=list)
    sheet: str = ""


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(unicodedata.normalize("NFC", str(value)).split())


def normalize_citizen_id(value: Any) -> str:
    """Digits only; the leading zeros a spreadsheet dropped are restored (every province code starts with 0)."""
    text = _text(value).lstrip("'")
    compact = re.sub(r"[\s.\-]", "", text)
    if compact.isdigit() and len(compact) in (10, 11):
        return compact.zfill(12)
    return compact


def card_key(value: Any) -> str:
    """A card number as matched: text without spaces or leading zeros (a spreadsheet may have dropped them)."""
    compact = re.sub(r"\s", "", _text(value).lstrip("'"))
    return compact.lstrip("0") or compact


_DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%Y-%m-%d %H:%M:%S")


def parse_date(value: Any) -> date | None:
    """A date from a cell: a date, a datetime, an Excel serial number or text; None when empty. ValueError when
    the value is not a date."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        # Excel's serial days (1900 date system); a bare year such as 1985 is not a date.
        if 2200 < value < 2958466:
            return date(1899, 12, 30) + timedelta(days=int(value))
        raise ValueError(str(value))
    text = _text(value)
    if not text:
        return None
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def parse_sex(value: Any) -> str | None:
    key = fold(_text(value))
    if not key:
        return None
    if key in ("nam", "male", "m"):
        return Sex.MALE
    if key in ("nu", "female", "f"):
        return Sex.FEMALE
    raise ValueError(_text(value))


def _find_columns(row: Sequence[Any], mapping: Mapping[str, str]) -> dict[str, int]:
    wanted: dict[str, str] = {}  # header key -> field
    for name, (_label, aliases) in COLUMNS.items():
        for alias in (mapping[name],) if name in mapping else aliases:
            wanted.setdefault(_key(alias), name)
    found: dict[str, int] = {}
    for index, cell in enumerate(row):
        name = wanted.get(_key(cell))
        if name and name not in found:
            found[name] = index
    return found


def _is_header(found: Mapping[str, int]) -> bool:
    return any(f in found for f in IDENTITY) and len(found) >= 2


def _read_rows(table: Iterable[tuple[int, Sequence[Any]]], mapping: Mapping[str, str]) -> MemberList | None:
    """The list in one table of (row number, cells), or None when no header row is found in it."""
    rows = iter(table)
    columns: dict[str, int] | None = None
    header: Sequence[Any] = ()
    for number, cells in rows:
        found = _find_columns(cells, mapping)
        if _is_header(found):
            columns, header = found, cells
            break
        if number >= HEADER_SEARCH_ROWS:
            return None
    if columns is None:
        return None
    result = MemberList(columns={name: _text(header[i]) for name, i in columns.items()}, rows=[])
    for number, cells in rows:
        raw = {name: cells[i] if i < len(cells) else None for name, i in columns.items()}
        if all(_text(v) == "" for v in raw.values()):
            continue
        values: dict[str, Any] = {}
        for name, value in raw.items():
            try:
                if name in DATE_FIELDS:
                    values[name] = parse_date(value)
                elif name == "sex":
                    values[name] = parse_sex(value)
                elif name == "citizen_id":
                    values[name] = normalize_citizen_id(value)
                else:
                    values[name] = _text(value)
            except ValueError:
                what = "ngày (ghi theo dạng dd/mm/yyyy)" if name in DATE_FIELDS else "giới tính (Nam hoặc Nữ)"
                result.problems.append(
                    RowProblem(number, result.columns[name], f"«{_text(value)}» không đọc được là {what}.")
                )
                values[name] = None
        if not values.get("citizen_id") and not values.get("card_number"):
            result.problems.append(
                RowProblem(number, "", "Dòng không có số CCCD và số thẻ đảng viên: không đối chiếu được.")
            )
        result.rows.append(FileRow(number, values))
    return result


def _read_xlsx(data: bytes, mapping: Mapping[str, str]) -> MemberList | None:
    """The list on the first sheet that has a header row. A formula cell gives the value the exporting program
    computed, never the formula."""
    book = spreadsheets.Workbook(io.BytesIO(data))
    for name in book.sheet_names:
        result = _read_rows(enumerate(book.rows(name), start=1), mapping)
        if result is not None:
            result.sheet = name
            return result
    return None


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        # Windows' Vietnamese code page writes tones as combining marks: compose them.
        return unicodedata.normalize("NFC", data.decode("cp1258"))
    except UnicodeDecodeError as e:
        raise DomainError("Không đọc được bảng mã của tệp CSV: hãy lưu tệp theo UTF-8.", field="file") from e


def _csv_table(data: bytes) -> Iterable[tuple[int, Sequence[Any]]]:
    text = _decode(data)
    sample = text[:8192]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return enumerate(csv.reader(io.StringIO(text), dialect), start=1)


def read_member_list(data: bytes, *, filename: str, mapping: Mapping[str, str] | None = None) -> MemberList:
    """Read a member list from the bytes of an .xlsx or .csv file. Raises DomainError (field "file") for a file
    that is too large, of another kind, or without a recognizable header row."""
    mapping = dict(mapping or {})
    unknown = set(mapping) - set(COLUMNS)
    if unknown:
        raise DomainError(f"Không có trường đối chiếu: {', '.join(sorted(unknown))}.", field="mapping")
    if len(data) > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // (1024 * 1024)
        raise DomainError(f"Tệp lớn hơn {limit} MB: hãy chia danh sách thành nhiều tệp.", field="file")
    if not data:
        raise DomainError("Tệp rỗng.", field="file")
    name = filename.lower()
    if name.endswith(".xlsx"):
        result = _read_xlsx(data, mapping)
    elif name.endswith(".csv"):
        result = _read_rows(_csv_table(data), mapping)
    else:
        raise DomainError("Chỉ nhận tệp .xlsx hoặc .csv xuất từ phần mềm CSDL đảng viên.", field="file")
    if result is not None:
        return result
    expected = ", ".join(f"«{mapping.get(f) or COLUMNS[f][1][0]}»" for f in COLUMNS)
    raise DomainError(
        "Không tìm thấy dòng tiêu đề trong tệp: cần có cột «Số CCCD» hoặc «Số thẻ đảng viên» và ít nhất một cột khác "
        f"trong {HEADER_SEARCH_ROWS} dòng đầu. Các cột được nhận: {expected}. Nếu tệp đặt tên cột khác, khai báo ở "
        "phần «Tên cột».",
        field="file",
    )


# --- Comparing ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Difference:
    field: str
    label: str
    ours: str
    theirs: str


@dataclass
class Match:
    row: FileRow
    member: Member
    by: str  # "citizen_id" or "card_number"
    differences: list[Difference] = field(default_factory=list)


@dataclass
class FileOnly:
    row: FileRow
    elsewhere: Member | None = None  # the person is in our records, outside the chosen org


@dataclass
class Reconciliation:
    org: Org
    columns: dict[str, str]
    matched: list[Match]
    differing: list[Match]
    only_in_file: list[FileOnly]
    only_in_ours: list[Member]
    problems: list[RowProblem]
    rows: int
    sheet: str = ""

    @property
    def counts(self) -> dict[str, int]:
        return {
            "rows": self.rows,
            "matched": len(self.matched),
            "differing": len(self.differing),
            "only_in_file": len(self.only_in_file),
            "only_in_ours": len(self.only_in_ours),
            "problems": len(self.problems),
        }


def _name_key(value: str | None) -> str:
    return " ".join(unicodedata.normalize("NFC", value or "").casefold().split())


def show(name: str, value: Any) -> str:
    """A value as the report prints it."""
    if value in (None, ""):
        return "(trống)"
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if name == "sex":
        return Sex(value).label if value in Sex.values else str(value)
    return str(value)


def _same(name: str, ours: Any, theirs: Any) -> bool:
    if name == "full_name":
        return _name_key(ours) == _name_key(theirs)
    if name == "card_number":
        return card_key(ours) == card_key(theirs)
    if name == "citizen_id":
        return (ours or "") == (theirs or "")
    return ours == theirs


def differences(member: Member, row: FileRow, columns: Iterable[str]) -> list[Difference]:
    """The compared fields that differ between our record and the file's row (only the file's columns)."""
    out = []
    for name in COMPARED:
        if name not in columns:
            continue
        ours, theirs = getattr(member, name), row.get(name)
        if not _same(name, ours, theirs):
            out.append(Difference(name, COLUMNS[name][0], show(name, ours), show(name, theirs)))
    if member.status not in ACTIVE_STATUSES:
        out.append(Difference("status", "Trạng thái", member.get_status_display(), "Có trong danh sách"))
    return out


def _chunks(values: list[str], size: int = 500) -> Iterator[list[str]]:
    for i in range(0, len(values), size):
        yield values[i : i + size]


def _elsewhere(actor, org: Org, rows: list[FileRow]) -> dict[int, Member]:
    """Rows whose person is recorded in the actor's scope outside `org` (by citizen ID or exact card number)."""
    outside = scope(Member.objects.select_related("org"), actor, "org__path").exclude(org__path__under=org.path)
    cids = sorted({r.get("citizen_id") for r in rows if r.get("citizen_id")})
    cards = sorted({r.get("card_number") for r in rows if r.get("card_number")})
    by_cid: dict[str, Member] = {}
    by_card: dict[str, Member] = {}
    for chunk in _chunks(cids):
        by_cid.update((m.citizen_id, m) for m in outside.filter(citizen_id__in=chunk))
    for chunk in _chunks(cards):
        by_card.update((m.card_number, m) for m in outside.filter(card_number__in=chunk))
    found = {}
    for r in rows:
        member = by_cid.get(r.get("citizen_id") or "") or by_card.get(r.get("card_number") or "")
        if member is not None:
            found[r.row] = member
    return found


def reconcile(*, actor, org: Org, members: MemberList) -> Reconciliation:
    """Compare a list read from the national database with our records under `org`, in the actor's scope.

    The caller looked `org` up in the actor's scope (`orgs.selectors.org_get`: 404 outside it).
    """
    ours: QuerySet[Member] = (
        scope(Member.objects.select_related("org"), actor, "org__path")
        .filter(org__path__under=org.path)
        .order_by("sort_key", "id")
    )
    records = list(ours)
    by_cid = {m.citizen_id: m for m in records if m.citizen_id}
    by_card = {card_key(m.card_number): m for m in records if m.card_number}
    used: dict[int, int] = {}  # member pk -> the file row that matched it
    problems = list(members.problems)
    matched: list[Match] = []
    differing: list[Match] = []
    unmatched: list[FileRow] = []
    for row in members.rows:
        cid, card = row.get("citizen_id"), row.get("card_number")
        member, by = None, ""
        if cid and cid in by_cid:
            member, by = by_cid[cid], "citizen_id"
        elif card and card_key(card) in by_card:
            member, by = by_card[card_key(card)], "card_number"
        problem = citizen_id_problem(cid) if cid else None
        if problem:
            problems.append(RowProblem(row.row, members.columns["citizen_id"], f"Số CCCD «{cid}»: {problem}"))
        if member is None:
            unmatched.append(row)
            continue
        if member.pk in used:
            problems.append(
                RowProblem(row.row, "", f"Trùng với dòng {used[member.pk]}: cùng một đảng viên ({member.full_name}).")
            )
            continue
        used[member.pk] = row.row
        match = Match(row, member, by, differences(member, row, members.columns))
        (differing if match.differences else matched).append(match)
    elsewhere = _elsewhere(actor, org, unmatched) if unmatched else {}
    return Reconciliation(
        org=org,
        columns=members.columns,
        matched=matched,
        differing=differing,
        only_in_file=[FileOnly(r, elsewhere.get(r.row)) for r in unmatched],
        only_in_ours=[m for m in records if m.pk not in used and m.status in ACTIVE_STATUSES],
        problems=sorted(problems, key=lambda p: p.row),
        rows=len(members.rows),
        sheet=members.sheet,
    )


# --- The report as a table ------------------------------------------------------------------------------------

REPORT_HEADERS = (
    "Kết quả", "Dòng trong tệp", "Họ và tên", "Ngày sinh", "Số CCCD", "Số thẻ đảng viên", "Sinh hoạt tại",
    "Trường khác nhau", "Trong hồ sơ", "Trong tệp CSDL", "Ghi chú",
)  # fmt: skip
REPORT_WIDTHS = (20, 10, 28, 12, 15, 16, 32, 20, 24, 24, 40)


def _member_cells(m: Member) -> list[Any]:
    return [m.full_name, show("birth_date", m.birth_date), m.citizen_id or "", m.card_number or "", m.org.name]


def _row_cells(r: FileRow) -> list[Any]:
    return [
        r.get("full_name") or "",
        show("birth_date", r.get("birth_date")) if r.get("birth_date") else "",
        r.get("citizen_id") or "",
        r.get("card_number") or "",
        r.get("org_name") or "",
    ]


def report_rows(result: Reconciliation) -> Iterator[list[Any]]:
    """The report as rows under REPORT_HEADERS: one row per difference, one per person on one side only."""
    by = {"citizen_id": "Khớp theo số CCCD", "card_number": "Khớp theo số thẻ"}
    for m in result.differing:
        for d in m.differences:
            yield ["Khác nhau", m.row.row, *_member_cells(m.member), d.label, d.ours, d.theirs, by[m.by]]
    for f in result.only_in_file:
        note = f"Có trong hồ sơ tại {f.elsewhere.org.name} ({f.elsewhere.org.code})" if f.elsewhere else ""
        yield ["Chỉ có trong tệp", f.row.row, *_row_cells(f.row), "", "", "", note]
    for m in result.only_in_ours:
        yield ["Chỉ có trong hồ sơ", "", *_member_cells(m), "", "", "", m.get_status_display()]
    for p in result.problems:
        yield ["Dòng có lỗi", p.row, "", "", "", "", "", p.column, "", "", p.message]
    for m in result.matched:
        yield ["Khớp", m.row.row, *_member_cells(m.member), "", "", "", by[m.by]]
