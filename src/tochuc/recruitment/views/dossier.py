"""The forms of a candidate's page, each posted to its own view: a dossier step and its cancelling, the
introducers, away from home, leaving the list and coming back, the admission. Each reads the candidate
through the selector (404 outside the scope, 403 for a role without the action), calls one service, and
on a refusal shows the candidate's page again with the message beside the field it names."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tochuc.accounts.roles import Action
from tochuc.core.errors import DomainError

from .. import selectors, services
from ..forms import (
    AdmitForm,
    AwayEndForm,
    AwayStartForm,
    BodyIntroducerForm,
    DropForm,
    MemberIntroducerForm,
    StepCancelForm,
    StepForm,
)
from ..models import Candidate, Step
from .records import detail_page


def _apply(request, candidate: Candidate, key: str, form, call: Callable[[dict], object], done: str, *, anchor=""):
    """Validate `form`, call the service; back to the page with a message, or the page with the form's
    errors (the service's refusal beside its field, nothing written)."""
    if form.is_valid():
        try:
            call(form.cleaned_data)
        except DomainError as e:
            form.add_domain_error(e)
        else:
            messages.success(request, done)
            url = redirect("recruitment:detail", candidate.pk).url
            return redirect(f"{url}#{anchor}" if anchor else url)
    return detail_page(request, candidate, bound=(key, form))


def _candidate(request, pk, action: str = Action.EDIT) -> Candidate:
    return selectors.candidate_get(actor=request.user, pk=pk, action=action)


@login_required
@require_POST
def step_record(request, pk, step):
    if step not in Step.values:
        raise Http404
    candidate = _candidate(request, pk)
    form = StepForm(request.POST, actor=request.user, step=step)
    label = Step(step).label
    return _apply(
        request,
        candidate,
        f"step:{step}",
        form,
        lambda data: services.candidate_step_record(actor=request.user, candidate=candidate, step=step, **data),
        _("Đã ghi nhận «%(s)s».") % {"s": label},
        anchor="dossier",
    )


@login_required
@require_POST
def step_cancel(request, pk, record_id):
    candidate = _candidate(request, pk)
    record = selectors.step_get(actor=request.user, pk=record_id)
    if record.candidate_id != candidate.pk:
        raise Http404
    form = StepCancelForm(request.POST, actor=request.user, record_id=record.pk)
    return _apply(
        request,
        candidate,
        f"cancel{record.pk}",
        form,
        lambda data: services.candidate_step_cancel(actor=request.user, step=record, reason=data["reason"]),
        _("Đã hủy «%(s)s» ghi nhầm.") % {"s": record},
        anchor="dossier",
    )


@login_required
@require_POST
def introducer_add(request, pk, which):
    forms = {"member": MemberIntroducerForm, "body": BodyIntroducerForm}
    if which not in forms:
        raise Http404
    candidate = _candidate(request, pk)
    form = forms[which](request.POST, actor=request.user)
    return _apply(
        request,
        candidate,
        f"intro:{which}",
        form,
        lambda _data: services.introducer_add(actor=request.user, candidate=candidate, **form.service_kwargs()),
        _("Đã ghi nhận người giới thiệu."),
        anchor="introducers",
    )


@login_required
@require_POST
def introducer_remove(request, pk, introducer_id):
    candidate = _candidate(request, pk)
    introducer = selectors.introducer_get(actor=request.user, pk=introducer_id)
    if introducer.candidate_id != candidate.pk:
        raise Http404
    try:
        services.introducer_remove(actor=request.user, introducer=introducer)
    except DomainError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, _("Đã bỏ người giới thiệu %(n)s.") % {"n": introducer})
    return redirect("recruitment:detail", candidate.pk)


@login_required
@require_POST
def away_start(request, pk):
    candidate = _candidate(request, pk)
    return _apply(
        request,
        candidate,
        "away",
        AwayStartForm(request.POST, actor=request.user),
        lambda data: services.candidate_away_start(actor=request.user, candidate=candidate, **data),
        _("Đã ghi nhận %(n)s đi làm ăn xa.") % {"n": candidate.full_name},
    )


@login_required
@require_POST
def away_end(request, pk):
    candidate = _candidate(request, pk)
    return _apply(
        request,
        candidate,
        "back",
        AwayEndForm(request.POST, actor=request.user),
        lambda data: services.candidate_away_end(actor=request.user, candidate=candidate, **data),
        _("Đã ghi nhận %(n)s trở về địa phương.") % {"n": candidate.full_name},
    )


@login_required
@require_POST
def drop(request, pk):
    candidate = _candidate(request, pk)
    return _apply(
        request,
        candidate,
        "drop",
        DropForm(request.POST, actor=request.user),
        lambda data: services.candidate_drop(actor=request.user, candidate=candidate, **data),
        _("Đã dừng theo dõi %(n)s.") % {"n": candidate.full_name},
    )


@login_required
@require_POST
def resume(request, pk):
    candidate = _candidate(request, pk)
    try:
        services.candidate_resume(actor=request.user, candidate=candidate)
    except DomainError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, _("Đã theo dõi lại %(n)s.") % {"n": candidate.full_name})
    return redirect("recruitment:detail", candidate.pk)


@login_required
@require_POST
def admit(request, pk):
    """The admission decision: refused with every missing condition named, or the new probationary
    member's page."""
    candidate = _candidate(request, pk, Action.CREATE)
    form = AdmitForm(request.POST, actor=request.user)
    if form.is_valid():
        try:
            member = services.candidate_admit(actor=request.user, candidate=candidate, **form.cleaned_data)
        except DomainError as e:
            form.add_domain_error(e)
        else:
            messages.success(request, _("Đã kết nạp %(n)s (đảng viên dự bị).") % {"n": member.full_name})
            return redirect("members:detail", member.pk)
    return detail_page(request, candidate, bound=("admit", form))


urlpatterns = [
    path("<int:pk>/steps/<slug:step>/", step_record, name="step_record"),
    path("<int:pk>/records/<int:record_id>/cancel/", step_cancel, name="step_cancel"),
    path("<int:pk>/introducers/add/<slug:which>/", introducer_add, name="introducer_add"),
    path("<int:pk>/introducers/<int:introducer_id>/remove/", introducer_remove, name="introducer_remove"),
    path("<int:pk>/away/", away_start, name="away_start"),
    path("<int:pk>/away/end/", away_end, name="away_end"),
    path("<int:pk>/drop/", drop, name="drop"),
    path("<int:pk>/resume/", resume, name="resume"),
    path("<int:pk>/admit/", admit, name="admit"),
]
