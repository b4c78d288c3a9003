"""Courses, attendees and results: course_create, attendance_add, attendance_result (the record's level
raised on passing, never lowered)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from tochuc.cadres.choices import AttendanceResult, CadreStatus, CourseKind
from tochuc.cadres.models import Attendance, Cadre, Course
from tochuc.cadres.services.training import attendance_add, attendance_result, course_create
from tochuc.members.choices import Qualification, StateManagementLevel, TheoryLevel

TODAY = date(2026, 11, 20)


@pytest.fixture
def course(tree, commune_officer):
    return course_create(
        actor=commune_officer,
        org=tree.dh,
        name="Lớp cao cấp lý luận chính trị khóa 2025-2026",
        kind=CourseKind.THEORY,
        level=TheoryLevel.ADVANCED,
        provider="Học viện Chính trị khu vực III",
        starts_on=date(2025, 9, 1),
        ends_on=date(2026, 8, 31),
    )


@pytest.fixture
def learner(tree, make_cadre):
    return make_cadre(tree.dh1, full_name="Lê Văn Học", theory_level=TheoryLevel.INTERMEDIATE)


def _course(actor, org, **overrides):
    values = {
        "name": "Lớp bồi dưỡng",
        "kind": CourseKind.THEORY,
        "level": TheoryLevel.INTERMEDIATE,
        "starts_on": date(2026, 3, 1),
        **overrides,
    }
    return course_create(actor=actor, org=org, **values)


# --- course_create -------------------------------------------------------------------------------------


def test_it_creates_a_course_and_audits_it(tree, commune_officer, audit_watch):
    watch = audit_watch()
    course = _course(commune_officer, tree.dh, name="  Lớp   trung cấp  ", provider="Trường Chính trị tỉnh")
    assert course.name == "Lớp trung cấp"
    assert course.level == TheoryLevel.INTERMEDIATE
    [event] = watch.events()
    assert event.action == "course.create"
    assert event.org_path == tree.dh.path
    assert event.changes["level"] == {"before": None, "after": "intermediate"}


@pytest.mark.parametrize(
    ("kind", "level"),
    [
        (CourseKind.THEORY, TheoryLevel.ADVANCED),
        (CourseKind.STATE_MANAGEMENT, StateManagementLevel.PRINCIPAL),
        (CourseKind.PROFESSIONAL, Qualification.MASTER),
        (CourseKind.PROFESSIONAL, ""),  # a short refresher gives no degree
        (CourseKind.OTHER, ""),
    ],
)
def test_it_accepts_the_levels_of_each_kind(tree, commune_officer, kind, level):
    assert _course(commune_officer, tree.dh, kind=kind, level=level).level == level


@pytest.mark.parametrize(
    ("kind", "level"),
    [
        (CourseKind.THEORY, ""),  # a theory course is at a level
        (CourseKind.STATE_MANAGEMENT, ""),
        (CourseKind.THEORY, StateManagementLevel.PRINCIPAL),  # not a theory level
        (CourseKind.STATE_MANAGEMENT, TheoryLevel.ADVANCED),
        (CourseKind.PROFESSIONAL, TheoryLevel.ADVANCED),
        (CourseKind.THEORY, TheoryLevel.NONE),
        (CourseKind.OTHER, TheoryLevel.ELEMENTARY),
    ],
)
def test_it_refuses_a_level_foreign_to_the_kind(tree, commune_officer, refused, kind, level):
    with refused(field="level"):
        _course(commune_officer, tree.dh, kind=kind, level=level)


def test_it_refuses_a_course_without_a_name_or_kind_or_start(tree, commune_officer, refused):
    with refused(field="name"):
        _course(commune_officer, tree.dh, name="   ")
    with refused(field="kind"):
        _course(commune_officer, tree.dh, kind="seminar")
    with refused(field="starts_on"):
        _course(commune_officer, tree.dh, starts_on=None)


def test_it_refuses_an_end_before_the_start(tree, commune_officer, refused):
    with refused(field="ends_on"):
        _course(commune_officer, tree.dh, starts_on=date(2026, 3, 1), ends_on=date(2026, 2, 28))
    assert _course(commune_officer, tree.dh, starts_on=date(2026, 3, 1), ends_on=date(2026, 3, 1))


def test_a_course_outside_the_scope_is_not_found_and_a_viewer_may_not_create(tree, outsider, viewer):
    with pytest.raises(Http404):
        _course(outsider, tree.dh)
    with pytest.raises(PermissionDenied):
        _course(viewer, tree.dh)
    assert not Course.objects.exists()


# --- attendance_add ------------------------------------------------------------------------------------


def test_it_enrolls_a_cadre_once(course, learner, commune_officer, refused, audit_watch):
    watch = audit_watch()
    attendance = attendance_add(actor=commune_officer, course=course, cadre=learner)
    assert attendance.result == AttendanceResult.ENROLLED
    [event] = watch.events()
    assert event.action == "course.attend"
    with refused(field="cadre") as info:
        attendance_add(actor=commune_officer, course=course, cadre=learner)
    assert "Lê Văn Học" in info.value.message


def test_it_refuses_a_cadre_no_longer_working(course, learner, commune_officer, refused):
    Cadre.objects.filter(pk=learner.pk).update(status=CadreStatus.RETIRED, ended_on=date(2026, 6, 30))
    learner.refresh_from_db()
    with refused(field="cadre"):
        attendance_add(actor=commune_officer, course=course, cadre=learner)


def test_a_cadre_outside_the_scope_cannot_be_enrolled(tree, province_officer, outsider, make_cadre, course):
    stranger = make_cadre(tree.lb1, full_name="Hồ Văn Ngoài")
    # the outsider cannot reach the course of Đông Hà; the provincial course is not theirs either
    with pytest.raises(Http404):
        attendance_add(actor=outsider, course=course, cadre=stranger)
    provincial = _course(province_officer, tree.province)
    commune_course = _course(outsider, tree.lb)
    dh_cadre = make_cadre(tree.dh1, full_name="Trần Văn Đông")
    with pytest.raises(Http404):
        attendance_add(actor=outsider, course=commune_course, cadre=dh_cadre)
    assert attendance_add(actor=province_officer, course=provincial, cadre=stranger)
    assert Attendance.objects.count() == 1


# --- attendance_result ---------------------------------------------------------------------------------


def test_passing_raises_the_level_on_the_record_in_the_same_event(course, learner, commune_officer, audit_watch):
    attendance = attendance_add(actor=commune_officer, course=course, cadre=learner)
    watch = audit_watch()
    attendance_result(
        actor=commune_officer,
        attendance=attendance,
        result=AttendanceResult.PASSED,
        completed_on=date(2026, 9, 15),
        certificate_no="CC-123/2026",
        today=TODAY,
    )
    learner.refresh_from_db()
    assert learner.theory_level == TheoryLevel.ADVANCED
    [event] = watch.events()
    assert event.action == "course.attend"
    assert event.changes["cadre.theory_level"] == {"before": "intermediate", "after": "advanced"}
    assert event.changes["result"] == {"before": "enrolled", "after": "passed"}
    assert "Nâng lý luận chính trị" in event.note and "Cao cấp" in event.note


def test_passing_never_lowers_the_level(tree, commune_officer, make_cadre, audit_watch):
    course = _course(commune_officer, tree.dh, level=TheoryLevel.ELEMENTARY)
    graduate = make_cadre(tree.dh1, full_name="Phan Thị Cử Nhân", theory_level=TheoryLevel.BACHELOR)
    attendance = attendance_add(actor=commune_officer, course=course, cadre=graduate)
    watch = audit_watch()
    attendance_result(
        actor=commune_officer,
        attendance=attendance,
        result=AttendanceResult.PASSED,
        completed_on=date(2026, 5, 1),
        certificate_no="SC-9",
        today=TODAY,
    )
    graduate.refresh_from_db()
    assert graduate.theory_level == TheoryLevel.BACHELOR
    [event] = watch.events()
    assert not any(k.startswith("cadre.") for k in event.changes)
    assert "Nâng" not in event.note


def test_an_advanced_course_raises_nothing_over_a_bachelor_in_theory(tree, commune_officer, course, make_cadre):
    graduate = make_cadre(tree.dh1, full_name="Võ Văn Cử", theory_level=TheoryLevel.BACHELOR)
    attendance = attendance_add(actor=commune_officer, course=course, cadre=graduate)
    attendance_result(
        actor=commune_officer,
        attendance=attendance,
        result=AttendanceResult.PASSED,
        completed_on=date(2026, 9, 1),
        certificate_no="CC-1",
        today=TODAY,
    )
    graduate.refresh_from_db()
    assert graduate.theory_level == TheoryLevel.BACHELOR


@pytest.mark.parametrize(
    ("kind", "level", "field", "before", "after"),
    [
        (CourseKind.STATE_MANAGEMENT, StateManagementLevel.SENIOR, "state_management", "principal", "senior"),
        (CourseKind.PROFESSIONAL, Qualification.MASTER, "qualification", "bachelor", "master"),
    ],
)
def test_passing_raises_state_management_and_qualification(
    tree, commune_officer, make_cadre, kind, level, field, before, after
):
    course = _course(commune_officer, tree.dh, kind=kind, level=level)
    cadre = make_cadre(tree.dh1, full_name="Ngô Văn Tiến")
    assert getattr(cadre, field) == before
    attendance = attendance_add(actor=commune_officer, course=course, cadre=cadre)
    attendance_result(
        actor=commune_officer,
        attendance=attendance,
        result=AttendanceResult.PASSED,
        completed_on=date(2026, 6, 1),
        certificate_no="B-77",
        today=TODAY,
    )
    cadre.refresh_from_db()
    assert getattr(cadre, field) == after


def test_failing_or_withdrawing_leaves_the_record(course, learner, commune_officer):
    attendance = attendance_add(actor=commune_officer, course=course, cadre=learner)
    attendance_result(
        actor=commune_officer,
        attendance=attendance,
        result=AttendanceResult.WITHDREW,
        completed_on=date(2026, 1, 10),
        today=TODAY,
    )
    learner.refresh_from_db()
    attendance.refresh_from_db()
    assert attendance.result == AttendanceResult.WITHDREW
    assert learner.theory_level == TheoryLevel.INTERMEDIATE


def test_a_correction_after_passing_does_not_lower_the_record(course, learner, commune_officer):
    attendance = attendance_add(actor=commune_officer, course=course, cadre=learner)
    kwargs = {"actor": commune_officer, "attendance": attendance, "today": TODAY}
    attendance_result(result=AttendanceResult.PASSED, completed_on=date(2026, 9, 1), certificate_no="X-1", **kwargs)
    attendance_result(result=AttendanceResult.FAILED, completed_on=date(2026, 9, 1), **kwargs)
    learner.refresh_from_db()
    assert learner.theory_level == TheoryLevel.ADVANCED


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"result": "graduated"}, "result"),
        ({"result": AttendanceResult.PASSED, "certificate_no": "CC-1"}, "completed_on"),  # no date
        ({"result": AttendanceResult.PASSED, "completed_on": date(2026, 9, 1)}, "certificate_no"),  # no certificate
        ({"result": AttendanceResult.PASSED, "completed_on": date(2025, 8, 31), "certificate_no": "C"}, "completed_on"),
        (
            {"result": AttendanceResult.PASSED, "completed_on": date(2026, 11, 21), "certificate_no": "C"},
            "completed_on",
        ),
        ({"result": AttendanceResult.FAILED, "certificate_no": "CC-1"}, "certificate_no"),
        ({"result": AttendanceResult.ENROLLED, "completed_on": date(2026, 9, 1)}, "completed_on"),
    ],
)
def test_it_refuses_an_inconsistent_result(course, learner, commune_officer, refused, values, field):
    attendance = attendance_add(actor=commune_officer, course=course, cadre=learner)
    with refused(field=field):
        attendance_result(actor=commune_officer, attendance=attendance, today=TODAY, **values)


def test_the_completion_day_may_be_the_first_day_or_today(course, learner, commune_officer):
    attendance = attendance_add(actor=commune_officer, course=course, cadre=learner)
    for day in (course.starts_on, TODAY):
        attendance_result(
            actor=commune_officer,
            attendance=attendance,
            result=AttendanceResult.FAILED,
            completed_on=day,
            today=TODAY,
        )
        attendance.refresh_from_db()
        assert attendance.completed_on == day


def test_a_result_outside_the_scope_is_not_found_and_a_viewer_may_not_record(
    course, learner, commune_officer, outsider, viewer
):
    attendance = attendance_add(actor=commune_officer, course=course, cadre=learner)
    values = {"result": AttendanceResult.FAILED, "completed_on": date(2026, 9, 1), "today": TODAY}
    with pytest.raises(Http404):
        attendance_result(actor=outsider, attendance=attendance, **values)
    with pytest.raises(PermissionDenied):
        attendance_result(actor=viewer, attendance=attendance, **values)
    attendance.refresh_from_db()
    assert attendance.result == AttendanceResult.ENROLLED
