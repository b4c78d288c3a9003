"""Review of cadre work (issue 7): a pass that would raise the record of a cadre the officer does not manage
(a cadre of another commune, enrolled by the province in a commune's course) is refused to that officer,
and nothing is written; the province, which manages both, records it."""

from __future__ import annotations

from datetime import date

from tochuc.cadres.choices import AttendanceResult, CourseKind
from tochuc.cadres.models import Cadre
from tochuc.cadres.services.training import attendance_add, attendance_result, course_create
from tochuc.members.choices import TheoryLevel

TODAY = date(2026, 10, 1)


def _setup(tree, commune_officer, province_officer, make_cadre):
    course = course_create(actor=commune_officer, org=tree.dh, name="Lớp trung cấp lý luận chính trị",
                           kind=CourseKind.THEORY, level=TheoryLevel.INTERMEDIATE,
                           starts_on=date(2026, 3, 1))  # fmt: skip
    foreign = make_cadre(tree.lb, full_name="Hồ Thị Lan", theory_level=TheoryLevel.ELEMENTARY)
    return attendance_add(actor=province_officer, course=course, cadre=foreign), foreign


def test_the_commune_may_not_raise_the_record_of_another_communes_cadre(
    tree, commune_officer, province_officer, make_cadre, refused
):
    attendance, foreign = _setup(tree, commune_officer, province_officer, make_cadre)
    with refused(field="result"):
        attendance_result(actor=commune_officer, attendance=attendance, result=AttendanceResult.PASSED,
                          completed_on=date(2026, 9, 1), certificate_no="TC-1", today=TODAY)  # fmt: skip
    assert Cadre.objects.get(pk=foreign.pk).theory_level == TheoryLevel.ELEMENTARY


def test_the_commune_still_records_a_result_that_raises_nothing(tree, commune_officer, province_officer, make_cadre):
    attendance, _foreign = _setup(tree, commune_officer, province_officer, make_cadre)
    a = attendance_result(actor=commune_officer, attendance=attendance, result=AttendanceResult.WITHDREW,
                          today=TODAY)  # fmt: skip
    assert a.result == AttendanceResult.WITHDREW


def test_the_province_raises_it(tree, commune_officer, province_officer, make_cadre):
    attendance, foreign = _setup(tree, commune_officer, province_officer, make_cadre)
    attendance_result(actor=province_officer, attendance=attendance, result=AttendanceResult.PASSED,
                      completed_on=date(2026, 9, 1), certificate_no="TC-1", today=TODAY)  # fmt: skip
    assert Cadre.objects.get(pk=foreign.pk).theory_level == TheoryLevel.INTERMEDIATE
