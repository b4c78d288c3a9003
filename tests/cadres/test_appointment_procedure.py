"""The appointment procedure: opening it, its steps in the order of `rules.PROCEDURES` (a skipped step, an
earlier date, a second record, inconsistent ballots refused), cancelling the last step, closing it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from tochuc.cadres import rules
from tochuc.cadres.choices import (
    AppointmentKind,
    AppointmentStatus,
    Filling,
    ProcedureStep,
    Source,
    Title,
)
from tochuc.cadres.models import AppointmentStep
from tochuc.cadres.services.appointments import (
    appointment_close,
    appointment_open,
    appointment_step,
    appointment_step_cancel,
)

RECEIVED = date(2026, 3, 2)
INSIDE = rules.PROCEDURES[(AppointmentKind.APPOINTMENT, Source.INSIDE)]


@pytest.fixture
def post(tree, make_post):
    return make_post(
        tree.dh, Title.AGENCY_HEAD, name="Chánh Văn phòng Đảng ủy phường", filling=Filling.APPOINTED,
        term_start=None, term_end=None,
    )  # fmt: skip


@pytest.fixture
def cadre(tree, make_cadre):
    return make_cadre(tree.dh, full_name="Lê Văn Hùng")


@pytest.fixture
def appointment(commune_officer, cadre, post):
    return appointment_open(
        actor=commune_officer,
        cadre=cadre,
        post=post,
        kind=AppointmentKind.APPOINTMENT,
        source=Source.INSIDE,
        received_on=RECEIVED,
    )


def ballots(attendees=8, issued=8, valid=8, votes_for=6) -> dict:
    return {"attendees": attendees, "ballots_issued": issued, "ballots_valid": valid, "votes_for": votes_for}


def record(actor, appointment, step, held_on, **extra):
    values = ballots() if step in rules.BALLOT_STEPS else {}
    return appointment_step(actor=actor, appointment=appointment, step=step, held_on=held_on, **(values | extra))


def test_it_opens_a_procedure_and_audits_it(commune_officer, cadre, post, audit_watch):
    watch = audit_watch()
    a = appointment_open(
        actor=commune_officer,
        cadre=cadre,
        post=post,
        kind=AppointmentKind.APPOINTMENT,
        source=Source.INSIDE,
        received_on=RECEIVED,
    )
    assert a.status == AppointmentStatus.IN_PROGRESS
    assert a.created_by == commune_officer
    assert [e.action for e in watch.events()] == ["appointment.open"]


def test_it_refuses_an_elected_post(commune_officer, cadre, tree, make_post, refused):
    elected = make_post(tree.dh, Title.SECRETARY, filling=Filling.ELECTED)
    with refused(field="post") as info:
        appointment_open(
            actor=commune_officer,
            cadre=cadre,
            post=elected,
            kind=AppointmentKind.APPOINTMENT,
            source=Source.INSIDE,
            received_on=RECEIVED,
        )
    assert "bầu" in info.value.message


def test_it_refuses_a_second_open_procedure_for_the_same_cadre_and_post(appointment, commune_officer, refused):
    with refused(field="cadre"):
        appointment_open(
            actor=commune_officer,
            cadre=appointment.cadre,
            post=appointment.post,
            kind=AppointmentKind.APPOINTMENT,
            source=Source.INSIDE,
            received_on=RECEIVED,
        )


def test_a_reappointment_needs_the_cadre_to_hold_the_post(commune_officer, cadre, post, refused):
    with refused(field="kind") as info:
        appointment_open(
            actor=commune_officer,
            cadre=cadre,
            post=post,
            kind=AppointmentKind.REAPPOINTMENT,
            source=Source.INSIDE,
            received_on=RECEIVED,
        )
    assert "đang giữ chức vụ" in info.value.message


def test_an_appointment_to_the_post_already_held_is_a_reappointment(commune_officer, cadre, post, make_tenure, refused):
    make_tenure(cadre, post, started_on=date(2021, 7, 1))
    with refused(field="kind"):
        appointment_open(
            actor=commune_officer,
            cadre=cadre,
            post=post,
            kind=AppointmentKind.APPOINTMENT,
            source=Source.INSIDE,
            received_on=RECEIVED,
        )


def test_it_records_the_steps_in_order(appointment, commune_officer, audit_watch):
    watch = audit_watch()
    for i, step in enumerate(INSIDE):
        record(commune_officer, appointment, step, RECEIVED + timedelta(days=7 * i))
    assert list(appointment.steps.values_list("step", flat=True)) == list(INSIDE)
    assert [e.action for e in watch.events()] == ["appointment.step"] * len(INSIDE)


def test_it_refuses_a_skipped_step_and_names_the_missing_one(appointment, commune_officer, refused):
    record(commune_officer, appointment, ProcedureStep.PROPOSAL, RECEIVED)
    with refused(field="step") as info:
        record(commune_officer, appointment, ProcedureStep.COLLECTIVE_NOMINATION, RECEIVED + timedelta(days=3))
    assert str(ProcedureStep.LEADERS_NOMINATION.label) in info.value.message


def test_it_refuses_a_step_dated_before_the_one_before(appointment, commune_officer, refused):
    record(commune_officer, appointment, ProcedureStep.PROPOSAL, RECEIVED + timedelta(days=10))
    with refused(field="held_on"):
        record(commune_officer, appointment, ProcedureStep.LEADERS_NOMINATION, RECEIVED + timedelta(days=9))


def test_the_first_steps_may_come_before_the_dossier_is_received(appointment, commune_officer):
    """The collective discusses and nominates before the dossier reaches the organizing body."""
    step = record(commune_officer, appointment, ProcedureStep.PROPOSAL, RECEIVED - timedelta(days=20))
    assert step.held_on == RECEIVED - timedelta(days=20)


def test_it_refuses_a_second_record_of_a_step(appointment, commune_officer, refused):
    record(commune_officer, appointment, ProcedureStep.PROPOSAL, RECEIVED)
    with refused(field="step") as info:
        record(commune_officer, appointment, ProcedureStep.PROPOSAL, RECEIVED + timedelta(days=1))
    assert "đã được ghi nhận" in info.value.message


def test_it_refuses_a_step_outside_this_procedure(appointment, commune_officer, refused):
    with refused(field="step"):
        record(commune_officer, appointment, ProcedureStep.HOST_OPINIONS, RECEIVED)


@pytest.mark.parametrize(
    ("counts", "field"),
    [
        (ballots(votes_for=9), "votes_for"),  # more in favour than valid ballots
        (ballots(valid=9, votes_for=5), "ballots_valid"),  # more valid than issued
        (ballots(attendees=7), "ballots_issued"),  # more issued than members called
        (ballots(attendees=None), "attendees"),  # a secret ballot without its counts
    ],
)
def test_it_refuses_inconsistent_ballot_counts(appointment, commune_officer, refused, counts, field):
    record(commune_officer, appointment, ProcedureStep.PROPOSAL, RECEIVED)
    with refused(field=field):
        record(commune_officer, appointment, ProcedureStep.LEADERS_NOMINATION, RECEIVED + timedelta(days=1), **counts)


def test_it_cancels_only_the_last_step_with_a_reason(appointment, commune_officer, audit_watch, refused):
    first = record(commune_officer, appointment, ProcedureStep.PROPOSAL, RECEIVED)
    second = record(commune_officer, appointment, ProcedureStep.LEADERS_NOMINATION, RECEIVED + timedelta(days=2))
    with refused(field="reason"):
        appointment_step_cancel(actor=commune_officer, step=first, reason="Ghi nhầm ngày")
    with refused(field="reason"):
        appointment_step_cancel(actor=commune_officer, step=second, reason="")
    watch = audit_watch()
    appointment_step_cancel(actor=commune_officer, step=second, reason="Ghi nhầm số phiếu")
    second.refresh_from_db()
    assert second.cancelled_at is not None and second.cancel_reason == "Ghi nhầm số phiếu"
    assert [e.action for e in watch.events()] == ["appointment.step_cancel"]
    # the cancelled step may be recorded again
    again = record(commune_officer, appointment, ProcedureStep.LEADERS_NOMINATION, RECEIVED + timedelta(days=3))
    assert AppointmentStep.objects.filter(appointment=appointment, cancelled_at__isnull=True).count() == 2
    assert again.pk != second.pk


def test_it_closes_a_procedure_without_appointment(appointment, commune_officer, audit_watch, refused):
    with refused(field="reason"):
        appointment_close(actor=commune_officer, appointment=appointment, status=AppointmentStatus.WITHDRAWN, reason="")
    with refused(field="status"):
        appointment_close(
            actor=commune_officer, appointment=appointment, status=AppointmentStatus.APPOINTED, reason="x"
        )
    watch = audit_watch()
    appointment_close(
        actor=commune_officer, appointment=appointment, status=AppointmentStatus.WITHDRAWN, reason="Cán bộ xin rút"
    )
    appointment.refresh_from_db()
    assert (appointment.status, appointment.closing_reason) == (AppointmentStatus.WITHDRAWN, "Cán bộ xin rút")
    assert [e.action for e in watch.events()] == ["appointment.close"]
    with refused(field=None):
        record(commune_officer, appointment, ProcedureStep.PROPOSAL, RECEIVED)


def test_a_commune_officer_cannot_open_a_procedure_for_a_post_of_another_commune(
    commune_officer, cadre, tree, make_post, nothing_written
):
    post_lb = make_post(tree.lb, Title.AGENCY_HEAD, filling=Filling.APPOINTED)
    with nothing_written(), pytest.raises(Http404):
        appointment_open(
            actor=commune_officer,
            cadre=cadre,
            post=post_lb,
            kind=AppointmentKind.APPOINTMENT,
            source=Source.INSIDE,
            received_on=RECEIVED,
        )


def test_a_viewer_cannot_record_a_step(appointment, viewer, nothing_written):
    with nothing_written(), pytest.raises(PermissionDenied):
        record(viewer, appointment, ProcedureStep.PROPOSAL, RECEIVED)
