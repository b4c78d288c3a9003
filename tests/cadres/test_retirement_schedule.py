"""The retirement-age schedule of the Labour Code 2019 art. 169 and Decree 135/2020/NĐ-CP (appendix I), and the
retirement day of its art. 4, checked at both sides of every boundary of the schedule.

The boundaries are derived from the rule itself, not copied from the appendix: in year Y the age is A(Y)
(men 60y3m in 2021 rising 3 months a year to 62, women 55y4m rising 4 months a year to 60), and a person
retires in the year in which they reach that year's age. So the last birth month of year Y's group is
December of Y minus A(Y), and the first is the month after the last of the year before. A few rows of the
appendix itself anchor the derivation."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from itertools import pairwise

import pytest
from dateutil.relativedelta import relativedelta

from tochuc.cadres.rules import format_age, retirement_age_months, retirement_date
from tochuc.core.rules_catalog import PARAMETERS
from tochuc.members.choices import Sex

SCHEDULE = next(p[4] for p in PARAMETERS if p[0] == "retirement.schedule")


def _age(plan: dict, year: int) -> int:
    """A(year) in months, by the text of the rule: the start age in the base year, one step more each year
    after, never above the final age."""
    start = plan["start"][0] * 12 + plan["start"][1]
    final = plan["final"][0] * 12 + plan["final"][1]
    return min(start + plan["step_months"] * (year - SCHEDULE["base_year"]), final)


def _groups(sex: str) -> list[tuple[date, date | None, int]]:
    """(first birth month, last birth month or None for "from then on", age in months) for each year of the
    schedule, preceded by the old age of those who reached it before the base year."""
    plan = SCHEDULE[sex]
    base = SCHEDULE["base_year"]
    old = _age(plan, base) - plan["step_months"]
    last_old = date(base - 1, 12, 1) - relativedelta(months=old)
    groups: list[tuple[date, date | None, int]] = [(date(1900, 1, 1), last_old, old)]
    year, first = base, last_old + relativedelta(months=1)
    final = plan["final"][0] * 12 + plan["final"][1]
    while True:
        age = _age(plan, year)
        if age == final:
            groups.append((first, None, age))
            return groups
        last = date(year, 12, 1) - relativedelta(months=age)
        groups.append((first, last, age))
        year, first = year + 1, last + relativedelta(months=1)


def _month_end(d: date) -> date:
    return d.replace(day=calendar.monthrange(d.year, d.month)[1])


# Rows of Decree 135/2020 appendix I: (sex, first birth month, last birth month, age years, months).
APPENDIX = [
    (Sex.MALE, (1900, 1), (1960, 12), 60, 0),
    (Sex.MALE, (1961, 1), (1961, 9), 60, 3),
    (Sex.MALE, (1961, 10), (1962, 6), 60, 6),
    (Sex.MALE, (1962, 7), (1963, 3), 60, 9),
    (Sex.MALE, (1963, 4), (1963, 12), 61, 0),
    (Sex.MALE, (1964, 1), (1964, 9), 61, 3),
    (Sex.MALE, (1964, 10), (1965, 6), 61, 6),
    (Sex.MALE, (1965, 7), (1966, 3), 61, 9),
    (Sex.MALE, (1966, 4), None, 62, 0),
    (Sex.FEMALE, (1900, 1), (1965, 12), 55, 0),
    (Sex.FEMALE, (1966, 1), (1966, 8), 55, 4),
    (Sex.FEMALE, (1966, 9), (1967, 4), 55, 8),
    (Sex.FEMALE, (1967, 5), (1967, 12), 56, 0),
    (Sex.FEMALE, (1968, 1), (1968, 8), 56, 4),
    (Sex.FEMALE, (1968, 9), (1969, 4), 56, 8),
    (Sex.FEMALE, (1969, 5), (1969, 12), 57, 0),
    (Sex.FEMALE, (1970, 1), (1970, 8), 57, 4),
    (Sex.FEMALE, (1970, 9), (1971, 4), 57, 8),
    (Sex.FEMALE, (1971, 5), (1971, 12), 58, 0),
    (Sex.FEMALE, (1972, 1), (1972, 8), 58, 4),
    (Sex.FEMALE, (1972, 9), (1973, 4), 58, 8),
    (Sex.FEMALE, (1973, 5), (1973, 12), 59, 0),
    (Sex.FEMALE, (1974, 1), (1974, 8), 59, 4),
    (Sex.FEMALE, (1974, 9), (1975, 4), 59, 8),
    (Sex.FEMALE, (1975, 5), None, 60, 0),
]


def test_the_derived_schedule_is_the_appendix_of_decree_135():
    derived = [
        (sex, (first.year, first.month), (last.year, last.month) if last else None, *divmod(age, 12))
        for sex in (Sex.MALE, Sex.FEMALE)
        for first, last, age in _groups(sex)
    ]
    assert derived == APPENDIX


def _boundaries():
    """Both sides of every boundary: the first day of a group's first month and the day before it (the last
    day of the previous group), for men and women through the whole schedule."""
    for sex in (Sex.MALE, Sex.FEMALE):
        groups = _groups(sex)
        for (_, _, before), (first, _, after) in pairwise(groups):
            label = f"{sex}-{first:%m/%Y}"
            yield pytest.param(sex, first - timedelta(days=1), before, id=f"{label}-before")
            yield pytest.param(sex, first, after, id=f"{label}-from")


@pytest.mark.parametrize(("sex", "birth", "age"), list(_boundaries()))
def test_each_side_of_a_boundary_retires_at_its_own_age(sex, birth, age):
    assert retirement_age_months(birth, sex, SCHEDULE) == age
    assert retirement_date(birth, sex, SCHEDULE) == _month_end(birth + relativedelta(months=age))


@pytest.mark.parametrize(
    ("sex", "birth", "age", "retires"),
    [
        (Sex.MALE, date(1960, 12, 31), (60, 0), date(2020, 12, 31)),
        (Sex.MALE, date(1961, 1, 1), (60, 3), date(2021, 4, 30)),
        (Sex.MALE, date(1961, 9, 30), (60, 3), date(2021, 12, 31)),
        (Sex.MALE, date(1961, 10, 1), (60, 6), date(2022, 4, 30)),
        (Sex.MALE, date(1966, 3, 31), (61, 9), date(2027, 12, 31)),
        (Sex.MALE, date(1966, 4, 1), (62, 0), date(2028, 4, 30)),
        (Sex.MALE, date(1990, 7, 14), (62, 0), date(2052, 7, 31)),
        (Sex.MALE, date(1950, 7, 14), (60, 0), date(2010, 7, 31)),
        (Sex.FEMALE, date(1965, 12, 31), (55, 0), date(2020, 12, 31)),
        (Sex.FEMALE, date(1966, 1, 1), (55, 4), date(2021, 5, 31)),
        (Sex.FEMALE, date(1966, 8, 31), (55, 4), date(2021, 12, 31)),
        (Sex.FEMALE, date(1966, 9, 1), (55, 8), date(2022, 5, 31)),
        (Sex.FEMALE, date(1975, 4, 30), (59, 8), date(2034, 12, 31)),
        (Sex.FEMALE, date(1975, 5, 1), (60, 0), date(2035, 5, 31)),
        (Sex.FEMALE, date(1990, 7, 14), (60, 0), date(2050, 7, 31)),
    ],
)
def test_the_appendix_rows_give_the_age_and_the_day(sex, birth, age, retires):
    assert divmod(retirement_age_months(birth, sex, SCHEDULE), 12) == age
    assert retirement_date(birth, sex, SCHEDULE) == retires


@pytest.mark.parametrize(
    ("sex", "birth", "retires"),
    [
        # born on the 31st, the month of the age has 30 days: the day is clipped, the month kept
        (Sex.MALE, date(1962, 5, 31), date(2022, 11, 30)),  # 60y6m → 11/2022
        (Sex.FEMALE, date(1966, 10, 31), date(2022, 6, 30)),  # 55y8m → 06/2022
        (Sex.FEMALE, date(1970, 1, 30), date(2027, 5, 31)),  # 57y4m → 05/2027
        (Sex.MALE, date(1965, 11, 30), date(2027, 8, 31)),  # 61y9m → 08/2027
        (Sex.MALE, date(1963, 3, 29), date(2023, 12, 31)),  # 60y9m → 12/2023
        # born on 29 February: the age is reached in February, whether or not that year has a 29th
        (Sex.MALE, date(1968, 2, 29), date(2030, 2, 28)),  # 62 → 02/2030, not a leap year
        (Sex.FEMALE, date(1976, 2, 29), date(2036, 2, 29)),  # 60 → 02/2036, a leap year
        (Sex.FEMALE, date(1972, 2, 29), date(2030, 6, 30)),  # 58y4m → 06/2030
        (Sex.MALE, date(1964, 2, 29), date(2025, 5, 31)),  # 61y3m → 05/2025
    ],
)
def test_the_retirement_day_is_the_last_day_of_the_month_the_age_is_reached(sex, birth, retires):
    assert retirement_date(birth, sex, SCHEDULE) == retires


@pytest.mark.parametrize("sex", [Sex.MALE, Sex.FEMALE])
def test_every_birth_day_of_the_transition_retires_at_the_end_of_its_month(sex):
    """Every day from 1959 to 1977: the age is the one of its birth month's group, and the day is the end of
    the birth month plus that age (Decree 135 art. 4) — never another month, whatever the day of birth."""
    groups = _groups(sex)
    day = date(1959, 1, 1)
    while day < date(1977, 1, 1):
        month = day.replace(day=1)
        age = next(a for first, last, a in groups if first <= month and (last is None or month <= last))
        assert retirement_age_months(day, sex, SCHEDULE) == age, day
        reached = date(day.year, day.month, 1) + relativedelta(months=age)
        assert retirement_date(day, sex, SCHEDULE) == _month_end(reached), day
        day += timedelta(days=1)


def test_the_schedule_comes_from_the_catalog_not_a_copy():
    """A new schedule in the rule table changes the result: the function reads the parameter it is given."""
    later = {**SCHEDULE, "male": {**SCHEDULE["male"], "final": [63, 0]}}
    assert retirement_age_months(date(1980, 1, 1), Sex.MALE, SCHEDULE) == 62 * 12
    assert retirement_age_months(date(1980, 1, 1), Sex.MALE, later) == 63 * 12


def test_the_age_reads_in_vietnamese():
    assert format_age(60 * 12 + 3) == "60 tuổi 3 tháng"
    assert format_age(62 * 12) == "62 tuổi"


def test_the_rule_table_is_loaded_with_the_catalog_schedule(db):
    from tochuc.core.rules import rules_in_force

    rules = rules_in_force(date(2026, 11, 29))
    assert rules["retirement.schedule"] == SCHEDULE
    assert rules.version("retirement.schedule").confirmed
