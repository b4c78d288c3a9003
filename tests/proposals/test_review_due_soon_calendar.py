""" "Due soon" on the lists reads the holiday table: on the Friday before Tết 2026 three working days reach
Wednesday 25/02, so an appraisal or a recommendation due on 24/02 is near and one due on 26/02 is not; due
that Friday is near, not overdue; due the day before is overdue."""

from __future__ import annotations

from datetime import date

import pytest

from tochuc.core.dates import default_holidays
from tochuc.core.models import Holiday
from tochuc.proposals.selectors.proposals import proposal_list, proposal_summary, soon_until
from tochuc.proposals.selectors.recommendations import recommendation_list
from tochuc.proposals.services.recommendations import recommendation_assign

FRIDAY = date(2026, 2, 13)  # the last working day before Tết 2026


@pytest.fixture
def tet(db):
    for day, name in default_holidays(2026):
        Holiday.objects.get_or_create(day=day, defaults={"name": name})


def test_the_lists_read_tet_from_the_holiday_table(tet):
    assert soon_until(FRIDAY) == date(2026, 2, 25)


def test_an_appraisal_due_after_tet_is_near_on_the_friday_before(tet, receive, province_officer):
    until = soon_until(FRIDAY)
    due = {}
    for n, day in enumerate([date(2026, 2, 12), FRIDAY, date(2026, 2, 24), date(2026, 2, 26)], start=1):
        due[day] = receive(document_no=str(n), received_on=date(2026, 2, 2), due_on=day)
    near = proposal_list(actor=province_officer, deadline="soon", today=FRIDAY, soon_until=until)
    late = proposal_list(actor=province_officer, deadline="overdue", today=FRIDAY, soon_until=until)
    assert set(near) == {due[FRIDAY], due[date(2026, 2, 24)]}
    assert set(late) == {due[date(2026, 2, 12)]}
    summary = proposal_summary(proposal_list(actor=province_officer), today=FRIDAY, soon_until=until)
    assert (summary.soon, summary.overdue) == (2, 1)


def test_a_recommendation_due_after_tet_is_near_on_the_friday_before(tet, raise_rec, province_officer):
    until = soon_until(FRIDAY)
    recs = {}
    for day in (date(2026, 2, 24), date(2026, 2, 26)):
        recs[day] = recommendation_assign(
            actor=province_officer,
            recommendation=raise_rec(),
            assigned_to="Sở Nội vụ",
            assigned_on=date(2026, 1, 20),
            due_on=day,
        )
    near = recommendation_list(actor=province_officer, deadline="soon", today=FRIDAY, soon_until=until)
    assert list(near) == [recs[date(2026, 2, 24)]]
