"""Requests for verification: sent one by one or as the standard set (all or none), their replies logged by
whoever keeps the case, what they found entered only with RESTRICTED, a request sent by mistake cancelled with
its reason; the log never holds a finding."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from tochuc.core.models import AuditEvent
from tochuc.members.services.dossier import relative_add
from tochuc.protection.choices import Finding, Purpose, Relation, Scope
from tochuc.protection.models import Question
from tochuc.protection.rules import RELATIVE_SCOPES, SELF_SCOPES
from tochuc.protection.selectors.cases import standard_drafts
from tochuc.protection.services.cases import case_open
from tochuc.protection.services.questions import (
    Request,
    question_add,
    question_cancel,
    question_finding,
    question_reply,
    questions_add,
)

TODAY = timezone.localdate()
REQUESTED = TODAY - timedelta(days=40)


def _ask(actor, case, **kw):
    values = {
        "relation": Relation.SELF,
        "scopes": SELF_SCOPES,
        "sent_to": "Đảng ủy phường Đông Hà",
        "sent_on": REQUESTED + timedelta(days=1),
        "due_on": REQUESTED + timedelta(days=31),
    }
    values.update(kw)
    return question_add(actor=actor, case=case, **values)


def test_a_request_about_the_subject_takes_their_name(admission_case, cell_secretary, audit_watch):
    watch = audit_watch()
    q = _ask(cell_secretary, admission_case, scopes=[Scope.ETHICS, Scope.POLITICAL_HISTORY])
    assert q.person_name == admission_case.subject_name
    assert q.scopes == [Scope.POLITICAL_HISTORY, Scope.ETHICS]
    [event] = watch.events()
    assert event.action == "protection.question" and event.changes["question"]["after"]["id"] == q.pk


def test_a_request_about_a_relative_needs_their_name(admission_case, commune_officer, refused):
    with refused(field="person_name"):
        _ask(commune_officer, admission_case, relation=Relation.FATHER, scopes=RELATIVE_SCOPES)


def test_a_request_needs_a_content(admission_case, commune_officer, refused):
    with refused(field="scopes"):
        _ask(commune_officer, admission_case, scopes=[])


def test_a_request_is_not_sent_before_the_case_was_requested(admission_case, commune_officer, refused):
    with refused(field="sent_on"):
        _ask(commune_officer, admission_case, sent_on=REQUESTED - timedelta(days=1))


def test_a_requests_deadline_is_not_before_it_was_sent(admission_case, commune_officer, refused):
    with refused(field="due_on"):
        _ask(commune_officer, admission_case, due_on=REQUESTED)


def test_the_standard_set_is_sent_all_or_none(admission_case, commune_officer, refused):
    requests = [
        Request(Relation.SELF, "", SELF_SCOPES),
        Request(Relation.FATHER, "Trần Văn Hùng", RELATIVE_SCOPES),
        Request(Relation.MOTHER, "", RELATIVE_SCOPES),  # no name: refused, nothing sent
    ]
    with refused(field="person_name_2"):
        questions_add(actor=commune_officer, case=admission_case, requests=requests, sent_to="Công an xã Cam Lộ",
                      sent_on=REQUESTED)  # fmt: skip
    sent = questions_add(actor=commune_officer, case=admission_case, requests=requests[:2],
                         sent_to="Công an xã Cam Lộ", sent_on=REQUESTED)  # fmt: skip
    assert [(q.relation, q.sent_to) for q in sent] == [(Relation.SELF, "Công an xã Cam Lộ"),
                                                       (Relation.FATHER, "Công an xã Cam Lộ")]  # fmt: skip


def test_the_standard_set_is_prefilled_from_the_members_family_rows(tree, make_user):
    member = tree.members["44.DH.01"][2]
    relative_add(actor=None, member=member, relation="Bố đẻ", full_name="Lê Văn Tâm", birth_year=1960)
    relative_add(actor=None, member=member, relation="Vợ", full_name="Nguyễn Thị Hồng", birth_year=1992)
    case = case_open(actor=None, purpose=Purpose.OTHER, member=member, requested_by="Đảng ủy phường",
                     requested_on=REQUESTED)  # fmt: skip
    # Another purpose than admission: the person alone.
    assert [d.relation for d in standard_drafts(case, TODAY)] == [Relation.SELF]
    case.purpose = Purpose.ADMISSION  # as a name-alone admission would be: the whole set, names from the dossier
    names = {d.relation: d.person_name for d in standard_drafts(case, TODAY)}
    assert names[Relation.FATHER] == "Lê Văn Tâm" and names[Relation.SPOUSE] == "Nguyễn Thị Hồng"
    assert names[Relation.MOTHER] == ""


def test_the_reply_is_logged_without_restricted_and_its_finding_only_with_it(
    admission_case, commune_officer, commune_protection, audit_watch
):
    q = _ask(commune_officer, admission_case)
    question_reply(actor=commune_officer, question=q, replied_on=TODAY, reply_no="15/CV-ĐU")
    q.refresh_from_db()
    assert (q.replied_on, q.reply_no, q.finding) == (TODAY, "15/CV-ĐU", "")
    watch = audit_watch()
    question_finding(actor=commune_protection, question=q, finding=Finding.ISSUE, finding_text="Có tiền án năm 2015.")
    q.refresh_from_db()
    assert (q.finding, q.finding_text) == (Finding.ISSUE, "Có tiền án năm 2015.")
    [event] = watch.events()
    assert event.changes["finding"] == {"before": None, "after": "[nội dung mật]"}
    assert "tiền án" not in str(event.changes)


@pytest.mark.parametrize("persona", ["commune_officer", "cell_secretary", "admin_user"])
def test_a_finding_needs_restricted(persona, request, admission_case, nothing_written):
    actor = request.getfixturevalue(persona)
    q = _ask(None, admission_case)
    with nothing_written(), pytest.raises(PermissionDenied):
        question_reply(actor=actor, question=q, replied_on=TODAY, finding=Finding.CLEAR, finding_text="Tốt")


def test_a_leader_reads_findings_but_does_not_write_them(admission_case, leader, nothing_written):
    q = _ask(None, admission_case)
    question_reply(actor=None, question=q, replied_on=TODAY)
    with nothing_written(), pytest.raises(PermissionDenied):
        question_finding(actor=leader, question=q, finding=Finding.CLEAR)


def test_a_reply_is_not_before_its_request_nor_in_the_future(admission_case, commune_officer, refused):
    q = _ask(None, admission_case)
    with refused(field="replied_on"):
        question_reply(actor=commune_officer, question=q, replied_on=q.sent_on - timedelta(days=1))
    with refused(field="replied_on"):
        question_reply(actor=commune_officer, question=q, replied_on=TODAY + timedelta(days=1))


def test_a_reply_is_logged_once(admission_case, commune_officer, refused):
    q = _ask(None, admission_case)
    question_reply(actor=commune_officer, question=q, replied_on=TODAY)
    with refused(field="replied_on"):
        question_reply(actor=commune_officer, question=q, replied_on=TODAY)


def test_a_finding_waits_for_the_reply(admission_case, commune_protection, refused):
    q = _ask(None, admission_case)
    with refused(field="finding"):
        question_finding(actor=commune_protection, question=q, finding=Finding.CLEAR)


def test_a_request_sent_by_mistake_is_cancelled_with_its_reason(admission_case, commune_officer, refused):
    q = _ask(None, admission_case)
    with refused(field="reason"):
        question_cancel(actor=commune_officer, question=q, reason="")
    question_cancel(actor=commune_officer, question=q, reason="Gửi trùng")
    q.refresh_from_db()
    assert q.cancelled_at is not None and q.cancel_reason == "Gửi trùng"
    assert Question.objects.filter(pk=q.pk).exists()
    assert AuditEvent.objects.filter(action="protection.case_update", note__contains="Gửi trùng").exists()


def test_requests_of_a_concluded_case_are_closed(answered_case, protection_officer, commune_officer, refused):
    from tochuc.protection.services.cases import case_conclude

    case_conclude(actor=protection_officer, case=answered_case, conclusion="clear", concluded_on=TODAY,
                  concluded_by="Đảng ủy phường")  # fmt: skip
    with refused(field="status"):
        _ask(commune_officer, answered_case)
