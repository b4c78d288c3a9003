"""The board of recommendations on a known set: counts by status, overdue (assigned, past due, no answer) and
answered late, rolled up to the children of the chosen org, the org's own line, the totals, by topic; its
scope, its Excel copy, and queries that do not grow with the rows."""

from __future__ import annotations

from datetime import date, timedelta
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tochuc.proposals.choices import Topic
from tochuc.proposals.selectors.recommendations import recommendation_board
from tochuc.proposals.services.recommendations import (
    recommendation_answer,
    recommendation_assign,
    recommendation_close,
)

TODAY = timezone.localdate()


@pytest.fixture
def known(raise_rec, province_officer, tree):
    """Eight recommendations at the province's conference:
    Đông Hà: open; assigned and overdue; answered late; closed (answered on time); its cell 01: assigned, due later.
    Lao Bảo: answered on time; assigned, due today (not overdue). The province itself: open."""
    officer = province_officer

    def assign(rec, due):
        return recommendation_assign(
            actor=officer, recommendation=rec, assigned_to="Sở Nội vụ", assigned_on=date(2026, 1, 20), due_on=due
        )

    def answer(rec, on):
        return recommendation_answer(actor=officer, recommendation=rec, answer="Đã trả lời", answered_on=on)

    raise_rec(raised_by=tree.dh, topic=Topic.POLICE)
    assign(raise_rec(raised_by=tree.dh, topic=Topic.POLICE), TODAY - timedelta(days=1))
    answer(assign(raise_rec(raised_by=tree.dh, topic=Topic.PART_TIME), date(2026, 2, 20)), date(2026, 2, 25))
    closed = answer(assign(raise_rec(raised_by=tree.dh, topic=Topic.SURPLUS), date(2026, 2, 20)), date(2026, 2, 20))
    recommendation_close(actor=officer, recommendation=closed, closed_on=date(2026, 3, 1))
    assign(raise_rec(raised_by=tree.dh1, topic=Topic.RECRUITMENT), TODAY + timedelta(days=10))
    answer(assign(raise_rec(raised_by=tree.lb, topic=Topic.PART_TIME), date(2026, 2, 20)), date(2026, 2, 19))
    assign(raise_rec(raised_by=tree.lb, topic=Topic.FACILITIES), TODAY)
    raise_rec(raised_by=tree.province, topic=Topic.ORGANIZATION)


def _figures(counts) -> tuple:
    return (counts.total, counts.open, counts.assigned, counts.answered, counts.closed, counts.overdue, counts.late)


def test_the_board_counts_each_commune_with_its_cells(known, province_officer, tree):
    board = recommendation_board(actor=province_officer)
    assert board.root == tree.province
    rows = {r.key: _figures(r.counts) for r in board.by_org}
    assert rows == {"44.DH": (5, 1, 2, 1, 1, 1, 1), "44.LB": (2, 0, 1, 1, 0, 0, 0)}
    assert _figures(board.direct.counts) == (1, 1, 0, 0, 0, 0, 0)  # raised by the province itself
    assert _figures(board.totals) == (8, 2, 3, 2, 1, 1, 1)
    assert board.totals.percent_answered == 38  # 3 of 8
    topics = {r.key: _figures(r.counts) for r in board.by_topic}
    assert topics[Topic.POLICE] == (2, 1, 1, 0, 0, 1, 0)
    assert topics[Topic.PART_TIME] == (2, 0, 0, 2, 0, 0, 1)
    assert Topic.OTHER not in topics  # no line for a topic nobody raised


def test_the_board_of_a_commune_rolls_up_to_its_children(known, province_officer, tree):
    board = recommendation_board(actor=province_officer, org=tree.dh)
    rows = {r.key: _figures(r.counts) for r in board.by_org}
    assert rows["44.DH.01"] == (1, 0, 1, 0, 0, 0, 0)
    assert rows["44.DH.02"] == (0, 0, 0, 0, 0, 0, 0)  # open orgs are listed with zeros
    assert _figures(board.direct.counts) == (4, 1, 1, 1, 1, 1, 1)
    assert _figures(board.totals) == (5, 1, 2, 1, 1, 1, 1)


def test_the_board_filters_by_topic(known, province_officer):
    board = recommendation_board(actor=province_officer, topic=Topic.PART_TIME)
    assert _figures(board.totals) == (2, 0, 0, 2, 0, 0, 1)


def test_each_officer_sees_the_board_of_their_scope(client, known, commune_officer, outsider):
    client.force_login(commune_officer)
    board = client.get(reverse("proposals:board")).context["board"]
    assert board.root.code == "44.DH" and board.totals.total == 5
    client.force_login(outsider)
    board = client.get(reverse("proposals:board")).context["board"]
    assert board.root.code == "44.LB" and _figures(board.totals) == (2, 0, 1, 1, 0, 0, 0)
    assert client.get(reverse("proposals:board"), {"org": "44.DH"}).status_code == 404
    assert client.get(reverse("proposals:board_export"), {"org": "44.DH"}).status_code == 404


def test_the_board_page_and_its_export(client, known, province_officer, viewer):
    client.force_login(province_officer)
    response = client.get(reverse("proposals:board"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Đảng bộ phường Đông Hà" in body and 'class="overdue"' in body
    response = client.get(reverse("proposals:board_export"))
    sheet = load_workbook(BytesIO(response.content)).active
    lines = {r[1]: r[3:] for r in sheet.iter_rows(min_row=5, values_only=True) if r and r[1]}
    assert lines["Đảng bộ phường Đông Hà"] == (5, 1, 2, 1, 1, 1, 1, 40)
    assert lines["Tổng cộng"] == (8, 2, 3, 2, 1, 1, 1, 38)
    assert lines[str(Topic.POLICE.label)] == (2, 1, 1, 0, 0, 1, 0, 0)
    client.force_login(viewer)
    assert client.get(reverse("proposals:board_export")).status_code == 403


def test_the_board_queries_do_not_grow_with_the_rows(
    client, known, province_officer, raise_rec, tree, django_assert_max_num_queries
):
    client.force_login(province_officer)
    url = reverse("proposals:board")
    client.get(url)
    for org in (tree.dh2, tree.lb1, tree.lb2, tree.dh_company_cell) * 3:
        raise_rec(raised_by=org, topic=Topic.FACILITIES)
    # session, user, conference choices, children, GROUP BY org, GROUP BY topic
    with django_assert_max_num_queries(7):
        response = client.get(url)
    assert response.context["board"].totals.total == 20


def test_the_board_page_lists_the_units_with_recommendations_unless_asked_for_all(client, known, commune_officer):
    client.force_login(commune_officer)
    rows = client.get(reverse("proposals:board")).context["rows"]
    assert [r.key for r in rows] == ["44.DH.01"]  # the other units of Đông Hà raised nothing
    rows = client.get(reverse("proposals:board"), {"everyone": "on"}).context["rows"]
    assert {r.key for r in rows} == {"44.DH.01", "44.DH.02", "44.DH.CT"}
