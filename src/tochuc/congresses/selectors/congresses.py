"""Reads of congress planning: the congresses of a term under an org (list, export), one congress, the
number an org's next congress takes (through merges and splits), the orgs a term's plan covers, and the
progress board (counts by org type and stage, late congresses, figures per sub-org). Scope follows the
congress's org."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Max, Q, QuerySet
from django.db.models.functions import Substr
from django.utils import timezone

from tochuc.accounts.roles import Action
from tochuc.core.scope import get_in_scope_or_404, require, root_path, scope
from tochuc.core.text import fold
from tochuc.orgs.models import SEGMENT, Org, OrgEvent, OrgType

from .. import rules
from ..choices import STATUS_ORDER, CongressStatus
from ..models import Congress

# Party groups (tổ đảng) hold no congress.
CONGRESS_ORG_TYPES = [t for t in OrgType.values if t != OrgType.PARTY_GROUP]
NOT_HELD = [s for s in STATUS_ORDER if s not in rules.HELD_STAGES]


def congress_list(
    *,
    actor,
    org: Org | None = None,
    term: str = "",
    status: str = "",
    kind: str = "",
    org_type: str = "",
    pilot: bool | None = None,
    late: bool = False,
    q: str = "",
    today: date | None = None,
) -> QuerySet[Congress]:
    """The congresses under `org` (or the actor's whole scope), filtered, in tree order."""
    qs = scope(Congress.objects.select_related("org", "upper", "upper__org"), actor, "org__path")
    if org is not None:
        qs = qs.filter(org__path__under=org.path)
    if term:
        qs = qs.filter(term=term)
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if org_type:
        qs = qs.filter(org__org_type=org_type)
    if pilot is not None:
        qs = qs.filter(pilot=pilot)
    if late:
        qs = qs.filter(status__in=NOT_HELD, planned_from__lt=today or timezone.localdate())
    if q.strip():
        folded = fold(" ".join(q.split()))
        qs = qs.filter(Q(org__name_folded__contains=folded) | Q(org__code__istartswith=q.strip()))
    return qs.order_by("term", "org__path")


def congress_get(*, actor, pk: int, action: str = Action.VIEW) -> Congress:
    """One congress inside the actor's scope (404 outside), the role checked for `action` (403)."""
    congress = get_in_scope_or_404(
        Congress.objects.select_related("org", "org__parent", "upper", "upper__org"), actor, "org__path", pk=pk
    )
    require(actor, action, congress.org.path)
    return congress


def congress_lower(*, congress: Congress) -> list[Congress]:
    """The congresses of the sub-orgs that send delegates to `congress` (same term, orgs directly under)."""
    return list(
        Congress.objects.filter(term=congress.term, org__parent=congress.org)
        .select_related("org")
        .order_by("org__sort_key")
    )


# --- Numbering ---------------------------------------------------------------------------------------------


def predecessor_map(org_ids: Iterable[int] | None = None) -> dict[int, set[int]]:
    """For each org, the orgs merged or split into it: its `successor` links and the sources of the merge and
    split events that produced it (an org merged into an existing one names it as successor; a split's
    results name their source only through the event). Two queries."""
    preds: dict[int, set[int]] = defaultdict(set)
    for pk, successor in Org.objects.filter(successor__isnull=False).values_list("pk", "successor_id"):
        preds[successor].add(pk)
    through_src = OrgEvent.sources.through
    through_res = OrgEvent.results.through
    events = OrgEvent.objects.filter(kind__in=[OrgEvent.Kind.MERGE, OrgEvent.Kind.SPLIT]).values_list("pk", flat=True)
    sources: dict[int, set[int]] = defaultdict(set)
    for event_id, org_id in through_src.objects.filter(orgevent_id__in=events).values_list("orgevent_id", "org_id"):
        sources[event_id].add(org_id)
    for event_id, org_id in through_res.objects.filter(orgevent_id__in=events).values_list("orgevent_id", "org_id"):
        preds[org_id] |= sources[event_id] - {org_id}
    return dict(preds)


def next_numbers(org_ids: list[int]) -> dict[int, int]:
    """The number the next congress of each org takes (DOMAIN.md §4.1): the highest number among the org and
    its predecessors, plus one; 1 for a newly founded org. Three queries whatever the number of orgs."""
    preds = predecessor_map()
    history = {pk: {pk, *rules.predecessors_closure(pk, preds)} for pk in org_ids}
    wanted = set().union(*history.values()) if history else set()
    latest = dict(
        Congress.objects.filter(org_id__in=wanted).values("org_id").annotate(n=Max("number")).values_list("org_id", "n")
    )
    return {pk: rules.next_number(pk, predecessors=preds, latest=latest) for pk in org_ids}


def congress_next_number(*, org: Org) -> int:
    return next_numbers([org.pk])[org.pk]


def plan_targets(*, root: Org, term: str) -> tuple[list[Org], list[Org]]:
    """The open orgs under `root` (itself included) that hold congresses: those without a congress of `term`
    yet, and those that already have one."""
    orgs = list(Org.objects.open().filter(path__under=root.path, org_type__in=CONGRESS_ORG_TYPES).order_by("path"))
    planned = set(Congress.objects.filter(term=term, org__in=orgs).values_list("org_id", flat=True))
    return [o for o in orgs if o.pk not in planned], [o for o in orgs if o.pk in planned]


# --- The progress board ----------------------------------------------------------------------------------


@dataclass
class BoardRow:
    """One line of the board: an org type or a sub-org, its congresses counted by stage."""

    key: str
    label: str
    org: Org | None = None
    orgs: int = 0  # open orgs that should hold a congress
    by_status: dict[str, int] = field(default_factory=dict)
    late: int = 0

    @property
    def total(self) -> int:
        return sum(self.by_status.values())

    @property
    def held(self) -> int:
        return sum(n for s, n in self.by_status.items() if s in rules.HELD_STAGES)

    @property
    def unplanned(self) -> int:
        return max(self.orgs - self.total, 0)

    @property
    def percent_held(self) -> float:
        return round(100 * self.held / self.total, 1) if self.total else 0.0

    def cells(self) -> list[int]:
        return [self.by_status.get(s, 0) for s in STATUS_ORDER]


@dataclass
class Board:
    root: Org | None
    term: str
    today: date
    by_type: list[BoardRow]
    by_sub_org: list[BoardRow]
    totals: BoardRow
    late: list[Congress]


def _board_root_path(actor, org: Org | None) -> str:
    if org is not None:
        return org.path
    return root_path(actor) or ""


def congress_board(*, actor, org: Org | None, term: str, today: date | None = None, late_limit: int = 200) -> Board:
    """The progress of a term's congresses under `org` (or the actor's scope): by org type and stage, by
    sub-org, and the late ones (planned day passed, not held). Aggregates in the database; a fixed number
    of queries."""
    require(actor, Action.LIST)
    today = today or timezone.localdate()
    base = scope(Congress.objects.all(), actor, "org__path").filter(term=term)
    orgs = scope(Org.objects.open(), actor).filter(org_type__in=CONGRESS_ORG_TYPES)
    if org is not None:
        base = base.filter(org__path__under=org.path)
        orgs = orgs.filter(path__under=org.path)
    late_q = Q(status__in=NOT_HELD, planned_from__lt=today)

    type_rows = {t: BoardRow(key=t, label=str(OrgType(t).label)) for t in CONGRESS_ORG_TYPES}
    for row in base.values("org__org_type", "status").annotate(n=Count("id"), late=Count("id", filter=late_q)):
        r = type_rows[row["org__org_type"]]
        r.by_status[row["status"]] = row["n"]
        r.late += row["late"]
    for row in orgs.values("org_type").annotate(n=Count("id")).order_by():
        type_rows[row["org_type"]].orgs = row["n"]
    by_type = [r for r in type_rows.values() if r.orgs or r.total]

    totals = BoardRow(key="total", label="")
    for r in by_type:
        totals.orgs += r.orgs
        totals.late += r.late
        for s, n in r.by_status.items():
            totals.by_status[s] = totals.by_status.get(s, 0) + n

    # Sub-orgs: the children of the board's root (the actor's org, or the chosen one); a superuser without an
    # org sees the roots of the tree.
    root_path_ = _board_root_path(actor, org)
    if root_path_:
        children = list(Org.objects.open().filter(parent__path=root_path_).order_by("sort_key"))
        length = len(root_path_) + SEGMENT
    else:
        children = list(Org.objects.open().filter(parent__isnull=True).order_by("sort_key"))
        length = SEGMENT
    sub_rows = {c.path: BoardRow(key=c.code, label=c.name, org=c) for c in children}
    if sub_rows:
        for row in (
            base.annotate(prefix=Substr("org__path", 1, length))
            .values("prefix", "status")
            .annotate(n=Count("id"), late=Count("id", filter=late_q))
            .order_by()
        ):
            r = sub_rows.get(row["prefix"])
            if r is not None:
                r.by_status[row["status"]] = row["n"]
                r.late += row["late"]
        for row in orgs.annotate(prefix=Substr("path", 1, length)).values("prefix").annotate(n=Count("id")).order_by():
            r = sub_rows.get(row["prefix"])
            if r is not None:
                r.orgs = row["n"]
    late = list(base.filter(late_q).select_related("org").order_by("planned_from", "org__path")[:late_limit])
    return Board(
        root=org,
        term=term,
        today=today,
        by_type=by_type,
        by_sub_org=list(sub_rows.values()),
        totals=totals,
        late=late,
    )


def status_choices_after(status: str) -> list[tuple[str, str]]:
    """The stages a congress may move to from `status` (never back)."""
    return [(s.value, s.label) for s in CongressStatus if rules.status_move_allowed(status, s.value) and s != status]
