"""Committee memberships with their origin: appointed committees (the merged provinces' in 2025, DOMAIN.md
§4.2), ending a seat (and the seats that require it), and the seats an approved election creates."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from tochuc.congresses.choices import Body, CongressKind, ElectionStatus, Origin
from tochuc.congresses.models import CommitteeMembership, Election
from tochuc.congresses.services.congresses import congress_create
from tochuc.congresses.services.personnel import membership_appoint, membership_end, membership_from_election
from tochuc.members.choices import Status

STARTED = date(2025, 7, 1)


def _appoint(org, member, *, actor=None, body=Body.COMMITTEE, **kw):
    values = dict(term="2025-2030", started_on=STARTED, decision_no="123-QĐ/TW")
    return membership_appoint(actor=actor, org=org, member=member, body=body, **{**values, **kw})


def test_an_appointed_committee_carries_its_origin_and_decision(tree, province_officer, audit_watch):
    watch = audit_watch()
    seat = _appoint(tree.dh, tree.members["44.DH.01"][0], actor=province_officer)
    assert (seat.origin, seat.decision_no, seat.term, seat.election) == (
        Origin.APPOINTED,
        "123-QĐ/TW",
        "2025-2030",
        None,
    )
    [event] = watch.events()
    assert event.action == "membership.appoint" and event.changes["origin"]["after"] == Origin.APPOINTED


def test_a_designated_seat_is_recorded_as_such(tree):
    seat = _appoint(tree.dh, tree.members["44.DH.01"][0], origin=Origin.DESIGNATED)
    assert seat.get_origin_display() == "Chỉ định bổ sung"


def test_an_appointment_needs_its_decision(tree, refused):
    with refused(field="decision_no"):
        _appoint(tree.dh, tree.members["44.DH.01"][0], decision_no=" ")


def test_an_elected_origin_is_not_appointed_by_hand(tree, refused):
    with refused(field="origin"):
        _appoint(tree.dh, tree.members["44.DH.01"][0], origin=Origin.ELECTED)


def test_the_member_must_be_an_official_member_of_the_org(tree, make_member, refused):
    with refused(field="member"):
        _appoint(tree.dh, tree.members["44.LB.01"][0])
    probationary = make_member(
        org=tree.dh1, full_name="Trần Dự Bị", status=Status.PROBATIONARY, admitted_on=date(2025, 3, 1), official_on=None
    )
    with refused(field="member"):
        _appoint(tree.dh, probationary)


def test_a_seat_is_held_once_and_the_standing_committee_comes_from_the_committee(tree, refused):
    member = tree.members["44.DH.01"][0]
    with refused(field="member"):
        _appoint(tree.dh, member, body=Body.STANDING)
    _appoint(tree.dh, member)
    with refused(field="member"):
        _appoint(tree.dh, member)
    _appoint(tree.dh, member, body=Body.STANDING)
    _appoint(tree.dh, member, body=Body.SECRETARY)
    other = tree.members["44.DH.01"][1]
    _appoint(tree.dh, other)
    _appoint(tree.dh, other, body=Body.STANDING)
    with refused(field="body"):  # one secretary
        _appoint(tree.dh, other, body=Body.SECRETARY)


def test_the_term_and_start_are_checked(tree, refused):
    with refused(field="term"):
        _appoint(tree.dh, tree.members["44.DH.01"][0], term="2025-2029")
    with refused(field="started_on"):
        _appoint(tree.dh, tree.members["44.DH.01"][0], started_on=date(2024, 12, 31))


def test_ending_a_committee_seat_ends_the_seats_that_require_it(tree, commune_officer, audit_watch, refused):
    member = tree.members["44.DH.01"][0]
    committee = _appoint(tree.dh, member)
    standing = _appoint(tree.dh, member, body=Body.STANDING)
    watch = audit_watch()
    on = date(2025, 12, 1)
    ended = membership_end(actor=commune_officer, membership=committee, on=on, reason="Nghỉ hưu")
    assert [s.pk for s in ended] == [committee.pk, standing.pk]
    assert set(CommitteeMembership.objects.values_list("ended_on", flat=True)) == {on}
    assert [e.action for e in watch.events()] == ["membership.end", "membership.end"]
    with refused(field="on"):
        membership_end(actor=commune_officer, membership=committee, on=on, reason="Lần nữa")


def test_ending_needs_a_reason_and_a_date_after_the_start(tree, refused):
    seat = _appoint(tree.dh, tree.members["44.DH.01"][0])
    with refused(field="reason"):
        membership_end(actor=None, membership=seat, on=date(2025, 12, 1), reason="")
    with refused(field="on"):
        membership_end(actor=None, membership=seat, on=date(2025, 6, 30), reason="Chuyển công tác")


def test_scope_outsider_404_viewer_403(tree, outsider, viewer, nothing_written):
    seat = _appoint(tree.dh, tree.members["44.DH.01"][0])
    with nothing_written():
        with pytest.raises(Http404):
            _appoint(tree.dh, tree.members["44.DH.01"][1], actor=outsider)
        with pytest.raises(Http404):
            membership_end(actor=outsider, membership=seat, on=date(2025, 12, 1), reason="X")
        with pytest.raises(PermissionDenied):
            _appoint(tree.dh, tree.members["44.DH.01"][1], actor=viewer)
        with pytest.raises(PermissionDenied):
            membership_end(actor=viewer, membership=seat, on=date(2025, 12, 1), reason="X")


# --- From an election -------------------------------------------------------------------------------------


@pytest.fixture
def election(tree):
    congress = congress_create(
        actor=None, org=tree.dh, term="2025-2030", kind=CongressKind.DELEGATES, planned_from=date(2025, 8, 20)
    )
    return Election.objects.create(
        congress=congress,
        body=Body.COMMITTEE,
        held_on=date(2025, 8, 21),
        seats=2,
        summoned=9,
        status=ElectionStatus.APPROVED,
    )


def test_an_approved_election_makes_elected_seats(election, tree, leader, audit_watch):
    winners = tree.members["44.DH.01"][:2]
    watch = audit_watch()
    seats = membership_from_election(actor=leader, election=election, members=winners, on=date(2025, 9, 1))
    assert [(s.member, s.origin, s.election, s.term, s.org) for s in seats] == [
        (m, Origin.ELECTED, election, "2025-2030", tree.dh) for m in winners
    ]
    assert len(watch.events()) == 2


def test_an_election_not_counted_makes_no_seats(election, tree, refused):
    Election.objects.filter(pk=election.pk).update(status=ElectionStatus.OPEN)
    with refused(field="election"):
        membership_from_election(actor=None, election=election, members=tree.members["44.DH.01"][:1], on=STARTED)


def test_delegates_are_not_committee_seats(election, tree, refused):
    Election.objects.filter(pk=election.pk).update(body=Body.DELEGATES)
    with refused(field="body"):
        membership_from_election(actor=None, election=election, members=tree.members["44.DH.01"][:1], on=STARTED)


def test_a_winner_from_elsewhere_is_refused_and_nothing_is_written(election, tree, refused):
    with refused(field="members"):
        membership_from_election(
            actor=None,
            election=election,
            members=[tree.members["44.DH.01"][0], tree.members["44.LB.01"][0]],
            on=STARTED,
        )
