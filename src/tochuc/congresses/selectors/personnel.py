"""Reads of personnel plans and committees: a congress's plan with each body's list, every name judged by
`rules_personnel` with the parameters in force at the reference date; the plans of a subtree; an org's
committee for a term. Scope follows the congress's (the committee's) org."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tochuc.accounts.roles import Action
from tochuc.core.checks import Check, Eligibility
from tochuc.core.errors import DomainError
from tochuc.core.rules import rules_in_force
from tochuc.core.scope import get_in_scope_or_404, require, scope
from tochuc.members.choices import Status
from tochuc.members.models import Member
from tochuc.orgs.models import Org, OrgType

from .. import rules_personnel as rules
from ..choices import Body, NominationSource
from ..models import CommitteeMembership, Congress, Nomination, PersonnelPlan, SeatAllocation

TERM_YEARS = 5


def term_of(on: date) -> str:
    """The congress term that `on` falls in (terms begin 2025, 2030 ...): 2026-03-01 → "2025-2030"."""
    start = 2025 + TERM_YEARS * ((on.year - 2025) // TERM_YEARS)
    return f"{start}-{start + TERM_YEARS}"


def valid_term(term: str) -> bool:
    return (
        len(term) == 9
        and term[4] == "-"
        and term[:4].isdigit()
        and term[5:].isdigit()
        and int(term[5:]) - int(term[:4]) == TERM_YEARS
    )


def params_on(on: date, *, field: str | None = None) -> rules.PersonnelParams:
    """The parameters of the candidate lists in force on `on` (the congress's reference date)."""
    found = rules_in_force(on)
    missing = [k for k in (*rules.PARAM_KEYS.values(), "retirement.schedule") if k not in found]
    if missing:
        raise DomainError(
            _("Chưa có quy định về danh sách bầu cử hiệu lực ngày %(d)s trong bảng tham số (%(k)s).")
            % {"d": on.strftime("%d/%m/%Y"), "k": ", ".join(missing)},
            field=field,
        )
    return rules.PersonnelParams.from_rules(found)


def rules_date(congress: Congress) -> date:
    """The day the rules are read on: the reference date, else the planned opening day."""
    return congress.reference_date or congress.planned_from


def is_provincial(org: Org) -> bool:
    return org.org_type == OrgType.PROVINCE_COMMITTEE


# --- Getting one record in scope ------------------------------------------------------------------------


def congress_for_plan(*, actor, pk: int, action: str = Action.VIEW) -> Congress:
    congress = get_in_scope_or_404(
        Congress.objects.select_related("org", "upper", "upper__org"), actor, "org__path", pk=pk
    )
    require(actor, action)
    return congress


def plan_of(congress: Congress) -> PersonnelPlan | None:
    return PersonnelPlan.objects.filter(congress=congress).first()


def nomination_get(*, actor, pk: int, action: str = Action.VIEW) -> Nomination:
    nomination = get_in_scope_or_404(
        Nomination.objects.select_related("plan", "plan__congress", "plan__congress__org", "member"),
        actor,
        "plan__congress__org__path",
        pk=pk,
    )
    require(actor, action)
    return nomination


def membership_get(*, actor, pk: int, action: str = Action.VIEW) -> CommitteeMembership:
    seat = get_in_scope_or_404(
        CommitteeMembership.objects.select_related("org", "member", "election"), actor, "org__path", pk=pk
    )
    require(actor, action)
    return seat


# --- Seats of each body -----------------------------------------------------------------------------------


def delegate_seats(congress: Congress) -> int | None:
    """The delegates this congress elects to the upper one: the upper congress's allocation to this org."""
    if congress.upper_id is None:
        return None
    allocation = SeatAllocation.objects.filter(congress_id=congress.upper_id, org_id=congress.org_id).first()
    return allocation.seats if allocation else None


def body_seats(plan: PersonnelPlan, body: str, delegates: int | None) -> int | None:
    return {
        Body.COMMITTEE: plan.committee_seats,
        Body.STANDING: plan.standing_seats,
        Body.SECRETARY: 1,
        Body.DEPUTY_SECRETARY: plan.deputy_secretaries,
        Body.INSPECTION: plan.inspection_seats,
        Body.INSPECTION_CHAIR: 1 if plan.inspection_seats else 0,
        Body.DELEGATES: delegates,
    }[body]


# --- Judging names ----------------------------------------------------------------------------------------


def _member_facts(member: Member, org: Org) -> dict:
    return {
        "birth_date": member.birth_date,
        "sex": member.sex,
        "official": member.status == Status.OFFICIAL,
        "active": member.status in (Status.PROBATIONARY, Status.OFFICIAL) and not member.in_transit,
        "in_subtree": member.org.path.startswith(org.path),
        "name": member.full_name,
        "org_name": org.name,
    }


def nomination_judge(
    *,
    plan: PersonnelPlan,
    body: str,
    member: Member,
    source: str,
    re_election: bool,
    support: int | None,
    present: int | None,
    listed: int,
    on_committee_list: bool,
    delegates: int | None,
    params: rules.PersonnelParams,
) -> Eligibility:
    congress = plan.congress
    return rules.nomination_eligibility(
        body=body,
        source=source,
        re_election=re_election,
        support=support,
        present=present,
        reference_date=congress.reference_date,
        provincial=is_provincial(congress.org),
        seats=body_seats(plan, body, delegates),
        listed=listed,
        on_committee_list=on_committee_list,
        params=params,
        **_member_facts(member, congress.org),
    )


def _active_list(plan: PersonnelPlan) -> QuerySet[Nomination]:
    return Nomination.objects.filter(plan=plan, withdrawn_on__isnull=True)


def nomination_eligibility(
    *,
    plan: PersonnelPlan,
    body: str,
    member: Member,
    source: str,
    re_election: bool = False,
    support: int | None = None,
    present: int | None = None,
    field: str | None = None,
) -> Eligibility:
    """The conditions of adding `member` to `body`'s list of `plan`, the new name counted."""
    params = params_on(rules_date(plan.congress), field=field)
    listed = _active_list(plan).filter(body=body).count() + 1
    on_committee = _active_list(plan).filter(body=Body.COMMITTEE, member=member).exists()
    return nomination_judge(
        plan=plan,
        body=body,
        member=member,
        source=source,
        re_election=re_election,
        support=support,
        present=present,
        listed=listed,
        on_committee_list=on_committee,
        delegates=delegate_seats(plan.congress) if body == Body.DELEGATES else None,
        params=params,
    )


# --- The plan page ----------------------------------------------------------------------------------------


@dataclass
class JudgedNomination:
    nomination: Nomination
    eligibility: Eligibility

    @property
    def flagged(self) -> bool:
        return not all(c.ok for c in self.eligibility.checks)


@dataclass
class BodyList:
    body: str
    label: str
    seats: int | None
    rows: list[JudgedNomination]
    withdrawn: list[Nomination]
    max_list: int | None
    prepared: tuple[int, int] | None
    checks: list[Check]
    structure: list[rules.Share]

    @property
    def convening(self) -> int:
        return sum(1 for r in self.rows if r.nomination.source == NominationSource.CONVENING)

    @property
    def surplus_percent(self) -> float | None:
        return rules.surplus_percent(len(self.rows), self.seats) if self.seats else None


@dataclass
class PlanPage:
    congress: Congress
    plan: PersonnelPlan | None
    params: rules.PersonnelParams | None
    missing_rules: str = ""
    bodies: list[BodyList] = field(default_factory=list)


def _nominations(plan: PersonnelPlan) -> list[Nomination]:
    return list(
        Nomination.objects.filter(plan=plan)
        .select_related("member", "member__org")
        .order_by("body", "withdrawn_on", "id")
    )


def plan_page(*, actor, congress: Congress) -> PlanPage:
    """A congress's plan with every body's list and each name's checks, on a fixed number of queries."""
    require(actor, Action.VIEW, congress.org.path)
    plan = plan_of(congress)
    if plan is None:
        return PlanPage(congress=congress, plan=None, params=None)
    plan.congress = congress
    try:
        params = params_on(rules_date(congress))
    except DomainError as e:
        return PlanPage(congress=congress, plan=plan, params=None, missing_rules=e.message)
    nominations = _nominations(plan)
    active = [n for n in nominations if n.withdrawn_on is None]
    per_body = Counter(n.body for n in active)
    on_committee = {n.member_id for n in active if n.body == Body.COMMITTEE}
    delegates = delegate_seats(congress)
    on = congress.reference_date or congress.planned_from
    bodies = []
    for body, label in Body.choices:
        seats = body_seats(plan, body, delegates)
        rows = [
            JudgedNomination(
                n,
                nomination_judge(
                    plan=plan,
                    body=body,
                    member=n.member,
                    source=n.source,
                    re_election=n.re_election,
                    support=n.support,
                    present=n.present,
                    listed=per_body[body],
                    on_committee_list=n.member_id in on_committee,
                    delegates=delegates,
                    params=params,
                ),
            )
            for n in active
            if n.body == body
        ]
        withdrawn = [n for n in nominations if n.body == body and n.withdrawn_on is not None]
        if not seats and not rows and not withdrawn:
            continue
        convening = sum(1 for r in rows if r.nomination.source == NominationSource.CONVENING)
        surplus = body in rules.SURPLUS_BODIES and bool(seats)
        bodies.append(
            BodyList(
                body=body,
                label=str(label),
                seats=seats,
                rows=rows,
                withdrawn=withdrawn,
                max_list=rules.max_list(seats, params.max_surplus) if surplus else None,
                prepared=rules.prepared_range(seats, params.prepared_min, params.prepared_max) if surplus else None,
                checks=rules.list_summary_checks(
                    body=body, seats=seats or 0, convening=convening, listed=len(rows), params=params
                ),
                structure=rules.structure(
                    (
                        (r.nomination.member.sex, r.nomination.member.birth_date, r.nomination.member.ethnic_group)
                        for r in rows
                    ),
                    on=on,
                    women_target=plan.women_target,
                    young_target=plan.young_target,
                    minority_target=plan.minority_target,
                    young_age=params.young_age,
                ),
            )
        )
    return PlanPage(congress=congress, plan=plan, params=params, bodies=bodies)


def plan_list(*, actor, org: Org | None = None, term: str = "", status: str = "") -> QuerySet[Congress]:
    """The congresses under `org` (the scope when None) with their plan (or none yet), each annotated with
    the number of active names on its lists."""
    require(actor, Action.LIST, org.path if org is not None else None)
    qs = scope(Congress.objects.all(), actor, "org__path")
    if org is not None:
        qs = qs.filter(org__path__under=org.path)
    if term:
        qs = qs.filter(term=term)
    if status == "none":
        qs = qs.filter(plan__isnull=True)
    elif status:
        qs = qs.filter(plan__status=status)
    return (
        qs.select_related("org", "plan")
        .annotate(names=Count("plan__nominations", filter=Q(plan__nominations__withdrawn_on__isnull=True)))
        .order_by("term", "org__path", "id")
    )


def plan_export_rows(*, actor, congress: Congress) -> list[tuple[BodyList, JudgedNomination]]:
    page = plan_page(actor=actor, congress=congress)
    return [(b, r) for b in page.bodies for r in b.rows]


# --- Committees -------------------------------------------------------------------------------------------


def committee_list(
    *, actor, org: Org, term: str, body: str = "", include_ended: bool = False
) -> list[CommitteeMembership]:
    """The seats of `org`'s committee for `term` (open ones, or every one with `include_ended`)."""
    require(actor, Action.LIST, org.path)
    qs = CommitteeMembership.objects.filter(org=org, term=term)
    if body:
        qs = qs.filter(body=body)
    if not include_ended:
        qs = qs.filter(ended_on__isnull=True)
    body_order = {b: i for i, b in enumerate(Body.values)}
    rows = qs.select_related("member", "member__org", "election")
    return sorted(rows, key=lambda m: (body_order[m.body], m.ended_on is not None, m.member.sort_key, m.pk))


def committee_terms(*, actor, org: Org) -> list[str]:
    require(actor, Action.LIST, org.path)
    found = set(CommitteeMembership.objects.filter(org=org).values_list("term", flat=True).distinct())
    found.add(term_of(timezone.localdate()))
    return sorted(found, reverse=True)


def committee_counts(*, org: Org, term: str) -> dict[str, int]:
    """Open seats per body and origin, for the committee page's header."""
    rows = (
        CommitteeMembership.objects.filter(org=org, term=term, ended_on__isnull=True)
        .values("body")
        .annotate(n=Count("id"))
    )
    return {r["body"]: r["n"] for r in rows}
