"""The history page of a member lists an award proposed above the viewer's scope (it is part of the person's
record) without linking its nomination page, which would answer 404; the nominations the viewer may open stay
linked."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from tochuc.awards.services.decisions import decision_create
from tochuc.awards.services.nominees import nominee_propose, nominee_review


def test_an_award_proposed_above_the_scope_is_listed_but_not_linked(
    client, tree, rate, commune_officer, province_officer, cell_secretary
):
    member = tree.members["44.DH.01"][0]
    rate(member, 2025)
    by_commune = nominee_propose(actor=commune_officer, proposing_org=tree.dh, kind="member", member=member,
                                 form="merit", period_type="annual", year_to=2025,
                                 proposed_on=date(2026, 1, 10))  # fmt: skip
    nominee_review(actor=province_officer, nominee=by_commune, accept=True, reviewed_on=date(2026, 1, 14))
    decision_create(actor=province_officer, org=tree.province, nominees=[by_commune], number="1520-QĐ/TU",
                    signed_on=date(2026, 1, 20), signer_name="Lê Ngọc Quang", signer_title="Bí thư", form="merit",
                    period_type="annual", title="", year_to=2025)  # fmt: skip
    by_cell = nominee_propose(actor=cell_secretary, proposing_org=tree.dh1, kind="member", member=member,
                              form="commendation", period_type="annual", year_to=2025,
                              proposed_on=date(2026, 1, 12))  # fmt: skip
    client.force_login(cell_secretary)
    page = client.get(reverse("awards:member_history", args=[member.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and "1520-QĐ/TU" in html
    assert reverse("awards:detail", args=[by_cell.pk]) in html
    assert reverse("awards:detail", args=[by_commune.pk]) not in html
    assert client.get(reverse("awards:detail", args=[by_commune.pk])).status_code == 404
