"""Conferences (hội nghị) an org held, where localities raise recommendations and commendations may be
presented: recorded by the org's office once held, corrected afterwards."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext as _

from tochuc.accounts.roles import Action
from tochuc.core.audit import audit_record, created, diff, snapshot
from tochuc.core.errors import DomainError
from tochuc.core.scope import require
from tochuc.core.text import fold
from tochuc.orgs.models import Org

from ..choices import ConferenceKind
from ..models import Conference
from .proposals import clean_text

FIELDS = ["org", "title", "kind", "held_on", "place"]


def _fmt(d: date) -> str:
    return d.strftime("%d/%m/%Y")


def _check(*, org: Org, title: str, kind: str, held_on: date | None, place: str, exclude: int | None = None) -> dict:
    text = clean_text({"title": title, "place": place}, {"title": _("Nhập tên hội nghị.")}, Conference)
    if kind not in ConferenceKind.values:
        raise DomainError(_("Chọn loại hội nghị."), field="kind")
    if held_on is None:
        raise DomainError(_("Nhập ngày tổ chức hội nghị."), field="held_on")
    if held_on > timezone.localdate():
        raise DomainError(_("Ghi nhận hội nghị đã tổ chức: ngày tổ chức không được sau hôm nay."), field="held_on")
    if held_on < org.opened_on:
        raise DomainError(
            _("«%(o)s» thành lập ngày %(d)s, sau ngày tổ chức hội nghị.") % {"o": org.name, "d": _fmt(org.opened_on)},
            field="held_on",
        )
    if org.closed_on is not None and held_on > org.closed_on:
        raise DomainError(
            _("«%(o)s» đã kết thúc hoạt động ngày %(d)s.") % {"o": org.name, "d": _fmt(org.closed_on)},
            field="held_on",
        )
    folded = fold(text["title"])
    same_day = Conference.objects.filter(org=org, held_on=held_on).exclude(pk=exclude).values_list("title", flat=True)
    if any(fold(t) == folded for t in same_day):
        raise DomainError(
            _("«%(o)s» đã có hội nghị này ngày %(d)s.") % {"o": org.name, "d": _fmt(held_on)}, field="title"
        )
    return text


@transaction.atomic
def conference_create(*, actor, org: Org, title: str, kind: str, held_on: date, place: str = "") -> Conference:
    """Record a conference `org` held on `held_on`."""
    if actor is not None:
        require(actor, Action.CREATE, org.path)
    org = Org.objects.get(pk=org.pk)
    text = _check(org=org, title=title, kind=kind, held_on=held_on, place=place)
    conference = Conference.objects.create(
        org=org,
        title=text["title"],
        title_folded=fold(text["title"])[:255],
        kind=kind,
        held_on=held_on,
        place=text["place"],
    )
    audit_record(
        actor=actor,
        action="conference.create",
        obj=conference,
        org_path=org.path,
        changes=created(snapshot(conference, FIELDS)),
    )
    return conference


@transaction.atomic
def conference_update(
    *, actor, conference: Conference, title: str, kind: str, held_on: date, place: str = ""
) -> Conference:
    """Correct a conference's particulars; its date stays before every assignment of its recommendations."""
    conference = Conference.objects.select_for_update(of=("self",)).select_related("org").get(pk=conference.pk)
    if actor is not None:
        require(actor, Action.EDIT, conference.org.path)
    text = _check(org=conference.org, title=title, kind=kind, held_on=held_on, place=place, exclude=conference.pk)
    first_assigned = conference.recommendations.aggregate(d=Min("assigned_on"))["d"]
    if first_assigned is not None and held_on > first_assigned:
        raise DomainError(
            _("Có kiến nghị của hội nghị đã giao xử lý ngày %(d)s, trước ngày này.") % {"d": _fmt(first_assigned)},
            field="held_on",
        )
    before = snapshot(conference, FIELDS)
    conference.title, conference.title_folded = text["title"], fold(text["title"])[:255]
    conference.kind, conference.held_on, conference.place = kind, held_on, text["place"]
    conference.save(update_fields=["title", "title_folded", "kind", "held_on", "place"])
    audit_record(
        actor=actor,
        action="conference.update",
        obj=conference,
        org_path=conference.org.path,
        changes=diff(before, snapshot(conference, FIELDS)),
    )
    return conference
