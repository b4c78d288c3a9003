"""Reads of campaigns: the list a user sees (the campaigns of their subtree and those above it that their
subtree works on, each with its progress counted inside their scope), one campaign, and its progress by
sub-org (counts per stage and per level, one GROUP BY)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Substr
from django.http import Http404

from tochuc.accounts.roles import Action
from tochuc.core.scope import require, root_path
from tochuc.orgs.models import SEGMENT, Org

from ..choices import PeriodKind, Rating, Stage, SubjectKind
from ..models import Campaign, Entry


def visible_campaigns(actor) -> QuerySet[Campaign]:
    """The campaigns whose org lies in the actor's subtree, or above it (a province's campaign is worked on by
    its communes)."""
    root = root_path(actor)
    if root is None:
        return Campaign.objects.none()
    if root == "":
        return Campaign.objects.all()
    above = [root[:i] for i in range(SEGMENT, len(root), SEGMENT)]
    return Campaign.objects.filter(Q(org__path__under=root) | Q(org__path__in=above))


def entries_in_scope(actor, campaign: Campaign | None = None) -> QuerySet[Entry]:
    """The entries the actor sees: those whose org lies in their scope."""
    root = root_path(actor)
    qs = Entry.objects.all() if campaign is None else Entry.objects.filter(campaign=campaign)
    if root is None:
        return qs.none()
    return qs if root == "" else qs.filter(org__path__under=root)


def campaign_list(
    *,
    actor,
    org: Org | None = None,
    year: int | None = None,
    period_kind: str = "",
    status: str = "",
) -> QuerySet[Campaign]:
    """The campaigns the actor sees, newest first, narrowed to those covering `org` (its own, above it, or
    under it), each with `n_entries`, `n_decided` and `n_self` counted inside the actor's scope."""
    require(actor, Action.LIST)
    qs = visible_campaigns(actor).select_related("org")
    if org is not None:
        qs = qs.filter(Q(org__path__under=org.path) | Q(org__path__in=org.ancestor_paths()))
    if year:
        qs = qs.filter(year=year)
    if period_kind:
        qs = qs.filter(period_kind=period_kind)
    if status:
        qs = qs.filter(status=status)
    root = root_path(actor) or ""
    mine = Q(entries__org__path__under=root) if root else Q()
    return qs.annotate(
        n_entries=Count("entries", filter=mine),
        n_decided=Count("entries", filter=mine & Q(entries__stage=Stage.DECIDED)),
        n_self=Count("entries", filter=mine & ~Q(entries__stage=Stage.PENDING)),
    ).order_by("-year", "-starts_on", "-id")


def repeated_failures(*, actor, campaigns: list[Campaign]) -> dict[int, int]:
    """For each yearly campaign, how many of the entries the actor sees were rated "not completed" this year
    and the year before (the flag of DOMAIN.md §2). One query."""
    yearly = [c for c in campaigns if c.period_kind == PeriodKind.YEAR]
    if not yearly:
        return {}
    rows = (
        entries_in_scope(actor)
        .filter(campaign__in=yearly, level=Rating.NOT_COMPLETED)
        .filter(Exists(previous_failure()))
        .values("campaign_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {r["campaign_id"]: r["n"] for r in rows}


def previous_failure() -> QuerySet[Entry]:
    """For an outer entry: the same subject rated "not completed" in the yearly campaign of the year before."""
    prior = Entry.objects.filter(
        level=Rating.NOT_COMPLETED,
        campaign__period_kind=PeriodKind.YEAR,
        campaign__year=OuterRef("campaign__year") - 1,
        kind=OuterRef("kind"),
    )
    return prior.filter(
        Q(kind=SubjectKind.MEMBER, member=OuterRef("member")) | Q(kind=SubjectKind.ORG, org=OuterRef("org"))
    )


def campaign_get(*, actor, pk: int) -> Campaign:
    """A campaign the actor sees (in their subtree or above it), else 404."""
    require(actor, Action.VIEW)
    try:
        return visible_campaigns(actor).select_related("org", "org__parent").get(pk=pk)
    except Campaign.DoesNotExist:
        raise Http404 from None


def viewpoint(*, actor, campaign: Campaign, org: Org | None) -> Org:
    """The org a campaign's pages are seen from: the one asked for (inside the actor's scope and the campaign's
    subtree, 404 otherwise), else the campaign's org when the actor sees it whole, else the actor's own org."""
    root = root_path(actor) or ""
    if org is not None:
        if not (org.path.startswith(campaign.org.path) and org.path.startswith(root)):
            raise Http404
        return org
    if campaign.org.path.startswith(root):
        return campaign.org
    return actor.org


@dataclass
class ProgressRow:
    """A sub-org of the viewpoint (or the viewpoint's own entries): counts per stage and per level."""

    org: Org | None
    label: str
    path: str
    stages: dict[str, int] = field(default_factory=dict)
    levels: dict[str, int] = field(default_factory=dict)
    total: int = 0
    has_children: bool = False

    def add(self, stage: str, level: str, n: int) -> None:
        self.total += n
        self.stages[stage] = self.stages.get(stage, 0) + n
        if level:
            self.levels[level] = self.levels.get(level, 0) + n

    @property
    def stage_cells(self) -> list[int]:
        return [self.stages.get(s, 0) for s in Stage.values]

    @property
    def level_cells(self) -> list[int]:
        return [self.levels.get(level, 0) for level in (Rating.EXCELLENT, Rating.GOOD, Rating.COMPLETED,
                                                        Rating.NOT_COMPLETED)]  # fmt: skip


@dataclass
class Progress:
    org: Org
    kind: str
    rows: list[ProgressRow]
    total: ProgressRow


def campaign_progress(*, actor, campaign: Campaign, org: Org, kind: str = SubjectKind.MEMBER) -> Progress:
    """The campaign's entries of `kind` under `org` counted by the child of `org` they lie under (a row for the
    entries of `org` itself first), by stage and by level: one GROUP BY over the subtree, one query for the
    children."""
    length = len(org.path) + SEGMENT
    counts = (
        entries_in_scope(actor, campaign)
        .filter(org__path__under=org.path, kind=kind)
        .annotate(prefix=Substr("org__path", 1, length))
        .values("prefix", "stage", "level")
        .annotate(n=Count("id"))
        .order_by()
    )
    by_prefix: dict[str, list[tuple[str, str, int]]] = {}
    for r in counts:
        by_prefix.setdefault(r["prefix"], []).append((r["stage"], r["level"], r["n"]))
    children = list(
        Org.objects.filter(Q(parent=org, closed_on__isnull=True) | Q(path__in=list(by_prefix)))
        .exclude(pk=org.pk)
        .annotate(n_children=Count("children"))
        .order_by("sort_key")
    )
    own = ProgressRow(org=org, label=org.name, path=org.path)
    rows = []
    for stage, level, n in by_prefix.get(org.path, []):
        own.add(stage, level, n)
    if own.total:
        rows.append(own)
    for child in children:
        row = ProgressRow(org=child, label=child.name, path=child.path, has_children=child.n_children > 0)
        for stage, level, n in by_prefix.get(child.path, []):
            row.add(stage, level, n)
        rows.append(row)
    total = ProgressRow(org=None, label="", path=org.path)
    for items in by_prefix.values():
        for stage, level, n in items:
            total.add(stage, level, n)
    return Progress(org=org, kind=kind, rows=rows, total=total)
