"""The endpoints: thin, like the web's views. Reads go through the apps' selectors (scope inside: 404 outside),
the role is checked with `core.scope.require` (403), events are recorded through the web's own registry."""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Annotated, Literal

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import File, Form, Path, Query, Router, UploadedFile
from ninja.errors import HttpError
from ninja.responses import Status as Reply
from pydantic import BeforeValidator

from tochuc.accounts.roles import Action
from tochuc.core.errors import DomainError
from tochuc.core.scope import require
from tochuc.members import selectors as member_selectors
from tochuc.members import selectors_dossier as dossier_selectors
from tochuc.members import services as member_services
from tochuc.members.choices import Status
from tochuc.members.models import Member, MemberEvent
from tochuc.members.package import MAX_BYTES, package_build, package_filename
from tochuc.members.views.events import EVENTS, _acting_path
from tochuc.orgs import selectors as org_selectors
from tochuc.orgs.models import Org

from . import schemas as s
from . import selectors
from .services import dossier_read_record

router = Router()

PER_PAGE = 100
MAX_ID = 2**63 - 1  # the largest id the databases store (BigAutoField); larger is not an id
ERRORS = {400: s.Error, 401: s.Error, 403: s.Error, 404: s.Error, 422: s.FieldError}

MemberId = Path(..., ge=1, le=MAX_ID)


def _iso_date(value):
    """Only YYYY-MM-DD: pydantic would also read a number as a Unix time ("since=0" is not a date)."""
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("YYYY-MM-DD")
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_date)]
StatusFilter = Literal["", "active", "ended", "all", *Status.values]  # type: ignore[valid-type]


class FormRefused(HttpError):
    """A form or a service refused the event: 422 with the fields and their Vietnamese messages."""

    def __init__(self, errors: dict[str, list[str]]):
        self.errors = errors
        first_field, messages = next(iter(errors.items()))
        super().__init__(422, messages[0])
        self.field = None if first_field == "__all__" else first_field


def _org_ref(org: Org | None) -> dict | None:
    return {"code": org.code, "name": org.name} if org is not None else None


def _org_out(org: Org, children: list[Org], count: int) -> dict:
    return {
        "code": org.code,
        "name": org.name,
        "org_type": org.org_type,
        "org_type_label": str(org.get_org_type_display()),
        "depth": org.depth,
        "sector": org.sector,
        "parent": _org_ref(org.parent),
        "opened_on": org.opened_on,
        "closed_on": org.closed_on,
        "close_reason": org.close_reason,
        "successor": _org_ref(org.successor),
        "address": org.address,
        "admin_unit_code": org.admin_unit_code,
        "member_count": count,
        "children": [
            {"code": c.code, "name": c.name, "member_count": c.member_count, "closed_on": c.closed_on} for c in children
        ],
    }


def _member_brief(m: Member) -> dict:
    return {
        "id": m.pk,
        "full_name": m.full_name,
        "sex": m.sex,
        "birth_date": m.birth_date,
        "org": m.org.code,
        "status": m.status,
        "admitted_on": m.admitted_on,
        "official_on": m.official_on,
    }


def _member_out(m: Member, *, sensitive: bool) -> dict:
    return {
        "id": m.pk,
        "full_name": m.full_name,
        "other_names": m.other_names,
        "sex": m.sex,
        "birth_date": m.birth_date,
        "ethnic_group": m.ethnic_group,
        # The confidential parts of the dossier (selectors_dossier.can_see_sensitive): not for a viewer.
        "religion": m.religion if sensitive else None,
        "citizen_id": m.citizen_id if sensitive else None,
        "org": m.org.code,
        "org_name": m.org.name,
        "status": m.status,
        "status_label": str(m.get_status_display()),
        "in_transit": m.in_transit,
        "admitted_on": m.admitted_on,
        "ceremony_on": m.ceremony_on,
        "official_on": m.official_on,
        "party_age_from": m.party_age_from,
        "card_number": m.card_number,
        "card_issued_on": m.card_issued_on,
        "ended_on": m.ended_on,
    }


def _event_out(e: MemberEvent) -> dict:
    return {
        "id": e.pk,
        "member_id": e.member_id,
        "kind": e.kind,
        "kind_label": str(e.get_kind_display()),
        "on": e.on,
        "org": e.org.code,
        "other_org": e.other_org.code if e.other_org_id else None,
        "decision_no": e.decision_no,
        "decided_on": e.decided_on,
        "note": e.note,
        "cancels_id": e.cancels_id,
    }


@router.get("/orgs/{code}", response={200: s.OrgOut, **ERRORS}, summary="Một tổ chức đảng và các tổ chức trực thuộc")
def org_detail(request, code: str = Path(..., max_length=40)):
    user = request.auth
    org = org_selectors.org_get(actor=user, code=code)
    require(user, Action.VIEW)
    children = org_selectors.org_children(actor=user, org=org)
    return _org_out(org, children, org_selectors.member_count(org))


@router.get("/members", response={200: s.MemberPage, **ERRORS}, summary="Danh sách đảng viên (phân trang)")
def member_list(
    request,
    org: str = Query("", max_length=40),
    status: Query[StatusFilter] = "",
    q: str = Query("", max_length=100),
    page: int = Query(1, ge=1, le=10**6),
):
    user = request.auth
    # The org is looked up before the role: outside the scope it does not exist (404), whoever asks.
    where = org_selectors.org_get(actor=user, code=org) if org else None
    require(user, Action.LIST)
    result = member_selectors.member_page(actor=user, number=page, per_page=PER_PAGE, org=where, status=status, q=q)
    return {
        "count": result.paginator.count,
        "page": result.number,
        "pages": result.paginator.num_pages,
        "next": result.next_page_number() if result.has_next() else None,
        "results": [_member_brief(m) for m in result.object_list],
    }


@router.get("/members/{int:member_id}", response={200: s.MemberOut, **ERRORS}, summary="Lý lịch một đảng viên")
def member_detail(request, member_id: int = MemberId):
    user = request.auth
    d = dossier_selectors.member_dossier(actor=user, pk=member_id)
    require(user, Action.VIEW)
    dossier_read_record(actor=user, member=d.member)
    return _member_out(d.member, sensitive=dossier_selectors.can_see_sensitive(user))


@router.get(
    "/members/{int:member_id}/events",
    response={200: list[s.EventOut], **ERRORS},
    summary="Các sự kiện của một đảng viên (mới nhất trước)",
)
def member_events(request, member_id: int = MemberId):
    user = request.auth
    d = dossier_selectors.member_dossier(actor=user, pk=member_id)
    require(user, Action.VIEW)
    return [_event_out(e) for e in d.events]


@router.post(
    "/members/{int:member_id}/events",
    response={201: s.EventOut, **ERRORS},
    summary="Ghi nhận một sự kiện của đảng viên",
)
def member_event_create(request, payload: s.EventIn, member_id: int = MemberId):
    """The same path as the web's event form (members.views.events.event): the dossier (404 outside the
    scope), the right to edit where the event is recorded (403), the form, then the service."""
    user = request.auth
    spec = EVENTS.get(payload.kind)
    if spec is None:
        raise FormRefused({"kind": [_("Loại sự kiện không đúng. Các loại: %(k)s.") % {"k": ", ".join(EVENTS)}]})
    d = dossier_selectors.member_dossier(actor=user, pk=member_id)
    member = d.member
    require(user, Action.EDIT, _acting_path(spec, d))
    # The fields besides `kind`, as the form reads them (ninja has parsed the body: it is a JSON object).
    body = json.loads(request.body)
    data = {k: _form_value(v) for k, v in body.items() if k != "kind"}
    form = spec.form(data, actor=user, member=member, dossier=d)
    if not form.is_valid():
        raise FormRefused({k: [str(m) for m in v] for k, v in form.errors.items()})
    try:
        event = spec.service(actor=user, member=member, **form.cleaned_data, **spec.extra)
    except DomainError as e:
        # As ActorForm.add_domain_error: a field the form does not have is the whole form's error.
        raise FormRefused({e.field if e.field in form.fields else "__all__": [e.message]}) from None
    return Reply(201, _event_out(event))


def _form_value(value) -> str:
    """A JSON value as a form field reads it (a form posts strings; true/false as a checkbox does)."""
    if isinstance(value, bool):
        return "on" if value else ""
    return "" if value is None else str(value)


@router.get("/events", response={200: s.EventFeed, **ERRORS}, summary="Sự kiện của đảng viên, theo thứ tự ghi")
def event_feed(
    request,
    org: str = Query("", max_length=40),
    since: Query[IsoDate | None] = None,
    after_id: int = Query(0, ge=0, le=MAX_ID),
):
    user = request.auth
    where = org_selectors.org_get(actor=user, code=org) if org else None
    require(user, Action.LIST)
    events = selectors.event_feed(actor=user, org=where, since=since, after_id=after_id, limit=PER_PAGE)
    return {
        "results": [_event_out(e) for e in events],
        "next_after_id": events[-1].pk if len(events) == PER_PAGE else None,
    }


ZIP_RESPONSE = {
    200: {
        "description": "Gói hồ sơ (ZIP: dossier.json, dossier.pdf, manifest.json, manifest.sha256)",
        "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
    }
}


@router.get(
    "/members/{int:member_id}/package",
    response=ERRORS,
    openapi_extra={"responses": ZIP_RESPONSE},
    summary="Gói hồ sơ của đảng viên đã chuyển sinh hoạt ra ngoài tỉnh",
)
def member_package(request, member_id: int = MemberId):
    """As the web's download (members/views/package.py): 404 outside the scope or for a member who has not
    been transferred out of the province; the export right and the confidential parts of a dossier (403)."""
    user = request.auth
    member = dossier_selectors.sensitive_member_get(actor=user, pk=member_id, action=Action.EXPORT)
    response = HttpResponse(package_build(actor=user, member=member), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{package_filename(member.full_name, member.pk)}"'
    return response


@router.post("/packages", response={201: s.MemberOut, **ERRORS}, summary="Tiếp nhận đảng viên từ gói hồ sơ")
def package_receive(
    request,
    file: UploadedFile = File(..., description="Gói hồ sơ (.zip) do nơi chuyển đi cấp"),
    org: str = Form(..., max_length=40, description="Mã chi bộ, tổ chức đảng nhận"),
    on: IsoDate = Form(..., description="Ngày tiếp nhận (YYYY-MM-DD)"),
    letter_no: str = Form("", max_length=64, description="Số giấy giới thiệu; bỏ trống: số ghi trong gói"),
):
    """The member a package describes, entered into `org` (services.member_receive_package: verified, atomic,
    audited); any refusal is a 422 naming the field ("file" for the package itself)."""
    user = request.auth
    where = org_selectors.org_get(actor=user, code=org)
    require(user, Action.CREATE, where.path)
    data = file.read(MAX_BYTES + 1)
    try:
        member = member_services.member_receive_package(
            actor=user, org=where, data=data, on=on, letter_no=letter_no or None
        )
    except DomainError as e:
        raise FormRefused({e.field or "__all__": [e.message]}) from None
    member = dossier_selectors.member_dossier(actor=user, pk=member.pk).member
    return Reply(201, _member_out(member, sensitive=dossier_selectors.can_see_sensitive(user)))
