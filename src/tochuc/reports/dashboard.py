"""The dashboard ("Biểu đồ"): three charts of an org as of a day, for readers who would rather look than read.

The figures come from the standard reports (run through `selectors.report_run`, so the actor's scope holds)
and from one aggregate of admissions per year. The geometry (every bar, grid line, tick and label) is
computed here and drawn by the template as inline SVG: no script, nothing fetched, the same on paper.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Exists, OuterRef
from django.db.models.functions import ExtractYear
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from tochuc.accounts.roles import Action
from tochuc.core.scope import require, root_path
from tochuc.members.models import EventKind, MemberEvent
from tochuc.orgs.models import Org

from .catalog import REPORTS
from .engine import Result, Row
from .selectors import report_run

YEARS = 10  # the admissions chart: this year and the nine before it
MAX_ORG_BARS = 20  # the composition chart: the largest orgs only, so that it fits a printed page

# Approximate advance of one character, as a share of the font size, in the sans-serif fonts app.css names:
# enough to keep tick labels apart and to shorten long org names before they run into the bars.
CHAR_WIDTH = 0.58
TICK_FONT, LABEL_FONT = 11, 12


# --- Numbers as Vietnamese write them ----------------------------------------------------------------------


def number_vi(n: int | float) -> str:
    """12.345: a dot between thousands, whatever the interface language, as the printed reports have it."""
    return f"{round(n):,}".replace(",", ".")


def percent_vi(part: int, whole: int) -> str:
    """46,7%: one decimal after a comma; empty when there is no whole to take a share of."""
    if not whole:
        return ""
    return f"{100 * part / whole:.1f}".replace(".", ",") + "%"


def nice_ticks(largest: float, *, count: int = 5) -> list[int]:
    """Axis ticks from 0 in round steps (1, 2, 2.5 or 5 times a power of ten, whole numbers only, since
    members are counted), about `count` of them, the last one at or above `largest`."""
    if largest <= 0:
        return [0, 1]
    raw = max(largest / max(count, 1), 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(f * magnitude for f in (1, 2, 2.5, 5, 10) if f * magnitude >= raw and (f * magnitude) % 1 == 0)
    step = int(step)
    return list(range(0, math.ceil(largest / step) * step + 1, step))


def _text_width(text: str, font: int) -> float:
    return len(text) * font * CHAR_WIDTH


def _fitted_ticks(largest: float, length: float) -> list[int]:
    """Nice ticks along an axis `length` long with room for every label: fewer ticks when the numbers are
    long (a whole nation's 5.600.000 needs more room than a commune's 120)."""
    for count in (5, 4, 3, 2, 1):
        ticks = nice_ticks(largest, count=count)
        widest = max(_text_width(number_vi(t), TICK_FONT) for t in ticks)
        if length / (len(ticks) - 1) >= widest + 8:
            return ticks
    return ticks


def _shorten(text: str, width: float, font: int = LABEL_FONT) -> str:
    """`text` cut with an ellipsis to fit `width`; the full text stays in the mark's tooltip and the table."""
    room = int(width / (font * CHAR_WIDTH))
    return text if len(text) <= room else text[: max(room - 1, 1)].rstrip() + "…"


# --- What the template draws -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    series: str  # male, female or admitted: the template's fill (a hatch for female, for black-and-white print)


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    kind: str = "grid"  # grid or axis


@dataclass(frozen=True)
class Text:
    x: float
    y: float
    text: str
    anchor: str = "start"  # start, middle, end (SVG text-anchor)
    kind: str = "label"  # label, tick, value, legend


@dataclass
class Mark:
    """What a reader points at: a bar (or a row of stacked bars) with its labels, a tooltip naming it in
    full, and the page that lists what it counts."""

    title: str
    rects: list[Rect] = field(default_factory=list)
    texts: list[Text] = field(default_factory=list)
    href: str = ""


@dataclass
class Table:
    """The chart's numbers as a table, for screen readers and for whoever wants the exact figures."""

    headers: list[str]
    rows: list[list[str]]
    total: list[str]


@dataclass
class Chart:
    key: str
    title: str
    summary: str  # one sentence saying what the chart shows: the SVG's <desc>
    width: int
    height: int
    table: Table
    report: str  # the report the chart comes from, linked under it
    query: str  # ... with this query string
    lines: list[Line] = field(default_factory=list)
    texts: list[Text] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)
    note: str = ""  # under the chart, printed too
    hint: str = ""  # under the chart on screen only: how to use it
    empty: str = ""  # when set, there is nothing to draw and this says why


def _r(v: float) -> float:
    """Coordinates to a tenth of a unit: plenty for the eye, and the HTML stays small."""
    return round(v, 1)


def _swatch(x: float, y: float, series: str, label: str) -> Mark:
    return Mark("", rects=[Rect(x, y - 10, 12, 12, series)], texts=[Text(x + 17, y, label, kind="legend")])


# --- The admissions selector -------------------------------------------------------------------------------


def admissions_by_year(*, actor, org: Org | None, as_of: date, years: int = YEARS) -> list[tuple[int, int]]:
    """(year, admissions) for the `years` calendar years up to `as_of` (the last one until `as_of` only),
    under `org` (None: the nation, for those who see everything), in one GROUP BY.

    As in the engine's event reports, an admission counts where it happened, by that org's place in today's
    tree, and one cancelled by a correcting event (an admission date corrected) is left out: its
    replacement counts instead. `actor` None is the system.
    """
    if actor is not None:
        if org is None and root_path(actor) != "":
            raise Http404
        require(actor, Action.LIST, org.path if org is not None else None)
    first = date(as_of.year - years + 1, 1, 1)
    cancelled = MemberEvent.objects.filter(cancels=OuterRef("pk"))
    qs = MemberEvent.objects.filter(kind=EventKind.ADMITTED, on__gte=first, on__lte=as_of).filter(~Exists(cancelled))
    if org is not None:
        qs = qs.filter(org__path__under=org.path)
    # order_by() first: the model's default ordering would otherwise join the GROUP BY and split the years.
    grouped = qs.order_by().annotate(year=ExtractYear("on")).values("year").annotate(n=Count("pk"))
    counts = {row["year"]: row["n"] for row in grouped}
    return [(year, counts.get(year, 0)) for year in range(first.year, as_of.year + 1)]


@dataclass(frozen=True)
class _Links:
    """Query strings to the reports, and to the members behind a mark, for the same org and day."""

    org: Org | None
    as_of: date
    past: bool  # today is the reports' default day: the links leave it out, and stay short

    def query(self, **extra: str) -> str:
        params = {"org": self.org.code} if self.org is not None else {}
        if self.past:
            params["as_of"] = f"{self.as_of:%d/%m/%Y}"
        return urlencode({**params, **extra})

    def cell(self, report: str, **extra: str) -> str:
        """The page listing the members one cell of `report` counts."""
        return f"{reverse('reports:cell', args=[report])}?{self.query(**extra)}"


# --- The page ----------------------------------------------------------------------------------------------


def dashboard_build(*, actor, org: Org | None, as_of: date) -> dict:
    """The dashboard's context: headline figures and the three charts for `org` (None: the nation) as of
    `as_of`. Outside the actor's scope: 404; a day the engine refuses: its DomainError."""
    age = report_run(actor=actor, report=REPORTS["age"], org=org, as_of=as_of)
    composition = report_run(actor=actor, report=REPORTS["composition"], org=org, as_of=as_of)
    admissions = admissions_by_year(actor=actor, org=org, as_of=as_of)
    links = _Links(org=org, as_of=as_of, past=as_of < timezone.localdate())
    total = composition.total
    members, female = int(total.get("members", 0)), int(total.get("female", 0))
    return {
        "headline": [
            (_("Đảng viên"), number_vi(members), ""),
            (_("Nữ"), number_vi(female), percent_vi(female, members)),
            (_("Dân tộc thiểu số"), number_vi(total.get("minority", 0)), percent_vi(total.get("minority", 0), members)),
            (_("Đảng viên dự bị"), number_vi(total.get("probationary", 0)), ""),
            (_("Kết nạp năm %(y)s") % {"y": as_of.year}, number_vi(admissions[-1][1]), ""),
        ],
        "charts": [
            age_chart(age, links),
            admissions_chart(admissions, as_of=as_of, links=links),
            composition_chart(composition, links),
        ],
    }


# --- (1) Members by age band and sex: a pyramid --------------------------------------------------------------

PYRAMID_WIDTH = 520
PYRAMID_SIDE = 44  # outside each half: room for the value at the end of the longest bar
PYRAMID_GUTTER = 72  # between the halves: the age bands' names
PYRAMID_TOP, PYRAMID_ROW, PYRAMID_BAR = 34, 30, 20


def age_chart(result: Result, links: _Links) -> Chart:
    """Men to the left, women to the right, the oldest band on top, on one scale for both halves."""
    bands = [r for r in result.rows if r.kind == "category"]
    total = result.total
    members, male, female = (int(total.get(k, 0)) for k in ("members", "male", "female"))
    half = (PYRAMID_WIDTH - 2 * PYRAMID_SIDE - PYRAMID_GUTTER) / 2
    left_zero = PYRAMID_SIDE + half  # where the men's bars start, growing leftwards
    right_zero = left_zero + PYRAMID_GUTTER
    ticks = _fitted_ticks(max((r.values.get(k, 0) for r in bands for k in ("male", "female")), default=0), half)
    scale = half / ticks[-1]
    bottom = PYRAMID_TOP + PYRAMID_ROW * len(bands)
    chart = Chart(
        key="age",
        title=_("Đảng viên theo độ tuổi và giới tính"),
        summary=_age_summary(bands, members=members, male=male, female=female),
        width=PYRAMID_WIDTH,
        height=bottom + 24,
        table=Table(
            headers=[_("Nhóm tuổi"), _("Tổng số"), _("Nam"), _("Nữ")],
            rows=[
                [str(r.label), *(number_vi(r.values.get(k, 0)) for k in ("members", "male", "female"))] for r in bands
            ],
            total=[_("Tổng cộng"), number_vi(members), number_vi(male), number_vi(female)],
        ),
        report="age",
        query=links.query(),
        note=_("Tuổi đời tính tròn năm đến ngày báo cáo."),
        empty="" if members else _("Không có đảng viên nào được tính vào ngày này."),
    )
    for t in ticks:
        dx = _r(t * scale)
        for x in (left_zero - dx, right_zero + dx):
            chart.lines.append(Line(_r(x), PYRAMID_TOP - 4, _r(x), bottom, "axis" if t == 0 else "grid"))
        chart.texts.append(Text(_r(left_zero - dx), bottom + 16, number_vi(t), "middle", "tick"))
        chart.texts.append(Text(_r(right_zero + dx), bottom + 16, number_vi(t), "middle", "tick"))
    chart.marks.append(_swatch(left_zero - 60, 16, "male", _("Nam")))
    chart.marks.append(_swatch(right_zero + 12, 16, "female", _("Nữ")))
    for i, row in enumerate(reversed(bands)):  # the oldest on top, as a population pyramid stands
        y = PYRAMID_TOP + i * PYRAMID_ROW + (PYRAMID_ROW - PYRAMID_BAR) / 2
        middle = _r(y + PYRAMID_BAR / 2 + 4)  # the baseline that centres a 12-unit line of text on the bar
        chart.texts.append(Text(_r(left_zero + PYRAMID_GUTTER / 2), middle, str(row.label), "middle", "label"))
        for series, label in (("male", _("Nam")), ("female", _("Nữ"))):
            value = int(row.values.get(series, 0))
            width = _r(value * scale)
            x = left_zero - width if series == "male" else right_zero
            end = Text(
                _r(x - 4) if series == "male" else _r(x + width + 4),
                middle,
                number_vi(value),
                "end" if series == "male" else "start",
                "value",
            )
            title = _("%(band)s tuổi, %(sex)s: %(n)s đảng viên") % {
                "band": row.label,
                "sex": label.lower(),
                "n": number_vi(value),
            }
            chart.marks.append(
                Mark(
                    title,
                    rects=[Rect(_r(x), _r(y), width, PYRAMID_BAR, series)] if value else [],
                    texts=[end],
                    href=links.cell("age", row=row.key, col=series) if value else "",
                )
            )
    return chart


def _age_summary(bands: Sequence[Row], *, members: int, male: int, female: int) -> str:
    text = _("%(n)s đảng viên: nam %(male)s (%(pm)s), nữ %(female)s (%(pf)s).") % {
        "n": number_vi(members),
        "male": number_vi(male),
        "pm": percent_vi(male, members) or "0%",
        "female": number_vi(female),
        "pf": percent_vi(female, members) or "0%",
    }
    if members:
        largest = max(bands, key=lambda r: r.values.get("members", 0))
        text += " " + _("Đông nhất nhóm tuổi %(band)s: %(n)s đảng viên.") % {
            "band": largest.label,
            "n": number_vi(largest.values.get("members", 0)),
        }
    return text


# --- (2) Admissions per year: columns -----------------------------------------------------------------------

COLUMNS_WIDTH, COLUMNS_HEIGHT = 520, 260
COLUMNS_TOP, COLUMNS_BOTTOM, COLUMNS_RIGHT = 24, 28, 8


def admissions_chart(counts: Sequence[tuple[int, int]], *, as_of: date, links: _Links) -> Chart:
    """One column a year, its figure on top; this year's column only runs to the report's day (marked *)."""
    partial = (as_of.month, as_of.day) != (12, 31)
    labels = [f"{year}*" if partial and year == as_of.year else str(year) for year, _n in counts]
    plot_height = COLUMNS_HEIGHT - COLUMNS_TOP - COLUMNS_BOTTOM
    ticks = nice_ticks(max((n for _y, n in counts), default=0), count=5)
    left = max(_text_width(number_vi(t), TICK_FONT) for t in ticks) + 10  # the widest tick label, then a gap
    plot_width = COLUMNS_WIDTH - left - COLUMNS_RIGHT
    band = plot_width / max(len(counts), 1)
    bar = band * 0.62
    scale = plot_height / ticks[-1]
    baseline = COLUMNS_TOP + plot_height
    total = sum(n for _y, n in counts)
    first, last = counts[0][0], counts[-1][0]
    chart = Chart(
        key="admissions",
        title=_("Kết nạp đảng viên qua các năm"),
        summary=_admissions_summary(counts, total=total),
        width=COLUMNS_WIDTH,
        height=COLUMNS_HEIGHT,
        table=Table(
            headers=[_("Năm"), _("Số đảng viên kết nạp")],
            rows=[[label, number_vi(n)] for label, (_y, n) in zip(labels, counts, strict=True)],
            total=[_("Cộng %(a)s–%(b)s") % {"a": first, "b": last}, number_vi(total)],
        ),
        report="development",
        query=links.query(start=f"01/01/{first}", end=f"{as_of:%d/%m/%Y}"),
        note=_("* Năm %(y)s: đến ngày %(d)s.") % {"y": as_of.year, "d": f"{as_of:%d/%m/%Y}"} if partial else "",
    )
    for t in ticks:
        y = _r(baseline - t * scale)
        chart.lines.append(Line(_r(left), y, COLUMNS_WIDTH - COLUMNS_RIGHT, y, "axis" if t == 0 else "grid"))
        chart.texts.append(Text(_r(left - 6), _r(y + 4), number_vi(t), "end", "tick"))
    for i, ((year, n), label) in enumerate(zip(counts, labels, strict=True)):
        x = left + i * band + (band - bar) / 2
        height = _r(n * scale)
        centre = _r(x + bar / 2)
        end = date(year, 12, 31) if year < as_of.year else as_of
        chart.marks.append(
            Mark(
                _("Năm %(y)s: kết nạp %(n)s đảng viên") % {"y": label, "n": number_vi(n)},
                rects=[Rect(_r(x), _r(baseline - height), _r(bar), height, "admitted")] if n else [],
                texts=[
                    Text(centre, _r(baseline - height - 5), number_vi(n), "middle", "value"),
                    Text(centre, baseline + 17, label, "middle", "label"),
                ],
                href=_year_cell(links, year=year, end=end) if n else "",
            )
        )
    return chart


def _year_cell(links: _Links, *, year: int, end: date) -> str:
    """The members admitted in `year`, from the development report's cell. The day is always given: left
    out, the report would take the period's end and refuse an org opened since (the communes of 2025)."""
    return links.cell(
        "development",
        start=f"01/01/{year}",
        end=f"{end:%d/%m/%Y}",
        as_of=f"{links.as_of:%d/%m/%Y}",
        col="admitted",
    )


def _admissions_summary(counts: Sequence[tuple[int, int]], *, total: int) -> str:
    first, last = counts[0][0], counts[-1][0]
    text = _("Kết nạp %(n)s đảng viên trong các năm %(a)s–%(b)s.") % {"n": number_vi(total), "a": first, "b": last}
    if total:
        year, n = max(counts, key=lambda c: (c[1], c[0]))
        text += " " + _("Nhiều nhất năm %(y)s: %(n)s.") % {"y": year, "n": number_vi(n)}
    return text


# --- (3) Composition by org: stacked bars --------------------------------------------------------------------

BARS_WIDTH = 880
BARS_LABELS = 300  # the orgs' names, right-aligned against the bars
BARS_VALUES = 130  # after each bar: its total and the women's share
BARS_TOP, BARS_ROW, BARS_BAR = 34, 26, 16


@dataclass(frozen=True)
class _OrgBar:
    label: str
    members: int
    female: int
    code: str = ""  # an org of the next level: its bar opens its own dashboard


def composition_chart(result: Result, links: _Links) -> Chart:
    """The orgs of the next level, largest first, each a bar of men then women with the women's share.

    Only the MAX_ORG_BARS largest are drawn, so that the chart stays on one printed page; the others are
    named in a note and listed in the table. (Added up into one bar, they dwarfed every other bar.)"""
    rows = [r for r in result.rows if r.kind in ("org", "direct")]
    bars = [
        _OrgBar(
            str(r.label),
            int(r.values.get("members", 0)),
            int(r.values.get("female", 0)),
            r.key if r.kind == "org" else "",
        )
        for r in rows
    ]
    bars.sort(key=lambda b: -b.members)  # stable: equal sizes keep the report's (Vietnamese) order
    bars, rest = bars[:MAX_ORG_BARS], bars[MAX_ORG_BARS:]
    note = ""
    if rest:
        note = _(
            "Biểu đồ vẽ %(shown)s tổ chức đông đảng viên nhất; "
            "%(n)s tổ chức khác (%(m)s đảng viên) có trong bảng số liệu."
        ) % {"shown": len(bars), "n": len(rest), "m": number_vi(sum(b.members for b in rest))}
    total = result.total
    members, female = int(total.get("members", 0)), int(total.get("female", 0))
    plot_width = BARS_WIDTH - BARS_LABELS - BARS_VALUES
    ticks = _fitted_ticks(max((b.members for b in bars), default=0), plot_width)
    scale = plot_width / ticks[-1]
    bottom = BARS_TOP + BARS_ROW * len(bars)
    chart = Chart(
        key="composition",
        title=_("Đảng viên của các tổ chức trực thuộc"),
        summary=_composition_summary(bars, members=members, female=female),
        width=BARS_WIDTH,
        height=bottom + 24,
        table=Table(
            headers=[_("Tổ chức"), _("Tổng số"), _("Nam"), _("Nữ"), _("Tỷ lệ nữ")],
            rows=[
                [
                    str(r.label),
                    number_vi(r.values.get("members", 0)),
                    number_vi(r.values.get("members", 0) - r.values.get("female", 0)),
                    number_vi(r.values.get("female", 0)),
                    percent_vi(r.values.get("female", 0), r.values.get("members", 0)),
                ]
                for r in rows
            ],
            total=[
                _("Tổng cộng"),
                number_vi(members),
                number_vi(members - female),
                number_vi(female),
                percent_vi(female, members),
            ],
        ),
        report="composition",
        query=links.query(),
        note=note,
        hint=_("Bấm vào một tổ chức để xem biểu đồ của tổ chức đó.") if any(b.code for b in bars) else "",
        # Without orgs under it (a cell), one bar of the members directly in it would compare nothing.
        empty="" if any(r.kind == "org" for r in rows) else _("Tổ chức này không có tổ chức trực thuộc."),
    )
    for t in ticks:
        x = _r(BARS_LABELS + t * scale)
        chart.lines.append(Line(x, BARS_TOP - 4, x, bottom, "axis" if t == 0 else "grid"))
        chart.texts.append(Text(x, bottom + 16, number_vi(t), "middle", "tick"))
    chart.marks.append(_swatch(BARS_LABELS, 16, "male", _("Nam")))
    chart.marks.append(_swatch(BARS_LABELS + 70, 16, "female", _("Nữ")))
    for i, b in enumerate(bars):
        y = BARS_TOP + i * BARS_ROW + (BARS_ROW - BARS_BAR) / 2
        middle = _r(y + BARS_BAR / 2 + 4)
        men, women = _r((b.members - b.female) * scale), _r(b.female * scale)
        rects = []
        if men:
            rects.append(Rect(BARS_LABELS, _r(y), men, BARS_BAR, "male"))
        if women:
            rects.append(Rect(_r(BARS_LABELS + men), _r(y), women, BARS_BAR, "female"))
        share = percent_vi(b.female, b.members)
        value = number_vi(b.members) + (" · " + _("nữ %(p)s") % {"p": share} if share else "")
        chart.marks.append(
            Mark(
                _("%(org)s: %(n)s đảng viên, nữ %(f)s") % {"org": b.label, "n": number_vi(b.members), "f": share}
                if share
                else _("%(org)s: %(n)s đảng viên") % {"org": b.label, "n": number_vi(b.members)},
                rects=rects,
                texts=[
                    Text(BARS_LABELS - 8, middle, _shorten(b.label, BARS_LABELS - 12), "end", "label"),
                    Text(_r(BARS_LABELS + men + women + 5), middle, value, "start", "value"),
                ],
                href=f"{reverse('reports:dashboard')}?{links.query(org=b.code)}" if b.code else "",
            )
        )
    return chart


def _composition_summary(bars: Sequence[_OrgBar], *, members: int, female: int) -> str:
    text = _("%(n)s đảng viên, nữ chiếm %(p)s.") % {"n": number_vi(members), "p": percent_vi(female, members) or "0%"}
    if bars and members:
        largest = bars[0]
        text += " " + _("Đông nhất: %(org)s (%(n)s đảng viên).") % {
            "org": largest.label,
            "n": number_vi(largest.members),
        }
    return text
