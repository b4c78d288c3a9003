"""org_create: establishing a party organization under an open parent of a fitting type."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from tochuc.core.models import AuditEvent
from tochuc.orgs.models import SEGMENT, Org, OrgEvent, OrgType, Sector
from tochuc.orgs.selectors import org_tree
from tochuc.orgs.services import org_create, org_dissolve

ON = date(2026, 1, 5)


def create(actor, parent, **overrides):
    fields = {
        "code": "44.DH.03",
        "name": "Chi bộ  khu phố 3",
        "org_type": OrgType.GRASSROOTS_CELL,
        "opened_on": ON,
        "sector": Sector.RESIDENTIAL,
        **overrides,
    }
    return org_create(actor=actor, parent=parent, **fields)


def test_it_creates_an_org_under_its_parent(tree, commune_officer, audit_watch):
    watch = audit_watch()
    org = create(commune_officer, tree.dh, decision_no="125-QĐ/ĐU")

    assert org.parent == tree.dh
    assert org.path == tree.dh.path + f"{org.pk:08x}."
    assert len(org.path) == len(tree.dh.path) + SEGMENT
    assert org.depth == 2
    assert (org.name, org.name_folded) == ("Chi bộ khu phố 3", "chi bo khu pho 3")
    assert org.is_open
    [period] = org.periods.all()
    assert (period.name, period.parent, period.valid_from, period.valid_to) == ("Chi bộ khu phố 3", tree.dh, ON, None)
    [event] = OrgEvent.objects.filter(results=org)
    assert (event.kind, event.on, event.decision_no, event.actor) == ("create", ON, "125-QĐ/ĐU", commune_officer)

    [audit] = watch.events()
    assert (audit.action, audit.actor, audit.org_path, audit.note) == (
        "org.create",
        commune_officer,
        org.path,
        "125-QĐ/ĐU",
    )
    assert audit.changes["code"] == {"before": None, "after": "44.DH.03"}
    assert audit.changes["parent"] == {"before": None, "after": "44.DH"}
    assert audit.changes["opened_on"] == {"before": None, "after": "2026-01-05"}
    assert [r.code for r in org_tree(actor=commune_officer, root=tree.dh)].count("44.DH.03") == 1


def test_the_tree_fixture_is_built_through_the_service(tree):
    assert AuditEvent.objects.filter(action="org.create").count() == Org.objects.count() == 9
    assert tree.dh_company_cell.depth == 3
    assert tree.dh_company_cell.path.startswith(tree.dh_company.path)
    assert tree.dh_company.path.startswith(tree.dh.path)


def test_it_refuses_a_closed_parent(tree, commune_officer, refused):
    org_dissolve(actor=commune_officer, org=tree.dh2, on=ON, members_to=tree.dh1)
    with refused(field="parent"):
        create(commune_officer, tree.dh2, org_type=OrgType.PARTY_GROUP, name="Tổ đảng số 1", code="44.DH.02.T1")


@pytest.mark.parametrize("code", ["44.DH.01", "44.dh.01", " 44.Dh.01 "])
def test_it_refuses_a_duplicate_code_whatever_its_case(tree, commune_officer, refused, code):
    with refused(field="code"):
        create(commune_officer, tree.dh, code=code)


@pytest.mark.parametrize("code", ["44 DH 03", "44.ĐH.03", ".44", "", "x" * 41])
def test_it_refuses_a_malformed_code(tree, commune_officer, refused, code):
    with refused(field="code"):
        create(commune_officer, tree.dh, code=code)


def test_it_refuses_an_empty_name(tree, commune_officer, refused):
    with refused(field="name"):
        create(commune_officer, tree.dh, name="   ")


@pytest.mark.parametrize(
    ("parent", "org_type"),
    [
        ("province", OrgType.CELL),  # a chi bộ trực thuộc directly under the Tỉnh ủy
        ("province", OrgType.PARTY_GROUP),
        ("dh", OrgType.SUB_COMMITTEE),  # đảng bộ bộ phận exists only inside a đảng bộ cơ sở
        ("dh1", OrgType.GRASSROOTS_CELL),
        ("dh_company", OrgType.GRASSROOTS_CELL),
        ("dh_company", OrgType.UPPER_GRASSROOTS_COMMITTEE),
    ],
)
def test_it_refuses_a_type_that_cannot_sit_under_the_parent(tree, admin_user, refused, parent, org_type):
    with refused(field="parent"):
        create(admin_user, getattr(tree, parent), org_type=org_type)


@pytest.mark.parametrize(
    ("parent", "org_type"),
    [
        ("province", OrgType.GRASSROOTS_CELL),  # a grassroots organization directly under the Tỉnh ủy
        ("province", OrgType.GRASSROOTS_COMMITTEE),
        ("dh_company", OrgType.SUB_COMMITTEE),
        ("dh1", OrgType.PARTY_GROUP),
    ],
)
def test_it_accepts_the_allowed_parent_and_child_types(tree, admin_user, parent, org_type):
    org = create(admin_user, getattr(tree, parent), org_type=org_type)
    assert org.org_type == org_type


def test_it_refuses_a_second_root(tree, refused):
    with refused(field="parent"):
        create(None, None, code="45", name="Đảng bộ tỉnh Quảng Bình", org_type=OrgType.PROVINCE_COMMITTEE)


def test_it_refuses_an_opening_date_in_the_future(tree, commune_officer, refused):
    with refused(field="opened_on"):
        create(commune_officer, tree.dh, opened_on=timezone.localdate() + timedelta(days=1))


def test_it_refuses_an_opening_date_before_the_parent(tree, commune_officer, refused):
    with refused(field="opened_on"):
        create(commune_officer, tree.dh, opened_on=date(2025, 6, 30))


def test_it_refuses_an_unknown_sector(tree, commune_officer, refused):
    with refused(field="sector"):
        create(commune_officer, tree.dh, sector="tourism")
