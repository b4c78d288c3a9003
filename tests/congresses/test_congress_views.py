"""Congress planning pages: the list (scoped, filtered, exported), planning one congress and a whole term,
a congress's page with its stage moved forward, its plan edited, and the progress board (counts, late
congresses, Excel); refused forms answer 400 with the error beside the field; query counts stay flat."""

from __future__ import annotations

from datetime import date, timedelta
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tochuc.congresses.choices import CongressKind, CongressStatus
from tochuc.congresses.models import Congress
from tochuc.congresses.selectors.congresses import congress_board
from tochuc.congresses.services.congresses import congress_create, congress_plan_term, congress_set_status

TERM = "2025-2030"


def plan(org, **kw):
    kw.setdefault("planned_from", date(2025, 8, 10))
    return congress_create(actor=None, org=org, term=TERM, kind=kw.pop("kind", CongressKind.MEMBERS), **kw)


def hold(congress, on=date(2025, 8, 12)):
    return congress_set_status(actor=None, congress=congress, status="held", held_from=on, held_to=on)


# --- the list ------------------------------------------------------------------------------------------------


def test_the_commune_officer_sees_only_the_congresses_of_their_commune(client, tree, commune_officer):
    plan(tree.dh1)
    plan(tree.lb1)
    plan(tree.province, kind=CongressKind.DELEGATES)
    client.force_login(commune_officer)
    html = client.get(reverse("congresses:list"), {"term": TERM}).content.decode()
    assert "Chi bộ khu phố 1" in html
    assert "Chi bộ thôn Ka Tăng" not in html and "Đảng bộ tỉnh Quảng Trị</a>" not in html


def test_the_list_filters_late_congresses(client, tree, province_officer):
    today = timezone.localdate()
    plan(tree.dh1, planned_from=today - timedelta(days=3))
    plan(tree.dh2, planned_from=today + timedelta(days=3))
    client.force_login(province_officer)
    html = client.get(reverse("congresses:list"), {"term": TERM, "late": "on"}).content.decode()
    assert "Chi bộ khu phố 1" in html and "Chi bộ khu phố 2" not in html
    assert "Chậm tiến độ</span>" in html


def test_the_list_costs_the_same_queries_for_more_congresses(client, tree, province_officer):
    client.force_login(province_officer)
    url = reverse("congresses:list")
    plan(tree.dh1)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url, {"term": TERM}).status_code == 200
    congress_plan_term(actor=None, root=tree.province, term=TERM, kind="members", planned_from=date(2025, 8, 20))
    with CaptureQueriesContext(connection) as many:
        assert client.get(url, {"term": TERM}).status_code == 200
    assert Congress.objects.count() > 5
    assert len(many) == len(few)


def test_the_export_lists_the_filtered_congresses(client, tree, province_officer):
    plan(tree.dh1, pilot=True)
    plan(tree.lb1)
    client.force_login(province_officer)
    response = client.get(reverse("congresses:export"), {"term": TERM, "org": "44.DH"})
    assert response.status_code == 200
    ws = load_workbook(BytesIO(response.content)).active
    rows = [r for r in ws.iter_rows(min_row=5, values_only=True)]
    assert [r[1] for r in rows] == ["44.DH.01"]
    assert rows[0][5] == "I" and rows[0][7] == "Có"


def test_a_viewer_cannot_export(client, tree, viewer):
    client.force_login(viewer)
    assert client.get(reverse("congresses:export")).status_code == 403


# --- planning ------------------------------------------------------------------------------------------------


def test_an_officer_plans_a_congress(client, tree, commune_officer):
    client.force_login(commune_officer)
    response = client.post(
        reverse("congresses:create"),
        {"org": "44.DH.01", "term": TERM, "kind": "members", "planned_from": "10/08/2025", "planned_to": "10/08/2025"},
    )
    congress = Congress.objects.get()
    assert response.status_code == 302 and response.url == reverse("congresses:detail", args=[congress.pk])
    assert (congress.org, congress.number, congress.planned_from) == (tree.dh1, 1, date(2025, 8, 10))


def test_a_refused_plan_shows_the_error_beside_the_field(client, tree, commune_officer):
    plan(tree.dh1)
    client.force_login(commune_officer)
    response = client.post(
        reverse("congresses:create"), {"org": "44.DH.01", "term": TERM, "kind": "members", "planned_from": "10/08/2025"}
    )
    assert response.status_code == 400
    assert "đã có kế hoạch đại hội" in response.content.decode()


def test_an_officer_cannot_plan_outside_their_scope(client, tree, commune_officer):
    client.force_login(commune_officer)
    response = client.post(
        reverse("congresses:create"), {"org": "44.LB.01", "term": TERM, "kind": "members", "planned_from": "10/08/2025"}
    )
    assert response.status_code == 400
    assert not Congress.objects.exists()


def test_a_whole_term_is_planned_at_once(client, tree, commune_officer):
    client.force_login(commune_officer)
    response = client.post(
        reverse("congresses:plan_term"),
        {"org": "44.DH", "term": TERM, "kind": "members", "planned_from": "15/08/2025"},
    )
    assert response.status_code == 302
    assert sorted(Congress.objects.values_list("org__code", flat=True)) == [
        "44.DH",
        "44.DH.01",
        "44.DH.02",
        "44.DH.CT",
        "44.DH.CT.01",
    ]


def test_a_viewer_cannot_open_the_planning_forms(client, tree, viewer):
    client.force_login(viewer)
    assert client.get(reverse("congresses:create")).status_code == 403
    assert client.get(reverse("congresses:plan_term")).status_code == 403


# --- one congress ------------------------------------------------------------------------------------------


def test_the_congress_page_shows_its_number_and_stages(client, tree, commune_officer):
    congress = plan(tree.dh1, number=12)
    client.force_login(commune_officer)
    html = client.get(reverse("congresses:detail", args=[congress.pk])).content.decode()
    assert "lần thứ XII" in html and "Đã lên kế hoạch" in html


def test_an_outsider_gets_404_and_a_viewer_403_on_a_congress(client, tree, outsider, viewer):
    congress = plan(tree.dh1)
    client.force_login(outsider)
    assert client.get(reverse("congresses:detail", args=[congress.pk])).status_code == 404
    assert (
        client.post(reverse("congresses:status", args=[congress.pk]), {"status": "documents_ready"}).status_code == 404
    )
    client.force_login(viewer)
    assert client.get(reverse("congresses:detail", args=[congress.pk])).status_code == 200
    assert (
        client.post(reverse("congresses:status", args=[congress.pk]), {"status": "documents_ready"}).status_code == 403
    )
    assert client.get(reverse("congresses:edit", args=[congress.pk])).status_code == 403
    assert Congress.objects.get().status == CongressStatus.PLANNED


def test_the_stage_moves_forward_from_the_page(client, tree, commune_officer):
    congress = plan(tree.dh1)
    client.force_login(commune_officer)
    url = reverse("congresses:status", args=[congress.pk])
    response = client.post(url, {"status": "held"})
    assert response.status_code == 400 and "Ghi ngày khai mạc" in response.content.decode()
    response = client.post(url, {"status": "held", "held_from": "12/08/2025", "held_to": "13/08/2025"})
    assert response.status_code == 302
    response = client.post(url, {"status": "documents_ready"})
    assert response.status_code == 400 and "lùi" in response.content.decode()
    assert Congress.objects.get().status == CongressStatus.HELD


def test_the_plan_is_edited(client, tree, commune_officer):
    congress = plan(tree.dh1)
    client.force_login(commune_officer)
    response = client.post(
        reverse("congresses:edit", args=[congress.pk]),
        {"number": "3", "kind": "members", "pilot": "on", "planned_from": "20/08/2025", "reference_date": "01/04/2025"},
    )
    assert response.status_code == 302
    congress.refresh_from_db()
    assert (congress.number, congress.pilot, congress.planned_from) == (3, True, date(2025, 8, 20))


# --- the progress board ----------------------------------------------------------------------------------


@pytest.fixture
def term_planned(tree):
    """Every congress of 44 planned for 1/8/2025 (all late by now); the two Đông Hà cells held theirs."""
    made = congress_plan_term(actor=None, root=tree.province, term=TERM, kind="members", planned_from=date(2025, 8, 1))
    by_code = {c.org.code: c for c in made}
    hold(by_code["44.DH.01"])
    hold(by_code["44.DH.02"])
    return by_code


def test_the_board_counts_by_org_type_and_stage(tree, province_officer, term_planned):
    board = congress_board(actor=province_officer, org=None, term=TERM, today=date(2025, 9, 1))
    by_type = {r.key: r for r in board.by_type}
    cells = by_type["grassroots_cell"]
    assert (cells.orgs, cells.total, cells.held, cells.late) == (4, 4, 2, 2)
    assert cells.by_status == {"planned": 2, "held": 2}
    assert (board.totals.total, board.totals.held, board.totals.late) == (9, 2, 7)
    assert {c.org.code for c in board.late} == {
        "44",
        "44.DH",
        "44.LB",
        "44.LB.01",
        "44.LB.02",
        "44.DH.CT",
        "44.DH.CT.01",
    }


def test_the_board_counts_by_sub_org(tree, province_officer, term_planned):
    board = congress_board(actor=province_officer, org=None, term=TERM, today=date(2025, 9, 1))
    subs = {r.key: (r.orgs, r.total, r.held, r.late) for r in board.by_sub_org}
    assert subs == {"44.DH": (5, 5, 2, 3), "44.LB": (3, 3, 0, 3)}


def test_nothing_is_late_before_the_planned_day(tree, province_officer, term_planned):
    board = congress_board(actor=province_officer, org=None, term=TERM, today=date(2025, 8, 1))
    assert board.totals.late == 0 and board.late == []


def test_orgs_without_a_plan_are_counted(tree, province_officer):
    plan(tree.dh1)
    board = congress_board(actor=province_officer, org=None, term=TERM)
    assert board.totals.orgs == 9 and board.totals.unplanned == 8


def test_the_commune_officers_board_covers_their_commune(tree, commune_officer, term_planned):
    board = congress_board(actor=commune_officer, org=None, term=TERM, today=date(2025, 9, 1))
    assert board.totals.total == 5
    assert [r.key for r in board.by_sub_org] == ["44.DH.01", "44.DH.02", "44.DH.CT"]


def test_the_board_page_and_its_export(client, tree, province_officer, term_planned):
    client.force_login(province_officer)
    html = client.get(reverse("congresses:board"), {"term": TERM}).content.decode()
    assert "2 / 9" in html and "Đại hội chậm tiến độ" in html
    response = client.get(reverse("congresses:board_export"), {"term": TERM})
    ws = load_workbook(BytesIO(response.content)).active
    values = [r for r in ws.iter_rows(min_row=5, values_only=True)]
    totals = next(r for r in values if r[0] == "Tổng cộng")
    assert totals[1:3] == (9, 9)


def test_the_board_costs_the_same_queries_for_more_congresses(client, tree, province_officer):
    client.force_login(province_officer)
    plan(tree.dh1, planned_from=date(2025, 8, 1))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("congresses:board"), {"term": TERM})
    congress_plan_term(actor=None, root=tree.province, term=TERM, kind="members", planned_from=date(2025, 8, 1))
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("congresses:board"), {"term": TERM})
    assert len(many) == len(few)


def test_an_outsider_cannot_narrow_the_board_to_another_commune(client, tree, outsider):
    client.force_login(outsider)
    assert client.get(reverse("congresses:board"), {"org": "44.DH"}).status_code == 404


def test_every_planning_page_renders_for_an_officer(client, tree, province_officer):
    congress = hold(plan(tree.dh, kind=CongressKind.DELEGATES, delegate_seats=5))
    plan(tree.dh1)
    client.force_login(province_officer)
    for url in (
        reverse("congresses:list"),
        reverse("congresses:create") + "?org=44.DH.02",
        reverse("congresses:plan_term"),
        reverse("congresses:board"),
        reverse("congresses:detail", args=[congress.pk]),
        reverse("congresses:edit", args=[congress.pk]),
        reverse("congresses:allocation", args=[congress.pk]),
        reverse("congresses:delegates", args=[congress.pk]),
        reverse("congresses:credentials", args=[congress.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert 'aria-current="page">Đại hội</a>' in response.content.decode(), url
