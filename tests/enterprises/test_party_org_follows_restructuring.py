"""When an enterprise's own party organization merges or dissolves into another org (orgs.services), the
enterprise takes that org for its party organization, audited, keeping the date it has had one since; unless
the receiving org cannot be an enterprise's (a commune's committee): then it is left for an officer."""

from __future__ import annotations

from datetime import date

import pytest

from tochuc.enterprises.models import Enterprise
from tochuc.orgs.models import OrgType, Sector
from tochuc.orgs.services import NewOrg, org_create, org_dissolve, org_merge

ON = date(2026, 1, 1)
SINCE = date(2025, 8, 1)


@pytest.fixture
def company_cells(tree, make_enterprise):
    """Two company cells under Đông Hà, each the party organization of its company."""

    def cell(code: str, name: str):
        return org_create(actor=None, code=code, name=name, org_type=OrgType.GRASSROOTS_CELL, parent=tree.dh,
                          opened_on=date(2025, 7, 1), sector=Sector.NON_STATE_ENTERPRISE)  # fmt: skip

    bakery, textile = cell("44.DH.BK", "Chi bộ Công ty TNHH Bánh Hòa"), cell("44.DH.DM", "Chi bộ Công ty Dệt may")
    return {
        "bakery": (bakery, make_enterprise("Công ty TNHH Bánh Hòa", party_org=bakery, party_org_since=SINCE)),
        "textile": (textile, make_enterprise("Công ty Dệt may", party_org=textile, party_org_since=SINCE)),
    }


def test_it_repoints_the_enterprise_when_its_cell_merges_into_another(
    tree, commune_officer, company_cells, audit_watch
):
    (bakery_cell, bakery), (textile_cell, textile) = company_cells["bakery"], company_cells["textile"]
    watch = audit_watch()

    org_merge(actor=commune_officer, sources=[bakery_cell], target=textile_cell, on=ON)

    bakery.refresh_from_db()
    assert (bakery.party_org, bakery.party_org_since) == (textile_cell, SINCE)
    textile.refresh_from_db()
    assert (textile.party_org, textile.party_org_since) == (textile_cell, SINCE)
    [event] = [e for e in watch.events() if e.action == "enterprise.party_org"]
    assert event.object_id == str(bakery.pk)
    assert event.changes == {"party_org": {"before": "44.DH.BK", "after": "44.DH.DM"}}
    assert event.actor == commune_officer


def test_it_repoints_both_enterprises_when_their_cells_merge_into_a_new_one(tree, commune_officer, company_cells):
    cells = [cell for cell, _enterprise in company_cells.values()]
    new = NewOrg(code="44.DH.DN", name="Chi bộ các doanh nghiệp", org_type=OrgType.GRASSROOTS_CELL,
                 sector=Sector.NON_STATE_ENTERPRISE, parent=tree.dh)  # fmt: skip

    target = org_merge(actor=commune_officer, sources=cells, on=ON, new=new)

    enterprises = Enterprise.objects.filter(pk__in=[e.pk for _c, e in company_cells.values()])
    assert {(e.party_org_id, e.party_org_since) for e in enterprises} == {(target.pk, SINCE)}


def test_it_leaves_the_enterprise_when_its_cell_dissolves_into_the_communes_committee(
    tree, commune_officer, company_cells, audit_watch
):
    # A commune's committee is the area's party organization, never an enterprise's own: the company has no
    # party organization of its own any more, which an officer records (enterprise_party_org_set).
    bakery_cell, bakery = company_cells["bakery"]
    watch = audit_watch()

    org_dissolve(actor=commune_officer, org=bakery_cell, on=ON, members_to=tree.dh)

    bakery.refresh_from_db()
    assert (bakery.party_org, bakery.party_org_since) == (bakery_cell, SINCE)
    assert not [e for e in watch.events() if e.action == "enterprise.party_org"]
