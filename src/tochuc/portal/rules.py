"""Pure rules of the portal: which article is public, which workflow step is open from which status, and the
URL slug of a Vietnamese title. No database."""

from __future__ import annotations

from datetime import datetime

from django.utils.text import slugify

from tochuc.core.text import fold

from .choices import ArticleStatus

SLUG_LENGTH = 120  # the column holds 160; the room left is for "-2", "-3" ... when a slug is taken

# The workflow (choices.ArticleStatus): which statuses each step starts from.
#   submit   draft -> review                       (a writer: the author, or a chief editor)
#   redraft  review|withdrawn -> draft             (a writer takes it back to change it)
#   return   review -> draft, with a note          (whoever publishes)
#   publish  draft|review|withdrawn -> published   (whoever publishes; now or at a later time)
#            published and not yet due -> published (a new time for a scheduled article)
#   withdraw published -> withdrawn                (whoever publishes)
STEPS_FROM: dict[str, frozenset[str]] = {
    "submit": frozenset({ArticleStatus.DRAFT}),
    "redraft": frozenset({ArticleStatus.REVIEW, ArticleStatus.WITHDRAWN}),
    "return": frozenset({ArticleStatus.REVIEW}),
    "publish": frozenset({ArticleStatus.DRAFT, ArticleStatus.REVIEW, ArticleStatus.WITHDRAWN}),
    "withdraw": frozenset({ArticleStatus.PUBLISHED}),
}


def is_public(*, status: str, publish_at: datetime | None, now: datetime) -> bool:
    """An article is public when it is published and its time has come (scheduled publishing)."""
    return status == ArticleStatus.PUBLISHED and publish_at is not None and publish_at <= now


def is_scheduled(*, status: str, publish_at: datetime | None, now: datetime) -> bool:
    return status == ArticleStatus.PUBLISHED and publish_at is not None and publish_at > now


def step_open(step: str, *, status: str, publish_at: datetime | None, now: datetime) -> bool:
    """Whether the workflow `step` may start from this state. Publishing again is open to a scheduled article
    (to change its time), not to one already public."""
    if step == "publish" and is_scheduled(status=status, publish_at=publish_at, now=now):
        return True
    return status in STEPS_FROM[step]


def edit_needs_publish_right(*, status: str) -> bool:
    """An article that is published (public or scheduled) or under review is changed only by someone who may
    publish it: an editor's edit would otherwise reach the public without review. An editor changes their own
    drafts; they take an article back from review (redraft) to change it, and a withdrawn one likewise."""
    return status in (ArticleStatus.PUBLISHED, ArticleStatus.REVIEW, ArticleStatus.WITHDRAWN)


def slug_base(text: str, *, fallback: str = "bai-viet") -> str:
    """The URL slug of a Vietnamese text: folded (no diacritics, đ -> d), lowercase, hyphens, cut at a word
    boundary within SLUG_LENGTH. "Tổ chức Đảng" -> "to-chuc-dang"."""
    slug = slugify(fold(text))
    if len(slug) > SLUG_LENGTH:
        cut = slug[:SLUG_LENGTH]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else cut
    return slug.strip("-") or fallback


def slug_candidates(base: str):
    """`base`, then `base-2`, `base-3` ...: the first one free is taken."""
    yield base
    n = 2
    while True:
        yield f"{base}-{n}"
        n += 1
