"""The cadre reports run by the engine, checked against counts made by hand from small known data, scoped,
exported like the others, and with a number of queries that does not grow with the data."""

from __future__ import annotations

from datetime import date, timedelta
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tochuc.cadres.choices import (
    AppointmentKind,
    CadreKind,
    CadreStatus,
    Filling,
    Source,
    SurplusPolicy,
    TenureSource,
    Title,
)
from tochuc.cadres.models import Appointment, PlanningEntry
from tochuc.cadres.reports import APPOINTMENTS_DUE, CADRES_BY_POST, PLANNING_COVERAGE, SURPLUS
from tochuc.cadres.selectors.planning import term_choices
from tochuc.cadres.services.surplus import surplus_policy_set
from tochuc.core.dates import add_months
from tochuc.members.choices import Qualification, TheoryLevel
from tochuc.orgs.services import org_merge
from tochuc.reports.engine import run


def _rows(result):
    return {r.key: r.values for r in result.data_rows}


@pytest.fixture
def holders(tree, make_cadre, make_post, make_tenure):
    """Đông Hà: Hùng (secretary and deputy chair of the council: counted once, as secretary; 46, bachelor,
    advanced theory), Lan (chairwoman, 36, master, intermediate theory). Lao Bảo: Bình (secretary, Bru - Vân
    Kiều, college, elementary theory), Tâm (chairman). Not counted: one whose tenure ended, one retired."""
    today = timezone.localdate()
    hung = make_cadre(tree.dh, full_name="Lê Văn Hùng", birth_date=date(1980, 5, 10))
    lan = make_cadre(tree.dh, full_name="Trần Thị Lan", sex="female", birth_date=today.replace(year=today.year - 36),
                     qualification=Qualification.MASTER, theory_level=TheoryLevel.INTERMEDIATE)  # fmt: skip
    binh = make_cadre(tree.lb, full_name="Hồ Văn Bình", birth_date=date(1985, 1, 1), ethnic_group="Bru - Vân Kiều",
                      qualification=Qualification.COLLEGE, theory_level=TheoryLevel.ELEMENTARY)  # fmt: skip
    tam = make_cadre(tree.lb, full_name="Nguyễn Minh Tâm", birth_date=date(1978, 2, 2))
    gone = make_cadre(tree.lb, full_name="Võ Văn Cũ")
    retired = make_cadre(tree.dh, full_name="Đỗ Văn Hưu", status=CadreStatus.RETIRED, ended_on=date(2026, 1, 31))
    posts = {
        "dh_secretary": make_post(tree.dh, Title.SECRETARY),
        "dh_council": make_post(tree.dh, Title.COUNCIL_VICE_CHAIR),
        "dh_chair": make_post(tree.dh, Title.GOVERNMENT_CHAIR),
        "lb_secretary": make_post(tree.lb, Title.SECRETARY),
        "lb_chair": make_post(tree.lb, Title.GOVERNMENT_CHAIR),
        "closed": make_post(tree.lb, Title.FRONT_CHAIR, closed_on=date(2026, 1, 1)),
    }
    make_tenure(hung, posts["dh_secretary"])
    make_tenure(hung, posts["dh_council"])
    make_tenure(lan, posts["dh_chair"])
    make_tenure(binh, posts["lb_secretary"])
    make_tenure(tam, posts["lb_chair"])
    make_tenure(gone, posts["closed"], ended_on=date(2026, 1, 1))
    make_tenure(retired, make_post(tree.dh, Title.FRONT_CHAIR), ended_on=date(2026, 1, 31))
    return {"hung": hung, "lan": lan, "binh": binh, "tam": tam, "posts": posts}


def test_cadres_by_post_counts_each_holder_once_at_the_highest_post(tree, holders):
    result = run(CADRES_BY_POST, org=tree.province)
    rows = _rows(result)
    assert rows[Title.SECRETARY]["cadres"] == 2  # Hùng (not again as council deputy chair), Bình
    assert rows[Title.COUNCIL_VICE_CHAIR]["cadres"] == 0
    assert rows[Title.GOVERNMENT_CHAIR]["cadres"] == 2
    assert result.total["cadres"] == 4  # not the one whose post closed, not the retired
    assert (result.total["master"], result.total["bachelor"], result.total["below_bachelor"]) == (1, 2, 1)
    assert (result.total["theory_advanced"], result.total["theory_intermediate"]) == (2, 1)
    assert result.total["theory_elementary"] == 1
    assert (result.total["female"], result.total["young"], result.total["minority"]) == (1, 1, 1)
    secretary = rows[Title.SECRETARY]
    assert (secretary["bachelor"], secretary["below_bachelor"], secretary["minority"]) == (1, 1, 1)


def test_cadres_by_post_for_a_commune_counts_its_own(tree, holders):
    result = run(CADRES_BY_POST, org=tree.lb)
    assert result.total["cadres"] == 2
    assert _rows(result)[Title.SECRETARY]["minority"] == 1


def test_planning_coverage_counts_posts_with_and_without_names_and_the_people(tree, holders):
    current, following = term_choices(timezone.localdate())
    p, on = holders["posts"], date(2026, 2, 1)
    PlanningEntry.objects.create(post=p["dh_secretary"], cadre=holders["lan"], term=current, added_on=on)
    PlanningEntry.objects.create(post=p["dh_secretary"], cadre=holders["binh"], term=current, added_on=on)
    PlanningEntry.objects.create(post=p["lb_chair"], cadre=holders["lan"], term=current, added_on=on)
    PlanningEntry.objects.create(post=p["lb_secretary"], cadre=holders["tam"], term=following, added_on=on)
    PlanningEntry.objects.create(post=p["dh_chair"], cadre=holders["hung"], term=current, added_on=on,
                                 removed_on=date(2026, 6, 1), removed_reason="Không còn đủ tiêu chuẩn")  # fmt: skip

    result = run(PLANNING_COVERAGE, org=tree.province)
    dh, lb = _rows(result)["44.DH"], _rows(result)["44.LB"]
    assert (dh["posts"], dh["current_planned"], dh["current_missing"]) == (4, 1, 3)  # with the vacant one
    assert (dh["next_planned"], dh["next_missing"]) == (0, 4)
    assert (dh["planned_people"], dh["planned_female"], dh["planned_young"], dh["female_share"]) == (2, 1, 1, 50.0)
    assert (lb["posts"], lb["current_planned"], lb["next_planned"], lb["planned_people"]) == (2, 1, 1, 1)
    assert lb["young_share"] == 100.0
    total = result.total
    assert (total["posts"], total["current_planned"], total["current_missing"]) == (6, 2, 4)
    assert (total["planned_people"], total["planned_female"], total["female_share"]) == (2, 1, 50.0)  # Lan once


@pytest.fixture
def appointed(tree, make_cadre, make_post, make_tenure):
    """Heads of agencies under Đông Hà with terms ending: on the last day of the 6 months (due), the day after
    (not yet), 10 days ago (overdue, re-appointment under way), not recorded; and an elected secretary whose
    term ends soon, which is no appointment."""
    today = timezone.localdate()
    edge = add_months(today, 6)
    people = []
    for i, term_end in enumerate([edge, edge + timedelta(days=1), today - timedelta(days=10), None]):
        cadre = make_cadre(tree.dh, full_name=f"Phan Văn Hạn {i}")
        post = make_post(tree.dh, Title.AGENCY_HEAD, filling=Filling.APPOINTED, name=f"Trưởng phòng {i}")
        make_tenure(cadre, post, source=TenureSource.APPOINTED, term_end=term_end)
        people.append((cadre, post))
    cadre, post = people[2]
    Appointment.objects.create(cadre=cadre, post=post, kind=AppointmentKind.REAPPOINTMENT, source=Source.INSIDE,
                               received_on=today - timedelta(days=30))  # fmt: skip
    elected = make_cadre(tree.dh, full_name="Lê Văn Bầu")
    make_tenure(elected, make_post(tree.dh, Title.SECRETARY), term_end=today + timedelta(days=20))
    return people


def test_appointments_due_counts_terms_ending_within_6_months_and_overdue(tree, appointed):
    result = run(APPOINTMENTS_DUE, org=tree.province)
    dh = _rows(result)["44.DH"]
    assert dh["appointed"] == 4  # the elected secretary is not counted
    assert (dh["due"], dh["overdue"], dh["reappointing"], dh["no_term_end"]) == (1, 1, 1, 1)
    assert _rows(result)["44.LB"]["appointed"] == 0


@pytest.fixture
def surplus_cases(tree, province_officer, make_cadre, make_post, make_tenure):
    """Lao Bảo merges into Đông Hà (Bình, Tâm surplus; Bình transferred), and cell 2 of Đông Hà into cell 1
    (Dũng, a part-time worker)."""
    binh = make_cadre(tree.lb, full_name="Hồ Văn Bình")
    tam = make_cadre(tree.lb, full_name="Nguyễn Thị Tâm", sex="female")
    dung = make_cadre(tree.dh2, full_name="Hoàng Văn Dũng", kind=CadreKind.PART_TIME)
    make_tenure(binh, make_post(tree.lb, Title.SECRETARY))
    make_tenure(tam, make_post(tree.lb, Title.GOVERNMENT_CHAIR))
    make_tenure(dung, make_post(tree.dh2, Title.SECRETARY))
    on = date(2026, 3, 1)
    org_merge(actor=province_officer, sources=[tree.dh2], target=tree.dh1, on=on)
    org_merge(actor=province_officer, sources=[tree.lb], target=tree.dh, on=on)
    case = binh.surplus_cases.get()
    surplus_policy_set(actor=province_officer, case=case, policy=SurplusPolicy.TRANSFER, policy_on=date(2026, 5, 4),
                       decision_no="9/QĐ")  # fmt: skip


def test_the_surplus_report_counts_people_at_the_org_that_manages_them_now(tree, surplus_cases):
    result = run(SURPLUS, org=tree.province)
    rows = _rows(result)
    assert set(rows) == {"44.DH"}  # Lao Bảo closed: its people are counted at Đông Hà, which took them over
    dh = rows["44.DH"]
    assert (dh["surplus"], dh["pending"], dh["in_progress"], dh["resolved"]) == (3, 2, 0, 1)
    assert (dh["policy_transfer"], dh["policy_undecided"], dh["policy_early_retirement"]) == (1, 2, 0)
    assert (dh["female"], dh["part_time"], dh["resolved_share"]) == (1, 1, 33.3)
    by_cell = _rows(run(SURPLUS, org=tree.dh))
    assert by_cell["44.DH.01"]["surplus"] == 1  # Dũng, managed by the cell that took cell 2 over


def test_the_reports_are_in_the_catalogue_and_export_scoped(client, tree, commune_officer, outsider, surplus_cases):
    client.force_login(commune_officer)
    for name in ("cadres_by_post", "planning_coverage", "appointments_due", "surplus"):
        response = client.get(reverse("reports:show", args=[name]), {"org": "44.DH"})
        assert response.status_code == 200, name
    response = client.get(reverse("reports:download", args=["surplus", "xlsx"]), {"org": "44.DH"})
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    texts = {c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)}
    assert "CÁN BỘ, CÔNG CHỨC, NGƯỜI LAO ĐỘNG DÔI DƯ DO SẮP XẾP TỔ CHỨC" in texts
    client.force_login(outsider)
    refused = client.get(reverse("reports:show", args=["surplus"]), {"org": "44.DH"})
    assert refused.context["result"] is None  # the org is not found in their scope: nothing is counted


def _queries(report, org) -> int:
    with CaptureQueriesContext(connection) as captured:
        run(report, org=org)
    return len(captured.captured_queries)


def test_the_reports_queries_do_not_grow_with_the_data(tree, holders, appointed, make_cadre, make_post, make_tenure):
    reports = (CADRES_BY_POST, PLANNING_COVERAGE, APPOINTMENTS_DUE, SURPLUS)
    before = [_queries(r, tree.province) for r in reports]
    for i in range(8):
        org = tree.lb if i % 2 else tree.dh1
        cadre = make_cadre(org, full_name=f"Nguyễn Văn Thêm {i}")
        make_tenure(cadre, make_post(org, Title.AGENCY_DEPUTY, filling=Filling.APPOINTED, name=f"Phó phòng {i}"),
                    source=TenureSource.APPOINTED, term_end=timezone.localdate() + timedelta(days=30))  # fmt: skip
    assert [_queries(r, tree.province) for r in reports] == before
