"""Reads of the shared tables: the audit log (scoped), the rules and the holidays."""

from __future__ import annotations

from datetime import date, datetime, time

from django.db.models import Q, QuerySet
from django.utils import timezone

from .models import AuditEvent, Holiday, RuleParameter
from .scope import root_path


def audit_list(
    *,
    actor,
    action: str = "",
    actor_name: str = "",
    q: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditEvent]:
    """Audit events about objects inside the actor's scope; events about no org (rules, holidays)
    are shown to those scoped at a root of the tree."""
    prefix = root_path(actor)
    if prefix is None:
        return AuditEvent.objects.none()
    qs = AuditEvent.objects.all()
    if prefix:
        at_root = actor.org.parent_id is None
        cond = Q(org_path__under=prefix) | (Q(org_path="") if at_root else Q(pk__in=[]))
        qs = qs.filter(cond)
    if action:
        qs = qs.filter(action__startswith=action)
    if actor_name:
        qs = qs.filter(actor_name__iexact=actor_name.strip())
    if q:
        qs = qs.filter(Q(object_repr__icontains=q) | Q(object_id=q) | Q(note__icontains=q))
    tz = timezone.get_current_timezone()
    if date_from:
        qs = qs.filter(at__gte=datetime.combine(date_from, time.min, tzinfo=tz))
    if date_to:
        qs = qs.filter(at__lte=datetime.combine(date_to, time.max, tzinfo=tz))
    return qs.order_by("-at", "-id")


def audit_actions() -> list[str]:
    return list(AuditEvent.objects.order_by().values_list("action", flat=True).distinct())


def rule_versions() -> QuerySet[RuleParameter]:
    return RuleParameter.objects.select_related("legal_basis").order_by("key", "-effective_from")


def holidays_of_year(year: int) -> QuerySet[Holiday]:
    return Holiday.objects.filter(day__year=year).order_by("day")
