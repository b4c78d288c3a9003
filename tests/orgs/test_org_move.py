"""org_move: re-parenting an org with its whole subtree, dated, keeping every member and child."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from tochuc.members.models import Member, Membership
from tochuc.orgs.models import Org, OrgEvent
from tochuc.orgs.selectors import org_tree
from tochuc.orgs.services import org_dissolve, org_move, org_rename

ON = date(2026, 1, 1)


def subtree_codes(org: Org) -> list[str]:
    org.refresh_from_db()
    return sorted(Org.objects.under(org).values_list("code", flat=True))


def test_it_moves_the_whole_subtree(tree, province_officer):
    company, cell = tree.dh_company, tree.dh_company_cell
    members_before = sorted(Member.objects.filter(org=cell).values_list("pk", flat=True))
    memberships_before = list(Membership.objects.order_by("pk").values_list("pk", "org_id", "valid_from", "valid_to"))

    org_move(actor=province_officer, org=company, new_parent=tree.lb, on=ON)

    company.refresh_from_db()
    cell.refresh_from_db()
    assert company.parent == tree.lb
    assert company.path == tree.lb.path + f"{company.pk:08x}."
    assert cell.path == company.path + f"{cell.pk:08x}."
    assert (company.depth, cell.depth) == (2, 3)
    assert subtree_codes(tree.lb) == ["44.DH.CT", "44.DH.CT.01", "44.LB", "44.LB.01", "44.LB.02"]
    assert subtree_codes(tree.dh) == ["44.DH", "44.DH.01", "44.DH.02"]
    # Nobody changes their cell when the cell's committee moves; memberships are untouched.
    assert sorted(Member.objects.filter(org=cell).values_list("pk", flat=True)) == members_before
    assert list(Membership.objects.order_by("pk").values_list("pk", "org_id", "valid_from", "valid_to")) == (
        memberships_before
    )
    assert Member.objects.filter(org__path__startswith=tree.lb.path).count() == 9
    assert Member.objects.filter(org__path__startswith=tree.dh.path).count() == 6


def test_it_updates_depth_when_the_level_changes(tree, province_officer):
    # A company committee may also hang directly under the Tỉnh ủy.
    org_move(actor=province_officer, org=tree.dh_company, new_parent=tree.province, on=ON)
    company = Org.objects.get(code="44.DH.CT")
    cell = Org.objects.get(code="44.DH.CT.01")
    assert (company.depth, cell.depth) == (1, 2)
    assert cell.path == tree.province.path + f"{company.pk:08x}.{cell.pk:08x}."
    assert Org.objects.filter(path__startswith=tree.province.path).count() == 9  # every org exactly once
    assert Org.objects.filter(parent=tree.province).count() == 3


def test_it_keeps_the_old_parent_in_the_history(tree, province_officer):
    org_move(actor=province_officer, org=tree.dh_company, new_parent=tree.lb, on=ON)
    periods = list(tree.dh_company.periods.order_by("valid_from").values_list("parent__code", "valid_from", "valid_to"))
    assert periods == [("44.DH", date(2025, 7, 1), ON), ("44.LB", ON, None)]
    before = {
        r.code: r.parent_code for r in org_tree(actor=province_officer, root=tree.province, as_of=ON - timedelta(1))
    }
    after = {r.code: r.parent_code for r in org_tree(actor=province_officer, root=tree.province, as_of=ON)}
    assert (before["44.DH.CT"], after["44.DH.CT"]) == ("44.DH", "44.LB")
    assert (before["44.DH.CT.01"], after["44.DH.CT.01"]) == ("44.DH.CT", "44.DH.CT")


def test_it_writes_one_event_and_one_audit_record(tree, province_officer, audit_watch):
    watch = audit_watch()
    org_move(actor=province_officer, org=tree.dh_company, new_parent=tree.lb, on=ON, decision_no="88-QĐ/TU")
    [event] = OrgEvent.objects.filter(kind="move")
    assert (event.on, event.decision_no, list(event.sources.all())) == (ON, "88-QĐ/TU", [tree.dh_company])
    [audit] = watch.events()
    assert (audit.action, audit.actor, audit.object_id) == ("org.move", province_officer, str(tree.dh_company.pk))
    assert audit.changes["parent"] == {"before": "44.DH", "after": "44.LB"}
    assert audit.changes["on"] == {"before": None, "after": "2026-01-01"}
    assert audit.org_path == Org.objects.get(code="44.DH.CT").path  # the new path


def test_it_refuses_a_move_into_its_own_descendant(tree, province_officer, refused):
    # The type rules would refuse these too; the user must be told the real reason, the cycle.
    with refused(field="new_parent") as info:
        org_move(actor=province_officer, org=tree.dh_company, new_parent=tree.dh_company_cell, on=ON)
    assert "nằm trong «Đảng bộ Công ty Cổ phần Đông Hà»" in info.value.message
    with refused(field="new_parent") as info:
        org_move(actor=province_officer, org=tree.dh, new_parent=tree.dh_company, on=ON)
    assert "cấp dưới của nó" in info.value.message


def test_it_refuses_a_move_under_itself(tree, province_officer, refused):
    with refused(field="new_parent") as info:
        org_move(actor=province_officer, org=tree.dh_company, new_parent=tree.dh_company, on=ON)
    assert "chính nó" in info.value.message


def test_it_refuses_a_move_to_its_current_parent(tree, province_officer, refused):
    with refused(field="new_parent"):
        org_move(actor=province_officer, org=tree.dh1, new_parent=tree.dh, on=ON)


def test_it_refuses_a_parent_of_the_wrong_type(tree, province_officer, refused):
    # A chi bộ cơ sở cannot sit inside a đảng bộ cơ sở, nor a chi bộ trực thuộc under a commune.
    with refused(field="new_parent"):
        org_move(actor=province_officer, org=tree.dh1, new_parent=tree.dh_company, on=ON)
    with refused(field="new_parent"):
        org_move(actor=province_officer, org=tree.dh_company_cell, new_parent=tree.lb, on=ON)


def test_it_refuses_a_closed_parent(tree, province_officer, refused):
    org_dissolve(actor=province_officer, org=tree.lb2, on=ON, members_to=tree.lb1)
    with refused(field="new_parent"):
        org_move(actor=province_officer, org=tree.dh_company_cell, new_parent=tree.lb2, on=ON)


def test_it_refuses_to_move_a_closed_org(tree, province_officer, refused):
    org_dissolve(actor=province_officer, org=tree.lb2, on=ON, members_to=tree.lb1)
    with refused(field="org"):
        org_move(actor=province_officer, org=Org.objects.get(code="44.LB.02"), new_parent=tree.dh, on=ON)


def test_it_refuses_a_future_date(tree, province_officer, refused):
    with refused(field="on"):
        org_move(
            actor=province_officer,
            org=tree.dh_company,
            new_parent=tree.lb,
            on=timezone.localdate() + timedelta(days=1),
        )


def test_it_refuses_a_date_before_the_last_change(tree, province_officer, refused):
    org_rename(actor=province_officer, org=tree.dh_company, name="Đảng bộ Công ty Cổ phần Nam Đông Hà", on=ON)
    with refused(field="on"):
        org_move(actor=province_officer, org=tree.dh_company, new_parent=tree.lb, on=ON - timedelta(days=1))


def test_it_refuses_a_date_before_the_org_was_opened(tree, province_officer, refused):
    with refused(field="on"):
        org_move(actor=province_officer, org=tree.dh_company, new_parent=tree.lb, on=date(2025, 6, 30))
