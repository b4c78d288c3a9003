"""Members who work away from home (đi làm ăn xa): recording a departure and a return from the member's page,
the list of those away now under an org (with its counts) and its export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from tochuc.accounts.roles import Action
from tochuc.core.errors import DomainError
from tochuc.core.exports import csv_response, xlsx_response
from tochuc.core.scope import require
from tochuc.orgs import selectors as org_selectors

from .. import selectors, services
from ..forms import AwayEndForm, AwayFilterForm, AwayStartForm
from ..rules import province_names
from ..selectors_away import away_list, away_overview, with_months
from .lists import _org


def _member_to_edit(request, pk):
    """The member, 404 outside the scope, then 403 for a role that may not edit."""
    member = selectors.member_get(actor=request.user, pk=pk)
    require(request.user, Action.EDIT, member.org.path)
    return member


def _form_page(request, member, form, title: str, save):
    if request.method == "POST" and form.is_valid():
        try:
            save(**form.cleaned_data)
        except DomainError as e:
            form.add_domain_error(e)
        else:
            return redirect(reverse("members:detail", args=[member.pk]) + "#away")
    return render(
        request,
        "members/away_form.html",
        {
            "form": form,
            "member": member,
            "title": title,
            "provinces": province_names(),
            "breadcrumbs": org_selectors.org_breadcrumbs(actor=request.user, org=member.org),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def away_start(request, pk):
    member = _member_to_edit(request, pk)
    form = AwayStartForm(request.POST or None, actor=request.user)

    def save(**data):
        record = services.member_away_start(actor=request.user, member=member, **data)
        messages.success(
            request,
            _("Đã ghi nhận %(n)s đi làm ăn xa (%(p)s) từ ngày %(d)s.")
            % {"n": member.full_name, "p": record.place, "d": record.since.strftime("%d/%m/%Y")},
        )

    return _form_page(request, member, form, _("Ghi nhận đi làm ăn xa: %(n)s") % {"n": member.full_name}, save)


@login_required
@require_http_methods(["GET", "POST"])
def away_end(request, pk):
    member = _member_to_edit(request, pk)
    form = AwayEndForm(request.POST or None, actor=request.user)

    def save(**data):
        record = services.member_away_end(actor=request.user, member=member, **data)
        messages.success(
            request,
            _("Đã ghi nhận %(n)s trở về ngày %(d)s.") % {"n": member.full_name, "d": record.until.strftime("%d/%m/%Y")},
        )

    return _form_page(request, member, form, _("Ghi nhận trở về: %(n)s") % {"n": member.full_name}, save)


# --- The list and its export ---------------------------------------------------------------------------------


@login_required
@require_GET
def away_members(request):
    form = AwayFilterForm(request.GET or None)
    org = _org(request)  # outside the scope: 404, before the role is looked at
    require(request.user, Action.LIST)
    today = timezone.localdate()
    counts, page = away_overview(
        actor=request.user, org=org, number=request.GET.get("page"), today=today, **form.selector_kwargs()
    )
    return render(
        request,
        "members/away_list.html",
        {
            "form": form,
            "org": org,
            "counts": counts,
            "page_obj": page,
            "today": today,
            "provinces": province_names(),
            "by_org": form.is_bound and form.cleaned_data.get("sort") == "org",
            "can_export": request.user.can(Action.EXPORT),
        },
    )


EXPORT_HEADERS = [
    gettext_lazy("STT"), gettext_lazy("Họ và tên"), gettext_lazy("Ngày sinh"), gettext_lazy("Giới tính"),
    gettext_lazy("Sinh hoạt tại"), gettext_lazy("Mã tổ chức"), gettext_lazy("Hình thức"), gettext_lazy("Nơi đến"),
    gettext_lazy("Nơi làm việc"), gettext_lazy("Đi từ ngày"), gettext_lazy("Số tháng đã đi"), gettext_lazy("Ghi chú"),
]  # fmt: skip
EXPORT_WIDTHS = (6, 28, 12, 9, 36, 14, 30, 28, 30, 12, 10, 36)


@login_required
@require_GET
def away_export(request):
    """The filtered list (.xlsx, or streamed .csv), in the list's order."""
    form = AwayFilterForm(request.GET or None)
    org = _org(request)
    require(request.user, Action.EXPORT)
    today = timezone.localdate()
    records = away_list(actor=request.user, org=org, **form.selector_kwargs()).iterator(chunk_size=2000)

    def rows():
        for number, r in enumerate(records, start=1):
            [r] = with_months([r], today)
            m = r.member
            yield [
                number, m.full_name, m.birth_date.strftime("%d/%m/%Y"), m.get_sex_display(), m.org.name, m.org.code,
                r.get_kind_display(), r.place, r.employer, r.since.strftime("%d/%m/%Y"), r.months, r.note,
            ]  # fmt: skip

    headers = [str(h) for h in EXPORT_HEADERS]
    filename = f"dang-vien-di-lam-an-xa-{org.code if org else 'tat-ca'}-{today:%Y%m%d}"
    if request.GET.get("format") == "csv":
        return csv_response(filename, headers, rows())
    scope_name = org.name if org else (request.user.org.name if request.user.org_id else "")
    return xlsx_response(
        filename,
        title=_("DANH SÁCH ĐẢNG VIÊN ĐI LÀM ĂN XA %(s)s") % {"s": scope_name.upper()},
        subtitle=_("Tính đến ngày %(d)s") % {"d": today.strftime("%d/%m/%Y")},
        headers=headers,
        rows=rows(),
        widths=EXPORT_WIDTHS,
        sheet="Di lam an xa",
    )


urlpatterns = [
    path("away/", away_members, name="away_list"),
    path("away/export/", away_export, name="away_export"),
    path("<int:pk>/away/start/", away_start, name="away_start"),
    path("<int:pk>/away/end/", away_end, name="away_end"),
]
