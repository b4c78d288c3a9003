"""Reads of commendation decisions: the list under an org with the number of collectives and people each
awards, one decision with its two lists, the accepted nominations an org may decide on, and the conferences
where a decision may be presented. Scope follows the deciding org."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from tochuc.accounts.roles import Action
from tochuc.cadres.choices import Title
from tochuc.cadres.models import Tenure
from tochuc.core.scope import get_in_scope_or_404, require, scope
from tochuc.core.text import fold
from tochuc.orgs.models import Org
from tochuc.proposals.models import Conference

from ..choices import NomineeStatus, RecipientKind
from ..models import Decision, Nominee


def decision_list(
    *, actor, org: Org | None = None, year: int | None = None, form: str = "", period_type: str = "", q: str = ""
) -> QuerySet[Decision]:
    """The decisions of the orgs under `org` (the whole scope when None), latest signed first, each annotated
    with `orgs` and `people`, the collectives and persons it awards."""
    require(actor, Action.LIST, org.path if org is not None else None)
    qs = scope(Decision.objects.select_related("org", "conference"), actor, "org__path")
    if org is not None:
        qs = qs.filter(org__path__under=org.path)
    if year:
        qs = qs.filter(signed_on__year=year)
    if form:
        qs = qs.filter(form=form)
    if period_type:
        qs = qs.filter(period_type=period_type)
    q = " ".join(q.split())
    if q:
        qs = qs.filter(Q(number__icontains=q) | Q(title__icontains=q))
    return qs.annotate(
        orgs=Count("nominees", filter=Q(nominees__kind=RecipientKind.ORG)),
        people=Count("nominees", filter=Q(nominees__kind=RecipientKind.MEMBER)),
    ).order_by("-signed_on", "-id")


def decision_get(*, actor, pk: int) -> Decision:
    return get_in_scope_or_404(
        Decision.objects.select_related("org", "org__parent", "conference", "actor"), actor, "org__path", pk=pk
    )


@dataclass
class DecisionLists:
    orgs: list[Nominee]
    people: list[Nominee]


def decision_lists(decision: Decision) -> DecisionLists:
    """The collectives and the persons a decision awards, in the order of the tree and then of the names (the
    order of the printed list): one query."""
    rows = list(
        decision.nominees.select_related("proposing_org", "recipient_org", "member").order_by(
            "proposing_org__path", "recipient_org__path", "member__sort_key", "id"
        )
    )
    return DecisionLists(
        orgs=[n for n in rows if n.kind == RecipientKind.ORG],
        people=[n for n in rows if n.kind == RecipientKind.MEMBER],
    )


def decidable_nominees(
    *, actor, org: Org, form: str = "", period_type: str = "", year_to: int | None = None, q: str = ""
) -> QuerySet[Nominee]:
    """The accepted nominations that the committee of `org` may award (proposed strictly under it; a top org's
    own ones too), filtered by form, kind and year, collectives first."""
    require(actor, Action.CREATE, org.path)
    qs = scope(Nominee.objects.select_related("proposing_org"), actor, "proposing_org__path").filter(
        status=NomineeStatus.ACCEPTED, proposing_org__path__under=org.path
    )
    if org.depth > 0:
        qs = qs.exclude(proposing_org=org)
    if form:
        qs = qs.filter(form=form)
    if period_type:
        qs = qs.filter(period_type=period_type)
    if year_to:
        qs = qs.filter(year_to=year_to)
    for word in fold(q).split():
        qs = qs.filter(recipient_folded__contains=word)
    return qs.order_by("-kind", "proposing_org__path", "recipient_folded", "id")


def conference_choices(*, actor, org: Org | None, limit: int = 50) -> list[Conference]:
    """The latest conferences held by `org` (where a decision of `org` may be presented)."""
    if org is None:
        return []
    return list(scope(Conference.objects.filter(org=org), actor, "org__path").order_by("-held_on", "-id")[:limit])


def signer_suggestion(org: Org, on) -> tuple[str, str]:
    """Who usually signs for `org` on `on`: its secretary from cadre work (a deputy when the seat is empty), as
    (name, title); blank when cadre work does not know. The person who signed is typed on the form."""
    tenures = (
        Tenure.objects.filter(
            post__org=org, post__title__in=[Title.SECRETARY, Title.DEPUTY_SECRETARY], started_on__lte=on
        )
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=on))
        .select_related("cadre", "post")
        .order_by("started_on", "id")
    )
    found = {t.post.title: t.cadre.full_name for t in tenures}
    if Title.SECRETARY in found:
        return found[Title.SECRETARY], str(Title.SECRETARY.label)
    if Title.DEPUTY_SECRETARY in found:
        return found[Title.DEPUTY_SECRETARY], str(Title.DEPUTY_SECRETARY.label)
    return "", ""
