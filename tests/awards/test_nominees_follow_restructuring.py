"""Nominations not yet decided follow their proposing org when it merges or dissolves into another; decided
ones stay where they were proposed; an org cannot be dissolved with nowhere to go while it holds open ones."""

from __future__ import annotations

from datetime import date

import pytest

from tochuc.awards.models import Nominee
from tochuc.awards.services.decisions import decision_create
from tochuc.awards.services.nominees import nominee_propose, nominee_review
from tochuc.members.services import member_remove
from tochuc.orgs.services import org_dissolve, org_merge

PROPOSED_ON = date(2026, 1, 5)
ON = date(2026, 2, 1)


@pytest.fixture
def two(tree, rate, cell_secretary, commune_officer):
    """Two nominations of the cell 44.DH.01: one still proposed, one awarded by the commune."""
    a, b = tree.members["44.DH.01"][:2]
    out = []
    for m in (a, b):
        rate(m, 2025)
        out.append(nominee_propose(actor=cell_secretary, proposing_org=tree.dh1, kind="member", member=m,
                                   form="commendation", period_type="annual", year_to=2025,
                                   proposed_on=PROPOSED_ON))  # fmt: skip
    nominee_review(actor=commune_officer, nominee=out[1], accept=True, reviewed_on=date(2026, 1, 6))
    decision_create(actor=commune_officer, org=tree.dh, nominees=[out[1]], number="3-QĐ/ĐU", signed_on=date(2026, 1, 8),
                    signer_name="Hồ Tiến Hà", signer_title="Bí thư", form="commendation", period_type="annual",
                    title="", year_to=2025)  # fmt: skip
    return out


def test_open_nominations_follow_a_merge_and_decided_ones_stay(tree, two, commune_officer, audit_watch):
    watch = audit_watch()
    org_merge(actor=commune_officer, sources=[tree.dh1], target=tree.dh2, on=ON)
    pending, awarded = (Nominee.objects.get(pk=n.pk) for n in two)
    assert pending.proposing_org == tree.dh2 and awarded.proposing_org == tree.dh1
    assert [e.changes for e in watch.events() if e.action == "award.move"] == [
        {"proposing_org": {"before": "44.DH.01", "after": "44.DH.02"}}
    ]


def test_a_dissolution_with_nowhere_to_go_is_refused_while_nominations_are_open(tree, two, refused):
    for m in tree.members["44.DH.01"]:
        member_remove(actor=None, member=m, on=date(2026, 1, 20), decision_no="1", reason="Chuyển đi")
    with refused(field="members_to") as info:
        org_dissolve(actor=None, org=tree.dh1, on=ON)
    assert "1 đề nghị khen thưởng chưa quyết định" in info.value.message
