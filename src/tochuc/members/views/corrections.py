"""Corrections of core dossier fields: requested from the member's page with a basis document, decided by
an approver of the scope; the requester never decides their own (24-QĐ/TW §6.2.4, DOMAIN.md §6.1)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from tochuc.accounts.roles import Action
from tochuc.core.errors import DomainError
from tochuc.core.scope import require
from tochuc.orgs import selectors as org_selectors

from .. import selectors, services
from .. import selectors_dossier as dossier_selectors
from ..forms import CorrectionDecisionForm, CorrectionRequestForm


@login_required
@require_http_methods(["GET", "POST"])
def request_correction(request, pk):
    member = selectors.member_get(actor=request.user, pk=pk)
    require(request.user, Action.EDIT, member.org.path)
    form = CorrectionRequestForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.correction_request(actor=request.user, member=member, **form.cleaned_data)
        except DomainError as e:
            form.add_domain_error(e)
        else:
            messages.success(request, _("Đã gửi đề nghị đính chính; chờ lãnh đạo duyệt."))
            return redirect("members:detail", member.pk)
    return render(
        request,
        "members/correction_form.html",
        {
            "form": form,
            "member": member,
            "title": _("Đề nghị đính chính lý lịch: %(n)s") % {"n": member.full_name},
            "breadcrumbs": org_selectors.org_breadcrumbs(actor=request.user, org=member.org),
        },
    )


@login_required
@require_GET
def pending(request):
    """The corrections waiting for a decision in the approver's scope."""
    require(request.user, Action.APPROVE)
    page = Paginator(dossier_selectors.corrections_pending(actor=request.user), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "members/corrections.html",
        {"page_obj": page, "form": CorrectionDecisionForm(actor=request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def decide(request, cid):
    correction = dossier_selectors.correction_get(actor=request.user, pk=cid)
    require(request.user, Action.APPROVE, correction.member.org.path)
    form = CorrectionDecisionForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        approve = form.cleaned_data["decision"] == CorrectionDecisionForm.APPROVE
        try:
            services.correction_decide(
                actor=request.user, correction=correction, approve=approve, note=form.cleaned_data["note"]
            )
        except DomainError as e:
            form.add_domain_error(e)
        else:
            done = _("Đã duyệt đề nghị đính chính của %(n)s.") if approve else _("Đã không duyệt đề nghị của %(n)s.")
            messages.success(request, done % {"n": correction.member.full_name})
            target = request.POST.get("next", "")
            if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
                return redirect(target)
            return redirect("members:corrections")
    return render(
        request,
        "members/correction_decide.html",
        {"form": form, "c": correction, "member": correction.member, "title": _("Duyệt đề nghị đính chính")},
    )


urlpatterns = [
    path("corrections/", pending, name="corrections"),
    path("corrections/<int:cid>/", decide, name="correction_decide"),
    path("<int:pk>/correct/", request_correction, name="correction_request"),
]
