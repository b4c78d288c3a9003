"""Report pages: the list of reports, a report as a table whose every cell opens the members behind it, its
files (.xlsx, PDF, CSV, json), the admission targets, and the dashboard."""

from __future__ import annotations

import functools
from datetime import date

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from tochuc.accounts.roles import Action
from tochuc.core.errors import DomainError
from tochuc.core.forms import ActorForm, DateField, OrgCodeField
from tochuc.core.scope import require, root_path
from tochuc.core.security_headers import allow_own_styles

from . import render as rendering
from .catalog import REPORTS
from .engine import EVENTS, ORGS, RECORDS, Report, Result, cell_members
from .selectors import admission_targets, report_get, report_org_default, report_run, target_progress
from .services import admission_target_set
from .targets import targets_save

PAGE_SIZE = 50


class ReportForm(ActorForm):
    org = OrgCodeField(label=gettext_lazy("Tổ chức"), required=False)
    as_of = DateField(label=gettext_lazy("Tính đến ngày"), required=False)
    start = DateField(label=gettext_lazy("Từ ngày"), required=False)
    end = DateField(label=gettext_lazy("Đến ngày"), required=False)


def _params(request, report: Report | None) -> tuple[ReportForm, dict]:
    """The form and what it asks for; a period defaults to this year until today."""
    form = ReportForm(request.GET or None, actor=request.user)
    data = form.cleaned_data if form.is_valid() else {}
    today = timezone.localdate()
    org = data.get("org") or report_org_default(actor=request.user)
    params = {"org": org, "as_of": data.get("as_of")}
    if report is not None and report.period:
        params["start"] = data.get("start") or date(today.year, 1, 1)
        params["end"] = data.get("end") or today
    return form, params


def _run(request, name: str, action: str = Action.LIST) -> tuple[ReportForm, Result | None]:
    try:
        report = report_get(name)
    except DomainError:
        raise Http404 from None
    form, params = _params(request, report)
    if form.errors:
        return form, None
    try:
        return form, report_run(actor=request.user, report=report, action=action, **params)
    except DomainError as e:
        form.add_domain_error(e)
        return form, None


def _query(result: Result) -> str:
    """The query string that runs `result` again (for its files and its cells)."""
    ctx = result.context
    parts = []
    if result.org is not None:
        parts.append(f"org={result.org.code}")
    if result.report.period:
        parts += [f"start={ctx.start:%d/%m/%Y}", f"end={ctx.end:%d/%m/%Y}"]
    if not result.today:
        parts.append(f"as_of={ctx.as_of:%d/%m/%Y}")
    return "&".join(parts)


@login_required
@require_GET
def index(request):
    require(request.user, Action.LIST)
    return render(
        request,
        "reports/index.html",
        {"reports": list(REPORTS.values()), "org": report_org_default(actor=request.user)},
    )


@login_required
@require_GET
def show(request, name: str):
    require(request.user, Action.LIST)
    form, result = _run(request, name)
    context = {"form": form, "result": result, "report": REPORTS.get(name), "can_export": request.user.can("export")}
    if result is not None:
        top, bottom = rendering.header(result)
        context.update(
            top=top,
            bottom=bottom,
            rows=[(n, r, [r.values.get(c.key) for c in result.columns]) for n, r in rendering.numbered(result)],
            keys=[c.key for c in result.columns],
            drill=result.report.subject not in (ORGS, RECORDS),
            query=_query(result),
            period=rendering.period_text(result),
            formats=[f for f in rendering.FORMATS if f != "html"],
        )
    return render(request, "reports/show.html", context)


@login_required
@require_GET
def download(request, name: str, fmt: str):
    if fmt not in rendering.FORMATS:
        raise Http404
    require(request.user, Action.EXPORT)
    form, result = _run(request, name, action=Action.EXPORT)
    if result is None:
        messages.error(request, "; ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("reports:show", name=name)
    response = HttpResponse(rendering.render(result, fmt), content_type=rendering.CONTENT_TYPES[fmt])
    disposition = "inline" if fmt in ("html", "pdf") else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{rendering.filename(result, fmt)}"'
    return allow_own_styles(response) if fmt == "html" else response


@login_required
@require_GET
def cell(request, name: str):
    """The members behind one cell of a report (the row "" is the total)."""
    require(request.user, Action.LIST)
    _form, result = _run(request, name)
    if result is None:
        raise Http404
    row_key, column_key = request.GET.get("row", ""), request.GET.get("col") or None
    try:
        members = cell_members(result, row_key=row_key, column_key=column_key)
    except DomainError:
        raise Http404 from None
    members = members.select_related("org").order_by("sort_key", "pk")
    page = Paginator(members, PAGE_SIZE).get_page(request.GET.get("page"))
    row = next((r for r in result.data_rows if r.key == row_key), None) if row_key else None
    column = next((c for c in result.columns if c.key == column_key), None)
    return render(
        request,
        "reports/cell.html",
        {
            "result": result,
            "row_label": row.label if row is not None else _("Tổng cộng"),
            "column": column,
            "page_obj": page,
            "query": _query(result),
            "period": rendering.period_text(result),
            "events": result.report.subject == EVENTS,
        },
    )


# --- Targets ---------------------------------------------------------------------------------------------


class TargetsForm(ActorForm):
    org = OrgCodeField(label=gettext_lazy("Tổ chức giao chỉ tiêu"), required=False)
    year = forms.IntegerField(label=gettext_lazy("Năm"), min_value=2000, max_value=2100, required=False)


@login_required
@require_http_methods(["GET", "POST"])
def targets(request):
    """The admission targets the chosen org gives its orgs of the next level for a year: all saved, or none
    when one is refused."""
    require(request.user, Action.LIST)
    form = TargetsForm(request.GET or None, actor=request.user)
    data = form.cleaned_data if form.is_valid() else {}
    org = data.get("org") or report_org_default(actor=request.user)
    if form.errors or org is None:  # an org outside the scope is not found: nothing to show, nothing to save
        return render(request, "reports/targets.html", {"form": form, "org": None, "rows": []})
    year = data.get("year") or timezone.localdate().year
    children, set_for = admission_targets(actor=request.user, org=org, year=year)
    errors: dict[int, str] = {}
    if request.method == "POST":
        require(request.user, Action.EDIT, org.path)
        setter = functools.partial(admission_target_set, actor=request.user, year=year)
        changed, errors = targets_save(request.POST, children, set_for, setter)
        if not errors:
            messages.success(request, _("Đã lưu chỉ tiêu năm %(y)s (%(n)s thay đổi).") % {"y": year, "n": changed})
            return redirect(f"{request.path}?org={org.code}&year={year}")
    progress = target_progress(actor=request.user, org=org, year=year)
    rows = [
        (c, request.POST.get(f"t{c.pk}") if errors else set_for.get(c.pk), errors.get(c.pk), progress.get(c.code, {}))
        for c in children
    ]
    return render(
        request,
        "reports/targets.html",
        {
            "form": form,
            "org": org,
            "year": year,
            "rows": rows,
            "own": set_for.get(org.pk),
            "given": sum(v for _c, v, _e, _p in rows if isinstance(v, int)),
            "total": progress[""],
            "year_started": year <= timezone.localdate().year,
            "pipeline": "pipeline" in REPORTS,
            "can_edit": request.user.can(Action.EDIT),
        },
    )


# --- Dashboard -------------------------------------------------------------------------------------------


class DashboardForm(ActorForm):
    org = OrgCodeField(label=gettext_lazy("Tổ chức"), required=False)
    as_of = DateField(label=gettext_lazy("Tính đến ngày"), required=False)


@login_required
@require_GET
def dashboard(request):
    require(request.user, Action.LIST)
    form = DashboardForm(request.GET or None, actor=request.user)
    data = form.cleaned_data if form.is_valid() else {}
    org = data.get("org") or report_org_default(actor=request.user)
    if org is None and root_path(request.user) != "":
        raise Http404
    as_of = data.get("as_of") or timezone.localdate()
    context = {"form": form, "org": org, "as_of": as_of}
    from . import dashboard as dash

    try:
        context.update(dash.dashboard_build(actor=request.user, org=org, as_of=as_of))
    except DomainError as e:
        form.add_domain_error(e)
    return render(request, "reports/dashboard.html", context)


app_name = "reports"
urlpatterns = [
    path("", index, name="index"),
    path("dashboard/", dashboard, name="dashboard"),
    path("targets/", targets, name="targets"),
    path("<slug:name>/", show, name="show"),
    path("<slug:name>/members/", cell, name="cell"),
    path("<slug:name>.<slug:fmt>", download, name="download"),
]
