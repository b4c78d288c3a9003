"""Congress planning pages: the congresses of a term under an org (filterable, exportable), one congress
planned, a whole subtree planned for a term, a congress's page with its stage moved forward, its plan
edited, and the progress board of a term (with its Excel copy)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tochuc.accounts.roles import Action
from tochuc.core.errors import DomainError
from tochuc.core.exports import xlsx_response
from tochuc.core.scope import require
from tochuc.orgs import selectors as org_selectors

from .. import rules
from ..choices import STATUS_ORDER, CongressKind, CongressStatus
from ..forms.congresses import BoardFilterForm, CongressFilterForm, CongressForm, PlanTermForm, StatusForm
from ..selectors import congresses as selectors
from ..selectors.delegates import allocation_list, delegate_figures
from ..services import congresses as services

PER_PAGE = 50


def _ctx(**extra) -> dict:
    return {"nav": "congresses", "tab": "congresses", **extra}


@login_required
@require_GET
def congress_list(request):
    require(request.user, Action.LIST)
    form = CongressFilterForm(request.GET or None)
    org = org_selectors.org_from_query(actor=request.user, params=request.GET)
    kwargs = form.selector_kwargs()
    qs = selectors.congress_list(actor=request.user, org=org, **kwargs)
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    rows = [
        (c, rules.is_late(status=c.status, planned_from=c.planned_from, today=today), rules.roman(c.number))
        for c in page.object_list
    ]
    return render(
        request,
        "congresses/congress_list.html",
        _ctx(
            form=form,
            org=org,
            term=kwargs["term"],
            page_obj=page,
            rows=rows,
            can_create=request.user.can(Action.CREATE),
            can_export=request.user.can(Action.EXPORT),
        ),
    )


LIST_HEADERS = [
    gettext_lazy("STT"),
    gettext_lazy("Mã tổ chức"),
    gettext_lazy("Tổ chức đảng"),
    gettext_lazy("Loại tổ chức"),
    gettext_lazy("Nhiệm kỳ"),
    gettext_lazy("Lần thứ"),
    gettext_lazy("Hình thức"),
    gettext_lazy("Đại hội điểm"),
    gettext_lazy("Dự kiến từ ngày"),
    gettext_lazy("Dự kiến đến ngày"),
    gettext_lazy("Khai mạc"),
    gettext_lazy("Bế mạc"),
    gettext_lazy("Mốc tính tuổi"),
    gettext_lazy("Số đại biểu được bầu"),
    gettext_lazy("Tiến độ"),
    gettext_lazy("Chậm tiến độ"),
]
LIST_WIDTHS = [6, 14, 36, 24, 11, 8, 18, 8, 12, 12, 12, 12, 12, 10, 30, 10]


def _d(value) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


@login_required
@require_GET
def congress_export(request):
    require(request.user, Action.EXPORT)
    form = CongressFilterForm(request.GET or None)
    org = org_selectors.org_from_query(actor=request.user, params=request.GET)
    kwargs = form.selector_kwargs()
    today = timezone.localdate()
    qs = selectors.congress_list(actor=request.user, org=org, **kwargs)
    rows = (
        [
            i,
            c.org.code,
            c.org.name,
            c.org.get_org_type_display(),
            c.term,
            rules.roman(c.number),
            c.get_kind_display(),
            _("Có") if c.pilot else "",
            _d(c.planned_from),
            _d(c.planned_to),
            _d(c.held_from),
            _d(c.held_to),
            _d(c.reference_date),
            c.delegate_seats or "",
            c.get_status_display(),
            _("Chậm") if rules.is_late(status=c.status, planned_from=c.planned_from, today=today) else "",
        ]
        for i, c in enumerate(qs.iterator(chunk_size=2000), start=1)
    )
    return xlsx_response(
        f"dai-hoi-{kwargs['term']}-{org.code if org else 'tat-ca'}-{today:%Y%m%d}",
        title=_("KẾ HOẠCH, TIẾN ĐỘ ĐẠI HỘI NHIỆM KỲ %(t)s") % {"t": kwargs["term"]},
        subtitle=(org.name + ". " if org else "") + _("Đến ngày %(d)s.") % {"d": _d(today)},
        headers=[str(h) for h in LIST_HEADERS],
        rows=rows,
        widths=LIST_WIDTHS,
    )


@login_required
@require_http_methods(["GET", "POST"])
def congress_create(request):
    require(request.user, Action.CREATE)
    initial = {"kind": CongressKind.DELEGATES}
    if code := (request.GET.get("org") or "").strip():
        initial["org"] = org_selectors.org_get(actor=request.user, code=code).code
    form = CongressForm(request.POST or None, actor=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            congress = services.congress_create(actor=request.user, **form.values())
        except DomainError as e:
            form.add_domain_error(e)
        else:
            messages.success(request, _("Đã lập kế hoạch đại hội %(c)s.") % {"c": congress})
            return redirect("congresses:detail", congress.pk)
    return render(
        request,
        "congresses/congress_form.html",
        _ctx(form=form, title=_("Lập kế hoạch đại hội")),
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def congress_plan_term(request):
    require(request.user, Action.CREATE)
    initial = {"kind": CongressKind.MEMBERS}
    if request.user.org_id:
        initial["org"] = request.user.org.code
    form = PlanTermForm(request.POST or None, actor=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            made = services.congress_plan_term(actor=request.user, **form.values())
        except DomainError as e:
            form.add_domain_error(e)
        else:
            data = form.cleaned_data
            messages.success(
                request,
                _("Đã lập kế hoạch %(n)s đại hội nhiệm kỳ %(t)s.") % {"n": len(made), "t": data["term"]},
            )
            return redirect(f"{_list_url()}?term={data['term']}&org={data['org'].code}")
    return render(
        request,
        "congresses/congress_plan.html",
        _ctx(form=form, title=_("Lập kế hoạch đại hội cho cả nhiệm kỳ")),
        status=400 if form.errors else 200,
    )


def _list_url() -> str:
    from django.urls import reverse

    return reverse("congresses:list")


def detail_page(request, congress, *, status_form=None, status: int = 200):
    actor = request.user
    can_edit = actor.can(Action.EDIT) and congress.status != CongressStatus.RESULTS_APPROVED
    can_move = can_edit or (congress.status == CongressStatus.HELD and services.can_approve_results(actor, congress))
    if status_form is None and can_move:
        status_form = StatusForm(
            actor=actor,
            initial={"held_from": congress.held_from, "held_to": congress.held_to},
        )
    today = timezone.localdate()
    stages = [(s, s.label, STATUS_ORDER.index(s) <= STATUS_ORDER.index(congress.status)) for s in CongressStatus]
    return render(
        request,
        "congresses/congress_detail.html",
        _ctx(
            congress=congress,
            number=rules.roman(congress.number),
            late=rules.is_late(status=congress.status, planned_from=congress.planned_from, today=today),
            stages=stages,
            next_stages=selectors.status_choices_after(congress.status),
            status_form=status_form if can_move else None,
            can_edit=can_edit,
            lower=selectors.congress_lower(congress=congress),
            allocations=allocation_list(congress=congress),
            figures=delegate_figures(congress),
            breadcrumbs=org_selectors.org_breadcrumbs(actor=actor, org=congress.org),
        ),
        status=status,
    )


@login_required
@require_GET
def congress_detail(request, pk):
    congress = selectors.congress_get(actor=request.user, pk=pk)
    return detail_page(request, congress)


@login_required
@require_POST
def congress_status(request, pk):
    congress = selectors.congress_get(actor=request.user, pk=pk)
    # Editing moves the stages; recording the results approved needs the approval right in the upper org.
    if request.POST.get("status") == CongressStatus.RESULTS_APPROVED:
        if not services.can_approve_results(request.user, congress):
            raise PermissionDenied
    else:
        require(request.user, Action.EDIT, congress.org.path)
    form = StatusForm(request.POST, actor=request.user)
    if form.is_valid():
        try:
            services.congress_set_status(actor=request.user, congress=congress, **form.cleaned_data)
        except DomainError as e:
            form.add_domain_error(e)
        else:
            messages.success(
                request, _("Đã chuyển tiến độ sang «%(s)s».") % {"s": CongressStatus(form.cleaned_data["status"]).label}
            )
            return redirect("congresses:detail", congress.pk)
    return detail_page(request, congress, status_form=form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def congress_edit(request, pk):
    congress = selectors.congress_get(actor=request.user, pk=pk, action=Action.EDIT)
    initial = {
        f: getattr(congress, f)
        for f in (
            "number",
            "kind",
            "pilot",
            "planned_from",
            "planned_to",
            "held_from",
            "held_to",
            "reference_date",
            "delegate_seats",
            "note",
        )
    }
    form = CongressForm(request.POST or None, actor=request.user, congress=congress, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.congress_update(actor=request.user, congress=congress, **form.values())
        except DomainError as e:
            form.add_domain_error(e)
        else:
            messages.success(request, _("Đã lưu kế hoạch đại hội."))
            return redirect("congresses:detail", congress.pk)
    return render(
        request,
        "congresses/congress_form.html",
        _ctx(form=form, congress=congress, title=_("Sửa kế hoạch đại hội %(c)s") % {"c": congress}),
        status=400 if form.errors else 200,
    )


# --- The progress board --------------------------------------------------------------------------------------


def _board(request):
    form = BoardFilterForm(request.GET or None)
    org = org_selectors.org_from_query(actor=request.user, params=request.GET)
    return form, org, selectors.congress_board(actor=request.user, org=org, term=form.term_value())


@login_required
@require_GET
def congress_board(request):
    require(request.user, Action.LIST)
    form, org, board = _board(request)
    return render(
        request,
        "congresses/board.html",
        _ctx(
            form=form,
            org=org,
            board=board,
            statuses=list(CongressStatus),
            can_export=request.user.can(Action.EXPORT),
        ),
    )


@login_required
@require_GET
def congress_board_export(request):
    require(request.user, Action.EXPORT)
    _form, org, board = _board(request)
    statuses = [str(s.label) for s in CongressStatus]
    headers = [
        _("Loại tổ chức / đơn vị"),
        _("Số tổ chức"),
        _("Đã lập kế hoạch"),
        *statuses,
        _("Đã tổ chức"),
        _("Tỷ lệ đã tổ chức (%)"),
        _("Chậm tiến độ"),
        _("Chưa có kế hoạch"),
    ]

    def line(r):
        return [r.label, r.orgs, r.total, *r.cells(), r.held, r.percent_held, r.late, r.unplanned]

    rows = [[_("THEO LOẠI TỔ CHỨC")], *(line(r) for r in board.by_type)]
    board.totals.label = _("Tổng cộng")
    rows.append(line(board.totals))
    if board.by_sub_org:
        rows += [[], [_("THEO ĐƠN VỊ TRỰC THUỘC")], *(line(r) for r in board.by_sub_org)]
    if board.late:
        rows += [[], [_("ĐẠI HỘI CHẬM TIẾN ĐỘ")]]
        rows += [[c.org.code + " " + c.org.name, "", _d(c.planned_from), c.get_status_display()] for c in board.late]
    today = board.today
    return xlsx_response(
        f"tien-do-dai-hoi-{board.term}-{org.code if org else 'tat-ca'}-{today:%Y%m%d}",
        title=_("TIẾN ĐỘ ĐẠI HỘI NHIỆM KỲ %(t)s") % {"t": board.term},
        subtitle=(org.name + ". " if org else "") + _("Đến ngày %(d)s.") % {"d": _d(today)},
        headers=[str(h) for h in headers],
        rows=rows,
        widths=[40, 10, 12, *([14] * len(statuses)), 12, 12, 12, 12],
        sheet="Tien do",
    )


urlpatterns = [
    path("", congress_list, name="list"),
    path("new/", congress_create, name="create"),
    path("plan/", congress_plan_term, name="plan_term"),
    path("export/", congress_export, name="export"),
    path("board/", congress_board, name="board"),
    path("board/export/", congress_board_export, name="board_export"),
    path("<int:pk>/", congress_detail, name="detail"),
    path("<int:pk>/edit/", congress_edit, name="edit"),
    path("<int:pk>/status/", congress_status, name="status"),
]
