"""POST /members/{id}/events: the web's event registry records the event (its form validates, its service
writes and audits); a form error or a domain refusal answers 422 with the field and writes nothing."""

from __future__ import annotations

import json
from datetime import date

from tochuc.members import services
from tochuc.members.models import MemberEvent


def test_it_records_an_event_through_the_registry(call, commune_officer, tree, audit_watch):
    m = tree.members["44.DH.02"][0]
    watch = audit_watch()
    response = call(commune_officer, "post", f"members/{m.pk}/events", {"kind": "contact_lost", "on": "2026-03-02"})
    assert response.status_code == 201
    body = response.json()
    event = MemberEvent.objects.get(pk=body["id"])
    assert (event.kind, event.on, event.actor_id) == ("lost_contact", date(2026, 3, 2), commune_officer.pk)
    assert (body["kind"], body["org"], body["member_id"]) == ("lost_contact", "44.DH.02", m.pk)
    m.refresh_from_db()
    assert m.lost_contact
    assert "member.contact_lost" in [e.action for e in watch.events()]


def test_a_transfer_names_the_receiving_org_by_its_code(call, commune_officer, tree):
    m = tree.members["44.DH.02"][0]
    response = call(
        commune_officer,
        "post",
        f"members/{m.pk}/events",
        {"kind": "transfer_out", "on": "2026-03-02", "letter_no": "12/GGT", "to_org": "44.LB.01"},
    )
    assert response.status_code == 201 and response.json()["other_org"] == "44.LB.01"


def post(client, headers, member, body):
    return client.post(
        f"/api/v1/members/{member.pk}/events", data=json.dumps(body), content_type="application/json", **headers
    )


def test_a_form_error_is_refused_next_to_its_field(client, bearer, commune_officer, tree, nothing_written):
    m = tree.members["44.DH.02"][0]
    headers = bearer(commune_officer)
    with nothing_written():
        response = post(client, headers, m, {"kind": "contact_lost", "on": "31/02/2026"})
    assert response.status_code == 422
    body = response.json()
    assert body["field"] == "on" and "dd/mm/yyyy" in body["detail"] and body["errors"]["on"]


def test_a_missing_field_is_refused(client, bearer, commune_officer, tree, nothing_written):
    m = tree.members["44.DH.02"][0]
    headers = bearer(commune_officer)
    with nothing_written():
        response = post(client, headers, m, {"kind": "transfer_out", "on": "2026-03-02"})
    assert response.status_code == 422 and "letter_no" in response.json()["errors"]


def test_a_domain_refusal_answers_422_with_the_services_field(client, bearer, commune_officer, tree, nothing_written):
    m = tree.members["44.DH.02"][0]
    services.member_contact_lost(actor=None, member=m, on=date(2026, 1, 5))
    headers = bearer(commune_officer)
    with nothing_written():
        response = post(client, headers, m, {"kind": "contact_lost", "on": "2026-03-02"})
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] and any(ord(c) > 127 for c in body["detail"])
    assert MemberEvent.objects.filter(member=m, kind="lost_contact").count() == 1


def test_an_unknown_kind_is_refused_on_the_kind(client, bearer, commune_officer, tree, nothing_written):
    m = tree.members["44.DH.02"][0]
    headers = bearer(commune_officer)
    with nothing_written():
        response = post(client, headers, m, {"kind": "promote", "on": "2026-03-02"})
    assert response.status_code == 422 and response.json()["field"] == "kind"


def test_a_body_that_is_not_json_is_refused_in_json(client, bearer, commune_officer, tree):
    m = tree.members["44.DH.02"][0]
    response = client.post(
        f"/api/v1/members/{m.pk}/events", data="on=1", content_type="application/json", **bearer(commune_officer)
    )
    assert response.status_code in (400, 422) and "detail" in response.json()
