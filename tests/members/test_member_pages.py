"""The member's page: the dossier grouped, party age and badges, flags, the timeline with its one cancel
action, the actions menu by state; the pages that enter a record (enter, admit, receive) and edit it;
sensitive fields kept from viewers; a fixed number of queries however long the history."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tochuc.accounts.roles import Role
from tochuc.core.models import AuditEvent
from tochuc.members import services
from tochuc.members.models import Member, MemberEvent, Relative, WorkPeriod
from tochuc.members.selectors_dossier import can_see_sensitive, member_dossier
from tochuc.members.services.dossier import relative_add, work_period_add

ROLES = [Role.ADMIN, Role.OFFICER, Role.LEADER, Role.SECRETARY, Role.VIEWER]


@pytest.fixture
def persona(make_user, tree):
    """A user of each role scoped to the commune 44.DH (the secretary to its cell 44.DH.01)."""

    def _make(role):
        return make_user(f"persona.{role}", role, tree.dh1 if role == Role.SECRETARY else tree.dh)

    return _make


@pytest.fixture
def an(tree):
    """Nguyễn Văn An, 44.DH.01: admitted 19/05/1995, official 19/05/1996."""
    return tree.members["44.DH.01"][0]


def page(client, member):
    return client.get(reverse("members:detail", args=[member.pk]))


def text(response) -> str:
    return response.content.decode()


# --- Rendering and scope -----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_the_member_page_renders_for_every_role_inside_the_scope_and_is_404_outside(client, tree, persona, role):
    client.force_login(persona(role))
    inside = page(client, tree.members["44.DH.01"][1])
    assert inside.status_code == 200
    assert "Trần Thị Bích Hạnh" in text(inside)
    assert page(client, tree.members["44.LB.01"][0]).status_code == 404


def test_the_dossier_is_grouped_with_party_age_and_the_next_badge(client, province_officer, an):
    client.force_login(province_officer)
    body = text(page(client, an))
    for heading in ("Sơ yếu lý lịch", "Trình độ, đào tạo", "Nghề nghiệp, công tác", "Đảng tịch", "Diễn biến"):
        assert heading in body
    # Admitted 19/05/1995: 31 years 6 months of party age on 29/11/2026 or later; the 30-year badge is due.
    d = member_dossier(actor=province_officer, pk=an.pk, today=date(2026, 11, 29))
    assert d.party_age_months == 31 * 12 + 6
    assert (d.badge_eligible, d.next_badge, d.next_badge_due) == (30, 40, date(2035, 5, 19))
    assert "Huy hiệu 30 năm" in body


def test_party_age_is_empty_before_the_member_is_official(client, tree, commune_officer):
    m = services.member_admit(
        actor=commune_officer,
        org=tree.dh1,
        full_name="Lê Thị Dự Bị",
        sex="female",
        birth_date=date(2000, 1, 1),
        vote_on=date(2026, 6, 1),
        admitted_on=date(2026, 6, 10),
        decision_no="9-QĐ/ĐU",
    )
    services.member_ceremony(actor=commune_officer, member=m, on=date(2026, 6, 20))
    d = member_dossier(actor=commune_officer, pk=m.pk)
    assert d.party_age_months is None
    assert d.probation_end == date(2027, 6, 20)
    assert d.review_due > d.probation_end
    client.force_login(commune_officer)
    assert "hết thời gian dự bị" in text(page(client, m))


def test_the_flags_show_on_the_page(client, commune_officer, an, tree):
    services.member_exempt(actor=commune_officer, member=an, on=date(2026, 1, 5), reason="Tuổi cao")
    services.member_transfer_out(
        actor=commune_officer,
        member=an,
        on=date(2026, 2, 2),
        letter_no="3/GGT",
        to_org=tree.dh2,
        temporary=True,
        until=date(2026, 12, 31),
    )
    client.force_login(commune_officer)
    body = text(page(client, an))
    assert "Miễn công tác và sinh hoạt đảng" in body
    assert "Sinh hoạt tạm thời tại" in body and "Chi bộ khu phố 2" in body and "31/12/2026" in body


# --- Sensitive fields -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "sees"),
    [(Role.ADMIN, True), (Role.OFFICER, True), (Role.LEADER, True), (Role.SECRETARY, True), (Role.VIEWER, False)],
)
def test_only_the_roles_that_keep_or_decide_on_records_see_sensitive_fields(persona, role, sees):
    assert can_see_sensitive(persona(role)) is sees


def test_an_inactive_or_anonymous_user_sees_no_sensitive_field(persona):
    from django.contrib.auth.models import AnonymousUser

    user = persona(Role.OFFICER)
    user.is_active = False
    assert not can_see_sensitive(user)
    assert not can_see_sensitive(AnonymousUser())


def _make_sensitive(an, officer):
    services.member_update(
        actor=officer, member=an, citizen_id="045068000123", religion="Phật giáo", residence="12 Lê Lợi, Đông Hà"
    )
    relative_add(actor=officer, member=an, relation="Vợ", full_name="Hoàng Thị Người Thân", birth_year=1970)


def test_a_viewer_does_not_see_citizen_id_religion_residence_or_relatives(client, persona, an, commune_officer):
    _make_sensitive(an, commune_officer)
    client.force_login(persona(Role.VIEWER))
    body = text(page(client, an))
    for secret in ("045068000123", "Phật giáo", "12 Lê Lợi", "Hoàng Thị Người Thân"):
        assert secret not in body
    assert "chỉ hiển thị với cán bộ được giao quản lý hồ sơ" in body
    client.force_login(persona(Role.LEADER))
    body = text(page(client, an))
    for secret in ("045068000123", "Phật giáo", "12 Lê Lợi", "Hoàng Thị Người Thân"):
        assert secret in body


def test_the_photo_is_served_only_to_roles_that_see_sensitive_fields(client, persona, an, commune_officer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    services_photo = __import__("tochuc.members.services.dossier", fromlist=["member_photo_set"]).member_photo_set
    services_photo(actor=commune_officer, member=an, photo=SimpleUploadedFile("a.png", png, "image/png"))
    url = reverse("members:photo", args=[an.pk])
    client.force_login(persona(Role.SECRETARY))
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == png
    client.force_login(persona(Role.VIEWER))
    assert client.get(url).status_code == 403
    assert 'src="' + url not in text(page(client, an))


# --- The timeline and the cancel action --------------------------------------------------------------------


def test_the_timeline_is_newest_first_and_a_cancelled_event_is_struck_through_with_its_reason(
    client, commune_officer, an
):
    services.member_contact_lost(actor=commune_officer, member=an, on=date(2026, 3, 1))
    services.member_contact_restored(actor=commune_officer, member=an, on=date(2026, 4, 1))
    services.member_exempt(actor=commune_officer, member=an, on=date(2026, 5, 1), reason="Ốm dài ngày")
    exempted = MemberEvent.objects.get(member=an, kind="exempted")
    services.event_cancel(actor=commune_officer, event=exempted, reason="Ghi nhầm người")
    client.force_login(commune_officer)
    body = text(page(client, an))
    timeline = body[body.index('id="timeline"') :]
    assert timeline.index("01/05/2026") < timeline.index("01/04/2026") < timeline.index("01/03/2026")
    assert f'<li class="cancelled" id="event-{exempted.pk}">' in timeline
    assert "Ghi nhầm người" in timeline


def test_only_the_latest_event_offers_the_cancel_action(client, commune_officer, an):
    services.member_contact_lost(actor=commune_officer, member=an, on=date(2026, 3, 1))
    services.member_contact_restored(actor=commune_officer, member=an, on=date(2026, 4, 1))
    lost, restored = MemberEvent.objects.filter(member=an, kind__in=["lost_contact", "contact_restored"]).order_by("on")
    client.force_login(commune_officer)
    body = text(page(client, an))
    assert body.count("Hủy (ghi nhầm)") == 1
    assert reverse("members:event_cancel", args=[an.pk, restored.pk]) in body
    assert reverse("members:event_cancel", args=[an.pk, lost.pk]) not in body


def test_an_admission_alone_offers_no_cancel_action_and_viewers_never_see_one(client, persona, tree):
    officer = persona(Role.OFFICER)
    m = services.member_admit(
        actor=officer,
        org=tree.dh1,
        full_name="Phan Thị Mới",
        sex="female",
        birth_date=date(1999, 1, 1),
        vote_on=date(2026, 6, 1),
        admitted_on=date(2026, 6, 10),
        decision_no="9-QĐ/ĐU",
    )
    client.force_login(officer)
    assert "Hủy (ghi nhầm)" not in text(page(client, m))  # an admission is corrected by a correction request
    services.member_ceremony(actor=officer, member=m, on=date(2026, 6, 20))
    assert "Hủy (ghi nhầm)" in text(page(client, m))
    client.force_login(persona(Role.VIEWER))
    assert "Hủy (ghi nhầm)" not in text(page(client, m))


def _offered(client, member):
    body = text(page(client, member))
    return {
        slug
        for slug in (
            "ceremony", "recognize", "transfer_out", "temporary_out", "temporary_return", "transfer_in", "exempt",
            "exemption_end", "contact_lost", "contact_restored", "badge", "card", "remove_probationary", "remove",
            "expel", "leave", "died", "reinstate", "readmit",
        )
        if reverse("members:event", args=[member.pk, slug]) in body
    }  # fmt: skip


def test_the_menu_offers_the_events_that_fit_an_official_member(client, commune_officer, an, tree):
    client.force_login(commune_officer)
    offered = _offered(client, an)
    assert {"transfer_out", "temporary_out", "exempt", "contact_lost", "card", "remove", "expel", "leave"} <= offered
    assert "badge" in offered  # 31 years of party age, no badge yet
    assert not offered & {"ceremony", "recognize", "remove_probationary", "reinstate", "readmit", "transfer_in"}
    young = tree.members["44.DH.01"][2]  # admitted 2015: no badge before 2045
    assert "badge" not in _offered(client, young)


def test_the_menu_follows_the_probation(client, commune_officer, tree):
    m = services.member_admit(
        actor=commune_officer,
        org=tree.dh1,
        full_name="Phan Thị Mới",
        sex="female",
        birth_date=date(1999, 1, 1),
        vote_on=date(2026, 6, 1),
        admitted_on=date(2026, 6, 10),
        decision_no="9-QĐ/ĐU",
    )
    client.force_login(commune_officer)
    offered = _offered(client, m)
    assert "ceremony" in offered and "recognize" not in offered and "card" not in offered
    services.member_ceremony(actor=commune_officer, member=m, on=date(2026, 6, 20))
    offered = _offered(client, m)
    assert "ceremony" not in offered and {"recognize", "remove_probationary"} <= offered


def test_an_ended_member_is_offered_reinstatement_and_readmission(client, commune_officer, an):
    services.member_remove(
        actor=commune_officer, member=an, on=date(2026, 2, 1), decision_no="1", reason="Bỏ sinh hoạt"
    )
    client.force_login(commune_officer)
    assert _offered(client, an) == {"reinstate", "readmit"}


def test_viewers_and_leaders_get_no_event_menu(client, persona, an):
    for role in (Role.VIEWER, Role.LEADER):
        client.force_login(persona(role))
        assert _offered(client, an) == set()


def test_the_receiving_org_sees_a_member_in_transit_and_confirms_the_arrival(
    client, commune_officer, outsider, an, tree
):
    services.member_transfer_out(
        actor=commune_officer, member=an, on=date(2026, 3, 2), letter_no="12/GGT", to_org=tree.lb1
    )
    client.force_login(outsider)  # officer of 44.LB: the member is still at 44.DH.01
    assert _offered(client, an) == {"transfer_in"}
    assert an.full_name in text(client.get(reverse("members:receive")))
    assert client.get(reverse("members:event", args=[an.pk, "exempt"])).status_code == 404
    response = client.post(reverse("members:event", args=[an.pk, "transfer_in"]), {"on": "10/03/2026"})
    assert response.status_code == 302
    an.refresh_from_db()
    assert (an.org, an.in_transit) == (tree.lb1, False)
    client.force_login(commune_officer)
    assert page(client, an).status_code == 404  # gone from the sending commune's scope


# --- Query counts -------------------------------------------------------------------------------------------


def _queries(client, member):
    with CaptureQueriesContext(connection) as ctx:
        response = page(client, member)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_member_page_runs_the_same_number_of_queries_however_long_the_history(client, commune_officer, an):
    client.force_login(commune_officer)
    relative_add(actor=commune_officer, member=an, relation="Con", full_name="Nguyễn Văn Một")
    work_period_add(actor=commune_officer, member=an, valid_from=date(1990, 1, 1), unit="UBND phường")
    services.member_contact_lost(actor=commune_officer, member=an, on=date(2026, 1, 2))
    before = _queries(client, an)
    services.member_contact_restored(actor=commune_officer, member=an, on=date(2026, 1, 20))
    services.member_exempt(actor=commune_officer, member=an, on=date(2026, 2, 1), reason="Sức khỏe")
    services.member_exemption_end(actor=commune_officer, member=an, on=date(2026, 3, 1))
    services.member_issue_card(actor=commune_officer, member=an, on=date(2026, 3, 2), card_number="44012345")
    services.member_award_badge(actor=commune_officer, member=an, milestone=30, on=date(2026, 5, 19), decision_no="7")
    services.member_contact_lost(actor=commune_officer, member=an, on=date(2026, 6, 1))
    services.event_cancel(
        actor=commune_officer, event=MemberEvent.objects.filter(member=an).latest("id"), reason="Nhầm"
    )
    for i in range(4):
        relative_add(actor=commune_officer, member=an, relation="Cháu", full_name=f"Nguyễn Văn Cháu {i}")
        work_period_add(actor=commune_officer, member=an, valid_from=date(1995 + i, 1, 1), unit=f"Đơn vị {i}")
    services.correction_request(
        actor=commune_officer, member=an, field="birth_date", new_value="13/05/1968", basis="Giấy khai sinh"
    )
    assert MemberEvent.objects.filter(member=an).count() >= 9
    assert _queries(client, an) == before


# --- Entering a record: enter, admit, receive; editing --------------------------------------------------------

DOSSIER = {
    "other_names": "Hai",
    "birth_place": "Xã Triệu Phong",
    "home_town": "Quảng Trị",
    "residence": "Khu phố 1, phường Đông Hà",
    "citizen_id": "045090000777",
    "ethnic_group": "Kinh",
    "religion": "Không",
    "education": "upper_secondary",
    "qualification": "bachelor",
    "qualification_field": "Luật",
    "academic_title": "",
    "theory_level": "intermediate",
    "state_management": "specialist",
    "foreign_language": "Tiếng Anh B1",
    "it_level": "Cơ bản",
    "occupation": "civil_servant",
    "work_unit": "UBND phường Đông Hà",
    "position": "Công chức tư pháp",
    "dossier_number": "LL-0001",
    "badge_number": "",
}


def test_entering_a_member_saves_the_whole_dossier(client, commune_officer, tree):
    client.force_login(commune_officer)
    response = client.post(
        reverse("members:create"),
        {
            **DOSSIER,
            "full_name": "Trần Văn Nhập",
            "sex": "male",
            "birth_date": "02/03/1990",
            "org": "44.DH.02",
            "status": "official",
            "admitted_on": "19/05/2015",
            "ceremony_on": "26/05/2015",
            "official_on": "26/05/2016",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    m = Member.objects.get(full_name="Trần Văn Nhập")
    assert (m.org, m.citizen_id, m.qualification, m.work_unit, m.ceremony_on) == (
        tree.dh2,
        "045090000777",
        "bachelor",
        "UBND phường Đông Hà",
        date(2015, 5, 26),
    )


def test_the_create_form_shows_a_citizen_id_refusal_next_to_the_field(client, commune_officer):
    client.force_login(commune_officer)
    response = client.post(
        reverse("members:create"),
        {
            **DOSSIER,
            "citizen_id": "045080000777",  # birth year 1990 but "80"
            "full_name": "Trần Văn Nhập",
            "sex": "male",
            "birth_date": "02/03/1990",
            "org": "44.DH.02",
            "status": "official",
            "admitted_on": "19/05/2015",
            "official_on": "19/05/2016",
        },
    )
    assert response.status_code == 200
    assert "không khớp năm sinh" in response.context["form"].errors["citizen_id"][0]
    assert not Member.objects.filter(full_name="Trần Văn Nhập").exists()


def test_admitting_a_new_member_from_the_list(client, commune_officer, tree):
    client.force_login(commune_officer)
    assert client.get(reverse("members:admit")).status_code == 200
    data = {
        **DOSSIER,
        "citizen_id": "",
        "full_name": "Võ Thị Kết Nạp",
        "sex": "female",
        "birth_date": "01/06/2000",
        "org": "44.DH.01",
        "vote_on": "01/09/2026",
        "admitted_on": "15/09/2026",
        "decision_no": "15-QĐ/ĐU",
    }
    response = client.post(reverse("members:admit"), data)
    assert response.status_code == 302
    m = Member.objects.get(full_name="Võ Thị Kết Nạp")
    assert (m.status, m.admitted_on, m.org) == ("probationary", date(2026, 9, 15), tree.dh1)


def test_admission_under_eighteen_is_refused_next_to_the_birth_date(client, commune_officer):
    client.force_login(commune_officer)
    response = client.post(
        reverse("members:admit"),
        {
            "full_name": "Võ Văn Nhỏ",
            "sex": "male",
            "birth_date": "02/09/2008",
            "org": "44.DH.01",
            "vote_on": "01/09/2026",
            "admitted_on": "15/09/2026",
            "decision_no": "15-QĐ/ĐU",
        },
    )
    assert response.status_code == 200
    assert "chưa đủ 18 tuổi" in response.context["form"].errors["birth_date"][0]
    assert not Member.objects.filter(full_name="Võ Văn Nhỏ").exists()


def test_receiving_a_member_from_another_province(client, commune_officer, tree):
    client.force_login(commune_officer)
    response = client.post(
        reverse("members:receive"),
        {
            "full_name": "Đinh Văn Đến",
            "sex": "male",
            "birth_date": "05/05/1985",
            "org": "44.DH.02",
            "on": "02/11/2026",
            "letter_no": "88/GGT-BTCTU",
            "origin": "Đảng bộ tỉnh Hà Tĩnh",
            "admitted_on": "03/02/2010",
            "official_on": "03/02/2011",
        },
    )
    assert response.status_code == 302
    m = Member.objects.get(full_name="Đinh Văn Đến")
    assert (m.status, m.org, m.admitted_on) == ("official", tree.dh2, date(2010, 2, 3))
    assert m.events.get().data["origin"] == "Đảng bộ tỉnh Hà Tĩnh"


def test_the_entry_pages_refuse_roles_that_may_not_create(client, persona):
    for role in (Role.VIEWER, Role.LEADER):
        client.force_login(persona(role))
        for name in ("members:create", "members:admit", "members:receive"):
            assert client.get(reverse(name)).status_code == 403


def test_editing_changes_the_dossier_and_keeps_what_was_not_submitted(client, commune_officer, an):
    services.member_update(actor=commune_officer, member=an, religion="Công giáo", work_unit="Trường THCS")
    client.force_login(commune_officer)
    response = client.post(reverse("members:edit", args=[an.pk]), {"sex": "male", "position": "Hiệu trưởng"})
    assert response.status_code == 302
    an.refresh_from_db()
    assert (an.position, an.religion, an.work_unit) == ("Hiệu trưởng", "Công giáo", "Trường THCS")


def test_the_edit_form_has_no_core_field(client, commune_officer, an):
    client.force_login(commune_officer)
    form = client.get(reverse("members:edit", args=[an.pk])).context["form"]
    assert not {"full_name", "birth_date", "admitted_on", "official_on"} & set(form.fields)


# --- Family and work history ---------------------------------------------------------------------------------


def test_family_and_work_rows_are_added_and_removed_with_audit(client, commune_officer, an):
    client.force_login(commune_officer)
    url = reverse("members:family", args=[an.pk])
    before = AuditEvent.objects.count()
    assert (
        client.post(url, {"which": "relative", "rel-relation": "Mẹ", "rel-full_name": "Lê Thị Mẹ"}).status_code == 302
    )
    response = client.post(
        url, {"which": "work", "work-valid_from": "01/01/1990", "work-unit": "Hợp tác xã", "work-position": "Xã viên"}
    )
    assert response.status_code == 302
    relative, period = Relative.objects.get(member=an), WorkPeriod.objects.get(member=an)
    client.post(reverse("members:relative_remove", args=[an.pk, relative.pk]))
    client.post(reverse("members:work_period_remove", args=[an.pk, period.pk]))
    assert not Relative.objects.filter(member=an).exists() and not WorkPeriod.objects.filter(member=an).exists()
    actions = list(AuditEvent.objects.order_by("pk").values_list("action", flat=True)[before:])
    assert actions == [
        "member.relative_add",
        "member.work_period_add",
        "member.relative_remove",
        "member.work_period_remove",
    ]


def test_a_work_row_ending_before_it_starts_is_refused_next_to_the_field(client, commune_officer, an):
    client.force_login(commune_officer)
    response = client.post(
        reverse("members:family", args=[an.pk]),
        {"which": "work", "work-valid_from": "01/01/2000", "work-valid_to": "01/01/1999", "work-unit": "UBND"},
    )
    assert response.status_code == 200
    assert response.context["work_form"].errors["valid_to"]


def test_family_rows_are_refused_outside_the_scope_and_to_viewers(client, persona, outsider, an):
    relative = relative_add(actor=None, member=an, relation="Cha", full_name="Nguyễn Văn Cha")
    client.force_login(outsider)
    assert client.get(reverse("members:family", args=[an.pk])).status_code == 404
    assert client.post(reverse("members:relative_remove", args=[an.pk, relative.pk])).status_code == 404
    client.force_login(persona(Role.VIEWER))
    assert client.post(reverse("members:relative_remove", args=[an.pk, relative.pk])).status_code == 403
    assert Relative.objects.filter(pk=relative.pk).exists()


def test_the_member_list_leads_to_admission_reception_and_the_pending_corrections(client, commune_officer, leader):
    client.force_login(commune_officer)
    body = text(client.get(reverse("members:list")))
    assert reverse("members:admit") in body and reverse("members:receive") in body
    assert reverse("members:corrections") not in body
    client.force_login(leader)
    body = text(client.get(reverse("members:list")))
    assert reverse("members:corrections") in body and reverse("members:admit") not in body


def test_events_entered_from_the_paper_records_are_corrected_not_cancelled(client, commune_officer, an):
    # Nguyễn Văn An was entered with his admission and recognition: their dates change by a correction.
    client.force_login(commune_officer)
    assert "Hủy (ghi nhầm)" not in text(page(client, an))
    services.member_contact_lost(actor=commune_officer, member=an, on=date(2026, 3, 1))
    assert "Hủy (ghi nhầm)" in text(page(client, an))


def test_a_badge_below_the_highest_one_awarded_is_not_due(client, commune_officer, make_member, tree):
    # Admitted 1975: 51 years of party age. Once the 50-year badge is awarded, 30, 40 and 45 are passed.
    veteran = make_member(
        org=tree.dh1,
        full_name="Lê Văn Lão",
        birth_date=date(1950, 1, 1),
        admitted_on=date(1975, 3, 26),
        official_on=date(1976, 3, 26),
    )
    assert member_dossier(actor=commune_officer, pk=veteran.pk).badge_eligible == 50
    services.member_award_badge(
        actor=commune_officer, member=veteran, milestone=50, on=date(2026, 5, 19), decision_no="7"
    )
    d = member_dossier(actor=commune_officer, pk=veteran.pk, today=date(2026, 11, 29))
    assert (d.badges, d.badge_eligible, d.next_badge, d.next_badge_due) == ([50], None, 55, date(2030, 3, 26))
    client.force_login(commune_officer)
    assert "badge" not in _offered(client, veteran)
