"""Corrections of core dossier fields through the pages: an officer asks with a basis document, a leader
of the scope approves or rejects; the value changes only on approval and the old one stays in the history;
nobody approves their own request."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from tochuc.accounts.roles import Role
from tochuc.core.models import AuditEvent
from tochuc.members.models import Correction, MemberEvent


@pytest.fixture
def an(tree):
    return tree.members["44.DH.01"][0]  # Nguyễn Văn An, born 12/05/1968, admitted 19/05/1995


def ask(client, member, **data):
    return client.post(reverse("members:correction_request", args=[member.pk]), data)


def decide(client, correction, decision, note=""):
    return client.post(reverse("members:correction_decide", args=[correction.pk]), {"decision": decision, "note": note})


def test_an_officer_asks_and_a_leader_approves_a_birth_date(client, commune_officer, leader, an):
    client.force_login(commune_officer)
    response = ask(client, an, field="birth_date", new_value="13/05/1968", basis="Giấy khai sinh số 12/1968")
    assert response.status_code == 302
    [correction] = Correction.objects.filter(member=an)
    assert (correction.state, correction.old_value, correction.new_value) == ("pending", "12/05/1968", "13/05/1968")
    an.refresh_from_db()
    assert an.birth_date == date(1968, 5, 12)  # nothing changes before the approval

    client.force_login(leader)
    listing = client.get(reverse("members:corrections"))
    assert listing.status_code == 200 and "Giấy khai sinh số 12/1968" in listing.content.decode()
    assert decide(client, correction, "approve", "Đúng theo giấy khai sinh").status_code == 302
    an.refresh_from_db()
    correction.refresh_from_db()
    assert an.birth_date == date(1968, 5, 13)
    assert (correction.state, correction.decided_by, correction.old_value) == ("approved", leader, "12/05/1968")
    audit = AuditEvent.objects.filter(object_id=str(an.pk), action="member.correction_approve").get()
    assert audit.changes == {"birth_date": {"before": "12/05/1968", "after": "13/05/1968"}}
    # The member's page keeps the history of the correction.
    client.force_login(commune_officer)
    page = client.get(reverse("members:detail", args=[an.pk])).content.decode()
    assert "12/05/1968" in page and "Đã duyệt" in page


def test_an_approved_admission_date_cancels_the_wrong_event_and_records_the_right_one(
    client, commune_officer, leader, an
):
    client.force_login(commune_officer)
    ask(client, an, field="admitted_on", new_value="19/06/1995", basis="QĐ kết nạp số 45-QĐ/HU")
    client.force_login(leader)
    decide(client, Correction.objects.get(member=an), "approve")
    an.refresh_from_db()
    assert an.admitted_on == date(1995, 6, 19)
    admissions = MemberEvent.objects.filter(member=an, kind="admitted").order_by("id")
    assert [(e.on, hasattr(e, "cancelled_by")) for e in admissions] == [
        (date(1995, 5, 19), True),
        (date(1995, 6, 19), False),
    ]


def test_a_rejection_leaves_the_value(client, commune_officer, leader, an):
    client.force_login(commune_officer)
    ask(client, an, field="full_name", new_value="Nguyễn Văn Ân", basis="Đơn của đảng viên")
    client.force_login(leader)
    decide(client, Correction.objects.get(member=an), "reject", "Không có giấy tờ gốc")
    an.refresh_from_db()
    correction = Correction.objects.get(member=an)
    assert an.full_name == "Nguyễn Văn An"
    assert (correction.state, correction.decision_note) == ("rejected", "Không có giấy tờ gốc")


def test_the_requester_cannot_approve_their_own_request(client, make_user, tree, an):
    admin = make_user("qt.dongha", Role.ADMIN, tree.dh)  # may both ask (edit) and approve
    client.force_login(admin)
    ask(client, an, field="birth_date", new_value="13/05/1968", basis="Giấy khai sinh")
    correction = Correction.objects.get(member=an)
    listing = client.get(reverse("members:corrections")).content.decode()
    assert "Đề nghị của bạn" in listing
    response = decide(client, correction, "approve")
    assert response.status_code == 200
    assert "không tự duyệt" in response.context["form"].non_field_errors()[0]
    correction.refresh_from_db()
    an.refresh_from_db()
    assert correction.state == "pending" and an.birth_date == date(1968, 5, 12)


def test_a_request_is_refused_next_to_its_field(client, commune_officer, an):
    client.force_login(commune_officer)
    response = ask(client, an, field="birth_date", new_value="12/05/1968", basis="Giấy khai sinh")
    assert "trùng giá trị hiện tại" in response.context["form"].errors["new_value"][0]
    response = ask(client, an, field="birth_date", new_value="13/13/1968", basis="Giấy khai sinh")
    assert "dd/mm/yyyy" in response.context["form"].errors["new_value"][0]
    response = ask(client, an, field="birth_date", new_value="13/05/1968", basis="   ")
    assert response.context["form"].errors["basis"]
    assert not Correction.objects.exists()


def test_the_member_page_holds_the_request_form_for_editors_only(client, commune_officer, viewer, leader, an):
    client.force_login(commune_officer)
    action = reverse("members:correction_request", args=[an.pk])
    assert f'action="{action}"' in client.get(reverse("members:detail", args=[an.pk])).content.decode()
    for user in (viewer, leader):
        client.force_login(user)
        assert f'action="{action}"' not in client.get(reverse("members:detail", args=[an.pk])).content.decode()
        assert client.post(action, {"field": "birth_date", "new_value": "13/05/1968", "basis": "x"}).status_code == 403


def test_the_pending_list_is_for_approvers_and_stays_in_their_scope(client, commune_officer, outsider, make_user, tree):
    client.force_login(commune_officer)
    ask(client, tree.members["44.DH.01"][0], field="birth_date", new_value="13/05/1968", basis="Giấy khai sinh")
    client.force_login(outsider)
    ask(client, tree.members["44.LB.01"][0], field="birth_date", new_value="16/01/1972", basis="Giấy khai sinh")
    dh_leader = make_user("lanhdao.dongha", Role.LEADER, tree.dh)
    client.force_login(dh_leader)
    listing = client.get(reverse("members:corrections")).content.decode()
    assert "Nguyễn Văn An" in listing and "Hồ Văn Lợi" not in listing
    lb_correction = Correction.objects.get(member=tree.members["44.LB.01"][0])
    assert decide(client, lb_correction, "approve").status_code == 404
    client.force_login(commune_officer)  # an officer asks but does not approve
    assert client.get(reverse("members:corrections")).status_code == 403
    own = Correction.objects.get(member=tree.members["44.DH.01"][0])
    assert decide(client, own, "approve").status_code == 403
    assert Correction.objects.filter(state="pending").count() == 2
