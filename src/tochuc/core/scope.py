"""Scope: the only filter that confines a user to their org's subtree. Every selector goes through it.

A user scoped to org X sees X and everything whose materialized path starts with X.path. Outside the
scope an object does not exist for them (404), whatever their role. Inside, the role decides (403).
"""

from __future__ import annotations

from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

M = TypeVar("M", bound=Model)


def root_path(user) -> str | None:
    """The path prefix the user may see: "" = everything (a superuser without an org), None = nothing."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.org_id is not None:
        return user.org.path
    return "" if user.is_superuser else None


def in_scope(user, path: str) -> bool:
    prefix = root_path(user)
    return prefix is not None and path.startswith(prefix)


def name_in_scope(user, name: str, path: str) -> str:
    """A person's name in a refusal about a clash (a citizen ID or card number already taken): the name when
    their record lies inside the user's scope (or the system acts), else words that reveal nobody outside."""
    if user is None or in_scope(user, path):
        return name
    return _("một người ngoài phạm vi quản lý")


def scope(qs: QuerySet[M], user, path_field: str = "path") -> QuerySet[M]:
    """Restrict `qs` to the user's subtree; `path_field` leads from the model to an org's path."""
    prefix = root_path(user)
    if prefix is None:
        return qs.none()
    if prefix == "":
        return qs
    return qs.filter(**{f"{path_field}__under": prefix})


def get_in_scope_or_404(qs: QuerySet[M], user, path_field: str = "path", **lookup) -> M:
    try:
        return scope(qs, user, path_field).get(**lookup)
    except qs.model.DoesNotExist:
        raise Http404 from None


def require(user, action: str, path: str | None = None) -> None:
    """Refuse unless the user's role allows `action` and (when given) `path` lies inside the scope.

    Outside the scope answers 404 before the role is looked at, so that a refusal never tells an
    outsider that the object exists.
    """
    if path is not None and not in_scope(user, path):
        raise Http404
    if user is None or not user.can(action):
        raise PermissionDenied
