"""Reads of user accounts, within the administrator's scope."""

from __future__ import annotations

from datetime import date, datetime, time

from django.db.models import Q, QuerySet
from django.utils import timezone

from tochuc.core.scope import get_in_scope_or_404, scope

from .models import LoginEvent, User


def user_list(*, actor, q: str = "", include_inactive: bool = True) -> QuerySet[User]:
    qs = scope(User.objects.select_related("org"), actor, "org__path")
    if not include_inactive:
        qs = qs.filter(is_active=True)
    if q.strip():
        qs = qs.filter(Q(username__icontains=q.strip()) | Q(full_name__icontains=q.strip()))
    return qs.order_by("org__path", "username")


def user_get(*, actor, pk: int) -> User:
    return get_in_scope_or_404(User.objects.select_related("org"), actor, "org__path", pk=pk)


def login_event_list(
    *,
    actor,
    username: str = "",
    kind: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[LoginEvent]:
    """Sign-ins of the users in the actor's subtree (attempts on unknown usernames: superusers only)."""
    qs = scope(LoginEvent.objects.select_related("user"), actor, "org_path")
    if username.strip():
        qs = qs.filter(username__icontains=username.strip())
    if kind:
        qs = qs.filter(kind=kind)
    tz = timezone.get_current_timezone()
    if date_from:
        qs = qs.filter(at__gte=timezone.make_aware(datetime.combine(date_from, time.min), tz))
    if date_to:
        qs = qs.filter(at__lte=timezone.make_aware(datetime.combine(date_to, time.max), tz))
    return qs.order_by("-at", "-id")
