"""The public page cache: pages kept per generation, which changes at once when content is published (in every
process: it lives in the database) and when a scheduled article's time comes; the markers filled in per request;
what must never be cached; the cost of a page served from the cache."""

from __future__ import annotations

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.contrib import messages
from django.db import connection, transaction
from django.db.models import F
from django.http import HttpResponse
from django.template import engines
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tochuc.portal import cache as generations
from tochuc.portal.choices import ArticleStatus
from tochuc.portal.models import Article, CacheGeneration, DailyVisits
from tochuc.portal.public import VISITOR_COOKIE, cached_page, public_page
from tochuc.portal.services.articles import article_withdraw

pytestmark = pytest.mark.django_db


def article_url(article) -> str:
    return reverse("portal:article", kwargs={"slug": article.slug, "pk": article.pk})


def get(c: Client, url: str) -> str:
    response = c.get(url)
    assert response.status_code == 200
    return response.content.decode()


def view_count(html: str) -> int:
    return int(re.search(r'<span class="view-count">([\d.]+)</span>', html).group(1).replace(".", ""))


def test_a_published_article_is_on_the_home_page_at_once(client, make_article):
    assert "Hội nghị cán bộ chủ chốt" not in get(client, reverse("portal:home"))
    article = make_article("Hội nghị cán bộ chủ chốt toàn tỉnh")
    assert article.title in get(client, reverse("portal:home"))
    article_withdraw(actor=article.published_by, article=article)
    assert article.title not in get(client, reverse("portal:home"))


def test_a_scheduled_article_appears_when_its_time_comes(client, make_article):
    due = timezone.now() + timedelta(hours=3)
    article = make_article("Lịch tiếp công dân tháng tới", publish_at=due)
    assert Article.objects.get(pk=article.pk).status == ArticleStatus.PUBLISHED
    before = generations.generation()
    assert CacheGeneration.objects.get().next_due == due
    assert article.title not in get(client, reverse("portal:home"))
    with mock.patch("django.utils.timezone.now", return_value=due + timedelta(seconds=1)):
        assert generations.generation() != before
        assert article.title in get(client, reverse("portal:home"))
    assert CacheGeneration.objects.get().next_due > due


def test_the_generation_is_read_from_the_database_every_time(db):
    """Another app process bumps the row: this process sees it on its next request, with no delay."""
    first = generations.generation()
    CacheGeneration.objects.update(counter=F("counter") + 1, token="autreprocess")
    assert generations.generation() != first
    assert generations.generation().endswith("autreprocess")


def test_a_rolled_back_change_leaves_the_generation_alone(db):
    first = generations.generation()
    with pytest.raises(RuntimeError), transaction.atomic():
        generations.bump()
        raise RuntimeError
    assert generations.generation() == first
    generations.bump()
    assert generations.generation() != first


def test_the_row_is_created_when_missing(db):
    CacheGeneration.objects.all().delete()
    assert generations.generation()
    assert CacheGeneration.objects.count() == 1


def test_the_article_page_is_cached_and_its_view_count_live(make_article):
    article = make_article()
    c = Client()
    first = get(c, article_url(article))
    page = cached_page(RequestFactory().get(article_url(article)))
    assert page is not None and f"<!--portal:views:{article.pk}-->".encode() in page.content
    counts = [view_count(first)] + [view_count(get(Client(), article_url(article))) for _ in range(3)]
    assert counts[1:] == [counts[0] + 1, counts[0] + 2, counts[0] + 3]
    assert Article.objects.get(pk=article.pk).view_count == 4
    assert cached_page(RequestFactory().get(article_url(article))) == page  # still the same cached page


def test_a_page_from_the_cache_costs_only_the_counters(make_article, chief):
    """The hot path: the generation row, and the counting (day, visitor, article); nothing of the content."""
    article = make_article()
    from tochuc.portal.services.polls import poll_create

    poll_create(actor=chief, question="Câu hỏi?", opens_at=timezone.now() - timedelta(hours=1),
                closes_at=timezone.now() + timedelta(days=1), options=["Có", "Không"], show=True)  # fmt: skip
    c = Client()
    get(c, article_url(article))
    get(c, article_url(article))  # the visitor's row is written; the stats are computed once
    with CaptureQueriesContext(connection) as ctx:
        html = get(c, article_url(article))
    assert "poll-form" in html and "Thống kê truy cập" in html
    tables = [q["sql"] for q in ctx.captured_queries if "SAVEPOINT" not in q["sql"]]
    allowed = ("portal_cachegeneration", "portal_dailyvisits", "portal_visitor", "view_count")
    assert all(any(t in sql for t in allowed) for sql in tables), tables
    assert len(tables) <= 3, tables


def test_the_stats_block_is_filled_per_request(client, settings):
    settings.PORTAL_STATS_MAX_AGE_SECONDS = 0
    DailyVisits.objects.create(day=timezone.localdate() - timedelta(days=40), visits=1000)
    first = get(client, reverse("portal:polls"))
    second = get(client, reverse("portal:polls"))

    def today(html):
        return re.search(r"Hôm nay</span> <b>([\d.]+)</b>", html).group(1)

    assert (today(first), today(second)) == ("1", "2")
    assert re.search(r"Tổng lượt truy cập</span> <b>1\.002</b>", second)
    assert "<!--portal:" not in second


def test_a_logged_in_user_gets_the_same_public_page(make_article, editor, settings):
    from tochuc.portal.services import visits

    settings.PORTAL_STATS_MAX_AGE_SECONDS = 0
    visits._written.clear()
    article = make_article()
    anonymous = get(Client(), article_url(article))
    c = Client()
    c.force_login(editor)
    html = get(c, article_url(article))
    assert editor.username not in html and str(editor) not in html
    assert "Thành viên</span> <b>1</b>" in html
    strip = re.compile(r'<span class="view-count">\d+</span>|<section class="box stats-box".*?</section>', re.S)
    assert strip.sub("", html) == strip.sub("", anonymous)


def test_the_visitor_cookie_is_set_once(client):
    first = client.get(reverse("portal:polls"))
    morsel = first.cookies[VISITOR_COOKIE]
    assert morsel["httponly"] and morsel["samesite"] == "Lax" and int(morsel["max-age"]) == 365 * 24 * 3600
    assert len(morsel.value) >= 20
    second = client.get(reverse("portal:polls"))
    assert VISITOR_COOKIE not in second.cookies
    assert second["Cache-Control"].replace(" ", "") in {"private,no-cache", "no-cache,private"}


def _call(view, request, **options):
    """A public page called straight, as the URL resolver would, with the session and messages of a request."""
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.db import SessionStore

    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return public_page(view, **options)(request)


def test_a_page_rendered_with_a_csrf_token_is_not_cached(db):
    calls = []

    def form_page(request):
        calls.append(1)
        template = engines["django"].from_string("<form>{% csrf_token %}</form><!--portal:stats-->")
        return HttpResponse(template.render({}, request))

    for _ in range(2):
        assert b"csrfmiddlewaretoken" in _call(form_page, RequestFactory().get("/portal/x/")).content
    assert len(calls) == 2


def test_a_page_that_queued_a_message_or_set_a_cookie_is_not_cached(db):
    calls = []

    def noisy(request):
        calls.append(1)
        if len(calls) == 1:
            messages.info(request, "Xin chào")
        else:
            response = HttpResponse("<p>x</p>")
            response.set_cookie("other", "1")
            return response
        return HttpResponse("<p>x</p>")

    _call(noisy, RequestFactory().get("/portal/y/"))
    _call(noisy, RequestFactory().get("/portal/y/"))
    assert len(calls) == 2


def test_a_page_that_reads_the_session_is_not_cached(db):
    calls = []

    def personal(request):
        calls.append(1)
        return HttpResponse(f"<p>{request.session.get('seen', 0)}</p>")

    _call(personal, RequestFactory().get("/portal/z/"))
    _call(personal, RequestFactory().get("/portal/z/"))
    assert len(calls) == 2


def test_a_plain_page_is_rendered_once_and_keyed_by_query_language_and_host(db):
    calls = []

    def plain(request):
        calls.append(request.get_full_path())
        return HttpResponse("<p>x</p>")

    factory = RequestFactory()
    for _ in range(3):
        _call(plain, factory.get("/portal/p/", {"page": "2"}))
    assert len(calls) == 1
    _call(plain, factory.get("/portal/p/", {"page": "3"}))
    _call(plain, factory.get("/portal/p/", {"page": "2"}, HTTP_HOST="localhost"))
    from django.utils import translation

    with translation.override("en"):
        _call(plain, factory.get("/portal/p/", {"page": "2"}))
    assert len(calls) == 4


def test_only_the_parameters_a_page_reads_name_it_and_reach_its_view(db):
    seen = []

    def listing(request):
        seen.append(dict(request.GET.lists()))
        return HttpResponse("<p>x</p>")

    factory = RequestFactory()
    _call(listing, factory.get("/portal/l/", {"page": "2", "utm_source": "zalo"}))
    assert seen == [{"page": ["2"]}]  # the view never sees the other parameters
    for junk in ({"utm_source": "facebook"}, {"x": "1", "y": "2"}, {"fbclid": "abc"}):
        _call(listing, factory.get("/portal/l/", {"page": "2", **junk}))
    assert len(seen) == 1  # one cached page for all of them
    _call(listing, factory.get("/portal/l/", {"page": "3"}))
    assert seen[-1] == {"page": ["3"]} and len(seen) == 2

    searches = []

    def search(request):
        searches.append(request.GET.urlencode())
        return HttpResponse("<p>x</p>")

    for query in ({"q": "dang vien", "ref": "1"}, {"ref": "2", "q": "dang vien"}, {"q": "chi bo"}):
        _call(search, factory.get("/portal/s/", query), params=("q", "page"), cached=False)
    assert searches == ["q=dang+vien", "q=dang+vien", "q=chi+bo"]  # not cached, never the other parameters


def test_invented_page_numbers_are_served_but_not_kept(db):
    calls = []

    def listing(request):
        calls.append(request.GET.get("page"))
        return HttpResponse("<p>x</p>")

    factory = RequestFactory()
    for number in ("abc", "0", "007", "1000", "99999", "2"):
        for _ in range(2):
            assert _call(listing, factory.get("/portal/n/", {"page": number})).status_code == 200
    assert calls == ["abc", "abc", "0", "0", "007", "007", "1000", "1000", "99999", "99999", "2"]


def test_a_request_with_a_message_waiting_is_served_fresh(db):
    calls = []

    def page(request):
        calls.append(1)
        return HttpResponse("<p>x</p>")

    _call(page, RequestFactory().get("/portal/m/"))
    request = RequestFactory().get("/portal/m/")
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.db import SessionStore

    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    messages.success(request, "Đã lưu.")
    public_page(page)(request)
    assert len(calls) == 2
