"""Every form of the congresses app, posted with garbage in every field (empty, huge, negative, NUL, 31/02,
year 0001, unknown choices, another scope's codes): refused with a 400 (or 403/404), never a 500, and
nothing written."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from tochuc.congresses.choices import Body, CongressKind, EntryMode, NominationSource, Origin
from tochuc.congresses.models import CommitteeMembership
from tochuc.congresses.services.congresses import congress_create
from tochuc.congresses.services.delegates import delegate_add
from tochuc.congresses.services.elections import ballot_record, election_count, election_create
from tochuc.congresses.services.personnel import nomination_add, plan_save

TERM = "2025-2030"
FIELDS = [
    "status", "held_from", "held_to", "org", "term", "kind", "planned_from", "planned_to", "number",
    "reference_date", "pilot", "delegate_seats", "base_per_unit", "credentials", "credentials_note", "absent",
    "absence_excused", "absence_reason", "alternate", "reason", "on", "decision_no", "body", "source", "present",
    "support", "re_election", "kept", "invalid", "invalid_reason", "ballots_issued", "collected", "candidates",
    "held_on", "seats", "summoned", "absent_excused", "entry_mode", "member", "from_org", "committee_seats",
    "standing_seats", "deputy_secretaries", "inspection_seats", "women_target", "young_target", "minority_target",
    "origin", "started_on", "place", "chair", "board", "member_pick", "add_candidate",
]  # fmt: skip
PREFIXES = ["", "add-", "nom-", "appoint-"]
GARBAGE = ["", "\x00", "31/02/2026", "01/01/0001", "-1", str(10**30), "²", "x" * 5000, "44.LB", "1e3", "NaN"]


@pytest.fixture
def world(tree, make_member):
    dh = tree.dh
    congress = congress_create(
        actor=None, org=dh, term=TERM, kind=CongressKind.DELEGATES, planned_from=date(2025, 8, 10),
        delegate_seats=20,
    )  # fmt: skip
    plan = plan_save(
        actor=None, congress=congress, committee_seats=5, standing_seats=0, deputy_secretaries=0,
        inspection_seats=0, women_target=0, young_target=0, minority_target=0,
    )  # fmt: skip
    people = [make_member(org=tree.dh1, full_name=f"Vũ Văn Nam {i}", birth_date=date(1988, 1, 1)) for i in range(3)]
    nomination = nomination_add(
        actor=None, plan=plan, body=Body.COMMITTEE, member=people[0], source=NominationSource.CONVENING
    )
    delegate = delegate_add(actor=None, congress=congress, member=people[0])
    seat = CommitteeMembership.objects.create(
        org=dh, member=people[1], body=Body.COMMITTEE, term="2020-2025", origin=Origin.ELECTED,
        started_on=date(2020, 8, 1),
    )  # fmt: skip
    open_one = election_create(
        actor=None, congress=congress, body=Body.COMMITTEE, held_on=date(2025, 8, 12), seats=1, summoned=9,
        ballots_issued=9, candidates=people,
    )  # fmt: skip
    ballot = ballot_record(actor=None, election=open_one, kept=[open_one.candidates.first()])
    totals = election_create(
        actor=None, congress=congress, body=Body.INSPECTION, held_on=date(2025, 8, 12), seats=1, summoned=9,
        ballots_issued=9, candidates=people, entry_mode=EntryMode.TOTALS,
    )  # fmt: skip
    counted = election_create(
        actor=None, congress=congress, body=Body.STANDING, held_on=date(2025, 8, 12), seats=2, summoned=9,
        ballots_issued=9, candidates=people,
    )  # fmt: skip
    ballot_record(actor=None, election=counted, kept=[])
    election_count(actor=None, election=counted)
    return [
        reverse("congresses:create"),
        reverse("congresses:plan_term"),
        reverse("congresses:edit", args=[congress.pk]),
        reverse("congresses:status", args=[congress.pk]),
        reverse("congresses:allocation", args=[congress.pk]),
        reverse("congresses:delegates", args=[congress.pk]),
        reverse("congresses:delegate_update", args=[congress.pk, delegate.pk]),
        reverse("congresses:personnel", args=[congress.pk]),
        reverse("congresses:personnel_status", args=[congress.pk]),
        reverse("congresses:nomination_add", args=[congress.pk]),
        reverse("congresses:nomination_withdraw", args=[nomination.pk]),
        reverse("congresses:committee", args=[dh.code]),
        reverse("congresses:membership_end", args=[seat.pk]),
        reverse("congresses:election_create", args=[congress.pk]),
        reverse("congresses:election_ballot", args=[open_one.pk]),
        reverse("congresses:election_ballot_edit", args=[ballot.pk]),
        reverse("congresses:election_issued", args=[open_one.pk]),
        reverse("congresses:election_totals", args=[totals.pk]),
        reverse("congresses:election_next_round", args=[counted.pk]),
        reverse("congresses:election_approve", args=[counted.pk]),
        reverse("congresses:election_minutes", args=[counted.pk]) + "?place=%00&chair=²",
    ]


def test_garbage_in_every_field_is_never_a_500(client, admin_user, world, nothing_written):
    client.force_login(admin_user)
    with nothing_written():
        _post_garbage(client, world)


def test_a_delegate_is_not_removed_without_a_reason(client, admin_user, tree, nothing_written):
    congress = congress_create(
        actor=None, org=tree.dh, term=TERM, kind=CongressKind.MEMBERS, planned_from=date(2025, 8, 10)
    )
    delegate = delegate_add(actor=None, congress=congress, member=tree.members["44.DH.01"][0])
    client.force_login(admin_user)
    url = reverse("congresses:delegate_remove", args=[congress.pk, delegate.pk])
    with nothing_written():
        for value in ("", "   ", "\x00", "x" * 5000):
            assert client.post(url, {"reason": value}).status_code == 302


def _post_garbage(client, urls):
    for url in urls:
        for value in GARBAGE:
            data = {f"{p}{f}": value for p in PREFIXES for f in FIELDS}
            response = client.get(url) if url.endswith(".pdf") or "?" in url else client.post(url, data)
            assert response.status_code in (200, 302, 400, 403, 404, 405), (url, value, response.status_code)


QUERY_KEYS = [
    "page", "status", "body", "term", "kind", "late", "pilot", "credentials", "from_org", "absent", "alternate",
    "base_per_unit", "format", "on", "origin", "q", "place", "chair", "board", "sex", "delegation",
]  # fmt: skip


def test_garbage_in_the_query_string_of_every_page_is_never_a_500(client, admin_user, tree):
    congress = congress_create(
        actor=None, org=tree.dh, term=TERM, kind=CongressKind.DELEGATES, planned_from=date(2025, 8, 10),
        delegate_seats=20,
    )  # fmt: skip
    election = election_create(
        actor=None, congress=congress, body=Body.COMMITTEE, held_on=date(2025, 8, 12), seats=1, summoned=9,
        ballots_issued=9, candidates=tree.members["44.DH.01"],
    )  # fmt: skip
    pages = [
        reverse("congresses:list"), reverse("congresses:board"), reverse("congresses:export"),
        reverse("congresses:board_export"), reverse("congresses:election_list"), reverse("congresses:plans"),
        reverse("congresses:detail", args=[congress.pk]), reverse("congresses:allocation", args=[congress.pk]),
        reverse("congresses:delegates", args=[congress.pk]), reverse("congresses:delegates_export", args=[congress.pk]),
        reverse("congresses:credentials", args=[congress.pk]), reverse("congresses:personnel", args=[congress.pk]),
        reverse("congresses:personnel_export", args=[congress.pk]), reverse("congresses:elections", args=[congress.pk]),
        reverse("congresses:election_create", args=[congress.pk]),
        reverse("congresses:committee", args=[tree.dh.code]),
        reverse("congresses:committee_export", args=[tree.dh.code]),
        reverse("congresses:election_detail", args=[election.pk]),
        reverse("congresses:election_ballot", args=[election.pk]),
    ]  # fmt: skip
    client.force_login(admin_user)
    for url in pages:
        for value in GARBAGE:
            response = client.get(url, {k: value for k in QUERY_KEYS})
            assert response.status_code in (200, 302, 400), (url, value, response.status_code)
