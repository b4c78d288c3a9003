"""Reads the API needs beyond the apps' own selectors; always through the actor's scope (core.scope)."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from tochuc.core.scope import scope
from tochuc.members.models import MemberEvent
from tochuc.orgs.models import Org

from .models import ApiToken
from .services import hash_secret


def token_for_secret(*, secret: str) -> ApiToken | None:
    """The token a bearer secret names (whatever its state), with its user and the user's org: one query."""
    if not secret or len(secret) > 200:
        return None
    return ApiToken.objects.select_related("user", "user__org").filter(key_hash=hash_secret(secret)).first()


def token_list(*, user) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


def event_feed(*, actor, org: Org | None, since: date | None, after_id: int, limit: int) -> list[MemberEvent]:
    """Member events recorded at orgs of the actor's scope (under `org` if given), in id order after `after_id`:
    a neighbouring system syncs by asking again with the last id it got."""
    qs = scope(MemberEvent.objects.all(), actor, "org__path")
    if org is not None:
        qs = qs.filter(org__path__under=org.path)
    if since is not None:
        qs = qs.filter(on__gte=since)
    qs = qs.filter(pk__gt=after_id).select_related("org", "other_org").order_by("pk")
    return list(qs[:limit])
