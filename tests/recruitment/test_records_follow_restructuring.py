"""Candidates and enterprises follow their org when it merges or dissolves into another, as members do."""

from __future__ import annotations

from datetime import date

import pytest
from django.http import Http404

from tochuc.core.models import AuditEvent
from tochuc.enterprises.models import Enterprise
from tochuc.enterprises.services import enterprise_create
from tochuc.members.choices import Sex
from tochuc.members.services import member_remove
from tochuc.orgs.services import org_dissolve, org_merge
from tochuc.recruitment import services
from tochuc.recruitment.models import Candidate, Stage

ON = date(2026, 1, 15)


def candidate(org, name):
    return services.candidate_create(
        actor=None, org=org, full_name=name, sex=Sex.MALE, birth_date=date(2000, 1, 1), listed_on=date(2025, 8, 1)
    )


def test_candidates_and_enterprises_follow_a_merge(tree, commune_officer):
    staying = candidate(tree.dh2, "Đang bồi dưỡng")
    dropped = candidate(tree.dh2, "Đã dừng")
    services.candidate_drop(actor=None, candidate=dropped, on=date(2025, 9, 1), reason="migration")
    firm = enterprise_create(actor=None, org=tree.dh2, name="Công ty TNHH Minh Phát", sector="non_state")
    org_merge(actor=commune_officer, sources=[tree.dh2], target=tree.dh1, on=ON)
    assert set(Candidate.objects.filter(org=tree.dh1).values_list("pk", flat=True)) == {staying.pk, dropped.pk}
    assert Enterprise.objects.get(pk=firm.pk).org == tree.dh1
    moved = AuditEvent.objects.filter(action="candidate.update", object_id=str(staying.pk)).get()
    assert moved.actor_id == commune_officer.pk and moved.changes["org"] == {"before": "44.DH.02", "after": "44.DH.01"}


def test_an_admitted_candidate_stays_where_admitted(tree):
    c = candidate(tree.dh2, "Đã kết nạp")
    # Set up as the admission leaves it (tests/recruitment/test_candidate_pipeline.py walks the whole way).
    admitted_as = tree.members["44.DH.02"][0]
    Candidate.objects.filter(pk=c.pk).update(stage=Stage.ADMITTED, member=admitted_as, admitted_on=date(2025, 10, 1))
    org_merge(actor=None, sources=[tree.dh2], target=tree.dh1, on=ON)
    assert Candidate.objects.get(pk=c.pk).org == tree.dh2  # its record of where it was admitted


def test_records_follow_a_dissolution_into_the_receiving_org(tree):
    c = candidate(tree.lb2, "Người ở thôn")
    firm = enterprise_create(actor=None, org=tree.lb2, name="HTX Nông nghiệp Lao Bảo", sector="non_state")
    for m in tree.members["44.LB.02"]:
        member_remove(actor=None, member=m, on=date(2025, 12, 1), decision_no="1", reason="Chuyển đi")
    org_dissolve(actor=None, org=tree.lb2, on=ON, members_to=tree.lb1)
    assert Candidate.objects.get(pk=c.pk).org == tree.lb1
    assert Enterprise.objects.get(pk=firm.pk).org == tree.lb1


def test_a_split_or_a_dissolution_with_nowhere_to_go_is_refused_while_candidates_remain(tree, refused):
    c = candidate(tree.lb2, "Còn ở thôn")
    for m in tree.members["44.LB.02"]:
        member_remove(actor=None, member=m, on=date(2025, 12, 1), decision_no="1", reason="Chuyển đi")
    with refused(field="members_to") as info:
        org_dissolve(actor=None, org=tree.lb2, on=ON)
    assert "1 quần chúng ưu tú" in info.value.message
    # Moved to another cell first, the dissolution goes through.
    services.candidate_update(actor=None, candidate=c, org=tree.lb1)
    org_dissolve(actor=None, org=tree.lb2, on=ON)
    assert Candidate.objects.get(pk=c.pk).org == tree.lb1


def test_a_candidate_moves_only_to_an_open_org_inside_the_scope(tree, commune_officer):
    c = candidate(tree.dh1, "Chuyển chi bộ")
    with pytest.raises(Http404):
        services.candidate_update(actor=commune_officer, candidate=c, org=tree.lb1)
    services.candidate_update(actor=commune_officer, candidate=c, org=tree.dh2)
    event = AuditEvent.objects.filter(action="candidate.update", object_id=str(c.pk)).get()
    assert event.changes["org"] == {"before": "44.DH.01", "after": "44.DH.02"}


def test_a_dissolution_with_nowhere_to_go_is_refused_while_enterprises_remain(tree, refused):
    firm = enterprise_create(actor=None, org=tree.lb2, name="HTX Dịch vụ Ka Tăng", sector="non_state")
    for m in tree.members["44.LB.02"]:
        member_remove(actor=None, member=m, on=date(2025, 12, 1), decision_no="1", reason="Chuyển đi")
    with refused(field="members_to") as info:
        org_dissolve(actor=None, org=tree.lb2, on=ON)
    assert "1 doanh nghiệp trên địa bàn" in info.value.message
    assert Enterprise.objects.get(pk=firm.pk).org == tree.lb2
