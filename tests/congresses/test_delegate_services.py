"""Delegates: the apportionment saved only when its total equals the seats, delegates refused with the
reason (not official, not in activity, outside the delegation, over the allocation, ex officio without a
seat on the outgoing committee), credentials and absences, the figures an election needs and the
credentials committee's report."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from tochuc.congresses.choices import Body, CongressKind, Credentials, DelegateKind
from tochuc.congresses.models import Delegate, SeatAllocation
from tochuc.congresses.selectors.delegates import allocation_rows, credentials_report, delegate_figures
from tochuc.congresses.services.congresses import congress_allocate, congress_create
from tochuc.congresses.services.delegates import (
    delegate_add,
    delegate_remove,
    delegate_summon_members,
    delegate_update,
)
from tochuc.congresses.services.personnel import membership_appoint
from tochuc.members.choices import Qualification, Sex, Status, TheoryLevel
from tochuc.members.services.lifecycle import member_contact_lost

TERM = "2025-2030"


@pytest.fixture
def congress(tree):
    """The delegates' congress of the ward 44.DH, 7 delegates to elect, age reference 1 July 2025."""
    return congress_create(
        actor=None,
        org=tree.dh,
        term=TERM,
        kind=CongressKind.DELEGATES,
        planned_from=date(2025, 8, 20),
        delegate_seats=7,
    )


def seats_of(congress):
    rows = allocation_rows(congress=congress, base_per_unit=1)
    return rows, {r.org.pk: r.proposed for r in rows}


def allocate(congress, seats, rows, actor=None):
    return congress_allocate(
        actor=actor,
        congress=congress,
        seats=seats,
        members={r.org.pk: r.members for r in rows},
        ex_officio={r.org.pk: r.ex_officio for r in rows},
    )


# --- apportionment --------------------------------------------------------------------------------------------


def test_the_proposal_counts_members_and_the_outgoing_committee_per_sub_org(tree, congress):
    an = tree.members["44.DH.01"][0]
    membership_appoint(
        actor=None, org=tree.dh, member=an, body=Body.COMMITTEE, term="2020-2025", started_on=date(2025, 7, 1),
        decision_no="12-QĐ/TU",
    )  # fmt: skip
    rows, proposal = seats_of(congress)
    by_code = {r.org.code: r for r in rows}
    assert set(by_code) == {"44.DH.01", "44.DH.02", "44.DH.CT"}
    assert {c: r.members for c, r in by_code.items()} == {"44.DH.01": 3, "44.DH.02": 3, "44.DH.CT": 3}
    assert by_code["44.DH.01"].ex_officio == 1 and by_code["44.DH.02"].ex_officio == 0
    assert sum(proposal.values()) == 7
    assert all(n >= 2 for n in proposal.values())  # 1 each by organization, 4 more shared by 3 equal units


def test_the_allocation_is_saved_when_its_total_equals_the_seats(tree, congress, audit_watch):
    rows, proposal = seats_of(congress)
    watch = audit_watch()
    allocate(congress, proposal, rows)
    assert sum(SeatAllocation.objects.filter(congress=congress).values_list("seats", flat=True)) == 7
    [event] = watch.events()
    assert event.action == "congress.allocate"


def test_a_hand_adjusted_allocation_must_still_total_the_seats(tree, congress, refused):
    rows, proposal = seats_of(congress)
    adjusted = dict(proposal)
    adjusted[tree.dh1.pk] += 1
    with refused(field="seats") as info:
        allocate(congress, adjusted, rows)
    assert "8" in info.value.message and "7" in info.value.message
    adjusted[tree.dh2.pk] -= 1
    allocate(congress, adjusted, rows)
    assert SeatAllocation.objects.get(congress=congress, org=tree.dh1).seats == proposal[tree.dh1.pk] + 1


def test_allocating_again_replaces_the_seats(tree, congress):
    rows, proposal = seats_of(congress)
    allocate(congress, proposal, rows)
    again = {tree.dh1.pk: 5, tree.dh2.pk: 1, tree.dh_company.pk: 1}
    allocate(congress, again, rows)
    assert dict(SeatAllocation.objects.filter(congress=congress).values_list("org_id", "seats")) == again


def test_a_members_congress_allocates_nothing(tree, refused):
    congress = congress_create(
        actor=None, org=tree.dh1, term=TERM, kind=CongressKind.MEMBERS, planned_from=date(2025, 8, 1)
    )
    with refused(field="seats"):
        congress_allocate(actor=None, congress=congress, seats={}, members={}, ex_officio={})


def test_only_the_sub_orgs_get_seats(tree, congress, refused):
    rows, _proposal = seats_of(congress)
    with refused(field="seats"):
        allocate(congress, {tree.lb1.pk: 7}, rows)


def test_a_viewer_cannot_allocate(tree, congress, viewer, nothing_written):
    rows, proposal = seats_of(congress)
    with nothing_written(), pytest.raises(PermissionDenied):
        allocate(congress, proposal, rows, actor=viewer)


# --- delegates ---------------------------------------------------------------------------------------------


def test_a_member_is_added_to_the_delegation_of_their_sub_org(tree, congress, audit_watch):
    watch = audit_watch()
    member = tree.members["44.DH.CT.01"][0]
    d = delegate_add(actor=None, congress=congress, member=member)
    assert d.from_org == tree.dh_company  # the sub-org of 44.DH the member's cell lies under
    assert (d.kind, d.credentials) == (DelegateKind.ELECTED, Credentials.PENDING)
    assert [e.action for e in watch.events()] == ["delegate.add"]


def test_a_probationary_member_is_refused(tree, congress, make_member, refused):
    member = make_member(org=tree.dh1, status=Status.PROBATIONARY, official_on=None, admitted_on=date(2025, 3, 1))
    with refused(field="member") as info:
        delegate_add(actor=None, congress=congress, member=member)
    assert "chính thức" in info.value.message


def test_a_member_out_of_contact_is_refused(tree, congress, refused):
    member = tree.members["44.DH.01"][1]
    member_contact_lost(actor=None, member=member, on=date(2025, 7, 10))
    with refused(field="member") as info:
        delegate_add(actor=None, congress=congress, member=member)
    assert "mất liên lạc" in info.value.message


def test_a_member_of_another_commune_is_refused(tree, congress, refused):
    with refused(field="member"):
        delegate_add(actor=None, congress=congress, member=tree.members["44.LB.01"][0])


def test_a_member_outside_the_delegation_is_refused(tree, congress, refused):
    with refused(field="member"):
        delegate_add(actor=None, congress=congress, member=tree.members["44.DH.01"][0], from_org=tree.dh2)


def test_a_member_is_a_delegate_once(tree, congress, refused):
    member = tree.members["44.DH.01"][0]
    delegate_add(actor=None, congress=congress, member=member)
    with refused(field="member"):
        delegate_add(actor=None, congress=congress, member=member, alternate=True)


def test_an_ex_officio_delegate_must_sit_on_the_outgoing_committee(tree, congress, refused):
    member = tree.members["44.DH.02"][0]
    with refused(field="kind"):
        delegate_add(actor=None, congress=congress, member=member, kind=DelegateKind.EX_OFFICIO)
    membership_appoint(
        actor=None, org=tree.dh, member=member, body=Body.COMMITTEE, term="2020-2025", started_on=date(2025, 7, 1),
        decision_no="12-QĐ/TU",
    )  # fmt: skip
    assert delegate_add(actor=None, congress=congress, member=member, kind=DelegateKind.EX_OFFICIO).kind == "ex_officio"


def test_a_delegation_cannot_elect_more_than_its_allocation(tree, congress, refused):
    rows, _p = seats_of(congress)
    allocate(congress, {tree.dh1.pk: 2, tree.dh2.pk: 3, tree.dh_company.pk: 2}, rows)
    first, second, third = tree.members["44.DH.01"]
    delegate_add(actor=None, congress=congress, member=first)
    delegate_add(actor=None, congress=congress, member=second)
    with refused(field="alternate") as info:
        delegate_add(actor=None, congress=congress, member=third)
    assert "2" in info.value.message
    assert delegate_add(actor=None, congress=congress, member=third, alternate=True).alternate


def test_an_outsider_cannot_add_delegates(tree, congress, outsider, nothing_written):
    with nothing_written(), pytest.raises(Http404):
        delegate_add(actor=outsider, congress=congress, member=tree.members["44.DH.01"][0])


# --- credentials and attendance ----------------------------------------------------------------------------


def test_refused_credentials_need_a_reason(tree, congress, refused):
    d = delegate_add(actor=None, congress=congress, member=tree.members["44.DH.01"][0])
    with refused(field="credentials_note"):
        delegate_update(actor=None, delegate=d, credentials=Credentials.REFUSED)
    d = delegate_update(actor=None, delegate=d, credentials=Credentials.REFUSED, credentials_note="Đang bị khởi tố")
    assert d.credentials_note == "Đang bị khởi tố"


def test_an_absence_needs_a_reason_and_an_excuse_needs_an_absence(tree, congress, refused):
    d = delegate_add(actor=None, congress=congress, member=tree.members["44.DH.01"][0])
    with refused(field="absence_reason"):
        delegate_update(actor=None, delegate=d, credentials=Credentials.ACCEPTED, absent=True)
    with refused(field="absent"):
        delegate_update(actor=None, delegate=d, credentials=Credentials.ACCEPTED, absence_excused=True)


def test_a_delegate_recorded_by_mistake_is_removed_with_the_reason(tree, congress, audit_watch):
    d = delegate_add(actor=None, congress=congress, member=tree.members["44.DH.01"][0])
    watch = audit_watch()
    delegate_remove(actor=None, delegate=d, reason="Ghi nhầm người")
    assert not Delegate.objects.filter(pk=d.pk).exists()
    [event] = watch.events()
    assert (event.action, event.note) == ("delegate.remove", "Ghi nhầm người")


def test_the_figures_of_the_election(tree, congress):
    members = [*tree.members["44.DH.01"], *tree.members["44.DH.02"], tree.members["44.DH.CT.01"][0]]
    delegates = [delegate_add(actor=None, congress=congress, member=m) for m in members]
    alternate = delegate_add(actor=None, congress=congress, member=tree.members["44.DH.CT.01"][1], alternate=True)
    accept = {"credentials": Credentials.ACCEPTED}
    delegate_update(actor=None, delegate=delegates[0], **accept, absent=True, absence_excused=True, absence_reason="Ốm")
    delegate_update(actor=None, delegate=delegates[1], **accept, absent=True, absence_reason="Không báo")
    delegate_update(actor=None, delegate=delegates[2], credentials=Credentials.REFUSED, credentials_note="Bị tạm giam")
    assert alternate.alternate
    # 8 recorded; the alternate and the refused one apart: 6 summoned, 2 absent (1 excused), 4 present
    assert delegate_figures(congress) == {"summoned": 6, "absent_excused": 1, "present": 4}


def test_a_members_congress_summons_every_official_member(tree, make_member):
    make_member(org=tree.dh1, status=Status.PROBATIONARY, official_on=None, admitted_on=date(2025, 3, 1))
    congress = congress_create(
        actor=None, org=tree.dh1, term=TERM, kind=CongressKind.MEMBERS, planned_from=date(2025, 8, 1)
    )
    made = delegate_summon_members(actor=None, congress=congress)
    assert sorted(d.member.full_name for d in made) == sorted(m.full_name for m in tree.members["44.DH.01"])
    assert {d.from_org for d in made} == {tree.dh1}
    assert delegate_figures(congress)["summoned"] == 3


# --- the credentials committee's report ----------------------------------------------------------------------


def test_the_credentials_report_counts_the_summoned_delegates(tree, congress, make_member):
    phd = make_member(
        org=tree.dh2,
        full_name="Nguyễn Thị Thủy",
        sex=Sex.FEMALE,
        birth_date=date(1995, 1, 1),
        ethnic_group="Tày",
        qualification=Qualification.DOCTOR,
        theory_level=TheoryLevel.ADVANCED,
        admitted_on=date(2020, 1, 1),
        official_on=date(2021, 1, 1),
    )
    an, hanh, duc = tree.members["44.DH.01"]  # born 1968, 1982, 1990; admitted 1995, 2006, 2015
    for m in (an, hanh, duc, phd):
        delegate_add(actor=None, congress=congress, member=m)
    refused_one = delegate_add(actor=None, congress=congress, member=tree.members["44.DH.02"][0])
    delegate_update(actor=None, delegate=refused_one, credentials=Credentials.REFUSED, credentials_note="Lý do")
    report = credentials_report(congress=congress)
    assert report.on == date(2025, 7, 1)  # the reference date of a commune committee's congress
    blocks = {b.title.split(" (")[0]: {label: n for label, n, _pct in b.rows} for b in report.blocks}
    assert blocks["Giới tính"] == {"Nam": 2, "Nữ": 2}
    assert blocks["Dân tộc"] == {"Kinh": 3, "Dân tộc thiểu số": 1}
    # ages on 1/7/2025: 57, 42, 35, 30
    assert blocks["Độ tuổi"] == {"≤ 35": 2, "36–45": 1, "56–60": 1}
    assert blocks["Tuổi đảng"] == {"≥ 30 năm": 1, "10–19 năm": 2, "< 10 năm": 1}
    assert blocks["Trình độ chuyên môn"]["Tiến sĩ"] == 1
    assert blocks["Trình độ lý luận chính trị"]["Cao cấp"] == 1
    assert blocks["Loại đại biểu"] == {"Được bầu": 4}
    assert (report.youngest, report.oldest) == (30, 57)
    assert report.refused == 1 and report.figures["summoned"] == 4
    assert [d.member for d in report.refused_list] == [tree.members["44.DH.02"][0]]


def test_the_outgoing_committee_becomes_ex_officio_delegates_at_once(tree, congress, audit_watch):
    from tochuc.congresses.services.delegates import delegate_add_ex_officio

    an, hanh = tree.members["44.DH.01"][0], tree.members["44.DH.CT.01"][0]
    for m in (an, hanh):
        membership_appoint(
            actor=None, org=tree.dh, member=m, body=Body.COMMITTEE, term="2020-2025", started_on=date(2025, 7, 1),
            decision_no="12-QĐ/TU",
        )  # fmt: skip
    watch = audit_watch()
    made = delegate_add_ex_officio(actor=None, congress=congress)
    assert {(d.member, d.from_org, d.kind) for d in made} == {
        (an, tree.dh1, DelegateKind.EX_OFFICIO),
        (hanh, tree.dh_company, DelegateKind.EX_OFFICIO),
    }
    assert [e.action for e in watch.events()] == ["delegate.add", "delegate.add"]


def test_ex_officio_delegates_are_refused_when_none_is_left(tree, congress, refused):
    from tochuc.congresses.services.delegates import delegate_add_ex_officio

    with refused(field="kind"):
        delegate_add_ex_officio(actor=None, congress=congress)
