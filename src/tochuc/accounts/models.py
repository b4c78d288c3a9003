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
