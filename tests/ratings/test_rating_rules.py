"""The pure rules of the quality rating (366-QĐ/TW Art. 11; DOMAIN.md §2): the four levels on the 100-point
scale with their conditions, DOMAIN's own cases verbatim, the boundaries of the task percentages, the default
form, the periods, the consequences read from the yearly levels."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tochuc.ratings.choices import Disqualifier, Form, PeriodKind, QuotaMode, Rating, SubjectKind
from tochuc.ratings.rules import (
    Conditions,
    RatingParams,
    default_form,
    excellent_streak,
    fmt_score,
    period_end,
    period_label,
    period_problem,
    rate,
    repeated_failure,
    standing_committee_name,
)

P = RatingParams()  # the catalogue's values: 90, 70, 50, 30%, 20%, ratio 0.20, warn
OK = Conditions(tasks_total=10, tasks_done=10, tasks_on_time=10, tasks_exceeded=3, leads=True)


def level(score, conditions=None, params=P):
    return rate(score, conditions, params=params).level


# DOMAIN.md §2, "Tests", verbatim.
def test_domain_cases_verbatim():
    assert level(90, OK) == Rating.EXCELLENT
    assert level(89.9) == Rating.GOOD
    assert level(70) == Rating.GOOD
    assert level(69.99) == Rating.COMPLETED
    assert level(50) == Rating.COMPLETED
    assert level(49.9) == Rating.NOT_COMPLETED
    assert level(95, Conditions(disqualifier=Disqualifier.DISCIPLINED)) == Rating.NOT_COMPLETED


def test_scores_exactly_on_the_floors_reach_the_level():
    assert level(Decimal("90.00"), OK) == Rating.EXCELLENT
    assert level(Decimal("89.99"), OK) == Rating.GOOD
    assert level("70,00") == Rating.GOOD  # a comma, as officers type it
    assert level(0) == Rating.NOT_COMPLETED
    assert level(100, OK) == Rating.EXCELLENT


def test_thirty_percent_exceeded_is_the_boundary_of_excellent():
    assert level(95, Conditions(tasks_total=10, tasks_done=10, tasks_on_time=10, tasks_exceeded=3)) == Rating.EXCELLENT
    verdict = rate(95, Conditions(tasks_total=10, tasks_done=10, tasks_on_time=10, tasks_exceeded=2), params=P)
    assert verdict.level == Rating.GOOD
    assert any("2/10 nhiệm vụ vượt yêu cầu (20%)" in r for r in verdict.reasons(Rating.EXCELLENT))


def test_twenty_percent_late_is_the_boundary_of_completed():
    two_late = Conditions(tasks_total=10, tasks_done=10, tasks_on_time=8, tasks_exceeded=0)
    three_late = Conditions(tasks_total=10, tasks_done=10, tasks_on_time=7, tasks_exceeded=0)
    # on time below 100%: no longer "good", whatever the score
    assert level(85, two_late) == Rating.COMPLETED
    assert level(85, three_late) == Rating.NOT_COMPLETED
    assert "3/10 nhiệm vụ chậm tiến độ (30%), quá 20%" in rate(85, three_late, params=P).reasons(Rating.COMPLETED)


def test_completed_needs_every_task_done():
    assert level(60, Conditions(tasks_total=10, tasks_done=9, tasks_on_time=9, tasks_exceeded=0)) == (
        Rating.NOT_COMPLETED
    )


def test_good_needs_every_task_on_time():
    verdict = rate(92, Conditions(tasks_total=5, tasks_done=5, tasks_on_time=4, tasks_exceeded=2), params=P)
    assert verdict.level == Rating.COMPLETED
    assert verdict.reasons(Rating.GOOD) == [
        "4/5 nhiệm vụ hoàn thành đúng tiến độ, bảo đảm chất lượng (80%), chưa đủ 100%"
    ]


def test_a_disciplined_subordinate_bars_excellent_for_collectives_and_leaders_only():
    disciplined = Conditions(tasks_total=10, tasks_done=10, tasks_on_time=10, tasks_exceeded=5,
                             subordinate_disciplined=True)  # fmt: skip
    assert level(95, disciplined) == Rating.EXCELLENT  # a member who leads nothing
    leader = Conditions(**{**disciplined.__dict__, "leads": True})
    assert level(95, leader) == Rating.GOOD


def test_unfixed_shortcomings_bar_excellent():
    assert level(95, Conditions(**{**OK.__dict__, "shortcomings_fixed": False})) == Rating.GOOD


def test_every_disqualifier_means_not_completed_whatever_the_score():
    for d in Disqualifier:
        if d:
            verdict = rate(100, Conditions(**{**OK.__dict__, "disqualifier": d}), params=P)
            assert verdict.level == Rating.NOT_COMPLETED
            assert d.label.lower() in verdict.reasons(Rating.COMPLETED)


def test_unknown_task_figures_judge_on_the_score_with_a_warning():
    verdict = rate(93, params=P)
    assert verdict.level == Rating.EXCELLENT
    assert any("Chưa có số liệu nhiệm vụ" in w for w in verdict.warnings)
    assert not rate(93, OK, params=P).warnings


def test_an_unconfirmed_threshold_only_warns():
    params = RatingParams(confirmed={"exceeded_pct": False})
    verdict = rate(95, Conditions(tasks_total=10, tasks_done=10, tasks_on_time=10, tasks_exceeded=1), params=params)
    assert verdict.level == Rating.EXCELLENT
    assert any("1/10 nhiệm vụ vượt yêu cầu" in w for w in verdict.warnings)


def test_thresholds_come_from_the_parameters():
    stricter = RatingParams(excellent_min=Decimal(95), good_min=Decimal(80))
    assert level(94, OK, stricter) == Rating.GOOD
    assert level(79, OK, stricter) == Rating.COMPLETED


def test_the_refusal_names_the_reasons_and_the_ceiling():
    verdict = rate(72, params=P)
    message = verdict.refusal(Rating.EXCELLENT)
    assert "điểm 72 dưới 90" in message and "Hoàn thành tốt nhiệm vụ" in message


def test_the_default_form_follows_43_hd():
    assert default_form(SubjectKind.ORG) == Form.F01
    assert default_form(SubjectKind.MEMBER, holds_post=True, occupation="farmer") == Form.F2A
    assert default_form(SubjectKind.MEMBER, occupation="civil_servant") == Form.F2B
    assert default_form(SubjectKind.MEMBER, occupation="armed_forces") == Form.F2B
    assert default_form(SubjectKind.MEMBER, occupation="retired") == Form.F2C
    assert default_form(SubjectKind.MEMBER, occupation="non_state_enterprise") == Form.F2C


@pytest.mark.parametrize(
    ("kind", "year", "quarter", "term", "field"),
    [
        (PeriodKind.YEAR, 2025, None, "", None),
        (PeriodKind.YEAR, 2025, 2, "", "quarter"),
        (PeriodKind.QUARTER, 2026, 4, "", None),
        (PeriodKind.QUARTER, 2026, 5, "", "quarter"),
        (PeriodKind.QUARTER, 2026, None, "", "quarter"),
        (PeriodKind.TERM, 2025, None, "2020-2025", None),
        (PeriodKind.TERM, 2025, None, "2020/2025", "term"),
        (PeriodKind.TERM, 2025, None, "2025-2020", "term"),
        (PeriodKind.TERM, 2026, None, "2020-2025", "year"),
        (PeriodKind.YEAR, 2025, None, "2020-2025", "term"),
        (PeriodKind.ADHOC, 2026, None, "", None),
        (PeriodKind.YEAR, 2028, None, "", "year"),
    ],
)
def test_periods_are_checked(kind, year, quarter, term, field):
    problem = period_problem(period_kind=kind, year=year, quarter=quarter, term=term, today=date(2026, 11, 20))
    assert (problem[0] if problem else None) == field


def test_a_period_ends_on_its_last_day_and_reads_in_vietnamese():
    kw = {"starts_on": date(2026, 3, 1)}
    assert period_end(period_kind=PeriodKind.YEAR, year=2024, quarter=None, term="", **kw) == date(2024, 12, 31)
    assert period_end(period_kind=PeriodKind.QUARTER, year=2026, quarter=3, term="", **kw) == date(2026, 9, 30)
    term_end = period_end(period_kind=PeriodKind.TERM, year=2025, quarter=None, term="2020-2025", **kw)
    assert term_end == date(2025, 12, 31)
    assert period_end(period_kind=PeriodKind.ADHOC, year=2026, quarter=None, term="", **kw) == date(2026, 3, 1)
    assert period_label(period_kind=PeriodKind.QUARTER, year=2026, quarter=3, term="") == "quý III/2026"


def test_two_consecutive_years_not_completed_raise_the_flag():
    nc, good = Rating.NOT_COMPLETED, Rating.GOOD
    assert repeated_failure({2024: nc, 2025: nc}, 2025)
    assert not repeated_failure({2023: nc, 2025: nc}, 2025)
    assert not repeated_failure({2024: nc, 2025: good}, 2025)


def test_the_excellent_streak_counts_back_from_the_year():
    e = Rating.EXCELLENT
    assert excellent_streak({2021: e, 2022: e, 2023: e, 2024: e, 2025: e}, 2025) == 5
    assert excellent_streak({2021: e, 2022: Rating.GOOD, 2023: e, 2024: e, 2025: e}, 2025) == 3
    assert excellent_streak({}, 2025) == 0


def test_names_of_the_deciding_bodies():
    assert standing_committee_name("Đảng bộ phường Đông Hà") == "Ban Thường vụ Đảng ủy phường Đông Hà"
    assert standing_committee_name("Đảng bộ tỉnh Quảng Trị") == "Ban Thường vụ Tỉnh ủy Quảng Trị"
    assert fmt_score(Decimal("89.90")) == "89,9"


def test_the_quota_mode_defaults_to_warn():
    assert P.quota_mode == QuotaMode.WARN
