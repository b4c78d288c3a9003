"""Dates after what the file already holds: an answer or a reassignment after a reopening does not predate the
reopening; a conclusion or a stop of an appraisal does not predate the current draft, the latest comment on it
or the request to revise it."""

from __future__ import annotations

from datetime import date

import pytest

from tochuc.proposals.choices import ProposalStatus, RecommendationStatus
from tochuc.proposals.services.proposals import (
    changes_request,
    comment_add,
    proposal_conclude,
    proposal_withdraw,
    revision_receive,
)
from tochuc.proposals.services.recommendations import (
    recommendation_answer,
    recommendation_assign,
    recommendation_reopen,
)


@pytest.fixture
def reopened(raise_rec, province_officer):
    """Assigned on 20/01, answered on 10/02, reopened on 01/03 with a deadline of 31/03."""
    rec = raise_rec()
    recommendation_assign(
        actor=province_officer,
        recommendation=rec,
        assigned_to="Công an tỉnh",
        assigned_on=date(2026, 1, 20),
        due_on=date(2026, 2, 20),
    )
    recommendation_answer(actor=province_officer, recommendation=rec, answer="Đã bố trí", answered_on=date(2026, 2, 10))
    return recommendation_reopen(
        actor=province_officer,
        recommendation=rec,
        reopened_on=date(2026, 3, 1),
        reason="Chưa bố trí đủ",
        due_on=date(2026, 3, 31),
    )


def test_an_answer_after_a_reopening_cannot_predate_it(reopened, province_officer, refused):
    with refused(field="answered_on") as info:
        recommendation_answer(
            actor=province_officer, recommendation=reopened, answer="Đã bổ sung", answered_on=date(2026, 2, 20)
        )
    assert "01/03/2026" in info.value.message
    rec = recommendation_answer(
        actor=province_officer, recommendation=reopened, answer="Đã bổ sung", answered_on=date(2026, 3, 1)
    )
    assert (rec.status, rec.answered_on) == (RecommendationStatus.ANSWERED, date(2026, 3, 1))


def test_a_reassignment_after_a_reopening_cannot_predate_it(reopened, province_officer, refused):
    with refused(field="assigned_on"):
        recommendation_assign(
            actor=province_officer,
            recommendation=reopened,
            assigned_to="Sở Nội vụ",
            assigned_on=date(2026, 2, 15),
            due_on=date(2026, 3, 31),
        )
    rec = recommendation_assign(
        actor=province_officer,
        recommendation=reopened,
        assigned_to="Sở Nội vụ",
        assigned_on=date(2026, 3, 2),
        due_on=date(2026, 3, 31),
    )
    assert (rec.assigned_to, rec.assigned_on) == ("Sở Nội vụ", date(2026, 3, 2))


def test_a_stop_cannot_predate_the_revised_draft(assigned, province_officer, refused):
    changes_request(actor=province_officer, proposal=assigned, on=date(2026, 3, 5), text="Bổ sung lộ trình")
    with refused(field="withdrawn_on"):  # asked to revise on 05/03: the stop comes after
        proposal_withdraw(actor=province_officer, proposal=assigned, withdrawn_on=date(2026, 3, 4), reason="Rút")
    revision_receive(actor=province_officer, proposal=assigned, received_on=date(2026, 3, 10))
    with refused(field="withdrawn_on") as info:
        proposal_withdraw(actor=province_officer, proposal=assigned, withdrawn_on=date(2026, 3, 8), reason="Rút")
    assert "10/03/2026" in info.value.message
    stopped = proposal_withdraw(
        actor=province_officer, proposal=assigned, withdrawn_on=date(2026, 3, 10), reason="Cơ quan trình rút"
    )
    assert stopped.status == ProposalStatus.WITHDRAWN


def test_a_conclusion_cannot_predate_the_latest_comment(assigned, province_officer, reviewer, refused):
    comment_add(actor=reviewer, proposal=assigned, text="Thống nhất", on=date(2026, 3, 12), final=True)
    comment_add(actor=province_officer, proposal=assigned, text="Thống nhất", on=date(2026, 3, 14), final=True)
    with refused(field="concluded_on") as info:
        proposal_conclude(
            actor=province_officer, proposal=assigned, conclusion="approve", concluded_on=date(2026, 3, 13)
        )
    assert "14/03/2026" in info.value.message
    done = proposal_conclude(
        actor=province_officer, proposal=assigned, conclusion="approve", concluded_on=date(2026, 3, 14)
    )
    assert done.status == ProposalStatus.CONCLUDED
