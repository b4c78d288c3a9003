"""The pages of the app: each topic module declares its routes; this package joins them."""

from __future__ import annotations

from . import conferences, proposals, recommendations

urlpatterns = [*proposals.urlpatterns, *conferences.urlpatterns, *recommendations.urlpatterns]
