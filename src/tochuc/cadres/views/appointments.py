"""Appointment pages: the procedures in progress and the re-appointments coming due; receiving a dossier;
one procedure's page (the checklist of steps, the conditions, the decision's form once nothing blocks it);
recording, cancelling a step; the decision, closing without appointment; the decision as an official PDF."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tochuc.accounts.roles import Action
from tochuc.core.errors import DomainError
from tochuc.core.forms import query_id
from tochuc.core.scope import require
from tochuc.orgs import selectors as org_selectors

from .. import rules
from ..choices import AppointmentKind, AppointmentStatus, ProcedureStep, Source
from ..forms.appointments import (
    AppointmentFilterForm,
    AppointmentOpenForm,
    CloseForm,
    DecideForm,
    StepCancelForm,
    StepForm,
)
from ..models import Appointment
from ..selectors import appointments as selectors
from ..selectors.people import cadre_get
from ..selectors.posts import post_get
from ..services import appointments as services

PER_PAGE = 50


@login_required
@require_GET
def appointment_list(request):
    form = AppointmentFilterForm(request.GET or None)
    org = org_selectors.org_from_query(actor=request.user, params=request.GET)
    qs = selectors.appointment_list(actor=request.user, org=org, **form.selector_kwargs())
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    rows = [(a, selectors.next_step_label(a)) for a in page.object_list]
    try:
        due = selectors.appointments_due(actor=request.user, org=org)
    except DomainError as e:
        due = []
        messages.error(request, e.message)
    return render(
        request,
        "cadres/appointment_list.html",
        {
            "nav": "cadres",
            "tab": "appointments",
            "form": form,
            "org": org,
            "page_obj": page,
            "rows": rows,
            "due": due,
            "due_overdue": sum(1 for d in due if d.overdue),
            "due_months": selectors.DUE_MONTHS,
            "can_create": request.user.can(Action.CREATE),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def appointment_open(request):
    """Receive a dossier. `?cadre=pk&post=pk&kind=reappointment` fills the form (from the list of
    re-appointments due, or a cadre's page)."""
    require(request.user, Action.CREATE)
    initial = {"kind": AppointmentKind.APPOINTMENT, "source": Source.INSIDE}
    if (cadre_pk := query_id(request.GET, "cadre")) is not None:
        initial["cadre"] = cadre_get(actor=request.user, pk=cadre_pk)
    if (post_pk := query_id(request.GET, "post")) is not None:
        initial["post"] = post_get(actor=request.user, pk=post_pk)
    if request.GET.get("kind") in AppointmentKind.values:
        initial["kind"] = request.GET["kind"]
    form = AppointmentOpenForm(request.POST or None, actor=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            appointment = services.appointment_open(actor=request.user, **form.cleaned_data)
        except DomainError as e:
            form.add_domain_error(e)
        else:
            messages.success(request, _("Đã nhận hồ sơ; thực hiện các bước của quy trình."))
            return redirect("cadres:appointment_detail", appointment.pk)
    return render(
        request,
        "cadres/appointment_form.html",
        {"nav": "cadres", "tab": "appointments", "form": form, "title": _("Nhận hồ sơ bổ nhiệm, bổ nhiệm lại")},
        status=400 if form.errors else 200,
    )


def detail_page(request, appointment: Appointment, *, bound=None, status: int = 200):
    """The procedure's page. `bound` = (key, form) is the one form a POST failed with."""
    actor = request.user
    progress = selectors.appointment_progress(actor=actor, appointment=appointment)
    open_ = appointment.status == AppointmentStatus.IN_PROGRESS
    can_edit = open_ and actor.can(Action.EDIT)
    can_decide = open_ and actor.can(Action.CREATE)

    def form(cls, key, **kwargs):
        if bound is not None and bound[0] == key:
            return bound[1]
        return cls(actor=actor, **kwargs)

    # A step posted that is not the next one (a stale page, a second tab, a step a colleague has just
    # recorded) has no form on the page: its refusal is shown in the form of the step that does come next.
    stray = None
    if bound is not None and bound[0].startswith("step:") and bound[0] != f"step:{progress.next_step}":
        stray = bound[1]
    lines = []
    for line in progress.lines:
        step_form = form(StepForm, f"step:{line.step}", step=line.step) if can_edit and line.state == "next" else None
        refusals = _stray_refusals(stray, line) if step_form is not None and stray is not None else []
        cancel_form = None
        if can_edit and line.record is not None and progress.last_step and line.record.pk == progress.last_step.pk:
            cancel_form = form(StepCancelForm, f"cancel{line.record.pk}")
        lines.append({"line": line, "form": step_form, "cancel_form": cancel_form, "refusals": refusals})
    if any(r["refusals"] for r in lines):
        bound = None  # said beside the next step's form
    decide_form = None
    if can_decide and (progress.can_decide or (bound is not None and bound[0] == "decide")):
        decide_form = form(DecideForm, "decide", appointment=appointment)
    close_form = form(CloseForm, "close") if can_edit else None
    _orphan_errors(
        request, bound, [decide_form, close_form, *(f for r in lines for f in (r["form"], r["cancel_form"]))]
    )
    return render(
        request,
        "cadres/appointment_detail.html",
        {
            "nav": "cadres",
            "tab": "appointments",
            "a": appointment,
            "progress": progress,
            "lines": lines,
            "decide_form": decide_form,
            "close_form": close_form,
            "can_print": appointment.status == AppointmentStatus.APPOINTED,
            "breadcrumbs": org_selectors.org_breadcrumbs(actor=actor, org=appointment.post.org),
        },
        status=status,
    )


def _stray_refusals(stray, line) -> list[str]:
    """What refused a step other than `line` (the next one). The form is not refilled with the posted values:
    they were meant for another step. A form refused before the order was checked (a mistyped date) is
    still told which step comes next."""
    refusals = list(stray.non_field_errors())
    if not refusals:
        refusals.append(
            _("Bước tiếp theo của quy trình là «%(s)s»: các bước phải theo đúng trình tự.") % {"s": line.label}
        )
    for name, errors in stray.errors.items():
        if name in stray.fields:
            refusals.extend(f"{stray.fields[name].label}: {e}" for e in errors)
    return refusals


def _orphan_errors(request, bound, shown) -> None:
    """A refused form that the page no longer shows (a second submit once the procedure has ended, the last
    step recorded twice) still says why: its errors go to the page's messages."""
    if bound is None or any(f is bound[1] for f in shown if f is not None):
        return
    for errors in bound[1].errors.values():
        for error in errors:
            messages.error(request, error)


@login_required
@require_GET
def appointment_detail(request, pk):
    return detail_page(request, selectors.appointment_get(actor=request.user, pk=pk))


def _apply(request, appointment, key: str, form, call, done: str, anchor: str = ""):
    if form.is_valid():
        try:
            call(form.cleaned_data)
        except DomainError as e:
            form.add_domain_error(e)
        else:
            messages.success(request, done)
            url = redirect("cadres:appointment_detail", appointment.pk).url
            return redirect(f"{url}#{anchor}" if anchor else url)
    return detail_page(request, appointment, bound=(key, form), status=400)


@login_required
@require_POST
def appointment_step(request, pk):
    appointment = selectors.appointment_get(actor=request.user, pk=pk, action=Action.EDIT)
    step = request.POST.get("step", "")
    if step not in rules.procedure(appointment.kind, appointment.source):
        raise Http404
    form = StepForm(request.POST, actor=request.user, step=step)
    return _apply(
        request,
        appointment,
        f"step:{step}",
        form,
        lambda data: services.appointment_step(actor=request.user, appointment=appointment, step=step, **data),
        _("Đã ghi nhận bước «%(s)s».") % {"s": ProcedureStep(step).label},
        anchor="steps",
    )


@login_required
@require_POST
def appointment_step_cancel(request, pk):
    step = selectors.step_get(actor=request.user, pk=pk)
    appointment = selectors.appointment_get(actor=request.user, pk=step.appointment_id, action=Action.EDIT)
    form = StepCancelForm(request.POST, actor=request.user)
    return _apply(
        request,
        appointment,
        f"cancel{step.pk}",
        form,
        lambda data: services.appointment_step_cancel(actor=request.user, step=step, **data),
        _("Đã hủy bước «%(s)s» ghi nhầm.") % {"s": step.get_step_display()},
        anchor="steps",
    )


@login_required
@require_POST
def appointment_decide(request, pk):
    appointment = selectors.appointment_get(actor=request.user, pk=pk, action=Action.CREATE)
    form = DecideForm(request.POST, actor=request.user, appointment=appointment)
    return _apply(
        request,
        appointment,
        "decide",
        form,
        lambda data: services.appointment_decide(actor=request.user, appointment=appointment, **data),
        _("Đã ghi nhận quyết định bổ nhiệm."),
    )


@login_required
@require_POST
def appointment_close(request, pk):
    appointment = selectors.appointment_get(actor=request.user, pk=pk, action=Action.EDIT)
    form = CloseForm(request.POST, actor=request.user)
    return _apply(
        request,
        appointment,
        "close",
        form,
        lambda data: services.appointment_close(actor=request.user, appointment=appointment, **data),
        _("Đã kết thúc quy trình."),
    )


@login_required
@require_GET
def appointment_pdf(request, pk):
    """The decision in its official form (A4, Vietnamese), for a decided appointment only."""
    from ..pdf import appointment_pdf as render_pdf

    appointment = selectors.appointment_get(actor=request.user, pk=pk)
    if appointment.status != AppointmentStatus.APPOINTED:
        raise Http404
    response = HttpResponse(render_pdf(actor=request.user, appointment=appointment), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="quyet-dinh-bo-nhiem-{appointment.pk}.pdf"'
    return response


urlpatterns = [
    path("appointments/", appointment_list, name="appointments"),
    path("appointments/new/", appointment_open, name="appointment_open"),
    path("appointments/steps/<int:pk>/cancel/", appointment_step_cancel, name="appointment_step_cancel"),
    path("appointments/<int:pk>/", appointment_detail, name="appointment_detail"),
    path("appointments/<int:pk>/step/", appointment_step, name="appointment_step"),
    path("appointments/<int:pk>/decide/", appointment_decide, name="appointment_decide"),
    path("appointments/<int:pk>/close/", appointment_close, name="appointment_close"),
    path("appointments/<int:pk>/decision.pdf", appointment_pdf, name="appointment_pdf"),
]
