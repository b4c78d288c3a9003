"""Review of the appointment services: the decision's dates against the receipt and the steps, a step dated
implausibly early, a re-appointment not yet in effect, a refusal of the tenure named on the decision's field,
a discipline during the procedure, and the term of a decision effective on 29 February."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.http import Http404

from tochuc.cadres import rules
from tochuc.cadres.choices import (
    AppointmentKind,
    AppointmentStatus,
    DisciplineKind,
    Filling,
    Source,
    TenureSource,
    Title,
)
from tochuc.cadres.models import Discipline, PlanningEntry, Tenure
from tochuc.cadres.selectors.appointments import appointment_conditions
from tochuc.cadres.services.appointments import appointment_decide, appointment_open, appointment_step

RECEIVED = date(2026, 3, 2)


@pytest.fixture
def post(tree, make_post):
    return make_post(
        tree.dh, Title.AGENCY_HEAD, name="Chánh Văn phòng Đảng ủy phường", filling=Filling.APPOINTED,
        term_start=None, term_end=None,
    )  # fmt: skip


@pytest.fixture
def deputy(tree, make_cadre, make_post, make_tenure, post):
    """A deputy for more than 24 months, planned for the head's post: eligible for it."""
    deputy_post = make_post(tree.dh, Title.AGENCY_DEPUTY, filling=Filling.APPOINTED, term_start=None, term_end=None)
    cadre = make_cadre(tree.dh, full_name="Lê Văn Hùng")
    make_tenure(cadre, deputy_post, started_on=date(2023, 1, 1), source=TenureSource.APPOINTED)
    PlanningEntry.objects.create(post=post, cadre=cadre, term="2025-2030", added_on=date(2025, 12, 1))
    return cadre


def open_(actor, cadre, post, received_on=RECEIVED, kind=AppointmentKind.APPOINTMENT):
    return appointment_open(
        actor=actor, cadre=cadre, post=post, kind=kind, source=Source.INSIDE, received_on=received_on
    )


def complete(actor, appointment, first: date) -> date:
    """Every step a day apart from `first`; returns the day of the last one (the collective's vote)."""
    on = first
    for i, step in enumerate(rules.procedure(appointment.kind, appointment.source)):
        on = first + timedelta(days=i)
        counts = {}
        if step in rules.BALLOT_STEPS:
            counts = {"attendees": 8, "ballots_issued": 8, "ballots_valid": 8, "votes_for": 6}
        appointment_step(actor=actor, appointment=appointment, step=step, held_on=on, **counts)
    return on


def decide(actor, appointment, decided_on: date, effective_on: date | None = None):
    return appointment_decide(
        actor=actor,
        appointment=appointment,
        decision_no="25-QĐ/ĐU",
        decided_on=decided_on,
        effective_on=effective_on or decided_on,
    )


# --- The decision's date: after the receipt and after the last step --------------------------------------


def test_a_decision_between_the_last_step_and_the_receipt_is_refused_on_its_date(
    commune_officer, deputy, post, refused
):
    # the collective nominated and voted in February; the personnel dossier reached the body on 02/03/2026
    a = open_(commune_officer, deputy, post)
    last = complete(commune_officer, a, first=date(2026, 2, 2))
    assert last < RECEIVED
    with refused(field="decided_on") as info:
        decide(commune_officer, a, date(2026, 2, 20))
    assert "nhận hồ sơ" in info.value.message and "02/03/2026" in info.value.message


def test_a_decision_on_the_receipt_day_after_earlier_steps_is_accepted(commune_officer, deputy, post):
    a = open_(commune_officer, deputy, post)
    complete(commune_officer, a, first=date(2026, 2, 2))
    decide(commune_officer, a, RECEIVED)
    a.refresh_from_db()
    assert (a.status, a.decided_on) == (AppointmentStatus.APPOINTED, RECEIVED)


def test_a_decision_before_the_last_step_names_the_step_date(commune_officer, deputy, post, refused):
    a = open_(commune_officer, deputy, post)
    last = complete(commune_officer, a, first=RECEIVED + timedelta(days=10))
    with refused(field="decided_on") as info:
        decide(commune_officer, a, last - timedelta(days=1))
    assert last.strftime("%d/%m/%Y") in info.value.message and "bước" in info.value.message


# --- Steps dated before the receipt, but within reason ----------------------------------------------------


def test_a_step_a_few_months_before_the_receipt_is_recorded(commune_officer, deputy, post):
    a = open_(commune_officer, deputy, post)
    step = appointment_step(actor=commune_officer, appointment=a, step="proposal", held_on=date(2025, 11, 3))
    assert step.held_on == date(2025, 11, 3)


@pytest.mark.parametrize("held_on", [date(1, 1, 1), date(1990, 1, 1), RECEIVED - timedelta(days=367)])
def test_a_step_more_than_a_year_before_the_receipt_is_refused(commune_officer, deputy, post, refused, held_on):
    a = open_(commune_officer, deputy, post)
    with refused(field="held_on") as info:
        appointment_step(actor=commune_officer, appointment=a, step="proposal", held_on=held_on)
    assert "02/03/2026" in info.value.message


# --- A re-appointment whose effective day is still to come ---------------------------------------------------


def test_a_reappointment_effective_tomorrow_is_refused_with_a_clear_message(
    commune_officer, tree, make_cadre, post, make_tenure, refused
):
    from django.utils import timezone

    today = timezone.localdate()
    holder = make_cadre(tree.dh, full_name="Trương Văn Định", birth_date=date(1975, 8, 1))
    make_tenure(holder, post, started_on=today - timedelta(days=5 * 365), source=TenureSource.APPOINTED)
    a = open_(commune_officer, holder, post, received_on=today - timedelta(days=30), kind=AppointmentKind.REAPPOINTMENT)
    complete(commune_officer, a, first=today - timedelta(days=20))
    tomorrow = today + timedelta(days=1)
    with refused(field="effective_on") as info:
        decide(commune_officer, a, today, effective_on=tomorrow)
    message = info.value.message
    # the officer learns what is wrong (the day is still to come) and what to do (record it on that day)
    assert tomorrow.strftime("%d/%m/%Y") in message and "bổ nhiệm lại" in message and "hôm nay" in message


# --- A refusal of the tenure's service is named on the decision's field --------------------------------------


def test_a_decision_effective_before_the_posts_term_is_refused_on_the_effective_date(
    commune_officer, deputy, post, refused
):
    post.term_start = date(2026, 6, 1)
    post.save(update_fields=["term_start"])
    a = open_(commune_officer, deputy, post)
    last = complete(commune_officer, a, first=RECEIVED)
    with refused(field="effective_on") as info:
        decide(commune_officer, a, last, effective_on=last + timedelta(days=1))
    assert "01/06/2026" in info.value.message


def test_a_post_held_by_another_refuses_the_decision_and_writes_nothing(
    commune_officer, deputy, post, tree, make_cadre, make_tenure, refused
):
    make_tenure(make_cadre(tree.dh, full_name="Trần Văn Giữ"), post, started_on=date(2024, 1, 1))
    a = open_(commune_officer, deputy, post)
    last = complete(commune_officer, a, first=RECEIVED)
    with refused(field="effective_on") as info:
        decide(commune_officer, a, last)
    assert "đã đủ" in info.value.message
    assert not Tenure.objects.filter(appointment=a).exists()


# --- A discipline after the receipt is shown, not ignored ------------------------------------------------------


def test_a_discipline_during_the_procedure_is_flagged(commune_officer, deputy, post):
    a = open_(commune_officer, deputy, post)
    Discipline.objects.create(cadre=deputy, kind=DisciplineKind.REPRIMAND, on=RECEIVED + timedelta(days=5))
    checks = {c.code: c for c in appointment_conditions(a).checks}
    assert not checks["discipline_since"].ok
    assert (RECEIVED + timedelta(days=5)).strftime("%d/%m/%Y") in checks["discipline_since"].reason


def test_no_discipline_during_the_procedure_adds_no_line(commune_officer, deputy, post):
    a = open_(commune_officer, deputy, post)
    assert "discipline_since" not in {c.code for c in appointment_conditions(a).checks}


# --- Scope of the persons and posts touched -----------------------------------------------------------------


def test_a_commune_officer_cannot_open_a_procedure_for_a_cadre_of_another_commune(
    commune_officer, tree, make_cadre, post, nothing_written
):
    stranger = make_cadre(tree.lb, full_name="Hồ Văn Khe")
    with nothing_written(), pytest.raises(Http404):
        open_(commune_officer, stranger, post)


# --- The term: five years less a day, 29 February included ------------------------------------------------------


@pytest.mark.parametrize(
    ("effective_on", "ends"),
    [
        (date(2026, 4, 1), date(2031, 3, 31)),
        (date(2028, 2, 29), date(2033, 2, 28)),  # the term covers all of February 2033
        (date(2027, 3, 1), date(2032, 2, 29)),  # the day before 01/03/2032, a leap year
        (date(2027, 1, 1), date(2031, 12, 31)),
    ],
)
def test_the_term_runs_five_years_less_a_day(effective_on, ends):
    assert rules.term_end(effective_on, 5, date(2099, 12, 31)) == ends


def test_the_term_is_capped_at_retirement():
    assert rules.term_end(date(2026, 4, 1), 5, date(2029, 6, 30)) == date(2029, 6, 30)


def test_a_reappointment_is_of_the_holder_so_its_source_is_inside(
    commune_officer, tree, make_cadre, post, make_tenure, refused
):
    holder = make_cadre(tree.dh, full_name="Trương Văn Định", birth_date=date(1975, 8, 1))
    make_tenure(holder, post, started_on=date(2021, 7, 1), source=TenureSource.APPOINTED)
    with refused(field="source"):
        appointment_open(
            actor=commune_officer, cadre=holder, post=post, kind=AppointmentKind.REAPPOINTMENT,
            source=Source.OUTSIDE, received_on=RECEIVED,
        )  # fmt: skip


def test_a_commune_officer_cannot_decide_for_a_cadre_outside_the_commune_and_is_told_why(
    province_officer, commune_officer, tree, make_cadre, post, refused
):
    # the province received the dossier of a cadre of Lao Bảo for a post of Đông Hà (a source from elsewhere)
    stranger = make_cadre(tree.lb, full_name="Hồ Văn Khe")
    PlanningEntry.objects.create(post=post, cadre=stranger, term="2025-2030", added_on=date(2025, 12, 1))
    a = appointment_open(actor=province_officer, cadre=stranger, post=post, kind=AppointmentKind.APPOINTMENT,
                         source=Source.OUTSIDE, received_on=RECEIVED)  # fmt: skip
    last = complete(commune_officer, a, first=RECEIVED)
    with refused(field=None) as info:
        decide(commune_officer, a, last)
    assert "phạm vi" in info.value.message
    decide(province_officer, a, last)
    a.refresh_from_db()
    assert a.status == AppointmentStatus.APPOINTED
