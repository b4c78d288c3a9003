"""Every write to member records. The foundation's part: create, edit, and moving members between orgs
when the tree is restructured (called by orgs.services)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tochuc.accounts.roles import Action
from tochuc.core.audit import audit_record, created, diff, snapshot
from tochuc.core.errors import DomainError
from tochuc.core.scope import require
from tochuc.core.text import fold, person_sort_key
from tochuc.orgs.models import Org

from .choices import ACTIVE_STATUSES, ETHNIC_GROUP_CHOICES, Education, Sex, Status
from .models import Member, Membership

EDITABLE_FIELDS = ("full_name", "sex", "birth_date", "ethnic_group", "education", "admitted_on", "official_on")
AUDITED_FIELDS = (*EDITABLE_FIELDS, "org", "status")


def _validate(
    *, full_name: str, birth_date: date, admitted_on: date | None, official_on: date | None, status: str
) -> None:
    today = timezone.localdate()
    if not full_name.strip():
        raise DomainError(_("Họ và tên không được để trống."), field="full_name")
    if birth_date > today:
        raise DomainError(_("Ngày sinh không được sau ngày hôm nay."), field="birth_date")
    if admitted_on:
        if admitted_on <= birth_date:
            raise DomainError(_("Ngày vào Đảng phải sau ngày sinh."), field="admitted_on")
        if admitted_on > today:
            raise DomainError(_("Ngày vào Đảng không được sau ngày hôm nay."), field="admitted_on")
    if official_on and (not admitted_on or official_on < admitted_on):
        raise DomainError(_("Ngày chính thức phải sau ngày vào Đảng."), field="official_on")
    if status == Status.OFFICIAL and admitted_on and not official_on:
        raise DomainError(_("Đảng viên chính thức phải có ngày chính thức."), field="official_on")
    if status == Status.PROBATIONARY and official_on:
        raise DomainError(_("Đảng viên dự bị chưa có ngày chính thức."), field="official_on")


@transaction.atomic
def member_create(
    *,
    actor,
    full_name: str,
    sex: str,
    birth_date: date,
    org: Org,
    ethnic_group: str = "Kinh",
    education: str = "upper_secondary",
    status: str = Status.OFFICIAL,
    admitted_on: date | None = None,
    official_on: date | None = None,
    registered_on: date | None = None,
) -> Member:
    """Enter a member into the records of an open org (the admission workflow comes with recruitment)."""
    if actor is not None:
        require(actor, Action.CREATE, org.path)
    if not org.is_open:
        raise DomainError(_("Tổ chức «%(org)s» đã kết thúc hoạt động.") % {"org": org.name}, field="org")
    if status not in ACTIVE_STATUSES:
        raise DomainError(_("Chỉ nhập đảng viên đang sinh hoạt (dự bị hoặc chính thức)."), field="status")
    full_name = " ".join(full_name.split())
    _validate(
        full_name=full_name, birth_date=birth_date, admitted_on=admitted_on, official_on=official_on, status=status
    )
    member = Member.objects.create(
        full_name=full_name,
        name_folded=fold(full_name),
        sort_key=person_sort_key(full_name),
        sex=sex,
        birth_date=birth_date,
        ethnic_group=ethnic_group,
        education=education,
        org=org,
        status=status,
        admitted_on=admitted_on,
        official_on=official_on,
    )
    since = registered_on or admitted_on or timezone.localdate()
    Membership.objects.create(
        member=member, org=org, valid_from=max(since, org.opened_on), reason=Membership.Reason.REGISTERED
    )
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
    """Edit the foundation's fields. The org changes only by transfer or restructuring."""
    if actor is not None:  # None is the system (seed data, administrators' commands), as in member_create
        require(actor, Action.EDIT, member.org.path)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise DomainError(_("Không được sửa trường: %(f)s") % {"f": ", ".join(sorted(unknown))})
    member = Member.objects.select_for_update().select_related("org").get(pk=member.pk)
    before = snapshot(member, EDITABLE_FIELDS)
    for name, value in fields.items():
        setattr(member, name, " ".join(value.split()) if name == "full_name" else value)
    _validate(
        full_name=member.full_name,
        birth_date=member.birth_date,
        admitted_on=member.admitted_on,
        official_on=member.official_on,
        status=member.status,
    )
    changes = diff(before, snapshot(member, EDITABLE_FIELDS))
    if not changes:
        return member
    member.name_folded = fold(member.full_name)
    member.sort_key = person_sort_key(member.full_name)
    member.save(update_fields=[*fields, "name_folded", "sort_key", "updated_at"])
    audit_record(actor=actor, action="member.update", obj=member, org_path=member.org.path, changes=changes)
    return member


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
    registered_on: date | None = None


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
            full_name = " ".join(row.full_name.split())
            _validate(
                full_name=full_name,
                birth_date=row.birth_date,
                admitted_on=row.admitted_on,
                official_on=row.official_on,
                status=row.status,
            )
        except DomainError as e:
            raise DomainError(_("Dòng %(i)s: %(msg)s") % {"i": i, "msg": e.message}, field=e.field) from e
        members.append(
            Member(
                full_name=full_name,
                name_folded=fold(full_name),
                sort_key=person_sort_key(full_name),
                sex=row.sex,
                birth_date=row.birth_date,
                ethnic_group=row.ethnic_group,
                education=row.education,
                org=row.org,
                status=row.status,
                admitted_on=row.admitted_on,
                official_on=row.official_on,
            )
        )
        since = row.registered_on or row.admitted_on or timezone.localdate()
        starts.append(max(since, row.org.opened_on))
        by_status[row.status] = by_status.get(row.status, 0) + 1
    Member.objects.bulk_create(members, batch_size=batch_size)
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
