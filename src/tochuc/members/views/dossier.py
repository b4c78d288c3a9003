"""A member's page, the dossier forms, the lifecycle event forms, corrections, the printable dossier."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from tochuc.accounts.roles import Action
from tochuc.core.errors import DomainError
from tochuc.core.scope import require
from tochuc.orgs import selectors as org_selectors

from .. import selectors, services
from ..forms import MemberCreateForm, MemberForm


@login_required
@require_GET
def detail(request, pk):
    member = selectors.member_get(actor=request.user, pk=pk)
    require(request.user, Action.VIEW, member.org.path)
    return render(
        request,
        "members/detail.html",
        {
            "member": member,
            "breadcrumbs": org_selectors.org_breadcrumbs(actor=request.user, org=member.org),
            "memberships": member.memberships.select_related("org").order_by("valid_from"),
            "can_edit": request.user.can(Action.EDIT),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def create(request):
    require(request.user, Action.CREATE)
    initial = {}
    if request.GET.get("org"):
        initial["org"] = org_selectors.org_get(actor=request.user, code=request.GET["org"]).code
    form = MemberCreateForm(request.POST or None, actor=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.member_create(actor=request.user, **form.cleaned_data)
        except DomainError as e:
            form.add_domain_error(e)
        else:
            messages.success(request, _("Đã thêm đảng viên %(name)s.") % {"name": member.full_name})
            return redirect("members:detail", member.pk)
    return render(request, "members/form.html", {"form": form, "title": _("Thêm đảng viên")})


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk):
    member = selectors.member_get(actor=request.user, pk=pk)
    require(request.user, Action.EDIT, member.org.path)
    initial = {f: getattr(member, f) for f in services.EDITABLE_FIELDS}
    form = MemberForm(request.POST or None, actor=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_update(actor=request.user, member=member, **form.cleaned_data)
        except DomainError as e:
            form.add_domain_error(e)
        else:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect("members:detail", member.pk)
    return render(
        request,
        "members/form.html",
        {"form": form, "member": member, "title": _("Sửa thông tin %(name)s") % {"name": member.full_name}},
    )


urlpatterns = [
    path("new/", create, name="create"),
    path("<int:pk>/", detail, name="detail"),
    path("<int:pk>/edit/", edit, name="edit"),
]
