"""No level above what the rules allow for the score and the conditions, at any step: refused on the level's
field, with its reasons, and nothing written. Scores and task figures are checked; a period before the
100-point scale records a level without a score."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tochuc.ratings.choices import Disqualifier, PeriodKind, Rating, Stage
from tochuc.ratings.services.campaigns import campaign_open, entries_enlist
from tochuc.ratings.services.entries import entry_appraise, entry_self_assess


def test_a_self_level_above_the_score_is_refused(tree, listed, steps, refused):
    entry = steps.entry_of(listed, tree.members["44.DH.01"][0])
    with refused(field="self_level") as info:
        steps.self_assess(entry, Decimal("89.99"), Rating.EXCELLENT)
    assert "điểm 89,99 dưới 90" in info.value.message
    with refused(field="self_level"):
        steps.self_assess(entry, Decimal("49.99"), Rating.COMPLETED)


def test_a_self_level_above_the_conditions_is_refused(tree, listed, steps, refused):
    entry = steps.entry_of(listed, tree.members["44.DH.01"][0])
    with refused(field="self_level") as info:
        steps.self_assess(entry, 95, Rating.EXCELLENT, tasks_exceeded=2)
    assert "2/10 nhiệm vụ vượt yêu cầu (20%), chưa đạt 30%" in info.value.message
    with refused(field="self_level"):
        steps.self_assess(entry, 95, Rating.COMPLETED, disqualifier=Disqualifier.DISCIPLINED)
    steps.self_assess(entry, 95, Rating.NOT_COMPLETED, disqualifier=Disqualifier.DISCIPLINED)
    entry.refresh_from_db()
    assert entry.self_level == Rating.NOT_COMPLETED


def test_an_appraisal_above_the_ceiling_is_refused(tree, listed, steps, refused):
    entry = steps.entry_of(listed, tree.members["44.DH.01"][1])
    steps.self_assess(entry, 92, Rating.EXCELLENT)
    with refused(field="appraisal_level"):
        steps.appraise(entry, Rating.EXCELLENT, score=85)
    with refused(field="appraisal_level"):  # the appraisal finds a disqualifying case
        steps.appraise(entry, Rating.GOOD, disqualifier=Disqualifier.FORBIDDEN)
    entry.refresh_from_db()
    assert entry.stage == Stage.SELF and entry.disqualifier == ""


def test_a_decision_above_the_ceiling_is_refused(tree, listed, steps, refused):
    entry = steps.entry_of(listed, tree.members["44.DH.01"][1])
    steps.self_assess(entry, 92, Rating.EXCELLENT)
    steps.appraise(entry, Rating.GOOD, score=78)
    with refused(field="level") as info:
        steps.decide(entry, Rating.EXCELLENT)
    assert "Hoàn thành tốt nhiệm vụ" in info.value.message


@pytest.mark.parametrize(
    ("score", "message"),
    [
        ("101", "từ 0 đến 100"),
        ("-1", "từ 0 đến 100"),
        ("85.555", "hai chữ số"),
        ("tám lăm", "là một số"),
        ("", "Nhập điểm"),
    ],
)
def test_scores_are_checked(tree, listed, steps, refused, score, message):
    entry = steps.entry_of(listed, tree.members["44.DH.01"][2])
    with refused(field="self_score") as info:
        steps.self_assess(entry, score, Rating.GOOD)
    assert message in info.value.message


@pytest.mark.parametrize(
    ("figures", "field"),
    [
        ({"tasks_done": 11}, "tasks_done"),
        ({"tasks_on_time": 11}, "tasks_on_time"),
        ({"tasks_done": 8, "tasks_on_time": 9}, "tasks_on_time"),
        ({"tasks_exceeded": 11}, "tasks_exceeded"),
        ({"tasks_total": None}, "tasks_total"),
        ({"tasks_total": -1}, "tasks_total"),
    ],
)
def test_task_figures_must_hold_together(tree, listed, steps, refused, figures, field):
    entry = steps.entry_of(listed, tree.members["44.DH.01"][2])
    with refused(field=field):
        steps.self_assess(entry, 80, Rating.GOOD, **figures)


def test_a_form_for_another_kind_of_subject_is_refused(tree, listed, steps, refused):
    entry = steps.entry_of(listed, tree.members["44.DH.01"][2])
    with refused(field="form"):
        steps.self_assess(entry, 80, Rating.GOOD, form="01")


def test_a_period_before_the_100_point_scale_records_the_level_only(tree, steps):
    campaign = campaign_open(actor=None, org=tree.province, period_kind=PeriodKind.YEAR, year=2024,
                             starts_on=date(2024, 11, 20))  # fmt: skip
    entries_enlist(actor=None, campaign=campaign, members=True)
    entry = steps.entry_of(campaign, tree.members["44.DH.01"][0])
    entry_self_assess(actor=None, entry=entry, self_level=Rating.EXCELLENT, self_on=date(2024, 12, 5))
    steps.appraise(entry, Rating.EXCELLENT)
    steps.decide(entry, Rating.EXCELLENT)
    entry.refresh_from_db()
    assert (entry.self_score, entry.level) == (None, Rating.EXCELLENT)


def test_dates_follow_the_steps(tree, listed, steps, refused):
    entry = steps.entry_of(listed, tree.members["44.DH.02"][0])
    with refused(field="self_on"):
        entry_self_assess(actor=None, entry=entry, self_score=80, self_level=Rating.GOOD, self_on=date(2025, 11, 1))
    steps.self_assess(entry, 80, Rating.GOOD)
    with refused(field="appraised_on"):
        entry_appraise(actor=None, entry=entry, appraisal_level=Rating.GOOD, appraised_on=date(2025, 12, 1))
    with refused(field="self_on"):
        entry_self_assess(actor=None, entry=entry, self_score=80, self_level=Rating.GOOD, self_on=date(2999, 1, 1))
