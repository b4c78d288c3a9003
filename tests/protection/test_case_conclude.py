"""Concluding a verification: a person concludes (RESTRICTED and EDIT), refused while a request has no reply
or no finding (naming which), before the request, before the last reply, in the future; an admission
candidate's dossier records its verification step in the same transaction, and a refusal of recruitment
writes nothing. Withdrawing needs a reason."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from tochuc.core.models import AuditEvent
from tochuc.protection.choices import CaseStatus, Conclusion, Purpose, Relation
from tochuc.protection.rules import RELATIVE_SCOPES
from tochuc.protection.services.cases import case_conclude, case_open, case_update, case_withdraw
from tochuc.protection.services.questions import question_add, question_reply
from tochuc.recruitment.models import CandidateStep, Reached, Result, Step
from tochuc.recruitment.services import candidate_drop

TODAY = timezone.localdate()
REQUESTED = TODAY - timedelta(days=40)
LAST_REPLY = REQUESTED + timedelta(days=20)  # the father's reply in the conftest's answered case


def _conclude(actor, case, **kw):
    values = {
        "conclusion": Conclusion.CLEAR,
        "concluded_on": TODAY - timedelta(days=1),
        "concluded_by": "Ban Thường vụ Đảng ủy phường Đông Hà",
        "conclusion_no": "07-KL/ĐU",
        "conclusion_text": "Lịch sử chính trị của cha đẻ đã được làm rõ, không ảnh hưởng.",
    }
    values.update(kw)
    return case_conclude(actor=actor, case=case, **values)


@pytest.mark.parametrize(
    ("conclusion", "result"),
    [
        (Conclusion.CLEAR, Result.CLEAR),
        (Conclusion.ISSUE, Result.ISSUE),
        (Conclusion.NOT_ADMISSIBLE, Result.NOT_ADMISSIBLE),
    ],
)
def test_concluding_an_admission_case_records_the_candidates_verification_step(
    conclusion, result, answered_case, protection_officer, audit_watch
):
    watch = audit_watch()
    case = _conclude(protection_officer, answered_case, conclusion=conclusion)
    assert (case.status, case.conclusion, case.concluded_on) == (
        CaseStatus.CONCLUDED, conclusion, TODAY - timedelta(days=1),
    )  # fmt: skip
    step = CandidateStep.objects.get(candidate=answered_case.candidate, step=Step.VERIFICATION)
    assert (step.result, step.on, step.document_no) == (result, TODAY - timedelta(days=1), "07-KL/ĐU")
    assert step.actor == protection_officer
    actions = [e.action for e in watch.events()]
    assert actions == ["candidate.step", "protection.conclude"]


def test_the_candidates_pipeline_moves_on_when_the_conclusion_is_clear(answered_case, protection_officer):
    from tochuc.recruitment.models import Candidate
    from tochuc.recruitment.services import candidate_step_record

    candidate = answered_case.candidate
    for step in (Step.COURSE, Step.APPLICATION, Step.HISTORY):
        candidate_step_record(actor=None, candidate=candidate, step=step, on=REQUESTED)
    _conclude(protection_officer, answered_case)
    assert Candidate.objects.get(pk=candidate.pk).reached == Reached.VERIFIED


def test_the_audit_log_says_grounds_were_written_not_what_they_say(answered_case, protection_officer):
    _conclude(protection_officer, answered_case)
    event = AuditEvent.objects.get(action="protection.conclude")
    assert event.changes["conclusion_text"] == {"before": None, "after": "[nội dung mật]"}
    assert "cha đẻ" not in str(event.changes) and "cha đẻ" not in event.note


def test_it_refuses_while_a_request_has_no_reply_and_names_it(answered_case, protection_officer, refused):
    question_add(
        actor=None, case=answered_case, relation=Relation.MOTHER, person_name="Lê Thị Sen", scopes=RELATIVE_SCOPES,
        sent_to="Đảng ủy xã Cam Lộ", sent_on=REQUESTED + timedelta(days=3),
    )  # fmt: skip
    with refused(field=None) as info:
        _conclude(protection_officer, answered_case)
    assert "Lê Thị Sen" in info.value.message and "Đảng ủy xã Cam Lộ" in info.value.message


def test_it_refuses_while_a_reply_has_no_finding_recorded(answered_case, protection_officer, refused):
    q = question_add(
        actor=None, case=answered_case, relation=Relation.MOTHER, person_name="Lê Thị Sen", scopes=RELATIVE_SCOPES,
        sent_to="Đảng ủy xã Cam Lộ", sent_on=REQUESTED + timedelta(days=3),
    )  # fmt: skip
    question_reply(actor=None, question=q, replied_on=REQUESTED + timedelta(days=5), reply_no="3/CV")
    with refused(field=None) as info:
        _conclude(protection_officer, answered_case)
    assert "Lê Thị Sen" in info.value.message


def test_it_refuses_a_case_with_no_request(admission_case, protection_officer, refused):
    with refused(field=None):
        _conclude(protection_officer, admission_case)


def test_it_refuses_a_conclusion_before_the_request(answered_case, protection_officer, refused):
    with refused(field="concluded_on"):
        _conclude(protection_officer, answered_case, concluded_on=REQUESTED - timedelta(days=1))


def test_it_refuses_a_conclusion_before_the_last_reply(answered_case, protection_officer, refused):
    with refused(field="concluded_on"):
        _conclude(protection_officer, answered_case, concluded_on=LAST_REPLY - timedelta(days=1))


def test_a_conclusion_on_the_day_of_the_last_reply_is_accepted(answered_case, protection_officer):
    assert _conclude(protection_officer, answered_case, concluded_on=LAST_REPLY).concluded_on == LAST_REPLY


def test_it_refuses_a_conclusion_in_the_future(answered_case, protection_officer, refused):
    with refused(field="concluded_on"):
        _conclude(protection_officer, answered_case, concluded_on=TODAY + timedelta(days=1))


def test_it_refuses_a_conclusion_without_the_committee(answered_case, protection_officer, refused):
    with refused(field="concluded_by"):
        _conclude(protection_officer, answered_case, concluded_by="  ")


def test_it_refuses_to_conclude_twice(answered_case, protection_officer, refused):
    _conclude(protection_officer, answered_case)
    with refused(field="status"):
        _conclude(protection_officer, answered_case)


def test_when_recruitment_refuses_nothing_is_written(answered_case, protection_officer, refused):
    candidate_drop(actor=None, candidate=answered_case.candidate, on=TODAY, reason="migration", note="TP. Hồ Chí Minh")
    with refused(field=None) as info:
        _conclude(protection_officer, answered_case)
    assert "không còn trong danh sách" in info.value.message


@pytest.mark.parametrize("persona", ["province_officer", "cell_secretary", "admin_user", "leader", "viewer"])
def test_only_a_role_with_restricted_and_edit_concludes(persona, request, answered_case, nothing_written):
    actor = request.getfixturevalue(persona)
    with nothing_written(), pytest.raises(PermissionDenied):
        _conclude(actor, answered_case)


def test_an_outsider_cannot_conclude(answered_case, make_user, tree, nothing_written):
    from tochuc.accounts.roles import Role

    outsider = make_user("baove.laobao", Role.PROTECTION, tree.lb)
    with nothing_written(), pytest.raises(Http404):
        _conclude(outsider, answered_case)


def test_a_case_about_a_cadre_concludes_without_touching_recruitment(make_cadre, tree, protection_officer):
    cadre = make_cadre(tree.dh)
    case = case_open(actor=None, purpose=Purpose.PLANNING, cadre=cadre, requested_by="Ban Tổ chức Tỉnh ủy",
                     requested_on=REQUESTED, org=tree.province)  # fmt: skip
    q = question_add(actor=None, case=case, relation=Relation.SELF, scopes=["political_history"],
                     sent_to="Đảng ủy phường Đông Hà", sent_on=REQUESTED)  # fmt: skip
    question_reply(actor=None, question=q, replied_on=REQUESTED + timedelta(days=4), finding="clear")
    _conclude(protection_officer, case)
    assert not CandidateStep.objects.exists()


def test_withdrawing_records_its_date_and_reason(admission_case, commune_officer, audit_watch):
    watch = audit_watch()
    case = case_withdraw(actor=commune_officer, case=admission_case, on=TODAY, reason="Chuyển nơi cư trú")
    assert (case.status, case.withdrawn_on, case.withdrawn_reason) == (CaseStatus.WITHDRAWN, TODAY,
                                                                       "Chuyển nơi cư trú")  # fmt: skip
    assert [e.action for e in watch.events()] == ["protection.withdraw"]


def test_withdrawing_needs_a_reason(admission_case, commune_officer, refused):
    with refused(field="reason"):
        case_withdraw(actor=commune_officer, case=admission_case, on=TODAY, reason=" ")


def test_withdrawing_before_the_request_is_refused(admission_case, commune_officer, refused):
    with refused(field="on"):
        case_withdraw(actor=commune_officer, case=admission_case, on=REQUESTED - timedelta(days=1), reason="Lý do")


def test_a_withdrawn_case_is_not_concluded(admission_case, commune_officer, protection_officer, refused):
    case_withdraw(actor=commune_officer, case=admission_case, on=TODAY, reason="Chuyển nơi cư trú")
    with refused(field="status"):
        _conclude(protection_officer, admission_case)


def test_the_deadline_is_extended_while_the_case_runs(admission_case, commune_officer, audit_watch):
    watch = audit_watch()
    later = TODAY + timedelta(days=45)
    case_update(actor=commune_officer, case=admission_case, due_on=later)
    admission_case.refresh_from_db()
    assert admission_case.due_on == later
    [event] = watch.events()
    assert event.action == "protection.case_update" and event.changes["due_on"]["after"] == later.isoformat()


def test_the_request_date_cannot_move_after_the_first_request_sent(answered_case, commune_officer, refused):
    with refused(field="requested_on"):
        case_update(actor=commune_officer, case=answered_case, requested_on=REQUESTED + timedelta(days=5))
