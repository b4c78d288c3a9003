"""The pure rules of appraisal and recommendations: deadlines at their boundaries (due today is not overdue),
"due soon" in working days across a weekend and Tết, the steps each status allows, the conclusion's checks."""

from __future__ import annotations

from datetime import date

import pytest

from tochuc.core.dates import default_holidays
from tochuc.proposals import rules
from tochuc.proposals.choices import Conclusion, ProposalStatus, RecommendationStatus

P, R = ProposalStatus, RecommendationStatus
DUE = date(2026, 3, 20)  # a Friday


@pytest.mark.parametrize(
    ("status", "today", "overdue"),
    [
        (P.IN_REVIEW, date(2026, 3, 19), False),
        (P.IN_REVIEW, DUE, False),  # the day named is still within the deadline
        (P.IN_REVIEW, date(2026, 3, 21), True),
        (P.SUBMITTED, date(2026, 3, 21), True),
        (P.REVISING, date(2026, 3, 21), True),  # waiting for the drafting body still counts against the deadline
        (P.CONCLUDED, date(2026, 4, 30), False),
        (P.WITHDRAWN, date(2026, 4, 30), False),
    ],
)
def test_a_proposal_is_overdue_only_the_day_after_its_deadline_while_open(status, today, overdue):
    assert rules.proposal_overdue(status=status, due_on=DUE, today=today) is overdue


def test_due_soon_counts_working_days_over_the_weekend():
    monday = date(2026, 3, 16)
    until = rules.due_soon_until(monday, holidays=[])
    assert until == date(2026, 3, 19)  # Tue, Wed, Thu
    friday = date(2026, 3, 13)
    assert rules.due_soon_until(friday, holidays=[]) == date(2026, 3, 18)  # Mon, Tue, Wed
    soon = rules.proposal_due_soon
    assert soon(status=P.IN_REVIEW, due_on=date(2026, 3, 19), today=monday, soon_until=until)
    assert soon(status=P.IN_REVIEW, due_on=monday, today=monday, soon_until=until)  # due today: soon, not overdue
    assert not soon(status=P.IN_REVIEW, due_on=date(2026, 3, 20), today=monday, soon_until=until)
    assert not soon(status=P.CONCLUDED, due_on=date(2026, 3, 18), today=monday, soon_until=until)
    assert not soon(status=P.IN_REVIEW, due_on=date(2026, 3, 15), today=monday, soon_until=until)  # overdue instead


def test_due_soon_skips_the_tet_holidays():
    holidays = [d for d, _name in default_holidays(2026)]
    # Tết 2026: 16/02 (the last day of the lunar year) to 20/02; the Friday before, three working days reach
    # into the week after.
    assert rules.due_soon_until(date(2026, 2, 13), holidays) == date(2026, 2, 25)


@pytest.mark.parametrize(
    ("done_on", "released_on", "status", "today", "overdue"),
    [
        (None, None, P.IN_REVIEW, date(2026, 3, 16), False),
        (None, None, P.IN_REVIEW, date(2026, 3, 17), True),
        (date(2026, 3, 16), None, P.IN_REVIEW, date(2026, 3, 30), False),  # gave their opinion
        (None, date(2026, 3, 10), P.IN_REVIEW, date(2026, 3, 30), False),  # released
        (None, None, P.CONCLUDED, date(2026, 3, 30), False),  # nobody is waited for once concluded
        (None, None, P.REVISING, date(2026, 3, 17), True),
    ],
)
def test_a_reviewer_is_overdue_when_still_assigned_without_an_opinion_after_their_deadline(
    done_on, released_on, status, today, overdue
):
    assert (
        rules.reviewer_overdue(
            due_on=date(2026, 3, 16), done_on=done_on, released_on=released_on, proposal_status=status, today=today
        )
        is overdue
    )


@pytest.mark.parametrize(
    ("status", "today", "overdue"),
    [
        (R.ASSIGNED, DUE, False),
        (R.ASSIGNED, date(2026, 3, 21), True),
        (R.OPEN, date(2026, 3, 21), False),  # not assigned yet: no deadline
        (R.ANSWERED, date(2026, 3, 21), False),
        (R.CLOSED, date(2026, 3, 21), False),
    ],
)
def test_a_recommendation_is_overdue_when_assigned_and_past_due(status, today, overdue):
    assert rules.recommendation_overdue(status=status, due_on=DUE, today=today) is overdue


def test_an_answer_is_late_only_after_the_deadline():
    assert not rules.answered_late(answered_on=DUE, due_on=DUE)
    assert rules.answered_late(answered_on=date(2026, 3, 21), due_on=DUE)
    assert not rules.answered_late(answered_on=None, due_on=DUE)
    assert rules.concluded_late(concluded_on=date(2026, 3, 21), due_on=DUE)
    assert not rules.concluded_late(concluded_on=DUE, due_on=DUE)


def test_the_deadline_flag_puts_overdue_before_soon():
    assert rules.deadline_flag(overdue=True, soon=True) == "overdue"
    assert rules.deadline_flag(overdue=False, soon=True) == "soon"
    assert rules.deadline_flag(overdue=False, soon=False) == ""


@pytest.mark.parametrize(
    ("step", "allowed"),
    [
        ("assign", {P.SUBMITTED, P.IN_REVIEW, P.REVISING}),
        ("comment", {P.SUBMITTED, P.IN_REVIEW}),
        ("request_changes", {P.IN_REVIEW}),
        ("revision", {P.REVISING}),
        ("conclude", {P.IN_REVIEW}),
        ("withdraw", {P.SUBMITTED, P.IN_REVIEW, P.REVISING}),
    ],
)
def test_each_appraisal_step_starts_only_from_its_statuses(step, allowed):
    assert {s for s in P.values if rules.step_allowed(rules.PROPOSAL_STEPS, step, s)} == allowed


@pytest.mark.parametrize(
    ("step", "allowed"),
    [
        ("assign", {R.OPEN, R.ASSIGNED}),
        ("answer", {R.ASSIGNED}),
        ("close", {R.ANSWERED}),  # closing needs an answer
        ("reopen", {R.ANSWERED, R.CLOSED}),
    ],
)
def test_each_recommendation_step_starts_only_from_its_statuses(step, allowed):
    assert {s for s in R.values if rules.step_allowed(rules.RECOMMENDATION_STEPS, step, s)} == allowed


def test_a_conclusion_other_than_approval_needs_its_reasons():
    assert rules.conclusion_refusal(conclusion="", conclusion_text="")[0] == "conclusion"
    assert rules.conclusion_refusal(conclusion=Conclusion.APPROVE, conclusion_text="") is None
    assert rules.conclusion_refusal(conclusion=Conclusion.NOT_APPROVED, conclusion_text="  ")[0] == "conclusion_text"
    assert rules.conclusion_refusal(conclusion=Conclusion.APPROVE_WITH_CHANGES, conclusion_text="Bổ sung") is None


def test_concluding_with_reviewers_pending_needs_a_note():
    assert rules.pending_reviewers_refusal(pending=["Hoàng Thị Mai"], override_note="")
    assert "Hoàng Thị Mai" in rules.pending_reviewers_refusal(pending=["Hoàng Thị Mai"], override_note=" ")
    assert rules.pending_reviewers_refusal(pending=["Hoàng Thị Mai"], override_note="Đi công tác dài ngày") is None
    assert rules.pending_reviewers_refusal(pending=[], override_note="") is None


def test_a_date_is_refused_after_today_or_before_its_floor():
    today = date(2026, 3, 20)
    assert rules.date_refusal(today, today=today) is None
    assert rules.date_refusal(date(2026, 3, 21), today=today)
    assert rules.date_refusal(date(2026, 3, 1), today=today, not_before=date(2026, 3, 2), before_label="x")
    assert rules.date_refusal(date(2026, 3, 2), today=today, not_before=date(2026, 3, 2), before_label="x") is None
