"""Reads of polls: the poll the public block shows, a public poll and its live results, whether a visitor has
voted, the archive of past polls, and the editorial office's list (scoped by the org of the poll's author).

A poll's question and options are read once per cache generation and process (`portal.cache`: every change
of a poll bumps it, and its opening and closing moments are due times), so the public block costs no query
for a visitor who has not voted; the counts are read live whenever results are shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from tochuc.core.scope import get_in_scope_or_404, require, scope

from ..models import Option, Poll, Vote

PATH_FIELD = "created_by__org__path"


def poll_path(poll: Poll) -> str:
    """Where a poll lies in the tree: the org of the office whose officer created it ("" for a superuser
    without an org, whom only the nation-wide scope reaches)."""
    org = poll.created_by.org if poll.created_by_id else None
    return org.path if org is not None else ""


@dataclass(frozen=True)
class PollInfo:
    """What the public block shows of a poll, apart from the counts."""

    id: int
    question: str
    opens_at: datetime
    closes_at: datetime
    options: tuple[tuple[int, str], ...]

    def is_open(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at

    def is_closed(self, now: datetime | None = None) -> bool:
        return (now or timezone.now()) >= self.closes_at


def _info(poll: Poll) -> PollInfo:
    return PollInfo(
        id=poll.pk,
        question=poll.question,
        opens_at=poll.opens_at,
        closes_at=poll.closes_at,
        options=tuple((o.pk, o.text) for o in poll.options.all()),
    )


def _public() -> QuerySet[Poll]:
    """Polls the public may see: shown by the office and already opened."""
    return Poll.objects.filter(is_active=True, opens_at__lte=timezone.now())


# Per process, by generation: a generation never changes meaning, so what was read under it stays true.
_by_generation: dict[tuple, PollInfo | None] = {}


def _remembered(key: tuple, read) -> PollInfo | None:
    if key not in _by_generation:
        if len(_by_generation) > 256:
            _by_generation.clear()
        _by_generation[key] = read()
    return _by_generation[key]


def current_poll(*, generation: str) -> PollInfo | None:
    """The open poll of the public block (the most recently opened when several are), or None."""

    def read() -> PollInfo | None:
        now = timezone.now()
        poll = (
            Poll.objects.filter(is_active=True, opens_at__lte=now, closes_at__gt=now)
            .prefetch_related("options")
            .order_by("-opens_at", "-id")
            .first()
        )
        return _info(poll) if poll is not None else None

    return _remembered(("current", generation), read)


def poll_info(*, pk: int, generation: str) -> PollInfo | None:
    """A public poll's question and options (None when the public may not see it)."""

    def read() -> PollInfo | None:
        poll = _public().filter(pk=pk).prefetch_related("options").first()
        return _info(poll) if poll is not None else None

    return _remembered((pk, generation), read)


@dataclass(frozen=True)
class ResultRow:
    option_id: int
    text: str
    votes: int
    percent: float


@dataclass(frozen=True)
class Results:
    total: int
    rows: tuple[ResultRow, ...]


def poll_results(*, poll_id: int) -> Results:
    """The live counts of a poll's options and their share of all votes (one decimal)."""
    options = list(Option.objects.filter(poll_id=poll_id).order_by("position", "id").values_list("id", "text", "votes"))
    total = sum(v for _, _, v in options)
    rows = tuple(
        ResultRow(option_id=i, text=t, votes=v, percent=round(100 * v / total, 1) if total else 0.0)
        for i, t, v in options
    )
    return Results(total=total, rows=rows)


def poll_has_voted(*, poll_id: int, voter: str = "", user=None) -> bool:
    """Whether this visitor cookie (its hash `voter`) or this logged-in user has voted on the poll."""
    cond = Q(voter=voter) if voter else Q(pk__in=[])
    if user is not None and getattr(user, "is_authenticated", False):
        cond |= Q(user=user)
    return Vote.objects.filter(cond, poll_id=poll_id).exists()


def poll_public_get(*, pk: int) -> Poll:
    poll = _public().filter(pk=pk).first()
    if poll is None:
        raise Http404
    return poll


def poll_archive() -> QuerySet[Poll]:
    """The polls the public may see, newest first: the open ones and the past ones."""
    return _public().order_by("-opens_at", "-id")


# --- The editorial office ------------------------------------------------------------------------------------

STATES = ("hidden", "upcoming", "open", "closed")


def poll_state(poll: Poll, now: datetime | None = None) -> str:
    """One of STATES: hidden from the public, shown but not yet open, open, closed."""
    now = now or timezone.now()
    if not poll.is_active:
        return "hidden"
    if now < poll.opens_at:
        return "upcoming"
    if now < poll.closes_at:
        return "open"
    return "closed"


def _can_manage(actor) -> None:
    from tochuc.accounts.roles import Action

    if not (actor.can(Action.WRITE_NEWS) or actor.can(Action.PUBLISH_NEWS)):
        require(actor, Action.WRITE_NEWS)


def poll_list(*, actor, state: str = "", q: str = "") -> QuerySet[Poll]:
    """The polls in the actor's scope with their total votes, newest first; `state` one of STATES."""
    _can_manage(actor)
    qs = scope(Poll.objects.all(), actor, PATH_FIELD).select_related("created_by")
    now = timezone.now()
    if state == "hidden":
        qs = qs.filter(is_active=False)
    elif state == "upcoming":
        qs = qs.filter(is_active=True, opens_at__gt=now)
    elif state == "open":
        qs = qs.filter(is_active=True, opens_at__lte=now, closes_at__gt=now)
    elif state == "closed":
        qs = qs.filter(is_active=True, closes_at__lte=now)
    if q:
        qs = qs.filter(question__icontains=q)
    return qs.annotate(total=Sum("options__votes"), option_count=Count("options", distinct=True)).order_by(
        "-opens_at", "-id"
    )


def poll_get(*, actor, pk: int) -> Poll:
    """A poll of the actor's scope (404 outside it), with its author."""
    _can_manage(actor)
    return get_in_scope_or_404(
        Poll.objects.select_related("created_by__org").prefetch_related("options"), actor, PATH_FIELD, pk=pk
    )


def poll_vote_summary(*, poll: Poll) -> dict[str, int]:
    """For the office: votes in all, by logged-in users, and from distinct addresses."""
    agg = Vote.objects.filter(poll=poll).aggregate(
        total=Count("id"), members=Count("id", filter=Q(user__isnull=False)), addresses=Count("ip", distinct=True)
    )
    return {k: v or 0 for k, v in agg.items()}
