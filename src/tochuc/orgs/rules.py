"""Which type of organization may sit under which (294-QĐ/TW; DOMAIN.md §8.1). Pure functions."""

from __future__ import annotations

from .models import OrgType

T = OrgType

ALLOWED_CHILDREN: dict[str, frozenset[str]] = {
    # Tỉnh ủy -> đảng bộ trực thuộc (xã, phường, đặc khu, cơ quan Đảng, UBND tỉnh, công an, quân sự),
    # and some grassroots organizations directly under it.
    T.PROVINCE_COMMITTEE: frozenset({T.UPPER_GRASSROOTS_COMMITTEE, T.GRASSROOTS_COMMITTEE, T.GRASSROOTS_CELL}),
    # Since 1/7/2025 the commune committees are the level directly above the grassroots (pilot, 294-QĐ/TW).
    T.UPPER_GRASSROOTS_COMMITTEE: frozenset({T.GRASSROOTS_COMMITTEE, T.GRASSROOTS_CELL}),
    T.GRASSROOTS_COMMITTEE: frozenset({T.SUB_COMMITTEE, T.CELL}),
    T.SUB_COMMITTEE: frozenset({T.CELL}),
    T.GRASSROOTS_CELL: frozenset({T.PARTY_GROUP}),
    T.CELL: frozenset({T.PARTY_GROUP}),
    T.PARTY_GROUP: frozenset(),
}

ROOT_TYPES = frozenset({T.PROVINCE_COMMITTEE})


def child_type_allowed(parent_type: str | None, child_type: str) -> bool:
    if parent_type is None:
        return child_type in ROOT_TYPES
    return child_type in ALLOWED_CHILDREN.get(parent_type, frozenset())


def allowed_child_types(parent_type: str | None) -> list[str]:
    if parent_type is None:
        return sorted(ROOT_TYPES)
    return [t for t in OrgType.values if t in ALLOWED_CHILDREN.get(parent_type, frozenset())]
