from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_GET

from tochuc.accounts.roles import Action
from tochuc.core.exports import csv_response
from tochuc.core.scope import require
from tochuc.orgs import selectors as org_selectors

from .. import selectors
from ..excel import HEADERS, member_cells
from ..forms import MemberFilterForm
from .excel import members_xlsx_response


def _filtered(request):
    form = MemberFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    org = org_selectors.org_get(actor=request.user, code=data["org"]) if data.get("org") else None
    qs = selectors.member_list(
        actor=request.user, org=org, q=data.get("q", ""), include_inactive=data.get("inactive", False)
    )
    return form, org, qs


@login_required
@require_GET
def member_list(request):
    form, org, qs = _filtered(request)
    require(request.user, Action.LIST)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "members/list.html",
        {
            "form": form,
            "org": org,
            "page_obj": page,
            "can_create": request.user.can(Action.CREATE),
            "can_export": request.user.can(Action.EXPORT),
        },
    )


@login_required
@require_GET
def export(request):
    """The filtered list in the import template's columns (.xlsx, or streamed .csv): edited, it imports back."""
    _form, org, qs = _filtered(request)  # an org outside the scope is a 404 before the role is looked at
    require(request.user, Action.EXPORT)
    today = timezone.localdate()
    filename = f"dang-vien-{org.code if org else 'tat-ca'}-{today:%Y%m%d}"
    if request.GET.get("format") == "csv":
        rows = (member_cells(m, i) for i, m in enumerate(qs.iterator(chunk_size=2000), start=1))
        return csv_response(filename, HEADERS, rows)
    scope_name = org.name if org else (request.user.org.name if request.user.org else "")
    return members_xlsx_response(
        qs,
        filename=filename,
        title=f"DANH SÁCH ĐẢNG VIÊN {scope_name.upper()}",
        subtitle=f"Tính đến ngày {today:%d/%m/%Y}. Sửa rồi nhập lại tệp này để cập nhật (đối chiếu theo số CCCD).",
    )


urlpatterns = [
    path("", member_list, name="list"),
    path("export/", export, name="export"),
]
