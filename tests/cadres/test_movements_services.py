"""Rotation, transfer and secondment: the start (optionally to a post at the receiving org) and the return."""

from __future__ import annotations

from datetime import date

import pytest
from django.http import Http404

from tochuc.cadres.choices import CadreStatus, MovementKind, TenureEnd, TenureSource, Title
from tochuc.cadres.selectors.posts import movement_list, overdue
from tochuc.cadres.services.people import cadre_end
from tochuc.cadres.services.posts import movement_end, movement_start


def _rotate(actor, cadre, to_org, **kw):
    values = {"kind": MovementKind.ROTATION, "started_on": date(2026, 1, 5), "due_back_on": date(2028, 1, 4), **kw}
    return movement_start(actor=actor, cadre=cadre, to_org=to_org, **values)


def test_rotation_to_a_post_opens_a_linked_tenure(tree, province_officer, make_cadre, make_post, audit_watch):
    cadre = make_cadre(tree.dh)
    post = make_post(tree.lb, Title.GOVERNMENT_CHAIR, filling="appointed")
    watch = audit_watch()
    movement = _rotate(province_officer, cadre, tree.lb, post=post, decision_no="100-QĐ/TU")
    tenure = movement.tenure
    assert (tenure.post, tenure.source, tenure.started_on, tenure.term_end) == (
        post,
        TenureSource.ROTATION,
        date(2026, 1, 5),
        date(2028, 1, 4),
    )
    assert (movement.from_org, movement.to_org) == (tree.dh, tree.lb)
    cadre.refresh_from_db()
    assert cadre.org == tree.dh  # a rotation keeps the managing org
    assert [e.action for e in watch.events()] == ["movement.start"]


def test_return_ends_the_movements_tenure_as_returned(tree, province_officer, make_cadre, make_post, audit_watch):
    cadre = make_cadre(tree.dh)
    movement = _rotate(province_officer, cadre, tree.lb, post=make_post(tree.lb, Title.GOVERNMENT_CHAIR))
    watch = audit_watch()
    movement_end(actor=province_officer, movement=movement, returned_on=date(2026, 6, 30))
    movement.refresh_from_db()
    movement.tenure.refresh_from_db()
    assert movement.returned_on == date(2026, 6, 30)
    assert (movement.tenure.ended_on, movement.tenure.end_reason) == (date(2026, 6, 30), TenureEnd.RETURNED)
    assert [e.action for e in watch.events()] == ["movement.end"]


def test_a_transfer_moves_the_managing_org(tree, province_officer, make_cadre):
    cadre = make_cadre(tree.dh)
    movement_start(actor=province_officer, cadre=cadre, kind=MovementKind.TRANSFER, to_org=tree.lb,
                   started_on=date(2026, 2, 1))  # fmt: skip
    cadre.refresh_from_db()
    assert cadre.org == tree.lb


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"due_back_on": None}, "due_back_on"),
        ({"kind": MovementKind.SECONDMENT, "due_back_on": None}, "due_back_on"),
        ({"due_back_on": date(2026, 1, 5)}, "due_back_on"),
        ({"kind": "exile"}, "kind"),
        ({"started_on": date(2099, 1, 1)}, "started_on"),
    ],
)
def test_start_refusals(tree, province_officer, make_cadre, refused, kw, field):
    cadre = make_cadre(tree.dh)
    with refused(field=field):
        _rotate(province_officer, cadre, tree.lb, **kw)


def test_it_refuses_the_cadres_own_org(tree, province_officer, make_cadre, refused):
    cadre = make_cadre(tree.dh)
    with refused(field="to_org"):
        _rotate(province_officer, cadre, tree.dh)


def test_it_refuses_a_post_of_another_org(tree, province_officer, make_cadre, make_post, refused):
    cadre, post = make_cadre(tree.dh), make_post(tree.dh1)
    with refused(field="post"):
        _rotate(province_officer, cadre, tree.lb, post=post)


def test_it_refuses_a_second_rotation_while_away(tree, province_officer, make_cadre, refused):
    cadre = make_cadre(tree.dh)
    _rotate(province_officer, cadre, tree.lb)
    with refused(field="kind"):
        _rotate(province_officer, cadre, tree.dh1, started_on=date(2026, 3, 1))


def test_a_commune_officer_may_not_send_a_cadre_outside_the_commune(tree, commune_officer, make_cadre):
    with pytest.raises(Http404):
        _rotate(commune_officer, make_cadre(tree.dh), tree.lb)


def test_end_refusals(tree, province_officer, make_cadre, refused):
    movement = _rotate(province_officer, make_cadre(tree.dh), tree.lb)
    with refused(field="returned_on"):
        movement_end(actor=province_officer, movement=movement, returned_on=date(2026, 1, 4))
    movement_end(actor=province_officer, movement=movement, returned_on=date(2026, 2, 1))
    with refused(field="returned_on"):
        movement_end(actor=province_officer, movement=movement, returned_on=date(2026, 3, 1))


def test_overdue_returns_are_flagged(tree, province_officer, make_cadre):
    late = _rotate(province_officer, make_cadre(tree.dh), tree.lb, started_on=date(2024, 1, 1),
                   due_back_on=date(2025, 12, 31))  # fmt: skip
    on_time = _rotate(province_officer, make_cadre(tree.dh1, full_name="Trần Văn Bình"), tree.lb)
    assert overdue(late, date(2026, 1, 1)) and not overdue(late, date(2025, 12, 31))
    assert not overdue(on_time, date(2026, 1, 1))
    assert list(movement_list(actor=province_officer, state="overdue", on=date(2026, 1, 1))) == [late]


def test_the_receiving_and_sending_communes_both_see_the_movement(tree, province_officer, commune_officer, outsider,
                                                                  make_cadre):  # fmt: skip
    movement = _rotate(province_officer, make_cadre(tree.dh), tree.lb)
    assert list(movement_list(actor=commune_officer)) == [movement]
    assert list(movement_list(actor=outsider)) == [movement]


def test_cadre_end_returns_an_open_rotation(tree, province_officer, make_cadre, make_post):
    cadre = make_cadre(tree.dh)
    movement = _rotate(province_officer, cadre, tree.lb, post=make_post(tree.lb, Title.GOVERNMENT_CHAIR))
    cadre_end(actor=province_officer, cadre=cadre, status=CadreStatus.DECEASED, on=date(2026, 3, 1))
    movement.refresh_from_db()
    assert movement.returned_on == date(2026, 3, 1)
    assert movement.tenure.end_reason == TenureEnd.DECEASED
