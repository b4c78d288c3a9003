"""The log of sign-ins: every login, logout, failed password and second-factor check, as `LoginEvent` rows.

Written from Django's auth signals, so that every way in (the login page, the Django admin) is recorded.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.utils import timezone

from tochuc.core.context import current_ip

from .models import LoginEvent, User

USER_AGENT_MAX = 255


def _ip(request) -> str | None:
    # RequestContextMiddleware knows the client's address (X-Real-IP behind the proxy when trusted).
    ip = current_ip.get()
    if ip is None and request is not None:
        ip = request.META.get("REMOTE_ADDR")
    return ip or None


def login_event_record(*, kind: str, request=None, user: User | None = None, username: str = "") -> LoginEvent:
    agent = request.META.get("HTTP_USER_AGENT", "") if request is not None else ""
    return LoginEvent.objects.create(
        kind=kind,
        user=user if getattr(user, "pk", None) else None,
        username=(username or getattr(user, "username", ""))[:150],
        ip=_ip(request),
        user_agent=agent[:USER_AGENT_MAX],
        org_path=user.org.path if getattr(user, "org_id", None) else "",
    )


def code_failures(user: User) -> int:
    """Wrong second-factor codes since the last right one, within the lock-out time (as for passwords)."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    last_ok = (
        LoginEvent.objects.filter(user=user, kind=LoginEvent.Kind.CODE_OK, at__gte=since)
        .order_by("-at")
        .values_list("at", flat=True)
        .first()
    )
    return LoginEvent.objects.filter(user=user, kind=LoginEvent.Kind.CODE_FAILED, at__gt=last_ok or since).count()


def code_locked(user: User) -> bool:
    return code_failures(user) >= settings.TWO_FACTOR_FAILURE_LIMIT


@receiver(user_logged_in, dispatch_uid="tochuc.accounts.login_log.logged_in")
def _logged_in(sender, request, user, **kwargs) -> None:
    login_event_record(kind=LoginEvent.Kind.LOGIN, request=request, user=user)
    if request is not None and hasattr(request, "session"):
        from .middleware import mark_pending

        mark_pending(request, user)


@receiver(user_logged_out, dispatch_uid="tochuc.accounts.login_log.logged_out")
def _logged_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        login_event_record(kind=LoginEvent.Kind.LOGOUT, request=request, user=user)


@receiver(user_login_failed, dispatch_uid="tochuc.accounts.login_log.login_failed")
def _login_failed(sender, credentials, request=None, **kwargs) -> None:
    username = str(credentials.get("username", ""))
    user = User.objects.select_related("org").filter(username__iexact=username).first() if username else None
    login_event_record(kind=LoginEvent.Kind.FAILED, request=request, user=user, username=username)
