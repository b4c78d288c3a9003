"""Reads of the members who work away from home (đi làm ăn xa), within the actor's scope: the list of those
away now under an org (by their home org, where they are counted), how long each has been away, and the
counts by kind and by place for the dashboard. A member's own records come with the dossier."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from tochuc.orgs.models import Org

from . import rules
from .choices import ACTIVE_STATUSES, AwayKind
from .models import WorkAway
from .selectors import Subtree, _subtree, _within

# The orders of the list: the longest away first; by home org (grouped on the page); by name; by place.
AWAY_ORDERS: dict[str, tuple[str, ...]] = {
    "since": ("since", "id"),
    "org": ("member__org__sort_key", "member__org_id", "member__sort_key", "id"),
    "name": ("member__sort_key", "id"),
    "place": ("kind", "place", "member__sort_key", "id"),
}


def _open(actor, org: Org | None, subtree: Subtree | None) -> QuerySet[WorkAway]:
    """The open records of the members of the scope who are still members (a member who died or left while
    away is no longer the org's to follow, whether or not the record was closed)."""
    qs = WorkAway.objects.filter(until__isnull=True, member__status__in=ACTIVE_STATUSES)
    return _within(qs, "member__org_id", _subtree(actor, org) if subtree is None else subtree)


def away_list(
    *,
    actor,
    org: Org | None = None,
    kind: str = "",
    place: str = "",
    order: str = "since",
    subtree: Subtree | None = None,
) -> QuerySet[WorkAway]:
    """Members away now, as their open records with the member and the home org joined, in the actor's scope
    (under `org`), of one `kind` and a `place` if given: the place as stored (a link from the counts) or
    typed in part ("hồ chí minh" finds "Thành phố Hồ Chí Minh")."""
    qs = _open(actor, org, subtree).select_related("member", "member__org")
    if kind:
        qs = qs.filter(kind=kind)
    text = " ".join(place.split())
    if text:
        qs = qs.filter(Q(place=rules.away_place(AwayKind.OTHER_PROVINCE, text)) | Q(place__icontains=text))
    return qs.order_by(*AWAY_ORDERS.get(order, AWAY_ORDERS["since"]))


def away_page(*, actor, number=1, per_page: int = 50, today: date | None = None, **filters) -> Page:
    """One page of `away_list`, each record with `months` away by `today`."""
    today = today or timezone.localdate()
    page = Paginator(away_list(actor=actor, **filters), per_page).get_page(number)
    page.object_list = with_months(list(page.object_list), today)
    return page


def with_months(records: list[WorkAway], today: date) -> list[WorkAway]:
    """Give each record `months`: completed months away by `today` (or by the return, once back)."""
    for r in records:
        r.months = rules.months_away(r.since, r.until or today)
    return records


def away_overview(
    *, actor, org: Org | None = None, number=1, per_page: int = 50, today: date | None = None, **filters
) -> tuple[AwayCounts, Page]:
    """The list page's counts (of the whole scope, unfiltered) and its page of rows, with one read of the
    scope."""
    subtree = _subtree(actor, org)
    counts = away_counts(actor=actor, subtree=subtree)
    return counts, away_page(actor=actor, subtree=subtree, number=number, per_page=per_page, today=today, **filters)


@dataclass(frozen=True)
class AwayCounts:
    """How many members of a scope are away now: in all, by kind (every kind, in the order of `AwayKind`),
    and at the places most of them went to, most first."""

    total: int
    by_kind: list[tuple[str, str, int]]  # (kind, label, count)
    by_place: list[tuple[str, str, int]]  # (kind, place, count)


def away_counts(*, actor, org: Org | None = None, top: int = 10, subtree: Subtree | None = None) -> AwayCounts:
    """The dashboard's counts of members away, aggregated by the database in two queries."""
    qs = _open(actor, org, subtree).order_by()
    kinds = dict(qs.values("kind").annotate(n=Count("id")).values_list("kind", "n"))
    places = qs.values("kind", "place").annotate(n=Count("id")).order_by("-n", "kind", "place")[:top]
    return AwayCounts(
        total=sum(kinds.values()),
        by_kind=[(k.value, k.label, kinds.get(k.value, 0)) for k in AwayKind],
        by_place=[(p["kind"], p["place"], p["n"]) for p in places],
    )
