"""Review: the RSS feed carries an article's plain-text title and lead as text, not as markup a feed reader
would run, and each item's guid is the article's absolute address."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

MARKUP = '<img src=x onerror="alert(1)"> & <b>đậm</b>'


def test_a_title_and_lead_with_markup_reach_the_reader_as_text(client, make_article):
    make_article("Tin " + MARKUP, lead="Sapo " + MARKUP)
    item = ElementTree.fromstring(client.get(reverse("portal:feed")).content).find("channel/item")
    # The reader un-escapes the element's text once and renders it as HTML: what it renders must be escaped.
    assert item.findtext("title") == "Tin &lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &lt;b&gt;đậm&lt;/b&gt;"
    assert "<img" not in item.findtext("description")
    assert item.findtext("description").startswith("Sapo &lt;img")


def test_the_guid_is_the_absolute_address_of_the_article(client, make_article):
    article = make_article("Bài có guid")
    item = ElementTree.fromstring(client.get(reverse("portal:feed")).content).find("channel/item")
    url = reverse("portal:article", kwargs={"slug": article.slug, "pk": article.pk})
    assert item.findtext("guid") == f"http://testserver{url}"
