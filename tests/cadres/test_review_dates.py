"""Review of cadre work (issue 7): dates that cannot belong to the person (before they were of working age)
are refused beside their field, and nothing is written."""

from __future__ import annotations

from datetime import date

from tochuc.cadres.choices import MovementKind, Rating
from tochuc.cadres.services.evaluation import evaluation_set
from tochuc.cadres.services.posts import movement_start


def test_an_evaluation_of_a_year_before_the_cadre_was_18_is_refused(tree, province_officer, make_cadre, refused):
    cadre = make_cadre(tree.dh, birth_date=date(1980, 5, 10))
    with refused(field="year"):
        evaluation_set(actor=province_officer, cadre=cadre, year=1990, rating=Rating.GOOD,
                       evaluated_on=date(1990, 12, 20))  # fmt: skip


def test_an_evaluation_of_the_year_the_cadre_turned_18_is_taken(tree, province_officer, make_cadre):
    cadre = make_cadre(tree.dh, birth_date=date(1980, 5, 10))
    e = evaluation_set(actor=province_officer, cadre=cadre, year=1998, rating=Rating.GOOD,
                       evaluated_on=date(1998, 12, 20))  # fmt: skip
    assert e.year == 1998


def test_a_movement_before_the_cadre_was_18_is_refused(tree, province_officer, make_cadre, refused):
    cadre = make_cadre(tree.dh, birth_date=date(1980, 5, 10))
    with refused(field="started_on"):
        movement_start(actor=province_officer, cadre=cadre, kind=MovementKind.TRANSFER, to_org=tree.lb,
                       started_on=date(1, 1, 1))  # fmt: skip


def test_a_movement_starting_before_the_last_one_ended_is_refused(tree, province_officer, make_cadre, refused):
    from tochuc.cadres.services.posts import movement_end

    cadre = make_cadre(tree.dh)
    first = movement_start(actor=province_officer, cadre=cadre, kind=MovementKind.SECONDMENT, to_org=tree.lb,
                           started_on=date(2025, 1, 1), due_back_on=date(2026, 1, 1))  # fmt: skip
    movement_end(actor=province_officer, movement=first, returned_on=date(2025, 12, 31))
    with refused(field="started_on"):
        movement_start(actor=province_officer, cadre=cadre, kind=MovementKind.SECONDMENT, to_org=tree.lb,
                       started_on=date(2025, 6, 1), due_back_on=date(2026, 6, 1))  # fmt: skip
