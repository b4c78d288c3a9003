"""For machines: the RSS feed of the latest articles (django.contrib.syndication) and sitemap.xml
(django.contrib.sitemaps' view and classes, with our own template, so the app need not be installed). Neither
counts as a visit."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.contrib.syndication.views import Feed
from django.urls import path, reverse
from django.utils import timezone
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.html import escape
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from ..selectors import site as selectors
from .site import article_url, site_name


class LatestFeed(Feed):
    feed_type = Rss201rev2Feed
    language = "vi"

    def title(self):
        return site_name()

    def link(self):
        return reverse("portal:home")

    def description(self):
        return _("Tin bài mới nhất")

    def items(self):
        return selectors.feed_items(now=timezone.now())

    # A reader shows an item's title and description as HTML: the title, the lead and the words of the body
    # are plain text, so they are escaped once more (as Django's own item_title does), else a "<" typed in a
    # title would become markup in the reader.
    def item_title(self, item):
        return escape(item.title)

    def item_description(self, item):
        return escape(item.lead or Truncator(item.body_text).words(60))

    def item_link(self, item):
        return article_url(item)

    # The guid is the item's absolute link (Django's default): a permalink guid must be a full URL.

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.byline or None

    def item_categories(self, item):
        return [item.category.name]


class ArticleSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.7

    def items(self):
        return selectors.sitemap_items(now=timezone.now())

    def location(self, item):
        return article_url(item)

    def lastmod(self, item):
        return item.updated_at


class PageSitemap(Sitemap):
    """The home page and each category of the menu."""

    changefreq = "daily"

    def items(self):
        return [None, *selectors.menu_categories()]

    def location(self, item):
        if item is None:
            return reverse("portal:home")
        return reverse("portal:category", kwargs={"slug": item.slug})

    def priority(self, item):
        return 1.0 if item is None else 0.8


SITEMAPS = {"pages": PageSitemap, "articles": ArticleSitemap}


def sitemap(request):
    return sitemap_view(request, sitemaps=SITEMAPS, template_name="portal/sitemap.xml")


urlpatterns = [
    path("rss/", LatestFeed(), name="feed"),
    path("sitemap.xml", sitemap, name="sitemap"),
]
