"""Nominations (đề nghị khen thưởng; DOMAIN.md §10): an org proposes collectives and people of its subtree, one
at a time or a year's list at once; the level above reviews (accepts or rejects, the conditions judged again);
the proposer may withdraw before the decision. The recipient's name and unit are copied on the day proposed, so
that the decision's list keeps them as they were.

Who may do what: proposing needs CREATE over the proposing org; reviewing needs EDIT over an org strictly above
it (the organisation board of the upper committee appraises the dossiers before its standing committee decides;
a top org's own nominations are reviewed in its own scope); withdrawing needs EDIT over the proposing org.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tochuc.accounts.roles import Action
from tochuc.core.audit import audit_record
from tochuc.core.errors import DomainError
from tochuc.core.scope import in_scope, require
from tochuc.core.text import fold
from tochuc.members.models import Member, Membership
from tochuc.orgs.models import SEGMENT, Org

from .. import rules
from ..choices import LIVE_STATUSES, OPEN_STATUSES, AwardForm, NomineeStatus, PeriodType, RecipientKind
from ..models import Nominee
from ..selectors.eligibility import award_params, judge, levels_for

MAX_ACHIEVEMENT = 2000
MAX_BATCH = 500


def _fmt(d: date) -> str:
    return d.strftime("%d/%m/%Y")


def _clean(text: str | None) -> str:
    return " ".join((text or "").split())


def _not_future(on: date | None, field: str) -> None:
    if on is None:
        raise DomainError(_("Ghi ngày theo dạng dd/mm/yyyy."), field=field)
    if on > timezone.localdate():
        raise DomainError(_("Ngày không được sau ngày hôm nay."), field=field)


# --- Recipients ---------------------------------------------------------------------------------------------


def _units(orgs: Sequence[Org]) -> dict[int, str]:
    """For each org, the names of the org and of its ancestors below the top org, nearest first ("Chi bộ khu
    phố 1, Đảng bộ phường Đông Hà"): the unit printed beside a person on the list. One query for all."""
    paths = {p for o in orgs for p in o.ancestor_paths()[1:]}
    names = dict(Org.objects.filter(path__in=paths).values_list("path", "name"))
    units = {}
    for o in orgs:
        chain = [o.name] + [names.get(p, "") for p in reversed(o.ancestor_paths()[1:])]
        units[o.pk] = ", ".join(n for n in chain if n) if o.depth > 0 else o.name
    return units


def _parent_units(orgs: Sequence[Org]) -> dict[int, str]:
    """For each org, the names of its ancestors below the top org, nearest first: the unit printed beside a
    collective (blank for the orgs directly under the top one)."""
    paths = {p for o in orgs for p in o.ancestor_paths()[1:]}
    names = dict(Org.objects.filter(path__in=paths).values_list("path", "name"))
    return {o.pk: ", ".join(names.get(p, "") for p in reversed(o.ancestor_paths()[1:])) for o in orgs}


def _member_orgs_on(members: Sequence[Member], proposing_org: Org, on: date) -> dict[int, Org]:
    """The org under `proposing_org` where each member was active on `on` (by member id): their membership of
    that day. A member missing from the result was not active in the proposing org's subtree that day."""
    rows = (
        Membership.objects.filter(member__in=[m.pk for m in members], org__path__under=proposing_org.path)
        .filter(valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on))
        .select_related("org")
    )
    return {r.member_id: r.org for r in rows}


@dataclass
class _Recipient:
    kind: str
    member: Member | None = None
    org: Org | None = None

    @property
    def key(self) -> tuple[str, int]:
        return (self.kind, self.member.pk if self.member is not None else self.org.pk)

    @property
    def name(self) -> str:
        return self.member.full_name if self.member is not None else self.org.name


def _check_terms(*, proposing_org: Org, form: str, period_type: str, proposed_on: date) -> None:
    if proposing_org is None:
        raise DomainError(_("Chọn tổ chức đề nghị."), field="proposing_org")
    if form not in AwardForm.values:
        raise DomainError(_("Chọn hình thức khen thưởng."), field="form")
    if period_type not in PeriodType.values:
        raise DomainError(
            _("Chọn loại khen thưởng (hằng năm, 5 năm liên tục, đột xuất, chuyên đề)."), field="period_type"
        )
    _not_future(proposed_on, "proposed_on")
    if not (
        proposing_org.opened_on <= proposed_on
        and (proposing_org.closed_on is None or proposing_org.closed_on > proposed_on)
    ):
        raise DomainError(
            _("%(o)s không hoạt động ngày %(d)s.") % {"o": proposing_org.name, "d": _fmt(proposed_on)},
            field="proposing_org",
        )


def _years(
    *, period_type: str, year_from: int | None, year_to: int | None, proposed_on: date, params: rules.AwardParams
) -> tuple[int, int]:
    """The years of a nomination, checked against its kind: an annual, ad-hoc or thematic award without a first
    year is for `year_to` alone; a five-year award names its first year."""
    if year_to is None:
        if period_type == PeriodType.ADHOC:
            year_to = proposed_on.year
        else:
            raise DomainError(_("Ghi năm được khen thưởng."), field="year_to")
    if year_to < rules.FIRST_YEAR or year_to > proposed_on.year:
        raise DomainError(
            _("Năm được khen thưởng phải từ %(a)s đến năm đề nghị (%(b)s).")
            % {"a": rules.FIRST_YEAR, "b": proposed_on.year},
            field="year_to",
        )
    if year_from is None and period_type != PeriodType.FIVE_YEAR:
        year_from = year_to
    wrong = rules.period_years(period_type, year_from, year_to, params.consecutive_years)
    if wrong is not None:
        n = params.consecutive_years
        if period_type == PeriodType.FIVE_YEAR:
            message = _("Khen thưởng %(n)s năm liên tục phải tính đủ %(n)s năm, từ năm %(a)s đến năm %(b)s.") % {
                "n": n,
                "a": year_to - n + 1,
                "b": year_to,
            }
        elif period_type in (PeriodType.ANNUAL, PeriodType.ADHOC):
            message = _("Khen thưởng %(p)s chỉ tính một năm: để trống «từ năm» hoặc ghi %(y)s.") % {
                "p": PeriodType(period_type).label.lower(),
                "y": year_to,
            }
        else:
            message = _("Năm bắt đầu không được sau năm kết thúc.")
        raise DomainError(message, field=wrong)
    return year_from, year_to


def _check_recipients(
    recipients: list[_Recipient], *, proposing_org: Org, proposed_on: date, field_member: str, field_org: str
) -> dict[tuple[str, int], tuple[str, str]]:
    """Refuse a recipient outside the proposing org's subtree on the day; return each one's copied name and
    unit (by key)."""
    members = [r.member for r in recipients if r.member is not None]
    orgs = [r.org for r in recipients if r.org is not None]
    where = _member_orgs_on(members, proposing_org, proposed_on) if members else {}
    outside = next((m for m in members if m.pk not in where), None)
    if outside is not None:
        raise DomainError(
            _("Đồng chí %(n)s không sinh hoạt trong %(o)s ngày %(d)s.")
            % {"n": outside.full_name, "o": proposing_org.name, "d": _fmt(proposed_on)},
            field=field_member,
        )
    for o in orgs:
        if not o.path.startswith(proposing_org.path):
            raise DomainError(
                _("%(n)s không trực thuộc %(o)s.") % {"n": o.name, "o": proposing_org.name}, field=field_org
            )
        if not (o.opened_on <= proposed_on and (o.closed_on is None or o.closed_on > proposed_on)):
            raise DomainError(
                _("%(n)s không hoạt động ngày %(d)s.") % {"n": o.name, "d": _fmt(proposed_on)}, field=field_org
            )
    units = _units(list({o.pk: o for o in where.values()}.values()))
    parents = _parent_units(orgs)
    copied = {}
    for r in recipients:
        if r.member is not None:
            copied[r.key] = (r.member.full_name, units[where[r.member.pk].pk])
        else:
            copied[r.key] = (r.org.name, parents[r.org.pk])
    return copied


def _lock_recipients(recipients: list[_Recipient]) -> None:
    """Queue two proposals of the same recipients behind each other (the duplicate check then sees the first)."""
    member_ids = [r.member.pk for r in recipients if r.member is not None]
    org_ids = [r.org.pk for r in recipients if r.org is not None]
    if member_ids:
        list(Member.objects.select_for_update(of=("self",)).filter(pk__in=member_ids).values_list("pk", flat=True))
    if org_ids:
        list(Org.objects.select_for_update(of=("self",)).filter(pk__in=org_ids).values_list("pk", flat=True))


def _check_duplicates(
    recipients: list[_Recipient], *, form: str, period_type: str, year_from: int, year_to: int, field_member: str,
    field_org: str,
) -> None:  # fmt: skip
    member_ids = [r.member.pk for r in recipients if r.member is not None]
    org_ids = [r.org.pk for r in recipients if r.org is not None]
    found = (
        Nominee.objects.filter(
            status__in=LIVE_STATUSES, form=form, period_type=period_type, year_from=year_from, year_to=year_to
        )
        .filter(Q(member__in=member_ids) | Q(recipient_org__in=org_ids))
        .select_related("proposing_org")
        .order_by("id")
        .first()
    )
    if found is not None:
        raise DomainError(
            _("%(n)s đã có đề nghị %(f)s %(p)s năm %(y)s (%(s)s, do %(o)s đề nghị ngày %(d)s).")
            % {
                "n": found.recipient_name,
                "f": found.get_form_display(),
                "p": found.get_period_type_display().lower(),
                "y": rules.years_label(year_from, year_to),
                "s": found.get_status_display().lower(),
                "o": found.proposing_org.name,
                "d": _fmt(found.proposed_on),
            },
            field=field_member if found.member_id else field_org,
        )


def _propose(
    *,
    actor,
    proposing_org: Org,
    recipients: list[_Recipient],
    form: str,
    period_type: str,
    year_from: int | None,
    year_to: int | None,
    proposed_on: date,
    achievement: str,
    document_no: str,
    field_member: str,
    field_org: str,
) -> list[Nominee]:
    if actor is not None:
        require(actor, Action.CREATE, proposing_org.path if proposing_org is not None else None)
    _check_terms(proposing_org=proposing_org, form=form, period_type=period_type, proposed_on=proposed_on)
    params = award_params(proposed_on)
    year_from, year_to = _years(
        period_type=period_type, year_from=year_from, year_to=year_to, proposed_on=proposed_on, params=params
    )
    achievement = (achievement or "").strip()
    document_no = _clean(document_no)
    if len(achievement) > MAX_ACHIEVEMENT:
        raise DomainError(_("Thành tích quá dài (tối đa %(n)s ký tự).") % {"n": MAX_ACHIEVEMENT}, field="achievement")
    if len(document_no) > Nominee._meta.get_field("document_no").max_length:
        raise DomainError(_("Số tờ trình quá dài (tối đa 50 ký tự)."), field="document_no")
    if not recipients:
        raise DomainError(_("Chọn tập thể hoặc cá nhân được đề nghị."), field=field_member)
    if len(recipients) > MAX_BATCH:
        raise DomainError(_("Mỗi lần đề nghị tối đa %(n)s tập thể, cá nhân.") % {"n": MAX_BATCH}, field=field_member)
    if len({r.key for r in recipients}) != len(recipients):
        raise DomainError(_("Một tập thể, cá nhân được chọn hai lần."), field=field_member)
    _lock_recipients(recipients)
    copied = _check_recipients(
        recipients, proposing_org=proposing_org, proposed_on=proposed_on, field_member=field_member, field_org=field_org
    )
    _check_duplicates(
        recipients, form=form, period_type=period_type, year_from=year_from, year_to=year_to,
        field_member=field_member, field_org=field_org,
    )  # fmt: skip
    nominees = [
        Nominee(
            proposing_org=proposing_org,
            kind=r.kind,
            member=r.member,
            recipient_org=r.org,
            recipient_name=copied[r.key][0],
            recipient_folded=fold(copied[r.key][0]),
            recipient_unit=copied[r.key][1][:255],
            form=form,
            period_type=period_type,
            year_from=year_from,
            year_to=year_to,
            achievement=achievement or rules.default_achievement(r.kind, period_type, year_from, year_to),
            proposed_on=proposed_on,
            document_no=document_no,
            proposed_by=actor if getattr(actor, "pk", None) else None,
        )
        for r in recipients
    ]
    levels = levels_for(
        members=[r.member.pk for r in recipients if r.member is not None],
        orgs=[r.org.pk for r in recipients if r.org is not None],
        years=range(year_from, year_to + 1),
    )
    verdicts = [judge(n, levels, params) for n in nominees]
    refused = [(n, v) for n, v in zip(nominees, verdicts, strict=True) if not v.ok]
    if refused:
        n, v = refused[0]
        more = _(" (và %(k)s trường hợp khác)") % {"k": len(refused) - 1} if len(refused) > 1 else ""
        raise DomainError(
            _("%(n)s chưa đủ điều kiện đề nghị khen thưởng: %(r)s%(more)s")
            % {"n": n.recipient_name, "r": " ".join(f"{c.label}: {c.reason}" for c in v.refusals), "more": more},
            field=field_member if n.member is not None else field_org,
        )
    for nominee, verdict in zip(nominees, verdicts, strict=True):
        nominee.save()
        warnings = " ".join(f"{c.label}: {c.reason}" for c in verdict.warnings)
        audit_record(
            actor=actor,
            action="award.propose",
            obj=nominee,
            org_path=proposing_org.path,
            changes={
                "recipient": {"before": None, "after": nominee.recipient_name},
                "kind": {"before": None, "after": nominee.kind},
                "form": {"before": None, "after": form},
                "period_type": {"before": None, "after": period_type},
                "years": {"before": None, "after": rules.years_label(year_from, year_to)},
                "proposed_on": {"before": None, "after": proposed_on},
                "document_no": {"before": None, "after": document_no},
            },
            note=(_("Lưu ý: %(w)s") % {"w": warnings}) if warnings else "",
        )
    return nominees


@transaction.atomic
def nominee_propose(
    *,
    actor,
    proposing_org: Org,
    kind: str,
    member: Member | None = None,
    recipient_org: Org | None = None,
    form: str,
    period_type: str,
    year_from: int | None = None,
    year_to: int | None,
    proposed_on: date,
    achievement: str = "",
    document_no: str = "",
) -> Nominee:
    """Propose one collective (`kind` "org", `recipient_org`) or one member (`kind` "member", `member`) of the
    subtree of `proposing_org` for a commendation. Refused, naming the field, when the recipient is outside the
    subtree on `proposed_on`, already has a live nomination for the same form, kind and years, or fails a
    blocking rating condition; the warnings go to the audit note and show on the nominee's page."""
    if kind == RecipientKind.MEMBER:
        if member is None:
            raise DomainError(_("Chọn đảng viên được đề nghị khen thưởng."), field="member")
        recipients = [_Recipient(kind, member=member)]
    elif kind == RecipientKind.ORG:
        if recipient_org is None:
            raise DomainError(_("Chọn tập thể (tổ chức đảng) được đề nghị khen thưởng."), field="recipient_org")
        recipients = [_Recipient(kind, org=recipient_org)]
    else:
        raise DomainError(_("Chọn đối tượng: tập thể hoặc cá nhân."), field="kind")
    return _propose(
        actor=actor,
        proposing_org=proposing_org,
        recipients=recipients,
        form=form,
        period_type=period_type,
        year_from=year_from,
        year_to=year_to,
        proposed_on=proposed_on,
        achievement=achievement,
        document_no=document_no,
        field_member="member",
        field_org="recipient_org",
    )[0]


@transaction.atomic
def nominees_propose(
    *,
    actor,
    proposing_org: Org,
    members: Sequence[Member] = (),
    orgs: Sequence[Org] = (),
    form: str,
    period_type: str,
    year_from: int | None = None,
    year_to: int | None,
    proposed_on: date,
    document_no: str = "",
    achievement: str = "",
) -> list[Nominee]:
    """Propose a list at once (the batch page: the eligible of a year, ticked): every recipient passes, or none
    is written. Refusals name the field `recipients` and the first recipient concerned."""
    recipients = [_Recipient(RecipientKind.ORG, org=o) for o in orgs]
    recipients += [_Recipient(RecipientKind.MEMBER, member=m) for m in members]
    return _propose(
        actor=actor,
        proposing_org=proposing_org,
        recipients=recipients,
        form=form,
        period_type=period_type,
        year_from=year_from,
        year_to=year_to,
        proposed_on=proposed_on,
        achievement=achievement,
        document_no=document_no,
        field_member="recipients",
        field_org="recipients",
    )


# --- Review, withdrawal -------------------------------------------------------------------------------------


def review_path(nominee: Nominee) -> str:
    """The path an actor must have in scope to review: the org above the proposing one (a top org's own
    nominations: itself)."""
    org = nominee.proposing_org
    return org.path[:-SEGMENT] if org.depth > 0 else org.path


def can_review(actor, nominee: Nominee) -> bool:
    """Whether `actor` may review: an org strictly above the proposing org in their scope, and EDIT."""
    return actor is not None and in_scope(actor, review_path(nominee)) and actor.can(Action.EDIT)


def can_withdraw(actor, nominee: Nominee) -> bool:
    return actor is not None and in_scope(actor, nominee.proposing_org.path) and actor.can(Action.EDIT)


def _lock(nominee: Nominee) -> Nominee:
    return (
        Nominee.objects.select_for_update(of=("self",))
        .select_related("proposing_org", "member", "recipient_org")
        .get(pk=nominee.pk)
    )


@transaction.atomic
def nominee_review(*, actor, nominee: Nominee, accept: bool, reviewed_on: date, note: str = "") -> Nominee:
    """The upper level's review of a nomination: accepted (submitted for decision) or rejected with its reason.
    A nomination already accepted may be rejected on a later review until it is decided. Accepting judges the
    rating conditions again with the rules in force on `reviewed_on`: a blocking one refuses."""
    nominee = _lock(nominee)
    if actor is not None:
        require(actor, Action.VIEW, nominee.proposing_org.path)
        if not can_review(actor, nominee):
            raise PermissionDenied
    note = _clean(note)
    before = {"status": nominee.status, "reviewed_on": nominee.reviewed_on, "review_note": nominee.review_note}
    if nominee.status not in OPEN_STATUSES:
        raise DomainError(
            _("Đề nghị đang ở tình trạng «%(s)s»: không xét được.") % {"s": nominee.get_status_display()},
            field="outcome",
        )
    if accept and nominee.status == NomineeStatus.ACCEPTED:
        raise DomainError(_("Đề nghị đã được chấp thuận, đang chờ quyết định."), field="outcome")
    _not_future(reviewed_on, "reviewed_on")
    if reviewed_on < nominee.proposed_on:
        raise DomainError(
            _("Ngày xét không được trước ngày đề nghị (%(d)s).") % {"d": _fmt(nominee.proposed_on)},
            field="reviewed_on",
        )
    if len(note) > Nominee._meta.get_field("review_note").max_length:
        raise DomainError(_("Ý kiến quá dài (tối đa 255 ký tự)."), field="review_note")
    warnings = ""
    if accept:
        params = award_params(reviewed_on, field="reviewed_on")
        levels = levels_for(
            members=[nominee.member_id] if nominee.member_id else [],
            orgs=[nominee.recipient_org_id] if nominee.recipient_org_id else [],
            years=range(nominee.year_from, nominee.year_to + 1),
        )
        verdict = judge(nominee, levels, params)
        if not verdict.ok:
            raise DomainError(
                _("%(n)s chưa đủ điều kiện: %(r)s")
                % {"n": nominee.recipient_name, "r": " ".join(f"{c.label}: {c.reason}" for c in verdict.refusals)},
                field="outcome",
            )
        warnings = " ".join(f"{c.label}: {c.reason}" for c in verdict.warnings)
    elif not note:
        raise DomainError(_("Ghi lý do không chấp thuận."), field="review_note")
    nominee.status = NomineeStatus.ACCEPTED if accept else NomineeStatus.REJECTED
    nominee.reviewed_on, nominee.review_note = reviewed_on, note
    nominee.save(update_fields=["status", "reviewed_on", "review_note", "updated_at"])
    after = {"status": nominee.status, "reviewed_on": reviewed_on, "review_note": note}
    audit_record(
        actor=actor,
        action="award.review",
        obj=nominee,
        org_path=nominee.proposing_org.path,
        changes={k: {"before": before[k], "after": after[k]} for k in after if before[k] != after[k]},
        note=(_("Lưu ý: %(w)s") % {"w": warnings}) if warnings else "",
    )
    return nominee


@transaction.atomic
def nominee_withdraw(*, actor, nominee: Nominee, withdrawn_on: date, reason: str) -> Nominee:
    """The proposing org takes a nomination back before it is decided, with its reason."""
    nominee = _lock(nominee)
    if actor is not None:
        require(actor, Action.EDIT, nominee.proposing_org.path)
    reason = _clean(reason)
    if nominee.status not in OPEN_STATUSES:
        raise DomainError(
            _("Đề nghị đang ở tình trạng «%(s)s»: không rút được.") % {"s": nominee.get_status_display()},
            field="withdrawn_on",
        )
    _not_future(withdrawn_on, "withdrawn_on")
    if withdrawn_on < nominee.proposed_on:
        raise DomainError(
            _("Ngày rút không được trước ngày đề nghị (%(d)s).") % {"d": _fmt(nominee.proposed_on)},
            field="withdrawn_on",
        )
    if not reason:
        raise DomainError(_("Ghi lý do rút đề nghị."), field="reason")
    if len(reason) > Nominee._meta.get_field("withdrawn_reason").max_length:
        raise DomainError(_("Lý do quá dài (tối đa 255 ký tự)."), field="reason")
    before = nominee.status
    nominee.status = NomineeStatus.WITHDRAWN
    nominee.withdrawn_on, nominee.withdrawn_reason = withdrawn_on, reason
    nominee.save(update_fields=["status", "withdrawn_on", "withdrawn_reason", "updated_at"])
    audit_record(
        actor=actor,
        action="award.withdraw",
        obj=nominee,
        org_path=nominee.proposing_org.path,
        changes={
            "status": {"before": before, "after": NomineeStatus.WITHDRAWN},
            "withdrawn_on": {"before": None, "after": withdrawn_on},
            "withdrawn_reason": {"before": "", "after": reason},
        },
    )
    return nominee


# --- Restructuring ------------------------------------------------------------------------------------------


def nominees_follow(*, actor, source: Org, target: Org, on: date, event=None) -> int:
    """When `source` merges or dissolves into `target`, its nominations not yet decided move with it (the
    receiving org answers for them); the decided ones stay where they were proposed, as history. Called by the
    restructuring services inside their transaction (`orgs.services.register_follower`), which checked the
    scope."""
    moved = 0
    for nominee in Nominee.objects.select_for_update(of=("self",)).filter(
        proposing_org=source, status__in=OPEN_STATUSES
    ):
        nominee.proposing_org = target
        nominee.save(update_fields=["proposing_org", "updated_at"])
        audit_record(
            actor=actor,
            action="award.move",
            obj=nominee,
            org_path=target.path,
            changes={"proposing_org": {"before": source.code, "after": target.code}},
            note=_fmt(on),
        )
        moved += 1
    return moved


def nominees_held(org: Org) -> str | None:
    """What of the commendations still sits on `org` (see `orgs.services.register_follower`)."""
    n = Nominee.objects.filter(proposing_org=org, status__in=OPEN_STATUSES).count()
    return _("%(n)s đề nghị khen thưởng chưa quyết định") % {"n": n} if n else None
