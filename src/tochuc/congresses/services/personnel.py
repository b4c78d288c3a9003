"""Personnel plans (đề án nhân sự, DOMAIN.md §4.4), candidate lists (190-QĐ/TW Art. 14; 45-CT/TW) and
committee memberships with their origin (elected, appointed, by-election, designated; DOMAIN.md §4.2).
Every write checks scope and role, validates with a DomainError naming the field, writes and audits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tochuc.accounts.roles import Action
from tochuc.core.audit import audit_record
from tochuc.core.errors import DomainError
from tochuc.core.scope import require
from tochuc.members.choices import Status
from tochuc.members.models import Member
from tochuc.orgs.models import Org

from ..choices import Body, ElectionStatus, NominationSource, Origin, PlanStatus
from ..models import CommitteeMembership, Congress, Election, Nomination, PersonnelPlan
from ..rules_personnel import max_list
from ..selectors.personnel import (
    body_seats,
    delegate_seats,
    nomination_eligibility,
    params_on,
    rules_date,
    valid_term,
)


def _fmt(d: date) -> str:
    return d.strftime("%d/%m/%Y")


def _not_future(on: date, field: str) -> None:
    if on > timezone.localdate():
        raise DomainError(_("Ngày không được sau ngày hôm nay."), field=field)


def _clean(text: str | None) -> str:
    return " ".join((text or "").split())


# --- The plan ---------------------------------------------------------------------------------------------

PLAN_FIELDS = (
    "committee_seats",
    "standing_seats",
    "deputy_secretaries",
    "inspection_seats",
    "women_target",
    "young_target",
    "minority_target",
)


def _validate_plan(values: dict[str, int]) -> None:
    for name, value in values.items():
        if value is None or int(value) < 0:
            raise DomainError(_("Nhập một số không âm."), field=name)
    if values["committee_seats"] < 1:
        raise DomainError(_("Số lượng cấp ủy viên phải từ 1 trở lên."), field="committee_seats")
    if values["standing_seats"] >= values["committee_seats"] and values["standing_seats"]:
        raise DomainError(
            _("Số ủy viên Ban Thường vụ phải ít hơn số cấp ủy viên (%(n)s).") % {"n": values["committee_seats"]},
            field="standing_seats",
        )
    if values["deputy_secretaries"] >= values["committee_seats"]:
        raise DomainError(_("Số Phó Bí thư phải ít hơn số cấp ủy viên."), field="deputy_secretaries")
    if values["standing_seats"] and values["deputy_secretaries"] + 1 > values["standing_seats"]:
        raise DomainError(
            _("Bí thư và %(d)s Phó Bí thư đều là ủy viên Ban Thường vụ: cần ít nhất %(n)s ủy viên Ban Thường vụ.")
            % {"d": values["deputy_secretaries"], "n": values["deputy_secretaries"] + 1},
            field="deputy_secretaries",
        )
    for name in ("women_target", "young_target", "minority_target"):
        if values[name] > 100:
            raise DomainError(_("Tỷ lệ tính theo phần trăm, từ 0 đến 100."), field=name)


@transaction.atomic
def plan_save(
    *,
    actor,
    congress: Congress,
    committee_seats: int,
    standing_seats: int,
    deputy_secretaries: int,
    inspection_seats: int,
    women_target: int,
    young_target: int,
    minority_target: int,
) -> PersonnelPlan:
    """Create the personnel plan of `congress`, or change its numbers while it is not approved. The numbers
    may not drop below a list already made: a list longer than its new cap is refused on that number."""
    existing = PersonnelPlan.objects.select_for_update().filter(congress=congress).first()
    if actor is not None:
        require(actor, Action.EDIT if existing else Action.CREATE, congress.org.path)
    values = {
        "committee_seats": committee_seats,
        "standing_seats": standing_seats,
        "deputy_secretaries": deputy_secretaries,
        "inspection_seats": inspection_seats,
        "women_target": women_target,
        "young_target": young_target,
        "minority_target": minority_target,
    }
    _validate_plan(values)
    if existing is not None and existing.status == PlanStatus.APPROVED:
        raise DomainError(
            _("Đề án nhân sự đã được phê duyệt ngày %(d)s, không sửa được nữa.")
            % {"d": _fmt(existing.approved_on) if existing.approved_on else ""},
            field=None,
        )
    if existing is None:
        plan = PersonnelPlan.objects.create(congress=congress, **values)
        changes = {k: {"before": None, "after": v} for k, v in values.items()}
    else:
        plan = existing
        plan.congress = congress
        params = params_on(rules_date(congress))
        counts = _list_counts(plan)
        for body, fieldname in (
            (Body.COMMITTEE, "committee_seats"),
            (Body.STANDING, "standing_seats"),
            (Body.INSPECTION, "inspection_seats"),
        ):
            seats = values[fieldname]
            if counts.get(body) and seats and counts[body] > max_list(seats, params.max_surplus):
                raise DomainError(
                    _("Danh sách %(b)s đã có %(n)s người, quá mức tối đa %(m)s người cho %(s)s người cần bầu.")
                    % {
                        "b": Body(body).label,
                        "n": counts[body],
                        "m": max_list(seats, params.max_surplus),
                        "s": seats,
                    },
                    field=fieldname,
                )
        changes = {k: {"before": getattr(plan, k), "after": v} for k, v in values.items() if getattr(plan, k) != v}
        if not changes:
            return plan
        for k, v in values.items():
            setattr(plan, k, v)
        plan.save(update_fields=[*values, "updated_at"])
    audit_record(actor=actor, action="plan.save", obj=plan, org_path=congress.org.path, changes=changes)
    return plan


def _list_counts(plan: PersonnelPlan) -> dict[str, int]:
    counts: dict[str, int] = {}
    for body in Nomination.objects.filter(plan=plan, withdrawn_on__isnull=True).values_list("body", flat=True):
        counts[body] = counts.get(body, 0) + 1
    return counts


# The steps of a plan (DOMAIN.md §4.4): draft → the upper committee's opinion → approved; a plan sent back
# after the upper committee's opinion returns to draft. Approval is the leaders' decision.
_STEPS = {
    (PlanStatus.DRAFT, PlanStatus.UPPER_OPINION): Action.EDIT,
    (PlanStatus.UPPER_OPINION, PlanStatus.DRAFT): Action.EDIT,
    (PlanStatus.UPPER_OPINION, PlanStatus.APPROVED): Action.APPROVE,
}


@transaction.atomic
def plan_set_status(*, actor, plan: PersonnelPlan, status: str, on: date) -> PersonnelPlan:
    """Move the plan one step: sent for the upper committee's opinion, back to draft, or approved on `on`."""
    plan = PersonnelPlan.objects.select_for_update().select_related("congress", "congress__org").get(pk=plan.pk)
    step = _STEPS.get((plan.status, status))
    if actor is not None:
        require(actor, step or Action.VIEW, plan.congress.org.path)
    if step is None:
        raise DomainError(
            _("Đề án đang ở bước «%(a)s», không chuyển sang «%(b)s» được.")
            % {
                "a": plan.get_status_display(),
                "b": PlanStatus(status).label if status in PlanStatus.values else status,
            },
            field="status",
        )
    _not_future(on, "on")
    if (
        status == PlanStatus.APPROVED
        and not Nomination.objects.filter(plan=plan, body=Body.COMMITTEE, withdrawn_on__isnull=True).exists()
    ):
        raise DomainError(_("Chưa có danh sách nhân sự cấp ủy: chưa phê duyệt đề án được."), field="status")
    before = plan.status
    plan.status = status
    plan.approved_on = on if status == PlanStatus.APPROVED else None
    plan.save(update_fields=["status", "approved_on", "updated_at"])
    audit_record(
        actor=actor,
        action="plan.save",
        obj=plan,
        org_path=plan.congress.org.path,
        changes={
            "status": {"before": before, "after": status},
            "approved_on": {"before": None, "after": plan.approved_on},
        },
        note=_("Ngày %(d)s.") % {"d": _fmt(on)},
    )
    return plan


# --- Nominations ------------------------------------------------------------------------------------------


@transaction.atomic
def nomination_add(
    *,
    actor,
    plan: PersonnelPlan,
    body: str,
    member: Member,
    source: str,
    re_election: bool = False,
    support: int | None = None,
    present: int | None = None,
) -> Nomination:
    """Put `member` on `body`'s list of `plan`. Every blocking condition that fails is named in one refusal
    (on the field it concerns); the warnings go into the audit note and stay on the plan page."""
    plan = PersonnelPlan.objects.select_for_update().select_related("congress", "congress__org").get(pk=plan.pk)
    congress = plan.congress
    if actor is not None:
        require(actor, Action.CREATE, congress.org.path)
    if body not in Body.values:
        raise DomainError(_("Chọn cơ quan bầu."), field="body")
    if source not in NominationSource.values:
        raise DomainError(_("Chọn nguồn giới thiệu."), field="source")
    if source == NominationSource.CONVENING and plan.status == PlanStatus.APPROVED:
        raise DomainError(
            _("Đề án đã được phê duyệt: danh sách cấp ủy triệu tập giới thiệu không bổ sung được nữa."),
            field="source",
        )
    if source == NominationSource.CONVENING:
        support = present = None
    else:
        for name, value in (("present", present), ("support", support)):
            if value is None:
                raise DomainError(_("Nhập số người có mặt và số người tán thành."), field=name)
            if value < 0:
                raise DomainError(_("Nhập một số không âm."), field=name)
        if present == 0:
            raise DomainError(_("Số người có mặt phải lớn hơn 0."), field="present")
        if support > present:
            raise DomainError(_("Số người tán thành không được lớn hơn số người có mặt."), field="support")
    if re_election:
        # Re-election shortens the working time required (48 months instead of a full term): once the
        # outgoing committee is on record, only its sitting members stand for re-election.
        outgoing = CommitteeMembership.objects.filter(org=congress.org, body=Body.COMMITTEE, ended_on__isnull=True)
        if outgoing.exists() and not outgoing.filter(member=member).exists():
            raise DomainError(
                _("%(n)s không phải là ủy viên Ban Chấp hành «%(o)s» nhiệm kỳ đang kết thúc: không tính là tái cử.")
                % {"n": member.full_name, "o": congress.org.name},
                field="re_election",
            )
    seats = body_seats(plan, body, delegate_seats(congress) if body == Body.DELEGATES else None)
    if seats == 0:
        raise DomainError(_("Đề án không có chỗ nào cho %(b)s.") % {"b": Body(body).label}, field="body")
    if Nomination.objects.filter(plan=plan, body=body, member=member, withdrawn_on__isnull=True).exists():
        raise DomainError(
            _("%(n)s đã có tên trong danh sách %(b)s.") % {"n": member.full_name, "b": Body(body).label}, field="member"
        )
    verdict = nomination_eligibility(
        plan=plan,
        body=body,
        member=member,
        source=source,
        re_election=re_election,
        support=support,
        present=present,
        field="member",
    )
    if not verdict.ok:
        fields = {"member": "member", "age": "member", "support": "support", "max_list": "body"}
        first = verdict.refusals[0]
        raise DomainError(
            _("Không đưa %(n)s vào danh sách %(b)s được: %(r)s")
            % {
                "n": member.full_name,
                "b": Body(body).label,
                "r": " ".join(f"{c.label}: {c.reason}" for c in verdict.refusals),
            },
            field=fields.get(first.code, "member"),
        )
    nomination = Nomination.objects.create(
        plan=plan,
        body=body,
        member=member,
        source=source,
        re_election=re_election,
        support=support,
        present=present,
    )
    warnings = " ".join(f"{c.label}: {c.reason}" for c in verdict.warnings)
    audit_record(
        actor=actor,
        action="nomination.add",
        obj=nomination,
        org_path=congress.org.path,
        changes={
            "member": {"before": None, "after": member.full_name},
            "body": {"before": None, "after": body},
            "source": {"before": None, "after": source},
            "re_election": {"before": None, "after": re_election},
            "support": {"before": None, "after": support},
            "present": {"before": None, "after": present},
        },
        note=(_("Lưu ý: %(w)s") % {"w": warnings}) if warnings else "",
    )
    return nomination


@transaction.atomic
def nomination_withdraw(*, actor, nomination: Nomination, on: date, reason: str) -> Nomination:
    """Take a name off a list (the person asked to withdraw, or the congress agreed): it stays with its date
    and reason."""
    nomination = (
        Nomination.objects.select_for_update(of=("self",))
        .select_related("plan", "plan__congress", "plan__congress__org", "member")
        .get(pk=nomination.pk)
    )
    org = nomination.plan.congress.org
    if actor is not None:
        require(actor, Action.EDIT, org.path)
    reason = _clean(reason)
    if nomination.withdrawn_on is not None:
        raise DomainError(
            _("%(n)s đã rút khỏi danh sách ngày %(d)s.")
            % {"n": nomination.member.full_name, "d": _fmt(nomination.withdrawn_on)},
            field="on",
        )
    if not reason:
        raise DomainError(_("Ghi lý do rút khỏi danh sách."), field="reason")
    if len(reason) > Nomination._meta.get_field("withdraw_reason").max_length:
        raise DomainError(_("Lý do quá dài (tối đa 255 ký tự)."), field="reason")
    _not_future(on, "on")
    if on < timezone.localtime(nomination.created_at).date():
        raise DomainError(_("Ngày rút không được trước ngày giới thiệu."), field="on")
    nomination.withdrawn_on, nomination.withdraw_reason = on, reason
    nomination.save(update_fields=["withdrawn_on", "withdraw_reason"])
    audit_record(
        actor=actor,
        action="nomination.withdraw",
        obj=nomination,
        org_path=org.path,
        changes={"withdrawn_on": {"before": None, "after": on}, "withdraw_reason": {"before": "", "after": reason}},
    )
    return nomination


# --- Committee memberships --------------------------------------------------------------------------------

# Seats held by members of the committee itself (the standing committee, its secretary and deputies are
# elected or appointed from the committee; the inspection committee's chair from the inspection committee).
_NEEDS = {
    Body.STANDING: Body.COMMITTEE,
    Body.SECRETARY: Body.COMMITTEE,
    Body.DEPUTY_SECRETARY: Body.COMMITTEE,
    Body.INSPECTION_CHAIR: Body.INSPECTION,
}
_MANUAL_ORIGINS = (Origin.APPOINTED, Origin.DESIGNATED, Origin.BY_ELECTION)


def _check_seat(*, org: Org, member: Member, body: str, term: str, field: str) -> None:
    """The conditions shared by an appointed and an elected seat."""
    if body == Body.DELEGATES or body not in Body.values:
        raise DomainError(_("Chọn một cơ quan của cấp ủy (không phải đại biểu dự đại hội)."), field="body")
    if not valid_term(term):
        raise DomainError(_("Nhiệm kỳ ghi theo dạng 2025-2030 (5 năm)."), field="term")
    if member.status != Status.OFFICIAL or member.in_transit:
        raise DomainError(
            _("%(n)s không phải đảng viên chính thức đang sinh hoạt.") % {"n": member.full_name}, field=field
        )
    if not member.org.path.startswith(org.path):
        raise DomainError(_("%(n)s không sinh hoạt trong %(o)s.") % {"n": member.full_name, "o": org.name}, field=field)
    open_seats = CommitteeMembership.objects.filter(org=org, term=term, ended_on__isnull=True)
    if open_seats.filter(member=member, body=body).exists():
        raise DomainError(
            _("%(n)s đang là %(b)s nhiệm kỳ %(t)s.") % {"n": member.full_name, "b": Body(body).label, "t": term},
            field=field,
        )
    if (needed := _NEEDS.get(body)) and not open_seats.filter(member=member, body=needed).exists():
        raise DomainError(
            _("%(n)s chưa là thành viên %(b)s nhiệm kỳ %(t)s.")
            % {"n": member.full_name, "b": Body(needed).label, "t": term},
            field=field,
        )
    if body in (Body.SECRETARY, Body.INSPECTION_CHAIR) and open_seats.filter(body=body).exists():
        raise DomainError(
            _("%(o)s đã có %(b)s nhiệm kỳ %(t)s.") % {"o": org.name, "b": Body(body).label, "t": term}, field="body"
        )


def _created_audit(actor, seat: CommitteeMembership, action: str, note: str = "") -> None:
    audit_record(
        actor=actor,
        action=action,
        obj=seat,
        org_path=seat.org.path,
        changes={
            "member": {"before": None, "after": seat.member.full_name},
            "body": {"before": None, "after": seat.body},
            "term": {"before": None, "after": seat.term},
            "origin": {"before": None, "after": seat.origin},
            "started_on": {"before": None, "after": seat.started_on},
            "decision_no": {"before": None, "after": seat.decision_no},
        },
        note=note,
    )


@transaction.atomic
def membership_appoint(
    *,
    actor,
    org: Org,
    member: Member,
    body: str,
    term: str,
    started_on: date,
    decision_no: str,
    origin: str = Origin.APPOINTED,
) -> CommitteeMembership:
    """A seat given by decision rather than at a congress: a committee appointed by the upper committee (the
    merged provinces' 2025 committees, DOMAIN.md §4.2), a member designated to a vacancy, or a by-election
    recorded with the decision approving it."""
    org = Org.objects.select_for_update().get(pk=org.pk)
    if actor is not None:
        require(actor, Action.CREATE, org.path)
        require(actor, Action.VIEW, member.org.path)
    term = _clean(term)
    decision_no = _clean(decision_no)
    if origin not in _MANUAL_ORIGINS:
        raise DomainError(_("Chọn hình thức chỉ định, chỉ định bổ sung hoặc bầu bổ sung."), field="origin")
    if not org.is_open:
        raise DomainError(_("%(o)s đã giải thể hoặc sáp nhập.") % {"o": org.name}, field="org")
    _check_seat(org=org, member=member, body=body, term=term, field="member")
    if not decision_no:
        raise DomainError(_("Ghi số quyết định chỉ định (chuẩn y)."), field="decision_no")
    if len(decision_no) > CommitteeMembership._meta.get_field("decision_no").max_length:
        raise DomainError(_("Số quyết định quá dài (tối đa 64 ký tự)."), field="decision_no")
    _not_future(started_on, "started_on")
    if not int(term[:4]) <= started_on.year <= int(term[5:]):
        raise DomainError(
            _("Ngày bắt đầu phải trong nhiệm kỳ %(t)s.") % {"t": term},
            field="started_on",
        )
    seat = CommitteeMembership.objects.create(
        org=org,
        member=member,
        body=body,
        term=term,
        origin=origin,
        started_on=started_on,
        decision_no=decision_no,
    )
    _created_audit(actor, seat, "membership.appoint")
    return seat


@transaction.atomic
def membership_end(*, actor, membership: CommitteeMembership, on: date, reason: str) -> list[CommitteeMembership]:
    """End a seat on `on` (resigned, retired, moved, disciplined ...). Leaving the committee ends the seats
    that require it (standing committee, secretary, deputy secretary) on the same day; leaving the inspection
    committee ends its chair. Returns every seat ended, the given one first."""
    seat = (
        CommitteeMembership.objects.select_for_update(of=("self",))
        .select_related("org", "member")
        .get(pk=membership.pk)
    )
    if actor is not None:
        require(actor, Action.EDIT, seat.org.path)
    reason = _clean(reason)
    if seat.ended_on is not None:
        raise DomainError(_("Đã thôi từ ngày %(d)s.") % {"d": _fmt(seat.ended_on)}, field="on")
    if not reason:
        raise DomainError(_("Ghi lý do thôi tham gia."), field="reason")
    _not_future(on, "on")
    if on < seat.started_on:
        raise DomainError(
            _("Ngày thôi không được trước ngày bắt đầu (%(d)s).") % {"d": _fmt(seat.started_on)}, field="on"
        )
    dependent = [b for b, needed in _NEEDS.items() if needed == seat.body]
    others = list(
        CommitteeMembership.objects.select_for_update(of=("self",))
        .select_related("org", "member")
        .filter(org=seat.org, term=seat.term, member=seat.member, body__in=dependent, ended_on__isnull=True)
        .order_by("pk")
    )
    late = next((o for o in others if o.started_on > on), None)
    if late is not None:
        raise DomainError(
            _("%(n)s là %(b)s từ ngày %(d)s, sau ngày thôi.")
            % {"n": seat.member.full_name, "b": late.get_body_display(), "d": _fmt(late.started_on)},
            field="on",
        )
    ended = [seat, *others]
    for s in ended:
        s.ended_on = on
        s.save(update_fields=["ended_on"])
        audit_record(
            actor=actor,
            action="membership.end",
            obj=s,
            org_path=s.org.path,
            changes={"ended_on": {"before": None, "after": on}},
            note=reason if s is seat else _("%(r)s (thôi %(b)s)") % {"r": reason, "b": seat.get_body_display()},
        )
    return ended


@transaction.atomic
def membership_from_election(
    *, actor, election: Election, members: Sequence[Member], on: date, decision_no: str = ""
) -> list[CommitteeMembership]:
    """The seats of an election's winners (origin elected, linked to the election) on the committee of the
    congress's org for the congress's term (the term it opens), from `on`. Called by the elections module
    when the results are approved. Not for delegates to the upper congress (they are delegates, not seats)."""
    election = Election.objects.select_related("congress", "congress__org").get(pk=election.pk)
    congress = election.congress
    org = congress.org
    if actor is not None:
        require(actor, Action.APPROVE, org.path)
    if election.status == ElectionStatus.OPEN:
        raise DomainError(_("Cuộc bầu cử chưa kiểm phiếu xong."), field="election")
    if election.body == Body.DELEGATES:
        raise DomainError(_("Đại biểu dự đại hội cấp trên không phải cấp ủy viên."), field="body")
    if len({m.pk for m in members}) != len(members):
        raise DomainError(_("Một người có tên hai lần trong danh sách trúng cử."), field="members")
    seats = []
    for member in members:
        _check_seat(org=org, member=member, body=election.body, term=congress.term, field="members")
        seat = CommitteeMembership.objects.create(
            org=org,
            member=member,
            body=election.body,
            term=congress.term,
            origin=Origin.ELECTED,
            started_on=on,
            election=election,
            decision_no=" ".join((decision_no or "").split())[:64],
        )
        seat.org = org
        _created_audit(actor, seat, "membership.elect", note=_("Trúng cử: %(e)s.") % {"e": str(election)})
        seats.append(seat)
    return seats
