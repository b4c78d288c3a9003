from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from tochuc.accounts.roles import Action
from tochuc.core.exports import csv_response
from tochuc.core.scope import require
from tochuc.orgs import selectors as org_selectors

from .. import selectors
from ..excel import HEADERS, member_cells
from ..forms import MemberFilterForm
from ..selectors_away import away_counts
from .excel import members_xlsx_response


def _org(request):
    """The org of the query string (?org=CODE), looked up in the actor's scope: outside it, 404."""
    code = request.GET.get("org", "").strip()
    return org_selectors.org_get(actor=request.user, code=code) if code else None


def _filtered(request):
    """The list's form, org and query from the query string; the export reads the same, so that it exports
    what the list shows. A filter that does not validate is left out (the page shows its error)."""
    form = MemberFilterForm(request.GET or None)
    org = _org(request)
    qs = selectors.member_list(actor=request.user, org=org, **form.selector_kwargs())
    return form, org, qs


@login_required
@require_GET
def member_list(request):
    form = MemberFilterForm(request.GET or None)
    org = _org(request)
    require(request.user, Action.LIST)
    page = selectors.member_page(actor=request.user, org=org, number=request.GET.get("page"), **form.selector_kwargs())
    advanced = [n for n in form.fields if n not in ("q", "org", "status", "sort", "inactive")]
    return render(
        request,
        "members/list.html",
        {
            "form": form,
            "org": org,
            "page_obj": page,
            "sort": form.cleaned_data.get("sort", "") if form.is_bound else "",
            "advanced_open": form.is_bound and any(request.GET.get(n) for n in advanced),
            "can_create": request.user.can(Action.CREATE),
            "can_export": request.user.can(Action.EXPORT),
        },
    )


# --- The dashboard (theo dõi): who is due for what ---------------------------------------------------------

PANELS = {
    "recognition": _("Đến hạn xét công nhận đảng viên chính thức"),
    "badges": _("Đến hạn xét tặng Huy hiệu Đảng"),
    "temporary": _("Đang sinh hoạt tạm thời nơi khác"),
    "transit": _("Đang chuyển sinh hoạt, chưa được tiếp nhận"),
}


def _panels(request, org, *, only: str | None = None, per_page: int, page=1, by_home_org: bool = False) -> list[dict]:
    lists = selectors.member_watchlists(
        actor=request.user, org=org, today=timezone.localdate(), by_home_org=by_home_org
    )
    return [
        {
            "key": key,
            "title": PANELS[key],
            "on": watchlist.on,
            "page_obj": watchlist.page(page, per_page=per_page),
            "template": f"members/dashboard_{key}.html",
        }
        for key, watchlist in lists.items()
        if only in (None, key)
    ]


@login_required
@require_GET
def dashboard(request):
    """The four follow-up lists on one page, the first rows of each with its total; the counts of members
    working away from home (their list has its own page)."""
    org = _org(request)
    require(request.user, Action.LIST)
    return render(
        request,
        "members/dashboard.html",
        {
            "org": org,
            "panels": _panels(request, org, per_page=10),
            "away": away_counts(actor=request.user, org=org, top=5),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_GET
def dashboard_panel(request, panel: str):
    """One follow-up list in full, paginated. The temporary transfers can be grouped by home org (?sort=org)."""
    if panel not in PANELS:
        raise Http404
    org = _org(request)
    require(request.user, Action.LIST)
    by_home_org = panel == "temporary" and request.GET.get("sort") == "org"
    [shown] = _panels(request, org, only=panel, per_page=50, page=request.GET.get("page"), by_home_org=by_home_org)
    return render(
        request,
        "members/dashboard_panel.html",
        {
            "org": org,
            "panel": shown,
            "page_obj": shown["page_obj"],
            "today": timezone.localdate(),
            "by_home_org": by_home_org,
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
    path("dashboard/", dashboard, name="dashboard"),
    path("dashboard/<slug:panel>/", dashboard_panel, name="dashboard_panel"),
]
