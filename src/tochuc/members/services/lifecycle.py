"""The lifecycle events of a member (DOMAIN.md §1), one service each: check the rule, record the dated
event, bring the stored state in line (`member_sync`), move the membership record, write one audit event.

Thresholds come from the rule table in force on the event's date (`core.rules.rules_in_force`). What the
rules flag but do not forbid (an over-60 applicant, a late ceremony) is recorded in the event's `data`.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tochuc.accounts.roles import Action
from tochuc.core.audit import audit_record
from tochuc.core.calendar import working_day_deadline
from tochuc.core.errors import DomainError
from tochuc.core.rules import RulesInForce, rules_in_force
from tochuc.core.scope import name_in_scope, require
from tochuc.orgs.models import Org

from .. import rules
from ..choices import ACTIVE_STATUSES, Status
from ..models import EventKind, Member, MemberEvent, Membership
from .dossier import DOSSIER_FIELDS, _clean_dossier, check_full_name, check_text, name_fields
from .sync import close_membership, events_of, member_sync, open_membership


def _fmt(d: date) -> str:
    return d.strftime("%d/%m/%Y")


def _in_force(on: date, *keys: str, field: str = "on") -> RulesInForce:
    """The rules in force on `on`; a day before the rule table begins is refused on its field (not a KeyError)."""
    r = rules_in_force(on)
    if any(key not in r for key in keys):
        raise DomainError(
            _("Ngày %(d)s trước khi các quy định đang áp dụng có hiệu lực: kiểm tra lại ngày.") % {"d": _fmt(on)},
            field=field,
        )
    return r


# The free texts the services take: their label and, for those kept in a column, its length (the forms' too).
_TEXTS = {
    "decision_no": (gettext_lazy("Số quyết định"), 64),
    "letter_no": (gettext_lazy("Số giấy giới thiệu"), 64),
    "destination": (gettext_lazy("Nơi chuyển đến"), 255),
    "origin": (gettext_lazy("Nơi chuyển đi"), 255),
    "note": (gettext_lazy("Ghi chú"), None),
    "reason": (gettext_lazy("Lý do"), None),
}


def _texts(**values: str) -> None:
    """Refuse, before any write, a text with a NUL or longer than its column (see `check_text`)."""
    for name, value in values.items():
        label, max_length = _TEXTS[name]
        check_text(value.strip(), field=name, label=str(label), max_length=max_length)


def _lock(member: Member) -> Member:
    return Member.objects.select_for_update().select_related("org").get(pk=member.pk)


def _check(actor, member: Member, action: str = Action.EDIT) -> None:
    if actor is not None:
        require(actor, action, member.org.path)


def _check_date(member: Member, on: date, field: str = "on") -> None:
    if on > timezone.localdate():
        raise DomainError(_("Ngày không được sau ngày hôm nay."), field=field)
    last = (
        MemberEvent.objects.filter(member=member, cancelled_by__isnull=True)
        .exclude(kind=EventKind.CANCEL)
        .order_by("-on")
        .values_list("on", flat=True)
        .first()
    )
    since = Membership.objects.filter(member=member, valid_to__isnull=True).values_list("valid_from", flat=True).first()
    if since and on < since:
        raise DomainError(
            _("Đảng viên sinh hoạt tại «%(o)s» từ ngày %(d)s: sự kiện phải từ ngày đó trở đi.")
            % {"o": member.org.name, "d": _fmt(since)},
            field=field,
        )
    if last and on < last:
        raise DomainError(
            _("Đảng viên đã có sự kiện ngày %(d)s: sự kiện mới phải từ ngày đó trở đi (sự kiện ghi nhầm thì hủy).")
            % {"d": _fmt(last)},
            field=field,
        )


def _need_status(member: Member, *allowed: str, field: str | None = None) -> None:
    if member.status not in allowed or (member.in_transit and Status.OFFICIAL in allowed):
        raise DomainError(
            _("Không thực hiện được với đảng viên đang ở trạng thái «%(s)s»%(t)s.")
            % {"s": member.get_status_display(), "t": _(" (đang chuyển sinh hoạt)") if member.in_transit else ""},
            field=field,
        )


def _record(
    actor,
    member: Member,
    kind: str,
    on: date,
    *,
    action: str,
    org: Org | None = None,
    other_org: Org | None = None,
    decision_no: str = "",
    decided_on: date | None = None,
    data: dict | None = None,
    note: str = "",
) -> MemberEvent:
    before = {"status": member.status, "in_transit": member.in_transit, "org": member.org.code}
    event = MemberEvent.objects.create(
        member=member,
        kind=kind,
        on=on,
        org=org or member.org,
        other_org=other_org,
        decision_no=decision_no.strip(),
        decided_on=decided_on,
        data=data or {},
        note=note.strip(),
        actor=actor if getattr(actor, "pk", None) else None,
    )
    member_sync(member)
    member.refresh_from_db()
    after = {"status": member.status, "in_transit": member.in_transit, "org": member.org.code}
    changes = {k: {"before": before[k], "after": after[k]} for k in before if before[k] != after[k]}
    changes["event"] = {"before": None, "after": {"kind": kind, "on": on, **({"data": data} if data else {})}}
    audit_record(
        actor=actor, action=action, obj=member, org_path=member.org.path, changes=changes, note=decision_no.strip()
    )
    return event


# --- Admission, probation, recognition -----------------------------------------------------------------


@transaction.atomic
def member_admit(
    *,
    actor,
    org: Org,
    full_name: str,
    sex: str,
    birth_date: date,
    vote_on: date,
    admitted_on: date,
    decision_no: str,
    **dossier,
) -> Member:
    """Admission (kết nạp): the committee's decision dated `admitted_on` on the cell's vote of `vote_on`.

    Age is counted in completed months on the vote day (under 18 refused; over 60 flagged for the provincial
    committee); a decision later than 60 working days after the vote is flagged (DOMAIN.md §1.1).
    """
    if actor is not None:
        require(actor, Action.CREATE, org.path)
    if not org.is_open:
        raise DomainError(_("Tổ chức «%(org)s» đã kết thúc hoạt động.") % {"org": org.name}, field="org")
    if vote_on > admitted_on:
        raise DomainError(_("Quyết định kết nạp không thể trước ngày chi bộ xét."), field="admitted_on")
    if admitted_on > timezone.localdate():
        raise DomainError(_("Ngày quyết định không được sau ngày hôm nay."), field="admitted_on")
    if not decision_no.strip():
        raise DomainError(_("Nhập số quyết định kết nạp."), field="decision_no")
    _texts(decision_no=decision_no)
    r = _in_force(
        vote_on,
        "admission.min_age_months",
        "admission.max_age_months",
        "admission.decision_working_days",
        field="vote_on",
    )
    age = rules.admission_age(
        birth_date,
        vote_on,
        min_months=r["admission.min_age_months"],
        max_months=r["admission.max_age_months"],
        basis=r.basis("admission.min_age_months"),
    )
    if not age.ok:
        raise DomainError(age.reason, field="birth_date")
    flags = list(age.flags)
    deadline = working_day_deadline(vote_on, r["admission.decision_working_days"])
    if admitted_on > deadline:
        flags.append("late_decision")
    unknown = set(dossier) - set(DOSSIER_FIELDS)
    if unknown:
        raise DomainError(_("Không có trường: %(f)s") % {"f": ", ".join(sorted(unknown))})
    full_name = check_full_name(full_name)
    values = _clean_dossier({"sex": sex, **dossier}, birth_date=birth_date, sex=sex, actor=actor)
    member = Member.objects.create(
        full_name=full_name,
        **name_fields(full_name),
        birth_date=birth_date,
        org=org,
        status=Status.PROBATIONARY,
        admitted_on=admitted_on,
        **values,
    )
    Membership.objects.create(member=member, org=org, valid_from=admitted_on, reason=Membership.Reason.ADMITTED)
    data = {"vote_on": vote_on.isoformat(), "flags": flags, "decision_deadline": deadline.isoformat()}
    _record(
        actor,
        member,
        EventKind.ADMITTED,
        admitted_on,
        action="member.admit",
        decision_no=decision_no,
        decided_on=admitted_on,
        data=data,
    )
    return member


@transaction.atomic
def member_ceremony(*, actor, member: Member, on: date, note: str = "") -> MemberEvent:
    """The admission ceremony: due within 30 working days of the decision; later is flagged (§1.1)."""
    member = _lock(member)
    _check(actor, member)
    _need_status(member, Status.PROBATIONARY)
    if member.ceremony_on:
        raise DomainError(_("Đảng viên đã có lễ kết nạp ngày %(d)s.") % {"d": _fmt(member.ceremony_on)}, field="on")
    _check_date(member, on)
    _texts(note=note)
    days = _in_force(on, "admission.ceremony_working_days")["admission.ceremony_working_days"]
    due = working_day_deadline(member.admitted_on, days)
    flags = ["late_ceremony"] if on > due else []
    return _record(
        actor,
        member,
        EventKind.CEREMONY,
        on,
        action="member.ceremony",
        note=note,
        data={"due": due.isoformat(), "flags": flags},
    )


@transaction.atomic
def member_recognize(*, actor, member: Member, decided_on: date, decision_no: str) -> MemberEvent:
    """Official recognition, dated to the end of the 12 months of probation even when decided later;
    refused before that day (DOMAIN.md §1.2)."""
    member = _lock(member)
    _check(actor, member)
    _need_status(member, Status.PROBATIONARY)
    if not member.ceremony_on:
        raise DomainError(_("Chưa ghi nhận lễ kết nạp: thời gian dự bị tính từ ngày lễ."), field="decided_on")
    if decided_on > timezone.localdate():
        raise DomainError(_("Ngày quyết định không được sau ngày hôm nay."), field="decided_on")
    if not decision_no.strip():
        raise DomainError(_("Nhập số quyết định công nhận."), field="decision_no")
    _texts(decision_no=decision_no)
    r = _in_force(decided_on, "probation.months", field="decided_on")
    decision, official_on = rules.recognition(
        member.ceremony_on, decided_on, months=r["probation.months"], basis=r.basis("probation.months")
    )
    if not decision.ok:
        raise DomainError(decision.reason, field="decided_on")
    return _record(
        actor,
        member,
        EventKind.RECOGNIZED,
        official_on,
        action="member.recognize",
        decision_no=decision_no,
        decided_on=decided_on,
    )


@transaction.atomic
def member_remove_probationary(*, actor, member: Member, on: date, decision_no: str, reason: str) -> MemberEvent:
    """A probationary member who does not qualify is removed from the list (§1.2)."""
    member = _lock(member)
    _check(actor, member)
    _need_status(member, Status.PROBATIONARY)
    _check_date(member, on)
    if not reason.strip():
        raise DomainError(_("Ghi rõ lý do."), field="reason")
    _texts(decision_no=decision_no, reason=reason)
    event = _record(
        actor,
        member,
        EventKind.PROBATION_REMOVED,
        on,
        action="member.remove_probationary",
        decision_no=decision_no,
        note=reason,
    )
    close_membership(member, on)
    return event


# --- Transfers (1.5) -----------------------------------------------------------------------------------


@transaction.atomic
def member_transfer_out(
    *,
    actor,
    member: Member,
    on: date,
    letter_no: str,
    to_org: Org | None = None,
    destination: str = "",
    temporary: bool = False,
    until: date | None = None,
    note: str = "",
) -> MemberEvent:
    """Transfer of party activity (chuyển sinh hoạt): official or temporary, to an org of this province
    (`to_org`, which confirms the arrival) or elsewhere (`destination`, the member leaves our records).

    The letter must be presented within 30 working days of its date; the deadline is kept with the event.
    A temporarily attached member stays counted in their home org (§1.5).
    """
    member = _lock(member)
    _check(actor, member)
    _need_status(member, Status.PROBATIONARY, Status.OFFICIAL)
    if member.in_transit:
        raise DomainError(_("Đảng viên đang chuyển sinh hoạt."), field="to_org")
    _check_date(member, on)
    if not letter_no.strip():
        raise DomainError(_("Nhập số giấy giới thiệu sinh hoạt đảng."), field="letter_no")
    _texts(letter_no=letter_no, destination=destination, note=note)
    if (to_org is None) == (not destination.strip()):
        raise DomainError(_("Chọn tổ chức nhận trong tỉnh, hoặc ghi nơi chuyển đến ngoài tỉnh."), field="to_org")
    if to_org is not None:
        if not to_org.is_open:
            raise DomainError(_("«%(o)s» đã kết thúc hoạt động.") % {"o": to_org.name}, field="to_org")
        if to_org.pk == member.org_id:
            raise DomainError(_("Tổ chức nhận trùng nơi đang sinh hoạt."), field="to_org")
    r = _in_force(on, "transfer.present_working_days")
    present_by = working_day_deadline(on, r["transfer.present_working_days"])
    if temporary:
        if rules.derive(events_of(member)).temporarily_away:
            raise DomainError(_("Đảng viên đang sinh hoạt tạm thời nơi khác."), field="to_org")
        if until is None or until <= on:
            raise DomainError(_("Nhập thời hạn sinh hoạt tạm thời (sau ngày chuyển)."), field="until")
        data = {"until": until.isoformat(), "destination": destination.strip(), "present_by": present_by.isoformat()}
        return _record(
            actor,
            member,
            EventKind.TEMPORARY_OUT,
            on,
            action="member.transfer_temporary",
            other_org=to_org,
            decision_no=letter_no,
            data=data,
            note=note,
        )
    data = {"outside": to_org is None, "destination": destination.strip(), "present_by": present_by.isoformat()}
    event = _record(
        actor,
        member,
        EventKind.TRANSFER_OUT,
        on,
        action="member.transfer_out",
        other_org=to_org,
        decision_no=letter_no,
        data=data,
        note=note,
    )
    close_membership(member, on)
    return event


@transaction.atomic
def member_transfer_in(*, actor, member: Member, on: date) -> MemberEvent:
    """The receiving org confirms the member presented the letter: they are counted there from `on`."""
    member = _lock(member)
    out = (
        MemberEvent.objects.filter(member=member, kind=EventKind.TRANSFER_OUT, cancelled_by__isnull=True)
        .select_related("other_org")
        .order_by("-on", "-id")
        .first()
    )
    if not member.in_transit or out is None or out.other_org is None:
        raise DomainError(_("Đảng viên không có giấy chuyển sinh hoạt đến tổ chức trong tỉnh đang chờ tiếp nhận."))
    to_org = out.other_org
    if actor is not None:
        require(actor, Action.EDIT, to_org.path)
    _check_date(member, on)
    data = {
        "from": member.org.code,
        "present_by": out.data.get("present_by"),
        "late": bool(out.data.get("present_by") and on.isoformat() > out.data["present_by"]),
    }
    origin = member.org
    Member.objects.filter(pk=member.pk).update(org=to_org)
    member.org = to_org
    # The origin as other_org, as the letter's event names the destination: a report counts a transfer in a
    # subtree only when its other end lies outside it.
    event = _record(
        actor, member, EventKind.TRANSFER_IN, on, action="member.transfer_in", org=to_org, other_org=origin, data=data
    )
    open_membership(member, to_org.pk, on, Membership.Reason.TRANSFER)
    return event


@transaction.atomic
def member_receive(
    *,
    actor,
    org: Org,
    full_name: str,
    sex: str,
    birth_date: date,
    on: date,
    letter_no: str,
    admitted_on: date,
    official_on: date | None = None,
    origin: str = "",
    package: str = "",
    **dossier,
) -> Member:
    """A member arriving from another province (or abroad) with their letter: entered and counted here.
    `package`: the SHA-256 of the dossier package they came with (services/package.py), kept on the event."""
    if actor is not None:
        require(actor, Action.CREATE, org.path)
    if not org.is_open:
        raise DomainError(_("Tổ chức «%(org)s» đã kết thúc hoạt động.") % {"org": org.name}, field="org")
    if not letter_no.strip():
        raise DomainError(_("Nhập số giấy giới thiệu sinh hoạt đảng."), field="letter_no")
    _texts(letter_no=letter_no, origin=origin)
    if on > timezone.localdate():
        raise DomainError(_("Ngày không được sau ngày hôm nay."), field="on")
    if not admitted_on or admitted_on <= birth_date or admitted_on > on:
        raise DomainError(_("Ngày vào Đảng phải sau ngày sinh và trước ngày tiếp nhận."), field="admitted_on")
    if official_on and not (admitted_on <= official_on <= on):
        raise DomainError(_("Ngày chính thức phải từ ngày vào Đảng đến ngày tiếp nhận."), field="official_on")
    full_name = check_full_name(full_name)
    values = _clean_dossier({"sex": sex, **dossier}, birth_date=birth_date, sex=sex, actor=actor)
    member = Member.objects.create(
        full_name=full_name,
        **name_fields(full_name),
        birth_date=birth_date,
        org=org,
        status=Status.OFFICIAL if official_on else Status.PROBATIONARY,
        **values,
    )
    Membership.objects.create(member=member, org=org, valid_from=on, reason=Membership.Reason.TRANSFER)
    data = {
        "outside": True,
        "origin": origin.strip(),
        "official": official_on is not None,
        "admitted_on": admitted_on.isoformat(),
        "official_on": official_on.isoformat() if official_on else None,
        **({"package": package} if package else {}),
    }
    _record(actor, member, EventKind.TRANSFER_IN, on, action="member.receive", decision_no=letter_no, data=data)
    return member


@transaction.atomic
def member_temporary_return(*, actor, member: Member, on: date) -> MemberEvent:
    member = _lock(member)
    _check(actor, member)
    if not rules.derive(events_of(member)).temporarily_away:
        raise DomainError(_("Đảng viên không sinh hoạt tạm thời nơi khác."))
    _check_date(member, on)
    return _record(actor, member, EventKind.TEMPORARY_RETURN, on, action="member.temporary_return")


# --- Flags: exemption, contact ---------------------------------------------------------------------------


@transaction.atomic
def member_exempt(*, actor, member: Member, on: date, reason: str, until: date | None = None) -> MemberEvent:
    """Exemption from work and activity, decided by the cell (§1.6)."""
    member = _lock(member)
    _check(actor, member)
    _need_status(member, Status.PROBATIONARY, Status.OFFICIAL)
    if member.exempted:
        raise DomainError(_("Đảng viên đang được miễn sinh hoạt."))
    _check_date(member, on)
    if not reason.strip():
        raise DomainError(_("Ghi rõ lý do (tuổi cao, sức khỏe yếu...)."), field="reason")
    _texts(reason=reason)
    if until is not None and until <= on:
        raise DomainError(_("Thời hạn miễn phải sau ngày bắt đầu."), field="until")
    return _record(
        actor,
        member,
        EventKind.EXEMPTED,
        on,
        action="member.exempt",
        note=reason,
        data={"until": until.isoformat() if until else None},
    )


@transaction.atomic
def member_exemption_end(*, actor, member: Member, on: date) -> MemberEvent:
    member = _lock(member)
    _check(actor, member)
    if not member.exempted:
        raise DomainError(_("Đảng viên không được miễn sinh hoạt."))
    _check_date(member, on)
    return _record(actor, member, EventKind.EXEMPTION_ENDED, on, action="member.exemption_end")


@transaction.atomic
def member_contact_lost(*, actor, member: Member, on: date, note: str = "") -> MemberEvent:
    """Out of contact with the org: the time does not count in party age (§1.3)."""
    member = _lock(member)
    _check(actor, member)
    _need_status(member, Status.PROBATIONARY, Status.OFFICIAL)
    if member.lost_contact:
        raise DomainError(_("Đảng viên đã được ghi là mất liên lạc."))
    _check_date(member, on)
    _texts(note=note)
    return _record(actor, member, EventKind.LOST_CONTACT, on, action="member.contact_lost", note=note)


@transaction.atomic
def member_contact_restored(*, actor, member: Member, on: date, note: str = "") -> MemberEvent:
    member = _lock(member)
    _check(actor, member)
    if not member.lost_contact:
        raise DomainError(_("Đảng viên không ở trạng thái mất liên lạc."))
    _check_date(member, on)
    _texts(note=note)
    return _record(actor, member, EventKind.CONTACT_RESTORED, on, action="member.contact_restored", note=note)


# --- Badges and cards ----------------------------------------------------------------------------------


@transaction.atomic
def member_award_badge(
    *, actor, member: Member, milestone: int, on: date, decision_no: str, seriously_ill: bool = False
) -> MemberEvent:
    """A Party badge at a milestone of party age, once reached (early by 12/24 months for serious illness)."""
    member = _lock(member)
    _check(actor, member)
    _need_status(member, Status.OFFICIAL)
    _check_date(member, on)
    r = _in_force(on, "badge.milestones_years", "badge.early_months_up_to_65", "badge.early_months_from_70")
    milestones = r["badge.milestones_years"]
    if milestone not in milestones:
        raise DomainError(_("Không có mốc Huy hiệu %(m)s năm tuổi đảng.") % {"m": milestone}, field="milestone")
    if not decision_no.strip():
        raise DomainError(_("Nhập số quyết định tặng Huy hiệu."), field="decision_no")
    _texts(decision_no=decision_no)
    awarded = list(
        MemberEvent.objects.filter(member=member, kind=EventKind.BADGE, cancelled_by__isnull=True).values_list(
            "data__milestone", flat=True
        )
    )
    if milestone in awarded:
        raise DomainError(_("Đảng viên đã được tặng Huy hiệu %(m)s năm.") % {"m": milestone}, field="milestone")
    due = rules.badge_due_on(
        member.party_age_from,
        milestone,
        seriously_ill=seriously_ill,
        early_up_to_65=r["badge.early_months_up_to_65"],
        early_from_70=r["badge.early_months_from_70"],
    )
    if on < due:
        raise DomainError(
            _("Chưa đủ %(m)s năm tuổi đảng: đủ điều kiện từ ngày %(d)s.") % {"m": milestone, "d": _fmt(due)},
            field="milestone",
        )
    return _record(
        actor,
        member,
        EventKind.BADGE,
        on,
        action="member.badge",
        decision_no=decision_no,
        data={"milestone": milestone, "seriously_ill": seriously_ill},
    )


@transaction.atomic
def member_issue_card(*, actor, member: Member, on: date, card_number: str, decision_no: str = "") -> MemberEvent:
    """Issue (or re-issue, when lost or damaged) the party card: official members only (§1.9)."""
    member = _lock(member)
    _check(actor, member)
    _need_status(member, Status.OFFICIAL)
    _check_date(member, on)
    card_number = card_number.strip()
    _texts(decision_no=decision_no)
    if not card_number.isascii() or not card_number.isdigit() or not 6 <= len(card_number) <= 12:
        raise DomainError(_("Số thẻ đảng viên gồm 6 đến 12 chữ số."), field="card_number")
    clash = Member.objects.filter(card_number=card_number).exclude(pk=member.pk).select_related("org").first()
    if clash:
        who = name_in_scope(actor, clash.full_name, clash.org.path)
        raise DomainError(_("Số thẻ %(c)s đã cấp cho %(n)s.") % {"c": card_number, "n": who}, field="card_number")
    previous = member.card_number
    Member.objects.filter(pk=member.pk).update(card_number=card_number, card_issued_on=on)
    return _record(
        actor,
        member,
        EventKind.CARD,
        on,
        action="member.card",
        decision_no=decision_no,
        data={"card_number": card_number, "previous": previous},
    )


# --- Leaving the ranks ----------------------------------------------------------------------------------


def _end(
    actor,
    member: Member,
    kind: str,
    on: date,
    *,
    action: str,
    decision_no: str,
    note: str,
    need_decision: bool = True,
    note_field: str = "note",
) -> MemberEvent:
    member = _lock(member)
    _check(actor, member)
    if member.status not in ACTIVE_STATUSES:
        _need_status(member, Status.PROBATIONARY, Status.OFFICIAL)
    _check_date(member, on)
    if need_decision and not decision_no.strip():
        raise DomainError(_("Nhập số quyết định."), field="decision_no")
    _texts(decision_no=decision_no, **{note_field: note})
    event = _record(actor, member, kind, on, action=action, decision_no=decision_no, note=note)
    close_membership(member, on)
    return event


@transaction.atomic
def member_remove(*, actor, member: Member, on: date, decision_no: str, reason: str) -> MemberEvent:
    """Removal from the list (xóa tên) — not a disciplinary measure (§1.7)."""
    if not reason.strip():
        raise DomainError(_("Ghi rõ lý do xóa tên."), field="reason")
    return _end(
        actor,
        member,
        EventKind.REMOVED,
        on,
        action="member.remove",
        decision_no=decision_no,
        note=reason,
        note_field="reason",
    )


@transaction.atomic
def member_expel(*, actor, member: Member, on: date, decision_no: str, note: str = "") -> MemberEvent:
    """Expulsion (khai trừ), decided by the competent committee; recorded here as an outcome (§1.7)."""
    return _end(actor, member, EventKind.EXPELLED, on, action="member.expel", decision_no=decision_no, note=note)


@transaction.atomic
def member_leave(*, actor, member: Member, on: date, decision_no: str, note: str = "") -> MemberEvent:
    return _end(actor, member, EventKind.LEFT, on, action="member.leave", decision_no=decision_no, note=note)


@transaction.atomic
def member_died(*, actor, member: Member, on: date, note: str = "") -> MemberEvent:
    return _end(actor, member, EventKind.DIED, on, action="member.died", decision_no="", note=note, need_decision=False)


@transaction.atomic
def member_reinstate(*, actor, member: Member, on: date, decision_no: str, note: str = "") -> MemberEvent:
    """Reinstatement of a member wrongly removed or expelled: party age runs on as if unbroken is a
    committee decision; here the gap is closed from `on` (§1.3, exonerated members)."""
    member = _lock(member)
    _check(actor, member)
    _need_status(member, Status.REMOVED, Status.EXPELLED)
    _check_date(member, on)
    if not decision_no.strip():
        raise DomainError(_("Nhập số quyết định."), field="decision_no")
    _texts(decision_no=decision_no, note=note)
    if not member.org.is_open:
        raise DomainError(_("Tổ chức cũ đã kết thúc hoạt động: tiếp nhận qua tổ chức mới."), field="on")
    event = _record(
        actor, member, EventKind.REINSTATED, on, action="member.reinstate", decision_no=decision_no, note=note
    )
    open_membership(member, member.org_id, on, Membership.Reason.ADMITTED)
    return event


NEVER_READMITTED = "never_readmitted"


@transaction.atomic
def member_readmit(
    *,
    actor,
    member: Member,
    org: Org,
    vote_on: date,
    admitted_on: date,
    decision_no: str,
    expunged_on: date | None = None,
) -> MemberEvent:
    """Readmission (kết nạp lại): once only, at least 36 months after leaving (60 after a conviction is
    expunged), with a new probation; party age runs from the first admission minus the gap (§1.4)."""
    member = _lock(member)
    _check(actor, member)
    if actor is not None:
        require(actor, Action.CREATE, org.path)
    _need_status(member, Status.REMOVED, Status.EXPELLED, Status.LEFT)
    if MemberEvent.objects.filter(member=member, kind=EventKind.READMITTED, cancelled_by__isnull=True).exists():
        raise DomainError(_("Đảng viên đã được kết nạp lại một lần: không kết nạp lại lần nữa."))
    if admitted_on > timezone.localdate() or vote_on > admitted_on:
        raise DomainError(_("Ngày quyết định phải từ ngày chi bộ xét đến hôm nay."), field="admitted_on")
    _check_date(member, admitted_on, "admitted_on")
    _texts(decision_no=decision_no)
    r = _in_force(
        vote_on,
        "readmission.wait_months",
        "readmission.wait_after_expunged_months",
        "admission.min_age_months",
        "admission.max_age_months",
        field="vote_on",
    )
    waited = rules.completed_months(member.ended_on, vote_on)
    need = r["readmission.wait_months"]
    if waited < need:
        raise DomainError(
            _("Mới ra khỏi Đảng %(m)s tháng: phải đủ %(n)s tháng mới xét kết nạp lại.") % {"m": waited, "n": need},
            field="vote_on",
        )
    if (
        expunged_on is not None
        and rules.completed_months(expunged_on, vote_on) < r["readmission.wait_after_expunged_months"]
    ):
        raise DomainError(_("Chưa đủ 60 tháng kể từ ngày được xóa án tích."), field="vote_on")
    age = rules.admission_age(
        member.birth_date, vote_on, min_months=r["admission.min_age_months"], max_months=r["admission.max_age_months"]
    )
    Member.objects.filter(pk=member.pk).update(org=org)
    member.org = org
    event = _record(
        actor,
        member,
        EventKind.READMITTED,
        admitted_on,
        action="member.readmit",
        org=org,
        decision_no=decision_no,
        decided_on=admitted_on,
        data={"vote_on": vote_on.isoformat(), "flags": list(age.flags)},
    )
    open_membership(member, org.pk, admitted_on, Membership.Reason.ADMITTED)
    return event


# --- Correcting a mistaken event ------------------------------------------------------------------------

_OPENS = {EventKind.TRANSFER_IN, EventKind.REINSTATED, EventKind.READMITTED}
_CLOSES = {EventKind.REMOVED, EventKind.EXPELLED, EventKind.LEFT, EventKind.DIED, EventKind.PROBATION_REMOVED,
           EventKind.TRANSFER_OUT}  # fmt: skip


@transaction.atomic
def event_cancel(*, actor, event: MemberEvent, reason: str) -> MemberEvent:
    """Cancel an event recorded by mistake with a correcting event; history is never edited.

    Only the member's latest event can be cancelled, so that what followed it stays consistent: cancel
    from the newest, one by one. The admission itself is corrected through a correction request.
    """
    member = _lock(event.member)
    _check(actor, member)
    if not reason.strip():
        raise DomainError(_("Ghi rõ lý do hủy."), field="reason")
    _texts(reason=reason)
    latest = (
        MemberEvent.objects.filter(member=member, cancelled_by__isnull=True)
        .exclude(kind=EventKind.CANCEL)
        .order_by("-on", "-id")
        .first()
    )
    if event.kind == EventKind.CANCEL or latest is None or latest.pk != event.pk:
        raise DomainError(_("Chỉ hủy được sự kiện gần nhất của đảng viên; hủy lần lượt từ sự kiện mới nhất."))
    if event.data.get("registered"):
        raise DomainError(
            _("Sự kiện này được nhập từ hồ sơ giấy: sửa ngày qua đề nghị đính chính có căn cứ và được duyệt.")
        )
    if event.kind == EventKind.ADMITTED:
        raise DomainError(_("Không hủy sự kiện kết nạp: dùng đề nghị đính chính ngày vào Đảng."))
    # Undo the membership move the event made (membership rows are derived records, not the history).
    if event.kind in _OPENS:
        Membership.objects.filter(member=member, valid_to__isnull=True, valid_from=event.on).delete()
        previous = Membership.objects.filter(member=member).order_by("-valid_from", "-id").first()
        if event.kind in (EventKind.TRANSFER_IN, EventKind.READMITTED) and previous is not None:
            Member.objects.filter(pk=member.pk).update(org=previous.org_id)
    if event.kind in _CLOSES:
        last = Membership.objects.filter(member=member, valid_to=event.on).order_by("-valid_from", "-id").first()
        if last is not None and not Membership.objects.filter(member=member, valid_to__isnull=True).exists():
            last.valid_to = None
            last.save(update_fields=["valid_to"])
    if event.kind == EventKind.CARD:
        Member.objects.filter(pk=member.pk).update(card_number=event.data.get("previous"), card_issued_on=None)
    member.refresh_from_db()
    cancel = MemberEvent.objects.create(
        member=member,
        kind=EventKind.CANCEL,
        on=timezone.localdate(),
        org=member.org,
        cancels=event,
        note=reason.strip(),
        data={"cancelled": {"kind": event.kind, "on": event.on.isoformat()}},
        actor=actor if getattr(actor, "pk", None) else None,
    )
    before = member.status
    member_sync(member)
    audit_record(
        actor=actor,
        action="member.event_cancel",
        obj=member,
        org_path=member.org.path,
        note=reason.strip(),
        changes={
            "event": {"before": {"kind": event.kind, "on": event.on}, "after": None},
            **({"status": {"before": before, "after": member.status}} if before != member.status else {}),
        },
    )
    return cancel
