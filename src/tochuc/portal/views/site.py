"""The public site, without login: the home page, a category, an article (with its view counted), its print
view, the search, the articles' pictures. Every page goes through `public_page`, which counts the visit and
serves it from the cache; so a page shows nothing that differs between visitors (no user, no CSRF token): the
per-visitor blocks (poll, statistics, an article's view count) are markers that `public_page` fills in."""

from __future__ import annotations

import mimetypes
import os

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ..forms.site import SearchForm
from ..images import CONTENT_TYPES
from ..public import public_page
from ..selectors import site as selectors
from ..services.visits import article_viewed

PER_PAGE = 12
HOME_LATEST = 10
HOME_FEATURED = 5
BLOCK_SIZE = 4


def site_name() -> str:
    return getattr(settings, "PORTAL_SITE_NAME", "") or _("Cổng thông tin điện tử Ban Tổ chức Tỉnh ủy")


def article_url(article) -> str:
    return reverse("portal:article", kwargs={"slug": article.slug, "pk": article.pk})


def image_url(article) -> str:
    """The public address of an article's picture: its file name is part of it, so that a new picture is a new
    address (browsers and proxies may keep the old one as long as they like)."""
    if not article.image:
        return ""
    return reverse("portal:image", kwargs={"pk": article.pk, "name": os.path.basename(article.image.name)})


def _page(request, qs):
    return Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))


def _ctx(request, **extra) -> dict:
    return {"site_name": site_name(), "menu": selectors.menu_categories(), **extra}


def _with_images(articles):
    for a in articles:
        a.image_src = image_url(a)
    return articles


def _category_blocks(*, now, menu, exclude: list[int]) -> list[tuple]:
    """The latest articles of each category of the menu, in one query (a row number per category)."""
    if not menu:
        return []
    ranked = (
        selectors.public_articles(now=now)
        .filter(category__in=menu)
        .exclude(pk__in=exclude)
        .only(*selectors.LIST_FIELDS)
        .annotate(
            rank=Window(RowNumber(), partition_by=[F("category_id")], order_by=[F("publish_at").desc(), F("pk").desc()])
        )
        .filter(rank__lte=BLOCK_SIZE)
    )
    by_category: dict[int, list] = {}
    for a in ranked:
        by_category.setdefault(a.category_id, []).append(a)
    return [(c, _with_images(by_category[c.pk])) for c in menu if by_category.get(c.pk)]


@require_GET
@public_page
def home(request):
    now = timezone.now()
    ctx = _ctx(request)
    featured = _with_images(selectors.featured(now=now, limit=HOME_FEATURED))
    shown = [a.pk for a in featured]
    latest = _with_images(selectors.latest(now=now, limit=HOME_LATEST, exclude=shown[:1]))
    ctx.update(
        featured=featured,
        latest=latest,
        blocks=_category_blocks(now=now, menu=ctx["menu"], exclude=shown[:1] + [a.pk for a in latest]),
        events=selectors.featured_events(now=now),
        canonical=request.build_absolute_uri(reverse("portal:home")),
        description=_(
            "Tin tức, hoạt động, văn bản hướng dẫn về công tác tổ chức xây dựng Đảng, công tác cán bộ, bảo vệ "
            "chính trị nội bộ."
        ),
    )
    return render(request, "portal/home.html", ctx)


@require_GET
@public_page
def category(request, slug):
    now = timezone.now()
    cat = selectors.category_get(slug=slug)
    page = _page(request, selectors.category_articles(category=cat, now=now))
    _with_images(page.object_list)
    canonical = reverse("portal:category", kwargs={"slug": cat.slug})
    if page.number > 1:
        canonical += f"?page={page.number}"
    return render(
        request,
        "portal/category.html",
        _ctx(
            request,
            category=cat,
            page_obj=page,
            canonical=request.build_absolute_uri(canonical),
            description=cat.description or cat.name,
        ),
    )


def article_context(request, article, *, now, preview: bool = False, image_src: str = "") -> dict:
    related = _with_images(selectors.related(article=article, now=now)) if not preview else []
    canonical = request.build_absolute_uri(article_url(article))
    image_src = image_src or image_url(article)
    return _ctx(
        request,
        article=article,
        related=related,
        preview=preview,
        canonical=canonical,
        description=article.lead or article.body_text[:300],
        image_src=image_src,
        og_image=request.build_absolute_uri(image_src) if image_src else "",
    )


@require_GET
@public_page
def article(request, slug, pk):
    """An article, with its view counted (`public_page` counts it again on every request it serves the cached
    page to; a 404 or a redirect counts nothing)."""
    now = timezone.now()
    article = selectors.article_get(pk=pk, now=now)
    if article.slug != slug:
        return redirect(article_url(article), permanent=True)
    article_viewed(article.pk)
    return render(request, "portal/article.html", article_context(request, article, now=now))


@require_GET
@public_page
def article_print(request, slug, pk):
    now = timezone.now()
    article = selectors.article_get(pk=pk, now=now)
    if article.slug != slug:
        return redirect(reverse("portal:article_print", kwargs={"slug": article.slug, "pk": article.pk}))
    ctx = article_context(request, article, now=now)
    return render(request, "portal/article_print.html", ctx)


@require_GET
@public_page(params=("q", "page"), cached=False)
def search(request):
    now = timezone.now()
    form = SearchForm(request.GET or None)
    q = form.cleaned_data["q"].strip() if form.is_valid() else ""
    page = _page(request, selectors.search(q=q, now=now)) if q else None
    if page is not None:
        _with_images(page.object_list)
    return render(
        request,
        "portal/search.html",
        _ctx(
            request,
            form=form,
            q=q,
            page_obj=page,
            canonical=request.build_absolute_uri(reverse("portal:search")),
            description=_("Tìm kiếm tin bài"),
        ),
        status=200 if form.is_valid() or not request.GET else 400,
    )


@require_GET
def image(request, pk, name):
    """The picture of a public article. Not a page (no visit counted); cached by browsers for a day, since its
    address changes with the picture."""
    article = selectors.article_get(pk=pk, now=timezone.now())
    if not article.image or os.path.basename(article.image.name) != name:
        raise Http404
    return image_response(article, max_age=86400)


def image_response(article, *, max_age: int) -> FileResponse:
    try:
        handle = article.image.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    ext = os.path.splitext(article.image.name)[1].lstrip(".").lower()
    content_type = CONTENT_TYPES.get(ext) or mimetypes.guess_type(article.image.name)[0] or "image/jpeg"
    response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = f"public, max-age={max_age}" if max_age else "private, no-store"
    return response


urlpatterns = [
    path("", home, name="home"),
    path("chuyen-muc/<slug:slug>/", category, name="category"),
    path("bai-viet/<slug:slug>-<int:pk>/", article, name="article"),
    path("bai-viet/<slug:slug>-<int:pk>/in/", article_print, name="article_print"),
    path("tim-kiem/", search, name="search"),
    path("anh/<int:pk>/<str:name>", image, name="image"),
]
