"""The RSS feed of the latest published articles and sitemap.xml: public articles only, absolute links."""

from __future__ import annotations

from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from django.utils import timezone

from tochuc.portal.choices import ArticleStatus

pytestmark = pytest.mark.django_db


def test_the_rss_feed_lists_the_latest_published_articles(client, make_article):
    old = make_article("Bài cũ", publish_at=timezone.now() - timedelta(days=3), lead="Sapo bài cũ", byline="Minh Anh")
    new = make_article("Bài mới")
    make_article("Bài nháp", status=ArticleStatus.DRAFT)
    make_article("Bài hẹn giờ", publish_at=timezone.now() + timedelta(days=1))
    response = client.get(reverse("portal:feed"))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/rss+xml")
    channel = ElementTree.fromstring(response.content).find("channel")
    items = channel.findall("item")
    assert [i.findtext("title") for i in items] == ["Bài mới", "Bài cũ"]
    assert (
        items[1].findtext("link")
        == f"http://testserver{reverse('portal:article', kwargs={'slug': old.slug, 'pk': old.pk})}"
    )
    assert items[1].findtext("description") == "Sapo bài cũ"
    assert items[1].findtext("category") == old.category.name
    assert items[0].findtext("pubDate")
    assert new.slug in items[0].findtext("guid")


def test_the_sitemap_lists_the_home_the_categories_and_the_public_articles(client, make_article, categories):
    public = make_article("Bài công khai")
    draft = make_article("Bài nháp", status=ArticleStatus.DRAFT)
    response = client.get(reverse("portal:sitemap"))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [e.text for e in ElementTree.fromstring(response.content).findall("s:url/s:loc", ns)]
    assert "http://testserver/portal/" in locs
    assert f"http://testserver/portal/chuyen-muc/{categories[0].slug}/" in locs
    assert f"http://testserver/portal/bai-viet/{public.slug}-{public.pk}/" in locs
    assert not any(draft.slug in loc for loc in locs)
