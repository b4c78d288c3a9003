"""Keep the stored state of a member equal to what their events say (`rules.derive`)."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from ..models import Member, MemberEvent, Membership
from ..rules import Ev, derive, party_age_start

SYNCED = ("status", "in_transit", "temporary_host_id", "exempted", "lost_contact", "admitted_on", "ceremony_on",
          "official_on", "ended_on", "party_age_from", "highest_badge")  # fmt: skip


def events_of(member: Member) -> list[Ev]:
    return [
        Ev(id=e.id, kind=e.kind, on=e.on, org_id=e.org_id, other_org_id=e.other_org_id, data=e.data,
           cancels=e.cancels_id)
        for e in MemberEvent.objects.filter(member=member).order_by("on", "id")
    ]  # fmt: skip


def member_sync(member: Member, *, today: date | None = None) -> Member:
    """Recompute the stored status and flags from the events; save only what changed."""
    state = derive(events_of(member))
    values = {
        "status": state.status or member.status,
        "in_transit": state.in_transit,
        "temporary_host_id": state.temporary_host_id,
        "exempted": state.exempted,
        "lost_contact": state.lost_contact,
        "admitted_on": state.admitted_on,
        "ceremony_on": state.ceremony_on,
        "official_on": state.official_on,
        "ended_on": state.ended_on,
        "party_age_from": (
            # closed gaps only: an open one (out of contact, removed, late with a transfer letter) is still
            # running, so its length is known only on the day asked (rules.party_age_months with all_gaps)
            party_age_start(state.admitted_on, state.gaps, today or timezone.localdate()) if state.admitted_on else None
        ),
        "highest_badge": max(state.badges) if state.badges else None,
    }
    changed = [k for k, v in values.items() if getattr(member, k) != v]
    for k in changed:
        setattr(member, k, values[k])
    if changed:
        member.save(update_fields=[*changed, "updated_at"])
    return member


def close_membership(member: Member, on: date) -> None:
    Membership.objects.filter(member=member, valid_to__isnull=True).update(valid_to=on)


def open_membership(member: Member, org_id: int, on: date, reason: str) -> None:
    close_membership(member, on)
    Membership.objects.create(member=member, org_id=org_id, valid_from=on, reason=reason)
