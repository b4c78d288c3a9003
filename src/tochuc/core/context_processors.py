from __future__ import annotations

from tochuc.accounts.roles import Action


def shell(request):
    """What the page shell needs: the user's scope root and which menu entries their role opens."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav": _nav(request),
        "scope_org": user.org,
        "can_administer": user.can(Action.ADMINISTER),
        "can_export": user.can(Action.EXPORT),
        # The portal's editorial office sees only the portal: no internal record, no internal menu entry.
        "can_list": user.can(Action.LIST),
        "can_news": user.can(Action.WRITE_NEWS) or user.can(Action.PUBLISH_NEWS),
    }


def _nav(request) -> str:
    """Which entry of the side menu the page belongs to."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return ""
    app, name = match.app_name, match.url_name or ""
    if app == "members":
        if name.startswith("dashboard"):
            return "follow"
        if name.startswith(("quality", "reconcile")):
            return "quality"
        return "members"
    if app == "reports":
        return "charts" if name == "dashboard" else "reports"
    if app == "accounts":
        return "users"
    if app == "core":
        return name
    return app or name
