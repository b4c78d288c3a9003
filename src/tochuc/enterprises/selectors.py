"""Reads of the enterprise register for views, exports and reports, always within the actor's scope: the
filtered list and its totals, one enterprise, and the targets for founding party organizations with the
progress of each org of the next level (one GROUP BY)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, Substr

from tochuc.accounts.roles import Action
from tochuc.core.rules import rules_in_force
from tochuc.core.scope import get_in_scope_or_404, require, scope
from tochuc.core.text import fold
from tochuc.orgs.models import SEGMENT, Org
from tochuc.reports.targets import targets_by_path

from . import rules
from .models import CellTarget, Enterprise, EnterpriseSector

FOUNDING_RULE = "org.founding_min_official_members"
YES, NO = "yes", "no"


def founding_threshold(on: date | None = None) -> int:
    """The members needed to found a party organization (Charter Art. 21), from the rule table in force."""
    try:
        return int(rules_in_force(on)[FOUNDING_RULE])
    except KeyError:  # a database without the rule table's rows (never in a migrated one)
        return 3


def eligible_q(threshold: int, prefix: str = "") -> Q:
    """The condition of rules.founding_eligible, for the database."""
    return Q(
        **{
            f"{prefix}sector": EnterpriseSector.NON_STATE,
            f"{prefix}party_org__isnull": True,
            f"{prefix}closed_on__isnull": True,
            f"{prefix}party_members__gte": threshold,
        }
    )


def enterprise_list(
    *,
    actor,
    org: Org | None = None,
    q: str = "",
    sector: str = "",
    has_party_org: str = "",
    eligible: bool = False,
    include_closed: bool = False,
    threshold: int | None = None,
) -> QuerySet[Enterprise]:
    """Enterprises in the actor's scope (under `org` when given: 404 outside the scope), filtered, in
    Vietnamese order. `q`: words of the name (diacritics ignored) or the start of the tax code.
    `has_party_org`: "yes", "no" or "" (either). `eligible`: non-state, no party organization, enough party
    members to found one."""
    qs = scope(Enterprise.objects.select_related("org", "party_org"), actor, "org__path")
    if org is not None:
        require(actor, Action.LIST, org.path)
        qs = qs.filter(org__path__under=org.path)
    if not include_closed:
        qs = qs.open()
    if sector:
        qs = qs.filter(sector=sector)
    if has_party_org == YES:
        qs = qs.filter(party_org__isnull=False)
    elif has_party_org == NO:
        qs = qs.filter(party_org__isnull=True)
    if eligible:
        qs = qs.filter(eligible_q(threshold if threshold is not None else founding_threshold()))
    text = q.strip()
    digits = rules.tax_code_normalize(text)
    if digits.isdigit():
        qs = qs.filter(tax_code__startswith=digits)
    elif text:
        for word in fold(text).split():
            qs = qs.filter(name_folded__contains=word)
    return qs.order_by("sort_key", "id")


@dataclass(frozen=True)
class Totals:
    enterprises: int
    non_state: int
    non_state_with_party_org: int
    non_state_without_party_org: int
    eligible: int
    employees: int
    party_members: int


def enterprise_totals(qs: QuerySet[Enterprise], *, threshold: int) -> Totals:
    """The list's totals, one aggregate over what the filters kept."""
    non_state = Q(sector=EnterpriseSector.NON_STATE)
    row = qs.order_by().aggregate(
        enterprises=Count("pk"),
        non_state=Count("pk", filter=non_state),
        non_state_with_party_org=Count("pk", filter=non_state & Q(party_org__isnull=False)),
        non_state_without_party_org=Count("pk", filter=non_state & Q(party_org__isnull=True)),
        eligible=Count("pk", filter=eligible_q(threshold)),
        employees=Coalesce(Sum("employees"), 0),
        party_members=Coalesce(Sum("party_members"), 0),
    )
    return Totals(**row)


def enterprise_get(*, actor, pk: int) -> Enterprise:
    """One enterprise inside the actor's scope (open or ceased), or 404."""
    return get_in_scope_or_404(Enterprise.objects.select_related("org", "party_org"), actor, "org__path", pk=pk)


# --- Targets and progress -------------------------------------------------------------------------------


@dataclass
class Progress:
    """The non-state enterprises under one org: founded a party organization in the year, still without one
    today, and among those the ones with enough party members to found one."""

    founded: int = 0
    without: int = 0
    eligible: int = 0


@dataclass
class TargetRow:
    org: Org
    target: int | None  # set for this org by the level above (what the page edits)
    rolled: int | None  # what its target comes to: its own, else the sum of those set below it
    progress: Progress

    @property
    def percent(self) -> float | None:
        return rules.progress_percent(self.progress.founded, self.rolled)


@dataclass
class Targets:
    org: Org
    year: int
    own: int | None  # the target the level above gave `org`
    rolled: int | None  # `own`, else the sum of the targets set below it
    rows: list[TargetRow]  # the orgs of the next level
    direct: Progress  # enterprises whose area is `org` itself
    total: Progress  # the whole subtree

    @property
    def given(self) -> int:
        """What `org` gave its next level: the targets set for its children."""
        return sum(r.target or 0 for r in self.rows)

    @property
    def remainder(self) -> int | None:
        return rules.target_remainder(self.own, self.given)

    @property
    def overallocated(self) -> int:
        """How much more the org gave out than it got (0 when it did not)."""
        return max(0, -(self.remainder or 0))

    @property
    def percent(self) -> float | None:
        return rules.progress_percent(self.total.founded, self.rolled)


def cell_targets(*, actor, org: Org, year: int, threshold: int | None = None) -> Targets:
    """The open orgs of the next level under `org` with their targets for `year` (set, and rolled up from
    below) and their progress, the target of `org` itself, and the progress of the whole subtree: three
    queries, however many rows."""
    require(actor, Action.LIST, org.path)
    children = list(Org.objects.open().filter(parent=org).order_by("sort_key"))
    set_for = targets_by_path(CellTarget, year=year, paths=[org.path])
    by_prefix = progress_by_child(org, year=year, threshold=threshold or founding_threshold())
    rows = [
        TargetRow(c, set_for.get(c.path), rules.roll_up(set_for, c.path), by_prefix.get(c.path, Progress()))
        for c in children
    ]
    direct = by_prefix.get(org.path, Progress())
    total = Progress()
    for p in by_prefix.values():  # every prefix is a child's or the org's own (closed children included)
        total.founded += p.founded
        total.without += p.without
        total.eligible += p.eligible
    return Targets(
        org=org,
        year=year,
        own=set_for.get(org.path),
        rolled=rules.roll_up(set_for, org.path),
        rows=rows,
        direct=direct,
        total=total,
    )


def progress_by_child(org: Org, *, year: int, threshold: int) -> dict[str, Progress]:
    """Progress under each child of `org`, keyed by the child's path (`org.path` itself: directly in `org`).
    One GROUP BY: the first characters of an enterprise's org path name the child it lies under."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    length = len(org.path) + SEGMENT
    grouped = (
        Enterprise.objects.filter(sector=EnterpriseSector.NON_STATE, org__path__under=org.path)
        .annotate(row=Substr("org__path", 1, length))
        .values("row")
        .annotate(
            founded=Count("pk", filter=Q(party_org_since__gte=start, party_org_since__lte=end)),
            without=Count("pk", filter=Q(party_org__isnull=True, closed_on__isnull=True)),
            eligible=Count("pk", filter=eligible_q(threshold)),
        )
        .order_by()
    )
    return {r["row"]: Progress(r["founded"], r["without"], r["eligible"]) for r in grouped}


def enterprise_history(*, actor, enterprise: Enterprise, limit: int = 30) -> list[dict]:
    """What was done to the enterprise, newest first, from the audit log (the caller got it in scope)."""
    from tochuc.core.audit import ACTION_LABELS
    from tochuc.core.models import AuditEvent

    require(actor, Action.VIEW, enterprise.org.path)
    events = AuditEvent.objects.filter(object_type=Enterprise._meta.label_lower, object_id=str(enterprise.pk))
    return [
        {"at": e.at, "who": e.actor_name, "action": ACTION_LABELS.get(e.action, e.action), "changes": e.changes,
         "note": e.note}
        for e in events.order_by("-at", "-id")[:limit]
    ]  # fmt: skip
