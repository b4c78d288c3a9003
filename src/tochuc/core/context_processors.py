from __future__ import annotations

from tochuc.accounts.roles import Action


def shell(request):
    """What the page shell needs: the user's scope root and which menu entries their role opens."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "scope_org": user.org,
        "can_administer": user.can(Action.ADMINISTER),
        "can_export": user.can(Action.EXPORT),
    }
