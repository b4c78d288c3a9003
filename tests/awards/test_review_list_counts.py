"""The counts at the head of the nominee list are counted for the org and the year filtered; each count's link
keeps both, so that following it lists as many nominations as it says."""

from __future__ import annotations

import re
from datetime import date

from django.urls import reverse

from tochuc.awards.services.nominees import nominee_propose


def test_a_counts_link_keeps_the_year_it_was_counted_for(client, tree, rate, commune_officer):
    member = tree.members["44.DH.01"][0]
    for year in (2024, 2025):
        rate(member, year)
        nominee_propose(actor=commune_officer, proposing_org=tree.dh, kind="member", member=member,
                        form="commendation", period_type="annual", year_to=year,
                        proposed_on=date(2026, 1, 10))  # fmt: skip
    client.force_login(commune_officer)
    page = client.get(reverse("awards:list"), {"year": 2025, "org": tree.dh.code})
    assert page.context["counts"]["proposed"] == 1
    link = re.search(r'href="(\?status=proposed[^"]*)"', page.content.decode()).group(1).replace("&amp;", "&")
    listed = client.get(reverse("awards:list") + link)
    assert len(listed.context["rows"]) == 1
