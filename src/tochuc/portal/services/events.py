"""The featured-events block ("Sự kiện nổi bật") of the home page: a curated, ordered list of events with their
dates, each pointing to an article of the portal or to an address outside it. The office that may publish
keeps it; every change is audited and renders the public pages anew."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from tochuc.core.audit import audit_record, created, diff, snapshot
from tochuc.core.errors import DomainError

from ..models import Article, FeaturedEvent
from .articles import public_changed
from .categories import curator_path
from .ordering import move_one

FIELDS = ["title", "article", "url", "starts_on", "ends_on", "position", "is_active"]


@transaction.atomic
def event_save(
    *,
    actor,
    event: FeaturedEvent | None = None,
    title: str,
    starts_on: date,
    ends_on: date | None = None,
    article: Article | None = None,
    url: str = "",
    position: int | None = None,
    is_active: bool = True,
) -> FeaturedEvent:
    """Add an event (at the end of the block unless `position` says where) or change one. It links to an
    article or to an http(s) address, or to nothing; not to both."""
    org_path = curator_path(actor)
    title = " ".join((title or "").split())
    url = (url or "").strip()
    if not title:
        raise DomainError(_("Nhập tên sự kiện."), field="title")
    if len(title) > 255:
        raise DomainError(_("Tên sự kiện không quá 255 ký tự."), field="title")
    if starts_on is None:
        raise DomainError(_("Nhập ngày bắt đầu."), field="starts_on")
    if ends_on is not None and ends_on < starts_on:
        raise DomainError(_("Ngày kết thúc không được trước ngày bắt đầu."), field="ends_on")
    if article is not None and url:
        raise DomainError(_("Chọn một: liên kết đến tin bài hoặc đến địa chỉ khác, không chọn cả hai."), field="url")
    if url and not url.lower().startswith(("http://", "https://")):
        raise DomainError(_("Địa chỉ liên kết phải bắt đầu bằng http:// hoặc https://."), field="url")
    if position is not None and position < 0:
        raise DomainError(_("Thứ tự là số từ 0 trở lên."), field="position")
    values = {
        "title": title,
        "article": article,
        "url": url,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "is_active": bool(is_active),
    }
    if event is None:
        if position is None:
            position = (FeaturedEvent.objects.aggregate(m=Max("position"))["m"] or 0) + 1
        event = FeaturedEvent.objects.create(position=position, **values)
        changes = created(snapshot(event, FIELDS))
    else:
        event = FeaturedEvent.objects.select_for_update().get(pk=event.pk)
        before = snapshot(event, FIELDS)
        for name, value in values.items():
            setattr(event, name, value)
        if position is not None:
            event.position = position
        event.save(update_fields=FIELDS)
        changes = diff(before, snapshot(event, FIELDS))
    if changes:
        audit_record(actor=actor, action="event.save", obj=event, org_path=org_path, changes=changes)
        public_changed()
    return event


@transaction.atomic
def event_move(*, actor, event: FeaturedEvent, up: bool) -> FeaturedEvent:
    """Move an event one place up or down the block (the block is numbered anew 1, 2, 3 ...)."""
    org_path = curator_path(actor)
    ordered = list(FeaturedEvent.objects.select_for_update().order_by("position", "-starts_on", "pk"))
    moved = move_one(actor=actor, ordered=ordered, pk=event.pk, up=up, action="event.save", org_path=org_path)
    if moved is None:
        return event
    public_changed()
    return moved


@transaction.atomic
def event_delete(*, actor, event: FeaturedEvent) -> None:
    org_path = curator_path(actor)
    event = FeaturedEvent.objects.select_for_update().get(pk=event.pk)
    audit_record(
        actor=actor,
        action="event.delete",
        obj=event,
        org_path=org_path,
        changes={k: {"before": v, "after": None} for k, v in snapshot(event, FIELDS).items()},
    )
    event.delete()
    public_changed()
