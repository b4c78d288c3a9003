"""Date arithmetic of the regulations (core.dates): calendar months, completed ages, working days,
and the public holidays of the Labour Code (DOMAIN.md §11)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tochuc.core.dates import (
    add_months,
    add_working_days,
    completed_months,
    completed_years,
    default_holidays,
    is_working_day,
    working_days_between,
)

HOLIDAYS = frozenset(d for year in range(2024, 2029) for d, _name in default_holidays(year))


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # leap year
        (date(2025, 5, 19), 12, date(2026, 5, 19)),  # DOMAIN.md §1.2: ceremony -> end of probation
        (date(2025, 3, 31), -1, date(2025, 2, 28)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
    ],
)
def test_it_adds_calendar_months(start, months, expected):
    assert add_months(start, months) == expected


def test_it_counts_completed_months_for_the_admission_age():
    # DOMAIN.md §1.1: born 15/03/2008; the cell votes on 14/03/2026 -> under 18; on 15/03/2026 -> 18.
    born = date(2008, 3, 15)
    assert completed_months(born, date(2026, 3, 14)) == 215
    assert completed_months(born, date(2026, 3, 15)) == 216
    assert completed_years(born, date(2026, 3, 14)) == 17
    assert completed_years(born, date(2026, 3, 15)) == 18


def test_it_counts_completed_months_backwards_as_negative():
    assert completed_months(date(2026, 3, 15), date(2026, 1, 15)) == -2


def test_it_skips_a_weekend():
    friday = date(2026, 3, 6)
    assert add_working_days(friday, 1, HOLIDAYS) == date(2026, 3, 9)  # Monday
    assert add_working_days(friday, 0, HOLIDAYS) == friday


def test_it_skips_tet():
    # Tết Bính Ngọ: the lunar new year is Tuesday 17/02/2026; 16-20/02 are days off, then a weekend.
    assert add_working_days(date(2026, 2, 13), 1, HOLIDAYS) == date(2026, 2, 23)
    assert working_days_between(date(2026, 2, 13), date(2026, 2, 23), HOLIDAYS) == 1


def test_it_counts_30_working_days_through_tet():
    # From Monday 02/02/2026: without holidays 16/03, but Tết takes a whole week.
    assert add_working_days(date(2026, 2, 2), 30, frozenset()) == date(2026, 3, 16)
    assert add_working_days(date(2026, 2, 2), 30, HOLIDAYS) == date(2026, 3, 23)


def test_it_skips_the_compensatory_day_and_the_april_may_holidays():
    assert add_working_days(date(2026, 4, 24), 1, HOLIDAYS) == date(2026, 4, 28)  # 27/04 is the day off in lieu
    assert add_working_days(date(2026, 4, 29), 1, HOLIDAYS) == date(2026, 5, 4)  # 30/04, 01/05, weekend


def test_it_refuses_a_negative_number_of_working_days():
    with pytest.raises(ValueError):
        add_working_days(date(2026, 3, 6), -1, HOLIDAYS)


def test_it_counts_working_days_between_two_dates():
    assert working_days_between(date(2026, 3, 2), date(2026, 3, 13), HOLIDAYS) == 9  # Tue..Fri, Mon..Fri
    assert working_days_between(date(2026, 3, 13), date(2026, 3, 2), HOLIDAYS) == 0
    assert working_days_between(date(2026, 3, 2), date(2026, 3, 2), HOLIDAYS) == 0


def test_it_generates_the_2026_holidays_of_the_labour_code():
    days = dict(default_holidays(2026))
    assert set(days) == {
        date(2026, 1, 1),
        date(2026, 2, 16),  # the last day of the lunar year
        date(2026, 2, 17),  # mùng 1 Tết
        date(2026, 2, 18),
        date(2026, 2, 19),
        date(2026, 2, 20),
        date(2026, 4, 26),  # Giỗ Tổ Hùng Vương, 10/3 lunar: a Sunday ...
        date(2026, 4, 27),  # ... so Monday is given off in lieu
        date(2026, 4, 30),
        date(2026, 5, 1),
        date(2026, 9, 2),
        date(2026, 9, 3),
    }
    assert days[date(2026, 2, 17)] == "Tết Nguyên đán (mùng 1)"
    assert days[date(2026, 4, 26)].startswith("Giỗ Tổ Hùng Vương")
    assert days[date(2026, 4, 27)].startswith("Nghỉ bù")


def test_it_gives_the_monday_before_a_tuesday_national_day():
    # 2/9/2025 was a Tuesday: the adjacent day off is Monday 1/9, making a four-day break.
    days = {d for d, _ in default_holidays(2025)}
    assert date(2025, 9, 1) in days
    assert date(2025, 9, 3) not in days


def test_it_treats_weekends_and_holidays_as_days_off():
    assert is_working_day(date(2026, 2, 23), HOLIDAYS)
    assert not is_working_day(date(2026, 2, 17), HOLIDAYS)  # Tết
    assert not is_working_day(date(2026, 2, 21), HOLIDAYS)  # Saturday


@settings(max_examples=200, deadline=None, database=None)
@given(
    start=st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 6, 30)),
    n=st.integers(min_value=1, max_value=90),
)
def test_it_lands_on_the_nth_working_day(start, n):
    end = add_working_days(start, n, HOLIDAYS)
    assert is_working_day(end, HOLIDAYS)
    assert working_days_between(start, end, HOLIDAYS) == n
    # and not a day later than needed: the day before the end still lacks one working day
    assert working_days_between(start, end - timedelta(days=1), HOLIDAYS) == n - 1
