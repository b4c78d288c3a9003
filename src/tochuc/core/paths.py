"""Pure functions over the orgs' materialized paths (no database)."""

from __future__ import annotations

from collections.abc import Mapping


def roll_up(targets: Mapping[str, int], path: str) -> int | None:
    """A target set from above and split down the tree (admissions, party cells in enterprises), for the org
    at `path`, given the targets set in its subtree by org path: its own when the level above set one; else
    the sum of what was set below it, counting only the highest org with a target on each branch (a
    commune's target already covers its cells'); None when nothing in the subtree has one."""
    if path in targets:
        return targets[path]
    total, found, covered = 0, False, None
    for p in sorted(p for p in targets if p.startswith(path) and p != path):
        if covered is not None and p.startswith(covered):
            continue  # inside an org already counted by its own target
        total, found, covered = total + targets[p], True, p
    return total if found else None
