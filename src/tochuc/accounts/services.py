"""Writes to user accounts: create or update a scoped user, deactivate (the audit trail stays)."""

from __future__ import annotations

import re

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tochuc.core.audit import audit_record, diff
from tochuc.core.errors import DomainError
from tochuc.core.scope import in_scope
from tochuc.orgs.models import Org

from .models import User
from .roles import SECRETARY_ORG_TYPES, Action, Role

USERNAME_RE = re.compile(r"^[A-Za-z0-9._-]{1,150}$")
AUDITED = ("role", "org", "full_name", "is_active", "email")


def _state(user: User) -> dict:
    return {
        "role": user.role,
        "org": user.org.code if user.org_id else None,
        "full_name": user.full_name,
        "is_active": user.is_active,
        "email": user.email,
    }


def _password_messages(error: ValidationError) -> list[str]:
    # Django 5.2 changed the "too short" msgid and its Vietnamese catalogue still has the old one, so that
    # message alone would reach the user in English.
    return [
        _("Mật khẩu quá ngắn: cần ít nhất %(n)s ký tự.") % {"n": e.params["min_length"]}
        if e.code == "password_too_short"
        else " ".join(e.messages)
        for e in error.error_list
    ]


@transaction.atomic
def user_save(
    *,
    actor,
    username: str,
    role: str,
    org: Org,
    password: str | None = None,
    full_name: str = "",
    email: str = "",
    validate: bool = True,
    create_only: bool = False,
) -> tuple[User, bool]:
    """Create the user `username`, or update their role, org and password. Returns (user, created).

    With `create_only` an existing username is refused instead of updated (the "new account" form).
    """
    if actor is not None:
        if not actor.can(Action.ADMINISTER):
            raise DomainError(_("Chỉ quản trị hệ thống mới được quản lý người dùng."))
        if not in_scope(actor, org.path):
            raise DomainError(_("Tổ chức nằm ngoài phạm vi quản lý của bạn."), field="org")
    username = username.strip()
    if not username:
        raise DomainError(_("Tên đăng nhập không được để trống."), field="username")
    if not USERNAME_RE.match(username):
        raise DomainError(
            _("Tên đăng nhập chỉ gồm chữ không dấu, số và các dấu . _ - (tối đa 150 ký tự), ví dụ: cb.dongha."),
            field="username",
        )
    if role not in Role.values:
        raise DomainError(
            _("Vai trò «%(r)s» không hợp lệ; chọn một trong: %(all)s.") % {"r": role, "all": ", ".join(Role.values)},
            field="role",
        )
    if not org.is_open:
        raise DomainError(_("Tổ chức «%(org)s» đã kết thúc hoạt động.") % {"org": org.name}, field="org")
    if role == Role.SECRETARY and org.org_type not in SECRETARY_ORG_TYPES:
        raise DomainError(_("Bí thư cơ sở chỉ được gắn với tổ chức cơ sở đảng hoặc cấp dưới của nó."), field="org")
    user = User.objects.select_for_update().filter(username__iexact=username).first()
    is_new = user is None
    if create_only and not is_new:
        raise DomainError(_("Tên đăng nhập «%(u)s» đã có.") % {"u": username}, field="username")
    if is_new:
        user = User(username=username)
        before = {}
    else:
        # An administrator manages only the accounts in their scope: updating another one would move it
        # in and reset its password, handing its login (even a superuser's) to this administrator.
        if (
            actor is not None
            and not actor.is_superuser
            and (user.is_superuser or user.org_id is None or not in_scope(actor, user.org.path))
        ):
            raise DomainError(
                _("Tên đăng nhập «%(u)s» đã được dùng cho một tài khoản ngoài phạm vi quản lý của bạn.")
                % {"u": username},
                field="username",
            )
        before = _state(user)
    user.role, user.org, user.full_name, user.email = role, org, full_name or user.full_name, email or user.email
    user.is_staff = user.is_superuser  # the Django admin is for superusers only
    if password is not None:
        if validate:
            try:
                validate_password(password, user)
            except ValidationError as e:
                raise DomainError(" ".join(_password_messages(e)), field="password") from e
        user.set_password(password)
    elif is_new:
        user.set_unusable_password()
    user.save()
    changes = diff(before, _state(user))
    if password is not None:
        changes["password"] = {"before": None if is_new else "***", "after": "***"}
    audit_record(
        actor=actor, action="user.create" if is_new else "user.update", obj=user, org_path=org.path, changes=changes
    )
    return user, is_new


@transaction.atomic
def user_deactivate(*, actor, user: User) -> User:
    """Turn the account off; the user's audit trail stays attached to it."""
    if actor is not None and (not actor.can(Action.ADMINISTER) or not user.org or not in_scope(actor, user.org.path)):
        raise DomainError(_("Bạn không có quyền khóa tài khoản này."))
    if actor is not None and actor.pk == user.pk:
        raise DomainError(_("Không tự khóa tài khoản của chính mình."))
    if not user.is_active:
        return user
    user.is_active = False
    user.save(update_fields=["is_active"])
    audit_record(
        actor=actor,
        action="user.deactivate",
        obj=user,
        org_path=user.org.path if user.org else "",
        changes={"is_active": {"before": True, "after": False}},
    )
    return user


@transaction.atomic
def user_reactivate(*, actor, user: User) -> User:
    """Turn a locked account back on (the lock-out after failed logins is lifted too)."""
    if actor is not None and (not actor.can(Action.ADMINISTER) or not user.org or not in_scope(actor, user.org.path)):
        raise DomainError(_("Bạn không có quyền mở khóa tài khoản này."))
    if user.is_active:
        return user
    user.is_active = True
    user.save(update_fields=["is_active"])
    from axes.utils import reset

    reset(username=user.username)
    audit_record(
        actor=actor,
        action="user.reactivate",
        obj=user,
        org_path=user.org.path if user.org else "",
        changes={"is_active": {"before": False, "after": True}},
    )
    return user
