"""Conference and recommendation pages: lists in scope (a commune sees the province's conference it raised at,
with only its own recommendations), filters, overdue rows, the Excel copy, flat queries; a recommendation's
page with its history and follow-up forms; who may use each form (outsider 404, viewer 403)."""

from __future__ import annotations

from datetime import date, timedelta
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tochuc.proposals.choices import ConferenceKind, RecommendationStatus, Topic
from tochuc.proposals.models import Conference, Recommendation
from tochuc.proposals.services.conferences import conference_create
from tochuc.proposals.services.recommendations import recommendation_answer, recommendation_assign

TODAY = timezone.localdate()


@pytest.fixture
def recs(raise_rec, province_officer, tree, commune_officer):
    """Đông Hà: one overdue (police), one open (part-time); Lao Bảo: one open; and a ward conference of Đông Hà."""
    late = raise_rec(raised_by=tree.dh, topic=Topic.POLICE)
    recommendation_assign(
        actor=province_officer,
        recommendation=late,
        assigned_to="Công an tỉnh",
        assigned_on=date(2026, 1, 20),
        due_on=TODAY - timedelta(days=3),
    )
    open_dh = raise_rec(raised_by=tree.dh, topic=Topic.PART_TIME, content="Hỗ trợ người hoạt động không chuyên trách")
    open_lb = raise_rec(raised_by=tree.lb, topic=Topic.RECRUITMENT, content="Lao động đi làm ăn xa, khó kết nạp")
    ward = conference_create(
        actor=commune_officer,
        org=tree.dh,
        title="Hội nghị đối thoại với bí thư chi bộ",
        kind=ConferenceKind.DIALOGUE,
        held_on=date(2026, 4, 10),
    )
    return {"late": late, "open_dh": open_dh, "open_lb": open_lb, "ward": ward}


def test_the_recommendation_list_is_scoped_by_the_raising_org(
    client, recs, province_officer, commune_officer, outsider
):
    url = reverse("proposals:recommendations")
    client.force_login(province_officer)
    assert len(client.get(url).context["rows"]) == 3
    client.force_login(commune_officer)
    assert {r.rec.pk for r in client.get(url).context["rows"]} == {recs["late"].pk, recs["open_dh"].pk}
    client.force_login(outsider)
    assert [r.rec.pk for r in client.get(url).context["rows"]] == [recs["open_lb"].pk]
    assert client.get(url, {"org": "44.DH"}).status_code == 404
    assert client.get(url, {"conference": recs["ward"].pk}).status_code == 404


def test_the_recommendation_list_filters(client, recs, province_officer, conference):
    client.force_login(province_officer)
    url = reverse("proposals:recommendations")

    def pks(**params):
        return {r.rec.pk for r in client.get(url, params).context["rows"]}

    assert pks(deadline="overdue") == {recs["late"].pk}
    assert pks(topic=Topic.RECRUITMENT) == {recs["open_lb"].pk}
    assert pks(status="open", org="44.DH") == {recs["open_dh"].pk}
    assert pks(conference=conference.pk) == {recs["late"].pk, recs["open_dh"].pk, recs["open_lb"].pk}
    assert pks(conference=recs["ward"].pk) == set()
    assert pks(q="làm ăn xa") == {recs["open_lb"].pk}
    flags = {r.rec.pk: r.flag for r in client.get(url).context["rows"]}
    assert flags[recs["late"].pk] == "overdue"


def test_the_recommendation_export(client, recs, province_officer, viewer):
    client.force_login(province_officer)
    response = client.get(reverse("proposals:recommendations_export"), {"deadline": "overdue"})
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=5, values_only=True))
    assert [(r[4], r[9], r[16]) for r in rows] == [("Đảng bộ phường Đông Hà", "Công an tỉnh", "Quá hạn")]
    client.force_login(viewer)
    assert client.get(reverse("proposals:recommendations_export")).status_code == 403


def test_the_lists_queries_stay_flat(client, recs, province_officer, raise_rec, tree, django_assert_max_num_queries):
    client.force_login(province_officer)
    url = reverse("proposals:recommendations")
    client.get(url)
    for org in (tree.dh1, tree.dh2, tree.lb1, tree.lb2) * 3:
        raise_rec(raised_by=org, topic=Topic.FACILITIES)
    with django_assert_max_num_queries(7):  # session, user, conferences, holidays, count, page
        response = client.get(url)
    assert response.context["page_obj"].paginator.count == 15
    with django_assert_max_num_queries(5):  # session, user, count, page
        response = client.get(reverse("proposals:conferences"))
    assert response.context["page_obj"][1].n_total == 15


def test_a_commune_sees_the_provinces_conference_with_its_own_recommendations(
    client, recs, commune_officer, conference, outsider
):
    client.force_login(commune_officer)
    listed = {c.pk: c for c in client.get(reverse("proposals:conferences")).context["page_obj"]}
    assert set(listed) == {conference.pk, recs["ward"].pk}
    assert (listed[conference.pk].n_total, listed[conference.pk].n_overdue) == (2, 1)  # Lao Bảo's is not theirs
    page = client.get(reverse("proposals:conference_detail", args=[conference.pk]))
    assert page.status_code == 200 and not page.context["can_edit"]
    assert {r.rec.pk for r in page.context["rows"]} == {recs["late"].pk, recs["open_dh"].pk}
    client.force_login(outsider)
    assert client.get(reverse("proposals:conference_detail", args=[recs["ward"].pk])).status_code == 404
    assert recs["ward"].pk not in {c.pk for c in client.get(reverse("proposals:conferences")).context["page_obj"]}


def test_recording_a_conference_and_raising_at_it_through_the_forms(client, commune_officer, conference):
    client.force_login(commune_officer)
    response = client.post(
        reverse("proposals:conference_create"),
        {
            "org": "44.DH",
            "title": "Hội nghị sơ kết 6 tháng đầu năm 2026",
            "kind": "review",
            "held_on": "10/07/2026",
            "place": "Hội trường Đảng ủy phường",
        },
    )
    ward = Conference.objects.get(title="Hội nghị sơ kết 6 tháng đầu năm 2026")
    assert response.status_code == 302 and ward.org.code == "44.DH"
    url = reverse("proposals:recommendation_raise", args=[conference.pk])
    form = client.get(url).context["form"]
    assert form.initial["raised_by"] == "44.DH"
    response = client.post(
        url, {"raised_by": "44.DH", "topic": "surplus", "content": "Chính sách cán bộ dôi dư", "again": "1"}
    )
    assert response.status_code == 302 and response["Location"] == url
    response = client.post(url, {"raised_by": "44.DH", "topic": "surplus", "content": ""})
    assert response.status_code == 400 and response.context["form"].errors["content"]
    assert Recommendation.objects.filter(conference=conference).count() == 1


def test_the_recommendation_page_shows_its_history_and_forms(client, recs, province_officer, commune_officer):
    recommendation_answer(
        actor=province_officer,
        recommendation=recs["late"],
        answer="Đã bố trí 3 đồng chí.",
        answered_on=date(2026, 3, 2),
    )
    client.force_login(province_officer)
    response = client.get(reverse("proposals:recommendation_detail", args=[recs["late"].pk]))
    assert response.status_code == 200
    assert [h.event.action for h in response.context["history"]] == [
        "recommendation.raise",
        "recommendation.assign",
        "recommendation.answer",
    ]
    assert set(response.context["forms"]) == {"close", "reopen"}
    assert "Đã bố trí 3 đồng chí." in response.content.decode()
    client.force_login(commune_officer)  # their own, at the province's conference: they read it only
    response = client.get(reverse("proposals:recommendation_detail", args=[recs["late"].pk]))
    assert response.status_code == 200 and response.context["forms"] == {}


def test_the_follow_up_runs_from_the_page_and_refusals_stay_beside_their_field(client, recs, province_officer):
    client.force_login(province_officer)
    rec = recs["open_dh"]
    response = client.post(
        reverse("proposals:recommendation_assign", args=[rec.pk]),
        {"assigned_to": "Sở Nội vụ", "assigned_on": "20/01/2026", "due_on": "10/01/2026"},
    )
    assert response.status_code == 400 and response.context["forms"]["assign"].errors["due_on"]
    response = client.post(
        reverse("proposals:recommendation_assign", args=[rec.pk]),
        {"assigned_to": "Sở Nội vụ", "assigned_on": "20/01/2026", "due_on": "20/02/2026"},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("proposals:recommendation_answer", args=[rec.pk]),
        {"answer": "Theo Nghị định 154/2025", "answered_on": "18/02/2026", "answer_no": "9/SNV"},
    )
    assert response.status_code == 302
    response = client.post(reverse("proposals:recommendation_close", args=[rec.pk]), {"closed_on": "01/03/2026"})
    assert response.status_code == 302
    response = client.post(
        reverse("proposals:recommendation_reopen", args=[rec.pk]),
        {"reopen_reason": "Chưa rõ mức hỗ trợ", "reopened_on": "05/03/2026", "due_on": "31/03/2026"},
    )
    assert response.status_code == 302
    rec.refresh_from_db()
    assert (rec.status, rec.due_on) == (RecommendationStatus.ASSIGNED, date(2026, 3, 31))


STEPS = {
    "recommendation_assign": {"assigned_to": "Sở", "assigned_on": "20/01/2026", "due_on": "20/02/2026"},
    "recommendation_answer": {"answer": "x", "answered_on": "01/02/2026"},
    "recommendation_close": {"closed_on": "01/02/2026"},
    "recommendation_reopen": {"reopen_reason": "x", "reopened_on": "01/02/2026", "due_on": "01/03/2026"},
}


@pytest.mark.parametrize("step", STEPS)
def test_every_follow_up_is_not_found_for_the_outsider_and_forbidden_to_the_viewer_and_the_commune(
    client, recs, outsider, viewer, commune_officer, step, nothing_written
):
    url = reverse(f"proposals:{step}", args=[recs["late"].pk])
    with nothing_written():
        for user, status in ((outsider, 404), (viewer, 403), (commune_officer, 403)):
            client.force_login(user)
            assert client.post(url, STEPS[step]).status_code == status, user


def test_conference_forms_are_guarded(client, recs, conference, outsider, viewer, commune_officer, nothing_written):
    ward = recs["ward"]
    with nothing_written():
        client.force_login(outsider)
        assert client.post(reverse("proposals:conference_edit", args=[ward.pk]), {}).status_code == 404
        assert client.post(reverse("proposals:recommendation_raise", args=[ward.pk]), {}).status_code == 404
        client.force_login(viewer)
        assert client.post(reverse("proposals:conference_edit", args=[ward.pk]), {}).status_code == 403
        assert client.post(reverse("proposals:recommendation_raise", args=[ward.pk]), {}).status_code == 403
        assert client.post(reverse("proposals:conference_create"), {}).status_code == 403
        client.force_login(commune_officer)  # the province's conference: a commune does not edit it
        assert client.post(reverse("proposals:conference_edit", args=[conference.pk]), {}).status_code == 403
