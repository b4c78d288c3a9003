"""org_split: each active member and open child of the source goes to exactly one new org."""

from __future__ import annotations

from datetime import date, timedelta

from tochuc.members.models import Member
from tochuc.orgs.models import CloseReason, Org, OrgEvent, OrgType, Sector
from tochuc.orgs.services import NewOrg, org_split

ON = date(2026, 1, 1)


def part(code: str, name: str, member_ids=(), child_codes=(), org_type=OrgType.GRASSROOTS_CELL) -> NewOrg:
    return NewOrg(
        code=code,
        name=name,
        org_type=org_type,
        sector=Sector.RESIDENTIAL,
        member_ids=list(member_ids),
        child_codes=list(child_codes),
    )


def ids(members) -> list[int]:
    return [m.pk for m in members]


def test_it_splits_a_cell_and_assigns_each_member_once(tree, commune_officer, assert_memberships_consistent):
    a, b, c = tree.members["44.DH.01"]
    first, second = org_split(
        actor=commune_officer,
        source=tree.dh1,
        on=ON,
        parts=[
            part("44.DH.01A", "Chi bộ khu phố 1A", ids([a, b])),
            part("44.DH.01B", "Chi bộ khu phố 1B", ids([c])),
        ],
    )
    assert (first.parent, second.parent) == (tree.dh, tree.dh)  # the parts hang where the source hung
    assert set(Member.objects.filter(org=first).values_list("pk", flat=True)) == {a.pk, b.pk}
    assert set(Member.objects.filter(org=second).values_list("pk", flat=True)) == {c.pk}
    assert Member.objects.active().count() == 15
    source = Org.objects.get(code="44.DH.01")
    assert (source.closed_on, source.close_reason, source.successor) == (ON, CloseReason.SPLIT, None)
    assert not Member.objects.filter(org=source).exists()
    assert_memberships_consistent()


def test_it_splits_a_committee_and_assigns_each_child_once(tree, province_officer, assert_memberships_consistent):
    company_parts = [
        part("44.DH.CT1", "Đảng bộ Công ty Cổ phần Đông Hà 1", child_codes=["44.DH.CT.01"]),
        part("44.DH.CT2", "Đảng bộ Công ty Cổ phần Đông Hà 2"),
    ]
    for p in company_parts:
        p.org_type = OrgType.GRASSROOTS_COMMITTEE
    first, second = org_split(actor=province_officer, source=tree.dh_company, on=ON, parts=company_parts)
    cell = Org.objects.get(code="44.DH.CT.01")
    assert cell.parent == first
    assert cell.path == first.path + f"{cell.pk:08x}."
    assert Org.objects.open().filter(parent=second).count() == 0
    assert Org.objects.filter(parent__code="44.DH.CT", closed_on__isnull=True).count() == 0
    assert Member.objects.filter(org=cell).count() == 3
    assert_memberships_consistent()


def test_it_separates_a_part_and_keeps_the_source_open(tree, commune_officer, assert_memberships_consistent):
    a, b, c = tree.members["44.DH.02"]
    [new] = org_split(
        actor=commune_officer,
        source=tree.dh2,
        on=ON,
        close_source=False,
        parts=[part("44.DH.04", "Chi bộ khu phố 4", ids([c]))],
    )
    tree.dh2.refresh_from_db()
    assert tree.dh2.is_open
    assert set(Member.objects.filter(org=tree.dh2).values_list("pk", flat=True)) == {a.pk, b.pk}
    assert list(Member.objects.filter(org=new)) == [c]
    assert_memberships_consistent()


def test_it_writes_one_event_and_one_audit_record(tree, commune_officer, audit_watch):
    a, b, c = tree.members["44.DH.01"]
    watch = audit_watch()
    org_split(
        actor=commune_officer,
        source=tree.dh1,
        on=ON,
        decision_no="20-QĐ/ĐU",
        parts=[part("44.DH.01A", "Chi bộ khu phố 1A", ids([a, b])), part("44.DH.01B", "Chi bộ khu phố 1B", ids([c]))],
    )
    [event] = OrgEvent.objects.filter(kind="split")
    assert [o.code for o in event.sources.all()] == ["44.DH.01"]
    assert sorted(o.code for o in event.results.all()) == ["44.DH.01A", "44.DH.01B"]
    [audit] = watch.events()
    assert (audit.action, audit.object_id, audit.note) == ("org.split", str(tree.dh1.pk), "20-QĐ/ĐU")
    assert audit.changes["parts"]["after"] == [
        {"code": "44.DH.01A", "members": 2, "children": []},
        {"code": "44.DH.01B", "members": 1, "children": []},
    ]
    assert audit.changes["closed"] == {"before": False, "after": True}


def test_it_refuses_leftover_members_when_closing_the_source(tree, commune_officer, refused):
    a, b, _c = tree.members["44.DH.01"]
    with refused(field="parts") as info:
        org_split(
            actor=commune_officer,
            source=tree.dh1,
            on=ON,
            parts=[part("44.DH.01A", "Chi bộ khu phố 1A", [a.pk]), part("44.DH.01B", "Chi bộ khu phố 1B", [b.pk])],
        )
    assert "Còn 1 đảng viên" in info.value.message


def test_it_refuses_leftover_children_when_closing_the_source(tree, province_officer, refused):
    parts = [part("44.DH.CT1", "Đảng bộ Công ty 1"), part("44.DH.CT2", "Đảng bộ Công ty 2")]
    for p in parts:
        p.org_type = OrgType.GRASSROOTS_COMMITTEE
    with refused(field="parts"):
        org_split(actor=province_officer, source=tree.dh_company, on=ON, parts=parts)


def test_it_refuses_a_member_in_two_parts(tree, commune_officer, refused):
    a, b, c = tree.members["44.DH.01"]
    with refused(field="parts"):
        org_split(
            actor=commune_officer,
            source=tree.dh1,
            on=ON,
            parts=[
                part("44.DH.01A", "Chi bộ khu phố 1A", [a.pk, b.pk]),
                part("44.DH.01B", "Chi bộ khu phố 1B", [b.pk, c.pk]),
            ],
        )


def test_it_refuses_a_member_of_another_org(tree, commune_officer, refused):
    a, b, c = tree.members["44.DH.01"]
    stranger = tree.members["44.DH.02"][0]
    with refused(field="parts"):
        org_split(
            actor=commune_officer,
            source=tree.dh1,
            on=ON,
            parts=[
                part("44.DH.01A", "Chi bộ khu phố 1A", [a.pk, b.pk]),
                part("44.DH.01B", "Chi bộ khu phố 1B", [c.pk, stranger.pk]),
            ],
        )


def test_it_refuses_a_child_that_is_not_the_sources(tree, province_officer, refused):
    parts = [part("44.DH.CT1", "Đảng bộ Công ty 1", child_codes=["44.DH.CT.01", "44.DH.01"])]
    parts[0].org_type = OrgType.GRASSROOTS_COMMITTEE
    with refused(field="parts"):
        org_split(actor=province_officer, source=tree.dh_company, on=ON, parts=parts, close_source=False)


def test_it_refuses_a_single_part_when_closing_the_source(tree, commune_officer, refused):
    with refused(field="parts"):
        org_split(
            actor=commune_officer,
            source=tree.dh1,
            on=ON,
            parts=[part("44.DH.01A", "Chi bộ khu phố 1A", ids(tree.members["44.DH.01"]))],
        )


def test_it_refuses_a_part_whose_type_cannot_hold_the_children(tree, province_officer, refused):
    # A grassroots cell cannot take over a chi bộ trực thuộc.
    parts = [part("44.DH.CT1", "Chi bộ Công ty", child_codes=["44.DH.CT.01"])]
    with refused(field="parts"):
        org_split(actor=province_officer, source=tree.dh_company, on=ON, parts=parts, close_source=False)


def test_it_refuses_a_date_before_the_members_joined(tree, commune_officer, make_member, refused):
    newcomer = make_member(org=tree.dh1, registered_on=date(2026, 3, 1))
    a, b, c = tree.members["44.DH.01"]
    with refused(field="on"):
        org_split(
            actor=commune_officer,
            source=tree.dh1,
            on=date(2026, 2, 1),
            parts=[
                part("44.DH.01A", "Chi bộ khu phố 1A", [a.pk, b.pk]),
                part("44.DH.01B", "Chi bộ khu phố 1B", [c.pk, newcomer.pk]),
            ],
        )


def test_it_refuses_a_date_before_the_source_was_opened(tree, commune_officer, refused):
    a, b, c = tree.members["44.DH.01"]
    with refused(field="on"):
        org_split(
            actor=commune_officer,
            source=tree.dh1,
            on=tree.dh1.opened_on - timedelta(days=1),
            parts=[part("44.DH.01A", "Chi bộ khu phố 1A", [a.pk, b.pk]), part("44.DH.01B", "Chi bộ 1B", [c.pk])],
        )
