"""A candidate's page (the record, the dossier as a checklist, the introducers, the conditions of the
admission, and every form that records the next step), and the forms that create and edit the record."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from tochuc.accounts.roles import Action
from tochuc.core.errors import DomainError
from tochuc.core.scope import require
from tochuc.orgs import selectors as org_selectors

from .. import selectors, services
from ..forms import (
    AdmitForm,
    AwayEndForm,
    AwayStartForm,
    BodyIntroducerForm,
    CandidateCreateForm,
    CandidateForm,
    DropForm,
    MemberIntroducerForm,
    StepCancelForm,
    StepForm,
)
from ..models import Candidate, Stage


def detail_page(request, candidate: Candidate, *, bound=None, status: int = 200):
    """The candidate's page. `bound` is the one form a POST failed with (its errors shown beside its fields,
    its panel open); every other form is shown empty."""
    actor = request.user
    progress = selectors.candidate_progress(actor=actor, candidate=candidate)
    developing = candidate.stage == Stage.DEVELOPING
    can_edit = developing and actor.can(Action.EDIT)
    can_admit = developing and actor.can(Action.CREATE)

    def form(cls, key, **kwargs):
        if bound is not None and bound[0] == key:
            return bound[1]
        return cls(actor=actor, **kwargs) if can_edit else None

    rows = []
    for line in progress.lines:
        history = [
            (
                record,
                form(StepCancelForm, f"cancel{record.pk}", record_id=record.pk) if not record.cancelled_at else None,
            )
            for record in line.history
        ]
        step_form = form(StepForm, f"step:{line.step}", step=line.step) if line.needed else None
        rows.append({"line": line, "form": step_form, "history": history})
    # The admission's form is offered once every condition is met (the panel says what is missing before).
    admit_form = AdmitForm(actor=actor) if can_admit and progress.eligibility.ok else None
    if bound is not None and bound[0] == "admit":
        admit_form = bound[1]
    # A union committee introduces only its own members: its form is offered to them.
    body_needed = candidate.youth_union_member or candidate.trade_union_member
    body_bound = bound is not None and bound[0] == "intro:body"
    return render(
        request,
        "recruitment/detail.html",
        {
            "nav": "recruitment",
            "candidate": candidate,
            "progress": progress,
            "eligibility": progress.eligibility,
            "rows": rows,
            "can_edit": can_edit,
            "can_resume": candidate.stage == Stage.DROPPED and actor.can(Action.EDIT),
            "member_intro_form": form(MemberIntroducerForm, "intro:member"),
            "body_intro_form": form(BodyIntroducerForm, "intro:body") if body_needed or body_bound else None,
            "away_form": form(AwayStartForm, "away") if not candidate.away_kind else None,
            "back_form": form(AwayEndForm, "back") if candidate.away_kind else None,
            "drop_form": form(DropForm, "drop"),
            "admit_form": admit_form,
            "open_panel": bound[0] if bound is not None else "",
            "breadcrumbs": org_selectors.org_breadcrumbs(actor=actor, org=candidate.org),
        },
        status=status,
    )


@login_required
@require_GET
def detail(request, pk):
    candidate = selectors.candidate_get(actor=request.user, pk=pk)
    return detail_page(request, candidate)


def _form_page(request, form, save, title, candidate=None):
    """Validate, call the service, show its refusal next to the field it names."""
    if request.method == "POST" and form.is_valid():
        try:
            return save(form)
        except DomainError as e:
            form.add_domain_error(e)
    context = {"nav": "recruitment", "form": form, "title": title, "candidate": candidate}
    if candidate is not None:
        context["breadcrumbs"] = org_selectors.org_breadcrumbs(actor=request.user, org=candidate.org)
    return render(request, "recruitment/form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def create(request):
    """Put a person on an org's list of candidates; the org is typed by its code, inside the scope."""
    require(request.user, Action.CREATE)
    initial = {}
    code = request.GET.get("org", "").strip()
    if code:
        initial["org"] = org_selectors.org_get(actor=request.user, code=code).code
    form = CandidateCreateForm(request.POST or None, actor=request.user, initial=initial)

    def save(form):
        values = form.values()
        candidate = services.candidate_create(
            actor=request.user,
            org=values.pop("org"),
            full_name=values.pop("full_name"),
            sex=values.pop("sex"),
            birth_date=values.pop("birth_date"),
            listed_on=values.pop("listed_on"),
            **values,
        )
        messages.success(request, _("Đã đưa %(n)s vào danh sách quần chúng ưu tú.") % {"n": candidate.full_name})
        return redirect("recruitment:detail", candidate.pk)

    return _form_page(request, form, save, _("Thêm quần chúng ưu tú"))


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk):
    candidate = selectors.candidate_get(actor=request.user, pk=pk, action=Action.EDIT)
    # The org is editable too: a candidate who moves (or whose cell is to be split) goes to another cell.
    initial = {name: getattr(candidate, name) for name in CandidateForm.base_fields} | {"org": candidate.org.code}
    form = CandidateCreateForm(request.POST or None, actor=request.user, initial=initial)

    def save(form):
        services.candidate_update(actor=request.user, candidate=candidate, **form.values())
        messages.success(request, _("Đã lưu thay đổi."))
        return redirect("recruitment:detail", candidate.pk)

    return _form_page(request, form, save, _("Sửa thông tin %(n)s") % {"n": candidate.full_name}, candidate)


urlpatterns = [
    path("new/", create, name="create"),
    path("<int:pk>/", detail, name="detail"),
    path("<int:pk>/edit/", edit, name="edit"),
]
