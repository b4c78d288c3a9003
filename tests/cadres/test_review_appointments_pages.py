"""Review of the appointment and planning pages: persons and posts of another scope by pk, POST-only writes,
bad input answered beside the field (never a 500), the list's search without diacritics, the decision's
official form, and query counts that stay flat as steps and rows grow."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tochuc.cadres import rules
from tochuc.cadres.choices import AppointmentStatus, Filling, Title
from tochuc.cadres.models import Appointment, AppointmentStep, PlanningEntry
from tochuc.cadres.services.appointments import (
    appointment_decide,
    appointment_open,
    appointment_step,
    appointment_step_cancel,
)

RECEIVED = date(2026, 3, 2)


@pytest.fixture
def post(tree, make_post):
    return make_post(
        tree.dh, Title.AGENCY_HEAD, name="Chánh Văn phòng Đảng ủy phường", filling=Filling.APPOINTED,
        term_start=None, term_end=None,
    )  # fmt: skip


@pytest.fixture
def cadre(tree, make_cadre, post):
    cadre = make_cadre(tree.dh, full_name="Lê Văn Hùng")
    PlanningEntry.objects.create(post=post, cadre=cadre, term="2025-2030", added_on=date(2025, 12, 1))
    return cadre


@pytest.fixture
def appointment(commune_officer, cadre, post):
    return appointment_open(
        actor=commune_officer, cadre=cadre, post=post, kind="appointment", source="outside", received_on=RECEIVED
    )


def complete(actor, appointment) -> date:
    on = appointment.received_on
    for i, step in enumerate(rules.procedure(appointment.kind, appointment.source)):
        on = appointment.received_on + timedelta(days=i)
        counts = {}
        if step in rules.BALLOT_STEPS:
            counts = {"attendees": 8, "ballots_issued": 8, "ballots_valid": 8, "votes_for": 6}
        appointment_step(actor=actor, appointment=appointment, step=step, held_on=on, body="Ban Thường vụ", **counts)
    return on


def step_form(response):
    return next(row["form"] for row in response.context["lines"] if row["form"] is not None)


# --- Scope: persons of another commune, objects of another scope by pk -------------------------------------------


def test_a_commune_officer_cannot_receive_the_dossier_of_a_cadre_of_another_commune(
    client, commune_officer, tree, make_cadre, post
):
    stranger = make_cadre(tree.lb, full_name="Hồ Văn Khe")
    client.force_login(commune_officer)
    assert client.get(reverse("cadres:appointment_open"), {"cadre": stranger.pk}).status_code == 404
    response = client.post(
        reverse("cadres:appointment_open"),
        {"cadre": f"Hồ Văn Khe #{stranger.pk}", "post": f"{post.name} #{post.pk}", "kind": "appointment",
         "source": "outside", "received_on": "02/03/2026"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "phạm vi" in response.context["form"].errors["cadre"][0]
    assert not Appointment.objects.exists()


def test_a_commune_officer_cannot_plan_a_cadre_of_another_commune_through_the_page(
    client, commune_officer, tree, make_cadre, make_post
):
    post = make_post(tree.dh, Title.GOVERNMENT_CHAIR)
    stranger = make_cadre(tree.lb, full_name="Hồ Văn Khe")
    client.force_login(commune_officer)
    assert client.get(reverse("cadres:planning_add"), {"cadre": stranger.pk}).status_code == 404
    response = client.post(
        reverse("cadres:planning_review", args=[post.pk]),
        {"cadre": f"Hồ Văn Khe #{stranger.pk}", "term": "2030-2035", "added_on": "02/03/2026"},
    )
    assert response.status_code == 400 and "cadre" in response.context["add_form"].errors
    assert not PlanningEntry.objects.exists()


def test_an_outsider_cannot_cancel_a_step_by_its_number(client, outsider, commune_officer, appointment):
    step = appointment_step(actor=commune_officer, appointment=appointment, step="proposal", held_on=RECEIVED)
    client.force_login(outsider)
    response = client.post(reverse("cadres:appointment_step_cancel", args=[step.pk]), {"reason": "Ghi nhầm"})
    assert response.status_code == 404
    step.refresh_from_db()
    assert step.cancelled_at is None


def test_a_viewer_cannot_cancel_a_step(client, viewer, commune_officer, appointment):
    step = appointment_step(actor=commune_officer, appointment=appointment, step="proposal", held_on=RECEIVED)
    client.force_login(viewer)
    assert client.post(reverse("cadres:appointment_step_cancel", args=[step.pk]), {"reason": "x"}).status_code == 403
    step.refresh_from_db()
    assert step.cancelled_at is None


def test_an_outsider_cannot_print_or_decide_a_decided_appointment(client, outsider, commune_officer, appointment):
    last = complete(commune_officer, appointment)
    appointment_decide(actor=commune_officer, appointment=appointment, decision_no="1-QĐ/ĐU", decided_on=last,
                       effective_on=last)  # fmt: skip
    client.force_login(outsider)
    assert client.get(reverse("cadres:appointment_pdf", args=[appointment.pk])).status_code == 404
    assert client.get(reverse("cadres:appointment_detail", args=[appointment.pk])).status_code == 404


@pytest.mark.parametrize("name", ["appointment_step", "appointment_decide", "appointment_close"])
def test_the_procedure_writes_refuse_get(client, commune_officer, appointment, name):
    client.force_login(commune_officer)
    assert client.get(reverse(f"cadres:{name}", args=[appointment.pk])).status_code == 405


def test_cancelling_a_step_and_removing_a_name_refuse_get(client, commune_officer, appointment, cadre):
    step = appointment_step(actor=commune_officer, appointment=appointment, step="proposal", held_on=RECEIVED)
    entry = PlanningEntry.objects.get(cadre=cadre)
    client.force_login(commune_officer)
    assert client.get(reverse("cadres:appointment_step_cancel", args=[step.pk])).status_code == 405
    assert client.get(reverse("cadres:planning_remove", args=[entry.pk])).status_code == 405


# --- Bad input: answered beside the field ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"held_on": "31/02/2026"}, "held_on"),
        ({"held_on": "01/01/0001"}, "held_on"),
        ({"held_on": "01/01/9999"}, "held_on"),
        ({"held_on": "x" * 5000}, "held_on"),
        ({"held_on": ""}, "held_on"),
        ({"held_on": "02/03/2026", "body": "x" * 201}, "body"),
    ],
)
def test_a_bad_step_is_answered_beside_its_field(client, commune_officer, appointment, data, field):
    client.force_login(commune_officer)
    response = client.post(reverse("cadres:appointment_step", args=[appointment.pk]), {"step": "proposal", **data})
    assert response.status_code == 400
    assert step_form(response).errors[field]
    assert not appointment.steps.exists()


@pytest.mark.parametrize(
    ("counts", "field"),
    [
        ((-1, 8, 8, 6), "attendees"),
        ((8, 8, 8, 10**9), "votes_for"),
        ((0, 0, 0, 0), "attendees"),
        (("", "", "", ""), "attendees"),
        (("a", 8, 8, 6), "attendees"),
        ((8, 8, 8, 9), "votes_for"),
    ],
)
def test_bad_ballot_counts_are_answered_beside_the_field(client, commune_officer, appointment, counts, field):
    appointment_step(actor=commune_officer, appointment=appointment, step="proposal", held_on=RECEIVED)
    appointment_step(actor=commune_officer, appointment=appointment, step="host_opinions", held_on=RECEIVED)
    client.force_login(commune_officer)
    data = dict(zip(["attendees", "ballots_issued", "ballots_valid", "votes_for"], counts, strict=True))
    response = client.post(
        reverse("cadres:appointment_step", args=[appointment.pk]),
        {"step": "collective_vote", "held_on": "03/03/2026", **data},
    )
    assert response.status_code == 400
    assert step_form(response).errors[field]
    assert appointment.steps.count() == 2


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"decision_no": "", "decided_on": "05/03/2026", "effective_on": "05/03/2026"}, "decision_no"),
        ({"decision_no": "x" * 65, "decided_on": "05/03/2026", "effective_on": "05/03/2026"}, "decision_no"),
        ({"decision_no": "1-QĐ", "decided_on": "31/02/2026", "effective_on": "05/03/2026"}, "decided_on"),
        ({"decision_no": "1-QĐ", "decided_on": "01/01/0001", "effective_on": "05/03/2026"}, "decided_on"),
        ({"decision_no": "1-QĐ", "decided_on": "05/03/2026", "effective_on": "01/01/9999"}, "effective_on"),
        ({"decision_no": "1-QĐ", "decided_on": "05/03/2026", "effective_on": "04/03/2026"}, "effective_on"),
    ],
)
def test_a_bad_decision_is_answered_beside_its_field(client, commune_officer, appointment, data, field):
    complete(commune_officer, appointment)
    client.force_login(commune_officer)
    response = client.post(reverse("cadres:appointment_decide", args=[appointment.pk]), data)
    assert response.status_code == 400
    assert response.context["decide_form"].errors[field]
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.IN_PROGRESS


def test_unknown_choices_are_refused_beside_the_field(client, commune_officer, appointment, cadre, post):
    client.force_login(commune_officer)
    response = client.post(reverse("cadres:appointment_close", args=[appointment.pk]), {"status": "appointed",
                                                                                       "reason": "x"})  # fmt: skip
    assert response.status_code == 400 and response.context["close_form"].errors["status"]
    response = client.post(
        reverse("cadres:appointment_open"),
        {
            "cadre": f"x #{cadre.pk}",
            "post": f"x #{post.pk}",
            "kind": "zzz",
            "source": "qq",
            "received_on": "02/03/2026",
        },
    )
    assert response.status_code == 400 and set(response.context["form"].errors) == {"kind", "source"}
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.IN_PROGRESS and Appointment.objects.count() == 1


def test_huge_numbers_in_the_address_are_not_found(client, commune_officer):
    client.force_login(commune_officer)
    assert client.get(reverse("cadres:appointment_open"), {"cadre": "9" * 30}).status_code == 404
    assert client.get("/cadres/appointments/" + "9" * 30 + "/").status_code == 404
    assert client.get(reverse("cadres:appointments"), {"status": "zzz", "page": "-1"}).status_code == 200


# --- Usability ----------------------------------------------------------------------------------------------------


def test_the_list_finds_a_name_typed_without_diacritics(client, commune_officer, appointment):
    client.force_login(commune_officer)
    response = client.get(reverse("cadres:appointments"), {"q": "le van hung", "status": "in_progress"})
    assert [a.pk for a, _label in response.context["rows"]] == [appointment.pk]


def test_a_discipline_warning_is_not_called_an_unconfirmed_rule(client, commune_officer, appointment, cadre):
    from tochuc.cadres.models import Discipline

    Discipline.objects.create(cadre=cadre, kind="reprimand", on=RECEIVED + timedelta(days=3))
    client.force_login(commune_officer)
    body = client.get(reverse("cadres:appointment_detail", args=[appointment.pk])).content.decode()
    assert "sau ngày nhận hồ sơ" in body
    assert body.count("quy định chưa được xác nhận") == 0


# --- The decision's official form -----------------------------------------------------------------------------


def test_a_party_decision_writes_its_number_without_a_colon(commune_officer, tree, make_post, make_cadre):
    from tochuc.cadres.pdf import appointment_html

    party_post = make_post(tree.dh, Title.STANDING_MEMBER, filling=Filling.APPOINTED, term_start=None, term_end=None)
    person = make_cadre(tree.dh, full_name="Hoàng Văn Dũng")
    PlanningEntry.objects.create(post=party_post, cadre=person, term="2025-2030", added_on=date(2025, 12, 1))
    a = appointment_open(actor=commune_officer, cadre=person, post=party_post, kind="appointment", source="outside",
                         received_on=RECEIVED)  # fmt: skip
    last = complete(commune_officer, a)
    a = appointment_decide(actor=commune_officer, appointment=a, decision_no="7-QĐ/ĐU", decided_on=last,
                           effective_on=last)  # fmt: skip
    html = appointment_html(actor=commune_officer, appointment=a)
    # Hướng dẫn 36-HD/VPTW: "Số 7-QĐ/ĐU"; the colon is the State form (Nghị định 30/2020/NĐ-CP)
    assert "Số 7-QĐ/ĐU" in html and "Số: 7-QĐ/ĐU" not in html
    assert "T/M" in html


def test_the_current_posts_are_named_highest_first(commune_officer, tree, make_post, make_tenure, appointment, cadre):
    from tochuc.cadres.pdf import appointment_html

    member = make_post(tree.dh, Title.COMMITTEE_MEMBER, name="Đảng ủy viên phường", term_start=None, term_end=None)
    staff = make_post(tree.dh, Title.STAFF, name="Chuyên viên Văn phòng", term_start=None, term_end=None)
    make_tenure(cadre, staff, started_on=date(2020, 1, 1))
    make_tenure(cadre, member, started_on=date(2025, 9, 1))
    last = complete(commune_officer, appointment)
    a = appointment_decide(actor=commune_officer, appointment=appointment, decision_no="8-QĐ/ĐU", decided_on=last,
                           effective_on=last)  # fmt: skip
    html = appointment_html(actor=commune_officer, appointment=a)
    assert "hiện là Đảng ủy viên phường, Chuyên viên Văn phòng" in html


# --- Query counts ----------------------------------------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_procedure_page_does_not_grow_with_cancelled_steps(client, commune_officer, appointment):
    client.force_login(commune_officer)
    url = reverse("cadres:appointment_detail", args=[appointment.pk])
    step = appointment_step(actor=commune_officer, appointment=appointment, step="proposal", held_on=RECEIVED)
    appointment_step_cancel(actor=commune_officer, step=step, reason="Ghi nhầm")
    few = _queries(client, url)
    for i in range(8):
        step = appointment_step(
            actor=commune_officer, appointment=appointment, step="proposal", held_on=RECEIVED + timedelta(days=i)
        )
        appointment_step_cancel(actor=commune_officer, step=step, reason=f"Ghi nhầm lần {i}")
    complete(commune_officer, appointment)
    assert AppointmentStep.objects.count() == 12
    # Once every step is done the decision's form appears, with the posts held now to choose from: one query.
    assert _queries(client, url) <= few + 1


def test_the_lists_do_not_grow_with_rows(client, commune_officer, tree, make_cadre, make_post):
    client.force_login(commune_officer)

    def add(n):
        for i in range(n):
            p = make_post(tree.dh, Title.AGENCY_HEAD, name=f"Trưởng phòng {n}-{i}", filling=Filling.APPOINTED,
                          term_start=None, term_end=None)  # fmt: skip
            c = make_cadre(tree.dh, full_name=f"Nguyễn Văn Số {n}-{i}")
            PlanningEntry.objects.create(post=p, cadre=c, term="2025-2030", added_on=date(2025, 12, 1))
            a = appointment_open(actor=commune_officer, cadre=c, post=p, kind="appointment", source="outside",
                                 received_on=RECEIVED)  # fmt: skip
            appointment_step(actor=commune_officer, appointment=a, step="proposal", held_on=RECEIVED)

    add(2)
    urls = [reverse("cadres:appointments"), reverse("cadres:planning") + "?term=2025-2030"]
    few = [_queries(client, u) for u in urls]
    add(10)
    assert [_queries(client, u) for u in urls] == few


# --- A second submit of a form that is no longer shown still explains itself ---------------------------------------


def test_deciding_twice_says_why_the_second_is_refused(client, commune_officer, appointment):
    last = complete(commune_officer, appointment)
    client.force_login(commune_officer)
    data = {"decision_no": "125-QĐ/ĐU", "decided_on": f"{last:%d/%m/%Y}", "effective_on": f"{last:%d/%m/%Y}"}
    assert client.post(reverse("cadres:appointment_decide", args=[appointment.pk]), data).status_code == 302
    response = client.post(reverse("cadres:appointment_decide", args=[appointment.pk]), data)
    assert response.status_code == 400
    assert "Quy trình đã kết thúc" in response.content.decode()


def test_removing_a_name_twice_says_why_the_second_is_refused(client, commune_officer, cadre):
    entry = PlanningEntry.objects.get(cadre=cadre)
    client.force_login(commune_officer)
    data = {"removed_on": "02/11/2026", "reason": "Rà soát hằng năm"}
    assert client.post(reverse("cadres:planning_remove", args=[entry.pk]), data).status_code == 302
    response = client.post(reverse("cadres:planning_remove", args=[entry.pk]), data)
    assert response.status_code == 400
    assert "đã được đưa ra khỏi quy hoạch" in response.content.decode()


def test_the_decision_date_is_written_the_official_way():
    from tochuc.cadres.pdf import official_date

    assert official_date(date(2026, 2, 5)) == "ngày 05 tháng 02 năm 2026"
    assert official_date(date(2026, 3, 15)) == "ngày 15 tháng 3 năm 2026"
    assert official_date(date(2026, 12, 1)) == "ngày 01 tháng 12 năm 2026"
