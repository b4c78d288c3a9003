"""The editorial office's reads: the articles of the actor's scope (filtered, by status, with the scheduled ones
apart), one article with the steps the actor may take on it, the counts by status, the writers to filter by, an
article's history from the audit log, and the categories and events to manage. The office is open to whoever
may write or publish news (403 otherwise); an article outside the actor's subtree answers 404."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from tochuc.accounts.roles import Action
from tochuc.core.models import AuditEvent
from tochuc.core.scope import get_in_scope_or_404, scope
from tochuc.core.text import fold

from .. import rules
from ..choices import ArticleStatus
from ..models import Article, Category, FeaturedEvent

SCHEDULED = "scheduled"  # a filter of the list: published, its time not yet come


def require_office(actor) -> None:
    """The editorial office: writers and publishers of news, nobody else (403)."""
    if actor is None or not (actor.can(Action.WRITE_NEWS) or actor.can(Action.PUBLISH_NEWS)):
        raise PermissionDenied


def article_list(
    *,
    actor,
    status: str = "",
    category: Category | None = None,
    author_id: int | None = None,
    q: str = "",
    now: datetime | None = None,
) -> QuerySet[Article]:
    """The articles of the actor's scope, the last changed first."""
    require_office(actor)
    now = now or timezone.now()
    qs = scope(Article.objects.select_related("category", "author", "published_by"), actor, "org__path")
    if status == SCHEDULED:
        qs = qs.filter(status=ArticleStatus.PUBLISHED, publish_at__gt=now)
    elif status == ArticleStatus.PUBLISHED:
        qs = qs.filter(status=ArticleStatus.PUBLISHED, publish_at__lte=now)
    elif status:
        qs = qs.filter(status=status)
    if category is not None:
        qs = qs.filter(category=category)
    if author_id is not None:
        qs = qs.filter(author_id=author_id)
    for word in fold(q).split()[:8]:
        qs = qs.filter(search_folded__contains=word)
    return qs.defer("body", "body_text", "search_folded").order_by("-updated_at", "-pk")


def article_counts(*, actor, now: datetime | None = None) -> dict[str, int]:
    """How many articles of the scope are in each status (the scheduled apart from the public ones)."""
    require_office(actor)
    now = now or timezone.now()
    qs = scope(Article.objects.all(), actor, "org__path")
    row = qs.aggregate(
        draft=Count("pk", filter=Q(status=ArticleStatus.DRAFT)),
        review=Count("pk", filter=Q(status=ArticleStatus.REVIEW)),
        published=Count("pk", filter=Q(status=ArticleStatus.PUBLISHED, publish_at__lte=now)),
        scheduled=Count("pk", filter=Q(status=ArticleStatus.PUBLISHED, publish_at__gt=now)),
        withdrawn=Count("pk", filter=Q(status=ArticleStatus.WITHDRAWN)),
    )
    return {k: v or 0 for k, v in row.items()}


def article_writers(*, actor) -> list:
    """The people who wrote articles in the actor's scope, for the list's filter."""
    require_office(actor)
    ids = scope(Article.objects.all(), actor, "org__path").values("author_id").distinct()
    return list(get_user_model().objects.filter(pk__in=ids).order_by("full_name", "username"))


def article_get(*, actor, pk: int) -> Article:
    """One article of the actor's scope (404 outside it) for the office."""
    require_office(actor)
    return get_in_scope_or_404(
        Article.objects.select_related("org", "category", "author", "published_by"), actor, "org__path", pk=pk
    )


@dataclass(frozen=True)
class Steps:
    """What the actor may do with one article now (the page shows these buttons; the services decide)."""

    edit: bool
    submit: bool
    redraft: bool
    return_: bool
    publish: bool
    withdraw: bool
    public: bool
    scheduled: bool


def article_steps(*, actor, article: Article, now: datetime | None = None) -> Steps:
    now = now or timezone.now()
    state = {"status": article.status, "publish_at": article.publish_at, "now": now}
    publisher = actor.can(Action.PUBLISH_NEWS)
    writer = actor.can(Action.WRITE_NEWS) and (publisher or article.author_id == actor.pk)
    return Steps(
        edit=writer and (publisher or not rules.edit_needs_publish_right(status=article.status)),
        submit=writer and rules.step_open("submit", **state),
        redraft=writer and rules.step_open("redraft", **state),
        return_=publisher and rules.step_open("return", **state),
        publish=publisher and rules.step_open("publish", **state),
        withdraw=publisher and rules.step_open("withdraw", **state),
        public=rules.is_public(**state),
        scheduled=rules.is_scheduled(**state),
    )


def article_history(*, article: Article) -> list[AuditEvent]:
    """The article's audited steps, the latest first (the office sees who did what, and the notes)."""
    return list(
        AuditEvent.objects.filter(object_type=Article._meta.label_lower, object_id=str(article.pk))
        .select_related("actor")
        .order_by("-pk")[:50]
    )


def category_list(*, actor) -> list[Category]:
    """Every category, in menu order, with how many articles each holds."""
    require_office(actor)
    return list(Category.objects.annotate(n_articles=Count("articles")).order_by("position", "name", "pk"))


def category_choices() -> QuerySet[Category]:
    return Category.objects.order_by("position", "name")


def event_list(*, actor) -> list[FeaturedEvent]:
    require_office(actor)
    return list(FeaturedEvent.objects.select_related("article").order_by("position", "-starts_on", "pk"))


def event_article_choices(*, keep: Article | None = None, limit: int = 100) -> list[Article]:
    """The articles an event may point to: the latest published (public or scheduled), and the one it points
    to now."""
    qs = Article.objects.filter(status=ArticleStatus.PUBLISHED).only("id", "title", "publish_at")
    chosen = list(qs.order_by("-publish_at", "-pk")[:limit])
    if keep is not None and all(a.pk != keep.pk for a in chosen):
        chosen.append(keep)
    return chosen
