"""The course pages: the list by org subtree, kind and year; creating a course; its page with the attendees;
adding an attendee; recording a result."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from tochuc.cadres.choices import AttendanceResult, CourseKind
from tochuc.cadres.models import Attendance, Course
from tochuc.members.choices import TheoryLevel

URL = reverse("cadres:courses")


def _course(org, name="Lớp trung cấp LLCT", kind=CourseKind.THEORY, level="intermediate", **extra):
    return Course.objects.create(org=org, name=name, kind=kind, level=level, starts_on=date(2026, 3, 2), **extra)


@pytest.fixture
def course(tree):
    return _course(tree.dh, name="Lớp cao cấp LLCT", level="advanced")


@pytest.fixture
def learner(tree, make_cadre):
    return make_cadre(tree.dh1, full_name="Đinh Văn Học", theory_level=TheoryLevel.INTERMEDIATE)


def test_the_list_is_scoped_and_filtered(client, tree, commune_officer):
    _course(tree.dh, name="Lớp của Đông Hà")
    _course(tree.lb, name="Lớp của Lao Bảo")
    _course(tree.dh, name="Lớp tin học", kind=CourseKind.OTHER, level="")
    old = _course(tree.dh, name="Lớp năm trước")
    Course.objects.filter(pk=old.pk).update(starts_on=date(2024, 3, 1), ends_on=date(2024, 6, 1))
    client.force_login(commune_officer)
    names = {c.name for c in client.get(URL).context["page_obj"]}
    assert names == {"Lớp của Đông Hà", "Lớp tin học", "Lớp năm trước"}
    assert {c.name for c in client.get(URL, {"kind": "other"}).context["page_obj"]} == {"Lớp tin học"}
    assert {c.name for c in client.get(URL, {"year": 2024}).context["page_obj"]} == {"Lớp năm trước"}


def test_the_list_runs_a_flat_number_of_queries(
    client, tree, make_cadre, commune_officer, django_assert_max_num_queries
):
    client.force_login(commune_officer)
    cadre = make_cadre(tree.dh1)

    def add(n):
        for i in range(n):
            Attendance.objects.create(course=_course(tree.dh, name=f"Lớp {i}"), cadre=cadre)

    add(2)
    with django_assert_max_num_queries(12) as few:
        client.get(URL)
    add(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(URL)
    assert response.context["page_obj"].paginator.count == 22


def test_an_officer_creates_a_course(client, tree, commune_officer):
    client.force_login(commune_officer)
    response = client.post(
        reverse("cadres:course_create"),
        {
            "org": tree.dh.code,
            "name": "Lớp bồi dưỡng chuyên viên chính",
            "kind": CourseKind.STATE_MANAGEMENT,
            "level": "state_management:principal",
            "provider": "Trường Chính trị tỉnh",
            "starts_on": "02/03/2026",
            "ends_on": "30/06/2026",
        },
    )
    course = Course.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("cadres:course_detail", args=[course.pk])
    assert (course.kind, course.level, course.ends_on) == ("state_management", "principal", date(2026, 6, 30))


def test_a_level_of_another_kind_is_refused_beside_the_field(client, tree, commune_officer):
    client.force_login(commune_officer)
    response = client.post(
        reverse("cadres:course_create"),
        {
            "org": tree.dh.code,
            "name": "Lớp",
            "kind": CourseKind.THEORY,
            "level": "professional:master",
            "starts_on": "02/03/2026",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["level"]
    response = client.post(
        reverse("cadres:course_create"),
        {"org": tree.dh.code, "name": "Lớp", "kind": CourseKind.THEORY, "level": "", "starts_on": "02/03/2026"},
    )
    assert response.context["form"].errors["level"]  # the service's refusal, shown beside the field
    assert not Course.objects.exists()


def test_creating_is_refused_to_a_viewer_and_outside_the_scope(client, tree, viewer, outsider):
    data = {"org": tree.dh.code, "name": "Lớp", "kind": CourseKind.OTHER, "starts_on": "02/03/2026"}
    client.force_login(viewer)
    assert client.post(reverse("cadres:course_create"), data).status_code == 403
    client.force_login(outsider)
    assert client.get(reverse("cadres:course_create"), {"org": tree.dh.code}).status_code == 404
    response = client.post(reverse("cadres:course_create"), data)
    assert response.status_code == 200 and response.context["form"].errors["org"]
    assert not Course.objects.exists()


def test_the_course_page_shows_the_attendees(client, course, learner, commune_officer):
    Attendance.objects.create(course=course, cadre=learner)
    client.force_login(commune_officer)
    response = client.get(reverse("cadres:course_detail", args=[course.pk]))
    assert response.status_code == 200
    assert "Đinh Văn Học" in response.content.decode()
    assert dict((r, n) for r, _label, n in response.context["counts"])["enrolled"] == 1


def test_the_course_page_is_404_outside_the_scope(client, course, outsider):
    client.force_login(outsider)
    assert client.get(reverse("cadres:course_detail", args=[course.pk])).status_code == 404


def test_an_attendee_is_added_by_the_suggestion_box(client, course, learner, commune_officer):
    client.force_login(commune_officer)
    url = reverse("cadres:attendance_add", args=[course.pk])
    response = client.post(url, {"cadre": f"Đinh Văn Học ({learner.birth_date:%d/%m/%Y}, 44.DH.01) #{learner.pk}"})
    assert response.status_code == 302
    assert Attendance.objects.filter(course=course, cadre=learner).exists()
    again = client.post(url, {"cadre": f"Đinh Văn Học #{learner.pk}"})
    assert again.status_code == 200 and again.context["add_form"].errors["cadre"]
    assert Attendance.objects.count() == 1


def test_adding_is_404_outside_and_403_for_a_viewer(client, tree, course, learner, make_cadre, outsider, viewer):
    url = reverse("cadres:attendance_add", args=[course.pk])
    client.force_login(outsider)
    assert client.post(url, {"cadre": f"x #{learner.pk}"}).status_code == 404
    client.force_login(viewer)
    assert client.post(url, {"cadre": f"x #{learner.pk}"}).status_code == 403
    assert not Attendance.objects.exists()


def test_a_cadre_outside_the_scope_cannot_be_picked(client, tree, make_cadre, commune_officer, course):
    stranger = make_cadre(tree.lb1, full_name="Hồ Văn Xa")
    client.force_login(commune_officer)
    response = client.post(reverse("cadres:attendance_add", args=[course.pk]), {"cadre": f"Hồ Văn Xa #{stranger.pk}"})
    assert response.status_code == 200 and response.context["add_form"].errors["cadre"]
    assert not Attendance.objects.exists()


def test_a_result_is_recorded_and_raises_the_record(client, course, learner, commune_officer):
    attendance = Attendance.objects.create(course=course, cadre=learner)
    client.force_login(commune_officer)
    response = client.post(
        reverse("cadres:attendance_result", args=[attendance.pk]),
        {"result": AttendanceResult.PASSED, "completed_on": "15/09/2026", "certificate_no": "CC-15"},
    )
    assert response.status_code == 302
    learner.refresh_from_db()
    assert learner.theory_level == TheoryLevel.ADVANCED


def test_a_result_form_refusal_is_shown_beside_the_field(client, course, learner, commune_officer):
    attendance = Attendance.objects.create(course=course, cadre=learner)
    client.force_login(commune_officer)
    response = client.post(
        reverse("cadres:attendance_result", args=[attendance.pk]),
        {"result": AttendanceResult.PASSED, "completed_on": "15/09/2026"},
    )
    assert response.status_code == 200 and response.context["form"].errors["certificate_no"]
    attendance.refresh_from_db()
    assert attendance.result == AttendanceResult.ENROLLED


def test_the_result_form_is_404_outside_and_403_for_a_viewer(client, course, learner, outsider, viewer):
    attendance = Attendance.objects.create(course=course, cadre=learner)
    url = reverse("cadres:attendance_result", args=[attendance.pk])
    data = {"result": AttendanceResult.FAILED, "completed_on": "15/09/2026"}
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    assert client.post(url, data).status_code == 404
    client.force_login(viewer)
    assert client.post(url, data).status_code == 403
    attendance.refresh_from_db()
    assert attendance.result == AttendanceResult.ENROLLED


# --- The cadre's page ---------------------------------------------------------------------------------------


def test_the_cadre_panel_shows_courses_gaps_and_evaluations(
    tree, make_post, make_tenure, learner, course, commune_officer
):
    from tochuc.cadres.choices import Rating, Title
    from tochuc.cadres.models import Evaluation
    from tochuc.cadres.selectors.training import cadre_panel

    make_tenure(learner, make_post(tree.dh1, Title.SECRETARY))
    Attendance.objects.create(course=course, cadre=learner)
    Evaluation.objects.create(cadre=learner, year=2025, rating=Rating.GOOD, evaluated_on=date(2025, 12, 20))
    panel = cadre_panel(actor=commune_officer, cadre=learner)
    assert [a.course for a in panel["training_attendances"]] == [course]
    [gap] = panel["training_gaps"]
    assert gap.field == "theory_level" and gap.studying == course
    assert [e.year for e in panel["evaluations"]] == [2025]
    assert panel["evaluation_is_member"] is False


def test_the_cadre_page_includes_both_panels(client, learner, course, commune_officer):
    from tochuc.cadres.choices import Rating
    from tochuc.cadres.models import Evaluation

    Attendance.objects.create(course=course, cadre=learner)
    Evaluation.objects.create(cadre=learner, year=2025, rating=Rating.EXCELLENT, evaluated_on=date(2025, 12, 20))
    client.force_login(commune_officer)
    response = client.get(reverse("cadres:detail", args=[learner.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Lớp cao cấp LLCT" in body
    assert "Hoàn thành xuất sắc nhiệm vụ" in body
    assert reverse("cadres:evaluation_set", args=[learner.pk]) in body


def test_the_attendees_export(client, course, learner, commune_officer, viewer):
    from io import BytesIO

    from openpyxl import load_workbook

    Attendance.objects.create(course=course, cadre=learner)
    url = reverse("cadres:course_detail", args=[course.pk])
    client.force_login(commune_officer)
    response = client.get(url, {"format": "xlsx"})
    assert response.status_code == 200
    values = [c for row in load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True) for c in row]
    assert "Đinh Văn Học" in values and "Đang học" in values
    client.force_login(viewer)
    assert client.get(url, {"format": "xlsx"}).status_code == 403
