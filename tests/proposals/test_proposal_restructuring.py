"""Appraisals follow a merger: those still open at a merged commune are taken over by the receiving committee,
the concluded ones stay where they were decided, and recommendations stay with the locality that raised them;
an org holding open appraisals is not dissolved without a receiving org."""

from __future__ import annotations

from datetime import date

from tochuc.orgs.services import org_dissolve, org_merge
from tochuc.proposals.choices import Conclusion, ProposalStatus
from tochuc.proposals.models import Proposal
from tochuc.proposals.services.proposals import comment_add, proposal_conclude, reviewer_assign

MERGED = date(2026, 6, 1)


def test_open_appraisals_move_to_the_receiving_commune(receive, outsider, province_officer, tree, raise_rec,
                                                       audit_watch):  # fmt: skip
    open_one = receive(actor=outsider, org=tree.lb, title="Đề án sắp xếp chi bộ thôn xã Lao Bảo", document_no="")
    decided = receive(actor=outsider, org=tree.lb, title="Đề án tạo nguồn cán bộ xã Lao Bảo", document_no="")
    reviewer_assign(actor=outsider, proposal=decided, user=outsider, lead=True, assigned_on=date(2026, 3, 3),
                    due_on=date(2026, 3, 20))  # fmt: skip
    comment_add(actor=outsider, proposal=decided, text="Đạt", on=date(2026, 3, 5), final=True)
    proposal_conclude(actor=outsider, proposal=decided, conclusion=Conclusion.APPROVE, concluded_on=date(2026, 3, 6))
    rec = raise_rec(raised_by=tree.lb)
    watch = audit_watch()
    org_merge(actor=province_officer, sources=[tree.lb], target=tree.dh, on=MERGED, decision_no="20-QĐ/TU")
    open_one.refresh_from_db()
    decided.refresh_from_db()
    rec.refresh_from_db()
    assert (open_one.org, open_one.status) == (tree.dh, ProposalStatus.SUBMITTED)
    assert decided.org == tree.lb
    assert rec.raised_by == tree.lb
    moved = [e for e in watch.events() if e.action == "proposal.update"]
    assert [(e.object_id, e.changes["org"]) for e in moved] == [
        (str(open_one.pk), {"before": "44.LB", "after": "44.DH"})
    ]


def test_an_org_with_open_appraisals_is_not_dissolved_without_a_receiving_org(receive, tree, refused, province_officer):
    proposal = receive(actor=province_officer, org=tree.dh_company, title="Đề án phát triển đảng viên", document_no="")
    org_merge(actor=province_officer, sources=[tree.dh_company_cell], target=tree.dh1, on=MERGED)
    with refused(field="members_to") as info:  # the orgs' service asks for a receiving org
        org_dissolve(actor=province_officer, org=tree.dh_company, on=MERGED)
    assert "1 đề án đang thẩm định" in info.value.message
    assert Proposal.objects.get(pk=proposal.pk).org == tree.dh_company
