"""Everything under an org is a prefix match on its materialized path; selectors stay in scope."""

from __future__ import annotations

import pytest
from django.http import Http404

from tochuc.orgs.models import Org
from tochuc.orgs.selectors import (
    member_count,
    member_counts_by_child,
    org_breadcrumbs,
    org_children,
    org_get,
    org_roots_for,
    org_search,
)

DH_SUBTREE = ["44.DH", "44.DH.01", "44.DH.02", "44.DH.CT", "44.DH.CT.01"]


def test_under_selects_the_subtree_by_path(tree):
    assert sorted(Org.objects.under(tree.dh).values_list("code", flat=True)) == DH_SUBTREE
    assert sorted(Org.objects.under(tree.dh, include_self=False).values_list("code", flat=True)) == DH_SUBTREE[1:]
    assert Org.objects.under(tree.province).count() == 9
    assert list(Org.objects.under(tree.dh1).values_list("code", flat=True)) == ["44.DH.01"]


def test_ancestor_paths_lead_to_the_root(tree):
    assert tree.dh_company_cell.ancestor_paths() == [tree.province.path, tree.dh.path, tree.dh_company.path]
    assert tree.province.ancestor_paths() == []


def test_member_counts_cover_the_whole_subtree(tree):
    counts, direct = member_counts_by_child(tree.dh)
    assert counts == {tree.dh1.path: 3, tree.dh2.path: 3, tree.dh_company.path: 3}
    assert direct == 0
    assert (member_count(tree.province), member_count(tree.dh), member_count(tree.dh_company)) == (15, 9, 3)


def test_org_children_are_in_vietnamese_order_with_counts(tree, commune_officer):
    children = org_children(actor=commune_officer, org=tree.dh)
    assert [(c.code, c.member_count, c.child_count) for c in children] == [
        ("44.DH.01", 3, 0),
        ("44.DH.02", 3, 0),
        ("44.DH.CT", 3, 1),
    ]


def test_org_get_answers_404_outside_the_scope(tree, outsider, commune_officer):
    assert org_get(actor=commune_officer, code="44.DH.CT.01") == tree.dh_company_cell
    with pytest.raises(Http404):
        org_get(actor=outsider, code="44.DH.01")
    with pytest.raises(Http404):
        org_get(actor=commune_officer, code="44")  # above the scope is outside it too


def test_search_ignores_diacritics_and_stays_in_scope(tree, admin_user, outsider):
    assert [o.code for o in org_search(actor=admin_user, q="dong ha")] == ["44.DH", "44.DH.CT"]
    assert [o.code for o in org_search(actor=admin_user, q="44.LB.0")] == ["44.LB.01", "44.LB.02"]
    assert org_search(actor=outsider, q="dong ha") == []
    assert [o.code for o in org_search(actor=outsider, q="Lao Bảo")] == ["44.LB", "44.LB.02"]


def test_breadcrumbs_stop_at_the_scope(tree, admin_user, commune_officer):
    assert org_breadcrumbs(actor=admin_user, org=tree.dh_company_cell) == [tree.province, tree.dh, tree.dh_company]
    assert org_breadcrumbs(actor=commune_officer, org=tree.dh_company_cell) == [tree.dh, tree.dh_company]


def test_roots_are_the_users_own_org(tree, admin_user, cell_secretary):
    assert org_roots_for(actor=admin_user) == [tree.province]
    assert org_roots_for(actor=cell_secretary) == [tree.dh1]
