"""The register's pages run a fixed number of queries however many enterprises and orgs there are (no N+1)."""

from __future__ import annotations

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tochuc.enterprises.services import enterprise_create
from tochuc.orgs.services import org_create

PAGES = [
    ("enterprises:list", {}),
    ("enterprises:list", {"org": "44.DH"}),
    ("enterprises:list", {"q": "cong ty", "sector": "non_state", "party_org": "no"}),
    ("enterprises:list", {"eligible": "on", "closed": "on"}),
    ("enterprises:list", {"page": "2"}),
    ("enterprises:targets", {"org": "44.DH", "year": "2026"}),
    ("enterprises:targets", {"org": "44", "year": "2026"}),
]


def _queries(client, name, params) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse(name), params)
    assert response.status_code == 200, (name, params)
    return len(ctx.captured_queries)


def _grow(tree, n: int, start: int = 0) -> None:
    """n more cells under 44.DH, each the area of two enterprises, one of them with its own party cell."""
    for i in range(start, start + n):
        area = org_create(actor=None, code=f"44.DH.Q{i}", name=f"Chi bộ tổ {i}", org_type="grassroots_cell",
                          parent=tree.dh, opened_on=date(2025, 7, 1), sector="residential")  # fmt: skip
        cell = org_create(actor=None, code=f"44.DH.C{i}", name=f"Chi bộ Công ty {i}", org_type="grassroots_cell",
                          parent=tree.dh, opened_on=date(2025, 7, 1), sector="non_state_enterprise")  # fmt: skip
        enterprise_create(actor=None, org=area, name=f"Công ty TNHH Số {i}", sector="non_state", employees=20,
                          party_members=3, tax_code=f"3201{i:06d}")  # fmt: skip
        enterprise_create(actor=None, org=area, name=f"Công ty CP Số {i}", sector="non_state", employees=50,
                          party_members=5, party_org=cell, party_org_since=date(2026, 1, 5))  # fmt: skip


def test_the_pages_do_not_grow_with_the_register(client, tree, province_officer, monkeypatch):
    from tochuc.enterprises import views

    monkeypatch.setattr(views, "PAGE_SIZE", 5)  # "page 2" exists from the start
    _grow(tree, 3)
    client.force_login(province_officer)
    small = [_queries(client, name, params) for name, params in PAGES]
    _grow(tree, 12, start=3)
    large = [_queries(client, name, params) for name, params in PAGES]
    assert small == large, (small, large)
    assert max(large) <= 15
