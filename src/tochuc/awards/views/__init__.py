"""The pages of the app: each topic module declares its routes; this package joins them."""

from __future__ import annotations

from . import decisions, history, nominees

# Fixed paths (new/, export/, batch/) come before <int:pk>/ inside each module.
urlpatterns = [*nominees.urlpatterns, *decisions.urlpatterns, *history.urlpatterns]
