"""Surplus staff after a restructuring: the cases with their summary (by status, by policy, by restructuring
event), the Excel export, a case recorded by hand, a case's page and its policy."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tochuc.accounts.roles import Action
from tochuc.core.errors import DomainError
from tochuc.core.exports import csv_response, xlsx_response
from tochuc.core.forms import query_id
from tochuc.core.scope import in_scope, require
from tochuc.orgs import selectors as org_selectors

from ..choices import SurplusPolicy, SurplusStatus
from ..forms.surplus import SurplusCreateForm, SurplusFilterForm, SurplusPolicyForm
from ..selectors import surplus as selectors
from ..services import surplus as services

PER_PAGE = 50


def _filtered(request):
    """The list's filters, org and event from the query string; the export reads the same, so that it exports
    what the list shows. An org or event outside the scope is a 404."""
    form = SurplusFilterForm(request.GET or None)
    org = org_selectors.org_from_query(actor=request.user, params=request.GET)
    event_id = query_id(request.GET, "event")
    event = selectors.surplus_event_get(actor=request.user, pk=event_id) if event_id is not None else None
    qs = selectors.surplus_list(actor=request.user, org=org, event=event, **form.selector_kwargs())
    return form, org, event, qs


@login_required
@require_GET
def surplus_list(request):
    form, org, event, qs = _filtered(request)
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    # The summary and the events table count what the other filters select, whatever the status chosen.
    return render(
        request,
        "cadres/surplus_list.html",
        {
            "nav": "cadres",
            "tab": "surplus",
            "form": form,
            "org": org,
            "event": event,
            "page_obj": page,
            "summary": selectors.surplus_summary(qs),
            "events": selectors.surplus_by_event(qs) if event is None else [],
            "statuses": SurplusStatus.choices,
            "can_create": request.user.can(Action.CREATE),
            "can_export": request.user.can(Action.EXPORT),
        },
    )


HEADERS = [
    gettext_lazy("STT"),
    gettext_lazy("Họ và tên"),
    gettext_lazy("Ngày sinh"),
    gettext_lazy("Giới tính"),
    gettext_lazy("Loại"),
    gettext_lazy("Chức vụ trước sắp xếp"),
    gettext_lazy("Đơn vị trước sắp xếp"),
    gettext_lazy("Mã đơn vị"),
    gettext_lazy("Quyết định sắp xếp"),
    gettext_lazy("Ngày dôi dư"),
    gettext_lazy("Chính sách"),
    gettext_lazy("Tình trạng"),
    gettext_lazy("Ngày thực hiện"),
    gettext_lazy("Số quyết định"),
    gettext_lazy("Đơn vị đang quản lý"),
    gettext_lazy("Ghi chú"),
]
WIDTHS = [6, 28, 12, 9, 22, 32, 32, 12, 32, 12, 30, 16, 12, 16, 32, 30]


@login_required
@require_GET
def export(request):
    """The filtered cases (.xlsx, or streamed .csv), what the list shows without the pagination."""
    _form, org, event, qs = _filtered(request)  # outside the scope: 404 before the role is looked at
    require(request.user, Action.EXPORT)
    today = timezone.localdate()
    filename = f"can-bo-doi-du-{org.code if org else 'tat-ca'}-{today:%Y%m%d}"
    headers = [str(h) for h in HEADERS]
    rows = selectors.export_rows(qs)
    if request.GET.get("format") == "csv":
        return csv_response(filename, headers, rows)
    subtitle = _("Tính đến ngày %(d)s.") % {"d": today.strftime("%d/%m/%Y")}
    if event is not None:
        subtitle = f"{selectors.event_label(event)}. {subtitle}"
    return xlsx_response(
        filename,
        title=_("DANH SÁCH CÁN BỘ, CÔNG CHỨC, NGƯỜI LAO ĐỘNG DÔI DƯ DO SẮP XẾP TỔ CHỨC %(org)s")
        % {"org": (org.name if org else "").upper()},
        subtitle=subtitle,
        headers=headers,
        rows=rows,
        widths=WIDTHS,
    )


@login_required
@require_http_methods(["GET", "POST"])
def surplus_create(request):
    """Record a person made surplus whom the posts did not show (a part-time worker...)."""
    require(request.user, Action.CREATE)
    initial = {"identified_on": timezone.localdate()}
    event = None
    event_id = query_id(request.GET, "event")
    if event_id is not None:
        event = selectors.surplus_event_get(actor=request.user, pk=event_id)
        # The org the person worked for: a source of the event in the actor's scope, else the org that
        # received them (an officer of the successor does not see the closed org).
        orgs = [*event.sources.all(), *event.results.all()]
        org = next((o for o in orgs if in_scope(request.user, o.path)), None)
        initial |= {"identified_on": event.on, "org": org.code if org else ""}
    form = SurplusCreateForm(request.POST or None, actor=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = services.surplus_create(
                actor=request.user,
                cadre=data["cadre"],
                org=data["org"],
                identified_on=data["identified_on"],
                note=data.get("note") or "",
            )
        except DomainError as e:
            form.add_domain_error(e)
        else:
            messages.success(request, _("Đã ghi nhận %(n)s là cán bộ dôi dư.") % {"n": case.cadre.full_name})
            return redirect("cadres:surplus_detail", case.pk)
    return render(
        request,
        "cadres/surplus_form.html",
        {"nav": "cadres", "tab": "surplus", "form": form, "event": event, "title": _("Ghi nhận cán bộ dôi dư")},
        status=400 if request.method == "POST" else 200,
    )


def case_page(request, case, *, form=None, status: int = 200):
    """A case's page: the person, the post lost, the restructuring, the policy; its form for those who may set
    it (the officers of the org that manages the person now), while the case is not resolved."""
    actor = request.user
    can_edit = case.status != SurplusStatus.RESOLVED and actor.can(Action.EDIT) and in_scope(actor, case.cadre.org.path)
    if form is None and can_edit:
        initial = {"policy": case.policy or None, "policy_on": case.policy_on, "decision_no": case.decision_no}
        if case.status != SurplusStatus.PENDING:
            initial["status"] = case.status
        form = SurplusPolicyForm(
            actor=actor, initial=initial, posts=selectors.reassignment_posts(actor=actor, case=case)
        )
    return render(
        request,
        "cadres/surplus_detail.html",
        {
            "nav": "cadres",
            "tab": "surplus",
            "case": case,
            "event": case.event,
            "successor": selectors.successor_of(case),
            "form": form if can_edit else None,
            "reassignment": SurplusPolicy.REASSIGNMENT,
            "can_see_cadre": in_scope(actor, case.cadre.org.path),
        },
        status=status,
    )


@login_required
@require_GET
def surplus_detail(request, pk):
    return case_page(request, selectors.surplus_get(actor=request.user, pk=pk))


@login_required
@require_POST
def surplus_policy(request, pk):
    case = selectors.surplus_get(actor=request.user, pk=pk, action=Action.EDIT)
    services.check_case_edit(request.user, case)
    form = SurplusPolicyForm(
        request.POST, actor=request.user, posts=selectors.reassignment_posts(actor=request.user, case=case)
    )
    if form.is_valid():
        try:
            services.surplus_policy_set(actor=request.user, case=case, **form.values())
        except DomainError as e:
            form.add_domain_error(e)
        else:
            messages.success(request, _("Đã ghi nhận chính sách."))
            return redirect("cadres:surplus_detail", case.pk)
    return case_page(request, case, form=form, status=400)


urlpatterns = [
    path("surplus/", surplus_list, name="surplus"),
    path("surplus/export/", export, name="surplus_export"),
    path("surplus/new/", surplus_create, name="surplus_create"),
    path("surplus/<int:pk>/", surplus_detail, name="surplus_detail"),
    path("surplus/<int:pk>/policy/", surplus_policy, name="surplus_policy"),
]
