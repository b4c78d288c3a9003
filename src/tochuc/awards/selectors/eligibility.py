"""The ratings a commendation rests on, read from the quality ratings: the level of a year for a member or an
org is the DECIDED level of a yearly campaign's entry (`ratings.Entry`, stage "decided", campaign of period
"year"); when several campaigns decided the same year, the latest decision wins. One query serves a whole list
of nominees, and a subquery the lists of candidates, so that both read the same rule."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext as _

from tochuc.core.checks import Eligibility
from tochuc.core.errors import DomainError
from tochuc.core.rules import rules_in_force
from tochuc.ratings.choices import PeriodKind, Stage, SubjectKind
from tochuc.ratings.models import Entry

from .. import rules
from ..choices import RecipientKind
from ..models import Nominee

# (kind, id) → {year: level}: `("member", 12)` or `("org", 7)`.
Levels = dict[tuple[str, int], dict[int, str]]


def award_params(on: date, field: str | None = "proposed_on") -> rules.AwardParams:
    """The commendation parameters in force on `on`; refused, naming `field`, when the rule table has none."""
    found = rules_in_force(on)
    if "award.min_rating" not in found or "award.consecutive_years" not in found:
        raise DomainError(
            _("Chưa có quy định về khen thưởng hiệu lực ngày %(d)s trong bảng tham số.")
            % {"d": on.strftime("%d/%m/%Y")},
            field=field,
        )
    return rules.AwardParams.from_rules(found)


def _decided(years: Iterable[int]) -> QuerySet[Entry]:
    return Entry.objects.filter(
        stage=Stage.DECIDED, campaign__period_kind=PeriodKind.YEAR, campaign__year__in=sorted(set(years))
    )


def levels_for(*, members: Iterable[int] = (), orgs: Iterable[int] = (), years: Iterable[int]) -> Levels:
    """The decided level of each year in `years` for the given member ids and org ids, in one query. A year
    without a decided yearly rating is absent from the inner dict."""
    members, orgs, years = set(members), set(orgs), set(years)
    if not years or not (members or orgs):
        return {}
    who = Q()
    if members:
        who |= Q(kind=SubjectKind.MEMBER, member_id__in=members)
    if orgs:
        who |= Q(kind=SubjectKind.ORG, org_id__in=orgs)
    rows = (
        _decided(years)
        .filter(who)
        .order_by("decided_on", "id")  # the latest decision read last overwrites the earlier ones
        .values_list("kind", "member_id", "org_id", "campaign__year", "level")
    )
    found: Levels = {}
    for kind, member_id, org_id, year, level in rows:
        key = (RecipientKind.MEMBER, member_id) if kind == SubjectKind.MEMBER else (RecipientKind.ORG, org_id)
        found.setdefault(key, {})[year] = level
    return found


def level_of_year(kind: str, year: int, ref: str = "pk") -> Subquery:
    """An annotation: the decided level of `year` for the member (kind "member") or org (kind "org") of each
    row, `ref` naming the row's member or org id; the latest decision wins, as in `levels_for`."""
    if kind == RecipientKind.MEMBER:
        entries = _decided([year]).filter(kind=SubjectKind.MEMBER, member_id=OuterRef(ref))
    else:
        entries = _decided([year]).filter(kind=SubjectKind.ORG, org_id=OuterRef(ref))
    return Subquery(entries.order_by("-decided_on", "-id").values("level")[:1])


def reaching_every_year(kind: str, years: Iterable[int], wanted: Iterable[str]) -> QuerySet:
    """The ids of the members (kind "member") or orgs (kind "org") with a decided yearly rating at one of the
    `wanted` levels in each of `years`: one GROUP BY over the ratings. A necessary condition of `level_of_year`
    reaching them every year (the latest decision of a year may still be lower), cheap enough to narrow a list
    of thousands before the exact per-year subqueries run on the few left."""
    years = sorted(set(years))
    field = "member_id" if kind == RecipientKind.MEMBER else "org_id"
    subject = SubjectKind.MEMBER if kind == RecipientKind.MEMBER else SubjectKind.ORG
    return (
        _decided(years)
        .filter(kind=subject, level__in=list(wanted))
        .values(field)
        .annotate(n=Count("campaign__year", distinct=True))
        .filter(n=len(years))
        .values(field)
    )


def recipient_key(nominee: Nominee) -> tuple[str, int]:
    if nominee.kind == RecipientKind.MEMBER:
        return (RecipientKind.MEMBER, nominee.member_id)
    return (RecipientKind.ORG, nominee.recipient_org_id)


def judge(nominee: Nominee, levels: Levels, params: rules.AwardParams) -> Eligibility:
    """The rating conditions of one nominee (saved or about to be) from levels read beforehand."""
    return rules.award_checks(
        period_type=nominee.period_type,
        year_from=nominee.year_from,
        year_to=nominee.year_to,
        levels=levels.get(recipient_key(nominee), {}),
        params=params,
    )


def _years(nominees: Iterable[Nominee]) -> set[int]:
    years: set[int] = set()
    for n in nominees:
        if n.year_from is not None and n.year_to is not None and n.year_to - n.year_from < 50:
            years.update(range(n.year_from, n.year_to + 1))
    return years


def levels_for_nominees(nominees: Iterable[Nominee]) -> Levels:
    nominees = list(nominees)
    return levels_for(
        members={n.member_id for n in nominees if n.member_id},
        orgs={n.recipient_org_id for n in nominees if n.recipient_org_id},
        years=_years(nominees),
    )


def eligibility_of(nominees: Iterable[Nominee], on: date) -> dict[int, Eligibility]:
    """The conditions of each nominee judged on `on` (by id), with a fixed number of queries for the lot."""
    nominees = list(nominees)
    if not nominees:
        return {}
    params = award_params(on, field=None)
    levels = levels_for_nominees(nominees)
    return {n.pk: judge(n, levels, params) for n in nominees}


def nominee_eligibility(nominee: Nominee, on: date, field: str | None = "proposed_on") -> Eligibility:
    """The conditions of one nominee (saved or not) judged on `on`."""
    params = award_params(on, field=field)
    return judge(nominee, levels_for_nominees([nominee]), params)
