"""The read endpoints: an org with its children and member count, the member list (paginated, filtered, no
N+1), a member's dossier fields (citizen ID only for those who may see it; the read is audited), the events
of a member, and the event feed a neighbouring system syncs from."""

from __future__ import annotations

from datetime import date

from tochuc.members import services
from tochuc.members.models import MemberEvent
from tochuc.members.services import member_update


def test_an_org_answers_with_its_parent_children_and_member_count(call, commune_officer, tree):
    body = call(commune_officer, "get", "orgs/44.DH").json()
    assert (body["code"], body["name"], body["parent"]) == (
        "44.DH",
        "Đảng bộ phường Đông Hà",
        {"code": "44", "name": "Đảng bộ tỉnh Quảng Trị"},
    )
    assert body["member_count"] == 9  # 44.DH.01, 44.DH.02, 44.DH.CT.01: three members each
    children = {c["code"]: c["member_count"] for c in body["children"]}
    assert children == {"44.DH.01": 3, "44.DH.02": 3, "44.DH.CT": 3}
    assert body["opened_on"] == "2025-07-01" and body["closed_on"] is None
    assert "path" not in body


def test_the_member_list_is_the_users_scope_by_default(call, commune_officer, tree):
    body = call(commune_officer, "get", "members").json()
    assert body["count"] == 9 and body["next"] is None and body["page"] == 1
    assert {m["org"] for m in body["results"]} == {"44.DH.01", "44.DH.02", "44.DH.CT.01"}


def test_the_member_list_filters_by_org_and_search(call, province_officer, tree):
    body = call(province_officer, "get", "members?org=44.LB.02").json()
    assert [m["full_name"] for m in body["results"]] == [
        "Trương Công Định",
        "Võ Thị Lan",
        "Kăn Thị Mai",
    ]  # by given name
    body = call(province_officer, "get", "members?q=ho van").json()
    assert [m["full_name"] for m in body["results"]] == ["Hồ Văn Lợi"]


def test_the_member_list_filters_by_status(call, province_officer, tree):
    m = tree.members["44.LB.01"][0]
    services.member_died(actor=None, member=m, on=date(2026, 1, 5))
    active = call(province_officer, "get", "members").json()
    ended = call(province_officer, "get", "members?status=ended").json()
    assert active["count"] == 14 and [r["id"] for r in ended["results"]] == [m.pk]
    assert call(province_officer, "get", "members?status=nonsense").status_code == 422


def test_the_member_list_pages_by_one_hundred(call, province_officer, tree, make_member):
    for _ in range(100):
        make_member(org=tree.lb2)
    first = call(province_officer, "get", "members").json()
    second = call(province_officer, "get", "members?page=2").json()
    assert (first["count"], first["pages"], first["next"], len(first["results"])) == (115, 2, 2, 100)
    assert (second["next"], len(second["results"])) == (None, 15)
    assert not {m["id"] for m in first["results"]} & {m["id"] for m in second["results"]}


def test_the_member_list_costs_the_same_queries_for_ten_or_a_hundred_members(
    client, bearer, province_officer, tree, make_member, django_assert_max_num_queries
):
    headers = bearer(province_officer)
    client.get("/api/v1/members", **headers)  # the token's first use is noted (one write), not counted below
    with django_assert_max_num_queries(8) as small:
        client.get("/api/v1/members?org=44.LB.02", **headers)
    for _ in range(90):
        make_member(org=tree.lb2)
    with django_assert_max_num_queries(8) as large:
        body = client.get("/api/v1/members?org=44.LB.02", **headers).json()
    assert len(body["results"]) == 93
    assert len(large.captured_queries) == len(small.captured_queries)


def test_a_member_shows_the_dossier_fields_and_the_read_is_audited(call, commune_officer, tree, audit_watch):
    m = tree.members["44.DH.01"][0]
    member_update(actor=None, member=m, citizen_id="044068001234", religion="Phật giáo")
    watch = audit_watch()
    body = call(commune_officer, "get", f"members/{m.pk}").json()
    assert (body["full_name"], body["org"], body["status"]) == ("Nguyễn Văn An", "44.DH.01", "official")
    assert (body["citizen_id"], body["religion"], body["ethnic_group"]) == ("044068001234", "Phật giáo", "Kinh")
    assert (body["admitted_on"], body["official_on"]) == ("1995-05-19", "1996-05-19")
    [event] = [e for e in watch.events() if e.action == "member.dossier_view"]
    assert (event.actor_id, event.object_id, event.org_path) == (commune_officer.pk, str(m.pk), tree.dh1.path)


def test_a_viewer_does_not_get_the_citizen_id_nor_the_religion(call, viewer, tree):
    m = tree.members["44.DH.01"][0]
    member_update(actor=None, member=m, citizen_id="044068001234", religion="Phật giáo")
    body = call(viewer, "get", f"members/{m.pk}").json()
    assert body["citizen_id"] is None and body["religion"] is None and body["full_name"] == "Nguyễn Văn An"


def test_a_members_events_are_listed_newest_first(call, commune_officer, tree):
    m = tree.members["44.DH.01"][0]
    services.member_contact_lost(actor=commune_officer, member=m, on=date(2026, 2, 1), note="Đi xa")
    body = call(commune_officer, "get", f"members/{m.pk}/events").json()
    assert body[0]["kind"] == "lost_contact"
    assert body[0]["on"] == "2026-02-01" and body[0]["note"] == "Đi xa" and body[0]["org"] == "44.DH.01"


def test_the_event_feed_follows_the_after_id_cursor(call, commune_officer, province_officer, tree):
    dh_events = MemberEvent.objects.filter(org__path__startswith=tree.dh.path)
    body = call(commune_officer, "get", "events").json()
    assert [e["id"] for e in body["results"]] == list(dh_events.order_by("pk").values_list("pk", flat=True))
    last = body["results"][-1]["id"]
    m = tree.members["44.DH.02"][0]
    new = services.member_contact_lost(actor=commune_officer, member=m, on=date(2026, 2, 1))
    services.member_contact_lost(actor=None, member=tree.members["44.LB.01"][0], on=date(2026, 2, 1))
    body = call(commune_officer, "get", f"events?after_id={last}").json()
    assert [e["id"] for e in body["results"]] == [new.pk] and body["next_after_id"] is None
    body = call(province_officer, "get", "events?org=44.LB&since=2026-01-01").json()
    assert [(e["kind"], e["org"]) for e in body["results"]] == [("lost_contact", "44.LB.01")]
