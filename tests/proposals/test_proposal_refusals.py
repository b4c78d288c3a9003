"""Every refusal of the appraisal services names its field, speaks Vietnamese and writes nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from tochuc.proposals.choices import Conclusion
from tochuc.proposals.models import Reviewer
from tochuc.proposals.services.proposals import (
    changes_request,
    comment_add,
    proposal_conclude,
    proposal_withdraw,
    reviewer_assign,
    reviewer_release,
    revision_receive,
)

TOMORROW = timezone.localdate() + timedelta(days=1)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": "  "}, "title"),
        ({"title": "Đề án\x07"}, "title"),
        ({"title": "Đ" * 256}, "title"),
        ({"submitted_by": ""}, "submitted_by"),
        ({"received_on": TOMORROW, "due_on": TOMORROW}, "received_on"),
        ({"due_on": date(2026, 3, 1)}, "due_on"),
        ({"area": "sports"}, "area"),
    ],
)
def test_receiving_refuses_a_bad_particular(receive, refused, overrides, field):
    with refused(field=field):
        receive(**overrides)


def test_receiving_refuses_a_cell(receive, refused, tree):
    with refused(field="org"):
        receive(org=tree.dh1)


def test_receiving_refuses_a_submitting_org_outside_the_appraising_one(receive, refused, tree, commune_officer):
    inside = receive(actor=commune_officer, org=tree.dh, submitting_org=tree.dh_company, submitted_by="")
    assert inside.submitted_by == tree.dh_company.name  # the party org's name when no body is typed
    with refused(field="submitting_org"):
        receive(actor=commune_officer, org=tree.dh_company, submitting_org=tree.dh1)


def test_receiving_refuses_the_same_submission_twice(proposal, receive, refused):
    with refused(field="document_no"):
        receive(title="Một tên khác")


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"lead": False}, "lead"),  # the first reviewer leads
        ({"assigned_on": date(2026, 3, 1)}, "assigned_on"),  # before the proposal was received
        ({"assigned_on": TOMORROW, "due_on": TOMORROW}, "assigned_on"),
        ({"due_on": date(2026, 4, 1)}, "due_on"),  # after the proposal's deadline
        ({"due_on": date(2026, 3, 2)}, "due_on"),  # before the assignment
    ],
)
def test_assigning_refuses_bad_dates_and_a_missing_lead(proposal, province_officer, refused, overrides, field):
    values = {"lead": True, "assigned_on": date(2026, 3, 3), "due_on": date(2026, 3, 20), **overrides}
    with refused(field=field):
        reviewer_assign(actor=province_officer, proposal=proposal, user=province_officer, **values)


def test_assigning_refuses_who_may_not_review(proposal, province_officer, viewer, admin_user, make_user, tree, refused):
    province_viewer = make_user("xem.tinh", "viewer", tree.province, full_name="Người Xem")
    for user in (province_viewer, admin_user, viewer):  # a viewer; the administrator; scoped below the province
        with refused(field="user"):
            reviewer_assign(
                actor=province_officer,
                proposal=proposal,
                user=user,
                lead=True,
                assigned_on=date(2026, 3, 3),
                due_on=date(2026, 3, 20),
            )


def test_assigning_refuses_someone_already_assigned(assigned, province_officer, reviewer, refused):
    with refused(field="user"):
        reviewer_assign(
            actor=province_officer,
            proposal=assigned,
            user=reviewer,
            assigned_on=date(2026, 3, 4),
            due_on=date(2026, 3, 20),
        )


def test_releasing_refuses_the_lead_while_others_remain_and_bad_dates(assigned, province_officer, reviewer, refused):
    lead = Reviewer.objects.get(proposal=assigned, lead=True)
    with refused(field="released_on"):
        reviewer_release(actor=province_officer, reviewer=lead, released_on=date(2026, 3, 10))
    other = Reviewer.objects.get(proposal=assigned, user=reviewer)
    with refused(field="released_on"):
        reviewer_release(actor=province_officer, reviewer=other, released_on=date(2026, 3, 2))
    reviewer_release(actor=province_officer, reviewer=other, released_on=date(2026, 3, 10))
    with refused(field="released_on"):
        reviewer_release(actor=province_officer, reviewer=other, released_on=date(2026, 3, 11))


def test_commenting_refuses_empty_text_and_dates_outside_the_draft(assigned, reviewer, leader, refused):
    with refused(field="text"):
        comment_add(actor=reviewer, proposal=assigned, text=" ", on=date(2026, 3, 5))
    with refused(field="on"):
        comment_add(actor=reviewer, proposal=assigned, text="Ý kiến", on=date(2026, 3, 1))
    with refused(field="on"):
        comment_add(actor=reviewer, proposal=assigned, text="Ý kiến", on=TOMORROW)
    with refused(field="final"):  # a leader directs, the assigned reviewers give the appraisal opinion
        comment_add(actor=leader, proposal=assigned, text="Ý kiến", on=date(2026, 3, 5), final=True)


def test_commenting_waits_while_the_draft_is_revised(assigned, province_officer, reviewer, refused):
    changes_request(actor=province_officer, proposal=assigned, on=date(2026, 3, 9), text="Tiếp thu")
    with refused(field="text"):
        comment_add(actor=reviewer, proposal=assigned, text="Ý kiến", on=date(2026, 3, 10))
    with refused(field="received_on"):  # before the request
        revision_receive(actor=province_officer, proposal=assigned, received_on=date(2026, 3, 8))


def test_asking_for_a_revision_needs_its_content_and_a_date_after_the_draft(assigned, province_officer, refused):
    with refused(field="changes_requested"):
        changes_request(actor=province_officer, proposal=assigned, on=date(2026, 3, 9), text="")
    with refused(field="changes_requested_on"):
        changes_request(actor=province_officer, proposal=assigned, on=date(2026, 3, 1), text="Sửa")
    with refused(field="received_on"):  # no revision was asked for
        revision_receive(actor=province_officer, proposal=assigned, received_on=date(2026, 3, 9))


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"conclusion": ""}, "conclusion"),
        ({"conclusion": Conclusion.NOT_APPROVED, "override_note": "x"}, "conclusion_text"),
        ({"override_note": ""}, "override_note"),  # two reviewers have not given their opinion
        ({"concluded_on": date(2026, 3, 1)}, "concluded_on"),
        ({"concluded_on": TOMORROW}, "concluded_on"),
    ],
)
def test_concluding_refuses_what_is_missing(assigned, province_officer, refused, values, field):
    kwargs = {"conclusion": Conclusion.APPROVE, "concluded_on": date(2026, 3, 20), "override_note": "Hết hạn", **values}
    with refused(field=field):
        proposal_conclude(actor=province_officer, proposal=assigned, **kwargs)


def test_concluding_refuses_a_proposal_not_under_review(proposal, leader, refused):
    with refused(field="conclusion"):  # received, nobody assigned
        proposal_conclude(
            actor=leader, proposal=proposal, conclusion=Conclusion.APPROVE, concluded_on=date(2026, 3, 20)
        )


def test_withdrawing_needs_a_reason_and_an_open_appraisal(assigned, province_officer, refused):
    with refused(field="withdrawn_reason"):
        proposal_withdraw(actor=province_officer, proposal=assigned, withdrawn_on=date(2026, 3, 10), reason=" ")
    with refused(field="withdrawn_on"):
        proposal_withdraw(actor=province_officer, proposal=assigned, withdrawn_on=date(2026, 3, 1), reason="Rút")
    proposal_withdraw(actor=province_officer, proposal=assigned, withdrawn_on=date(2026, 3, 10), reason="Rút")
    with refused(field="withdrawn_reason"):
        proposal_withdraw(actor=province_officer, proposal=assigned, withdrawn_on=date(2026, 3, 11), reason="Rút")
    with refused(field=None):
        reviewer_assign(
            actor=province_officer,
            proposal=assigned,
            user=province_officer,
            lead=True,
            assigned_on=date(2026, 3, 10),
            due_on=date(2026, 3, 20),
        )
