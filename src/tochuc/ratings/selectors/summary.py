"""The summary of the yearly ratings: for an org, each of its children (and its own entries) with the number
and share of each level year by year, for members or for orgs. One GROUP BY in the database over the subtree
(the first characters of the entry's org path name the child it lies under), never a loop over members."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q
from django.db.models.functions import Substr
from django.utils.translation import gettext as _

from tochuc.accounts.roles import Action
from tochuc.core.scope import require
from tochuc.orgs.models import SEGMENT, Org

from ..choices import RATING_ORDER, CampaignStatus, PeriodKind, Stage, SubjectKind
from ..rules import fmt_pct
from .campaigns import entries_in_scope, visible_campaigns

LEVELS = list(reversed(RATING_ORDER))  # excellent first, as the reports list them
MAX_YEARS = 10
YEARS_RE = re.compile(r"^\s*(\d{4})\s*(?:-\s*(\d{4}))?\s*$")


def parse_years(value: str, *, default: list[int]) -> list[int] | None:
    """ "2023-2025" -> [2023, 2024, 2025]; "2025" -> [2025]; "" -> `default`; None when unreadable or wider
    than ten years."""
    if not (value or "").strip():
        return default
    match = YEARS_RE.match(value)
    if not match:
        return None
    first, last = int(match.group(1)), int(match.group(2) or match.group(1))
    if last < first or last - first >= MAX_YEARS:
        return None
    return list(range(first, last + 1))


def latest_closed_year(*, actor, today: date) -> int:
    """The last year whose yearly review is over for the actor (a closed yearly campaign they see), the year
    before `today`'s when none is: the summary's default range ends there."""
    year = (
        visible_campaigns(actor)
        .filter(period_kind=PeriodKind.YEAR, status=CampaignStatus.CLOSED, year__lte=today.year)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    return year or today.year - 1


@dataclass
class YearCells:
    """One row's figures for one year: entries listed, decided, and decided per level."""

    listed: int = 0
    decided: int = 0
    levels: dict[str, int] = field(default_factory=dict)

    def cells(self) -> list[tuple[int, str]]:
        """(count, share of the decided) for each level, excellent first."""
        return [(self.levels.get(lv, 0), fmt_pct(self.levels.get(lv, 0), self.decided)) for lv in LEVELS]

    @property
    def undecided(self) -> int:
        return self.listed - self.decided


@dataclass
class SummaryRow:
    org: Org | None
    label: str
    years: dict[int, YearCells]
    has_children: bool = False


@dataclass
class Summary:
    org: Org
    kind: str
    years: list[int]
    rows: list[SummaryRow]
    total: SummaryRow


def rating_summary(*, actor, org: Org, years: list[int], kind: str = SubjectKind.MEMBER) -> Summary:
    """The yearly campaigns' entries of `kind` under `org` (inside the actor's scope; 404 outside), counted by
    the child of `org` they lie under, by year and by level."""
    require(actor, Action.LIST, org.path)
    length = len(org.path) + SEGMENT
    counts = (
        entries_in_scope(actor)
        .filter(org__path__under=org.path, kind=kind, campaign__period_kind=PeriodKind.YEAR, campaign__year__in=years)
        .annotate(prefix=Substr("org__path", 1, length))
        .values("prefix", "campaign__year", "stage", "level")
        .annotate(n=Count("id"))
        .order_by()
    )
    by_prefix: dict[str, list[tuple[int, str, str, int]]] = {}
    for r in counts:
        by_prefix.setdefault(r["prefix"], []).append((r["campaign__year"], r["stage"], r["level"], r["n"]))

    def row(o: Org | None, label: str, items, has_children: bool = False) -> SummaryRow:
        cells = {y: YearCells() for y in years}
        for year, stage, level, n in items:
            c = cells[year]
            c.listed += n
            if stage == Stage.DECIDED:
                c.decided += n
                c.levels[level] = c.levels.get(level, 0) + n
        return SummaryRow(org=o, label=label, years=cells, has_children=has_children)

    children = list(
        Org.objects.filter(Q(parent=org, closed_on__isnull=True) | Q(path__in=list(by_prefix)))
        .exclude(pk=org.pk)
        .annotate(n_children=Count("children"))
        .order_by("sort_key")
    )
    rows = []
    if by_prefix.get(org.path):
        rows.append(row(org, _("%(o)s (trực thuộc trực tiếp)") % {"o": org.name}, by_prefix[org.path]))
    rows += [row(c, c.name, by_prefix.get(c.path, []), c.n_children > 0) for c in children]
    total = row(None, _("Tổng cộng"), [item for items in by_prefix.values() for item in items])
    return Summary(org=org, kind=kind, years=years, rows=rows, total=total)
