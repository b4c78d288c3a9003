"""Reads of member records for views and exports, always within the actor's scope: the filtered list,
search by name (diacritics ignored), citizen ID or card number, and the follow-up lists of the dashboard."""

from __future__ import annotations

import calendar
import operator
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import reduce

from django.core.paginator import Page, Paginator
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.fields.json import KT
from django.utils import timezone

from tochuc.core.calendar import holidays_between
from tochuc.core.dates import add_months
from tochuc.core.rules import RulesInForce, rules_in_force
from tochuc.core.scope import get_in_scope_or_404, scope
from tochuc.core.text import fold
from tochuc.orgs.models import Org

from . import rules
from .choices import ACTIVE_STATUSES, ENDED_STATUSES, Status
from .models import EventKind, Member, MemberEvent, WorkAway

# Age bands of the statistical forms, as (lowest, highest) completed years; None = open.
AGE_BANDS: dict[str, tuple[int | None, int | None]] = {
    "30": (None, 30),
    "31-40": (31, 40),
    "41-50": (41, 50),
    "51-60": (51, 60),
    "61-70": (61, 70),
    "71": (71, None),
}
# Status groups besides the stored statuses themselves.
ACTIVE, ENDED, ALL = "active", "ended", "all"
ORDERS: dict[str, tuple[str, ...]] = {
    "name": ("sort_key", "id"),
    "-name": ("-sort_key", "-id"),
    "birth_date": ("birth_date", "id"),
    "-birth_date": ("-birth_date", "-id"),
    "admitted_on": ("admitted_on", "id"),
    "-admitted_on": ("-admitted_on", "-id"),
    "official_on": ("official_on", "id"),
    "-official_on": ("-official_on", "-id"),
    "org": ("org__sort_key", "org_id", "sort_key", "id"),
    "-org": ("-org__sort_key", "-org_id", "sort_key", "id"),
    "status": ("status", "sort_key", "id"),
}


# Up to this many orgs, a subtree is read from its orgs' members (the index on org); above, from the
# member indexes (name, sort key, status) with the subtree as a filter. See `_subtree`.
SMALL_SUBTREE = 200

Subtree = list[int] | QuerySet  # the org ids of a scope: listed when few, else a subquery


def _subtree(actor, org: Org | None) -> Subtree:
    """The orgs of the actor's scope (`core.scope`), under `org` if given, as `_within` filters by them.

    Written for the query planners: a joined `org.path` prefix makes SQLite (which keeps no histograms)
    start from the orgs and read every member of the subtree, then sort them, even for a whole province
    where reading the name or sort-key index and stopping at the page's last row is thousands of times
    cheaper. So a small subtree (a cell, a commune) is given as its list of org ids, which the org index
    serves, and a large one as a subquery tested by `org_id + 0 IN (...)`, which no plan can start from.
    """
    orgs = scope(Org.objects.all(), actor)
    if org is not None:
        orgs = orgs.filter(path__under=org.path)
    ids = list(orgs.order_by().values_list("id", flat=True)[: SMALL_SUBTREE + 1])
    return ids if len(ids) <= SMALL_SUBTREE else orgs.order_by().values("id")


def _within(qs: QuerySet, field: str, subtree: Subtree) -> QuerySet:
    """`qs` restricted to the members of `subtree`; `field` leads from the model to a member's org id."""
    if isinstance(subtree, list):
        return qs.filter(**{f"{field}__in": subtree})
    return qs.alias(_scope_org=F(field) + 0).filter(_scope_org__in=subtree)


def _born_range(band: str, today: date) -> Q:
    """The birth dates of an age band, so the database filters on the indexed date, not on a computed age:
    aged at least N on `today` is born on or before today - N years."""
    low, high = AGE_BANDS[band]
    q = Q()
    if low is not None:
        q &= Q(birth_date__lte=add_months(today, -12 * low))
    if high is not None:
        q &= Q(birth_date__gt=add_months(today, -12 * (high + 1)))
    return q


_NEXT = "0123456789abcdefghijklmnopqrstuvwxyz"


def _prefix(field: str, prefix: str, *, words: bool = False) -> Q:
    """`field` starts with `prefix`, written so that every database reads it as a range of the field's plain
    index, in that index's order (which the search's LIMIT needs to stop early): prefix <= field < the next
    prefix ("nguyen van h" -> "nguyen van i"; "ab9", "abz" -> "ac"). PostgreSQL serves a LIKE 'x%' alone from
    a pattern index, which cannot give the ORDER BY order.

    A value of one token (a given name, a citizen ID) orders the same in every collation, so the range is the
    match; a value of several `words` may not (a collation may skip the spaces), so the range is narrowed by
    `under` (GLOB on SQLite, LIKE on PostgreSQL), the exact test.
    """
    match = Q(**{f"{field}__under": prefix})
    for i in range(len(prefix) - 1, -1, -1):
        c = prefix[i]
        if c not in _NEXT:
            return match  # a character whose successor is unclear: the exact test alone
        if c not in "9z":
            in_range = Q(**{f"{field}__gte": prefix, f"{field}__lt": prefix[:i] + _NEXT[_NEXT.index(c) + 1]})
            return in_range & match if words else in_range
    return match


# The given name with the other words of the name inside ("thu trang") reads every given name of that prefix
# that is in scope until it finds enough: only for a prefix long enough to be selective.
MIN_GIVEN_WITH_WORDS = 3


def _search_branches(q: str) -> list[tuple[Q, tuple[str, ...]]]:
    """The ways `q` matches, each with the order of its own index, the main one first. Digits: a prefix of
    the citizen ID or of the card number. One word: a prefix of the folded full name or of the given name
    ("hoa"). Several words: a prefix of the folded full name ("nguyen thi h"), or the given name's prefix
    with the other words inside the name ("thu trang"). Every branch starts with an indexed prefix (`under`:
    a range of the index), so none reads the whole table."""
    text = q.strip()
    digits = text.replace(" ", "").replace(".", "")
    if digits.isdigit():
        return [(_prefix("citizen_id", digits), ("citizen_id",)), (_prefix("card_number", digits), ("card_number",))]
    folded = fold(text)
    if not folded:
        return []
    words = folded.split()
    branches = [(_prefix("name_folded", folded, words=True), ("name_folded",))]
    if len(words) == 1 or len(words[-1]) >= MIN_GIVEN_WITH_WORDS:
        by_given = _prefix("given_folded", words[-1])
        for w in words[:-1]:
            by_given &= Q(name_folded__contains=w)
        branches.append((by_given, ("given_folded",)))
    return branches


def member_list(
    *,
    actor,
    org: Org | None = None,
    q: str = "",
    include_inactive: bool = False,
    status: str = "",
    sex: str = "",
    age_band: str = "",
    ethnic_group: str = "",
    religion: str = "",
    education: str = "",
    qualification: str = "",
    theory_level: str = "",
    occupation: str = "",
    admitted_from: date | None = None,
    admitted_to: date | None = None,
    official_from: date | None = None,
    official_to: date | None = None,
    flags: Collection[str] = (),
    order: str = "name",
    today: date | None = None,
) -> QuerySet[Member]:
    """Members in the actor's scope (optionally under `org`), filtered and ordered; every filter is a
    condition on a stored column, so the database does the work and the page is a LIMIT of it.

    `status`: "" or "active" (probationary and official, not between two orgs, unless `in_transit` is among
    the flags), "ended", "all", or one stored status. `include_inactive` (older callers) means "all".
    """
    qs = _within(Member.objects.select_related("org"), "org_id", _subtree(actor, org))
    status = status or (ALL if include_inactive else ACTIVE)
    if status == ACTIVE:
        qs = qs.filter(status__in=ACTIVE_STATUSES) if "in_transit" in flags else qs.active()
    elif status == ENDED:
        qs = qs.filter(status__in=ENDED_STATUSES)
    elif status != ALL:
        qs = qs.filter(status=status)
    exact = {
        "sex": sex,
        "ethnic_group": ethnic_group,
        "religion": religion,
        "education": education,
        "qualification": qualification,
        "theory_level": theory_level,
        "occupation": occupation,
    }
    qs = qs.filter(**{k: v for k, v in exact.items() if v})
    if age_band:
        qs = qs.filter(_born_range(age_band, today or timezone.localdate()))
    ranges = {
        "admitted_on__gte": admitted_from,
        "admitted_on__lte": admitted_to,
        "official_on__gte": official_from,
        "official_on__lte": official_to,
    }
    qs = qs.filter(**{k: v for k, v in ranges.items() if v})
    if "exempted" in flags:
        qs = qs.filter(exempted=True)
    if "temporary" in flags:
        qs = qs.filter(temporary_host__isnull=False)
    if "in_transit" in flags:
        qs = qs.filter(in_transit=True)
    if "lost_contact" in flags:
        qs = qs.filter(lost_contact=True)
    if "away" in flags:
        qs = qs.away()
    branches = _search_branches(q)
    if branches:
        qs = qs.filter(reduce(operator.or_, (match for match, _order in branches)))
    return qs.order_by(*ORDERS.get(order, ORDERS["name"]))


def member_search(*, actor, q: str, limit: int = 20, include_inactive: bool = False) -> list[Member]:
    """Search as you type: up to `limit` members matching `q`, in Vietnamese order.

    Each way of matching is read in its own index's order and stops after `limit` rows, so a short prefix
    ("ng", half the province) costs no more than a long one; the few rows found are then put in order.
    (Ordered by the indexed column alone: with the id as well, PostgreSQL reads every equal name to sort it.)
    """
    branches = _search_branches(q)
    if not branches:
        return []
    base = member_list(actor=actor, include_inactive=include_inactive).select_related(None)
    several_words = len(q.split()) > 1
    found: dict[int, Member] = {}
    for i, (match, order) in enumerate(branches):
        if i and several_words and len(found) >= limit:
            break  # "nguyen thi h" found enough by the full name: the other words need not be looked for
        for m in base.filter(match).order_by(*order)[:limit]:
            found.setdefault(m.pk, m)
    return _with_orgs(sorted(found.values(), key=lambda m: (m.sort_key, m.pk))[:limit])


def member_page(*, actor, number=1, per_page: int = 50, **filters) -> Page:
    """One page of `member_list(actor=actor, **filters)`, its members' orgs read in one more query.

    Not joined: with the orgs joined, SQLite starts from the orgs and sorts the whole subtree, where reading
    the sort-key index and stopping at the page's last row is what a page of a province needs.
    """
    qs = member_list(actor=actor, **filters).select_related(None)
    page = Paginator(qs, per_page).get_page(number)
    page.object_list = _with_away(_with_orgs(list(page.object_list)))
    return page


def _with_away(members: list[Member]) -> list[Member]:
    """Mark `away` the members working away from home now (one query for the page, by the open-record index)."""
    away = set(
        WorkAway.objects.filter(member_id__in=[m.pk for m in members], until__isnull=True).values_list(
            "member_id", flat=True
        )
    )
    for m in members:
        m.away = m.pk in away
    return members


def _with_orgs(members: list[Member]) -> list[Member]:
    """Give each member its org (read in one query) without joining the orgs to the members' query."""
    orgs = Org.objects.in_bulk({m.org_id for m in members})
    for m in members:
        m.org = orgs[m.org_id]
    return members


def member_get(*, actor, pk: int) -> Member:
    return get_in_scope_or_404(Member.objects.select_related("org"), actor, "org__path", pk=pk)


# --- The dashboard: follow-up lists -------------------------------------------------------------------------


@dataclass(frozen=True)
class Watchlist:
    """One follow-up list: its rows as a query (paginated by the view) and `complete`, which adds to a page
    of rows what the rules compute (deadlines, overdue) with a fixed number of queries, never one per row."""

    key: str
    qs: QuerySet
    complete: Callable[[list], list]
    on: date | None = None  # the day the list is about (the next badge ceremony, the end of the month)

    def page(self, number=1, per_page: int = 50) -> Page:
        page = Paginator(self.qs, per_page).get_page(number)
        page.object_list = self.complete(list(page.object_list))
        return page


def _latest_start(end: date, months: int) -> date:
    """The latest day D with add_months(D, months) <= end (month ends and 29 February included)."""
    d = add_months(end, -months)
    while add_months(d + timedelta(days=1), months) <= end:
        d += timedelta(days=1)
    return d


def _standing() -> Exists:
    """Whether no `cancel` event points at the event (a correlated test the planner keeps per row; the
    joined form, `cancelled_by__isnull`, made SQLite build a temporary index on every query)."""
    return ~Exists(MemberEvent.objects.filter(cancels_id=OuterRef("pk")))


def _events(subtree: Subtree, kind: str) -> QuerySet[MemberEvent]:
    """Events of `kind`, not cancelled, of the members of `subtree` (by the member's own org)."""
    qs = MemberEvent.objects.filter(_standing(), kind=kind)
    return _within(qs, "member__org_id", subtree).select_related("member", "other_org")


def _latest_of(kinds: Sequence[str]) -> Exists:
    """A later event (or one of the same day recorded after) of `kinds`, not cancelled, for the same member."""
    later = MemberEvent.objects.filter(_standing(), member_id=OuterRef("member_id"), kind__in=list(kinds)).filter(
        Q(on__gt=OuterRef("on")) | Q(on=OuterRef("on"), id__gt=OuterRef("id"))
    )
    return Exists(later)


def _iso(value) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def due_for_recognition(
    *,
    actor,
    org: Org | None = None,
    today: date | None = None,
    r: RulesInForce | None = None,
    subtree: Subtree | None = None,
) -> Watchlist:
    """Probationary members whose probation (12 months from the ceremony) ends this month or ended earlier,
    not recognized yet; each with the day probation ends and the last day for the cell's review (30 working
    days after, holidays skipped), overdue when that day has passed (DOMAIN.md §1.2)."""
    today = today or timezone.localdate()
    r = r or rules_in_force(today)
    months, working_days = r["probation.months"], r["probation.review_working_days"]
    month_end = today.replace(day=calendar.monthrange(today.year, today.month)[1])
    qs = (
        _within(Member.objects.all(), "org_id", _subtree(actor, org) if subtree is None else subtree)
        .filter(
            status=Status.PROBATIONARY, ceremony_on__isnull=False, ceremony_on__lte=_latest_start(month_end, months)
        )
        .order_by("ceremony_on", "id")
    )

    def complete(members: list[Member]) -> list[Member]:
        if not members:
            return members
        _with_orgs(members)
        ends = [rules.probation_end(m.ceremony_on, months=months) for m in members]
        # n working days never span more than 2n + 20 calendar days (weekends and Tết included).
        holidays = holidays_between(min(ends), max(ends) + timedelta(days=2 * working_days + 20))
        for m, end in zip(members, ends, strict=True):
            m.probation_end = end
            m.review_due = rules.recognition_review_due(
                m.ceremony_on, months=months, working_days=working_days, holidays=holidays
            )
            m.overdue = m.review_due < today
        return members

    return Watchlist("recognition", qs, complete, on=month_end)


def due_for_badge(
    *,
    actor,
    org: Org | None = None,
    today: date | None = None,
    r: RulesInForce | None = None,
    subtree: Subtree | None = None,
) -> Watchlist:
    """Official members whose next badge milestone (after the highest awarded, `Member.highest_badge`) falls
    due by the next award ceremony (the rule table's occasions: 3/2, 19/5, 2/9, 7/11); each with the badge
    `rules.eligible_badge` gives on that day and the day it became due (DOMAIN.md §1.8)."""
    today = today or timezone.localdate()
    r = r or rules_in_force(today)
    milestones = sorted(r["badge.milestones_years"])
    occasion = rules.next_occasion(today, r["badge.occasions"])
    # Due for milestone m: the holders of the milestone before it (none, before the first) whose party age
    # reaches m by the ceremony. One range of the (highest_badge, party_age_from) index per milestone.
    due = Q()
    for previous, m in zip([None, *milestones], milestones, strict=False):
        due |= Q(highest_badge=previous, party_age_from__lte=_latest_start(occasion, 12 * m))
    qs = (
        _within(Member.objects.all(), "org_id", _subtree(actor, org) if subtree is None else subtree)
        .filter(status=Status.OFFICIAL, in_transit=False, party_age_from__isnull=False)
        .filter(due)
        .order_by("party_age_from", "id")
    )
    early_65, early_70 = r["badge.early_months_up_to_65"], r["badge.early_months_from_70"]

    def complete(members: list[Member]) -> list[Member]:
        _with_orgs(members)
        for m in members:
            awarded = {x for x in milestones if m.highest_badge and x <= m.highest_badge}
            m.badge = rules.eligible_badge(
                m.party_age_from,
                occasion,
                milestones=milestones,
                awarded=awarded,
                early_up_to_65=early_65,
                early_from_70=early_70,
            )
            m.badge_due = (
                rules.badge_due_on(
                    m.party_age_from, m.badge, seriously_ill=False, early_up_to_65=early_65, early_from_70=early_70
                )
                if m.badge
                else None
            )
        return members

    return Watchlist("badges", qs, complete, on=occasion)


def on_temporary_transfer(
    *,
    actor,
    org: Org | None = None,
    today: date | None = None,
    subtree: Subtree | None = None,
    by_home_org: bool = False,
) -> Watchlist:
    """Members attached temporarily elsewhere, listed under their home org (where they are counted): their
    latest temporary transfer not followed by a return, with the host (an org of the province, or a place
    outside it) and the agreed end, overdue once passed (DOMAIN.md §1.5). The scope and `org` select by the
    home org, never by the host; `by_home_org` orders them home org by home org (the soonest end first
    within each), for a page that groups them, instead of the soonest end first overall."""
    today = today or timezone.localdate()
    order = ("member__org__sort_key", "member__org_id") if by_home_org else ()
    qs = (
        _events(_subtree(actor, org) if subtree is None else subtree, EventKind.TEMPORARY_OUT)
        .filter(member__status__in=ACTIVE_STATUSES, member__in_transit=False)
        .exclude(_latest_of([EventKind.TEMPORARY_OUT, EventKind.TEMPORARY_RETURN, EventKind.TRANSFER_OUT]))
        .order_by(*order, KT("data__until"), "id")
    )

    def complete(events: list[MemberEvent]) -> list[MemberEvent]:
        _with_orgs([e.member for e in events])
        for e in events:
            e.until = _iso(e.data.get("until"))
            e.host = e.other_org.name if e.other_org else e.data.get("destination", "")
            e.overdue = e.until is not None and e.until < today
        return events

    return Watchlist("temporary", qs, complete)


def in_transit(
    *, actor, org: Org | None = None, today: date | None = None, subtree: Subtree | None = None
) -> Watchlist:
    """Members whose transfer letter to another org of the province was issued and who have not been received
    yet, listed under the sending org; with the last day to present the letter (30 working days), overdue once
    passed (DOMAIN.md §1.5)."""
    today = today or timezone.localdate()
    qs = (
        _events(_subtree(actor, org) if subtree is None else subtree, EventKind.TRANSFER_OUT)
        .filter(member__status__in=ACTIVE_STATUSES, member__in_transit=True)
        .exclude(_latest_of([EventKind.TRANSFER_OUT, EventKind.TRANSFER_IN]))
        .order_by(KT("data__present_by"), "id")
    )

    def complete(events: list[MemberEvent]) -> list[MemberEvent]:
        _with_orgs([e.member for e in events])
        for e in events:
            e.present_by = _iso(e.data.get("present_by"))
            e.overdue = e.present_by is not None and e.present_by < today
        return events

    return Watchlist("transit", qs, complete)


def member_watchlists(
    *, actor, org: Org | None = None, today: date | None = None, by_home_org: bool = False
) -> dict[str, Watchlist]:
    """The four follow-up lists of the dashboard, in the order shown, with one read of the rule table and
    of the scope. `by_home_org`: the temporary transfers ordered by home org (`on_temporary_transfer`)."""
    today = today or timezone.localdate()
    r, subtree = rules_in_force(today), _subtree(actor, org)
    return {
        "recognition": due_for_recognition(actor=actor, today=today, r=r, subtree=subtree),
        "badges": due_for_badge(actor=actor, today=today, r=r, subtree=subtree),
        "temporary": on_temporary_transfer(actor=actor, today=today, subtree=subtree, by_home_org=by_home_org),
        "transit": in_transit(actor=actor, today=today, subtree=subtree),
    }
