"""HTTP for the enterprise register: parse, call a selector or service, render. Outside the scope -> 404; the
role lacks the right -> 403; a rule refuses -> the form shows why, beside the field."""

from __future__ import annotations

import functools
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from tochuc.accounts.roles import Action
from tochuc.core.errors import DomainError
from tochuc.core.exports import XLSX, csv_response
from tochuc.core.scope import require
from tochuc.orgs import selectors as org_selectors
from tochuc.reports.targets import targets_save

from . import excel, imports, rules, selectors, services
from .forms import CloseForm, EnterpriseFilterForm, EnterpriseForm, ImportForm, PartyOrgForm, TargetsForm

PAGE_SIZE = 50
NAV = "enterprises"


def _filtered(request):
    """The list's form and queryset from the query string; the export reads the same, so that it exports what
    the list shows. An org outside the scope: the form says it is not found, and the list is the scope's."""
    form = EnterpriseFilterForm(request.GET or None, actor=request.user)
    threshold = selectors.founding_threshold()
    qs = selectors.enterprise_list(actor=request.user, threshold=threshold, **form.selector_kwargs())
    return form, qs, threshold


@login_required
@require_GET
def enterprise_list(request):
    require(request.user, Action.LIST)
    form, qs, threshold = _filtered(request)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    for e in page.object_list:
        e.eligible = rules.founding_eligible(
            sector=e.sector,
            party_members=e.party_members,
            has_party_org=e.party_org_id is not None,
            is_open=e.is_open,
            threshold=threshold,
        )
    org = form.cleaned_data.get("org") if form.is_bound and form.is_valid() else None
    return render(
        request,
        "enterprises/list.html",
        {
            "nav": NAV,
            "form": form,
            "org": org,
            "page_obj": page,
            "totals": selectors.enterprise_totals(qs, threshold=threshold),
            "threshold": threshold,
            "can_create": request.user.can(Action.CREATE),
            "can_export": request.user.can(Action.EXPORT),
        },
    )


@login_required
@require_GET
def export(request):
    """The filtered list in the import template's columns (.xlsx, or streamed .csv): edited, it imports back."""
    require(request.user, Action.EXPORT)
    form, qs, _threshold = _filtered(request)
    today = timezone.localdate()
    org = form.cleaned_data.get("org") if form.is_bound and form.is_valid() else None
    filename = f"doanh-nghiep-{org.code if org else 'tat-ca'}-{today:%Y%m%d}"
    rows = (excel.enterprise_cells(e, i) for i, e in enumerate(qs.iterator(chunk_size=2000), start=1))
    if request.GET.get("format") == "csv":
        return csv_response(filename, excel.HEADERS, rows)
    where = org or request.user.org
    buf = io.BytesIO()
    excel.write_workbook(
        buf,
        rows,
        title=f"DANH SÁCH DOANH NGHIỆP{' ' + where.name.upper() if where else ''}",
        subtitle=f"Tính đến ngày {today:%d/%m/%Y}. Sửa rồi nhập lại tệp này để cập nhật (đối chiếu theo mã số thuế).",
    )
    response = HttpResponse(buf.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


@login_required
@require_GET
def detail(request, pk: int):
    enterprise = selectors.enterprise_get(actor=request.user, pk=pk)
    require(request.user, Action.VIEW, enterprise.org.path)
    threshold = selectors.founding_threshold()
    eligible = rules.founding_eligible(
        sector=enterprise.sector,
        party_members=enterprise.party_members,
        has_party_org=enterprise.party_org_id is not None,
        is_open=enterprise.is_open,
        threshold=threshold,
    )
    return render(
        request,
        "enterprises/detail.html",
        {
            "nav": NAV,
            "enterprise": enterprise,
            "eligible": eligible,
            "threshold": threshold,
            "history": selectors.enterprise_history(actor=request.user, enterprise=enterprise),
            "can_edit": request.user.can(Action.EDIT) and enterprise.is_open,
        },
    )


def _form_page(request, form, *, title: str, enterprise=None, danger: bool = False):
    return render(
        request,
        "enterprises/form.html",
        {"nav": NAV, "form": form, "title": title, "enterprise": enterprise, "danger": danger},
    )


@login_required
@require_http_methods(["GET", "POST"])
def create(request):
    require(request.user, Action.CREATE)
    initial = {}
    code = request.GET.get("org", "").strip()
    if code:
        area = org_selectors.org_get(actor=request.user, code=code)  # outside the scope: 404
        initial["org"] = area.code
    form = EnterpriseForm(request.POST or None, actor=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            enterprise = services.enterprise_create(actor=request.user, **form.service_kwargs())
        except DomainError as e:
            form.add_domain_error(e)
        else:
            messages.success(request, _("Đã thêm «%(name)s».") % {"name": enterprise.name})
            return redirect(enterprise.get_absolute_url())
    return _form_page(request, form, title=_("Thêm doanh nghiệp"))


def _editable(request, pk: int):
    """An enterprise inside the scope (404 outside) that the role may edit (403)."""
    enterprise = selectors.enterprise_get(actor=request.user, pk=pk)
    require(request.user, Action.EDIT, enterprise.org.path)
    return enterprise


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    enterprise = _editable(request, pk)
    initial = {
        **{f: getattr(enterprise, f) for f in services.EDITABLE_FIELDS if f != "org"},
        "org": enterprise.org.code,
        "tax_code": enterprise.tax_code or "",
    }
    form = EnterpriseForm(request.POST or None, actor=request.user, initial=initial, with_party_org=False)
    if request.method == "POST" and form.is_valid():
        try:
            services.enterprise_update(actor=request.user, enterprise=enterprise, **form.service_kwargs())
        except DomainError as e:
            form.add_domain_error(e)
        else:
            messages.success(request, _("Đã lưu thông tin «%(name)s».") % {"name": enterprise.name})
            return redirect(enterprise.get_absolute_url())
    return _form_page(request, form, title=_("Sửa thông tin doanh nghiệp"), enterprise=enterprise)


@login_required
@require_http_methods(["GET", "POST"])
def party_org(request, pk: int):
    enterprise = _editable(request, pk)
    initial = {
        "party_org": enterprise.party_org.code if enterprise.party_org else "",
        "since": enterprise.party_org_since,
    }
    form = PartyOrgForm(request.POST or None, actor=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.enterprise_party_org_set(
                actor=request.user,
                enterprise=enterprise,
                party_org=data["party_org"],
                since=data["since"],
                note=data["note"],
            )
        except DomainError as e:
            form.add_domain_error(e)
        else:
            messages.success(request, _("Đã ghi nhận tổ chức đảng của «%(name)s».") % {"name": enterprise.name})
            return redirect(enterprise.get_absolute_url())
    return _form_page(request, form, title=_("Tổ chức đảng trong doanh nghiệp"), enterprise=enterprise)


@login_required
@require_http_methods(["GET", "POST"])
def close(request, pk: int):
    enterprise = _editable(request, pk)
    form = CloseForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.enterprise_close(actor=request.user, enterprise=enterprise, **form.cleaned_data)
        except DomainError as e:
            form.add_domain_error(e)
        else:
            messages.success(request, _("Đã ghi nhận «%(name)s» ngừng hoạt động.") % {"name": enterprise.name})
            return redirect(enterprise.get_absolute_url())
    return _form_page(request, form, title=_("Doanh nghiệp ngừng hoạt động"), enterprise=enterprise, danger=True)


# --- Targets ---------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def targets(request):
    """The targets for founding party organizations in non-state enterprises that the chosen org gives its orgs
    of the next level for a year, with their progress: all saved, or none when one is refused."""
    require(request.user, Action.LIST)
    form = TargetsForm(request.GET or None, actor=request.user)
    data = form.cleaned_data if form.is_valid() else {}
    org = data.get("org") or (request.user.org if request.user.org_id else None)
    if form.errors or org is None:  # an org outside the scope is not found: nothing to show, nothing to save
        return render(request, "enterprises/targets.html", {"nav": NAV, "form": form, "view": None})
    year = data.get("year") or timezone.localdate().year
    view = selectors.cell_targets(actor=request.user, org=org, year=year)
    errors: dict[int, str] = {}
    if request.method == "POST":
        require(request.user, Action.EDIT, org.path)
        setter = functools.partial(services.cell_target_set, actor=request.user, year=year)
        current = {r.org.pk: r.target for r in view.rows}
        changed, errors = targets_save(request.POST, [r.org for r in view.rows], current, setter)
        if not errors:
            messages.success(request, _("Đã lưu chỉ tiêu năm %(y)s (%(n)s thay đổi).") % {"y": year, "n": changed})
            return redirect(f"{request.path}?org={org.code}&year={year}")
    rows = [
        (r, request.POST.get(f"t{r.org.pk}", "").strip() if errors else r.target, errors.get(r.org.pk))
        for r in view.rows
    ]
    return render(
        request,
        "enterprises/targets.html",
        {
            "nav": NAV,
            "form": form,
            "view": view,
            "rows": rows,
            "can_edit": request.user.can(Action.EDIT),
        },
    )


# --- Import ----------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def import_page(request):
    """Upload the register as .xlsx: every row checked first, nothing written unless all pass."""
    require(request.user, Action.CREATE)
    initial = {}
    code = request.GET.get("org", "").strip()
    if code:
        initial["org"] = org_selectors.org_get(actor=request.user, code=code).code  # outside the scope: 404
    elif request.user.org_id:
        initial["org"] = request.user.org.code
    form = ImportForm(request.POST or None, request.FILES or None, actor=request.user, initial=initial)
    result = None
    if request.method == "POST" and form.is_valid():
        root = form.cleaned_data["org"]
        upload = form.cleaned_data["file"]
        try:
            result = imports.enterprises_import(
                actor=request.user,
                root=root,
                file=upload,
                filename=upload.name,
                dry_run=bool(request.POST.get("check")),
            )
        except DomainError as e:
            form.add_domain_error(e)
        else:
            if result.written:
                messages.success(
                    request,
                    _("Đã nhập %(rows)s dòng: %(c)s doanh nghiệp mới, %(u)s cập nhật, %(n)s không đổi.")
                    % {"rows": result.rows, "c": result.created, "u": result.updated, "n": result.unchanged},
                )
                return redirect(f"{reverse('enterprises:list')}?org={root.code}")
    return render(request, "enterprises/import.html", {"nav": NAV, "form": form, "result": result})


@login_required
@require_GET
def import_template(request):
    require(request.user, Action.CREATE)
    response = HttpResponse(excel.template_bytes(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-doanh-nghiep.xlsx"'
    return response
