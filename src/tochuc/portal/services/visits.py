"""The public counters: a visit per public page request, a view per article shown, who is online now.

Counts are exact under concurrency and never hold a page up:

- **Without Redis** every count is one atomic statement in the database: `INSERT … ON CONFLICT (day) DO UPDATE
  SET visits = visits + 1 RETURNING visits` on the day's `DailyVisits` row (where the database cannot return
  rows: an UPDATE, and for the day's first visit an INSERT in a savepoint, retried as an UPDATE on the
  IntegrityError of a concurrent INSERT), `UPDATE … SET view_count = view_count + 1 … RETURNING view_count`
  on the article. The numbers they return are this request's live figures, so the
  statistics block costs no further query. Who is online is an upsert of the visitor's `Visitor` row,
  written at most every `online_resolution()` seconds per visitor and process, and rows older than the
  window are deleted at most once a minute per process (an indexed DELETE), not on every request.
- **With Redis** (`REDIS_URL`) a request is one pipelined round trip: INCR of the day's counter, ZADD of the
  visitor to the sorted set of guests or members (scored by time, the older ones trimmed), ZCARD of both.
  An article view is an INCR of its counter. Redis keeps absolute counts, seeded from the database when a
  key is first created (a new day, a Redis restarted empty: a SET NX before the key's first INCR, so that a
  flush cannot already hold some of its increments), so flushing is idempotent: `counters_flush()`
  writes `visits = GREATEST(visits, redis)` and `view_count = GREATEST(view_count, redis)`. It runs from the
  request path once per `PORTAL_COUNTER_FLUSH_SECONDS` (default 60) across all processes (a Redis lock),
  and from the benchmark; counts are durable in the database within that interval (and at once in Redis
  itself when it runs with persistence, as docs/deploy.md should say). A Redis error is logged and the
  request goes uncounted rather than failing.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.utils import timezone

from ..cache import redis_client
from ..models import Article, DailyVisits, Visitor

logger = logging.getLogger(__name__)

PREFIX = "tochuc:portal:"
VIEWS_DIRTY = PREFIX + "views:dirty"
ONLINE = {False: PREFIX + "online:guests", True: PREFIX + "online:members"}
FLUSH_LOCK = PREFIX + "flush"
DAY_KEY_SECONDS = 4 * 86400
VIEW_KEY_SECONDS = 14 * 86400


def day_key(day: date) -> str:
    return f"{PREFIX}visits:{day.isoformat()}"


def view_key(article_id: int) -> str:
    return f"{PREFIX}views:{article_id}"


def online_window() -> int:
    """Seconds a visitor stays "online" after their last request (`PORTAL_ONLINE_WINDOW_SECONDS`, 300)."""
    return int(getattr(settings, "PORTAL_ONLINE_WINDOW_SECONDS", 300))


def online_resolution() -> float:
    """How stale a visitor's `last_seen` may be in the database: a tenth of the window, 30 s at most."""
    return min(30.0, online_window() / 10)


@dataclass
class Live:
    """What this request learned while counting, so that the statistics block and the view-count markers need
    no further read: today's visits, the online counts (Redis), yesterday's Redis count, the articles viewed
    (replayed by `public_page` when the page comes from the cache) and their new counts."""

    today: int | None = None
    yesterday: int | None = None
    guests: int | None = None
    members: int | None = None
    viewed: list[int] = field(default_factory=list)
    views: dict[int, int] = field(default_factory=dict)


_live: ContextVar[Live | None] = ContextVar("portal_live", default=None)


def live() -> Live | None:
    """This request's `Live` figures, when a public page is being served."""
    return _live.get()


def live_begin() -> object:
    """Start collecting a request's figures; returns the token for `live_end`."""
    return _live.set(Live())


def live_end(token) -> None:
    _live.reset(token)


def _returning() -> bool:
    # UPDATE … RETURNING: PostgreSQL, and SQLite from 3.35 (the same version that returns rows from INSERT).
    return connection.vendor == "postgresql" or (
        connection.vendor == "sqlite" and connection.features.can_return_rows_from_bulk_insert
    )


def _increment(table: str, column: str, where: str, value) -> int | None:
    """`UPDATE table SET column = column + 1 WHERE where = value`, and the new value (None: no such row)."""
    qn = connection.ops.quote_name
    sql = f"UPDATE {qn(table)} SET {qn(column)} = {qn(column)} + 1 WHERE {qn(where)} = %s"
    with connection.cursor() as cursor:
        if _returning():
            cursor.execute(sql + f" RETURNING {qn(column)}", [value])
            row = cursor.fetchone()
            return None if row is None else int(row[0])
        cursor.execute(sql, [value])
        if cursor.rowcount == 0:
            return None
        cursor.execute(f"SELECT {qn(column)} FROM {qn(table)} WHERE {qn(where)} = %s", [value])
        return int(cursor.fetchone()[0])


# --- Article views -----------------------------------------------------------------------------------------


def article_viewed(article_id: int) -> None:
    """Count one view of the article (the article view calls it when it shows the article; `public_page`
    replays it when it serves the page from the cache). Exact under concurrency."""
    current = _live.get()
    if current is not None:
        current.viewed.append(article_id)
    client = redis_client()
    count = _view_redis(client, article_id) if client is not None else _view_db(article_id)
    if current is not None and count is not None:
        current.views[article_id] = count


def _view_db(article_id: int) -> int | None:
    return _increment(Article._meta.db_table, "view_count", "id", article_id)


# INCR only a counter that exists (KEYS[1]; ARGV[1]: seconds to live), else nil: a new counter is first seeded
# from the database (`_seed`). Seeding after the INCR would race with a flush that already wrote this
# counter's first increments into the database, and count them twice.
_INCR_EXISTING = """
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
local n = redis.call('INCR', KEYS[1])
redis.call('EXPIRE', KEYS[1], ARGV[1])
return n
"""
_shas: dict[int, str] = {}


def _execute(client, fill) -> list:
    """Run a pipeline that `fill(pipe, incr)` fills, where `incr(pipe, key, seconds)` queues an INCR of an existing
    counter. The script is loaded once per process; after a Redis restart (NOSCRIPT) it is loaded again and the
    pipeline run again: none of its INCRs ran, and the other commands are idempotent."""
    from redis.exceptions import NoScriptError

    for attempt in (1, 2):
        sha = _shas.get(id(client))
        if sha is None:
            sha = _shas[id(client)] = client.script_load(_INCR_EXISTING)
        pipe = client.pipeline(transaction=False)
        fill(pipe, lambda p, key, seconds, sha=sha: p.evalsha(sha, 1, key, seconds))
        try:
            return pipe.execute()
        except NoScriptError:
            _shas.pop(id(client), None)
            if attempt == 2:
                raise
    return []


def _seed(client, key: str, stored, seconds: int) -> int:
    """Create the counter `key` from the database's count (`stored()`) unless another request just did, and
    count this one. Only the first SET NX of the key's life wins, and it read the database before the key
    existed, so before any of its increments could have been flushed there."""
    client.set(key, int(stored() or 0), nx=True, ex=seconds)
    return int(client.incr(key))


def _stored_views(article_id: int):
    return lambda: Article.objects.filter(pk=article_id).values_list("view_count", flat=True).first()


def _seed_view(client, article_id: int) -> int:
    count = _seed(client, view_key(article_id), _stored_views(article_id), VIEW_KEY_SECONDS)
    client.sadd(VIEWS_DIRTY, article_id)  # after the INCR: a flush meanwhile may have taken the article out
    return count


def _view_redis(client, article_id: int) -> int | None:
    key = view_key(article_id)

    def fill(pipe, incr):
        incr(pipe, key, VIEW_KEY_SECONDS)
        pipe.sadd(VIEWS_DIRTY, article_id)

    try:
        count = _execute(client, fill)[0]
        if count is None:
            count = _seed_view(client, article_id)
    except Exception as exc:
        logger.warning("portal: article view not counted (Redis): %s", exc)
        return None
    _maybe_flush(client)
    return int(count)


def article_views(article_id: int) -> int:
    """The article's view count, live (Redis when set, else the database)."""
    from ..selectors.visits import article_view_counts

    return article_view_counts([article_id]).get(article_id, 0)


# --- Visits and who is online ------------------------------------------------------------------------------


def visit_record(*, visitor: str, member: bool, guest_key: str = "", viewed: Sequence[int] = ()) -> None:
    """Count one visit of the public site and mark the visitor online; with it, one view of each article in
    `viewed` (a page served from the cache counts the articles its view counted), in the same round trip or
    transaction. `visitor` is the key they are known by ("u<id>" for a logged-in user, the hash of the visitor
    cookie otherwise); `guest_key` is that hash when a member is logged in, so that they stop counting as a
    guest."""
    client = redis_client()
    if client is not None:
        _visit_redis(client, visitor, member, guest_key, viewed)
    else:
        _visit_db(visitor, member, guest_key, viewed)


def _count_day_db(day: date) -> int:
    """One more visit on the day's row, created if it is the day's first: one upsert statement where the database
    returns rows from it, else an UPDATE and, for the first visit, an INSERT in a savepoint (the loser of two
    concurrent INSERTs updates)."""
    table = DailyVisits._meta.db_table
    if _returning():
        qn = connection.ops.quote_name
        sql = (
            f"INSERT INTO {qn(table)} ({qn('day')}, {qn('visits')}) VALUES (%s, 1) ON CONFLICT ({qn('day')}) "
            f"DO UPDATE SET {qn('visits')} = {qn(table)}.{qn('visits')} + 1 RETURNING {qn('visits')}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [day])
            return int(cursor.fetchone()[0])
    count = _increment(table, "visits", "day", day)
    if count is None:
        try:
            with transaction.atomic():
                DailyVisits.objects.create(day=day, visits=1)
            return 1
        except IntegrityError:  # another request created the day's row first
            count = _increment(table, "visits", "day", day)
    return int(count or 0)


# Per process: when each visitor's row was last written, and when old rows were last pruned.
_written: dict[str, tuple[float, bool]] = {}
_pruned = [0.0]
_WRITTEN_MAX = 50_000
PRUNE_EVERY = 60.0


def _visit_db(visitor: str, member: bool, guest_key: str, viewed: Sequence[int]) -> None:
    # Each count is one atomic statement of its own, committed at once: none waits for another, and a writer
    # holds SQLite's lock for a single statement.
    now = timezone.now()
    views: dict[int, int] = {}
    for article_id in viewed:
        count = _view_db(article_id)
        if count is not None:
            views[article_id] = count
    today = _count_day_db(timezone.localdate(now))
    _online_db(visitor, member, guest_key, now)
    current = _live.get()
    if current is not None:
        current.today = today
        current.views.update(views)


def _online_db(visitor: str, member: bool, guest_key: str, now) -> None:
    tick = time.monotonic()
    seen = _written.get(visitor)
    if seen is None or seen[1] != member or tick - seen[0] >= online_resolution():
        if len(_written) > _WRITTEN_MAX:
            _written.clear()
        _written[visitor] = (tick, member)
        Visitor.objects.bulk_create(
            [Visitor(key=visitor, is_member=member, last_seen=now)],
            update_conflicts=True,
            unique_fields=["key"],
            update_fields=["is_member", "last_seen"],
        )
        if member and guest_key:
            Visitor.objects.filter(key=guest_key).delete()
    if tick - _pruned[0] >= PRUNE_EVERY:
        _pruned[0] = tick
        visitors_prune(now=now)


def visitors_prune(*, now=None) -> int:
    """Delete the `Visitor` rows older than the online window (an indexed range delete)."""
    cutoff = (now or timezone.now()) - timedelta(seconds=online_window())
    return Visitor.objects.filter(last_seen__lt=cutoff).delete()[0]


# A visit in one command: what `_INCR_EXISTING` does for the day's counter and for each article counted (-1: the
# counter is missing and must be seeded), the visitor marked online and the old ones trimmed, both online counts
# and yesterday's count (-1: none). One reply to parse instead of ten: the Redis client's own work was a third of
# a cached page's time.
# KEYS: the day's counter, the guests, the members, yesterday's counter, the set of articles to flush, then one
# view counter per article. ARGV: the day's and the views' seconds to live, the visitor, now, the cut-off, 1 for
# a member, the guest key to drop ('' for none), then the articles' ids.
_VISIT = """
local function incr_existing(key, seconds)
  if redis.call('EXISTS', key) == 0 then return -1 end
  local n = redis.call('INCR', key)
  redis.call('EXPIRE', key, seconds)
  return n
end
local articles = #KEYS - 5
local out = {}
for i = 1, articles do out[4 + i] = incr_existing(KEYS[5 + i], ARGV[2]) end
if articles > 0 then redis.call('SADD', KEYS[5], unpack(ARGV, 8, 7 + articles)) end
out[1] = incr_existing(KEYS[1], ARGV[1])
if ARGV[6] == '1' then
  redis.call('ZADD', KEYS[3], ARGV[4], ARGV[3])
  if ARGV[7] ~= '' then redis.call('ZREM', KEYS[2], ARGV[7]) end
else
  redis.call('ZADD', KEYS[2], ARGV[4], ARGV[3])
end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[5])
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', ARGV[5])
out[2] = redis.call('ZCARD', KEYS[2])
out[3] = redis.call('ZCARD', KEYS[3])
local yesterday = redis.call('GET', KEYS[4])
out[4] = yesterday and tonumber(yesterday) or -1
return out
"""
_scripts: dict[tuple[int, str], object] = {}


def _script(client, source: str):
    """The script registered with this client: run by EVALSHA, loaded again by redis-py after a Redis restart
    (NOSCRIPT: it did not run, so running it again counts nothing twice)."""
    script = _scripts.get((id(client), source))
    if script is None:
        script = _scripts[(id(client), source)] = client.register_script(source)
    return script


def _visit_redis(client, visitor: str, member: bool, guest_key: str, viewed: Sequence[int]) -> None:
    now = time.time()
    today = timezone.localdate()
    key = day_key(today)
    views: dict[int, int] = {}
    keys = [key, ONLINE[False], ONLINE[True], day_key(today - timedelta(days=1)), VIEWS_DIRTY]
    keys += [view_key(article_id) for article_id in viewed]
    args = [DAY_KEY_SECONDS, VIEW_KEY_SECONDS, visitor, repr(now), repr(now - online_window()), int(member)]
    args += [guest_key if member else "", *viewed]
    try:
        count, guests, members, yesterday, *view_counts = _script(client, _VISIT)(keys=keys, args=args)
        for article_id, views_now in zip(viewed, view_counts, strict=True):
            if views_now < 0:
                views_now = _seed_view(client, article_id)
            views[article_id] = int(views_now)
        if count < 0:
            # The day's first visit in Redis: it continues from what the database holds for the day.
            stored = DailyVisits.objects.filter(day=today).values_list("visits", flat=True).first
            count = _seed(client, key, stored, DAY_KEY_SECONDS)
        count = int(count)
    except Exception as exc:
        logger.warning("portal: visit not counted (Redis): %s", exc)
        return
    current = _live.get()
    if current is not None:
        current.today = count
        current.views.update(views)
        current.guests, current.members = int(guests), int(members)
        current.yesterday = int(yesterday) if yesterday >= 0 else None
    _maybe_flush(client)


# --- Flushing Redis into the database ----------------------------------------------------------------------

_flush_tried = [0.0]


def flush_interval() -> float:
    return float(getattr(settings, "PORTAL_COUNTER_FLUSH_SECONDS", 60))


def _maybe_flush(client) -> None:
    """Flush once per interval across all processes: each process asks for the Redis lock at most once per
    interval, and only the one that gets it writes."""
    tick = time.monotonic()
    if tick - _flush_tried[0] < flush_interval():
        return
    _flush_tried[0] = tick
    try:
        if not client.set(FLUSH_LOCK, "1", nx=True, ex=max(1, int(flush_interval()))):
            return
        counters_flush()
    except Exception as exc:
        logger.warning("portal: counters not flushed: %s", exc)


def _store_day(day: date, visits: int) -> None:
    if DailyVisits.objects.filter(day=day).update(visits=Greatest(F("visits"), visits)):
        return
    try:
        with transaction.atomic():
            DailyVisits.objects.create(day=day, visits=visits)
    except IntegrityError:
        DailyVisits.objects.filter(day=day).update(visits=Greatest(F("visits"), visits))


def counters_flush() -> dict[str, int]:
    """Write Redis's counts into the database (idempotent: each stored count becomes the larger of the two).
    Nothing to do without Redis, where the database is counted directly. Returns what was written."""
    client = redis_client()
    if client is None:
        return {"days": 0, "articles": 0}
    today = timezone.localdate()
    days = [today - timedelta(days=n) for n in range(3)]
    written = {"days": 0, "articles": 0}
    for day, value in zip(days, client.mget([day_key(d) for d in days]), strict=True):
        if value is not None:
            with transaction.atomic():
                _store_day(day, int(value))
            written["days"] += 1
    ids = [int(i) for i in client.smembers(VIEWS_DIRTY)]
    if ids:
        # Taken out of the set before reading the counts: a view arriving meanwhile puts its article back.
        client.srem(VIEWS_DIRTY, *ids)
        try:
            values = client.mget([view_key(i) for i in ids])
            with transaction.atomic():
                for article_id, value in zip(ids, values, strict=True):
                    if value is not None:
                        Article.objects.filter(pk=article_id).update(view_count=Greatest(F("view_count"), int(value)))
                        written["articles"] += 1
        except Exception:
            client.sadd(VIEWS_DIRTY, *ids)
            raise
    return written
