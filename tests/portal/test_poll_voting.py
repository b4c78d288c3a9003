"""The public's vote: one per visitor cookie, one per logged-in user, at most N per address and hour, only while
the poll is open, counts equal to the rows; refusals in Vietnamese; the POST needs its CSRF token."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tochuc.core.errors import DomainError
from tochuc.portal.models import Option, Vote
from tochuc.portal.services.polls import poll_create, poll_vote

pytestmark = pytest.mark.django_db


@pytest.fixture
def make_poll(chief):
    def _make(question="Bạn quan tâm nội dung nào nhất?", options=("Tin hoạt động", "Công tác cán bộ", "Văn bản"),
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


@pytest.fixture
def poll(make_poll):
    return make_poll()


def visitor_client(ip: str = "203.0.113.7", **kwargs) -> Client:
    """A browser that has seen a public page (so it holds the visitor cookie)."""
    c = Client(REMOTE_ADDR=ip, **kwargs)
    assert c.get(reverse("portal:polls")).status_code == 200
    assert "tochuc_vid" in c.cookies
    return c


def option_id(poll, n: int = 0) -> int:
    return list(poll.options.values_list("pk", flat=True))[n]


def vote(c: Client, poll, n: int = 0, **extra):
    return c.post(reverse("portal:poll_vote", args=[poll.pk]), {"option": option_id(poll, n), **extra})


def counts_match_rows(poll) -> bool:
    return all(o.votes == Vote.objects.filter(option=o).count() for o in Option.objects.filter(poll=poll))


def test_a_vote_is_recorded_and_counted_on_its_option(poll):
    c = visitor_client()
    response = vote(c, poll, 1, next=reverse("portal:home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:home") + "#poll"
    assert Vote.objects.filter(poll=poll).count() == 1
    assert Option.objects.get(pk=option_id(poll, 1)).votes == 1
    assert counts_match_rows(poll)


def test_it_refuses_a_second_vote_from_the_same_cookie(poll):
    c = visitor_client()
    assert vote(c, poll).status_code == 302
    response = vote(c, poll, 2)
    assert response.status_code == 409
    assert "Bạn đã bình chọn câu hỏi này." in response.content.decode()
    assert Vote.objects.filter(poll=poll).count() == 1
    assert counts_match_rows(poll)


def test_it_refuses_a_second_vote_from_the_same_user_with_another_cookie(poll, make_user, tree):
    from tochuc.accounts.roles import Role

    user = make_user("nguoidoc", Role.VIEWER, tree.province)
    first = visitor_client()
    first.force_login(user)
    assert vote(first, poll).status_code == 302
    second = visitor_client()  # another browser: a new visitor cookie, the same account
    second.force_login(user)
    response = vote(second, poll, 1)
    assert response.status_code == 409
    assert "Tài khoản của bạn đã bình chọn câu hỏi này." in response.content.decode()
    assert Vote.objects.filter(poll=poll, user=user).count() == 1


def test_the_unique_constraints_hold_even_past_the_checks(poll):
    voter = "a" * 64
    Vote.objects.create(poll=poll, option_id=option_id(poll), voter=voter)
    with pytest.raises(DomainError) as refused:
        poll_vote(poll_id=poll.pk, option_id=option_id(poll), voter=voter)
    assert refused.value.code == "voted"


def test_the_address_limit_allows_n_votes_and_refuses_the_next(poll, settings):
    settings.PORTAL_POLL_VOTES_PER_IP_HOUR = 3
    for _ in range(3):
        assert vote(visitor_client("198.51.100.9"), poll).status_code == 302
    response = vote(visitor_client("198.51.100.9"), poll)
    assert response.status_code == 429
    assert "quá nhiều lượt bình chọn từ địa chỉ mạng của bạn" in response.content.decode()
    assert Vote.objects.filter(poll=poll).count() == 3
    # Another address is not concerned.
    assert vote(visitor_client("198.51.100.10"), poll).status_code == 302


def test_the_address_limit_counts_only_the_last_hour(poll, settings):
    settings.PORTAL_POLL_VOTES_PER_IP_HOUR = 2
    ip = "192.0.2.44"
    for n in range(2):
        poll_vote(poll_id=poll.pk, option_id=option_id(poll), voter=f"{n:064d}", ip=ip)
    with pytest.raises(DomainError) as refused:
        poll_vote(poll_id=poll.pk, option_id=option_id(poll), voter="9" * 64, ip=ip)
    assert refused.value.code == "rate"
    Vote.objects.filter(poll=poll).update(created_at=timezone.now() - timedelta(minutes=61))
    poll_vote(poll_id=poll.pk, option_id=option_id(poll), voter="9" * 64, ip=ip)
    assert Vote.objects.filter(poll=poll, ip=ip).count() == 3


def test_it_refuses_a_vote_on_a_closed_poll(make_poll):
    poll = make_poll(opens_at=timezone.now() - timedelta(days=3), closes_at=timezone.now() + timedelta(seconds=30))
    c = visitor_client()
    poll.closes_at = timezone.now() - timedelta(minutes=1)
    poll.save(update_fields=["closes_at"])
    response = vote(c, poll)
    assert response.status_code == 400
    assert "Bình chọn này đã kết thúc lúc" in response.content.decode()
    assert not Vote.objects.filter(poll=poll).exists()


def test_it_refuses_a_vote_before_the_poll_opens(make_poll):
    poll = make_poll(opens_at=timezone.now() + timedelta(days=1), closes_at=timezone.now() + timedelta(days=8))
    with pytest.raises(DomainError) as refused:
        poll_vote(poll_id=poll.pk, option_id=option_id(poll), voter="b" * 64, ip="192.0.2.1")
    assert refused.value.code == "not_open"
    assert "chưa bắt đầu" in refused.value.message
    response = vote(visitor_client(), poll)
    assert response.status_code == 400
    assert not Vote.objects.exists()


def test_it_refuses_a_vote_on_a_hidden_poll(make_poll):
    poll = make_poll(show=False)
    assert vote(visitor_client(), poll).status_code == 404
    assert not Vote.objects.exists()


def test_it_refuses_an_option_of_another_poll(poll, make_poll):
    other = make_poll(question="Câu hỏi khác?")
    c = visitor_client()
    response = c.post(reverse("portal:poll_vote", args=[poll.pk]), {"option": option_id(other)})
    assert response.status_code == 400
    assert "Hãy chọn một phương án." in response.content.decode()
    assert not Vote.objects.exists()


def test_it_refuses_a_browser_without_the_visitor_cookie(poll):
    c = Client(REMOTE_ADDR="192.0.2.5")
    response = vote(c, poll)
    assert response.status_code == 400
    assert "cho phép cookie" in response.content.decode()
    assert not Vote.objects.exists()


def test_the_vote_needs_its_csrf_token(poll):
    c = Client(enforce_csrf_checks=True, REMOTE_ADDR="192.0.2.8")
    page = c.get(reverse("portal:poll", args=[poll.pk]))
    assert page.status_code == 200
    assert vote(c, poll).status_code == 403
    assert not Vote.objects.exists()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    assert vote(c, poll, csrfmiddlewaretoken=token).status_code == 302
    assert Vote.objects.count() == 1


def test_it_goes_back_only_to_this_site(poll):
    response = vote(visitor_client(), poll, next="https://evil.example/")
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:poll", args=[poll.pk]) + "#poll"
