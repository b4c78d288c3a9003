"""Campaign pages: the list (filtered, with the progress inside the user's scope and the flag of two years
"not completed"), a campaign opened or edited, its page with the progress by sub-org, the subjects listed, the
campaign closed or reopened."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tochuc.accounts.roles import Action
from tochuc.core.errors import DomainError
from tochuc.core.scope import in_scope, require, root_path
from tochuc.orgs import selectors as org_selectors

from ..choices import CampaignStatus, Rating, Stage, SubjectKind
from ..forms.campaigns import CampaignEditForm, CampaignFilterForm, CampaignForm, CloseForm, EnlistForm, ReasonForm
from ..selectors import campaigns as selectors
from ..services import campaigns as services

PER_PAGE = 30
LEVELS = [Rating.EXCELLENT, Rating.GOOD, Rating.COMPLETED, Rating.NOT_COMPLETED]


def ctx(**extra) -> dict:
    return {"nav": "ratings", "tab": "campaigns", **extra}


@login_required
@require_GET
def campaign_list(request):
    actor = request.user
    require(actor, Action.LIST)
    form = CampaignFilterForm(request.GET or None)
    org = org_selectors.org_from_query(actor=actor, params=request.GET)
    qs = selectors.campaign_list(actor=actor, org=org, **form.selector_kwargs())
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    campaigns = list(page.object_list)
    flags = selectors.repeated_failures(actor=actor, campaigns=campaigns)
    rows = [(c, services.period_label(c), flags.get(c.pk, 0)) for c in campaigns]
    return render(
        request,
        "ratings/campaign_list.html",
        ctx(form=form, org=org, page_obj=page, rows=rows, can_create=actor.can(Action.CREATE)),
    )


@login_required
@require_http_methods(["GET", "POST"])
def campaign_create(request):
    actor = request.user
    require(actor, Action.CREATE)
    initial = {"org": actor.org.code} if actor.org_id else {}
    form = CampaignForm(request.POST or None, actor=actor, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.campaign_open(actor=actor, **form.values())
        except DomainError as e:
            form.add_domain_error(e)
        else:
            messages.success(request, _("Đã mở đợt «%(t)s». Lập danh sách đối tượng đánh giá.") % {"t": campaign.title})
            return redirect("ratings:enlist", campaign.pk)
    return render(
        request,
        "ratings/campaign_form.html",
        ctx(form=form, title=_("Mở đợt đánh giá, xếp loại chất lượng")),
        status=400 if form.errors else 200,
    )


def _campaign_for_write(request, pk: int, action: str = Action.EDIT):
    campaign = selectors.campaign_get(actor=request.user, pk=pk)
    require(request.user, action, campaign.org.path)
    return campaign


@login_required
@require_http_methods(["GET", "POST"])
def campaign_edit(request, pk: int):
    actor = request.user
    campaign = _campaign_for_write(request, pk)
    fields = ("title", "basis", "starts_on", "self_due_on", "decision_due_on")
    form = CampaignEditForm(request.POST or None, actor=actor, initial={f: getattr(campaign, f) for f in fields})
    if request.method == "POST" and form.is_valid():
        try:
            services.campaign_update(actor=actor, campaign=campaign, **form.cleaned_data)
        except DomainError as e:
            form.add_domain_error(e)
        else:
            messages.success(request, _("Đã lưu đợt đánh giá."))
            return redirect("ratings:campaign", campaign.pk)
    return render(
        request,
        "ratings/campaign_form.html",
        ctx(form=form, campaign=campaign, title=_("Sửa đợt «%(t)s»") % {"t": campaign.title}),
        status=400 if form.errors else 200,
    )


@login_required
@require_GET
def campaign_detail(request, pk: int):
    actor = request.user
    campaign = selectors.campaign_get(actor=actor, pk=pk)
    org = org_selectors.org_from_query(actor=actor, params=request.GET)
    point = selectors.viewpoint(actor=actor, campaign=campaign, org=org)
    kind = request.GET.get("kind") if request.GET.get("kind") in SubjectKind.values else SubjectKind.MEMBER
    progress = selectors.campaign_progress(actor=actor, campaign=campaign, org=point, kind=kind)
    root = root_path(actor) or ""
    breadcrumbs = [
        o for o in org_selectors.org_breadcrumbs(actor=actor, org=point) if o.path.startswith(campaign.org.path)
    ]
    is_open = campaign.status == CampaignStatus.OPEN
    return render(
        request,
        "ratings/campaign_detail.html",
        ctx(
            campaign=campaign,
            period=services.period_label(campaign),
            params=services.campaign_params(campaign),
            point=point,
            breadcrumbs=breadcrumbs,
            progress=progress,
            kind=kind,
            stages=Stage.choices,
            levels=[(lv, Rating(lv).label) for lv in LEVELS],
            whole=campaign.org.path.startswith(root),
            can_enlist=is_open and actor.can(Action.CREATE),
            can_edit=in_scope(actor, campaign.org.path) and actor.can(Action.EDIT),
            is_open=is_open,
            close_form=CloseForm(actor=actor) if is_open else None,
            reopen_form=ReasonForm(actor=actor) if not is_open else None,
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def campaign_enlist(request, pk: int):
    actor = request.user
    campaign = selectors.campaign_get(actor=actor, pk=pk)
    require(actor, Action.CREATE)
    default_under = campaign.org if in_scope(actor, campaign.org.path) else actor.org
    form = EnlistForm(request.POST or None, actor=actor, initial={"under": default_under.code if default_under else ""})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = services.entries_enlist(
                actor=actor,
                campaign=campaign,
                under=data["under"] or default_under,
                org_types=data["org_types"],
                members=data["members"],
                include_exempted=data["include_exempted"],
            )
        except DomainError as e:
            form.add_domain_error(e)
        else:
            msg = _("Đã thêm vào danh sách %(o)s tổ chức đảng, %(m)s đảng viên.") % {
                "o": result.orgs,
                "m": result.members,
            }
            if result.elsewhere:
                msg += " " + _("%(n)s đảng viên đã được đánh giá cùng kỳ ở đợt khác nên không thêm.") % {
                    "n": result.elsewhere
                }
            messages.success(request, msg)
            return redirect("ratings:campaign", campaign.pk)
    return render(
        request,
        "ratings/campaign_enlist.html",
        ctx(form=form, campaign=campaign, period=services.period_label(campaign)),
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def campaign_close(request, pk: int):
    actor = request.user
    campaign = _campaign_for_write(request, pk)
    form = CloseForm(request.POST, actor=actor)
    if form.is_valid():
        try:
            services.campaign_close(actor=actor, campaign=campaign, **form.cleaned_data)
        except DomainError as e:
            form.add_domain_error(e)
        else:
            messages.success(request, _("Đã kết thúc đợt «%(t)s».") % {"t": campaign.title})
            return redirect("ratings:campaign", campaign.pk)
    return render(
        request,
        "ratings/campaign_close.html",
        ctx(form=form, campaign=campaign, period=services.period_label(campaign)),
        status=400,
    )


@login_required
@require_POST
def campaign_reopen(request, pk: int):
    actor = request.user
    campaign = _campaign_for_write(request, pk)
    form = ReasonForm(request.POST, actor=actor)
    if form.is_valid():
        try:
            services.campaign_reopen(actor=actor, campaign=campaign, reason=form.cleaned_data["reason"])
        except DomainError as e:
            form.add_domain_error(e)
        else:
            messages.success(request, _("Đã mở lại đợt «%(t)s».") % {"t": campaign.title})
            return redirect("ratings:campaign", campaign.pk)
    return render(
        request,
        "ratings/campaign_close.html",
        ctx(form=form, campaign=campaign, period=services.period_label(campaign), reopening=True),
        status=400,
    )


def campaign_url(campaign) -> str:
    return reverse("ratings:campaign", args=[campaign.pk])


urlpatterns = [
    path("", campaign_list, name="list"),
    path("new/", campaign_create, name="campaign_create"),
    path("<int:pk>/", campaign_detail, name="campaign"),
    path("<int:pk>/edit/", campaign_edit, name="campaign_edit"),
    path("<int:pk>/enlist/", campaign_enlist, name="enlist"),
    path("<int:pk>/close/", campaign_close, name="close"),
    path("<int:pk>/reopen/", campaign_reopen, name="campaign_reopen"),
]
