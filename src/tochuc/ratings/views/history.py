"""A member's and an org's ratings over the years (with the consequences they carry), and the summary of the
yearly ratings by org and level, year on year, with its Excel copy."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from tochuc.accounts.roles import Action
from tochuc.core.exports import xlsx_response
from tochuc.core.scope import require
from tochuc.orgs import selectors as org_selectors

from ..choices import Rating, SubjectKind
from ..selectors import entries as selectors
from ..selectors.summary import LEVELS, latest_closed_year, parse_years, rating_summary
from .campaigns import ctx

SHORT = {
    Rating.EXCELLENT: "HTXSNV",
    Rating.GOOD: "HTTNV",
    Rating.COMPLETED: "HTNV",
    Rating.NOT_COMPLETED: "KHTNV",
}


@login_required
@require_GET
def member_history(request, pk: int):
    member, history = selectors.member_history(actor=request.user, member_id=pk)
    return render(
        request,
        "ratings/history.html",
        ctx(
            tab="history",
            member=member,
            subject=member,
            history=history,
            kind=SubjectKind.MEMBER,
            perms_create=request.user.can(Action.CREATE),
        ),
    )


@login_required
@require_GET
def org_history(request, code: str):
    org, history = selectors.org_history(actor=request.user, code=code)
    return render(
        request,
        "ratings/history.html",
        ctx(tab="history", org=org, subject=org, history=history, kind=SubjectKind.ORG),
    )


def _summary(request):
    actor = request.user
    require(actor, Action.LIST)
    org = org_selectors.org_from_query(actor=actor, params=request.GET)
    if org is None:
        roots = org_selectors.org_roots_for(actor=actor)
        if not roots:
            raise Http404
        org = roots[0]
    last = latest_closed_year(actor=actor, today=timezone.localdate())
    default = list(range(last - 2, last + 1))
    raw = request.GET.get("years", "")
    years = parse_years(raw, default=default)
    error = ""
    if years is None:
        error = _("Nhập năm theo dạng %(a)s-%(b)s (tối đa 10 năm).") % {"a": default[0], "b": default[-1]}
        years = default
    kind = request.GET.get("kind") if request.GET.get("kind") in SubjectKind.values else SubjectKind.MEMBER
    summary = rating_summary(actor=actor, org=org, years=years, kind=kind)
    return summary, raw, error


@login_required
@require_GET
def summary(request):
    report, raw, error = _summary(request)
    return render(
        request,
        "ratings/summary.html",
        ctx(
            tab="summary",
            report=report,
            years_value=raw or f"{report.years[0]}-{report.years[-1]}",
            error=error,
            levels=[(lv, SHORT[lv], Rating(lv).label) for lv in LEVELS],
            kinds=SubjectKind.choices,
            breadcrumbs=org_selectors.org_breadcrumbs(actor=request.user, org=report.org),
            can_export=request.user.can(Action.EXPORT),
        ),
    )


@login_required
@require_GET
def summary_export(request):
    require(request.user, Action.EXPORT)
    report, _raw, _error = _summary(request)
    headers = [_("STT"), _("Tổ chức đảng")]
    for year in report.years:
        headers.append(_("%(y)s: được đánh giá") % {"y": year})
        headers.append(_("%(y)s: đã xếp loại") % {"y": year})
        for lv in LEVELS:
            headers += [f"{year}: {SHORT[lv]}", f"{year}: % {SHORT[lv]}"]
    widths = [6, 40] + [12] * (len(headers) - 2)

    def cells(row):
        out = []
        for year in report.years:
            c = row.years[year]
            out += [c.listed, c.decided]
            for n, pct in c.cells():
                out += [n, pct]
        return out

    rows = [[i, r.label, *cells(r)] for i, r in enumerate(report.rows, start=1)]
    rows.append(["", report.total.label, *cells(report.total)])
    who = _("đảng viên") if report.kind == SubjectKind.MEMBER else _("tổ chức đảng")
    return xlsx_response(
        f"tong-hop-xep-loai-{report.org.code}-{report.years[0]}-{report.years[-1]}",
        title=_("TỔNG HỢP KẾT QUẢ XẾP LOẠI CHẤT LƯỢNG %(who)s NĂM %(a)s–%(b)s")
        % {"who": who.upper(), "a": report.years[0], "b": report.years[-1]},
        subtitle=_("%(o)s. Tỷ lệ tính trên số đã được quyết định xếp loại.") % {"o": report.org.name},
        headers=headers,
        rows=rows,
        widths=widths,
        sheet="Tong hop",
    )


urlpatterns = [
    path("members/<int:pk>/", member_history, name="member_history"),
    path("orgs/<str:code>/", org_history, name="org_history"),
    path("summary/", summary, name="summary"),
    path("summary/export/", summary_export, name="summary_export"),
]
