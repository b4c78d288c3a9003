"""The reports' only writer: the yearly targets set by the level above the org (admissions here; the
enterprises app sets its targets for founding party cells through the same `target_set`)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from tochuc.accounts.roles import Action
from tochuc.core.audit import audit_record
from tochuc.core.errors import DomainError
from tochuc.core.scope import require
from tochuc.orgs.models import Org

from .models import AdmissionTarget

MAX_TARGET = 1_000_000  # more than a year's admissions in the whole Party


@transaction.atomic
def target_set(
    *,
    actor,
    model: type[Model],
    action: str,
    org: Org,
    year: int,
    count: int | None,
    note: str = "",
    maximum: int,
) -> Model | None:
    """Set (or, with `count` None, withdraw) `org`'s target for `year` in `model` (a row per org and year with
    `count`, `note`, `set_by`), audited as `action`. Targets come from above: the actor needs the right to
    edit in the parent's subtree (a province officer sets the communes' targets, a commune officer its
    cells'); the province's own target is set by its administrators."""
    above = org.parent if org.parent_id else org
    if actor is not None:
        require(actor, Action.EDIT, above.path)  # an officer of the org itself sees nothing above it: 404
    if not 2000 <= year <= 2100:
        raise DomainError(_("Năm không hợp lệ."), field="year")
    if count is not None and count < 0:
        raise DomainError(_("Chỉ tiêu không được âm."), field="count")
    if count is not None and count > maximum:
        raise DomainError(
            _("Chỉ tiêu quá lớn (tối đa %(n)s).") % {"n": f"{maximum:,}".replace(",", ".")}, field="count"
        )
    note = note.strip()
    current = model.objects.select_for_update().filter(org=org, year=year).first()
    before = current.count if current else None
    if count == before and (current is None or current.note == note):
        return current
    if count is None:
        if current is not None:
            current.delete()
        target = None
    elif current is None:
        target = model.objects.create(org=org, year=year, count=count, note=note, set_by=_who(actor))
    else:
        current.count, current.note, current.set_by = count, note, _who(actor)
        current.save(update_fields=["count", "note", "set_by", "updated_at"])
        target = current
    audit_record(
        actor=actor,
        action=action,
        obj=org,
        org_path=org.path,
        changes={"year": {"before": None, "after": year}, "count": {"before": before, "after": count}},
        note=note,
    )
    return target


def admission_target_set(*, actor, org: Org, year: int, count: int | None, note: str = "") -> AdmissionTarget | None:
    """Set (or, with `count` None, withdraw) `org`'s admission target for `year` (see `target_set`)."""
    return target_set(
        actor=actor,
        model=AdmissionTarget,
        action="report.target",
        org=org,
        year=year,
        count=count,
        note=note,
        maximum=MAX_TARGET,
    )


def _who(actor):
    return actor if getattr(actor, "pk", None) else None
