"""Planning (quy hoạch): adding a name judged by the conditions of the day (an unconfirmed parameter warns,
a confirmed one blocks), removing it with a reason, and the scope of both."""

from __future__ import annotations

from datetime import date

import pytest
from django.http import Http404

from tochuc.cadres.choices import CadreStatus, DisciplineKind, Filling, Rating, Title
from tochuc.cadres.models import Discipline, Evaluation, PlanningEntry
from tochuc.cadres.services.planning import planning_add, planning_remove
from tochuc.core.models import RuleParameter
from tochuc.core.services import rule_version_add
from tochuc.members.choices import Qualification

TERM = "2030-2035"
ADDED = date(2026, 3, 2)


def confirm(key: str, value=None, on: date = date(2026, 1, 1)) -> None:
    """Confirm a parameter in the rule table from `on` (an administrator found its legal basis)."""
    latest = RuleParameter.objects.filter(key=key).order_by("-effective_from").first()
    rule_version_add(
        actor=None,
        key=key,
        value=latest.value if value is None else value,
        effective_from=on,
        legal_basis=latest.legal_basis,
        confirmed=True,
    )


def rate(cadre, ratings: dict[int, str]) -> None:
    for year, rating in ratings.items():
        Evaluation.objects.create(cadre=cadre, year=year, rating=rating, evaluated_on=date(year, 12, 20))


GOOD_YEARS = {2023: Rating.GOOD, 2024: Rating.EXCELLENT, 2025: Rating.GOOD}


@pytest.fixture
def post(tree, make_post):
    return make_post(tree.dh, Title.GOVERNMENT_CHAIR, filling=Filling.ELECTED)


@pytest.fixture
def cadre(tree, make_cadre):
    cadre = make_cadre(tree.dh, full_name="Lê Văn Hùng", birth_date=date(1980, 5, 10))
    rate(cadre, GOOD_YEARS)
    return cadre


def test_it_adds_a_name_and_audits_it(commune_officer, post, cadre, audit_watch):
    watch = audit_watch()
    entry = planning_add(
        actor=commune_officer, post=post, cadre=cadre, term=TERM, added_on=ADDED, decision_no="12-QĐ/ĐU"
    )
    assert (entry.post, entry.cadre, entry.term, entry.added_on, entry.decision_no) == (
        post,
        cadre,
        TERM,
        ADDED,
        "12-QĐ/ĐU",
    )
    assert [e.action for e in watch.events()] == ["planning.add"]
    assert watch.events()[0].org_path == post.org.path


def test_it_refuses_a_malformed_term(commune_officer, post, cadre, refused):
    with refused(field="term"):
        planning_add(actor=commune_officer, post=post, cadre=cadre, term="2030-2031", added_on=ADDED)


def test_it_refuses_a_term_already_over(commune_officer, post, cadre, refused):
    with refused(field="term"):
        planning_add(actor=commune_officer, post=post, cadre=cadre, term="2015-2020", added_on=ADDED)


def test_it_refuses_the_same_name_twice_on_one_list(commune_officer, post, cadre, refused):
    planning_add(actor=commune_officer, post=post, cadre=cadre, term=TERM, added_on=ADDED)
    with refused(field="cadre") as info:
        planning_add(actor=commune_officer, post=post, cadre=cadre, term=TERM, added_on=ADDED)
    assert "đã có trong quy hoạch" in info.value.message


def test_it_refuses_a_cadre_no_longer_working(commune_officer, post, cadre, refused):
    cadre.status = CadreStatus.RETIRED
    cadre.save(update_fields=["status"])
    with refused(field="cadre"):
        planning_add(actor=commune_officer, post=post, cadre=cadre, term=TERM, added_on=ADDED)


def test_an_unconfirmed_age_condition_only_warns(commune_officer, post, tree, make_cadre, audit_watch):
    # born 1969-06-15, a man: retires 30/06/2031, less than 5 years from the start of the 2030-2035 term
    older = make_cadre(tree.dh, full_name="Trần Văn Lực", birth_date=date(1969, 6, 15))
    rate(older, GOOD_YEARS)
    watch = audit_watch()
    planning_add(actor=commune_officer, post=post, cadre=older, term=TERM, added_on=ADDED)
    assert "30/06/2031" in watch.events()[0].note


def test_a_confirmed_age_condition_refuses_with_its_reason(commune_officer, post, tree, make_cadre, refused):
    confirm("planning.min_years_to_retirement")
    older = make_cadre(tree.dh, full_name="Trần Văn Lực", birth_date=date(1969, 6, 15))
    rate(older, GOOD_YEARS)
    with refused(field="cadre") as info:
        planning_add(actor=commune_officer, post=post, cadre=older, term=TERM, added_on=ADDED)
    assert "30/06/2031" in info.value.message


def test_a_confirmed_qualification_refuses_and_names_every_failed_condition(
    commune_officer, post, tree, make_cadre, refused
):
    confirm("planning.min_qualification")
    confirm("planning.min_years_to_retirement")
    weak = make_cadre(
        tree.dh, full_name="Võ Văn Tài", birth_date=date(1969, 6, 15), qualification=Qualification.COLLEGE
    )
    rate(weak, GOOD_YEARS)
    with refused(field="cadre") as info:
        planning_add(actor=commune_officer, post=post, cadre=weak, term=TERM, added_on=ADDED)
    assert "Trình độ chuyên môn" in info.value.message
    assert "30/06/2031" in info.value.message


def test_a_confirmed_rating_floor_refuses_a_low_rating_but_not_a_missing_one(
    commune_officer, post, tree, make_cadre, refused
):
    confirm("planning.min_rating")
    low = make_cadre(tree.dh, full_name="Đinh Văn Sơn")
    rate(low, {2023: Rating.GOOD, 2024: Rating.COMPLETED, 2025: Rating.GOOD})
    with refused(field="cadre") as info:
        planning_add(actor=commune_officer, post=post, cadre=low, term=TERM, added_on=ADDED)
    assert "2024" in info.value.message
    unrated = make_cadre(tree.dh, full_name="Đinh Văn Nam")
    assert planning_add(actor=commune_officer, post=post, cadre=unrated, term=TERM, added_on=ADDED).pk


def test_a_confirmed_limit_of_names_per_post_refuses_the_one_too_many(commune_officer, post, tree, make_cadre, refused):
    confirm("planning.max_candidates_per_title", 2)
    for i in range(2):
        person = make_cadre(tree.dh, full_name=f"Nguyễn Văn Số {i}")
        planning_add(actor=commune_officer, post=post, cadre=person, term=TERM, added_on=ADDED)
    third = make_cadre(tree.dh, full_name="Nguyễn Văn Ba")
    with refused(field="cadre") as info:
        planning_add(actor=commune_officer, post=post, cadre=third, term=TERM, added_on=ADDED)
    assert "3 người" in info.value.message


def test_discipline_before_adding_warns(commune_officer, post, cadre, audit_watch):
    Discipline.objects.create(cadre=cadre, kind=DisciplineKind.REPRIMAND, on=date(2025, 4, 1))
    watch = audit_watch()
    planning_add(actor=commune_officer, post=post, cadre=cadre, term=TERM, added_on=ADDED)
    assert "01/04/2025" in watch.events()[0].note


def test_it_removes_a_name_with_its_reason(commune_officer, post, cadre, audit_watch):
    entry = planning_add(actor=commune_officer, post=post, cadre=cadre, term=TERM, added_on=ADDED)
    watch = audit_watch()
    planning_remove(
        actor=commune_officer, entry=entry, removed_on=date(2026, 11, 2), reason="Rà soát hằng năm: chuyển công tác"
    )
    entry.refresh_from_db()
    assert entry.removed_on == date(2026, 11, 2)
    assert entry.removed_reason == "Rà soát hằng năm: chuyển công tác"
    assert [e.action for e in watch.events()] == ["planning.remove"]
    # once removed the name may be planned again
    assert planning_add(actor=commune_officer, post=post, cadre=cadre, term=TERM, added_on=date(2026, 11, 3)).pk


def test_removing_needs_a_reason(commune_officer, post, cadre, refused):
    entry = planning_add(actor=commune_officer, post=post, cadre=cadre, term=TERM, added_on=ADDED)
    with refused(field="reason"):
        planning_remove(actor=commune_officer, entry=entry, removed_on=date(2026, 11, 2), reason="  ")


def test_removing_cannot_predate_adding(commune_officer, post, cadre, refused):
    entry = planning_add(actor=commune_officer, post=post, cadre=cadre, term=TERM, added_on=ADDED)
    with refused(field="removed_on"):
        planning_remove(actor=commune_officer, entry=entry, removed_on=date(2026, 3, 1), reason="Nhầm")


def test_removing_twice_is_refused(commune_officer, post, cadre, refused):
    entry = planning_add(actor=commune_officer, post=post, cadre=cadre, term=TERM, added_on=ADDED)
    planning_remove(actor=commune_officer, entry=entry, removed_on=date(2026, 11, 2), reason="Rà soát")
    with refused(field="removed_on"):
        planning_remove(actor=commune_officer, entry=entry, removed_on=date(2026, 11, 3), reason="Rà soát")


def test_a_commune_officer_cannot_plan_into_a_post_of_another_commune(
    commune_officer, tree, make_post, make_cadre, nothing_written
):
    post_lb = make_post(tree.lb, Title.GOVERNMENT_CHAIR)
    person = make_cadre(tree.dh)
    with nothing_written(), pytest.raises(Http404):
        planning_add(actor=commune_officer, post=post_lb, cadre=person, term=TERM, added_on=ADDED)


def test_a_commune_officer_cannot_plan_a_cadre_of_another_commune(
    commune_officer, tree, post, make_cadre, nothing_written
):
    stranger = make_cadre(tree.lb, full_name="Hồ Văn Khe")
    with nothing_written(), pytest.raises(Http404):
        planning_add(actor=commune_officer, post=post, cadre=stranger, term=TERM, added_on=ADDED)
    assert not PlanningEntry.objects.exists()
