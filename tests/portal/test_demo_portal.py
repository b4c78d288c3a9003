"""The demo's portal (`demo.portal.seed_portal`): on the shared test tree it writes the categories, the articles
in every state (one scheduled, not public yet), the featured events and one audit event; the writers are the
demo's editors when they exist, else the provincial officer; the same seed gives the same records; the public
pages show it."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from tochuc.accounts.roles import Role
from tochuc.core.models import AuditEvent
from tochuc.portal.choices import ArticleStatus
from tochuc.portal.models import Article, Category, FeaturedEvent
from tochuc.portal.sanitize import clean_html

pytestmark = pytest.mark.django_db


def seed(tree, **kwargs):
    from tochuc.demo.portal import seed_portal

    return seed_portal(root=tree.province, today=kwargs.pop("today", timezone.localdate()), **kwargs)


@pytest.fixture
def tinh(make_user, tree):
    return make_user("tinh", Role.OFFICER, tree.province, full_name="Nguyễn Thị Thu Hà")


def test_it_seeds_the_portal(tree, tinh, audit_watch):
    watch = audit_watch()
    counts = seed(tree)
    assert 4 <= counts["categories"] <= 6
    assert list(Category.objects.order_by("position").values_list("name", flat=True))[:2] == [
        "Tin hoạt động",
        "Công tác tổ chức",
    ]
    assert 30 <= Article.objects.count() == counts["articles"] <= 45
    by_status = {s: Article.objects.filter(status=s).count() for s in ArticleStatus.values}
    assert by_status[ArticleStatus.DRAFT] == counts["drafts"] >= 2
    assert by_status[ArticleStatus.REVIEW] == 1 and by_status[ArticleStatus.WITHDRAWN] == 1
    now = timezone.now()
    scheduled = Article.objects.filter(status=ArticleStatus.PUBLISHED, publish_at__gt=now)
    assert scheduled.count() == 1
    assert Article.objects.filter(status=ArticleStatus.PUBLISHED, publish_at__lte=now).count() >= 25
    assert Article.objects.filter(review_note__gt="").count() == 1
    assert 4 <= FeaturedEvent.objects.count() <= 5
    assert Article.objects.filter(featured=True).exclude(image="").count() == counts["featured"] >= 3
    assert Article.objects.filter(view_count__gt=0).count() >= 25
    assert set(Article.objects.values_list("author__username", flat=True)) == {"tinh"}
    assert Article.objects.filter(
        title=f"Triển khai công tác tổ chức xây dựng Đảng năm {timezone.localdate().year}"
    ).exists()
    for article in Article.objects.all():
        assert article.body == clean_html(article.body) and article.body_text and article.search_folded
    [event] = watch.events()
    assert event.action == "demo.seed" and event.note == "Cổng thông tin" and event.actor is None


def test_the_demo_editors_write_and_publish_when_they_exist(tree, tinh, make_user):
    editor = make_user("bientap", Role.EDITOR, tree.province)
    chief = make_user("tongbientap", Role.CHIEF_EDITOR, tree.province)
    seed(tree)
    assert set(Article.objects.values_list("author__username", flat=True)) == {"bientap", "tongbientap"}
    published = Article.objects.filter(status=ArticleStatus.PUBLISHED)
    assert set(published.values_list("published_by", flat=True)) == {chief.pk}
    assert Article.objects.filter(author=editor).count() > Article.objects.filter(author=chief).count()


def test_the_same_seed_gives_the_same_records(tree, tinh):
    def records():
        with transaction.atomic():
            seed(tree, today=date(2026, 6, 15), seed=3)
            rows = list(
                Article.objects.order_by("title").values_list(
                    "title", "slug", "status", "publish_at", "view_count", "featured", "byline", "body"
                )
            )
            events = list(FeaturedEvent.objects.order_by("position").values_list("title", "starts_on", "ends_on"))
            transaction.set_rollback(True)
        return rows, events

    assert records() == records()


def test_the_public_pages_show_the_demo(client, tree, tinh):
    seed(tree)
    html = client.get(reverse("portal:home")).content.decode()
    assert "Tin nổi bật" in html and "Sự kiện nổi bật" in html
    assert "Đại hội đại biểu Đảng bộ tỉnh lần thứ I, nhiệm kỳ 2025-2030" in html
    article = Article.objects.filter(status=ArticleStatus.PUBLISHED, publish_at__lte=timezone.now()).first()
    assert client.get(reverse("portal:article", kwargs={"slug": article.slug, "pk": article.pk})).status_code == 200
    assert "Tìm thấy" in client.get(reverse("portal:search"), {"q": "cong tac to chuc"}).content.decode()
    assert AuditEvent.objects.filter(action="demo.seed").count() == 1
