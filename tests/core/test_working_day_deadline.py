"""Deadlines in working days read the holiday table that the migration fills (core.calendar)."""

from __future__ import annotations

from datetime import date

import pytest

from tochuc.core.calendar import holidays_between, working_day_deadline
from tochuc.core.models import Holiday
from tochuc.core.services import holiday_set

pytestmark = pytest.mark.django_db


def test_the_holiday_table_holds_the_generated_days():
    assert holidays_between(date(2026, 2, 1), date(2026, 2, 28)) == {date(2026, 2, d) for d in range(16, 21)}


def test_it_computes_a_deadline_through_tet():
    # "within 30 working days" of Monday 02/02/2026 ends on 23/03, not 16/03.
    assert working_day_deadline(date(2026, 2, 2), 30) == date(2026, 3, 23)


def test_it_follows_a_day_off_the_government_adds(admin_user):
    # The Government gives Friday 02/01/2026 as a bridge day: a deadline from 31/12/2025 moves.
    assert working_day_deadline(date(2025, 12, 31), 1) == date(2026, 1, 2)
    holiday_set(actor=admin_user, day=date(2026, 1, 2), name="Nghỉ bù Tết Dương lịch")
    assert Holiday.objects.get(day=date(2026, 1, 2)).source == Holiday.Source.OFFICIAL
    assert working_day_deadline(date(2025, 12, 31), 1) == date(2026, 1, 5)
