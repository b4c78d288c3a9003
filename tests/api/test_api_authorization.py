"""The API's authorization matrix, the web's rules (core.scope, accounts.roles): each persona x inside/outside
its scope x read/write. Outside the scope answers 404 whatever the role; inside, a role without the right 403."""

from __future__ import annotations

import json

import pytest

from tochuc.members.models import MemberEvent

# persona: (the member's leaf inside the scope, a leaf outside it or None, may record events)
MATRIX = {
    "admin_user": ("44.DH.01", None, True),
    "province_officer": ("44.LB.02", None, True),
    "leader": ("44.DH.02", None, False),
    "commune_officer": ("44.DH.02", "44.LB.01", True),
    "cell_secretary": ("44.DH.01", "44.DH.02", True),
    "viewer": ("44.DH.CT.01", "44.LB.02", False),
    "outsider": ("44.LB.01", "44.DH.01", True),
}


def reads(member) -> list[str]:
    return [
        f"members/{member.pk}",
        f"members/{member.pk}/events",
        f"orgs/{member.org.code}",
        f"members?org={member.org.code}",
        f"events?org={member.org.code}",
    ]


def write(client, headers, member):
    body = json.dumps({"kind": "contact_lost", "on": "2026-03-02"})
    return client.post(f"/api/v1/members/{member.pk}/events", data=body, content_type="application/json", **headers)


@pytest.mark.parametrize("persona", MATRIX)
def test_inside_the_scope_the_role_decides(request, client, bearer, tree, persona):
    user = request.getfixturevalue(persona)
    inside, _outside, may_write = MATRIX[persona]
    member = tree.members[inside][0]
    headers = bearer(user)
    for path in reads(member):
        response = client.get(f"/api/v1/{path}", **headers)
        assert response.status_code == 200, (persona, path, response.content)
    response = write(client, headers, member)
    assert response.status_code == (201 if may_write else 403), (persona, response.content)
    assert MemberEvent.objects.filter(member=member, kind="lost_contact").exists() == may_write
    if not may_write:
        assert response.json()["detail"] == "Vai trò của bạn không được làm việc này."


@pytest.mark.parametrize("persona", [p for p, (_i, outside, _w) in MATRIX.items() if outside])
def test_outside_the_scope_nothing_exists(request, client, bearer, tree, persona, nothing_written):
    user = request.getfixturevalue(persona)
    _inside, outside, _may_write = MATRIX[persona]
    member = tree.members[outside][0]
    headers = bearer(user)
    with nothing_written():
        for path in reads(member):
            response = client.get(f"/api/v1/{path}", **headers)
            assert response.status_code == 404, (persona, path)
            assert response.json() == {"detail": "Không tìm thấy."}
        assert write(client, headers, member).status_code == 404


def test_an_outsiders_feed_leaves_out_the_neighbours_events(client, bearer, outsider, tree):
    body = client.get("/api/v1/events", **bearer(outsider)).json()
    assert body["results"] and {e["org"] for e in body["results"]} <= {"44.LB", "44.LB.01", "44.LB.02"}


def test_an_outsiders_list_leaves_out_the_neighbours_members(client, bearer, outsider, tree):
    body = client.get("/api/v1/members", **bearer(outsider)).json()
    assert body["count"] == 6 and {m["org"] for m in body["results"]} == {"44.LB.01", "44.LB.02"}
