"""What an officer types and clicks on the lists: a document number with "Đ" is found as typed or without the
mark; the board's figures, filtered by year or topic, lead to the rows they count."""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from tochuc.proposals.choices import Topic
from tochuc.proposals.selectors.proposals import proposal_list
from tochuc.proposals.services.recommendations import recommendation_assign


@pytest.mark.parametrize("q", ["12-TTr/ĐU", "12-ttr/du", "TTr/ĐU", "12-TTr/DU"])
def test_a_document_number_with_a_d_with_stroke_is_found(receive, commune_officer, tree, q):
    wanted = receive(actor=commune_officer, org=tree.dh, title="Đề án tạo nguồn cán bộ trẻ", document_no="12-TTr/ĐU")
    receive(actor=commune_officer, org=tree.dh, title="Đề án khác", document_no="7-TTr/BTC")
    assert list(proposal_list(actor=commune_officer, q=q)) == [wanted]


def _links(body: str, path: str) -> list[dict]:
    import re

    out = []
    for href in re.findall(r'href="([^"]+)"', body):
        href = href.replace("&amp;", "&")
        parts = urlsplit(href)
        if parts.path == path and parts.query:
            out.append({k: v[0] for k, v in parse_qs(parts.query).items()})
    return out


def test_the_board_links_keep_its_year_and_topic(client, raise_rec, province_officer, tree):
    rec = raise_rec(raised_by=tree.dh, topic=Topic.POLICE)
    recommendation_assign(
        actor=province_officer,
        recommendation=rec,
        assigned_to="Công an tỉnh",
        assigned_on=date(2026, 1, 20),
        due_on=date(2026, 2, 20),
    )
    raise_rec(raised_by=tree.dh, topic=Topic.SURPLUS)
    client.force_login(province_officer)
    response = client.get(reverse("proposals:board"), {"year": "2026", "topic": Topic.POLICE})
    assert response.status_code == 200
    body = response.content.decode()
    to_list = _links(body, reverse("proposals:recommendations"))
    by_org = [q for q in to_list if q.get("org") == "44.DH"]
    assert by_org and all(q.get("year") == "2026" and q.get("topic") == Topic.POLICE for q in by_org)
    overdue = [q for q in to_list if q.get("deadline") == "overdue"]
    assert overdue and all(q.get("year") == "2026" and q.get("topic") == Topic.POLICE for q in overdue)
    topic_lines = [q for q in to_list if q.get("org") == "44" and "deadline" not in q]
    assert topic_lines and all(q.get("year") == "2026" and q["topic"] == Topic.POLICE for q in topic_lines)
    to_board = [q for q in _links(body, reverse("proposals:board")) if q.get("org") == "44.DH"]
    assert to_board and to_board[0].get("year") == "2026" and to_board[0].get("topic") == Topic.POLICE
    # The figure clicked and the list it opens agree.
    listed = client.get(reverse("proposals:recommendations"), by_org[0])
    assert listed.context["page_obj"].paginator.count == 1


def test_an_export_without_an_org_filter_names_the_scope_in_its_title(
    client, receive, raise_rec, commune_officer, tree
):
    from io import BytesIO

    from openpyxl import load_workbook

    receive(actor=commune_officer, org=tree.dh, title="Đề án tạo nguồn cán bộ trẻ", document_no="12-TTr/ĐU")
    raise_rec(raised_by=tree.dh)
    client.force_login(commune_officer)
    for name in ("proposals:export", "proposals:recommendations_export"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert tree.dh.code in response["Content-Disposition"]
        title = load_workbook(BytesIO(response.content)).active["A1"].value
        assert title.endswith(tree.dh.name.upper()), title
