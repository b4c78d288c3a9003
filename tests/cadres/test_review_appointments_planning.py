"""Review of planning: the counts of 377-QĐ/TW (names per title, titles per person) warn while unconfirmed and
refuse once confirmed, counted on the whole list; the review page flags a list over the limit; the Excel list
writes a name that looks like a formula as text; an outsider cannot export another commune's list."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.urls import reverse

from tochuc.cadres.choices import Rating, Title
from tochuc.cadres.models import Evaluation, PlanningEntry
from tochuc.cadres.services.planning import planning_add
from tochuc.core.models import RuleParameter
from tochuc.core.services import rule_version_add

TERM = "2030-2035"
ADDED = date(2026, 3, 2)


def confirm(key: str, value=None) -> None:
    latest = RuleParameter.objects.filter(key=key).order_by("-effective_from").first()
    rule_version_add(
        actor=None, key=key, value=latest.value if value is None else value, effective_from=date(2026, 1, 1),
        legal_basis=latest.legal_basis, confirmed=True,
    )  # fmt: skip


@pytest.fixture
def person(tree, make_cadre):
    cadre = make_cadre(tree.dh, full_name="Lê Văn Hùng")
    for y in (2023, 2024, 2025):
        Evaluation.objects.create(cadre=cadre, year=y, rating=Rating.GOOD, evaluated_on=date(y, 12, 20))
    return cadre


@pytest.fixture
def posts(tree, make_post):
    titles = [Title.GOVERNMENT_CHAIR, Title.COUNCIL_CHAIR, Title.DEPUTY_SECRETARY, Title.FRONT_CHAIR]
    return [make_post(tree.dh, t) for t in titles]


def test_a_fourth_title_for_one_person_only_warns_while_unconfirmed(commune_officer, person, posts, audit_watch):
    for p in posts[:3]:
        planning_add(actor=commune_officer, post=p, cadre=person, term=TERM, added_on=ADDED)
    watch = audit_watch()
    planning_add(actor=commune_officer, post=posts[3], cadre=person, term=TERM, added_on=ADDED)
    assert "4 chức danh" in watch.events()[0].note


def test_a_fourth_title_for_one_person_is_refused_once_confirmed(commune_officer, person, posts, refused):
    confirm("planning.max_titles_per_person")
    for p in posts[:3]:
        planning_add(actor=commune_officer, post=p, cadre=person, term=TERM, added_on=ADDED)
    with refused(field="cadre") as info:
        planning_add(actor=commune_officer, post=posts[3], cadre=person, term=TERM, added_on=ADDED)
    assert "4 chức danh" in info.value.message


def test_titles_of_another_term_and_removed_names_are_not_counted(commune_officer, person, posts):
    confirm("planning.max_titles_per_person")
    planning_add(actor=commune_officer, post=posts[0], cadre=person, term="2025-2030", added_on=ADDED)
    planning_add(actor=commune_officer, post=posts[1], cadre=person, term=TERM, added_on=ADDED)
    PlanningEntry.objects.create(
        post=posts[2], cadre=person, term=TERM, added_on=ADDED, removed_on=ADDED, removed_reason="Rà soát"
    )
    planning_add(actor=commune_officer, post=posts[2], cadre=person, term=TERM, added_on=ADDED)
    assert planning_add(actor=commune_officer, post=posts[3], cadre=person, term=TERM, added_on=ADDED).pk


def test_the_review_flags_a_list_over_the_limit(client, commune_officer, tree, make_cadre, posts):
    post = posts[0]
    for i in range(4):
        PlanningEntry.objects.create(post=post, cadre=make_cadre(tree.dh, full_name=f"Nguyễn Văn Số {i}"), term=TERM,
                                     added_on=ADDED)  # fmt: skip
    client.force_login(commune_officer)
    response = client.get(reverse("cadres:planning_review", args=[post.pk]))
    listed = next(t for t in response.context["review"].terms if t.term == TERM)
    assert listed.over and all(
        any(c.code == "post_count" and not c.ok for c in r.eligibility.checks) for r in listed.rows
    )
    assert "quá 3 người cho một chức danh" in response.content.decode()


def test_the_excel_list_writes_a_formula_like_name_as_text(client, commune_officer, tree, make_cadre, posts):
    from openpyxl import load_workbook

    sly = make_cadre(tree.dh, full_name='=HYPERLINK("http://x.example","Bấm")', work_unit="+cmd|' /C calc'!A0")
    PlanningEntry.objects.create(post=posts[0], cadre=sly, term=TERM, added_on=ADDED, decision_no="@SUM(1+1)")
    client.force_login(commune_officer)
    response = client.get(reverse("cadres:planning_export"), {"term": TERM})
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).active
    cells = [c for row in ws.iter_rows(min_row=5) for c in row if isinstance(c.value, str)]
    assert any(c.value.startswith("=HYPERLINK") for c in cells)
    assert all(c.data_type == "s" for c in cells)


def test_an_outsider_cannot_export_another_communes_list(client, outsider, person, posts):
    PlanningEntry.objects.create(post=posts[0], cadre=person, term=TERM, added_on=ADDED)
    client.force_login(outsider)
    assert client.get(reverse("cadres:planning_export"), {"term": TERM, "org": "44.DH"}).status_code == 404
    response = client.get(reverse("cadres:planning_export"), {"term": TERM})
    from openpyxl import load_workbook

    values = [c.value for row in load_workbook(io.BytesIO(response.content)).active.iter_rows() for c in row]
    assert "Lê Văn Hùng" not in values
