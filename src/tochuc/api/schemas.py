"""The shapes the API answers with (and the one it reads: a lifecycle event)."""

from __future__ import annotations

from datetime import date
from typing import Literal

from ninja import Schema
from pydantic import ConfigDict


class Error(Schema):
    detail: str


class FieldError(Schema):
    detail: str
    field: str | None = None
    errors: dict[str, list[str]] = {}


class OrgRef(Schema):
    code: str
    name: str


class OrgChild(OrgRef):
    member_count: int
    closed_on: date | None = None


class OrgOut(Schema):
    code: str
    name: str
    org_type: str
    org_type_label: str
    depth: int
    sector: str
    parent: OrgRef | None = None
    opened_on: date
    closed_on: date | None = None
    close_reason: str = ""
    successor: OrgRef | None = None
    address: str = ""
    admin_unit_code: str = ""
    member_count: int
    children: list[OrgChild]


class MemberBrief(Schema):
    id: int
    full_name: str
    sex: str
    birth_date: date
    org: str
    status: str
    admitted_on: date | None = None
    official_on: date | None = None


class MemberPage(Schema):
    count: int
    page: int
    pages: int
    next: int | None = None
    results: list[MemberBrief]


class MemberOut(Schema):
    id: int
    full_name: str
    other_names: str
    sex: str
    birth_date: date
    ethnic_group: str
    religion: str | None = None  # only for a user who may see the confidential parts of a dossier
    citizen_id: str | None = None  # idem
    org: str
    org_name: str
    status: str
    status_label: str
    in_transit: bool
    admitted_on: date | None = None
    ceremony_on: date | None = None
    official_on: date | None = None
    party_age_from: date | None = None
    card_number: str | None = None
    card_issued_on: date | None = None
    ended_on: date | None = None


class EventOut(Schema):
    id: int
    member_id: int
    kind: str
    kind_label: str
    on: date
    org: str
    other_org: str | None = None
    decision_no: str
    decided_on: date | None = None
    note: str
    cancels_id: int | None = None


class EventFeed(Schema):
    results: list[EventOut]
    next_after_id: int | None = None  # ask again with after_id=this for the following events


# The slugs of the web's event forms (members.views.events.EVENTS), in its order.
EventKind = Literal[
    "ceremony",
    "recognize",
    "transfer_out",
    "temporary_out",
    "temporary_return",
    "transfer_in",
    "exempt",
    "exemption_end",
    "contact_lost",
    "contact_restored",
    "badge",
    "card",
    "remove_probationary",
    "remove",
    "expel",
    "leave",
    "died",
    "reinstate",
    "readmit",
]


class EventIn(Schema):
    """`kind` names the event; the other keys are the fields of that event's form on the web (dates as
    YYYY-MM-DD), checked by that form: see docs/deploy.md, "JSON API"."""

    model_config = ConfigDict(extra="allow")

    kind: EventKind
