"""Reviewing and withdrawing a nomination (`nominee_review`, `nominee_withdraw`): only an org strictly above the
proposing one reviews, with EDIT; accepting judges the conditions again; rejecting needs its reason; the
proposer withdraws before the decision; refusals write nothing."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from tochuc.accounts.roles import Role
from tochuc.awards.choices import NomineeStatus, PeriodType, RecipientKind
from tochuc.awards.services.nominees import can_review, nominee_propose, nominee_review, nominee_withdraw

PROPOSED_ON = date(2026, 1, 10)
REVIEWED_ON = date(2026, 1, 14)


@pytest.fixture
def nominee(commune_officer, tree, excellent_member):
    return nominee_propose(
        actor=commune_officer, proposing_org=tree.dh, kind=RecipientKind.MEMBER, member=excellent_member,
        form="merit", period_type=PeriodType.ANNUAL, year_to=2025, proposed_on=PROPOSED_ON,
    )  # fmt: skip


def test_the_province_accepts_a_communes_nomination(province_officer, nominee, audit_watch):
    watch = audit_watch()
    n = nominee_review(actor=province_officer, nominee=nominee, accept=True, reviewed_on=REVIEWED_ON)
    assert n.status == NomineeStatus.ACCEPTED and n.reviewed_on == REVIEWED_ON
    (event,) = watch.events()
    assert event.action == "award.review" and event.changes["status"] == {"before": "proposed", "after": "accepted"}


def test_a_rejection_needs_its_reason(province_officer, nominee, refused):
    with refused(field="review_note"):
        nominee_review(actor=province_officer, nominee=nominee, accept=False, reviewed_on=REVIEWED_ON)
    n = nominee_review(
        actor=province_officer, nominee=nominee, accept=False, reviewed_on=REVIEWED_ON, note="Đã đề nghị ở cấp xã"
    )
    assert n.status == NomineeStatus.REJECTED and n.review_note == "Đã đề nghị ở cấp xã"


def test_an_accepted_nomination_may_still_be_rejected_before_the_decision(province_officer, nominee, refused):
    nominee_review(actor=province_officer, nominee=nominee, accept=True, reviewed_on=REVIEWED_ON)
    with refused(field="outcome"):
        nominee_review(actor=province_officer, nominee=nominee, accept=True, reviewed_on=REVIEWED_ON)
    n = nominee_review(actor=province_officer, nominee=nominee, accept=False, reviewed_on=REVIEWED_ON, note="Trùng")
    assert n.status == NomineeStatus.REJECTED
    with refused(field="outcome"):
        nominee_review(actor=province_officer, nominee=nominee, accept=True, reviewed_on=REVIEWED_ON)


def test_accepting_judges_the_conditions_again(
    province_officer, tree, nominee, rate, confirm, excellent_member, refused
):
    """The year was rated again after the proposal (the later decision wins) and the rule has been confirmed."""
    rate(excellent_member, 2025, "good", decided_on=date(2026, 1, 12), campaign_org=tree.dh)
    confirm("award.min_rating")
    with refused(field="outcome") as info:
        nominee_review(actor=province_officer, nominee=nominee, accept=True, reviewed_on=REVIEWED_ON)
    assert "hoàn thành tốt nhiệm vụ" in info.value.message


@pytest.mark.parametrize(("on", "field"), [(date(2026, 1, 9), "reviewed_on"), (date(2027, 1, 1), "reviewed_on")])
def test_the_review_date_is_between_the_proposal_and_today(province_officer, nominee, refused, on, field):
    with refused(field=field):
        nominee_review(actor=province_officer, nominee=nominee, accept=True, reviewed_on=on)


def test_the_proposing_level_does_not_review_its_own_nomination(commune_officer, nominee, nothing_written):
    assert not can_review(commune_officer, nominee)
    with nothing_written(), pytest.raises(PermissionDenied):
        nominee_review(actor=commune_officer, nominee=nominee, accept=True, reviewed_on=REVIEWED_ON)


def test_a_leader_without_edit_does_not_review_and_an_outsider_gets_404(leader, outsider, nominee, nothing_written):
    with nothing_written(), pytest.raises(PermissionDenied):
        nominee_review(actor=leader, nominee=nominee, accept=True, reviewed_on=REVIEWED_ON)
    with nothing_written(), pytest.raises(Http404):
        nominee_review(actor=outsider, nominee=nominee, accept=True, reviewed_on=REVIEWED_ON)


def test_a_cells_nomination_is_reviewed_by_its_commune(make_user, tree, cell_secretary, commune_officer, rate):
    member = tree.members["44.DH.01"][2]
    rate(member, 2025)
    n = nominee_propose(
        actor=cell_secretary, proposing_org=tree.dh1, kind="member", member=member, form="commendation",
        period_type="annual", year_to=2025, proposed_on=PROPOSED_ON,
    )  # fmt: skip
    assert not can_review(cell_secretary, n)
    assert can_review(commune_officer, n)
    assert nominee_review(actor=commune_officer, nominee=n, accept=True, reviewed_on=REVIEWED_ON).status == "accepted"
    company = make_user("bithu.ct", Role.SECRETARY, tree.dh_company)
    assert not can_review(company, n)


def test_the_top_org_reviews_its_own_nominations(province_officer, tree, rate):
    rate(tree.dh, 2025)
    n = nominee_propose(
        actor=province_officer, proposing_org=tree.province, kind="org", recipient_org=tree.dh, form="flag",
        period_type="annual", year_to=2025, proposed_on=PROPOSED_ON,
    )  # fmt: skip
    assert can_review(province_officer, n)


def test_the_proposer_withdraws_before_the_decision(commune_officer, nominee, audit_watch, refused):
    with refused(field="reason"):
        nominee_withdraw(actor=commune_officer, nominee=nominee, withdrawn_on=REVIEWED_ON, reason="  ")
    watch = audit_watch()
    n = nominee_withdraw(actor=commune_officer, nominee=nominee, withdrawn_on=REVIEWED_ON, reason="Đảng viên xin rút")
    assert n.status == NomineeStatus.WITHDRAWN and n.withdrawn_reason == "Đảng viên xin rút"
    assert [e.action for e in watch.events()] == ["award.withdraw"]
    with refused(field="withdrawn_on"):
        nominee_withdraw(actor=commune_officer, nominee=nominee, withdrawn_on=REVIEWED_ON, reason="Lần hai")


def test_a_viewer_cannot_withdraw(viewer, outsider, nominee, nothing_written):
    with nothing_written(), pytest.raises(PermissionDenied):
        nominee_withdraw(actor=viewer, nominee=nominee, withdrawn_on=REVIEWED_ON, reason="Không")
    with nothing_written(), pytest.raises(Http404):
        nominee_withdraw(actor=outsider, nominee=nominee, withdrawn_on=REVIEWED_ON, reason="Không")
