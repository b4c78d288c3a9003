"""The reports' readers for views and commands: the actor's scope is checked before anything is counted."""

from __future__ import annotations

from datetime import date

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from tochuc.accounts.roles import Action
from tochuc.core.errors import DomainError
from tochuc.core.scope import require, root_path
from tochuc.orgs.models import Org

from . import engine
from .catalog import REPORTS
from .engine import Report, Result


def report_get(name: str) -> Report:
    try:
        return REPORTS[name]
    except KeyError:
        raise DomainError(
            _("Không có báo cáo «%(name)s». Các báo cáo: %(names)s.") % {"name": name, "names": ", ".join(REPORTS)},
            field="report",
        ) from None


def report_org_default(*, actor) -> Org | None:
    """The org a report is about when none is chosen: the actor's own (None, the nation, for a superuser
    without one)."""
    return actor.org if actor is not None and actor.org_id else None


def report_run(
    *,
    actor,
    report: Report,
    org: Org | None,
    as_of: date | None = None,
    start: date | None = None,
    end: date | None = None,
    action: str = Action.LIST,
) -> Result:
    """Run `report` for `org` inside the actor's scope (404 outside it; the nation only for those who see
    everything). `actor` None is the system (the `tochuc report` command)."""
    if actor is not None:
        if org is None and root_path(actor) != "":
            raise Http404
        require(actor, action, org.path if org is not None else None)
    return engine.run(report, org=org, as_of=as_of, start=start, end=end)


def admission_targets(*, actor, org: Org, year: int) -> tuple[list[Org], dict[int, int]]:
    """The open orgs of the next level under `org` (inside the actor's scope) and the admission targets for
    `year` of `org` and of each of them: org id -> count."""
    from .models import AdmissionTarget

    require(actor, Action.LIST, org.path)
    children = list(Org.objects.open().filter(parent=org).order_by("sort_key"))
    targets = AdmissionTarget.objects.filter(org__in=[org, *children], year=year).values_list("org_id", "count")
    return children, dict(targets)


_ADMISSION_KEYS = ("admitted", "young", "female", "minority", "religious", "non_state")


def target_progress(*, actor, org: Org, year: int) -> dict[str, dict]:
    """For each org of the next level under `org` (by code) and for `org` itself (key ""): the admission
    target (own, or summed up from below), what it has split further down, the admissions of the year so far
    with their breakdown, and, when the recruitment module is there, its candidates in the pipeline."""
    from .catalog import REPORTS
    from .models import AdmissionTarget
    from .targets import roll_up, targets_by_path

    require(actor, Action.LIST, org.path)
    today = timezone.localdate()
    targets = targets_by_path(AdmissionTarget, year=year, paths=[org.path])
    children = Org.objects.open().filter(parent=org).only("code", "path")
    out: dict[str, dict] = {}
    for code, path in [("", org.path), *((c.code, c.path) for c in children)]:
        below = {p: n for p, n in targets.items() if p != path}
        out[code] = {"target": roll_up(targets, path), "split": roll_up(below, path)}
    if year > today.year:  # targets set ahead: nothing admitted yet
        for values in out.values():
            values.update(achieved=None, remaining=values["target"])
        return out
    start, end = date(year, 1, 1), min(date(year, 12, 31), today)
    development = engine.run(REPORTS["development"], org=org, start=start, end=end)
    pipeline = engine.run(REPORTS["pipeline"], org=org, start=start, end=end) if "pipeline" in REPORTS else None
    # The development report's admissions and their breakdown; from the pipeline, only the candidates
    # developing and those awaiting the decision (its other columns count candidates, not members).
    for result, keys in ((development, _ADMISSION_KEYS), (pipeline, ("developing", "committee"))):
        if result is None:
            continue
        for row in result.data_rows:
            if row.kind == "org" and row.key in out:
                out[row.key].update({k: row.values[k] for k in keys})
        out[""].update({k: result.total[k] for k in keys})
    for values in out.values():
        target, admitted = values["target"], values.get("admitted") or 0
        values["achieved"] = engine.percent(admitted, target)
        values["remaining"] = max(target - admitted, 0) if target is not None else None
    return out
