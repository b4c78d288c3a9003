"""The demo's enterprise register: written through the services on the seeded province, the same for the
same seed, every enterprise of the tree with its party organization, communes with some eligible to found one."""

from __future__ import annotations

import random
import time
from datetime import date

from tochuc.demo.enterprises import seed_enterprises
from tochuc.enterprises.models import CellTarget, Enterprise
from tochuc.enterprises.rules import tax_code_problem
from tochuc.orgs.models import Sector

TODAY = date(2026, 11, 29)


def test_it_seeds_the_test_tree_through_the_services(tree):
    counts = seed_enterprises(root=tree.province, today=TODAY, rng=random.Random(7))
    assert counts["with_party_org"] == 1
    company = Enterprise.objects.get(party_org=tree.dh_company)
    assert (company.org, company.party_members) == (tree.dh, 3)  # the three members of its cell
    assert Enterprise.objects.filter(party_org__isnull=True).count() == counts["without_party_org"] >= 4
    assert all(tax_code_problem(e.tax_code) is None for e in Enterprise.objects.exclude(tax_code=None))
    assert all(e.party_members <= e.employees for e in Enterprise.objects.all())


def test_the_demo_province_gets_a_register_quickly(db):
    from tochuc.demo import province

    plan = province.plan_province(seed=1, members=300, today=TODAY)
    root = province.seed_province(plan=plan)["root"]
    started = time.monotonic()
    counts = seed_enterprises(root=root, today=TODAY, seed=1)
    assert time.monotonic() - started < 60
    enterprise_orgs = Enterprise.objects.filter(party_org__sector__in=[Sector.STATE_ENTERPRISE,
                                                                       Sector.NON_STATE_ENTERPRISE,
                                                                       Sector.FOREIGN_ENTERPRISE])  # fmt: skip
    assert enterprise_orgs.count() == counts["with_party_org"] > 10
    assert counts["without_party_org"] > 78 * 2
    assert counts["eligible"] > 0
    assert CellTarget.objects.filter(year=TODAY.year).count() == counts["targets"] > 0
