"""The editorial workflow of articles (choices.ArticleStatus, rules.STEPS_FROM): an editor writes a draft,
changes it and submits it for review; whoever may publish (the chief editor, a leader) returns it with a note,
publishes it now or at a later time, or withdraws it; a writer takes an article back from review or after its
withdrawal to change it. An article that is published or under review is changed only by someone who may
publish (rules.edit_needs_publish_right): an editor's change never reaches the public unreviewed. Every write
is audited; every change the public can see renders the public pages anew (`cache.bump`)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tochuc.accounts.roles import Action
from tochuc.core.audit import audit_record, created, diff, snapshot
from tochuc.core.errors import DomainError
from tochuc.core.scope import require
from tochuc.core.text import fold
from tochuc.orgs.models import Org

from .. import cache, rules
from ..choices import ArticleStatus
from ..images import image_clean
from ..models import Article, Category
from ..sanitize import clean_html, plain_text

FIELDS = [
    "category",
    "title",
    "slug",
    "lead",
    "image_caption",
    "byline",
    "featured",
    "status",
    "publish_at",
    "review_note",
    "published_by",
]
MAX_BODY = 400_000  # characters of sanitized HTML: a long report runs to a tenth of that
MAX_LEAD = 600


def _snapshot(article: Article) -> dict:
    return {**snapshot(article, FIELDS), "image": article.image.name if article.image else ""}


def public_changed() -> None:
    """What the public sees changed: every cached public page is stale. Called inside the service's
    transaction after its writes (the generation row commits with them)."""
    cache.bump()


def _audit_changes(before: dict, after: dict, body_before: str | None, body_after: str) -> dict:
    changes = diff(before, after) if body_before is not None else created(after)
    if body_before != body_after:
        # The body itself is kept by the article; the log says that it changed and how long it is.
        changes["body"] = {
            "before": None if body_before is None else _("%(n)s ký tự") % {"n": len(body_before)},
            "after": _("%(n)s ký tự") % {"n": len(body_after)},
        }
    return changes


def _unique_slug(title: str, *, exclude: int | None = None) -> str:
    base = rules.slug_base(title)
    taken = Article.objects.filter(slug__startswith=base)
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    used = set(taken.values_list("slug", flat=True))
    return next(s for s in rules.slug_candidates(base) if s not in used)


def _check_category(category: Category) -> None:
    if not category.is_active:
        raise DomainError(_("Chuyên mục «%(c)s» đã ngừng hiển thị.") % {"c": category.name}, field="category")


def _clean_text(*, title: str, lead: str, body: str, byline: str, image_caption: str):
    title = " ".join((title or "").split())
    if not title:
        raise DomainError(_("Nhập tiêu đề tin bài."), field="title")
    if len(title) > 255:
        raise DomainError(_("Tiêu đề không quá 255 ký tự."), field="title")
    lead = (lead or "").strip()
    if len(lead) > MAX_LEAD:
        raise DomainError(_("Sapo không quá %(n)s ký tự.") % {"n": MAX_LEAD}, field="lead")
    cleaned = clean_html(body or "")
    if not plain_text(cleaned) and "<img" not in cleaned:
        raise DomainError(_("Nhập nội dung tin bài."), field="body")
    if len(cleaned) > MAX_BODY:
        raise DomainError(_("Nội dung quá dài (tối đa %(n)s ký tự).") % {"n": MAX_BODY}, field="body")
    return title, lead, cleaned, " ".join((byline or "").split())[:150], (image_caption or "").strip()[:255]


def _fill_search(article: Article) -> None:
    article.body_text = plain_text(article.body)
    article.search_folded = fold(f"{article.title} {article.lead} {article.body_text}")


def _lock(article: Article) -> Article:
    return Article.objects.select_for_update(of=("self",)).select_related("org", "category").get(pk=article.pk)


def _require_writer(actor, article: Article) -> None:
    """A writer of this article: the right to write news in its org's subtree (404 outside), and for an editor
    (who may not publish) only their own article."""
    if actor is None:
        return
    require(actor, Action.WRITE_NEWS, article.org.path)
    if not actor.can(Action.PUBLISH_NEWS) and article.author_id != actor.pk:
        raise PermissionDenied


def _step(step: str, article: Article, now: datetime) -> None:
    if not rules.step_open(step, status=article.status, publish_at=article.publish_at, now=now):
        raise DomainError(
            _("Tin bài đang ở trạng thái «%(s)s»: không thực hiện được thao tác này.")
            % {"s": ArticleStatus(article.status).label},
            field=None,
        )


@transaction.atomic
def article_create(
    *,
    actor,
    category: Category,
    title: str,
    body: str,
    lead: str = "",
    image=None,
    image_caption: str = "",
    byline: str = "",
    featured: bool = False,
    org: Org | None = None,
    author=None,
) -> Article:
    """Write a draft. The article belongs to the writer's org (or `org` for the system, or for a superuser
    without one) and names the writer as its author; `byline` is the name shown to the public."""
    if actor is not None:
        org = org or actor.org
        author = actor
        if org is None:
            raise DomainError(_("Tài khoản chưa gắn với tổ chức nào: không viết được tin bài."), field=None)
        require(actor, Action.WRITE_NEWS, org.path)
    if org is None or author is None:
        raise DomainError(_("Thiếu cơ quan đăng tin hoặc người viết."), field=None)
    _check_category(category)
    title, lead, body, byline, image_caption = _clean_text(
        title=title, lead=lead, body=body, byline=byline, image_caption=image_caption
    )
    article = Article(
        org=org,
        category=category,
        title=title,
        slug=_unique_slug(title),
        lead=lead,
        body=body,
        image_caption=image_caption,
        author=author,
        byline=byline,
        featured=bool(featured),
        status=ArticleStatus.DRAFT,
    )
    if image:
        picture = image_clean(image)
        article.image.save(picture.name, picture, save=False)
    _fill_search(article)
    article.save()
    audit_record(
        actor=actor,
        action="article.create",
        obj=article,
        org_path=org.path,
        changes=_audit_changes({}, _snapshot(article), None, article.body),
    )
    return article


@transaction.atomic
def article_update(
    *,
    actor,
    article: Article,
    category: Category,
    title: str,
    body: str,
    lead: str = "",
    image=None,
    remove_image: bool = False,
    image_caption: str = "",
    byline: str = "",
    featured: bool = False,
) -> Article:
    """Change an article. An editor changes their own drafts; an article under review, published (public or
    scheduled) or withdrawn is changed by someone who may publish, and stays in its status: a published
    article is corrected in place. The slug follows the title until the article is first published, then stays
    (links to it keep working)."""
    article = _lock(article)
    _require_writer(actor, article)
    if actor is not None and rules.edit_needs_publish_right(status=article.status):
        require(actor, Action.PUBLISH_NEWS, article.org.path)
    if category.pk != article.category_id:
        # Keeping a category hidden since is no new choice of it; moving into a hidden one is.
        _check_category(category)
    title, lead, body, byline, image_caption = _clean_text(
        title=title, lead=lead, body=body, byline=byline, image_caption=image_caption
    )
    before, body_before = _snapshot(article), article.body
    was_public_facing = article.status == ArticleStatus.PUBLISHED
    article.category = category
    if title != article.title and article.published_by_id is None:
        article.slug = _unique_slug(title, exclude=article.pk)
    article.title, article.lead, article.body = title, lead, body
    article.byline, article.image_caption, article.featured = byline, image_caption, bool(featured)
    old_image = article.image.name if article.image else ""
    if image:
        picture = image_clean(image)
        article.image.save(picture.name, picture, save=False)
    elif remove_image:
        article.image = ""
    _fill_search(article)
    article.save()
    if old_image and old_image != (article.image.name if article.image else ""):
        storage = Article._meta.get_field("image").storage
        transaction.on_commit(lambda: storage.delete(old_image))
    changes = _audit_changes(before, _snapshot(article), body_before, article.body)
    if changes:
        audit_record(actor=actor, action="article.update", obj=article, org_path=article.org.path, changes=changes)
    if was_public_facing:
        public_changed()
    return article


def _move(actor, article: Article, *, action: str, status: str, note: str = "", **fields) -> Article:
    before = _snapshot(article)
    article.status = status
    for name, value in fields.items():
        setattr(article, name, value)
    article.save(update_fields=["status", *fields, "updated_at"])
    audit_record(
        actor=actor,
        action=action,
        obj=article,
        org_path=article.org.path,
        changes=diff(before, _snapshot(article)),
        note=note,
    )
    return article


@transaction.atomic
def article_submit(*, actor, article: Article, now: datetime | None = None) -> Article:
    """Send a draft for review."""
    article = _lock(article)
    _require_writer(actor, article)
    _step("submit", article, now or timezone.now())
    return _move(actor, article, action="article.submit", status=ArticleStatus.REVIEW)


@transaction.atomic
def article_redraft(*, actor, article: Article, now: datetime | None = None) -> Article:
    """Take an article back to a draft to change it: from review (before anyone decided on it) or after its
    withdrawal; it is submitted again afterwards."""
    article = _lock(article)
    _require_writer(actor, article)
    _step("redraft", article, now or timezone.now())
    return _move(actor, article, action="article.redraft", status=ArticleStatus.DRAFT)


@transaction.atomic
def article_return(*, actor, article: Article, note: str, now: datetime | None = None) -> Article:
    """Send an article under review back to its writer with what to change."""
    article = _lock(article)
    if actor is not None:
        require(actor, Action.PUBLISH_NEWS, article.org.path)
    note = " ".join((note or "").split())
    if not note:
        raise DomainError(_("Ghi ý kiến để người viết biết cần sửa gì."), field="note")
    if len(note) > 255:
        raise DomainError(_("Ý kiến không quá 255 ký tự."), field="note")
    _step("return", article, now or timezone.now())
    return _move(actor, article, action="article.return", status=ArticleStatus.DRAFT, note=note, review_note=note)


@transaction.atomic
def article_publish(
    *, actor, article: Article, publish_at: datetime | None = None, now: datetime | None = None
) -> Article:
    """Publish an article now (`publish_at` None) or at `publish_at`: until then it is not public (scheduled
    publishing: nobody has to come back and press a button). A scheduled article may be given another time.
    An earlier time than now dates the article back (an event reported late keeps its day)."""
    now = now or timezone.now()
    article = _lock(article)
    if actor is not None:
        require(actor, Action.PUBLISH_NEWS, article.org.path)
    _step("publish", article, now)
    when = publish_at or now
    if timezone.is_naive(when):
        raise DomainError(_("Thời điểm xuất bản không hợp lệ."), field="publish_at")
    if when > now + timedelta(days=366):
        raise DomainError(_("Chỉ hẹn giờ xuất bản trong vòng một năm."), field="publish_at")
    scheduled = when > now
    note = (
        _("Hẹn giờ xuất bản lúc %(t)s.") % {"t": timezone.localtime(when).strftime("%H:%M %d/%m/%Y")}
        if scheduled
        else ""
    )
    article = _move(
        actor,
        article,
        action="article.publish",
        status=ArticleStatus.PUBLISHED,
        note=note,
        publish_at=when,
        published_by=actor if getattr(actor, "pk", None) else article.published_by,
        review_note="",
    )
    public_changed()
    return article


@transaction.atomic
def article_withdraw(*, actor, article: Article, note: str = "", now: datetime | None = None) -> Article:
    """Take a published (or scheduled) article off the public site; the reason goes to the log."""
    article = _lock(article)
    if actor is not None:
        require(actor, Action.PUBLISH_NEWS, article.org.path)
    _step("withdraw", article, now or timezone.now())
    note = " ".join((note or "").split())[:255]
    article = _move(actor, article, action="article.withdraw", status=ArticleStatus.WITHDRAWN, note=note)
    public_changed()
    return article
