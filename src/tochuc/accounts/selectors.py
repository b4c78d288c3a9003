"""Reads of user accounts, within the administrator's scope."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from tochuc.core.scope import get_in_scope_or_404, scope

from .models import User


def user_list(*, actor, q: str = "", include_inactive: bool = True) -> QuerySet[User]:
    qs = scope(User.objects.select_related("org"), actor, "org__path")
    if not include_inactive:
        qs = qs.filter(is_active=True)
    if q.strip():
        qs = qs.filter(Q(username__icontains=q.strip()) | Q(full_name__icontains=q.strip()))
    return qs.order_by("org__path", "username")


def user_get(*, actor, pk: int) -> User:
    return get_in_scope_or_404(User.objects.select_related("org"), actor, "org__path", pk=pk)
