"""`PublicPageMiddleware`: an anonymous visitor's cached page is served before the session and the rest of the
middleware, with everything the full way would give it (the visit counted, the live figures, a poll form whose
token passes the CSRF check, the language, the security headers); everyone else goes the full way."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tochuc.portal.models import Article, DailyVisits, Vote
from tochuc.portal.public import page_params
from tochuc.portal.services.polls import poll_create

pytestmark = pytest.mark.django_db


def article_url(article) -> str:
    return reverse("portal:article", kwargs={"slug": article.slug, "pk": article.pk})


def short_way(response) -> bool:
    """Whether the middleware answered: the session middleware never ran on the request."""
    return not hasattr(response.wsgi_request, "session")


def visits_today() -> int:
    return DailyVisits.objects.filter(day=timezone.localdate()).values_list("visits", flat=True).first() or 0


@pytest.fixture
def poll(chief):
    now = timezone.now()
    return poll_create(actor=chief, question="Bạn đọc tin bằng thiết bị nào?", opens_at=now - timedelta(hours=1),
                       closes_at=now + timedelta(days=7), options=["Điện thoại", "Máy tính"], show=True)  # fmt: skip


def test_a_miss_goes_the_full_way_and_the_next_request_the_short_one(make_article):
    article = make_article()
    c = Client()
    first = c.get(article_url(article))
    assert first.status_code == 200 and not short_way(first)
    second = c.get(article_url(article))
    assert second.status_code == 200 and short_way(second)
    assert Article.objects.get(pk=article.pk).view_count == 2
    assert visits_today() == 2
    assert re.search(r'<span class="view-count">2</span>', second.content.decode())  # the live count


def test_the_short_way_gives_the_headers_of_the_full_one(make_article):
    article = make_article()
    Client().get(article_url(article))
    full = Client(HTTP_COOKIE="").get(article_url(article) + "?page=1")  # another page: a miss, the full way
    short = Client().get(article_url(article))
    assert not short_way(full) and short_way(short)
    for header in ("Content-Type", "Content-Language", "X-Frame-Options", "X-Content-Type-Options",
                   "Referrer-Policy", "Cross-Origin-Opener-Policy"):  # fmt: skip
        assert short.get(header) == full.get(header), header
    assert short["X-Frame-Options"] == "DENY"
    assert "private" in short["Cache-Control"] and "no-cache" in short["Cache-Control"]
    assert int(short["Content-Length"]) == len(short.content)
    assert "tochuc_vid" in short.cookies  # a new visitor gets the visitor cookie


def test_the_poll_form_from_the_short_way_passes_the_csrf_check(poll):
    c = Client(enforce_csrf_checks=True, REMOTE_ADDR="192.0.2.9")
    c.get(reverse("portal:home"))  # the full way: the visitor and CSRF cookies are set
    pages = [c.get(reverse("portal:home")) for _ in range(2)]
    assert all(short_way(p) for p in pages)
    tokens = [re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', p.content.decode()).group(1) for p in pages]
    assert tokens[0] != tokens[1] and all(len(t) == 64 for t in tokens)  # masked anew for every response
    option = poll.options.order_by("pk").first()
    url = reverse("portal:poll_vote", args=[poll.pk])
    assert c.post(url, {"option": option.pk, "csrfmiddlewaretoken": "x" * 64}).status_code == 403
    assert c.post(url, {"option": option.pk, "csrfmiddlewaretoken": tokens[0]}).status_code == 302
    assert Vote.objects.count() == 1


def test_a_new_visitor_on_the_short_way_gets_a_csrf_cookie_that_matches_the_form(poll):
    Client().get(reverse("portal:home"))  # someone else filled the cache
    c = Client(enforce_csrf_checks=True, REMOTE_ADDR="192.0.2.10")
    page = c.get(reverse("portal:home"))
    assert short_way(page) and settings.CSRF_COOKIE_NAME in page.cookies
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    option = poll.options.order_by("pk").first()
    vote = {"option": option.pk, "csrfmiddlewaretoken": token}
    assert c.post(reverse("portal:poll_vote", args=[poll.pk]), vote).status_code == 302


def test_the_language_cookie_is_honoured(make_article):
    article = make_article()
    Client().get(article_url(article))
    en = Client()
    en.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    en.get(article_url(article))  # the English page: a miss of its own
    response = en.get(article_url(article))
    assert short_way(response)
    assert response["Content-Language"] == "en"
    assert b'lang="en"' in response.content


def test_a_logged_in_user_goes_the_full_way_and_counts_as_a_member(make_article, editor):
    article = make_article()
    Client().get(article_url(article))
    c = Client()
    c.force_login(editor)
    response = c.get(article_url(article))
    assert response.status_code == 200 and not short_way(response)
    assert response.wsgi_request.user == editor


def test_a_waiting_message_goes_the_full_way(make_article):
    article = make_article()
    Client().get(article_url(article))
    c = Client()
    c.cookies["messages"] = "anything"
    assert not short_way(c.get(article_url(article)))


def test_head_is_served_but_not_counted(make_article):
    article = make_article()
    c = Client()
    c.get(article_url(article))
    before = visits_today()
    response = c.head(article_url(article))
    assert response.status_code == 200 and short_way(response)
    assert visits_today() == before


def test_only_public_pages_take_the_short_way(make_article, client):
    make_article()
    assert page_params(reverse("portal:home")) == {"page"}
    assert page_params(reverse("portal:search")) is None  # rendered every time: free text is not cached
    assert page_params(reverse("portal:office")) is None
    assert page_params("/portal/no-such-page/") is None
    assert page_params(reverse("home")) is None
    office = client.get(reverse("portal:office"))
    assert office.status_code == 302 and not short_way(office)  # to the login, by the full way
    nul = client.get(reverse("portal:home"), {"q": "\x00"})
    assert nul.status_code == 400 and not short_way(nul)  # RejectNulMiddleware's answer
