"""Targets set from above and split down the tree (admissions, party cells in enterprises): what an org's
target comes to when it was not set for the org itself, the sum of what was set below it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.db.models import Model, Q


def roll_up(targets: Mapping[str, int], path: str) -> int | None:
    """The org's own target (by its path) when set; else the sum of the rolled-up targets of its children,
    that is of the highest orgs below it that have one (None when nothing below has one either)."""
    if path in targets:
        return targets[path]
    below = sorted(p for p in targets if p.startswith(path) and p != path)
    total, found, covered = 0, False, ""
    for p in below:
        if covered and p.startswith(covered):
            continue  # inside an org already counted by its own target
        total, found, covered = total + targets[p], True, p
    return total if found else None


def targets_by_path(model: type[Model], *, year: int, paths: Iterable[str]) -> dict[str, int]:
    """The targets for `year` set for the orgs in the subtrees of `paths` ("" for the nation), by org path."""
    qs = model.objects.filter(year=year)
    roots = sorted(set(paths))
    if "" not in roots:
        condition = Q()
        for root in roots:
            condition |= Q(org__path__under=root)
        qs = qs.filter(condition) if roots else qs.none()
    return dict(qs.values_list("org__path", "count"))
