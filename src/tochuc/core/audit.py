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


def register_actions(labels: dict[str, Any]) -> None:
    """Name the actions of an app on the audit screen (called from its AppConfig.ready)."""
    ACTION_LABELS.update(labels)


# How the audit screen names each action; an action missing here shows its code.
ACTION_LABELS = {
    "report.target": _("Giao chỉ tiêu kết nạp đảng viên"),
    "demo.generate": _("Tạo dữ liệu tổng hợp toàn quốc"),
    "org.create": _("Thành lập tổ chức"),
    "org.update": _("Sửa thông tin tổ chức"),
    "org.rename": _("Đổi tên tổ chức"),
    "org.move": _("Chuyển trực thuộc"),
    "org.merge": _("Hợp nhất, sáp nhập tổ chức"),
    "org.split": _("Chia tách tổ chức"),
    "org.dissolve": _("Giải thể tổ chức"),
    "member.create": _("Thêm đảng viên"),
    "member.update": _("Sửa thông tin đảng viên"),
    "member.bulk_register": _("Nhập danh sách đảng viên"),
    "member.import": _("Nhập đảng viên từ tệp Excel"),
    "member.dossier_view": _("Xem, in lý lịch đảng viên"),
    "member.photo": _("Cập nhật ảnh đảng viên"),
    "member.relative_add": _("Thêm quan hệ gia đình"),
    "member.relative_remove": _("Bỏ quan hệ gia đình"),
    "member.work_period_add": _("Thêm quá trình công tác"),
    "member.work_period_remove": _("Bỏ quá trình công tác"),
    "member.correction_request": _("Đề nghị đính chính hồ sơ"),
    "member.correction_approve": _("Duyệt đính chính hồ sơ"),
    "member.correction_reject": _("Không duyệt đính chính hồ sơ"),
    "member.admit": _("Kết nạp đảng viên"),
    "member.ceremony": _("Lễ kết nạp"),
    "member.recognize": _("Công nhận đảng viên chính thức"),
    "member.remove_probationary": _("Xóa tên đảng viên dự bị"),
    "member.transfer_out": _("Chuyển sinh hoạt đảng đi"),
    "member.transfer_in": _("Tiếp nhận sinh hoạt đảng"),
    "member.transfer_temporary": _("Chuyển sinh hoạt tạm thời"),
    "member.temporary_return": _("Trở lại sau sinh hoạt tạm thời"),
    "member.receive": _("Tiếp nhận đảng viên từ nơi khác"),
    "member.receive_package": _("Tiếp nhận đảng viên từ gói hồ sơ"),
    "member.package_build": _("Tải gói hồ sơ chuyển sinh hoạt"),
    "member.exempt": _("Miễn công tác và sinh hoạt đảng"),
    "member.exemption_end": _("Thôi miễn sinh hoạt"),
    "member.contact_lost": _("Ghi nhận mất liên lạc"),
    "member.contact_restored": _("Ghi nhận liên lạc lại"),
    "member.badge": _("Trao Huy hiệu Đảng"),
    "member.card": _("Cấp thẻ đảng viên"),
    "member.remove": _("Xóa tên đảng viên"),
    "member.expel": _("Khai trừ"),
    "member.leave": _("Ra khỏi Đảng"),
    "member.died": _("Từ trần"),
    "member.reinstate": _("Khôi phục đảng tịch"),
    "member.readmit": _("Kết nạp lại"),
    "member.event_cancel": _("Hủy sự kiện ghi nhầm"),
    "user.create": _("Tạo tài khoản"),
    "user.update": _("Sửa tài khoản"),
    "user.deactivate": _("Khóa tài khoản"),
    "user.reactivate": _("Mở khóa tài khoản"),
    "rule.add_version": _("Thêm phiên bản tham số quy định"),
    "holiday.set": _("Cập nhật ngày nghỉ lễ"),
    "holiday.remove": _("Bỏ ngày nghỉ lễ"),
    "demo.seed": _("Tạo dữ liệu dùng thử"),
    "backup.create": _("Sao lưu dữ liệu"),
    "backup.restore": _("Khôi phục dữ liệu từ bản sao lưu"),
}
