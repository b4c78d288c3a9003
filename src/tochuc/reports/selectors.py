"""The reports' readers for views and commands: the actor's scope is checked before anything is counted."""

from __future__ import annotations

from datetime import date

from django.http import Http404
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
