"""The training gaps: people holding or planned for posts whose levels fall short of the rule table's
requirements for their titles, with "đang học" when an open enrollment would close the gap."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tochuc.cadres.choices import AttendanceResult, CourseKind, Title
from tochuc.cadres.models import Attendance, Course, PlanningEntry
from tochuc.cadres.selectors.training import training_gaps
from tochuc.core.rules import rules_in_force
from tochuc.members.choices import Qualification, StateManagementLevel, TheoryLevel

URL = reverse("cadres:training_gaps")


@pytest.fixture
def secretary(tree, make_cadre, make_post, make_tenure):
    """The secretary of Đông Hà with intermediate theory: the title requires advanced."""
    cadre = make_cadre(tree.dh, full_name="Nguyễn Văn Bí Thư", theory_level=TheoryLevel.INTERMEDIATE)
    make_tenure(cadre, make_post(tree.dh, Title.SECRETARY))
    return cadre


def test_the_rule_table_requires_advanced_theory_of_a_secretary(db):
    need = rules_in_force()["cadres.title_requirements"][Title.SECRETARY]
    assert need["theory_level"] == TheoryLevel.ADVANCED
    assert need["state_management"] == StateManagementLevel.PRINCIPAL


def test_a_secretary_with_intermediate_theory_is_listed(secretary, commune_officer):
    report = training_gaps(actor=commune_officer)
    [row] = report.rows
    assert row.cadre == secretary
    [gap] = row.gaps
    assert gap.field == "theory_level" and gap.wanted == TheoryLevel.ADVANCED
    assert "cao cấp" in gap.text and "trung cấp" in gap.text
    assert gap.studying is None
    counts = {f: (n, studying) for f, _label, n, studying in report.counts}
    assert counts == {"theory_level": (1, 0), "qualification": (0, 0), "state_management": (0, 0)}
    assert report.checked == 1


def test_a_holder_meeting_the_standards_is_not_listed(tree, make_cadre, make_post, make_tenure, commune_officer):
    make_tenure(make_cadre(tree.dh, full_name="Đủ Chuẩn"), make_post(tree.dh, Title.SECRETARY))
    report = training_gaps(actor=commune_officer)
    assert report.rows == [] and report.checked == 1


def test_an_ended_tenure_is_not_compared(tree, make_cadre, make_post, make_tenure, commune_officer):
    cadre = make_cadre(tree.dh, full_name="Đã Thôi", theory_level=TheoryLevel.NONE)
    make_tenure(cadre, make_post(tree.dh, Title.SECRETARY), ended_on=date(2026, 1, 1))
    assert training_gaps(actor=commune_officer).checked == 0


def test_the_highest_requirement_of_several_titles_counts(tree, make_cadre, make_post, make_tenure, commune_officer):
    cadre = make_cadre(
        tree.dh,
        full_name="Kiêm Nhiệm",
        theory_level=TheoryLevel.ELEMENTARY,
        state_management=StateManagementLevel.NONE,
        qualification=Qualification.COLLEGE,
    )
    make_tenure(cadre, make_post(tree.dh, Title.COMMITTEE_MEMBER))  # intermediate, bachelor
    make_tenure(cadre, make_post(tree.dh, Title.COUNCIL_CHAIR))  # advanced, bachelor, principal
    [row] = training_gaps(actor=commune_officer).rows
    assert {g.field: g.wanted for g in row.gaps} == {
        "theory_level": "advanced",
        "qualification": "bachelor",
        "state_management": "principal",
    }
    assert len(row.held) == 2


def test_a_person_planned_for_a_post_is_compared_with_its_title(tree, make_cadre, make_post, commune_officer):
    cadre = make_cadre(tree.dh1, full_name="Trẻ Quy Hoạch", state_management=StateManagementLevel.SPECIALIST)
    post = make_post(tree.dh, Title.GOVERNMENT_CHAIR)
    PlanningEntry.objects.create(post=post, cadre=cadre, term="2030-2035", added_on=date(2026, 3, 1))
    [row] = training_gaps(actor=commune_officer).rows
    assert row.planned[0].post == post and not row.held
    assert [g.field for g in row.gaps] == ["state_management"]
    assert training_gaps(actor=commune_officer, source="held").rows == []
    PlanningEntry.objects.filter(cadre=cadre).update(removed_on=date(2026, 6, 1), removed_reason="Không còn đủ")
    assert training_gaps(actor=commune_officer).rows == []


def test_an_enrollment_that_would_close_the_gap_shows_studying(secretary, tree, commune_officer):
    lower = Course.objects.create(
        org=tree.dh, name="Trung cấp", kind=CourseKind.THEORY, level="intermediate", starts_on=date(2026, 1, 5)
    )
    Attendance.objects.create(course=lower, cadre=secretary)  # would not close the gap
    [gap] = training_gaps(actor=commune_officer).rows[0].gaps
    assert gap.studying is None
    course = Course.objects.create(
        org=tree.province, name="Cao cấp LLCT", kind=CourseKind.THEORY, level="advanced", starts_on=date(2026, 2, 1)
    )
    attendance = Attendance.objects.create(course=course, cadre=secretary)
    report = training_gaps(actor=commune_officer)
    [gap] = report.rows[0].gaps
    assert gap.studying == course
    assert dict((f, s) for f, _label, _n, s in report.counts)["theory_level"] == 1
    Attendance.objects.filter(pk=attendance.pk).update(result=AttendanceResult.WITHDREW)
    assert training_gaps(actor=commune_officer).rows[0].gaps[0].studying is None


def test_scope_a_commune_officer_sees_only_its_commune(
    tree, secretary, make_cadre, make_post, make_tenure, commune_officer, outsider, province_officer
):
    neighbour = make_cadre(tree.lb, full_name="Hồ Văn Láng Giềng", theory_level=TheoryLevel.NONE)
    make_tenure(neighbour, make_post(tree.lb, Title.SECRETARY))
    assert [r.cadre for r in training_gaps(actor=commune_officer).rows] == [secretary]
    assert [r.cadre for r in training_gaps(actor=outsider).rows] == [neighbour]
    assert {r.cadre for r in training_gaps(actor=province_officer).rows} == {secretary, neighbour}
    assert [r.cadre for r in training_gaps(actor=province_officer, org=tree.lb).rows] == [neighbour]


def test_the_page_lists_counts_and_filters(client, secretary, commune_officer):
    client.force_login(commune_officer)
    response = client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Nguyễn Văn Bí Thư" in body and "Cần lý luận chính trị cao cấp" in body
    assert client.get(URL, {"kind": "qualification"}).context["report"].rows == []


def test_the_page_answers_404_for_an_org_outside_the_scope(client, tree, outsider):
    client.force_login(outsider)
    response = client.get(URL, {"org": tree.dh.code})
    # an org outside the scope is refused by the form, and nothing of Đông Hà is shown
    assert response.status_code == 200
    assert response.context["form"].errors["org"]
    assert "Bí Thư" not in response.content.decode()


def test_the_excel_export_lists_the_gaps(client, secretary, commune_officer, viewer):
    client.force_login(commune_officer)
    response = client.get(URL, {"format": "xlsx"})
    assert response.status_code == 200
    ws = load_workbook(BytesIO(response.content)).active
    values = [c for row in ws.iter_rows(values_only=True) for c in row if c]
    assert "Nguyễn Văn Bí Thư" in values
    assert any("cao cấp" in str(v) for v in values)
    client.force_login(viewer)
    assert client.get(URL, {"format": "xlsx"}).status_code == 403


def test_the_page_runs_a_flat_number_of_queries(
    client, tree, make_cadre, make_post, make_tenure, commune_officer, django_assert_max_num_queries
):
    client.force_login(commune_officer)

    def add(n):
        for i in range(n):
            cadre = make_cadre(tree.dh, full_name=f"Cán Bộ {i:03d}", theory_level=TheoryLevel.NONE)
            make_tenure(cadre, make_post(tree.dh, Title.COMMITTEE_MEMBER))
            course = Course.objects.create(
                org=tree.dh, name=f"Lớp {i}", kind=CourseKind.THEORY, level="intermediate", starts_on=date(2026, 1, 1)
            )
            Attendance.objects.create(course=course, cadre=cadre)

    add(2)
    with django_assert_max_num_queries(12) as few:
        client.get(URL)
    add(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(URL)
    assert len(response.context["report"].rows) == 22
