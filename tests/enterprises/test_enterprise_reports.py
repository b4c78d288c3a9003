"""The enterprise reports run by the engine, checked against counts made by hand from the fixture:

Đông Hà: garment (non-state, 4 members, no party org, union, youth union), joint-stock (non-state, committee
since 01/09/2025, union), trading (non-state, 1 member), power (state, own cell, union).
Lao Bảo: logistics (foreign, youth union), farm (non-state, 3 members, no party org, in the cell 44.LB.01's
area), and a ceased company that no count includes."""

from __future__ import annotations

from datetime import date

import pytest

from tochuc.core.errors import DomainError
from tochuc.enterprises.reports import CELL_TARGETS, ENTERPRISES
from tochuc.enterprises.services import cell_target_set, enterprise_party_org_set
from tochuc.reports.engine import run


def _rows(result):
    return {r.key: r.values for r in result.data_rows}


def test_the_enterprises_report_counts_each_commune_as_counted_by_hand(tree, firms):
    result = run(ENTERPRISES, org=tree.province, as_of=None)
    rows = _rows(result)
    assert set(rows) == {"44.DH", "44.LB"}
    dh, lb = rows["44.DH"], rows["44.LB"]
    assert (dh["enterprises"], dh["state"], dh["non_state"], dh["foreign"]) == (4, 1, 3, 0)
    assert (dh["with_party_org"], dh["non_state_with_party_org"]) == (2, 1)
    assert (dh["non_state_without_party_org"], dh["eligible"]) == (2, 1)
    assert (dh["trade_union"], dh["youth_union"]) == (3, 1)
    assert dh["non_state_share"] == 33.3
    assert (lb["enterprises"], lb["state"], lb["non_state"], lb["foreign"]) == (2, 0, 1, 1)
    assert (lb["with_party_org"], lb["non_state_with_party_org"]) == (0, 0)
    assert (lb["non_state_without_party_org"], lb["eligible"]) == (1, 1)
    assert (lb["trade_union"], lb["youth_union"]) == (0, 1)
    assert result.total["enterprises"] == 6
    assert result.total["eligible"] == 2
    assert result.total["non_state_share"] == 25.0  # 1 of 4


def test_a_commune_reports_its_enterprises_directly_and_its_cells_areas_in_their_rows(tree, firms):
    result = run(ENTERPRISES, org=tree.lb, as_of=None)
    rows = {r.key: (r.kind, r.values["enterprises"]) for r in result.rows if r.kind in ("org", "direct")}
    assert rows["44.LB.01"] == ("org", 1)  # the farm company
    assert rows["44.LB"] == ("direct", 1)  # the logistics company sits in the commune itself
    assert result.total["enterprises"] == 2


def test_the_threshold_follows_the_rule_table(tree, firms, monkeypatch):
    from tochuc.enterprises import selectors

    monkeypatch.setattr(selectors, "founding_threshold", lambda on=None: 4)
    result = run(ENTERPRISES, org=tree.province, as_of=None)
    assert result.total["eligible"] == 1  # the farm company's 3 members are not enough any more


def test_the_enterprises_report_is_today_only(tree, firms):
    with pytest.raises(DomainError):
        run(ENTERPRISES, org=tree.province, as_of=date(2026, 1, 1))


def test_cell_targets_report_counts_the_period_against_rolled_up_targets(tree, firms, commune_officer):
    enterprise_party_org_set(actor=None, enterprise=firms.garment, party_org=tree.dh_company_cell,
                             since=date(2026, 3, 2))  # fmt: skip
    cell_target_set(actor=None, org=tree.dh, year=2026, count=4)
    cell_target_set(actor=None, org=tree.lb1, year=2026, count=1)  # Lao Bảo set none for itself: its cell's
    result = run(CELL_TARGETS, org=tree.province, start=date(2026, 1, 1), end=date(2026, 12, 31))
    rows = _rows(result)
    assert (rows["44.DH"]["founded"], rows["44.DH"]["target"], rows["44.DH"]["achieved"]) == (1, 4, 25.0)
    assert (rows["44.DH"]["without"], rows["44.DH"]["eligible"]) == (1, 0)  # trading is left, with 1 member
    assert (rows["44.LB"]["founded"], rows["44.LB"]["target"], rows["44.LB"]["achieved"]) == (0, 1, 0.0)
    assert (rows["44.LB"]["without"], rows["44.LB"]["eligible"]) == (1, 1)
    assert (result.total["founded"], result.total["target"], result.total["achieved"]) == (1, 5, 20.0)
    last_year = run(CELL_TARGETS, org=tree.province, start=date(2025, 1, 1), end=date(2025, 12, 31))
    assert last_year.total["founded"] == 1  # the joint-stock company's committee, 01/09/2025
    assert last_year.total["target"] is None


def test_the_provinces_own_target_is_the_total_when_it_was_set(tree, firms):
    cell_target_set(actor=None, org=tree.province, year=2026, count=10)
    cell_target_set(actor=None, org=tree.dh, year=2026, count=4)
    result = run(CELL_TARGETS, org=tree.province, start=date(2026, 1, 1), end=date(2026, 12, 31))
    assert result.total["target"] == 10


@pytest.fixture
def registered(monkeypatch):
    """The reports registered in the catalogue, as reports.catalog.REPORTS will list them."""
    from tochuc.reports import catalog

    monkeypatch.setitem(catalog.REPORTS, ENTERPRISES.name, ENTERPRISES)
    monkeypatch.setitem(catalog.REPORTS, CELL_TARGETS.name, CELL_TARGETS)


def test_the_report_pages_and_files_render_in_scope(client, tree, firms, registered, commune_officer, outsider):
    from django.urls import reverse

    client.force_login(commune_officer)
    response = client.get(reverse("reports:show", args=["enterprises"]))
    assert response.status_code == 200
    assert response.context["result"].total["enterprises"] == 4
    for fmt in ("xlsx", "csv"):
        assert client.get(reverse("reports:download", args=["enterprises", fmt])).status_code == 200
    response = client.get(reverse("reports:show", args=["cell_targets"]), {"start": "01/01/2025", "end": "31/12/2025"})
    assert response.context["result"].total["founded"] == 1
    client.force_login(outsider)
    response = client.get(reverse("reports:show", args=["enterprises"]), {"org": "44.DH"})
    assert response.context["result"] is None
