"""Import the enterprise register from .xlsx (the template's columns, `excel.COLUMNS`) into one org's subtree.

Every row is checked before anything is written: each cell (required, numbers, dates, lists, formulas), then
the row as the services check it (tax code, figures, the area and the party organization), then against the
other rows and the database. Nothing is written unless every row passes: the user fixes the file and imports
it again. Matching: a row whose tax code is registered updates that enterprise (a blank cell keeps what is
recorded); a row without a tax code matches an enterprise of the same name in the same area that has none;
any other row registers a new enterprise. Each write goes through the services (their audit events), and one
`enterprise.import` event on the chosen org records the file and its counts.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import IO, Any

from django.db import transaction
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext as _

from tochuc.accounts.roles import Action
from tochuc.core import spreadsheets
from tochuc.core.audit import audit_record
from tochuc.core.errors import DomainError
from tochuc.core.scope import in_scope, require
from tochuc.core.text import fold
from tochuc.orgs.models import Org

from . import excel, rules, services
from .excel import COLUMN, COLUMNS, Column
from .models import Enterprise, EnterpriseSector

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000  # more than the enterprises of any province
FORMULA = "="
_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_YES = {"co", "x", "1", "true", "yes", "da co"}
_NO = {"khong", "0", "false", "no", "chua co", "chua"}
_SECTOR_ALIASES = {
    "nha nuoc": EnterpriseSector.STATE,
    "dnnn": EnterpriseSector.STATE,
    "ngoai nha nuoc": EnterpriseSector.NON_STATE,
    "tu nhan": EnterpriseSector.NON_STATE,
    "fdi": EnterpriseSector.FOREIGN,
    "von dau tu nuoc ngoai": EnterpriseSector.FOREIGN,
    "co von dau tu nuoc ngoai": EnterpriseSector.FOREIGN,
}


@dataclass(frozen=True)
class Problem:
    row: int
    column: str | None  # the column's header
    message: str

    def __str__(self) -> str:
        if self.column is None:
            return _("Dòng %(row)s: %(msg)s") % {"row": self.row, "msg": self.message}
        return _("Dòng %(row)s, cột «%(col)s»: %(msg)s") % {"row": self.row, "col": self.column, "msg": self.message}


@dataclass
class Row:
    number: int
    values: dict[str, Any]  # the non-blank cells read, by field
    problems: list[Problem] = field(default_factory=list)
    org: Org | None = None
    party_org: Org | None = None
    match: Enterprise | None = None

    def refuse(self, key: str | None, message: str) -> None:
        self.problems.append(Problem(self.number, COLUMN[key].header if key else None, message))


@dataclass
class ImportResult:
    rows: int
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)
    written: bool = False
    dry_run: bool = False


def enterprises_import(
    *, actor, root: Org, file: IO[bytes], filename: str = "", dry_run: bool = False, today: date | None = None
) -> ImportResult:
    """Check an enterprise list and, when every row passes (and not `dry_run`), register and update its
    enterprises under `root`. A problem of the whole file raises DomainError(field="file")."""
    if actor is not None:
        require(actor, Action.CREATE, root.path)
    if not root.is_open:
        raise DomainError(_("Tổ chức «%(org)s» đã kết thúc hoạt động.") % {"org": root.name}, field="org")
    today = today or timezone.localdate()
    rows = read_rows(file)
    with transaction.atomic():
        _check(rows, actor=actor, root=root, today=today)
        result = ImportResult(rows=len(rows), dry_run=dry_run)
        result.problems = [p for r in rows for p in r.problems]
        if result.problems or dry_run:
            result.created = sum(1 for r in rows if r.match is None)
            result.updated = len(rows) - result.created
            return result
        if actor is not None and any(r.match is not None for r in rows):
            require(actor, Action.EDIT, root.path)
        for row in rows:
            try:
                outcome = _write(row, actor=actor, today=today)
            except DomainError as e:  # a rule the checks did not foresee, or a change made meanwhile
                transaction.set_rollback(True)
                result.problems = [
                    Problem(row.number, COLUMN[e.field].header if e.field in COLUMN else None, e.message)
                ]
                result.created = result.updated = result.unchanged = 0
                return result
            setattr(result, outcome, getattr(result, outcome) + 1)
        audit_record(
            actor=actor,
            action="enterprise.import",
            obj=root,
            org_path=root.path,
            changes={k: {"before": None, "after": v} for k, v in (
                ("file", filename), ("rows", result.rows), ("created", result.created),
                ("updated", result.updated), ("unchanged", result.unchanged))},
            note=filename,
        )  # fmt: skip
        result.written = True
        return result


# --- Reading --------------------------------------------------------------------------------------------

_BY_HEADER = {fold(a): c for c in COLUMNS if c.key for a in (c.header, *c.aliases)}


def read_rows(file: IO[bytes], *, max_bytes: int = MAX_BYTES) -> list[Row]:
    """The data rows of the first sheet, each cell read and checked on its own."""
    file.seek(0, io.SEEK_END)
    size = file.tell()
    file.seek(0)
    if size > max_bytes:
        raise DomainError(
            _("Tệp quá giới hạn %(max)s MB: chia danh sách thành nhiều tệp nhỏ hơn.") % {"max": max_bytes // 2**20},
            field="file",
        )
    if not file.read(4).startswith(b"PK\x03\x04"):
        raise DomainError(_("Tệp không phải bảng tính .xlsx: dùng tệp mẫu tải từ trang nhập danh sách."), field="file")
    book = spreadsheets.Workbook(file)
    names = [n for n in book.sheet_names if n != excel.LISTS_SHEET]
    if not names:
        raise DomainError(_("Tệp không có trang danh sách doanh nghiệp."), field="file")
    grid = book.rows(names[0])
    for number, columns in book.formula_cells(names[0]).items():
        grid.extend([] for _i in range(number - len(grid)))
        cells = grid[number - 1]
        cells.extend("" for _i in range(max(columns) + 1 - len(cells)))
        for i in columns:
            cells[i] = FORMULA
    header_at, layout = None, []
    for number, cells in enumerate(grid[:10], start=1):
        layout = _layout(cells)
        if any(c.key == "name" for _i, c in layout):
            header_at = number
            break
    if header_at is None:
        raise DomainError(
            _("Không tìm thấy dòng tiêu đề (có cột «Tên doanh nghiệp») trong 10 dòng đầu: dùng tệp mẫu."), field="file"
        )
    keys = {c.key for _i, c in layout}
    missing = [c.header for c in COLUMNS if c.required and c.key not in keys]
    if missing:
        raise DomainError(
            _("Tệp thiếu cột %(cols)s: dùng tệp mẫu.") % {"cols": ", ".join(f"«{m}»" for m in missing)}, field="file"
        )
    rows: list[Row] = []
    for number, cells in enumerate(grid[header_at:], start=header_at + 1):
        raw = {c.key: (cells[i] if i < len(cells) else None) for i, c in layout}
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in raw.values()):
            continue
        row = Row(number, {})
        for key, value in raw.items():
            column = COLUMN[key]
            if isinstance(value, str):
                if value.lstrip().startswith(FORMULA):
                    row.refuse(key, _("ô chứa công thức: nhập giá trị, không nhập công thức."))
                    continue
                value = " ".join(value.split())
            if value is None or value == "":
                if column.required:
                    row.refuse(key, _("không được để trống."))
                continue
            try:
                row.values[key] = _read(column, value)
            except ValueError as e:
                row.refuse(key, str(e))
        rows.append(row)
        if len(rows) > MAX_ROWS:
            raise DomainError(
                _("Tệp có hơn %(n)s doanh nghiệp: chia thành nhiều tệp.") % {"n": f"{MAX_ROWS:,}".replace(",", ".")},
                field="file",
            )
    if not rows:
        raise DomainError(_("Tệp không có dòng doanh nghiệp nào dưới dòng tiêu đề."), field="file")
    return rows


def _layout(cells: list[Any]) -> list[tuple[int, Column]]:
    seen: set[str] = set()
    out = []
    for i, text in enumerate(cells):
        key = fold(str(text).replace("(*)", "").replace("*", "")) if text is not None else ""
        column = _BY_HEADER.get(key)
        if column is not None and column.key not in seen:
            seen.add(column.key)
            out.append((i, column))
    return out


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime | date):
        return value.strftime("%d/%m/%Y")
    return " ".join(str(value).split())


def _read(column: Column, value: Any) -> Any:
    """One cell -> the field's value, or ValueError saying (in Vietnamese) what is wrong."""
    kind = column.kind
    if kind == "int":
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        else:
            text = _text(value).replace(".", "").replace(",", "").replace(" ", "")
            if not text.isdigit():
                raise ValueError(_("«%(v)s» không phải số nguyên không âm.") % {"v": _text(value)})
            number = int(text)
        if number < 0:
            raise ValueError(_("«%(v)s» không phải số nguyên không âm.") % {"v": number})
        return number
    if kind == "bool":
        folded = fold(_text(value))
        if folded in _YES:
            return True
        if folded in _NO:
            return False
        raise ValueError(_("«%(v)s»: ghi «Có» hoặc «Không».") % {"v": _text(value)})
    if kind == "sector":
        folded = fold(_text(value))
        for code, label in excel.sector_labels():
            if folded in (fold(label), code):
                return code
        if folded in _SECTOR_ALIASES:
            return _SECTOR_ALIASES[folded]
        raise ValueError(_("«%(v)s» không có trong danh mục loại hình (chọn trong danh sách của cột).") % {"v": value})
    if kind == "date":
        return _date(value)
    if kind == "tax_code":
        if isinstance(value, float | int) and not isinstance(value, bool):
            # A code Excel made a number lost its leading zero (Hà Nội's start with 01): 9 digits are 10.
            text = str(int(value))
            return text.zfill(10) if len(text) == 9 else text.zfill(13) if len(text) == 12 else text
        code = rules.tax_code_normalize(_text(value))
        problem = rules.tax_code_problem(code)
        if problem:
            raise ValueError(problem)
        return code
    if kind == "org":
        return _text(value).split(" ")[0].strip()
    text = _text(value)
    if column.max_length and len(text) > column.max_length:
        raise ValueError(_("dài quá %(n)s ký tự.") % {"n": column.max_length})
    return text


def _date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    m = _DMY.match(text)
    if m is None:
        raise ValueError(_("«%(v)s» không phải ngày: nhập theo dạng dd/mm/yyyy, ví dụ 01/07/2025.") % {"v": text})
    try:
        return date(int(m[3]), int(m[2]), int(m[1]))
    except ValueError:
        raise ValueError(_("ngày «%(v)s» không có thật.") % {"v": text}) from None


# --- Checks ---------------------------------------------------------------------------------------------


def _orgs(root: Org, codes: set[str], *, actor) -> dict[str, Org]:
    """Orgs of the file by upper-cased code. Areas must lie under `root`; party organizations inside the
    actor's scope (checked by the caller), so every code of the scope is looked up."""
    if not codes:
        return {}
    from tochuc.core.scope import scope

    qs = scope(Org.objects.all(), actor) if actor is not None else Org.objects.all()
    found: dict[str, Org] = {}
    ordered = sorted(codes)
    for start in range(0, len(ordered), 900):
        chunk = ordered[start : start + 900]
        for o in qs.annotate(code_upper=Upper("code")).filter(code_upper__in=chunk):
            found[o.code_upper] = o
    return found


def _check(rows: list[Row], *, actor, root: Org, today: date) -> None:
    codes = {r.values[k].upper() for r in rows for k in ("org", "party_org") if k in r.values}
    orgs = _orgs(root, codes, actor=actor)
    counts = Counter(r.values["tax_code"] for r in rows if "tax_code" in r.values)
    first = {}
    for r in rows:
        code = r.values.get("tax_code")
        if code and counts[code] > 1:
            first.setdefault(code, []).append(r.number)
    for row in rows:
        code = row.values.get("org")
        if code is None:
            row.org = root
        else:
            org = orgs.get(code.upper())
            if org is None or not org.path.startswith(root.path):
                row.refuse(
                    "org",
                    _("không tìm thấy tổ chức có mã «%(code)s» trong «%(root)s».") % {"code": code, "root": root.name},
                )
            elif not org.is_open:
                row.refuse("org", _("tổ chức «%(org)s» đã kết thúc hoạt động.") % {"org": org.name})
            else:
                row.org = org
        tax_code = row.values.get("tax_code")
        if tax_code and counts[tax_code] > 1:
            others = ", ".join(str(n) for n in first[tax_code] if n != row.number)
            row.refuse("tax_code", _("mã số thuế trùng với dòng %(rows)s.") % {"rows": others})
        code = row.values.get("party_org")
        if code is not None:
            party_org = orgs.get(code.upper())
            if party_org is None or (actor is not None and not in_scope(actor, party_org.path)):
                row.refuse(
                    "party_org", _("không tìm thấy tổ chức có mã «%(code)s» trong phạm vi quản lý.") % {"code": code}
                )
            else:
                row.party_org = party_org
        elif "party_org_since" in row.values:
            row.refuse("party_org", _("ghi mã tổ chức đảng của doanh nghiệp, hoặc để trống ngày có tổ chức đảng."))
    _match(rows, root)
    for row in rows:
        _check_row(row, today=today)


def _match(rows: list[Row], root: Org) -> None:
    """The registered enterprise each row updates: the same tax code (which must then lie under `root`), or
    without a tax code the same name in the same area."""
    codes = [r.values["tax_code"] for r in rows if "tax_code" in r.values]
    by_code: dict[str, Enterprise] = {}
    for start in range(0, len(codes), 900):
        qs = Enterprise.objects.select_related("org", "party_org").filter(tax_code__in=codes[start : start + 900])
        by_code.update({e.tax_code: e for e in qs})
    unnamed = Enterprise.objects.select_related("org", "party_org").filter(
        tax_code__isnull=True, org__path__under=root.path
    )
    names = {fold(r.values["name"]) for r in rows if "name" in r.values and "tax_code" not in r.values}
    by_name: dict[tuple[str, int], list[Enterprise]] = {}
    if names:
        for e in unnamed.filter(name_folded__in=list(names)):
            by_name.setdefault((e.name_folded, e.org_id), []).append(e)
    for row in rows:
        code = row.values.get("tax_code")
        if code:
            match = by_code.get(code)
            if match is not None and not match.org.path.startswith(root.path):
                row.refuse("tax_code", _("mã số thuế đã có ở một doanh nghiệp ngoài «%(root)s».") % {"root": root.name})
                continue
            row.match = match
        elif "name" in row.values and row.org is not None:
            same = by_name.get((fold(row.values["name"]), row.org.pk), [])
            if len(same) > 1:
                row.refuse("name", _("có %(n)s doanh nghiệp cùng tên trên địa bàn: ghi mã số thuế.") % {"n": len(same)})
            elif same:
                row.match = same[0]
        if row.match is not None and not row.match.is_open:
            row.refuse(None, _("doanh nghiệp «%(name)s» đã ngừng hoạt động.") % {"name": row.match.name})


def _check_row(row: Row, *, today: date) -> None:
    """What the services would refuse, said for the row's cells before anything is written."""
    if row.problems:
        return
    v, current = row.values, row.match
    figures = {f: v[f] if f in v else getattr(current, f, 0 if not f.startswith("has_") else False)
               for f in services.FIGURE_FIELDS}  # fmt: skip
    if "has_trade_union" not in v and v.get("trade_union_members") and current is None:
        figures["has_trade_union"] = True  # a count of members says there is a union
    if "has_youth_union" not in v and v.get("youth_union_members") and current is None:
        figures["has_youth_union"] = True
    row.values.update({k: figures[k] for k in ("has_trade_union", "has_youth_union") if k not in v and current is None})
    for key, message in rules.figures_problems(**figures):
        row.refuse(key, message)
    for key, label, earliest in (
        ("surveyed_on", _("Ngày của số liệu"), None),
        ("party_org_since", _("Ngày có tổ chức đảng"), rules.PARTY_FOUNDED),
    ):
        problem = rules.date_problem(v.get(key), today=today, label=label, earliest=earliest)
        if problem:
            row.refuse(key, problem)
    if row.party_org is not None and row.org is not None:
        problem = rules.party_org_problem(
            area_path=row.org.path,
            party_org_path=row.party_org.path,
            party_org_type=row.party_org.org_type,
            party_org_open=row.party_org.is_open,
        )
        if problem:
            row.refuse("party_org", problem)
        if "party_org_since" not in v and (current is None or current.party_org_since is None):
            row.refuse("party_org_since", _("ghi ngày doanh nghiệp có tổ chức đảng."))


# --- Writing --------------------------------------------------------------------------------------------

_PLAIN = ("name", "tax_code", "sector", "address", *services.FIGURE_FIELDS, "surveyed_on", "note")


def _write(row: Row, *, actor, today: date) -> str:
    v = row.values
    if row.match is None:
        services.enterprise_create(
            actor=actor,
            org=row.org,
            party_org=row.party_org,
            party_org_since=v.get("party_org_since"),
            today=today,
            **{k: v[k] for k in _PLAIN if k in v},
        )
        return "created"
    current = row.match
    before = current.updated_at
    fields = {k: v[k] for k in _PLAIN if k in v}
    if "org" in v:
        fields["org"] = row.org
    updated = services.enterprise_update(actor=actor, enterprise=current, today=today, **fields)
    changed = updated.updated_at != before
    if row.party_org is not None:
        since = v.get("party_org_since") or updated.party_org_since
        if row.party_org.pk != updated.party_org_id or since != updated.party_org_since:
            services.enterprise_party_org_set(
                actor=actor, enterprise=updated, party_org=row.party_org, since=since, today=today
            )
            changed = True
    return "updated" if changed else "unchanged"
