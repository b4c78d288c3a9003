"""The public site's reads. No actor: only what anyone may see, which is the articles published whose time has
come (`now` is passed in, so a scheduled article becomes public by itself), the active categories and the
active featured events. Each read fetches what its page shows in a fixed number of queries."""

from __future__ import annotations

from datetime import datetime

from django.db.models import QuerySet
from django.http import Http404

from tochuc.core.text import fold

from ..choices import ArticleStatus
from ..models import Article, Category, FeaturedEvent

LIST_FIELDS = ("id", "title", "slug", "lead", "image", "byline", "publish_at", "featured", "category__name",
               "category__slug", "category_id")  # fmt: skip
EVENT_FIELDS = ("id", "title", "url", "starts_on", "ends_on", "position", "article__id", "article__slug",
                "article__status", "article__publish_at")  # fmt: skip
SEARCH_WORDS = 8


def public_articles(*, now: datetime) -> QuerySet[Article]:
    """Published and due, the latest first."""
    return (
        Article.objects.filter(status=ArticleStatus.PUBLISHED, publish_at__lte=now)
        .select_related("category")
        .order_by("-publish_at", "-pk")
    )


def _listed(qs: QuerySet[Article]) -> QuerySet[Article]:
    return qs.only(*LIST_FIELDS)


def menu_categories() -> list[Category]:
    return list(Category.objects.filter(is_active=True).order_by("position", "name"))


def latest(*, now: datetime, limit: int = 10, exclude: list[int] | None = None) -> list[Article]:
    qs = _listed(public_articles(now=now))
    if exclude:
        qs = qs.exclude(pk__in=exclude)
    return list(qs[:limit])


def featured(*, now: datetime, limit: int = 5) -> list[Article]:
    return list(_listed(public_articles(now=now).filter(featured=True))[:limit])


def featured_events(*, now: datetime, limit: int = 8) -> list[FeaturedEvent]:
    """The active events in the office's order; a link to an article that is not public (any more, or yet) is
    dropped and the event shown without it."""
    events = list(
        FeaturedEvent.objects.filter(is_active=True)
        .select_related("article")
        .only(*EVENT_FIELDS)
        .order_by("position", "-starts_on", "pk")[:limit]
    )
    for event in events:
        a = event.article
        if a is not None and not (a.status == ArticleStatus.PUBLISHED and a.publish_at and a.publish_at <= now):
            event.article = None
    return events


def category_get(*, slug: str) -> Category:
    category = Category.objects.filter(slug=slug, is_active=True).first()
    if category is None:
        raise Http404
    return category


def category_articles(*, category: Category, now: datetime) -> QuerySet[Article]:
    return _listed(public_articles(now=now).filter(category=category))


def article_get(*, pk: int, now: datetime) -> Article:
    """One public article, or 404: a draft, one under review, a withdrawn one and one scheduled for later are
    all "not found" to the public."""
    article = public_articles(now=now).filter(pk=pk).first()
    if article is None:
        raise Http404
    return article


def related(*, article: Article, now: datetime, limit: int = 5) -> list[Article]:
    """The latest other articles of the same category."""
    qs = _listed(public_articles(now=now).filter(category_id=article.category_id).exclude(pk=article.pk))
    return list(qs[:limit])


def search(*, q: str, now: datetime) -> QuerySet[Article]:
    """Articles whose title, lead or body hold every word of `q`, diacritics and case ignored ("to chuc" finds
    "Tổ chức"): the folded copy is stored on the article."""
    words = fold(q).split()[:SEARCH_WORDS]
    if not words:
        return Article.objects.none()
    qs = public_articles(now=now)
    for word in words:
        qs = qs.filter(search_folded__contains=word)
    return _listed(qs)


def feed_items(*, now: datetime, limit: int = 30) -> list[Article]:
    return list(public_articles(now=now).only(*LIST_FIELDS, "updated_at", "body_text")[:limit])


def sitemap_items(*, now: datetime) -> QuerySet[Article]:
    return public_articles(now=now).select_related(None).only("id", "slug", "updated_at", "publish_at")
