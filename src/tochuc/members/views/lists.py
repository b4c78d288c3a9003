from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_GET

from tochuc.accounts.roles import Action
from tochuc.core.exports import csv_response, xlsx_response
from tochuc.core.scope import require
from tochuc.orgs import selectors as org_selectors

from .. import selectors
from ..forms import MemberFilterForm


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


HEADERS = [
    "STT",
    "Họ và tên",
    "Giới tính",
    "Ngày sinh",
    "Dân tộc",
    "Giáo dục phổ thông",
    "Ngày vào Đảng",
    "Ngày chính thức",
    "Trạng thái",
    "Sinh hoạt tại",
    "Mã tổ chức",
]


@login_required
@require_GET
def export(request):
    _form, org, qs = _filtered(request)  # an org outside the scope is a 404 before the role is looked at
    require(request.user, Action.EXPORT)
    today = timezone.localdate()
    filename = f"dang-vien-{org.code if org else 'tat-ca'}-{today:%Y%m%d}"

    def rows():
        for i, m in enumerate(qs.iterator(chunk_size=2000), start=1):
            yield [
                i,
                m.full_name,
                m.get_sex_display(),
                m.birth_date.strftime("%d/%m/%Y"),
                m.ethnic_group,
                m.get_education_display(),
                m.admitted_on.strftime("%d/%m/%Y") if m.admitted_on else "",
                m.official_on.strftime("%d/%m/%Y") if m.official_on else "",
                m.get_status_display(),
                m.org.name,
                m.org.code,
            ]

    if request.GET.get("format") == "csv":
        return csv_response(filename, HEADERS, rows())
    scope_name = org.name if org else (request.user.org.name if request.user.org else "")
    return xlsx_response(
        filename,
        title=f"DANH SÁCH ĐẢNG VIÊN {scope_name.upper()}",
        subtitle=f"Tính đến ngày {today:%d/%m/%Y}",
        headers=HEADERS,
        rows=rows(),
        widths=(6, 28, 9, 12, 14, 18, 13, 13, 12, 40, 16),
        sheet="Dang vien",
    )


urlpatterns = [
    path("", member_list, name="list"),
    path("export/", export, name="export"),
]
