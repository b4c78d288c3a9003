"""Fixtures of internal political protection on the shared tree: the protection officers (the role with
RESTRICTED that also writes), a candidate for admission, a cadre, and cases at known stages, made through the
services so that their audit events and invariants are real."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from tochuc.accounts.roles import Role
from tochuc.cadres.choices import CadreKind
from tochuc.cadres.models import Cadre
from tochuc.core.text import fold, person_sort_key
from tochuc.members.choices import Sex
from tochuc.protection.choices import Finding, Purpose, Relation
from tochuc.protection.rules import RELATIVE_SCOPES, SELF_SCOPES
from tochuc.protection.services.cases import case_open
from tochuc.protection.services.questions import question_add, question_reply
from tochuc.recruitment.services import candidate_create

TODAY = timezone.localdate()
REQUESTED = TODAY - timedelta(days=40)


@pytest.fixture
def protection_officer(make_user, tree):
    """The province's officer for internal political protection: reads and writes restricted content."""
    return make_user("baove.tinh", Role.PROTECTION, tree.province, full_name="Đinh Thị Phương Thảo")


@pytest.fixture
def commune_protection(make_user, tree):
    return make_user("baove.dongha", Role.PROTECTION, tree.dh, full_name="Lê Văn Bảo")


@pytest.fixture
def make_candidate(db):
    def make(org, *, full_name: str = "Trần Thị Mai Anh", **fields):
        values = {"sex": Sex.FEMALE, "birth_date": date(2000, 3, 8), "listed_on": TODAY - timedelta(days=200)}
        values.update(fields)
        return candidate_create(actor=None, org=org, full_name=full_name, **values)

    return make


@pytest.fixture
def make_cadre(db):
    def make(org, *, full_name: str = "Nguyễn Văn Cường", **fields) -> Cadre:
        values = {"sex": Sex.MALE, "birth_date": date(1980, 5, 10), "kind": CadreKind.CADRE, **fields}
        return Cadre.objects.create(
            org=org, full_name=full_name, name_folded=fold(full_name), sort_key=person_sort_key(full_name), **values
        )

    return make


@pytest.fixture
def candidate(make_candidate, tree):
    return make_candidate(tree.dh1)


@pytest.fixture
def admission_case(candidate):
    """An open admission case for the candidate of cell 44.DH.01, requested 40 days ago, due in 20 days."""
    return case_open(
        actor=None,
        purpose=Purpose.ADMISSION,
        candidate=candidate,
        requested_by="Chi ủy Chi bộ khu phố 1",
        requested_on=REQUESTED,
        document_no="12-CV/CB",
        due_on=TODAY + timedelta(days=20),
    )


@pytest.fixture
def answered_case(admission_case):
    """The admission case with two requests answered (self: clear; father: an issue) and their findings."""
    self_q = question_add(
        actor=None,
        case=admission_case,
        relation=Relation.SELF,
        scopes=SELF_SCOPES,
        sent_to="Đảng ủy phường Đông Hà",
        sent_on=REQUESTED + timedelta(days=2),
        due_on=REQUESTED + timedelta(days=32),
    )
    father = question_add(
        actor=None,
        case=admission_case,
        relation=Relation.FATHER,
        person_name="Trần Văn Hùng",
        scopes=RELATIVE_SCOPES,
        sent_to="Công an xã Lao Bảo",
        sent_on=REQUESTED + timedelta(days=2),
        due_on=REQUESTED + timedelta(days=32),
    )
    question_reply(
        actor=None,
        question=self_q,
        replied_on=REQUESTED + timedelta(days=10),
        reply_no="45/CV-ĐU",
        finding=Finding.CLEAR,
        finding_text="Bản thân chấp hành tốt chủ trương, chính sách.",
    )
    question_reply(
        actor=None,
        question=father,
        replied_on=REQUESTED + timedelta(days=20),
        reply_no="102/CAX",
        finding=Finding.ISSUE,
        finding_text="Năm 1974 ông Hùng làm lính bảo an, đã cải tạo.",
    )
    admission_case.refresh_from_db()
    return admission_case
