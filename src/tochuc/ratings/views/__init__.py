"""The pages of the app: each topic module declares its routes; this package joins them."""

from __future__ import annotations

from . import campaigns, entries, history

urlpatterns = [*campaigns.urlpatterns, *entries.urlpatterns, *history.urlpatterns]
