"""Polls (Bình chọn): the editorial office's writes, and the public's vote.

Who may do what (a poll speaks to the public in the committee's name, as an article does):
- an officer with WRITE_NEWS (editor, chief editor) creates a poll and edits it while it is hidden; it is
  created hidden unless its author also has PUBLISH_NEWS and asks to show it at once;
- PUBLISH_NEWS (chief editor, leader) shows it on the portal or hides it, closes it early, and is needed to
  edit or delete a poll that is shown;
- once a poll has votes its question and options are frozen (only its closing time may move, not into the
  past), and it cannot be deleted, only hidden.
The scope is the org of the poll's author (`selectors.polls.poll_path`). Every office write is audited and
bumps the public cache generation. A vote is a counter, not an editorial act: it is not audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from tochuc.accounts.roles import Action
from tochuc.core.audit import audit_record
from tochuc.core.errors import DomainError
from tochuc.core.scope import require
from tochuc.core.text import fold

from .. import cache
from ..models import Option, Poll, Vote
from ..selectors.polls import poll_path

MIN_OPTIONS = 2
MAX_OPTIONS = 10


def votes_per_ip_hour() -> int:
    """At most this many votes on one poll from one address in an hour (`PORTAL_POLL_VOTES_PER_IP_HOUR`, 20):
    enough for the offices and households behind one address, not for a script."""
    return int(getattr(settings, "PORTAL_POLL_VOTES_PER_IP_HOUR", 20))


def _when(value: datetime) -> str:
    return timezone.localtime(value).strftime("%H:%M %d/%m/%Y")


@dataclass(frozen=True)
class _Clean:
    question: str
    opens_at: datetime
    closes_at: datetime
    options: tuple[str, ...]


def _clean(*, question: str, opens_at: datetime | None, closes_at: datetime | None, options: list[str]) -> _Clean:
    question = " ".join(str(question or "").split())
    if not question:
        raise DomainError(_("Nhập câu hỏi bình chọn."), field="question")
    if len(question) > 255:
        raise DomainError(_("Câu hỏi dài quá 255 ký tự."), field="question")
    if opens_at is None:
        raise DomainError(_("Nhập thời điểm mở bình chọn."), field="opens_at")
    if closes_at is None:
        raise DomainError(_("Nhập thời điểm đóng bình chọn."), field="closes_at")
    if closes_at <= opens_at:
        raise DomainError(_("Thời điểm đóng phải sau thời điểm mở."), field="closes_at")
    texts = [" ".join(str(t or "").split()) for t in options]
    texts = [t for t in texts if t]
    if not MIN_OPTIONS <= len(texts) <= MAX_OPTIONS:
        raise DomainError(
            _("Cần từ %(lo)s đến %(hi)s phương án (đang có %(n)s).")
            % {"lo": MIN_OPTIONS, "hi": MAX_OPTIONS, "n": len(texts)},
            field="options",
        )
    seen: set[str] = set()
    for text in texts:
        if len(text) > 255:
            raise DomainError(_("Phương án «%(t)s…» dài quá 255 ký tự.") % {"t": text[:40]}, field="options")
        if fold(text) in seen:
            raise DomainError(_("Phương án «%(t)s» bị trùng.") % {"t": text}, field="options")
        seen.add(fold(text))
    return _Clean(question, opens_at, closes_at, tuple(texts))


def _snapshot(poll: Poll) -> dict[str, Any]:
    return {
        "question": poll.question,
        "opens_at": poll.opens_at,
        "closes_at": poll.closes_at,
        "is_active": poll.is_active,
        "options": [o.text for o in poll.options.order_by("position", "id")],
    }


def _changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {k: {"before": before.get(k), "after": v} for k, v in after.items() if before.get(k) != v}


def _lock(poll: Poll) -> Poll:
    return Poll.objects.select_for_update(of=("self",)).select_related("created_by__org").get(pk=poll.pk)


def _require_shown_rights(actor, poll: Poll, path: str) -> None:
    if poll.is_active:
        require(actor, Action.PUBLISH_NEWS, path)


@transaction.atomic
def poll_create(
    *,
    actor,
    question: str,
    opens_at: datetime,
    closes_at: datetime,
    options: list[str],
    show: bool = False,
) -> Poll:
    """A poll with 2 to 10 options; hidden unless `show` and the author may publish."""
    require(actor, Action.WRITE_NEWS)
    values = _clean(question=question, opens_at=opens_at, closes_at=closes_at, options=options)
    if values.closes_at <= timezone.now():
        raise DomainError(_("Thời điểm đóng bình chọn đã qua."), field="closes_at")
    if show:
        require(actor, Action.PUBLISH_NEWS)
    poll = Poll.objects.create(
        question=values.question,
        opens_at=values.opens_at,
        closes_at=values.closes_at,
        is_active=bool(show),
        created_by=actor,
    )
    Option.objects.bulk_create([Option(poll=poll, text=t, position=i) for i, t in enumerate(values.options, 1)])
    audit_record(
        actor=actor,
        action="poll.save",
        obj=poll,
        org_path=poll_path(poll),
        changes=_changes({}, _snapshot(poll)),
    )
    cache.bump()
    return poll


@transaction.atomic
def poll_update(
    *,
    actor,
    poll: Poll,
    question: str,
    opens_at: datetime,
    closes_at: datetime,
    options: list[str],
) -> Poll:
    """Edit a poll. Shown: needs PUBLISH_NEWS too. With votes: only the closing time may change."""
    poll = _lock(poll)
    path = poll_path(poll)
    require(actor, Action.WRITE_NEWS, path)
    _require_shown_rights(actor, poll, path)
    values = _clean(question=question, opens_at=opens_at, closes_at=closes_at, options=options)
    before = _snapshot(poll)
    has_votes = Vote.objects.filter(poll=poll).exists()
    if has_votes and (
        values.question != poll.question
        or list(values.options) != before["options"]
        or values.opens_at != poll.opens_at
    ):
        raise DomainError(
            _(
                "Bình chọn đã có phiếu: không thể sửa câu hỏi, các phương án hay thời điểm mở; "
                "chỉ đổi được thời điểm đóng."
            )
        )
    if values.closes_at != poll.closes_at and values.closes_at <= timezone.now():
        raise DomainError(_("Thời điểm đóng mới đã qua: dùng «Đóng bình chọn» để kết thúc ngay."), field="closes_at")
    poll.question, poll.opens_at, poll.closes_at = values.question, values.opens_at, values.closes_at
    poll.save(update_fields=["question", "opens_at", "closes_at"])
    if list(values.options) != before["options"]:
        Option.objects.filter(poll=poll).delete()
        Option.objects.bulk_create([Option(poll=poll, text=t, position=i) for i, t in enumerate(values.options, 1)])
    changes = _changes(before, _snapshot(poll))
    if changes:
        audit_record(actor=actor, action="poll.save", obj=poll, org_path=path, changes=changes)
        cache.bump()
    return poll


def _set_shown(*, actor, poll: Poll, shown: bool) -> Poll:
    poll = _lock(poll)
    path = poll_path(poll)
    require(actor, Action.PUBLISH_NEWS, path)
    if poll.is_active == shown:
        return poll
    poll.is_active = shown
    poll.save(update_fields=["is_active"])
    audit_record(
        actor=actor,
        action="poll.show" if shown else "poll.hide",
        obj=poll,
        org_path=path,
        changes={"is_active": {"before": not shown, "after": shown}},
    )
    cache.bump()
    return poll


@transaction.atomic
def poll_show(*, actor, poll: Poll) -> Poll:
    """Show the poll on the portal (from its opening time)."""
    poll = _lock(poll)
    if poll.closes_at <= timezone.now():
        raise DomainError(_("Bình chọn đã kết thúc lúc %(t)s.") % {"t": _when(poll.closes_at)})
    return _set_shown(actor=actor, poll=poll, shown=True)


@transaction.atomic
def poll_hide(*, actor, poll: Poll) -> Poll:
    """Take the poll off the portal (its votes are kept; it can be shown again)."""
    return _set_shown(actor=actor, poll=poll, shown=False)


@transaction.atomic
def poll_close(*, actor, poll: Poll) -> Poll:
    """Close an open poll now: voting ends, the results stay public."""
    poll = _lock(poll)
    path = poll_path(poll)
    require(actor, Action.PUBLISH_NEWS, path)
    now = timezone.now()
    if now >= poll.closes_at:
        raise DomainError(_("Bình chọn đã kết thúc lúc %(t)s.") % {"t": _when(poll.closes_at)})
    if now < poll.opens_at:
        raise DomainError(_("Bình chọn chưa mở: sửa thời điểm hoặc ẩn bình chọn thay vì đóng."))
    before = poll.closes_at
    poll.closes_at = max(now, poll.opens_at + timedelta(seconds=1))
    poll.save(update_fields=["closes_at"])
    audit_record(
        actor=actor,
        action="poll.close",
        obj=poll,
        org_path=path,
        changes={"closes_at": {"before": before, "after": poll.closes_at}},
    )
    cache.bump()
    return poll


@transaction.atomic
def poll_delete(*, actor, poll: Poll) -> None:
    """Delete a poll that has no vote (a shown one needs PUBLISH_NEWS)."""
    poll = _lock(poll)
    path = poll_path(poll)
    require(actor, Action.WRITE_NEWS, path)
    _require_shown_rights(actor, poll, path)
    if Vote.objects.filter(poll=poll).exists():
        raise DomainError(_("Bình chọn đã có phiếu: không xóa được, chỉ có thể ẩn."))
    audit_record(actor=actor, action="poll.delete", obj=poll, org_path=path, changes=_changes(_snapshot(poll), {}))
    poll.delete()
    cache.bump()


# --- The public's vote -----------------------------------------------------------------------------------------


@transaction.atomic
def poll_vote(*, poll_id: int, option_id: int | None, voter: str, user=None, ip: str | None = None) -> Vote:
    """Record one vote and count it on its option in the same transaction, so that the counts always equal
    the rows. One vote per visitor cookie (`voter`, its hash) and per logged-in user (unique constraints), at
    most `votes_per_ip_hour()` votes per address on a poll in an hour. The poll's row is locked, so that
    votes on one poll queue and the address limit holds exactly."""
    poll = Poll.objects.select_for_update().filter(pk=poll_id, is_active=True).first()
    if poll is None:
        raise DomainError(_("Không tìm thấy bình chọn này."), code="not_found")
    now = timezone.now()
    if now < poll.opens_at:
        raise DomainError(_("Bình chọn này chưa bắt đầu: mở từ %(t)s.") % {"t": _when(poll.opens_at)}, code="not_open")
    if now >= poll.closes_at:
        raise DomainError(_("Bình chọn này đã kết thúc lúc %(t)s.") % {"t": _when(poll.closes_at)}, code="closed")
    if not voter:
        raise DomainError(
            _("Trình duyệt của bạn cần cho phép cookie để bình chọn: bật cookie rồi tải lại trang."), code="cookie"
        )
    if option_id is None or not Option.objects.filter(pk=option_id, poll=poll).exists():
        raise DomainError(_("Hãy chọn một phương án."), field="option", code="option")
    member = user if user is not None and getattr(user, "is_authenticated", False) else None
    if member is not None and Vote.objects.filter(poll=poll, user=member).exists():
        raise DomainError(_("Tài khoản của bạn đã bình chọn câu hỏi này."), code="voted")
    if Vote.objects.filter(poll=poll, voter=voter).exists():
        raise DomainError(_("Bạn đã bình chọn câu hỏi này."), code="voted")
    if ip:
        recent = Vote.objects.filter(poll=poll, ip=ip, created_at__gte=now - timedelta(hours=1)).count()
        if recent >= votes_per_ip_hour():
            raise DomainError(
                _(
                    "Đã có quá nhiều lượt bình chọn từ địa chỉ mạng của bạn trong một giờ qua. "
                    "Xin vui lòng thử lại sau."
                ),
                code="rate",
            )
    try:
        with transaction.atomic():
            vote = Vote.objects.create(poll=poll, option_id=option_id, voter=voter, user=member, ip=ip or None)
    except IntegrityError:
        raise DomainError(_("Bạn đã bình chọn câu hỏi này."), code="voted") from None
    Option.objects.filter(pk=option_id).update(votes=F("votes") + 1)
    return vote
