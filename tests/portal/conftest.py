"""The portal's personas and data: an editor and a chief editor of the province (and an editor of a commune),
categories, and `make_article(...)`, which writes an article through the services and takes it as far as the
status asked. Each test starts with an empty page cache and uploads go to a temporary folder."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from tochuc.accounts.roles import Role
from tochuc.portal.choices import ArticleStatus
from tochuc.portal.services.articles import (
    article_create,
    article_publish,
    article_submit,
    article_withdraw,
)
from tochuc.portal.services.categories import category_save

BODY = "<p>Nội dung bài viết về công tác tổ chức xây dựng Đảng.</p>"


@pytest.fixture(autouse=True)
def _fresh_portal(settings, tmp_path):
    """Uploads into a temporary folder; an empty cache (the pages of another test must not be served)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def editor(make_user, tree):
    return make_user("bientap", Role.EDITOR, tree.province, full_name="Lê Minh Anh")


@pytest.fixture
def other_editor(make_user, tree):
    return make_user("bientap2", Role.EDITOR, tree.province, full_name="Trần Thu Trang")


@pytest.fixture
def chief(make_user, tree):
    return make_user("tongbientap", Role.CHIEF_EDITOR, tree.province, full_name="Nguyễn Hữu Phước")


@pytest.fixture
def commune_editor(make_user, tree):
    return make_user("bientap.dongha", Role.EDITOR, tree.dh, full_name="Phan Thị Hoa")


@pytest.fixture
def categories(db):
    names = ["Tin hoạt động", "Công tác tổ chức", "Công tác cán bộ"]
    return [category_save(actor=None, name=name) for name in names]


@pytest.fixture
def category(categories):
    return categories[0]


@pytest.fixture
def make_article(tree, editor, chief, category):
    """make_article(title=..., status="published", publish_at=None, author=editor, **fields) -> Article."""

    def _make(
        title: str = "Triển khai công tác tổ chức xây dựng Đảng năm 2026",
        *,
        status: str = ArticleStatus.PUBLISHED,
        publish_at=None,
        author=None,
        category=category,
        body: str = BODY,
        **fields,
    ):
        article = article_create(
            actor=None,
            org=(author or editor).org or tree.province,
            author=author or editor,
            category=category,
            title=title,
            body=body,
            **fields,
        )
        if status == ArticleStatus.DRAFT:
            return article
        article = article_submit(actor=None, article=article)
        if status == ArticleStatus.REVIEW:
            return article
        when = publish_at or timezone.now() - timedelta(minutes=5)
        article = article_publish(actor=chief, article=article, publish_at=when)
        if status == ArticleStatus.WITHDRAWN:
            article = article_withdraw(actor=chief, article=article)
        return article

    return _make
