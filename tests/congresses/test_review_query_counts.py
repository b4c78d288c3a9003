"""Query counts stay flat on the congresses' lists (board, congress list, delegates, elections, ballots, plans,
credentials report) however many rows they show: no N+1."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tochuc.congresses.choices import Body, CongressKind, NominationSource
from tochuc.congresses.services.congresses import congress_create
from tochuc.congresses.services.delegates import delegate_add
from tochuc.congresses.services.elections import ballot_record, election_create
from tochuc.congresses.services.personnel import nomination_add, plan_save
from tochuc.orgs.services import org_create

TERM = "2025-2030"
HELD = date(2025, 8, 12)


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.fixture
def world(tree, make_member):
    congress = congress_create(
        actor=None, org=tree.dh, term=TERM, kind=CongressKind.MEMBERS, planned_from=date(2025, 8, 10)
    )
    plan = plan_save(
        actor=None, congress=congress, committee_seats=30, standing_seats=0, deputy_secretaries=0,
        inspection_seats=0, women_target=0, young_target=0, minority_target=0,
    )  # fmt: skip
    state = {"n": 0}

    def grow(n):
        for _ in range(n):
            i = state["n"]
            state["n"] += 1
            cell = org_create(
                actor=None, code=f"44.DH.Y{i}", name=f"Chi bộ khu phố {i}", org_type="grassroots_cell",
                parent=tree.dh, opened_on=date(2025, 7, 1), sector="residential",
            )  # fmt: skip
            lower = congress_create(
                actor=None, org=cell, term=TERM, kind=CongressKind.MEMBERS, planned_from=date(2025, 6, 1)
            )
            a = make_member(org=cell, full_name=f"Trần Văn Bình {i}a", birth_date=date(1985, 1, 1))
            b = make_member(org=cell, full_name=f"Trần Thị Mai {i}b", birth_date=date(1986, 1, 1))
            election_create(
                actor=None, congress=lower, body=Body.SECRETARY, held_on=date(2025, 6, 2), seats=1, summoned=2,
                candidates=[a, b],
            )  # fmt: skip
            delegate_add(actor=None, congress=congress, member=a)
            delegate_add(actor=None, congress=congress, member=b)
            nomination_add(actor=None, plan=plan, body=Body.COMMITTEE, member=a, source=NominationSource.CONVENING)
            election = election_create(
                actor=None, congress=congress, body=Body.COMMITTEE, round=1, held_on=HELD, seats=1, summoned=500,
                ballots_issued=500, candidates=[a, b],
            ) if i == 0 else congress.elections.get(round=1)  # fmt: skip
            for c in election.candidates.all():
                ballot_record(actor=None, election=election, kept=[c])
        return congress

    return grow


def test_the_lists_run_a_fixed_number_of_queries(client, commune_officer, world):
    congress = world(2)
    election = congress.elections.get(round=1)
    urls = [
        reverse("congresses:board") + f"?term={TERM}",
        reverse("congresses:list") + f"?term={TERM}",
        reverse("congresses:delegates", args=[congress.pk]),
        reverse("congresses:credentials", args=[congress.pk]),
        reverse("congresses:election_list"),
        reverse("congresses:elections", args=[congress.pk]),
        reverse("congresses:election_ballot", args=[election.pk]),
        reverse("congresses:personnel", args=[congress.pk]),
        reverse("congresses:plans"),
        reverse("congresses:detail", args=[congress.pk]),
        reverse("congresses:election_detail", args=[election.pk]),
        reverse("congresses:committee", args=[congress.org.code]),
    ]
    client.force_login(commune_officer)
    before = {url: _queries(client, url) for url in urls}
    world(6)
    after = {url: _queries(client, url) for url in urls}
    assert after == before
