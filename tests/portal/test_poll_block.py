"""The public poll block, filled in per request into cached pages: the form while open and not voted, the live
results (counts and percentages) once voted or closed, the "no active poll" message; a poll's page and the
archive of polls."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from tochuc.portal.public import CachedPage, cached_page
from tochuc.portal.services.polls import poll_close, poll_create, poll_vote

pytestmark = pytest.mark.django_db

NONE_ACTIVE = "Hiện tại không có bình chọn nào đang hoạt động."


@pytest.fixture
def make_poll(chief):
    def _make(question="Bạn đọc tin trên cổng thông tin bằng thiết bị nào?", options=("Điện thoại", "Máy tính"),
              opens_at=None, closes_at=None, show=True):  # fmt: skip
        now = timezone.now()
        return poll_create(
            actor=chief,
            question=question,
            opens_at=opens_at or now - timedelta(hours=1),
            closes_at=closes_at or now + timedelta(days=7),
            options=list(options),
            show=show,
        )

    return _make


def home(c: Client) -> str:
    response = c.get(reverse("portal:home"))
    assert response.status_code == 200
    return response.content.decode()


def options(poll) -> list[int]:
    return list(poll.options.values_list("pk", flat=True))


def cached_home() -> CachedPage | None:
    return cached_page(RequestFactory().get(reverse("portal:home")))


def test_it_says_when_no_poll_is_open(client, make_poll):
    make_poll(show=False)
    later = timezone.now() + timedelta(days=1)
    make_poll(question="Chưa mở?", opens_at=later, closes_at=later + timedelta(days=1))
    html = home(client)
    assert NONE_ACTIVE in html
    assert "<!--portal:" not in html


def test_an_open_poll_shows_its_form_with_a_csrf_token(client, make_poll):
    poll = make_poll()
    html = home(client)
    assert poll.question in html
    assert f'action="{reverse("portal:poll_vote", args=[poll.pk])}"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    for pk in options(poll):
        assert f'value="{pk}"' in html
    assert NONE_ACTIVE not in html


def test_the_cached_page_shows_each_visitor_their_own_poll_state(make_poll):
    poll = make_poll()
    voter, other = Client(REMOTE_ADDR="192.0.2.10"), Client(REMOTE_ADDR="192.0.2.11")
    assert "poll-form" in home(voter)
    page = cached_home()
    assert page is not None and b"<!--portal:poll-->" in page.content and b"csrfmiddlewaretoken" not in page.content
    response = voter.post(reverse("portal:poll_vote", args=[poll.pk]), {"option": options(poll)[0], "next": "/portal/"})
    assert response.status_code == 302
    voted_html, other_html = home(voter), home(other)
    assert cached_home() == page  # the same cached page served both
    assert "Cảm ơn bạn đã tham gia bình chọn." in voted_html and "poll-form" not in voted_html
    assert "poll-form" in other_html and "Cảm ơn" not in other_html


def test_results_show_counts_and_percentages_live(make_poll):
    poll = make_poll(options=("Điện thoại", "Máy tính", "Máy tính bảng"))
    a, b, _ = options(poll)
    for n in range(3):
        poll_vote(poll_id=poll.pk, option_id=a, voter=f"{n:064d}", ip=f"192.0.2.{n}")
    poll_vote(poll_id=poll.pk, option_id=b, voter="9" * 64, ip="192.0.2.99")
    c = Client(REMOTE_ADDR="192.0.2.50")
    home(c)
    c.post(reverse("portal:poll_vote", args=[poll.pk]), {"option": b})
    html = home(c)
    assert "3 phiếu (60,0%)" in html
    assert "2 phiếu (40,0%)" in html
    assert "0 phiếu (0,0%)" in html
    assert "Tổng số: 5 phiếu" in html
    assert 'value="60.0"' in html  # the meter reads a dot
    # Live: a vote made meanwhile shows on the next request, the page itself still cached.
    poll_vote(poll_id=poll.pk, option_id=b, voter="8" * 64, ip="192.0.2.98")
    assert "Tổng số: 6 phiếu" in home(c)


def test_a_closed_poll_shows_its_results_on_its_page_and_leaves_the_block(make_poll, chief):
    poll = make_poll()
    poll_vote(poll_id=poll.pk, option_id=options(poll)[1], voter="1" * 64, ip="192.0.2.1")
    poll_close(actor=chief, poll=poll)
    c = Client()
    assert NONE_ACTIVE in home(c)
    html = c.get(reverse("portal:poll", args=[poll.pk])).content.decode()
    assert "Bình chọn đã kết thúc lúc" in html
    assert "1 phiếu (100,0%)" in html
    assert "poll-form" not in html


def test_a_member_who_voted_elsewhere_sees_the_results(make_poll, make_user, tree):
    from tochuc.accounts.roles import Role

    poll = make_poll()
    user = make_user("bandoc", Role.VIEWER, tree.province)
    poll_vote(poll_id=poll.pk, option_id=options(poll)[0], voter="2" * 64, user=user, ip="192.0.2.2")
    c = Client()
    c.force_login(user)
    assert "Cảm ơn bạn đã tham gia bình chọn." in home(c)


def test_the_newest_open_poll_is_the_one_shown(make_poll):
    make_poll(question="Câu hỏi cũ?", opens_at=timezone.now() - timedelta(days=2))
    newer = make_poll(question="Câu hỏi mới?", opens_at=timezone.now() - timedelta(hours=1))
    html = home(Client())
    assert newer.question in html and "Câu hỏi cũ?" not in html


def test_the_archive_lists_public_polls_only(client, make_poll, chief):
    open_poll = make_poll(question="Đang mở?")
    past = make_poll(question="Đã qua?", opens_at=timezone.now() - timedelta(days=30))
    poll_close(actor=chief, poll=past)
    hidden = make_poll(question="Đang ẩn?", show=False)
    later = timezone.now() + timedelta(days=1)
    upcoming = make_poll(question="Sắp mở?", opens_at=later, closes_at=later + timedelta(days=2))
    html = client.get(reverse("portal:polls")).content.decode()
    assert open_poll.question in html and past.question in html
    assert hidden.question not in html and upcoming.question not in html
    assert "Đang diễn ra" in html and "Đã kết thúc" in html
    assert client.get(reverse("portal:poll", args=[hidden.pk])).status_code == 404
    assert client.get(reverse("portal:poll", args=[upcoming.pk])).status_code == 404


def test_a_poll_that_opens_appears_when_its_time_comes(client, make_poll):
    from unittest import mock

    start = timezone.now() + timedelta(hours=2)
    poll = make_poll(opens_at=start, closes_at=start + timedelta(days=1))
    assert NONE_ACTIVE in home(client)
    with mock.patch("django.utils.timezone.now", return_value=start + timedelta(minutes=1)):
        html = home(client)
    assert poll.question in html and "poll-form" in html
