"""A person's internal political protection page (a member, a cadre, a candidate): their verification cases
for everyone who sees the person; their restricted notes, with the forms to write and cancel one, for
RESTRICTED only (the read audited)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tochuc.accounts.roles import Action
from tochuc.core.errors import DomainError
from tochuc.orgs import selectors as org_selectors

from ..forms.cases import ReasonForm
from ..forms.notes import NoteForm
from ..models import RestrictedNote
from ..selectors import cases as case_selectors
from ..selectors import people as selectors
from ..services import notes as services
from ..services import reading


def person_page(request, person, *, note_form=None, status: int = 200):
    actor = request.user
    cases = case_selectors.person_cases(actor=actor, person=person)
    restricted = reading.can_read(actor)
    notes = reading.person_notes_read(actor=actor, person=person) if restricted else None
    can_write = restricted and actor.can(Action.CREATE)
    if can_write and note_form is None:
        note_form = NoteForm(actor=actor, cases=cases)
    return render(
        request,
        "protection/person_detail.html",
        {
            "nav": "protection",
            "tab": "cases",
            "person": person,
            "cases": case_selectors.mark(cases, timezone.localdate()),
            "notes": notes,
            "restricted": restricted,
            "note_form": note_form if can_write else None,
            "can_cancel": restricted and actor.can(Action.EDIT),
            "can_open": actor.can(Action.CREATE),
            "breadcrumbs": org_selectors.org_breadcrumbs(actor=actor, org=person.org),
        },
        status=status,
    )


@login_required
@require_GET
def person_detail(request, kind, pk):
    return person_page(request, selectors.person_get(actor=request.user, kind=kind, pk=pk))


@login_required
@require_POST
def note_add(request, kind, pk):
    person = selectors.person_get(actor=request.user, kind=kind, pk=pk, action=Action.CREATE)
    if not reading.can_read(request.user):
        raise PermissionDenied
    cases = case_selectors.person_cases(actor=request.user, person=person)
    form = NoteForm(request.POST, actor=request.user, cases=cases)
    if form.is_valid():
        try:
            services.note_add(actor=request.user, person=person, **form.cleaned_data)
        except DomainError as e:
            form.add_domain_error(e)
        else:
            messages.success(request, _("Đã ghi chép."))
            return redirect("protection:person", kind, pk)
    return person_page(request, person, note_form=form, status=400)


@login_required
@require_POST
def note_cancel(request, kind, pk, note_id):
    person = selectors.person_get(actor=request.user, kind=kind, pk=pk, action=Action.EDIT)
    if not reading.can_read(request.user):
        raise PermissionDenied
    note = get_object_or_404(RestrictedNote.objects.filter(person.records()), pk=note_id)
    form = ReasonForm(request.POST, actor=request.user, prefix=f"cancel{note.pk}")
    if form.is_valid():
        try:
            services.note_cancel(actor=request.user, note=note, reason=form.cleaned_data["reason"])
        except DomainError as e:
            messages.error(request, e.message)
        else:
            messages.success(request, _("Đã hủy ghi chép."))
    else:
        messages.error(request, _("Nhập lý do hủy."))
    return redirect("protection:person", kind, pk)


urlpatterns = [
    path("people/<slug:kind>/<int:pk>/", person_detail, name="person"),
    path("people/<slug:kind>/<int:pk>/notes/new/", note_add, name="note_add"),
    path("people/<slug:kind>/<int:pk>/notes/<int:note_id>/cancel/", note_cancel, name="note_cancel"),
]
