"""Working-day deadlines against the holiday table."""

from __future__ import annotations

from datetime import date, timedelta

from . import dates
from .models import Holiday


def holidays_between(start: date, end: date) -> set[date]:
    return set(Holiday.objects.filter(day__gte=start, day__lte=end).values_list("day", flat=True))


def working_day_deadline(start: date, days: int) -> date:
    """The last day of "within `days` working days of `start`"."""
    # Weekends and holidays never make a stretch of n working days longer than 2n + 20 calendar days.
    holidays = holidays_between(start, start + timedelta(days=2 * days + 20))
    return dates.add_working_days(start, days, holidays)
