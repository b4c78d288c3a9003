"""Date arithmetic the regulations use: calendar months, completed ages, working days, holidays.

Pure functions (no database). The holiday set comes from `core.models.Holiday` through
`core.calendar.holidays_between`, or from `default_holidays` for a year.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from lunardate import LunarDate


def add_months(d: date, months: int) -> date:
    """Calendar-month addition: 31/01 + 1 month = 28/02 (or 29/02), as DOMAIN.md §11 requires."""
    return d + relativedelta(months=months)


def completed_months(start: date, on: date) -> int:
    """Whole calendar months from `start` to `on` (a person born 15/03/2008 has 216 months on 15/03/2026)."""
    if on < start:
        return -completed_months(on, start)
    delta = relativedelta(on, start)
    return delta.years * 12 + delta.months


def completed_years(start: date, on: date) -> int:
    return completed_months(start, on) // 12


def is_working_day(d: date, holidays: Collection[date]) -> bool:
    return d.weekday() < 5 and d not in holidays


def add_working_days(start: date, days: int, holidays: Collection[date]) -> date:
    """The `days`-th working day after `start` (`start` itself not counted).

    "Within 30 working days of the decision" ends on add_working_days(decision, 30).
    """
    if days < 0:
        raise ValueError("days must be >= 0")
    d = start
    remaining = days
    while remaining:
        d += timedelta(days=1)
        if is_working_day(d, holidays):
            remaining -= 1
    return d


def working_days_between(start: date, end: date, holidays: Collection[date]) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    count = 0
    d = start
    while d < end:
        d += timedelta(days=1)
        if is_working_day(d, holidays):
            count += 1
    return count


def default_holidays(year: int) -> list[tuple[date, str]]:
    """Public holidays of Bộ luật Lao động 2019, Điều 112, for one year, as the law fixes them.

    Tết: the last day of the lunar year and the first four days of the new one (5 days); the Hùng
    Kings' day 10/3 lunar; 30/4 and 1/5; 2/9 with one adjacent day. When a holiday falls on a weekend
    the next working day is given off (Điều 111.3). The Government announces the exact days each year;
    administrators correct the generated rows in the holiday table when it does.
    """
    days: list[tuple[date, str]] = [(date(year, 1, 1), "Tết Dương lịch")]
    new_year = LunarDate(year, 1, 1).to_solar_date()
    days.append((new_year - timedelta(days=1), "Tết Nguyên đán (cuối năm âm lịch)"))
    days += [(new_year + timedelta(days=i), f"Tết Nguyên đán (mùng {i + 1})") for i in range(4)]
    days.append((LunarDate(year, 3, 10).to_solar_date(), "Giỗ Tổ Hùng Vương (10/3 âm lịch)"))
    days.append((date(year, 4, 30), "Ngày Chiến thắng"))
    days.append((date(year, 5, 1), "Ngày Quốc tế Lao động"))
    national = date(year, 9, 2)
    days.append((national, "Quốc khánh"))
    # The adjacent day: the Monday before when 2/9 is a Tuesday (a four-day bridge), else the day after.
    adjacent = national - timedelta(days=1) if national.weekday() == 1 else national + timedelta(days=1)
    days.append((adjacent, "Quốc khánh (ngày liền kề)"))
    taken = {d for d, _ in days}
    for d, name in sorted(days):
        if d.weekday() >= 5:
            comp = d + timedelta(days=1)
            while comp.weekday() >= 5 or comp in taken:
                comp += timedelta(days=1)
            taken.add(comp)
            days.append((comp, f"Nghỉ bù {name}"))
    return sorted(days)


def daterange(start: date, end: date) -> Iterable[date]:
    d = start
    while d <= end:
        yield d
        d += timedelta(days=1)
