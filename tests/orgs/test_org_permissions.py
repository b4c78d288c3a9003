"""Scope and role inside the tree services: outside the scope nothing exists (404); inside, only
officers and administrators restructure (403 for leaders, viewers and secretaries)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from tochuc.orgs.models import Org, OrgType
from tochuc.orgs.services import (
    NewOrg,
    org_create,
    org_dissolve,
    org_merge,
    org_move,
    org_rename,
    org_split,
    org_update,
)

ON = date(2026, 1, 1)


def attempts(tree):
    """Each restructuring of something under 44.DH, as a callable taking the actor."""
    a, b, c = tree.members["44.DH.01"]
    return {
        "move": lambda actor: org_move(actor=actor, org=tree.dh_company, new_parent=tree.province, on=ON),
        "merge": lambda actor: org_merge(actor=actor, sources=[tree.dh2], target=tree.dh1, on=ON),
        "merge_new": lambda actor: org_merge(
            actor=actor,
            sources=[tree.dh1, tree.dh2],
            on=ON,
            new=NewOrg(code="44.DH.12", name="Chi bộ khu phố 1-2", org_type=OrgType.GRASSROOTS_CELL, parent=tree.dh),
        ),
        "split": lambda actor: org_split(
            actor=actor,
            source=tree.dh1,
            on=ON,
            parts=[
                NewOrg(code="44.DH.01A", name="Chi bộ 1A", org_type=OrgType.GRASSROOTS_CELL, member_ids=[a.pk, b.pk]),
                NewOrg(code="44.DH.01B", name="Chi bộ 1B", org_type=OrgType.GRASSROOTS_CELL, member_ids=[c.pk]),
            ],
        ),
        "dissolve": lambda actor: org_dissolve(actor=actor, org=tree.dh2, on=ON, members_to=tree.dh1),
    }


RESTRUCTURINGS = ["move", "merge", "merge_new", "split", "dissolve"]


@pytest.mark.parametrize("operation", RESTRUCTURINGS)
def test_an_outsider_gets_404(tree, outsider, nothing_written, operation):
    with nothing_written(), pytest.raises(Http404):
        attempts(tree)[operation](outsider)


@pytest.mark.parametrize("operation", RESTRUCTURINGS)
@pytest.mark.parametrize("persona", ["leader", "viewer", "cell_secretary"])
def test_only_officers_restructure(request, tree, nothing_written, persona, operation):
    actor = request.getfixturevalue(persona)
    # Only 44.DH.01 is the secretary's: an operation that first touches another org under 44.DH finds
    # it outside their scope (404). On their own cell, and for the others everywhere, the role refuses.
    outside = persona == "cell_secretary" and operation not in ("split", "merge_new")
    expected = Http404 if outside else PermissionDenied
    with nothing_written(), pytest.raises(expected):
        attempts(tree)[operation](actor)


@pytest.mark.parametrize("operation", RESTRUCTURINGS)
def test_the_commune_officer_restructures_inside_the_commune(tree, commune_officer, nothing_written, operation):
    if operation == "move":  # this move goes to the province, above the commune officer's scope
        with nothing_written(), pytest.raises(Http404):
            attempts(tree)[operation](commune_officer)
        return
    attempts(tree)[operation](commune_officer)
    assert Org.objects.filter(closed_on=ON).exists()


def test_the_commune_officer_moves_an_org_inside_the_commune(tree, commune_officer):
    unit = org_create(
        actor=commune_officer,
        code="44.DH.CT.BP1",
        name="Đảng bộ bộ phận Khối sản xuất",
        org_type=OrgType.SUB_COMMITTEE,
        parent=tree.dh_company,
        opened_on=date(2025, 9, 1),
    )
    org_move(actor=commune_officer, org=tree.dh_company_cell, new_parent=unit, on=ON)
    assert Org.objects.get(code="44.DH.CT.01").parent == unit


@pytest.mark.parametrize("operation", RESTRUCTURINGS)
def test_the_province_officer_restructures_anywhere(tree, province_officer, operation):
    attempts(tree)[operation](province_officer)
    assert Org.objects.filter(closed_on=ON).exists() or Org.objects.get(code="44.DH.CT").parent == tree.province


def test_a_move_to_a_parent_outside_the_scope_is_404(tree, commune_officer, nothing_written):
    with nothing_written(), pytest.raises(Http404):
        org_move(actor=commune_officer, org=tree.dh_company, new_parent=tree.lb, on=ON)


def test_a_merge_into_an_org_outside_the_scope_is_404(tree, commune_officer, nothing_written):
    with nothing_written(), pytest.raises(Http404):
        org_merge(actor=commune_officer, sources=[tree.dh2], target=tree.lb1, on=ON)


def test_a_dissolve_sending_members_outside_the_scope_is_404(tree, commune_officer, nothing_written):
    with nothing_written(), pytest.raises(Http404):
        org_dissolve(actor=commune_officer, org=tree.dh2, on=ON, members_to=tree.lb1)


def test_an_outsider_cannot_create_rename_or_update_under_the_commune(tree, outsider, nothing_written):
    with nothing_written():
        with pytest.raises(Http404):
            org_create(
                actor=outsider,
                code="44.DH.03",
                name="Chi bộ khu phố 3",
                org_type=OrgType.GRASSROOTS_CELL,
                parent=tree.dh,
                opened_on=ON,
            )
        with pytest.raises(Http404):
            org_rename(actor=outsider, org=tree.dh1, name="Chi bộ khu phố Một", on=ON)
        with pytest.raises(Http404):
            org_update(actor=outsider, org=tree.dh1, address="Khu phố 1")


def test_a_viewer_cannot_rename_or_update(tree, viewer, nothing_written):
    with nothing_written():
        with pytest.raises(PermissionDenied):
            org_rename(actor=viewer, org=tree.dh1, name="Chi bộ khu phố Một", on=ON)
        with pytest.raises(PermissionDenied):
            org_update(actor=viewer, org=tree.dh1, address="Khu phố 1")


def test_only_an_administrator_creates_a_root(tree, province_officer, refused):
    with refused(field="parent"):
        org_create(
            actor=province_officer,
            code="45",
            name="Đảng bộ tỉnh Quảng Bình",
            org_type=OrgType.PROVINCE_COMMITTEE,
            parent=None,
            opened_on=ON,
        )


def test_no_one_restructures_the_root_of_their_own_scope(tree, commune_officer, nothing_written):
    # Splitting 44.DH would place the new orgs under the province, outside the officer's scope.
    from django.http import Http404

    from tochuc.orgs.services import NewOrg, org_dissolve, org_rename, org_split

    with nothing_written():
        with pytest.raises(Http404):
            org_split(
                actor=commune_officer,
                source=tree.dh,
                on=ON,
                close_source=False,
                parts=[NewOrg(code="44.X1", name="Đảng bộ mới", org_type="upper_grassroots_committee")],
            )
        with pytest.raises(Http404):
            org_rename(actor=commune_officer, org=tree.dh, name="Đảng bộ phường Đông Hà mới", on=ON)
        with pytest.raises(Http404):
            org_dissolve(actor=commune_officer, org=tree.dh, on=ON)


def test_a_restructuring_cannot_be_dated_before_later_changes_under_the_org(tree, commune_officer, refused):
    from tochuc.orgs.services import org_dissolve

    org_dissolve(actor=commune_officer, org=tree.dh_company_cell, on=date(2026, 3, 1), members_to=tree.dh1)
    with refused(field="on"):  # its cell closed on 01/03/2026: the company cannot be dissolved before that
        org_dissolve(actor=commune_officer, org=tree.dh_company, on=date(2026, 2, 1))
    org_dissolve(actor=commune_officer, org=tree.dh_company, on=date(2026, 3, 1))
