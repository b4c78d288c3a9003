"""The rating conditions of a commendation (`awards.rules`), from DOMAIN.md §10's own cases: only "excellent"
is proposed, a five-year award needs five consecutive excellent years, a missing year is named, an unconfirmed
parameter warns and a confirmed one blocks."""

from __future__ import annotations

import pytest

from tochuc.awards import rules
from tochuc.awards.choices import PeriodType, RecipientKind

E, G, C, N = "excellent", "good", "completed", "not_completed"


def params(min_rating: bool = False, years: bool = False, consecutive: int = 5) -> rules.AwardParams:
    return rules.AwardParams(
        min_rating="excellent",
        consecutive_years=consecutive,
        confirmed={"min_rating": min_rating, "consecutive_years": years},
    )


def annual(levels, p=None, year=2025):
    return rules.award_checks(
        period_type=PeriodType.ANNUAL, year_from=year, year_to=year, levels=levels, params=p or params()
    )


def five(levels, p=None, start=2021, end=2025):
    return rules.award_checks(
        period_type=PeriodType.FIVE_YEAR, year_from=start, year_to=end, levels=levels, params=p or params()
    )


def test_an_excellent_year_meets_the_annual_condition():
    verdict = annual({2025: E})
    assert verdict.ok and [c.ok for c in verdict.checks] == [True]


@pytest.mark.parametrize("level", [G, C, N])
def test_a_year_below_excellent_fails_the_annual_condition_and_says_which_level(level):
    verdict = annual({2025: level}, params(min_rating=True))
    (check,) = verdict.checks
    assert not check.ok and check.blocking
    assert "Năm 2025 xếp loại" in check.reason
    assert not verdict.ok


def test_a_member_rated_good_only_warns_while_the_rule_is_unconfirmed():
    """DOMAIN.md §10: a member rated HTTNV is not eligible; the wording is UNCONFIRMED for 43-HD/BTCTW."""
    verdict = annual({2025: G})
    (check,) = verdict.checks
    assert not check.ok and not check.blocking
    assert verdict.ok and verdict.warnings == [check]


def test_a_member_rated_good_is_refused_once_the_rule_is_confirmed():
    verdict = annual({2025: G}, params(min_rating=True))
    assert not verdict.ok and [c.code for c in verdict.refusals] == ["rating"]


def test_a_year_without_a_decided_rating_is_named():
    (check,) = annual({2024: E}, params(min_rating=True)).checks
    assert not check.ok and check.reason == "Năm 2025 chưa có kết quả xếp loại."


def test_the_annual_condition_reads_only_its_own_year():
    assert annual({2024: G, 2025: E, 2026: N}, params(min_rating=True)).ok


def test_five_consecutive_excellent_years_meet_the_five_year_condition():
    verdict = five({y: E for y in range(2021, 2026)}, params(True, True))
    assert verdict.ok and [c.code for c in verdict.checks] == ["rating_years"] and verdict.checks[0].ok


def test_a_good_year_inside_the_five_breaks_them():
    """DOMAIN's case: 2021–2023 and 2025 excellent, 2024 good: not eligible for the five-year award."""
    levels = {2021: E, 2022: E, 2023: E, 2024: G, 2025: E}
    (check,) = five(levels, params(True, True)).checks
    assert not check.ok and check.blocking
    assert check.reason == "Năm 2024 xếp loại hoàn thành tốt nhiệm vụ."


def test_a_missing_year_inside_the_five_is_named_as_not_met():
    levels = {2021: E, 2023: E, 2024: E, 2025: E}
    (check,) = five(levels, params(True, True)).checks
    assert not check.ok and check.reason == "Năm 2022 chưa có kết quả xếp loại."


def test_every_failing_year_is_named_in_order():
    (check,) = five({2021: E, 2023: C, 2025: E}, params(True, True)).checks
    assert check.reason == (
        "Năm 2022 chưa có kết quả xếp loại. Năm 2023 xếp loại hoàn thành nhiệm vụ. Năm 2024 chưa có kết quả xếp loại."
    )


def test_the_five_year_check_blocks_only_when_both_parameters_are_confirmed():
    levels = {2021: E, 2022: E, 2023: E, 2024: G, 2025: E}
    assert not five(levels, params(False, False)).checks[0].blocking
    assert not five(levels, params(True, False)).checks[0].blocking
    assert not five(levels, params(False, True)).checks[0].blocking
    assert five(levels, params(True, True)).checks[0].blocking


def test_adhoc_and_thematic_awards_have_no_rating_condition():
    for period in (PeriodType.ADHOC, PeriodType.THEMATIC):
        verdict = rules.award_checks(
            period_type=period, year_from=2025, year_to=2025, levels={}, params=params(True, True)
        )
        assert verdict.ok and verdict.checks == [] and verdict.flags


@pytest.mark.parametrize(
    ("period", "start", "end", "wrong"),
    [
        (PeriodType.FIVE_YEAR, 2021, 2025, None),
        (PeriodType.FIVE_YEAR, 2022, 2025, "year_from"),  # four years
        (PeriodType.FIVE_YEAR, 2020, 2025, "year_from"),  # six years
        (PeriodType.FIVE_YEAR, 2025, 2021, "year_from"),
        (PeriodType.ANNUAL, 2025, 2025, None),
        (PeriodType.ANNUAL, 2024, 2025, "year_from"),
        (PeriodType.ADHOC, 2025, 2025, None),
        (PeriodType.THEMATIC, 2021, 2025, None),
        (PeriodType.THEMATIC, 2026, 2025, "year_from"),
        (PeriodType.ANNUAL, 2025, None, "year_to"),
    ],
)
def test_the_years_must_fit_the_kind_of_award(period, start, end, wrong):
    assert rules.period_years(period, start, end, 5) == wrong


def test_the_span_of_a_five_year_award_follows_the_parameter():
    assert rules.period_years(PeriodType.FIVE_YEAR, 2023, 2025, 3) is None
    assert rules.period_years(PeriodType.FIVE_YEAR, 2021, 2025, 3) == "year_from"


def test_a_lower_minimum_accepts_the_levels_above_it():
    p = rules.AwardParams(
        min_rating="good", consecutive_years=5, confirmed={"min_rating": True, "consecutive_years": True}
    )
    assert annual({2025: E}, p).ok and annual({2025: G}, p).ok and not annual({2025: C}, p).ok


def test_the_default_achievement_and_title_name_the_years():
    assert rules.default_achievement(RecipientKind.MEMBER, PeriodType.ANNUAL, 2025, 2025) == (
        "Đảng viên hoàn thành xuất sắc nhiệm vụ năm 2025"
    )
    assert "trong sạch, vững mạnh tiêu biểu 5 năm liên tục (2021–2025)" in rules.default_achievement(
        RecipientKind.ORG, PeriodType.FIVE_YEAR, 2021, 2025
    )
    assert rules.default_title("merit", PeriodType.ANNUAL, 2025, 2025).startswith("Về việc tặng Bằng khen")
