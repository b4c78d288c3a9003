"""The verdict of a set of conditions (an admission, an appointment, a planning entry): each condition met or
not, why, and whether it blocks the decision or only warns (an UNCONFIRMED rule warns, DOMAIN.md "How to
encode a rule"). The modules' pure rules return these; the pages show them; the services refuse on them."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Check:
    """One condition: met or not, why, whether it blocks the decision or only warns."""

    code: str
    label: str
    ok: bool
    reason: str = ""
    blocking: bool = True


@dataclass
class Eligibility:
    checks: list[Check] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(c.ok or not c.blocking for c in self.checks)

    @property
    def refusals(self) -> list[Check]:
        return [c for c in self.checks if not c.ok and c.blocking]

    @property
    def warnings(self) -> list[Check]:
        return [c for c in self.checks if not c.ok and not c.blocking]
