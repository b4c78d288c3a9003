"""Adversarial review: other scopes' pks on every pk URL (404 before 403, nothing written), bad input on the
forms (huge, negative, NUL, impossible dates, unknown choices, "²" in query strings) answered with a
Vietnamese error beside the field and never a 500."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from tochuc.congresses.choices import Body, CongressKind, EntryMode, NominationSource
from tochuc.congresses.models import BallotRecord, Candidate, Election, Nomination
from tochuc.congresses.services.congresses import congress_create
from tochuc.congresses.services.delegates import delegate_add
from tochuc.congresses.services.elections import ballot_record, election_create
from tochuc.congresses.services.personnel import nomination_add, plan_save
from tochuc.recruitment.forms import member_option

TERM = "2025-2030"
HELD = date(2025, 8, 12)
HUGE = str(10**20)


@pytest.fixture
def lb(tree):
    congress = congress_create(
        actor=None, org=tree.lb, term=TERM, kind=CongressKind.MEMBERS, planned_from=date(2025, 8, 10)
    )
    election = election_create(
        actor=None, congress=congress, body=Body.COMMITTEE, held_on=HELD, seats=1, summoned=9, ballots_issued=9,
        candidates=tree.members["44.LB.01"][:2],
    )  # fmt: skip
    ballot = ballot_record(actor=None, election=election, kept=[election.candidates.first()])
    delegate = delegate_add(actor=None, congress=congress, member=tree.members["44.LB.01"][0])
    return congress, election, ballot, delegate


@pytest.fixture
def dh(tree):
    congress = congress_create(
        actor=None, org=tree.dh, term=TERM, kind=CongressKind.MEMBERS, planned_from=date(2025, 8, 10)
    )
    election = election_create(
        actor=None, congress=congress, body=Body.COMMITTEE, held_on=HELD, seats=1, summoned=9, ballots_issued=9,
        candidates=tree.members["44.DH.01"][:2],
    )  # fmt: skip
    return congress, election


def test_a_commune_officer_gets_404_on_every_pk_url_of_another_commune(client, commune_officer, lb, dh):
    congress, election, ballot, delegate = lb
    mine, _mine_election = dh
    client.force_login(commune_officer)
    posts = [
        reverse("congresses:status", args=[congress.pk]),
        reverse("congresses:edit", args=[congress.pk]),
        reverse("congresses:allocation", args=[congress.pk]),
        reverse("congresses:delegates", args=[congress.pk]),
        reverse("congresses:delegates_summon", args=[congress.pk]),
        reverse("congresses:delegates_ex_officio", args=[congress.pk]),
        reverse("congresses:delegate_update", args=[congress.pk, delegate.pk]),
        reverse("congresses:delegate_remove", args=[congress.pk, delegate.pk]),
        reverse("congresses:election_ballot", args=[election.pk]),
        reverse("congresses:election_ballot_edit", args=[ballot.pk]),
        reverse("congresses:election_ballot_delete", args=[ballot.pk]),
        reverse("congresses:election_issued", args=[election.pk]),
        reverse("congresses:election_totals", args=[election.pk]),
        reverse("congresses:election_count", args=[election.pk]),
        reverse("congresses:election_next_round", args=[election.pk]),
        reverse("congresses:election_approve", args=[election.pk]),
        reverse("congresses:election_create", args=[congress.pk]),
        reverse("congresses:personnel", args=[congress.pk]),
        reverse("congresses:nomination_add", args=[congress.pk]),
    ]
    for url in posts:
        assert client.post(url, {"reason": "x", "credentials": "accepted"}).status_code == 404, url
    # A delegate of another congress reached through one's own congress's URL.
    assert (
        client.post(
            reverse("congresses:delegate_update", args=[mine.pk, delegate.pk]), {"credentials": "accepted"}
        ).status_code
        == 404
    )
    assert (
        client.post(reverse("congresses:delegate_remove", args=[mine.pk, delegate.pk]), {"reason": "x"}).status_code
        == 404
    )
    assert BallotRecord.objects.filter(pk=ballot.pk).exists()
    for url in (
        reverse("congresses:detail", args=[congress.pk]),
        reverse("congresses:election_detail", args=[election.pk]),
        reverse("congresses:election_minutes", args=[election.pk]),
        reverse("congresses:credentials", args=[congress.pk]),
        reverse("congresses:delegates_export", args=[congress.pk]),
        reverse("congresses:committee", args=[congress.org.code]),
    ):
        assert client.get(url).status_code == 404, url


def test_writes_refuse_get(client, commune_officer, dh):
    congress, election = dh
    client.force_login(commune_officer)
    for url in (
        reverse("congresses:status", args=[congress.pk]),
        reverse("congresses:delegates_summon", args=[congress.pk]),
        reverse("congresses:election_approve", args=[election.pk]),
        reverse("congresses:election_next_round", args=[election.pk]),
        reverse("congresses:nomination_add", args=[congress.pk]),
    ):
        assert client.get(url).status_code == 405, url


def _election_post(people, **over):
    data = {
        "body": Body.COMMITTEE, "held_on": "12/08/2025", "seats": "1", "summoned": "9", "absent_excused": "0",
        "ballots_issued": "9", "entry_mode": EntryMode.BALLOTS,
        "candidates": "\n".join(member_option(m) for m in people),
    }  # fmt: skip
    data.update(over)
    return data


@pytest.mark.parametrize(
    "field,value",
    [
        ("seats", HUGE),
        ("summoned", HUGE),
        ("absent_excused", HUGE),
        ("ballots_issued", HUGE),
        ("seats", "-1"),
        ("held_on", "31/02/2026"),
        ("held_on", "01/01/0001"),
        ("held_on", "12/08/2025\x00"),
        ("body", "president"),
        ("entry_mode", "both"),
        ("candidates", "\x00"),
        ("candidates", "x" * 100_000),
    ],
)
def test_a_bad_election_form_is_answered_beside_the_field(client, commune_officer, tree, field, value):
    congress = congress_create(
        actor=None, org=tree.dh, term=TERM, kind=CongressKind.MEMBERS, planned_from=date(2025, 8, 10)
    )
    client.force_login(commune_officer)
    response = client.post(
        reverse("congresses:election_create", args=[congress.pk]),
        _election_post(tree.members["44.DH.01"], **{field: value}),
    )
    assert response.status_code == 400
    assert response.context["form"].errors.get(field) or response.context["form"].non_field_errors()
    assert not Election.objects.exists()


def test_huge_totals_are_refused_beside_the_field(client, commune_officer, tree):
    congress = congress_create(
        actor=None, org=tree.dh, term=TERM, kind=CongressKind.MEMBERS, planned_from=date(2025, 8, 10)
    )
    election = election_create(
        actor=None, congress=congress, body=Body.COMMITTEE, held_on=HELD, seats=1, summoned=9, ballots_issued=9,
        candidates=tree.members["44.DH.01"][:2], entry_mode=EntryMode.TOTALS,
    )  # fmt: skip
    a, b = election.candidates.order_by("position")
    client.force_login(commune_officer)
    response = client.post(
        reverse("congresses:election_totals", args=[election.pk]),
        {"ballots_issued": HUGE, "collected": HUGE, "invalid": "0", f"votes_{a.pk}": HUGE, f"votes_{b.pk}": "0"},
    )
    assert response.status_code == 400
    assert response.context["form"].errors
    assert Candidate.objects.filter(votes__isnull=False).count() == 0


def test_a_huge_floor_count_is_refused_beside_the_field(client, commune_officer, tree):
    congress = congress_create(
        actor=None, org=tree.dh, term=TERM, kind=CongressKind.MEMBERS, planned_from=date(2025, 8, 10)
    )
    plan_save(
        actor=None, congress=congress, committee_seats=5, standing_seats=0, deputy_secretaries=0, inspection_seats=0,
        women_target=0, young_target=0, minority_target=0,
    )  # fmt: skip
    client.force_login(commune_officer)
    member = tree.members["44.DH.01"][0]
    response = client.post(
        reverse("congresses:nomination_add", args=[congress.pk]),
        {
            "nom-body": Body.COMMITTEE, "nom-member": member_option(member), "nom-source": NominationSource.FLOOR,
            "nom-present": HUGE, "nom-support": HUGE,
        },
    )  # fmt: skip
    assert response.status_code == 400
    assert not Nomination.objects.exists()


@pytest.mark.parametrize("query", ["?page=²", "?org=²", "?status=²", "?term=²", "?body=²", "?q=%00", "?page=-1"])
def test_query_strings_never_break_the_lists(client, province_officer, tree, query):
    client.force_login(province_officer)
    for name in ("list", "board", "election_list", "plans", "export", "board_export"):
        response = client.get(reverse(f"congresses:{name}") + query)
        # An unknown org code is a 404 (as everywhere: `org_from_query`); nothing answers with a 500.
        expected = (404,) if query.startswith("?org=") else (200, 400)
        assert response.status_code in expected, (name, query, response.status_code)


def test_withdrawing_a_nomination_or_ending_a_seat_of_another_commune_is_404(
    client, outsider, tree, make_member, nothing_written
):
    from tochuc.congresses.choices import Origin
    from tochuc.congresses.models import CommitteeMembership

    congress = congress_create(
        actor=None, org=tree.dh, term=TERM, kind=CongressKind.MEMBERS, planned_from=date(2025, 8, 10)
    )
    plan = plan_save(
        actor=None, congress=congress, committee_seats=5, standing_seats=0, deputy_secretaries=0, inspection_seats=0,
        women_target=0, young_target=0, minority_target=0,
    )  # fmt: skip
    member = make_member(org=tree.dh1, birth_date=date(1988, 1, 1))
    nomination = nomination_add(
        actor=None, plan=plan, body=Body.COMMITTEE, member=member, source=NominationSource.CONVENING
    )
    seat = CommitteeMembership.objects.create(
        org=tree.dh, member=member, body=Body.COMMITTEE, term="2020-2025", origin=Origin.ELECTED,
        started_on=date(2020, 8, 1),
    )  # fmt: skip
    client.force_login(outsider)
    with nothing_written():
        response = client.post(
            reverse("congresses:nomination_withdraw", args=[nomination.pk]),
            {f"w{nomination.pk}-on": "01/08/2025", f"w{nomination.pk}-reason": "Chuyển công tác"},
        )
        assert response.status_code == 404
        response = client.post(
            reverse("congresses:membership_end", args=[seat.pk]),
            {f"end{seat.pk}-on": "01/08/2025", f"end{seat.pk}-reason": "Chuyển công tác"},
        )
        assert response.status_code == 404
