"""The readers of conferences: those an actor sees (their subtree's, and those of the levels above, which
their orgs attend and raise recommendations at), one conference, and the counts of its recommendations the
actor sees."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from tochuc.accounts.roles import Action
from tochuc.core.scope import in_scope, require, root_path
from tochuc.core.text import fold
from tochuc.orgs.models import Org

from ..choices import RecommendationStatus
from ..models import Conference


def _visible_q(actor) -> Q | None:
    """Conferences of the actor's subtree and of their org's ancestors (None: nothing)."""
    prefix = root_path(actor)
    if prefix is None:
        return None
    if prefix == "":
        return Q()
    return Q(org__path__under=prefix) | Q(org__path__in=actor.org.ancestor_paths())


def conference_visible(actor, conference: Conference) -> bool:
    prefix = root_path(actor)
    if prefix is None:
        return False
    path = conference.org.path
    return path.startswith(prefix) or (prefix != "" and path in actor.org.ancestor_paths())


def in_scope_q(actor, field: str = "raised_by__path") -> Q:
    """The recommendations the actor sees, as a condition on `field` (the raising org's path)."""
    prefix = root_path(actor)
    if prefix is None:
        return Q(pk__in=[])
    return Q(**{f"{field}__under": prefix}) if prefix else Q()


def conference_list(
    *, actor, org: Org | None = None, kind: str = "", year: int | None = None, q: str = "", today: date | None = None
) -> QuerySet[Conference]:
    """The conferences the actor sees (under `org`, of a kind, a year, words of the title), each with the
    counts of its recommendations the actor sees: raised, still open or in progress, overdue, answered."""
    require(actor, Action.LIST, org.path if org is not None else None)
    visible = _visible_q(actor)
    if visible is None:
        return Conference.objects.none()
    today = today or timezone.localdate()
    qs = Conference.objects.filter(visible)
    if org is not None:
        qs = qs.filter(org__path__under=org.path)
    if kind:
        qs = qs.filter(kind=kind)
    if year:
        qs = qs.filter(held_on__year=year)
    for word in fold(q).split():
        qs = qs.filter(title_folded__contains=word)
    seen = Q(**{f"recommendations__{k}": v for k, v in _scope_kwargs(actor).items()})
    st = "recommendations__status"
    return (
        qs.select_related("org")
        .annotate(
            n_total=Count("recommendations", filter=seen),
            n_pending=Count(
                "recommendations",
                filter=seen & Q(**{f"{st}__in": [RecommendationStatus.OPEN, RecommendationStatus.ASSIGNED]}),
            ),
            n_overdue=Count(
                "recommendations",
                filter=seen & Q(**{st: RecommendationStatus.ASSIGNED, "recommendations__due_on__lt": today}),
            ),
            n_answered=Count(
                "recommendations",
                filter=seen & Q(**{f"{st}__in": [RecommendationStatus.ANSWERED, RecommendationStatus.CLOSED]}),
            ),
        )
        .order_by("-held_on", "-pk")
    )


def _scope_kwargs(actor) -> dict:
    prefix = root_path(actor)
    if prefix is None:
        return {"pk__in": []}
    return {"raised_by__path__under": prefix} if prefix else {}


def conference_get(*, actor, pk: int, action: str = Action.VIEW) -> Conference:
    """A conference the actor sees (404 otherwise); 403 when the role lacks `action` or, for a change, when
    the conference belongs to a level above the actor's."""
    conference = get_object_or_404(Conference.objects.select_related("org"), pk=pk)
    if not conference_visible(actor, conference):
        raise Http404
    require(actor, action)
    if action not in (Action.VIEW, Action.LIST) and not in_scope(actor, conference.org.path):
        raise PermissionDenied
    return conference


def conference_choices(*, actor, limit: int = 200) -> list[Conference]:
    """The latest conferences the actor sees, for a filter's drop-down."""
    visible = _visible_q(actor)
    if visible is None:
        return []
    return list(Conference.objects.filter(visible).select_related("org").order_by("-held_on", "-pk")[:limit])
