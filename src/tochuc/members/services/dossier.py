"""Writes to the dossier: register a member with their past, edit the non-core fields, correct a core
field through an approved request, bulk loads, and moving members when the tree is restructured."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tochuc.accounts.roles import Action
from tochuc.core.audit import audit_record, created, diff, snapshot
from tochuc.core.errors import DomainError
from tochuc.core.scope import name_in_scope, require
from tochuc.core.text import fold, person_sort_key
from tochuc.orgs.models import Org

from ..choices import (
    ACTIVE_STATUSES,
    ETHNIC_GROUP_CHOICES,
    RELIGIONS,
    AcademicTitle,
    Education,
    Occupation,
    Qualification,
    Sex,
    StateManagementLevel,
    Status,
    TheoryLevel,
)
from ..models import Correction, EventKind, Member, MemberEvent, Membership, Relative, WorkPeriod
from ..rules import citizen_id_problem
from .sync import member_sync

# Name, birth date and the admission dates change only through an approved correction (24-QĐ/TW §6.2.4).
CORE_FIELDS = ("full_name", "birth_date", "admitted_on", "ceremony_on", "official_on")
EDITABLE_FIELDS = (
    "other_names", "sex", "birth_place", "home_town", "residence", "citizen_id", "ethnic_group", "religion",
    "education", "qualification", "qualification_field", "academic_title", "theory_level", "state_management",
    "foreign_language", "it_level", "occupation", "work_unit", "position", "dossier_number", "badge_number",
)  # fmt: skip
DOSSIER_FIELDS = EDITABLE_FIELDS
AUDITED_FIELDS = ("full_name", "birth_date", *EDITABLE_FIELDS, "org", "status", "admitted_on", "official_on")

_CHOICES = {
    "sex": set(Sex.values),
    "education": set(Education.values),
    "ethnic_group": {v for v, _l in ETHNIC_GROUP_CHOICES},
    "religion": set(RELIGIONS),
    "qualification": set(Qualification.values),
    "academic_title": set(AcademicTitle.values),
    "theory_level": set(TheoryLevel.values),
    "state_management": set(StateManagementLevel.values),
    "occupation": set(Occupation.values),
}
_LABELS = {
    "sex": "Giới tính", "education": "Giáo dục phổ thông", "ethnic_group": "Dân tộc", "religion": "Tôn giáo",
    "qualification": "Chuyên môn", "academic_title": "Học hàm", "theory_level": "Lý luận chính trị",
    "state_management": "Quản lý nhà nước", "occupation": "Nghề nghiệp",
}  # fmt: skip


def check_text(value: str, *, field: str, label: str, max_length: int | None = None) -> None:
    """Refuse, naming the field, a text the database would refuse: a NUL character (PostgreSQL stores none) or
    more characters than its column holds (SQLite would keep them, PostgreSQL would fail mid-write)."""
    if "\x00" in value:
        raise DomainError(_("%(f)s có ký tự không hợp lệ (NUL).") % {"f": label}, field=field)
    if max_length is not None and len(value) > max_length:
        raise DomainError(_("%(f)s dài quá %(n)s ký tự.") % {"f": label, "n": max_length}, field=field)


def check_full_name(full_name: str, *, field: str = "full_name") -> str:
    """The name as stored (spaces collapsed), refused when empty, too long or with a NUL."""
    full_name = " ".join(full_name.split())
    if not full_name:
        raise DomainError(_("Họ và tên không được để trống."), field=field)
    check_text(full_name, field=field, label=_("Họ và tên"), max_length=Member._meta.get_field("full_name").max_length)
    return full_name


def name_fields(full_name: str) -> dict[str, str]:
    """The stored forms of a full name: folded (search by its prefix), the Vietnamese sort key, and the
    folded given name, the last word (search by given name). Every writer of a name uses this."""
    folded = fold(full_name)
    given = folded.rsplit(" ", 1)[-1][:60]
    return {"name_folded": folded, "sort_key": person_sort_key(full_name), "given_folded": given}


def _clean_dossier(
    values: dict[str, Any], *, birth_date: date, sex: str, member: Member | None = None, actor=None
) -> dict:
    """Normalize and check the dossier fields; raises DomainError naming the field."""
    out = {}
    for name, value in values.items():
        if isinstance(value, str):
            value = " ".join(value.split())
            column = Member._meta.get_field(name)
            check_text(value, field=name, label=_LABELS.get(name) or column.verbose_name, max_length=column.max_length)
        if name in _CHOICES and value not in _CHOICES[name]:
            raise DomainError(
                _("%(f)s «%(v)s» không có trong danh mục.") % {"f": _LABELS[name], "v": value}, field=name
            )
        out[name] = value
    cid = out.get("citizen_id")
    if "citizen_id" in out:
        out["citizen_id"] = cid or None  # an empty box clears it; the column is unique, so NULL, not ""
    if cid:
        problem = citizen_id_problem(cid, birth_date, sex)
        if problem:
            raise DomainError(problem, field="citizen_id")
        clash = (
            Member.objects.filter(citizen_id=cid).exclude(pk=getattr(member, "pk", None)).select_related("org").first()
        )
        if clash:
            who = name_in_scope(actor, clash.full_name, clash.org.path)
            raise DomainError(
                _("Số CCCD %(c)s đã có ở đảng viên khác (%(n)s).") % {"c": cid, "n": who},
                field="citizen_id",
            )
    return out


def _validate(
    *,
    full_name: str,
    birth_date: date,
    admitted_on: date | None,
    official_on: date | None,
    status: str,
    ceremony_on: date | None = None,
    today: date | None = None,
) -> None:
    today = today or timezone.localdate()
    if not full_name.strip():
        raise DomainError(_("Họ và tên không được để trống."), field="full_name")
    if birth_date > today:
        raise DomainError(_("Ngày sinh không được sau ngày hôm nay."), field="birth_date")
    if not admitted_on:
        raise DomainError(_("Nhập ngày vào Đảng (ngày ký quyết định kết nạp)."), field="admitted_on")
    if admitted_on <= birth_date:
        raise DomainError(_("Ngày vào Đảng phải sau ngày sinh."), field="admitted_on")
    if admitted_on > today:
        raise DomainError(_("Ngày vào Đảng không được sau ngày hôm nay."), field="admitted_on")
    if ceremony_on and (ceremony_on < admitted_on or ceremony_on > today):
        raise DomainError(_("Ngày lễ kết nạp phải từ ngày vào Đảng đến hôm nay."), field="ceremony_on")
    if official_on and official_on < admitted_on:
        raise DomainError(_("Ngày chính thức phải sau ngày vào Đảng."), field="official_on")
    if official_on and official_on > today:
        raise DomainError(_("Ngày chính thức không được sau ngày hôm nay."), field="official_on")
    if status == Status.OFFICIAL and not official_on:
        raise DomainError(_("Đảng viên chính thức phải có ngày chính thức."), field="official_on")
    if status == Status.PROBATIONARY and official_on:
        raise DomainError(_("Đảng viên dự bị chưa có ngày chính thức."), field="official_on")


def past_event_kinds(
    *, admitted_on: date, ceremony_on: date | None, official_on: date | None
) -> list[tuple[str, date]]:
    """(kind, date) of the events of a member's past that the records give, when the member is first entered:
    the admission, the ceremony and the recognition as official member."""
    kinds = [(EventKind.ADMITTED, admitted_on), (EventKind.CEREMONY, ceremony_on), (EventKind.RECOGNIZED, official_on)]
    return [(kind, on) for kind, on in kinds if on]


def _past_events(
    member: Member, org: Org, *, admitted_on: date, ceremony_on: date | None, official_on: date | None, actor
) -> list[MemberEvent]:
    """The events of a member's past as the records give them, when the member is first entered."""
    who = actor if getattr(actor, "pk", None) else None
    return [
        MemberEvent(member=member, kind=kind, on=on, org=org, data={"registered": True}, actor=who)
        for kind, on in past_event_kinds(admitted_on=admitted_on, ceremony_on=ceremony_on, official_on=official_on)
    ]


@transaction.atomic
def member_create(
    *,
    actor,
    full_name: str,
    sex: str,
    birth_date: date,
    org: Org,
    status: str = Status.OFFICIAL,
    admitted_on: date | None = None,
    official_on: date | None = None,
    ceremony_on: date | None = None,
    registered_on: date | None = None,
    **dossier,
) -> Member:
    """Enter an existing member, with their past (admission, ceremony, recognition), into an open org.

    New admissions go through `member_admit`; members arriving from another province through `member_receive`.
    """
    if actor is not None:
        require(actor, Action.CREATE, org.path)
    if not org.is_open:
        raise DomainError(_("Tổ chức «%(org)s» đã kết thúc hoạt động.") % {"org": org.name}, field="org")
    if status not in ACTIVE_STATUSES:
        raise DomainError(_("Chỉ nhập đảng viên đang sinh hoạt (dự bị hoặc chính thức)."), field="status")
    unknown = set(dossier) - set(DOSSIER_FIELDS)
    if unknown:
        raise DomainError(_("Không có trường: %(f)s") % {"f": ", ".join(sorted(unknown))})
    full_name = check_full_name(full_name)
    _validate(
        full_name=full_name,
        birth_date=birth_date,
        admitted_on=admitted_on,
        official_on=official_on,
        status=status,
        ceremony_on=ceremony_on,
    )
    values = _clean_dossier({"sex": sex, **dossier}, birth_date=birth_date, sex=sex, actor=actor)
    member = Member.objects.create(
        full_name=full_name,
        **name_fields(full_name),
        birth_date=birth_date,
        org=org,
        status=status,
        admitted_on=admitted_on,
        official_on=official_on,
        ceremony_on=ceremony_on,
        **values,
    )
    MemberEvent.objects.bulk_create(
        _past_events(
            member, org, admitted_on=admitted_on, ceremony_on=ceremony_on, official_on=official_on, actor=actor
        )
    )
    since = registered_on or admitted_on or timezone.localdate()
    Membership.objects.create(
        member=member, org=org, valid_from=max(since, org.opened_on), reason=Membership.Reason.REGISTERED
    )
    member_sync(member)
    audit_record(
        actor=actor,
        action="member.create",
        obj=member,
        org_path=org.path,
        changes=created(snapshot(member, AUDITED_FIELDS)),
    )
    return member


@transaction.atomic
def member_update(*, actor, member: Member, **fields) -> Member:
    """Edit the dossier's non-core fields. Core fields go through `correction_request`; the org changes
    only by transfer or restructuring; status only by events."""
    if actor is not None:  # None is the system (seed data, administrators' commands), as in member_create
        require(actor, Action.EDIT, member.org.path)
    member = Member.objects.select_for_update().select_related("org").get(pk=member.pk)
    core_changed = [
        f
        for f in CORE_FIELDS
        if f in fields
        and fields[f] != getattr(member, f)
        and not (f == "full_name" and " ".join(str(fields[f]).split()) == member.full_name)
    ]
    if core_changed:
        raise DomainError(
            _("Họ tên, ngày sinh và các ngày vào Đảng chỉ được sửa qua đề nghị đính chính có căn cứ và được duyệt."),
            field=core_changed[0],
        )
    fields = {k: v for k, v in fields.items() if k not in CORE_FIELDS}
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise DomainError(_("Không được sửa trường: %(f)s") % {"f": ", ".join(sorted(unknown))})
    before = snapshot(member, EDITABLE_FIELDS)
    values = _clean_dossier(
        fields, birth_date=member.birth_date, sex=fields.get("sex", member.sex), member=member, actor=actor
    )
    for name, value in values.items():
        setattr(member, name, value)
    if "sex" in values and member.citizen_id:
        problem = citizen_id_problem(member.citizen_id, member.birth_date, member.sex)
        if problem:
            raise DomainError(problem, field="sex")
    changes = diff(before, snapshot(member, EDITABLE_FIELDS))
    if not changes:
        return member
    member.save(update_fields=[*changes, "updated_at"])
    audit_record(actor=actor, action="member.update", obj=member, org_path=member.org.path, changes=changes)
    return member


CORRECTABLE = {"full_name": "Họ và tên", "birth_date": "Ngày sinh", "admitted_on": "Ngày vào Đảng",
               "ceremony_on": "Ngày lễ kết nạp", "official_on": "Ngày chính thức"}  # fmt: skip


def _parse_value(field: str, value: str):
    if field == "full_name":
        return check_full_name(value, field="new_value")
    try:
        return date.fromisoformat(value) if "-" in value else date(*reversed([int(x) for x in value.split("/")]))
    except (ValueError, TypeError, OverflowError):
        raise DomainError(_("Nhập ngày theo dạng dd/mm/yyyy."), field="new_value") from None


@transaction.atomic
def correction_request(*, actor, member: Member, field: str, new_value: str, basis: str) -> Correction:
    """Ask to correct a core field, naming the document that proves the right value."""
    if actor is not None:
        require(actor, Action.EDIT, member.org.path)
    if field not in CORRECTABLE:
        raise DomainError(_("Trường này không cần đính chính: sửa trực tiếp."), field="field")
    if not basis.strip():
        raise DomainError(_("Ghi rõ văn bản làm căn cứ đính chính."), field="basis")
    check_text(basis.strip(), field="basis", label=_("Căn cứ"), max_length=255)
    check_text(new_value, field="new_value", label=_("Giá trị đúng"), max_length=255)
    parsed = _parse_value(field, new_value)
    old = getattr(member, field)
    if parsed == old:
        raise DomainError(_("Giá trị mới trùng giá trị hiện tại."), field="new_value")
    if Correction.objects.filter(member=member, field=field, state=Correction.State.PENDING).exists():
        raise DomainError(_("Đã có một đề nghị đính chính trường này đang chờ duyệt."), field="field")
    corr = Correction.objects.create(
        member=member,
        field=field,
        old_value=_text(old),
        new_value=_text(parsed),
        basis=basis.strip(),
        requested_by=actor if getattr(actor, "pk", None) else None,
    )
    audit_record(
        actor=actor,
        action="member.correction_request",
        obj=member,
        org_path=member.org.path,
        changes={field: {"before": _text(old), "after": _text(parsed)}},
        note=basis.strip(),
    )
    return corr


def _text(value) -> str:
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return "" if value is None else str(value)


@transaction.atomic
def correction_decide(*, actor, correction: Correction, approve: bool, note: str = "") -> Correction:
    """Approve (apply, keeping the old value in the history) or reject a correction."""
    member = Member.objects.select_for_update().select_related("org").get(pk=correction.member_id)
    if actor is not None:
        require(actor, Action.APPROVE, member.org.path)
        if correction.requested_by_id == actor.pk:
            raise DomainError(_("Người đề nghị không tự duyệt đề nghị của mình."))
    correction = Correction.objects.select_for_update().get(pk=correction.pk)
    if correction.state != Correction.State.PENDING:
        raise DomainError(_("Đề nghị này đã được xử lý."))
    correction.state = Correction.State.APPROVED if approve else Correction.State.REJECTED
    correction.decided_by = actor if getattr(actor, "pk", None) else None
    correction.decided_at = timezone.now()
    correction.decision_note = note.strip()
    correction.save(update_fields=["state", "decided_by", "decided_at", "decision_note"])
    if approve:
        _apply_correction(member, correction, actor)
    audit_record(
        actor=actor,
        action="member.correction_approve" if approve else "member.correction_reject",
        obj=member,
        org_path=member.org.path,
        note=f"{correction.basis}. {note}".strip(),
        changes={correction.field: {"before": correction.old_value, "after": correction.new_value}} if approve else {},
    )
    return correction


_EVENT_OF = {"admitted_on": EventKind.ADMITTED, "ceremony_on": EventKind.CEREMONY,
             "official_on": EventKind.RECOGNIZED}  # fmt: skip


def _apply_correction(member: Member, correction: Correction, actor) -> None:
    value = _parse_value(correction.field, correction.new_value)
    if correction.field == "full_name":
        member.full_name = value
        names = name_fields(value)
        for name, stored in names.items():
            setattr(member, name, stored)
        member.save(update_fields=["full_name", *names, "updated_at"])
    elif correction.field == "birth_date":
        member.birth_date = value
        member.save(update_fields=["birth_date", "updated_at"])
    else:
        # An admission date lives in an event: cancel the wrong one and record the right one.
        kind = _EVENT_OF[correction.field]
        wrong = (
            MemberEvent.objects.filter(member=member, kind=kind, cancelled_by__isnull=True)
            .exclude(kind=EventKind.CANCEL)
            .order_by("-on", "-id")
            .first()
        )
        who = actor if getattr(actor, "pk", None) else None
        note = f"Đính chính theo {correction.basis}"
        if wrong is not None:
            MemberEvent.objects.create(
                member=member,
                kind=EventKind.CANCEL,
                on=timezone.localdate(),
                org=member.org,
                cancels=wrong,
                note=note,
                actor=who,
            )
        MemberEvent.objects.create(
            member=member,
            kind=kind,
            on=value,
            org=wrong.org if wrong else member.org,
            decision_no=wrong.decision_no if wrong else "",
            data=wrong.data if wrong else {},
            note=note,
            actor=who,
        )
        member_sync(member)


def members_move(
    *,
    from_orgs: Iterable[Org],
    to: Org,
    on: date,
    member_ids: Iterable[int] | None = None,
    reason: str = Membership.Reason.RESTRUCTURING,
) -> int:
    """Move the active members of `from_orgs` (or only `member_ids` among them) to `to`, dated `on`.

    Part of a restructuring service, which holds the transaction and writes the audit event: set-based,
    so a merge of communes with thousands of members takes a few statements.
    """
    qs = Member.objects.active().filter(org__in=list(from_orgs))
    if member_ids is not None:
        qs = qs.filter(pk__in=list(member_ids))
    ids = list(qs.values_list("pk", flat=True))
    if not ids:
        return 0
    late = Membership.objects.filter(member_id__in=ids, valid_to__isnull=True, valid_from__gt=on).count()
    if late:
        raise DomainError(
            _("%(n)s đảng viên bắt đầu sinh hoạt sau ngày hiệu lực %(on)s: ngày hiệu lực phải từ ngày đó trở đi.")
            % {"n": late, "on": on.strftime("%d/%m/%Y")},
            field="on",
        )
    for chunk_start in range(0, len(ids), 500):
        chunk = ids[chunk_start : chunk_start + 500]
        Membership.objects.filter(member_id__in=chunk, valid_to__isnull=True).update(valid_to=on)
        Membership.objects.bulk_create(Membership(member_id=pk, org=to, valid_from=on, reason=reason) for pk in chunk)
        Member.objects.filter(pk__in=chunk).update(org=to, updated_at=timezone.now())
    return len(ids)


def _bulk_dossier(row: MemberRow, seen_ids: set[str], seen_cards: set[str]) -> dict[str, Any]:
    """Check a bulk row's extra dossier fields, citizen ID and card number (unique in the load and here)."""
    unknown = set(row.dossier) - set(DOSSIER_FIELDS)
    if unknown:
        raise DomainError(_("Không có trường: %(f)s") % {"f": ", ".join(sorted(unknown))})
    extra = {k: v for k, v in row.dossier.items() if k != "citizen_id"}
    for name, value in extra.items():
        if isinstance(value, str):
            column = Member._meta.get_field(name)
            check_text(value, field=name, label=_LABELS.get(name) or column.verbose_name, max_length=column.max_length)
        if name in _CHOICES and value not in _CHOICES[name]:
            raise DomainError(
                _("%(f)s «%(v)s» không có trong danh mục.") % {"f": _LABELS[name], "v": value}, field=name
            )
    cid = row.dossier.get("citizen_id")
    if cid:
        problem = citizen_id_problem(cid, row.birth_date, row.sex)
        if problem:
            raise DomainError(problem, field="citizen_id")
        if cid in seen_ids:
            raise DomainError(_("Số CCCD %(c)s trùng.") % {"c": cid}, field="citizen_id")
        seen_ids.add(cid)
        extra["citizen_id"] = cid
    if row.card_number:
        if row.status != Status.OFFICIAL:
            raise DomainError(_("Chỉ đảng viên chính thức được cấp thẻ."), field="card_number")
        if row.card_number in seen_cards:
            raise DomainError(_("Số thẻ %(c)s trùng.") % {"c": row.card_number}, field="card_number")
        seen_cards.add(row.card_number)
    return extra


@dataclass(frozen=True)
class MemberRow:
    """One member of a bulk load (a data migration, the demo): the fields `member_create` takes."""

    full_name: str
    sex: str
    birth_date: date
    org: Org
    ethnic_group: str = "Kinh"
    education: str = Education.UPPER_SECONDARY
    status: str = Status.OFFICIAL
    admitted_on: date | None = None
    official_on: date | None = None
    ceremony_on: date | None = None
    registered_on: date | None = None
    card_number: str | None = None
    card_issued_on: date | None = None
    badges: tuple[tuple[int, date], ...] = ()  # (milestone, day awarded) already in the records
    dossier: dict[str, Any] = field(default_factory=dict)  # other dossier fields (DOSSIER_FIELDS)


@transaction.atomic
def members_bulk_register(
    *,
    actor,
    root: Org,
    rows: Sequence[MemberRow],
    action: str = "member.bulk_register",
    changes: dict[str, Any] | None = None,
    batch_size: int = 1000,
) -> int:
    """Enter many members into open orgs under `root` at once, with one audit event for the whole load.

    Every row is checked as `member_create` checks it, and nothing is written unless all pass (the error
    names the row). Members and their first membership are inserted in batches: 20,000 take a second.
    """
    if actor is not None:
        require(actor, Action.CREATE, root.path)
    sexes, educations, ethnic_groups = set(Sex.values), set(Education.values), {v for v, _l in ETHNIC_GROUP_CHOICES}
    members: list[Member] = []
    starts: list[date] = []
    by_status: dict[str, int] = {}
    seen_ids: set[str] = set()
    seen_cards: set[str] = set()
    for i, row in enumerate(rows, start=1):
        try:
            if not row.org.path.startswith(root.path):
                raise DomainError(_("Tổ chức «%(org)s» không thuộc «%(root)s».") % {"org": row.org, "root": root})
            if not row.org.is_open:
                raise DomainError(_("Tổ chức «%(org)s» đã kết thúc hoạt động.") % {"org": row.org.name}, field="org")
            if row.status not in ACTIVE_STATUSES:
                raise DomainError(_("Chỉ nhập đảng viên đang sinh hoạt (dự bị hoặc chính thức)."), field="status")
            if row.sex not in sexes:
                raise DomainError(_("Giới tính không hợp lệ."), field="sex")
            if row.education not in educations:
                raise DomainError(_("Trình độ giáo dục phổ thông không hợp lệ."), field="education")
            if row.ethnic_group not in ethnic_groups:
                raise DomainError(
                    _("Dân tộc «%(e)s» không có trong danh mục.") % {"e": row.ethnic_group}, field="ethnic"
                )
            full_name = check_full_name(row.full_name)
            _validate(
                full_name=full_name,
                birth_date=row.birth_date,
                admitted_on=row.admitted_on,
                official_on=row.official_on,
                status=row.status,
                ceremony_on=row.ceremony_on,
            )
            extra = _bulk_dossier(row, seen_ids, seen_cards)
        except DomainError as e:
            raise DomainError(_("Dòng %(i)s: %(msg)s") % {"i": i, "msg": e.message}, field=e.field) from e
        members.append(
            Member(
                full_name=full_name,
                **name_fields(full_name),
                sex=row.sex,
                birth_date=row.birth_date,
                ethnic_group=row.ethnic_group,
                education=row.education,
                org=row.org,
                status=row.status,
                admitted_on=row.admitted_on,
                official_on=row.official_on,
                ceremony_on=row.ceremony_on,
                party_age_from=row.admitted_on,
                card_number=row.card_number,
                card_issued_on=row.card_issued_on,
                highest_badge=max((m for m, _d in row.badges), default=None),
                **extra,
            )
        )
        since = row.registered_on or row.admitted_on or timezone.localdate()
        starts.append(max(since, row.org.opened_on))
        by_status[row.status] = by_status.get(row.status, 0) + 1
    for values, field_name, label in ((seen_ids, "citizen_id", "Số CCCD"), (seen_cards, "card_number", "Số thẻ")):
        listed = sorted(values)
        for start in range(0, len(listed), 2000):
            taken = Member.objects.filter(**{f"{field_name}__in": listed[start : start + 2000]}).values_list(
                field_name, flat=True
            )
            for value in taken[:1]:
                raise DomainError(_("%(l)s %(v)s đã có trong hồ sơ.") % {"l": label, "v": value}, field=field_name)
    Member.objects.bulk_create(members, batch_size=batch_size)
    events = []
    for m in members:
        events += _past_events(
            m, m.org, admitted_on=m.admitted_on, ceremony_on=m.ceremony_on, official_on=m.official_on, actor=actor
        )
    for m, row in zip(members, rows, strict=True):
        events += [
            MemberEvent(member=m, kind=EventKind.BADGE, on=day, org=m.org, data={"milestone": ms, "registered": True})
            for ms, day in row.badges
        ]
        if row.card_number:
            events.append(
                MemberEvent(
                    member=m,
                    kind=EventKind.CARD,
                    on=row.card_issued_on or row.official_on,
                    org=m.org,
                    data={"card_number": row.card_number, "previous": None, "registered": True},
                )
            )
    events.sort(key=lambda e: (e.member_id, e.on))
    MemberEvent.objects.bulk_create(events, batch_size=batch_size)
    Membership.objects.bulk_create(
        (
            Membership(member_id=m.pk, org_id=m.org_id, valid_from=start, reason=Membership.Reason.REGISTERED)
            for m, start in zip(members, starts, strict=True)
        ),
        batch_size=batch_size,
    )
    audit_record(
        actor=actor,
        action=action,
        obj=root,
        org_path=root.path,
        changes={
            "members": {"before": None, "after": len(members)},
            "by_status": {"before": None, "after": by_status},
            **(changes or {}),
        },
    )
    return len(members)


# --- Family and work history rows, the photo ----------------------------------------------------------------


def _row_text(value: str | None, *, field: str, label: str, required: bool = False, max_length: int = 255) -> str:
    text = " ".join((value or "").split())
    if required and not text:
        raise DomainError(_("Nhập %(f)s.") % {"f": label}, field=field)
    check_text(text, field=field, label=label, max_length=max_length)
    return text


@transaction.atomic
def relative_add(
    *,
    actor,
    member: Member,
    relation: str,
    full_name: str,
    birth_year: int | None = None,
    occupation: str = "",
    address: str = "",
    note: str = "",
) -> Relative:
    """Add a family row to the dossier (quan hệ gia đình)."""
    if actor is not None:
        require(actor, Action.EDIT, member.org.path)
    relative = Relative(
        member=member,
        relation=_row_text(relation, field="relation", label=_("quan hệ"), required=True, max_length=40),
        full_name=_row_text(full_name, field="full_name", label=_("họ và tên"), required=True, max_length=150),
        birth_year=birth_year,
        occupation=_row_text(occupation, field="occupation", label=_("nghề nghiệp"), max_length=150),
        address=_row_text(address, field="address", label=_("nơi ở")),
        note=_row_text(note, field="note", label=_("ghi chú")),
    )
    this_year = timezone.localdate().year
    if birth_year is not None and not (this_year - 130 <= birth_year <= this_year):
        raise DomainError(_("Năm sinh không hợp lệ."), field="birth_year")
    relative.save()
    audit_record(
        actor=actor,
        action="member.relative_add",
        obj=member,
        org_path=member.org.path,
        changes={"relative": {"before": None, "after": f"{relative.relation}: {relative.full_name}"}},
    )
    return relative


@transaction.atomic
def relative_remove(*, actor, relative: Relative) -> None:
    member = Member.objects.select_related("org").get(pk=relative.member_id)
    if actor is not None:
        require(actor, Action.EDIT, member.org.path)
    text = f"{relative.relation}: {relative.full_name}"
    relative.delete()
    audit_record(
        actor=actor,
        action="member.relative_remove",
        obj=member,
        org_path=member.org.path,
        changes={"relative": {"before": text, "after": None}},
    )


@transaction.atomic
def work_period_add(
    *, actor, member: Member, valid_from: date, unit: str, valid_to: date | None = None, position: str = ""
) -> WorkPeriod:
    """Add a row of the working history (quá trình công tác)."""
    if actor is not None:
        require(actor, Action.EDIT, member.org.path)
    unit = _row_text(unit, field="unit", label=_("đơn vị"), required=True)
    position = _row_text(position, field="position", label=_("chức vụ, công việc"), max_length=150)
    if valid_from > timezone.localdate():
        raise DomainError(_("Ngày bắt đầu không được sau ngày hôm nay."), field="valid_from")
    if valid_from < member.birth_date:
        raise DomainError(_("Ngày bắt đầu phải sau ngày sinh."), field="valid_from")
    if valid_to is not None and valid_to < valid_from:
        raise DomainError(_("Ngày kết thúc phải từ ngày bắt đầu trở đi."), field="valid_to")
    period = WorkPeriod.objects.create(
        member=member, valid_from=valid_from, valid_to=valid_to, unit=unit, position=position
    )
    audit_record(
        actor=actor,
        action="member.work_period_add",
        obj=member,
        org_path=member.org.path,
        changes={"work_period": {"before": None, "after": _period_text(period)}},
    )
    return period


def _period_text(period: WorkPeriod) -> str:
    end = period.valid_to.strftime("%m/%Y") if period.valid_to else "nay"
    return f"{period.valid_from:%m/%Y}–{end}: {period.position} {period.unit}".strip()


@transaction.atomic
def work_period_remove(*, actor, work_period: WorkPeriod) -> None:
    member = Member.objects.select_related("org").get(pk=work_period.member_id)
    if actor is not None:
        require(actor, Action.EDIT, member.org.path)
    text = _period_text(work_period)
    work_period.delete()
    audit_record(
        actor=actor,
        action="member.work_period_remove",
        obj=member,
        org_path=member.org.path,
        changes={"work_period": {"before": text, "after": None}},
    )


PHOTO_TYPES = {b"\xff\xd8\xff": "jpg", b"\x89PNG\r\n\x1a\n": "png"}
PHOTO_MAX_BYTES = 2 * 1024 * 1024


@transaction.atomic
def member_photo_set(*, actor, member: Member, photo) -> Member:
    """Store the member's photo (JPEG or PNG, at most 2 MB): a sensitive part of the dossier."""
    if actor is not None:
        require(actor, Action.EDIT, member.org.path)
    if photo.size > PHOTO_MAX_BYTES:
        raise DomainError(_("Ảnh lớn quá 2 MB."), field="photo")
    head = photo.read(8)
    photo.seek(0)
    ext = next((e for magic, e in PHOTO_TYPES.items() if head.startswith(magic)), None)
    if ext is None:
        raise DomainError(_("Ảnh phải là tệp JPEG hoặc PNG."), field="photo")
    member = Member.objects.select_for_update().select_related("org").get(pk=member.pk)
    old = member.photo.name
    member.photo.save(f"{member.pk}.{ext}", photo, save=False)
    member.save(update_fields=["photo", "updated_at"])
    audit_record(
        actor=actor,
        action="member.photo",
        obj=member,
        org_path=member.org.path,
        changes={"photo": {"before": old or None, "after": member.photo.name}},
    )
    return member
