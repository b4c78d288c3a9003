"""The cadre register: the list with its filters (retiring within a year among them), search as you type,
one cadre's record with their retirement date, posts held, history, disciplines and movements, and the
plain facts the rules take (tenures, disciplines)."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from tochuc.accounts.roles import Action
from tochuc.core.dates import completed_months
from tochuc.core.rules import rules_in_force
from tochuc.core.scope import require, scope
from tochuc.core.text import fold
from tochuc.members.choices import Sex
from tochuc.orgs.models import Org

from .. import rules
from ..choices import CadreStatus
from ..models import Cadre, Discipline, Movement, Tenure


def retirement_schedule(on: date | None = None) -> dict:
    """The retirement-age schedule of the rule table in force on `on` (today by default)."""
    return rules_in_force(on or timezone.localdate())["retirement.schedule"]


def retirement_on(cadre: Cadre, *, schedule: dict | None = None) -> date:
    """The cadre's statutory retirement day (Labour Code 2019 art. 169, Decree 135/2020), by the rule table's
    schedule in force today."""
    return rules.retirement_date(cadre.birth_date, cadre.sex, schedule or retirement_schedule())


def tenure_facts(cadre: Cadre) -> list[rules.TenureFacts]:
    """Every tenure of the cadre, ended or not, as the rules take them."""
    rows = Tenure.objects.filter(cadre=cadre).values_list("post__title", "started_on", "ended_on")
    return [rules.TenureFacts(title=t, started_on=s, ended_on=e) for t, s, e in rows]


def discipline_facts(cadre: Cadre) -> list[rules.DisciplineFacts]:
    return [
        rules.DisciplineFacts(kind=k, on=on)
        for k, on in Discipline.objects.filter(cadre=cadre).values_list("kind", "on")
    ]


def cadre_get(*, actor, pk: int, action: str = Action.VIEW) -> Cadre:
    """One cadre inside the actor's scope (404 outside; 403 when the role lacks `action`)."""
    cadre = get_object_or_404(Cadre.objects.select_related("org", "member__org"), pk=pk)
    require(actor, action, cadre.org.path)
    return cadre


# --- Retiring within a period: the birth dates whose retirement day falls in it ---------------------------


@functools.lru_cache(maxsize=256)
def _first_birth(sex: str, day: date, schedule_json: str) -> date:
    """The earliest birth date whose retirement day is on or after `day` (retirement days grow with the birth
    date, so a binary search over the days finds the bound)."""
    schedule = json.loads(schedule_json)
    lo, hi = day - relativedelta(years=70), day - relativedelta(years=50)
    while lo < hi:
        mid = lo + timedelta(days=(hi - lo).days // 2)
        if rules.retirement_date(mid, sex, schedule) >= day:
            hi = mid
        else:
            lo = mid + timedelta(days=1)
    return lo


def retiring_between(start: date, end: date, schedule: dict) -> Q:
    """Cadres whose retirement day falls in [start, end], as a filter on sex and birth date."""
    key = json.dumps(schedule, sort_keys=True)
    cond = Q(pk__in=[])
    for sex in (Sex.MALE, Sex.FEMALE):
        first = _first_birth(sex, start, key)
        after = _first_birth(sex, end + timedelta(days=1), key)
        cond |= Q(sex=sex, birth_date__gte=first, birth_date__lt=after)
    return cond


# --- The register -----------------------------------------------------------------------------------------


def open_tenures() -> Prefetch:
    """The posts a cadre holds now, read in one query for a page of cadres (`cadre.current`)."""
    return Prefetch(
        "tenures",
        queryset=Tenure.objects.filter(ended_on__isnull=True)
        .select_related("post__org")
        .order_by("-post__title", "started_on"),
        to_attr="current",
    )


def cadre_list(
    *,
    actor,
    org: Org | None = None,
    q: str = "",
    kind: str = "",
    status: str = CadreStatus.WORKING,
    body: str = "",
    title: str = "",
    retiring: bool = False,
    concurrent: bool = False,
    on: date | None = None,
) -> QuerySet[Cadre]:
    """The cadres managed under `org` (the actor's subtree when None), filtered, in Vietnamese name order.

    `body`/`title` keep those holding such a post now; `retiring` those whose retirement day falls within
    12 months of `on` (today) or has already passed while they still work; `concurrent` those holding more
    than one post now (kiêm nhiệm)."""
    on = on or timezone.localdate()
    if org is not None:
        require(actor, Action.LIST, org.path)
        qs = Cadre.objects.filter(org__path__under=org.path)
    else:
        require(actor, Action.LIST)
        qs = scope(Cadre.objects.all(), actor, "org__path")
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if body or title:
        held = Tenure.objects.filter(cadre=OuterRef("pk"), ended_on__isnull=True)
        if body:
            held = held.filter(post__body=body)
        if title:
            held = held.filter(post__title=title)
        qs = qs.filter(Exists(held))
    if retiring:
        schedule = retirement_schedule(on)
        qs = qs.filter(retiring_between(on - relativedelta(years=20), on + relativedelta(months=12), schedule))
    if concurrent:
        many = (
            Tenure.objects.filter(ended_on__isnull=True)
            .values("cadre")
            .annotate(n=Count("pk"))
            .filter(n__gt=1)
            .values("cadre")
        )
        qs = qs.filter(pk__in=many)
    folded = fold(q).strip()
    if folded:
        qs = qs.filter(
            Q(name_folded__startswith=folded) | Q(name_folded__contains=" " + folded) | Q(citizen_id=q.strip())
        )
    return qs.select_related("org").prefetch_related(open_tenures()).order_by("sort_key", "pk")


def with_retirement(cadres, *, on: date | None = None) -> list[Cadre]:
    """Each cadre with `retires_on`, `retiring_soon` (within 12 months, or past) and `retirement_past` (still
    working after the retirement day) set, for a page."""
    on = on or timezone.localdate()
    schedule = retirement_schedule(on)
    soon = on + relativedelta(months=12)
    out = list(cadres)
    for c in out:
        c.retires_on = rules.retirement_date(c.birth_date, c.sex, schedule)
        c.retiring_soon = c.status == CadreStatus.WORKING and c.retires_on <= soon
        c.retirement_past = c.status == CadreStatus.WORKING and c.retires_on < on
    return out


def cadre_search(*, actor, q: str, limit: int = 15, working_only: bool = True) -> list[Cadre]:
    """Search as you type: cadres in scope whose name (folded) starts with or contains a word of `q`."""
    folded = fold(q).strip()
    if len(folded) < 2:
        return []
    qs = scope(Cadre.objects.all(), actor, "org__path")
    if working_only:
        qs = qs.filter(status=CadreStatus.WORKING)
    cond = Q(name_folded__startswith=folded) | Q(name_folded__contains=" " + folded)
    if q.strip().isdigit():
        cond |= Q(citizen_id=q.strip())
    return list(qs.filter(cond).select_related("org").order_by("sort_key", "pk")[:limit])


def cadre_option(cadre: Cadre) -> str:
    """The text a cadre's suggestion puts in the box; its trailing #id names the cadre exactly."""
    return f"{cadre.full_name} ({cadre.birth_date:%d/%m/%Y}, {cadre.org.code}) #{cadre.pk}"


# --- One cadre's page -------------------------------------------------------------------------------------


@dataclass
class Retirement:
    age_months: int
    age_text: str
    on: date
    months_left: int  # negative once past

    @property
    def past(self) -> bool:
        return self.months_left < 0


@dataclass
class CadreRecord:
    cadre: Cadre
    retirement: Retirement
    age_text: str
    current: list[Tenure] = field(default_factory=list)
    history: list[Tenure] = field(default_factory=list)
    disciplines: list[Discipline] = field(default_factory=list)
    movements: list[Movement] = field(default_factory=list)

    @property
    def concurrent(self) -> bool:
        return len(self.current) > 1


def cadre_record(*, actor, cadre: Cadre, on: date | None = None) -> CadreRecord:
    """What the cadre's page shows of the record itself (the other topics add their panels)."""
    require(actor, Action.VIEW, cadre.org.path)
    on = on or timezone.localdate()
    schedule = retirement_schedule(on)
    months = rules.retirement_age_months(cadre.birth_date, cadre.sex, schedule)
    retires_on = rules.retirement_date(cadre.birth_date, cadre.sex, schedule)
    retirement = Retirement(
        age_months=months,
        age_text=rules.format_age(months),
        on=retires_on,
        months_left=rules.months_to_retirement(on, retires_on),
    )
    age = completed_months(cadre.birth_date, on) if cadre.birth_date <= on else 0
    tenures = list(
        Tenure.objects.filter(cadre=cadre).select_related("post__org", "movement").order_by("-started_on", "-id")
    )
    return CadreRecord(
        cadre=cadre,
        retirement=retirement,
        age_text=rules.format_age(age),
        current=[t for t in tenures if t.ended_on is None],
        history=[t for t in tenures if t.ended_on is not None],
        disciplines=list(cadre.disciplines.all()),
        movements=list(cadre.movements.select_related("from_org", "to_org")),
    )
