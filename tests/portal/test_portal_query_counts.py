"""The public home and category pages and the office list read in a fixed number of queries, however many
articles and categories there are (no N+1)."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tochuc.portal.services.categories import category_save
from tochuc.portal.services.events import event_save

pytestmark = pytest.mark.django_db


def queries(client, url) -> int:
    # The first request of a test makes the day's rows of the counters: warm them up, then measure a page
    # rendered (not served from the cache).
    client.get(url)
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def add(make_article, categories, n):
    from django.utils import timezone

    for i in range(n):
        make_article(f"Tin số {i}", category=categories[i % len(categories)], featured=i % 3 == 0)
        event_save(actor=None, title=f"Sự kiện {i}", starts_on=timezone.localdate())


def test_the_home_page_is_flat(client, make_article, categories):
    add(make_article, categories, 3)
    small = queries(client, reverse("portal:home"))
    categories.append(category_save(actor=None, name="Bảo vệ chính trị nội bộ"))
    add(make_article, categories, 12)
    assert queries(client, reverse("portal:home")) == small


def test_the_category_page_is_flat(client, make_article, categories):
    add(make_article, categories[:1], 2)
    url = reverse("portal:category", kwargs={"slug": categories[0].slug})
    small = queries(client, url)
    add(make_article, categories[:1], 10)
    assert queries(client, url) == small


def test_the_article_page_is_flat(client, make_article, categories):
    first = make_article("Bài đầu")
    url = reverse("portal:article", kwargs={"slug": first.slug, "pk": first.pk})
    small = queries(client, url)
    add(make_article, categories[:1], 8)
    assert queries(client, url) == small


def test_the_office_list_is_flat(client, chief, make_article, categories):
    add(make_article, categories, 2)
    client.force_login(chief)
    small = queries(client, reverse("portal:office"))
    add(make_article, categories, 10)
    assert queries(client, reverse("portal:office")) == small


def test_a_cached_page_is_served_without_rendering_again(client, make_article):
    make_article()
    url = reverse("portal:home")
    cache.clear()
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    assert not any("portal_article" in q["sql"] for q in ctx.captured_queries)
