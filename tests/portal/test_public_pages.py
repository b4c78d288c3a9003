"""The public pages without login: the home page and its blocks, a category, an article with what search
engines read, the print view; what is not public answers 404; nothing internal shows."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tochuc.portal.choices import ArticleStatus
from tochuc.portal.services.events import event_save

pytestmark = pytest.mark.django_db


def url(article, name="portal:article"):
    return reverse(name, kwargs={"slug": article.slug, "pk": article.pk})


def test_the_home_page_shows_each_block(client, make_article, categories):
    featured = make_article("Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ ba", featured=True)
    latest = make_article("Sáp nhập xã, phường: sắp xếp tổ chức đảng ở cơ sở", category=categories[1])
    event_save(actor=None, title="Đại hội đại biểu Đảng bộ tỉnh lần thứ I", starts_on=timezone.localdate(), article=featured)
    response = client.get(reverse("portal:home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="vi"' in html
    assert 'id="featured-news"' in html and featured.title in html
    assert 'id="latest-news"' in html and latest.title in html
    assert 'id="featured-events"' in html and "Đại hội đại biểu Đảng bộ tỉnh lần thứ I" in html
    assert 'id="poll"' in html and 'id="stats"' in html
    for c in categories:
        assert reverse("portal:category", kwargs={"slug": c.slug}) in html
    assert 'href="#top"' in html and 'class="go-top"' in html
