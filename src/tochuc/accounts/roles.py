"""Roles and what each may do inside its scope. Pure data: core.scope and the views read it."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Quản trị hệ thống")
    OFFICER = "officer", _("Cán bộ ban tổ chức")
    LEADER = "leader", _("Lãnh đạo")
    SECRETARY = "secretary", _("Bí thư cơ sở")
    PROTECTION = "protection", _("Cán bộ bảo vệ chính trị nội bộ")
    EDITOR = "editor", _("Biên tập viên cổng thông tin")
    CHIEF_EDITOR = "chief_editor", _("Trưởng ban biên tập cổng thông tin")
    VIEWER = "viewer", _("Người xem")


class Action(models.TextChoices):
    LIST = "list", _("Xem danh sách")
    VIEW = "view", _("Xem chi tiết")
    CREATE = "create", _("Thêm mới")
    EDIT = "edit", _("Sửa, điều chỉnh")
    EXPORT = "export", _("Xuất dữ liệu")
    APPROVE = "approve", _("Phê duyệt")
    RESTRUCTURE = "restructure", _("Sắp xếp tổ chức (sáp nhập, chia tách, giải thể)")
    ADMINISTER = "administer", _("Quản trị (người dùng, nhật ký, tham số)")
    RESTRICTED = "restricted", _("Xem, ghi nội dung mật về bảo vệ chính trị nội bộ")
    WRITE_NEWS = "write_news", _("Viết, sửa tin bài, bình chọn trên cổng thông tin")
    PUBLISH_NEWS = "publish_news", _("Duyệt, xuất bản tin bài trên cổng thông tin")


_READ = {Action.LIST, Action.VIEW}

ROLE_ACTIONS: dict[str, frozenset[str]] = {
    # A system administrator manages accounts, the audit log and the rule table, not the content of
    # confidential political-protection records: those are for the officers who do that work and the
    # leaders who decide on it (58-QĐ/TW; DOMAIN.md §7).
    Role.ADMIN: frozenset(Action.values) - {Action.RESTRICTED},
    Role.OFFICER: frozenset({*_READ, Action.CREATE, Action.EDIT, Action.EXPORT, Action.RESTRUCTURE}),
    Role.LEADER: frozenset({*_READ, Action.EXPORT, Action.APPROVE, Action.RESTRICTED, Action.PUBLISH_NEWS}),
    # A grassroots secretary keeps the records of their own organization (its cells included) but does
    # not restructure the tree: that is the upper committee's decision.
    Role.SECRETARY: frozenset({*_READ, Action.CREATE, Action.EDIT, Action.EXPORT}),
    Role.VIEWER: frozenset(_READ),
    Role.PROTECTION: frozenset({*_READ, Action.CREATE, Action.EDIT, Action.EXPORT, Action.RESTRICTED}),
    # The portal's editorial office works on public content only: it sees none of the internal records.
    # An editor writes and submits for review; the chief editor (or a leader) reviews and publishes.
    Role.EDITOR: frozenset({Action.WRITE_NEWS}),
    Role.CHIEF_EDITOR: frozenset({Action.WRITE_NEWS, Action.PUBLISH_NEWS}),
}

# The org types a secretary may be scoped to: a grassroots organization or a unit inside one.
SECRETARY_ORG_TYPES = frozenset({"grassroots_committee", "grassroots_cell", "sub_committee", "cell", "party_group"})


def role_allows(role: str, action: str) -> bool:
    return action in ROLE_ACTIONS.get(role, frozenset())
