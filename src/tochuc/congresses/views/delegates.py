"""Delegate pages of a congress: the apportionment of its seats to the sub-orgs (computed, adjusted by hand,
saved), the delegate list by delegation with the forms to add a delegate, check credentials and record
absences (and its Excel copy), and the credentials committee's report (HTML and Excel)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tochuc.accounts.roles import Action
from tochuc.core.errors import DomainError
from tochuc.core.exports import xlsx_response
from tochuc.core.scope import require

from ..choices import CongressKind, CongressStatus
from ..forms.delegates import (
    AllocationForm,
    DelegateAddForm,
    DelegateFilterForm,
    DelegateRemoveForm,
    DelegateUpdateForm,
)
from ..selectors import delegates as selectors
from ..selectors.congresses import congress_get
from ..services import congresses as congress_services
from ..services import delegates as services

PER_PAGE = 100


def _ctx(congress, **extra) -> dict:
    return {"nav": "congresses", "tab": "delegates", "congress": congress, **extra}


# --- Apportionment ------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def allocation(request, pk):
    """GET: the proposal for `?base_per_unit=`; POST "compute": recompute with the base typed; POST "save":
    the seats as typed (adjusted by hand), whose total must equal the congress's seats."""
    congress = congress_get(actor=request.user, pk=pk)
    can_edit = request.user.can(Action.EDIT) and congress.status not in ("held", "results_approved")
    data = request.POST if request.method == "POST" else None
    base_form = AllocationForm(data or request.GET or None, actor=request.user)
    base = base_form.base() if (data or request.GET) else 0
    rows = selectors.allocation_rows(congress=congress, base_per_unit=base)
    status = 200
    if request.method == "POST":
        require(request.user, Action.EDIT, congress.org.path)
        if "compute" in request.POST:
            # a fresh proposal: the boxes show the computed seats, not what was typed
            for row in rows:
                row.saved = None
            form = AllocationForm(initial={"base_per_unit": base}, actor=request.user, rows=rows)
        else:
            form = AllocationForm(data, actor=request.user, rows=rows)
            if form.is_valid():
                try:
                    congress_services.congress_allocate(
                        actor=request.user,
                        congress=congress,
                        seats=form.seats(),
                        members={r.org.pk: r.members for r in rows},
                        ex_officio={r.org.pk: r.ex_officio for r in rows},
                    )
                except DomainError as e:
                    form.add_domain_error(e)
                else:
                    messages.success(request, _("Đã lưu phân bổ đại biểu."))
                    return redirect("congresses:allocation", congress.pk)
            status = 400
    else:
        form = AllocationForm(initial={"base_per_unit": base}, actor=request.user, rows=rows)
    return render(
        request,
        "congresses/allocation_form.html",
        _ctx(
            congress,
            form=form,
            rows=form.bound_rows(),
            total_members=sum(r.members for r in rows),
            total_ex_officio=sum(r.ex_officio for r in rows),
            total_proposed=sum(r.proposed for r in rows),
            total_saved=sum(r.saved or 0 for r in rows),
            can_edit=can_edit,
            is_delegates=congress.kind == CongressKind.DELEGATES,
        ),
        status=status,
    )


# --- Delegate list ------------------------------------------------------------------------------------------


def list_page(request, congress, *, add_form=None, bound=None, status: int = 200):
    """The delegate list. `bound` = (delegate pk, form) is the update form a POST failed with."""
    actor = request.user
    delegations = selectors.delegation_choices(congress)
    filters = DelegateFilterForm(request.GET or None, delegations=delegations)
    qs = selectors.delegate_list(congress=congress, **filters.selector_kwargs())
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    open_ = congress.status != CongressStatus.RESULTS_APPROVED
    can_create = actor.can(Action.CREATE) and open_
    can_edit = actor.can(Action.EDIT) and open_
    if add_form is None and can_create:
        add_form = DelegateAddForm(actor=actor, delegations=delegations)
    rows = []
    for d in page.object_list:
        if not can_edit:
            rows.append((d, None))
        elif bound is not None and bound[0] == d.pk:
            rows.append((d, bound[1]))
        else:
            rows.append(
                (
                    d,
                    DelegateUpdateForm(
                        actor=actor,
                        prefix=f"d{d.pk}",
                        initial={
                            "credentials": d.credentials,
                            "credentials_note": d.credentials_note,
                            "absent": d.absent,
                            "absence_excused": d.absence_excused,
                            "absence_reason": d.absence_reason,
                        },
                    ),
                )
            )
    if bound is not None and not any(f is bound[1] for _d, f in rows):
        for errors in bound[1].errors.values():
            for error in errors:
                messages.error(request, error)
    return render(
        request,
        "congresses/delegate_list.html",
        _ctx(
            congress,
            filters=filters,
            page_obj=page,
            rows=rows,
            add_form=add_form if can_create else None,
            can_edit=can_edit,
            can_summon=can_create and congress.kind == CongressKind.MEMBERS,
            can_ex_officio=can_create and congress.kind == CongressKind.DELEGATES,
            can_export=actor.can(Action.EXPORT),
            figures=selectors.delegate_figures(congress),
            allocations=selectors.allocation_list(congress=congress),
            open_panel=f"d{bound[0]}" if bound is not None else "",
        ),
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def delegate_list(request, pk):
    congress = congress_get(actor=request.user, pk=pk)
    if request.method == "GET":
        return list_page(request, congress)
    require(request.user, Action.CREATE, congress.org.path)
    form = DelegateAddForm(request.POST, actor=request.user, delegations=selectors.delegation_choices(congress))
    if form.is_valid():
        try:
            d = services.delegate_add(actor=request.user, congress=congress, **form.values())
        except DomainError as e:
            form.add_domain_error(e)
        else:
            messages.success(request, _("Đã ghi %(n)s vào danh sách đại biểu.") % {"n": d.member.full_name})
            return redirect("congresses:delegates", congress.pk)
    return list_page(request, congress, add_form=form, status=400)


@login_required
@require_POST
def delegate_summon(request, pk):
    congress = congress_get(actor=request.user, pk=pk, action=Action.CREATE)
    try:
        made = services.delegate_summon_members(actor=request.user, congress=congress)
    except DomainError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, _("Đã triệu tập %(n)s đảng viên.") % {"n": len(made)})
    return redirect("congresses:delegates", congress.pk)


@login_required
@require_POST
def delegate_ex_officio(request, pk):
    congress = congress_get(actor=request.user, pk=pk, action=Action.CREATE)
    try:
        made = services.delegate_add_ex_officio(actor=request.user, congress=congress)
    except DomainError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, _("Đã ghi %(n)s đại biểu đương nhiên.") % {"n": len(made)})
    return redirect("congresses:delegates", congress.pk)


@login_required
@require_POST
def delegate_update(request, pk, delegate_pk):
    congress = congress_get(actor=request.user, pk=pk, action=Action.EDIT)
    delegate = selectors.delegate_get(congress=congress, pk=delegate_pk)
    form = DelegateUpdateForm(request.POST, actor=request.user, prefix=f"d{delegate.pk}")
    if form.is_valid():
        try:
            services.delegate_update(actor=request.user, delegate=delegate, **form.cleaned_data)
        except DomainError as e:
            form.add_domain_error(e)
        else:
            messages.success(request, _("Đã ghi tư cách, sự có mặt của %(n)s.") % {"n": delegate.member.full_name})
            return redirect("congresses:delegates", congress.pk)
    return list_page(request, congress, bound=(delegate.pk, form), status=400)


@login_required
@require_POST
def delegate_remove(request, pk, delegate_pk):
    congress = congress_get(actor=request.user, pk=pk, action=Action.EDIT)
    delegate = selectors.delegate_get(congress=congress, pk=delegate_pk)
    form = DelegateRemoveForm(request.POST, actor=request.user)
    if form.is_valid():
        try:
            services.delegate_remove(actor=request.user, delegate=delegate, **form.cleaned_data)
        except DomainError as e:
            messages.error(request, e.message)
        else:
            messages.success(request, _("Đã bỏ %(n)s khỏi danh sách đại biểu.") % {"n": delegate.member.full_name})
    else:
        messages.error(request, _("Ghi lý do bỏ đại biểu khỏi danh sách."))
    return redirect("congresses:delegates", congress.pk)


DELEGATE_HEADERS = [
    gettext_lazy("STT"),
    gettext_lazy("Họ và tên"),
    gettext_lazy("Giới tính"),
    gettext_lazy("Ngày sinh"),
    gettext_lazy("Dân tộc"),
    gettext_lazy("Đoàn đại biểu"),
    gettext_lazy("Loại"),
    gettext_lazy("Dự khuyết"),
    gettext_lazy("Tư cách"),
    gettext_lazy("Lý do"),
    gettext_lazy("Vắng mặt"),
    gettext_lazy("Lý do vắng"),
]


@login_required
@require_GET
def delegate_export(request, pk):
    congress = congress_get(actor=request.user, pk=pk, action=Action.EXPORT)
    qs = selectors.delegate_list(congress=congress)
    rows = (
        [
            i,
            d.member.full_name,
            d.member.get_sex_display(),
            d.member.birth_date.strftime("%d/%m/%Y"),
            d.member.ethnic_group,
            d.from_org.name,
            d.get_kind_display(),
            _("Dự khuyết") if d.alternate else "",
            d.get_credentials_display(),
            d.credentials_note,
            (_("Có lý do") if d.absence_excused else _("Không có lý do được chấp thuận")) if d.absent else "",
            d.absence_reason,
        ]
        for i, d in enumerate(qs, start=1)
    )
    return xlsx_response(
        f"dai-bieu-{congress.org.code}-{congress.term}",
        title=_("DANH SÁCH ĐẠI BIỂU"),
        subtitle=str(congress),
        headers=[str(h) for h in DELEGATE_HEADERS],
        rows=rows,
        widths=[6, 28, 8, 12, 14, 32, 20, 10, 16, 30, 16, 30],
    )


# --- The credentials committee's report ---------------------------------------------------------------------


@login_required
@require_GET
def credentials(request, pk):
    congress = congress_get(actor=request.user, pk=pk)
    report = selectors.credentials_report(congress=congress)
    if request.GET.get("format") == "xlsx":
        require(request.user, Action.EXPORT, congress.org.path)
        return _credentials_xlsx(report)
    return render(
        request,
        "congresses/credentials_report.html",
        _ctx(congress, report=report, can_export=request.user.can(Action.EXPORT)),
    )


def _credentials_xlsx(report):
    congress = report.congress
    f = report.figures
    rows = [
        [_("Số đại biểu được triệu tập"), f["summoned"], ""],
        [_("Số đại biểu có mặt"), f["present"], ""],
        [_("Số đại biểu vắng mặt"), report.absent, ""],
        [_("trong đó vắng có lý do được chấp thuận"), f["absent_excused"], ""],
        [_("Số đại biểu không đủ tư cách"), report.refused, ""],
        [_("Số đại biểu dự khuyết"), report.alternates, ""],
    ]
    for block in report.blocks:
        rows.append([])
        rows.append([block.title.upper()])
        rows += [[label, n, pct] for label, n, pct in block.rows]
    if report.refused_list:
        rows += [[], [_("ĐẠI BIỂU KHÔNG ĐỦ TƯ CÁCH")]]
        rows += [[d.member.full_name, d.from_org.name, d.credentials_note] for d in report.refused_list]
    if report.absent_list:
        rows += [[], [_("ĐẠI BIỂU VẮNG MẶT")]]
        rows += [[d.member.full_name, d.from_org.name, d.absence_reason] for d in report.absent_list]
    return xlsx_response(
        f"tham-tra-tu-cach-{congress.org.code}-{congress.term}",
        title=_("BÁO CÁO THẨM TRA TƯ CÁCH ĐẠI BIỂU"),
        subtitle=str(congress),
        headers=[_("Nội dung"), _("Số lượng"), _("Tỷ lệ (%)")],
        rows=rows,
        widths=[48, 28, 30],
        sheet="Tham tra tu cach",
    )


urlpatterns = [
    path("<int:pk>/allocation/", allocation, name="allocation"),
    path("<int:pk>/delegates/", delegate_list, name="delegates"),
    path("<int:pk>/delegates/export/", delegate_export, name="delegates_export"),
    path("<int:pk>/delegates/summon/", delegate_summon, name="delegates_summon"),
    path("<int:pk>/delegates/ex-officio/", delegate_ex_officio, name="delegates_ex_officio"),
    path("<int:pk>/delegates/<int:delegate_pk>/", delegate_update, name="delegate_update"),
    path("<int:pk>/delegates/<int:delegate_pk>/remove/", delegate_remove, name="delegate_remove"),
    path("<int:pk>/credentials/", credentials, name="credentials"),
]
