"""The personnel plan pages: the plan with each body's list and checks, creating and editing the numbers,
nominating (a refusal shown beside its field), withdrawing, the Excel list, the plans of a subtree; scope."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tochuc.congresses.choices import Body, CongressKind, NominationSource, PlanStatus
from tochuc.congresses.models import Nomination, PersonnelPlan
from tochuc.congresses.services.congresses import congress_create
from tochuc.congresses.services.personnel import nomination_add, plan_save
from tochuc.recruitment.forms import member_option


@pytest.fixture
def congress(tree):
    return congress_create(
        actor=None,
        org=tree.dh,
        term="2025-2030",
        kind=CongressKind.DELEGATES,
        planned_from=date(2025, 8, 20),
        reference_date=date(2025, 7, 1),
    )


PLAN = {
    "committee_seats": "5",
    "standing_seats": "2",
    "deputy_secretaries": "1",
    "inspection_seats": "3",
    "women_target": "20",
    "young_target": "10",
    "minority_target": "0",
}


@pytest.fixture
def plan(congress):
    return plan_save(actor=None, congress=congress, **{k: int(v) for k, v in PLAN.items()})


def _url(name, *args):
    return reverse(f"congresses:{name}", args=args)


def test_an_officer_creates_the_plan(client, congress, commune_officer, audit_watch):
    client.force_login(commune_officer)
    page = client.get(_url("personnel", congress.pk))
    assert page.status_code == 200 and "Lập đề án nhân sự" in page.content.decode()
    watch = audit_watch()
    response = client.post(_url("personnel", congress.pk), PLAN)
    assert response.status_code == 302
    assert PersonnelPlan.objects.get(congress=congress).committee_seats == 5
    assert [e.action for e in watch.events()] == ["plan.save"]


def test_a_refused_plan_shows_the_error_beside_the_field(client, congress, commune_officer):
    client.force_login(commune_officer)
    response = client.post(_url("personnel", congress.pk), {**PLAN, "standing_seats": "5"})
    assert response.status_code == 400
    assert "Số ủy viên Ban Thường vụ phải ít hơn" in response.content.decode()
    assert not PersonnelPlan.objects.exists()


def test_the_page_shows_each_name_with_its_checks(client, plan, tree, commune_officer):
    old = tree.members["44.DH.01"][0]  # born 12/05/1968: retires 31/05/2030, 58 months after the reference date
    nomination_add(actor=None, plan=plan, body=Body.COMMITTEE, member=old, source=NominationSource.CONVENING,
                   re_election=True)  # fmt: skip
    nomination_add(actor=None, plan=plan, body=Body.COMMITTEE, member=tree.members["44.DH.02"][2],
                   source=NominationSource.FLOOR, support=40, present=100)  # fmt: skip
    client.force_login(commune_officer)
    html = client.get(_url("personnel", plan.congress.pk)).content.decode()
    assert old.full_name in html and "40/100 người tán thành" in html
    assert "Tối đa 6 người" in html  # 5 seats: 6.5 rounded down
    assert "Số dư -" not in html and "Danh sách có 2 người, chưa nhiều hơn 5 người cần bầu." in html
    assert "Dưới 35 tuổi" in html and "tạm tính người dưới 35 tuổi" in html


def test_the_page_keeps_a_flat_number_of_queries(client, plan, tree, commune_officer, make_member):
    client.force_login(commune_officer)
    nomination_add(actor=None, plan=plan, body=Body.COMMITTEE, member=tree.members["44.DH.01"][2],
                   source=NominationSource.CONVENING)  # fmt: skip
    with CaptureQueriesContext(connection) as few:
        client.get(_url("personnel", plan.congress.pk))
    for i in range(4):
        m = make_member(org=tree.dh2, full_name=f"Phan Văn Số {i}", birth_date=date(1988, 1, 1))
        nomination_add(actor=None, plan=plan, body=Body.COMMITTEE, member=m, source=NominationSource.CONVENING)
    with CaptureQueriesContext(connection) as more:
        client.get(_url("personnel", plan.congress.pk))
    assert len(more) == len(few)


def test_a_nomination_refused_for_support_is_shown_beside_the_support(client, plan, tree, commune_officer):
    client.force_login(commune_officer)
    member = tree.members["44.DH.02"][1]
    data = {
        "nom-body": Body.COMMITTEE,
        "nom-member": member_option(member),
        "nom-source": NominationSource.FLOOR,
        "nom-present": "300",
        "nom-support": "90",
    }
    response = client.post(_url("nomination_add", plan.congress.pk), data)
    assert response.status_code == 400
    assert 'id="id_nom-support_error"' in response.content.decode()
    assert not Nomination.objects.exists()
    response = client.post(_url("nomination_add", plan.congress.pk), {**data, "nom-support": "91"})
    assert response.status_code == 302
    assert Nomination.objects.get().support == 91


def test_withdrawing_from_the_page(client, plan, tree, commune_officer):
    nomination = nomination_add(actor=None, plan=plan, body=Body.COMMITTEE, member=tree.members["44.DH.01"][2],
                                source=NominationSource.CONVENING)  # fmt: skip
    client.force_login(commune_officer)
    prefix = f"w{nomination.pk}"
    response = client.post(_url("nomination_withdraw", nomination.pk), {f"{prefix}-on": "", f"{prefix}-reason": ""})
    assert response.status_code == 400
    today = date.today().strftime("%d/%m/%Y")
    response = client.post(
        _url("nomination_withdraw", nomination.pk), {f"{prefix}-on": today, f"{prefix}-reason": "Xin rút"}
    )
    assert response.status_code == 302
    nomination.refresh_from_db()
    assert nomination.withdraw_reason == "Xin rút"
    html = client.get(_url("personnel", plan.congress.pk)).content.decode()
    assert "1 người đã rút" in html


def test_the_plan_steps_from_the_page(client, plan, tree, commune_officer, leader):
    nomination_add(actor=None, plan=plan, body=Body.COMMITTEE, member=tree.members["44.DH.01"][2],
                   source=NominationSource.CONVENING)  # fmt: skip
    today = date.today().strftime("%d/%m/%Y")
    client.force_login(commune_officer)
    assert client.post(_url("personnel_status", plan.congress.pk),
                       {"status-status": PlanStatus.UPPER_OPINION, "status-on": today}).status_code == 302  # fmt: skip
    response = client.post(
        _url("personnel_status", plan.congress.pk), {"status-status": PlanStatus.APPROVED, "status-on": today}
    )
    assert response.status_code == 400  # not a step an officer may take: not among the choices
    client.force_login(leader)
    assert client.post(_url("personnel_status", plan.congress.pk),
                       {"status-status": PlanStatus.APPROVED, "status-on": today}).status_code == 302  # fmt: skip
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    html = client.get(_url("personnel", plan.congress.pk)).content.decode()
    assert "Sửa số lượng, cơ cấu" not in html


def test_the_excel_list(client, plan, tree, commune_officer):
    nomination_add(actor=None, plan=plan, body=Body.COMMITTEE, member=tree.members["44.DH.01"][2],
                   source=NominationSource.CONVENING)  # fmt: skip
    client.force_login(commune_officer)
    response = client.get(_url("personnel_export", plan.congress.pk))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_plans_of_a_subtree(client, plan, commune_officer):
    client.force_login(commune_officer)
    html = client.get(_url("plans")).content.decode()
    assert plan.congress.org.name in html and "Dự thảo" in html


def test_an_outsider_gets_404_and_a_viewer_403(client, plan, tree, outsider, viewer):
    nomination = nomination_add(actor=None, plan=plan, body=Body.COMMITTEE, member=tree.members["44.DH.01"][2],
                                source=NominationSource.CONVENING)  # fmt: skip
    client.force_login(outsider)
    assert client.get(_url("personnel", plan.congress.pk)).status_code == 404
    assert client.post(_url("personnel", plan.congress.pk), PLAN).status_code == 404
    assert client.post(_url("nomination_withdraw", nomination.pk), {}).status_code == 404
    assert client.get(_url("personnel_export", plan.congress.pk)).status_code == 404
    assert plan.congress.org.name not in client.get(_url("plans")).content.decode()
    client.force_login(viewer)
    assert client.get(_url("personnel", plan.congress.pk)).status_code == 200
    assert client.post(_url("personnel", plan.congress.pk), PLAN).status_code == 403
    assert client.post(_url("nomination_add", plan.congress.pk), {}).status_code == 403
    assert client.post(_url("nomination_withdraw", nomination.pk), {}).status_code == 403
    assert client.post(_url("personnel_status", plan.congress.pk), {}).status_code == 403
    nomination.refresh_from_db()
    assert nomination.withdrawn_on is None


def test_the_plans_list_keeps_a_flat_number_of_queries(client, plan, tree, commune_officer):
    client.force_login(commune_officer)
    with CaptureQueriesContext(connection) as few:
        client.get(_url("plans"))
    for org in (tree.dh1, tree.dh2):
        congress = congress_create(
            actor=None, org=org, term="2025-2030", kind=CongressKind.MEMBERS, planned_from=date(2025, 6, 1)
        )
        plan_save(actor=None, congress=congress, **{k: int(v) for k, v in PLAN.items()})
    with CaptureQueriesContext(connection) as more:
        html = client.get(_url("plans")).content.decode()
    assert tree.dh2.name in html
    assert len(more) == len(few)
