"""The pure rules: tax codes, survey figures, which org can be an enterprise's party organization, the
founding hint at its boundary (Charter Art. 21), progress and targets rolled up the tree."""

from __future__ import annotations

from datetime import date

import pytest

from tochuc.enterprises import rules
from tochuc.orgs.models import OrgType

PROVINCE, COMMUNE, CELL = "00000001.", "00000001.00000002.", "00000001.00000002.00000003."
OTHER_PROVINCE_CELL = "00000009.0000000a.0000000b."


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [("3200123456", "3200123456"), (" 3200 123 456 ", "3200123456"), ("3200123456-001", "3200123456001"),
     ("", ""), (None, "")],
)  # fmt: skip
def test_it_normalizes_a_tax_code_as_people_write_it(raw, normalized):
    assert rules.tax_code_normalize(raw) == normalized


@pytest.mark.parametrize("code", ["0100109106", "3200123456001"])
def test_ten_and_thirteen_digits_are_tax_codes(code):
    assert rules.tax_code_problem(code) is None


@pytest.mark.parametrize("code", ["320012345", "32001234567", "320012345600", "32001234560011", "32OO123456"])
def test_other_shapes_are_not(code):
    assert "Mã số thuế" in rules.tax_code_problem(code)


def _figures(**kw):
    values = dict(employees=10, party_members=0, has_trade_union=False, trade_union_members=0,
                  has_youth_union=False, youth_union_members=0)  # fmt: skip
    values.update(kw)
    return rules.figures_problems(**values)


def test_figures_up_to_the_employees_are_consistent():
    assert _figures(party_members=10, has_trade_union=True, trade_union_members=10) == []


@pytest.mark.parametrize(
    ("kw", "field"),
    [({"party_members": 11}, "party_members"), ({"trade_union_members": 1}, "trade_union_members"),
     ({"has_trade_union": True, "trade_union_members": 11}, "trade_union_members"),
     ({"youth_union_members": 1}, "youth_union_members"), ({"employees": -1}, "employees")],
)  # fmt: skip
def test_it_flags_inconsistent_figures(kw, field):
    assert [f for f, _m in _figures(**kw)] == [field]


def _party_org(path=CELL, org_type=OrgType.GRASSROOTS_CELL, open_=True, area=COMMUNE):
    return rules.party_org_problem(area_path=area, party_org_path=path, party_org_type=org_type, party_org_open=open_)


def test_a_grassroots_cell_under_the_area_can_be_the_party_org():
    assert _party_org() is None


@pytest.mark.parametrize("org_type", [OrgType.GRASSROOTS_COMMITTEE, OrgType.SUB_COMMITTEE, OrgType.CELL])
def test_other_grassroots_kinds_can_too(org_type):
    assert _party_org(org_type=org_type) is None


def test_the_area_its_province_a_party_group_another_province_or_a_closed_org_cannot():
    assert _party_org(path=COMMUNE, org_type=OrgType.GRASSROOTS_COMMITTEE) is not None
    assert _party_org(path=PROVINCE, org_type=OrgType.GRASSROOTS_COMMITTEE) is not None
    assert _party_org(org_type=OrgType.UPPER_GRASSROOTS_COMMITTEE) is not None
    assert _party_org(org_type=OrgType.PARTY_GROUP) is not None
    assert _party_org(path=OTHER_PROVINCE_CELL) is not None
    assert _party_org(open_=False) is not None


@pytest.mark.parametrize(("members", "eligible"), [(2, False), (3, True), (4, True)])
def test_three_party_members_make_a_non_state_enterprise_eligible_to_found(members, eligible):
    assert rules.founding_eligible(sector="non_state", party_members=members, has_party_org=False, is_open=True,
                                   threshold=3) is eligible  # fmt: skip


@pytest.mark.parametrize(
    "kw", [{"sector": "state"}, {"sector": "foreign"}, {"has_party_org": True}, {"is_open": False}]
)
def test_only_an_open_non_state_enterprise_without_a_party_org_is_eligible(kw):
    values = dict(sector="non_state", party_members=5, has_party_org=False, is_open=True, threshold=3)
    values.update(kw)
    assert rules.founding_eligible(**values) is False


def test_the_threshold_comes_in_from_the_rule_table():
    assert rules.founding_eligible(sector="non_state", party_members=3, has_party_org=False, is_open=True,
                                   threshold=5) is False  # fmt: skip


@pytest.mark.parametrize(("achieved", "target", "percent"), [(0, 4, 0.0), (1, 3, 33.3), (5, 4, 125.0),
                                                             (2, None, None), (2, 0, None)])  # fmt: skip
def test_progress_is_a_percentage_of_the_target(achieved, target, percent):
    assert rules.progress_percent(achieved, target) == percent


def test_the_remainder_is_what_is_left_to_allocate():
    assert rules.target_remainder(5, 3) == 2
    assert rules.target_remainder(5, 7) == -2
    assert rules.target_remainder(None, 3) is None


def test_a_target_rolls_up_from_the_highest_orgs_below_that_have_one():
    a, b = "00000001.00000002.", "00000001.00000003."
    a1, a2, b1 = a + "00000004.", a + "00000005.", b + "00000006."
    targets = {a: 5, a1: 2, a2: 2, b1: 3}
    assert rules.roll_up(targets, a) == 5  # its own, not its cells' 4
    assert rules.roll_up(targets, b) == 3  # none of its own: its cell's
    assert rules.roll_up(targets, "00000001.") == 8  # 5 + 3, the cells under a not counted twice
    assert rules.roll_up(targets, a1 + "00000007.") is None


def test_dates_are_not_in_the_future_nor_before_the_earliest():
    today = date(2026, 11, 29)
    assert rules.date_problem(today, today=today, label="Ngày") is None
    assert rules.date_problem(date(2026, 11, 30), today=today, label="Ngày") is not None
    assert rules.date_problem(date(1930, 2, 3), today=today, label="Ngày", earliest=rules.PARTY_FOUNDED) is None
    assert rules.date_problem(date(1930, 2, 2), today=today, label="Ngày", earliest=rules.PARTY_FOUNDED) is not None
