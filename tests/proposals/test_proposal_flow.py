"""An appraisal from end to end through the services: received with its draft, reviewers assigned (one leads),
comments, a revision asked for and received, the conclusion; each step audited. Then the other ways: the lead
handed over, a reviewer released, the appraisal stopped, a conclusion without every opinion."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from tochuc.proposals.choices import Conclusion, ProposalStatus
from tochuc.proposals.models import Comment, Reviewer, Revision
from tochuc.proposals.services.proposals import (
    changes_request,
    comment_add,
    proposal_conclude,
    proposal_update,
    proposal_withdraw,
    reviewer_assign,
    reviewer_release,
    revision_receive,
)


def test_a_proposal_goes_from_receipt_to_conclusion(receive, province_officer, reviewer, leader, audit_watch, pdf_file):
    watch = audit_watch()
    proposal = receive(summary="Dự thảo lần đầu", document=pdf_file())
    assert proposal.status == ProposalStatus.SUBMITTED
    first = proposal.revisions.get()
    assert (first.number, first.received_on, first.document_name) == (1, date(2026, 3, 2), "du-thao.pdf")
    assert proposal.title_folded == "de an sap xep cac chi bo thon, khu pho sau hop nhat xa"

    lead = reviewer_assign(
        actor=province_officer,
        proposal=proposal,
        user=province_officer,
        lead=True,
        assigned_on=date(2026, 3, 3),
        due_on=date(2026, 3, 20),
    )
    second = reviewer_assign(
        actor=province_officer, proposal=proposal, user=reviewer, assigned_on=date(2026, 3, 3), due_on=date(2026, 3, 16)
    )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.IN_REVIEW and lead.lead and not second.lead

    comment_add(actor=reviewer, proposal=proposal, text="Cần làm rõ tiêu chí ghép chi bộ.", on=date(2026, 3, 5))
    comment_add(actor=leader, proposal=proposal, text="Bổ sung lộ trình theo từng xã.", on=date(2026, 3, 6))
    changes_request(actor=province_officer, proposal=proposal, on=date(2026, 3, 9), text="Tiếp thu hai ý kiến.")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.REVISING

    revision = revision_receive(
        actor=province_officer,
        proposal=proposal,
        received_on=date(2026, 3, 12),
        summary="Đã bổ sung tiêu chí, lộ trình.",
        document=pdf_file("du-thao-2.pdf"),
    )
    proposal.refresh_from_db()
    assert (revision.number, proposal.status) == (2, ProposalStatus.IN_REVIEW)

    comment_add(actor=reviewer, proposal=proposal, text="Thống nhất.", on=date(2026, 3, 13), final=True)
    comment_add(actor=province_officer, proposal=proposal, text="Đủ điều kiện trình.", on=date(2026, 3, 13), final=True)
    proposal_conclude(
        actor=province_officer,
        proposal=proposal,
        conclusion=Conclusion.APPROVE,
        concluded_on=date(2026, 3, 16),
        conclusion_no="45-BC/BTCTU",
    )
    proposal.refresh_from_db()
    assert (proposal.status, proposal.conclusion, proposal.concluded_on, proposal.concluded_by) == (
        ProposalStatus.CONCLUDED,
        Conclusion.APPROVE,
        date(2026, 3, 16),
        province_officer,
    )
    assert proposal.override_note == ""
    comments = list(Comment.objects.filter(proposal=proposal).values_list("revision__number", "final"))
    assert comments == [(1, False), (1, False), (2, True), (2, True)]
    assert set(Reviewer.objects.filter(proposal=proposal).values_list("done_on", flat=True)) == {date(2026, 3, 13)}
    actions = [e.action for e in watch.events()]
    assert actions == [
        "proposal.receive",
        "proposal.assign",
        "proposal.assign",
        "proposal.comment",
        "proposal.comment",
        "proposal.request_changes",
        "proposal.revision",
        "proposal.comment",
        "proposal.comment",
        "proposal.conclude",
    ]
    assert watch.events()[0].changes["document"]["after"] == "du-thao.pdf"
    assert watch.events()[-1].org_path == proposal.org.path


def test_assigning_another_lead_hands_the_lead_over(assigned, province_officer, reviewer, make_user, tree):
    third = make_user("cb.thamdinh2", "officer", tree.province, full_name="Phan Văn Đức")
    reviewer_assign(
        actor=province_officer,
        proposal=assigned,
        user=third,
        lead=True,
        assigned_on=date(2026, 3, 4),
        due_on=date(2026, 3, 18),
    )
    leads = list(Reviewer.objects.filter(proposal=assigned, lead=True).values_list("user__username", flat=True))
    assert leads == ["cb.thamdinh2"]
    assert Reviewer.objects.filter(proposal=assigned, released_on__isnull=True).count() == 3


def test_a_reviewer_released_is_no_longer_waited_for(assigned, province_officer, reviewer):
    member = Reviewer.objects.get(proposal=assigned, user=reviewer)
    reviewer_release(actor=province_officer, reviewer=member, released_on=date(2026, 3, 10), note="Đi học")
    comment_add(actor=province_officer, proposal=assigned, text="Đạt yêu cầu.", on=date(2026, 3, 11), final=True)
    proposal_conclude(
        actor=province_officer, proposal=assigned, conclusion=Conclusion.APPROVE, concluded_on=date(2026, 3, 12)
    )
    assigned.refresh_from_db()
    assert assigned.status == ProposalStatus.CONCLUDED
    # Released, they comment no more (they may be reassigned later).
    with pytest.raises(PermissionDenied):
        comment_add(actor=reviewer, proposal=assigned, text="x", on=date(2026, 3, 12))


def test_a_conclusion_without_every_opinion_keeps_its_reason(assigned, leader, audit_watch):
    watch = audit_watch()
    proposal_conclude(
        actor=leader,
        proposal=assigned,
        conclusion=Conclusion.NOT_APPROVED,
        concluded_on=date(2026, 3, 25),
        conclusion_text="Chưa đánh giá tác động đến cán bộ dôi dư.",
        override_note="Hết hạn thẩm định, hai đồng chí chưa gửi ý kiến.",
    )
    assigned.refresh_from_db()
    assert assigned.override_note == "Hết hạn thẩm định, hai đồng chí chưa gửi ý kiến."
    event = watch.events()[-1]
    assert event.action == "proposal.conclude" and len(event.changes["pending_reviewers"]["after"]) == 2


def test_the_lead_reviewer_concludes_but_another_reviewer_may_not(assigned, reviewer, province_officer):
    comment_add(actor=reviewer, proposal=assigned, text="Thống nhất.", on=date(2026, 3, 5), final=True)
    with pytest.raises(PermissionDenied):
        proposal_conclude(
            actor=reviewer,
            proposal=assigned,
            conclusion=Conclusion.APPROVE,
            concluded_on=date(2026, 3, 6),
            override_note="x",
        )
    with pytest.raises(PermissionDenied):
        changes_request(actor=reviewer, proposal=assigned, on=date(2026, 3, 6), text="Sửa")
    proposal_conclude(
        actor=province_officer,
        proposal=assigned,
        conclusion=Conclusion.APPROVE,
        concluded_on=date(2026, 3, 6),
        override_note="Chủ trì đã thống nhất trực tiếp.",
    )


def test_an_officer_not_assigned_may_not_comment(assigned, make_user, tree):
    other = make_user("cb.khac", "officer", tree.province, full_name="Lê Văn Khác")
    with pytest.raises(PermissionDenied):
        comment_add(actor=other, proposal=assigned, text="Ý kiến", on=date(2026, 3, 5))


def test_withdrawing_stops_the_appraisal(assigned, province_officer):
    proposal_withdraw(
        actor=province_officer,
        proposal=assigned,
        withdrawn_on=date(2026, 3, 10),
        reason="Cơ quan trình rút tờ trình để chờ hướng dẫn của Trung ương.",
    )
    assigned.refresh_from_db()
    assert (assigned.status, assigned.withdrawn_on) == (ProposalStatus.WITHDRAWN, date(2026, 3, 10))


def test_the_deadline_moves_but_not_before_a_reviewers(assigned, province_officer, refused):
    proposal_update(
        actor=province_officer,
        proposal=assigned,
        title=assigned.title,
        area=assigned.area,
        submitted_by=assigned.submitted_by,
        document_no=assigned.document_no,
        due_on=date(2026, 4, 15),
    )
    assigned.refresh_from_db()
    assert assigned.due_on == date(2026, 4, 15)
    with refused(field="due_on"):
        proposal_update(
            actor=province_officer,
            proposal=assigned,
            title=assigned.title,
            area=assigned.area,
            submitted_by=assigned.submitted_by,
            due_on=date(2026, 3, 19),
        )


def test_a_revision_is_numbered_after_the_last(assigned, province_officer):
    for n, (asked, got) in enumerate([(date(2026, 3, 5), date(2026, 3, 6)), (date(2026, 3, 9), date(2026, 3, 10))]):
        changes_request(actor=province_officer, proposal=assigned, on=asked, text=f"Lần {n + 1}")
        revision_receive(actor=province_officer, proposal=assigned, received_on=got)
    assert list(Revision.objects.filter(proposal=assigned).values_list("number", flat=True)) == [1, 2, 3]
