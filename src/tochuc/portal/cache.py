"""The public pages' cache generation, the store of the rendered pages, and the Redis client of the live counters.

A cached public page is keyed by the *generation* (`generation()`): a key part that changes whenever public
content changes and whenever time changes a page by itself. Its source of truth is one database row
(`CacheGeneration`), so that every app process agrees on it whatever the cache backend:

- `bump()` is called by every service that changes public content (articles published, withdrawn or
  scheduled, categories, featured events, polls). Inside the caller's transaction it increments the row's
  `counter`, draws a new random `token` (so that a test rolled back and a database restored never meet the
  pages of another history) and recomputes `next_due`. Other processes see the change when it commits.
- `next_due` is the next moment a page changes without anyone editing: a scheduled article's `publish_at`,
  a shown poll's `opens_at` or `closes_at`, the next midnight in Asia/Ho_Chi_Minh (dates shown as "today",
  featured events by their dates). The first request after it advances the generation (one process wins a
  conditional UPDATE, the others read its result).
- Without Redis (each process has its own LocMemCache) the row is read on every public request: one read
  by primary key, so a published article is on the home page at once in every process. With Redis the
  generation is copied into Redis (`tochuc:portal:generation`), read with one GET, and written only when
  newer than what is there (a Lua compare-and-set on the counter) after the change has committed, so a
  slow reader can never put an older generation back; the copy expires after `PORTAL_GENERATION_TTL`
  seconds (default 300) so that even a restored database is picked up.

Pages are stored under their generation (`page_set`), in Redis itself when it is set, where `page_get` reads
the generation and the page in one round trip (a Lua script), else in Django's cache.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Min
from django.utils import timezone
from django.utils.dateparse import parse_datetime

logger = logging.getLogger(__name__)

GENERATION_KEY = "tochuc:portal:generation"
ROW_ID = 1

# Sets the generation only when its counter is newer than the one stored (KEYS[1]; ARGV: counter, value,
# seconds to live). Two processes publishing in turn can otherwise leave the older value in place.
_SET_IF_NEWER = """
local current = redis.call('GET', KEYS[1])
if current then
  local n = tonumber(string.match(current, '^(%d+)'))
  if n and n >= tonumber(ARGV[1]) then return 0 end
end
redis.call('SET', KEYS[1], ARGV[2], 'EX', tonumber(ARGV[3]))
return 1
"""

_clients: dict[str, object] = {}


def redis_client():
    """The Redis client of the live counters and of the generation, or None when `REDIS_URL` is not set.

    One connection pool per process and URL (redis-py re-creates it after a fork). Short timeouts: the
    counters must never hold a page up; a caller treats `redis.RedisError` as "not counted this time"."""
    url = getattr(settings, "REDIS_URL", "") or ""
    if not url:
        return None
    client = _clients.get(url)
    if client is None:
        import redis
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        # No retry: a command that timed out may have run, and an INCR sent again would count twice.
        client = redis.Redis.from_url(
            url, socket_connect_timeout=0.5, socket_timeout=0.5, health_check_interval=30, retry=Retry(NoBackoff(), 0)
        )
        _clients[url] = client
    return client


@dataclass(frozen=True)
class _State:
    counter: int
    token: str
    next_due: datetime | None

    @property
    def key(self) -> str:
        return f"{self.counter}-{self.token}"

    def encode(self) -> str:
        due = "" if self.next_due is None else str(self.next_due.timestamp())
        return f"{self.counter}:{self.token}:{due}"

    @classmethod
    def decode(cls, raw: str | bytes) -> _State | None:
        try:
            counter, token, due = (raw.decode() if isinstance(raw, bytes) else raw).split(":", 2)
            next_due = datetime.fromtimestamp(float(due), tz=UTC) if due else None
            return cls(int(counter), token, next_due)
        except ValueError:
            return None


def _new_token() -> str:
    return secrets.token_hex(6)


def next_due(now: datetime | None = None) -> datetime:
    """The next moment after `now` when a public page changes by itself: a scheduled article comes out, a shown
    poll opens or closes, or a new day begins in the local time zone."""
    from .choices import ArticleStatus
    from .models import Article, Poll

    now = now or timezone.now()
    today = timezone.localdate(now)
    candidates = [timezone.make_aware(datetime.combine(today + timedelta(days=1), time.min))]
    candidates.append(
        Article.objects.filter(status=ArticleStatus.PUBLISHED, publish_at__gt=now).aggregate(t=Min("publish_at"))["t"]
    )
    shown = Poll.objects.filter(is_active=True)
    candidates.append(shown.filter(opens_at__gt=now).aggregate(t=Min("opens_at"))["t"])
    candidates.append(shown.filter(closes_at__gt=now).aggregate(t=Min("closes_at"))["t"])
    return min(t for t in candidates if t is not None)


def _select_row() -> tuple | None:
    """The row, read with one plain SELECT by primary key (this runs on every public request without Redis:
    no queryset to build)."""
    from .models import CacheGeneration

    qn = connection.ops.quote_name
    sql = (
        f"SELECT {qn('counter')}, {qn('token')}, {qn('next_due')} FROM {qn(CacheGeneration._meta.db_table)} "
        f"WHERE {qn('id')} = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [ROW_ID])
        row = cursor.fetchone()
    if row is None:
        return None
    next_due = row[2]
    if next_due is not None and not isinstance(next_due, datetime):
        next_due = parse_datetime(next_due)  # SQLite: the text of a UTC time
    if next_due is not None and timezone.is_naive(next_due):
        next_due = next_due.replace(tzinfo=UTC)
    return (int(row[0]), row[1], next_due)


def _read_row() -> _State:
    from .models import CacheGeneration

    row = _select_row()
    if row is None:
        # The migration creates the row; a flushed database (a transactional test) has none. Two processes
        # may get here at once: the loser of the INSERT reads the winner's row.
        try:
            with transaction.atomic():
                CacheGeneration.objects.create(pk=ROW_ID, counter=1, token=_new_token(), next_due=next_due())
        except IntegrityError:
            pass
        row = _select_row()
    return _State(*row)


def _publish(client, state: _State) -> None:
    ttl = int(getattr(settings, "PORTAL_GENERATION_TTL", 300))
    try:
        client.eval(_SET_IF_NEWER, 1, GENERATION_KEY, state.counter, state.encode(), ttl)
    except Exception as exc:  # a Redis error: the next reader copies the row again
        logger.warning("portal: cannot store the cache generation in Redis: %s", exc)


def _read() -> _State:
    client = redis_client()
    if client is not None:
        try:
            raw = client.get(GENERATION_KEY)
        except Exception as exc:
            logger.warning("portal: cannot read the cache generation from Redis: %s", exc)
            return _read_row()
        state = _State.decode(raw) if raw else None
        if state is not None:
            return state
        state = _read_row()
        _publish(client, state)
        return state
    return _read_row()


def _advance(seen: _State) -> _State:
    """The due moment has passed: move to a new generation, once across all processes."""
    from .models import CacheGeneration

    now = timezone.now()
    with transaction.atomic():
        CacheGeneration.objects.filter(pk=ROW_ID, counter=seen.counter).update(
            counter=F("counter") + 1, token=_new_token(), next_due=next_due(now)
        )
    state = _read_row()
    client = redis_client()
    if client is not None:
        _publish(client, state)
    return state


def _current(state: _State) -> _State:
    if state.next_due is not None and timezone.now() >= state.next_due:
        return _advance(state)
    return state


def generation() -> str:
    """The key part of every cached public page: it changes when public content changes (`bump()`) and when a
    scheduled change comes due."""
    return _current(_read()).key


# --- The pages ---------------------------------------------------------------------------------------------------
# Without Redis the pages are in Django's cache (local memory); with Redis they are in Redis itself, read together
# with the generation in one round trip (a Lua script: the generation, then the page under it).

PAGE_PREFIX = "tochuc:portal:page:"
_LOOKUP = """
local g = redis.call('GET', KEYS[1])
if not g then return {false, false} end
local counter, token = string.match(g, '^(%d+):([^:]*):')
if not counter then return {g, false} end
return {g, redis.call('GET', ARGV[1] .. counter .. '-' .. token .. ':' .. ARGV[2])}
"""
_scripts: dict[int, object] = {}


def page_get(suffix: str) -> tuple[str, bytes | None]:
    """The current generation and the stored page (its serialized bytes) for `suffix` (what names the page
    within a generation: its address and language), or None."""
    client = redis_client()
    if client is None:
        from django.core.cache import cache

        current = generation()
        return current, cache.get(f"{PAGE_PREFIX}{current}:{suffix}")
    try:
        script = _scripts.get(id(client))
        if script is None:
            script = _scripts[id(client)] = client.register_script(_LOOKUP)
        raw, page = script(keys=[GENERATION_KEY], args=[PAGE_PREFIX, suffix])
    except Exception as exc:
        logger.warning("portal: page cache unavailable (Redis): %s", exc)
        return generation(), None
    state = _State.decode(raw) if raw else None
    if state is None:
        return generation(), None  # copies the row into Redis for the next requests
    current = _current(state)
    if current is not state:
        return current.key, None
    return current.key, page


def page_set(current: str, suffix: str, page: bytes, seconds: int) -> None:
    """Store a page's serialized bytes under the generation it was rendered in."""
    key = f"{PAGE_PREFIX}{current}:{suffix}"
    client = redis_client()
    try:
        if client is None:
            from django.core.cache import cache

            cache.set(key, page, seconds)
        else:
            client.set(key, page, ex=seconds)
    except Exception as exc:
        logger.warning("portal: page not cached: %s", exc)


def bump() -> None:
    """Public content changed: every cached public page is stale. Call it inside the service's transaction,
    after the change; other processes see the new generation when the transaction commits."""
    from .models import CacheGeneration

    _read_row()  # makes sure the row exists
    with transaction.atomic():
        CacheGeneration.objects.filter(pk=ROW_ID).update(
            counter=F("counter") + 1, token=_new_token(), next_due=next_due()
        )
    client = redis_client()
    if client is not None:
        transaction.on_commit(lambda: _publish(client, _read_row()))
