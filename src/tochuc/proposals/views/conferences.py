"""Conference pages: the conferences an actor sees (their subtree's and the levels' above, with the counts of
the recommendations they see), a conference recorded or corrected, its page listing its recommendations,
and a recommendation raised at it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from tochuc.accounts.roles import Action
from tochuc.core.errors import DomainError
from tochuc.core.scope import in_scope, require
from tochuc.orgs import selectors as org_selectors

from ..forms.recommendations import ConferenceEditForm, ConferenceFilterForm, ConferenceForm, RaiseForm
from ..selectors import conferences as selectors
from ..selectors import proposals as proposal_selectors
from ..selectors import recommendations as rec_selectors
from ..services import conferences as services
from ..services import recommendations as rec_services

PER_PAGE = 50


def _ctx(**extra) -> dict:
    return {"nav": "proposals", "tab": "conferences", **extra}


@login_required
@require_GET
def conference_list(request):
    form = ConferenceFilterForm(request.GET or None)
    org = org_selectors.org_from_query(actor=request.user, params=request.GET)
    qs = selectors.conference_list(actor=request.user, org=org, **form.selector_kwargs())
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "proposals/conference_list.html",
        _ctx(form=form, org=org, page_obj=page, can_create=request.user.can(Action.CREATE)),
    )


@login_required
@require_http_methods(["GET", "POST"])
def conference_create(request):
    require(request.user, Action.CREATE)
    initial = {"held_on": timezone.localdate()}
    if request.user.org_id:
        initial["org"] = request.user.org.code
    form = ConferenceForm(request.POST or None, actor=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            conference = services.conference_create(actor=request.user, **form.values())
        except DomainError as e:
            form.add_domain_error(e)
        else:
            messages.success(request, _("Đã ghi nhận hội nghị."))
            return redirect("proposals:conference_detail", conference.pk)
    return render(
        request,
        "proposals/conference_form.html",
        _ctx(form=form, title=_("Ghi nhận hội nghị")),
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def conference_edit(request, pk):
    conference = selectors.conference_get(actor=request.user, pk=pk, action=Action.EDIT)
    initial = {
        "title": conference.title,
        "kind": conference.kind,
        "held_on": conference.held_on,
        "place": conference.place,
    }
    form = ConferenceEditForm(request.POST or None, actor=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.conference_update(actor=request.user, conference=conference, **form.values())
        except DomainError as e:
            form.add_domain_error(e)
        else:
            messages.success(request, _("Đã sửa thông tin hội nghị."))
            return redirect("proposals:conference_detail", conference.pk)
    return render(
        request,
        "proposals/conference_form.html",
        _ctx(form=form, conference=conference, title=_("Sửa thông tin hội nghị")),
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_GET
def conference_detail(request, pk):
    """A conference and the recommendations raised at it that the actor sees, with their status."""
    actor = request.user
    conference = selectors.conference_get(actor=actor, pk=pk)
    today = timezone.localdate()
    soon = proposal_selectors.soon_until(today)
    qs = rec_selectors.recommendation_list(actor=actor, conference=conference, today=today, soon_until=soon)
    page = Paginator(qs, 100).get_page(request.GET.get("page"))
    board = rec_selectors.recommendation_board(actor=actor, conference=conference, today=today)
    return render(
        request,
        "proposals/conference_detail.html",
        _ctx(
            conference=conference,
            page_obj=page,
            rows=rec_selectors.rows(page.object_list, today=today, soon_until=soon),
            totals=board.totals,
            by_topic=board.by_topic,
            can_edit=actor.can(Action.EDIT) and in_scope(actor, conference.org.path),
            can_raise=actor.can(Action.CREATE),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_raise(request, pk):
    """Record a recommendation raised at the conference, by an org of the actor's scope under its org."""
    actor = request.user
    conference = selectors.conference_get(actor=actor, pk=pk, action=Action.VIEW)
    require(actor, Action.CREATE)
    initial = {}
    if actor.org_id and actor.org.path.startswith(conference.org.path) and actor.org_id != conference.org_id:
        initial["raised_by"] = actor.org.code
    form = RaiseForm(request.POST or None, actor=actor, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            rec = rec_services.recommendation_raise(
                actor=actor, conference=conference, raised_by=d["raised_by"], topic=d["topic"], content=d["content"]
            )
        except DomainError as e:
            form.add_domain_error(e)
        else:
            messages.success(request, _("Đã ghi nhận kiến nghị số %(n)s.") % {"n": rec.number})
            if "again" in request.POST:
                return redirect("proposals:recommendation_raise", conference.pk)
            return redirect("proposals:conference_detail", conference.pk)
    return render(
        request,
        "proposals/recommendation_form.html",
        _ctx(form=form, conference=conference, tab="recommendations"),
        status=400 if request.method == "POST" else 200,
    )


urlpatterns = [
    path("conferences/", conference_list, name="conferences"),
    path("conferences/new/", conference_create, name="conference_create"),
    path("conferences/<int:pk>/", conference_detail, name="conference_detail"),
    path("conferences/<int:pk>/edit/", conference_edit, name="conference_edit"),
    path("conferences/<int:pk>/recommendations/new/", recommendation_raise, name="recommendation_raise"),
]
