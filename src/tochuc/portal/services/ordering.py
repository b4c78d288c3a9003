"""Moving one item of a curated, numbered list (the category menu, the featured-events block) up or down."""

from __future__ import annotations

from django.db.models import Model

from tochuc.core.audit import audit_record


def move_one(*, actor, ordered: list[Model], pk: int, up: bool, action: str, org_path: str) -> Model | None:
    """Swap the item `pk` with its neighbour in `ordered` (locked rows in display order) and number the whole list
    anew 1, 2, 3 ...; audited as `action` on the moved item. At either end nothing moves: None."""
    index = next(i for i, item in enumerate(ordered) if item.pk == pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(ordered):
        return None
    ordered[index], ordered[other] = ordered[other], ordered[index]
    moved = ordered[other]
    before = moved.position
    for position, item in enumerate(ordered, start=1):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])
    audit_record(
        actor=actor,
        action=action,
        obj=moved,
        org_path=org_path,
        changes={"position": {"before": before, "after": moved.position}},
    )
    return moved
