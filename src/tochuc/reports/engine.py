"""The report engine: a report is a declarative `Report` (what is counted, which rows, which columns), run for
an org (or the whole nation) as of a date, and for a period when it counts events, as aggregate SQL.

Rows are the orgs of the next level under the chosen org (grouped by type, with subtotals), or categories.
Each column is a conditional count (`COUNT(*) FILTER (WHERE ...)`), so that a whole report is one scan of the
rows under the org, whatever its number of columns. Every cell names the members behind it (`cell_members`).

Who is counted on a date:
- today, the active members (`Member.objects.active()`), as the tree (`tochuc orgs`) counts them;
- on a past date, the memberships valid that day, in the tree as it stood (moves and merges undone).
Events (admissions, transfers, deaths...) count where they happened, by the org's place in today's tree.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Case, Count, Exists, F, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from tochuc.core.errors import DomainError
from tochuc.members.models import Member, MemberEvent, Membership
from tochuc.orgs.models import SEGMENT, Org, OrgType
from tochuc.orgs.selectors import org_tree_system

MEMBERS, EVENTS, ORGS = "members", "events", "orgs"
# Other records that belong to an org (candidates, enterprises): counted today, from `Report.source`.
RECORDS = "records"


@dataclass(frozen=True)
class Context:
    """What a report runs for: the day (members and orgs are counted as they stood), and the period."""

    as_of: date
    start: date | None = None
    end: date | None = None


Where = Callable[[Context, str], Q]  # (context, prefix leading to the counted model's fields) -> condition


def where(**lookups: Any) -> Where:
    """A fixed condition on the counted model's fields: `where(sex="female")`."""
    return lambda _ctx, p: Q(**{p + k: v for k, v in lookups.items()})


@dataclass(frozen=True)
class Measure:
    """One column: a count of what `where` selects (everything when None)."""

    key: str
    label: str
    group: str = ""  # the header over a run of columns, merged in the spreadsheet
    where: Where | None = None
    crossing: bool = False  # a transfer counts in a row only when its other end lies outside the row's subtree


@dataclass(frozen=True)
class Category:
    """A row of a report whose rows are categories (an age band, an ethnic group) rather than orgs."""

    key: str
    label: str
    where: Where
    values: tuple[str, ...] = ()  # with Report.group_by: the field's values this row gathers (default: key)


@dataclass(frozen=True)
class Report:
    name: str
    title: str
    subject: str  # MEMBERS, EVENTS, ORGS or RECORDS
    measures: tuple[Measure, ...]
    categories: tuple[Category, ...] = ()  # empty: the rows are the orgs of the next level
    group_by: str = ""  # the member field whose values the categories are, when they are: one GROUP BY
    period: bool = False  # counts events between --from and --to
    event_kinds: tuple[str, ...] = ()  # EVENTS: the kinds counted
    description: str = ""
    form: str = ""  # the official form it follows, when there is one
    # Columns that are not counted from the rows: `extra_columns` filled by `extra` on the data rows and the
    # total (a target), and ratios of two columns computed last, on every row (a share of the target).
    extra_columns: tuple[Column, ...] = ()
    extra: Callable[[Result], None] | None = None
    ratios: tuple[Ratio, ...] = ()
    # RECORDS: the rows counted (each with an `org`), given the context (a period report filters by it).
    source: Callable[[Context], QuerySet] | None = None


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    group: str = ""


@dataclass(frozen=True)
class Ratio:
    """A column of percentages: numerator / denominator x 100, one decimal; empty when the denominator is 0."""

    key: str
    label: str
    numerator: str
    denominator: str
    group: str = ""


@dataclass
class Row:
    key: str  # an org's code, a category's key; "" for subtotals and the total
    label: str
    values: dict[str, float | int]
    kind: str = "org"  # org, direct (members directly in the chosen org), category, subtotal, total
    org: Org | None = None
    org_ids: list[int] | None = None  # as of a past date: the orgs that were under this row then

    def as_dict(self) -> dict[str, Any]:
        return {"key": self.key, "label": self.label, "kind": self.kind, "values": self.values}


@dataclass
class Result:
    report: Report
    org: Org | None  # None: the whole nation
    context: Context
    columns: list[Column]
    rows: list[Row] = field(default_factory=list)  # with the subtotal rows in place
    total: dict[str, float | int] = field(default_factory=dict)
    subtree_ids: list[int] | None = field(default=None, repr=False)  # a past day: the chosen org's subtree then

    @property
    def today(self) -> bool:
        return self.context.as_of >= timezone.localdate()

    def as_json(self) -> dict[str, Any]:
        """The documented json format: the data rows (not the subtotals) and the total."""
        ctx = self.context
        return {
            "report": self.report.name,
            "title": self.report.title,
            "org": self.org.code if self.org else None,
            "org_name": self.org.name if self.org else _("Toàn quốc"),
            "as_of": ctx.as_of.isoformat(),
            "from": ctx.start.isoformat() if ctx.start else None,
            "to": ctx.end.isoformat() if ctx.end else None,
            "columns": [{"key": c.key, "label": c.label, "group": c.group} for c in self.columns],
            "rows": [{"key": r.key, "label": r.label, "kind": r.kind, "values": r.values} for r in self.data_rows],
            "total": self.total,
        }

    @property
    def data_rows(self) -> list[Row]:
        return [r for r in self.rows if r.kind not in ("subtotal", "total")]


# --- Running ---------------------------------------------------------------------------------------------


def run(
    report: Report, *, org: Org | None, as_of: date | None = None, start: date | None = None, end: date | None = None
) -> Result:
    """Run `report` for `org` (None: every province) with the rights of the system: views and commands check
    the actor's scope first (selectors.report_run)."""
    today = timezone.localdate()
    if report.period:
        if start is None or end is None:
            raise DomainError(_("Báo cáo theo kỳ: nhập ngày bắt đầu và ngày kết thúc."), field="start")
        if start > end:
            raise DomainError(_("Ngày bắt đầu không được sau ngày kết thúc."), field="start")
        as_of = as_of or (today if report.subject == RECORDS else min(end, today))
    else:
        start = end = None
    as_of = as_of or today
    if as_of > today:
        raise DomainError(_("Ngày báo cáo không được sau ngày hôm nay."), field="as_of")
    if org is not None and report.period:
        # Events count by today's tree, and the members' earlier history is recorded at the org they were
        # entered in (even one founded since): a period before the org was founded is a fair question; one
        # after it closed is not.
        if org.closed_on and org.closed_on <= start:
            raise DomainError(
                _("«%(org)s» đã kết thúc hoạt động ngày %(d)s.")
                % {"org": org.name, "d": org.closed_on.strftime("%d/%m/%Y")},
                field="start",
            )
    elif org is not None and (org.opened_on > as_of or (org.closed_on and org.closed_on <= as_of)):
        raise DomainError(
            _("Ngày %(d)s «%(org)s» không hoạt động.") % {"d": as_of.strftime("%d/%m/%Y"), "org": org.name},
            field="as_of",
        )
    if report.subject == RECORDS and as_of < today:
        # Candidates and enterprises keep no dated history of their fields: they are counted as they stand.
        raise DomainError(_("Báo cáo này chỉ lập theo số liệu hiện tại."), field="as_of")
    ctx = Context(as_of=as_of, start=start, end=end)
    columns = [Column(m.key, m.label, m.group) for m in report.measures] + list(report.extra_columns)
    columns += [Column(r.key, r.label, r.group) for r in report.ratios]
    result = Result(report, org, ctx, columns)
    if report.categories:
        _by_category(result)
    else:
        _by_org(result)
    if report.extra is not None:
        report.extra(result)
    _subtotals(result)
    for ratio in report.ratios:
        for row in result.rows:
            row.values[ratio.key] = percent(row.values.get(ratio.numerator), row.values.get(ratio.denominator))
    return result


def percent(numerator: float | None, denominator: float | None) -> float | None:
    if not denominator:
        return None
    return round(100 * (numerator or 0) / denominator, 1)


@dataclass(frozen=True)
class _Base:
    """What a report counts under the chosen org: the queryset, the prefix from it to the member's (or the
    event's, or the org's) fields, and the field holding the org each counted row belongs to."""

    qs: QuerySet
    prefix: str  # from the counted rows to the member's fields: "" for members, "member__" for the others
    org_field: str  # "org" (members, memberships, events) or "" (orgs counted themselves)

    def path(self) -> str:
        return f"{self.org_field}__path" if self.org_field else "path"

    def org_id(self) -> str:
        return f"{self.org_field}_id" if self.org_field else "id"


def _base(result: Result) -> _Base:
    report, ctx, org = result.report, result.context, result.org
    if report.subject == EVENTS:
        cancelled = MemberEvent.objects.filter(cancels=OuterRef("pk"))
        qs = MemberEvent.objects.filter(kind__in=report.event_kinds, on__gte=ctx.start, on__lte=ctx.end)
        qs = qs.filter(~Exists(cancelled))
        base = _Base(qs, "member__", "org")
    elif report.subject == ORGS:
        qs = Org.objects.open_on(ctx.as_of)
        if org is not None:
            qs = qs.exclude(pk=org.pk)
        base = _Base(qs, "", "")
    elif report.subject == RECORDS:
        base = _Base(report.source(ctx), "", "org")
    elif result.today:
        base = _Base(Member.objects.active(), "", "org")
    else:
        on = ctx.as_of
        qs = Membership.objects.filter(valid_from__lte=on).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on))
        base = _Base(qs, "member__", "org")
    if org is not None and (result.today or report.subject == EVENTS):
        # On a past day the rows list the ids of the orgs under the chosen org then (see _children): today's
        # paths would miss an org that has moved away since. Today's members: the orgs under it by path, as a
        # subquery, so that the database starts from the path index and reads only their members (with a join,
        # SQLite without statistics reads every active member of the nation to keep a commune's). Events: a
        # join, so that the (kind, on) index keeps the period's events only.
        if report.subject in (MEMBERS, RECORDS):
            under = Org.objects.filter(path__under=org.path).values("pk")
            qs = base.qs.filter(**{f"{base.org_field}_id__in": under})
        else:
            qs = base.qs.filter(**{f"{base.path()}__under": org.path})
        base = _Base(qs, base.prefix, base.org_field)
    elif org is not None:
        # A past day: the orgs under the chosen org as the tree stood then. Every count and every list of
        # members starts from them, so nothing outside the subtree (and the actor's scope) is ever read.
        ids = _subtree_ids(result)
        base = _Base(base.qs.filter(**{f"{base.org_id()}__in": ids}), base.prefix, base.org_field)
    return base


def _subtree_ids(result: Result) -> list[int]:
    if result.subtree_ids is None:
        result.subtree_ids = [t.id for t in org_tree_system(root=result.org, as_of=result.context.as_of)]
    return result.subtree_ids


def _count(m: Measure, ctx: Context, base: _Base, *, inside: str | None = None) -> Count:
    """COUNT(*) FILTER (WHERE the measure's condition). A crossing measure also asks that the event's other
    org lie outside a subtree: the row's (the annotation "row", its path), or the one whose path is given."""
    condition = m.where(ctx, base.prefix) if m.where is not None else Q()
    if m.crossing:
        boundary = F("row") if inside is None else inside
        condition &= Q(other_org__isnull=True) | ~Q(other_org__path__startswith=boundary)
    return Count("pk", filter=condition) if condition else Count("pk")


def _by_category(result: Result) -> None:
    """One GROUP BY over the categories: the field's values (`group_by`), or the first category whose
    condition holds (a CASE), since the categories of a dimension divide the members among them."""
    report, ctx = result.report, result.context
    base = _base(result)
    if report.group_by:
        key = base.prefix + report.group_by
        grouped = base.qs.values(key)
    else:
        key = "category"
        case = Case(*(When(c.where(ctx, base.prefix), then=Value(c.key)) for c in report.categories), default=Value(""))
        grouped = base.qs.annotate(category=case).values(key)
    aggregates = {f"m{i}": _count(m, ctx, base) for i, m in enumerate(report.measures)}
    counts = {r[key]: r for r in grouped.annotate(**aggregates).order_by()}
    for category in report.categories:
        got = [counts.get(value, {}) for value in category.values or (category.key,)]
        values = {m.key: sum(g.get(f"m{i}", 0) for g in got) for i, m in enumerate(report.measures)}
        result.rows.append(Row(category.key, category.label, values, kind="category"))
    result.total = _sum(result.rows, result.columns)


def _by_org(result: Result) -> None:
    report, ctx, org = result.report, result.context, result.org
    rows = _children(result)
    base = _base(result)
    measures = report.measures
    by_key: dict[str, dict[str, int]] = {}
    if not result.today and report.subject != EVENTS:
        # A past day: count by org, and fold the orgs into the rows the tree of that day gives.
        row_of = {org_id: row.key for row in rows for org_id in row.org_ids or ()}
        if org is not None:
            row_of.setdefault(org.pk, "")
        aggregates = {f"m{i}": _count(m, ctx, base) for i, m in enumerate(measures)}
        org_id = base.org_id()
        for r in base.qs.values(org_id).annotate(**aggregates).order_by():  # _base keeps the subtree's orgs
            if r[org_id] not in row_of:
                continue
            target = by_key.setdefault(row_of[r[org_id]], dict.fromkeys(aggregates, 0))
            for k in aggregates:
                target[k] += r[k]
    else:
        # Today: the first characters of an org's path name the row it lies under; one GROUP BY.
        length = len(org.path) + SEGMENT if org is not None else SEGMENT
        grouped = base.qs.annotate(row=Substr(base.path(), 1, length)).values("row")
        aggregates = {f"m{i}": _count(m, ctx, base) for i, m in enumerate(measures)}
        # A transfer between two rows leaves one and enters the other, but stays inside the chosen org: the
        # total counts only what crosses the chosen org's own boundary, in columns of the same query. For the
        # nation every path starts with "": only a transfer to or from outside the system crosses it.
        boundary = org.path if org is not None else ""
        aggregates |= {f"t{i}": _count(m, ctx, base, inside=boundary) for i, m in enumerate(measures) if m.crossing}
        grouped = grouped.annotate(**aggregates).order_by()
        crossing_total = dict.fromkeys((m.key for m in measures if m.crossing), 0)
        key_of = {row.org.path: row.key for row in rows if row.org is not None}
        if org is not None:
            key_of[org.path] = ""
        for r in grouped:
            key = key_of.get(r["row"])
            if key is not None:  # else an org closed before the day: nothing of it is counted today
                by_key[key] = r
                for i, m in enumerate(measures):
                    if m.crossing:
                        crossing_total[m.key] += r[f"t{i}"]
    for row in rows:
        counts = by_key.get(row.key, {})
        row.values = {m.key: counts.get(f"m{i}", 0) for i, m in enumerate(measures)}
    direct = by_key.get("")
    if org is not None and direct and any(direct.get(f"m{i}") for i in range(len(measures))):
        values = {m.key: direct.get(f"m{i}", 0) for i, m in enumerate(measures)}
        label = _("Trực tiếp tại %(org)s") % {"org": org.name}
        rows.append(Row(org.code, label, values, kind="direct", org=org, org_ids=[org.pk]))
    result.rows = rows
    result.total = _sum(rows, result.columns)
    if result.today or report.subject == EVENTS:
        result.total.update(crossing_total)


def _sum(rows: Sequence[Row], columns: Sequence[Column]) -> dict[str, float | int]:
    return {c.key: sum(r.values.get(c.key) or 0 for r in rows if r.kind != "subtotal") for c in columns}


def _children(result: Result) -> list[Row]:
    """The rows: the orgs of the next level under the chosen org (the provinces for the nation) as they stood
    on the day; for a period, those that existed at some time in it. On a past day each row carries the ids
    of its subtree then, since orgs may have moved or merged since."""
    report, ctx, org = result.report, result.context, result.org
    first, last = (ctx.start, ctx.end) if report.period else (ctx.as_of, ctx.as_of)
    qs = Org.objects.filter(Q(closed_on__isnull=True) | Q(closed_on__gt=first))
    if report.subject != EVENTS:
        # Events, by today's tree, may be recorded at an org founded since (a member's earlier history is
        # kept at the org they were entered in): its row must be there, or its events would vanish.
        qs = qs.filter(opened_on__lte=last)
    if report.subject == EVENTS or result.today or org is None:
        # Events are placed by today's tree; so is everything today; the provinces never move.
        qs = qs.filter(parent=org) if org is not None else qs.filter(parent__isnull=True)
        children = list(qs.order_by("sort_key").only(*_ROW_FIELDS))
        if report.subject == EVENTS or result.today:
            return [Row(c.code, c.name, {}, org=c) for c in children]
        return [
            Row(c.code, c.name, {}, org=c, org_ids=[t.id for t in org_tree_system(root=c, as_of=ctx.as_of)])
            for c in children
        ]
    tree = org_tree_system(root=org, as_of=ctx.as_of)
    result.subtree_ids = [t.id for t in tree]
    by_id = {t.id: t for t in tree}
    orgs = Org.objects.only(*_ROW_FIELDS).in_bulk([t.id for t in tree[0].children])
    rows = []
    for child in sorted(tree[0].children, key=lambda t: orgs[t.id].sort_key):
        ids, stack = [], [child]
        while stack:
            node = stack.pop()
            ids.append(node.id)
            stack.extend(by_id[c.id] for c in node.children)
        rows.append(Row(child.code, child.name, {}, org=orgs[child.id], org_ids=ids))
    return rows


_ROW_FIELDS = ("id", "code", "name", "path", "org_type", "sort_key", "parent_id", "opened_on", "closed_on")


# --- Subtotals -------------------------------------------------------------------------------------------

_TYPE_ORDER = [t.value for t in OrgType]


def _subtotals(result: Result) -> None:
    """Org rows grouped by org type when there are several, each group closed by its subtotal; the total last."""
    columns = [c for c in result.columns if c.key not in {r.key for r in result.report.ratios}]
    org_rows = [r for r in result.rows if r.kind == "org"]
    others = [r for r in result.rows if r.kind != "org"]
    types = {r.org.org_type for r in org_rows if r.org is not None}
    rows: list[Row] = []
    if len(types) > 1:
        for t in sorted(types, key=_TYPE_ORDER.index):
            group = [r for r in org_rows if r.org is not None and r.org.org_type == t]
            rows += group
            label = _("Cộng %(type)s (%(n)s)") % {"type": OrgType(t).label, "n": len(group)}
            rows.append(Row("", label, _sum(group, columns), kind="subtotal"))
    else:
        rows += org_rows
    rows += others
    rows.append(Row("", _("Tổng cộng"), result.total, kind="total"))  # the same dict: ratios land in both
    result.rows = rows


# --- Drilling down ---------------------------------------------------------------------------------------


def cell_members(result: Result, *, row_key: str, column_key: str | None) -> QuerySet[Member]:
    """The members behind one cell: the row's ("" = the total row's) members that the column counts (all of
    them when `column_key` is None); for an events report, the members the counted events are about."""
    report, ctx = result.report, result.context
    if report.subject in (ORGS, RECORDS):
        raise DomainError(_("Báo cáo này không có danh sách đảng viên."), field="row")
    measure = None
    if column_key is not None:
        measure = next((m for m in report.measures if m.key == column_key), None)
        if measure is None:
            raise DomainError(_("Không có cột «%(c)s».") % {"c": column_key}, field="column")
    row = None
    if row_key:
        row = next((r for r in result.data_rows if r.key == row_key), None)
        if row is None:
            raise DomainError(_("Không có dòng «%(r)s».") % {"r": row_key}, field="row")
    base = _base(result)
    qs = base.qs
    if row is not None and row.kind == "category":
        qs = qs.filter(next(c for c in report.categories if c.key == row_key).where(ctx, base.prefix))
    elif row is not None and row.kind == "direct":
        qs = qs.filter(org=row.org)
    elif row is not None and row.org_ids is not None:
        qs = qs.filter(org_id__in=row.org_ids)
    elif row is not None and row.org is not None:
        qs = qs.filter(org__path__under=row.org.path)
    if measure is not None and measure.where is not None:
        qs = qs.filter(measure.where(ctx, base.prefix))
    if measure is not None and measure.crossing:
        inside = row.org if row is not None and row.kind == "org" else result.org
        # The nation's total: only a transfer to or from outside the system crosses its boundary.
        qs = qs.exclude(other_org__path__under=inside.path) if inside is not None else qs.filter(other_org__isnull=True)
    if report.subject == EVENTS or base.prefix == "member__":
        return Member.objects.filter(pk__in=qs.values("member_id"))
    return qs
