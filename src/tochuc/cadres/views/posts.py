"""Posts by org with their holders and vacancies, a post's page (holders, history, giving the post, ending a
tenure), the post's record and closing, and the movements (rotation, transfer, secondment) with their
start and return."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tochuc.accounts.roles import Action
from tochuc.core.errors import DomainError
from tochuc.core.scope import in_scope, require
from tochuc.orgs import selectors as org_selectors

from ..choices import MovementKind
from ..forms.posts import (
    MovementEndForm,
    MovementFilterForm,
    MovementStartForm,
    PostCloseForm,
    PostEditForm,
    PostFilterForm,
    PostForm,
    TenureEndForm,
    TenureStartForm,
    post_option,
)
from ..selectors import people as people_selectors
from ..selectors import posts as selectors
from ..services import posts as services

PER_PAGE = 50


@login_required
@require_GET
def post_list(request):
    form = PostFilterForm(request.GET or None)
    org = org_selectors.org_from_query(actor=request.user, params=request.GET)
    qs = selectors.post_list(actor=request.user, org=org, **form.selector_kwargs())
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "cadres/posts_list.html",
        {
            "nav": "cadres",
            "tab": "posts",
            "form": form,
            "org": org,
            "page_obj": page,
            "can_create": request.user.can(Action.CREATE),
        },
    )


@login_required
@require_GET
def post_lookup(request):
    """Suggestions (datalist options) for a post box: open posts in the actor's scope."""
    require(request.user, Action.LIST)
    q = next((v for v in request.GET.values() if v), "").strip()
    found = list(selectors.post_list(actor=request.user, q=q)[:15]) if len(q) >= 2 else []
    return render(request, "cadres/posts_options.html", {"options": [(post_option(p), p) for p in found]})


def _form_page(request, form, save, title, post=None):
    if request.method == "POST" and form.is_valid():
        try:
            return save(form)
        except DomainError as e:
            form.add_domain_error(e)
    return render(
        request,
        "cadres/posts_form.html",
        {"nav": "cadres", "tab": "posts", "form": form, "title": title, "post": post},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def post_create(request):
    require(request.user, Action.CREATE)
    org = org_selectors.org_from_query(actor=request.user, params=request.GET)
    initial = {"org": org.code if org else (request.user.org.code if request.user.org_id else "")}
    form = PostForm(request.POST or None, actor=request.user, initial=initial)

    def save(form):
        post = services.post_create(actor=request.user, **form.values())
        messages.success(request, _("Đã thêm chức vụ %(n)s.") % {"n": post.name})
        return redirect("cadres:post_detail", post.pk)

    return _form_page(request, form, save, _("Thêm chức vụ"))


@login_required
@require_http_methods(["GET", "POST"])
def post_edit(request, pk):
    post = selectors.post_get(actor=request.user, pk=pk, action=Action.EDIT)
    initial = {name: getattr(post, name) for name in PostEditForm.base_fields if name != "org"}
    form = PostEditForm(request.POST or None, actor=request.user, initial=initial)

    def save(form):
        services.post_update(actor=request.user, post=post, **form.values())
        messages.success(request, _("Đã lưu thay đổi."))
        return redirect("cadres:post_detail", post.pk)

    return _form_page(request, form, save, _("Sửa chức vụ %(n)s") % {"n": post.name}, post)


def post_page(request, post, *, bound=None, status: int = 200):
    actor = request.user
    record = selectors.post_record(actor=actor, post=post)
    can_edit = actor.can(Action.EDIT) and post.closed_on is None

    def form(cls, key, **kwargs):
        if bound is not None and bound[0] == key:
            return bound[1]
        return cls(actor=actor, **kwargs) if can_edit else None

    holders = [(t, form(TenureEndForm, f"end{t.pk}", prefix=f"end{t.pk}")) for t in record.holders]
    return render(
        request,
        "cadres/posts_detail.html",
        {
            "nav": "cadres",
            "tab": "posts",
            "post": post,
            "record": record,
            "holders": holders,
            "can_edit": can_edit,
            "start_form": form(TenureStartForm, "start") if record.vacancies else None,
            "close_form": form(PostCloseForm, "close") if not record.holders else None,
            "open_panel": bound[0] if bound is not None else "",
            "breadcrumbs": org_selectors.org_breadcrumbs(actor=actor, org=post.org),
        },
        status=status,
    )


@login_required
@require_GET
def post_detail(request, pk):
    return post_page(request, selectors.post_get(actor=request.user, pk=pk))


@login_required
@require_POST
def post_close(request, pk):
    post = selectors.post_get(actor=request.user, pk=pk, action=Action.EDIT)
    form = PostCloseForm(request.POST, actor=request.user)
    if form.is_valid():
        try:
            services.post_close(actor=request.user, post=post, **form.cleaned_data)
        except DomainError as e:
            form.add_domain_error(e)
        else:
            messages.success(request, _("Đã bãi bỏ chức vụ."))
            return redirect("cadres:post_detail", post.pk)
    return post_page(request, post, bound=("close", form), status=400)


@login_required
@require_POST
def tenure_start(request, pk):
    post = selectors.post_get(actor=request.user, pk=pk, action=Action.EDIT)
    form = TenureStartForm(request.POST, actor=request.user)
    if form.is_valid():
        try:
            tenure = services.tenure_start(actor=request.user, post=post, **form.cleaned_data)
        except DomainError as e:
            form.add_domain_error(e)
        else:
            messages.success(request, _("Đã giao chức vụ cho %(n)s.") % {"n": tenure.cadre.full_name})
            return redirect("cadres:post_detail", post.pk)
    return post_page(request, post, bound=("start", form), status=400)


@login_required
@require_POST
def tenure_end(request, pk):
    tenure = selectors.tenure_get(actor=request.user, pk=pk)
    form = TenureEndForm(request.POST, actor=request.user, prefix=f"end{tenure.pk}")
    if form.is_valid():
        try:
            services.tenure_end(actor=request.user, tenure=tenure, **form.cleaned_data)
        except DomainError as e:
            form.add_domain_error(e)
        else:
            messages.success(request, _("Đã ghi nhận %(n)s thôi giữ chức vụ.") % {"n": tenure.cadre.full_name})
            if request.POST.get("next") == "cadre":
                return redirect("cadres:detail", tenure.cadre_id)
            return redirect("cadres:post_detail", tenure.post_id)
    return post_page(request, tenure.post, bound=(f"end{tenure.pk}", form), status=400)


# --- Movements --------------------------------------------------------------------------------------------


@login_required
@require_GET
def movement_list(request):
    form = MovementFilterForm(request.GET or None)
    org = org_selectors.org_from_query(actor=request.user, params=request.GET)
    today = timezone.localdate()
    qs = selectors.movement_list(actor=request.user, org=org, on=today, **form.selector_kwargs())
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    for m in page.object_list:
        m.overdue = selectors.overdue(m, today)
        m.can_end = selectors.movement_can_end(request.user, m)
        m.cadre_visible = in_scope(request.user, m.cadre.org.path)
    return render(
        request,
        "cadres/movements_list.html",
        {"nav": "cadres", "tab": "posts", "form": form, "org": org, "page_obj": page, "today": today},
    )


def _movement_page(request, cadre, form, *, status=200):
    return render(
        request,
        "cadres/movements_form.html",
        {"nav": "cadres", "tab": "people", "form": form, "cadre": cadre},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def movement_start(request, pk):
    cadre = people_selectors.cadre_get(actor=request.user, pk=pk, action=Action.EDIT)
    form = MovementStartForm(request.POST or None, actor=request.user)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.movement_start(actor=request.user, cadre=cadre, **form.cleaned_data)
            except DomainError as e:
                form.add_domain_error(e)
            else:
                kind = MovementKind(form.cleaned_data["kind"]).label.lower()
                messages.success(request, _("Đã ghi nhận %(k)s cán bộ.") % {"k": kind})
                return redirect("cadres:detail", cadre.pk)
        return _movement_page(request, cadre, form, status=400)
    return _movement_page(request, cadre, form)


@login_required
@require_http_methods(["GET", "POST"])
def movement_end(request, pk):
    movement = selectors.movement_get(actor=request.user, pk=pk)
    form = MovementEndForm(request.POST or None, actor=request.user)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.movement_end(actor=request.user, movement=movement, **form.cleaned_data)
            except DomainError as e:
                form.add_domain_error(e)
            else:
                messages.success(request, _("Đã ghi nhận kết thúc."))
                return redirect("cadres:detail", movement.cadre_id)
        status = 400
    else:
        status = 200
    return render(
        request,
        "cadres/movements_form.html",
        {"nav": "cadres", "tab": "posts", "form": form, "cadre": movement.cadre, "movement": movement},
        status=status,
    )


urlpatterns = [
    path("posts/", post_list, name="posts"),
    path("posts/lookup/", post_lookup, name="post_lookup"),
    path("posts/new/", post_create, name="post_create"),
    path("posts/<int:pk>/", post_detail, name="post_detail"),
    path("posts/<int:pk>/edit/", post_edit, name="post_edit"),
    path("posts/<int:pk>/close/", post_close, name="post_close"),
    path("posts/<int:pk>/give/", tenure_start, name="tenure_start"),
    path("tenures/<int:pk>/end/", tenure_end, name="tenure_end"),
    path("movements/", movement_list, name="movements"),
    path("<int:pk>/movement/", movement_start, name="movement_start"),
    path("movements/<int:pk>/end/", movement_end, name="movement_end"),
]
