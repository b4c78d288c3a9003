"""Planning pages: the posts under an org with their planned names for a term, coverage and flags (and its
Excel list); adding a name; one post's yearly review, every name judged again today, with the forms to add
and to take a name off."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
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
from tochuc.core.forms import query_id
from tochuc.core.scope import require
from tochuc.orgs import selectors as org_selectors

from ..forms.planning import PlanningAddForm, PlanningFilterForm, PlanningRemoveForm
from ..selectors import planning as selectors
from ..selectors.people import cadre_get
from ..selectors.posts import post_get
from ..services import planning as services

PER_PAGE = 30


@login_required
@require_GET
def planning_list(request):
    form = PlanningFilterForm(request.GET or None)
    org = org_selectors.org_from_query(actor=request.user, params=request.GET)
    term = form.term_value()
    qs = selectors.planning_posts(actor=request.user, org=org, term=term, **form.selector_kwargs())
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    try:
        rows = selectors.planning_rows(posts=list(page.object_list), term=term)
        missing_rules = ""
    except DomainError as e:
        rows, missing_rules = [], e.message
    return render(
        request,
        "cadres/planning_list.html",
        {
            "nav": "cadres",
            "tab": "planning",
            "form": form,
            "org": org,
            "term": term,
            "page_obj": page,
            "rows": rows,
            "missing_rules": missing_rules,
            "coverage": selectors.planning_coverage(actor=request.user, org=org, term=term),
            "can_create": request.user.can(Action.CREATE),
            "can_export": request.user.can(Action.EXPORT),
        },
    )


HEADERS = [
    gettext_lazy("STT"),
    gettext_lazy("Chức vụ"),
    gettext_lazy("Tổ chức"),
    gettext_lazy("Họ và tên"),
    gettext_lazy("Ngày sinh"),
    gettext_lazy("Chức vụ hiện nay, đơn vị"),
    gettext_lazy("Ngày đưa vào quy hoạch"),
    gettext_lazy("Số quyết định"),
    gettext_lazy("Lưu ý khi rà soát"),
]
WIDTHS = [6, 32, 28, 26, 12, 30, 14, 16, 60]


@login_required
@require_GET
def planning_export(request):
    """Every name on the lists of `term` under the org, with what no longer meets a condition (.xlsx)."""
    form = PlanningFilterForm(request.GET or None)
    org = org_selectors.org_from_query(actor=request.user, params=request.GET)
    require(request.user, Action.EXPORT)
    term = form.term_value()
    today = timezone.localdate()
    try:
        judged = selectors.planning_export_rows(actor=request.user, org=org, term=term, on=today)
    except DomainError as e:
        messages.error(request, e.message)
        return redirect(reverse("cadres:planning"))
    rows = (
        [
            i,
            j.entry.post.name,
            j.entry.post.org.name,
            j.entry.cadre.full_name,
            j.entry.cadre.birth_date.strftime("%d/%m/%Y"),
            j.entry.cadre.work_unit,
            j.entry.added_on.strftime("%d/%m/%Y"),
            j.entry.decision_no,
            " ".join(f"{c.label}: {c.reason}" for c in j.eligibility.checks if not c.ok),
        ]
        for i, j in enumerate(judged, start=1)
    )
    return xlsx_response(
        f"quy-hoach-{term}-{org.code if org else 'tat-ca'}-{today:%Y%m%d}",
        title=_("DANH SÁCH QUY HOẠCH CÁN BỘ NHIỆM KỲ %(t)s") % {"t": term},
        subtitle=(org.name + ". " if org else "") + _("Rà soát đến ngày %(d)s.") % {"d": today.strftime("%d/%m/%Y")},
        headers=[str(h) for h in HEADERS],
        rows=rows,
        widths=WIDTHS,
    )


@login_required
@require_http_methods(["GET", "POST"])
def planning_add(request):
    """Add a name to a post's list (the post typed in, or given by ?post=pk from the review page)."""
    require(request.user, Action.CREATE)
    initial = {"added_on": timezone.localdate()}
    if (post_pk := query_id(request.GET, "post")) is not None:
        initial["post"] = post_get(actor=request.user, pk=post_pk)
    if (cadre_pk := query_id(request.GET, "cadre")) is not None:
        initial["cadre"] = cadre_get(actor=request.user, pk=cadre_pk)
    form = PlanningAddForm(request.POST or None, actor=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.planning_add(actor=request.user, **form.values())
        except DomainError as e:
            form.add_domain_error(e)
        else:
            messages.success(
                request,
                _("Đã đưa %(n)s vào quy hoạch %(p)s nhiệm kỳ %(t)s.")
                % {"n": entry.cadre.full_name, "p": entry.post.name, "t": entry.term},
            )
            return redirect("cadres:planning_review", entry.post_id)
    return render(
        request,
        "cadres/planning_form.html",
        {"nav": "cadres", "tab": "planning", "form": form, "title": _("Đưa cán bộ vào quy hoạch")},
        status=400 if form.errors else 200,
    )


def review_page(request, post, *, bound=None, status: int = 200):
    """The yearly review of one post. `bound` = (key, form) is the form a POST failed with."""
    actor = request.user
    review = selectors.planning_review(actor=actor, post=post)
    can_edit = actor.can(Action.EDIT) and post.closed_on is None
    can_add = actor.can(Action.CREATE) and post.closed_on is None

    def form(cls, key, **kwargs):
        if bound is not None and bound[0] == key:
            return bound[1]
        return cls(actor=actor, **kwargs)

    add_form = (
        form(PlanningAddForm, "add", post=post, initial={"added_on": review.on, "term": review.terms[-1].term})
        if can_add
        else None
    )
    terms = [
        {
            "list": t,
            "rows": [(j, form(PlanningRemoveForm, f"remove{j.entry.pk}") if can_edit else None) for j in t.rows],
        }
        for t in review.terms
    ]
    shown = [add_form, *(f for t in terms for _j, f in t["rows"])]
    if bound is not None and not any(f is bound[1] for f in shown if f is not None):
        # the refused form is no longer on the page (a name removed twice): its errors still say why
        for errors in bound[1].errors.values():
            for error in errors:
                messages.error(request, error)
    return render(
        request,
        "cadres/planning_review.html",
        {
            "nav": "cadres",
            "tab": "planning",
            "post": post,
            "review": review,
            "terms": terms,
            "add_form": add_form,
            "open_panel": bound[0] if bound is not None else "",
            "breadcrumbs": org_selectors.org_breadcrumbs(actor=actor, org=post.org),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def planning_review(request, pk):
    post = post_get(actor=request.user, pk=pk)
    if request.method == "GET":
        return review_page(request, post)
    # a name added from the review page: the post is this one
    require(request.user, Action.CREATE, post.org.path)
    form = PlanningAddForm(request.POST, actor=request.user, post=post)
    if form.is_valid():
        try:
            entry = services.planning_add(actor=request.user, **form.values())
        except DomainError as e:
            form.add_domain_error(e)
        else:
            messages.success(
                request, _("Đã đưa %(n)s vào quy hoạch nhiệm kỳ %(t)s.") % {"n": entry.cadre.full_name, "t": entry.term}
            )
            return redirect("cadres:planning_review", post.pk)
    return review_page(request, post, bound=("add", form), status=400)


@login_required
@require_POST
def planning_remove(request, pk):
    entry = selectors.planning_entry_get(actor=request.user, pk=pk, action=Action.EDIT)
    form = PlanningRemoveForm(request.POST, actor=request.user)
    if form.is_valid():
        try:
            services.planning_remove(actor=request.user, entry=entry, **form.cleaned_data)
        except DomainError as e:
            form.add_domain_error(e)
        else:
            messages.success(request, _("Đã đưa %(n)s ra khỏi quy hoạch.") % {"n": entry.cadre.full_name})
            return redirect("cadres:planning_review", entry.post_id)
    return review_page(request, entry.post, bound=(f"remove{entry.pk}", form), status=400)


urlpatterns = [
    path("planning/", planning_list, name="planning"),
    path("planning/export/", planning_export, name="planning_export"),
    path("planning/new/", planning_add, name="planning_add"),
    path("planning/<int:pk>/remove/", planning_remove, name="planning_remove"),
    path("planning/posts/<int:pk>/", planning_review, name="planning_review"),
]
