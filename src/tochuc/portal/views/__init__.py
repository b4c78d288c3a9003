"""The portal's pages: the public site (`site`, `feeds`), the editorial office (`office`, `curation`) and the
polls (`polls`); each topic module declares its routes, joined here."""

from __future__ import annotations

from . import curation, feeds, office, polls, site

# Fixed paths (new/, rss/, sitemap.xml) come before the patterns with a parameter inside each module.
urlpatterns = [*site.urlpatterns, *feeds.urlpatterns, *office.urlpatterns, *curation.urlpatterns, *polls.urlpatterns]
