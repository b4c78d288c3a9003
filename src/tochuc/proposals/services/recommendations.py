"""Recommendations (kiến nghị) localities raise at a conference: raised, assigned to a body with a deadline,
answered, closed, reopened when the answer did not settle it.

Who does what:
- a recommendation is raised by an org inside the conference org's subtree (or by the conference org
  itself), and recorded by someone whose scope holds that org (a commune records its own at the province's
  conference; the province's office records them all);
- the level that held the conference follows it up: assigning it to a body, recording the answer, closing
  and reopening it need a role that edits at the conference org. A commune sees its recommendation at the
  province's conference, but does not assign it to the province's bodies (403).
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from tochuc.accounts.roles import Action
from tochuc.core.audit import audit_record, diff, snapshot
from tochuc.core.errors import DomainError
from tochuc.core.scope import in_scope, require
from tochuc.orgs.models import Org

from .. import rules
from ..choices import RecommendationStatus, Topic
from ..models import Conference, Recommendation
from ..selectors.conferences import conference_visible
from .proposals import clean_text

FOLLOW_UP = [
    "status",
    "assigned_to",
    "assigned_on",
    "due_on",
    "answered_on",
    "answer_no",
    "closed_on",
    "reopened_on",
]


def _fmt(d: date | None) -> str:
    return d.strftime("%d/%m/%Y") if d else ""


def _check_date(value: date | None, field: str, *, not_before: date | None = None, label: str = "") -> None:
    if value is None:
        raise DomainError(_("Nhập ngày."), field=field)
    message = rules.date_refusal(value, today=timezone.localdate(), not_before=not_before, before_label=label)
    if message:
        raise DomainError(message, field=field)


def _check_step(rec: Recommendation, step: str, field: str | None) -> None:
    if not rules.step_allowed(rules.RECOMMENDATION_STEPS, step, rec.status):
        raise DomainError(
            _("Kiến nghị đang ở tình trạng «%(s)s»: không thực hiện được thao tác này.")
            % {"s": rec.get_status_display()},
            field=field,
        )


def _lock_for_follow_up(actor, rec: Recommendation) -> Recommendation:
    rec = (
        Recommendation.objects.select_for_update(of=("self",))
        .select_related("conference__org", "raised_by")
        .get(pk=rec.pk)
    )
    if actor is not None:
        require(actor, Action.EDIT, rec.raised_by.path)  # outside the scope: 404 before the role
        if not in_scope(actor, rec.conference.org.path):
            raise PermissionDenied
    return rec


def _audit(actor, action: str, rec: Recommendation, before: dict, note: str = "", extra: tuple[str, ...] = ()) -> None:
    audit_record(
        actor=actor,
        action=action,
        obj=rec,
        org_path=rec.raised_by.path,
        changes=diff(before, snapshot(rec, [*FOLLOW_UP, *extra])),
        note=note,
    )


@transaction.atomic
def recommendation_raise(*, actor, conference: Conference, raised_by: Org, topic: str, content: str) -> Recommendation:
    """Record a recommendation `raised_by` put to `conference`, numbered after the conference's last."""
    conference = Conference.objects.select_for_update(of=("self",)).select_related("org").get(pk=conference.pk)
    if actor is not None:
        if not conference_visible(actor, conference):
            raise Http404
        require(actor, Action.CREATE, raised_by.path)
    raised_by = Org.objects.get(pk=raised_by.pk)
    if not raised_by.path.startswith(conference.org.path):
        raise DomainError(
            _("«%(r)s» không trực thuộc «%(o)s», nơi tổ chức hội nghị.")
            % {"r": raised_by.name, "o": conference.org.name},
            field="raised_by",
        )
    if raised_by.opened_on > conference.held_on or (
        raised_by.closed_on is not None and raised_by.closed_on < conference.held_on
    ):
        raise DomainError(
            _("«%(r)s» không hoạt động vào ngày hội nghị (%(d)s).")
            % {"r": raised_by.name, "d": _fmt(conference.held_on)},
            field="raised_by",
        )
    if topic not in Topic.values:
        raise DomainError(_("Chọn lĩnh vực của kiến nghị."), field="topic")
    text = clean_text({"content": content}, {"content": _("Nhập nội dung kiến nghị.")}, Recommendation)
    number = (conference.recommendations.aggregate(n=Max("number"))["n"] or 0) + 1
    rec = Recommendation.objects.create(
        conference=conference, number=number, raised_by=raised_by, topic=topic, content=text["content"]
    )
    audit_record(
        actor=actor,
        action="recommendation.raise",
        obj=rec,
        org_path=raised_by.path,
        changes={
            "conference": {"before": None, "after": conference.pk},
            "number": {"before": None, "after": number},
            "raised_by": {"before": None, "after": raised_by.code},
            "topic": {"before": None, "after": topic},
        },
        note=text["content"][:255],
    )
    return rec


@transaction.atomic
def recommendation_assign(
    *, actor, recommendation: Recommendation, assigned_to: str, assigned_on: date, due_on: date
) -> Recommendation:
    """Assign the recommendation to a body (a department, an agency, a commune) to answer by `due_on`; until it
    is answered it may be assigned again (another body, a new deadline)."""
    rec = _lock_for_follow_up(actor, recommendation)
    _check_step(rec, "assign", "assigned_to")
    text = clean_text({"assigned_to": assigned_to}, {"assigned_to": _("Nhập cơ quan được giao xử lý.")}, Recommendation)
    floor, label = rec.conference.held_on, _("ngày tổ chức hội nghị")
    if rec.assigned_on is not None:
        floor, label = rec.assigned_on, _("ngày giao lần trước")
    if rec.reopened_on is not None and rec.reopened_on > floor:
        floor, label = rec.reopened_on, _("ngày mở lại")
    _check_date(assigned_on, "assigned_on", not_before=floor, label=label)
    if due_on is None:
        raise DomainError(_("Nhập hạn trả lời."), field="due_on")
    if due_on < assigned_on:
        raise DomainError(_("Hạn trả lời không được trước ngày giao."), field="due_on")
    before = snapshot(rec, FOLLOW_UP)
    rec.status = RecommendationStatus.ASSIGNED
    rec.assigned_to, rec.assigned_on, rec.due_on = text["assigned_to"], assigned_on, due_on
    rec.save(update_fields=["status", "assigned_to", "assigned_on", "due_on", "updated_at"])
    _audit(actor, "recommendation.assign", rec, before)
    return rec


@transaction.atomic
def recommendation_answer(
    *, actor, recommendation: Recommendation, answer: str, answered_on: date, answer_no: str = ""
) -> Recommendation:
    """Record the answer the body gave (its text, its date, the number of the document that carries it)."""
    rec = _lock_for_follow_up(actor, recommendation)
    _check_step(rec, "answer", "answer")
    text = clean_text(
        {"answer": answer, "answer_no": answer_no}, {"answer": _("Nhập nội dung trả lời.")}, Recommendation
    )
    # After a reopening the new answer answers the reopened recommendation: it cannot predate the reopening.
    floor, label = rec.assigned_on, _("ngày giao xử lý")
    if rec.reopened_on is not None and rec.reopened_on > floor:
        floor, label = rec.reopened_on, _("ngày mở lại")
    _check_date(answered_on, "answered_on", not_before=floor, label=label)
    before = snapshot(rec, FOLLOW_UP) | {"answer": rec.answer}
    rec.status = RecommendationStatus.ANSWERED
    rec.answer, rec.answered_on, rec.answer_no = text["answer"], answered_on, text["answer_no"]
    rec.save(update_fields=["status", "answer", "answered_on", "answer_no", "updated_at"])
    late = rules.answered_late(answered_on=answered_on, due_on=rec.due_on)
    # The text goes into the event too: a reopening clears it from the record, the history keeps every answer.
    _audit(actor, "recommendation.answer", rec, before, note=_("Trả lời quá hạn.") if late else "", extra=("answer",))
    return rec


@transaction.atomic
def recommendation_close(
    *, actor, recommendation: Recommendation, closed_on: date, closing_note: str = ""
) -> Recommendation:
    """End the follow-up of an answered recommendation (the locality accepted the answer, or it was carried
    out)."""
    rec = _lock_for_follow_up(actor, recommendation)
    _check_step(rec, "close", "closed_on")
    text = clean_text({"closing_note": closing_note}, {}, Recommendation)
    _check_date(closed_on, "closed_on", not_before=rec.answered_on, label=_("ngày trả lời"))
    before = snapshot(rec, FOLLOW_UP)
    rec.status, rec.closed_on, rec.closing_note = RecommendationStatus.CLOSED, closed_on, text["closing_note"]
    rec.save(update_fields=["status", "closed_on", "closing_note", "updated_at"])
    _audit(actor, "recommendation.close", rec, before, note=text["closing_note"])
    return rec


@transaction.atomic
def recommendation_reopen(
    *, actor, recommendation: Recommendation, reopened_on: date, reason: str, due_on: date
) -> Recommendation:
    """Reopen an answered or closed recommendation whose answer did not settle it: back to the body it was
    assigned to, with a new deadline. The former answer stays in the audit log; the page shows its history."""
    rec = _lock_for_follow_up(actor, recommendation)
    _check_step(rec, "reopen", "reopen_reason")
    text = clean_text({"reopen_reason": reason}, {"reopen_reason": _("Nhập lý do mở lại.")}, Recommendation)
    floor, label = rec.answered_on, _("ngày trả lời")
    if rec.closed_on is not None:
        floor, label = rec.closed_on, _("ngày kết thúc")
    _check_date(reopened_on, "reopened_on", not_before=floor, label=label)
    if due_on is None:
        raise DomainError(_("Nhập hạn trả lời mới."), field="due_on")
    if due_on < reopened_on:
        raise DomainError(_("Hạn trả lời không được trước ngày mở lại."), field="due_on")
    before = snapshot(rec, FOLLOW_UP)
    before["answer"] = rec.answer
    rec.status = RecommendationStatus.ASSIGNED
    rec.reopened_on, rec.reopen_reason, rec.due_on = reopened_on, text["reopen_reason"], due_on
    rec.answer, rec.answered_on, rec.answer_no = "", None, ""
    rec.closed_on, rec.closing_note = None, ""
    rec.save(
        update_fields=[
            "status",
            "reopened_on",
            "reopen_reason",
            "due_on",
            "answer",
            "answered_on",
            "answer_no",
            "closed_on",
            "closing_note",
            "updated_at",
        ]
    )
    after = snapshot(rec, FOLLOW_UP) | {"answer": rec.answer}
    audit_record(
        actor=actor,
        action="recommendation.reopen",
        obj=rec,
        org_path=rec.raised_by.path,
        changes=diff(before, after),
        note=text["reopen_reason"],
    )
    return rec
