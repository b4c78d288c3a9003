"""Writes to API tokens: issue (the secret is returned once, only its hash is stored) and revoke."""

from __future__ import annotations

import hashlib
import secrets
import string
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tochuc.core.audit import audit_record
from tochuc.core.errors import DomainError

from .models import ApiToken

PREFIX_LENGTH = 8
# Letters and digits only (43 of them: over 256 bits): a prefix that began with "-" would read as an option
# on the command line (`tochuc token USER --revoke PREFIX`), and the secret needs no quoting anywhere.
SECRET_ALPHABET = string.ascii_letters + string.digits
SECRET_LENGTH = 43
# A token touched less than this long ago is not written again: no write per request.
TOUCH_INTERVAL = timedelta(minutes=1)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


@transaction.atomic
def token_issue(*, actor, user, name: str = "", days: int | None = None) -> tuple[ApiToken, str]:
    """A new token for `user`; returns it and its secret, which is never stored nor audited."""
    if not user.is_active:
        raise DomainError(_("Tài khoản «%(u)s» đã bị khóa.") % {"u": user.username}, field="user")
    if days is not None and days < 1:
        raise DomainError(_("Số ngày hiệu lực phải từ 1 trở lên."), field="days")
    name = name.strip()
    if len(name) > 100:
        raise DomainError(_("Tên mã truy cập dài tối đa 100 ký tự."), field="name")
    secret = "".join(secrets.choice(SECRET_ALPHABET) for _ in range(SECRET_LENGTH))
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=secret[:PREFIX_LENGTH],
        key_hash=hash_secret(secret),
        expires_at=timezone.now() + timedelta(days=days) if days else None,
    )
    audit_record(
        actor=actor,
        action="api_token.issue",
        obj=token,
        org_path=user.org.path if user.org_id else "",
        changes={
            "user": {"before": None, "after": user.username},
            "name": {"before": None, "after": name},
            "prefix": {"before": None, "after": token.prefix},
            "expires_at": {"before": None, "after": token.expires_at},
        },
    )
    return token, secret


@transaction.atomic
def token_revoke(*, actor, token: ApiToken) -> ApiToken:
    token = ApiToken.objects.select_for_update(of=("self",)).select_related("user__org").get(pk=token.pk)
    if token.revoked_at is not None:
        raise DomainError(_("Mã truy cập %(p)s… đã bị thu hồi trước đó.") % {"p": token.prefix}, field="token")
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    user = token.user
    audit_record(
        actor=actor,
        action="api_token.revoke",
        obj=token,
        org_path=user.org.path if user.org_id else "",
        changes={"revoked_at": {"before": None, "after": token.revoked_at}},
    )
    return token


def token_touch(*, token: ApiToken) -> None:
    """Mark the token used, at most once per TOUCH_INTERVAL. Bookkeeping like Django's `last_login`, not a
    business action: not audited (an audit row per request would drown the log)."""
    now = timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < TOUCH_INTERVAL:
        return
    # The condition is repeated in the UPDATE so that concurrent requests write once between them.
    stale = now - TOUCH_INTERVAL
    ApiToken.objects.filter(pk=token.pk).exclude(last_used_at__gte=stale).update(last_used_at=now)
    token.last_used_at = now


def dossier_read_record(*, actor, member) -> None:
    """Record that `actor` read a member's dossier through the API, as printing it is recorded
    (members.pdf.dossier_pdf): the dossier is a confidential Party document."""
    audit_record(
        actor=actor,
        action="member.dossier_view",
        obj=member,
        org_path=member.org.path,
        note="Đọc lý lịch đảng viên qua API",
    )
