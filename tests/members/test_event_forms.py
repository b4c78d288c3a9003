"""The lifecycle event forms: one page per event calls its service; a refusal shows next to the field the
service names and writes nothing; the cancel form corrects the latest event only; scope and roles hold."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from tochuc.core.models import AuditEvent
from tochuc.members import services
from tochuc.members.models import Member, MemberEvent, Membership
from tochuc.members.views.events import EVENTS


def url(member, slug):
    return reverse("members:event", args=[member.pk, slug])


def errors(response, field):
    return [str(e) for e in response.context["form"].errors.get(field, [])]


def counts():
    return (MemberEvent.objects.count(), Membership.objects.count(), AuditEvent.objects.count())


@pytest.fixture
def officer(client, commune_officer):
    client.force_login(commune_officer)
    return commune_officer


@pytest.fixture
def admitted(tree, commune_officer):
    """A probationary member admitted on 20/03/2025, no ceremony yet."""
    return services.member_admit(
        actor=commune_officer,
        org=tree.dh1,
        full_name="Trần Thị Mai",
        sex="female",
        birth_date=date(2000, 6, 1),
        vote_on=date(2025, 3, 1),
        admitted_on=date(2025, 3, 20),
        decision_no="101-QĐ/ĐU",
    )


def test_every_event_of_the_registry_has_a_page(client, officer, tree, admitted):
    for slug in EVENTS:
        assert client.get(url(admitted, slug)).status_code == 200, slug


def test_the_ceremony_form_records_the_ceremony(client, officer, admitted):
    response = client.post(url(admitted, "ceremony"), {"on": "10/04/2025", "note": "Tại hội trường khu phố"})
    assert response.status_code == 302 and response["Location"] == reverse("members:detail", args=[admitted.pk])
    admitted.refresh_from_db()
    assert admitted.ceremony_on == date(2025, 4, 10)
    assert admitted.events.get(kind="ceremony").note == "Tại hội trường khu phố"


def test_a_second_ceremony_is_refused_next_to_the_date(client, officer, admitted):
    client.post(url(admitted, "ceremony"), {"on": "10/04/2025"})
    before = counts()
    response = client.post(url(admitted, "ceremony"), {"on": "11/04/2025"})
    assert response.status_code == 200
    assert "Đảng viên đã có lễ kết nạp ngày 10/04/2025" in errors(response, "on")[0]
    assert counts() == before


def test_recognition_before_the_probation_ends_is_refused_next_to_the_decision_date(client, officer, admitted):
    client.post(url(admitted, "ceremony"), {"on": "10/04/2025"})
    before = counts()
    response = client.post(url(admitted, "recognize"), {"decided_on": "09/04/2026", "decision_no": "5-QĐ"})
    assert response.status_code == 200
    assert "Chưa hết thời gian dự bị" in errors(response, "decided_on")[0]
    assert "10/04/2026" in errors(response, "decided_on")[0]
    assert counts() == before
    response = client.post(url(admitted, "recognize"), {"decided_on": "01/07/2026", "decision_no": "5-QĐ"})
    assert response.status_code == 302
    admitted.refresh_from_db()
    assert (admitted.status, admitted.official_on) == ("official", date(2026, 4, 10))


def test_a_form_error_of_its_own_is_shown_before_the_service_is_called(client, officer, admitted):
    before = counts()
    response = client.post(url(admitted, "ceremony"), {"on": "31/02/2025"})
    assert response.status_code == 200 and "dd/mm/yyyy" in errors(response, "on")[0]
    assert counts() == before


def test_a_transfer_to_a_neighbouring_commune_names_an_org_outside_the_scope(client, officer, tree):
    m = tree.members["44.DH.02"][0]
    response = client.post(url(m, "transfer_out"), {"on": "02/03/2026", "letter_no": "12/GGT", "to_org": "44.LB.01"})
    assert response.status_code == 302
    m.refresh_from_db()
    assert m.in_transit and m.org == tree.dh2
    assert m.events.get(kind="transfer_out").other_org == tree.lb1


def test_a_transfer_needs_a_destination_inside_or_outside_the_province(client, officer, tree):
    m = tree.members["44.DH.02"][0]
    before = counts()
    response = client.post(url(m, "transfer_out"), {"on": "02/03/2026", "letter_no": "12/GGT"})
    assert "Chọn tổ chức nhận trong tỉnh" in errors(response, "to_org")[0]
    response = client.post(url(m, "transfer_out"), {"on": "02/03/2026", "letter_no": "1", "to_org": "44.ZZ"})
    assert "Không có tổ chức đang hoạt động mã «44.ZZ»" in errors(response, "to_org")[0]
    assert counts() == before


def test_a_transfer_out_of_the_province_ends_the_membership_here(client, officer, tree):
    m = tree.members["44.DH.02"][1]
    response = client.post(
        url(m, "transfer_out"), {"on": "02/03/2026", "letter_no": "7/GGT", "destination": "Đảng bộ tỉnh Nghệ An"}
    )
    assert response.status_code == 302
    m.refresh_from_db()
    assert (m.status, m.ended_on) == ("transferred_out", date(2026, 3, 2))


def test_a_temporary_transfer_needs_its_end_date(client, officer, tree):
    m = tree.members["44.DH.02"][1]
    response = client.post(url(m, "temporary_out"), {"on": "02/03/2026", "letter_no": "7", "to_org": "44.DH.01"})
    assert errors(response, "until")
    response = client.post(
        url(m, "temporary_out"), {"on": "02/03/2026", "letter_no": "7", "to_org": "44.DH.01", "until": "01/09/2026"}
    )
    assert response.status_code == 302
    m.refresh_from_db()
    assert m.temporary_host_id == m.events.get(kind="temporary_out").other_org_id


def test_a_badge_not_yet_reached_is_refused_next_to_the_milestone(client, officer, tree):
    m = tree.members["44.DH.01"][1]  # admitted 07/11/2006
    response = client.post(url(m, "badge"), {"milestone": "30", "on": "02/09/2026", "decision_no": "10-QĐ/TU"})
    assert response.status_code == 200
    assert "Chưa đủ 30 năm tuổi đảng" in errors(response, "milestone")[0]


def test_a_badge_is_awarded_and_is_not_offered_twice(client, officer, tree):
    m = tree.members["44.DH.01"][0]  # admitted 19/05/1995
    form = client.get(url(m, "badge")).context["form"]
    assert form.fields["milestone"].initial == 30
    response = client.post(url(m, "badge"), {"milestone": "30", "on": "02/09/2026", "decision_no": "10-QĐ/TU"})
    assert response.status_code == 302
    m.refresh_from_db()
    assert m.highest_badge == 30
    choices = [v for v, _label in client.get(url(m, "badge")).context["form"].fields["milestone"].choices]
    assert 30 not in choices


def test_a_card_with_a_number_already_issued_is_refused_next_to_the_number(client, officer, tree):
    first, second = tree.members["44.DH.01"][:2]
    assert client.post(url(first, "card"), {"on": "01/08/2026", "card_number": "44000123"}).status_code == 302
    response = client.post(url(second, "card"), {"on": "01/08/2026", "card_number": "44000123"})
    assert "đã cấp cho Nguyễn Văn An" in errors(response, "card_number")[0]


def test_removal_needs_a_reason_and_ends_the_membership(client, officer, tree):
    m = tree.members["44.DH.01"][2]
    response = client.post(url(m, "remove"), {"on": "01/08/2026", "decision_no": "3-QĐ/ĐU", "reason": ""})
    assert errors(response, "reason")
    response = client.post(
        url(m, "remove"), {"on": "01/08/2026", "decision_no": "3-QĐ/ĐU", "reason": "Bỏ sinh hoạt 3 tháng"}
    )
    assert response.status_code == 302
    m.refresh_from_db()
    assert m.status == "removed" and not Membership.objects.filter(member=m, valid_to__isnull=True).exists()


def test_readmission_before_36_months_is_refused_next_to_the_vote_date(client, officer, tree):
    m = tree.members["44.DH.01"][2]
    services.member_leave(actor=officer, member=m, on=date(2025, 8, 1), decision_no="2-QĐ")
    response = client.post(
        url(m, "readmit"),
        {"org": "44.DH.01", "vote_on": "01/10/2026", "admitted_on": "15/10/2026", "decision_no": "9-QĐ"},
    )
    assert response.status_code == 200
    assert "phải đủ 36 tháng" in errors(response, "vote_on")[0]


# --- Cancelling a mistaken event -----------------------------------------------------------------------------


def test_the_latest_event_is_cancelled_with_a_reason(client, officer, tree):
    m = tree.members["44.DH.01"][0]
    services.member_contact_lost(actor=officer, member=m, on=date(2026, 5, 1))
    event = m.events.get(kind="lost_contact")
    cancel = reverse("members:event_cancel", args=[m.pk, event.pk])
    response = client.post(cancel, {"reason": ""})
    assert errors(response, "reason")
    assert client.post(cancel, {"reason": "Nhầm người"}).status_code == 302
    m.refresh_from_db()
    event.refresh_from_db()
    assert not m.lost_contact
    assert event.cancelled_by.note == "Nhầm người"  # the event stays, cancelled by a correcting one


def test_an_older_event_cannot_be_cancelled(client, officer, tree):
    m = tree.members["44.DH.01"][0]
    services.member_contact_lost(actor=officer, member=m, on=date(2026, 5, 1))
    services.member_contact_restored(actor=officer, member=m, on=date(2026, 6, 1))
    older = m.events.get(kind="lost_contact")
    before = counts()
    response = client.post(reverse("members:event_cancel", args=[m.pk, older.pk]), {"reason": "Nhầm"})
    assert response.status_code == 200
    assert "Chỉ hủy được sự kiện gần nhất" in response.context["form"].non_field_errors()[0]
    assert counts() == before


def test_an_event_of_another_member_is_not_found(client, officer, tree):
    a, b = tree.members["44.DH.01"][:2]
    event = b.events.latest("id")
    assert client.get(reverse("members:event_cancel", args=[a.pk, event.pk])).status_code == 404


# --- Scope and roles ------------------------------------------------------------------------------------------


def test_event_pages_are_404_outside_the_scope_and_403_for_roles_that_may_not_edit(
    client, tree, outsider, viewer, leader, nothing_written
):
    m = tree.members["44.DH.01"][0]
    event = m.events.latest("id")
    with nothing_written():
        client.force_login(outsider)
        assert client.post(url(m, "contact_lost"), {"on": "01/05/2026"}).status_code == 404
        assert client.post(reverse("members:event_cancel", args=[m.pk, event.pk]), {"reason": "x"}).status_code == 404
        for user in (viewer, leader):
            client.force_login(user)
            assert client.post(url(m, "contact_lost"), {"on": "01/05/2026"}).status_code == 403
            assert (
                client.post(reverse("members:event_cancel", args=[m.pk, event.pk]), {"reason": "x"}).status_code == 403
            )


def test_an_unknown_event_is_not_found(client, officer, tree):
    assert client.get(url(tree.members["44.DH.01"][0], "promote")).status_code == 404


def test_a_cell_secretary_records_events_of_their_cell_only(client, cell_secretary, tree):
    client.force_login(cell_secretary)
    own, other = tree.members["44.DH.01"][0], tree.members["44.DH.02"][0]
    assert client.post(url(own, "contact_lost"), {"on": "01/05/2026"}).status_code == 302
    assert client.post(url(other, "contact_lost"), {"on": "01/05/2026"}).status_code == 404
    assert Member.objects.get(pk=own.pk).lost_contact and not Member.objects.get(pk=other.pk).lost_contact
