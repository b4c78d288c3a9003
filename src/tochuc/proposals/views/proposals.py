"""Appraisal pages: the list of proposals (filters, "my appraisals", summary, overdue rows highlighted, Excel),
a proposal received or edited, its page with the timeline, the reviewers and the steps the actor may take,
and the download of a draft's file (only through here: the media folder is never served)."""

from __future__ import annotations

import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tochuc.accounts.roles import Action
from tochuc.core.errors import DomainError
from tochuc.core.exports import xlsx_response
from tochuc.core.scope import require
from tochuc.orgs import selectors as org_selectors

from .. import rules
from ..choices import ProposalStatus
from ..forms.proposals import (
    ChangesForm,
    CommentForm,
    ConcludeForm,
    ProposalEditForm,
    ProposalFilterForm,
    ProposalForm,
    ReleaseForm,
    RescheduleForm,
    ReviewerForm,
    RevisionForm,
    WithdrawForm,
)
from ..models import Reviewer
from ..selectors import proposals as selectors
from ..services import proposals as services

PER_PAGE = 50


def _ctx(**extra) -> dict:
    return {"nav": "proposals", "tab": "proposals", **extra}


def _filtered(request):
    """The list's filters and org from the query string (the export reads the same); an org outside the
    scope is a 404."""
    form = ProposalFilterForm(request.GET or None)
    org = org_selectors.org_from_query(actor=request.user, params=request.GET)
    today = timezone.localdate()
    soon = selectors.soon_until(today)
    qs = selectors.proposal_list(actor=request.user, org=org, today=today, soon_until=soon, **form.selector_kwargs())
    return form, org, qs, today, soon


@login_required
@require_GET
def proposal_list(request):
    form, org, qs, today, soon = _filtered(request)
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "proposals/proposal_list.html",
        _ctx(
            form=form,
            org=org,
            page_obj=page,
            rows=selectors.rows(page.object_list, today=today, soon_until=soon),
            summary=selectors.proposal_summary(qs, today=today, soon_until=soon),
            mine=selectors.my_work(actor=request.user, today=today),
            statuses=ProposalStatus.choices,
            today=today,
            soon_days=rules.DUE_SOON_WORKING_DAYS,
            can_create=request.user.can(Action.CREATE),
            can_export=request.user.can(Action.EXPORT),
        ),
    )


HEADERS = [
    gettext_lazy("STT"),
    gettext_lazy("Tên đề án"),
    gettext_lazy("Lĩnh vực"),
    gettext_lazy("Cơ quan trình"),
    gettext_lazy("Số tờ trình"),
    gettext_lazy("Cơ quan thẩm định"),
    gettext_lazy("Ngày nhận"),
    gettext_lazy("Hạn thẩm định"),
    gettext_lazy("Tình trạng"),
    gettext_lazy("Chủ trì thẩm định"),
    gettext_lazy("Tham gia thẩm định"),
    gettext_lazy("Lần dự thảo"),
    gettext_lazy("Số ý kiến"),
    gettext_lazy("Kết luận"),
    gettext_lazy("Ngày kết luận"),
    gettext_lazy("Số văn bản thẩm định"),
    gettext_lazy("Thời hạn"),
]
WIDTHS = [6, 48, 24, 30, 14, 30, 12, 12, 22, 24, 30, 8, 8, 30, 12, 16, 14]


@login_required
@require_GET
def proposal_export(request):
    """The filtered proposals as a workbook: what the list shows, without the pagination."""
    _form, org, qs, today, _soon = _filtered(request)  # outside the scope: 404 before the role is looked at
    require(request.user, Action.EXPORT)
    # Without an org filter the sheet holds the actor's whole scope: its title names that org.
    org = org or (request.user.org if request.user.org_id else None)
    return xlsx_response(
        f"de-an-tham-dinh-{org.code if org else 'tat-ca'}-{today:%Y%m%d}",
        title=_("DANH SÁCH ĐỀ ÁN THẨM ĐỊNH %(org)s") % {"org": (org.name if org else "").upper()},
        subtitle=_("Tính đến ngày %(d)s.") % {"d": today.strftime("%d/%m/%Y")},
        headers=[str(h) for h in HEADERS],
        rows=selectors.export_rows(qs, today=today),
        widths=WIDTHS,
    )


@login_required
@require_http_methods(["GET", "POST"])
def proposal_create(request):
    require(request.user, Action.CREATE)
    initial = {"received_on": timezone.localdate()}
    if request.user.org_id:
        initial["org"] = request.user.org.code
    form = ProposalForm(request.POST or None, request.FILES or None, actor=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.proposal_receive(actor=request.user, **form.values())
        except DomainError as e:
            form.add_domain_error(e)
        else:
            messages.success(request, _("Đã tiếp nhận đề án «%(t)s».") % {"t": proposal.title})
            return redirect("proposals:detail", proposal.pk)
    return render(
        request,
        "proposals/proposal_form.html",
        _ctx(form=form, title=_("Tiếp nhận đề án thẩm định"), multipart=True),
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def proposal_edit(request, pk):
    proposal = selectors.proposal_get(actor=request.user, pk=pk, action=Action.EDIT)
    initial = {
        "title": proposal.title,
        "area": proposal.area,
        "submitted_by": proposal.submitted_by,
        "submitting_org": proposal.submitting_org.code if proposal.submitting_org_id else "",
        "document_no": proposal.document_no,
        "due_on": proposal.due_on,
    }
    form = ProposalEditForm(request.POST or None, actor=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_update(actor=request.user, proposal=proposal, **form.values())
        except DomainError as e:
            form.add_domain_error(e)
        else:
            messages.success(request, _("Đã sửa thông tin đề án."))
            return redirect("proposals:detail", proposal.pk)
    return render(
        request,
        "proposals/proposal_form.html",
        _ctx(form=form, proposal=proposal, title=_("Sửa thông tin đề án")),
        status=400 if request.method == "POST" else 200,
    )


# --- The proposal's page and its steps ----------------------------------------------------------------------


def _page(request, proposal, *, failed: dict | None = None, status: int = 200, row_rid: int | None = None):
    """The proposal's page: the forms of the steps the actor may take now (a failed one with its errors)."""
    actor = request.user
    today = timezone.localdate()
    detail = selectors.proposal_detail(actor=actor, proposal=proposal, today=today)
    st = proposal.status
    allowed = {step: rules.step_allowed(rules.PROPOSAL_STEPS, step, st) for step in rules.PROPOSAL_STEPS}
    can_edit = actor.can(Action.EDIT)
    forms: dict = {}
    if can_edit and allowed["assign"]:
        users = selectors.reviewer_candidates(actor=actor, proposal=proposal)
        initial = {"assigned_on": today, "due_on": proposal.due_on, "lead": not detail.reviewers}
        forms["assign"] = ReviewerForm(actor=actor, users=users, initial=initial)
        forms["release"] = ReleaseForm(actor=actor, initial={"released_on": today})
        forms["reschedule"] = RescheduleForm(actor=actor)
    if allowed["comment"] and services.may_comment(actor, proposal):
        reviewer = services.is_active_reviewer(actor, proposal)
        forms["comment"] = CommentForm(actor=actor, reviewer=reviewer, initial={"on": today})
    steer = services.may_steer(actor, proposal)
    if steer and allowed["request_changes"]:
        forms["request_changes"] = ChangesForm(actor=actor, initial={"changes_requested_on": today})
    if steer and allowed["conclude"]:
        forms["conclude"] = ConcludeForm(actor=actor, initial={"concluded_on": today})
    if can_edit and allowed["revision"]:
        forms["revision"] = RevisionForm(actor=actor, initial={"received_on": today})
    if can_edit and allowed["withdraw"]:
        forms["withdraw"] = WithdrawForm(actor=actor, initial={"withdrawn_on": today})
    if failed:
        forms.update(failed)
    # A refused step on a reviewer's row shows its errors on that row; when the row is gone (released meanwhile,
    # a second click) they show above the table instead.
    row_shown = row_rid is not None and any(r.reviewer.pk == row_rid for r in detail.reviewers)
    row_errors = []
    if failed and row_rid is not None and not row_shown:
        row_errors = [m for form in failed.values() for messages_ in form.errors.values() for m in messages_]
    return render(
        request,
        "proposals/proposal_detail.html",
        _ctx(
            proposal=proposal,
            d=detail,
            forms=forms,
            failed=next(iter(failed)) if failed else "",
            can_edit=can_edit and allowed["update"],
            is_reviewer=any(r.reviewer.user_id == actor.pk for r in detail.reviewers),
            row_rid=row_rid,
            row_errors=row_errors,
            today=today,
        ),
        status=status,
    )


@login_required
@require_GET
def proposal_detail(request, pk):
    return _page(request, selectors.proposal_get(actor=request.user, pk=pk))


def _step(request, proposal, key: str, form, call, success: str, **page):
    """Run one step from its form: on success back to the page, else the page again with the form's errors
    beside its fields (400)."""
    if form.is_valid():
        try:
            call(form.cleaned_data)
        except DomainError as e:
            form.add_domain_error(e)
        else:
            messages.success(request, success)
            return redirect("proposals:detail", proposal.pk)
    return _page(request, proposal, failed={key: form}, status=400, **page)


@login_required
@require_POST
def reviewer_assign(request, pk):
    proposal = selectors.proposal_get(actor=request.user, pk=pk, action=Action.EDIT)
    users = selectors.reviewer_candidates(actor=request.user, proposal=proposal)
    form = ReviewerForm(request.POST, actor=request.user, users=users)
    return _step(
        request,
        proposal,
        "assign",
        form,
        lambda d: services.reviewer_assign(actor=request.user, proposal=proposal, **form.values()),
        _("Đã phân công thẩm định."),
    )


@login_required
@require_POST
def reviewer_release(request, pk, rid):
    proposal = selectors.proposal_get(actor=request.user, pk=pk, action=Action.EDIT)
    reviewer = get_object_or_404(Reviewer.objects.select_related("user"), pk=rid, proposal=proposal)
    form = ReleaseForm(request.POST, actor=request.user)
    return _step(
        request,
        proposal,
        "release",
        form,
        lambda d: services.reviewer_release(
            actor=request.user, reviewer=reviewer, released_on=d["released_on"], note=d.get("note") or ""
        ),
        _("Đã thôi phân công %(u)s.") % {"u": reviewer.user},
        row_rid=reviewer.pk,
    )


@login_required
@require_POST
def reviewer_reschedule(request, pk, rid):
    proposal = selectors.proposal_get(actor=request.user, pk=pk, action=Action.EDIT)
    reviewer = get_object_or_404(Reviewer.objects.select_related("user"), pk=rid, proposal=proposal)
    form = RescheduleForm(request.POST, actor=request.user)
    return _step(
        request,
        proposal,
        "reschedule",
        form,
        lambda d: services.reviewer_reschedule(
            actor=request.user, reviewer=reviewer, due_on=d["due_on"], note=d.get("note") or ""
        ),
        _("Đã điều chỉnh hạn góp ý của %(u)s.") % {"u": reviewer.user},
        row_rid=reviewer.pk,
    )


@login_required
@require_POST
def comment_add(request, pk):
    proposal = selectors.proposal_get(actor=request.user, pk=pk)
    if not services.may_comment(request.user, proposal):
        raise PermissionDenied
    form = CommentForm(request.POST, actor=request.user, reviewer=services.is_active_reviewer(request.user, proposal))
    return _step(
        request,
        proposal,
        "comment",
        form,
        lambda d: services.comment_add(
            actor=request.user, proposal=proposal, text=d["text"], on=d["on"], final=d.get("final", False)
        ),
        _("Đã ghi ý kiến."),
    )


@login_required
@require_POST
def changes_request(request, pk):
    proposal = selectors.proposal_get(actor=request.user, pk=pk)
    if not services.may_steer(request.user, proposal):
        raise PermissionDenied
    form = ChangesForm(request.POST, actor=request.user)
    return _step(
        request,
        proposal,
        "request_changes",
        form,
        lambda d: services.changes_request(
            actor=request.user, proposal=proposal, on=d["changes_requested_on"], text=d["changes_requested"]
        ),
        _("Đã đề nghị cơ quan soạn thảo chỉnh sửa."),
    )


@login_required
@require_POST
def revision_receive(request, pk):
    proposal = selectors.proposal_get(actor=request.user, pk=pk, action=Action.EDIT)
    form = RevisionForm(request.POST, request.FILES, actor=request.user)
    return _step(
        request,
        proposal,
        "revision",
        form,
        lambda d: services.revision_receive(
            actor=request.user,
            proposal=proposal,
            received_on=d["received_on"],
            summary=d.get("summary") or "",
            document=d.get("document"),
        ),
        _("Đã nhận bản dự thảo chỉnh sửa."),
    )


@login_required
@require_POST
def proposal_conclude(request, pk):
    proposal = selectors.proposal_get(actor=request.user, pk=pk)
    if not services.may_steer(request.user, proposal):
        raise PermissionDenied
    form = ConcludeForm(request.POST, actor=request.user)
    return _step(
        request,
        proposal,
        "conclude",
        form,
        lambda d: services.proposal_conclude(
            actor=request.user,
            proposal=proposal,
            conclusion=d["conclusion"],
            concluded_on=d["concluded_on"],
            conclusion_no=d.get("conclusion_no") or "",
            conclusion_text=d.get("conclusion_text") or "",
            override_note=d.get("override_note") or "",
        ),
        _("Đã ghi kết luận thẩm định."),
    )


@login_required
@require_POST
def proposal_withdraw(request, pk):
    proposal = selectors.proposal_get(actor=request.user, pk=pk, action=Action.EDIT)
    form = WithdrawForm(request.POST, actor=request.user)
    return _step(
        request,
        proposal,
        "withdraw",
        form,
        lambda d: services.proposal_withdraw(
            actor=request.user, proposal=proposal, withdrawn_on=d["withdrawn_on"], reason=d["withdrawn_reason"]
        ),
        _("Đã dừng thẩm định đề án."),
    )


@login_required
@require_GET
def revision_document(request, pk, number):
    """A draft's file, to those who see the proposal; never cached by the browser or a proxy."""
    proposal = selectors.proposal_get(actor=request.user, pk=pk)
    revision = get_object_or_404(proposal.revisions, number=number)
    if not revision.document:
        raise Http404
    try:
        handle = revision.document.open("rb")
    except OSError:
        raise Http404 from None
    name = revision.document_name or revision.document.name.rsplit("/", 1)[-1]
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=name,
        content_type=mimetypes.guess_type(name)[0] or "application/octet-stream",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


urlpatterns = [
    path("", proposal_list, name="list"),
    path("export/", proposal_export, name="export"),
    path("new/", proposal_create, name="create"),
    path("<int:pk>/", proposal_detail, name="detail"),
    path("<int:pk>/edit/", proposal_edit, name="edit"),
    path("<int:pk>/reviewers/", reviewer_assign, name="assign"),
    path("<int:pk>/reviewers/<int:rid>/release/", reviewer_release, name="release"),
    path("<int:pk>/reviewers/<int:rid>/due/", reviewer_reschedule, name="reschedule"),
    path("<int:pk>/comments/", comment_add, name="comment"),
    path("<int:pk>/request-changes/", changes_request, name="request_changes"),
    path("<int:pk>/revisions/", revision_receive, name="revision"),
    path("<int:pk>/revisions/<int:number>/document/", revision_document, name="document"),
    path("<int:pk>/conclude/", proposal_conclude, name="conclude"),
    path("<int:pk>/withdraw/", proposal_withdraw, name="withdraw"),
]
