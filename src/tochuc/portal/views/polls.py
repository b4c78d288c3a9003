"""Polls (Bình chọn): the public block filled in per request (`poll_block`, called by `portal.public` for the
poll markers), the public's vote, a poll's page with its results, the archive of polls; and the editorial
office's pages (list, create, edit, show or hide, close early, delete)."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tochuc.accounts.roles import Action
from tochuc.core.context import current_ip
from tochuc.core.errors import DomainError

from .. import cache as generations
from ..forms.polls import PollFilterForm, PollForm, VoteForm
from ..public import csrf_token, fill_markers, placeholder, public_page, skeleton, visitor
from ..selectors import polls as selectors
from ..selectors.site import menu_categories
from ..services import polls as services

VOTED_COOKIE = "tochuc_polls"
VOTED_KEEP = 30
PER_PAGE = 20
OFFICE_PER_PAGE = 30
REFUSAL_STATUS = {"voted": 409, "rate": 429}


# --- The public block and pages ---------------------------------------------------------------------------


def _voted_ids(request) -> list[int]:
    """The polls this browser voted on, as its cookie remembers them (only for showing the results: the vote
    itself is checked against the database)."""
    raw = request.COOKIES.get(VOTED_COOKIE, "")
    return [int(p) for p in raw.split(".") if p.isascii() and p.isdigit()][-VOTED_KEEP:]


def poll_block(request, *, poll_id: int | None = None) -> str:
    """The poll block in this visitor's state: the form while the poll is open and they have not voted; the
    live results once they voted or the poll closed; "no active poll" when there is none."""
    generation = getattr(request, "portal_generation", None) or generations.generation()
    if poll_id is None:
        info = selectors.current_poll(generation=generation)
    else:
        info = selectors.poll_info(pk=poll_id, generation=generation)
    single = poll_id is not None
    language = get_language()
    if info is None:
        return skeleton(
            ("poll-none", language, single), lambda: render_to_string("portal/_poll.html", {"single": single})
        )
    user = request.user if getattr(request, "user", None) is not None and request.user.is_authenticated else None
    voted = info.id in _voted_ids(request)
    if not voted and user is not None:
        voted = selectors.poll_has_voted(poll_id=info.id, voter=visitor(request).voter, user=user)
    closed = info.is_closed()
    if voted or closed:
        results = selectors.poll_results(poll_id=info.id)
        ctx = {"poll": info, "single": single, "voted": voted, "closed": closed, "results": results}
        return render_to_string("portal/_poll.html", ctx, request=request)
    # The form is the same for every visitor but for the CSRF token and the page to come back to.
    form = skeleton(
        ("poll-form", generation, info.id, language, single),
        lambda: render_to_string(
            "portal/_poll.html",
            {"poll": info, "single": single, "csrf_token": placeholder("csrf"), "next": placeholder("next")},
        ),
    )
    return form.replace(placeholder("csrf"), csrf_token(request)).replace(
        placeholder("next"), escape(request.get_full_path())
    )


def _public_ctx(**extra) -> dict:
    from .site import site_name

    return {"site_name": site_name(), "menu": menu_categories(), **extra}


@require_GET
@public_page
def poll_archive(request):
    """The polls the public may see, the open ones first then the past ones, newest first."""
    page = Paginator(selectors.poll_archive(), PER_PAGE).get_page(request.GET.get("page"))
    now = timezone.now()
    for p in page.object_list:
        p.state = selectors.poll_state(p, now)
    return render(
        request,
        "portal/poll_list.html",
        _public_ctx(
            page_obj=page,
            canonical=request.build_absolute_uri(reverse("portal:polls")),
            description=_("Các cuộc bình chọn trên cổng thông tin và kết quả."),
        ),
    )


def _poll_page(request, poll, *, error: str = "", status: int = 200):
    return render(
        request,
        "portal/poll_detail.html",
        _public_ctx(
            poll=poll,
            state=selectors.poll_state(poll),
            error=error,
            canonical=request.build_absolute_uri(reverse("portal:poll", args=[poll.pk])),
            description=poll.question,
        ),
        status=status,
    )


@require_GET
@public_page
def poll_detail(request, pk):
    """A poll's own page: its question and dates, the form or the live results."""
    return _poll_page(request, selectors.poll_public_get(pk=pk))


def _back(request, pk: int, given: str) -> str:
    if given and url_has_allowed_host_and_scheme(given, {request.get_host()}, require_https=request.is_secure()):
        return given
    return reverse("portal:poll", args=[pk])


@require_POST
def poll_vote(request, pk):
    """The public's vote (CSRF-protected like every POST). Back to the page it came from, where the block now
    shows the results; a refusal is shown on the poll's page, in Vietnamese."""
    form = VoteForm(request.POST)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    vid = visitor(request)
    try:
        services.poll_vote(
            poll_id=pk,
            option_id=data.get("option"),
            # A browser that sent no visitor cookie cannot be held to one vote: refused.
            voter="" if vid.new else vid.voter,
            user=request.user,
            ip=current_ip.get() or request.META.get("REMOTE_ADDR"),
        )
    except DomainError as e:
        if e.code == "not_found":
            raise Http404 from None
        from ..models import Poll

        poll = Poll.objects.filter(pk=pk, is_active=True).first()
        if poll is None:
            raise Http404 from None
        response = _poll_page(request, poll, error=e.message, status=REFUSAL_STATUS.get(e.code or "", 400))
        return fill_markers(request, response)
    response = redirect(_back(request, pk, data.get("next") or "") + "#poll")
    voted = [i for i in _voted_ids(request) if i != pk] + [pk]
    response.set_cookie(
        VOTED_COOKIE,
        ".".join(str(i) for i in voted[-VOTED_KEEP:]),
        max_age=365 * 24 * 3600,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response


# --- The editorial office --------------------------------------------------------------------------------------


def _office_ctx(request, **extra) -> dict:
    user = request.user
    return {
        "nav": "portal",
        "tab": "polls",
        "poll_list_url": reverse("portal:office_polls"),
        "can_write": user.can(Action.WRITE_NEWS),
        "can_publish": user.can(Action.PUBLISH_NEWS),
        **extra,
    }


@login_required
@require_GET
def office_polls(request):
    form = PollFilterForm(request.GET or None)
    qs = selectors.poll_list(actor=request.user, **form.selector_kwargs())
    page = Paginator(qs, OFFICE_PER_PAGE).get_page(request.GET.get("page"))
    now = timezone.now()
    for p in page.object_list:
        p.state = selectors.poll_state(p, now)
    return render(request, "portal/poll_office_list.html", _office_ctx(request, form=form, page_obj=page))


def _form_page(request, form, save, title, poll=None):
    if request.method == "POST" and form.is_valid():
        try:
            return save(form)
        except DomainError as e:
            form.add_domain_error(e)
    return render(
        request,
        "portal/poll_office_form.html",
        _office_ctx(request, form=form, title=title, poll=poll),
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def office_poll_create(request):
    if not request.user.can(Action.WRITE_NEWS):
        raise PermissionDenied
    now = timezone.localtime().replace(second=0, microsecond=0)
    initial = {"opens_at": now, "closes_at": now + timedelta(days=30)}
    form = PollForm(request.POST or None, actor=request.user, initial=initial)

    def save(form):
        poll = services.poll_create(actor=request.user, **form.values())
        messages.success(request, _("Đã tạo bình chọn «%(q)s».") % {"q": poll.question})
        return redirect("portal:office_poll", poll.pk)

    return _form_page(request, form, save, _("Tạo bình chọn"))


@login_required
@require_http_methods(["GET", "POST"])
def office_poll_edit(request, pk):
    poll = selectors.poll_get(actor=request.user, pk=pk)
    initial = {
        "question": poll.question,
        "opens_at": timezone.localtime(poll.opens_at),
        "closes_at": timezone.localtime(poll.closes_at),
        "options": "\n".join(o.text for o in poll.options.all()),
    }
    form = PollForm(request.POST or None, actor=request.user, initial=initial, creating=False)

    def save(form):
        services.poll_update(actor=request.user, poll=poll, **form.values())
        messages.success(request, _("Đã lưu thay đổi."))
        return redirect("portal:office_poll", poll.pk)

    return _form_page(request, form, save, _("Sửa bình chọn"), poll)


@login_required
@require_GET
def office_poll(request, pk):
    poll = selectors.poll_get(actor=request.user, pk=pk)
    state = selectors.poll_state(poll)
    return render(
        request,
        "portal/poll_office_detail.html",
        _office_ctx(
            request,
            poll=poll,
            state=state,
            results=selectors.poll_results(poll_id=poll.pk),
            summary=selectors.poll_vote_summary(poll=poll),
            public=poll.is_active and state != "upcoming",
        ),
    )


def _action(request, pk, service, done: str):
    poll = selectors.poll_get(actor=request.user, pk=pk)
    try:
        service(actor=request.user, poll=poll)
    except DomainError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, done)
    return poll


@login_required
@require_POST
def office_poll_show(request, pk):
    _action(request, pk, services.poll_show, _("Bình chọn đã được cho hiển thị trên cổng thông tin."))
    return redirect("portal:office_poll", pk)


@login_required
@require_POST
def office_poll_hide(request, pk):
    _action(request, pk, services.poll_hide, _("Đã ẩn bình chọn khỏi cổng thông tin."))
    return redirect("portal:office_poll", pk)


@login_required
@require_POST
def office_poll_close(request, pk):
    _action(request, pk, services.poll_close, _("Đã đóng bình chọn."))
    return redirect("portal:office_poll", pk)


@login_required
@require_POST
def office_poll_delete(request, pk):
    poll = selectors.poll_get(actor=request.user, pk=pk)
    try:
        services.poll_delete(actor=request.user, poll=poll)
    except DomainError as e:
        messages.error(request, e.message)
        return redirect("portal:office_poll", pk)
    messages.success(request, _("Đã xóa bình chọn."))
    return redirect("portal:office_polls")


urlpatterns = [
    path("binh-chon/", poll_archive, name="polls"),
    path("binh-chon/<int:pk>/", poll_detail, name="poll"),
    path("binh-chon/<int:pk>/vote/", poll_vote, name="poll_vote"),
    path("office/polls/", office_polls, name="office_polls"),
    path("office/polls/new/", office_poll_create, name="office_poll_create"),
    path("office/polls/<int:pk>/", office_poll, name="office_poll"),
    path("office/polls/<int:pk>/edit/", office_poll_edit, name="office_poll_edit"),
    path("office/polls/<int:pk>/show/", office_poll_show, name="office_poll_show"),
    path("office/polls/<int:pk>/hide/", office_poll_hide, name="office_poll_hide"),
    path("office/polls/<int:pk>/close/", office_poll_close, name="office_poll_close"),
    path("office/polls/<int:pk>/delete/", office_poll_delete, name="office_poll_delete"),
]
