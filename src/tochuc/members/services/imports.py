"""Import a member list (.xlsx/.csv in the template's columns, read by `members.excel`) into one org's subtree.

Every row is checked before anything is written: each cell, then the row as `member_create` checks it, then
against the other rows and the database (citizen ID, card number, the org). Nothing is written unless all
rows pass, or, when asked, only the valid ones; the refused rows come back as a file to fix and import again.

Matching and what is written:
- A row whose citizen ID is on a member already updates that member with `member_update`'s semantics: only
  the non-core dossier fields change, and a blank cell keeps what is recorded. A member who has no citizen ID
  yet is matched by the same full name and birth date inside the subtree, and gets the file's citizen ID.
  Differences in the core fields (name, birth date, admission dates), the org and the card are reported as
  notices and not applied: they change by correction, transfer or card issue.
- Any other row enters a new member as `member_create` does (official when an official date is given, else
  probationary; the admission, ceremony and recognition as past events; one open membership), but
  set-based, in batches, like `members_bulk_register`: a per-row service call is far too slow for 100,000.

Audit (one design, two kinds of event): one `member.import` event on the chosen org with the counts and the
file name, written also when nothing changed (no per-member event for new members, as members_bulk_register
does); and for each updated member one `member.update` event with its changes, as member_update writes it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import IO, Any

from django.db import IntegrityError, transaction
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext as _

from tochuc.accounts.roles import Action
from tochuc.core.audit import audit_record
from tochuc.core.bulk import bulk_insert
from tochuc.core.errors import DomainError
from tochuc.core.scope import require
from tochuc.core.text import fold
from tochuc.orgs.models import Org

from .. import excel
from ..choices import Status
from ..excel import COLUMN, MAX_BYTES, Problem, SheetRow
from ..models import EventKind, Member, MemberEvent, Membership
from ..rules import citizen_id_problem
from .dossier import CORE_FIELDS, EDITABLE_FIELDS, _validate, name_fields, past_event_kinds

# (stage, done, total): stages are "read", "check", "write"
ImportProgress = Callable[[str, int, int | None], None]

CHUNK = 900  # values per IN (...): under SQLite's 999 parameters
_MATCH_FIELDS = ("pk", "org_id", "org__path", "org__code", "status", "card_number", "card_issued_on",
                 *CORE_FIELDS, *EDITABLE_FIELDS)  # fmt: skip


@dataclass
class ImportResult:
    """What an import did (or, refused or dry-run, would do)."""

    rows: int
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)  # refusals, by row
    notices: list[Problem] = field(default_factory=list)  # differences reported, not applied
    rejected: list[SheetRow] = field(default_factory=list)
    written: bool = False
    dry_run: bool = False
    valid_only: bool = False

    @property
    def refused(self) -> int:
        return len(self.rejected)

    def rejected_file(self) -> bytes | None:
        """The refused rows in the template's columns, with a column naming their problems."""
        return excel.rejected_bytes(self.rejected) if self.rejected else None


@dataclass
class _Plan:
    row: SheetRow
    org: Org
    member: dict[str, Any] | None = None  # the matched member's recorded values
    changes: dict[str, Any] = field(default_factory=dict)


def members_import(
    *,
    actor,
    root: Org,
    file: IO[bytes],
    filename: str = "",
    valid_only: bool = False,
    dry_run: bool = False,
    max_bytes: int | None = MAX_BYTES,
    progress: ImportProgress | None = None,
) -> ImportResult:
    """Check a member list and, unless a row is refused (or `valid_only`), enter and update its members
    under `root`. A problem with the whole file raises DomainError(field="file"); rows' problems are in the
    result. `dry_run` checks everything and writes nothing."""
    if actor is not None:
        require(actor, Action.CREATE, root.path)
    if not root.is_open:
        raise DomainError(_("Tổ chức «%(org)s» đã kết thúc hoạt động.") % {"org": root.name}, field="org")
    report = progress or (lambda *_args: None)
    # Parsing is the slow part: it runs before the transaction, so that the database stays free meanwhile.
    sheet = excel.read_members(
        file, name=filename, max_bytes=max_bytes, progress=lambda done, total: report("read", done, total)
    )
    with transaction.atomic():
        plans = _check(sheet.rows, root=root, report=report)
        result = ImportResult(rows=len(sheet.rows), dry_run=dry_run, valid_only=valid_only)
        result.rejected = [r for r in sheet.rows if r.problems]
        result.problems = [p for r in result.rejected for p in r.problems]
        valid = [p for p in plans if not p.row.problems]
        for plan in valid:
            if plan.member is not None:
                result.notices += _notices(plan)
        new = [p for p in valid if p.member is None]
        changed = [p for p in valid if p.member is not None and p.changes]
        result.created, result.updated = len(new), len(changed)
        result.unchanged = len(valid) - len(new) - len(changed)
        if (result.rejected and not valid_only) or dry_run or not valid:
            return result
        if changed and actor is not None:
            require(actor, Action.EDIT, root.path)
        try:
            with transaction.atomic():
                by_status = _create(new, actor=actor, report=report)
                _update(changed, actor=actor, filename=filename)
        except IntegrityError as e:
            raise DomainError(
                _("Trong lúc nhập, một số CCCD hoặc số thẻ trong tệp vừa được ghi cho đảng viên khác: nhập lại tệp."),
                field="file",
            ) from e
        audit_record(
            actor=actor,
            action="member.import",
            obj=root,
            org_path=root.path,
            changes={
                "file": {"before": None, "after": filename},
                "rows": {"before": None, "after": result.rows},
                "created": {"before": None, "after": result.created},
                "updated": {"before": None, "after": result.updated},
                "unchanged": {"before": None, "after": result.unchanged},
                "rejected": {"before": None, "after": result.refused},
                "by_status": {"before": None, "after": by_status},
            },
            note=filename,
        )
        result.written = True
        return result


# --- Checks ---------------------------------------------------------------------------------------------


def _chunks(values: Sequence, size: int = CHUNK) -> Iterator[Sequence]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _check(rows: list[SheetRow], *, root: Org, report: ImportProgress) -> list[_Plan]:
    total = len(rows)
    orgs = _orgs(root, {r.values["org"].upper() for r in rows if "org" in r.values})
    plans: list[_Plan] = []
    today = timezone.localdate()
    for i, row in enumerate(rows, start=1):
        org = _row_org(row, root, orgs)
        _check_dates(row, today)
        plans.append(_Plan(row, org or root))
        if i % 5000 == 0:
            report("check", i, total)
    _same_in_file(rows, "citizen_id", _("số CCCD trùng với dòng %(rows)s."))
    _same_in_file(rows, "card_number", _("số thẻ đảng viên trùng với dòng %(rows)s."))
    _match(plans, root)
    _check_cards(plans)
    for plan in plans:
        if plan.member is None:
            _check_new(plan, today)
        else:
            _check_update(plan)
    report("check", total, total)
    return plans


def _orgs(root: Org, codes: set[str]) -> dict[str, Org]:
    """The orgs of the file, by upper-cased code, among the subtree of `root` (inside the actor's scope, since
    the root is): an org elsewhere is not found, as one that does not exist."""
    found: dict[str, Org] = {}
    for chunk in _chunks(sorted(codes)):
        qs = Org.objects.filter(path__under=root.path).annotate(code_upper=Upper("code")).filter(code_upper__in=chunk)
        found.update({o.code_upper: o for o in qs})
    return found


def _row_org(row: SheetRow, root: Org, orgs: dict[str, Org]) -> Org | None:
    code = row.values.get("org")
    if code is None:
        return root  # a blank cell: the org the import was made into
    org = orgs.get(code.upper())
    if org is None:
        row.refuse(
            "org", _("không tìm thấy tổ chức có mã «%(code)s» trong «%(root)s».") % {"code": code, "root": root.name}
        )
        return None
    if not org.is_open:
        row.refuse("org", _("tổ chức «%(org)s» đã kết thúc hoạt động.") % {"org": org.name})
        return None
    return org


def _status(values: dict[str, Any]) -> str:
    return Status.OFFICIAL if values.get("official_on") else Status.PROBATIONARY


def _check_dates(row: SheetRow, today: date) -> None:
    """The dates as member_create checks them (when the cells themselves were readable)."""
    v = row.values
    if any(p.column in (COLUMN[k].header for k in ("full_name", "birth_date", "admitted_on")) for p in row.problems):
        return
    try:
        _validate(
            full_name=v["full_name"],
            birth_date=v["birth_date"],
            admitted_on=v["admitted_on"],
            official_on=v.get("official_on"),
            status=_status(v),
            ceremony_on=v.get("ceremony_on"),
            today=today,
        )
    except DomainError as e:
        row.refuse(e.field if e.field in COLUMN else None, e.message)


def _same_in_file(rows: list[SheetRow], key: str, message: str) -> None:
    """Every row sharing a value that must be unique is refused: which of them is right is for a person to say."""
    counts = Counter(row.values[key] for row in rows if key in row.values)
    twice = {value for value, n in counts.items() if n > 1}
    if not twice:
        return
    seen: dict[str, list[SheetRow]] = defaultdict(list)
    for row in rows:
        if row.values.get(key) in twice:
            seen[row.values[key]].append(row)
    for same in seen.values():
        for row in same:
            others = ", ".join(str(r.number) for r in same if r is not row)
            row.refuse(key, message % {"rows": others})


def _match(plans: list[_Plan], root: Org) -> None:
    """Find the member each row is about: by citizen ID, or, for members recorded without one, by the same
    name and birth date inside the subtree."""
    by_cid = {p.row.values["citizen_id"]: p for p in plans if "citizen_id" in p.row.values}
    for chunk in _chunks(list(by_cid)):
        for m in Member.objects.filter(citizen_id__in=chunk).order_by().values(*_MATCH_FIELDS):
            plan = by_cid[m["citizen_id"]]
            if not m["org__path"].startswith(root.path):
                plan.row.refuse(
                    "citizen_id",
                    _("số CCCD này đã có ở một đảng viên ngoài «%(root)s»: không nhập, không cập nhật được.")
                    % {"root": root.name},
                )
            plan.member = m
    rest = [p for p in plans if p.member is None and "full_name" in p.row.values and "birth_date" in p.row.values]
    if not rest:
        return
    candidates: dict[tuple[str, date], list[dict]] = defaultdict(list)
    names = sorted({fold(p.row.values["full_name"]) for p in rest})
    for chunk in _chunks(names):
        qs = Member.objects.filter(
            citizen_id__isnull=True, org__path__under=root.path, name_folded__in=chunk
        ).order_by()
        for m in qs.values(*_MATCH_FIELDS):
            candidates[(m["full_name"], m["birth_date"])].append(m)
    claimed: dict[int, list[_Plan]] = defaultdict(list)
    for plan in rest:
        found = candidates.get((plan.row.values["full_name"], plan.row.values["birth_date"]), [])
        if len(found) == 1:
            plan.member = found[0]
            claimed[found[0]["pk"]].append(plan)
        elif len(found) > 1:
            plan.row.refuse(
                "citizen_id",
                _("có %(n)s đảng viên cùng họ tên, ngày sinh chưa có số CCCD: nhập số CCCD cho họ trên trang của "
                  "từng người trước.") % {"n": len(found)},
            )  # fmt: skip
    for same in claimed.values():
        if len(same) > 1:
            for plan in same:
                others = ", ".join(str(p.row.number) for p in same if p is not plan)
                plan.row.refuse("full_name", _("cùng một đảng viên với dòng %(rows)s.") % {"rows": others})


def _check_cards(plans: list[_Plan]) -> None:
    by_card = {p.row.values["card_number"]: p for p in plans if "card_number" in p.row.values}
    for chunk in _chunks(list(by_card)):
        for pk, card in Member.objects.filter(card_number__in=chunk).order_by().values_list("pk", "card_number"):
            plan = by_card[card]
            if plan.member is None or plan.member["pk"] != pk:
                plan.row.refuse("card_number", _("số thẻ %(c)s đã có ở đảng viên khác.") % {"c": card})


def _check_new(plan: _Plan, today: date) -> None:
    v, row = plan.row.values, plan.row
    cid = v.get("citizen_id")
    if cid:
        problem = citizen_id_problem(cid, v.get("birth_date"), v.get("sex"))
        if problem:
            row.refuse("citizen_id", problem)
    if v.get("card_number") and _status(v) != Status.OFFICIAL:
        row.refuse("card_number", _("đảng viên dự bị chưa được cấp thẻ đảng viên."))
    issued = v.get("card_issued_on")
    if issued is not None:
        if not v.get("card_number"):
            row.refuse("card_issued_on", _("có ngày cấp thẻ thì phải có số thẻ đảng viên."))
        elif issued > today:
            row.refuse("card_issued_on", _("ngày cấp thẻ không được sau ngày hôm nay."))
        elif v.get("official_on") and issued < v["official_on"]:
            row.refuse("card_issued_on", _("thẻ đảng viên chỉ cấp từ ngày chính thức trở đi."))


def _check_update(plan: _Plan) -> None:
    """What member_update would change (blank cells keep the record), and whether it would refuse it."""
    m, v = plan.member, plan.row.values
    plan.changes = {k: v[k] for k in EDITABLE_FIELDS if k in v and v[k] != m[k]}
    cid, sex = plan.changes.get("citizen_id", m["citizen_id"]), plan.changes.get("sex", m["sex"])
    if cid and ("citizen_id" in plan.changes or "sex" in plan.changes):
        problem = citizen_id_problem(cid, m["birth_date"], sex)  # the recorded birth date, as member_update
        if problem:
            plan.row.refuse("citizen_id" if "citizen_id" in plan.changes else "sex", problem)


def _shown(value: Any) -> str:
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return "" if value in (None, "") else str(value)


def _notices(plan: _Plan) -> list[Problem]:
    """The differences the import does not apply, so that a person can act on them."""
    m, v, number = plan.member, plan.row.values, plan.row.number
    out = []
    for key in CORE_FIELDS:
        if key in v and v[key] != m[key]:
            out.append(
                Problem(
                    number,
                    COLUMN[key].header,
                    _("khác hồ sơ (hồ sơ ghi «%(old)s»): không cập nhật; sửa qua đề nghị đính chính có căn cứ.")
                    % {"old": _shown(m[key])},
                )
            )
    if "org" in v and v["org"].upper() != m["org__code"].upper():
        out.append(
            Problem(
                number,
                COLUMN["org"].header,
                _("đảng viên đang sinh hoạt tại «%(code)s»: không chuyển; dùng chức năng chuyển sinh hoạt.")
                % {"code": m["org__code"]},
            )
        )
    for key in ("card_number", "card_issued_on"):
        if key in v and v[key] != m[key]:
            out.append(
                Problem(
                    number,
                    COLUMN[key].header,
                    _("khác hồ sơ (hồ sơ ghi «%(old)s»): không cập nhật; cấp, đổi thẻ qua chức năng cấp thẻ.")
                    % {"old": _shown(m[key])},
                )
            )
    return out


# --- Writes ---------------------------------------------------------------------------------------------


def _create(plans: list[_Plan], *, actor, report: ImportProgress, batch_size: int = 2000) -> dict[str, int]:
    """The new members, their past events and first memberships, in batches, as rows of values: building
    model instances for 100,000 members and their events took longer than inserting them."""
    by_status: dict[str, int] = {}
    # A blank cell takes the field's default, as Member() would give it.
    blank = {k: Member._meta.get_field(k).get_default() for k in EDITABLE_FIELDS if k != "sex"}
    actor_id = getattr(actor, "pk", None)
    total = len(plans)
    for start in range(0, total, batch_size):
        members = []
        for plan in plans[start : start + batch_size]:
            v = plan.row.values
            status = _status(v)
            member = {k: v.get(k, default) for k, default in blank.items()}
            member.update(
                name_fields(v["full_name"]),
                full_name=v["full_name"],
                sex=v["sex"],
                birth_date=v["birth_date"],
                org_id=plan.org.id,
                status=status,
                admitted_on=v["admitted_on"],
                ceremony_on=v.get("ceremony_on"),
                official_on=v.get("official_on"),
                party_age_from=v["admitted_on"],
                card_number=v.get("card_number"),
                card_issued_on=v.get("card_issued_on"),
            )
            members.append((member, plan.org))
            by_status[status] = by_status.get(status, 0) + 1
        bulk_insert(Member, [m for m, _org in members])
        # Every imported member has a citizen ID (a required column), unique: it gives the new ids back.
        ids: dict[str, int] = {}
        for chunk in _chunks([m["citizen_id"] for m, _org in members]):
            ids.update(Member.objects.filter(citizen_id__in=chunk).order_by().values_list("citizen_id", "pk"))
        events, cards, memberships = [], [], []
        for m, org in members:
            pk = ids[m["citizen_id"]]
            past = past_event_kinds(
                admitted_on=m["admitted_on"], ceremony_on=m["ceremony_on"], official_on=m["official_on"]
            )
            events += [{"member_id": pk, "kind": kind, "on": on, "org_id": org.pk} for kind, on in past]
            if m["card_issued_on"]:
                cards.append(
                    {"member_id": pk, "on": m["card_issued_on"], "org_id": org.pk,
                     "data": {"card_number": m["card_number"], "previous": None, "registered": True}}
                )  # fmt: skip
            memberships.append({"member_id": pk, "org_id": org.pk, "valid_from": max(m["admitted_on"], org.opened_on)})
        bulk_insert(MemberEvent, events, same={"data": {"registered": True}, "actor_id": actor_id})
        bulk_insert(MemberEvent, cards, same={"kind": EventKind.CARD, "actor_id": actor_id})
        bulk_insert(Membership, memberships, same={"reason": Membership.Reason.REGISTERED})
        report("write", min(start + batch_size, total), total)
    return by_status


def _update(plans: Iterable[_Plan], *, actor, filename: str) -> None:
    """member_update for each changed member: the changed fields saved, one audit event with before/after."""
    now = timezone.now()
    for plan in plans:
        m = plan.member
        Member.objects.filter(pk=m["pk"]).update(**plan.changes, updated_at=now)
        audit_record(
            actor=actor,
            action="member.update",
            obj=Member(pk=m["pk"], full_name=m["full_name"]),
            org_path=m["org__path"],
            changes={k: {"before": m[k], "after": v} for k, v in plan.changes.items()},
            note=_("Nhập từ tệp %(f)s") % {"f": filename} if filename else "",
        )
