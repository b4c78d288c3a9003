"""An org's committee page: the seats of a term with their origin, appointing a seat (a refusal beside its
field), ending one, the Excel list; scope."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from tochuc.congresses.choices import Body, Origin
from tochuc.congresses.models import CommitteeMembership
from tochuc.congresses.services.personnel import membership_appoint
from tochuc.recruitment.forms import member_option


def _appoint(org, member, body=Body.COMMITTEE):
    return membership_appoint(
        actor=None,
        org=org,
        member=member,
        body=body,
        term="2025-2030",
        started_on=date(2025, 7, 1),
        decision_no="45-QĐ",
    )


def _url(name, *args):
    return reverse(f"congresses:{name}", args=args)


def test_the_committee_shows_each_seat_with_its_origin(client, tree, commune_officer):
    _appoint(tree.dh, tree.members["44.DH.01"][0])
    client.force_login(commune_officer)
    html = client.get(_url("committee", "44.DH") + "?term=2025-2030").content.decode()
    assert tree.members["44.DH.01"][0].full_name in html and "Chỉ định" in html and "45-QĐ" in html


def test_an_officer_appoints_a_seat(client, tree, commune_officer, audit_watch):
    client.force_login(commune_officer)
    member = tree.members["44.DH.02"][0]
    data = {
        "appoint-member": member_option(member),
        "appoint-body": Body.COMMITTEE,
        "appoint-origin": Origin.APPOINTED,
        "appoint-term": "2025-2030",
        "appoint-started_on": "01/07/2025",
        "appoint-decision_no": "",
    }
    response = client.post(_url("committee", "44.DH"), data)
    assert response.status_code == 400 and 'id="id_appoint-decision_no_error"' in response.content.decode()
    assert not CommitteeMembership.objects.exists()
    response = client.post(
        _url("committee", "44.DH"), {**data, "appoint-body": Body.STANDING, "appoint-decision_no": "9"}
    )
    assert response.status_code == 400
    assert 'id="id_appoint-member_error"' in response.content.decode()
    watch = audit_watch()
    response = client.post(_url("committee", "44.DH"), {**data, "appoint-decision_no": "62-QĐ/TW"})
    assert response.status_code == 302
    seat = CommitteeMembership.objects.get()
    assert (seat.member, seat.origin, seat.decision_no) == (member, Origin.APPOINTED, "62-QĐ/TW")
    assert [e.action for e in watch.events()] == ["membership.appoint"]


def test_ending_a_seat_from_the_page(client, tree, commune_officer):
    seat = _appoint(tree.dh, tree.members["44.DH.01"][0])
    client.force_login(commune_officer)
    prefix = f"end{seat.pk}"
    response = client.post(_url("membership_end", seat.pk), {f"{prefix}-on": "01/12/2025", f"{prefix}-reason": ""})
    assert response.status_code == 400
    response = client.post(
        _url("membership_end", seat.pk), {f"{prefix}-on": "01/12/2025", f"{prefix}-reason": "Chuyển công tác"}
    )
    assert response.status_code == 302
    seat.refresh_from_db()
    assert seat.ended_on == date(2025, 12, 1)
    html = client.get(_url("committee", "44.DH") + "?term=2025-2030").content.decode()
    assert f'id="seat-{seat.pk}"' not in html
    html = client.get(_url("committee", "44.DH") + "?term=2025-2030&ended=on").content.decode()
    assert f'id="seat-{seat.pk}"' in html and "đến 01/12/2025" in html


def test_the_excel_list(client, tree, commune_officer):
    _appoint(tree.dh, tree.members["44.DH.01"][0])
    client.force_login(commune_officer)
    response = client.get(_url("committee_export", "44.DH") + "?term=2025-2030")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_an_outsider_gets_404_and_a_viewer_403(client, tree, outsider, viewer):
    seat = _appoint(tree.dh, tree.members["44.DH.01"][0])
    client.force_login(outsider)
    assert client.get(_url("committee", "44.DH")).status_code == 404
    assert client.post(_url("committee", "44.DH"), {}).status_code == 404
    assert client.post(_url("membership_end", seat.pk), {}).status_code == 404
    client.force_login(viewer)
    assert client.get(_url("committee", "44.DH")).status_code == 200
    assert client.post(_url("committee", "44.DH"), {}).status_code == 403
    assert client.post(_url("membership_end", seat.pk), {}).status_code == 403
    seat.refresh_from_db()
    assert seat.ended_on is None
