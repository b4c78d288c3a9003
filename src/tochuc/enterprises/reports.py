"""The enterprise reports for the report engine (subject RECORDS: the enterprises are counted as they stand
today, under the rows' orgs by their area `org`):

- ENTERPRISES: enterprises by sector, with and without a party organization, those that could found one,
  with a trade union, with a youth union;
- CELL_TARGETS: party organizations founded in non-state enterprises in a period, against the year's target.

Sums (employees, party members) are not counts of rows, so the engine does not carry them: the list page
shows them for any filter.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tochuc.reports.engine import RECORDS, Column, Context, Measure, Ratio, Report, Result, Where, where
from tochuc.reports.targets import targets_by_path

from . import rules
from .models import CellTarget, Enterprise, EnterpriseSector

NON_STATE = EnterpriseSector.NON_STATE


def _non_state(**lookups) -> Where:
    return where(sector=NON_STATE, **lookups)


def eligible_to_found() -> Where:
    """Non-state, open, no party organization, and at least as many party members as the rule in force on the
    report's day asks (Charter Art. 21)."""

    def condition(ctx: Context, p: str) -> Q:
        from .selectors import eligible_q, founding_threshold

        return eligible_q(founding_threshold(ctx.as_of), p)

    return condition


def founded_in_period() -> Where:
    """A non-state enterprise whose party organization was founded between the period's first and last day."""
    return lambda ctx, p: Q(
        **{f"{p}sector": NON_STATE, f"{p}party_org_since__gte": ctx.start, f"{p}party_org_since__lte": ctx.end}
    )


_SECTOR = _("Theo loại hình")
_PARTY = _("Có tổ chức đảng")
_WITHOUT = _("DN ngoài nhà nước chưa có tổ chức đảng")
_MASS = _("Đoàn thể")

ENTERPRISES = Report(
    name="enterprises",
    title=_("Doanh nghiệp và tổ chức đảng, đoàn thể trong doanh nghiệp"),
    subject=RECORDS,
    source=lambda ctx: Enterprise.objects.filter(closed_on__isnull=True),
    description=_(
        "Doanh nghiệp đang hoạt động trên địa bàn theo loại hình; doanh nghiệp có và chưa có tổ chức đảng, "
        "doanh nghiệp ngoài nhà nước đủ điều kiện thành lập tổ chức đảng (từ 3 đảng viên); có công đoàn, "
        "đoàn thanh niên. Số liệu hiện tại."
    ),
    measures=(
        Measure("enterprises", _("Tổng số doanh nghiệp"), ""),
        Measure("state", EnterpriseSector.STATE.label, _SECTOR, where(sector=EnterpriseSector.STATE)),
        Measure("non_state", EnterpriseSector.NON_STATE.label, _SECTOR, where(sector=NON_STATE)),
        Measure("foreign", EnterpriseSector.FOREIGN.label, _SECTOR, where(sector=EnterpriseSector.FOREIGN)),
        Measure("with_party_org", _("Tổng số"), _PARTY, where(party_org__isnull=False)),
        Measure("non_state_with_party_org", _("Trong đó ngoài nhà nước"), _PARTY, _non_state(party_org__isnull=False)),
        Measure("non_state_without_party_org", _("Tổng số"), _WITHOUT, _non_state(party_org__isnull=True)),
        Measure("eligible", _("Đủ điều kiện thành lập"), _WITHOUT, eligible_to_found()),
        Measure("trade_union", _("Có công đoàn"), _MASS, where(has_trade_union=True)),
        Measure("youth_union", _("Có đoàn thanh niên"), _MASS, where(has_youth_union=True)),
    ),
    ratios=(
        Ratio(
            "non_state_share",
            _("Tỷ lệ DN ngoài nhà nước có tổ chức đảng (%)"),
            "non_state_with_party_org",
            "non_state",
            _PARTY,
        ),
    ),
)


def _targets(result: Result) -> None:
    """The target of each row's org for the year the period ends in: its own when the level above set one,
    else the sum of the targets set below it (rules.roll_up); the total likewise for the chosen org (for the
    nation, the sum of the provinces')."""
    year = result.context.end.year
    set_for = targets_by_path(CellTarget, year=year, paths=[result.org.path if result.org is not None else ""])
    for row in result.data_rows:
        row.values["target"] = (
            rules.roll_up(set_for, row.org.path) if row.org is not None and row.kind == "org" else None
        )
    if result.org is not None:
        own = rules.roll_up(set_for, result.org.path)
    else:
        own = sum(row.values["target"] or 0 for row in result.data_rows)
    result.total["target"] = own


CELL_TARGETS = Report(
    name="cell_targets",
    title=_("Thành lập tổ chức đảng trong doanh nghiệp ngoài nhà nước so với chỉ tiêu"),
    subject=RECORDS,
    period=True,
    # Every non-state enterprise, ceased ones too: one that founded its party organization in the period and
    # closed since still counts for the period's result.
    source=lambda ctx: Enterprise.objects.filter(sector=NON_STATE),
    description=_(
        "Doanh nghiệp ngoài nhà nước thành lập tổ chức đảng trong kỳ, so với chỉ tiêu của năm kết thúc kỳ; "
        "doanh nghiệp ngoài nhà nước đang hoạt động chưa có tổ chức đảng và số đủ điều kiện thành lập."
    ),
    measures=(
        Measure("founded", _("Thành lập trong kỳ"), "", founded_in_period()),
        Measure(
            "without",
            _("Chưa có tổ chức đảng"),
            _("Hiện nay"),
            lambda _ctx, p: Q(**{f"{p}party_org__isnull": True, f"{p}closed_on__isnull": True}),
        ),
        Measure("eligible", _("Đủ điều kiện thành lập"), _("Hiện nay"), eligible_to_found()),
    ),
    extra_columns=(Column("target", _("Chỉ tiêu năm"), _("Chỉ tiêu")),),
    extra=_targets,
    ratios=(Ratio("achieved", _("Đạt (%)"), "founded", "target", _("Chỉ tiêu")),),
)

REPORTS = (ENTERPRISES, CELL_TARGETS)
