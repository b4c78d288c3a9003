"""Appointment and re-appointment (377-QĐ/TW; DOMAIN.md §5.2-5.4): the dossier received, the steps of the
procedure in their order (`rules.PROCEDURES`, each vote with its ballots), a wrong step cancelled with its
reason, and the decision, refused while a condition or a step is missing; a decision opens the tenure
through `posts.tenure_start` (and, for a re-appointment, ends the previous term the day before)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tochuc.accounts.roles import Action
from tochuc.core.audit import audit_record
from tochuc.core.errors import DomainError
from tochuc.core.scope import in_scope, require

from .. import rules
from ..choices import (
    AppointmentKind,
    AppointmentStatus,
    CadreStatus,
    Filling,
    ProcedureStep,
    Source,
    TenureEnd,
    TenureSource,
)
from ..models import Appointment, AppointmentStep, Cadre, Post, Tenure
from ..selectors.appointments import (
    appointment_conditions,
    appointment_params,
    recorded_steps,
    step_facts,
)
from ..selectors.people import retirement_on
from .posts import tenure_end, tenure_start

# The collective may discuss and nominate before the personnel dossier reaches the organizing body, within
# one proposal: a step more than a year before the receipt belongs to another procedure or is a typo.
STEP_LEAD_MONTHS = 12


def _fmt(d: date) -> str:
    return d.strftime("%d/%m/%Y")


def _not_future(on: date, field: str) -> None:
    if on > timezone.localdate():
        raise DomainError(_("Ngày không được sau ngày hôm nay."), field=field)


def _lock(appointment: Appointment) -> Appointment:
    return (
        Appointment.objects.select_for_update()
        .select_related("cadre", "cadre__org", "post", "post__org")
        .get(pk=appointment.pk)
    )


def _need_in_progress(appointment: Appointment) -> None:
    if appointment.status != AppointmentStatus.IN_PROGRESS:
        raise DomainError(_("Quy trình đã kết thúc (%(s)s).") % {"s": appointment.get_status_display()}, field=None)


def _audit(actor, action: str, appointment: Appointment, changes: dict[str, Any], note: str = "") -> None:
    audit_record(
        actor=actor, action=action, obj=appointment, org_path=appointment.post.org.path, changes=changes, note=note
    )


def _open_tenure(cadre: Cadre, post: Post, on: date) -> Tenure | None:
    return (
        Tenure.objects.filter(cadre=cadre, post=post, started_on__lte=on, ended_on__isnull=True)
        .order_by("-started_on")
        .first()
    )


@transaction.atomic
def appointment_open(*, actor, cadre: Cadre, post: Post, kind: str, source: str, received_on: date) -> Appointment:
    """Receive the dossier of `cadre` for `post`: the procedure starts. The conditions are judged on
    `received_on` (06-HD/BTCTW 2021: the age on the day the personnel body receives the dossier)."""
    if actor is not None:
        require(actor, Action.CREATE, post.org.path)
        require(actor, Action.VIEW, cadre.org.path)
    post = Post.objects.select_for_update(of=("self",)).select_related("org").get(pk=post.pk)
    if kind not in AppointmentKind.values:
        raise DomainError(_("Chọn bổ nhiệm hoặc bổ nhiệm lại."), field="kind")
    if source not in Source.values:
        raise DomainError(_("Chọn nguồn nhân sự: tại chỗ hoặc từ nơi khác."), field="source")
    if kind == AppointmentKind.REAPPOINTMENT and source != Source.INSIDE:
        raise DomainError(
            _("Bổ nhiệm lại là bổ nhiệm người đang giữ chức vụ: chọn nguồn nhân sự tại chỗ."), field="source"
        )
    if post.closed_on is not None:
        raise DomainError(
            _("Chức vụ «%(p)s» đã bãi bỏ từ ngày %(d)s.") % {"p": post.name, "d": _fmt(post.closed_on)}, field="post"
        )
    if post.filling != Filling.APPOINTED:
        raise DomainError(
            _("Chức vụ «%(p)s» được bầu (%(f)s), không bổ nhiệm: quy trình bầu cử áp dụng.")
            % {"p": post.name, "f": post.get_filling_display().lower()},
            field="post",
        )
    if cadre.status != CadreStatus.WORKING:
        raise DomainError(
            _("%(n)s không còn công tác (%(s)s).") % {"n": cadre.full_name, "s": cadre.get_status_display()},
            field="cadre",
        )
    _not_future(received_on, "received_on")
    if received_on <= cadre.birth_date:
        raise DomainError(_("Ngày nhận hồ sơ phải sau ngày sinh."), field="received_on")
    appointment_params(received_on)  # refuses a date before any rule of appointment in the table
    if Appointment.objects.filter(cadre=cadre, post=post, status=AppointmentStatus.IN_PROGRESS).exists():
        raise DomainError(
            _("Đã có quy trình bổ nhiệm %(n)s vào chức vụ «%(p)s» đang thực hiện.")
            % {"n": cadre.full_name, "p": post.name},
            field="cadre",
        )
    holding = _open_tenure(cadre, post, received_on)
    if kind == AppointmentKind.REAPPOINTMENT and holding is None:
        raise DomainError(
            _("Bổ nhiệm lại chỉ áp dụng cho người đang giữ chức vụ «%(p)s»; %(n)s không giữ chức vụ này.")
            % {"p": post.name, "n": cadre.full_name},
            field="kind",
        )
    if kind == AppointmentKind.APPOINTMENT and holding is not None:
        raise DomainError(
            _("%(n)s đang giữ chức vụ «%(p)s» (từ %(d)s): chọn bổ nhiệm lại.")
            % {"n": cadre.full_name, "p": post.name, "d": _fmt(holding.started_on)},
            field="kind",
        )
    appointment = Appointment.objects.create(
        cadre=cadre,
        post=post,
        kind=kind,
        source=source,
        received_on=received_on,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    _audit(
        actor,
        "appointment.open",
        appointment,
        {
            "cadre": {"before": None, "after": cadre.full_name},
            "post": {"before": None, "after": post.name},
            "kind": {"before": None, "after": kind},
            "source": {"before": None, "after": source},
            "received_on": {"before": None, "after": received_on},
        },
    )
    return appointment


def _step_field(kind: str, source: str, done: list[rules.StepFacts], new: rules.StepFacts, received_on: date) -> str:
    """The form field a refusal of `rules.step_refusal` is about."""
    if new.step not in rules.procedure(kind, source) or any(s.step == new.step for s in done):
        return "step"
    if rules.next_step(kind, source, done) != new.step:
        return "step"
    if done and new.held_on < max(s.held_on for s in done):
        return "held_on"
    for name in ("attendees", "ballots_issued", "ballots_valid", "votes_for"):
        if getattr(new, name) is None:
            return name
    if new.attendees <= 0:
        return "attendees"
    if new.votes_for > new.ballots_valid:
        return "votes_for"
    if new.ballots_valid > new.ballots_issued:
        return "ballots_valid"
    return "ballots_issued"


@transaction.atomic
def appointment_step(
    *,
    actor,
    appointment: Appointment,
    step: str,
    held_on: date,
    body: str = "",
    attendees: int | None = None,
    ballots_issued: int | None = None,
    ballots_valid: int | None = None,
    votes_for: int | None = None,
    note: str = "",
) -> AppointmentStep:
    """Record one step of the procedure: in the order of the template, none skipped, none twice, dated on
    or after the step before, the ballots of a vote given and consistent."""
    appointment = _lock(appointment)
    if actor is not None:
        require(actor, Action.EDIT, appointment.post.org.path)
    _need_in_progress(appointment)
    if step not in ProcedureStep.values:
        raise DomainError(_("Chọn bước của quy trình."), field="step")
    _not_future(held_on, "held_on")
    earliest = appointment.received_on - relativedelta(months=STEP_LEAD_MONTHS)
    if held_on < earliest:
        raise DomainError(
            _("Ngày thực hiện quá xa trước ngày nhận hồ sơ (%(r)s): các bước của một quy trình chỉ được trước ngày "
              "nhận hồ sơ tối đa %(m)s tháng (từ %(d)s). Kiểm tra lại ngày.")
            % {"r": _fmt(appointment.received_on), "m": STEP_LEAD_MONTHS, "d": _fmt(earliest)},
            field="held_on",
        )  # fmt: skip
    ballot = step in rules.BALLOT_STEPS
    if not ballot:
        attendees = ballots_issued = ballots_valid = votes_for = None
    new = rules.StepFacts(step, held_on, attendees, ballots_issued, ballots_valid, votes_for)
    done = step_facts(recorded_steps(appointment))
    refusal = rules.step_refusal(appointment.kind, appointment.source, done, new, appointment.received_on)
    if refusal:
        raise DomainError(
            refusal, field=_step_field(appointment.kind, appointment.source, done, new, appointment.received_on)
        )
    record = AppointmentStep.objects.create(
        appointment=appointment,
        step=step,
        held_on=held_on,
        body=" ".join((body or "").split())[:200],
        attendees=attendees,
        ballots_issued=ballots_issued,
        ballots_valid=ballots_valid,
        votes_for=votes_for,
        note=(note or "").strip(),
        actor=actor if getattr(actor, "pk", None) else None,
    )
    changes = {"step": {"before": None, "after": step}, "held_on": {"before": None, "after": held_on}}
    if ballot:
        changes["votes"] = {"before": None, "after": f"{votes_for}/{attendees} ({ballots_valid}/{ballots_issued})"}
    _audit(actor, "appointment.step", appointment, changes, note=ProcedureStep(step).label)
    return record


@transaction.atomic
def appointment_step_cancel(*, actor, step: AppointmentStep, reason: str) -> AppointmentStep:
    """Cancel a step recorded by mistake, with the reason; only the last step in force, so that the ones
    after it never lose the step they followed."""
    appointment = _lock(step.appointment)
    if actor is not None:
        require(actor, Action.EDIT, appointment.post.org.path)
    _need_in_progress(appointment)
    step = AppointmentStep.objects.select_for_update().get(pk=step.pk)
    reason = " ".join((reason or "").split())
    if step.cancelled_at is not None:
        raise DomainError(_("Bước này đã được hủy."), field="reason")
    live = recorded_steps(appointment)
    if live[-1].pk != step.pk:
        raise DomainError(
            _("Chỉ hủy được bước ghi nhận sau cùng («%(s)s»); hủy lần lượt từ bước sau cùng.")
            % {"s": live[-1].get_step_display()},
            field="reason",
        )
    if not reason:
        raise DomainError(_("Ghi lý do hủy."), field="reason")
    step.cancelled_at = timezone.now()
    step.cancel_reason = reason[:255]
    step.save(update_fields=["cancelled_at", "cancel_reason"])
    _audit(
        actor,
        "appointment.step_cancel",
        appointment,
        {"step": {"before": step.step, "after": None}, "held_on": {"before": step.held_on, "after": None}},
        note=reason,
    )
    return step


@transaction.atomic
def appointment_decide(
    *,
    actor,
    appointment: Appointment,
    decision_no: str,
    decided_on: date,
    effective_on: date,
    signer: str = "",
    ending: Sequence[Tenure] = (),
) -> Appointment:
    """The decision (quyết định bổ nhiệm, bổ nhiệm lại). Refused, naming every reason and writing nothing,
    while a blocking condition fails, a step is missing or the collective's vote did not carry. Otherwise
    the term runs `appointment.term_years` from the effective day, or to retirement when that comes first.
    The person's current posts listed in `ending` are left on the effective day (a deputy appointed head);
    the others are kept as concurrent posts."""
    appointment = _lock(appointment)
    if actor is not None:
        require(actor, Action.CREATE, appointment.post.org.path)
    _need_in_progress(appointment)
    cadre, post = appointment.cadre, appointment.post
    if actor is not None and not in_scope(actor, cadre.org.path):
        # A person from elsewhere (a procedure opened by the level above): the post's officers record the
        # steps, but the tenure is given by a level that manages the person too (posts.tenure_start).
        raise DomainError(
            _("%(n)s do đơn vị ngoài phạm vi quản lý của bạn quản lý: cấp quản lý cả chức vụ và cán bộ ghi nhận "
              "quyết định bổ nhiệm.") % {"n": cadre.full_name},
            field=None,
        )  # fmt: skip
    decision_no = " ".join((decision_no or "").split())
    signer = " ".join((signer or "").split())
    if not decision_no:
        raise DomainError(_("Ghi số quyết định."), field="decision_no")
    _not_future(decided_on, "decided_on")
    steps = recorded_steps(appointment)
    # The steps may precede the receipt of the dossier (the collective nominates first); the decision may not:
    # it comes after both the dossier and the last step.
    if decided_on < appointment.received_on:
        raise DomainError(
            _("Ngày quyết định không được trước ngày cơ quan tổ chức nhận hồ sơ nhân sự (%(d)s).")
            % {"d": _fmt(appointment.received_on)},
            field="decided_on",
        )
    last_step = max((s.held_on for s in steps), default=None)
    if last_step is not None and decided_on < last_step:
        raise DomainError(
            _("Ngày quyết định không được trước ngày thực hiện bước quy trình sau cùng (%(d)s).")
            % {"d": _fmt(last_step)},
            field="decided_on",
        )
    if effective_on < decided_on:
        raise DomainError(_("Ngày hiệu lực không được trước ngày quyết định."), field="effective_on")
    params = appointment_params(appointment.received_on, field=None)
    eligibility = appointment_conditions(appointment)
    procedure = rules.procedure_check(appointment.kind, appointment.source, step_facts(steps), params.vote_majority)
    reasons = [f"{c.label}: {c.reason}" for c in eligibility.refusals]
    if not procedure.ok:
        reasons.append(procedure.reason)
    if reasons:
        raise DomainError(
            _("Chưa thể quyết định bổ nhiệm %(n)s: %(r)s") % {"n": cadre.full_name, "r": " ".join(reasons)},
            field=None,
        )
    if cadre.status != CadreStatus.WORKING:
        raise DomainError(
            _("%(n)s không còn công tác (%(s)s).") % {"n": cadre.full_name, "s": cadre.get_status_display()},
            field=None,
        )
    if post.closed_on is not None and post.closed_on <= effective_on:
        raise DomainError(
            _("Chức vụ «%(p)s» đã bãi bỏ từ ngày %(d)s.") % {"p": post.name, "d": _fmt(post.closed_on)},
            field="effective_on",
        )
    retires_on = retirement_on(cadre)
    if effective_on > retires_on:
        raise DomainError(
            _("%(n)s đến tuổi nghỉ hưu ngày %(d)s, trước ngày hiệu lực.")
            % {"n": cadre.full_name, "d": _fmt(retires_on)},
            field="effective_on",
        )
    ends = rules.term_end(effective_on, params.term_years, retires_on)
    previous = None
    if appointment.kind == AppointmentKind.REAPPOINTMENT:
        previous = _open_tenure(cadre, post, effective_on)
        if previous is None:
            raise DomainError(
                _("%(n)s không còn giữ chức vụ «%(p)s» vào ngày hiệu lực: không thể bổ nhiệm lại.")
                % {"n": cadre.full_name, "p": post.name},
                field="effective_on",
            )
        if effective_on > timezone.localdate():
            # Recording it would end the current term on a day still to come (posts.tenure_end refuses that):
            # the decision is recorded once it is in effect.
            raise DomainError(
                _("Ngày hiệu lực %(d)s chưa đến: quyết định bổ nhiệm lại chỉ được ghi nhận từ ngày có hiệu lực "
                  "(nhiệm kỳ đang giữ kết thúc vào ngày đó), không ghi nhận trước được. Chọn ngày hiệu lực đến hôm "
                  "nay, hoặc ghi nhận quyết định vào ngày %(d)s.") % {"d": _fmt(effective_on)},
                field="effective_on",
            )  # fmt: skip
        if effective_on <= previous.started_on:
            raise DomainError(
                _("Ngày hiệu lực phải sau ngày bắt đầu giữ chức vụ hiện tại (%(d)s).")
                % {"d": _fmt(previous.started_on)},
                field="effective_on",
            )
    appointment.status = AppointmentStatus.APPOINTED
    appointment.decision_no, appointment.decided_on, appointment.effective_on = decision_no, decided_on, effective_on
    appointment.term_end, appointment.signer = ends, signer
    appointment.save(
        update_fields=["status", "decision_no", "decided_on", "effective_on", "term_end", "signer", "updated_at"]
    )
    _audit(
        actor,
        "appointment.decide",
        appointment,
        {
            "status": {"before": AppointmentStatus.IN_PROGRESS, "after": AppointmentStatus.APPOINTED},
            "decision_no": {"before": "", "after": decision_no},
            "decided_on": {"before": None, "after": decided_on},
            "effective_on": {"before": None, "after": effective_on},
            "term_end": {"before": None, "after": ends},
        },
        note="; ".join(f"{c.label}: {c.reason}" for c in eligibility.warnings),
    )
    ending = list(ending)
    for tenure in ending:
        if tenure.cadre_id != cadre.pk or tenure.ended_on is not None or tenure.post_id == post.pk:
            raise DomainError(
                _("«%(p)s» không phải chức vụ %(n)s đang giữ.") % {"p": tenure.post.name, "n": cadre.full_name},
                field="ending",
            )
    try:
        for tenure in ending:
            tenure_end(actor=actor, tenure=tenure, ended_on=effective_on, reason=TenureEnd.MOVED)
    except DomainError as e:
        raise DomainError(e.message, field="ending") from e
    try:
        if previous is not None:
            # The previous term's last day is the day before the new one starts: a tenure's `ended_on` is the
            # first day the post is no longer held under it (posts.tenure_end), so it is the effective day.
            tenure_end(actor=actor, tenure=previous, ended_on=effective_on, reason=TenureEnd.TERM_ENDED)
        tenure_start(
            actor=actor,
            cadre=cadre,
            post=post,
            started_on=effective_on,
            source=TenureSource.REAPPOINTED if previous is not None else TenureSource.APPOINTED,
            decision_no=decision_no,
            term_end=ends,
            appointment=appointment,
        )
    except DomainError as e:
        # The tenure's refusals are about the day it would start (a seat taken, the post's term, the cadre's
        # age): on the decision's form that day is the effective date. The atomic block undoes the decision.
        raise DomainError(e.message, field="effective_on") from e
    return appointment


CLOSING = (AppointmentStatus.REFUSED, AppointmentStatus.WITHDRAWN)


@transaction.atomic
def appointment_close(*, actor, appointment: Appointment, status: str, reason: str) -> Appointment:
    """End a procedure without an appointment: the collective did not appoint (refused), or the procedure
    was stopped (withdrawn), with the reason."""
    appointment = _lock(appointment)
    if actor is not None:
        require(actor, Action.EDIT, appointment.post.org.path)
    return _close(actor=actor, appointment=appointment, status=status, reason=reason)


@transaction.atomic
def appointment_close_for(
    *, actor, post: Post | None = None, cadre: Cadre | None = None, reason: str
) -> list[Appointment]:
    """Stop (withdrawn, with `reason`) every procedure in progress for `post` (abolished) or of `cadre` (who
    stopped working), one "appointment.close" event each. Called inside the transaction of
    `posts.post_close` or `people.cadre_end`, which checked the actor's right over the post or the person:
    the stop follows from that record, so the procedure's other side is not checked again (a procedure of
    the level above for a person the commune manages)."""
    if (post is None) == (cadre is None):
        raise ValueError("appointment_close_for takes a post or a cadre")
    qs = (
        Appointment.objects.select_for_update()
        .select_related("cadre", "cadre__org", "post", "post__org")
        .filter(status=AppointmentStatus.IN_PROGRESS)
        .order_by("received_on", "pk")
    )
    appointments = list(qs.filter(post=post) if post is not None else qs.filter(cadre=cadre))
    for appointment in appointments:
        _close(actor=actor, appointment=appointment, status=AppointmentStatus.WITHDRAWN, reason=reason)
    return appointments


def _close(*, actor, appointment: Appointment, status: str, reason: str) -> Appointment:
    """Validate, write and audit the end of a locked procedure (the caller checked the actor's right)."""
    _need_in_progress(appointment)
    if status not in CLOSING:
        raise DomainError(_("Chọn: không bổ nhiệm hoặc dừng quy trình."), field="status")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Ghi lý do."), field="reason")
    appointment.status, appointment.closing_reason = status, reason
    appointment.save(update_fields=["status", "closing_reason", "updated_at"])
    _audit(
        actor,
        "appointment.close",
        appointment,
        {"status": {"before": AppointmentStatus.IN_PROGRESS, "after": status}},
        note=reason,
    )
    return appointment
