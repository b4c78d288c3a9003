"""The batch page reads the ratings of every candidate in the database (one subquery per year), so the number
of queries does not grow with the candidates listed, for one year or five."""

from __future__ import annotations

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.http import urlencode

from tochuc.awards.selectors.nominees import batch_candidates


def _count(client, query: dict) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as ctx:
        page = client.get(f"{reverse('awards:batch')}?{urlencode(query)}")
    assert page.status_code == 200
    return len(ctx.captured_queries), len(page.context["rows"])


def test_the_batch_page_runs_a_flat_number_of_queries(client, tree, rate, commune_officer):
    people = [m for code in ("44.DH.01", "44.DH.02", "44.DH.CT.01") for m in tree.members[code]]
    client.force_login(commune_officer)
    one = {"proposing_org": tree.dh.code, "kind": "member", "form": "commendation", "period_type": "annual",
           "year_to": 2025}  # fmt: skip
    five = {**one, "period_type": "five_year"}
    counts = {}
    for n in (2, len(people)):
        for m in people[:n]:
            for year in range(2021, 2026):
                if not m.rating_entries.filter(campaign__year=year).exists():
                    rate(m, year)
        counts[n] = (_count(client, one), _count(client, five))
    (q_one_small, listed_small), (q_five_small, _x) = counts[2]
    (q_one_all, listed_all), (q_five_all, listed_five) = counts[len(people)]
    assert (listed_small, listed_all, listed_five) == (2, len(people), len(people))
    assert q_one_small == q_one_all and q_five_small == q_five_all


def test_the_batch_follows_the_latest_decision_of_a_year(tree, rate, commune_officer):
    lowered, raised, _other = tree.members["44.DH.01"]
    rate(lowered, 2025, "excellent", decided_on=date(2025, 12, 20), campaign_org=tree.dh)
    rate(lowered, 2025, "good", decided_on=date(2026, 1, 15))
    rate(raised, 2025, "good", decided_on=date(2025, 12, 20), campaign_org=tree.dh)
    rate(raised, 2025, "excellent", decided_on=date(2026, 1, 15))
    listed = batch_candidates(actor=commune_officer, org=tree.dh, kind="member", form="commendation",
                              period_type="annual", year_to=2025, on=date(2026, 1, 20))  # fmt: skip
    assert [m.pk for m in listed] == [raised.pk]
