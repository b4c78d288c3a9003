"""From candidate to official member through the services: every step dated and audited, the admission
refused with its reasons until the dossier is complete, then probation from the ceremony and recognition
twelve months later (DOMAIN.md §1.1-1.2)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from tochuc.core.errors import DomainError
from tochuc.core.models import AuditEvent
from tochuc.members.choices import Sex, Status
from tochuc.members.models import EventKind, Member, MemberEvent
from tochuc.members.services import member_ceremony, member_recognize
from tochuc.recruitment import selectors, services
from tochuc.recruitment.models import Candidate, Introducer, Reached, Stage, Step


def new_candidate(org, *, actor=None, **kw) -> Candidate:
    values = {
        "full_name": "Hoàng Thị Mai",
        "sex": Sex.FEMALE,
        "birth_date": date(2001, 4, 9),
        "listed_on": date(2025, 7, 10),
        "youth_union_member": False,
    } | kw
    return services.candidate_create(actor=actor, org=org, **values)


def complete_dossier(candidate, tree, *, actor=None, vote_on=date(2025, 9, 15), votes=((9, 9),)):
    record = services.candidate_step_record
    record(actor=actor, candidate=candidate, step=Step.COURSE, on=date(2025, 7, 20), document_no="GCN 123/2025")
    record(actor=actor, candidate=candidate, step=Step.APPLICATION, on=date(2025, 8, 1))
    record(actor=actor, candidate=candidate, step=Step.HISTORY, on=date(2025, 8, 1))
    an, hanh = tree.members[candidate.org.code][:2]
    for m in (an, hanh):
        services.introducer_add(
            actor=actor,
            candidate=candidate,
            kind="member",
            member=m,
            together_since=date(2020, 1, 1),
            on=date(2025, 8, 5),
        )
    record(actor=actor, candidate=candidate, step=Step.VERIFICATION, on=date(2025, 8, 25), result="clear")
    record(actor=actor, candidate=candidate, step=Step.COMMENTS, on=date(2025, 9, 1))
    for i, (members, favour) in enumerate(votes):
        on = vote_on if i == len(votes) - 1 else date(2025, 9, 2 + i)
        record(
            actor=actor,
            candidate=candidate,
            step=Step.CELL_RESOLUTION,
            on=on,
            official_members=members,
            in_favour=favour,
        )
    candidate.refresh_from_db()
    return candidate


def test_a_candidate_becomes_an_official_member_end_to_end(tree, commune_officer):
    candidate = new_candidate(tree.dh1, actor=commune_officer)
    assert candidate.reached == Reached.LISTED
    complete_dossier(candidate, tree, actor=commune_officer)
    assert candidate.reached == Reached.COMMITTEE  # a grassroots cell: the decision comes next

    member = services.candidate_admit(
        actor=commune_officer, candidate=candidate, admitted_on=date(2025, 10, 1), decision_no="125-QĐ/ĐU"
    )
    candidate.refresh_from_db()
    assert candidate.stage == Stage.ADMITTED and candidate.member == member and candidate.reached == Reached.ADMITTED
    assert member.status == Status.PROBATIONARY and member.admitted_on == date(2025, 10, 1)
    admitted = MemberEvent.objects.get(member=member, kind=EventKind.ADMITTED)
    assert admitted.data["vote_on"] == "2025-09-15" and admitted.decision_no == "125-QĐ/ĐU"

    # Probation runs twelve months from the ceremony; recognition dates to its end even when decided later.
    member_ceremony(actor=commune_officer, member=member, on=date(2025, 10, 20))
    with pytest.raises(DomainError, match="Chưa hết thời gian dự bị"):
        member_recognize(actor=commune_officer, member=member, decided_on=date(2026, 10, 19), decision_no="1-QĐ")
    member_recognize(actor=commune_officer, member=member, decided_on=date(2026, 11, 5), decision_no="301-QĐ/ĐU")
    member.refresh_from_db()
    assert member.status == Status.OFFICIAL and member.official_on == date(2026, 10, 20)
    assert member.party_age_from == date(2025, 10, 1)  # party age runs from the admission decision

    actions = list(
        AuditEvent.objects.filter(object_type="recruitment.candidate", object_id=str(candidate.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions.count("candidate.step") == 6 and actions.count("candidate.introducer") == 2
    assert actions[0] == "candidate.create" and actions[-1] == "candidate.admit"


def test_a_cell_inside_a_grassroots_committee_waits_for_the_committee(tree, province_officer):
    cell = tree.dh_company_cell
    candidate = complete_dossier(new_candidate(cell, actor=province_officer), tree, actor=province_officer)
    assert candidate.reached == Reached.CELL
    with pytest.raises(DomainError, match="Nghị quyết đảng ủy cơ sở: đảng ủy cơ sở chưa có nghị quyết"):
        services.candidate_admit(
            actor=province_officer, candidate=candidate, admitted_on=date(2025, 10, 1), decision_no="1"
        )
    services.candidate_step_record(
        actor=province_officer,
        candidate=candidate,
        step=Step.COMMITTEE_RESOLUTION,
        on=date(2025, 9, 20),
        official_members=12,
        in_favour=11,
    )
    candidate.refresh_from_db()
    assert candidate.reached == Reached.COMMITTEE
    with pytest.raises(DomainError, match="trước nghị quyết đảng ủy"):
        services.candidate_admit(
            actor=province_officer, candidate=candidate, admitted_on=date(2025, 9, 19), decision_no="1"
        )
    member = services.candidate_admit(
        actor=province_officer, candidate=candidate, admitted_on=date(2025, 9, 25), decision_no="9-QĐ"
    )
    assert member.org == cell


def test_the_admission_is_refused_with_every_reason_and_writes_nothing(tree, commune_officer, refused):
    candidate = new_candidate(tree.dh1, actor=commune_officer, birth_date=date(2008, 3, 16))
    services.candidate_step_record(actor=commune_officer, candidate=candidate, step=Step.COURSE, on=date(2025, 8, 1))
    members_before = tree.dh1.members.count()
    with refused(field="admitted_on") as info:
        services.candidate_admit(
            actor=commune_officer, candidate=candidate, admitted_on=date(2025, 10, 1), decision_no="1"
        )
    for reason in ("Đơn xin vào Đảng", "Thẩm tra lý lịch", "Nghị quyết chi bộ: chi bộ chưa xét"):
        assert reason in info.value.message
    candidate.refresh_from_db()
    assert candidate.stage == Stage.DEVELOPING and tree.dh1.members.count() == members_before


def test_an_applicant_under_eighteen_on_the_vote_is_refused(tree):
    candidate = complete_dossier(new_candidate(tree.dh1, birth_date=date(2007, 9, 16)), tree, vote_on=date(2025, 9, 15))
    with pytest.raises(DomainError, match="chưa đủ 18 tuổi"):
        services.candidate_admit(actor=None, candidate=candidate, admitted_on=date(2025, 10, 1), decision_no="1")


def test_the_cell_votes_only_on_a_complete_dossier(tree, refused):
    candidate = new_candidate(tree.dh1)
    services.candidate_step_record(actor=None, candidate=candidate, step=Step.COURSE, on=date(2025, 8, 1))
    with refused(field="step") as info:
        services.candidate_step_record(
            actor=None,
            candidate=candidate,
            step=Step.CELL_RESOLUTION,
            on=date(2025, 9, 1),
            official_members=9,
            in_favour=9,
        )
    assert "Còn thiếu" in info.value.message and "Người giới thiệu" in info.value.message


def test_a_vote_below_two_thirds_fails_and_a_later_round_may_pass(tree):
    candidate = complete_dossier(new_candidate(tree.dh1), tree, votes=((8, 5), (8, 6)))
    votes = list(candidate.steps.filter(step=Step.CELL_RESOLUTION).order_by("on").values_list("result", flat=True))
    assert votes == ["failed", "passed"]
    assert services.eligibility(candidate).ok


def test_a_third_failed_round_is_reported_upwards(tree):
    candidate = complete_dossier(new_candidate(tree.dh1), tree, votes=((9, 5), (9, 5), (9, 5)))
    result = services.eligibility(candidate)
    assert not result.ok and "vote_rounds_exhausted" in result.flags


def test_a_vote_cannot_count_more_in_favour_than_members(tree, refused):
    candidate = new_candidate(tree.dh1)
    with refused(field="in_favour"):
        services.candidate_step_record(
            actor=None,
            candidate=candidate,
            step=Step.COMMITTEE_RESOLUTION,
            on=date(2025, 9, 1),
            official_members=3,
            in_favour=4,
        )


def test_a_step_recorded_by_mistake_is_cancelled_not_deleted(tree):
    candidate = complete_dossier(new_candidate(tree.dh1), tree)
    vote = candidate.steps.get(step=Step.CELL_RESOLUTION)
    services.candidate_step_cancel(actor=None, step=vote, reason="Ghi nhầm ngày họp")
    candidate.refresh_from_db()
    assert candidate.reached == Reached.VERIFIED
    assert candidate.steps.filter(step=Step.CELL_RESOLUTION, cancelled_at__isnull=False).count() == 1
    assert not services.eligibility(candidate).ok


def test_introducers_are_checked_against_the_rules_of_the_union(tree, refused):
    candidate = new_candidate(tree.dh1)
    with refused(field="kind"):
        services.introducer_add(
            actor=None, candidate=candidate, kind="youth_union", body="BCH Đoàn phường", on=date(2025, 8, 1)
        )
    an = tree.members["44.DH.01"][0]
    services.introducer_add(
        actor=None, candidate=candidate, kind="member", member=an, together_since=date(2022, 1, 1), on=date(2025, 8, 1)
    )
    with refused(field="member"):
        services.introducer_add(
            actor=None,
            candidate=candidate,
            kind="member",
            member=an,
            together_since=date(2022, 1, 1),
            on=date(2025, 8, 1),
        )
    assert Introducer.objects.filter(candidate=candidate).count() == 1


def test_a_youth_union_member_is_admitted_on_the_youth_unions_introduction(tree):
    candidate = new_candidate(tree.dh2, youth_union_member=True)
    record = services.candidate_step_record
    for step in (Step.COURSE, Step.APPLICATION, Step.HISTORY):
        record(actor=None, candidate=candidate, step=step, on=date(2025, 8, 1))
    services.introducer_add(
        actor=None, candidate=candidate, kind="youth_union", body="BCH Đoàn phường Đông Hà", on=date(2025, 8, 2)
    )
    services.introducer_add(
        actor=None,
        candidate=candidate,
        kind="member",
        member=tree.members["44.DH.02"][0],
        together_since=date(2024, 9, 15),
        on=date(2025, 8, 2),
    )
    record(actor=None, candidate=candidate, step=Step.VERIFICATION, on=date(2025, 8, 20), result="clear")
    record(actor=None, candidate=candidate, step=Step.COMMENTS, on=date(2025, 8, 25))
    record(
        actor=None,
        candidate=candidate,
        step=Step.CELL_RESOLUTION,
        on=date(2025, 9, 14),
        official_members=3,
        in_favour=2,
    )
    result = services.eligibility(candidate)
    assert not result.ok  # the member has worked with her 11 months on the vote day
    assert "mới cùng công tác, sinh hoạt 11 tháng" in result.refusals[0].reason


def test_work_away_and_dropping_out_show_in_the_pipeline(tree, commune_officer):
    away = new_candidate(tree.dh1, full_name="Lê Văn Hùng", sex=Sex.MALE)
    services.candidate_away_start(
        actor=commune_officer, candidate=away, kind="abroad", place="Hàn Quốc", since=date(2025, 9, 1)
    )
    lost = new_candidate(tree.dh2, full_name="Phạm Thị Lan")
    services.candidate_drop(
        actor=commune_officer, candidate=lost, on=date(2025, 10, 1), reason="migration", note="Vào TP.HCM"
    )
    new_candidate(tree.dh2, full_name="Võ Văn Nam", sex=Sex.MALE)
    counts = selectors.pipeline_counts(actor=commune_officer, org=tree.dh)
    assert counts["total"] == 2 and counts["away"] == 1 and counts["listed"] == 2
    lost_list = selectors.candidate_list(
        actor=commune_officer, org=tree.dh, stage=Stage.DROPPED, drop_reason="migration"
    )
    assert [c.full_name for c in lost_list] == ["Phạm Thị Lan"]
    services.candidate_away_end(actor=commune_officer, candidate=away, on=date(2026, 2, 1))
    away.refresh_from_db()
    assert away.away_kind == "" and away.away_since is None
    services.candidate_resume(actor=commune_officer, candidate=lost)
    assert selectors.pipeline_counts(actor=commune_officer, org=tree.dh)["total"] == 3


def test_a_citizen_id_already_a_members_or_a_candidates_is_refused(tree, refused):
    new_candidate(tree.dh1, citizen_id="044301000123")
    with refused(field="citizen_id"):
        new_candidate(tree.dh2, full_name="Người khác", citizen_id="044301000123")


# --- Scope ---


def test_an_outsider_neither_sees_nor_writes_a_neighbours_candidates(tree, outsider, viewer):
    candidate = new_candidate(tree.dh1)
    with pytest.raises(Http404):
        selectors.candidate_get(actor=outsider, pk=candidate.pk)
    with pytest.raises(Http404):
        services.candidate_step_record(actor=outsider, candidate=candidate, step=Step.COURSE, on=date(2025, 8, 1))
    with pytest.raises(Http404):
        new_candidate(tree.dh2, actor=outsider)
    assert list(selectors.candidate_list(actor=outsider)) == []
    with pytest.raises(PermissionDenied):
        services.candidate_step_record(actor=viewer, candidate=candidate, step=Step.COURSE, on=date(2025, 8, 1))
    assert selectors.candidate_get(actor=viewer, pk=candidate.pk) == candidate


def test_an_introducer_outside_the_actors_scope_is_refused(tree, commune_officer):
    candidate = new_candidate(tree.dh1)
    stranger = tree.members["44.LB.01"][0]
    with pytest.raises(Http404):
        services.introducer_add(
            actor=commune_officer,
            candidate=candidate,
            kind="member",
            member=stranger,
            together_since=date(2022, 1, 1),
            on=date(2025, 8, 1),
        )


def test_the_commune_officer_lists_only_the_communes_candidates(tree, commune_officer):
    new_candidate(tree.dh1, full_name="Trong phường")
    new_candidate(tree.lb1, full_name="Ngoài phường")
    assert [c.full_name for c in selectors.candidate_list(actor=commune_officer)] == ["Trong phường"]
    with pytest.raises(Http404):
        selectors.candidate_list(actor=commune_officer, org=tree.lb)


def test_decisions_due_sixty_working_days_after_the_cells_vote(tree, commune_officer):
    waiting = complete_dossier(new_candidate(tree.dh1), tree, vote_on=date(2025, 9, 15))
    new_candidate(tree.dh2, full_name="Chưa xét")
    due = selectors.decisions_due(actor=commune_officer, org=tree.dh)
    assert [d.candidate for d in due] == [waiting]
    # 60 working days from Monday 15/09/2025, with no holiday between but 2/9 (before): 12 weeks on Monday.
    assert due[0].vote_on == date(2025, 9, 15) and due[0].deadline == date(2025, 12, 8)
    assert due[0].overdue  # today is long after
    services.candidate_admit(actor=commune_officer, candidate=waiting, admitted_on=date(2025, 10, 1), decision_no="1")
    assert selectors.decisions_due(actor=commune_officer, org=tree.dh) == []


def test_the_list_page_shows_the_decisions_due_and_the_overdue(client, tree, commune_officer):
    complete_dossier(new_candidate(tree.dh1), tree, vote_on=date(2025, 9, 15))
    client.force_login(commune_officer)
    html = client.get("/recruitment/").content.decode()
    assert "1 quần chúng chờ quyết định kết nạp" in html and "08/12/2025" in html and "1 quá hạn" in html


def test_the_member_admitted_links_back_to_the_admission_dossier(client, tree, commune_officer):
    candidate = complete_dossier(new_candidate(tree.dh1), tree)
    member = services.candidate_admit(actor=None, candidate=candidate, admitted_on=date(2025, 10, 1), decision_no="1")
    client.force_login(commune_officer)
    html = client.get(f"/members/{member.pk}/").content.decode()
    assert f'href="/recruitment/{candidate.pk}/"' in html
    other = tree.members["44.DH.01"][0]
    assert "Hồ sơ kết nạp" not in client.get(f"/members/{other.pk}/").content.decode()


def test_a_fourth_round_is_refused_after_three_failures(tree, refused):
    candidate = complete_dossier(new_candidate(tree.dh1), tree, votes=((9, 5), (9, 5), (9, 5)))
    with refused(field="step") as info:
        services.candidate_step_record(
            actor=None,
            candidate=candidate,
            step=Step.CELL_RESOLUTION,
            on=date(2025, 10, 1),
            official_members=9,
            in_favour=9,
        )
    assert "3 lần không đạt" in info.value.message


def test_a_citizen_id_of_a_member_outside_the_scope_names_nobody(tree, outsider, commune_officer, refused):
    hidden = tree.members["44.DH.01"][0]
    Member.objects.filter(pk=hidden.pk).update(citizen_id="044068001234")
    with refused(field="citizen_id") as info:
        new_candidate(tree.lb1, actor=outsider, citizen_id="044068001234", birth_date=date(1968, 5, 12), sex=Sex.MALE)
    assert hidden.full_name not in info.value.message and "ngoài phạm vi quản lý" in info.value.message
    with refused(field="citizen_id") as info:
        new_candidate(
            tree.dh2, actor=commune_officer, citizen_id="044068001234", birth_date=date(1968, 5, 12), sex=Sex.MALE
        )
    assert hidden.full_name in info.value.message


def test_a_vote_before_any_rule_in_the_table_is_refused_not_a_crash(tree, refused):
    candidate = new_candidate(tree.dh1, birth_date=date(1980, 1, 1), listed_on=date(2010, 1, 1))
    with refused(field="on") as info:
        services.candidate_step_record(
            actor=None,
            candidate=candidate,
            step=Step.COMMITTEE_RESOLUTION,
            on=date(2010, 3, 1),
            official_members=9,
            in_favour=9,
        )
    assert "Chưa có quy định" in info.value.message
