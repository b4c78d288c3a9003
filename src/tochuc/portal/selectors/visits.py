"""Reads of the public counters: the visitor statistics block and live article view counts.

Today's visits and (with Redis) the online counts come from what the request's own counting returned
(`services.visits.live()`), so the block costs no query on the hot path. The sums over past days, and the
online counts kept in the database, are computed at most once per `PORTAL_STATS_MAX_AGE_SECONDS` (default
10) per process: they move slowly, and a page must not wait on an aggregate.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TypeVar

from django.conf import settings
from django.db.models import Count, Q, Sum
from django.utils import timezone

from ..cache import redis_client
from ..models import Article, DailyVisits, Visitor
from ..services import visits as counters

logger = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class VisitorStats:
    """ "Người trực tuyến" (guests, members) over the sliding window, and the visits counted: in all, today,
    this month (days in Asia/Ho_Chi_Minh)."""

    guests: int
    members: int
    visits_total: int
    visits_today: int
    visits_month: int

    @property
    def online(self) -> int:
        return self.guests + self.members


def stats_max_age() -> float:
    return float(getattr(settings, "PORTAL_STATS_MAX_AGE_SECONDS", 10))


_memo: dict[object, tuple[float, object]] = {}


def _memoized(key: object, compute: Callable[[], T]) -> T:
    max_age = stats_max_age()
    now = time.monotonic()
    if max_age > 0:
        hit = _memo.get(key)
        if hit is not None and now - hit[0] < max_age:
            return hit[1]  # type: ignore[return-value]
    value = compute()
    if len(_memo) > 16:
        _memo.clear()
    _memo[key] = (now, value)
    return value


@dataclass(frozen=True)
class _Past:
    total: int  # every day before today
    month: int  # the days of this month before today
    yesterday: int


def _past(today: date) -> _Past:
    yesterday = today - timedelta(days=1)
    agg = DailyVisits.objects.filter(day__lt=today).aggregate(
        total=Sum("visits"),
        month=Sum("visits", filter=Q(day__gte=today.replace(day=1))),
        yesterday=Sum("visits", filter=Q(day=yesterday)),
    )
    return _Past(agg["total"] or 0, agg["month"] or 0, agg["yesterday"] or 0)


def _online_db() -> tuple[int, int]:
    cutoff = timezone.now() - timedelta(seconds=counters.online_window())
    rows = Visitor.objects.filter(last_seen__gte=cutoff).values("is_member").annotate(n=Count("id")).order_by()
    counts = {row["is_member"]: row["n"] for row in rows}
    return counts.get(False, 0), counts.get(True, 0)


def visitor_stats() -> VisitorStats:
    """The figures of the statistics block, live for today and for who is online."""
    today = timezone.localdate()
    yesterday = today - timedelta(days=1)
    current = counters.live()
    past = _memoized(("past", today), lambda: _past(today))
    client = redis_client()
    visits_today = current.today if current is not None else None
    guests = current.guests if current is not None else None
    members = current.members if current is not None else None
    redis_yesterday = current.yesterday if current is not None else None
    if client is not None and (visits_today is None or guests is None):
        try:
            cutoff = time.time() - counters.online_window()
            pipe = client.pipeline(transaction=False)
            pipe.zcount(counters.ONLINE[False], cutoff, "+inf")
            pipe.zcount(counters.ONLINE[True], cutoff, "+inf")
            pipe.get(counters.day_key(today))
            pipe.get(counters.day_key(yesterday))
            g, m, t, y = pipe.execute()
            guests, members = int(g), int(m)
            visits_today = int(t) if t is not None else None
            redis_yesterday = int(y) if y is not None else None
        except Exception as exc:
            logger.warning("portal: statistics read from the database only (Redis): %s", exc)
    if guests is None or members is None:
        guests, members = _memoized("online", _online_db)
    if visits_today is None:
        visits_today = DailyVisits.objects.filter(day=today).values_list("visits", flat=True).first() or 0
    total, month = past.total, past.month
    if redis_yesterday is not None and redis_yesterday > past.yesterday:
        # Yesterday's last visits may still be in Redis only, until the next flush.
        late = redis_yesterday - past.yesterday
        total += late
        if yesterday.month == today.month:
            month += late
    return VisitorStats(
        guests=guests,
        members=members,
        visits_total=total + visits_today,
        visits_today=visits_today,
        visits_month=month + visits_today,
    )


def article_view_counts(ids: Iterable[int]) -> dict[int, int]:
    """Live view counts of the articles: those this request just counted, then Redis, then the database."""
    wanted = list(dict.fromkeys(int(i) for i in ids))
    current = counters.live()
    found: dict[int, int] = {}
    if current is not None:
        found.update({i: current.views[i] for i in wanted if i in current.views})
    rest = [i for i in wanted if i not in found]
    client = redis_client() if rest else None
    if client is not None:
        try:
            values = client.mget([counters.view_key(i) for i in rest])
        except Exception as exc:
            logger.warning("portal: view counts read from the database (Redis): %s", exc)
        else:
            found.update({i: int(v) for i, v in zip(rest, values, strict=True) if v is not None})
            rest = [i for i in rest if i not in found]
    if rest:
        found.update(Article.objects.filter(pk__in=rest).values_list("id", "view_count"))
    return found
