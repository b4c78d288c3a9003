"""The yearly summary of the coordination on internal political protection for an org: the cases requested in
the year by purpose, concluded in it by conclusion, withdrawn, still open and overdue at the year's end (or
today, for the current year), the requests sent and answered and the average days a reply took, by the org's
children (each child's row counts its whole subtree) and the org's own. Two GROUP BY queries over the subtree,
by the first characters of the requesting org's path (as orgs.selectors.member_counts_by_child counts
members). No restricted content: counts only."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q
from django.db.models.functions import Substr

from tochuc.accounts.roles import Action
from tochuc.core.scope import require
from tochuc.orgs.models import SEGMENT, Org

from ..choices import CaseStatus, Conclusion, Purpose
from ..models import Case, Question


@dataclass
class Row:
    org: Org | None
    label: str
    opened: dict[str, int] = field(default_factory=dict)  # purpose -> cases requested in the year
    concluded: dict[str, int] = field(default_factory=dict)  # conclusion -> cases concluded in the year
    withdrawn: int = 0
    open_at_end: int = 0
    overdue: int = 0
    sent: int = 0
    answered: int = 0
    late: int = 0
    avg_days: float | None = None
    _days_total: float = 0.0  # the sum behind avg_days, to weigh the total's average

    @property
    def opened_total(self) -> int:
        return sum(self.opened.values())

    @property
    def concluded_total(self) -> int:
        return sum(self.concluded.values())

    def empty(self) -> bool:
        return not (self.opened_total or self.concluded_total or self.withdrawn or self.open_at_end or self.sent
                    or self.answered)  # fmt: skip


@dataclass
class Summary:
    org: Org
    year: int
    on: date  # the day "still open" and "overdue" are counted on
    rows: list[Row]
    total: Row


def _days(value) -> float | None:
    if value is None:
        return None
    if hasattr(value, "total_seconds"):
        return value.total_seconds() / 86400
    return float(value)  # a backend that returns the average as days


def protection_summary(*, actor, org: Org, year: int, today: date) -> Summary:
    """The summary of `year` under `org` (404 outside the actor's scope)."""
    require(actor, Action.LIST, org.path)
    start, end = date(year, 1, 1), date(year, 12, 31)
    on = min(end, today)
    length = len(org.path) + SEGMENT
    open_at = (
        Q(requested_on__lte=on)
        & (Q(concluded_on__isnull=True) | Q(concluded_on__gt=on))
        & (Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=on))
    )
    cases = (
        Case.objects.filter(org__path__under=org.path, requested_on__lte=end)
        .filter(
            Q(requested_on__gte=start)
            | Q(concluded_on__gte=start)
            | Q(withdrawn_on__gte=start)
            | Q(status=CaseStatus.OPEN)
        )
        .annotate(prefix=Substr("org__path", 1, length))
        .values("prefix")
        .annotate(
            **{
                f"p_{p}": Count("pk", filter=Q(requested_on__gte=start, requested_on__lte=end, purpose=p))
                for p in Purpose.values
            },
            **{
                f"c_{c}": Count("pk", filter=Q(concluded_on__gte=start, concluded_on__lte=end, conclusion=c))
                for c in Conclusion.values
            },
            withdrawn=Count("pk", filter=Q(withdrawn_on__gte=start, withdrawn_on__lte=end)),
            open_at_end=Count("pk", filter=open_at),
            overdue=Count("pk", filter=open_at & Q(due_on__lt=on)),
        )
        .order_by()
    )
    took = ExpressionWrapper(F("replied_on") - F("sent_on"), output_field=DurationField())
    answered_in_year = Q(replied_on__gte=start, replied_on__lte=end)
    # Every request the year's figures may count: sent by its end and not answered before it began (one
    # answered after the year's end was still waiting, perhaps late, on its last day).
    questions = (
        Question.objects.filter(case__org__path__under=org.path, cancelled_at__isnull=True, sent_on__lte=end)
        .filter(Q(replied_on__isnull=True) | Q(replied_on__gte=start))
        .annotate(prefix=Substr("case__org__path", 1, length))
        .values("prefix")
        .annotate(
            sent=Count("pk", filter=Q(sent_on__gte=start, sent_on__lte=end)),
            answered=Count("pk", filter=answered_in_year),
            avg=Avg(took, filter=answered_in_year),
            late=Count(
                "pk",
                filter=Q(sent_on__lte=on, due_on__lt=on)
                & (Q(replied_on__isnull=True) | Q(replied_on__gt=on))
                & (Q(case__concluded_on__isnull=True) | Q(case__concluded_on__gt=on))
                & (Q(case__withdrawn_on__isnull=True) | Q(case__withdrawn_on__gt=on)),
            ),
        )
        .order_by()
    )
    rows: dict[str, Row] = {}

    def row(prefix: str) -> Row:
        return rows.setdefault(prefix, Row(org=None, label=""))

    for r in cases:
        target = row(r["prefix"])
        target.opened = {p: r[f"p_{p}"] for p in Purpose.values}
        target.concluded = {c: r[f"c_{c}"] for c in Conclusion.values}
        target.withdrawn, target.open_at_end, target.overdue = r["withdrawn"], r["open_at_end"], r["overdue"]
    for r in questions:
        target = row(r["prefix"])
        target.sent, target.answered, target.late = r["sent"], r["answered"], r["late"]
        target.avg_days = _days(r["avg"])
        target._days_total = (target.avg_days or 0.0) * target.answered
    children = {o.path: o for o in Org.objects.filter(Q(parent=org) | Q(path__in=[p for p in rows if p != org.path]))}
    out: list[Row] = []
    for child in sorted(children.values(), key=lambda o: (o.closed_on is not None, o.sort_key)):
        if child.pk == org.pk:
            continue
        r = rows.get(child.path, Row(org=None, label=""))
        if child.closed_on is not None and r.empty():
            continue  # a closed org with nothing in the year
        r.org, r.label = child, child.name
        out.append(_filled(r))
    if org.path in rows:
        own = rows[org.path]
        own.org, own.label = org, org.name
        out.append(_filled(own))
    total = Row(org=org, label=org.name)
    total.opened = {p: sum(r.opened.get(p, 0) for r in out) for p in Purpose.values}
    total.concluded = {c: sum(r.concluded.get(c, 0) for r in out) for c in Conclusion.values}
    for name in ("withdrawn", "open_at_end", "overdue", "sent", "answered", "late"):
        setattr(total, name, sum(getattr(r, name) for r in out))
    days = sum(r._days_total for r in out)
    total.avg_days = days / total.answered if total.answered else None
    return Summary(org=org, year=year, on=on, rows=out, total=total)


def _filled(r: Row) -> Row:
    r.opened = r.opened or {p: 0 for p in Purpose.values}
    r.concluded = r.concluded or {c: 0 for c in Conclusion.values}
    return r
