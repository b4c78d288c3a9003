"""Review of cadre work (issue 7): the number of queries of the list and detail pages does not grow with the
rows shown."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tochuc.cadres.choices import CourseKind, MovementKind, Title
from tochuc.cadres.models import Attendance, Course, Movement


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _fill(tree, n, make_cadre, make_post, make_tenure, course, start):
    for i in range(start, start + n):
        cadre = make_cadre(tree.dh if i % 2 else tree.lb, full_name=f"Nguyễn Văn Số{i}")
        post = make_post(cadre.org, Title.GOVERNMENT_VICE_CHAIR, name=f"Phó Chủ tịch {i}")
        make_tenure(cadre, post)
        other = tree.lb if cadre.org == tree.dh else tree.dh
        Movement.objects.create(cadre=cadre, kind=MovementKind.SECONDMENT, from_org=cadre.org, to_org=other,
                                started_on=date(2026, 1, 1), due_back_on=date(2026, 6, 1))  # fmt: skip
        Attendance.objects.create(course=course, cadre=cadre)


@pytest.mark.parametrize("name", ["cadres:list", "cadres:posts", "cadres:movements", "cadres:courses",
                                  "cadres:evaluations", "cadres:training_gaps", "course"])  # fmt: skip
def test_a_page_reads_as_many_times_with_more_rows(client, tree, province_officer, make_cadre, make_post,
                                                    make_tenure, name):  # fmt: skip
    course = Course.objects.create(org=tree.province, name="Trung cấp LLCT K1", kind=CourseKind.OTHER,
                                   starts_on=date(2026, 1, 5))  # fmt: skip
    url = reverse("cadres:course_detail", args=[course.pk]) if name == "course" else reverse(name)
    client.force_login(province_officer)
    _fill(tree, 2, make_cadre, make_post, make_tenure, course, 0)
    few = _count(client, url)
    _fill(tree, 6, make_cadre, make_post, make_tenure, course, 10)
    assert _count(client, url) == few


def test_the_cadres_page_reads_as_many_times_with_a_longer_history(client, tree, province_officer, make_cadre,
                                                                    make_post, make_tenure):  # fmt: skip
    from tochuc.cadres.models import Evaluation

    cadre = make_cadre(tree.dh)
    client.force_login(province_officer)
    url = reverse("cadres:detail", args=[cadre.pk])

    def more(start, n):
        for i in range(start, start + n):
            post = make_post(tree.dh, Title.AGENCY_HEAD, name=f"Trưởng ban {i}")
            make_tenure(cadre, post, started_on=date(2000 + i, 1, 1), ended_on=date(2000 + i, 12, 31))
            Movement.objects.create(cadre=cadre, kind=MovementKind.SECONDMENT, from_org=tree.dh, to_org=tree.lb,
                                    started_on=date(2000 + i, 2, 1), returned_on=date(2000 + i, 3, 1))  # fmt: skip
            course = Course.objects.create(org=tree.dh, name=f"Lớp {i}", kind=CourseKind.OTHER,
                                           starts_on=date(2000 + i, 1, 5))  # fmt: skip
            Attendance.objects.create(course=course, cadre=cadre)
            Evaluation.objects.create(cadre=cadre, year=2000 + i, rating="good", evaluated_on=date(2000 + i, 12, 20))

    more(0, 2)
    few = _count(client, url)
    more(10, 6)
    assert _count(client, url) == few
