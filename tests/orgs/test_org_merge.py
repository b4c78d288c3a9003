"""org_merge: sources into a new org or an existing one; every active member and open child moves
exactly once, the sources close with the target as successor (DOMAIN.md §8.2)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from tochuc.members.models import Member, Membership
from tochuc.orgs.models import CloseReason, Org, OrgEvent, OrgType, Sector
from tochuc.orgs.services import NewOrg, org_dissolve, org_merge, org_rename

ON = date(2026, 1, 1)


def new_cell(tree, **overrides) -> NewOrg:
    fields = {
        "code": "44.DH.12",
        "name": "Chi bộ khu phố 1-2",
        "org_type": OrgType.GRASSROOTS_CELL,
        "sector": Sector.RESIDENTIAL,
        "parent": tree.dh,
        **overrides,
    }
    return NewOrg(**fields)


def member_ids(*codes: str) -> set[int]:
    return set(Member.objects.active().filter(org__code__in=codes).values_list("pk", flat=True))


def test_it_merges_two_cells_into_a_new_cell(tree, commune_officer, assert_memberships_consistent):
    moving = member_ids("44.DH.01", "44.DH.02")
    total = Member.objects.active().count()

    target = org_merge(actor=commune_officer, sources=[tree.dh1, tree.dh2], on=ON, new=new_cell(tree))

    assert (target.code, target.parent, target.opened_on, target.depth) == ("44.DH.12", tree.dh, ON, 2)
    assert member_ids("44.DH.12") == moving and len(moving) == 6
    assert member_ids("44.DH.01", "44.DH.02") == set()
    assert Member.objects.active().count() == total
    assert_memberships_consistent()
    for source in Org.objects.filter(code__in=["44.DH.01", "44.DH.02"]):
        assert (source.closed_on, source.close_reason, source.successor) == (ON, CloseReason.MERGED, target)
        assert source.periods.get(valid_to=ON)  # the last period ends on the merge day
        assert not source.periods.filter(valid_to__isnull=True).exists()
    # Each moved member: the old record ends on ON, the new one starts on ON, for the restructuring.
    for pk in moving:
        rows = list(Membership.objects.filter(member_id=pk).order_by("valid_from").values_list("valid_to", "reason"))
        assert rows == [(ON, "registered"), (None, "restructuring")]


def test_it_merges_a_cell_into_an_existing_cell(tree, commune_officer, assert_memberships_consistent):
    moving = member_ids("44.DH.01", "44.DH.02")
    target = org_merge(actor=commune_officer, sources=[tree.dh2], target=tree.dh1, on=ON)
    assert target == tree.dh1 and target.is_open
    assert member_ids("44.DH.01") == moving
    assert Membership.objects.filter(org=tree.dh1, valid_to__isnull=True).count() == 6
    assert Membership.objects.filter(org=tree.dh2, valid_to__isnull=True).count() == 0
    dh2 = Org.objects.get(code="44.DH.02")
    assert (dh2.closed_on, dh2.successor) == (ON, tree.dh1)
    assert_memberships_consistent()


def test_it_merges_two_communes_with_all_their_cells(tree, province_officer, assert_memberships_consistent):
    # The 2025 pattern: two commune committees become one; their cells move under the new one whole.
    everyone = member_ids("44.DH.01", "44.DH.02", "44.LB.01", "44.LB.02", "44.DH.CT.01")
    target = org_merge(
        actor=province_officer,
        sources=[tree.dh, tree.lb],
        on=ON,
        new=NewOrg(
            code="44.DHLB",
            name="Đảng bộ phường Đông Hà - Lao Bảo",
            org_type=OrgType.UPPER_GRASSROOTS_COMMITTEE,
            sector=Sector.COMMUNE,
            parent=tree.province,
        ),
    )
    children = Org.objects.open().filter(parent=target).order_by("code")
    assert [c.code for c in children] == ["44.DH.01", "44.DH.02", "44.DH.CT", "44.LB.01", "44.LB.02"]
    assert sorted(Org.objects.open().under(target).values_list("code", flat=True)) == [
        "44.DH.01",
        "44.DH.02",
        "44.DH.CT",
        "44.DH.CT.01",
        "44.DHLB",
        "44.LB.01",
        "44.LB.02",
    ]
    assert Org.objects.get(code="44.DH.CT.01").depth == 3
    # Members stay in their cells (which moved); no one is counted twice or lost.
    assert set(Member.objects.active().filter(org__path__startswith=target.path).values_list("pk", flat=True)) == (
        everyone
    )
    assert Member.objects.active().count() == len(everyone) == 15
    assert Org.objects.open().filter(parent__code__in=["44.DH", "44.LB"]).count() == 0
    assert_memberships_consistent()


def test_it_writes_one_event_and_one_audit_record(tree, commune_officer, audit_watch):
    watch = audit_watch()
    target = org_merge(
        actor=commune_officer, sources=[tree.dh1, tree.dh2], on=ON, new=new_cell(tree), decision_no="15-QĐ/ĐU"
    )
    [event] = OrgEvent.objects.filter(kind="merge")
    assert sorted(o.code for o in event.sources.all()) == ["44.DH.01", "44.DH.02"]
    assert [o.code for o in event.results.all()] == ["44.DH.12"]
    [audit] = watch.events()
    assert (audit.action, audit.actor, audit.object_id, audit.note) == (
        "org.merge",
        commune_officer,
        str(target.pk),
        "15-QĐ/ĐU",
    )
    assert audit.changes["sources"] == {"before": ["44.DH.01", "44.DH.02"], "after": None}
    assert audit.changes["target"] == {"before": None, "after": "44.DH.12"}
    assert audit.changes["target_created"] == {"before": None, "after": True}
    assert audit.changes["members_moved"] == {"before": None, "after": 6}
    assert audit.changes["children_moved"] == {"before": None, "after": []}


def test_it_refuses_a_merge_into_its_own_descendant(tree, province_officer, refused):
    with refused(field="target") as info:
        org_merge(actor=province_officer, sources=[tree.dh_company], target=tree.dh_company_cell, on=ON)
    assert "«Chi bộ Phân xưởng sản xuất» nằm trong «Đảng bộ Công ty Cổ phần Đông Hà»" in info.value.message
    with refused(field="target") as info:
        org_merge(actor=province_officer, sources=[tree.dh2, tree.dh], target=tree.dh1, on=ON)
    assert "cấp dưới của nó" in info.value.message


def test_it_refuses_a_new_org_under_a_source(tree, province_officer, refused):
    with refused(field="parent"):
        org_merge(
            actor=province_officer,
            sources=[tree.dh_company, tree.dh2],
            on=ON,
            new=NewOrg(code="44.X", name="Chi bộ mới", org_type=OrgType.CELL, parent=tree.dh_company),
        )


def test_it_refuses_a_closed_target(tree, commune_officer, refused):
    org_dissolve(actor=commune_officer, org=tree.dh2, on=ON, members_to=tree.dh1)
    with refused(field="target"):
        org_merge(
            actor=commune_officer,
            sources=[tree.dh1],
            target=Org.objects.get(code="44.DH.02"),
            on=ON + timedelta(days=1),
        )


def test_it_refuses_a_closed_source(tree, commune_officer, refused):
    org_dissolve(actor=commune_officer, org=tree.dh2, on=ON, members_to=tree.dh1)
    with refused(field="sources"):
        org_merge(
            actor=commune_officer,
            sources=[Org.objects.get(code="44.DH.02")],
            target=tree.dh1,
            on=ON + timedelta(days=1),
        )


def test_it_refuses_a_target_among_the_sources(tree, commune_officer, refused):
    with refused(field="target"):
        org_merge(actor=commune_officer, sources=[tree.dh1, tree.dh2], target=tree.dh1, on=ON)
    with refused(field="sources"):
        org_merge(actor=commune_officer, sources=[tree.dh1], target=tree.dh1, on=ON)


def test_it_refuses_both_or_neither_target(tree, commune_officer, refused):
    with refused(field="target"):
        org_merge(actor=commune_officer, sources=[tree.dh2], on=ON)
    with refused(field="target"):
        org_merge(actor=commune_officer, sources=[tree.dh2], target=tree.dh1, new=new_cell(tree), on=ON)


def test_it_refuses_to_merge_the_root(tree, admin_user, refused):
    # Restructuring the root is the Centre's decision (and any target lies under it anyway).
    with refused(field="org"):
        org_merge(actor=admin_user, sources=[tree.province], target=tree.dh, on=ON)


def test_it_refuses_children_that_cannot_sit_under_the_target(tree, province_officer, refused):
    # The commune's grassroots cells cannot hang under a company committee.
    with refused(field="target"):
        org_merge(actor=province_officer, sources=[tree.lb], target=tree.dh_company, on=ON)


def test_it_refuses_a_new_org_whose_code_is_taken(tree, commune_officer, refused):
    with refused(field="code"):
        org_merge(actor=commune_officer, sources=[tree.dh1, tree.dh2], on=ON, new=new_cell(tree, code="44.lb.01"))


@pytest.mark.parametrize("days", [1, 30])
def test_it_refuses_a_future_date(tree, commune_officer, refused, days):
    with refused(field="on"):
        org_merge(
            actor=commune_officer,
            sources=[tree.dh2],
            target=tree.dh1,
            on=timezone.localdate() + timedelta(days=days),
        )


def test_it_refuses_a_date_before_the_last_change(tree, commune_officer, refused):
    org_rename(actor=commune_officer, org=tree.dh1, name="Chi bộ khu phố Một", on=ON)
    with refused(field="on"):
        org_merge(actor=commune_officer, sources=[tree.dh2], target=tree.dh1, on=ON - timedelta(days=1))


def test_it_refuses_a_date_before_a_childs_last_change(tree, province_officer, refused):
    # Thôn Ka Tăng's cell was renamed on 01/02/2026: the commune cannot be merged as of 15/01/2026.
    org_rename(actor=province_officer, org=tree.lb1, name="Chi bộ thôn Ka Tăng - A Sói", on=date(2026, 2, 1))
    with refused(field="on") as info:
        org_merge(actor=province_officer, sources=[tree.lb], target=tree.dh, on=date(2026, 1, 15))
    assert "01/02/2026" in info.value.message


def test_it_refuses_a_source_inside_another_source(tree, province_officer, refused):
    # The company's cell would follow the company anyway; naming both would merge it twice.
    with refused(field="sources") as info:
        org_merge(actor=province_officer, sources=[tree.dh_company, tree.dh_company_cell], target=tree.dh2, on=ON)
    assert "nằm trong" in str(info.value)
