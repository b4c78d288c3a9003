from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from .roles import Role, role_allows


class User(AbstractUser):
    """A committee officer. Sees and changes only the subtree of `org`, within what `role` allows."""

    role = models.CharField(_("vai trò"), max_length=16, choices=Role.choices, default=Role.VIEWER)
    org = models.ForeignKey(
        "orgs.Org",
        verbose_name=_("tổ chức đảng"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def is_root_admin(self) -> bool:
        """An administrator of a whole tree (or a superuser): may change what holds for every org, such as
        the rule parameters and the public holidays."""
        if self.is_superuser:
            return True
        return self.can("administer") and self.org_id is not None and self.org.parent_id is None

    def can(self, action: str) -> bool:
        """Whether the role allows `action` at all (scope is checked separately, per object)."""
        if not self.is_active:
            return False
        if self.is_superuser:
            return True
        return self.org_id is not None and role_allows(self.role, action)


class LoginEvent(models.Model):
    """One sign-in attempt, sign-out or second-factor check, kept apart from the audit log: it records who tried
    to get in (a username that may not exist, the browser), not a change to any record. Never updated."""

    class Kind(models.TextChoices):
        LOGIN = "login", _("Đăng nhập (mật khẩu đúng)")
        FAILED = "failed", _("Đăng nhập sai")
        CODE_OK = "code_ok", _("Nhập đúng mã xác thực hai bước")
        CODE_FAILED = "code_failed", _("Nhập sai mã xác thực hai bước")
        CODE_LOCKOUT = "code_lockout", _("Bị đăng xuất vì nhập sai mã quá nhiều lần")
        LOGOUT = "logout", _("Đăng xuất")

    at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices, db_index=True)
    user = models.ForeignKey(
        User,
        verbose_name=_("người dùng"),
        null=True,
        blank=True,
        # Users are deactivated, never deleted: their sign-in history stays with them.
        on_delete=models.PROTECT,
        related_name="login_events",
    )
    username = models.CharField(_("tên đăng nhập đã nhập"), max_length=150, blank=True)
    ip = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)
    user_agent = models.CharField(_("trình duyệt"), max_length=255, blank=True)
    # The path of the user's org at that moment, so that the page is scoped like the audit log; an unknown
    # username has none and is seen by superusers only.
    org_path = models.CharField(max_length=255, blank=True, db_index=True)

    class Meta:
        verbose_name = _("lượt đăng nhập")
        verbose_name_plural = _("nhật ký đăng nhập")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["user", "kind", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.username} {self.kind}"
