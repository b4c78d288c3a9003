"""Counting visits and article views exactly under concurrency, without Redis (atomic UPDATEs in the database)
and with Redis (INCR, flushed idempotently into the database); and the cache generation kept in Redis.

The concurrent runs use N threads x M requests through Django's test client, in a separate process on a copy
of the test database (the in-memory SQLite test database cannot take writers from several threads; on
PostgreSQL the process uses the test database itself), so that each thread has its own connection as app
processes do. The Redis tests start a throwaway `redis-server` on a Unix socket; they are skipped, loudly,
only when the binary is missing (CI installs Debian's `redis-server`)."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tochuc.portal import cache as generations
from tochuc.portal.models import Article, CacheGeneration, DailyVisits
from tochuc.portal.services import visits

REDIS_SERVER = os.environ.get("REDIS_SERVER", "/usr/bin/redis-server")
THREADS, REQUESTS = 8, 25

WORKER = r"""
import json, sys, threading
import django
django.setup()
from django.db import connections
from django.test import Client
from tochuc.portal.services.visits import counters_flush

threads, requests, urls = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
statuses = []
start = threading.Barrier(threads)

def run(n):
    client = Client(REMOTE_ADDR=f"10.0.0.{n + 1}")
    start.wait()
    try:
        for i in range(requests):
            statuses.append(client.get(urls[i % len(urls)]).status_code)
    finally:
        connections.close_all()

pool = [threading.Thread(target=run, args=(n,)) for n in range(threads)]
for t in pool:
    t.start()
for t in pool:
    t.join()
flushed = counters_flush()
connections.close_all()
print(json.dumps({"statuses": sorted(set(statuses)), "sent": len(statuses), "flushed": flushed}))
"""


def article_url(article) -> str:
    return reverse("portal:article", kwargs={"slug": article.slug, "pk": article.pk})


def _database_url(tmp_path: Path) -> str:
    """The database the worker process uses: a file copy of the in-memory SQLite test database, or the
    PostgreSQL test database itself (a transactional test commits, so another process sees its rows)."""
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        target = tmp_path / "copy.sqlite3"
        with sqlite3.connect(target) as dest:
            connection.connection.backup(dest)
        dest.close()
        return f"sqlite:///{target}"
    s = connection.settings_dict
    user, password = quote(s["USER"] or "", safe=""), quote(s["PASSWORD"] or "", safe="")
    return f"postgresql://{user}:{password}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{quote(s['NAME'], safe='')}"


def run_concurrently(tmp_path: Path, urls: list[str], *, redis_url: str = "") -> tuple[dict, str]:
    database_url = _database_url(tmp_path)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tochuc.settings",
        "DATABASE_URL": database_url,
        "TOCHUC_VAR_DIR": str(tmp_path),
        "ALLOWED_HOSTS": "testserver",
        "SECRET_KEY": "essai-de-comptage-concurrent",
        "REDIS_URL": redis_url,
    }
    done = subprocess.run(
        [sys.executable, "-c", WORKER, str(THREADS), str(REQUESTS), *urls],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1]), database_url


def stored_counts(database_url: str, article_id: int) -> tuple[int, int]:
    """(visits of today, the article's views) as the worker left them in its database."""
    today = timezone.localdate().isoformat()
    if database_url.startswith("sqlite:///"):
        with sqlite3.connect(database_url.removeprefix("sqlite:///")) as db:
            visits_today = db.execute("SELECT visits FROM portal_dailyvisits WHERE day = ?", [today]).fetchone()
            views = db.execute("SELECT view_count FROM portal_article WHERE id = ?", [article_id]).fetchone()
        return (visits_today[0] if visits_today else 0), views[0]
    day = DailyVisits.objects.filter(day=today).first()
    return (day.visits if day else 0), Article.objects.get(pk=article_id).view_count


# --- Without Redis ---------------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_are_all_counted_in_the_database(tmp_path, make_article):
    article = make_article()
    result, database_url = run_concurrently(tmp_path, [article_url(article)])
    assert result["statuses"] == [200]
    assert result["sent"] == THREADS * REQUESTS
    assert stored_counts(database_url, article.pk) == (THREADS * REQUESTS, THREADS * REQUESTS)


@pytest.mark.django_db
def test_the_days_row_is_created_once_and_then_incremented(client):
    for _ in range(3):
        assert client.get(reverse("portal:polls")).status_code == 200
    assert list(DailyVisits.objects.values_list("day", "visits")) == [(timezone.localdate(), 3)]


@pytest.mark.django_db
def test_a_refused_or_missing_page_counts_no_visit(client):
    assert client.get(reverse("portal:poll", args=[999])).status_code == 404
    assert not DailyVisits.objects.exists()


@pytest.mark.django_db
def test_a_view_is_counted_by_an_atomic_update(make_article):
    article = make_article()
    visits.article_viewed(article.pk)
    visits.article_viewed(article.pk)
    assert Article.objects.get(pk=article.pk).view_count == 2
    assert visits.article_views(article.pk) == 2


# --- With Redis ------------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory):
    """A throwaway redis-server on a Unix socket (no port to collide with), stopped after the session."""
    if not (shutil.which(REDIS_SERVER) or os.path.exists(REDIS_SERVER)):
        pytest.skip(
            f"REDIS NOT TESTED: {REDIS_SERVER} is missing (apt-get install redis-server); the Redis counters "
            "and the Redis cache generation are not covered by this run",
        )
    folder = tmp_path_factory.mktemp("redis")
    sock = folder / "redis.sock"
    args = [REDIS_SERVER, "--port", "0", "--unixsocket", str(sock), "--unixsocketperm", "700", "--save", "",
            "--appendonly", "no", "--dir", str(folder)]  # fmt: skip
    proc = subprocess.Popen(
        args,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    import redis

    url = f"unix://{sock}"
    client = redis.Redis.from_url(url)
    for _ in range(100):
        try:
            if client.ping():
                break
        except redis.RedisError:
            time.sleep(0.05)
    else:
        proc.kill()
        pytest.fail("redis-server did not start")
    yield url
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture
def redis_url(redis_server, settings):
    """Counters and the generation in Redis (the page cache stays in local memory); an empty Redis."""
    import redis

    redis.Redis.from_url(redis_server).flushdb()
    settings.REDIS_URL = redis_server
    settings.PORTAL_STATS_MAX_AGE_SECONDS = 0
    yield redis_server
    redis.Redis.from_url(redis_server).flushdb()


@pytest.fixture
def r(redis_url):
    import redis

    return redis.Redis.from_url(redis_url, decode_responses=True)


@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_are_all_counted_in_redis_and_flushed(tmp_path, redis_url, r, make_article):
    article = make_article()
    result, database_url = run_concurrently(tmp_path, [article_url(article)], redis_url=redis_url)
    assert result["statuses"] == [200]
    assert result["sent"] == THREADS * REQUESTS
    assert int(r.get(visits.day_key(timezone.localdate()))) == THREADS * REQUESTS
    assert int(r.get(visits.view_key(article.pk))) == THREADS * REQUESTS
    assert stored_counts(database_url, article.pk) == (THREADS * REQUESTS, THREADS * REQUESTS)


@pytest.mark.django_db
def test_with_redis_a_visit_touches_no_counter_row_until_the_flush(redis_url, r, client, make_article, settings):
    settings.PORTAL_COUNTER_FLUSH_SECONDS = 3600
    visits._flush_tried[0] = time.monotonic()
    article = make_article()
    for _ in range(3):
        assert client.get(article_url(article)).status_code == 200
    assert int(r.get(visits.day_key(timezone.localdate()))) == 3
    assert int(r.get(visits.view_key(article.pk))) == 3
    assert not DailyVisits.objects.exists()
    assert Article.objects.get(pk=article.pk).view_count == 0
    assert visits.counters_flush() == {"days": 1, "articles": 1}
    assert DailyVisits.objects.get().visits == 3 and Article.objects.get(pk=article.pk).view_count == 3
    # Flushing again changes nothing: the database keeps the larger of the two counts.
    visits.counters_flush()
    assert DailyVisits.objects.get().visits == 3 and Article.objects.get(pk=article.pk).view_count == 3


@pytest.mark.django_db
def test_after_redis_lost_its_data_the_counts_continue_from_the_database(redis_url, r, client, make_article):
    article = make_article()
    DailyVisits.objects.create(day=timezone.localdate(), visits=500)
    Article.objects.filter(pk=article.pk).update(view_count=70)
    response = client.get(article_url(article))
    assert int(r.get(visits.day_key(timezone.localdate()))) == 501
    assert int(r.get(visits.view_key(article.pk))) == 71
    assert 'class="view-count">71<' in response.content.decode()


@pytest.mark.django_db
def test_a_new_counter_is_seeded_before_its_first_increment(redis_url, r, make_article, monkeypatch, settings):
    """Two requests meet a missing counter: the other one creates it, counts and flushes into the database while
    this one is reading the database; this one must not add the flushed count again."""
    settings.PORTAL_COUNTER_FLUSH_SECONDS = 3600
    visits._flush_tried[0] = time.monotonic()
    article = make_article()
    Article.objects.filter(pk=article.pk).update(view_count=10)
    key = visits.view_key(article.pk)
    read_before = visits._stored_views(article.pk)

    def stored_while_another_request_counts(article_id):
        def stored():
            value = read_before()
            r.set(key, value, nx=True)
            r.incr(key)
            r.sadd(visits.VIEWS_DIRTY, article_id)
            visits.counters_flush()
            return value

        return stored

    monkeypatch.setattr(visits, "_stored_views", stored_while_another_request_counts)
    visits.article_viewed(article.pk)
    assert int(r.get(key)) == 12
    visits.counters_flush()
    assert Article.objects.get(pk=article.pk).view_count == 12


@pytest.mark.django_db
def test_the_flush_runs_once_per_interval_across_processes(redis_url, r, client, settings):
    settings.PORTAL_COUNTER_FLUSH_SECONDS = 60
    visits._flush_tried[0] = 0.0
    client.get(reverse("portal:polls"))
    assert DailyVisits.objects.get().visits == 1  # this process took the lock and flushed
    assert r.ttl(visits.FLUSH_LOCK) > 0
    visits._flush_tried[0] = 0.0  # as if another process asked: the lock is held, no flush
    client.get(reverse("portal:polls"))
    assert DailyVisits.objects.get().visits == 1
    assert int(r.get(visits.day_key(timezone.localdate()))) == 2


@pytest.mark.django_db
def test_online_counts_use_sorted_sets_over_the_window(redis_url, r, settings, editor):
    settings.PORTAL_ONLINE_WINDOW_SECONDS = 300
    guest, member = Client(), Client()
    member.force_login(editor)
    guest.get(reverse("portal:polls"))
    member.get(reverse("portal:polls"))
    html = Client().get(reverse("portal:polls")).content.decode()
    assert "Khách</span> <b>2</b>" in html and "Thành viên</span> <b>1</b>" in html and "Tổng</span> <b>3</b>" in html
    # Someone last seen more than the window ago is no longer online.
    for key in r.zrange(visits.ONLINE[False], 0, -1):
        r.zadd(visits.ONLINE[False], {key: time.time() - 301})
    html = member.get(reverse("portal:polls")).content.decode()
    assert "Khách</span> <b>0</b>" in html and "Thành viên</span> <b>1</b>" in html


@pytest.mark.django_db
def test_a_guest_who_logs_in_counts_as_a_member_only(redis_url, r, editor):
    c = Client()
    c.get(reverse("portal:polls"))
    assert r.zcard(visits.ONLINE[False]) == 1 and r.zcard(visits.ONLINE[True]) == 0
    c.force_login(editor)
    html = c.get(reverse("portal:polls")).content.decode()
    assert "Khách</span> <b>0</b>" in html and "Thành viên</span> <b>1</b>" in html
    assert r.zrange(visits.ONLINE[True], 0, -1) == [f"u{editor.pk}"]


@pytest.mark.django_db
def test_counting_survives_redis_forgetting_its_scripts(redis_url, r, client, make_article):
    """After a Redis restart the script is gone (NOSCRIPT): the visit that meets it loads it again and is counted
    once, not twice and not lost."""
    article = make_article()
    client.get(article_url(article))
    r.script_flush()
    client.get(article_url(article))
    r.script_flush()
    client.get(article_url(article))
    assert int(r.get(visits.day_key(timezone.localdate()))) == 3
    assert int(r.get(visits.view_key(article.pk))) == 3


@pytest.mark.django_db
def test_yesterdays_unflushed_visits_are_in_the_total(redis_url, r, client):
    yesterday = timezone.localdate() - timedelta(days=1)
    DailyVisits.objects.create(day=yesterday, visits=10)
    r.set(visits.day_key(yesterday), 14)
    html = client.get(reverse("portal:polls")).content.decode()
    assert "Tổng lượt truy cập</span> <b>15</b>" in html


@pytest.mark.django_db
def test_the_generation_lives_in_redis_and_only_moves_forward(redis_url, r, django_capture_on_commit_callbacks):
    first = generations.generation()
    stored = r.get(generations.GENERATION_KEY)
    assert stored and stored.startswith(first.replace("-", ":", 1))
    with django_capture_on_commit_callbacks(execute=True):
        generations.bump()
    second = generations.generation()
    assert second != first and r.get(generations.GENERATION_KEY).startswith(second.replace("-", ":", 1))
    # A slow process that read the row before the bump cannot put the older generation back.
    counter, token = first.split("-")
    generations._publish(r, generations._State(int(counter), token, None))
    assert generations.generation() == second


@pytest.mark.django_db(transaction=True)
def test_the_redis_generation_moves_only_when_the_change_commits(redis_url, r):
    from django.db import transaction

    first = generations.generation()
    with transaction.atomic():
        generations.bump()
        assert generations.generation() == first  # other processes still read the old one from Redis
    assert generations.generation() != first
    assert CacheGeneration.objects.count() == 1
