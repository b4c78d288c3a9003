"""org_dissolve: an org with no open children closes; its active members go to a receiving org."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from tochuc.members.models import Member, Membership
from tochuc.orgs.models import CloseReason, Org, OrgEvent, OrgType
from tochuc.orgs.services import org_create, org_dissolve

ON = date(2026, 1, 1)


def test_it_dissolves_and_moves_the_members(tree, commune_officer, assert_memberships_consistent):
    moving = {m.pk for m in tree.members["44.DH.02"]}
    org = org_dissolve(actor=commune_officer, org=tree.dh2, on=ON, members_to=tree.dh1)
    assert (org.closed_on, org.close_reason, org.successor) == (ON, CloseReason.DISSOLVED, tree.dh1)
    assert moving <= set(Member.objects.filter(org=tree.dh1).values_list("pk", flat=True))
    assert Member.objects.filter(org=tree.dh1).count() == 6
    assert not Member.objects.filter(org=tree.dh2).exists()
    assert Membership.objects.filter(org=tree.dh2, valid_to=ON).count() == 3
    assert Member.objects.active().count() == 15
    assert_memberships_consistent()


def test_it_dissolves_an_empty_org_without_a_successor(tree, commune_officer):
    empty = org_create(
        actor=commune_officer,
        code="44.DH.03",
        name="Chi bộ khu phố 3",
        org_type=OrgType.GRASSROOTS_CELL,
        parent=tree.dh,
        opened_on=date(2025, 9, 1),
    )
    org = org_dissolve(actor=commune_officer, org=empty, on=ON)
    assert (org.closed_on, org.successor) == (ON, None)
    assert not Org.objects.open().filter(code="44.DH.03").exists()


def test_the_receiving_org_succeeds_an_org_without_members(tree, commune_officer):
    """Records other than members (cadres, candidates, enterprises) follow the dissolved org to the receiving
    one, so it is recorded as the successor even when no member moved."""
    empty = org_create(
        actor=commune_officer,
        code="44.DH.03",
        name="Chi bộ khu phố 3",
        org_type=OrgType.GRASSROOTS_CELL,
        parent=tree.dh,
        opened_on=date(2025, 9, 1),
    )
    org = org_dissolve(actor=commune_officer, org=empty, on=ON, members_to=tree.dh1)
    assert (org.closed_on, org.successor) == (ON, tree.dh1)


def test_it_writes_one_event_and_one_audit_record(tree, commune_officer, audit_watch):
    watch = audit_watch()
    org_dissolve(actor=commune_officer, org=tree.dh2, on=ON, members_to=tree.dh1, decision_no="30-QĐ/ĐU")
    [event] = OrgEvent.objects.filter(kind="dissolve")
    assert ([o.code for o in event.sources.all()], [o.code for o in event.results.all()]) == (
        ["44.DH.02"],
        ["44.DH.01"],
    )
    [audit] = watch.events()
    assert (audit.action, audit.object_id, audit.note) == ("org.dissolve", str(tree.dh2.pk), "30-QĐ/ĐU")
    assert audit.changes == {
        "closed_on": {"before": None, "after": "2026-01-01"},
        "members_to": {"before": None, "after": "44.DH.01"},
        "members_moved": {"before": None, "after": 3},
    }


def test_it_refuses_while_children_remain(tree, commune_officer, refused):
    with refused(field="org") as info:
        org_dissolve(actor=commune_officer, org=tree.dh_company, on=ON, members_to=tree.dh1)
    assert "còn 1 tổ chức trực thuộc" in info.value.message


def test_it_refuses_members_without_a_destination(tree, commune_officer, refused):
    with refused(field="members_to") as info:
        org_dissolve(actor=commune_officer, org=tree.dh2, on=ON)
    assert "còn 3 đảng viên" in info.value.message


def test_it_refuses_the_dissolved_org_as_destination(tree, commune_officer, refused):
    with refused(field="members_to"):
        org_dissolve(actor=commune_officer, org=tree.dh2, on=ON, members_to=tree.dh2)


def test_it_refuses_a_closed_destination(tree, commune_officer, refused):
    org_dissolve(actor=commune_officer, org=tree.dh2, on=ON, members_to=tree.dh1)
    with refused(field="members_to"):
        org_dissolve(
            actor=commune_officer, org=tree.dh1, on=ON + timedelta(days=1), members_to=Org.objects.get(code="44.DH.02")
        )


def test_it_refuses_to_dissolve_twice(tree, commune_officer, refused):
    org_dissolve(actor=commune_officer, org=tree.dh2, on=ON, members_to=tree.dh1)
    with refused(field="org"):
        org_dissolve(actor=commune_officer, org=Org.objects.get(code="44.DH.02"), on=ON, members_to=tree.dh1)


def test_it_refuses_to_dissolve_the_root(tree, admin_user, refused):
    with refused(field="org"):
        org_dissolve(actor=admin_user, org=tree.province, on=ON)


def test_it_refuses_a_future_date(tree, commune_officer, refused):
    with refused(field="on"):
        org_dissolve(
            actor=commune_officer, org=tree.dh2, on=timezone.localdate() + timedelta(days=1), members_to=tree.dh1
        )
