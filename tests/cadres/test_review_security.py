"""Review of cadre work (issue 7): writes that touch an org outside the actor's scope are refused (404), and
nothing is written."""

from __future__ import annotations

from datetime import date

import pytest
from django.http import Http404
from django.urls import reverse

from tochuc.cadres.choices import MovementKind, TenureEnd, Title
from tochuc.cadres.models import Movement, Tenure
from tochuc.cadres.services.posts import movement_end, movement_start


@pytest.fixture
def rotated(tree, province_officer, make_cadre, make_post):
    """A cadre of Đông Hà rotated by the province to a post of Lao Bảo."""
    cadre = make_cadre(tree.dh, full_name="Lê Thị Hoa")
    post = make_post(tree.lb, Title.GOVERNMENT_VICE_CHAIR, filling="appointed")
    return movement_start(actor=province_officer, cadre=cadre, kind=MovementKind.ROTATION, to_org=tree.lb,
                          started_on=date(2026, 1, 5), due_back_on=date(2028, 1, 4), post=post)  # fmt: skip


def test_a_commune_officer_may_not_end_a_rotation_holding_a_post_of_another_commune(
    rotated, commune_officer, nothing_written
):
    # Ending the rotation ends the tenure of a Lao Bảo post, which the Đông Hà officer does not manage.
    with nothing_written(), pytest.raises(Http404):
        movement_end(actor=commune_officer, movement=rotated, returned_on=date(2026, 6, 30))
    assert Tenure.objects.get(movement=rotated).ended_on is None


def test_the_end_form_of_such_a_rotation_is_not_found_for_the_commune_officer(client, rotated, commune_officer):
    client.force_login(commune_officer)
    url = reverse("cadres:movement_end", args=[rotated.pk])
    assert client.post(url, {"returned_on": "30/06/2026"}).status_code == 404
    assert Movement.objects.get(pk=rotated.pk).returned_on is None


def test_the_province_officer_still_ends_it(rotated, province_officer):
    movement_end(actor=province_officer, movement=rotated, returned_on=date(2026, 6, 30))
    assert Tenure.objects.get(movement=rotated).end_reason == TenureEnd.RETURNED


@pytest.fixture
def dh_objects(tree, province_officer, make_cadre, make_post, make_tenure):
    """One object of each kind under Đông Hà, by the URL name that writes it."""
    from tochuc.cadres.choices import CourseKind, SurplusStatus
    from tochuc.cadres.models import Attendance, Course, SurplusCase

    cadre = make_cadre(tree.dh, full_name="Lê Văn Hùng")
    post = make_post(tree.dh, Title.GOVERNMENT_VICE_CHAIR, seats=2)
    tenure = make_tenure(cadre, post)
    movement = movement_start(actor=province_officer, cadre=make_cadre(tree.dh, full_name="Trần Văn Bảy"),
                              kind=MovementKind.SECONDMENT, to_org=tree.dh1, started_on=date(2026, 1, 5),
                              due_back_on=date(2027, 1, 5))  # fmt: skip
    course = Course.objects.create(org=tree.dh, name="Bồi dưỡng", kind=CourseKind.OTHER, starts_on=date(2026, 1, 5))
    attendance = Attendance.objects.create(course=course, cadre=cadre)
    case = SurplusCase.objects.create(cadre=cadre, org=tree.dh, identified_on=date(2026, 3, 1),
                                      status=SurplusStatus.PENDING)  # fmt: skip
    return {
        "cadres:edit": cadre.pk, "cadres:end": cadre.pk, "cadres:discipline_add": cadre.pk,
        "cadres:movement_start": cadre.pk, "cadres:evaluation_set": cadre.pk,
        "cadres:post_edit": post.pk, "cadres:post_close": post.pk, "cadres:tenure_start": post.pk,
        "cadres:tenure_end": tenure.pk, "cadres:movement_end": movement.pk,
        "cadres:attendance_add": course.pk, "cadres:attendance_result": attendance.pk,
        "cadres:surplus_policy": case.pk,
    }  # fmt: skip


WRITES = ["cadres:edit", "cadres:end", "cadres:discipline_add", "cadres:movement_start", "cadres:evaluation_set",
          "cadres:post_edit", "cadres:post_close", "cadres:tenure_start", "cadres:tenure_end", "cadres:movement_end",
          "cadres:attendance_add", "cadres:attendance_result", "cadres:surplus_policy"]  # fmt: skip


@pytest.mark.parametrize("name", WRITES)
def test_every_write_by_pk_is_not_found_for_the_outsider_and_forbidden_to_the_viewer(
    client, tree, dh_objects, outsider, viewer, name, nothing_written
):
    url = reverse(name, args=[dh_objects[name]])
    with nothing_written():
        client.force_login(outsider)
        assert client.post(url, {}).status_code == 404
        client.force_login(viewer)
        assert client.post(url, {}).status_code == 403
