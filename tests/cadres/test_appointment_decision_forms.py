"""The printed decision takes the form of the body that appoints: a post of the Party committee is appointed
by the committee (Hướng dẫn 36-HD/VPTW: the Party's name, "Số 7-QĐ/ĐU", "T/M ĐẢNG ỦY"), any other appointed
post by the People's Committee of the locality (Nghị định 30/2020/NĐ-CP: the national motto, "Số: 7/QĐ-UBND",
"TM. ỦY BAN NHÂN DÂN"), on the Party committee's agreement."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.urls import reverse

from tochuc.cadres.choices import AppointmentKind, Filling, Source, Title
from tochuc.cadres.models import PlanningEntry
from tochuc.cadres.pdf import appointment_html, locality_of
from tochuc.cadres.services.appointments import appointment_decide, appointment_open, appointment_step
from tochuc.orgs.models import OrgType, Sector
from tochuc.orgs.services import org_create

RECEIVED = date(2026, 3, 2)
VOTED = date(2026, 3, 4)


def _decide(actor, post, cadre, decision_no: str):
    PlanningEntry.objects.create(post=post, cadre=cadre, term="2025-2030", added_on=date(2025, 12, 1))
    a = appointment_open(
        actor=actor, cadre=cadre, post=post, kind=AppointmentKind.APPOINTMENT, source=Source.OUTSIDE,
        received_on=RECEIVED,
    )  # fmt: skip
    appointment_step(actor=actor, appointment=a, step="proposal", held_on=RECEIVED)
    appointment_step(actor=actor, appointment=a, step="host_opinions", held_on=date(2026, 3, 3))
    appointment_step(
        actor=actor, appointment=a, step="collective_vote", held_on=VOTED, body="Ban Thường vụ Đảng ủy phường",
        attendees=9, ballots_issued=9, ballots_valid=9, votes_for=7,
    )  # fmt: skip
    return appointment_decide(
        actor=actor, appointment=a, decision_no=decision_no, decided_on=date(2026, 3, 5),
        effective_on=date(2026, 4, 1), signer="Trần Văn Ký",
    )  # fmt: skip


@pytest.fixture
def state_decision(commune_officer, tree, make_post, make_cadre):
    post = make_post(
        tree.dh, Title.AGENCY_HEAD, name="Trưởng phòng Văn hóa - Xã hội", filling=Filling.APPOINTED,
        term_start=None, term_end=None,
    )  # fmt: skip
    person = make_cadre(tree.dh, full_name="Lê Văn Hùng", work_unit="Phòng Văn hóa - Xã hội phường Đông Hà")
    return _decide(commune_officer, post, person, "7/QĐ-UBND")


@pytest.fixture
def party_decision(commune_officer, tree, make_post, make_cadre):
    post = make_post(
        tree.dh, Title.STANDING_MEMBER, name="Ủy viên Ban Thường vụ Đảng ủy phường", filling=Filling.APPOINTED,
        term_start=None, term_end=None,
    )  # fmt: skip
    person = make_cadre(tree.dh, full_name="Hoàng Văn Dũng", work_unit="Văn phòng Đảng ủy phường Đông Hà")
    return _decide(commune_officer, post, person, "7-QĐ/ĐU")


def _pdf_text(client, actor, appointment) -> str:
    from pypdf import PdfReader

    client.force_login(actor)
    response = client.get(reverse("cadres:appointment_pdf", args=[appointment.pk]))
    assert response.status_code == 200
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages).split())


STATE_PARTS = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Số: 7/QĐ-UBND",
    "ỦY BAN NHÂN DÂN PHƯỜNG ĐÔNG HÀ",
    "Căn cứ Luật Tổ chức chính quyền địa phương",
    "377-QĐ/TW",
    "04/03/2026",  # the day of the Party committee's vote
    "7/9",
    "TM. ỦY BAN NHÂN DÂN",
    "CHỦ TỊCH",
    "Trần Văn Ký",
]
PARTY_PARTS = [
    "ĐẢNG CỘNG SẢN VIỆT NAM",
    "ĐẢNG BỘ TỈNH QUẢNG TRỊ",
    "ĐẢNG ỦY PHƯỜNG ĐÔNG HÀ",
    "Số 7-QĐ/ĐU",
    "Căn cứ Điều lệ Đảng",
    "377-QĐ/TW",
    "Căn cứ Quy chế làm việc của Đảng ủy phường Đông Hà",
    "04/03/2026",
    "7/9",
    "T/M ĐẢNG ỦY",
    "BÍ THƯ",
    "Trần Văn Ký",
]


def test_a_post_of_the_government_side_is_appointed_by_the_peoples_committee(commune_officer, state_decision):
    html = appointment_html(actor=commune_officer, appointment=state_decision)
    for part in STATE_PARTS:
        assert part in html, part
    for party_part in ("ĐẢNG CỘNG SẢN", "T/M", "Điều lệ Đảng", "BÍ THƯ", "ĐẢNG ỦY PHƯỜNG", "ĐẢNG BỘ TỈNH"):
        assert party_part not in html, party_part


def test_a_post_of_the_party_committee_is_appointed_by_the_committee(commune_officer, party_decision):
    html = appointment_html(actor=commune_officer, appointment=party_decision)
    for part in PARTY_PARTS:
        assert part in html, part
    for state_part in ("CỘNG HÒA", "Độc lập", "ỦY BAN NHÂN DÂN", "Số:", "TM.", "Luật Tổ chức", "CHỦ TỊCH"):
        assert state_part not in html, state_part


def test_the_state_form_prints_its_texts(client, commune_officer, state_decision):
    text = _pdf_text(client, commune_officer, state_decision)
    for part in STATE_PARTS:
        assert part in text, part
    assert "ĐẢNG CỘNG SẢN" not in text


def test_the_party_form_prints_its_texts(client, commune_officer, party_decision):
    text = _pdf_text(client, commune_officer, party_decision)
    for part in PARTY_PARTS:
        assert part in text, part
    assert "CỘNG HÒA" not in text


# --- "hiện là" / "hiện công tác tại" ---------------------------------------------------------------------


def test_a_cadre_holding_no_post_is_said_to_work_at_the_unit(commune_officer, state_decision):
    html = appointment_html(actor=commune_officer, appointment=state_decision)
    assert "hiện công tác tại Phòng Văn hóa - Xã hội phường Đông Hà" in html
    assert "hiện là" not in html


def test_a_cadre_holding_posts_is_said_to_hold_them(commune_officer, tree, make_post, make_tenure, state_decision):
    staff = make_post(tree.dh, Title.STAFF, name="Chuyên viên Văn phòng", term_start=None, term_end=None)
    make_tenure(state_decision.cadre, staff, started_on=date(2020, 1, 1))
    html = appointment_html(actor=commune_officer, appointment=state_decision)
    assert "hiện là Chuyên viên Văn phòng" in html
    assert "hiện công tác tại" not in html


def test_a_cadre_with_neither_post_nor_unit_is_described_by_birth_only(commune_officer, state_decision):
    cadre = state_decision.cadre
    cadre.work_unit = ""
    cadre.save(update_fields=["work_unit"])
    html = appointment_html(actor=commune_officer, appointment=state_decision)
    assert "hiện công tác tại" not in html and "hiện là" not in html
    assert "sinh ngày 10/05/1980, giữ chức vụ" in html


# --- The locality of a People's Committee ---------------------------------------------------------------------


def test_the_locality_is_read_from_the_org_or_its_nearest_named_ancestor(tree):
    assert locality_of(tree.dh) == "phường Đông Hà"
    assert locality_of(tree.lb) == "xã Lao Bảo"
    assert locality_of(tree.dh_company) == "phường Đông Hà"  # no place in its name: the ward it stands in


def test_the_unit_name_gives_the_locality_first(tree):
    special = org_create(
        actor=None, code="44.CC", name="Đảng bộ Cồn Cỏ", org_type=OrgType.UPPER_GRASSROOTS_COMMITTEE,
        parent=tree.province, opened_on=date(2025, 7, 1), sector=Sector.COMMUNE, unit_name="Đặc khu Cồn Cỏ",
    )  # fmt: skip
    assert locality_of(special) == "đặc khu Cồn Cỏ"


def test_without_a_place_the_party_body_is_dropped_from_the_name():
    from types import SimpleNamespace

    org = SimpleNamespace(name="Đảng bộ Khu kinh tế Đông Nam", unit_name="", parent=None)
    assert locality_of(org) == "Khu kinh tế Đông Nam"


def test_the_decision_form_says_which_title_will_be_printed(client, commune_officer, tree, make_post, make_cadre):
    post = make_post(
        tree.dh, Title.AGENCY_HEAD, name="Trưởng phòng Kinh tế", filling=Filling.APPOINTED, term_start=None,
        term_end=None,
    )  # fmt: skip
    person = make_cadre(tree.dh, full_name="Lê Văn Hùng")
    PlanningEntry.objects.create(post=post, cadre=person, term="2025-2030", added_on=date(2025, 12, 1))
    a = appointment_open(
        actor=commune_officer, cadre=person, post=post, kind=AppointmentKind.APPOINTMENT, source=Source.OUTSIDE,
        received_on=RECEIVED,
    )  # fmt: skip
    appointment_step(actor=commune_officer, appointment=a, step="proposal", held_on=RECEIVED)
    appointment_step(actor=commune_officer, appointment=a, step="host_opinions", held_on=RECEIVED)
    appointment_step(
        actor=commune_officer, appointment=a, step="collective_vote", held_on=VOTED, attendees=9,
        ballots_issued=9, ballots_valid=9, votes_for=7,
    )  # fmt: skip
    client.force_login(commune_officer)
    response = client.get(reverse("cadres:appointment_detail", args=[a.pk]))
    assert response.context["decide_form"] is not None
    assert "TM. ỦY BAN NHÂN DÂN – CHỦ TỊCH" in response.content.decode()
