"""Congress planning (DOMAIN.md §4.1, §4.2): a congress of an org for a term with its number (continued
through merges and splits), its dates and reference date for ages; a whole subtree planned at once for a
term; its stages moved forward only, "held" with the days it was held; the apportionment of its delegate
seats to the sub-orgs (DOMAIN.md §4.3)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tochuc.accounts.roles import Action
from tochuc.core.audit import audit_record, created, diff, snapshot
from tochuc.core.errors import DomainError
from tochuc.core.scope import in_scope, require
from tochuc.orgs.models import Org

from .. import rules
from ..choices import CongressKind, CongressStatus
from ..models import Congress, SeatAllocation
from ..selectors.congresses import CONGRESS_ORG_TYPES, next_numbers, plan_targets

FIELDS = [
    "org",
    "term",
    "number",
    "kind",
    "pilot",
    "status",
    "planned_from",
    "planned_to",
    "held_from",
    "held_to",
    "reference_date",
    "upper",
    "delegate_seats",
    "note",
]


def _fmt(d: date) -> str:
    return d.strftime("%d/%m/%Y")


def _check_term(term: str) -> str:
    term = (term or "").strip()
    if not rules.valid_term(term):
        raise DomainError(_("Nhiệm kỳ ghi theo dạng 2025-2030 (5 năm)."), field="term")
    return term


def _check_kind(kind: str) -> None:
    if kind not in CongressKind.values:
        raise DomainError(_("Chọn hình thức đại hội (đảng viên hoặc đại biểu)."), field="kind")


def _check_dates(
    *,
    planned_from: date,
    planned_to: date | None,
    held_from: date | None = None,
    held_to: date | None = None,
) -> None:
    if planned_to is not None and planned_to < planned_from:
        raise DomainError(_("Ngày kết thúc dự kiến không được trước ngày bắt đầu."), field="planned_to")
    if held_from is None and held_to is not None:
        raise DomainError(_("Ghi ngày khai mạc đại hội."), field="held_from")
    if held_from is not None:
        if held_from > timezone.localdate():
            raise DomainError(_("Ngày tổ chức đại hội không được sau ngày hôm nay."), field="held_from")
        if held_to is not None and held_to < held_from:
            raise DomainError(_("Ngày bế mạc không được trước ngày khai mạc."), field="held_to")
        if held_to is not None and held_to > timezone.localdate():
            raise DomainError(_("Ngày bế mạc không được sau ngày hôm nay."), field="held_to")


def _check_org(org: Org) -> None:
    if org.closed_on is not None:
        raise DomainError(
            _("«%(o)s» đã kết thúc hoạt động ngày %(d)s.") % {"o": org.name, "d": _fmt(org.closed_on)}, field="org"
        )
    if org.org_type not in CONGRESS_ORG_TYPES:
        raise DomainError(_("Tổ đảng không tổ chức đại hội."), field="org")


def _upper_for(org: Org, term: str) -> Congress | None:
    if org.parent_id is None:
        return None
    return Congress.objects.filter(org_id=org.parent_id, term=term).first()


@transaction.atomic
def congress_create(
    *,
    actor,
    org: Org,
    term: str,
    kind: str,
    planned_from: date,
    planned_to: date | None = None,
    pilot: bool = False,
    reference_date: date | None = None,
    delegate_seats: int | None = None,
    number: int | None = None,
    note: str = "",
) -> Congress:
    """Plan the congress of `org` for `term`. Its number is the next in the org's history (its predecessors'
    congresses counted) unless given; the reference date for ages defaults to 45-CT/TW's for 2025-2030; it
    hangs under the parent org's congress of the term, and the sub-orgs' congresses already planned hang
    under it."""
    if actor is not None:
        require(actor, Action.CREATE, org.path)
    org = Org.objects.select_for_update().get(pk=org.pk)
    term = _check_term(term)
    _check_org(org)
    _check_kind(kind)
    if Congress.objects.filter(org=org, term=term).exists():
        raise DomainError(_("«%(o)s» đã có kế hoạch đại hội nhiệm kỳ %(t)s.") % {"o": org.name, "t": term}, field="org")
    if reference_date is None:
        reference_date = rules.reference_date_default(term=term, org_type=org.org_type, sector=org.sector)
    _check_dates(planned_from=planned_from, planned_to=planned_to)
    auto = next_numbers([org.pk])[org.pk]
    if number is None:
        number = auto
    elif number < 1:
        raise DomainError(_("Số thứ tự đại hội phải từ 1 trở lên."), field="number")
    congress = Congress.objects.create(
        org=org,
        term=term,
        number=number,
        kind=kind,
        pilot=bool(pilot),
        planned_from=planned_from,
        planned_to=planned_to,
        reference_date=reference_date,
        upper=_upper_for(org, term),
        delegate_seats=delegate_seats,
        note=(note or "").strip(),
    )
    Congress.objects.filter(term=term, org__parent=org, upper__isnull=True).update(upper=congress)
    audit_record(
        actor=actor,
        action="congress.create",
        obj=congress,
        org_path=org.path,
        changes=created(snapshot(congress, FIELDS)),
        note=_("Số thứ tự tính tự động: %(n)s.") % {"n": auto} if number != auto else "",
    )
    return congress


@transaction.atomic
def congress_plan_term(
    *,
    actor,
    root: Org,
    term: str,
    kind: str,
    planned_from: date,
    planned_to: date | None = None,
    org_types: list[str] | None = None,
) -> list[Congress]:
    """Plan the congress of `term` of every open org under `root` (itself included) that has none yet, with
    the same kind and dates; each numbered after its own history. The orgs already planned are left as
    they are. One "congress.create" event per congress."""
    if actor is not None:
        require(actor, Action.CREATE, root.path)
    term = _check_term(term)
    _check_kind(kind)
    if root.closed_on is not None:
        raise DomainError(_("«%(o)s» đã kết thúc hoạt động.") % {"o": root.name}, field="org")
    todo, _done = plan_targets(root=root, term=term)
    if org_types:
        todo = [o for o in todo if o.org_type in org_types]
    if not todo:
        raise DomainError(
            _("Mọi tổ chức đã chọn trong «%(o)s» đều đã có kế hoạch đại hội nhiệm kỳ %(t)s.")
            % {"o": root.name, "t": term},
            field="org",
        )
    _check_dates(planned_from=planned_from, planned_to=planned_to)
    numbers = next_numbers([o.pk for o in todo])
    uppers = {c.org_id: c for c in Congress.objects.filter(term=term, org_id__in={o.parent_id for o in todo})}
    made: list[Congress] = []
    for org in sorted(todo, key=lambda o: o.path):
        congress = Congress.objects.create(
            org=org,
            term=term,
            number=numbers[org.pk],
            kind=kind,
            planned_from=planned_from,
            planned_to=planned_to,
            reference_date=rules.reference_date_default(term=term, org_type=org.org_type, sector=org.sector),
            upper=uppers.get(org.parent_id),
        )
        uppers[org.pk] = congress
        made.append(congress)
        audit_record(
            actor=actor,
            action="congress.create",
            obj=congress,
            org_path=org.path,
            changes=created(snapshot(congress, FIELDS)),
            note=_("Lập kế hoạch đại hội nhiệm kỳ %(t)s cho «%(o)s».") % {"t": term, "o": root.name},
        )
    # Congresses planned earlier under these orgs now hang under their parent's new congress.
    for congress in made:
        Congress.objects.filter(term=term, org__parent_id=congress.org_id, upper__isnull=True).update(upper=congress)
    return made


def _lock(congress: Congress) -> Congress:
    return Congress.objects.select_for_update(of=("self",)).select_related("org").get(pk=congress.pk)


@transaction.atomic
def congress_update(
    *,
    actor,
    congress: Congress,
    kind: str,
    planned_from: date,
    planned_to: date | None = None,
    pilot: bool = False,
    reference_date: date | None = None,
    delegate_seats: int | None = None,
    held_from: date | None = None,
    held_to: date | None = None,
    number: int | None = None,
    note: str = "",
) -> Congress:
    """Change a congress's plan: kind, dates, pilot flag, reference date, delegate seats, number. Held dates
    may be corrected once it is held; the stage moves only through `congress_set_status`."""
    congress = _lock(congress)
    if actor is not None:
        require(actor, Action.EDIT, congress.org.path)
    _check_kind(kind)
    if congress.status not in rules.HELD_STAGES and (held_from or held_to):
        raise DomainError(_("Ghi ngày tổ chức khi chuyển tiến độ sang «Đã tổ chức đại hội»."), field="held_from")
    if congress.status in rules.HELD_STAGES and (held_from is None or held_to is None):
        raise DomainError(_("Đại hội đã tổ chức: ghi đủ ngày khai mạc và bế mạc."), field="held_from")
    _check_dates(
        planned_from=planned_from,
        planned_to=planned_to,
        held_from=held_from,
        held_to=held_to,
    )
    if number is not None and number < 1:
        raise DomainError(_("Số thứ tự đại hội phải từ 1 trở lên."), field="number")
    if delegate_seats is not None:
        allocated = sum(SeatAllocation.objects.filter(congress=congress).values_list("seats", flat=True))
        if allocated and allocated != delegate_seats:
            raise DomainError(
                _("Đã phân bổ %(n)s đại biểu cho các đơn vị: phân bổ lại trước khi đổi số đại biểu.")
                % {"n": allocated},
                field="delegate_seats",
            )
    before = snapshot(congress, FIELDS)
    congress.kind, congress.pilot = kind, bool(pilot)
    congress.planned_from, congress.planned_to = planned_from, planned_to
    congress.reference_date, congress.delegate_seats = reference_date, delegate_seats
    congress.held_from, congress.held_to = held_from, held_to
    congress.number = number or congress.number
    congress.note = (note or "").strip()
    changes = diff(before, snapshot(congress, FIELDS))
    if not changes:
        return congress
    congress.save(
        update_fields=[
            "kind",
            "pilot",
            "planned_from",
            "planned_to",
            "reference_date",
            "delegate_seats",
            "held_from",
            "held_to",
            "number",
            "note",
            "updated_at",
        ]
    )
    audit_record(actor=actor, action="congress.update", obj=congress, org_path=congress.org.path, changes=changes)
    return congress


def can_approve_results(actor, congress: Congress) -> bool:
    """Whether `actor` may record the results approved: the upper committee approves (chuẩn y) a congress's
    results (DOMAIN.md §3.1), so the upper org must be in their scope with the approval right; a top org's
    results are approved in its own scope."""
    org = congress.org
    upper = org.parent.path if org.parent_id else org.path
    return in_scope(actor, upper) and actor.can(Action.APPROVE)


@transaction.atomic
def congress_set_status(
    *,
    actor,
    congress: Congress,
    status: str,
    held_from: date | None = None,
    held_to: date | None = None,
) -> Congress:
    """Move a congress to a later stage (planned → documents ready → personnel plan approved → held →
    results approved); never back. "Held" and after need the days it was held (kept when already known);
    "results approved" is recorded by the higher committee (approve)."""
    congress = _lock(congress)
    if actor is not None:
        if status == CongressStatus.RESULTS_APPROVED:
            require(actor, Action.VIEW, congress.org.path)
            if not can_approve_results(actor, congress):
                raise PermissionDenied
        else:
            require(actor, Action.EDIT, congress.org.path)
    if status not in CongressStatus.values:
        raise DomainError(_("Chọn tiến độ của đại hội."), field="status")
    if status == congress.status:
        raise DomainError(_("Đại hội đang ở bước «%(s)s».") % {"s": CongressStatus(status).label}, field="status")
    if not rules.status_move_allowed(congress.status, status):
        raise DomainError(
            _("Không thể chuyển lùi từ «%(a)s» về «%(b)s».")
            % {"a": CongressStatus(congress.status).label, "b": CongressStatus(status).label},
            field="status",
        )
    held_from = held_from or congress.held_from
    held_to = held_to or congress.held_to
    if status in rules.HELD_STAGES:
        if held_from is None:
            raise DomainError(_("Ghi ngày khai mạc đại hội."), field="held_from")
        if held_to is None:
            raise DomainError(_("Ghi ngày bế mạc đại hội."), field="held_to")
        _check_dates(
            planned_from=congress.planned_from,
            planned_to=congress.planned_to,
            held_from=held_from,
            held_to=held_to,
        )
    else:
        held_from = held_to = None
    before = snapshot(congress, ["status", "held_from", "held_to"])
    congress.status, congress.held_from, congress.held_to = status, held_from, held_to
    congress.save(update_fields=["status", "held_from", "held_to", "updated_at"])
    audit_record(
        actor=actor,
        action="congress.update",
        obj=congress,
        org_path=congress.org.path,
        changes=diff(before, snapshot(congress, ["status", "held_from", "held_to"])),
    )
    return congress


# --- Apportionment of delegate seats (DOMAIN.md §4.3) ------------------------------------------------------


@transaction.atomic
def congress_allocate(
    *, actor, congress: Congress, seats: dict[int, int], members: dict[int, int], ex_officio: dict[int, int]
) -> list[SeatAllocation]:
    """Save the seats given to each sub-org (org id → seats), computed by `rules.apportion` and perhaps
    adjusted by hand: the total must equal the congress's delegate seats exactly. `members` and
    `ex_officio` are the figures the allocation was made on (kept with it). The sub-orgs are the open orgs
    directly under the congress's org; an allocation for an org no longer listed is dropped."""
    congress = _lock(congress)
    if actor is not None:
        require(actor, Action.EDIT, congress.org.path)
    if congress.kind != CongressKind.DELEGATES:
        raise DomainError(_("Đại hội đảng viên không phân bổ đại biểu."), field="seats")
    if not congress.delegate_seats:
        raise DomainError(_("Ghi số đại biểu triệu tập của đại hội trước khi phân bổ."), field="seats")
    if congress.status in rules.HELD_STAGES:
        raise DomainError(_("Đại hội đã tổ chức: không phân bổ lại đại biểu."), field="seats")
    children = {o.pk: o for o in Org.objects.open().filter(parent=congress.org, org_type__in=CONGRESS_ORG_TYPES)}
    unknown = set(seats) - set(children)
    if unknown:
        raise DomainError(_("Chỉ phân bổ cho các tổ chức trực thuộc đang hoạt động."), field="seats")
    if any(n < 0 for n in seats.values()):
        raise DomainError(_("Số đại biểu không được âm."), field="seats")
    total = sum(seats.values())
    if total != congress.delegate_seats:
        raise DomainError(
            _("Tổng số đại biểu phân bổ là %(t)s, phải đúng bằng %(n)s đại biểu được bầu của đại hội.")
            % {"t": total, "n": congress.delegate_seats},
            field="seats",
        )
    existing = {
        a.org_id: a
        for a in SeatAllocation.objects.select_for_update(of=("self",)).select_related("org").filter(congress=congress)
    }
    codes = {pk: a.org.code for pk, a in existing.items()} | {pk: o.code for pk, o in children.items()}
    before = {codes[pk]: a.seats for pk, a in existing.items()}
    dropped = [a.pk for pk, a in existing.items() if pk not in seats]
    SeatAllocation.objects.filter(pk__in=dropped).delete()
    saved = []
    for pk, n in seats.items():
        a = existing.get(pk)
        values = {"members": max(int(members.get(pk, 0)), 0), "seats": n, "ex_officio": int(ex_officio.get(pk, 0))}
        if a is None:
            a = SeatAllocation.objects.create(congress=congress, org=children[pk], **values)
        else:
            for k, v in values.items():
                setattr(a, k, v)
            a.save(update_fields=list(values))
        saved.append(a)
    after = {codes[pk]: n for pk, n in seats.items()}
    audit_record(
        actor=actor,
        action="congress.allocate",
        obj=congress,
        org_path=congress.org.path,
        changes=diff(before, after),
        note=_("Tổng %(n)s đại biểu được bầu; %(e)s đại biểu đương nhiên.")
        % {"n": total, "e": sum(int(v) for v in ex_officio.values())},
    )
    return saved
