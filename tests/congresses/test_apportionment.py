"""Apportionment of an upper congress's delegate seats (DOMAIN.md §4.3): a base per unit, the rest in
proportion to members by largest remainder, the total always exactly the seats set by the convening
committee; and the numbering, stage and term rules of congress planning."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tochuc.congresses import rules

units = st.dictionaries(st.integers(0, 10_000), st.integers(0, 5_000), min_size=1, max_size=40)


@given(seats=st.integers(0, 2_000), members=units, base=st.integers(0, 30))
def test_the_total_always_equals_the_seats(seats, members, base):
    assert sum(rules.apportion(seats=seats, members=members, base_per_unit=base).values()) == seats


@given(seats=st.integers(0, 2_000), members=units, base=st.integers(0, 30))
def test_each_unit_gets_its_base_when_the_seats_allow(seats, members, base):
    result = rules.apportion(seats=seats, members=members, base_per_unit=base)
    floor = base if seats >= base * len(members) else seats // len(members)
    assert all(n >= floor for n in result.values())


@given(seats=st.integers(0, 2_000), members=units, base=st.integers(0, 30))
def test_more_members_never_get_fewer_seats(seats, members, base):
    result = rules.apportion(seats=seats, members=members, base_per_unit=base)
    for a in members:
        for b in members:
            if members[a] > members[b]:
                assert result[a] >= result[b]


@given(seats=st.integers(0, 2_000), members=units, base=st.integers(0, 30))
def test_no_unit_strays_more_than_one_seat_from_its_quota(seats, members, base):
    result = rules.apportion(seats=seats, members=members, base_per_unit=base)
    floor = min(base, seats // len(members))
    rest = seats - floor * len(members)
    total = sum(members.values())
    for u, n in result.items():
        quota = rest * members[u] / total if total else rest / len(members)
        assert floor + quota - 1 < n < floor + quota + 1


def test_a_worked_example_by_largest_remainder():
    # 20 seats, 2 each by organization, 14 left: quotas 8.4 / 4.2 / 1.4 -> 8, 4, 1 and the last seat to the
    # largest remainder (0.4 ties with 0.4: the larger unit first).
    result = rules.apportion(seats=20, members={"A": 600, "B": 300, "C": 100}, base_per_unit=2)
    assert result == {"A": 11, "B": 6, "C": 3}


def test_too_few_seats_for_the_base_lower_it_for_everyone():
    assert rules.apportion(seats=5, members={"A": 10, "B": 10, "C": 10}, base_per_unit=3) == {"A": 2, "B": 2, "C": 1}


def test_units_without_members_share_the_rest_evenly():
    assert rules.apportion(seats=4, members={"A": 0, "B": 0}) == {"A": 2, "B": 2}


def test_it_refuses_negative_figures():
    with pytest.raises(ValueError):
        rules.apportion(seats=-1, members={"A": 1})


# --- numbering, stages, terms -------------------------------------------------------------------------------


def test_the_next_number_continues_the_highest_of_the_history():
    preds = {3: {1, 2}, 2: {0}}
    latest = {0: 9, 1: 12, 2: 4}
    assert rules.next_number(3, predecessors=preds, latest=latest) == 13
    assert rules.next_number(2, predecessors=preds, latest=latest) == 10


def test_a_new_org_starts_at_one():
    assert rules.next_number(7, predecessors={}, latest={1: 5}) == 1


def test_a_cycle_in_the_history_does_not_loop():
    assert rules.next_number(1, predecessors={1: {2}, 2: {1}}, latest={2: 3}) == 4


def test_stages_move_forward_only():
    assert rules.status_move_allowed("planned", "held")
    assert rules.status_move_allowed("documents_ready", "personnel_approved")
    assert not rules.status_move_allowed("held", "personnel_approved")
    assert not rules.status_move_allowed("results_approved", "planned")


def test_late_means_the_planned_day_passed_without_the_congress():
    today = date(2025, 9, 1)
    assert rules.is_late(status="documents_ready", planned_from=date(2025, 8, 31), today=today)
    assert not rules.is_late(status="held", planned_from=date(2025, 8, 31), today=today)
    assert not rules.is_late(status="planned", planned_from=today, today=today)


@pytest.mark.parametrize(
    ("term", "ok"),
    [
        ("2025-2030", True),
        ("2025-2027", True),  # the two half terms of a chi bộ under a grassroots committee
        ("2027-2030", True),
        ("2025-2029", False),
        ("2025-2026", False),
        ("2025–2030", False),
        ("25-30", False),
    ],
)
def test_terms_are_five_years_or_the_halves_of_a_cells(term, ok):
    assert rules.valid_term(term) is ok


def test_the_reference_dates_of_45_ct_tw():
    ref = rules.reference_date_default
    assert ref(term="2025-2030", org_type="grassroots_cell", sector="residential") == date(2025, 4, 1)
    assert ref(term="2025-2030", org_type="upper_grassroots_committee", sector="commune") == date(2025, 7, 1)
    assert ref(term="2025-2030", org_type="upper_grassroots_committee", sector="party_agency") == date(2025, 6, 1)
    assert ref(term="2025-2030", org_type="province_committee", sector="other") == date(2025, 9, 1)
    assert ref(term="2030-2035", org_type="province_committee", sector="other") is None


def test_roman_numbers():
    assert [rules.roman(n) for n in (1, 4, 9, 14, 40, 2025)] == ["I", "IV", "IX", "XIV", "XL", "MMXXV"]
