"""What every write of the module shares: dates in refusals, cleaned text, the checks of restricted writes, and
how restricted text appears in the audit log (it does not: only that it changed)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from tochuc.accounts.roles import Action
from tochuc.core.errors import DomainError
from tochuc.core.scope import require

# The audit log is read by administrators, who may not read restricted content: a restricted field's change is
# logged as this marker, never as its text.
REDACTED = "[nội dung mật]"
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def fmt(d: date | None) -> str:
    return d.strftime("%d/%m/%Y") if d else ""


def clean(values: dict[str, Any], *, multiline: tuple[str, ...] = ()) -> dict[str, Any]:
    """Text values stripped (one-line ones with their runs of white space collapsed), refusing control
    characters (pasted from another program) and naming the field."""
    out: dict[str, Any] = {}
    for name, value in values.items():
        if isinstance(value, str):
            if CONTROL.search(value):
                raise DomainError(
                    _("Có ký tự điều khiển không hợp lệ (thường do dán từ chương trình khác): gõ lại nội dung này."),
                    field=name,
                )
            value = value.strip() if name in multiline else " ".join(value.split())
        out[name] = value
    return out


def not_future(on: date, field: str) -> None:
    if on > timezone.localdate():
        raise DomainError(_("Ngày không được sau ngày hôm nay."), field=field)


def redacted(before: str, after: str) -> dict[str, str | None] | None:
    """The audit entry of a restricted text field: that it was written, changed or emptied, not what it says."""
    if before == after:
        return None
    return {"before": REDACTED if before else None, "after": REDACTED if after else None}


def require_restricted(actor, action: str, path: str) -> None:
    """A restricted write needs both the role's `action` (CREATE or EDIT) and `Action.RESTRICTED`: a leader
    reads restricted content but writes none; an officer writes cases but no restricted content. Outside the
    scope: 404 before either is looked at."""
    if actor is None:
        return
    require(actor, action, path)
    if not actor.can(Action.RESTRICTED):
        raise PermissionDenied
