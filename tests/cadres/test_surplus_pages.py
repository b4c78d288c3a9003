"""The surplus pages: the list with its summary by status, policy and restructuring event, its export, a
case's page and its policy form, the form of a case recorded by hand; and who sees what after a merge.

Lao Bảo merges into Đông Hà: the commune officer of Đông Hà now manages Lao Bảo's former staff and sets their
policy; the officer of Lao Bảo (the outsider of the fixtures, scoped to the closed commune) still reads the
cases of their former commune but may not decide them (the person is managed elsewhere now), and sees
nothing of Đông Hà's."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tochuc.cadres.choices import CadreKind, SurplusPolicy, SurplusStatus, Title
from tochuc.cadres.models import SurplusCase
from tochuc.cadres.services.surplus import surplus_policy_set
from tochuc.orgs.models import OrgEvent
from tochuc.orgs.services import org_merge

ON = date(2026, 3, 1)


@pytest.fixture
def cases(tree, province_officer, make_cadre, make_post, make_tenure):
    """Lao Bảo's secretary and chairman lose their posts when Lao Bảo merges into Đông Hà; a case of Đông Hà's
    own (a cell merged into another) that the outsider must not see."""
    binh = make_cadre(tree.lb, full_name="Hồ Văn Bình")
    tam = make_cadre(tree.lb, full_name="Nguyễn Minh Tâm", sex="female")
    make_tenure(binh, make_post(tree.lb, Title.SECRETARY))
    make_tenure(tam, make_post(tree.lb, Title.GOVERNMENT_CHAIR))
    dung = make_cadre(tree.dh2, full_name="Hoàng Văn Dũng", kind=CadreKind.PART_TIME)
    make_tenure(dung, make_post(tree.dh2, Title.SECRETARY))
    org_merge(actor=province_officer, sources=[tree.dh2], target=tree.dh1, on=ON)
    org_merge(actor=province_officer, sources=[tree.lb], target=tree.dh, on=ON, decision_no="15-QĐ/TU")
    return {c.cadre.full_name: c for c in SurplusCase.objects.select_related("cadre")}


def test_the_list_shows_the_cases_with_their_summary_by_event(client, province_officer, cases):
    surplus_policy_set(actor=province_officer, case=cases["Hồ Văn Bình"], policy=SurplusPolicy.TRANSFER,
                       policy_on=date(2026, 5, 4), decision_no="9/QĐ")  # fmt: skip
    client.force_login(province_officer)
    response = client.get(reverse("cadres:surplus"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Hồ Văn Bình" in body and "Nguyễn Minh Tâm" in body and "Hoàng Văn Dũng" in body
    summary = response.context["summary"]
    assert (summary.total, summary.by_status) == (3, {"pending": 2, "in_progress": 0, "resolved": 1})
    transfer = next(row for row in summary.by_policy if row[0] == SurplusPolicy.TRANSFER)
    assert transfer[2]["resolved"] == 1
    by_event = {row.event.decision_no: (row.total, row.counts["resolved"]) for row in response.context["events"]}
    assert by_event == {"15-QĐ/TU": (2, 1), "": (1, 0)}


def test_the_list_filters_by_event_and_status(client, province_officer, cases):
    event = OrgEvent.objects.get(decision_no="15-QĐ/TU")
    client.force_login(province_officer)
    response = client.get(reverse("cadres:surplus"), {"event": event.pk, "status": "pending"})
    names = [c.cadre.full_name for c in response.context["page_obj"]]
    assert sorted(names) == ["Hồ Văn Bình", "Nguyễn Minh Tâm"]
    response = client.get(reverse("cadres:surplus"), {"policy": "undecided", "kind": CadreKind.PART_TIME})
    assert [c.cadre.full_name for c in response.context["page_obj"]] == ["Hoàng Văn Dũng"]


def test_the_list_queries_stay_flat(client, province_officer, cases, make_cadre, make_post, make_tenure, tree,
                                    django_assert_max_num_queries):  # fmt: skip
    client.force_login(province_officer)
    url = reverse("cadres:surplus")
    client.get(url)
    for i in range(6):
        cadre = make_cadre(tree.dh, full_name=f"Trần Văn Thêm {i}")
        SurplusCase.objects.create(cadre=cadre, org=tree.lb, event=cases["Hồ Văn Bình"].event, identified_on=ON)
    with django_assert_max_num_queries(10):  # as with 3 cases: session, user, org, count, 2 summaries, events (3)
        response = client.get(url)
    assert response.context["page_obj"].paginator.count == 9


def test_the_export_lists_the_filtered_cases(client, province_officer, cases):
    client.force_login(province_officer)
    response = client.get(reverse("cadres:surplus_export"), {"status": "pending"})
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    names = sorted(row[1] for row in sheet.iter_rows(min_row=5, values_only=True))
    assert names == ["Hoàng Văn Dũng", "Hồ Văn Bình", "Nguyễn Minh Tâm"]


def test_the_viewer_may_not_export(client, viewer, cases):
    client.force_login(viewer)
    assert client.get(reverse("cadres:surplus_export")).status_code == 403


def test_the_successor_commune_sees_and_decides_the_cases_of_the_merged_one(client, commune_officer, cases):
    case = cases["Hồ Văn Bình"]
    client.force_login(commune_officer)
    listed = client.get(reverse("cadres:surplus")).context["page_obj"]
    assert {c.cadre.full_name for c in listed} == {"Hồ Văn Bình", "Nguyễn Minh Tâm", "Hoàng Văn Dũng"}
    page = client.get(reverse("cadres:surplus_detail", args=[case.pk]))
    assert page.status_code == 200 and page.context["form"] is not None
    response = client.post(
        reverse("cadres:surplus_policy", args=[case.pk]),
        {"policy": SurplusPolicy.RESIGNATION, "status": SurplusStatus.RESOLVED, "policy_on": "04/05/2026",
         "decision_no": "31/QĐ-UBND"},
    )  # fmt: skip
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.policy, case.decision_no) == (SurplusStatus.RESOLVED, "severance", "31/QĐ-UBND")


def test_a_refused_policy_is_shown_beside_its_field(client, commune_officer, cases):
    case = cases["Hồ Văn Bình"]
    client.force_login(commune_officer)
    response = client.post(
        reverse("cadres:surplus_policy", args=[case.pk]),
        {"policy": SurplusPolicy.TRANSFER, "status": SurplusStatus.RESOLVED, "policy_on": "04/05/2026"},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["decision_no"]
    assert SurplusCase.objects.get(pk=case.pk).status == SurplusStatus.PENDING


def test_the_officer_of_the_merged_commune_reads_its_cases_but_may_not_decide_them(client, outsider, cases):
    client.force_login(outsider)  # scoped to Lao Bảo, now closed
    listed = client.get(reverse("cadres:surplus")).context["page_obj"]
    assert {c.cadre.full_name for c in listed} == {"Hồ Văn Bình", "Nguyễn Minh Tâm"}
    case = cases["Hồ Văn Bình"]
    page = client.get(reverse("cadres:surplus_detail", args=[case.pk]))
    assert page.status_code == 200 and page.context["form"] is None
    response = client.post(
        reverse("cadres:surplus_policy", args=[case.pk]),
        {"policy": SurplusPolicy.TRANSFER, "status": SurplusStatus.RESOLVED, "policy_on": "04/05/2026",
         "decision_no": "1"},
    )  # fmt: skip
    assert response.status_code == 403
    assert SurplusCase.objects.get(pk=case.pk).status == SurplusStatus.PENDING


def test_the_outsider_gets_404_for_a_case_of_another_commune(client, outsider, cases):
    case = cases["Hoàng Văn Dũng"]  # Đông Hà's own
    client.force_login(outsider)
    assert client.get(reverse("cadres:surplus_detail", args=[case.pk])).status_code == 404
    response = client.post(
        reverse("cadres:surplus_policy", args=[case.pk]),
        {"policy": SurplusPolicy.TRANSFER, "status": SurplusStatus.RESOLVED, "policy_on": "04/05/2026",
         "decision_no": "1"},
    )  # fmt: skip
    assert response.status_code == 404
    assert client.get(reverse("cadres:surplus"), {"org": "44.DH"}).status_code == 404


def test_the_viewer_reads_but_may_not_set_a_policy(client, viewer, cases):
    case = cases["Hồ Văn Bình"]
    client.force_login(viewer)
    assert client.get(reverse("cadres:surplus_detail", args=[case.pk])).context["form"] is None
    response = client.post(reverse("cadres:surplus_policy", args=[case.pk]), {"policy": SurplusPolicy.TRANSFER})
    assert response.status_code == 403


def test_a_case_is_recorded_by_hand_from_the_form(client, commune_officer, cases, make_cadre, tree):
    worker = make_cadre(tree.dh, full_name="Kăn Thị Mai", sex="female", kind=CadreKind.PART_TIME)
    event = OrgEvent.objects.get(decision_no="15-QĐ/TU")
    client.force_login(commune_officer)
    page = client.get(reverse("cadres:surplus_create"), {"event": event.pk})
    assert page.context["form"].initial["org"] == "44.DH"  # Lao Bảo, closed, lies outside their scope
    response = client.post(
        reverse("cadres:surplus_create"),
        {"cadre": f"Kăn Thị Mai #{worker.pk}", "org": "44.DH", "identified_on": "01/03/2026"},
    )
    assert response.status_code == 302
    case = SurplusCase.objects.get(cadre=worker)
    assert (case.event, case.org) == (event, tree.dh)  # Đông Hà received Lao Bảo: the merge is its event too


def test_the_cadre_page_shows_the_persons_cases(client, commune_officer, cases):
    case = cases["Hồ Văn Bình"]
    client.force_login(commune_officer)
    response = client.get(reverse("cadres:detail", args=[case.cadre_id]))
    assert response.status_code == 200
    assert reverse("cadres:surplus_detail", args=[case.pk]) in response.content.decode()


def test_the_org_history_links_each_restructuring_to_its_surplus_cases(client, commune_officer, cases):
    event = OrgEvent.objects.get(decision_no="15-QĐ/TU")
    client.force_login(commune_officer)
    page = client.get(reverse("orgs:detail", args=["44.DH"]))
    link = f"{reverse('cadres:surplus')}?event={event.pk}"
    assert link in page.content.decode()
    listed = client.get(link).context["page_obj"]
    assert {c.cadre.full_name for c in listed} == {"Hồ Văn Bình", "Nguyễn Minh Tâm"}
