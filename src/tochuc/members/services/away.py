"""Members who work away from home (đi làm ăn xa): leaving opens a dated record, returning closes it.

History, not overwrites: a member leaves and returns any number of times, one record each, at most one open
(the database holds that too). Not a lifecycle event: working away changes neither the status nor the org
where the member is counted; a member away for long may in addition be transferred temporarily (§1.5).
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tochuc.accounts.roles import Action
from tochuc.core.audit import audit_record
from tochuc.core.errors import DomainError
from tochuc.core.scope import require

from ..choices import ACTIVE_STATUSES, AwayKind
from ..models import Member, WorkAway
from ..rules import away_place


def _fmt(d: date) -> str:
    return d.strftime("%d/%m/%Y")


def _lock(member: Member) -> Member:
    """The member row locked, so that two clerks recording the same departure cannot both pass the checks."""
    return Member.objects.select_for_update().select_related("org").get(pk=member.pk)


def _snapshot(record: WorkAway) -> dict:
    return {
        "kind": record.kind,
        "place": record.place,
        "employer": record.employer,
        "since": record.since,
        "until": record.until,
    }


def _text(value: str, *, field: str, max_length: int, message: str = "") -> str:
    text = " ".join((value or "").split())
    if message and not text:
        raise DomainError(message, field=field)
    if len(text) > max_length:
        raise DomainError(_("Nội dung dài quá %(n)s ký tự.") % {"n": max_length}, field=field)
    if "\x00" in text:
        raise DomainError(_("Nội dung có ký tự không hợp lệ (NUL)."), field=field)
    return text


@transaction.atomic
def member_away_start(
    *,
    actor,
    member: Member,
    kind: str,
    place: str,
    since: date,
    employer: str = "",
    note: str = "",
) -> WorkAway:
    """Record that an active member has left to work away from home: `kind` (an `AwayKind`), the `place`
    (another province is stored under its official name), the employer if known, the day of leaving.

    Refused: a member who has ended their membership, a day in the future or before the admission, a day
    before the return from the previous spell, a member already recorded as away (record the return first).
    """
    member = _lock(member)
    if actor is not None:
        require(actor, Action.EDIT, member.org.path)
    if member.status not in ACTIVE_STATUSES:
        raise DomainError(
            _("Đảng viên đã thôi sinh hoạt (%(s)s): không ghi nhận đi làm ăn xa.") % {"s": member.get_status_display()}
        )
    if kind not in AwayKind.values:
        raise DomainError(_("Chọn hình thức đi làm ăn xa."), field="kind")
    place = away_place(
        kind, _text(place, field="place", max_length=150, message=_("Ghi nơi đến: tỉnh, thành phố hoặc nước."))
    )
    employer = _text(employer, field="employer", max_length=255)
    if "\x00" in (note or ""):
        raise DomainError(_("Ghi chú có ký tự không hợp lệ (NUL)."), field="note")
    if since > timezone.localdate():
        raise DomainError(_("Ngày đi không được sau ngày hôm nay."), field="since")
    if member.admitted_on and since < member.admitted_on:
        raise DomainError(
            _("Ngày đi phải từ ngày vào Đảng (%(d)s) trở đi.") % {"d": _fmt(member.admitted_on)}, field="since"
        )
    records = WorkAway.objects.filter(member=member)
    current = records.filter(until__isnull=True).first()
    if current is not None:
        raise DomainError(
            _(
                "Đảng viên đang được ghi là đi làm ăn xa (%(p)s, từ ngày %(d)s): "
                "ghi nhận trở về trước khi ghi lần đi mới."
            )
            % {"p": current.place, "d": _fmt(current.since)}
        )
    last_return = records.order_by("-until").values_list("until", flat=True).first()
    if last_return and since < last_return:
        raise DomainError(
            _("Lần đi làm ăn xa trước kết thúc ngày %(d)s: ngày đi phải từ ngày đó trở đi.") % {"d": _fmt(last_return)},
            field="since",
        )
    record = WorkAway.objects.create(
        member=member,
        kind=kind,
        place=place,
        employer=employer,
        since=since,
        note=(note or "").strip(),
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    audit_record(
        actor=actor,
        action="member.away_start",
        obj=member,
        org_path=member.org.path,
        changes={"work_away": {"before": None, "after": _snapshot(record)}},
    )
    return record


@transaction.atomic
def member_away_end(*, actor, member: Member, on: date) -> WorkAway:
    """Record the return of a member working away: the open record is closed on `on` (kept as history).

    Allowed whatever the member's status, so that the record of a member who died or left while away can be
    closed too; refused without an open record, for a day in the future or before the day of leaving.
    """
    member = _lock(member)
    if actor is not None:
        require(actor, Action.EDIT, member.org.path)
    record = WorkAway.objects.select_for_update().filter(member=member, until__isnull=True).first()
    if record is None:
        raise DomainError(_("Đảng viên không có ghi nhận đi làm ăn xa chưa trở về."))
    if on > timezone.localdate():
        raise DomainError(_("Ngày trở về không được sau ngày hôm nay."), field="on")
    if on < record.since:
        raise DomainError(_("Ngày trở về phải từ ngày đi (%(d)s) trở đi.") % {"d": _fmt(record.since)}, field="on")
    before = _snapshot(record)
    record.until = on
    record.save(update_fields=["until"])
    audit_record(
        actor=actor,
        action="member.away_end",
        obj=member,
        org_path=member.org.path,
        changes={"work_away": {"before": before, "after": _snapshot(record)}},
    )
    return record
