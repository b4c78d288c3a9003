"""The requests for verification of a case: sent one by one or as the standard set of 01-HD/TW §3.4, their
replies logged as the letters come in (date and number, by whoever keeps the case), what each found entered by
someone with RESTRICTED, and a request sent by mistake cancelled with its reason."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tochuc.accounts.roles import Action
from tochuc.core.audit import audit_record
from tochuc.core.errors import DomainError
from tochuc.core.scope import require

from .. import rules
from ..choices import CaseStatus, Finding, Relation
from ..models import Case, Question
from .common import clean, fmt, not_future, redacted, require_restricted


def _lock_case(case: Case) -> Case:
    return Case.objects.select_for_update(of=("self",)).select_related("org").get(pk=case.pk)


def _lock(question: Question) -> tuple[Question, Case]:
    case = _lock_case(question.case)
    return Question.objects.select_for_update(of=("self",)).get(pk=question.pk, case=case), case


def _need_open(case: Case) -> None:
    if case.status != CaseStatus.OPEN:
        raise DomainError(
            _("Hồ sơ thẩm tra đã %(s)s: không sửa được nữa.") % {"s": case.get_status_display().lower()},
            field="status",
        )


@dataclass(frozen=True)
class Request:
    """One request to send: about whom (`relation`, `person_name`) and what (`scopes`), with its text."""

    relation: str
    person_name: str = ""
    scopes: tuple[str, ...] = ()
    question: str = ""


def _valid(case: Case, request: Request, index: int | None = None) -> dict:
    """The cleaned values of a request, refusing what cannot be sent (the field named with the row's index in
    the standard set, `name_3`, when one is given)."""

    def field(name: str) -> str:
        return f"{name}_{index}" if index is not None else name

    values = clean({"person_name": request.person_name, "question": request.question}, multiline=("question",))
    if request.relation not in Relation.values:
        raise DomainError(_("Chọn quan hệ với người được thẩm tra."), field=field("relation"))
    if request.relation == Relation.SELF:
        values["person_name"] = values["person_name"] or case.subject_name
    elif not values["person_name"]:
        raise DomainError(
            _("Nhập họ và tên %(r)s.") % {"r": Relation(request.relation).label.lower()}, field=field("person_name")
        )
    problem = rules.scopes_problem(request.scopes)
    if problem:
        raise DomainError(_("Chọn ít nhất một nội dung thẩm tra trong danh mục."), field=field("scopes"))
    values["scopes"] = rules.ordered_scopes(request.scopes)
    return values


def _check_sending(case: Case, *, sent_to: str, sent_on: date, due_on: date | None) -> str:
    sent_to = clean({"sent_to": sent_to})["sent_to"]
    if not sent_to:
        raise DomainError(_("Nhập cơ quan, cấp ủy được đề nghị xác minh."), field="sent_to")
    not_future(sent_on, "sent_on")
    if sent_on < case.requested_on:
        raise DomainError(
            _("Ngày gửi không được trước ngày đề nghị thẩm tra (%(d)s).") % {"d": fmt(case.requested_on)},
            field="sent_on",
        )
    if due_on is not None and due_on < sent_on:
        raise DomainError(_("Hạn trả lời không được trước ngày gửi."), field="due_on")
    return sent_to


def _create(*, actor, case: Case, values: dict, relation: str, sent_to: str, sent_on: date, due_on) -> Question:
    question = Question.objects.create(
        case=case,
        relation=relation,
        person_name=values["person_name"],
        scopes=values["scopes"],
        question=values["question"],
        sent_to=sent_to,
        sent_on=sent_on,
        due_on=due_on,
    )
    audit_record(
        actor=actor,
        action="protection.question",
        obj=case,
        org_path=case.org.path,
        changes={
            "question": {
                "before": None,
                "after": {
                    "id": question.pk,
                    "relation": relation,
                    "person_name": values["person_name"],
                    "scopes": values["scopes"],
                    "sent_to": sent_to,
                    "sent_on": sent_on,
                    "due_on": due_on,
                },
            }
        },
    )
    return question


@transaction.atomic
def question_add(
    *,
    actor,
    case: Case,
    relation: str,
    scopes: Sequence[str],
    sent_to: str,
    sent_on: date,
    person_name: str = "",
    question: str = "",
    due_on: date | None = None,
) -> Question:
    """Send one request for verification about the subject (`relation` self) or a relative to `sent_to`."""
    case = _lock_case(case)
    if actor is not None:
        require(actor, Action.EDIT, case.org.path)
    _need_open(case)
    values = _valid(case, Request(relation, person_name, tuple(scopes), question))
    sent_to = _check_sending(case, sent_to=sent_to, sent_on=sent_on, due_on=due_on)
    return _create(
        actor=actor, case=case, values=values, relation=relation, sent_to=sent_to, sent_on=sent_on, due_on=due_on
    )


@transaction.atomic
def questions_add(
    *, actor, case: Case, requests: Sequence[Request], sent_to: str, sent_on: date, due_on: date | None = None
) -> list[Question]:
    """Send several requests at once to the same body (the standard set of 01-HD/TW §3.4, often all to the
    committee of the place where the family lives): all or none."""
    case = _lock_case(case)
    if actor is not None:
        require(actor, Action.EDIT, case.org.path)
    _need_open(case)
    if not requests:
        raise DomainError(_("Chọn ít nhất một người cần xác minh."))
    rows = [_valid(case, r, i) for i, r in enumerate(requests)]
    sent_to = _check_sending(case, sent_to=sent_to, sent_on=sent_on, due_on=due_on)
    return [
        _create(actor=actor, case=case, values=v, relation=r.relation, sent_to=sent_to, sent_on=sent_on, due_on=due_on)
        for r, v in zip(requests, rows, strict=True)
    ]


@transaction.atomic
def question_reply(
    *,
    actor,
    question: Question,
    replied_on: date,
    reply_no: str = "",
    finding: str = "",
    finding_text: str = "",
) -> Question:
    """Log the reply to a request: its date and number (whoever keeps the case); what it found (`finding`,
    restricted `finding_text`) only with `Action.RESTRICTED`, now or later through `question_finding`."""
    question, case = _lock(question)
    if finding or finding_text.strip():
        require_restricted(actor, Action.EDIT, case.org.path)
    elif actor is not None:
        require(actor, Action.EDIT, case.org.path)
    _need_open(case)
    if question.cancelled_at is not None:
        raise DomainError(_("Nội dung này đã được hủy."), field="replied_on")
    if question.replied_on is not None:
        raise DomainError(_("Đã ghi nhận trả lời ngày %(d)s.") % {"d": fmt(question.replied_on)}, field="replied_on")
    values = clean({"reply_no": reply_no, "finding_text": finding_text}, multiline=("finding_text",))
    not_future(replied_on, "replied_on")
    if replied_on < question.sent_on:
        raise DomainError(
            _("Ngày trả lời không được trước ngày gửi (%(d)s).") % {"d": fmt(question.sent_on)}, field="replied_on"
        )
    if finding and finding not in Finding.values:
        raise DomainError(_("Chọn kết quả xác minh."), field="finding")
    if values["finding_text"] and not finding:
        raise DomainError(_("Chọn kết quả xác minh."), field="finding")
    question.replied_on, question.reply_no = replied_on, values["reply_no"]
    question.finding, question.finding_text = finding, values["finding_text"]
    question.save(update_fields=["replied_on", "reply_no", "finding", "finding_text", "updated_at"])
    changes = {
        "question": {"before": None, "after": question.pk},
        "replied_on": {"before": None, "after": replied_on},
    }
    if values["reply_no"]:
        changes["reply_no"] = {"before": "", "after": values["reply_no"]}
    if finding:
        # Which of a person's relatives had an issue is restricted too: the log says a finding was entered.
        changes["finding"] = redacted("", finding)
    if values["finding_text"]:
        changes["finding_text"] = redacted("", values["finding_text"])
    audit_record(
        actor=actor, action="protection.reply", obj=case, org_path=case.org.path, changes=changes, note=str(question)
    )
    return question


@transaction.atomic
def question_finding(*, actor, question: Question, finding: str, finding_text: str = "") -> Question:
    """Enter or correct what a logged reply found (`Action.RESTRICTED` and `Action.EDIT`), while the case
    runs."""
    question, case = _lock(question)
    require_restricted(actor, Action.EDIT, case.org.path)
    _need_open(case)
    if question.cancelled_at is not None:
        raise DomainError(_("Nội dung này đã được hủy."), field="finding")
    if question.replied_on is None:
        raise DomainError(_("Chưa ghi nhận trả lời của nội dung này."), field="finding")
    if finding not in Finding.values:
        raise DomainError(_("Chọn kết quả xác minh."), field="finding")
    text = clean({"finding_text": finding_text}, multiline=("finding_text",))["finding_text"]
    changes = {}
    for name, before, after in (("finding", question.finding, finding), ("finding_text", question.finding_text, text)):
        entry = redacted(before, after)
        if entry:
            changes[name] = entry
    if not changes:
        return question
    question.finding, question.finding_text = finding, text
    question.save(update_fields=["finding", "finding_text", "updated_at"])
    changes["question"] = {"before": question.pk, "after": question.pk}
    audit_record(
        actor=actor, action="protection.reply", obj=case, org_path=case.org.path, changes=changes, note=str(question)
    )
    return question


@transaction.atomic
def question_cancel(*, actor, question: Question, reason: str) -> Question:
    """Cancel a request sent by mistake (a wrong relative, a duplicate) with its reason; the row stays, struck
    through, and no longer holds the conclusion back. Once its reply is logged, only a role with
    `Action.RESTRICTED` cancels it: the reply may hold a finding the conclusion must weigh, which whoever cannot
    read it must not set aside."""
    question, case = _lock(question)
    if question.replied_on is not None:
        require_restricted(actor, Action.EDIT, case.org.path)
    elif actor is not None:
        require(actor, Action.EDIT, case.org.path)
    _need_open(case)
    if question.cancelled_at is not None:
        raise DomainError(_("Nội dung này đã được hủy."), field="reason")
    reason = clean({"reason": reason})["reason"]
    if not reason:
        raise DomainError(_("Nhập lý do hủy."), field="reason")
    question.cancelled_at, question.cancel_reason = timezone.now(), reason[:255]
    question.save(update_fields=["cancelled_at", "cancel_reason", "updated_at"])
    audit_record(
        actor=actor,
        action="protection.case_update",
        obj=case,
        org_path=case.org.path,
        changes={"question": {"before": question.pk, "after": None}},
        note=_("Hủy đề nghị xác minh «%(q)s»: %(r)s") % {"q": question, "r": reason},
    )
    return question
