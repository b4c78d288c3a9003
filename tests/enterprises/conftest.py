"""Enterprises on the shared tree, registered through the services (actor None: the system).

Under Đông Hà (44.DH): a garment company with 4 party members and no party organization (eligible to found
one), the joint-stock company whose committee 44.DH.CT is in the tree (founded 01/09/2025), a small trading
company, and a state power company with its own cell. Under Lao Bảo (44.LB): a foreign-invested logistics
company, a farm-produce company with 3 party members in the area of the cell 44.LB.01, and one that ceased.
"""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from tochuc.enterprises.models import EnterpriseSector
from tochuc.enterprises.services import enterprise_close, enterprise_create
from tochuc.orgs.models import OrgType, Sector
from tochuc.orgs.services import org_create

NON_STATE, STATE, FOREIGN = EnterpriseSector.NON_STATE, EnterpriseSector.STATE, EnterpriseSector.FOREIGN


@pytest.fixture
def make_enterprise(db, tree):
    """make_enterprise(name=..., **overrides) -> Enterprise in 44.DH, non-state, unless told otherwise."""

    def _make(name: str = "Công ty TNHH Thử nghiệm", **kwargs):
        kwargs.setdefault("org", tree.dh)
        kwargs.setdefault("sector", NON_STATE)
        return enterprise_create(actor=None, name=name, **kwargs)

    return _make


@pytest.fixture
def firms(tree, make_enterprise) -> SimpleNamespace:
    power_cell = org_create(
        actor=None,
        code="44.DH.DL",
        name="Chi bộ Công ty Điện lực Quảng Trị",
        org_type=OrgType.GRASSROOTS_CELL,
        parent=tree.dh,
        opened_on=date(2025, 7, 1),
        sector=Sector.STATE_ENTERPRISE,
    )
    garment = make_enterprise(
        "Công ty TNHH May mặc Hòa Phát",
        tax_code="3200123456",
        employees=120,
        party_members=4,
        has_trade_union=True,
        trade_union_members=80,
        has_youth_union=True,
        youth_union_members=30,
        surveyed_on=date(2026, 6, 30),
    )
    joint_stock = make_enterprise(
        "Công ty Cổ phần Đông Hà",
        tax_code="3200654321",
        employees=300,
        party_members=12,
        has_trade_union=True,
        trade_union_members=250,
        party_org=tree.dh_company,
        party_org_since=date(2025, 9, 1),
    )
    trading = make_enterprise("Công ty TNHH Thương mại Minh Tâm", employees=15, party_members=1)
    power = make_enterprise(
        "Công ty Điện lực Quảng Trị",
        tax_code="3200111222001",
        sector=STATE,
        employees=500,
        party_members=80,
        has_trade_union=True,
        trade_union_members=480,
        party_org=power_cell,
        party_org_since=date(2010, 5, 19),
    )
    logistics = make_enterprise(
        "Công ty TNHH Logistics Lao Bảo",
        org=tree.lb,
        sector=FOREIGN,
        employees=200,
        has_youth_union=True,
        youth_union_members=60,
    )
    farm = make_enterprise("Công ty TNHH Nông sản Khe Sanh", org=tree.lb1, employees=40, party_members=3)
    ceased = make_enterprise("Công ty TNHH Gỗ Tân Lâm", org=tree.lb, employees=20, party_members=5)
    enterprise_close(actor=None, enterprise=ceased, on=date(2026, 3, 1))
    return SimpleNamespace(
        power_cell=power_cell,
        garment=garment,
        joint_stock=joint_stock,
        trading=trading,
        power=power,
        logistics=logistics,
        farm=farm,
        ceased=ceased,
    )
