"""The planning pages: the list with coverage and flags, the yearly review of a post (a name disciplined
after being added is flagged), adding and removing through the forms, and who may see or change what."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from tochuc.cadres.choices import DisciplineKind, Rating, Title
from tochuc.cadres.models import Discipline, Evaluation, PlanningEntry
from tochuc.cadres.selectors.planning import term_choices

ADDED = date(2026, 3, 2)


@pytest.fixture
def term():
    return term_choices()[1]  # the next congress term, planned during this one


@pytest.fixture
def post(tree, make_post):
    return make_post(tree.dh, Title.GOVERNMENT_CHAIR, name="Chủ tịch UBND phường Đông Hà")


@pytest.fixture
def other_post(tree, make_post):
    return make_post(tree.dh, Title.COUNCIL_CHAIR, name="Chủ tịch HĐND phường Đông Hà")


def rate_recent(cadre, rating=Rating.GOOD, years: int = 3):
    this_year = date.today().year
    for y in range(this_year - years, this_year):
        Evaluation.objects.create(cadre=cadre, year=y, rating=rating, evaluated_on=date(y, 12, 20))


@pytest.fixture
def entry(post, make_cadre, tree, term):
    cadre = make_cadre(tree.dh, full_name="Lê Văn Hùng")
    rate_recent(cadre)
    return PlanningEntry.objects.create(post=post, cadre=cadre, term=term, added_on=ADDED)


def test_the_list_shows_coverage_and_names(client, commune_officer, entry, other_post, term):
    client.force_login(commune_officer)
    response = client.get(reverse("cadres:planning"), {"term": term})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Lê Văn Hùng" in body and other_post.name in body
    assert response.context["coverage"] == {"total": 2, "covered": 1, "uncovered": 1}
    assert "Chưa có nguồn quy hoạch" in body


def test_the_list_filters_posts_without_names(client, commune_officer, entry, other_post, term):
    client.force_login(commune_officer)
    response = client.get(reverse("cadres:planning"), {"term": term, "coverage": "uncovered"})
    assert [r.post for r in response.context["rows"]] == [other_post]


def test_the_list_keeps_a_flat_number_of_queries(
    client, commune_officer, tree, make_post, make_cadre, term, django_assert_max_num_queries
):
    for i in range(12):
        p = make_post(tree.dh, Title.AGENCY_HEAD, name=f"Trưởng phòng {i}")
        c = make_cadre(tree.dh, full_name=f"Nguyễn Văn Số {i}")
        rate_recent(c)
        Discipline.objects.create(cadre=c, kind=DisciplineKind.REPRIMAND, on=date(2026, 5, 1))
        PlanningEntry.objects.create(post=p, cadre=c, term=term, added_on=ADDED)
    client.force_login(commune_officer)
    with django_assert_max_num_queries(25):
        response = client.get(reverse("cadres:planning"), {"term": term})
    assert len(response.context["rows"]) == 12


def test_the_review_flags_a_discipline_after_adding(client, commune_officer, entry, post):
    Discipline.objects.create(cadre=entry.cadre, kind=DisciplineKind.WARNING, on=date(2026, 6, 15))
    client.force_login(commune_officer)
    response = client.get(reverse("cadres:planning_review", args=[post.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Không còn đáp ứng" in body and "15/06/2026" in body
    judged = response.context["review"].terms[1].rows[0]
    assert judged.flagged


def test_the_review_flags_missing_and_low_ratings(client, commune_officer, post, make_cadre, tree, term):
    unrated = make_cadre(tree.dh, full_name="Đinh Văn Nam")
    low = make_cadre(tree.dh, full_name="Đinh Văn Sơn")
    rate_recent(low, Rating.COMPLETED)
    for c in (unrated, low):
        PlanningEntry.objects.create(post=post, cadre=c, term=term, added_on=ADDED)
    client.force_login(commune_officer)
    response = client.get(reverse("cadres:planning_review", args=[post.pk]))
    rows = {j.entry.cadre.full_name: j for j in response.context["review"].terms[1].rows}
    reasons = {name: " ".join(c.reason for c in j.eligibility.checks if not c.ok) for name, j in rows.items()}
    assert "Chưa có kết quả đánh giá" in reasons["Đinh Văn Nam"]
    assert "Xếp loại dưới mức" in reasons["Đinh Văn Sơn"]


def test_the_review_flags_age(client, commune_officer, post, make_cadre, tree, term):
    older = make_cadre(tree.dh, full_name="Trần Văn Lực", birth_date=date(1969, 6, 15))
    rate_recent(older)
    PlanningEntry.objects.create(post=post, cadre=older, term=term, added_on=ADDED)
    client.force_login(commune_officer)
    body = client.get(reverse("cadres:planning_review", args=[post.pk])).content.decode()
    assert "30/06/2031" in body


def test_a_name_is_added_from_the_review_page(client, commune_officer, post, make_cadre, tree, term, audit_watch):
    person = make_cadre(tree.dh, full_name="Phan Thị Hoa")
    client.force_login(commune_officer)
    watch = audit_watch()
    response = client.post(
        reverse("cadres:planning_review", args=[post.pk]),
        {"cadre": f"Phan Thị Hoa #{person.pk}", "term": term, "added_on": "02/03/2026", "decision_no": "15-QĐ/ĐU"},
    )
    assert response.status_code == 302
    assert PlanningEntry.objects.filter(post=post, cadre=person, term=term, decision_no="15-QĐ/ĐU").exists()
    assert [e.action for e in watch.events()] == ["planning.add"]


def test_a_refused_add_shows_the_reason_beside_the_field(client, commune_officer, entry, post, term):
    client.force_login(commune_officer)
    response = client.post(
        reverse("cadres:planning_review", args=[post.pk]),
        {"cadre": f"x #{entry.cadre.pk}", "term": term, "added_on": "02/03/2026"},
    )
    assert response.status_code == 400
    assert "đã có trong quy hoạch" in response.context["add_form"].errors["cadre"][0]


def test_a_name_is_removed_with_its_reason(client, commune_officer, entry):
    client.force_login(commune_officer)
    response = client.post(
        reverse("cadres:planning_remove", args=[entry.pk]),
        {"removed_on": "02/11/2026", "reason": "Chuyển công tác khác"},
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.removed_on, entry.removed_reason) == (date(2026, 11, 2), "Chuyển công tác khác")


def test_the_general_add_form_takes_the_post_by_its_suggestion(client, commune_officer, post, make_cadre, tree, term):
    person = make_cadre(tree.dh, full_name="Phan Thị Hoa")
    client.force_login(commune_officer)
    assert client.get(reverse("cadres:planning_add"), {"post": post.pk}).status_code == 200
    response = client.post(
        reverse("cadres:planning_add"),
        {
            "post": f"{post.name} #{post.pk}",
            "cadre": f"Phan Thị Hoa #{person.pk}",
            "term": term,
            "added_on": "02/03/2026",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert PlanningEntry.objects.filter(post=post, cadre=person).exists()


def test_the_export_lists_every_name(client, commune_officer, entry, term):
    client.force_login(commune_officer)
    response = client.get(reverse("cadres:planning_export"), {"term": term})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


# --- Scope and roles ---------------------------------------------------------------------------------------


def test_an_outsider_gets_404(client, outsider, entry, post):
    client.force_login(outsider)
    assert client.get(reverse("cadres:planning_review", args=[post.pk])).status_code == 404
    response = client.post(
        reverse("cadres:planning_remove", args=[entry.pk]), {"removed_on": "02/11/2026", "reason": "x"}
    )
    assert response.status_code == 404
    assert client.get(reverse("cadres:planning"), {"org": "44.DH"}).status_code == 404
    entry.refresh_from_db()
    assert entry.removed_on is None


def test_a_viewer_sees_but_cannot_change(client, viewer, entry, post, term):
    client.force_login(viewer)
    response = client.get(reverse("cadres:planning_review", args=[post.pk]))
    assert response.status_code == 200 and response.context["add_form"] is None
    assert (
        client.post(
            reverse("cadres:planning_remove", args=[entry.pk]), {"removed_on": "02/11/2026", "reason": "x"}
        ).status_code
        == 403
    )
    response = client.post(
        reverse("cadres:planning_review", args=[post.pk]),
        {"cadre": f"x #{entry.cadre.pk}", "term": term, "added_on": "02/03/2026"},
    )
    assert response.status_code == 403
    assert client.get(reverse("cadres:planning_add")).status_code == 403
    entry.refresh_from_db()
    assert entry.removed_on is None


def test_a_commune_officer_cannot_plan_into_a_post_of_another_commune(client, commune_officer, tree, make_post, term):
    post_lb = make_post(tree.lb, Title.GOVERNMENT_CHAIR)
    client.force_login(commune_officer)
    assert client.get(reverse("cadres:planning_review", args=[post_lb.pk])).status_code == 404
    assert client.get(reverse("cadres:planning_add"), {"post": post_lb.pk}).status_code == 404


def test_the_review_keeps_a_flat_number_of_queries(
    client, commune_officer, post, make_cadre, tree, term, django_assert_max_num_queries
):
    for i in range(8):
        person = make_cadre(tree.dh, full_name=f"Nguyễn Văn Số {i}")
        rate_recent(person)
        Discipline.objects.create(cadre=person, kind=DisciplineKind.REPRIMAND, on=date(2026, 5, 1))
        PlanningEntry.objects.create(post=post, cadre=person, term=term, added_on=ADDED)
    client.force_login(commune_officer)
    with django_assert_max_num_queries(22):
        response = client.get(reverse("cadres:planning_review", args=[post.pk]))
    assert len(response.context["review"].terms[1].rows) == 8


@pytest.mark.parametrize("name", ["cadre", "post"])
def test_a_superscript_digit_in_the_address_is_ignored(client, commune_officer, name):
    # "²".isdigit() is true but int("²") fails: the prefill must ignore it, not answer 500
    client.force_login(commune_officer)
    response = client.get(reverse("cadres:planning_add"), {name: "²"})
    assert response.status_code == 200
    assert response.context["form"].initial.get(name) is None
