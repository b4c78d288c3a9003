"""Reads of appointments: one procedure with its checklist of steps, the conditions of 377-QĐ/TW judged on
the day the dossier was received and the procedure's verdict; the procedures in progress; the appointments
coming due (terms ending within six months: re-appoint, or extend to retirement). Scope is the post's org."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from dateutil.relativedelta import relativedelta
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tochuc.accounts.roles import Action
from tochuc.core.checks import Check, Eligibility
from tochuc.core.errors import DomainError
from tochuc.core.rules import rules_in_force
from tochuc.core.scope import get_in_scope_or_404, require, scope
from tochuc.core.text import fold
from tochuc.orgs.models import Org

from .. import rules
from ..choices import AppointmentKind, AppointmentStatus, DisciplineKind, Filling, ProcedureStep
from ..models import Appointment, AppointmentStep, Cadre, PlanningEntry, Tenure
from .people import discipline_facts, retirement_on, tenure_facts

DUE_MONTHS = 6  # terms ending within six months are shown as re-appointments to prepare
DUE_LIMIT = 500  # the nearest first; a province has a few hundred appointed posts ending in any half-year


def appointment_params(on: date, field: str | None = "received_on") -> rules.AppointmentParams:
    found = rules_in_force(on)
    if "appointment.term_years" not in found or "retirement.schedule" not in found:
        raise DomainError(
            _("Chưa có quy định về bổ nhiệm cán bộ hiệu lực ngày %(d)s trong bảng tham số.")
            % {"d": on.strftime("%d/%m/%Y")},
            field=field,
        )
    return rules.AppointmentParams.from_rules(found)


def appointment_get(*, actor, pk: int, action: str = Action.VIEW) -> Appointment:
    appointment = get_in_scope_or_404(
        Appointment.objects.select_related("cadre", "cadre__org", "post", "post__org", "post__org__parent"),
        actor,
        "post__org__path",
        pk=pk,
    )
    require(actor, action)
    return appointment


def step_get(*, actor, pk: int, action: str = Action.EDIT) -> AppointmentStep:
    step = get_in_scope_or_404(
        AppointmentStep.objects.select_related("appointment", "appointment__post__org"),
        actor,
        "appointment__post__org__path",
        pk=pk,
    )
    require(actor, action)
    return step


def recorded_steps(appointment: Appointment) -> list[AppointmentStep]:
    """The steps in force (not cancelled), in the order they were held."""
    return list(appointment.steps.filter(cancelled_at__isnull=True).order_by("held_on", "id"))


def step_facts(steps: list[AppointmentStep]) -> list[rules.StepFacts]:
    return [
        rules.StepFacts(s.step, s.held_on, s.attendees, s.ballots_issued, s.ballots_valid, s.votes_for) for s in steps
    ]


def planning_facts(cadre: Cadre) -> list[rules.PlanningFacts]:
    return [
        rules.PlanningFacts(p.post.title, p.post_id, p.term, p.added_on, p.removed_on)
        for p in PlanningEntry.objects.filter(cadre=cadre).select_related("post")
    ]


def appointment_conditions(appointment: Appointment) -> Eligibility:
    """The conditions of 377-QĐ/TW for this person and post, on the day the dossier was received."""
    cadre, post = appointment.cadre, appointment.post
    params = appointment_params(appointment.received_on, field=None)
    disciplines = discipline_facts(cadre)
    eligibility = rules.appointment_eligibility(
        kind=appointment.kind,
        source=appointment.source,
        post_title=post.title,
        post_id=post.pk,
        received_on=appointment.received_on,
        birth_date=cadre.birth_date,
        sex=cadre.sex,
        tenures=tenure_facts(cadre),
        planning=planning_facts(cadre),
        disciplines=disciplines,
        dossier_verified_on=cadre.dossier_verified_on,
        assets_declared_on=cadre.assets_declared_on,
        params=params,
    )
    # The conditions are judged on the day of the receipt, so a discipline imposed since then escapes them; the
    # committee must still know of it before deciding (377-QĐ/TW, DOMAIN.md §5.4): it warns, the committee judges.
    upto = appointment.decided_on  # a decided appointment: those up to its decision
    since = sorted(
        (d for d in disciplines if d.on > appointment.received_on and (upto is None or d.on <= upto)),
        key=lambda d: d.on,
    )
    if since:
        listed = ", ".join(
            _("%(k)s ngày %(d)s") % {"k": DisciplineKind(d.kind).label.lower(), "d": d.on.strftime("%d/%m/%Y")}
            for d in since
        )
        eligibility.checks.append(
            Check(
                "discipline_since",
                _("Không bị kỷ luật trong thời gian thực hiện quy trình"),
                False,
                _("Bị kỷ luật %(l)s, sau ngày nhận hồ sơ: cấp có thẩm quyền xem xét trước khi quyết định.")
                % {"l": listed},
                blocking=False,
            )
        )
    return eligibility


@dataclass
class StepLine:
    step: str
    label: str
    state: str  # done / next / pending
    record: AppointmentStep | None
    cancelled: list[AppointmentStep]
    ballot: bool
    passes: bool | None = None  # the collective's vote carried (the last step only)


@dataclass
class Progress:
    appointment: Appointment
    lines: list[StepLine]
    next_step: str | None
    eligibility: Eligibility
    procedure: Check
    params: rules.AppointmentParams
    retires_on: date
    last_step: AppointmentStep | None
    blocking: list[str] = field(default_factory=list)

    @property
    def can_decide(self) -> bool:
        return not self.blocking


def appointment_progress(*, actor, appointment: Appointment) -> Progress:
    """The procedure's page: each step of the template done (with its record and any cancelled record),
    next or pending; the conditions; what still blocks the decision."""
    require(actor, Action.VIEW, appointment.post.org.path)
    all_steps = list(appointment.steps.select_related("actor").order_by("held_on", "id"))
    live = [s for s in all_steps if s.cancelled_at is None]
    done = step_facts(live)
    params = appointment_params(appointment.received_on, field=None)
    upcoming = rules.next_step(appointment.kind, appointment.source, done)
    lines = []
    for step in rules.procedure(appointment.kind, appointment.source):
        record = next((s for s in live if s.step == step), None)
        state = "done" if record else ("next" if step == upcoming else "pending")
        passes = None
        if record and step == ProcedureStep.COLLECTIVE_VOTE:
            passes = rules.vote_passes(record.votes_for or 0, record.attendees or 0, params.vote_majority)
        lines.append(
            StepLine(
                step=step,
                label=ProcedureStep(step).label,
                state=state,
                record=record,
                cancelled=[s for s in all_steps if s.step == step and s.cancelled_at is not None],
                ballot=step in rules.BALLOT_STEPS,
                passes=passes,
            )
        )
    eligibility = appointment_conditions(appointment)
    procedure = rules.procedure_check(appointment.kind, appointment.source, done, params.vote_majority)
    blocking = [f"{c.label}: {c.reason}" for c in eligibility.refusals]
    if not procedure.ok:
        blocking.append(procedure.reason)
    return Progress(
        appointment=appointment,
        lines=lines,
        next_step=upcoming,
        eligibility=eligibility,
        procedure=procedure,
        params=params,
        retires_on=retirement_on(appointment.cadre),
        last_step=max(live, key=lambda s: (s.held_on, s.pk)) if live else None,
        blocking=blocking,
    )


# --- Lists -----------------------------------------------------------------------------------------------


def appointment_list(
    *, actor, org: Org | None = None, status: str = AppointmentStatus.IN_PROGRESS, q: str = ""
) -> QuerySet[Appointment]:
    """Procedures under `org` (the whole scope when None) in `status` ("" for all), the live steps
    prefetched so that the next step of each is known without a query per row."""
    require(actor, Action.LIST, org.path if org is not None else None)
    qs = scope(Appointment.objects.all(), actor, "post__org__path")
    if org is not None:
        qs = qs.filter(post__org__path__under=org.path)
    if status:
        qs = qs.filter(status=status)
    if q.strip():
        # names are matched folded, so that "le van hung" finds "Lê Văn Hùng" (ARCHITECTURE.md, Vietnamese text)
        qs = qs.filter(Q(cadre__name_folded__contains=fold(q)) | Q(post__name__icontains=q.strip()))
    live = AppointmentStep.objects.filter(cadre_steps_live()).order_by("held_on", "id")
    return (
        qs.select_related("cadre", "post", "post__org")
        .prefetch_related(Prefetch("steps", queryset=live, to_attr="live_steps"))
        .order_by("received_on", "id")
    )


def cadre_steps_live() -> Q:
    return Q(cancelled_at__isnull=True)


def next_step_label(appointment: Appointment) -> str:
    """The next step of a procedure from its prefetched `live_steps` (see `appointment_list`)."""
    steps = getattr(appointment, "live_steps", None)
    if steps is None:
        steps = recorded_steps(appointment)
    upcoming = rules.next_step(appointment.kind, appointment.source, step_facts(steps))
    return ProcedureStep(upcoming).label if upcoming else _("Đủ các bước: chờ quyết định")


@dataclass
class Due:
    tenure: Tenure
    overdue: bool
    days_left: int
    retires_on: date
    extend_instead: bool
    procedure: Appointment | None


def appointments_due(*, actor, org: Org | None = None, on: date | None = None, months: int = DUE_MONTHS) -> list[Due]:
    """Tenures of appointed posts whose term ends within `months` of `on` (or has ended: overdue), each
    with its open re-appointment procedure if any, and flagged "extend instead" when the holder retires less
    than `appointment.reappointment_extend_years` after the term ends (80-QĐ/TW, UNCONFIRMED for 377)."""
    require(actor, Action.LIST, org.path if org is not None else None)
    on = on or timezone.localdate()
    params = appointment_params(on, field=None)
    qs = scope(
        Tenure.objects.filter(
            ended_on__isnull=True,
            term_end__isnull=False,
            term_end__lte=on + relativedelta(months=months),
            post__filling=Filling.APPOINTED,
            post__closed_on__isnull=True,
        ),
        actor,
        "post__org__path",
    )
    if org is not None:
        qs = qs.filter(post__org__path__under=org.path)
    tenures = list(qs.select_related("cadre", "post", "post__org").order_by("term_end", "id")[:DUE_LIMIT])
    procedures = {
        (a.cadre_id, a.post_id): a
        for a in Appointment.objects.filter(
            status=AppointmentStatus.IN_PROGRESS,
            kind=AppointmentKind.REAPPOINTMENT,
            cadre__in={t.cadre_id for t in tenures},
            post__in={t.post_id for t in tenures},
        )
    }
    out = []
    for t in tenures:
        retires = rules.retirement_date(t.cadre.birth_date, t.cadre.sex, params.retirement_schedule)
        out.append(
            Due(
                tenure=t,
                overdue=t.term_end < on,
                days_left=(t.term_end - on).days,
                retires_on=retires,
                extend_instead=not rules.serves_years_before_retirement(
                    t.term_end, retires, params.reappointment_extend_years
                ),
                procedure=procedures.get((t.cadre_id, t.post_id)),
            )
        )
    return out


def appointments_for_cadre(*, actor, cadre: Cadre) -> list[Appointment]:
    live = AppointmentStep.objects.filter(cadre_steps_live()).order_by("held_on", "id")
    return list(
        scope(Appointment.objects.filter(cadre=cadre), actor, "post__org__path")
        .select_related("post", "post__org")
        .prefetch_related(Prefetch("steps", queryset=live, to_attr="live_steps"))
        .order_by("-received_on", "-id")
    )


def cadre_panel(*, actor, cadre) -> dict:
    """This topic's part of the cadre's page, as template context (the people view merges every topic's)."""
    return {
        "appointments": appointments_for_cadre(actor=actor, cadre=cadre),
        "appointment_can_open": actor.can(Action.CREATE) and cadre.status == "working",
    }
