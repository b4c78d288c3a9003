"""`Authorization: Bearer <secret>`: the only way into the API (no session, no cookie, so no CSRF)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer

from .selectors import token_for_secret
from .services import token_touch


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        found = token_for_secret(secret=token.strip())
        if found is None:
            raise AuthenticationError(message=_("Mã truy cập không đúng."))
        if found.revoked_at is not None:
            raise AuthenticationError(message=_("Mã truy cập đã bị thu hồi."))
        if found.expires_at is not None and found.expires_at <= timezone.now():
            raise AuthenticationError(message=_("Mã truy cập đã hết hạn."))
        user = found.user
        # A locked account's tokens stop at once: the user is read with the token on every request.
        if not user.is_active:
            raise AuthenticationError(message=_("Tài khoản đã bị khóa."))
        token_touch(token=found)
        request.api_token = found
        return user
