"""Posts and tenures: creating and closing a post, giving a post (seats, dates, concurrent posts) and
ending a tenure."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from tochuc.cadres.choices import Body, CadreStatus, TenureEnd, TenureSource, Title
from tochuc.cadres.selectors.posts import post_list
from tochuc.cadres.services.posts import post_close, post_create, post_update, tenure_end, tenure_start


def _give(actor, cadre, post, on=date(2025, 10, 1), **kw):
    return tenure_start(actor=actor, cadre=cadre, post=post, started_on=on, source=TenureSource.ELECTED, **kw)


def test_it_creates_a_post_named_after_its_title_and_org(tree, commune_officer, audit_watch):
    watch = audit_watch()
    post = post_create(actor=commune_officer, org=tree.dh, title=Title.GOVERNMENT_VICE_CHAIR, seats=2)
    assert post.name == "Phó Chủ tịch UBND Đảng bộ phường Đông Hà"
    assert post.body == Body.GOVERNMENT
    assert [e.action for e in watch.events()] == ["post.create"]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": "mayor"}, "title"),
        ({"seats": 0}, "seats"),
        ({"term_start": date(2025, 9, 1), "term_end": date(2025, 9, 1)}, "term_end"),
        ({"filling": "lottery"}, "filling"),
    ],
)
def test_post_create_refusals(tree, commune_officer, refused, fields, field):
    values = {"title": Title.SECRETARY, **fields}
    with refused(field=field):
        post_create(actor=commune_officer, org=tree.dh, **values)


def test_post_create_refuses_a_duplicate_name(tree, commune_officer, make_post, refused):
    make_post(tree.dh, name="Bí thư Đảng ủy phường")
    with refused(field="name"):
        post_create(actor=commune_officer, org=tree.dh, title=Title.SECRETARY, name="bí thư đảng ủy phường")


def test_viewer_may_not_create_a_post(tree, viewer):
    with pytest.raises(PermissionDenied):
        post_create(actor=viewer, org=tree.dh, title=Title.SECRETARY)


def test_outsider_may_not_create_a_post_under_44_dh(tree, outsider):
    with pytest.raises(Http404):
        post_create(actor=outsider, org=tree.dh, title=Title.SECRETARY)


def test_post_update_refuses_fewer_seats_than_holders(tree, commune_officer, make_cadre, make_post, make_tenure,
                                                      refused):  # fmt: skip
    post = make_post(tree.dh, Title.GOVERNMENT_VICE_CHAIR, seats=2)
    make_tenure(make_cadre(tree.dh), post)
    make_tenure(make_cadre(tree.dh, full_name="Trần Văn Bình"), post)
    with refused(field="seats"):
        post_update(actor=commune_officer, post=post, seats=1)


def test_tenure_start_writes_one_event(tree, commune_officer, make_cadre, make_post, audit_watch):
    cadre, post = make_cadre(tree.dh), make_post(tree.dh)
    watch = audit_watch()
    tenure = _give(commune_officer, cadre, post, decision_no="05-QĐ/ĐU")
    assert (tenure.cadre, tenure.post, tenure.ended_on) == (cadre, post, None)
    assert [e.action for e in watch.events()] == ["tenure.start"]


def test_a_second_open_tenure_is_a_concurrent_post(tree, commune_officer, make_cadre, make_post):
    cadre = make_cadre(tree.dh)
    _give(commune_officer, cadre, make_post(tree.dh))
    _give(commune_officer, cadre, make_post(tree.dh, Title.COUNCIL_CHAIR))
    assert cadre.tenures.filter(ended_on__isnull=True).count() == 2


def test_it_refuses_a_post_with_every_seat_taken(tree, commune_officer, make_cadre, make_post, make_tenure, refused):
    post = make_post(tree.dh)
    make_tenure(make_cadre(tree.dh), post, started_on=date(2025, 9, 1))
    other = make_cadre(tree.dh, full_name="Trần Văn Bình")
    with refused(field="post"):
        _give(commune_officer, other, post)


def test_a_seat_freed_on_a_day_may_be_given_that_day(tree, commune_officer, make_cadre, make_post, make_tenure):
    post = make_post(tree.dh)
    make_tenure(make_cadre(tree.dh), post, ended_on=date(2025, 10, 1), end_reason=TenureEnd.MOVED)
    tenure = _give(commune_officer, make_cadre(tree.dh, full_name="Trần Văn Bình"), post, on=date(2025, 10, 1))
    assert tenure.pk


def test_it_refuses_a_seat_still_held_the_day_before_it_frees(
    tree, commune_officer, make_cadre, make_post, make_tenure, refused
):
    post = make_post(tree.dh)
    make_tenure(make_cadre(tree.dh), post, ended_on=date(2025, 10, 2), end_reason=TenureEnd.MOVED)
    other = make_cadre(tree.dh, full_name="Trần Văn Bình")
    with refused(field="post"):
        _give(commune_officer, other, post, on=date(2025, 10, 1))


def test_it_refuses_a_closed_post(tree, commune_officer, make_cadre, make_post, refused):
    post, cadre = make_post(tree.dh, closed_on=date(2025, 12, 31)), make_cadre(tree.dh)
    with refused(field="post"):
        _give(commune_officer, cadre, post)


def test_it_refuses_a_cadre_not_working(tree, commune_officer, make_cadre, make_post, refused):
    cadre = make_cadre(tree.dh, status=CadreStatus.RETIRED, ended_on=date(2025, 6, 30))
    post = make_post(tree.dh)
    with refused(field="cadre"):
        _give(commune_officer, cadre, post)


def test_it_refuses_a_day_before_the_posts_term(tree, commune_officer, make_cadre, make_post, refused):
    post, cadre = make_post(tree.dh), make_cadre(tree.dh)  # the post's term from 01/09/2025
    with refused(field="started_on"):
        _give(commune_officer, cadre, post, on=date(2025, 8, 31))


def test_it_refuses_a_day_before_the_18th_birthday(tree, commune_officer, make_cadre, make_post, refused):
    post = make_post(tree.dh, term_start=None, term_end=None)
    cadre = make_cadre(tree.dh, birth_date=date(2007, 10, 2))
    with refused(field="started_on"):
        _give(commune_officer, cadre, post, on=date(2025, 10, 1))
    assert _give(commune_officer, cadre, post, on=date(2025, 10, 2)).pk  # the 18th birthday itself


def test_it_refuses_the_same_post_twice(tree, commune_officer, make_cadre, make_post, refused):
    cadre, post = make_cadre(tree.dh), make_post(tree.dh, Title.GOVERNMENT_VICE_CHAIR, seats=2)
    _give(commune_officer, cadre, post)
    with refused(field="cadre"):
        _give(commune_officer, cadre, post, on=date(2025, 11, 1))


def test_it_refuses_an_unknown_source(tree, commune_officer, make_cadre, make_post, refused):
    cadre, post = make_cadre(tree.dh), make_post(tree.dh)
    with refused(field="source"):
        tenure_start(actor=commune_officer, cadre=cadre, post=post, started_on=date(2025, 10, 1), source="bought")


def test_outsider_may_not_give_a_post_of_44_dh(tree, outsider, make_cadre, make_post):
    with pytest.raises(Http404):
        _give(outsider, make_cadre(tree.lb), make_post(tree.dh))


def test_viewer_may_not_give_a_post(tree, viewer, make_cadre, make_post):
    with pytest.raises(PermissionDenied):
        _give(viewer, make_cadre(tree.dh), make_post(tree.dh))


def test_tenure_end_writes_one_event(tree, commune_officer, make_cadre, make_post, make_tenure, audit_watch):
    tenure = make_tenure(make_cadre(tree.dh), make_post(tree.dh))
    watch = audit_watch()
    tenure_end(actor=commune_officer, tenure=tenure, ended_on=date(2026, 1, 1), reason=TenureEnd.MOVED)
    tenure.refresh_from_db()
    assert (tenure.ended_on, tenure.end_reason) == (date(2026, 1, 1), TenureEnd.MOVED)
    assert [e.action for e in watch.events()] == ["tenure.end"]


@pytest.mark.parametrize(
    ("ended_on", "reason", "field"),
    [
        (date(2025, 8, 31), TenureEnd.MOVED, "ended_on"),
        (timezone.localdate() + timedelta(days=1), TenureEnd.MOVED, "ended_on"),
        (date(2026, 1, 1), "bored", "reason"),
    ],
)
def test_tenure_end_refusals(tree, commune_officer, make_cadre, make_post, make_tenure, refused, ended_on, reason,
                             field):  # fmt: skip
    tenure = make_tenure(make_cadre(tree.dh), make_post(tree.dh))
    with refused(field=field):
        tenure_end(actor=commune_officer, tenure=tenure, ended_on=ended_on, reason=reason)


def test_tenure_end_refuses_an_ended_tenure(tree, commune_officer, make_cadre, make_post, make_tenure, refused):
    tenure = make_tenure(make_cadre(tree.dh), make_post(tree.dh), ended_on=date(2025, 12, 1), end_reason="moved")
    with refused(field="ended_on"):
        tenure_end(actor=commune_officer, tenure=tenure, ended_on=date(2026, 1, 1), reason=TenureEnd.MOVED)


def test_post_close_refuses_while_held(tree, commune_officer, make_cadre, make_post, make_tenure, refused):
    post = make_post(tree.dh)
    make_tenure(make_cadre(tree.dh), post)
    with refused(field=None):
        post_close(actor=commune_officer, post=post, on=date(2026, 1, 1))


def test_post_close_closes_an_empty_post(tree, commune_officer, make_post, audit_watch):
    post = make_post(tree.dh)
    watch = audit_watch()
    post_close(actor=commune_officer, post=post, on=date(2026, 1, 1), audit_note="Sắp xếp bộ máy")
    post.refresh_from_db()
    assert post.closed_on == date(2026, 1, 1)
    (event,) = watch.events()
    assert (event.action, event.note) == ("post.close", "Sắp xếp bộ máy")


def test_post_close_refuses_a_day_before_the_last_holder_left(tree, commune_officer, make_cadre, make_post,
                                                              make_tenure, refused):  # fmt: skip
    post = make_post(tree.dh)
    make_tenure(make_cadre(tree.dh), post, ended_on=date(2026, 1, 10), end_reason=TenureEnd.MOVED)
    with refused(field="on"):
        post_close(actor=commune_officer, post=post, on=date(2026, 1, 9))


def test_vacancies_count_seats_minus_open_tenures(tree, commune_officer, make_cadre, make_post, make_tenure):
    post = make_post(tree.dh, Title.GOVERNMENT_VICE_CHAIR, seats=3)
    make_tenure(make_cadre(tree.dh), post)
    make_tenure(make_cadre(tree.dh, full_name="Trần Văn Bình"), post, ended_on=date(2025, 12, 1), end_reason="moved")
    make_post(tree.dh)  # a full-time secretary's post, empty
    rows = {p.pk: p for p in post_list(actor=commune_officer)}
    assert (rows[post.pk].held, rows[post.pk].vacancies) == (1, 2)
    assert [p.pk for p in post_list(actor=commune_officer, vacant=True, title=Title.GOVERNMENT_VICE_CHAIR)] == [post.pk]
