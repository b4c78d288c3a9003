"""Writes to user accounts: create or update a scoped user, deactivate (the audit trail stays), two-factor."""

from __future__ import annotations

import re

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

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
def user_deactivate(*, actor, user: User, reason: str = "") -> User:
    """Turn the account off (never delete it): the user's audit trail stays attached to it, and they can no
    longer log in. `reason` (asked by the page) is kept as the audit event's note."""
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
        note=reason.strip(),
    )
    return user


@transaction.atomic
def user_reactivate(*, actor, user: User, reason: str = "") -> User:
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
        note=reason.strip(),
    )
    return user


# --- Two-factor authentication (TOTP, RFC 6238, through django-otp) ----------------------------------------


def two_factor_required(user) -> bool:
    """Administrators (the `admin` role) and superusers must use a second factor; everyone else may."""
    from django.conf import settings

    return bool(settings.TWO_FACTOR_REQUIRED_FOR_ADMINS and (user.is_superuser or user.role == Role.ADMIN))


def _device_path(user: User) -> str:
    return user.org.path if user.org_id else ""


@transaction.atomic
def two_factor_device_start(*, user: User) -> TOTPDevice:
    """The not-yet-confirmed device whose secret the enrolment page shows (the same one until confirmed).

    Not audited on its own: it grants nothing until `two_factor_enable` confirms it, which is audited."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="tochuc", confirmed=False)
    return device


@transaction.atomic
def two_factor_enable(*, user: User, device: TOTPDevice, code: str) -> TOTPDevice:
    """Confirm the enrolment with a code from the app: from now on the user owes a code after the password."""
    if device.user_id != user.pk or device.confirmed:
        raise DomainError(_("Thiết bị xác thực không hợp lệ; hãy bắt đầu lại."), field="code")
    if not device.verify_token(_digits(code)):
        raise DomainError(_wrong_code(), field="code")
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    # One device per user: a new enrolment replaces the old one.
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    audit_record(
        actor=user,
        action="auth.2fa.enable",
        obj=user,
        org_path=_device_path(user),
        changes={"two_factor": {"before": False, "after": True}},
    )
    return device


@transaction.atomic
def two_factor_disable(*, user: User, code: str) -> None:
    """Turn the second factor off on one's own account; a current code proves the device is in hand."""
    if two_factor_required(user):
        raise DomainError(_("Quản trị hệ thống bắt buộc dùng xác thực hai bước, không được tắt."), field="code")
    devices = list(TOTPDevice.objects.filter(user=user, confirmed=True))
    if not devices:
        raise DomainError(_("Tài khoản chưa bật xác thực hai bước."), field="code")
    if not any(d.verify_token(_digits(code)) for d in devices):
        raise DomainError(_wrong_code(), field="code")
    TOTPDevice.objects.filter(user=user).delete()
    audit_record(
        actor=user,
        action="auth.2fa.disable",
        obj=user,
        org_path=_device_path(user),
        changes={"two_factor": {"before": True, "after": False}},
    )


@transaction.atomic
def two_factor_reset(*, actor, user: User) -> None:
    """An administrator removes another user's device (a lost phone): the user enrols again at the next login
    if they must (an administrator), or logs in with the password alone."""
    if actor is not None and (not actor.can(Action.ADMINISTER) or not user.org or not in_scope(actor, user.org.path)):
        raise DomainError(_("Bạn không có quyền đặt lại xác thực hai bước của tài khoản này."))
    if actor is not None and actor.pk == user.pk:
        raise DomainError(_("Không tự đặt lại xác thực hai bước của chính mình."))
    deleted, _by_model = TOTPDevice.objects.filter(user=user).delete()
    if not deleted:
        raise DomainError(_("Tài khoản %(u)s chưa bật xác thực hai bước.") % {"u": user.username})
    audit_record(
        actor=actor,
        action="auth.2fa.reset",
        obj=user,
        org_path=_device_path(user),
        changes={"two_factor": {"before": True, "after": False}},
    )


def _wrong_code() -> str:
    return _("Mã xác thực không đúng hoặc đã hết hạn: nhập mã 6 chữ số đang hiện trên ứng dụng.")


def _digits(code: str) -> str:
    return "".join((code or "").split())
