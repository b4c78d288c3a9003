"""The one way to write the audit log: `audit_record(...)`, called inside every service."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from .context import current_ip
from .models import AuditEvent


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return getattr(value, "code", None) or value.pk
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The named fields of `obj` as JSON-ready values (a related object as its code or pk)."""
    return {name: _plain(getattr(obj, name)) for name in fields}


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Only the fields whose value changed: {field: {"before": old, "after": new}}."""
    keys = list(dict.fromkeys([*before, *after]))
    return {k: {"before": before.get(k), "after": after.get(k)} for k in keys if before.get(k) != after.get(k)}


def created(after: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {k: {"before": None, "after": v} for k, v in after.items() if v not in (None, "")}


def audit_record(
    *,
    actor,
    action: str,
    obj: models.Model,
    changes: dict[str, Any] | None = None,
    org_path: str = "",
    note: str = "",
) -> AuditEvent:
    """Append one event. `actor` is a user, or None for the system (seed data, migrations)."""
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=getattr(actor, "username", "") or "system",
        ip=current_ip.get(),
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:255],
        org_path=org_path,
        changes=_plain(changes or {}),
        note=note,
    )


# How the audit screen names each action; an action missing here shows its code.
ACTION_LABELS = {
    "org.create": _("Thành lập tổ chức"),
    "org.update": _("Sửa thông tin tổ chức"),
    "org.rename": _("Đổi tên tổ chức"),
    "org.move": _("Chuyển trực thuộc"),
    "org.merge": _("Hợp nhất, sáp nhập tổ chức"),
    "org.split": _("Chia tách tổ chức"),
    "org.dissolve": _("Giải thể tổ chức"),
    "member.create": _("Thêm đảng viên"),
    "member.update": _("Sửa thông tin đảng viên"),
    "user.create": _("Tạo tài khoản"),
    "user.update": _("Sửa tài khoản"),
    "user.deactivate": _("Khóa tài khoản"),
    "rule.add_version": _("Thêm phiên bản tham số quy định"),
    "holiday.set": _("Cập nhật ngày nghỉ lễ"),
    "holiday.remove": _("Bỏ ngày nghỉ lễ"),
    "demo.seed": _("Tạo dữ liệu dùng thử"),
}
