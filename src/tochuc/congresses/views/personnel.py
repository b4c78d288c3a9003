"""Personnel plan pages: the plans of the congresses under an org; one congress's plan with the lists of
every body, each name's checks, the surplus and the structure against the targets (and its Excel copy), with
the forms to set the numbers, move the plan a step, nominate and withdraw; an org's committee for a term
with the origin of every seat, appointing a seat and ending one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tochuc.accounts.roles import Action
from tochuc.core.errors import DomainError
from tochuc.core.exports import xlsx_response
from tochuc.core.scope import require
from tochuc.orgs import selectors as org_selectors

from ..choices import Body, PlanStatus
from ..forms.personnel import (
    AppointForm,
    CommitteeFilterForm,
    MembershipEndForm,
    NominationForm,
    PlanFilterForm,
    PlanForm,
    PlanStatusForm,
    WithdrawForm,
)
from ..rules_personnel import DEFAULT_YOUNG_AGE
from ..selectors import personnel as selectors
from ..services import personnel as services

PER_PAGE = 50


def _ctx(**extra) -> dict:
    return {"nav": "congresses", "tab": "personnel", **extra}


# --- The plans under an org -------------------------------------------------------------------------------


@login_required
@require_GET
def plan_list(request):
    form = PlanFilterForm(request.GET or None)
    org = org_selectors.org_from_query(actor=request.user, params=request.GET)
    qs = selectors.plan_list(actor=request.user, org=org, **form.selector_kwargs())
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "congresses/personnel_list.html",
        _ctx(form=form, org=org, page_obj=page, query=_query(request, drop="page")),
    )


def _query(request, *, drop: str) -> str:
    params = request.GET.copy()
    params.pop(drop, None)
    return params.urlencode()


# --- One congress's plan ----------------------------------------------------------------------------------

_NEXT = {
    PlanStatus.DRAFT: [(PlanStatus.UPPER_OPINION, Action.EDIT)],
    PlanStatus.UPPER_OPINION: [(PlanStatus.APPROVED, Action.APPROVE), (PlanStatus.DRAFT, Action.EDIT)],
    PlanStatus.APPROVED: [],
}
_STEP_LABELS = {
    PlanStatus.UPPER_OPINION: gettext_lazy("Đã xin ý kiến cấp trên"),
    PlanStatus.APPROVED: gettext_lazy("Phê duyệt đề án"),
    PlanStatus.DRAFT: gettext_lazy("Trả lại để hoàn chỉnh (dự thảo)"),
}


def _status_form(actor, plan, data=None) -> PlanStatusForm | None:
    steps = [(s, str(_STEP_LABELS[s])) for s, action in _NEXT[plan.status] if actor.can(action)]
    if not steps:
        return None
    form = PlanStatusForm(data, actor=actor, prefix="status")
    form.fields["status"].choices = steps
    return form


def plan_detail_page(request, congress, *, bound=None, status: int = 200):
    """The plan page. `bound` = (key, form) is the form a POST failed with."""
    actor = request.user
    page = selectors.plan_page(actor=actor, congress=congress)
    plan = page.plan
    young_age = page.params.young_age if page.params else DEFAULT_YOUNG_AGE

    def form(key, make):
        if bound is not None and bound[0] == key:
            return bound[1]
        return make()

    approved = plan is not None and plan.status == PlanStatus.APPROVED
    can_plan = actor.can(Action.EDIT if plan else Action.CREATE) and not approved
    plan_form = None
    if can_plan:
        initial = {f: getattr(plan, f) for f in services.PLAN_FIELDS} if plan else {}
        plan_form = form("plan", lambda: PlanForm(actor=actor, initial=initial, young_age=young_age))
    status_form = form("status", lambda: _status_form(actor, plan)) if plan else None
    nominate_form = None
    if plan is not None and actor.can(Action.CREATE):
        nominate_form = form("nominate", lambda: NominationForm(actor=actor))
    can_withdraw = plan is not None and actor.can(Action.EDIT)
    bodies = [
        {
            "list": b,
            "rows": [
                (
                    r,
                    form(f"w{r.nomination.pk}", lambda r=r: WithdrawForm(actor=actor, nomination_id=r.nomination.pk))
                    if can_withdraw
                    else None,
                )
                for r in b.rows
            ],
        }
        for b in page.bodies
    ]
    return render(
        request,
        "congresses/personnel_detail.html",
        _ctx(
            congress=congress,
            page=page,
            plan=plan,
            bodies=bodies,
            plan_form=plan_form,
            status_form=status_form,
            nominate_form=nominate_form,
            young_age=young_age,
            young_from_rules=bool(page.params and page.params.young_from_rules),
            open_panel=bound[0] if bound is not None else "",
            can_export=actor.can(Action.EXPORT),
        ),
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_detail(request, pk):
    congress = selectors.congress_for_plan(actor=request.user, pk=pk)
    if request.method == "GET":
        return plan_detail_page(request, congress)
    plan = selectors.plan_of(congress)
    require(request.user, Action.EDIT if plan else Action.CREATE, congress.org.path)
    form = PlanForm(request.POST, actor=request.user)
    if form.is_valid():
        try:
            services.plan_save(actor=request.user, congress=congress, **form.cleaned_data)
        except DomainError as e:
            form.add_domain_error(e)
        else:
            messages.success(request, _("Đã lưu đề án nhân sự."))
            return redirect("congresses:personnel", congress.pk)
    return plan_detail_page(request, congress, bound=("plan", form), status=400)


@login_required
@require_POST
def plan_status(request, pk):
    congress = selectors.congress_for_plan(actor=request.user, pk=pk)
    plan = selectors.plan_of(congress)
    if plan is None:
        messages.error(request, _("Chưa có đề án nhân sự."))
        return redirect("congresses:personnel", congress.pk)
    form = _status_form(request.user, plan, request.POST)
    if form is None:
        if plan.status != PlanStatus.APPROVED:
            raise PermissionDenied
        messages.error(request, _("Đề án đã được phê duyệt."))
        return redirect("congresses:personnel", congress.pk)
    if form.is_valid():
        try:
            services.plan_set_status(actor=request.user, plan=plan, **form.cleaned_data)
        except DomainError as e:
            form.add_domain_error(e)
        else:
            messages.success(request, _("Đề án nhân sự: %(s)s.") % {"s": PlanStatus(form.cleaned_data["status"]).label})
            return redirect("congresses:personnel", congress.pk)
    return plan_detail_page(request, congress, bound=("status", form), status=400)


@login_required
@require_POST
def nomination_add(request, pk):
    congress = selectors.congress_for_plan(actor=request.user, pk=pk)
    require(request.user, Action.CREATE, congress.org.path)
    plan = selectors.plan_of(congress)
    if plan is None:
        messages.error(request, _("Lập đề án nhân sự (số lượng) trước khi giới thiệu nhân sự."))
        return redirect("congresses:personnel", congress.pk)
    form = NominationForm(request.POST, actor=request.user)
    if form.is_valid():
        try:
            nomination = services.nomination_add(actor=request.user, plan=plan, **form.cleaned_data)
        except DomainError as e:
            form.add_domain_error(e)
        else:
            messages.success(
                request,
                _("Đã đưa %(n)s vào danh sách %(b)s.")
                % {"n": nomination.member.full_name, "b": nomination.get_body_display()},
            )
            return redirect(reverse("congresses:personnel", args=[congress.pk]) + f"#body-{nomination.body}")
    return plan_detail_page(request, congress, bound=("nominate", form), status=400)


@login_required
@require_POST
def nomination_withdraw(request, pk):
    nomination = selectors.nomination_get(actor=request.user, pk=pk, action=Action.EDIT)
    congress = nomination.plan.congress
    form = WithdrawForm(request.POST, actor=request.user, nomination_id=nomination.pk)
    if form.is_valid():
        try:
            services.nomination_withdraw(actor=request.user, nomination=nomination, **form.cleaned_data)
        except DomainError as e:
            form.add_domain_error(e)
        else:
            messages.success(request, _("%(n)s đã rút khỏi danh sách.") % {"n": nomination.member.full_name})
            return redirect(reverse("congresses:personnel", args=[congress.pk]) + f"#body-{nomination.body}")
    if nomination.withdrawn_on is not None:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return plan_detail_page(request, congress, bound=(f"w{nomination.pk}", form), status=400)


PLAN_HEADERS = [
    gettext_lazy("STT"),
    gettext_lazy("Bầu vào"),
    gettext_lazy("Họ và tên"),
    gettext_lazy("Ngày sinh"),
    gettext_lazy("Giới tính"),
    gettext_lazy("Dân tộc"),
    gettext_lazy("Chi bộ, đảng bộ"),
    gettext_lazy("Chức vụ, đơn vị công tác"),
    gettext_lazy("Nguồn giới thiệu"),
    gettext_lazy("Tái cử"),
    gettext_lazy("Tán thành / có mặt"),
    gettext_lazy("Lưu ý"),
]
PLAN_WIDTHS = [6, 22, 26, 12, 8, 12, 28, 30, 22, 8, 14, 60]


@login_required
@require_GET
def plan_export(request, pk):
    congress = selectors.congress_for_plan(actor=request.user, pk=pk, action=Action.EXPORT)
    rows_in = selectors.plan_export_rows(actor=request.user, congress=congress)
    rows = (
        [
            i,
            b.label,
            r.nomination.member.full_name,
            r.nomination.member.birth_date.strftime("%d/%m/%Y"),
            r.nomination.member.get_sex_display(),
            r.nomination.member.ethnic_group,
            r.nomination.member.org.name,
            ", ".join(x for x in (r.nomination.member.position, r.nomination.member.work_unit) if x),
            r.nomination.get_source_display(),
            _("Có") if r.nomination.re_election else "",
            f"{r.nomination.support}/{r.nomination.present}" if r.nomination.present else "",
            " ".join(f"{c.label}: {c.reason}" for c in r.eligibility.checks if not c.ok),
        ]
        for i, (b, r) in enumerate(rows_in, start=1)
    )
    today = timezone.localdate()
    return xlsx_response(
        f"de-an-nhan-su-{congress.org.code}-{congress.term}",
        title=_("DANH SÁCH NHÂN SỰ ĐỀ ÁN ĐẠI HỘI %(o)s NHIỆM KỲ %(t)s")
        % {"o": congress.org.name.upper(), "t": congress.term},
        subtitle=_("Tính đến ngày %(d)s.") % {"d": today.strftime("%d/%m/%Y")},
        headers=[str(h) for h in PLAN_HEADERS],
        rows=rows,
        widths=PLAN_WIDTHS,
    )


# --- An org's committee -----------------------------------------------------------------------------------


def committee_page(request, org, *, bound=None, status: int = 200):
    actor = request.user
    terms = selectors.committee_terms(actor=actor, org=org)
    filters = CommitteeFilterForm(request.GET or None, terms=terms)
    values = filters.values()
    seats = selectors.committee_list(actor=actor, org=org, **values)
    can_edit = actor.can(Action.EDIT)

    def form(key, make):
        if bound is not None and bound[0] == key:
            return bound[1]
        return make()

    rows = [
        (
            s,
            form(f"end{s.pk}", lambda s=s: MembershipEndForm(actor=actor, membership_id=s.pk))
            if can_edit and s.ended_on is None
            else None,
        )
        for s in seats
    ]
    appoint_form = None
    if actor.can(Action.CREATE) and org.is_open:
        appoint_form = form(
            "appoint",
            lambda: AppointForm(actor=actor, initial={"term": values["term"], "started_on": timezone.localdate()}),
        )
    return render(
        request,
        "congresses/membership_list.html",
        _ctx(
            org=org,
            term=values["term"],
            filters=filters,
            rows=rows,
            counts=selectors.committee_counts(org=org, term=values["term"]),
            bodies=[(b, label) for b, label in Body.choices if b != Body.DELEGATES],
            appoint_form=appoint_form,
            open_panel=bound[0] if bound is not None else "",
            can_export=actor.can(Action.EXPORT),
            query=request.GET.urlencode(),
            breadcrumbs=org_selectors.org_breadcrumbs(actor=actor, org=org),
        ),
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def committee(request, code):
    org = org_selectors.org_get(actor=request.user, code=code)
    if request.method == "GET":
        require(request.user, Action.LIST, org.path)
        return committee_page(request, org)
    require(request.user, Action.CREATE, org.path)
    form = AppointForm(request.POST, actor=request.user)
    if form.is_valid():
        try:
            seat = services.membership_appoint(actor=request.user, org=org, **form.cleaned_data)
        except DomainError as e:
            form.add_domain_error(e)
        else:
            messages.success(
                request,
                _("Đã ghi nhận %(n)s: %(b)s nhiệm kỳ %(t)s (%(o)s).")
                % {
                    "n": seat.member.full_name,
                    "b": seat.get_body_display(),
                    "t": seat.term,
                    "o": seat.get_origin_display().lower(),
                },
            )
            return redirect(reverse("congresses:committee", args=[org.code]) + f"?term={seat.term}")
    return committee_page(request, org, bound=("appoint", form), status=400)


@login_required
@require_POST
def membership_end(request, pk):
    seat = selectors.membership_get(actor=request.user, pk=pk, action=Action.EDIT)
    form = MembershipEndForm(request.POST, actor=request.user, membership_id=seat.pk)
    if form.is_valid():
        try:
            ended = services.membership_end(actor=request.user, membership=seat, **form.cleaned_data)
        except DomainError as e:
            form.add_domain_error(e)
        else:
            messages.success(
                request,
                _("%(n)s thôi %(b)s từ ngày %(d)s.")
                % {
                    "n": seat.member.full_name,
                    "b": ", ".join(s.get_body_display() for s in ended),
                    "d": form.cleaned_data["on"].strftime("%d/%m/%Y"),
                },
            )
            return redirect(reverse("congresses:committee", args=[seat.org.code]) + f"?term={seat.term}")
    if seat.ended_on is not None:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return committee_page(request, seat.org, bound=(f"end{seat.pk}", form), status=400)


COMMITTEE_HEADERS = [
    gettext_lazy("STT"),
    gettext_lazy("Họ và tên"),
    gettext_lazy("Ngày sinh"),
    gettext_lazy("Giới tính"),
    gettext_lazy("Dân tộc"),
    gettext_lazy("Thuộc"),
    gettext_lazy("Hình thức"),
    gettext_lazy("Từ ngày"),
    gettext_lazy("Đến ngày"),
    gettext_lazy("Số quyết định"),
    gettext_lazy("Chức vụ, đơn vị công tác"),
]
COMMITTEE_WIDTHS = [6, 26, 12, 8, 12, 26, 18, 12, 12, 18, 36]


@login_required
@require_GET
def committee_export(request, code):
    org = org_selectors.org_get(actor=request.user, code=code)
    require(request.user, Action.EXPORT, org.path)
    terms = selectors.committee_terms(actor=request.user, org=org)
    values = CommitteeFilterForm(request.GET or None, terms=terms).values()
    seats = selectors.committee_list(actor=request.user, org=org, **values)
    rows = (
        [
            i,
            s.member.full_name,
            s.member.birth_date.strftime("%d/%m/%Y"),
            s.member.get_sex_display(),
            s.member.ethnic_group,
            s.get_body_display(),
            s.get_origin_display(),
            s.started_on.strftime("%d/%m/%Y"),
            s.ended_on.strftime("%d/%m/%Y") if s.ended_on else "",
            s.decision_no,
            ", ".join(x for x in (s.member.position, s.member.work_unit) if x),
        ]
        for i, s in enumerate(seats, start=1)
    )
    return xlsx_response(
        f"cap-uy-{org.code}-{values['term']}",
        title=_("DANH SÁCH CẤP ỦY %(o)s NHIỆM KỲ %(t)s") % {"o": org.name.upper(), "t": values["term"]},
        subtitle=_("Tính đến ngày %(d)s.") % {"d": timezone.localdate().strftime("%d/%m/%Y")},
        headers=[str(h) for h in COMMITTEE_HEADERS],
        rows=rows,
        widths=COMMITTEE_WIDTHS,
    )


urlpatterns = [
    path("personnel/", plan_list, name="plans"),
    path("personnel/nominations/<int:pk>/withdraw/", nomination_withdraw, name="nomination_withdraw"),
    path("personnel/<int:pk>/", plan_detail, name="personnel"),
    path("personnel/<int:pk>/status/", plan_status, name="personnel_status"),
    path("personnel/<int:pk>/nominate/", nomination_add, name="nomination_add"),
    path("personnel/<int:pk>/export/", plan_export, name="personnel_export"),
    path("committee-seats/<int:pk>/end/", membership_end, name="membership_end"),
    path("committees/<str:code>/", committee, name="committee"),
    path("committees/<str:code>/export/", committee_export, name="committee_export"),
]
