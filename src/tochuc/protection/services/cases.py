"""A verification case's life: opened for a person and a purpose, its facts corrected while it runs, concluded
(with RESTRICTED: a person concludes, the rules of 58-QĐ/TW are not encoded) or withdrawn with a reason. A
case of an admission candidate records its conclusion as the verification step of the recruitment dossier, in
the same transaction, so that the candidate's pipeline moves on."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from tochuc.accounts.models import User
from tochuc.accounts.roles import Action
from tochuc.cadres.choices import CadreStatus
from tochuc.cadres.models import Cadre
from tochuc.core.audit import audit_record, snapshot
from tochuc.core.errors import DomainError
from tochuc.core.scope import in_scope, require
from tochuc.core.text import fold
from tochuc.members.choices import ACTIVE_STATUSES, Sex
from tochuc.members.models import Member
from tochuc.orgs.models import Org
from tochuc.recruitment.models import Candidate, Result, Stage, Step

from ..choices import CaseStatus, Conclusion, Purpose
from ..models import Case
from ..selectors.cases import purposes_for, subject_kind
from .common import clean, fmt, not_future, redacted, require_restricted

# The recruitment dossier's verification result for each conclusion (recruitment.models.Result).
RESULTS = {
    Conclusion.CLEAR: Result.CLEAR,
    Conclusion.ISSUE: Result.ISSUE,
    Conclusion.NOT_ADMISSIBLE: Result.NOT_ADMISSIBLE,
}
# The facts of a case the officer may correct while it runs (the subject and purpose are fixed: a wrong one is
# withdrawn and another opened).
EDITABLE = ("requested_by", "requested_on", "document_no", "handler", "due_on")
# The facts of a new case its audit event records.
OPENED = ["org", "purpose", "subject_name", "subject_birth_date", "requested_by", "requested_on", "document_no",
          "due_on"]  # fmt: skip


def _lock(case: Case) -> Case:
    return Case.objects.select_for_update(of=("self",)).select_related("org", "candidate__org").get(pk=case.pk)


def _need_open(case: Case) -> None:
    if case.status != CaseStatus.OPEN:
        raise DomainError(
            _("Hồ sơ thẩm tra đã %(s)s: không sửa được nữa.") % {"s": case.get_status_display().lower()},
            field="status",
        )


def _check_handler(actor, handler: User | None, org: Org) -> None:
    """Whoever handles a case sees it (its org lies in their scope) and is someone the actor manages."""
    if handler is None:
        return
    sees_case = handler.is_active and handler.org_id is not None and org.path.startswith(handler.org.path)
    if not sees_case or (actor is not None and not in_scope(actor, handler.org.path)):
        raise DomainError(
            _("Cán bộ thụ lý phải là tài khoản đang hoạt động, trong phạm vi quản lý, xem được hồ sơ này."),
            field="handler",
        )


def _check_dates(*, requested_on: date, due_on: date | None, birth_date: date | None) -> None:
    not_future(requested_on, "requested_on")
    if birth_date is not None and requested_on < birth_date:
        raise DomainError(_("Ngày đề nghị không được trước ngày sinh."), field="requested_on")
    if due_on is not None and due_on < requested_on:
        raise DomainError(
            _("Hạn kết luận không được trước ngày đề nghị (%(d)s).") % {"d": fmt(requested_on)}, field="due_on"
        )


@transaction.atomic
def case_open(
    *,
    actor,
    purpose: str,
    requested_by: str,
    requested_on: date,
    candidate: Candidate | None = None,
    cadre: Cadre | None = None,
    member: Member | None = None,
    subject_name: str = "",
    subject_sex: str = "",
    subject_birth_date: date | None = None,
    org: Org | None = None,
    document_no: str = "",
    handler: User | None = None,
    due_on: date | None = None,
) -> Case:
    """Open a verification of a person for `purpose`, requested by the committee `requested_by` on
    `requested_on`. The subject is a candidate, a cadre or a member (their name, sex and birth date are copied
    and their org asks, unless `org` is given), or, for someone the system holds no record of, a name and a
    birth date. The subject must lie in the actor's scope."""
    records = [r for r in (candidate, cadre, member) if r is not None]
    if len(records) > 1:
        raise DomainError(_("Chỉ chọn một người được thẩm tra."), field="subject")
    record = records[0] if records else None
    if record is not None:
        # The state that counts is the stored one (a candidate dropped, a cadre retired since the form was read).
        record = type(record).objects.select_for_update(of=("self",)).select_related("org").get(pk=record.pk)
        candidate, cadre, member = (record if isinstance(record, t) else None for t in (Candidate, Cadre, Member))
    if actor is not None:
        require(actor, Action.CREATE, record.org.path if record is not None else None)
        if org is not None:
            require(actor, Action.CREATE, org.path)
    values = clean(
        {"requested_by": requested_by, "document_no": document_no, "subject_name": subject_name},
    )
    kind = "candidate" if candidate else "cadre" if cadre else "member" if member else ""
    if purpose not in dict(purposes_for(kind)):
        if purpose in Purpose.values:
            raise DomainError(
                _("Quần chúng ưu tú được thẩm tra để kết nạp; đảng viên, cán bộ để bổ nhiệm, quy hoạch, lý do khác."),
                field="purpose",
            )
        raise DomainError(_("Chọn mục đích thẩm tra."), field="purpose")
    if record is not None:
        name, sex, born = record.full_name, record.sex, record.birth_date
        if candidate is not None and candidate.stage != Stage.DEVELOPING:
            raise DomainError(
                _("«%(n)s» không còn trong danh sách quần chúng đang bồi dưỡng (%(s)s).")
                % {"n": name, "s": candidate.get_stage_display()},
                field="subject",
            )
        if cadre is not None and cadre.status != CadreStatus.WORKING:
            raise DomainError(
                _("«%(n)s» không còn công tác (%(s)s).") % {"n": name, "s": cadre.get_status_display()},
                field="subject",
            )
        if member is not None and member.status not in ACTIVE_STATUSES:
            raise DomainError(
                _("«%(n)s» không còn là đảng viên (%(s)s).") % {"n": name, "s": member.get_status_display()},
                field="subject",
            )
    else:
        name, sex, born = values["subject_name"], subject_sex, subject_birth_date
        if not name:
            raise DomainError(_("Nhập họ và tên người được thẩm tra."), field="subject_name")
        if sex and sex not in Sex.values:
            raise DomainError(_("Giới tính không hợp lệ."), field="subject_sex")
        if org is None:
            raise DomainError(_("Chọn tổ chức đảng đề nghị thẩm tra."), field="org")
    org = org or record.org
    if not org.is_open:
        raise DomainError(_("«%(o)s» đã thôi hoạt động.") % {"o": org.name}, field="org")
    if not values["requested_by"]:
        raise DomainError(_("Nhập cấp ủy, cơ quan đề nghị thẩm tra."), field="requested_by")
    _check_dates(requested_on=requested_on, due_on=due_on, birth_date=born)
    _check_handler(actor, handler, org)
    if record is not None:
        field = kind
        running = Case.objects.filter(**{field: record}, purpose=purpose, status=CaseStatus.OPEN).first()
        if running is not None:
            raise DomainError(
                _("%(n)s đang có hồ sơ thẩm tra «%(p)s» mở ngày %(d)s: tiếp tục hồ sơ đó.")
                % {"n": name, "p": running.get_purpose_display(), "d": fmt(running.requested_on)},
                field="subject",
            )
    case = Case.objects.create(
        org=org,
        purpose=purpose,
        candidate=candidate,
        cadre=cadre,
        member=member,
        subject_name=name,
        subject_folded=fold(name),
        subject_sex=sex or "",
        subject_birth_date=born,
        requested_by=values["requested_by"],
        requested_on=requested_on,
        document_no=values["document_no"],
        handler=handler,
        due_on=due_on,
    )
    audit_record(
        actor=actor,
        action="protection.case_open",
        obj=case,
        org_path=org.path,
        changes={k: {"before": None, "after": v} for k, v in snapshot(case, OPENED).items() if v not in (None, "")}
        | ({kind: {"before": None, "after": record.pk}} if record is not None else {}),
        note=values["document_no"],
    )
    return case


@transaction.atomic
def case_update(*, actor, case: Case, **values) -> Case:
    """Correct the facts of a running case: who requested it and when, the letter's number, who handles it,
    the deadline (extended when the replies are late)."""
    case = _lock(case)
    if actor is not None:
        require(actor, Action.EDIT, case.org.path)
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise DomainError(_("Không sửa được trường «%(f)s».") % {"f": ", ".join(sorted(unknown))})
    _need_open(case)
    values = clean({k: v for k, v in values.items()})
    if "requested_by" in values and not values["requested_by"]:
        raise DomainError(_("Nhập cấp ủy, cơ quan đề nghị thẩm tra."), field="requested_by")
    requested_on = values.get("requested_on", case.requested_on)
    due_on = values.get("due_on", case.due_on)
    _check_dates(requested_on=requested_on, due_on=due_on, birth_date=case.subject_birth_date)
    first = case.questions.filter(cancelled_at__isnull=True).order_by("sent_on").values_list("sent_on", flat=True)
    first_sent = first.first()
    if first_sent is not None and requested_on > first_sent:
        raise DomainError(
            _("Ngày đề nghị không được sau ngày gửi đề nghị xác minh đầu tiên (%(d)s).") % {"d": fmt(first_sent)},
            field="requested_on",
        )
    if "handler" in values and getattr(values["handler"], "pk", None) != case.handler_id:
        # Only a new handler is checked: keeping the one the upper level chose is not choosing them.
        _check_handler(actor, values["handler"], case.org)
    before = snapshot(case, list(values))
    for k, v in values.items():
        setattr(case, k, v)
    after = snapshot(case, list(values))
    changes = {k: {"before": before[k], "after": after[k]} for k in values if before[k] != after[k]}
    if not changes:
        return case
    case.save(update_fields=[*values, "updated_at"])
    audit_record(actor=actor, action="protection.case_update", obj=case, org_path=case.org.path, changes=changes)
    return case


@transaction.atomic
def case_withdraw(*, actor, case: Case, on: date, reason: str) -> Case:
    """Stop a running verification (the candidate left, the appointment was dropped) with its date and reason;
    the case and its requests stay."""
    case = _lock(case)
    if actor is not None:
        require(actor, Action.EDIT, case.org.path)
    _need_open(case)
    reason = clean({"reason": reason})["reason"]
    if not reason:
        raise DomainError(_("Nhập lý do dừng thẩm tra."), field="reason")
    not_future(on, "on")
    if on < case.requested_on:
        raise DomainError(
            _("Ngày dừng không được trước ngày đề nghị (%(d)s).") % {"d": fmt(case.requested_on)}, field="on"
        )
    case.status, case.withdrawn_on, case.withdrawn_reason = CaseStatus.WITHDRAWN, on, reason[:255]
    case.save(update_fields=["status", "withdrawn_on", "withdrawn_reason", "updated_at"])
    audit_record(
        actor=actor,
        action="protection.withdraw",
        obj=case,
        org_path=case.org.path,
        changes={
            "status": {"before": CaseStatus.OPEN, "after": CaseStatus.WITHDRAWN},
            "withdrawn_on": {"before": None, "after": on},
        },
        note=reason,
    )
    return case


@contextmanager
def _as_ours(fields: dict[str, str]):
    """A refusal of the recruitment service names its own fields: name the conclusion form's instead."""
    try:
        yield
    except DomainError as error:
        raise DomainError(error.message, field=fields.get(error.field or ""), code=error.code) from error


@transaction.atomic
def case_conclude(
    *,
    actor,
    case: Case,
    conclusion: str,
    concluded_on: date,
    concluded_by: str,
    conclusion_no: str = "",
    conclusion_text: str = "",
) -> Case:
    """Conclude a verification: the committee `concluded_by` concludes on `concluded_on` (clear, an issue for
    the committee to weigh, or not admissible), with its grounds (`conclusion_text`, restricted). Needs
    `Action.RESTRICTED` and `Action.EDIT`. Refused while a request has no reply or no finding recorded, before
    the case was requested or the last reply came, and in the future. For an admission candidate the
    recruitment dossier's verification step is recorded too (recruitment.services.candidate_step_record); if
    recruitment refuses, nothing is written."""
    from tochuc.recruitment.services import candidate_step_record

    case = _lock(case)
    require_restricted(actor, Action.EDIT, case.org.path)
    _need_open(case)
    if conclusion not in Conclusion.values:
        raise DomainError(_("Chọn kết luận thẩm tra."), field="conclusion")
    values = clean(
        {"concluded_by": concluded_by, "conclusion_no": conclusion_no, "conclusion_text": conclusion_text},
        multiline=("conclusion_text",),
    )
    if not values["concluded_by"]:
        raise DomainError(_("Nhập cấp ủy kết luận."), field="concluded_by")
    not_future(concluded_on, "concluded_on")
    if concluded_on < case.requested_on:
        raise DomainError(
            _("Ngày kết luận không được trước ngày đề nghị thẩm tra (%(d)s).") % {"d": fmt(case.requested_on)},
            field="concluded_on",
        )
    questions = list(case.questions.filter(cancelled_at__isnull=True).order_by("sent_on", "pk"))
    if not questions:
        raise DomainError(_("Hồ sơ chưa có nội dung đề nghị xác minh nào: chưa kết luận được."))
    waiting = [q for q in questions if q.replied_on is None]
    if waiting:
        raise DomainError(
            _("Còn %(n)s nội dung chưa có trả lời: %(list)s.")
            % {
                "n": len(waiting),
                "list": "; ".join(
                    _("%(who)s (gửi %(to)s ngày %(d)s)") % {"who": q, "to": q.sent_to, "d": fmt(q.sent_on)}
                    for q in waiting
                ),
            }
        )
    unread = [q for q in questions if not q.finding]
    if unread:
        raise DomainError(_("Chưa ghi kết quả xác minh của: %(list)s.") % {"list": "; ".join(str(q) for q in unread)})
    last = max(q.replied_on for q in questions)
    if concluded_on < last:
        raise DomainError(
            _("Ngày kết luận không được trước ngày có trả lời cuối cùng (%(d)s).") % {"d": fmt(last)},
            field="concluded_on",
        )
    if case.candidate_id is not None and case.purpose == Purpose.ADMISSION:
        with _as_ours({"on": "concluded_on", "result": "conclusion", "document_no": "conclusion_no"}):
            candidate_step_record(
                actor=actor,
                candidate=case.candidate,
                step=Step.VERIFICATION,
                on=concluded_on,
                document_no=values["conclusion_no"],
                result=RESULTS[conclusion],
                note=_("Theo hồ sơ thẩm tra chính trị số %(n)s.") % {"n": case.pk},
            )
    case.status, case.conclusion, case.concluded_on = CaseStatus.CONCLUDED, conclusion, concluded_on
    case.concluded_by, case.conclusion_no = values["concluded_by"], values["conclusion_no"]
    case.conclusion_text = values["conclusion_text"]
    case.save(
        update_fields=[
            "status",
            "conclusion",
            "concluded_on",
            "concluded_by",
            "conclusion_no",
            "conclusion_text",
            "updated_at",
        ]
    )
    changes = {
        "status": {"before": CaseStatus.OPEN, "after": CaseStatus.CONCLUDED},
        "conclusion": {"before": "", "after": conclusion},
        "concluded_on": {"before": None, "after": concluded_on},
        "concluded_by": {"before": "", "after": values["concluded_by"]},
    }
    if values["conclusion_no"]:
        changes["conclusion_no"] = {"before": "", "after": values["conclusion_no"]}
    text = redacted("", values["conclusion_text"])
    if text:
        changes["conclusion_text"] = text
    audit_record(
        actor=actor,
        action="protection.conclude",
        obj=case,
        org_path=case.org.path,
        changes=changes,
        note=values["conclusion_no"],
    )
    return case


def subject_of(case: Case):
    """The record a case is about (candidate, cadre, member), or None for a name alone."""
    kind = subject_kind(case)
    return getattr(case, kind) if kind else None
