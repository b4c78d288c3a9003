"""Targets set from above and split down the tree (admissions, party cells in enterprises): what an org's
target comes to when it was not set for the org itself, the sum of what was set below it."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Model, Q

from tochuc.core.paths import roll_up

__all__ = ["roll_up", "targets_by_path"]


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
