"""The readers of surplus staff: the cases an actor sees, their summary by status, policy and restructuring
event, one case, the posts a case's person may be reassigned to, and the cadre page's panel.

Who sees a case: those whose scope holds the org the person worked for before the restructuring (a closed org
keeps its place and path in the tree, so the officers above it, and those of the org itself, still see its
cases), and those whose scope holds the org that manages the person now (the successor, which carries out the
policy). `case_visible` says the same for one case.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from tochuc.accounts.roles import Action
from tochuc.core.scope import in_scope, require, scope
from tochuc.core.text import fold
from tochuc.orgs.models import Org, OrgEvent

from ..choices import SurplusPolicy, SurplusStatus
from ..models import Cadre, Post, SurplusCase


def case_visible(actor, case: SurplusCase) -> bool:
    """A case is seen by those whose scope holds the org the person worked for before the restructuring (its
    path stays in the tree after it closed) and by those whose scope holds the org that manages the person
    now (the successor, which carries out the policy)."""
    return in_scope(actor, case.org.path) or in_scope(actor, case.cadre.org.path)


def successor_of(case: SurplusCase) -> Org | None:
    """The org that took over from the case's org: its successor when it closed (followed along later
    mergers), the org itself when it is still open (a case recorded at the org that received others)."""
    org: Org | None = case.org
    seen = set()
    while org is not None and org.closed_on is not None and org.pk not in seen:
        seen.add(org.pk)
        following = org.successor
        if following is None and org.pk == case.org_id and case.event_id is not None:
            # A dissolution records no successor when no party member moved with it (only cadres, who are
            # not members, did): the org its event sent them to took over all the same.
            results = list(case.event.results.all()[:2])
            following = results[0] if len(results) == 1 else None
        org = following
    return org


def _visible(qs: QuerySet[SurplusCase], actor) -> QuerySet[SurplusCase]:
    return scope(qs, actor, "org__path") | scope(qs, actor, "cadre__org__path")


def surplus_list(
    *,
    actor,
    org: Org | None = None,
    event: OrgEvent | None = None,
    status: str = "",
    policy: str | None = None,
    kind: str = "",
    q: str = "",
) -> QuerySet[SurplusCase]:
    """The cases the actor sees; under `org` (the org the person worked for, or the one managing them now),
    of one restructuring `event`, with a status, a policy ("" = undecided), a kind of person, a name."""
    require(actor, Action.LIST, org.path if org is not None else None)
    qs = _visible(SurplusCase.objects.all(), actor)
    if org is not None:
        qs = qs.filter(Q(org__path__under=org.path) | Q(cadre__org__path__under=org.path))
    if event is not None:
        qs = qs.filter(event=event)
    if status:
        qs = qs.filter(status=status)
    if policy is not None:
        qs = qs.filter(policy=policy)
    if kind:
        qs = qs.filter(cadre__kind=kind)
    folded = fold(q).strip()
    if folded:
        qs = qs.filter(Q(cadre__name_folded__startswith=folded) | Q(cadre__name_folded__contains=" " + folded))
    return qs.select_related("cadre__org", "org", "event", "tenure__post").order_by(
        "status", "-identified_on", "cadre__sort_key", "pk"
    )


@dataclass
class Summary:
    total: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    # policy -> {status: count}, every policy (undecided first) with its total
    by_policy: list[tuple[str, str, dict[str, int], int]] = field(default_factory=list)


def surplus_summary(qs: QuerySet[SurplusCase]) -> Summary:
    """The cases of `qs` by status, and by policy × status: one GROUP BY."""
    rows = qs.order_by().values("policy", "status").annotate(n=Count("pk"))
    table: dict[str, dict[str, int]] = {}
    for r in rows:
        table.setdefault(r["policy"], {})[r["status"]] = r["n"]
    summary = Summary()
    summary.by_status = {s: sum(t.get(s, 0) for t in table.values()) for s in SurplusStatus.values}
    summary.total = sum(summary.by_status.values())
    for value, label in SurplusPolicy.choices:
        counts = {s: table.get(value, {}).get(s, 0) for s in SurplusStatus.values}
        summary.by_policy.append((value, label, counts, sum(counts.values())))
    return summary


@dataclass
class EventRow:
    event: OrgEvent
    counts: dict[str, int]
    total: int


def surplus_by_event(qs: QuerySet[SurplusCase], *, limit: int = 50) -> list[EventRow]:
    """The restructuring events of the cases in `qs`, newest first, each with its cases by status: one GROUP
    BY, then the events with the orgs they took and produced (two more queries)."""
    counts: dict[int, dict[str, int]] = {}
    for r in qs.order_by().filter(event__isnull=False).values("event_id", "status").annotate(n=Count("pk")):
        counts.setdefault(r["event_id"], {})[r["status"]] = r["n"]
    events = (
        OrgEvent.objects.filter(pk__in=list(counts))
        .prefetch_related("sources", "results")
        .order_by("-on", "-pk")[:limit]
    )
    return [
        EventRow(
            event=e,
            counts={s: counts[e.pk].get(s, 0) for s in SurplusStatus.values},
            total=sum(counts[e.pk].values()),
        )
        for e in events
    ]


def surplus_get(*, actor, pk: int, action: str = Action.VIEW) -> SurplusCase:
    """One case the actor sees (404 otherwise; 403 when the role lacks `action`)."""
    case = get_object_or_404(
        SurplusCase.objects.select_related("cadre__org", "org__successor", "event", "tenure__post__org"), pk=pk
    )
    if not case_visible(actor, case):
        raise Http404
    require(actor, action)
    return case


def surplus_event_get(*, actor, pk: int) -> OrgEvent:
    """A restructuring event the actor may filter or record cases by: one that took or produced an org in
    their scope (404 otherwise)."""
    require(actor, Action.LIST)
    orgs = scope(Org.objects.all(), actor)
    event = (
        OrgEvent.objects.filter(pk=pk)
        .filter(Q(sources__in=orgs) | Q(results__in=orgs))
        .distinct()
        .prefetch_related("sources", "results")
        .first()
    )
    if event is None:
        raise Http404
    return event


def reassignment_posts(*, actor, case: SurplusCase) -> QuerySet[Post]:
    """The open posts of the successor org (and the orgs under it) in the actor's scope: where the person may
    be reassigned, with the number of their holders today."""
    successor = successor_of(case)
    if successor is None:
        return Post.objects.none()
    qs = scope(Post.objects.filter(closed_on__isnull=True, org__path__under=successor.path), actor, "org__path")
    held = Count("tenures", filter=Q(tenures__ended_on__isnull=True))
    return qs.select_related("org").annotate(held=held).order_by("org__path", "title", "name")


def cadre_panel(*, actor, cadre: Cadre) -> dict:
    """This topic's part of the cadre's page: the surplus cases of the person (one query)."""
    cases = list(
        _visible(SurplusCase.objects.filter(cadre=cadre), actor)
        .select_related("org", "event", "tenure__post")
        .order_by("-identified_on", "-pk")
    )
    return {"surplus_cases": cases}


def export_rows(qs: QuerySet[SurplusCase]):
    """The cases of `qs` as spreadsheet rows (streamed in chunks)."""
    for i, c in enumerate(qs.iterator(chunk_size=2000), start=1):
        yield [
            i,
            c.cadre.full_name,
            _d(c.cadre.birth_date),
            c.cadre.get_sex_display(),
            c.cadre.get_kind_display(),
            c.tenure.post.name if c.tenure_id else "",
            c.org.name,
            c.org.code,
            event_label(c.event) if c.event_id else "",
            _d(c.identified_on),
            c.get_policy_display(),
            c.get_status_display(),
            _d(c.policy_on),
            c.decision_no,
            c.cadre.org.name,
            c.note,
        ]


def event_label(event: OrgEvent) -> str:
    """ "Hợp nhất, sáp nhập 01/01/2026, QĐ 12-QĐ/TU": how a list names a restructuring event."""
    text = f"{event.get_kind_display()} {_d(event.on)}"
    return f"{text}, QĐ {event.decision_no}" if event.decision_no else text


def _d(d) -> str:
    return d.strftime("%d/%m/%Y") if d else ""
