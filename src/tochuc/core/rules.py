"""The rules in force: versioned thresholds read by every module (`rules_in_force(on=date)`).

Module rules (`members/rules.py` ...) stay pure: they take the values this returns as arguments.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from datetime import date
from typing import Any

from django.db.models import Q
from django.utils import timezone

from .errors import DomainError
from .models import RuleParameter


class RulesInForce(Mapping[str, Any]):
    """Exactly one version of each parameter, as of one date. `rules["admission.min_age_years"]`."""

    def __init__(self, on: date, rows: list[RuleParameter]):
        self.on = on
        self._rows: dict[str, RuleParameter] = {}
        for row in rows:
            if row.key in self._rows:
                raise DomainError(f"Tham số «{row.key}» có hai phiên bản cùng hiệu lực ngày {on:%d/%m/%Y}.")
            self._rows[row.key] = row

    def __getitem__(self, key: str) -> Any:
        try:
            return self._rows[key].value
        except KeyError:
            raise KeyError(f"Không có tham số «{key}» hiệu lực ngày {self.on:%d/%m/%Y}") from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)

    def version(self, key: str) -> RuleParameter:
        """The row itself: its legal basis, article, whether it is confirmed."""
        return self._rows[key]

    def basis(self, key: str) -> str:
        row = self._rows[key]
        parts = [row.legal_basis.code if row.legal_basis else "", row.article]
        return ", ".join(p for p in parts if p)


def rules_in_force(on: date | None = None) -> RulesInForce:
    on = on or timezone.localdate()
    rows = list(
        RuleParameter.objects.filter(effective_from__lte=on)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gt=on))
        .select_related("legal_basis")
    )
    return RulesInForce(on, rows)


def rule_on(key: str) -> Callable[[date], Any]:
    """Every version of one parameter read at once: `value_on = rule_on(key); value_on(d)` is its value in
    force on `d`, for lists that need it on many different days without a query each."""
    versions = list(RuleParameter.objects.filter(key=key).order_by("effective_from"))

    def value_on(on: date) -> Any:
        for v in versions:
            if v.effective_from <= on and (v.effective_to is None or on < v.effective_to):
                return v.value
        raise KeyError(f"Không có tham số «{key}» hiệu lực ngày {on:%d/%m/%Y}")

    return value_on
