"""The pure rules of internal political protection: who is vetted for a purpose and about what (01-HD/TW §3.4),
how a family row written by hand maps to a relation, the standard set offered, and the deadlines (the deadline
day itself is not overdue)."""

from __future__ import annotations

from datetime import date

import pytest

from tochuc.protection import rules
from tochuc.protection.choices import Purpose, Relation, Scope

DUE = date(2026, 5, 20)


def test_admission_vets_the_applicant_and_the_relatives_01_hd_tw_names():
    assert rules.standard_relations(Purpose.ADMISSION) == (
        Relation.SELF, Relation.FATHER, Relation.MOTHER, Relation.SPOUSE,
        Relation.FATHER_IN_LAW, Relation.MOTHER_IN_LAW, Relation.CHILD,
    )  # fmt: skip


@pytest.mark.parametrize("purpose", [Purpose.APPOINTMENT, Purpose.PLANNING, Purpose.OTHER])
def test_placement_and_other_purposes_vet_the_person_alone(purpose):
    assert rules.standard_relations(purpose) == (Relation.SELF,)


def test_ethics_and_lifestyle_are_asked_of_the_subject_only():
    assert Scope.ETHICS in rules.standard_scopes(Relation.SELF)
    for relation in (Relation.FATHER, Relation.SPOUSE, Relation.CHILD):
        assert rules.standard_scopes(relation) == (
            Scope.POLITICAL_HISTORY, Scope.CURRENT_POLITICAL, Scope.LAW_COMPLIANCE,
        )  # fmt: skip


@pytest.mark.parametrize(
    ("text", "relation"),
    [
        ("Bố đẻ", Relation.FATHER),
        ("Cha", Relation.FATHER),
        ("Bọ", Relation.FATHER),
        ("Mẹ đẻ", Relation.MOTHER),
        ("Mạ", Relation.MOTHER),
        ("Cha vợ", Relation.FATHER_IN_LAW),
        ("Bố chồng", Relation.FATHER_IN_LAW),
        ("Mẹ chồng", Relation.MOTHER_IN_LAW),
        ("Mẹ nuôi", Relation.GUARDIAN),
        ("Cha dượng", Relation.GUARDIAN),
        ("Vợ", Relation.SPOUSE),
        ("Chồng", Relation.SPOUSE),
        ("Con trai", Relation.CHILD),
        ("con gái (út)", Relation.CHILD),
        ("Con dâu", None),
        ("Con rể", None),
        ("Bà nội", None),
        ("Anh trai", None),
        ("", None),
    ],
)
def test_a_family_row_written_by_hand_names_its_relation(text, relation):
    assert rules.relation_of(text) == relation


def test_a_child_is_vetted_from_the_year_they_turn_eighteen():
    on = date(2026, 6, 1)
    assert rules.of_age(2008, on)
    assert not rules.of_age(2009, on)
    assert rules.of_age(None, on)


def test_the_standard_set_names_the_relatives_the_dossier_holds():
    relatives = [
        rules.Relative("Bố đẻ", "Trần Văn Hùng", 1965),
        rules.Relative("Vợ", "Lê Thị Hoa", 1990),
        rules.Relative("Con trai", "Trần Minh Khôi", 2012),  # a minor: not vetted
        rules.Relative("Anh trai", "Trần Văn Hải", 1986),  # not among those 01-HD/TW names
    ]
    drafts = rules.standard_drafts(
        purpose=Purpose.ADMISSION, subject_name="Trần Văn Nam", relatives=relatives, on=date(2026, 6, 1)
    )
    assert [(d.relation, d.person_name, d.suggested) for d in drafts] == [
        (Relation.SELF, "Trần Văn Nam", True),
        (Relation.FATHER, "Trần Văn Hùng", True),
        (Relation.MOTHER, "", True),
        (Relation.SPOUSE, "Lê Thị Hoa", True),
        (Relation.FATHER_IN_LAW, "", False),
        (Relation.MOTHER_IN_LAW, "", False),
        (Relation.CHILD, "", False),
    ]
    assert drafts[0].scopes == rules.SELF_SCOPES and drafts[1].scopes == rules.RELATIVE_SCOPES


def test_the_standard_set_leaves_out_what_was_asked_and_offers_a_guardian_the_dossier_names():
    drafts = rules.standard_drafts(
        purpose=Purpose.ADMISSION,
        subject_name="Hồ Thị Xuân",
        relatives=[rules.Relative("Mẹ nuôi", "Hồ Thị Lan", 1960), rules.Relative("Bố đẻ", "Hồ Văn Pả", 1958)],
        on=date(2026, 6, 1),
        asked=[(Relation.SELF, "ho thi xuan"), (Relation.FATHER, "ho van pa")],
    )
    assert [d.relation for d in drafts] == [
        Relation.MOTHER, Relation.GUARDIAN, Relation.SPOUSE, Relation.FATHER_IN_LAW, Relation.MOTHER_IN_LAW,
        Relation.CHILD,
    ]  # fmt: skip
    assert drafts[1].person_name == "Hồ Thị Lan"


def test_an_appointment_offers_the_person_alone_until_asked():
    drafts = rules.standard_drafts(purpose=Purpose.APPOINTMENT, subject_name="Lê Văn A", on=date(2026, 1, 1))
    assert [(d.relation, d.person_name) for d in drafts] == [(Relation.SELF, "Lê Văn A")]
    assert (
        rules.standard_drafts(
            purpose=Purpose.APPOINTMENT,
            subject_name="Lê Văn A",
            on=date(2026, 1, 1),
            asked=[(Relation.SELF, "le van a")],
        )
        == []
    )


@pytest.mark.parametrize(
    ("today", "overdue"),
    [(date(2026, 5, 19), False), (DUE, False), (date(2026, 5, 21), True)],
)
def test_a_case_is_overdue_from_the_day_after_its_deadline(today, overdue):
    assert rules.case_overdue(status="open", due_on=DUE, today=today) is overdue


def test_a_closed_case_or_one_without_a_deadline_is_never_overdue():
    late = date(2027, 1, 1)
    assert not rules.case_overdue(status="concluded", due_on=DUE, today=late)
    assert not rules.case_overdue(status="withdrawn", due_on=DUE, today=late)
    assert not rules.case_overdue(status="open", due_on=None, today=late)


@pytest.mark.parametrize(
    ("today", "overdue"),
    [(DUE, False), (date(2026, 5, 21), True)],
)
def test_a_request_is_late_from_the_day_after_its_deadline(today, overdue):
    assert rules.question_overdue(replied_on=None, due_on=DUE, today=today) is overdue


def test_a_request_answered_cancelled_or_of_a_closed_case_is_not_late():
    late = date(2026, 6, 30)
    assert not rules.question_overdue(replied_on=date(2026, 6, 1), due_on=DUE, today=late)
    assert not rules.question_overdue(replied_on=None, due_on=DUE, today=late, cancelled=True)
    assert not rules.question_overdue(replied_on=None, due_on=DUE, today=late, case_open=False)
    assert not rules.question_overdue(replied_on=None, due_on=None, today=late)


def test_days_overdue_and_days_to_reply():
    assert rules.days_overdue(DUE, DUE) == 0
    assert rules.days_overdue(DUE, date(2026, 5, 25)) == 5
    assert rules.days_overdue(None, date(2026, 5, 25)) == 0
    assert rules.days_to_reply(date(2026, 5, 1), date(2026, 5, 1)) == 0
    assert rules.days_to_reply(date(2026, 5, 1), date(2026, 5, 31)) == 30
    assert rules.days_to_reply(date(2026, 5, 1), None) is None


def test_a_case_is_open_on_a_day_between_its_request_and_its_end():
    kw = {"requested_on": date(2026, 3, 1), "concluded_on": date(2026, 4, 1), "withdrawn_on": None}
    assert not rules.open_on(**kw, on=date(2026, 2, 28))
    assert rules.open_on(**kw, on=date(2026, 3, 1))
    assert rules.open_on(**kw, on=date(2026, 3, 31))
    assert not rules.open_on(**kw, on=date(2026, 4, 1))


def test_scopes_are_checked_and_put_in_order():
    assert rules.scopes_problem([]) == "empty"
    assert rules.scopes_problem(["politics"]) == "unknown"
    assert rules.scopes_problem([Scope.ETHICS, Scope.ETHICS]) == "repeated"
    assert rules.scopes_problem([Scope.ETHICS]) is None
    assert rules.ordered_scopes([Scope.ETHICS, Scope.POLITICAL_HISTORY]) == [Scope.POLITICAL_HISTORY, Scope.ETHICS]
