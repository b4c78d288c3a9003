"""Reads of entries: a campaign's list under an org (filtered, with last year's level and the flag of two years
"not completed"), one entry, the quota of its group, and a subject's rating history over the years (a member's,
an org's) with the consequences read from it. `yearly_levels` serves other modules (commendations)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Case, OuterRef, Q, QuerySet, Subquery, When

from tochuc.accounts.roles import Action
from tochuc.core.scope import get_in_scope_or_404, require
from tochuc.core.text import fold
from tochuc.members.models import Member
from tochuc.orgs.models import Org

from .. import rules
from ..choices import PeriodKind, Rating, Stage, SubjectKind
from ..models import Campaign, Entry
from .campaigns import entries_in_scope

NOT_DECIDED = "none"  # the level filter's value for "not decided yet"
FLAG_REPEATED = "repeated"  # the flag filter: not completed this year and the year before


def _previous_level(kind: str, campaign: Campaign):
    """The level the same subject was decided in the yearly campaign of the year before."""
    prior = Entry.objects.filter(
        stage=Stage.DECIDED, campaign__period_kind=PeriodKind.YEAR, campaign__year=campaign.year - 1, kind=kind
    )
    same = {"member": OuterRef("member")} if kind == SubjectKind.MEMBER else {"org": OuterRef("org")}
    return Subquery(prior.filter(**same).order_by("-campaign__starts_on").values("level")[:1])


def entry_list(
    *,
    actor,
    campaign: Campaign,
    org: Org | None = None,
    kind: str = "",
    stage: str = "",
    level: str = "",
    form: str = "",
    group: str = "",
    q: str = "",
    flag: str = "",
) -> QuerySet[Entry]:
    """The campaign's entries inside the actor's scope and under `org`, filtered, in tree order (orgs before
    the members of each org, members by name), each with `previous_level` (last year's decided level, for a
    yearly campaign)."""
    require(actor, Action.LIST)
    qs = entries_in_scope(actor, campaign).select_related("org", "member")
    if org is not None:
        qs = qs.filter(org__path__under=org.path)
    if kind:
        qs = qs.filter(kind=kind)
    if stage:
        qs = qs.filter(stage=stage)
    if level == NOT_DECIDED:
        qs = qs.exclude(stage=Stage.DECIDED)
    elif level:
        qs = qs.filter(level=level)
    if form:
        qs = qs.filter(form=form)
    if group:
        qs = qs.filter(group=group)
    if q.strip():
        folded = fold(" ".join(q.split()))
        qs = qs.filter(
            Q(kind=SubjectKind.MEMBER, member__name_folded__contains=folded)
            | Q(kind=SubjectKind.ORG, org__name_folded__contains=folded)
            | Q(org__code__istartswith=q.strip())
        )
    if campaign.period_kind == PeriodKind.YEAR:
        qs = qs.annotate(
            previous_level=Case(
                When(kind=SubjectKind.MEMBER, then=_previous_level(SubjectKind.MEMBER, campaign)),
                default=_previous_level(SubjectKind.ORG, campaign),
            )
        )
        if flag == FLAG_REPEATED:
            qs = qs.filter(level=Rating.NOT_COMPLETED, previous_level=Rating.NOT_COMPLETED)
    return qs.order_by("org__path", "-kind", "member__sort_key", "id")


def with_flags(entries: Iterable[Entry], campaign: Campaign) -> list[Entry]:
    """Each entry with `repeated_failure` (not completed this year and last year) and `previous_level`, and
    `campaign` set to the one given (its rule parameters are read once for the whole list)."""
    out = []
    for e in entries:
        e.campaign = campaign
        e.previous_level = getattr(e, "previous_level", None) or ""
        e.previous_level_label = Rating(e.previous_level).label if e.previous_level in Rating.values else ""
        e.repeated_failure = e.level == Rating.NOT_COMPLETED and e.previous_level == Rating.NOT_COMPLETED
        out.append(e)
    return out


def entry_get(*, actor, pk: int) -> Entry:
    """One entry inside the actor's scope (its org), else 404."""
    require(actor, Action.VIEW)
    return get_in_scope_or_404(
        Entry.objects.select_related("campaign", "campaign__org", "org", "org__parent", "member", "member__org"),
        actor,
        "org__path",
        pk=pk,
    )


def groups_of(*, actor, campaign: Campaign) -> list[str]:
    """The peer groups already named in a campaign inside the actor's scope (suggestions for the appraisal
    form): a province campaign's groups named by another commune are none of this one's business."""
    return list(
        entries_in_scope(actor, campaign)
        .exclude(group="")
        .order_by("group")
        .values_list("group", flat=True)
        .distinct()[:50]
    )


# --- History ---------------------------------------------------------------------------------------------


@dataclass
class History:
    """A subject's entries over the years, newest first, and what the yearly levels say."""

    entries: list[Entry]
    yearly: dict[int, str] = field(default_factory=dict)  # decided yearly levels by year
    repeated_failure_years: list[int] = field(default_factory=list)
    streak: int = 0  # consecutive "excellent" years up to the latest decided one
    streak_to: int | None = None


def _history(entries: list[Entry]) -> History:
    yearly = {
        e.campaign.year: e.level
        for e in sorted(entries, key=lambda e: e.campaign.starts_on)
        if e.campaign.period_kind == PeriodKind.YEAR and e.stage == Stage.DECIDED
    }
    latest = max(yearly) if yearly else None
    return History(
        entries=entries,
        yearly=yearly,
        repeated_failure_years=sorted(y for y in yearly if rules.repeated_failure(yearly, y)),
        streak=rules.excellent_streak(yearly, latest) if latest else 0,
        streak_to=latest,
    )


def member_history(*, actor, member_id: int) -> tuple[Member, History]:
    """A member's ratings in every campaign (all years, wherever they were rated: the record follows the member),
    for a member inside the actor's scope (404 otherwise)."""
    require(actor, Action.VIEW)
    member = get_in_scope_or_404(Member.objects.select_related("org"), actor, "org__path", pk=member_id)
    return member, _member_history(member)


def _member_history(member: Member) -> History:
    entries = list(
        Entry.objects.filter(kind=SubjectKind.MEMBER, member=member)
        .select_related("campaign", "campaign__org", "org")
        .order_by("-campaign__year", "-campaign__starts_on", "-id")
    )
    return _history(entries)


def org_history(*, actor, code: str) -> tuple[Org, History]:
    """An org's ratings as a collective in every campaign, for an org inside the actor's scope (404 otherwise)."""
    require(actor, Action.VIEW)
    org = get_in_scope_or_404(Org.objects.select_related("parent"), actor, code=code)
    entries = list(
        Entry.objects.filter(kind=SubjectKind.ORG, org=org)
        .select_related("campaign", "campaign__org", "org")
        .order_by("-campaign__year", "-campaign__starts_on", "-id")
    )
    return org, _history(entries)


def yearly_levels(*, members: Iterable[int] = (), orgs: Iterable[int] = ()) -> dict[tuple[str, int], dict[int, str]]:
    """The decided yearly levels of the given members and orgs (ids): {("member", id) | ("org", id): {year:
    level}}. Not scoped: for a module that has already scoped its subjects (commendations read who was rated
    "excellent", and for how many consecutive years). One query."""
    members, orgs = list(members), list(orgs)
    if not members and not orgs:
        return {}
    qs = Entry.objects.filter(stage=Stage.DECIDED, campaign__period_kind=PeriodKind.YEAR).filter(
        Q(kind=SubjectKind.MEMBER, member_id__in=members) | Q(kind=SubjectKind.ORG, org_id__in=orgs)
    )
    out: dict[tuple[str, int], dict[int, str]] = defaultdict(dict)
    rows = qs.order_by("campaign__starts_on").values_list("kind", "member_id", "org_id", "campaign__year", "level")
    for kind, member_id, org_id, year, level in rows:
        out[(kind, member_id if kind == SubjectKind.MEMBER else org_id)][year] = level
    return dict(out)


def member_panel(*, actor, member: Member) -> dict:
    """The context of `ratings/_member_panel.html` on a member's page: the decided yearly levels, newest first,
    and what they mean (two years "not completed", consecutive "excellent" years). Two queries; the caller has
    checked that the actor may see the member (a member on the way to an org of the scope included)."""
    history = _member_history(member)
    return {
        "rating_member": member,
        "rating_history": history,
        "rating_years": sorted(history.yearly.items(), reverse=True),
    }
