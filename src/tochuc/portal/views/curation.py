"""What the office curates for the public face of the portal: the categories of the menu and the featured-events
block (add, change, order, hide, delete). Seen by the whole office; changed by whoever may publish (403
otherwise, as the services decide)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tochuc.accounts.roles import Action
from tochuc.core.errors import DomainError

from ..forms.curation import CategoryForm, EventForm
from ..models import Category, FeaturedEvent
from ..selectors import articles as selectors
from ..services import categories as category_services
from ..services import events as event_services
from .office import office_ctx


def _require_curator(user) -> None:
    selectors.require_office(user)
    if not user.can(Action.PUBLISH_NEWS):
        raise PermissionDenied


def _add_error(form, error: DomainError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


# --- Categories -----------------------------------------------------------------------------------------------


@login_required
@require_GET
def category_list(request):
    return render(
        request,
        "portal/office/category_list.html",
        office_ctx(request, categories=selectors.category_list(actor=request.user), tab="categories"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def category_form(request, pk=None):
    _require_curator(request.user)
    category = get_object_or_404(Category, pk=pk) if pk else None
    initial = (
        {
            "name": category.name,
            "description": category.description,
            "position": category.position,
            "is_active": category.is_active,
        }
        if category
        else {"is_active": True}
    )
    form = CategoryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = category_services.category_save(actor=request.user, category=category, **form.cleaned_data)
        except DomainError as e:
            _add_error(form, e)
        else:
            messages.success(request, _("Đã lưu chuyên mục «%(n)s».") % {"n": saved.name})
            return redirect("portal:category_list")
    return render(
        request,
        "portal/office/simple_form.html",
        office_ctx(
            request,
            form=form,
            title=_("Sửa chuyên mục") if category else _("Thêm chuyên mục"),
            back="portal:category_list",
            tab="categories",
        ),
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def category_move(request, pk):
    _require_curator(request.user)
    category_services.category_move(
        actor=request.user, category=get_object_or_404(Category, pk=pk), up=request.POST.get("direction") == "up"
    )
    return redirect("portal:category_list")


@login_required
@require_POST
def category_delete(request, pk):
    _require_curator(request.user)
    category = get_object_or_404(Category, pk=pk)
    try:
        category_services.category_delete(actor=request.user, category=category)
    except DomainError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, _("Đã xóa chuyên mục «%(n)s».") % {"n": category.name})
    return redirect("portal:category_list")


# --- Featured events ------------------------------------------------------------------------------------------


@login_required
@require_GET
def event_list(request):
    return render(
        request,
        "portal/office/event_list.html",
        office_ctx(request, events=selectors.event_list(actor=request.user), tab="events"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def event_form(request, pk=None):
    _require_curator(request.user)
    event = get_object_or_404(FeaturedEvent, pk=pk) if pk else None
    initial = (
        {
            "title": event.title,
            "starts_on": event.starts_on,
            "ends_on": event.ends_on,
            "article": event.article_id,
            "url": event.url,
            "position": event.position,
            "is_active": event.is_active,
        }
        if event
        else {"is_active": True}
    )
    articles = selectors.event_article_choices(keep=event.article if event else None)
    form = EventForm(request.POST or None, initial=initial, articles=articles)
    if request.method == "POST" and form.is_valid():
        try:
            saved = event_services.event_save(actor=request.user, event=event, **form.values())
        except DomainError as e:
            _add_error(form, e)
        else:
            messages.success(request, _("Đã lưu sự kiện «%(n)s».") % {"n": saved.title})
            return redirect("portal:event_list")
    return render(
        request,
        "portal/office/simple_form.html",
        office_ctx(
            request,
            form=form,
            title=_("Sửa sự kiện nổi bật") if event else _("Thêm sự kiện nổi bật"),
            back="portal:event_list",
            tab="events",
        ),
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def event_move(request, pk):
    _require_curator(request.user)
    event_services.event_move(
        actor=request.user, event=get_object_or_404(FeaturedEvent, pk=pk), up=request.POST.get("direction") == "up"
    )
    return redirect("portal:event_list")


@login_required
@require_POST
def event_delete(request, pk):
    _require_curator(request.user)
    event = get_object_or_404(FeaturedEvent, pk=pk)
    event_services.event_delete(actor=request.user, event=event)
    messages.success(request, _("Đã xóa sự kiện «%(n)s».") % {"n": event.title})
    return redirect("portal:event_list")


urlpatterns = [
    path("office/categories/", category_list, name="category_list"),
    path("office/categories/new/", category_form, name="category_create"),
    path("office/categories/<int:pk>/edit/", category_form, name="category_edit"),
    path("office/categories/<int:pk>/move/", category_move, name="category_move"),
    path("office/categories/<int:pk>/delete/", category_delete, name="category_delete"),
    path("office/events/", event_list, name="event_list"),
    path("office/events/new/", event_form, name="event_create"),
    path("office/events/<int:pk>/edit/", event_form, name="event_edit"),
    path("office/events/<int:pk>/move/", event_move, name="event_move"),
    path("office/events/<int:pk>/delete/", event_delete, name="event_delete"),
]
