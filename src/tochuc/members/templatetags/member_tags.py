"""Small template helpers of the member pages: a role check, labels of codes kept in events and
corrections, a party age in years and months."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..forms import CORRECTABLE_CHOICES

register = template.Library()

FLAG_LABELS = {
    "requires_provincial_approval": gettext_lazy("Trên 60 tuổi: Tỉnh ủy xem xét, quyết định"),
    "late_decision": gettext_lazy("Quyết định kết nạp quá thời hạn"),
    "late_ceremony": gettext_lazy("Lễ kết nạp quá thời hạn"),
}


@register.filter
def can(user, action: str) -> bool:
    """`{% if request.user|can:"approve" %}`: whether the role allows the action at all."""
    return bool(getattr(user, "can", None)) and user.can(action)


@register.filter
def flag_label(code: str) -> str:
    return str(FLAG_LABELS.get(code, code))


@register.filter
def field_label(code: str) -> str:
    return str(dict(CORRECTABLE_CHOICES).get(code, code))


@register.filter
def years_months(months: int | None) -> str:
    if months is None:
        return "—"
    years, rest = divmod(months, 12)
    if rest == 0:
        return _("%(y)s năm") % {"y": years}
    if years == 0:
        return _("%(m)s tháng") % {"m": rest}
    return _("%(y)s năm %(m)s tháng") % {"y": years, "m": rest}
