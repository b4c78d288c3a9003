"""Reads of member records for views and exports, always within the actor's scope."""

from __future__ import annotations

from django.db.models import QuerySet

from tochuc.core.scope import get_in_scope_or_404, scope
from tochuc.core.text import fold
from tochuc.orgs.models import Org

from .models import Member


def member_list(*, actor, org: Org | None = None, q: str = "", include_inactive: bool = False) -> QuerySet[Member]:
    """Members in the actor's scope (optionally under `org`), matched by name without diacritics."""
    qs = scope(Member.objects.select_related("org"), actor, "org__path")
    if org is not None:
        qs = qs.filter(org__path__under=org.path)
    if not include_inactive:
        qs = qs.active()
    for word in fold(q).split():
        qs = qs.filter(name_folded__contains=word)
    return qs.order_by("sort_key", "id")


def member_get(*, actor, pk: int) -> Member:
    return get_in_scope_or_404(Member.objects.select_related("org"), actor, "org__path", pk=pk)
