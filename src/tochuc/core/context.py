"""Who is acting and from where, for the audit log: set per request by the middleware."""

from __future__ import annotations

from contextvars import ContextVar

current_ip: ContextVar[str | None] = ContextVar("current_ip", default=None)
