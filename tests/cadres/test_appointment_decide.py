"""The decision: refused with every blocking reason (the conditions of 377-QĐ/TW judged on the day the dossier
was received, a missing step, a vote that did not carry) and nothing written; otherwise the tenure opens
with its term end, and a re-appointment ends the previous term."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta

from tochuc.cadres import rules
from tochuc.cadres.choices import (
    AppointmentKind,
    AppointmentStatus,
    DisciplineKind,
    Filling,
    Source,
    TenureEnd,
    TenureSource,
    Title,
)
from tochuc.cadres.models import Discipline, PlanningEntry, Tenure
from tochuc.cadres.services.appointments import appointment_decide, appointment_open, appointment_step
from tochuc.core.models import RuleParameter
from tochuc.core.rules import rules_in_force
from tochuc.core.services import rule_version_add

RECEIVED = date(2026, 3, 2)


def confirm(key: str, on: date = date(2026, 1, 1)) -> None:
    latest = RuleParameter.objects.filter(key=key).order_by("-effective_from").first()
    rule_version_add(
        actor=None, key=key, value=latest.value, effective_from=on, legal_basis=latest.legal_basis, confirmed=True
    )


@pytest.fixture
def post(tree, make_post):
    return make_post(
        tree.dh, Title.AGENCY_HEAD, name="Chánh Văn phòng Đảng ủy phường", filling=Filling.APPOINTED,
        term_start=None, term_end=None,
    )  # fmt: skip


@pytest.fixture
def deputy_post(tree, make_post):
    return make_post(
        tree.dh, Title.AGENCY_DEPUTY, name="Phó Chánh Văn phòng Đảng ủy phường", filling=Filling.APPOINTED,
        term_start=None, term_end=None,
    )  # fmt: skip


@pytest.fixture
def planned(post):
    """plan(cadre): the cadre on the post's list since before the dossiers of these tests."""

    def plan(cadre, added_on: date = date(2025, 12, 1)):
        return PlanningEntry.objects.create(post=post, cadre=cadre, term="2025-2030", added_on=added_on)

    return plan


@pytest.fixture
def deputy(tree, make_cadre, deputy_post, make_tenure, planned):
    """A deputy for more than 24 months, planned for the head's post: eligible for it."""
    cadre = make_cadre(tree.dh, full_name="Lê Văn Hùng", birth_date=date(1980, 5, 10))
    make_tenure(cadre, deputy_post, started_on=date(2023, 1, 1), source=TenureSource.APPOINTED)
    planned(cadre)
    return cadre


def open_(actor, cadre, post, received_on=RECEIVED, kind=AppointmentKind.APPOINTMENT, source=Source.INSIDE):
    return appointment_open(actor=actor, cadre=cadre, post=post, kind=kind, source=source, received_on=received_on)


def complete(actor, appointment, *, votes_for: int = 6, attendees: int = 8) -> date:
    """Record every step of the procedure a day apart; the collective's vote last. Returns its day."""
    steps = rules.procedure(appointment.kind, appointment.source)
    on = appointment.received_on
    for i, step in enumerate(steps):
        on = appointment.received_on + timedelta(days=i)
        counts = {}
        if step in rules.BALLOT_STEPS:
            counts = {"attendees": attendees, "ballots_issued": attendees, "ballots_valid": attendees}
            counts["votes_for"] = votes_for if step == steps[-1] else attendees
        appointment_step(actor=actor, appointment=appointment, step=step, held_on=on, body="Ban Thường vụ", **counts)
    return on


def decide(actor, appointment, on: date, **extra):
    values = {"decision_no": "25-QĐ/ĐU", "decided_on": on, "effective_on": on + timedelta(days=1)} | extra
    return appointment_decide(actor=actor, appointment=appointment, **values)


# --- Happy paths ------------------------------------------------------------------------------------------


def test_an_inside_appointment_in_five_steps_opens_the_tenure_with_its_term(commune_officer, deputy, post, audit_watch):
    a = open_(commune_officer, deputy, post)
    last = complete(commune_officer, a)
    assert a.steps.count() == 5
    watch = audit_watch()
    decide(commune_officer, a, last + timedelta(days=3), effective_on=date(2026, 4, 1), signer="Nguyễn Văn Bí")
    a.refresh_from_db()
    assert a.status == AppointmentStatus.APPOINTED
    assert a.term_end == date(2031, 3, 31)  # five years from 01/04/2026
    tenure = Tenure.objects.get(appointment=a)
    assert (tenure.cadre, tenure.post, tenure.started_on, tenure.term_end, tenure.source, tenure.decision_no) == (
        deputy,
        post,
        date(2026, 4, 1),
        date(2031, 3, 31),
        TenureSource.APPOINTED,
        "25-QĐ/ĐU",
    )
    assert [e.action for e in watch.events()] == ["appointment.decide", "tenure.start"]


def test_an_outside_appointment_in_three_steps(commune_officer, tree, make_cadre, post, planned):
    outsider_cadre = make_cadre(tree.dh, full_name="Phan Thị Hoa", birth_date=date(1984, 2, 20), sex="female")
    planned(outsider_cadre)
    a = open_(commune_officer, outsider_cadre, post, source=Source.OUTSIDE)
    last = complete(commune_officer, a)
    assert a.steps.count() == 3
    decide(commune_officer, a, last, effective_on=last + timedelta(days=10))
    tenure = Tenure.objects.get(appointment=a)
    assert tenure.term_end == last + timedelta(days=10) + relativedelta(years=5) - timedelta(days=1)


def test_a_reappointment_ends_the_previous_term_and_opens_the_next(
    commune_officer, tree, make_cadre, post, make_tenure, audit_watch
):
    holder = make_cadre(tree.dh, full_name="Trương Văn Định", birth_date=date(1975, 8, 1))
    previous = make_tenure(
        holder, post, started_on=date(2021, 7, 1), source=TenureSource.APPOINTED, term_end=date(2026, 6, 30)
    )
    a = open_(commune_officer, holder, post, received_on=date(2026, 5, 4), kind=AppointmentKind.REAPPOINTMENT)
    last = complete(commune_officer, a)
    watch = audit_watch()
    decide(commune_officer, a, last, effective_on=date(2026, 7, 1))
    previous.refresh_from_db()
    # the previous term's last day is 30/06/2026: the tenure is ended from the new term's first day
    assert (previous.ended_on, previous.end_reason) == (date(2026, 7, 1), TenureEnd.TERM_ENDED)
    new = Tenure.objects.get(appointment=a)
    assert (new.started_on, new.term_end, new.source) == (date(2026, 7, 1), date(2031, 6, 30), TenureSource.REAPPOINTED)
    assert [e.action for e in watch.events()] == ["appointment.decide", "tenure.end", "tenure.start"]


def test_a_reappointment_near_retirement_runs_to_retirement(commune_officer, tree, make_cadre, post, make_tenure):
    # a man born 15/06/1969 retires 30/06/2031 (62 years): re-appointed from 01/07/2026 until then
    holder = make_cadre(tree.dh, full_name="Trần Văn Lực", birth_date=date(1969, 6, 15))
    make_tenure(holder, post, started_on=date(2021, 7, 1), source=TenureSource.APPOINTED, term_end=date(2026, 6, 30))
    a = open_(commune_officer, holder, post, received_on=date(2026, 5, 4), kind=AppointmentKind.REAPPOINTMENT)
    last = complete(commune_officer, a)
    decide(commune_officer, a, last, effective_on=date(2026, 7, 2))
    a.refresh_from_db()
    assert a.term_end == date(2031, 6, 30)


# --- The vote -----------------------------------------------------------------------------------------------


def test_four_votes_of_eight_do_not_carry(commune_officer, deputy, post, refused):
    a = open_(commune_officer, deputy, post)
    last = complete(commune_officer, a, votes_for=4, attendees=8)
    with refused(field=None) as info:
        decide(commune_officer, a, last)
    assert "4/8" in info.value.message


def test_five_votes_of_eight_carry(commune_officer, deputy, post):
    a = open_(commune_officer, deputy, post)
    last = complete(commune_officer, a, votes_for=5, attendees=8)
    decide(commune_officer, a, last)
    a.refresh_from_db()
    assert a.status == AppointmentStatus.APPOINTED


def test_a_missing_step_refuses_the_decision_and_names_it(commune_officer, deputy, post, refused):
    a = open_(commune_officer, deputy, post)
    appointment_step(actor=commune_officer, appointment=a, step="proposal", held_on=RECEIVED)
    with refused(field=None) as info:
        decide(commune_officer, a, RECEIVED + timedelta(days=1))
    assert "Hội nghị lãnh đạo chủ chốt giới thiệu" in info.value.message


# --- The conditions, each refusing with its reason ------------------------------------------------------------


def test_it_refuses_a_cadre_not_in_planning(commune_officer, tree, make_cadre, deputy_post, make_tenure, post, refused):
    cadre = make_cadre(tree.dh, full_name="Nguyễn Văn Tư")
    make_tenure(cadre, deputy_post, started_on=date(2023, 1, 1), source=TenureSource.APPOINTED)
    a = open_(commune_officer, cadre, post)
    last = complete(commune_officer, a)
    with refused(field=None) as info:
        decide(commune_officer, a, last)
    assert "quy hoạch" in info.value.message


def test_less_than_24_months_in_post_only_warns_while_the_parameter_is_unconfirmed(
    commune_officer, tree, make_cadre, deputy_post, make_tenure, post, planned, audit_watch
):
    assert not rules_in_force(RECEIVED).version("appointment.min_months_in_post").confirmed
    cadre = make_cadre(tree.dh, full_name="Nguyễn Văn Năm")
    make_tenure(cadre, deputy_post, started_on=date(2025, 9, 1), source=TenureSource.APPOINTED)
    planned(cadre)
    a = open_(commune_officer, cadre, post)
    last = complete(commune_officer, a)
    watch = audit_watch()
    decide(commune_officer, a, last)
    assert "6 tháng" in watch.events()[0].note


def test_less_than_24_months_in_post_refuses_once_the_parameter_is_confirmed(
    commune_officer, tree, make_cadre, deputy_post, make_tenure, post, planned, refused
):
    confirm("appointment.min_months_in_post")
    cadre = make_cadre(tree.dh, full_name="Nguyễn Văn Năm")
    make_tenure(cadre, deputy_post, started_on=date(2025, 9, 1), source=TenureSource.APPOINTED)
    planned(cadre)
    a = open_(commune_officer, cadre, post)
    last = complete(commune_officer, a)
    with refused(field=None) as info:
        decide(commune_officer, a, last)
    assert "Mới giữ chức vụ hiện tại hoặc tương đương 6 tháng" in info.value.message


@pytest.fixture
def retiring_2031(tree, make_cadre, planned):
    """A man born in June 1969 retires at 62, on 30/06/2031 (DOMAIN.md §5.2); never held a leadership post."""
    cadre = make_cadre(tree.dh, full_name="Trần Văn Lực", birth_date=date(1969, 6, 15))
    schedule = rules_in_force(date(2026, 6, 30))["retirement.schedule"]
    assert rules.retirement_date(cadre.birth_date, cadre.sex, schedule) == date(2031, 6, 30)
    planned(cadre)
    return cadre


def test_a_dossier_received_five_years_before_retirement_is_eligible(commune_officer, retiring_2031, post):
    a = open_(commune_officer, retiring_2031, post, received_on=date(2026, 6, 30))
    last = complete(commune_officer, a)
    decide(commune_officer, a, last)
    a.refresh_from_db()
    assert a.status == AppointmentStatus.APPOINTED


def test_a_dossier_received_a_day_later_is_refused_for_age(commune_officer, retiring_2031, post, refused):
    a = open_(commune_officer, retiring_2031, post, received_on=date(2026, 7, 1))
    last = complete(commune_officer, a)
    with refused(field=None) as info:
        decide(commune_officer, a, last)
    assert "30/06/2031" in info.value.message


@pytest.fixture
def reprimanded(deputy):
    Discipline.objects.create(cadre=deputy, kind=DisciplineKind.REPRIMAND, on=date(2024, 11, 1))
    return deputy


def test_a_reprimand_refuses_a_higher_post_for_24_months(commune_officer, reprimanded, post, refused):
    a = open_(commune_officer, reprimanded, post, received_on=date(2026, 10, 31))
    last = complete(commune_officer, a)
    with refused(field=None) as info:
        decide(commune_officer, a, last)
    assert "01/11/2026" in info.value.message


def test_a_reprimand_no_longer_refuses_after_24_months(commune_officer, reprimanded, post):
    a = open_(commune_officer, reprimanded, post, received_on=date(2026, 11, 1))
    last = complete(commune_officer, a)
    decide(commune_officer, a, last)
    a.refresh_from_db()
    assert a.status == AppointmentStatus.APPOINTED


def test_it_refuses_a_cadre_without_an_asset_declaration(commune_officer, deputy, post, refused):
    deputy.assets_declared_on = None
    deputy.save(update_fields=["assets_declared_on"])
    a = open_(commune_officer, deputy, post)
    last = complete(commune_officer, a)
    with refused(field=None) as info:
        decide(commune_officer, a, last)
    assert "kê khai tài sản" in info.value.message


def test_every_blocking_reason_is_named_at_once(commune_officer, tree, make_cadre, post, refused):
    cadre = make_cadre(tree.dh, full_name="Võ Văn Sáu", assets_declared_on=None)
    a = open_(commune_officer, cadre, post)
    with refused(field=None) as info:
        decide(commune_officer, a, RECEIVED)
    message = info.value.message
    assert "quy hoạch" in message and "kê khai tài sản" in message and "Chưa thực hiện bước" in message


def test_the_decision_needs_its_number_and_dates_in_order(commune_officer, deputy, post, refused):
    a = open_(commune_officer, deputy, post)
    last = complete(commune_officer, a)
    with refused(field="decision_no"):
        decide(commune_officer, a, last, decision_no=" ")
    with refused(field="decided_on"):
        decide(commune_officer, a, last - timedelta(days=1))
    with refused(field="effective_on"):
        decide(commune_officer, a, last, effective_on=last - timedelta(days=1))


def test_a_decided_procedure_cannot_be_decided_again(commune_officer, deputy, post, refused):
    a = open_(commune_officer, deputy, post)
    last = complete(commune_officer, a)
    decide(commune_officer, a, last)
    with refused(field=None):
        decide(commune_officer, a, last)


def test_a_viewer_cannot_decide(viewer, commune_officer, deputy, post, nothing_written):
    from django.core.exceptions import PermissionDenied

    a = open_(commune_officer, deputy, post)
    last = complete(commune_officer, a)
    with nothing_written(), pytest.raises(PermissionDenied):
        decide(viewer, a, last)


# --- The posts held before -----------------------------------------------------------------------------------


def test_the_deputy_appointed_head_leaves_the_deputy_post_when_told(commune_officer, deputy, post, deputy_post):
    a = open_(commune_officer, deputy, post)
    last = complete(commune_officer, a)
    held = Tenure.objects.get(cadre=deputy, post=deputy_post)
    decide(commune_officer, a, last, effective_on=date(2026, 4, 1), ending=[held])
    held.refresh_from_db()
    assert (held.ended_on, held.end_reason) == (date(2026, 4, 1), TenureEnd.MOVED)
    assert list(Tenure.objects.filter(cadre=deputy, ended_on__isnull=True).values_list("post", flat=True)) == [post.pk]


def test_posts_not_listed_are_kept_as_concurrent_posts(commune_officer, deputy, post, deputy_post):
    a = open_(commune_officer, deputy, post)
    last = complete(commune_officer, a)
    decide(commune_officer, a, last, effective_on=date(2026, 4, 1))
    assert Tenure.objects.filter(cadre=deputy, ended_on__isnull=True).count() == 2


def test_a_post_of_someone_else_cannot_be_ended_by_the_decision(
    commune_officer, deputy, post, tree, make_cadre, make_post, make_tenure, refused
):
    other = make_tenure(make_cadre(tree.dh, full_name="Trần Văn Khác"), make_post(tree.dh, Title.STAFF, name="Văn thư"))
    a = open_(commune_officer, deputy, post)
    last = complete(commune_officer, a)
    with refused(field="ending"):
        decide(commune_officer, a, last, effective_on=date(2026, 4, 1), ending=[other])


def test_the_decision_form_proposes_to_leave_the_lower_post_of_the_same_body(commune_officer, deputy, post, tree,
                                                                             make_post, make_tenure):  # fmt: skip
    from tochuc.cadres.forms.appointments import DecideForm

    committee = make_post(tree.dh, Title.COMMITTEE_MEMBER, name="Ủy viên Ban Chấp hành Đảng bộ phường")
    make_tenure(deputy, committee)
    a = open_(commune_officer, deputy, post)
    form = DecideForm(actor=commune_officer, appointment=a)
    choices = list(form.fields["ending"].queryset)
    assert {t.post.name for t in choices} == {"Phó Chánh Văn phòng Đảng ủy phường", committee.name}
    # The deputy's post (same body, same org, lower rank) is ticked; the committee seat (another body) is kept.
    assert [t.post.name for t in choices if t.pk in form.fields["ending"].initial] == [
        "Phó Chánh Văn phòng Đảng ủy phường"
    ]
