"""Writes to the shared tables: a new version of a rule parameter, the holiday table."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from .audit import audit_record
from .errors import DomainError
from .models import Holiday, LegalBasis, RuleParameter


def _require_admin(actor) -> None:
    # These tables hold for every org of the province: an administrator of a commune may not change them.
    if actor is not None and not actor.is_root_admin:
        raise DomainError(_("Chỉ quản trị hệ thống cấp tỉnh mới được sửa tham số quy định và ngày nghỉ lễ."))


@transaction.atomic
def rule_version_add(
    *,
    actor,
    key: str,
    value: Any,
    effective_from: date,
    legal_basis: LegalBasis | None,
    article: str = "",
    confirmed: bool = True,
    note: str = "",
) -> RuleParameter:
    """A regulation changed a threshold: the version in force ends the day the new one starts."""
    _require_admin(actor)
    versions = list(RuleParameter.objects.select_for_update().filter(key=key).order_by("effective_from"))
    if not versions:
        raise DomainError(_("Không có tham số «%(k)s».") % {"k": key}, field="key")
    latest = versions[-1]
    if effective_from <= latest.effective_from:
        raise DomainError(
            _("Phiên bản mới phải có hiệu lực sau ngày %(d)s của phiên bản hiện hành.")
            % {"d": latest.effective_from.strftime("%d/%m/%Y")},
            field="effective_from",
        )
    _check_value(latest.kind, value)
    if latest.effective_to is None or latest.effective_to > effective_from:
        latest.effective_to = effective_from
        latest.save(update_fields=["effective_to"])
    row = RuleParameter.objects.create(
        key=key,
        label=latest.label,
        kind=latest.kind,
        unit=latest.unit,
        value=value,
        effective_from=effective_from,
        legal_basis=legal_basis,
        article=article,
        confirmed=confirmed,
        note=note,
    )
    audit_record(
        actor=actor,
        action="rule.add_version",
        obj=row,
        changes={
            "value": {"before": latest.value, "after": value},
            "effective_from": {"before": latest.effective_from, "after": effective_from},
            "legal_basis": {"before": str(latest.legal_basis or ""), "after": str(legal_basis or "")},
        },
    )
    return row


def _check_value(kind: str, value: Any) -> None:
    ok = {
        RuleParameter.Kind.INTEGER: lambda v: isinstance(v, int) and not isinstance(v, bool),
        RuleParameter.Kind.DECIMAL: lambda v: isinstance(v, str) and _is_ratio(v),
        RuleParameter.Kind.LIST: lambda v: isinstance(v, list),
        RuleParameter.Kind.TABLE: lambda v: isinstance(v, dict),
        RuleParameter.Kind.TEXT: lambda v: isinstance(v, str),
        RuleParameter.Kind.CHOICE: lambda v: isinstance(v, str) and bool(v),
    }[kind]
    if not ok(value):
        raise DomainError(_("Giá trị không đúng kiểu «%(k)s».") % {"k": RuleParameter.Kind(kind).label}, field="value")


def _is_ratio(text: str) -> bool:
    from fractions import Fraction

    try:
        Fraction(text)
    except (ValueError, ZeroDivisionError):
        return False
    return True


@transaction.atomic
def holiday_set(*, actor, day: date, name: str) -> Holiday:
    """Record a day off as the Government announced it (replacing a generated one on that day)."""
    _require_admin(actor)
    holiday, _created = Holiday.objects.update_or_create(
        day=day, defaults={"name": name.strip(), "source": Holiday.Source.OFFICIAL}
    )
    audit_record(
        actor=actor,
        action="holiday.set",
        obj=holiday,
        changes={"day": {"before": None, "after": day}, "name": {"before": None, "after": name}},
    )
    return holiday


@transaction.atomic
def holiday_remove(*, actor, day: date) -> None:
    """A generated day the Government did not give off (it swapped it for another)."""
    _require_admin(actor)
    holiday = Holiday.objects.filter(day=day).first()
    if holiday is None:
        raise DomainError(_("Ngày %(d)s không có trong bảng ngày nghỉ.") % {"d": day.strftime("%d/%m/%Y")})
    audit_record(
        actor=actor,
        action="holiday.remove",
        obj=holiday,
        changes={"day": {"before": day, "after": None}, "name": {"before": holiday.name, "after": None}},
    )
    holiday.delete()
