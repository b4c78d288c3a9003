"""The history of a member and of an org (`selectors.nominees.member_history`, `org_history`): every award with
its decision's number and date, whoever proposed it; nominations still open only where proposed in scope."""

from __future__ import annotations

from datetime import date

import pytest
from django.http import Http404
from django.urls import reverse

from tochuc.awards.selectors.nominees import member_history, org_history
from tochuc.awards.services.decisions import decision_create
from tochuc.awards.services.nominees import nominee_propose, nominee_review


@pytest.fixture
def an(tree, rate):
    member = tree.members["44.DH.01"][0]
    for year in range(2021, 2026):
        rate(member, year)
    return member


def _propose(actor, org, member, **kw):
    values = {"form": "merit", "period_type": "annual", "year_to": 2025, "proposed_on": date(2026, 1, 10), **kw}
    return nominee_propose(actor=actor, proposing_org=org, kind="member", member=member, **values)


def test_a_members_history_lists_the_awards_newest_first(an, tree, commune_officer, province_officer, cell_secretary):
    annual = _propose(commune_officer, tree.dh, an)
    five = _propose(commune_officer, tree.dh, an, period_type="five_year", year_from=2021)
    for n in (annual, five):
        nominee_review(actor=province_officer, nominee=n, accept=True, reviewed_on=date(2026, 1, 14))
    decision_create(actor=province_officer, org=tree.province, nominees=[annual], number="1520-QĐ/TU",
                    signed_on=date(2026, 1, 20), signer_name="Lê Ngọc Quang", signer_title="Bí thư", form="merit",
                    period_type="annual", title="", year_to=2025)  # fmt: skip
    pending_by_cell = _propose(cell_secretary, tree.dh1, an, form="commendation")
    # The cell's secretary sees the province's award and the cell's own proposal, not the commune's open one.
    seen = member_history(actor=cell_secretary, member=an)
    assert [(n.form, n.period_type, n.status) for n in seen] == [
        ("commendation", "annual", "proposed"),
        ("merit", "annual", "awarded"),
    ]
    assert seen[1].decision.number == "1520-QĐ/TU"
    assert {n.pk for n in member_history(actor=commune_officer, member=an)} == {annual.pk, five.pk, pending_by_cell.pk}


def test_the_history_page_is_scoped(client, an, tree, outsider, viewer):
    client.force_login(viewer)
    assert client.get(reverse("awards:member_history", args=[an.pk])).status_code == 200
    assert client.get(reverse("awards:org_history", args=[tree.dh1.pk])).status_code == 200
    client.force_login(outsider)
    assert client.get(reverse("awards:member_history", args=[an.pk])).status_code == 404
    with pytest.raises(Http404):
        member_history(actor=outsider, member=an)
    with pytest.raises(Http404):
        org_history(actor=outsider, org=tree.dh1)


def test_an_orgs_history_lists_its_awards_as_a_collective(tree, rate, commune_officer, province_officer):
    rate(tree.dh1, 2025)
    n = nominee_propose(actor=commune_officer, proposing_org=tree.dh, kind="org", recipient_org=tree.dh1,
                        form="flag", period_type="annual", year_to=2025, proposed_on=date(2026, 1, 10))  # fmt: skip
    assert [x.pk for x in org_history(actor=province_officer, org=tree.dh1)] == [n.pk]
    assert org_history(actor=province_officer, org=tree.dh2) == []
