"""Targets for founding party organizations in non-state enterprises: set from above (EDIT on the parent's
subtree), split to the next level with what is left to allocate, rolled up the tree, and progress counted
per org of the next level and summed for the whole subtree."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from tochuc.enterprises.models import CellTarget
from tochuc.enterprises.selectors import cell_targets
from tochuc.enterprises.services import cell_target_set, enterprise_party_org_set
from tochuc.orgs.models import OrgType, Sector
from tochuc.orgs.services import org_create

YEAR = 2025


@pytest.fixture
def founded_2025(tree, firms):
    """The joint-stock company's committee (01/09/2025) and, in Lao Bảo's cell area, the farm company's new
    cell (founded 10/10/2025): two non-state enterprises that founded a party organization in 2025."""
    cell = org_create(actor=None, code="44.LB.NS", name="Chi bộ Công ty TNHH Nông sản Khe Sanh",
                      org_type=OrgType.GRASSROOTS_CELL, parent=tree.lb, opened_on=date(2025, 10, 10),
                      sector=Sector.NON_STATE_ENTERPRISE)  # fmt: skip
    enterprise_party_org_set(actor=None, enterprise=firms.farm, party_org=cell, since=date(2025, 10, 10))
    return firms


def test_the_province_sets_the_communes_targets_and_it_is_audited(tree, province_officer, audit_watch):
    watch = audit_watch()
    cell_target_set(actor=province_officer, org=tree.dh, year=YEAR, count=3)
    assert CellTarget.objects.get(org=tree.dh, year=YEAR).count == 3
    [event] = watch.events()
    assert (event.action, event.changes["count"]) == ("enterprise.target", {"before": None, "after": 3})


def test_a_commune_officer_splits_the_communes_target_but_cannot_set_its_own(tree, commune_officer, nothing_written):
    cell_target_set(actor=commune_officer, org=tree.dh1, year=YEAR, count=1)
    with nothing_written(), pytest.raises(Http404):  # the province is above their scope
        cell_target_set(actor=commune_officer, org=tree.dh, year=YEAR, count=9)


def test_an_outsider_gets_404_and_a_viewer_403(tree, outsider, viewer, nothing_written):
    with nothing_written():
        with pytest.raises(Http404):
            cell_target_set(actor=outsider, org=tree.dh1, year=YEAR, count=1)
        with pytest.raises(Http404):
            cell_targets(actor=outsider, org=tree.dh, year=YEAR)
        with pytest.raises(PermissionDenied):
            cell_target_set(actor=viewer, org=tree.dh1, year=YEAR, count=1)


def test_it_refuses_a_negative_or_huge_target_and_a_bad_year(tree, province_officer, refused):
    with refused(field="count"):
        cell_target_set(actor=province_officer, org=tree.dh, year=YEAR, count=-1)
    with refused(field="count"):
        cell_target_set(actor=province_officer, org=tree.dh, year=YEAR, count=10**9)
    with refused(field="year"):
        cell_target_set(actor=province_officer, org=tree.dh, year=1999, count=1)


def test_a_target_is_withdrawn_with_none(tree, province_officer):
    cell_target_set(actor=province_officer, org=tree.dh, year=YEAR, count=3)
    cell_target_set(actor=province_officer, org=tree.dh, year=YEAR, count=None)
    assert not CellTarget.objects.exists()


def test_the_split_shows_the_parents_target_what_was_given_and_what_is_left(tree, admin_user, commune_officer):
    cell_target_set(actor=admin_user, org=tree.province, year=YEAR, count=10)
    cell_target_set(actor=admin_user, org=tree.dh, year=YEAR, count=6)
    cell_target_set(actor=admin_user, org=tree.lb, year=YEAR, count=3)
    view = cell_targets(actor=admin_user, org=tree.province, year=YEAR)
    assert (view.own, view.given, view.remainder, view.rolled) == (10, 9, 1, 10)
    cell_target_set(actor=commune_officer, org=tree.dh1, year=YEAR, count=4)
    cell_target_set(actor=commune_officer, org=tree.dh_company, year=YEAR, count=3)
    dh = cell_targets(actor=commune_officer, org=tree.dh, year=YEAR)
    assert (dh.own, dh.given, dh.remainder, dh.overallocated) == (6, 7, -1, 1)


def test_targets_roll_up_the_tree_when_the_level_above_set_none(tree, province_officer, commune_officer, outsider):
    cell_target_set(actor=commune_officer, org=tree.dh1, year=YEAR, count=2)
    cell_target_set(actor=commune_officer, org=tree.dh2, year=YEAR, count=1)
    cell_target_set(actor=outsider, org=tree.lb1, year=YEAR, count=4)
    view = cell_targets(actor=province_officer, org=tree.province, year=YEAR)
    rows = {r.org.code: (r.target, r.rolled) for r in view.rows}
    assert rows == {"44.DH": (None, 3), "44.LB": (None, 4)}
    assert (view.own, view.rolled) == (None, 7)


def test_progress_is_counted_per_child_and_summed_for_the_subtree(tree, founded_2025, province_officer):
    cell_target_set(actor=province_officer, org=tree.dh, year=YEAR, count=2)
    cell_target_set(actor=province_officer, org=tree.lb, year=YEAR, count=1)
    view = cell_targets(actor=province_officer, org=tree.province, year=YEAR)
    by_code = {r.org.code: r for r in view.rows}
    dh, lb = by_code["44.DH"], by_code["44.LB"]
    # Đông Hà: the joint-stock company founded in 2025; the garment (eligible) and trading companies without.
    assert (dh.progress.founded, dh.progress.without, dh.progress.eligible, dh.percent) == (1, 2, 1, 50.0)
    # Lao Bảo: the farm company's cell in 2025; the ceased company is not among those still without one.
    assert (lb.progress.founded, lb.progress.without, lb.progress.eligible, lb.percent) == (1, 0, 0, 100.0)
    assert (view.total.founded, view.total.without, view.total.eligible) == (2, 2, 1)
    assert view.total.founded == dh.progress.founded + lb.progress.founded
    assert view.percent == 66.7  # 2 of the 3 given out (the province's own target was not set)
    assert cell_targets(actor=province_officer, org=tree.province, year=2024).total.founded == 0


def test_enterprises_directly_in_the_org_count_in_its_total_not_in_a_childs(tree, founded_2025, commune_officer):
    view = cell_targets(actor=commune_officer, org=tree.dh, year=YEAR)
    assert all(r.progress.founded == 0 for r in view.rows)
    assert (view.direct.founded, view.total.founded) == (1, 1)


# --- The page -------------------------------------------------------------------------------------------------


def _url(org="44", year=YEAR):
    return f"{reverse('enterprises:targets')}?org={org}&year={year}"


def test_the_page_saves_all_targets_or_none(client, tree, province_officer):
    client.force_login(province_officer)
    response = client.post(_url(), {f"t{tree.dh.pk}": "3", f"t{tree.lb.pk}": "-2"})
    assert response.status_code == 200
    assert not CellTarget.objects.exists()
    assert "Chỉ tiêu không được âm." in response.content.decode()
    response = client.post(_url(), {f"t{tree.dh.pk}": "3", f"t{tree.lb.pk}": "2"})
    assert response.status_code == 302
    assert dict(CellTarget.objects.values_list("org__code", "count")) == {"44.DH": 3, "44.LB": 2}


def test_the_page_refuses_what_is_not_a_whole_number_and_keeps_what_was_typed(client, tree, province_officer):
    client.force_login(province_officer)
    response = client.post(_url(), {f"t{tree.dh.pk}": "3", f"t{tree.lb.pk}": " 2,5 "})
    assert response.status_code == 200
    assert not CellTarget.objects.exists()
    rows = {row.org.code: (value, error) for row, value, error in response.context["rows"]}
    assert rows == {"44.DH": ("3", None), "44.LB": ("2,5", "Nhập một số nguyên.")}


def test_the_page_shows_the_split_with_progress(client, tree, founded_2025, province_officer):
    cell_target_set(actor=None, org=tree.province, year=YEAR, count=5)
    cell_target_set(actor=province_officer, org=tree.dh, year=YEAR, count=2)
    client.force_login(province_officer)
    response = client.get(_url())
    view = response.context["view"]
    assert (view.own, view.given, view.remainder) == (5, 2, 3)
    assert "Còn phải giao: 3." in response.content.decode()


def test_a_viewer_sees_the_targets_but_cannot_post(client, tree, viewer):
    client.force_login(viewer)
    assert client.get(_url("44.DH")).status_code == 200
    assert client.post(_url("44.DH"), {f"t{tree.dh1.pk}": "1"}).status_code == 403
    assert not CellTarget.objects.exists()


def test_an_outsider_sees_nothing_of_dong_ha_and_saves_nothing(client, tree, outsider):
    client.force_login(outsider)
    response = client.post(_url("44.DH"), {f"t{tree.dh1.pk}": "1"})
    assert response.context["view"] is None
    assert "Chi bộ khu phố 1" not in response.content.decode()
    assert not CellTarget.objects.exists()


def test_a_commune_officer_cannot_post_the_communes_own_target_through_the_province(client, tree, commune_officer):
    client.force_login(commune_officer)
    response = client.post(_url("44"), {f"t{tree.dh.pk}": "9"})
    assert response.context["view"] is None  # the province is not in their scope: not found
    assert not CellTarget.objects.exists()
