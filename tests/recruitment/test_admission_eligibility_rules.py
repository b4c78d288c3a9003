"""The admission's conditions as pure rules, with the boundary cases DOMAIN.md §1.1 gives."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from tochuc.recruitment.rules import (
    IntroducerFacts,
    Params,
    StepFacts,
    admission_eligibility,
    introduction_check,
    reached,
    vote_passes,
)

PARAMS = Params(
    min_age_months=216,
    max_age_months=720,
    min_education="lower_secondary",
    introducer_months=12,
    course_valid_years=5,
    course_valid_confirmed=False,
    vote_threshold=Fraction(2, 3),
    max_vote_rounds=3,
)
VOTE = date(2026, 3, 15)
INTRODUCED = date(2026, 1, 10)


def member(name="Nguyễn Văn An", *, official_on=date(2000, 1, 1), since=date(2024, 1, 1), active=True):
    return IntroducerFacts("member", name, INTRODUCED, official_on=official_on, active=active, together_since=since)


def dossier(vote_on=VOTE, *, course_on=date(2025, 10, 1), verification="clear", votes=(("passed", 9, 9),)):
    steps = [
        StepFacts("course", course_on),
        StepFacts("application", date(2025, 11, 1)),
        StepFacts("history", date(2025, 11, 1)),
        StepFacts("verification", date(2026, 1, 10), verification),
        StepFacts("comments", date(2026, 2, 1)),
    ]
    for i, (result, members, favour) in enumerate(votes):
        on = vote_on if i == len(votes) - 1 else date(2026, 1, 1 + i)
        steps.append(StepFacts("cell_resolution", on, result, members, favour))
    return steps


def check(*, birth=date(1990, 1, 1), education="upper_secondary", exception="", youth=False, introducers=None, **kw):
    return admission_eligibility(
        birth_date=birth,
        education=education,
        education_exception=exception,
        youth_union_member=youth,
        introducers=[member("A"), member("B")] if introducers is None else introducers,
        steps=kw.pop("steps", None) or dossier(),
        committee_needed=kw.pop("committee_needed", False),
        params=PARAMS,
    )


def codes(result):
    return {c.code for c in result.refusals}


def test_a_complete_dossier_is_eligible():
    result = check()
    assert result.ok, [c.reason for c in result.refusals]
    assert result.warnings == []


# --- Age on the day the cell votes, in months (birth 2008-03-15) ---


def test_it_refuses_an_applicant_one_day_short_of_eighteen_on_the_vote():
    steps = dossier(date(2026, 3, 14))
    result = check(birth=date(2008, 3, 15), steps=steps)
    assert codes(result) == {"age"}
    assert "chưa đủ 18 tuổi" in next(c.reason for c in result.refusals)


def test_it_accepts_an_applicant_eighteen_on_the_vote_day():
    assert check(birth=date(2008, 3, 15), steps=dossier(date(2026, 3, 15))).ok


def test_it_flags_an_applicant_over_sixty_for_the_provincial_committee_without_refusing():
    result = check(birth=date(1965, 3, 14))
    assert result.ok
    assert "requires_provincial_approval" in result.flags
    assert [c.code for c in result.warnings] == ["age_over"]


# --- Introducers (Charter Art. 4) ---


def test_two_official_members_introduce():
    assert introduction_check(
        [member("A"), member("B")], vote_on=VOTE, youth_union_member=False, youth_age=False, months_together=12
    ).ok


def test_one_member_alone_does_not_suffice():
    got = introduction_check([member("A")], vote_on=VOTE, youth_union_member=False, youth_age=False, months_together=12)
    assert not got.ok
    assert "hai đảng viên chính thức" in got.reason


def test_a_member_who_worked_with_the_applicant_exactly_twelve_months_may_introduce():
    a = member("A", since=date(2025, 3, 15))
    assert introduction_check(
        [a, member("B")], vote_on=VOTE, youth_union_member=False, youth_age=False, months_together=12
    ).ok


def test_a_member_one_day_short_of_twelve_months_together_may_not():
    a = member("A", since=date(2025, 3, 16))
    got = introduction_check(
        [a, member("B")], vote_on=VOTE, youth_union_member=False, youth_age=False, months_together=12
    )
    assert not got.ok
    assert "A mới cùng công tác, sinh hoạt 11 tháng" in got.reason


def test_a_member_official_on_the_vote_day_may_introduce_but_not_one_official_the_day_after():
    on_day = member("A", official_on=VOTE)
    assert introduction_check(
        [on_day, member("B")], vote_on=VOTE, youth_union_member=False, youth_age=False, months_together=12
    ).ok
    later = member("A", official_on=date(2026, 3, 16))
    got = introduction_check(
        [later, member("B")], vote_on=VOTE, youth_union_member=False, youth_age=False, months_together=12
    )
    assert not got.ok and "chưa là đảng viên chính thức" in got.reason


def test_a_probationary_or_departed_member_may_not_introduce():
    probationary = member("A", official_on=None)
    gone = member("C", active=False)
    for who in (probationary, gone):
        assert not introduction_check(
            [who, member("B")], vote_on=VOTE, youth_union_member=False, youth_age=False, months_together=12
        ).ok


def test_a_youth_union_member_needs_the_youth_union_and_one_official_member():
    youth = IntroducerFacts("youth_union", "BCH Đoàn phường", INTRODUCED)
    assert introduction_check(
        [youth, member("A")], vote_on=VOTE, youth_union_member=True, youth_age=True, months_together=12
    ).ok
    two_members = introduction_check(
        [member("A"), member("B")], vote_on=VOTE, youth_union_member=True, youth_age=True, months_together=12
    )
    assert not two_members.ok and "Ban chấp hành Đoàn" in two_members.reason
    assert not introduction_check([youth], vote_on=VOTE, youth_union_member=True, youth_age=True, months_together=12).ok


def test_a_trade_union_committee_introduces_with_one_official_member():
    union = IntroducerFacts("trade_union", "BCH Công đoàn công ty", INTRODUCED)
    assert introduction_check(
        [union, member("A")], vote_on=VOTE, youth_union_member=False, youth_age=False, months_together=12
    ).ok
    assert not introduction_check(
        [union], vote_on=VOTE, youth_union_member=False, youth_age=False, months_together=12
    ).ok


# --- The cell's vote: two thirds of the official members, exactly ---


@pytest.mark.parametrize(
    ("favour", "members", "passes"),
    [(2, 3, True), (6, 9, True), (5, 8, False), (7, 10, True), (6, 10, False), (0, 0, False), (3, 3, True)],
)
def test_the_vote_needs_two_thirds_of_the_official_members(favour, members, passes):
    assert vote_passes(favour, members, Fraction(2, 3)) is passes


def test_a_failed_vote_refuses_and_the_third_failure_goes_to_the_upper_committee():
    two = check(steps=dossier(votes=(("failed", 9, 5), ("failed", 9, 5))))
    assert codes(two) == {"cell_resolution"}
    assert "vote_rounds_exhausted" not in two.flags
    three = check(steps=dossier(votes=(("failed", 9, 5), ("failed", 9, 5), ("failed", 9, 5))))
    assert "vote_rounds_exhausted" in three.flags
    assert "báo cáo cấp ủy cấp trên" in three.refusals[0].reason


def test_an_introduction_dated_after_the_vote_does_not_count():
    late = IntroducerFacts(
        "member", "C", date(2026, 3, 16), official_on=date(2000, 1, 1), together_since=date(2020, 1, 1)
    )
    got = introduction_check(
        [member("A"), late], vote_on=VOTE, youth_union_member=False, youth_age=False, months_together=12
    )
    assert not got.ok and "C giới thiệu ngày 16/03/2026, sau ngày chi bộ xét" in got.reason
    on_the_day = IntroducerFacts("member", "C", VOTE, official_on=date(2000, 1, 1), together_since=date(2020, 1, 1))
    assert introduction_check(
        [member("A"), on_the_day], vote_on=VOTE, youth_union_member=False, youth_age=False, months_together=12
    ).ok


def test_the_youth_union_route_follows_the_age_on_the_vote_day():
    youth = IntroducerFacts("youth_union", "BCH Đoàn phường", INTRODUCED)
    # 30 years old on the vote day (born 15/03/1995 + 1 day): still of youth age, a member: the Youth Union route.
    at_thirty = check(birth=date(1995, 3, 16), youth=True)
    assert codes(at_thirty) == {"introducers"}
    assert check(birth=date(1995, 3, 16), youth=True, introducers=[youth, member("A")]).ok
    # 31 on the vote day: past youth age, two members suffice even for a Youth Union member.
    assert check(birth=date(1995, 3, 15), youth=True).ok
    # Of youth age and not a Youth Union member: a warning for the cell to check, not a refusal.
    young = check(birth=date(2003, 5, 1), youth=False)
    assert young.ok and [c.code for c in young.warnings] == ["youth_union"]


def test_after_three_failed_rounds_a_later_pass_does_not_admit():
    result = check(steps=dossier(votes=(("failed", 9, 5), ("failed", 9, 5), ("failed", 9, 5), ("passed", 9, 6))))
    assert codes(result) == {"cell_resolution"} and "vote_rounds_exhausted" in result.flags


def test_a_paper_recorded_again_after_the_vote_does_not_undo_the_one_voted_on():
    steps = [*dossier(), StepFacts("course", date(2026, 4, 1))]
    assert check(steps=steps).ok


def test_a_vote_passed_after_failures_is_enough():
    assert check(steps=dossier(votes=(("failed", 9, 5), ("passed", 9, 6)))).ok


# --- The course, the dossier, the verification, education ---


def test_it_refuses_without_the_course():
    steps = [s for s in dossier() if s.step != "course"]
    assert codes(check(steps=steps)) == {"course"}


def test_a_course_certificate_five_years_old_only_warns_while_the_rule_is_unconfirmed():
    on_limit = check(steps=dossier(course_on=date(2021, 3, 16)))
    assert on_limit.ok and on_limit.warnings == []
    expired = check(steps=dossier(course_on=date(2021, 3, 15)))
    assert expired.ok
    assert [c.code for c in expired.warnings] == ["course"]


def test_a_confirmed_course_validity_blocks():
    confirmed = Params(**{**PARAMS.__dict__, "course_valid_confirmed": True})
    result = admission_eligibility(
        birth_date=date(2000, 1, 1),
        education="upper_secondary",
        education_exception="",
        youth_union_member=False,
        introducers=[member("A"), member("B")],
        steps=dossier(course_on=date(2021, 3, 15)),
        committee_needed=False,
        params=confirmed,
    )
    assert codes(result) == {"course"}


def test_a_verification_concluding_not_admissible_refuses_and_an_issue_warns():
    assert codes(check(steps=dossier(verification="not_admissible"))) == {"verification"}
    issue = check(steps=dossier(verification="issue"))
    assert issue.ok and "verification_issue" in issue.flags


def test_missing_verification_refuses():
    steps = [s for s in dossier() if s.step != "verification"]
    assert codes(check(steps=steps)) == {"verification"}


def test_primary_education_needs_a_documented_exception():
    assert codes(check(education="primary")) == {"education"}
    result = check(education="primary", exception="Văn bản 15-CV/TU cho phép (xã vùng cao)")
    assert result.ok and "education_exception" in result.flags
    assert check(education="lower_secondary").ok


def test_a_cell_inside_a_grassroots_committee_needs_its_resolution_after_the_cell():
    assert codes(check(committee_needed=True)) == {"committee_resolution"}
    before = [*dossier(), StepFacts("committee_resolution", date(2026, 3, 14), "passed", 15, 15)]
    assert codes(check(committee_needed=True, steps=before)) == {"committee_resolution"}
    after = [*dossier(), StepFacts("committee_resolution", date(2026, 3, 20), "passed", 15, 15)]
    assert check(committee_needed=True, steps=after).ok


def test_every_missing_condition_is_named_at_once():
    steps = [StepFacts("cell_resolution", VOTE, "passed", 9, 9)]
    result = check(birth=date(2008, 3, 16), introducers=[member("A")], steps=steps)
    assert {"course", "application", "history", "comments", "verification", "age", "introducers"} <= codes(result)


# --- The pipeline column ---


def test_reached_follows_the_dossier():
    assert reached(steps=[], introduced=False, committee_needed=False, admitted=False) == "listed"
    course = [StepFacts("course", date(2025, 1, 1))]
    assert reached(steps=course, introduced=False, committee_needed=False, admitted=False) == "course"
    papers = [*course, StepFacts("application", date(2025, 2, 1)), StepFacts("history", date(2025, 2, 1))]
    assert reached(steps=papers, introduced=False, committee_needed=False, admitted=False) == "course"
    assert reached(steps=papers, introduced=True, committee_needed=False, admitted=False) == "dossier"
    verified = [*papers, StepFacts("verification", date(2025, 3, 1), "clear")]
    assert reached(steps=verified, introduced=True, committee_needed=False, admitted=False) == "verified"
    failed = [*verified, StepFacts("cell_resolution", date(2025, 4, 1), "failed", 9, 5)]
    assert reached(steps=failed, introduced=True, committee_needed=False, admitted=False) == "verified"
    voted = [*verified, StepFacts("cell_resolution", date(2025, 4, 1), "passed", 9, 9)]
    assert reached(steps=voted, introduced=True, committee_needed=False, admitted=False) == "committee"
    assert reached(steps=voted, introduced=True, committee_needed=True, admitted=False) == "cell"
    assert reached(steps=voted, introduced=True, committee_needed=True, admitted=True) == "admitted"
