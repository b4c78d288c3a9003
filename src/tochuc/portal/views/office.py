"""The editorial office's article pages: the list (filters, counts by status), writing and changing an article,
its page with the workflow's steps (submit, take back, return with a note, publish now or at a time,
withdraw) and its history, the preview of a draft in the public layout, and its picture. Open to whoever may
write or publish news (403 otherwise); an article outside the actor's subtree answers 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tochuc.accounts.roles import Action
from tochuc.core.errors import DomainError

from ..forms.articles import ArticleFilterForm, ArticleForm, PublishForm, ReturnForm, WithdrawForm
from ..selectors import articles as selectors
from ..services import articles as services
from .site import article_context, image_response

PER_PAGE = 30


def office_ctx(request, **extra) -> dict:
    user = request.user
    return {
        "nav": "portal",
        "can_publish": user.can(Action.PUBLISH_NEWS),
        "can_write": user.can(Action.WRITE_NEWS),
        **extra,
    }


@login_required
@require_GET
def office(request):
    """The office's landing page: the articles of the scope, the last changed first, with the filters."""
    selectors.require_office(request.user)
    now = timezone.now()
    form = ArticleFilterForm(request.GET or None, writers=selectors.article_writers(actor=request.user))
    qs = selectors.article_list(actor=request.user, now=now, **form.selector_kwargs())
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    for a in page.object_list:
        a.steps = selectors.article_steps(actor=request.user, article=a, now=now)
    return render(
        request,
        "portal/office/article_list.html",
        office_ctx(
            request,
            form=form,
            page_obj=page,
            counts=selectors.article_counts(actor=request.user, now=now),
            tab="articles",
        ),
    )


def _form_page(request, form, *, article=None, status=200):
    return render(
        request,
        "portal/office/article_form.html",
        office_ctx(
            request,
            form=form,
            article=article,
            title=_("Sửa tin bài") if article else _("Viết tin bài"),
            tab="articles",
        ),
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def article_create(request):
    selectors.require_office(request.user)
    if not request.user.can(Action.WRITE_NEWS):
        raise PermissionDenied
    form = ArticleForm(
        request.POST or None,
        request.FILES or None,
        actor=request.user,
        initial={"byline": request.user.full_name},
    )
    if request.method == "POST" and form.is_valid():
        try:
            article = services.article_create(actor=request.user, **form.values())
        except DomainError as e:
            form.add_domain_error(e)
        else:
            messages.success(request, _("Đã lưu bản nháp «%(t)s».") % {"t": article.title})
            return redirect("portal:article_detail", article.pk)
    return _form_page(request, form, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def article_edit(request, pk):
    article = selectors.article_get(actor=request.user, pk=pk)
    steps = selectors.article_steps(actor=request.user, article=article)
    if not steps.edit:
        raise PermissionDenied
    initial = {
        "category": article.category_id,
        "title": article.title,
        "lead": article.lead,
        "body": article.body,
        "image_caption": article.image_caption,
        "byline": article.byline,
        "featured": article.featured,
    }
    form = ArticleForm(
        request.POST or None, request.FILES or None, actor=request.user, article=article, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            article = services.article_update(actor=request.user, article=article, **form.values())
        except DomainError as e:
            form.add_domain_error(e)
        else:
            messages.success(request, _("Đã lưu tin bài «%(t)s».") % {"t": article.title})
            return redirect("portal:article_detail", article.pk)
    return _form_page(request, form, article=article, status=400 if form.errors else 200)


def _detail(request, article, *, return_form=None, publish_form=None, withdraw_form=None, status=200):
    now = timezone.now()
    steps = selectors.article_steps(actor=request.user, article=article, now=now)
    publish_initial = {"when": PublishForm.NOW}
    if steps.scheduled:
        local = timezone.localtime(article.publish_at)
        publish_initial = {"when": PublishForm.LATER, "on": local.date(), "at": local.time()}
    return render(
        request,
        "portal/office/article_detail.html",
        office_ctx(
            request,
            article=article,
            steps=steps,
            history=selectors.article_history(article=article),
            return_form=return_form or ReturnForm(),
            publish_form=publish_form or PublishForm(initial=publish_initial),
            withdraw_form=withdraw_form or WithdrawForm(),
            public_url=reverse("portal:article", kwargs={"slug": article.slug, "pk": article.pk}),
            tab="articles",
        ),
        status=status,
    )


@login_required
@require_GET
def article_detail(request, pk):
    return _detail(request, selectors.article_get(actor=request.user, pk=pk))


def _step(request, pk, run, success: str):
    article = selectors.article_get(actor=request.user, pk=pk)
    try:
        article = run(article)
    except DomainError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, success % {"t": article.title})
    return redirect("portal:article_detail", article.pk)


@login_required
@require_POST
def article_submit(request, pk):
    return _step(
        request,
        pk,
        lambda a: services.article_submit(actor=request.user, article=a),
        _("Đã gửi duyệt tin bài «%(t)s»."),
    )


@login_required
@require_POST
def article_redraft(request, pk):
    return _step(
        request,
        pk,
        lambda a: services.article_redraft(actor=request.user, article=a),
        _("Đã đưa tin bài «%(t)s» về bản nháp."),
    )


@login_required
@require_POST
def article_return(request, pk):
    article = selectors.article_get(actor=request.user, pk=pk)
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            services.article_return(actor=request.user, article=article, note=form.cleaned_data["note"])
        except DomainError as e:
            form.add_error("note" if e.field == "note" else None, e.message)
        else:
            messages.success(request, _("Đã trả lại tin bài «%(t)s» cho người viết.") % {"t": article.title})
            return redirect("portal:article_detail", article.pk)
    return _detail(request, article, return_form=form, status=400)


@login_required
@require_POST
def article_publish(request, pk):
    article = selectors.article_get(actor=request.user, pk=pk)
    form = PublishForm(request.POST)
    if form.is_valid():
        try:
            article = services.article_publish(actor=request.user, article=article, publish_at=form.publish_at())
        except DomainError as e:
            form.add_error(None, e.message)
        else:
            if article.publish_at > timezone.now():
                message = _("Đã hẹn giờ xuất bản tin bài «%(t)s» lúc %(at)s.") % {
                    "t": article.title,
                    "at": timezone.localtime(article.publish_at).strftime("%H:%M %d/%m/%Y"),
                }
            else:
                message = _("Đã xuất bản tin bài «%(t)s».") % {"t": article.title}
            messages.success(request, message)
            return redirect("portal:article_detail", article.pk)
    return _detail(request, article, publish_form=form, status=400)


@login_required
@require_POST
def article_withdraw(request, pk):
    article = selectors.article_get(actor=request.user, pk=pk)
    form = WithdrawForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    return _step(
        request,
        article.pk,
        lambda a: services.article_withdraw(actor=request.user, article=a, note=note),
        _("Đã gỡ tin bài «%(t)s» khỏi cổng thông tin."),
    )


@login_required
@require_GET
def article_preview(request, pk):
    """The article as the public will see it, whatever its status; for the office only, never cached."""
    article = selectors.article_get(actor=request.user, pk=pk)
    image_src = (
        reverse("portal:article_image", kwargs={"pk": article.pk}) + f"?v={article.updated_at.timestamp():.0f}"
        if article.image
        else ""
    )
    ctx = article_context(request, article, now=timezone.now(), preview=True, image_src=image_src)
    response = render(request, "portal/article.html", ctx)
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
@require_GET
def article_image(request, pk):
    article = selectors.article_get(actor=request.user, pk=pk)
    if not article.image:
        raise Http404
    return image_response(article, max_age=0)


urlpatterns = [
    path("office/", office, name="office"),
    path("office/articles/new/", article_create, name="article_create"),
    path("office/articles/<int:pk>/", article_detail, name="article_detail"),
    path("office/articles/<int:pk>/edit/", article_edit, name="article_edit"),
    path("office/articles/<int:pk>/submit/", article_submit, name="article_submit"),
    path("office/articles/<int:pk>/redraft/", article_redraft, name="article_redraft"),
    path("office/articles/<int:pk>/return/", article_return, name="article_return"),
    path("office/articles/<int:pk>/publish/", article_publish, name="article_publish"),
    path("office/articles/<int:pk>/withdraw/", article_withdraw, name="article_withdraw"),
    path("office/articles/<int:pk>/preview/", article_preview, name="article_preview"),
    path("office/articles/<int:pk>/image/", article_image, name="article_image"),
]
