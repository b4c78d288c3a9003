"""Pure rules of congress planning and delegates: terms, the congress number through merges and splits
(06-HD/TW; DOMAIN.md §4.1), the order of a congress's stages, the reference date for ages (45-CT/TW;
DOMAIN.md §4.2), the apportionment of delegate seats (DOMAIN.md §4.3) and the bands of the credentials
committee's report. No database."""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Mapping
from datetime import date
from fractions import Fraction
from typing import TypeVar

from .choices import STATUS_ORDER, CongressStatus

K = TypeVar("K", bound=Hashable)

TERM_RE = re.compile(r"^(\d{4})-(\d{4})$")
TERM_YEARS = 5
FIRST_TERM_YEAR = 2025  # the terms run 2025-2030, 2030-2035 ... (Điều lệ Đảng, Điều 13: five years)


# A đảng bộ and a chi bộ cơ sở hold one congress in five years ("2025-2030"); a chi bộ under a grassroots
# committee has held two ("2025-2027", "2027-2030"; the 5-year term is piloted), DOMAIN.md §4.1.
TERM_SPANS = frozenset({TERM_YEARS, 2, 3})


def valid_term(term: str) -> bool:
    """ "2025-2030", or a half term of a chi bộ under a grassroots committee ("2025-2027", "2027-2030")."""
    m = TERM_RE.match(term or "")
    return bool(m) and int(m.group(2)) - int(m.group(1)) in TERM_SPANS and 1930 <= int(m.group(1)) <= 2200


def term_of(on: date) -> str:
    """The term that `on` falls in: 2026-03-01 → "2025-2030"."""
    start = FIRST_TERM_YEAR + TERM_YEARS * ((on.year - FIRST_TERM_YEAR) // TERM_YEARS)
    return f"{start}-{start + TERM_YEARS}"


def term_choices(on: date) -> list[str]:
    """The terms an officer plans on `on`: the one before (congresses still being closed), the current one
    and the next (prepared during the last year of a term)."""
    start = int(term_of(on)[:4])
    return [f"{s}-{s + TERM_YEARS}" for s in (start - TERM_YEARS, start, start + TERM_YEARS)]


# --- Numbering (06-HD/TW: the sequence continues through merges and splits; a new org starts at I) ---------


def predecessors_closure(org_id: K, predecessors: Mapping[K, Iterable[K]]) -> set[K]:
    """Every org whose history `org_id` continues: its predecessors, theirs, and so on (cycles ignored)."""
    seen: set[K] = set()
    todo = list(predecessors.get(org_id, ()))
    while todo:
        current = todo.pop()
        if current in seen or current == org_id:
            continue
        seen.add(current)
        todo.extend(predecessors.get(current, ()))
    return seen


def next_number(org_id: K, *, predecessors: Mapping[K, Iterable[K]], latest: Mapping[K, int]) -> int:
    """The number of the org's next congress: the highest number held by the org or any of its predecessors,
    plus one; 1 for an org with no congress in its history (DOMAIN.md §4.1).

    `predecessors[o]` = the orgs merged or split into `o` (its sources); `latest[o]` = o's highest number."""
    history = {org_id, *predecessors_closure(org_id, predecessors)}
    return max((latest[o] for o in history if o in latest), default=0) + 1


def roman(n: int) -> str:
    """Congress numbers are written in Roman numerals ("Đại hội lần thứ XIV")."""
    if n <= 0:
        return str(n)
    out = []
    for value, numeral in (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ):  # fmt: skip
        while n >= value:
            out.append(numeral)
            n -= value
    return "".join(out)


# --- Stages -----------------------------------------------------------------------------------------------

HELD_STAGES = frozenset({CongressStatus.HELD.value, CongressStatus.RESULTS_APPROVED.value})


def stage_index(status: str) -> int:
    return STATUS_ORDER.index(status)


def status_move_allowed(current: str, new: str) -> bool:
    """A congress moves forward through its stages (a stage may be skipped when recorded late); never back."""
    return stage_index(new) >= stage_index(current)


def is_late(*, status: str, planned_from: date, today: date) -> bool:
    """Late: the planned day has passed and the congress has not been held."""
    return status not in HELD_STAGES and planned_from < today


# --- Reference date for ages (45-CT/TW, DOMAIN.md §4.2) ---------------------------------------------------

# Chỉ thị 45-CT/TW gives months; the first day of the month is taken, and the officer may change it.
REFERENCE_2025 = {
    "grassroots": date(2025, 4, 1),
    "upper_agency": date(2025, 6, 1),  # directly above the grassroots (agency committees under the province)
    "upper_commune": date(2025, 7, 1),  # commune, ward, special-zone committees under the province
    "province": date(2025, 9, 1),
}

GRASSROOTS_TYPES = frozenset({"grassroots_committee", "grassroots_cell", "sub_committee", "cell", "party_group"})


def reference_date_default(*, term: str, org_type: str, sector: str) -> date | None:
    """The day ages are counted at for a congress of `term` (known for 2025-2030 only)."""
    if term != "2025-2030":
        return None
    if org_type == "province_committee":
        return REFERENCE_2025["province"]
    if org_type in GRASSROOTS_TYPES:
        return REFERENCE_2025["grassroots"]
    return REFERENCE_2025["upper_commune" if sector == "commune" else "upper_agency"]


# --- Apportionment of delegate seats (DOMAIN.md §4.3) -----------------------------------------------------


def apportion(*, seats: int, members: Mapping[K, int], base_per_unit: int = 0) -> dict[K, int]:
    """Share `seats` among units: each gets `base_per_unit` (by organization), the rest goes in proportion
    to members, by largest remainder (Hamilton), so that the total is exactly `seats`.

    When the seats cannot give every unit its base, the base is lowered to what they can (seats // units).
    Ties between remainders go to the unit with more members, then to the unit listed first, so that a unit
    never gets fewer seats than one with fewer members. DOMAIN.md §4.3 (the higher committee's allocation
    "by membership and by organization"; the total equals the cap set by the convening committee)."""
    if seats < 0 or base_per_unit < 0 or any(m < 0 for m in members.values()):
        raise ValueError("negative seats, base or members")
    units = list(members)
    if not units:
        if seats:
            raise ValueError("no unit to give seats to")
        return {}
    base = min(base_per_unit, seats // len(units))
    rest = seats - base * len(units)
    total = sum(members.values())
    result = {u: base for u in units}
    if rest == 0:
        return result
    if total == 0:
        quotas = {u: Fraction(rest, len(units)) for u in units}
    else:
        quotas = {u: Fraction(rest * members[u], total) for u in units}
    floors = {u: int(q) for u, q in quotas.items()}
    left = rest - sum(floors.values())
    order = sorted(range(len(units)), key=lambda i: (-(quotas[units[i]] - floors[units[i]]), -members[units[i]], i))
    bonus = {units[i] for i in order[:left]}
    for u in units:
        result[u] += floors[u] + (1 if u in bonus else 0)
    return result


# --- Delegates ------------------------------------------------------------------------------------------


def age_on(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def years_between(start: date, on: date) -> int:
    return age_on(start, on)


# The bands of the credentials committee's report (báo cáo thẩm tra tư cách đại biểu).
AGE_BANDS = [(0, 35, "≤ 35"), (36, 45, "36–45"), (46, 55, "46–55"), (56, 60, "56–60"), (61, 200, "> 60")]
PARTY_AGE_BANDS = [(0, 9, "< 10 năm"), (10, 19, "10–19 năm"), (20, 29, "20–29 năm"), (30, 200, "≥ 30 năm")]


def band(value: int, bands: list[tuple[int, int, str]]) -> str:
    for low, high, label in bands:
        if low <= value <= high:
            return label
    return bands[-1][2]


def is_minority(ethnic_group: str) -> bool:
    return (ethnic_group or "Kinh") != "Kinh"
