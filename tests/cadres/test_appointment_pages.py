"""The appointment pages: the list (in progress with the next step, re-appointments due), a procedure's page
(checklist, conditions), the forms, the decision's PDF, and who may see or change what."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils import timezone

from tochuc.cadres import rules
from tochuc.cadres.choices import AppointmentKind, AppointmentStatus, Filling, Source, TenureSource, Title
from tochuc.cadres.models import Appointment, PlanningEntry, Tenure
from tochuc.cadres.services.appointments import appointment_decide, appointment_open, appointment_step

RECEIVED = date(2026, 3, 2)


@pytest.fixture
def post(tree, make_post):
    return make_post(
        tree.dh, Title.AGENCY_HEAD, name="Chánh Văn phòng Đảng ủy phường", filling=Filling.APPOINTED,
        term_start=None, term_end=None,
    )  # fmt: skip


@pytest.fixture
def cadre(tree, make_cadre, post):
    cadre = make_cadre(tree.dh, full_name="Lê Văn Hùng", work_unit="Văn phòng Đảng ủy phường Đông Hà")
    PlanningEntry.objects.create(post=post, cadre=cadre, term="2025-2030", added_on=date(2025, 12, 1))
    return cadre


@pytest.fixture
def appointment(commune_officer, cadre, post):
    return appointment_open(
        actor=commune_officer,
        cadre=cadre,
        post=post,
        kind=AppointmentKind.APPOINTMENT,
        source=Source.OUTSIDE,
        received_on=RECEIVED,
    )


def complete(actor, appointment, votes_for=6, attendees=8) -> date:
    on = appointment.received_on
    for i, step in enumerate(rules.procedure(appointment.kind, appointment.source)):
        on = appointment.received_on + timedelta(days=i)
        counts = {}
        if step in rules.BALLOT_STEPS:
            counts = {"attendees": attendees, "ballots_issued": attendees, "ballots_valid": attendees}
            counts["votes_for"] = votes_for
        appointment_step(
            actor=actor, appointment=appointment, step=step, held_on=on, body="Ban Thường vụ Đảng ủy", **counts
        )
    return on


@pytest.fixture
def decided(commune_officer, appointment):
    last = complete(commune_officer, appointment)
    return appointment_decide(
        actor=commune_officer,
        appointment=appointment,
        decision_no="125-QĐ/ĐU",
        decided_on=last + timedelta(days=1),
        effective_on=date(2026, 4, 1),
        signer="Nguyễn Văn Bí",
    )


def test_the_page_shows_the_checklist_and_the_conditions(client, commune_officer, appointment):
    client.force_login(commune_officer)
    response = client.get(reverse("cadres:appointment_detail", args=[appointment.pk]))
    assert response.status_code == 200
    states = [line.state for line in response.context["progress"].lines]
    assert states == ["next", "pending", "pending"]
    body = response.content.decode()
    assert "Trong quy hoạch" in body and "Bước tiếp theo" in body
    assert response.context["decide_form"] is None  # steps missing: no decision yet


def test_a_step_is_recorded_through_the_page(client, commune_officer, appointment):
    client.force_login(commune_officer)
    response = client.post(
        reverse("cadres:appointment_step", args=[appointment.pk]),
        {"step": "proposal", "held_on": "02/03/2026", "body": "Ban Thường vụ"},
    )
    assert response.status_code == 302
    assert appointment.steps.get().step == "proposal"


def test_a_skipped_step_through_the_page_is_refused_beside_the_field(client, commune_officer, appointment):
    client.force_login(commune_officer)
    response = client.post(
        reverse("cadres:appointment_step", args=[appointment.pk]),
        {"step": "collective_vote", "held_on": "02/03/2026", "attendees": 8, "ballots_issued": 8,
         "ballots_valid": 8, "votes_for": 6},
    )  # fmt: skip
    assert response.status_code == 400
    # The conditions panel names the missing steps anyway: the refusal must be in the form of the next step,
    # which is the one the page offers (a stale page or a second tab posts a later one).
    body = response.content.decode()
    next_line = body[body.index('id="step-proposal"') : body.index('id="step-host_opinions"')]
    alert = next_line[next_line.index('role="alert"') :]
    assert alert.index("Chưa thực hiện bước «") < alert.index("</div>")
    assert 'name="step" value="proposal"' in next_line  # the form offered is the next step's, empty
    assert 'value="8"' not in next_line
    assert not appointment.steps.exists()


def test_a_step_recorded_meanwhile_by_a_colleague_is_refused_beside_the_next_form(client, commune_officer, appointment):
    appointment_step(actor=commune_officer, appointment=appointment, step="proposal", held_on=RECEIVED)
    client.force_login(commune_officer)
    response = client.post(
        reverse("cadres:appointment_step", args=[appointment.pk]), {"step": "proposal", "held_on": "03/03/2026"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    next_line = body[body.index('id="step-host_opinions"') : body.index('id="step-collective_vote"')]
    assert 'role="alert"' in next_line and "đã được ghi nhận" in next_line
    assert appointment.steps.count() == 1


def test_a_later_step_with_a_bad_date_still_says_which_step_comes_next(client, commune_officer, appointment):
    client.force_login(commune_officer)
    response = client.post(
        reverse("cadres:appointment_step", args=[appointment.pk]), {"step": "host_opinions", "held_on": "31/02/2026"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    next_line = body[body.index('id="step-proposal"') : body.index('id="step-host_opinions"')]
    assert 'role="alert"' in next_line and "Bước tiếp theo của quy trình là «" in next_line
    assert "Ngày thực hiện:" in next_line  # the posted form's own error, named by its field
    assert not appointment.steps.exists()


@pytest.mark.parametrize("name", ["cadre", "post"])
def test_a_superscript_digit_in_the_address_is_ignored(client, commune_officer, name):
    # "²".isdigit() is true but int("²") fails: the prefill must ignore it, not answer 500
    client.force_login(commune_officer)
    response = client.get(reverse("cadres:appointment_open"), {name: "²"})
    assert response.status_code == 200
    assert response.context["form"].initial.get(name) is None


def test_the_last_step_is_cancelled_through_the_page(client, commune_officer, appointment):
    step = appointment_step(actor=commune_officer, appointment=appointment, step="proposal", held_on=RECEIVED)
    client.force_login(commune_officer)
    response = client.post(reverse("cadres:appointment_step_cancel", args=[step.pk]), {"reason": "Ghi nhầm"})
    assert response.status_code == 302
    step.refresh_from_db()
    assert step.cancelled_at is not None


def test_the_decision_form_appears_once_nothing_blocks(client, commune_officer, appointment):
    last = complete(commune_officer, appointment)
    client.force_login(commune_officer)
    page = client.get(reverse("cadres:appointment_detail", args=[appointment.pk]))
    assert page.context["decide_form"] is not None
    response = client.post(
        reverse("cadres:appointment_decide", args=[appointment.pk]),
        {
            "decision_no": "125-QĐ/ĐU",
            "decided_on": f"{last + timedelta(days=1):%d/%m/%Y}",
            "effective_on": "01/04/2026",
        },
    )
    assert response.status_code == 302
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.APPOINTED
    assert Tenure.objects.get(appointment=appointment).term_end == date(2031, 3, 31)


def test_a_refused_decision_through_the_page_names_the_reasons(client, commune_officer, appointment):
    complete(commune_officer, appointment, votes_for=4)
    client.force_login(commune_officer)
    response = client.post(
        reverse("cadres:appointment_decide", args=[appointment.pk]),
        {"decision_no": "125-QĐ/ĐU", "decided_on": "20/03/2026", "effective_on": "01/04/2026"},
    )
    assert response.status_code == 400
    assert "4/8" in response.content.decode()
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.IN_PROGRESS


def test_a_procedure_is_opened_through_the_form(client, commune_officer, cadre, post):
    client.force_login(commune_officer)
    assert client.get(reverse("cadres:appointment_open"), {"cadre": cadre.pk, "post": post.pk}).status_code == 200
    response = client.post(
        reverse("cadres:appointment_open"),
        {"cadre": f"{cadre.full_name} #{cadre.pk}", "post": f"{post.name} #{post.pk}", "kind": "appointment",
         "source": "inside", "received_on": "02/03/2026"},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Appointment.objects.filter(cadre=cadre, post=post, status=AppointmentStatus.IN_PROGRESS).exists()


def test_the_list_shows_procedures_with_their_next_step(client, commune_officer, appointment):
    client.force_login(commune_officer)
    response = client.get(reverse("cadres:appointments"))
    assert response.status_code == 200
    assert "Lê Văn Hùng" in response.content.decode()
    assert response.context["rows"][0][1] == rules.ProcedureStep.PROPOSAL.label


def test_the_list_shows_the_terms_ending_within_six_months(
    client, commune_officer, tree, make_cadre, post, make_post, make_tenure
):
    today = timezone.localdate()
    soon = make_cadre(tree.dh, full_name="Trương Văn Định", birth_date=date(1975, 8, 1))
    make_tenure(soon, post, started_on=today - relativedelta(years=5), source=TenureSource.APPOINTED,
                term_end=today + relativedelta(months=3))  # fmt: skip
    late_post = make_post(tree.dh, Title.AGENCY_DEPUTY, filling=Filling.APPOINTED, term_start=None, term_end=None)
    late = make_cadre(tree.dh, full_name="Trần Văn Lực", birth_date=date(1966, 1, 10))
    make_tenure(late, late_post, started_on=today - relativedelta(years=5, days=20), source=TenureSource.APPOINTED,
                term_end=today - timedelta(days=10))  # fmt: skip
    far_post = make_post(tree.dh, Title.AGENCY_DEPUTY, filling=Filling.APPOINTED, term_start=None, term_end=None)
    far = make_cadre(tree.dh, full_name="Võ Văn Xa")
    make_tenure(far, far_post, started_on=today - relativedelta(years=1), source=TenureSource.APPOINTED,
                term_end=today + relativedelta(years=4))  # fmt: skip
    client.force_login(commune_officer)
    response = client.get(reverse("cadres:appointments"))
    due = {d.tenure.cadre.full_name: d for d in response.context["due"]}
    assert set(due) == {"Trương Văn Định", "Trần Văn Lực"}
    assert due["Trần Văn Lực"].overdue and not due["Trương Văn Định"].overdue
    assert due["Trần Văn Lực"].extend_instead and not due["Trương Văn Định"].extend_instead
    body = response.content.decode()
    assert f"cadre={soon.pk}&amp;post={post.pk}&amp;kind=reappointment" in body
    assert "kéo dài thời gian giữ chức vụ" in body


def test_the_list_keeps_a_flat_number_of_queries(
    client, commune_officer, tree, make_cadre, make_post, django_assert_max_num_queries
):
    for i in range(10):
        p = make_post(tree.dh, Title.AGENCY_HEAD, name=f"Trưởng phòng {i}", filling=Filling.APPOINTED,
                      term_start=None, term_end=None)  # fmt: skip
        c = make_cadre(tree.dh, full_name=f"Nguyễn Văn Số {i}")
        a = appointment_open(actor=commune_officer, cadre=c, post=p, kind="appointment", source="inside",
                             received_on=RECEIVED)  # fmt: skip
        appointment_step(actor=commune_officer, appointment=a, step="proposal", held_on=RECEIVED)
    client.force_login(commune_officer)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("cadres:appointments"))
    assert len(response.context["rows"]) == 10


# --- The decision as PDF ----------------------------------------------------------------------------------


def test_the_decision_prints_as_a_pdf_and_is_audited(client, commune_officer, decided, audit_watch):
    client.force_login(commune_officer)
    watch = audit_watch()
    response = client.get(reverse("cadres:appointment_pdf", args=[decided.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content[:4] == b"%PDF" and len(response.content) > 5000
    assert [e.action for e in watch.events()] == ["appointment.print"]
    from pypdf import PdfReader

    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Lê Văn Hùng" in text
    assert "125-QĐ/ĐU" in text
    assert "31/03/2031" in text


def test_the_decision_html_has_the_official_parts(commune_officer, decided):
    from tochuc.cadres.pdf import appointment_html

    html = appointment_html(actor=commune_officer, appointment=decided)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in html and "Độc lập - Tự do - Hạnh phúc" in html
    assert "Đông Hà, ngày" in html and "Số: 125-QĐ/ĐU" in html
    assert "377-QĐ/TW" in html and "6/8" in html
    assert "Điều 1." in html and "Điều 3." in html and "Nơi nhận" in html
    assert "Nguyễn Văn Bí" in html


def test_a_party_post_prints_the_party_header(commune_officer, tree, make_post, make_cadre):
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
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in html and "Độc lập - Tự do" not in html


def test_only_a_decided_appointment_prints(client, commune_officer, appointment):
    client.force_login(commune_officer)
    assert client.get(reverse("cadres:appointment_pdf", args=[appointment.pk])).status_code == 404


# --- Scope and roles ---------------------------------------------------------------------------------------


def test_an_outsider_gets_404_everywhere(client, outsider, appointment, decided):
    client.force_login(outsider)
    for name in ("cadres:appointment_detail", "cadres:appointment_pdf"):
        assert client.get(reverse(name, args=[appointment.pk])).status_code == 404
    for name in ("cadres:appointment_step", "cadres:appointment_decide", "cadres:appointment_close"):
        assert (
            client.post(reverse(name, args=[appointment.pk]), {"reason": "x", "status": "withdrawn"}).status_code == 404
        )


def test_a_viewer_sees_but_cannot_change(client, viewer, appointment):
    client.force_login(viewer)
    page = client.get(reverse("cadres:appointment_detail", args=[appointment.pk]))
    assert page.status_code == 200 and page.context["close_form"] is None
    response = client.post(
        reverse("cadres:appointment_step", args=[appointment.pk]), {"step": "proposal", "held_on": "02/03/2026"}
    )
    assert response.status_code == 403
    response = client.post(
        reverse("cadres:appointment_close", args=[appointment.pk]), {"status": "withdrawn", "reason": "x"}
    )
    assert response.status_code == 403
    assert client.get(reverse("cadres:appointment_open")).status_code == 403
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.IN_PROGRESS and not appointment.steps.exists()


def test_a_commune_officer_cannot_appoint_into_a_post_of_another_commune(
    client, commune_officer, tree, make_post, cadre
):
    post_lb = make_post(tree.lb, Title.AGENCY_HEAD, filling=Filling.APPOINTED)
    client.force_login(commune_officer)
    assert client.get(reverse("cadres:appointment_open"), {"post": post_lb.pk}).status_code == 404
    response = client.post(
        reverse("cadres:appointment_open"),
        {"cadre": f"{cadre.full_name} #{cadre.pk}", "post": f"x #{post_lb.pk}", "kind": "appointment",
         "source": "inside", "received_on": "02/03/2026"},
    )  # fmt: skip
    assert response.status_code == 400  # the post box finds nothing outside the scope
    assert not Appointment.objects.exists()


def test_the_cadre_page_shows_planning_and_appointments(client, commune_officer, decided, cadre, post):
    client.force_login(commune_officer)
    response = client.get(reverse("cadres:detail", args=[cadre.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert reverse("cadres:appointment_detail", args=[decided.pk]) in body
    assert reverse("cadres:planning_review", args=[post.pk]) in body
    assert "125-QĐ/ĐU" in body


def test_the_procedure_page_keeps_a_flat_number_of_queries(
    client, commune_officer, appointment, django_assert_max_num_queries
):
    complete(commune_officer, appointment)
    client.force_login(commune_officer)
    with django_assert_max_num_queries(30):
        response = client.get(reverse("cadres:appointment_detail", args=[appointment.pk]))
    assert all(line.state == "done" for line in response.context["progress"].lines)


@pytest.mark.parametrize("name", ["appointments", "appointment_open", "planning", "planning_add"])
def test_the_pages_take_their_styles_from_the_apps_stylesheet(client, commune_officer, appointment, name):
    from django.contrib.staticfiles import finders
    from django.templatetags.static import static

    client.force_login(commune_officer)
    for url in (reverse(f"cadres:{name}"), reverse("cadres:appointment_detail", args=[appointment.pk])):
        body = client.get(url).content.decode()
        assert static("cadres/cadres.css") in body and "<style>" not in body
    with open(finders.find("cadres/cadres.css"), encoding="utf-8") as f:
        css = f.read()
    assert "ol.steps" in css and "ul.checks" in css and ".coverage" in css
