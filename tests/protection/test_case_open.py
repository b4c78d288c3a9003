"""Opening a verification case: the subject's name, sex and birth date are copied and their org asks; the
subject must lie in the actor's scope; a name alone needs the requesting org; refusals write nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from tochuc.protection.choices import CaseStatus, Purpose
from tochuc.protection.models import Case
from tochuc.protection.services.cases import case_open
from tochuc.recruitment.services import candidate_drop

TODAY = timezone.localdate()
REQUESTED = TODAY - timedelta(days=40)  # as the conftest's cases


def _open(actor, **kw):
    values = {"purpose": Purpose.ADMISSION, "requested_by": "Chi ủy Chi bộ khu phố 1", "requested_on": REQUESTED}
    values.update(kw)
    return case_open(actor=actor, **values)


def test_it_copies_the_candidate_and_takes_their_cell_as_the_requesting_org(commune_officer, candidate, audit_watch):
    watch = audit_watch()
    case = _open(commune_officer, candidate=candidate, document_no=" 12-CV/CB ", due_on=TODAY + timedelta(days=9))
    assert (case.subject_name, case.subject_sex, case.subject_birth_date) == (
        candidate.full_name, candidate.sex, candidate.birth_date,
    )  # fmt: skip
    assert case.org == candidate.org and case.status == CaseStatus.OPEN and case.document_no == "12-CV/CB"
    assert case.subject_folded == "tran thi mai anh"
    [event] = watch.events()
    assert event.action == "protection.case_open" and event.org_path == candidate.org.path
    assert event.changes["candidate"]["after"] == candidate.pk


def test_a_cadre_is_verified_before_an_appointment_at_the_org_that_asks(province_officer, make_cadre, tree):
    cadre = make_cadre(tree.dh)
    case = _open(province_officer, purpose=Purpose.APPOINTMENT, cadre=cadre, org=tree.province,
                 requested_by="Ban Tổ chức Tỉnh ủy")  # fmt: skip
    assert case.org == tree.province and case.cadre == cadre and case.subject_birth_date == cadre.birth_date


def test_a_person_without_a_record_is_opened_by_name_at_a_chosen_org(commune_officer, tree):
    case = _open(
        commune_officer,
        purpose=Purpose.OTHER,
        subject_name="  Phan   Văn Lộc ",
        subject_birth_date=date(1979, 2, 1),
        org=tree.dh2,
    )
    assert case.subject_name == "Phan Văn Lộc" and case.org == tree.dh2
    assert not (case.candidate_id or case.cadre_id or case.member_id)


def test_a_name_alone_needs_the_requesting_org(commune_officer, refused):
    with refused(field="org"):
        _open(commune_officer, purpose=Purpose.OTHER, subject_name="Phan Văn Lộc")


def test_a_name_alone_needs_a_name(commune_officer, tree, refused):
    with refused(field="subject_name"):
        _open(commune_officer, purpose=Purpose.OTHER, subject_name="  ", org=tree.dh)


def test_a_subject_outside_the_scope_does_not_exist(outsider, candidate, nothing_written):
    with nothing_written(), pytest.raises(Http404):
        _open(outsider, candidate=candidate)


def test_a_requesting_org_outside_the_scope_does_not_exist(commune_officer, tree, nothing_written):
    with nothing_written(), pytest.raises(Http404):
        _open(commune_officer, purpose=Purpose.OTHER, subject_name="Phan Văn Lộc", org=tree.lb)


@pytest.mark.parametrize("persona", ["viewer", "leader"])
def test_roles_without_create_are_refused(persona, request, candidate, nothing_written):
    actor = request.getfixturevalue(persona)
    with nothing_written(), pytest.raises(PermissionDenied):
        _open(actor, candidate=candidate)


def test_a_candidate_is_verified_for_admission_only(commune_officer, candidate, refused):
    with refused(field="purpose"):
        _open(commune_officer, candidate=candidate, purpose=Purpose.APPOINTMENT)


def test_a_member_is_not_verified_for_admission(commune_officer, tree, refused):
    with refused(field="purpose"):
        _open(commune_officer, member=tree.members["44.DH.01"][0])


def test_it_refuses_a_request_in_the_future(commune_officer, candidate, refused):
    with refused(field="requested_on"):
        _open(commune_officer, candidate=candidate, requested_on=TODAY + timedelta(days=1))


def test_it_refuses_a_deadline_before_the_request(commune_officer, candidate, refused):
    with refused(field="due_on"):
        _open(commune_officer, candidate=candidate, due_on=REQUESTED - timedelta(days=1))


def test_it_refuses_a_second_open_case_for_the_same_person_and_purpose(commune_officer, admission_case, refused):
    with refused(field="subject") as info:
        _open(commune_officer, candidate=admission_case.candidate)
    assert "đang có hồ sơ" in info.value.message


def test_it_refuses_a_candidate_no_longer_developed(commune_officer, candidate, refused):
    candidate_drop(actor=None, candidate=candidate, on=TODAY, reason="migration", note="Bình Dương")
    with refused(field="subject"):
        _open(commune_officer, candidate=candidate)


def test_it_refuses_a_handler_who_cannot_see_the_case(commune_officer, candidate, outsider, refused):
    with refused(field="handler"):
        _open(commune_officer, candidate=candidate, handler=outsider)


def test_a_handler_who_sees_the_case_is_recorded(commune_officer, commune_protection, candidate):
    case = _open(commune_officer, candidate=candidate, handler=commune_protection)
    assert Case.objects.get(pk=case.pk).handler == commune_protection
