"""Holds a signed-in user who still owes a second factor to the code page (or, for an administrator without a
device, to the enrolment page) until they are through: nothing else answers for them meanwhile."""

from __future__ import annotations

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse

from .services import two_factor_required

# Set at login (accounts.login_log) when the user has a confirmed device: the session is not trusted yet.
PENDING_KEY = "tochuc_2fa_pending"
# The pages a half-signed-in user may reach: the second step itself, leaving, and the language switch.
_OPEN_URL_NAMES = ("login", "logout", "two_factor_verify", "two_factor_setup", "set_language")


def mark_pending(request, user) -> None:
    from django_otp import user_has_device

    if user_has_device(user, confirmed=True):
        request.session[PENDING_KEY] = True


def pending_step(request) -> str | None:
    """ "verify" (a code is owed), "setup" (an administrator must enrol a device first) or None."""
    user = request.user
    if not user.is_authenticated:
        return None
    pending = request.session.get(PENDING_KEY, False)
    required = two_factor_required(user)
    if not (pending or required):
        return None  # no query: the common case of a user without two-factor
    if user.is_verified():
        return None
    from django_otp import user_has_device

    if user_has_device(user, confirmed=True):
        return "verify"
    return "setup" if required else None


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self._open_paths: tuple[str, ...] | None = None

    def __call__(self, request):
        step = pending_step(request)
        if step is not None and not request.path_info.startswith(self.open_paths()):
            target = reverse("two_factor_verify" if step == "verify" else "two_factor_setup")
            response = redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
            if getattr(request, "htmx", False):
                response["HX-Redirect"] = response["Location"]
            return response
        return self.get_response(request)

    def open_paths(self) -> tuple[str, ...]:
        if self._open_paths is None:
            self._open_paths = (*(reverse(name) for name in _OPEN_URL_NAMES), "/static/")
        return self._open_paths
