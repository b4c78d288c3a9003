"""The pure rules of candidate lists: 190-QĐ/TW Art. 14 (DOMAIN.md §3.3) and 45-CT/TW (DOMAIN.md §4.2), with
the cases DOMAIN.md gives."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from tochuc.cadres.rules import retirement_date
from tochuc.congresses import rules_personnel as rules
from tochuc.congresses.choices import Body, NominationSource

SCHEDULE = {
    "base_year": 2021,
    "male": {"start": [60, 3], "step_months": 3, "final": [62, 0]},
    "female": {"start": [55, 4], "step_months": 4, "final": [60, 0]},
}
PARAMS = rules.PersonnelParams(
    max_surplus=Fraction("0.30"),
    prepared_min=Fraction("0.10"),
    prepared_max=Fraction("0.15"),
    floor_support=Fraction("0.30"),
    first_time_months=60,
    reelection_months=48,
    provincial_deputy_months=42,
    retirement_schedule=SCHEDULE,
    confirmed={k: True for k in rules.PARAM_KEYS},
)
REFERENCE = date(2025, 7, 1)  # commune-level committees (45-CT/TW)


def test_the_list_for_20_seats_is_at_most_26():
    assert rules.max_list(20, PARAMS.max_surplus) == 26
    assert rules.list_check(body=Body.COMMITTEE, seats=20, listed=26, params=PARAMS).ok
    refused = rules.list_check(body=Body.COMMITTEE, seats=20, listed=27, params=PARAMS)
    assert not refused.ok and refused.blocking and "26" in refused.reason


def test_the_cap_rounds_down():
    assert rules.max_list(15, PARAMS.max_surplus) == 19  # 19.5
    assert rules.max_list(3, PARAMS.max_surplus) == 3  # 3.9: no surplus possible


@pytest.mark.parametrize(("convening", "ok"), [(21, False), (22, True), (23, True), (24, False)])
def test_the_convening_list_has_a_surplus_of_10_to_15_percent(convening, ok):
    assert rules.prepared_range(20, PARAMS.prepared_min, PARAMS.prepared_max) == (22, 23)
    check = rules.prepared_check(seats=20, convening=convening, params=PARAMS)
    assert check.ok is ok
    assert not check.blocking  # a warning: the congress completes the list


def test_a_small_list_takes_the_smallest_surplus_above_the_minimum():
    # 5 seats: 10-15% is 5.5-5.75 names, no whole number; 6 is the list the convening committee prepares
    assert rules.prepared_range(5, PARAMS.prepared_min, PARAMS.prepared_max) == (6, 6)
    assert rules.prepared_check(seats=5, convening=6, params=PARAMS).ok
    assert not rules.prepared_check(seats=5, convening=5, params=PARAMS).ok


@pytest.mark.parametrize(("support", "ok"), [(90, False), (91, True), (0, False), (300, True)])
def test_a_floor_nominee_needs_more_than_30_percent_of_those_present(support, ok):
    check = rules.support_check(source=NominationSource.FLOOR, support=support, present=300, params=PARAMS)
    assert check.ok is ok and check.blocking


def test_thirty_point_one_percent_is_enough():
    assert rules.support_passes(301, 1000, Fraction("0.30"))
    assert not rules.support_passes(300, 1000, Fraction("0.30"))


def test_a_self_nominee_needs_the_same_support_and_the_convening_list_none():
    assert not rules.support_check(source=NominationSource.SELF, support=3, present=10, params=PARAMS).ok
    assert rules.support_check(source=NominationSource.CONVENING, support=None, present=None, params=PARAMS) is None
    missing = rules.support_check(source=NominationSource.FLOOR, support=None, present=None, params=PARAMS)
    assert not missing.ok


def _age(born: date, *, re_election: bool, body=Body.COMMITTEE, sex="male", provincial=False):
    return rules.age_check(
        body=body,
        re_election=re_election,
        birth_date=born,
        sex=sex,
        reference_date=REFERENCE,
        provincial=provincial,
        params=PARAMS,
    )


def test_a_first_time_member_needs_60_months_at_the_reference_date():
    # A man born in 1968 retires at 62, at the end of the month: 01/07/1968 → 31/07/2030, 30/06/1968 → 30/06/2030.
    assert retirement_date(date(1968, 7, 1), "male", SCHEDULE) == date(2030, 7, 31)
    assert _age(date(1968, 7, 1), re_election=False).ok
    refused = _age(date(1968, 6, 30), re_election=False)
    assert not refused.ok and refused.blocking
    assert "30/06/2030" in refused.reason and "59 tháng" in refused.reason


def test_a_re_elected_member_needs_48_months():
    assert _age(date(1967, 7, 1), re_election=True).ok
    assert not _age(date(1967, 6, 30), re_election=True).ok
    # 48 months is not enough for a first-time member
    assert not _age(date(1967, 7, 1), re_election=False).ok


def test_a_woman_is_judged_by_the_womens_schedule():
    # Women's age rises 4 months a year: born 01/03/1972 she retires at 58y4m on 31/07/2030, born a day
    # earlier on 30/06/2030.
    assert retirement_date(date(1972, 3, 1), "female", SCHEDULE) == date(2030, 7, 31)
    assert _age(date(1972, 3, 1), re_election=False, sex="female").ok
    assert not _age(date(1972, 2, 29), re_election=False, sex="female").ok
    assert _age(date(1972, 2, 29), re_election=False, sex="male").ok  # a man that age retires in 2034


def test_a_provincial_deputy_secretary_re_elected_needs_42_months():
    born = date(1967, 12, 1)  # retires 31/12/2029: 53 months after 01/07/2025
    assert _age(born, re_election=True, body=Body.DEPUTY_SECRETARY, provincial=True).ok
    born = date(1967, 1, 1)  # retires 31/01/2029: 42 months and 30 days
    assert _age(born, re_election=True, body=Body.DEPUTY_SECRETARY, provincial=True).ok
    assert not _age(born, re_election=True, body=Body.DEPUTY_SECRETARY, provincial=False).ok
    assert not _age(date(1966, 12, 1), re_election=True, body=Body.DEPUTY_SECRETARY, provincial=True).ok


def test_delegates_to_the_upper_congress_have_no_age_rule():
    assert _age(date(1964, 1, 1), re_election=False, body=Body.DELEGATES) is None


def test_without_a_reference_date_the_age_cannot_be_judged():
    check = rules.age_check(
        body=Body.COMMITTEE,
        re_election=False,
        birth_date=date(1990, 1, 1),
        sex="male",
        reference_date=None,
        provincial=False,
        params=PARAMS,
    )
    assert not check.ok and check.blocking


def test_an_unconfirmed_parameter_only_warns():
    params = rules.PersonnelParams(**{**PARAMS.__dict__, "confirmed": {k: False for k in rules.PARAM_KEYS}})
    assert not _age_with(params).blocking
    assert not rules.list_check(body=Body.COMMITTEE, seats=20, listed=27, params=params).blocking


def _age_with(params):
    return rules.age_check(
        body=Body.COMMITTEE,
        re_election=False,
        birth_date=date(1966, 1, 1),
        sex="male",
        reference_date=REFERENCE,
        provincial=False,
        params=params,
    )


def test_the_summary_of_a_list_warns_when_not_longer_than_the_seats():
    checks = {c.code: c for c in rules.list_summary_checks(
        body=Body.COMMITTEE, seats=20, convening=20, listed=20, params=PARAMS
    )}  # fmt: skip
    assert not checks["longer"].ok and not checks["prepared"].ok and checks["max_list"].ok
    assert all(not c.blocking for c in checks.values())
    assert rules.surplus_percent(26, 20) == 30.0


def test_the_structure_counts_women_young_and_minorities():
    people = [
        ("female", date(1995, 1, 1), "Kinh"),  # 30 at the reference date: young
        ("male", date(1990, 7, 2), "Tà Ôi"),  # 34 (turns 35 the next day): young
        ("male", date(1990, 7, 1), "Kinh"),  # 35 that day: not young
        ("female", date(1970, 1, 1), "Bru - Vân Kiều"),
    ]
    shares = {
        s.code: s for s in rules.structure(people, on=REFERENCE, women_target=50, young_target=60, minority_target=10)
    }
    assert (shares["women"].count, shares["women"].percent, shares["women"].met) == (2, 50.0, True)
    assert (shares["young"].count, shares["young"].met) == (2, False)
    assert shares["minority"].count == 2


def test_a_nominee_outside_the_org_or_on_probation_is_refused():
    common = dict(active=True, name="A", org_name="Đảng bộ phường Đông Hà")
    assert rules.member_check(official=True, in_subtree=True, **common).ok
    assert not rules.member_check(official=False, in_subtree=True, **common).ok
    assert not rules.member_check(official=True, in_subtree=False, **common).ok
    assert not rules.member_check(official=True, in_subtree=True, **{**common, "active": False}).ok
