"""One exception type for domain refusals: a Vietnamese message, and the field it concerns."""

from __future__ import annotations


class DomainError(Exception):
    """A business rule refused the action. `field` names the form field (or None for the whole form)."""

    def __init__(self, message: str, *, field: str | None = None, code: str | None = None):
        super().__init__(message)
        self.message = str(message)
        self.field = field
        self.code = code

    def __str__(self) -> str:
        return self.message
