"""Campaigns: opened by an org for a period (one per period in a subtree, ad hoc reviews aside), their dates
changed, the orgs and members to rate listed in bulk (idempotent), closed once every entry is decided (or
forced with a reason) and reopened. Each write is one audited transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tochuc.accounts.roles import Action
from tochuc.cadres.choices import Title
from tochuc.cadres.models import Tenure
from tochuc.cadres.services.people import refuse_control_characters
from tochuc.core.audit import audit_record, created, diff, snapshot
from tochuc.core.errors import DomainError
from tochuc.core.rules import rules_in_force
from tochuc.core.scope import require
from tochuc.members.models import Member
from tochuc.orgs.models import Org, OrgType

from .. import rules
from ..choices import CampaignStatus, PeriodKind, Stage, SubjectKind
from ..models import Campaign, Entry
from ..rules import RatingParams

CAMPAIGN_FIELDS = (
    "org",
    "title",
    "basis",
    "period_kind",
    "year",
    "quarter",
    "term",
    "starts_on",
    "self_due_on",
    "decision_due_on",
    "status",
    "closed_on",
    "close_note",
)
EDITABLE = ("title", "basis", "starts_on", "self_due_on", "decision_due_on")
# The orgs rated by default: every party organisation that has a leadership collective of its own, from the
# communes and the provincial blocs down to the cells (a party group, tổ đảng, is reviewed inside its cell).
DEFAULT_ORG_TYPES = (
    OrgType.UPPER_GRASSROOTS_COMMITTEE,
    OrgType.GRASSROOTS_COMMITTEE,
    OrgType.GRASSROOTS_CELL,
    OrgType.SUB_COMMITTEE,
    OrgType.CELL,
)


def _require(actor, action: str, path: str) -> None:
    """Scope and role of a user; `actor=None` is the system (the demo, commands), which is not checked."""
    if actor is not None:
        require(actor, action, path)


def period_end(campaign: Campaign) -> date:
    return rules.period_end(
        period_kind=campaign.period_kind,
        year=campaign.year,
        quarter=campaign.quarter,
        term=campaign.term,
        starts_on=campaign.starts_on,
    )


def campaign_params(campaign: Campaign) -> RatingParams | None:
    """The thresholds in force on the last day of the campaign's period; None before the 100-point scale
    (366-QĐ/TW, 30/8/2025): such a period is rated by level only."""
    cached = getattr(campaign, "_params", False)
    if cached is False:
        cached = RatingParams.from_rules(rules_in_force(period_end(campaign)))
        campaign._params = cached
    return cached


def period_label(campaign: Campaign) -> str:
    return rules.period_label(
        period_kind=campaign.period_kind, year=campaign.year, quarter=campaign.quarter, term=campaign.term
    )


def default_title(*, period_kind: str, year: int, quarter: int | None, term: str) -> str:
    label = rules.period_label(period_kind=period_kind, year=year, quarter=quarter, term=term)
    return _("Kiểm điểm, đánh giá, xếp loại chất lượng %(p)s") % {"p": label}


def _fmt(d: date | None) -> str:
    return d.strftime("%d/%m/%Y") if d else ""


def _clean_dates(*, starts_on: date | None, self_due_on: date | None, decision_due_on: date | None) -> None:
    if starts_on is None:
        raise DomainError(_("Nhập ngày bắt đầu đợt đánh giá."), field="starts_on")
    if self_due_on is not None and self_due_on < starts_on:
        raise DomainError(
            _("Hạn tự đánh giá %(d)s trước ngày bắt đầu %(s)s.") % {"d": _fmt(self_due_on), "s": _fmt(starts_on)},
            field="self_due_on",
        )
    if decision_due_on is not None and decision_due_on < (self_due_on or starts_on):
        raise DomainError(
            _("Hạn quyết định xếp loại %(d)s trước hạn tự đánh giá hoặc ngày bắt đầu.") % {"d": _fmt(decision_due_on)},
            field="decision_due_on",
        )


def _text(value: str, field: str, limit: int) -> str:
    value = " ".join((value or "").split())
    refuse_control_characters({field: value})
    if len(value) > limit:
        raise DomainError(_("Nội dung dài quá %(n)s ký tự.") % {"n": limit}, field=field)
    return value


def _overlapping(*, org: Org, period_kind: str, year: int, quarter: int | None, term: str, exclude: int | None = None):
    """A campaign of the same period whose org is `org`, above it or below it: a subject is rated once a
    period (ad hoc reviews are per matter and may overlap)."""
    if period_kind == PeriodKind.ADHOC:
        return None
    qs = Campaign.objects.filter(period_kind=period_kind, year=year, quarter=quarter, term=term).filter(
        Q(org__path__in=[*org.ancestor_paths(), org.path]) | Q(org__path__under=org.path)
    )
    if exclude is not None:
        qs = qs.exclude(pk=exclude)
    return qs.select_related("org").first()


@transaction.atomic
def campaign_open(
    *,
    actor,
    org: Org,
    period_kind: str,
    year: int,
    starts_on: date | None,
    quarter: int | None = None,
    term: str = "",
    title: str = "",
    basis: str = "",
    self_due_on: date | None = None,
    decision_due_on: date | None = None,
    today: date | None = None,
) -> Campaign:
    """Open the review of a period under `org` (create right in its scope). Refused when a campaign of the
    same period already covers `org`'s subtree from above, at `org`, or below it."""
    _require(actor, Action.CREATE, org.path)
    today = today or timezone.localdate()
    if not org.is_open:
        raise DomainError(_("Tổ chức «%(o)s» đã kết thúc hoạt động.") % {"o": org.name}, field="org")
    term = (term or "").strip()
    problem = rules.period_problem(period_kind=period_kind, year=year, quarter=quarter, term=term, today=today)
    if problem:
        raise DomainError(problem[1], field=problem[0])
    _clean_dates(starts_on=starts_on, self_due_on=self_due_on, decision_due_on=decision_due_on)
    if starts_on > today + timedelta(days=366):
        raise DomainError(_("Ngày bắt đầu quá xa (sau một năm nữa)."), field="starts_on")
    title = _text(title, "title", 255) or default_title(period_kind=period_kind, year=year, quarter=quarter, term=term)
    basis = _text(basis, "basis", 255)
    clash = _overlapping(org=org, period_kind=period_kind, year=year, quarter=quarter, term=term)
    if clash is not None:
        raise DomainError(
            _("Đã có đợt «%(t)s» của %(o)s cho cùng kỳ đánh giá: mỗi tổ chức, đảng viên chỉ được xếp loại một lần.")
            % {"t": clash.title, "o": clash.org.name},
            field="year",
        )
    campaign = Campaign.objects.create(
        org=org,
        title=title,
        basis=basis,
        period_kind=period_kind,
        year=year,
        quarter=quarter,
        term=term,
        starts_on=starts_on,
        self_due_on=self_due_on,
        decision_due_on=decision_due_on,
    )
    audit_record(
        actor=actor,
        action="rating.campaign_open",
        obj=campaign,
        org_path=org.path,
        changes=created(snapshot(campaign, CAMPAIGN_FIELDS)),
        note=period_label(campaign),
    )
    return campaign


def _lock(campaign: Campaign) -> Campaign:
    return Campaign.objects.select_for_update(of=("self",)).select_related("org").get(pk=campaign.pk)


@transaction.atomic
def campaign_update(
    *,
    actor,
    campaign: Campaign,
    title: str,
    basis: str = "",
    starts_on: date | None,
    self_due_on: date | None = None,
    decision_due_on: date | None = None,
) -> Campaign:
    """Change a campaign's title, basis and dates (its org and period stay: its entries were listed for them)."""
    campaign = _lock(campaign)
    _require(actor, Action.EDIT, campaign.org.path)
    _clean_dates(starts_on=starts_on, self_due_on=self_due_on, decision_due_on=decision_due_on)
    first = (
        Entry.objects.filter(campaign=campaign, self_on__isnull=False)
        .order_by("self_on")
        .values_list("self_on", flat=True)[:1]
    )
    if first and starts_on > first[0]:
        raise DomainError(
            _("Đã có tự đánh giá từ ngày %(d)s: ngày bắt đầu không thể sau ngày đó.") % {"d": _fmt(first[0])},
            field="starts_on",
        )
    values = {
        "title": _text(title, "title", 255)
        or default_title(
            period_kind=campaign.period_kind, year=campaign.year, quarter=campaign.quarter, term=campaign.term
        ),
        "basis": _text(basis, "basis", 255),
        "starts_on": starts_on,
        "self_due_on": self_due_on,
        "decision_due_on": decision_due_on,
    }
    before = snapshot(campaign, EDITABLE)
    for name, value in values.items():
        setattr(campaign, name, value)
    changes = diff(before, snapshot(campaign, EDITABLE))
    if not changes:
        return campaign
    campaign.save(update_fields=[*changes, "updated_at"])
    audit_record(
        actor=actor, action="rating.campaign_update", obj=campaign, org_path=campaign.org.path, changes=changes
    )
    return campaign


@transaction.atomic
def campaign_close(
    *,
    actor,
    campaign: Campaign,
    closed_on: date | None,
    force: bool = False,
    reason: str = "",
    today: date | None = None,
) -> Campaign:
    """Close a campaign: refused while some entries are undecided, unless `force` with a reason (kept on the
    campaign and in the audit). A closed campaign takes no more writes until it is reopened."""
    campaign = _lock(campaign)
    _require(actor, Action.EDIT, campaign.org.path)
    today = today or timezone.localdate()
    if campaign.status == CampaignStatus.CLOSED:
        raise DomainError(_("Đợt đánh giá đã kết thúc ngày %(d)s.") % {"d": _fmt(campaign.closed_on)}, field=None)
    if closed_on is None:
        raise DomainError(_("Nhập ngày kết thúc."), field="closed_on")
    if closed_on < campaign.starts_on or closed_on > today:
        raise DomainError(
            _("Ngày kết thúc phải từ ngày bắt đầu %(s)s đến hôm nay.") % {"s": _fmt(campaign.starts_on)},
            field="closed_on",
        )
    reason = (reason or "").strip()
    refuse_control_characters({"reason": reason})
    undecided = Entry.objects.filter(campaign=campaign).exclude(stage=Stage.DECIDED).count()
    if undecided and not force:
        raise DomainError(
            _(
                "Còn %(n)s tổ chức, đảng viên chưa được quyết định xếp loại: xếp loại xong, hoặc chọn «Kết thúc khi "
                "chưa xếp loại xong» và ghi lý do."
            )
            % {"n": undecided},
            field="force",
        )
    if undecided and not reason:
        raise DomainError(_("Ghi lý do kết thúc khi còn trường hợp chưa xếp loại."), field="reason")
    before = snapshot(campaign, CAMPAIGN_FIELDS)
    campaign.status = CampaignStatus.CLOSED
    campaign.closed_on = closed_on
    campaign.close_note = reason if undecided else ""
    campaign.save(update_fields=["status", "closed_on", "close_note", "updated_at"])
    note = _("Kết thúc đợt đánh giá.")
    if undecided:
        note = _("Kết thúc khi còn %(n)s trường hợp chưa xếp loại. Lý do: %(r)s") % {"n": undecided, "r": reason}
    audit_record(
        actor=actor,
        action="rating.campaign_close",
        obj=campaign,
        org_path=campaign.org.path,
        changes=diff(before, snapshot(campaign, CAMPAIGN_FIELDS)),
        note=note,
    )
    return campaign


@transaction.atomic
def campaign_reopen(*, actor, campaign: Campaign, reason: str) -> Campaign:
    """Reopen a closed campaign to correct it (a reason is required and audited)."""
    campaign = _lock(campaign)
    _require(actor, Action.EDIT, campaign.org.path)
    if campaign.status != CampaignStatus.CLOSED:
        raise DomainError(_("Đợt đánh giá đang mở."), field=None)
    reason = _text(reason, "reason", 1000)
    if not reason:
        raise DomainError(_("Ghi lý do mở lại đợt đánh giá."), field="reason")
    before = snapshot(campaign, CAMPAIGN_FIELDS)
    campaign.status = CampaignStatus.OPEN
    campaign.closed_on = None
    campaign.close_note = ""
    campaign.save(update_fields=["status", "closed_on", "close_note", "updated_at"])
    audit_record(
        actor=actor,
        action="rating.campaign_update",
        obj=campaign,
        org_path=campaign.org.path,
        changes=diff(before, snapshot(campaign, CAMPAIGN_FIELDS)),
        note=_("Mở lại đợt đánh giá. Lý do: %(r)s") % {"r": reason},
    )
    return campaign


def require_open(campaign: Campaign) -> None:
    if campaign.status != CampaignStatus.OPEN:
        raise DomainError(
            _("Đợt đánh giá «%(t)s» đã kết thúc ngày %(d)s: mở lại đợt trước khi sửa.")
            % {"t": campaign.title, "d": _fmt(campaign.closed_on)},
            field=None,
        )


@dataclass(frozen=True)
class Enlisted:
    """What a listing added: orgs, members, and members left out because another campaign of the same period
    already rates them (they moved from another subtree)."""

    orgs: int
    members: int
    elsewhere: int


def leaders_among(member_ids_qs) -> set[int]:
    """The members holding a leadership or management post (an open tenure of any title but staff) in cadre
    work: they review on form 2A."""
    return set(
        Tenure.objects.filter(ended_on__isnull=True, cadre__member__in=member_ids_qs)
        .exclude(post__title=Title.STAFF)
        .values_list("cadre__member_id", flat=True)
    )


@transaction.atomic
def entries_enlist(
    *,
    actor,
    campaign: Campaign,
    under: Org | None = None,
    org_types: list[str] | tuple[str, ...] = (),
    members: bool = False,
    include_exempted: bool = False,
) -> Enlisted:
    """List the subjects of a campaign under `under` (the campaign's org by default; an org inside both its
    subtree and the actor's scope): the open orgs of `org_types` (the campaign's own org excluded: the level
    above rates it) and/or the active members, as they are at this moment. Idempotent: those already listed
    are left as they are. The form defaults to 01 for an org; for a member, 2A when holding a post in cadre
    work, else 2B in the political system, else 2C (`rules.default_form`)."""
    campaign = _lock(campaign)
    under = under or campaign.org
    if not under.path.startswith(campaign.org.path):
        raise DomainError(
            _("«%(o)s» không thuộc phạm vi của đợt đánh giá (%(c)s).") % {"o": under.name, "c": campaign.org.name},
            field="under",
        )
    _require(actor, Action.CREATE, under.path)
    require_open(campaign)
    unknown = set(org_types) - set(OrgType.values)
    if unknown:
        raise DomainError(_("Loại tổ chức không hợp lệ."), field="org_types")
    if not org_types and not members:
        raise DomainError(_("Chọn loại tổ chức hoặc đảng viên cần đánh giá."), field="org_types")
    new: list[Entry] = []
    actor_user = actor if getattr(actor, "pk", None) else None
    if org_types:
        listed = Entry.objects.filter(campaign=campaign, kind=SubjectKind.ORG).values("org_id")
        orgs = (
            Org.objects.open()
            .filter(path__under=under.path, org_type__in=list(org_types))
            .exclude(pk=campaign.org_id)
            .exclude(pk__in=listed)
            .order_by("path")
        )
        new += [
            Entry(campaign=campaign, kind=SubjectKind.ORG, org_id=o.pk, form=rules.default_form(SubjectKind.ORG),
                  actor=actor_user)
            for o in orgs.only("pk")
        ]  # fmt: skip
    n_orgs = len(new)
    elsewhere = 0
    if members:
        people = Member.objects.active().filter(org__path__under=under.path)
        if not include_exempted:
            people = people.filter(exempted=False)
        listed = Entry.objects.filter(campaign=campaign, member__isnull=False).values("member_id")
        people = people.exclude(pk__in=listed)
        if campaign.period_kind != PeriodKind.ADHOC:
            rated = Entry.objects.filter(
                member__isnull=False,
                campaign__period_kind=campaign.period_kind,
                campaign__year=campaign.year,
                campaign__quarter=campaign.quarter,
                campaign__term=campaign.term,
            ).exclude(campaign=campaign)
            elsewhere = people.filter(pk__in=rated.values("member_id")).count()
            people = people.exclude(pk__in=rated.values("member_id"))
        rows = list(people.order_by("org_id", "pk").values_list("pk", "org_id", "occupation"))
        leaders = leaders_among(people.values("pk")) if rows else set()
        new += [
            Entry(
                campaign=campaign,
                kind=SubjectKind.MEMBER,
                org_id=org_id,
                member_id=pk,
                form=rules.default_form(SubjectKind.MEMBER, holds_post=pk in leaders, occupation=occupation),
                actor=actor_user,
            )
            for pk, org_id, occupation in rows
        ]
    Entry.objects.bulk_create(new, batch_size=2000)
    result = Enlisted(orgs=n_orgs, members=len(new) - n_orgs, elsewhere=elsewhere)
    if new:
        audit_record(
            actor=actor,
            action="rating.enlist",
            obj=campaign,
            org_path=under.path,
            changes={
                "orgs": {"before": None, "after": result.orgs},
                "members": {"before": None, "after": result.members},
            },
            note=_("Lập danh sách tại %(o)s: %(n)s tổ chức, %(m)s đảng viên.")
            % {"o": under.name, "n": result.orgs, "m": result.members},
        )
    return result


# --- The restructuring follower (orgs.services.register_follower) -----------------------------------------


def entries_follow(*, actor, source: Org, target: Org, on: date, event=None) -> int:
    """When `source` merges or dissolves into `target`, the undecided member entries of the open campaigns
    follow their members to `target` (where the members now take part and are rated); decided entries and the
    source's own entry as a collective stay as they were. One audit event per campaign touched. Called by the
    restructuring services inside their transaction, which checked the scope."""
    moving = (
        Entry.objects.select_for_update(of=("self",))
        .filter(
            org=source,
            kind=SubjectKind.MEMBER,
            campaign__status=CampaignStatus.OPEN,
            member__org=target,
        )
        .exclude(stage=Stage.DECIDED)
    )
    by_campaign: dict[int, list[int]] = {}
    for pk, campaign_id in moving.values_list("pk", "campaign_id"):
        by_campaign.setdefault(campaign_id, []).append(pk)
    for campaign in Campaign.objects.filter(pk__in=list(by_campaign)):
        ids = by_campaign[campaign.pk]
        Entry.objects.filter(pk__in=ids).update(org=target)
        audit_record(
            actor=actor,
            action="rating.follow",
            obj=campaign,
            org_path=target.path,
            changes={
                "org": {"before": source.code, "after": target.code},
                "entries": {"before": None, "after": len(ids)},
            },
            note=_("%(n)s đảng viên chuyển từ %(s)s sang %(t)s ngày %(d)s.")
            % {"n": len(ids), "s": source.name, "t": target.name, "d": _fmt(on)},
        )
    return sum(len(ids) for ids in by_campaign.values())
