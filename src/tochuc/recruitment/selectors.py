"""The recruitment module's readers: every list and record is read inside the actor's scope (404 outside)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from tochuc.accounts.roles import Action
from tochuc.core.scope import require, scope
from tochuc.core.text import fold
from tochuc.orgs.models import Org

from . import rules
from .models import Candidate, CandidateStep, Introducer, Reached, Stage, Step
from .services import committee_needed, eligibility


def candidate_list(
    *,
    actor,
    org: Org | None = None,
    stage: str = Stage.DEVELOPING,
    reached: str = "",
    away: bool | None = None,
    drop_reason: str = "",
    q: str = "",
) -> QuerySet[Candidate]:
    """The candidates under `org` (the actor's own subtree when None), filtered; ordered by name."""
    if org is not None:
        require(actor, Action.LIST, org.path)
        qs = Candidate.objects.filter(org__path__under=org.path)
    else:
        require(actor, Action.LIST)
        qs = scope(Candidate.objects.all(), actor, "org__path")
    if stage:
        qs = qs.filter(stage=stage)
    if reached:
        qs = qs.filter(reached=reached)
    if away is True:
        qs = qs.away()
    elif away is False:
        qs = qs.filter(away_kind="")
    if drop_reason:
        qs = qs.filter(drop_reason=drop_reason)
    folded = fold(q).strip()
    if folded:
        qs = qs.filter(
            Q(name_folded__startswith=folded) | Q(name_folded__contains=" " + folded) | Q(citizen_id=q.strip())
        )
    return qs.select_related("org").order_by("sort_key", "pk")


def candidate_get(*, actor, pk: int, action: str = Action.VIEW) -> Candidate:
    candidate = get_object_or_404(Candidate.objects.select_related("org", "member"), pk=pk)
    require(actor, action, candidate.org.path)
    return candidate


def step_get(*, actor, pk: int) -> CandidateStep:
    step = get_object_or_404(CandidateStep.objects.select_related("candidate__org"), pk=pk)
    require(actor, Action.EDIT, step.candidate.org.path)
    return step


def introducer_get(*, actor, pk: int) -> Introducer:
    introducer = get_object_or_404(Introducer.objects.select_related("candidate__org", "member"), pk=pk)
    require(actor, Action.EDIT, introducer.candidate.org.path)
    return introducer


@dataclass
class StepLine:
    step: str
    label: str
    done: CandidateStep | None  # the latest record that counts
    history: list[CandidateStep]  # every record of the step, cancelled ones included
    needed: bool = True


@dataclass
class Progress:
    candidate: Candidate
    lines: list[StepLine]
    introducers: list[Introducer]
    eligibility: rules.Eligibility


def candidate_progress(*, actor, candidate: Candidate) -> Progress:
    """The steps done and missing, the introducers, and what the admission decision would say now."""
    require(actor, Action.VIEW, candidate.org.path)
    records = list(candidate.steps.select_related("actor").order_by("on", "pk"))
    lines = []
    for step in Step:
        history = [r for r in records if r.step == step.value]
        valid = [r for r in history if r.cancelled_at is None]
        done = valid[-1] if valid else None
        if done is not None and done.result in ("failed", "not_admissible"):
            done = None
        needed = step != Step.COMMITTEE_RESOLUTION or committee_needed(candidate.org)
        lines.append(StepLine(step.value, str(step.label), done, history, needed))
    introducers = list(candidate.introducers.select_related("member__org"))
    return Progress(candidate, lines, introducers, eligibility(candidate))


def pipeline_counts(*, actor, org: Org) -> dict[str, int]:
    """The developing candidates under `org` by how far their dossier has come, and those away."""
    require(actor, Action.LIST, org.path)
    qs = Candidate.objects.filter(org__path__under=org.path, stage=Stage.DEVELOPING)
    got = qs.aggregate(
        total=Count("pk"),
        away=Count("pk", filter=~Q(away_kind="")),
        **{r.value: Count("pk", filter=Q(reached=r.value)) for r in Reached if r != Reached.ADMITTED},
    )
    return got


def org_for_candidates(*, actor, code: str | None) -> Org | None:
    """The org a list is about: the one named by `code` inside the actor's scope, or the actor's own."""
    if not code:
        return actor.org if actor.org_id else None
    org = Org.objects.filter(code=code).first()
    if org is None:
        raise Http404
    require(actor, Action.LIST, org.path)
    return org


@dataclass
class DecisionDue:
    candidate: Candidate
    vote_on: date  # the cell's passing resolution
    deadline: date  # 60 working days later (DOMAIN.md §1.1)
    overdue: bool


def decisions_due(*, actor, org: Org) -> list[DecisionDue]:
    """Candidates whose cell has proposed admission and who await the decision, with its deadline (the
    competent committee decides within 60 working days of the cell's resolution): the latest first due."""
    from tochuc.core.calendar import holidays_between
    from tochuc.core.dates import add_working_days
    from tochuc.core.rules import rule_on

    require(actor, Action.LIST, org.path)
    waiting = list(
        Candidate.objects.filter(
            org__path__under=org.path, stage=Stage.DEVELOPING, reached__in=[Reached.CELL, Reached.COMMITTEE]
        ).select_related("org")
    )
    votes = dict(
        CandidateStep.objects.filter(
            candidate__in=waiting, step=Step.CELL_RESOLUTION, result="passed", cancelled_at__isnull=True
        )
        .order_by("candidate_id", "on")
        .values_list("candidate_id", "on")
    )
    if not votes:
        return []
    today = timezone.localdate()
    first = min(votes.values())
    holidays = holidays_between(first, today + timedelta(days=200))
    days_on = rule_on("admission.decision_working_days")  # in force on each vote day
    out = []
    for c in waiting:
        vote_on = votes.get(c.pk)
        if vote_on is None:
            continue
        days = days_on(vote_on)
        deadline = add_working_days(vote_on, days, holidays)
        out.append(DecisionDue(c, vote_on, deadline, deadline < today))
    return sorted(out, key=lambda d: (d.deadline, d.candidate.sort_key))
