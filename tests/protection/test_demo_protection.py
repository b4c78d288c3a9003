"""The demo's internal political protection (`demo.protection.seed_protection`): on a small demo province with
its recruitment and cadre work the figures add up, every case keeps the invariants the services keep, the
admission cases agree with the candidates' verification steps; on the shared test tree it runs and repeats
itself for a seed."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import transaction
from django.test import override_settings

from tochuc.core.models import AuditEvent
from tochuc.demo import province
from tochuc.demo.cadres import seed_cadres
from tochuc.demo.protection import seed_protection
from tochuc.demo.recruitment import seed_recruitment
from tochuc.protection import rules
from tochuc.protection.choices import CaseStatus, Conclusion, Purpose, Relation
from tochuc.protection.models import Case, Question, RestrictedNote
from tochuc.recruitment.models import CandidateStep, Step

TODAY = date(2026, 11, 20)
MEMBERS = 6000


def test_it_runs_on_the_test_tree_and_repeats_itself_for_a_seed(tree):
    def run() -> list:
        sid = transaction.savepoint()
        seed_recruitment(root=tree.province, today=TODAY, seed=2)
        seed_cadres(root=tree.province, today=TODAY, seed=2)
        figures = seed_protection(root=tree.province, today=TODAY, seed=2)
        rows = list(Case.objects.order_by("subject_name", "requested_on", "purpose", "status").values_list(
            "subject_name", "purpose", "status", "requested_on", "concluded_on"))  # fmt: skip
        # Ordered by every column read: the ids differ between the runs on PostgreSQL (sequences are not rolled
        # back).
        questions = list(Question.objects.order_by(
            "case__subject_name", "relation", "person_name", "sent_to", "replied_on").values_list(
            "case__subject_name", "relation", "person_name", "sent_to", "replied_on"))  # fmt: skip
        transaction.savepoint_rollback(sid)
        return [figures, rows, questions]

    first, second = run(), run()
    assert first == second
    assert first[0]["cases"] == len(first[1]) > 0
    assert not Case.objects.exists()  # rolled back


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """A small demo province seeded once for the module with its recruitment, cadre work and protection, in a
    transaction rolled back at the end. Yields the figures `seed_protection` returned."""
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with fast:
                plan = province.plan_province(seed=1, members=MEMBERS, today=TODAY)
                result = province.seed_province(plan=plan)
                seed_recruitment(root=result["root"], today=TODAY, seed=1)
                seed_cadres(root=result["root"], today=TODAY, seed=1)
                figures = seed_protection(root=result["root"], today=TODAY, seed=1)
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield figures
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


def test_the_figures_add_up(demo, db):
    cases = Case.objects.all()
    assert 40 <= demo["cases"] == cases.count() <= 80
    for purpose in Purpose.values:
        assert demo[purpose] == cases.filter(purpose=purpose).count()
    assert demo["admission"] > demo["appointment"] + demo["planning"] > 0 and demo["other"] == 2
    for status in CaseStatus.values:
        assert demo[status] == cases.filter(status=status).count() > 0
    assert demo["overdue"] == cases.filter(status=CaseStatus.OPEN, due_on__lt=TODAY).count() > 0
    assert demo["questions"] == Question.objects.count() and demo["replied"] == Question.objects.filter(
        replied_on__isnull=False).count()  # fmt: skip
    assert demo["notes"] == RestrictedNote.objects.count() > 0
    assert demo["late_questions"] > 0
    assert set(cases.exclude(conclusion="").values_list("conclusion", flat=True)) == set(Conclusion.values)
    event = AuditEvent.objects.get(action="demo.seed", note="Bảo vệ chính trị nội bộ")
    assert event.changes["cases"]["after"] == demo["cases"]


def test_every_case_keeps_the_invariants_of_the_services(demo, db):
    for case in Case.objects.prefetch_related("questions"):
        assert FROM_YEAR <= case.requested_on <= TODAY
        assert case.due_on is None or case.due_on >= case.requested_on
        questions = list(case.questions.all())
        assert questions, case
        for q in questions:
            assert case.requested_on <= q.sent_on <= TODAY
            assert q.replied_on is None or q.sent_on <= q.replied_on <= TODAY
            assert q.scopes == rules.ordered_scopes(q.scopes) and q.scopes
            assert (q.finding != "") == (q.replied_on is not None)
            assert q.person_name
        if case.status == CaseStatus.CONCLUDED:
            # Concluded after every reply, none missing (services.cases.case_conclude).
            assert all(q.replied_on is not None and q.replied_on <= case.concluded_on for q in questions)
            assert case.requested_on <= case.concluded_on <= TODAY and case.concluded_by
        if case.status == CaseStatus.WITHDRAWN:
            assert case.withdrawn_on >= case.requested_on and case.withdrawn_reason


FROM_YEAR = date(2025, 1, 1)


def test_admission_cases_agree_with_the_candidates_verification_steps(demo, db):
    concluded = Case.objects.filter(purpose=Purpose.ADMISSION, status=CaseStatus.CONCLUDED)
    assert concluded.count() > 20
    for case in concluded:
        steps = CandidateStep.objects.filter(candidate=case.candidate_id, step=Step.VERIFICATION,
                                             cancelled_at__isnull=True)  # fmt: skip
        assert steps.filter(on=case.concluded_on, result=case.conclusion).exists(), case
    # Each admission case asks about the candidate and their parents at least.
    for case in Case.objects.filter(purpose=Purpose.ADMISSION).exclude(status=CaseStatus.WITHDRAWN):
        relations = set(case.questions.values_list("relation", flat=True))
        assert {Relation.SELF, Relation.FATHER, Relation.MOTHER} <= relations


def test_notes_name_their_person_and_come_from_a_reply(demo, db):
    for note in RestrictedNote.objects.select_related("case"):
        assert note.candidate_id == note.case.candidate_id and note.cadre_id == note.case.cadre_id
        assert note.case.questions.filter(finding="issue", person_name=note.subject_name).exists()
