"""The pages of the app: each topic module declares its routes; this package joins them (fixed paths before
`<int:pk>/` inside each)."""

from __future__ import annotations

from . import cases, people, summary

urlpatterns = [*summary.urlpatterns, *people.urlpatterns, *cases.urlpatterns]
