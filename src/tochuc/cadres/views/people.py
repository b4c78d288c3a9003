"""The cadre register: the list with its filters and export, suggestions as the user types, a cadre's page
(the record, retirement, posts, history, disciplines, movements and every topic's panel), and the forms
that create, edit and end the record and add a discipline."""

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
from tochuc.core.scope import require
from tochuc.members import selectors as member_selectors
from tochuc.orgs import selectors as org_selectors

from ..choices import CadreStatus
from ..forms.people import CadreCreateForm, CadreEndForm, CadreFilterForm, CadreForm, DisciplineForm
from ..selectors import appointments as appointment_selectors
from ..selectors import people as selectors
from ..selectors import planning as planning_selectors
from ..selectors import posts as post_selectors
from ..selectors import surplus as surplus_selectors
from ..selectors import training as training_selectors
from ..services import people as services

PER_PAGE = 50
# Every topic's part of the cadre's page (each returns template context for its partial).
PANELS = (planning_selectors, appointment_selectors, training_selectors, surplus_selectors)


def _filtered(request):
    """The register's form, org and queryset from the query string (the export reads the same)."""
    form = CadreFilterForm(request.GET or None)
    org = org_selectors.org_from_query(actor=request.user, params=request.GET)
    qs = selectors.cadre_list(actor=request.user, org=org, **form.selector_kwargs())
    return form, org, qs


@login_required
@require_GET
def cadre_list(request):
    form, org, qs = _filtered(request)
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = selectors.with_retirement(page.object_list)
    return render(
        request,
        "cadres/people_list.html",
        {
            "nav": "cadres",
            "tab": "people",
            "form": form,
            "org": org,
            "page_obj": page,
            "can_create": request.user.can(Action.CREATE),
            "can_export": request.user.can(Action.EXPORT),
        },
    )


HEADERS = [
    gettext_lazy("STT"),
    gettext_lazy("Họ và tên"),
    gettext_lazy("Ngày sinh"),
    gettext_lazy("Giới tính"),
    gettext_lazy("Số CCCD"),
    gettext_lazy("Dân tộc"),
    gettext_lazy("Loại"),
    gettext_lazy("Đơn vị quản lý"),
    gettext_lazy("Mã tổ chức"),
    gettext_lazy("Chức vụ hiện giữ"),
    gettext_lazy("Chuyên môn"),
    gettext_lazy("Lý luận chính trị"),
    gettext_lazy("Quản lý nhà nước"),
    gettext_lazy("Ngày nghỉ hưu theo quy định"),
    gettext_lazy("Tình trạng"),
]
WIDTHS = [6, 28, 12, 8, 15, 12, 18, 30, 12, 45, 16, 16, 16, 14, 16]


def _date(d) -> str:
    return d.strftime("%d/%m/%Y") if d else ""


def _cells(c, i: int, schedule) -> list:
    from .. import rules

    return [
        i,
        c.full_name,
        _date(c.birth_date),
        c.get_sex_display(),
        c.citizen_id or "",
        c.ethnic_group,
        c.get_kind_display(),
        c.org.name,
        c.org.code,
        "; ".join(t.post.name for t in c.current),
        c.get_qualification_display(),
        c.get_theory_level_display(),
        c.get_state_management_display(),
        _date(rules.retirement_date(c.birth_date, c.sex, schedule)),
        c.get_status_display(),
    ]


@login_required
@require_GET
def export(request):
    """The filtered register (.xlsx, or .csv), what the page shows without the pagination."""
    _form, org, qs = _filtered(request)
    require(request.user, Action.EXPORT)
    today = timezone.localdate()
    schedule = selectors.retirement_schedule(today)
    filename = f"can-bo-{org.code if org else 'tat-ca'}-{today:%Y%m%d}"
    headers = [str(h) for h in HEADERS]
    # Chunks keep the prefetch of the posts held: one query a chunk, not one a cadre.
    rows = (_cells(c, i, schedule) for i, c in enumerate(qs.iterator(chunk_size=2000), start=1))
    if request.GET.get("format") == "csv":
        return csv_response(filename, headers, rows)
    return xlsx_response(
        filename,
        title=_("DANH SÁCH CÁN BỘ %(org)s") % {"org": (org.name if org else "").upper()},
        subtitle=_("Tính đến ngày %(d)s.") % {"d": today.strftime("%d/%m/%Y")},
        headers=headers,
        rows=rows,
        widths=WIDTHS,
    )


@login_required
@require_GET
def lookup(request):
    """Suggestions (datalist options) for a cadre box: working cadres in the actor's scope. With
    `?format=json`, a JSON list of {id, label, org, birth_date}."""
    require(request.user, Action.LIST)
    q = next((v for k, v in request.GET.items() if v and k != "format"), "")
    found = selectors.cadre_search(actor=request.user, q=q, limit=15)
    if request.GET.get("format") == "json":
        from django.http import JsonResponse

        return JsonResponse(
            {
                "results": [
                    {
                        "id": c.pk,
                        "label": selectors.cadre_option(c),
                        "full_name": c.full_name,
                        "birth_date": _date(c.birth_date),
                        "org": c.org.code,
                    }
                    for c in found
                ]
            }
        )
    return render(request, "cadres/people_options.html", {"options": [(selectors.cadre_option(c), c) for c in found]})


def _form_page(request, form, save, title, cadre=None):
    if request.method == "POST" and form.is_valid():
        try:
            return save(form)
        except DomainError as e:
            form.add_domain_error(e)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "cadres/people_form.html",
        {"nav": "cadres", "tab": "people", "form": form, "title": title, "cadre": cadre},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def create(request):
    """A new cadre record; `?member=<id>` starts from a party member's record (in scope)."""
    require(request.user, Action.CREATE)
    initial: dict = {"org": request.user.org.code if request.user.org_id else ""}
    member_id = query_id(request.GET, "member")
    if member_id is not None:
        from tochuc.recruitment.forms import member_option

        member = member_selectors.member_get(actor=request.user, pk=member_id)
        initial |= services.member_values(member)
        initial |= {"member": member_option(member), "org": member.org.code}
    code = request.GET.get("org", "").strip()
    if code:
        initial["org"] = org_selectors.org_get(actor=request.user, code=code).code
    form = CadreCreateForm(request.POST or None, actor=request.user, initial=initial)

    def save(form):
        values = form.values()
        member = values.pop("member")
        cadre = services.cadre_create(
            actor=request.user,
            org=values.pop("org"),
            full_name=values.pop("full_name"),
            sex=values.pop("sex"),
            birth_date=values.pop("birth_date"),
            member=member,
            **values,
        )
        messages.success(request, _("Đã thêm hồ sơ cán bộ %(n)s.") % {"n": cadre.full_name})
        return redirect("cadres:detail", cadre.pk)

    return _form_page(request, form, save, _("Thêm cán bộ"))


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk):
    cadre = selectors.cadre_get(actor=request.user, pk=pk, action=Action.EDIT)
    initial = {name: getattr(cadre, name) for name in CadreForm.base_fields if name != "org"}
    initial |= {"org": cadre.org.code, "citizen_id": cadre.citizen_id or ""}
    form = CadreForm(request.POST or None, actor=request.user, initial=initial)

    def save(form):
        services.cadre_update(actor=request.user, cadre=cadre, **form.values())
        messages.success(request, _("Đã lưu thay đổi."))
        return redirect("cadres:detail", cadre.pk)

    return _form_page(request, form, save, _("Sửa hồ sơ cán bộ %(n)s") % {"n": cadre.full_name}, cadre)


def detail_page(request, cadre, *, bound=None, status: int = 200):
    """The cadre's page. `bound` is (key, form) of the one form a POST failed with (errors beside its fields)."""
    actor = request.user
    record = selectors.cadre_record(actor=actor, cadre=cadre)
    for m in record.movements:
        m.can_end = post_selectors.movement_can_end(actor, m)
    working = cadre.status == CadreStatus.WORKING
    can_edit = actor.can(Action.EDIT)

    def form(cls, key):
        if bound is not None and bound[0] == key:
            return bound[1]
        return cls(actor=actor) if can_edit else None

    context = {
        "nav": "cadres",
        "tab": "people",
        "cadre": cadre,
        "record": record,
        "can_edit": can_edit,
        "end_form": form(CadreEndForm, "end") if working else None,
        "discipline_form": form(DisciplineForm, "discipline"),
        "open_panel": bound[0] if bound is not None else "",
        "breadcrumbs": org_selectors.org_breadcrumbs(actor=actor, org=cadre.org),
        "today": timezone.localdate(),
    }
    for module in PANELS:
        context.update(module.cadre_panel(actor=actor, cadre=cadre))
    return render(request, "cadres/people_detail.html", context, status=status)


@login_required
@require_GET
def detail(request, pk):
    return detail_page(request, selectors.cadre_get(actor=request.user, pk=pk))


@login_required
@require_POST
def end(request, pk):
    cadre = selectors.cadre_get(actor=request.user, pk=pk, action=Action.EDIT)
    form = CadreEndForm(request.POST, actor=request.user)
    if form.is_valid():
        try:
            services.cadre_end(actor=request.user, cadre=cadre, **form.cleaned_data)
        except DomainError as e:
            form.add_domain_error(e)
        else:
            messages.success(request, _("Đã ghi nhận cán bộ thôi công tác."))
            return redirect("cadres:detail", cadre.pk)
    return detail_page(request, cadre, bound=("end", form), status=400)


@login_required
@require_POST
def discipline_add(request, pk):
    cadre = selectors.cadre_get(actor=request.user, pk=pk, action=Action.EDIT)
    form = DisciplineForm(request.POST, actor=request.user)
    if form.is_valid():
        try:
            services.discipline_add(actor=request.user, cadre=cadre, **form.cleaned_data)
        except DomainError as e:
            form.add_domain_error(e)
        else:
            messages.success(request, _("Đã ghi nhận kỷ luật."))
            return redirect("cadres:detail", cadre.pk)
    return detail_page(request, cadre, bound=("discipline", form), status=400)


urlpatterns = [
    path("", cadre_list, name="list"),
    path("export/", export, name="export"),
    path("lookup/", lookup, name="lookup"),
    path("new/", create, name="create"),
    path("<int:pk>/", detail, name="detail"),
    path("<int:pk>/edit/", edit, name="edit"),
    path("<int:pk>/end/", end, name="end"),
    path("<int:pk>/discipline/", discipline_add, name="discipline_add"),
]
