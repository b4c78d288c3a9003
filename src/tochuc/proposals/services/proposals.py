"""The appraisal of a proposal (thẩm định đề án): received with its first draft, reviewers assigned (one leads),
comments on the current draft, a request to revise and the revised draft received, the conclusion, or the
appraisal stopped.

Who does what, inside the scope of the appraising org (outside it nothing exists: 404):
- the office of the appraising committee (a role that may create or edit: officers, a grassroots secretary)
  receives the proposal and its revisions, edits its particulars, assigns and releases reviewers and moves
  their deadlines, stops it;
- comments come from the reviewers still assigned, and from the leaders of the appraising committee (a
  role that approves), whose direction is part of the appraisal; nobody else comments (403);
- asking for a revision and concluding belong to the lead reviewer or a leader (a role that approves).
"""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import PurePath
from uuid import uuid4

from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from tochuc.accounts.models import User
from tochuc.accounts.roles import Action, Role
from tochuc.cadres.services.people import refuse_control_characters
from tochuc.core.audit import audit_record, created, diff, snapshot
from tochuc.core.errors import DomainError
from tochuc.core.scope import in_scope, require
from tochuc.core.text import fold
from tochuc.orgs.models import Org, OrgType

from .. import rules
from ..choices import Area, ProposalStatus
from ..models import Comment, Proposal, Reviewer, Revision

# The committees that appraise proposals: the province's, the communes' (and the other committees directly
# under the province), and a grassroots committee for its own units. A cell has no apparatus to appraise.
APPRAISING_ORG_TYPES = frozenset(
    {OrgType.PROVINCE_COMMITTEE, OrgType.UPPER_GRASSROOTS_COMMITTEE, OrgType.GRASSROOTS_COMMITTEE}
)
# The draft's file: the formats an office sends (Word, PDF, a table in Excel), at most 20 MB.
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
DOCUMENT_EXTENSIONS = (".pdf", ".doc", ".docx", ".xlsx")
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the container of the old Word .doc
_ZIP_PART = {".docx": "word/document.xml", ".xlsx": "xl/workbook.xml"}

FIELDS = ["org", "title", "area", "submitted_by", "submitting_org", "document_no", "received_on", "due_on", "status"]


def _fmt(d: date | None) -> str:
    return d.strftime("%d/%m/%Y") if d else ""


def _today() -> date:
    return timezone.localdate()


def _check_date(value: date | None, field: str, *, not_before: date | None = None, label: str = "") -> None:
    if value is None:
        raise DomainError(_("Nhập ngày."), field=field)
    message = rules.date_refusal(value, today=_today(), not_before=not_before, before_label=label)
    if message:
        raise DomainError(message, field=field)


def _lock(proposal: Proposal) -> Proposal:
    return Proposal.objects.select_for_update(of=("self",)).select_related("org").get(pk=proposal.pk)


def _check_step(proposal: Proposal, step: str, field: str | None = None) -> None:
    if not rules.step_allowed(rules.PROPOSAL_STEPS, step, proposal.status):
        raise DomainError(
            _("Đề án đang ở tình trạng «%(s)s»: không thực hiện được thao tác này.")
            % {"s": proposal.get_status_display()},
            field=field,
        )


def latest_revision(proposal: Proposal) -> Revision:
    return proposal.revisions.order_by("-number").first()


def last_step_on(proposal: Proposal) -> tuple[date, str]:
    """The date of the last step on the current draft (its receipt, the latest comment on it, the request to
    revise it) and how a refusal names it: a conclusion or a stop sums up the file, so it cannot predate it."""
    revision = latest_revision(proposal)
    floor, label = revision.received_on, _("ngày nhận bản dự thảo hiện hành")
    commented = revision.comments.order_by("-on").values_list("on", flat=True).first()
    if commented is not None and commented > floor:
        floor, label = commented, _("ngày góp ý gần nhất")
    if revision.changes_requested_on is not None and revision.changes_requested_on > floor:
        floor, label = revision.changes_requested_on, _("ngày đề nghị chỉnh sửa")
    return floor, label


def active_reviewers(proposal: Proposal):
    return proposal.reviewers.filter(released_on__isnull=True).select_related("user")


def is_active_reviewer(actor, proposal: Proposal, *, lead: bool | None = None) -> bool:
    if actor is None or not getattr(actor, "pk", None):
        return False
    qs = proposal.reviewers.filter(user_id=actor.pk, released_on__isnull=True)
    if lead is not None:
        qs = qs.filter(lead=lead)
    return qs.exists()


def may_comment(actor, proposal: Proposal) -> bool:
    """A reviewer still assigned, or a leader of the appraising committee (inside the scope)."""
    if actor is None:
        return True
    if not in_scope(actor, proposal.org.path):
        return False
    return is_active_reviewer(actor, proposal) or actor.can(Action.APPROVE)


def may_steer(actor, proposal: Proposal) -> bool:
    """Asking for a revision and concluding: the lead reviewer, or a leader of the appraising committee."""
    if actor is None:
        return True
    if not in_scope(actor, proposal.org.path):
        return False
    return is_active_reviewer(actor, proposal, lead=True) or actor.can(Action.APPROVE)


def _require_comment(actor, proposal: Proposal) -> None:
    if actor is None:
        return
    require(actor, Action.VIEW, proposal.org.path)
    if not may_comment(actor, proposal):
        raise PermissionDenied


def _require_steer(actor, proposal: Proposal) -> None:
    if actor is None:
        return
    require(actor, Action.VIEW, proposal.org.path)
    if not may_steer(actor, proposal):
        raise PermissionDenied


def reviewer_role_allowed(user: User) -> bool:
    """Reviewers are the committee's officers and leaders (a role that edits or approves); a system
    administrator keeps the system, not the appraisals."""
    return user.role != Role.ADMIN and (user.can(Action.EDIT) or user.can(Action.APPROVE))


def check_org(org: Org) -> None:
    if org.closed_on is not None:
        raise DomainError(
            _("«%(o)s» đã kết thúc hoạt động ngày %(d)s.") % {"o": org.name, "d": _fmt(org.closed_on)}, field="org"
        )
    if org.org_type not in APPRAISING_ORG_TYPES:
        raise DomainError(
            _("«%(o)s» không phải cấp ủy thẩm định đề án (tỉnh, xã, phường, đảng bộ cơ sở).") % {"o": org.name},
            field="org",
        )


def document_check(upload) -> str:
    """The extension of an accepted draft file (.pdf, .doc, .docx, .xlsx, at most 20 MB), read from its name
    and confirmed by its content, so that a renamed file of another kind is refused."""
    name = PurePath(upload.name or "").name
    ext = PurePath(name.lower()).suffix
    if ext not in DOCUMENT_EXTENSIONS:
        raise DomainError(_("Chỉ nhận tệp .pdf, .doc, .docx hoặc .xlsx."), field="document")
    if upload.size > MAX_DOCUMENT_BYTES:
        raise DomainError(_("Tệp lớn quá 20 MB."), field="document")
    if upload.size == 0:
        raise DomainError(_("Tệp rỗng."), field="document")
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    ok = False
    if ext == ".pdf":
        ok = head.startswith(b"%PDF-")
    elif ext == ".doc":
        ok = head == _OLE2
    elif head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                ok = _ZIP_PART[ext] in archive.namelist()
        except zipfile.BadZipFile:
            ok = False
        upload.seek(0)
    if not ok:
        raise DomainError(
            _("Nội dung tệp không đúng định dạng %(ext)s (tệp hỏng hoặc bị đổi đuôi).") % {"ext": ext}, field="document"
        )
    return ext


def _store_document(revision: Revision, upload, ext: str) -> None:
    """Write the file under a random name (the uploaded name is kept for the download); on a failure after the
    write, the file goes with the row that was not saved."""
    original = PurePath(upload.name or "").name[:255]
    revision.document.save(f"{uuid4().hex}{ext}", upload, save=False)
    revision.document_name = original
    try:
        revision.save(update_fields=["document", "document_name"])
    except Exception:
        revision.document.delete(save=False)
        raise


def clean_text(values: dict[str, str], required: dict[str, str], model=Proposal) -> dict[str, str]:
    """The texts stripped; refused when one holds a control character, is missing though required, or is
    longer than its column."""
    refuse_control_characters(values)
    cleaned = {k: (v or "").strip() for k, v in values.items()}
    for name, message in required.items():
        if not cleaned.get(name):
            raise DomainError(message, field=name)
    for name, value in cleaned.items():
        try:
            limit = model._meta.get_field(name).max_length
        except FieldDoesNotExist:
            limit = None
        if limit and len(value) > limit:
            raise DomainError(_("Dài quá %(n)s ký tự.") % {"n": limit}, field=name)
    return cleaned


def _check_submitting_org(org: Org, submitting_org: Org | None, actor) -> None:
    if submitting_org is None:
        return
    if actor is not None and not in_scope(actor, submitting_org.path):
        raise Http404
    if not submitting_org.path.startswith(org.path):
        raise DomainError(
            _("«%(s)s» không trực thuộc «%(o)s»: ghi tên cơ quan trình, bỏ trống tổ chức đảng trình.")
            % {"s": submitting_org.name, "o": org.name},
            field="submitting_org",
        )


def _check_duplicate(org: Org, document_no: str, submitted_by: str, exclude: int | None = None) -> None:
    if not document_no:
        return
    qs = Proposal.objects.filter(org=org, document_no__iexact=document_no, submitted_by__iexact=submitted_by)
    if exclude is not None:
        qs = qs.exclude(pk=exclude)
    other = qs.first()
    if other is not None:
        raise DomainError(
            _("Đã tiếp nhận tờ trình số %(no)s của %(by)s ngày %(d)s: «%(t)s».")
            % {"no": document_no, "by": submitted_by, "d": _fmt(other.received_on), "t": other.title},
            field="document_no",
        )


@transaction.atomic
def proposal_receive(
    *,
    actor,
    org: Org,
    title: str,
    submitted_by: str,
    received_on: date,
    due_on: date,
    area: str = Area.ORGANIZATION,
    submitting_org: Org | None = None,
    document_no: str = "",
    summary: str = "",
    document=None,
) -> Proposal:
    """Receive a proposal for appraisal by the committee of `org`, with its first draft (revision 1, received
    the same day, its file when given). `submitted_by` defaults to the submitting party org's name."""
    if actor is not None:
        require(actor, Action.CREATE, org.path)
    org = Org.objects.get(pk=org.pk)
    check_org(org)
    if not (submitted_by or "").strip() and submitting_org is not None:
        submitted_by = submitting_org.name
    text = clean_text(
        {"title": title, "submitted_by": submitted_by, "document_no": document_no, "summary": summary},
        {"title": _("Nhập tên đề án."), "submitted_by": _("Nhập cơ quan trình đề án.")},
    )
    if area not in Area.values:
        raise DomainError(_("Chọn lĩnh vực của đề án."), field="area")
    _check_submitting_org(org, submitting_org, actor)
    _check_date(received_on, "received_on")
    if due_on is None:
        raise DomainError(_("Nhập hạn thẩm định."), field="due_on")
    if due_on < received_on:
        raise DomainError(
            _("Hạn thẩm định không được trước ngày nhận hồ sơ (%(d)s).") % {"d": _fmt(received_on)}, field="due_on"
        )
    ext = document_check(document) if document else None
    _check_duplicate(org, text["document_no"], text["submitted_by"])
    proposal = Proposal.objects.create(
        org=org,
        title=text["title"],
        title_folded=fold(text["title"])[:255],
        area=area,
        submitted_by=text["submitted_by"],
        submitting_org=submitting_org,
        document_no=text["document_no"],
        received_on=received_on,
        due_on=due_on,
        status=ProposalStatus.SUBMITTED,
    )
    revision = Revision.objects.create(proposal=proposal, number=1, received_on=received_on, summary=text["summary"])
    if ext:
        _store_document(revision, document, ext)
    changes = created(snapshot(proposal, FIELDS))
    if revision.document_name:
        changes["document"] = {"before": None, "after": revision.document_name}
    audit_record(actor=actor, action="proposal.receive", obj=proposal, org_path=org.path, changes=changes)
    return proposal


@transaction.atomic
def proposal_update(
    *,
    actor,
    proposal: Proposal,
    title: str,
    submitted_by: str,
    due_on: date,
    area: str,
    submitting_org: Org | None = None,
    document_no: str = "",
) -> Proposal:
    """Correct the particulars of an appraisal in progress, or move its deadline (never before a reviewer's)."""
    proposal = _lock(proposal)
    if actor is not None:
        require(actor, Action.EDIT, proposal.org.path)
    _check_step(proposal, "update")
    if not (submitted_by or "").strip() and submitting_org is not None:
        submitted_by = submitting_org.name
    text = clean_text(
        {"title": title, "submitted_by": submitted_by, "document_no": document_no},
        {"title": _("Nhập tên đề án."), "submitted_by": _("Nhập cơ quan trình đề án.")},
    )
    if area not in Area.values:
        raise DomainError(_("Chọn lĩnh vực của đề án."), field="area")
    _check_submitting_org(proposal.org, submitting_org, actor)
    if due_on is None:
        raise DomainError(_("Nhập hạn thẩm định."), field="due_on")
    if due_on < proposal.received_on:
        raise DomainError(
            _("Hạn thẩm định không được trước ngày nhận hồ sơ (%(d)s).") % {"d": _fmt(proposal.received_on)},
            field="due_on",
        )
    latest_due = max((r.due_on for r in active_reviewers(proposal) if r.done_on is None), default=None)
    if latest_due is not None and due_on < latest_due:
        raise DomainError(
            _("Có người thẩm định được giao hạn góp ý đến %(d)s: điều chỉnh hạn góp ý của họ trước.")
            % {"d": _fmt(latest_due)},
            field="due_on",
        )
    _check_duplicate(proposal.org, text["document_no"], text["submitted_by"], exclude=proposal.pk)
    before = snapshot(proposal, FIELDS)
    proposal.title, proposal.title_folded = text["title"], fold(text["title"])[:255]
    proposal.submitted_by, proposal.document_no = text["submitted_by"], text["document_no"]
    proposal.area, proposal.submitting_org, proposal.due_on = area, submitting_org, due_on
    proposal.save(
        update_fields=[
            "title",
            "title_folded",
            "submitted_by",
            "document_no",
            "area",
            "submitting_org",
            "due_on",
            "updated_at",
        ]
    )
    audit_record(
        actor=actor,
        action="proposal.update",
        obj=proposal,
        org_path=proposal.org.path,
        changes=diff(before, snapshot(proposal, FIELDS)),
    )
    return proposal


def reviewer_eligible(*, actor, proposal: Proposal, user: User) -> str | None:
    """Why `user` may not review `proposal` (None when they may): an active account, of a role that edits or
    approves, whose scope holds the appraising org, and whom the assigning officer sees."""
    if not user.is_active or user.org_id is None:
        return _("Tài khoản %(u)s đã khóa hoặc chưa gắn với tổ chức đảng.") % {"u": user}
    if actor is not None and not in_scope(actor, user.org.path):
        return _("%(u)s không thuộc phạm vi quản lý của bạn.") % {"u": user}
    if not proposal.org.path.startswith(user.org.path):
        return _("%(u)s không có quyền với «%(o)s».") % {"u": user, "o": proposal.org.name}
    if not reviewer_role_allowed(user):
        return _("Vai trò «%(r)s» không tham gia thẩm định.") % {"r": user.get_role_display()}
    return None


@transaction.atomic
def reviewer_assign(
    *, actor, proposal: Proposal, user: User, assigned_on: date, due_on: date, lead: bool = False
) -> Reviewer:
    """Assign `user` to appraise the proposal by `due_on` (at the latest the proposal's own deadline). There is
    one lead: the first reviewer leads; assigning another as lead hands the lead over (the former lead stays
    a reviewer). The proposal is then under appraisal."""
    proposal = _lock(proposal)
    if actor is not None:
        require(actor, Action.EDIT, proposal.org.path)
    _check_step(proposal, "assign")
    user = User.objects.select_related("org").get(pk=user.pk)
    reason = reviewer_eligible(actor=actor, proposal=proposal, user=user)
    if reason:
        raise DomainError(reason, field="user")
    if proposal.reviewers.filter(user=user, released_on__isnull=True).exists():
        raise DomainError(_("%(u)s đã được phân công thẩm định đề án này.") % {"u": user}, field="user")
    current_lead = proposal.reviewers.filter(lead=True, released_on__isnull=True).select_related("user").first()
    if current_lead is None and not lead:
        raise DomainError(_("Đề án chưa có người chủ trì thẩm định: phân công người chủ trì trước."), field="lead")
    _check_date(assigned_on, "assigned_on", not_before=proposal.received_on, label=_("ngày nhận hồ sơ"))
    if due_on is None:
        raise DomainError(_("Nhập hạn góp ý."), field="due_on")
    if due_on < assigned_on:
        raise DomainError(_("Hạn góp ý không được trước ngày phân công."), field="due_on")
    if due_on > proposal.due_on:
        raise DomainError(
            _("Hạn góp ý không được sau hạn thẩm định của đề án (%(d)s).") % {"d": _fmt(proposal.due_on)},
            field="due_on",
        )
    changes = {}
    if lead and current_lead is not None:
        current_lead.lead = False
        current_lead.save(update_fields=["lead"])
        changes["lead_from"] = {"before": current_lead.user.username, "after": user.username}
    reviewer = Reviewer.objects.create(proposal=proposal, user=user, lead=lead, assigned_on=assigned_on, due_on=due_on)
    changes |= {
        "reviewer": {"before": None, "after": user.username},
        "lead": {"before": None, "after": lead},
        "assigned_on": {"before": None, "after": assigned_on},
        "due_on": {"before": None, "after": due_on},
    }
    if proposal.status == ProposalStatus.SUBMITTED:
        proposal.status = ProposalStatus.IN_REVIEW
        proposal.save(update_fields=["status", "updated_at"])
        changes["status"] = {"before": ProposalStatus.SUBMITTED, "after": ProposalStatus.IN_REVIEW}
    audit_record(actor=actor, action="proposal.assign", obj=proposal, org_path=proposal.org.path, changes=changes)
    return reviewer


@transaction.atomic
def reviewer_release(*, actor, reviewer: Reviewer, released_on: date, note: str = "") -> Reviewer:
    """Release a reviewer from the appraisal (moved to other work, on leave...). The lead is released only
    when nobody else is assigned: hand the lead over first."""
    proposal = _lock(reviewer.proposal)
    if actor is not None:
        require(actor, Action.EDIT, proposal.org.path)
    reviewer = Reviewer.objects.select_for_update(of=("self",)).select_related("user").get(pk=reviewer.pk)
    if reviewer.proposal_id != proposal.pk:
        raise Http404
    _check_step(proposal, "release")
    refuse_control_characters({"note": note})
    if reviewer.released_on is not None:
        raise DomainError(
            _("%(u)s đã thôi phân công từ %(d)s.") % {"u": reviewer.user, "d": _fmt(reviewer.released_on)},
            field="released_on",
        )
    if reviewer.lead and proposal.reviewers.filter(released_on__isnull=True).exclude(pk=reviewer.pk).exists():
        raise DomainError(
            _("%(u)s đang chủ trì thẩm định: phân công người chủ trì khác trước khi thôi phân công.")
            % {"u": reviewer.user},
            field="released_on",
        )
    _check_date(released_on, "released_on", not_before=reviewer.assigned_on, label=_("ngày phân công"))
    reviewer.released_on = released_on
    reviewer.save(update_fields=["released_on"])
    audit_record(
        actor=actor,
        action="proposal.release",
        obj=proposal,
        org_path=proposal.org.path,
        changes={
            "reviewer": {"before": reviewer.user.username, "after": None},
            "released_on": {"before": None, "after": released_on},
        },
        note=note.strip(),
    )
    return reviewer


@transaction.atomic
def reviewer_reschedule(*, actor, reviewer: Reviewer, due_on: date, note: str = "") -> Reviewer:
    """Move a reviewer's deadline (extended, or brought forward), not before their assignment nor after the
    proposal's own deadline: how an officer gives a reviewer more time, or makes room to bring the proposal's
    deadline forward."""
    proposal = _lock(reviewer.proposal)
    if actor is not None:
        require(actor, Action.EDIT, proposal.org.path)
    reviewer = Reviewer.objects.select_for_update(of=("self",)).select_related("user").get(pk=reviewer.pk)
    if reviewer.proposal_id != proposal.pk:
        raise Http404
    _check_step(proposal, "reschedule", field="due_on")
    refuse_control_characters({"note": note})
    if reviewer.released_on is not None:
        raise DomainError(
            _("%(u)s đã thôi phân công từ %(d)s.") % {"u": reviewer.user, "d": _fmt(reviewer.released_on)},
            field="due_on",
        )
    if due_on is None:
        raise DomainError(_("Nhập hạn góp ý."), field="due_on")
    if due_on < reviewer.assigned_on:
        raise DomainError(
            _("Hạn góp ý không được trước ngày phân công (%(d)s).") % {"d": _fmt(reviewer.assigned_on)},
            field="due_on",
        )
    if due_on > proposal.due_on:
        raise DomainError(
            _("Hạn góp ý không được sau hạn thẩm định của đề án (%(d)s).") % {"d": _fmt(proposal.due_on)},
            field="due_on",
        )
    if due_on == reviewer.due_on:
        raise DomainError(_("Hạn góp ý mới trùng với hạn đang giao."), field="due_on")
    before = reviewer.due_on
    reviewer.due_on = due_on
    reviewer.save(update_fields=["due_on"])
    audit_record(
        actor=actor,
        action="proposal.reviewer_due",
        obj=proposal,
        org_path=proposal.org.path,
        changes={
            "reviewer": {"before": reviewer.user.username, "after": reviewer.user.username},
            "due_on": {"before": before, "after": due_on},
        },
        note=note.strip(),
    )
    return reviewer


@transaction.atomic
def comment_add(*, actor, proposal: Proposal, text: str, on: date, final: bool = False) -> Comment:
    """A comment on the current draft. A reviewer's `final` comment is their appraisal opinion: it completes
    their part (done on that day)."""
    proposal = _lock(proposal)
    _require_comment(actor, proposal)
    _check_step(proposal, "comment", field="text")
    text = clean_text({"text": text}, {"text": _("Nhập ý kiến góp ý.")}, Comment)["text"]
    revision = latest_revision(proposal)
    _check_date(on, "on", not_before=revision.received_on, label=_("ngày nhận bản dự thảo hiện hành"))
    reviewer = None
    if final:
        reviewer = (
            proposal.reviewers.select_for_update(of=("self",))
            .filter(user_id=getattr(actor, "pk", None), released_on__isnull=True)
            .first()
        )
        if reviewer is None:
            raise DomainError(_("Chỉ người được phân công thẩm định ghi ý kiến thẩm định chính thức."), field="final")
        if on < reviewer.assigned_on:
            raise DomainError(
                _("Không được trước ngày phân công (%(d)s).") % {"d": _fmt(reviewer.assigned_on)}, field="on"
            )
    author = actor if getattr(actor, "pk", None) else None
    if author is None:
        raise DomainError(_("Ý kiến góp ý phải có người góp ý."), field="text")
    comment = Comment.objects.create(proposal=proposal, revision=revision, author=author, on=on, text=text, final=final)
    changes = {"revision": {"before": None, "after": revision.number}, "on": {"before": None, "after": on}}
    if reviewer is not None:
        changes["done_on"] = {"before": reviewer.done_on, "after": on}
        reviewer.done_on = on
        reviewer.save(update_fields=["done_on"])
    audit_record(
        actor=actor, action="proposal.comment", obj=proposal, org_path=proposal.org.path, changes=changes, note=text
    )
    return comment


@transaction.atomic
def changes_request(*, actor, proposal: Proposal, on: date, text: str) -> Revision:
    """Ask the drafting body to revise the current draft (the request is kept on it); the appraisal waits for
    the revised draft."""
    proposal = _lock(proposal)
    _require_steer(actor, proposal)
    _check_step(proposal, "request_changes", field="changes_requested")
    required = {"changes_requested": _("Nhập nội dung đề nghị chỉnh sửa.")}
    text = clean_text({"changes_requested": text}, required, Revision)["changes_requested"]
    revision = Revision.objects.select_for_update(of=("self",)).filter(proposal=proposal).order_by("-number").first()
    _check_date(on, "changes_requested_on", not_before=revision.received_on, label=_("ngày nhận bản dự thảo"))
    revision.changes_requested_on, revision.changes_requested = on, text
    revision.save(update_fields=["changes_requested_on", "changes_requested"])
    proposal.status = ProposalStatus.REVISING
    proposal.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action="proposal.request_changes",
        obj=proposal,
        org_path=proposal.org.path,
        changes={
            "status": {"before": ProposalStatus.IN_REVIEW, "after": ProposalStatus.REVISING},
            "revision": {"before": None, "after": revision.number},
            "changes_requested_on": {"before": None, "after": on},
        },
        note=text[:255],
    )
    return revision


@transaction.atomic
def revision_receive(*, actor, proposal: Proposal, received_on: date, summary: str = "", document=None) -> Revision:
    """Receive the revised draft (the next number), with what was taken on board and its file; the appraisal
    resumes on it."""
    proposal = _lock(proposal)
    if actor is not None:
        require(actor, Action.EDIT, proposal.org.path)
    _check_step(proposal, "revision", field="received_on")
    summary = clean_text({"summary": summary}, {}, Revision)["summary"]
    previous = latest_revision(proposal)
    _check_date(received_on, "received_on", not_before=previous.changes_requested_on, label=_("ngày đề nghị chỉnh sửa"))
    ext = document_check(document) if document else None
    revision = Revision.objects.create(
        proposal=proposal, number=previous.number + 1, received_on=received_on, summary=summary
    )
    if ext:
        _store_document(revision, document, ext)
    proposal.status = ProposalStatus.IN_REVIEW
    proposal.save(update_fields=["status", "updated_at"])
    changes = {
        "status": {"before": ProposalStatus.REVISING, "after": ProposalStatus.IN_REVIEW},
        "revision": {"before": previous.number, "after": revision.number},
        "received_on": {"before": None, "after": received_on},
    }
    if revision.document_name:
        changes["document"] = {"before": None, "after": revision.document_name}
    audit_record(actor=actor, action="proposal.revision", obj=proposal, org_path=proposal.org.path, changes=changes)
    return revision


@transaction.atomic
def proposal_conclude(
    *,
    actor,
    proposal: Proposal,
    conclusion: str,
    concluded_on: date,
    conclusion_text: str = "",
    conclusion_no: str = "",
    override_note: str = "",
) -> Proposal:
    """Record the appraisal's conclusion on the current draft. Every reviewer still assigned has given their
    opinion, or `override_note` says why the committee concludes without it."""
    proposal = _lock(proposal)
    _require_steer(actor, proposal)
    _check_step(proposal, "conclude", field="conclusion")
    text = clean_text(
        {"conclusion_text": conclusion_text, "conclusion_no": conclusion_no, "override_note": override_note}, {}
    )
    refusal = rules.conclusion_refusal(conclusion=conclusion, conclusion_text=text["conclusion_text"])
    if refusal:
        raise DomainError(refusal[1], field=refusal[0])
    reviewers = list(active_reviewers(proposal))
    if not reviewers:
        raise DomainError(_("Đề án chưa có người thẩm định: phân công trước khi kết luận."), field="conclusion")
    floor, label = last_step_on(proposal)
    _check_date(concluded_on, "concluded_on", not_before=floor, label=label)
    pending = [str(r.user) for r in reviewers if r.done_on is None]
    message = rules.pending_reviewers_refusal(pending=pending, override_note=text["override_note"])
    if message:
        raise DomainError(message, field="override_note")
    before = snapshot(proposal, ["status", "conclusion", "concluded_on", "conclusion_no"])
    proposal.status = ProposalStatus.CONCLUDED
    proposal.conclusion, proposal.concluded_on = conclusion, concluded_on
    proposal.conclusion_text, proposal.conclusion_no = text["conclusion_text"], text["conclusion_no"]
    proposal.override_note = text["override_note"] if pending else ""
    proposal.concluded_by = actor if getattr(actor, "pk", None) else None
    proposal.save(
        update_fields=[
            "status",
            "conclusion",
            "concluded_on",
            "conclusion_text",
            "conclusion_no",
            "override_note",
            "concluded_by",
            "updated_at",
        ]
    )
    changes = diff(before, snapshot(proposal, ["status", "conclusion", "concluded_on", "conclusion_no"]))
    if pending:
        changes["pending_reviewers"] = {"before": None, "after": pending}
    audit_record(
        actor=actor,
        action="proposal.conclude",
        obj=proposal,
        org_path=proposal.org.path,
        changes=changes,
        note=proposal.override_note,
    )
    return proposal


@transaction.atomic
def proposal_withdraw(*, actor, proposal: Proposal, withdrawn_on: date, reason: str) -> Proposal:
    """Stop the appraisal: the drafting body withdrew the proposal, or the committee stopped it."""
    proposal = _lock(proposal)
    if actor is not None:
        require(actor, Action.EDIT, proposal.org.path)
    _check_step(proposal, "withdraw", field="withdrawn_reason")
    reason = clean_text({"withdrawn_reason": reason}, {"withdrawn_reason": _("Nhập lý do dừng thẩm định.")})[
        "withdrawn_reason"
    ]
    floor, label = last_step_on(proposal)
    _check_date(withdrawn_on, "withdrawn_on", not_before=floor, label=label)
    before = proposal.status
    proposal.status, proposal.withdrawn_on, proposal.withdrawn_reason = ProposalStatus.WITHDRAWN, withdrawn_on, reason
    proposal.save(update_fields=["status", "withdrawn_on", "withdrawn_reason", "updated_at"])
    audit_record(
        actor=actor,
        action="proposal.withdraw",
        obj=proposal,
        org_path=proposal.org.path,
        changes={
            "status": {"before": before, "after": ProposalStatus.WITHDRAWN},
            "withdrawn_on": {"before": None, "after": withdrawn_on},
        },
        note=reason,
    )
    return proposal


# --- The restructuring follower (orgs.services.register_follower) -----------------------------------------


def proposals_follow(*, actor, source: Org, target: Org, on: date, event=None) -> int:
    """When `source` merges or dissolves into `target`, the appraisals still open at `source` are taken over by
    the committee of `target`; the concluded and stopped ones stay where they were decided. Conferences and the
    recommendations raised at them stay too: they record who held and who raised them. Called by the
    restructuring services inside their transaction, which checked the scope."""
    moved = 0
    for proposal in Proposal.objects.select_for_update().filter(org=source, status__in=list(rules.OPEN_PROPOSAL)):
        proposal.org = target
        proposal.save(update_fields=["org", "updated_at"])
        audit_record(
            actor=actor,
            action="proposal.update",
            obj=proposal,
            org_path=target.path,
            changes={"org": {"before": source.code, "after": target.code}},
            note=_fmt(on),
        )
        moved += 1
    return moved


def proposals_held(org: Org) -> str | None:
    """What of the appraisals still sits on `org` (see `orgs.services.register_follower`)."""
    n = Proposal.objects.filter(org=org, status__in=list(rules.OPEN_PROPOSAL)).count()
    return _("%(n)s đề án đang thẩm định") % {"n": n} if n else None
