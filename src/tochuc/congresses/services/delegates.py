"""Delegates of a congress: a member recorded in a delegation (elected by a sub-org's congress, ex officio as
a member of the outgoing committee, or appointed), refused with the reason when they cannot sit (not an
official member in activity, not of that delegation, over the delegation's allocation); the credentials
check (accepted, or refused with the reason); absence for the whole congress, excused or not. A members'
congress summons every official member of the org at once."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from tochuc.accounts.roles import Action
from tochuc.core.audit import audit_record, created, diff, snapshot
from tochuc.core.errors import DomainError
from tochuc.core.scope import require
from tochuc.members.choices import Status
from tochuc.members.models import Member
from tochuc.orgs.models import Org

from .. import rules
from ..choices import Body, CongressKind, CongressStatus, Credentials, DelegateKind
from ..models import CommitteeMembership, Congress, Delegate, SeatAllocation

FIELDS = [
    "member",
    "from_org",
    "kind",
    "alternate",
    "credentials",
    "credentials_note",
    "absent",
    "absence_excused",
    "absence_reason",
]


def _lock_congress(congress: Congress) -> Congress:
    return Congress.objects.select_for_update(of=("self",)).select_related("org").get(pk=congress.pk)


def _check_open(congress: Congress, field: str) -> None:
    if congress.status == CongressStatus.RESULTS_APPROVED:
        raise DomainError(_("Kết quả đại hội đã được chuẩn y: không sửa danh sách đại biểu."), field=field)


def member_refusal(member: Member) -> str:
    """Why `member` cannot be a delegate, or "" (an official member in activity: probationary members do not
    vote or stand, 190-QĐ/TW; one in transit or out of contact takes no part in their org's life)."""
    if member.status != Status.OFFICIAL:
        return _("%(n)s không phải là đảng viên chính thức (%(s)s).") % {
            "n": member.full_name,
            "s": Status(member.status).label.lower(),
        }
    if member.in_transit:
        return _("%(n)s đang chuyển sinh hoạt đảng.") % {"n": member.full_name}
    if member.lost_contact:
        return _("%(n)s đang mất liên lạc với tổ chức đảng.") % {"n": member.full_name}
    return ""


def _check_delegation(congress: Congress, from_org: Org) -> None:
    if from_org.pk != congress.org_id and from_org.parent_id != congress.org_id:
        raise DomainError(
            _("Đoàn đại biểu phải là «%(o)s» hoặc một tổ chức trực thuộc.") % {"o": congress.org.name},
            field="from_org",
        )


@transaction.atomic
def delegate_add(
    *,
    actor,
    congress: Congress,
    member: Member,
    from_org: Org | None = None,
    kind: str = DelegateKind.ELECTED,
    alternate: bool = False,
) -> Delegate:
    """Record `member` as a delegate of `congress` in the delegation of `from_org` (by default the sub-org the
    member belongs to). Refused with the reason when the member cannot sit, is outside the delegation,
    is already recorded, when an ex-officio delegate is not on the outgoing committee, or when the
    delegation already has all the elected delegates its allocation gives it."""
    congress = _lock_congress(congress)
    if actor is not None:
        require(actor, Action.CREATE, congress.org.path)
    _check_open(congress, "member")
    if kind not in DelegateKind.values:
        raise DomainError(_("Chọn loại đại biểu."), field="kind")
    member = Member.objects.select_for_update(of=("self",)).select_related("org").get(pk=member.pk)
    if not member.org.path.startswith(congress.org.path):
        raise DomainError(
            _("%(n)s không sinh hoạt trong «%(o)s».") % {"n": member.full_name, "o": congress.org.name},
            field="member",
        )
    if from_org is None:
        from_org = _delegation_of(congress, member)
    _check_delegation(congress, from_org)
    if not member.org.path.startswith(from_org.path):
        raise DomainError(
            _("%(n)s không sinh hoạt trong «%(o)s».") % {"n": member.full_name, "o": from_org.name},
            field="member",
        )
    refusal = member_refusal(member)
    if refusal:
        raise DomainError(refusal, field="member")
    if Delegate.objects.filter(congress=congress, member=member).exists():
        raise DomainError(_("%(n)s đã có trong danh sách đại biểu.") % {"n": member.full_name}, field="member")
    if (
        kind == DelegateKind.EX_OFFICIO
        and not CommitteeMembership.objects.filter(
            org=congress.org, member=member, body=Body.COMMITTEE, ended_on__isnull=True
        ).exists()
    ):
        raise DomainError(
            _(
                "%(n)s không phải là ủy viên Ban Chấp hành «%(o)s» nhiệm kỳ đang kết thúc: "
                "không là đại biểu đương nhiên."
            )
            % {"n": member.full_name, "o": congress.org.name},
            field="kind",
        )
    if kind == DelegateKind.ELECTED and not alternate and congress.kind == CongressKind.DELEGATES:
        allocation = SeatAllocation.objects.filter(congress=congress, org=from_org).first()
        if allocation is not None:
            taken = Delegate.objects.filter(
                congress=congress, from_org=from_org, kind=DelegateKind.ELECTED, alternate=False
            ).count()
            if taken >= allocation.seats:
                raise DomainError(
                    _("Đoàn «%(o)s» được phân bổ %(n)s đại biểu và đã đủ: ghi thêm người là đại biểu dự khuyết.")
                    % {"o": from_org.name, "n": allocation.seats},
                    field="alternate",
                )
    delegate = Delegate.objects.create(
        congress=congress, member=member, from_org=from_org, kind=kind, alternate=bool(alternate)
    )
    audit_record(
        actor=actor,
        action="delegate.add",
        obj=delegate,
        org_path=congress.org.path,
        changes=created(snapshot(delegate, ["member", "from_org", "kind", "alternate"])),
        note=str(congress),
    )
    return delegate


def _delegation_of(congress: Congress, member: Member) -> Org:
    """The sub-org of the congress's org that the member lies under (the org itself when directly in it)."""
    from tochuc.orgs.models import SEGMENT

    prefix = member.org.path[: len(congress.org.path) + SEGMENT]
    if prefix == congress.org.path or len(prefix) <= len(congress.org.path):
        return congress.org
    return Org.objects.get(path=prefix)


@transaction.atomic
def delegate_summon_members(*, actor, congress: Congress) -> list[Delegate]:
    """A members' congress: every official member in activity of the org (not yet listed) is summoned, each
    in the delegation of the sub-org they belong to. One "delegate.add" event per member."""
    congress = _lock_congress(congress)
    if actor is not None:
        require(actor, Action.CREATE, congress.org.path)
    _check_open(congress, "member")
    if congress.kind != CongressKind.MEMBERS:
        raise DomainError(_("Chỉ đại hội đảng viên mới triệu tập toàn bộ đảng viên."), field="member")
    listed = set(Delegate.objects.filter(congress=congress).values_list("member_id", flat=True))
    members = [
        m
        for m in Member.objects.filter(
            org__path__under=congress.org.path, status=Status.OFFICIAL, in_transit=False, lost_contact=False
        )
        .select_related("org")
        .order_by("org__path", "sort_key", "pk")
        if m.pk not in listed
    ]
    if not members:
        raise DomainError(_("Mọi đảng viên chính thức của tổ chức đã có trong danh sách."), field="member")
    from tochuc.orgs.models import SEGMENT

    length = len(congress.org.path) + SEGMENT
    subs = {o.path: o for o in Org.objects.filter(path__in={m.org.path[:length] for m in members})}
    made = []
    for m in members:
        from_org = subs.get(m.org.path[:length], congress.org)
        d = Delegate.objects.create(congress=congress, member=m, from_org=from_org, kind=DelegateKind.ELECTED)
        audit_record(
            actor=actor,
            action="delegate.add",
            obj=d,
            org_path=congress.org.path,
            changes=created(snapshot(d, ["member", "from_org", "kind"])),
            note=_("Triệu tập đảng viên dự %(c)s.") % {"c": congress},
        )
        made.append(d)
    return made


@transaction.atomic
def delegate_add_ex_officio(*, actor, congress: Congress) -> list[Delegate]:
    """Every member of the outgoing committee (an open seat on the org's Ban Chấp hành) not yet listed becomes an
    ex-officio delegate in the delegation of the sub-org they belong to. Refused, naming the first person,
    when one of them cannot sit (not official, in transit, out of contact): the officer records that
    person's case first."""
    congress = _lock_congress(congress)
    if actor is not None:
        require(actor, Action.CREATE, congress.org.path)
    _check_open(congress, "kind")
    listed = set(Delegate.objects.filter(congress=congress).values_list("member_id", flat=True))
    seats = (
        CommitteeMembership.objects.filter(org=congress.org, body=Body.COMMITTEE, ended_on__isnull=True)
        .select_related("member", "member__org")
        .order_by("member__sort_key", "pk")
    )
    members = [s.member for s in seats if s.member_id not in listed]
    if not members:
        raise DomainError(_("Mọi ủy viên Ban Chấp hành đương nhiệm đã có trong danh sách đại biểu."), field="kind")
    for m in members:
        refusal = member_refusal(m)
        if refusal:
            raise DomainError(refusal, field="kind")
        if not m.org.path.startswith(congress.org.path):
            raise DomainError(
                _("%(n)s không còn sinh hoạt trong «%(o)s».") % {"n": m.full_name, "o": congress.org.name}, field="kind"
            )
    made = []
    for m in members:
        d = Delegate.objects.create(
            congress=congress, member=m, from_org=_delegation_of(congress, m), kind=DelegateKind.EX_OFFICIO
        )
        audit_record(
            actor=actor,
            action="delegate.add",
            obj=d,
            org_path=congress.org.path,
            changes=created(snapshot(d, ["member", "from_org", "kind"])),
            note=str(congress),
        )
        made.append(d)
    return made


@transaction.atomic
def delegate_update(
    *,
    actor,
    delegate: Delegate,
    credentials: str,
    credentials_note: str = "",
    absent: bool = False,
    absence_excused: bool = False,
    absence_reason: str = "",
    alternate: bool | None = None,
) -> Delegate:
    """The credentials check (accepted; refused with the reason) and the attendance of one delegate (absent
    for the whole congress, with a reason the convening committee approved or not)."""
    delegate = (
        Delegate.objects.select_for_update(of=("self",))
        .select_related("member", "congress", "congress__org")
        .get(pk=delegate.pk)
    )
    congress = delegate.congress
    if actor is not None:
        require(actor, Action.EDIT, congress.org.path)
    _check_open(congress, "credentials")
    credentials_note = " ".join((credentials_note or "").split())
    absence_reason = " ".join((absence_reason or "").split())
    if credentials not in Credentials.values:
        raise DomainError(_("Chọn kết quả thẩm tra tư cách."), field="credentials")
    if credentials == Credentials.REFUSED and not credentials_note:
        raise DomainError(_("Ghi lý do đại biểu không đủ tư cách."), field="credentials_note")
    if len(credentials_note) > 255:
        raise DomainError(_("Lý do quá dài (tối đa 255 ký tự)."), field="credentials_note")
    if credentials == Credentials.ACCEPTED:
        refusal = member_refusal(delegate.member)
        if refusal:
            raise DomainError(refusal, field="credentials")
    if not absent and (absence_excused or absence_reason):
        raise DomainError(_("Chỉ ghi lý do vắng khi đại biểu vắng mặt cả đại hội."), field="absent")
    if absent and not absence_reason:
        raise DomainError(_("Ghi lý do vắng mặt (hoặc «không có lý do»)."), field="absence_reason")
    if len(absence_reason) > 255:
        raise DomainError(_("Lý do quá dài (tối đa 255 ký tự)."), field="absence_reason")
    if absent and credentials == Credentials.REFUSED:
        raise DomainError(_("Đại biểu không đủ tư cách không được tính là vắng mặt."), field="absent")
    before = snapshot(delegate, FIELDS)
    delegate.credentials, delegate.credentials_note = credentials, credentials_note
    delegate.absent, delegate.absence_excused = absent, absent and absence_excused
    delegate.absence_reason = absence_reason
    if alternate is not None:
        delegate.alternate = alternate
    changes = diff(before, snapshot(delegate, FIELDS))
    if not changes:
        return delegate
    delegate.save(
        update_fields=["credentials", "credentials_note", "absent", "absence_excused", "absence_reason", "alternate"]
    )
    audit_record(
        actor=actor,
        action="delegate.update",
        obj=delegate,
        org_path=congress.org.path,
        changes=changes,
        note=str(congress),
    )
    return delegate


@transaction.atomic
def delegate_remove(*, actor, delegate: Delegate, reason: str) -> None:
    """Take off a delegate recorded by mistake (before the congress is held), with the reason."""
    delegate = (
        Delegate.objects.select_for_update(of=("self",))
        .select_related("member", "congress", "congress__org")
        .get(pk=delegate.pk)
    )
    congress = delegate.congress
    if actor is not None:
        require(actor, Action.EDIT, congress.org.path)
    reason = " ".join((reason or "").split())
    if congress.status in rules.HELD_STAGES:
        raise DomainError(
            _("Đại hội đã tổ chức: ghi đại biểu không đủ tư cách hoặc vắng mặt thay vì bỏ khỏi danh sách."),
            field="reason",
        )
    if not reason:
        raise DomainError(_("Ghi lý do bỏ đại biểu khỏi danh sách."), field="reason")
    audit_record(
        actor=actor,
        action="delegate.remove",
        obj=delegate,
        org_path=congress.org.path,
        changes={k: {"before": v, "after": None} for k, v in snapshot(delegate, FIELDS).items()},
        note=reason,
    )
    delegate.delete()
