"""Scheduled publishing: an article published for a later time is not public until then, and is from then on,
without anyone doing anything; the cached pages follow by themselves."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from tochuc.portal import rules
from tochuc.portal.choices import ArticleStatus
from tochuc.portal.selectors import site

pytestmark = pytest.mark.django_db


def test_the_rule_says_public_from_its_time_on():
    now = timezone.now()
    at = now + timedelta(hours=1)
    assert not rules.is_public(status=ArticleStatus.PUBLISHED, publish_at=at, now=now)
    assert rules.is_scheduled(status=ArticleStatus.PUBLISHED, publish_at=at, now=now)
    assert rules.is_public(status=ArticleStatus.PUBLISHED, publish_at=at, now=at)
    assert not rules.is_public(status=ArticleStatus.REVIEW, publish_at=now, now=now)


def test_the_selectors_show_a_scheduled_article_only_once_due(make_article):
    at = timezone.now() + timedelta(days=1)
    article = make_article("Thông báo lịch tiếp công dân", publish_at=at)
    before = at - timedelta(seconds=1)
    assert article not in site.latest(now=before)
    assert article not in site.search(q="tiep cong dan", now=before)
    with pytest.raises(Http404):
        site.article_get(pk=article.pk, now=before)
    assert article in site.latest(now=at)
    assert site.article_get(pk=article.pk, now=at) == article
    assert article in site.search(q="tiep cong dan", now=at)


def test_the_public_pages_show_it_when_its_time_comes(client, make_article):
    at = timezone.now() + timedelta(hours=2)
    article = make_article("Thông báo kết quả kỳ họp", publish_at=at)
    page = reverse("portal:article", kwargs={"slug": article.slug, "pk": article.pk})
    home = reverse("portal:home")
    assert client.get(page).status_code == 404
    assert article.title not in client.get(home).content.decode()  # the home page is now in the cache
    real_now = timezone.now
    with mock.patch("django.utils.timezone.now", lambda: real_now() + timedelta(hours=2, seconds=1)):
        assert client.get(page).status_code == 200
        assert article.title in client.get(home).content.decode()


def test_the_office_list_shows_it_as_scheduled(client, chief, make_article):
    make_article("Bài hẹn giờ", publish_at=timezone.now() + timedelta(days=1))
    make_article("Bài đã xuất bản")
    client.force_login(chief)
    html = client.get(reverse("portal:office") + "?status=scheduled").content.decode()
    assert "Bài hẹn giờ" in html and "Bài đã xuất bản" not in html
    html = client.get(reverse("portal:office") + "?status=published").content.decode()
    assert "Bài hẹn giờ" not in html and "Bài đã xuất bản" in html
