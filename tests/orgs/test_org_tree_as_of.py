"""org_tree: the tree now (open orgs only) and as it stood on any date, with member counts."""

from __future__ import annotations

from datetime import date, timedelta

from tochuc.orgs.selectors import org_tree
from tochuc.orgs.services import NewOrg, org_merge, org_move, org_rename, org_split

RENAMED_ON = date(2025, 10, 1)
MERGED_ON = date(2026, 1, 1)
EVE = MERGED_ON - timedelta(days=1)


def by_code(rows):
    return {r.code: r for r in rows}


def restructure(tree, actor):
    org_rename(actor=actor, org=tree.dh, name="Đảng bộ phường Nam Đông Hà", on=RENAMED_ON)
    return org_merge(
        actor=actor,
        sources=[tree.dh1, tree.dh2],
        on=MERGED_ON,
        new=NewOrg(code="44.DH.12", name="Chi bộ khu phố 1-2", org_type="grassroots_cell", parent=tree.dh),
    )


def test_it_lists_the_tree_in_vietnamese_depth_first_order(tree, admin_user):
    rows = org_tree(actor=admin_user, root=tree.province)
    assert [(r.depth, r.code) for r in rows] == [
        (0, "44"),
        (1, "44.DH"),  # Đảng bộ phường Đông Hà before Đảng bộ xã Lao Bảo (p < x)
        (2, "44.DH.01"),
        (2, "44.DH.02"),
        (2, "44.DH.CT"),
        (3, "44.DH.CT.01"),
        (1, "44.LB"),
        (2, "44.LB.01"),  # thôn Ka Tăng before thôn Lao Bảo
        (2, "44.LB.02"),
    ]
    counts = {r.code: (r.members, r.direct_members) for r in rows}
    assert counts["44"] == (15, 0)
    assert counts["44.DH"] == (9, 0)
    assert counts["44.DH.CT"] == (3, 0)
    assert counts["44.DH.CT.01"] == (3, 3)
    assert counts["44.LB.02"] == (3, 3)
    assert by_code(rows)["44.DH.CT"].parent_code == "44.DH"


def test_the_current_tree_excludes_closed_orgs(tree, admin_user):
    restructure(tree, admin_user)
    rows = by_code(org_tree(actor=admin_user, root=tree.province))
    assert "44.DH.01" not in rows and "44.DH.02" not in rows
    assert (rows["44.DH.12"].members, rows["44.DH"].members, rows["44"].members) == (6, 9, 15)
    assert rows["44.DH"].name == "Đảng bộ phường Nam Đông Hà"


def test_before_a_merge_it_shows_the_old_cells_with_their_members(tree, admin_user):
    restructure(tree, admin_user)
    rows = by_code(org_tree(actor=admin_user, root=tree.province, as_of=EVE))
    assert "44.DH.12" not in rows
    assert (rows["44.DH.01"].members, rows["44.DH.02"].members) == (3, 3)
    assert (rows["44.DH.01"].parent_code, rows["44.DH.01"].depth) == ("44.DH", 2)
    assert (rows["44.DH"].members, rows["44"].members) == (9, 15)


def test_after_a_merge_it_shows_the_new_cell(tree, admin_user):
    restructure(tree, admin_user)
    rows = by_code(org_tree(actor=admin_user, root=tree.province, as_of=MERGED_ON))
    assert "44.DH.01" not in rows and "44.DH.02" not in rows
    assert (rows["44.DH.12"].members, rows["44.DH.12"].direct_members) == (6, 6)
    assert (rows["44.DH"].members, rows["44"].members) == (9, 15)


def test_members_who_left_an_org_that_stays_are_no_longer_counted(tree, admin_user):
    # A part separated off 44.DH.02 takes one member; 44.DH.02 itself goes on with two.
    leaving = tree.members["44.DH.02"][2]
    org_split(
        actor=admin_user,
        source=tree.dh2,
        on=MERGED_ON,
        close_source=False,
        parts=[NewOrg(code="44.DH.04", name="Chi bộ khu phố 4", org_type="grassroots_cell", member_ids=[leaving.pk])],
    )
    before = by_code(org_tree(actor=admin_user, root=tree.province, as_of=EVE))
    after = by_code(org_tree(actor=admin_user, root=tree.province, as_of=MERGED_ON))
    assert (before["44.DH.02"].members, "44.DH.04" in before) == (3, False)
    assert (after["44.DH.02"].members, after["44.DH.04"].members, after["44.DH"].members) == (2, 1, 9)


def test_it_shows_the_name_an_org_had_on_the_date(tree, admin_user):
    restructure(tree, admin_user)
    assert by_code(org_tree(actor=admin_user, root=tree.province, as_of=RENAMED_ON - timedelta(days=1)))[
        "44.DH"
    ].name == ("Đảng bộ phường Đông Hà")
    assert by_code(org_tree(actor=admin_user, root=tree.province, as_of=RENAMED_ON))["44.DH"].name == (
        "Đảng bộ phường Nam Đông Hà"
    )


def test_it_shows_where_a_moved_org_hung_and_its_depth(tree, admin_user):
    org_move(actor=admin_user, org=tree.dh_company, new_parent=tree.province, on=MERGED_ON)
    before = by_code(org_tree(actor=admin_user, root=tree.province, as_of=EVE))
    after = by_code(org_tree(actor=admin_user, root=tree.province, as_of=MERGED_ON))
    assert (before["44.DH.CT"].parent_code, before["44.DH.CT"].depth, before["44.DH.CT.01"].depth) == ("44.DH", 2, 3)
    assert (after["44.DH.CT"].parent_code, after["44.DH.CT"].depth, after["44.DH.CT.01"].depth) == ("44", 1, 2)
    assert (before["44.DH"].members, after["44.DH"].members) == (9, 6)


def test_it_is_empty_before_the_root_existed(tree, admin_user):
    assert org_tree(actor=admin_user, root=tree.province, as_of=date(2025, 6, 30)) == []


def test_a_commune_officer_sees_the_tree_from_the_commune(tree, commune_officer):
    rows = org_tree(actor=commune_officer, root=tree.dh, as_of=EVE)
    assert [r.code for r in rows] == ["44.DH", "44.DH.01", "44.DH.02", "44.DH.CT", "44.DH.CT.01"]
    assert rows[0].depth == 0 and rows[0].parent_code == "44"
