"""Targets set from above and split down the tree (admissions, party cells in enterprises): what an org's
target comes to when it was not set for the org itself, the sum of what was set below it."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from django.db import transaction
from django.db.models import Model, Q
from django.utils.translation import gettext as _

from tochuc.core.errors import DomainError
from tochuc.core.paths import roll_up
from tochuc.orgs.models import Org

__all__ = ["roll_up", "targets_by_path", "targets_save"]


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


def targets_save(
    request_post: Mapping[str, str],
    children: Iterable[Org],
    current: Mapping[int, int | None],
    setter: Callable[..., object],
) -> tuple[int, dict[int, str]]:
    """Save the targets posted for `children` (field `t<pk>`, empty: none) through `setter(org=, count=)`,
    all or nothing: the number changed, and the refusals by child pk (then nothing is kept). `current`: the
    targets already set, by child pk, so that an unchanged one is neither written nor audited."""
    changed, errors = 0, {}
    with transaction.atomic():
        for child in children:
            raw = request_post.get(f"t{child.pk}", "").strip()
            try:
                count = int(raw) if raw else None
                if count != current.get(child.pk):
                    setter(org=child, count=count)
                    changed += 1
            except ValueError:
                errors[child.pk] = _("Nhập một số nguyên.")
            except DomainError as e:
                errors[child.pk] = e.message
        if errors:
            transaction.set_rollback(True)
    return changed, errors
