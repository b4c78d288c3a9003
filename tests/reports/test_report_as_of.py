"""Reports as of a day: before and after a merge of two cells and a transfer between communes, each day's
figures are the tree and the memberships of that day, and agree with `tochuc orgs --as-of`."""

from __future__ import annotations

from datetime import date

import pytest

from tochuc.members.services import member_transfer_in, member_transfer_out
from tochuc.orgs.models import OrgType, Sector
from tochuc.orgs.selectors import org_tree_system
from tochuc.orgs.services import NewOrg, org_merge
from tochuc.reports import engine
from tochuc.reports.catalog import REPORTS

MERGED_ON = date(2026, 3, 1)
OUT_ON, IN_ON = date(2026, 4, 1), date(2026, 4, 10)


@pytest.fixture
def history(tree):
    merged = org_merge(
        actor=None,
        sources=[tree.dh1, tree.dh2],
        on=MERGED_ON,
        new=NewOrg(code="44.DH.03", name="Chi bộ khu phố 1-2", org_type=OrgType.GRASSROOTS_CELL,
                   sector=Sector.RESIDENTIAL, parent=tree.dh),
    )  # fmt: skip
    moving = tree.members["44.DH.02"][0]
    moving.refresh_from_db()
    member_transfer_out(actor=None, member=moving, on=OUT_ON, letter_no="GT-07", to_org=tree.lb1)
    member_transfer_in(actor=None, member=moving, on=IN_ON)
    return merged, moving


def _members(org, on):
    result = engine.run(REPORTS["composition"], org=org, as_of=on)
    return {r.key: r.values["members"] for r in result.data_rows}, result.total["members"]


def _tree_total(org, on):
    return org_tree_system(root=org, as_of=on)[0].members


def test_before_the_merge_the_two_cells_are_rows(tree, history):
    rows, total = _members(tree.dh, date(2026, 2, 1))
    assert rows == {"44.DH.01": 3, "44.DH.02": 3, "44.DH.CT": 3}
    assert total == 9 == _tree_total(tree.dh, date(2026, 2, 1))


def test_after_the_merge_the_new_cell_has_their_members(tree, history):
    rows, total = _members(tree.dh, date(2026, 3, 15))
    assert rows == {"44.DH.03": 6, "44.DH.CT": 3}
    assert total == 9 == _tree_total(tree.dh, date(2026, 3, 15))


def test_between_leaving_and_arriving_the_member_is_counted_nowhere(tree, history):
    on = date(2026, 4, 5)
    assert _members(tree.dh, on)[1] == 8 == _tree_total(tree.dh, on)
    assert _members(tree.lb, on)[1] == 6 == _tree_total(tree.lb, on)
    assert _members(tree.province, on)[1] == 14 == _tree_total(tree.province, on)


def test_after_arriving_the_member_is_counted_at_the_new_cell(tree, history):
    _merged, moving = history
    on = date(2026, 4, 15)
    rows, total = _members(tree.lb, on)
    assert rows == {"44.LB.01": 4, "44.LB.02": 3} and total == 7 == _tree_total(tree.lb, on)
    result = engine.run(REPORTS["composition"], org=tree.lb, as_of=on)
    assert moving in engine.cell_members(result, row_key="44.LB.01", column_key="members")
    before = engine.run(REPORTS["composition"], org=tree.dh, as_of=date(2026, 2, 1))
    assert moving in engine.cell_members(before, row_key="44.DH.02", column_key="members")


def test_today_agrees_with_the_tree(tree, history):
    assert _members(tree.province, None)[1] == _tree_total(tree.province, None) == 15


@pytest.mark.parametrize("name", ["composition", "quality", "organizations"])
def test_the_two_ways_of_counting_agree_on_the_same_day(tree, history, monkeypatch, name):
    """Today's figures come from the members' current state; a past day's from that day's memberships and
    tree. Forced to count today the past way, the report must give the same numbers."""
    now = engine.run(REPORTS[name], org=tree.province)
    monkeypatch.setattr(engine.Result, "today", property(lambda self: False))
    past_way = engine.run(REPORTS[name], org=tree.province)
    assert [(r.key, r.values) for r in past_way.rows] == [(r.key, r.values) for r in now.rows]


def test_a_day_before_the_org_existed_is_refused(tree):
    from tochuc.core.errors import DomainError

    with pytest.raises(DomainError) as info:
        engine.run(REPORTS["composition"], org=tree.dh, as_of=date(2025, 6, 30))
    assert info.value.field == "as_of"


def test_a_past_day_counts_only_the_chosen_subtree(tree, history):
    day = date(2026, 2, 1)
    for name in ("age", "ethnicity", "composition"):
        result = engine.run(REPORTS[name], org=tree.dh1, as_of=day)
        assert result.total["members"] == 3, name
        listed = engine.cell_members(result, row_key="", column_key="members")
        assert sorted(m.full_name for m in listed) == sorted(m.full_name for m in tree.members["44.DH.01"])


def test_an_outsider_gets_nothing_of_a_neighbour_on_a_past_day(client, tree, history, outsider):
    from django.urls import reverse

    client.force_login(outsider)
    response = client.get(
        reverse("reports:cell", args=["composition"]), {"org": "44.DH.01", "as_of": "01/02/2026", "col": "members"}
    )
    assert response.status_code == 404
    own = client.get(
        reverse("reports:cell", args=["composition"]), {"as_of": "01/02/2026", "col": "members"}
    )  # the outsider's own subtree (Lao Bảo) as of that day
    assert {m.org.code[:5] for m in own.context["page_obj"]} == {"44.LB"}
    assert own.context["page_obj"].paginator.count == 6
