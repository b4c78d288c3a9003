"""Elections through the services: the counting board's entry ballot by ballot and as totals (one result
either way), the count by the tally (the majority is of the base, not of the valid ballots), a tie at the
last seat and the further round, refusals that write nothing, the upper committee's approval, and scope."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from tochuc.congresses.choices import Body, CongressKind, ElectionStatus, EntryMode
from tochuc.congresses.models import BallotRecord, CommitteeMembership, Delegate, Election
from tochuc.congresses.services.congresses import congress_create
from tochuc.congresses.services.elections import (
    ballot_delete,
    ballot_record,
    ballot_update,
    election_approve,
    election_count,
    election_create,
    election_next_round,
    election_totals,
)

HELD = date(2025, 8, 12)
TERM = "2025-2030"


@pytest.fixture
def congress(tree):
    return congress_create(
        actor=None, org=tree.dh, term=TERM, kind=CongressKind.MEMBERS, planned_from=date(2025, 8, 10)
    )


@pytest.fixture
def people(tree):
    """Four members of 44.DH: A, B, C, D in ballot order."""
    return [*tree.members["44.DH.01"], tree.members["44.DH.02"][0]]


def make(congress, people, *, mode=EntryMode.BALLOTS, seats=2, summoned=9, absent=0, issued=9, body=Body.COMMITTEE):
    return election_create(
        actor=None,
        congress=congress,
        body=body,
        held_on=HELD,
        seats=seats,
        summoned=summoned,
        absent_excused=absent,
        ballots_issued=issued,
        entry_mode=mode,
        candidates=people,
    )


def cand(election):
    return list(election.candidates.order_by("position"))


# The nine ballots of the flow: five keep A and B, one keeps A and C, one keeps three names (more than the
# two seats: invalid), one strikes every name (valid, no vote), one the board found invalid.
BALLOTS = [("AB", ""), ("AB", ""), ("AB", ""), ("AB", ""), ("AB", ""), ("AC", ""), ("ABC", ""), ("", ""),
           ("", "Không có dấu của Ban kiểm phiếu")]  # fmt: skip


def enter(election, actor=None):
    by_letter = dict(zip("ABCD", cand(election), strict=True))
    for letters, reason in BALLOTS:
        ballot_record(actor=actor, election=election, kept=[by_letter[x] for x in letters], invalid_reason=reason)


def test_it_counts_ballots_with_names_struck(congress, people, commune_officer, audit_watch):
    election = make(congress, people)
    watch = audit_watch()
    enter(election, commune_officer)
    assert list(election.ballots.values_list("number", flat=True)) == list(range(1, 10))
    election = election_count(actor=commune_officer, election=election)
    r = election.result
    a, b, c, d = (p.full_name for p in people)
    assert (r["base"], r["collected"], r["valid"], r["invalid"]) == (9, 9, 7, 2)
    assert r["votes"] == {a: 6, b: 5, c: 1, d: 0}
    assert r["elected"] == [a, b]
    assert r["percent"][b] == round(5 * 100 / 9, 2)
    assert not r["round_needed"] and r["seats_unfilled"] == 0
    assert election.status == ElectionStatus.COUNTED and (election.collected, election.invalid) == (9, 2)
    assert [e.action for e in watch.events()] == ["election.ballot"] * 9 + ["election.count"]
    assert watch.events()[0].changes["kept"]["after"] == [a, b]


def test_totals_give_the_same_result_as_ballots(congress, people, tree):
    by_ballots = make(congress, people)
    enter(by_ballots)
    by_ballots = election_count(actor=None, election=by_ballots)
    by_totals = make(congress, people, mode=EntryMode.TOTALS, body=Body.STANDING)
    votes = dict(zip((c.pk for c in cand(by_totals)), (6, 5, 1, 0), strict=True))
    election_totals(actor=None, election=by_totals, ballots_issued=9, collected=9, invalid=2, votes=votes)
    by_totals = election_count(actor=None, election=by_totals)
    keys = ["base", "collected", "valid", "invalid", "votes", "percent", "elected", "tied", "seats_unfilled"]
    assert {k: by_totals.result[k] for k in keys} == {k: by_ballots.result[k] for k in keys}


def test_the_majority_is_of_the_base_not_of_the_valid_ballots(congress, people):
    # 150 summoned, 3 excused: base 147. 74 votes elect, 73 do not, though 73 is most of the 140 valid.
    election = make(congress, people[:3], mode=EntryMode.TOTALS, summoned=150, absent=3, issued=147)
    a, b, c = cand(election)
    election_totals(
        actor=None, election=election, ballots_issued=147, collected=140, invalid=0, votes={a.pk: 74, b.pk: 73, c.pk: 2}
    )
    r = election_count(actor=None, election=election).result
    assert r["base"] == 147
    assert r["elected"] == [a.member.full_name]
    assert r["seats_unfilled"] == 1 and r["round_needed"]


def test_a_tie_at_the_last_seat_needs_a_round_the_congress_opens(congress, people, audit_watch):
    election = make(congress, people[:3], mode=EntryMode.TOTALS)
    a, b, c = cand(election)
    election_totals(
        actor=None, election=election, ballots_issued=9, collected=9, invalid=0, votes={a.pk: 6, b.pk: 5, c.pk: 5}
    )
    election = election_count(actor=None, election=election)
    assert election.result["elected"] == [a.member.full_name]
    assert election.result["tied"] == [b.member.full_name, c.member.full_name]
    assert election.result["round_needed"] and election.result["seats_unfilled"] == 1
    watch = audit_watch()
    second = election_next_round(actor=None, election=election, candidates=[b.member, c.member], held_on=HELD)
    assert (second.round, second.seats, second.entry_mode) == (2, 1, EntryMode.TOTALS)
    assert [x.member for x in cand(second)] == [b.member, c.member]
    assert (second.summoned, second.absent_excused) == (9, 0)
    assert [e.action for e in watch.events()] == ["election.create"]


def test_the_next_round_refuses_a_winner(congress, people, refused):
    election = make(congress, people[:3], mode=EntryMode.TOTALS)
    a, b, c = cand(election)
    election_totals(
        actor=None, election=election, ballots_issued=9, collected=9, invalid=0, votes={a.pk: 6, b.pk: 5, c.pk: 5}
    )
    election = election_count(actor=None, election=election)
    with refused(field="candidates"):
        election_next_round(actor=None, election=election, candidates=[a.member, b.member], held_on=HELD)


def test_inconsistent_totals_are_refused_with_the_tally_message(congress, people, refused):
    election = make(congress, people[:3], mode=EntryMode.TOTALS)
    a, b, c = cand(election)
    with refused(field="votes") as info:
        election_totals(
            actor=None, election=election, ballots_issued=9, collected=9, invalid=1, votes={a.pk: 9, b.pk: 0, c.pk: 0}
        )
    assert "nhiều hơn số phiếu hợp lệ (8)" in info.value.message
    with refused(field="ballots_issued"):
        election_totals(
            actor=None, election=election, ballots_issued=8, collected=9, invalid=0, votes={a.pk: 1, b.pk: 0, c.pk: 0}
        )


def test_the_count_refuses_more_ballots_than_were_issued(congress, people, refused):
    election = make(congress, people, issued=8)
    enter(election)
    with refused(field="ballots_issued") as info:
        election_count(actor=None, election=election)
    assert "lớn hơn số phiếu phát ra (8)" in info.value.message


def test_the_two_modes_are_not_mixed(congress, people, refused):
    by_totals = make(congress, people, mode=EntryMode.TOTALS)
    with refused(field="entry_mode"):
        ballot_record(actor=None, election=by_totals, kept=cand(by_totals)[:1])
    by_ballots = make(congress, people, body=Body.STANDING)
    with refused(field="entry_mode"):
        election_totals(
            actor=None,
            election=by_ballots,
            ballots_issued=9,
            collected=1,
            invalid=0,
            votes={c.pk: 0 for c in cand(by_ballots)},
        )


def test_nothing_is_entered_after_the_count(congress, people, refused):
    election = make(congress, people)
    enter(election)
    election = election_count(actor=None, election=election)
    first = election.ballots.get(number=1)
    with refused(field=None):
        ballot_record(actor=None, election=election, kept=cand(election)[:1])
    with refused(field=None):
        ballot_update(actor=None, ballot=first, kept=[])
    with refused(field=None):
        ballot_delete(actor=None, ballot=first)
    with refused(field=None):
        election_count(actor=None, election=election)


def test_a_ballot_is_corrected_or_deleted_before_the_count(congress, people, audit_watch):
    election = make(congress, people)
    a, b, c, _d = cand(election)
    first = ballot_record(actor=None, election=election, kept=[a, b])
    second = ballot_record(actor=None, election=election, kept=[a])
    watch = audit_watch()
    ballot_update(actor=None, ballot=first, kept=[c])
    ballot_delete(actor=None, ballot=second)
    assert list(first.kept.all()) == [c]
    assert not BallotRecord.objects.filter(pk=second.pk).exists()
    third = ballot_record(actor=None, election=election, kept=[b])
    assert third.number == 2
    events = watch.events()
    assert [e.action for e in events] == ["election.ballot"] * 3
    assert events[0].changes["kept"] == {
        "before": [a.member.full_name, b.member.full_name],
        "after": [c.member.full_name],
    }


def test_an_invalid_ballot_keeps_no_names(congress, people):
    election = make(congress, people)
    ballot = ballot_record(actor=None, election=election, kept=cand(election)[:2], invalid_reason="  Viết thêm tên ")
    assert ballot.invalid_reason == "Viết thêm tên" and not ballot.kept.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"seats": 0}, "seats"),
        ({"seats": 5}, "candidates"),
        ({"absent": 9}, "absent_excused"),
        ({"issued": 10}, "ballots_issued"),
        ({"summoned": 0, "absent": 0, "issued": 0}, "summoned"),
    ],
)
def test_it_refuses_figures_that_do_not_hold(congress, people, refused, changes, field):
    with refused(field=field):
        make(congress, people, **changes)


def test_it_refuses_a_name_twice_and_a_round_twice(congress, people, refused):
    with refused(field="candidates"):
        make(congress, [people[0], people[0], people[1]])
    make(congress, people)
    with refused(field="body"):
        make(congress, people)


def test_approval_makes_the_winners_committee_members(congress, people, leader, audit_watch):
    election = make(congress, people)
    enter(election)
    election = election_count(actor=None, election=election)
    watch = audit_watch()
    election = election_approve(actor=leader, election=election, on=date(2025, 9, 1), decision_no="12-QĐ/TU")
    assert election.status == ElectionStatus.APPROVED and election.approved_on == date(2025, 9, 1)
    seats = CommitteeMembership.objects.filter(election=election)
    assert {m.member_id for m in seats} == {people[0].pk, people[1].pk}
    assert {m.body for m in seats} == {Body.COMMITTEE}
    assert {m.decision_no for m in seats} == {"12-QĐ/TU"}  # the approval's decision reaches each seat
    actions = [e.action for e in watch.events()]
    assert "election.approve" in actions and actions.count("membership.elect") == 2


def test_approved_delegates_go_to_the_upper_congress(tree, people, leader):
    upper = congress_create(
        actor=None, org=tree.province, term=TERM, kind=CongressKind.DELEGATES, planned_from=date(2025, 9, 20)
    )
    lower = congress_create(
        actor=None, org=tree.dh, term=TERM, kind=CongressKind.DELEGATES, planned_from=date(2025, 8, 10)
    )
    assert lower.upper_id == upper.pk
    election = make(lower, people, body=Body.DELEGATES)
    enter(election)
    election = election_count(actor=None, election=election)
    election_approve(actor=leader, election=election, on=date(2025, 9, 1), decision_no="15-QĐ/TU")
    delegates = Delegate.objects.filter(congress=upper)
    assert {d.member_id for d in delegates} == {people[0].pk, people[1].pk}
    assert {d.from_org_id for d in delegates} == {tree.dh.pk}


def test_approval_needs_the_upper_committee_and_a_count(congress, people, commune_officer, leader, refused):
    election = make(congress, people)
    enter(election)
    with refused(field=None):
        election_approve(actor=leader, election=election, on=date(2025, 9, 1), decision_no="1")
    election = election_count(actor=None, election=election)
    with pytest.raises(PermissionDenied):
        election_approve(actor=commune_officer, election=election, on=date(2025, 9, 1), decision_no="1")
    with refused(field="decision_no"):
        election_approve(actor=leader, election=election, on=date(2025, 9, 1), decision_no=" ")
    with refused(field="on"):
        election_approve(actor=leader, election=election, on=date(2025, 8, 1), decision_no="1")


def test_scope(tree, congress, people, outsider, viewer, commune_officer, nothing_written):
    lb = congress_create(actor=None, org=tree.lb, term=TERM, kind=CongressKind.MEMBERS, planned_from=date(2025, 8, 10))
    with nothing_written():
        with pytest.raises(Http404):
            make_as(outsider, congress, people)
        with pytest.raises(PermissionDenied):
            make_as(viewer, congress, people)
        with pytest.raises(Http404):
            make_as(commune_officer, lb, tree.members["44.LB.01"])
    election = make_as(commune_officer, congress, people)
    assert Election.objects.filter(pk=election.pk).exists()
    with nothing_written():
        with pytest.raises(Http404):
            ballot_record(actor=outsider, election=election, kept=[])
        with pytest.raises(PermissionDenied):
            ballot_record(actor=viewer, election=election, kept=[])


def make_as(actor, congress, people):
    return election_create(
        actor=actor,
        congress=congress,
        body=Body.COMMITTEE,
        held_on=HELD,
        seats=1,
        summoned=9,
        candidates=people,
    )
