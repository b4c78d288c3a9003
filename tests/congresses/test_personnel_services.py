"""Personnel plans and candidate lists: the plan's steps, the 30% cap, the convening committee's 10-15%, floor
support over 30%, the age at the reference date (45-CT/TW), withdrawals kept, scope and audit."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from tochuc.congresses.choices import Body, CongressKind, NominationSource, PlanStatus
from tochuc.congresses.models import Nomination
from tochuc.congresses.selectors.personnel import plan_page
from tochuc.congresses.services.congresses import congress_create
from tochuc.congresses.services.personnel import nomination_add, nomination_withdraw, plan_save, plan_set_status
from tochuc.members.choices import Sex, Status

REFERENCE = date(2025, 7, 1)


@pytest.fixture
def congress(tree):
    return congress_create(
        actor=None,
        org=tree.dh,
        term="2025-2030",
        kind=CongressKind.DELEGATES,
        planned_from=date(2025, 8, 20),
        reference_date=REFERENCE,
    )


def _plan(congress, actor=None, **overrides):
    values = dict(
        committee_seats=20,
        standing_seats=5,
        deputy_secretaries=1,
        inspection_seats=5,
        women_target=20,
        young_target=10,
        minority_target=0,
    )
    return plan_save(actor=actor, congress=congress, **{**values, **overrides})


@pytest.fixture
def plan(congress):
    return _plan(congress)


@pytest.fixture
def many(tree, make_member):
    """27 official members of 44.DH.01, young enough for any committee."""
    return [
        make_member(org=tree.dh1, full_name=f"Nguyễn Văn Hùng {i:02d}", birth_date=date(1985, 1, 1)) for i in range(27)
    ]


def _add(plan, member, *, actor=None, body=Body.COMMITTEE, source=NominationSource.CONVENING, **kw):
    return nomination_add(actor=actor, plan=plan, body=body, member=member, source=source, **kw)


# --- The plan ---------------------------------------------------------------------------------------------


def test_it_saves_a_plan_and_audits(congress, commune_officer, audit_watch):
    watch = audit_watch()
    plan = _plan(congress, actor=commune_officer)
    assert (plan.committee_seats, plan.status) == (20, PlanStatus.DRAFT)
    [event] = watch.events()
    assert event.action == "plan.save" and event.changes["committee_seats"]["after"] == 20
    plan = _plan(congress, actor=commune_officer, committee_seats=22)
    assert plan.committee_seats == 22
    assert watch.events()[-1].changes == {"committee_seats": {"before": 20, "after": 22}}


def test_it_refuses_a_standing_committee_as_large_as_the_committee(congress, refused):
    with refused(field="standing_seats"):
        _plan(congress, standing_seats=20)


def test_an_approved_plan_is_not_edited(plan, commune_officer, leader, refused):
    plan_set_status(actor=commune_officer, plan=plan, status=PlanStatus.UPPER_OPINION, on=date(2025, 7, 5))
    with pytest.raises(PermissionDenied):
        plan_set_status(actor=commune_officer, plan=plan, status=PlanStatus.APPROVED, on=date(2025, 7, 10))
    with refused(field="status"):  # nothing on the committee's list yet
        plan_set_status(actor=leader, plan=plan, status=PlanStatus.APPROVED, on=date(2025, 7, 10))


def test_the_leader_approves_and_then_the_plan_is_fixed(plan, tree, commune_officer, leader, refused):
    _add(plan, tree.members["44.DH.01"][2])
    plan_set_status(actor=commune_officer, plan=plan, status=PlanStatus.UPPER_OPINION, on=date(2025, 7, 5))
    plan = plan_set_status(actor=leader, plan=plan, status=PlanStatus.APPROVED, on=date(2025, 7, 10))
    assert (plan.status, plan.approved_on) == (PlanStatus.APPROVED, date(2025, 7, 10))
    with refused(field=None):
        _plan(plan.congress, actor=commune_officer, committee_seats=21)
    with refused(field="source"):  # the convening committee's list is part of the approved plan
        _add(plan, tree.members["44.DH.02"][2])
    with refused(field="status"):
        plan_set_status(actor=leader, plan=plan, status=PlanStatus.DRAFT, on=date(2025, 7, 11))


# --- The size of the list ---------------------------------------------------------------------------------


def test_the_list_for_20_seats_takes_26_names_and_refuses_the_27th(plan, many, refused):
    for m in many[:26]:
        _add(plan, m)
    assert Nomination.objects.filter(plan=plan, body=Body.COMMITTEE).count() == 26
    with refused(field="body") as info:
        _add(plan, many[26])
    assert "26" in info.value.message


def test_a_withdrawn_name_frees_its_place(plan, many):
    for m in many[:26]:
        _add(plan, m)
    first = Nomination.objects.filter(plan=plan).first()
    nomination_withdraw(actor=None, nomination=first, on=date.today(), reason="Xin rút vì lý do sức khỏe")
    _add(plan, many[26])
    assert Nomination.objects.filter(plan=plan, withdrawn_on__isnull=True).count() == 26


def test_seats_cannot_drop_below_the_list(plan, many, refused):
    for m in many[:26]:
        _add(plan, m)
    with refused(field="committee_seats"):
        _plan(plan.congress, committee_seats=19)  # 19 seats: at most 24 names


@pytest.mark.parametrize(("convening", "ok"), [(21, False), (22, True), (23, True), (24, False)])
def test_the_convening_committee_prepares_10_to_15_percent(plan, many, province_officer, convening, ok):
    for m in many[:convening]:
        _add(plan, m)
    page = plan_page(actor=province_officer, congress=plan.congress)
    committee = next(b for b in page.bodies if b.body == Body.COMMITTEE)
    prepared = next(c for c in committee.checks if c.code == "prepared")
    assert prepared.ok is ok and not prepared.blocking
    assert (committee.prepared, committee.max_list, committee.convening) == ((22, 23), 26, convening)
    assert committee.surplus_percent == pytest.approx((convening - 20) * 5)


# --- Floor and self nominees ------------------------------------------------------------------------------


def test_a_floor_nominee_with_30_percent_is_refused_and_with_more_added(plan, tree, refused, audit_watch):
    member = tree.members["44.DH.02"][1]
    with refused(field="support"):
        _add(plan, member, source=NominationSource.FLOOR, support=90, present=300)
    watch = audit_watch()
    nomination = _add(plan, member, source=NominationSource.FLOOR, support=91, present=300)
    assert (nomination.source, nomination.support, nomination.present) == (NominationSource.FLOOR, 91, 300)
    [event] = watch.events()
    assert event.action == "nomination.add" and event.changes["support"]["after"] == 91


def test_a_self_nominee_needs_the_counts(plan, tree, refused):
    with refused(field="present"):
        _add(plan, tree.members["44.DH.02"][1], source=NominationSource.SELF)
    with refused(field="support"):
        _add(plan, tree.members["44.DH.02"][1], source=NominationSource.SELF, support=301, present=300)


# --- Age at the reference date (45-CT/TW) -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("born", "re_election", "ok"),
    [
        (date(1968, 7, 1), False, True),  # retires 31/07/2030: 60 months after 01/07/2025
        (date(1968, 6, 30), False, False),  # retires 30/06/2030: 59 months
        (date(1967, 7, 1), True, True),  # retires 31/07/2029: 48 months
        (date(1967, 6, 30), True, False),  # retires 30/06/2029: 47 months
    ],
)
def test_the_working_time_left_is_counted_at_the_reference_date(
    plan, tree, make_member, refused, born, re_election, ok
):
    member = make_member(org=tree.dh2, full_name="Lê Văn Tuổi", birth_date=born, sex=Sex.MALE)
    if ok:
        assert _add(plan, member, re_election=re_election).re_election is re_election
    else:
        with refused(field="member") as info:
            _add(plan, member, re_election=re_election)
        assert "01/07/2025" in info.value.message


def test_delegates_to_the_upper_congress_have_no_age_rule_but_need_seats(plan, tree, refused):
    # 44.DH's congress has no allocation from the province's congress yet: the number is unknown, not zero
    nomination = _add(plan, tree.members["44.DH.01"][0], body=Body.DELEGATES)
    assert nomination.body == Body.DELEGATES


# --- Who may be nominated ---------------------------------------------------------------------------------


def test_a_probationary_member_or_one_from_elsewhere_is_refused(plan, tree, make_member, province_officer, refused):
    probationary = make_member(
        org=tree.dh1, full_name="Trần Dự Bị", status=Status.PROBATIONARY, admitted_on=date(2025, 3, 1), official_on=None
    )
    with refused(field="member"):
        _add(plan, probationary, actor=province_officer)
    with refused(field="member"):
        _add(plan, tree.members["44.LB.01"][2], actor=province_officer)


def test_a_name_is_on_a_list_once(plan, tree, refused):
    _add(plan, tree.members["44.DH.01"][2])
    with refused(field="member"):
        _add(plan, tree.members["44.DH.01"][2], source=NominationSource.FLOOR, support=200, present=300)


def test_the_standing_committee_list_warns_about_a_name_not_on_the_committee_list(plan, tree, province_officer):
    _add(plan, tree.members["44.DH.01"][2], body=Body.STANDING)
    page = plan_page(actor=province_officer, congress=plan.congress)
    standing = next(b for b in page.bodies if b.body == Body.STANDING)
    [row] = standing.rows
    assert [c.code for c in row.eligibility.warnings] == ["committee"]


# --- Withdrawal -------------------------------------------------------------------------------------------


def test_withdrawal_keeps_the_name_with_its_date_and_reason(plan, tree, commune_officer, audit_watch, refused):
    nomination = _add(plan, tree.members["44.DH.01"][2], actor=commune_officer)
    watch = audit_watch()
    on = date.today()
    nomination_withdraw(actor=commune_officer, nomination=nomination, on=on, reason="  Xin rút  khỏi danh sách ")
    nomination.refresh_from_db()
    assert (nomination.withdrawn_on, nomination.withdraw_reason) == (on, "Xin rút khỏi danh sách")
    [event] = watch.events()
    assert event.action == "nomination.withdraw"
    with refused(field="on"):
        nomination_withdraw(actor=commune_officer, nomination=nomination, on=on, reason="Lần nữa")
    page = plan_page(actor=commune_officer, congress=plan.congress)
    committee = next(b for b in page.bodies if b.body == Body.COMMITTEE)
    assert committee.rows == [] and committee.withdrawn == [nomination]


def test_withdrawal_needs_a_reason(plan, tree, refused):
    nomination = _add(plan, tree.members["44.DH.01"][2])
    with refused(field="reason"):
        nomination_withdraw(actor=None, nomination=nomination, on=date.today(), reason="  ")


# --- Scope ------------------------------------------------------------------------------------------------


def test_an_outsider_gets_404_and_a_viewer_403(congress, plan, tree, outsider, viewer, nothing_written):
    member = tree.members["44.DH.01"][2]
    with nothing_written():
        with pytest.raises(Http404):
            _add(plan, member, actor=outsider)
        with pytest.raises(Http404):
            _plan(congress, actor=outsider, committee_seats=21)
        with pytest.raises(PermissionDenied):
            _add(plan, member, actor=viewer)
        with pytest.raises(PermissionDenied):
            _plan(congress, actor=viewer, committee_seats=21)
