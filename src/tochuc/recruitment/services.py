"""Every write of the recruitment module: a candidate's record, each dated step of the admission dossier,
the introducers, work away from home, and the admission itself, which checks every condition and creates
the probationary member through `members.services.member_admit`. Each writes one audit event."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tochuc.accounts.roles import Action
from tochuc.core.audit import audit_record
from tochuc.core.errors import DomainError
from tochuc.core.rules import rules_in_force
from tochuc.core.scope import name_in_scope, require
from tochuc.members.choices import ETHNIC_GROUP_CHOICES, RELIGIONS, Education, Occupation, Sex, Status
from tochuc.members.models import Member
from tochuc.members.rules import citizen_id_problem
from tochuc.members.services import member_admit
from tochuc.members.services.dossier import name_fields
from tochuc.orgs.models import Org, OrgType

from . import rules
from .models import AwayKind, Candidate, CandidateStep, DropReason, Introducer, Result, Stage, Step

# Fields a user edits on the candidate's record (the rest are kept by the services).
CANDIDATE_FIELDS = (
    "citizen_id",
    "ethnic_group",
    "religion",
    "education",
    "education_exception",
    "occupation",
    "work_unit",
    "residence",
    "phone",
    "youth_union_member",
    "trade_union_member",
)
_CHOICES: dict[str, set[str]] = {
    "sex": set(Sex.values),
    "ethnic_group": {v for v, _l in ETHNIC_GROUP_CHOICES},
    "religion": set(RELIGIONS),
    "education": set(Education.values),
    "occupation": set(Occupation.values),
}
# The org types whose admissions pass through a grassroots committee's resolution (8-KNĐ) after the cell's:
# a cell inside a grassroots committee (or its sub-committee). A grassroots cell sends its own resolution up.
COMMITTEE_BETWEEN = {OrgType.CELL, OrgType.SUB_COMMITTEE, OrgType.PARTY_GROUP}


def _fmt(d: date) -> str:
    return d.strftime("%d/%m/%Y")


def _who(actor):
    return actor if getattr(actor, "pk", None) else None


def _lock(candidate: Candidate) -> Candidate:
    return Candidate.objects.select_for_update().select_related("org").get(pk=candidate.pk)


def _check(actor, candidate: Candidate, action: str = Action.EDIT) -> None:
    if actor is not None:
        require(actor, action, candidate.org.path)


def _need_developing(candidate: Candidate) -> None:
    if candidate.stage != Stage.DEVELOPING:
        raise DomainError(
            _("Quần chúng «%(n)s» không còn trong danh sách đang bồi dưỡng (%(s)s).")
            % {"n": candidate.full_name, "s": candidate.get_stage_display()}
        )


def _not_future(on: date, field: str) -> None:
    if on > timezone.localdate():
        raise DomainError(_("Ngày không được sau ngày hôm nay."), field=field)


def _audit(actor, action: str, candidate: Candidate, changes: dict[str, Any], note: str = "") -> None:
    audit_record(actor=actor, action=action, obj=candidate, org_path=candidate.org.path, changes=changes, note=note)


def _clean(values: dict[str, Any], *, actor, birth_date: date, sex: str, candidate: Candidate | None = None) -> dict:
    out: dict[str, Any] = {}
    for name, value in values.items():
        if isinstance(value, str):
            value = " ".join(value.split())
        if name in _CHOICES and value not in _CHOICES[name]:
            raise DomainError(_("Giá trị «%(v)s» không có trong danh mục.") % {"v": value}, field=name)
        out[name] = value
    cid = out.get("citizen_id") or ""
    if cid:
        problem = citizen_id_problem(cid, birth_date, sex)
        if problem:
            raise DomainError(problem, field="citizen_id")
        member = Member.objects.filter(citizen_id=cid).select_related("org").first()
        if member is not None:
            who = name_in_scope(actor, member.full_name, member.org.path)
            raise DomainError(_("Số CCCD %(c)s là của đảng viên %(n)s.") % {"c": cid, "n": who}, field="citizen_id")
        clash = Candidate.objects.developing().filter(citizen_id=cid).exclude(pk=getattr(candidate, "pk", None))
        if clash.exists():
            raise DomainError(
                _("Số CCCD %(c)s đã có trong danh sách quần chúng đang bồi dưỡng.") % {"c": cid}, field="citizen_id"
            )
    return out


# --- The candidate's record ------------------------------------------------------------------------------


@transaction.atomic
def candidate_create(
    *, actor, org: Org, full_name: str, sex: str, birth_date: date, listed_on: date, **fields: Any
) -> Candidate:
    """Put a person on the org's list of candidates (danh sách quần chúng ưu tú)."""
    if actor is not None:
        require(actor, Action.CREATE, org.path)
    if not org.is_open:
        raise DomainError(_("Tổ chức «%(org)s» đã kết thúc hoạt động.") % {"org": org.name}, field="org")
    unknown = set(fields) - set(CANDIDATE_FIELDS)
    if unknown:
        raise DomainError(_("Không có trường: %(f)s") % {"f": ", ".join(sorted(unknown))})
    full_name = " ".join(full_name.split())
    if not full_name:
        raise DomainError(_("Họ và tên không được để trống."), field="full_name")
    if sex not in _CHOICES["sex"]:
        raise DomainError(_("Chọn giới tính."), field="sex")
    _not_future(listed_on, "listed_on")
    if birth_date >= listed_on:
        raise DomainError(_("Ngày sinh phải trước ngày đưa vào danh sách."), field="birth_date")
    values = _clean(fields, actor=actor, birth_date=birth_date, sex=sex)
    names = name_fields(full_name)
    candidate = Candidate.objects.create(
        org=org,
        full_name=full_name,
        name_folded=names["name_folded"],
        sort_key=names["sort_key"],
        sex=sex,
        birth_date=birth_date,
        listed_on=listed_on,
        **values,
    )
    _audit(
        actor,
        "candidate.create",
        candidate,
        {"full_name": {"before": None, "after": full_name}, "org": {"before": None, "after": org.code}},
    )
    return candidate


@transaction.atomic
def candidate_update(*, actor, candidate: Candidate, **fields: Any) -> Candidate:
    candidate = _lock(candidate)
    _check(actor, candidate)
    _need_developing(candidate)
    editable = {*CANDIDATE_FIELDS, "full_name", "sex", "birth_date", "listed_on", "org"}
    unknown = set(fields) - editable
    if unknown:
        raise DomainError(_("Không có trường: %(f)s") % {"f": ", ".join(sorted(unknown))})
    full_name = " ".join(str(fields.pop("full_name", candidate.full_name)).split())
    if not full_name:
        raise DomainError(_("Họ và tên không được để trống."), field="full_name")
    sex = fields.pop("sex", candidate.sex)
    if sex not in _CHOICES["sex"]:
        raise DomainError(_("Chọn giới tính."), field="sex")
    org = fields.pop("org", candidate.org)
    if org.pk != candidate.org_id:
        # Moving to another cell (the candidate moved, or before a split of the cell): inside the scope only.
        if actor is not None:
            require(actor, Action.CREATE, org.path)
        if not org.is_open:
            raise DomainError(_("Tổ chức «%(org)s» đã kết thúc hoạt động.") % {"org": org.name}, field="org")
    birth_date = fields.pop("birth_date", candidate.birth_date)
    listed_on = fields.pop("listed_on", candidate.listed_on)
    _not_future(listed_on, "listed_on")
    if birth_date >= listed_on:
        raise DomainError(_("Ngày sinh phải trước ngày đưa vào danh sách."), field="birth_date")
    values = _clean(fields, actor=actor, birth_date=birth_date, sex=sex, candidate=candidate)
    values |= {"full_name": full_name, "sex": sex, "birth_date": birth_date, "listed_on": listed_on, "org": org}
    changes = {
        k: {"before": getattr(candidate, k), "after": v} for k, v in values.items() if getattr(candidate, k) != v
    }
    if "org" in changes:
        changes["org"] = {"before": candidate.org.code, "after": org.code}
    if not changes:
        return candidate
    for k, v in values.items():
        setattr(candidate, k, v)
    names = name_fields(full_name)
    candidate.name_folded, candidate.sort_key = names["name_folded"], names["sort_key"]
    candidate.save(update_fields=[*values, "name_folded", "sort_key", "updated_at"])
    _sync(candidate)
    _audit(actor, "candidate.update", candidate, changes)
    return candidate


# --- The dossier's steps ---------------------------------------------------------------------------------


def committee_needed(org: Org) -> bool:
    return org.org_type in COMMITTEE_BETWEEN


def _facts(candidate: Candidate) -> tuple[list[rules.StepFacts], list[rules.IntroducerFacts]]:
    steps = [
        rules.StepFacts(s.step, s.on, s.result, s.official_members, s.in_favour)
        for s in candidate.steps.filter(cancelled_at__isnull=True)
    ]
    introducers = [
        rules.IntroducerFacts(
            kind=i.kind,
            name=i.member.full_name if i.member_id else (i.body or i.get_kind_display()),
            on=i.on,
            official_on=i.member.official_on if i.member_id and i.member.status == Status.OFFICIAL else None,
            active=(not i.member_id) or (i.member.is_active and not i.member.in_transit),
            together_since=i.together_since,
        )
        for i in candidate.introducers.select_related("member")
    ]
    return steps, introducers


def _sync(candidate: Candidate) -> None:
    """Keep `reached` (the pipeline's column) in line with the steps recorded."""
    steps, introducers = _facts(candidate)
    value = rules.reached(
        steps=steps,
        introduced=bool(introducers),
        committee_needed=committee_needed(candidate.org),
        admitted=candidate.stage == Stage.ADMITTED,
    )
    if value != candidate.reached:
        candidate.reached = value
        candidate.save(update_fields=["reached", "updated_at"])


def params_on(on: date) -> rules.Params:
    r = rules_in_force(on)
    if "admission.min_age_months" not in r:
        raise DomainError(
            _("Chưa có quy định về kết nạp đảng viên hiệu lực ngày %(d)s trong bảng tham số.") % {"d": _fmt(on)},
            field="on",
        )
    return rules.Params(
        min_age_months=r["admission.min_age_months"],
        max_age_months=r["admission.max_age_months"],
        min_education=r["admission.min_education"],
        introducer_months=r["admission.introducer_min_months_together"],
        course_valid_years=r["admission.course_certificate_valid_years"],
        course_valid_confirmed=r.version("admission.course_certificate_valid_years").confirmed,
        vote_threshold=rules.parse_fraction(r["admission.vote_threshold"]),
        max_vote_rounds=r["admission.max_vote_rounds"],
        age_basis=r.basis("admission.min_age_months"),
    )


def eligibility(candidate: Candidate) -> rules.Eligibility:
    """The admission's conditions for this candidate now, by the rules in force on the cell's vote (today
    before it votes)."""
    steps, introducers = _facts(candidate)
    cell = rules.latest(steps, Step.CELL_RESOLUTION)
    return rules.admission_eligibility(
        birth_date=candidate.birth_date,
        education=candidate.education,
        education_exception=candidate.education_exception,
        youth_union_member=candidate.youth_union_member,
        introducers=introducers,
        steps=steps,
        committee_needed=committee_needed(candidate.org),
        params=params_on(cell.on if cell is not None else timezone.localdate()),
    )


# The steps the cell's vote needs first (12-HD/BTCTW 2022 §II.1.1, 1): refused when one is missing.
BEFORE_VOTE = (Step.COURSE, Step.APPLICATION, Step.HISTORY, Step.VERIFICATION, Step.COMMENTS)


@transaction.atomic
def candidate_step_record(
    *,
    actor,
    candidate: Candidate,
    step: str,
    on: date,
    document_no: str = "",
    result: str = "",
    official_members: int | None = None,
    in_favour: int | None = None,
    note: str = "",
) -> CandidateStep:
    """Record one dated step. The verification needs its conclusion; a vote (the cell's, the committee's)
    its counts, from which the result follows (two thirds of the official members); the cell votes only on
    a dossier complete before it, and the committee only after the cell has passed the proposal."""
    candidate = _lock(candidate)
    _check(actor, candidate)
    _need_developing(candidate)
    if step not in Step.values:
        raise DomainError(_("Không có bước «%(s)s».") % {"s": step}, field="step")
    _not_future(on, "on")
    if on < candidate.birth_date:
        raise DomainError(_("Ngày không được trước ngày sinh."), field="on")
    document_no, note = document_no.strip(), note.strip()
    steps, introducers = _facts(candidate)
    if step == Step.VERIFICATION:
        if result not in (Result.CLEAR, Result.ISSUE, Result.NOT_ADMISSIBLE):
            raise DomainError(_("Chọn kết luận thẩm tra."), field="result")
    elif step in (Step.CELL_RESOLUTION, Step.COMMITTEE_RESOLUTION):
        if not official_members:
            raise DomainError(_("Nhập số đảng viên chính thức của chi bộ, đảng bộ."), field="official_members")
        if in_favour is None:
            raise DomainError(_("Nhập số đảng viên tán thành."), field="in_favour")
        if in_favour > official_members:
            raise DomainError(_("Số tán thành không được lớn hơn số đảng viên chính thức."), field="in_favour")
        threshold = params_on(on).vote_threshold
        result = Result.PASSED if rules.vote_passes(in_favour, official_members, threshold) else Result.FAILED
    else:
        result = ""
    if step == Step.CELL_RESOLUTION:
        missing = [
            str(Step(s).label)
            for s in BEFORE_VOTE
            if (got := rules.latest(steps, s)) is None or got.on > on or got.result == Result.NOT_ADMISSIBLE
        ]
        if not any(i.on <= on for i in introducers):
            missing.append(_("Người giới thiệu"))
        if missing:
            raise DomainError(
                _("Chi bộ chỉ xét khi hồ sơ đã đủ trước ngày %(d)s. Còn thiếu: %(m)s.")
                % {"d": _fmt(on), "m": "; ".join(missing)},
                field="step",
            )
        earlier = rules.latest(steps, Step.CELL_RESOLUTION)
        failed = sum(1 for v in steps if v.step == Step.CELL_RESOLUTION and v.result == Result.FAILED)
        rounds = params_on(on).max_vote_rounds
        if failed >= rounds:
            raise DomainError(
                _(
                    "Chi bộ đã biểu quyết %(n)s lần không đạt: báo cáo cấp ủy cấp trên trực tiếp và cấp ủy có thẩm "
                    "quyền xem xét, quyết định (không biểu quyết thêm)."
                )
                % {"n": failed},
                field="step",
            )
        if earlier is not None and earlier.result == Result.PASSED:
            raise DomainError(_("Chi bộ đã có nghị quyết đề nghị kết nạp."), field="step")
        if earlier is not None and on <= earlier.on:
            raise DomainError(_("Lần xét sau phải sau ngày %(d)s.") % {"d": _fmt(earlier.on)}, field="on")
    if step == Step.COMMITTEE_RESOLUTION:
        if not committee_needed(candidate.org):
            raise DomainError(
                _("Chi bộ cơ sở đề nghị thẳng lên cấp ủy cấp trên: không có bước nghị quyết đảng ủy cơ sở."),
                field="step",
            )
        cell = rules.latest(steps, Step.CELL_RESOLUTION)
        if cell is None or cell.result != Result.PASSED:
            raise DomainError(_("Chi bộ chưa có nghị quyết đề nghị kết nạp."), field="step")
        if on < cell.on:
            raise DomainError(
                _("Nghị quyết đảng ủy không thể trước nghị quyết chi bộ (%(d)s).") % {"d": _fmt(cell.on)}, field="on"
            )
    record = CandidateStep.objects.create(
        candidate=candidate,
        step=step,
        on=on,
        document_no=document_no,
        result=result,
        official_members=official_members,
        in_favour=in_favour,
        note=note,
        actor=_who(actor),
    )
    before = candidate.reached
    _sync(candidate)
    changes: dict[str, Any] = {
        "step": {"before": None, "after": {"step": step, "on": on, "result": result, "document_no": document_no}}
    }
    if before != candidate.reached:
        changes["reached"] = {"before": before, "after": candidate.reached}
    _audit(actor, "candidate.step", candidate, changes, note=document_no)
    return record


@transaction.atomic
def candidate_step_cancel(*, actor, step: CandidateStep, reason: str) -> CandidateStep:
    """A step recorded by mistake is cancelled with its reason; the record stays."""
    candidate = _lock(step.candidate)
    _check(actor, candidate)
    _need_developing(candidate)
    if step.cancelled_at is not None:
        raise DomainError(_("Bước này đã được hủy."))
    if not reason.strip():
        raise DomainError(_("Nhập lý do hủy."), field="reason")
    step.cancelled_at, step.cancel_reason = timezone.now(), reason.strip()
    step.save(update_fields=["cancelled_at", "cancel_reason"])
    _sync(candidate)
    _audit(
        actor,
        "candidate.step_cancel",
        candidate,
        {"step": {"before": {"step": step.step, "on": step.on}, "after": None}},
        note=reason.strip(),
    )
    return step


@transaction.atomic
def introducer_add(
    *,
    actor,
    candidate: Candidate,
    kind: str,
    on: date,
    member: Member | None = None,
    body: str = "",
    together_since: date | None = None,
    document_no: str = "",
) -> Introducer:
    """Record an introduction: an official member (who must lie inside the actor's scope), or the grassroots
    Youth Union / trade union committee. Whether it suffices is judged on the day the cell votes."""
    candidate = _lock(candidate)
    _check(actor, candidate)
    _need_developing(candidate)
    _not_future(on, "on")
    if kind not in Introducer.Kind.values:
        raise DomainError(_("Chọn người, tổ chức giới thiệu."), field="kind")
    if kind == Introducer.Kind.MEMBER:
        if member is None:
            raise DomainError(_("Chọn đảng viên giới thiệu."), field="member")
        if actor is not None:
            require(actor, Action.VIEW, member.org.path)
        if not member.is_active:
            raise DomainError(
                _("%(n)s không còn sinh hoạt đảng (%(s)s).")
                % {"n": member.full_name, "s": member.get_status_display()},
                field="member",
            )
        if together_since is None:
            raise DomainError(
                _("Nhập ngày bắt đầu cùng công tác, sinh hoạt với người vào Đảng."), field="together_since"
            )
        if together_since > on:
            raise DomainError(_("Ngày cùng công tác phải trước ngày giới thiệu."), field="together_since")
        if candidate.introducers.filter(member=member).exists():
            raise DomainError(_("%(n)s đã là người giới thiệu.") % {"n": member.full_name}, field="member")
        body = ""
    else:
        member, together_since = None, None
        body = " ".join(body.split())
        if not body:
            raise DomainError(_("Nhập tên tổ chức giới thiệu."), field="body")
        if kind == Introducer.Kind.YOUTH_UNION and not candidate.youth_union_member:
            raise DomainError(_("Người vào Đảng không phải đoàn viên thanh niên."), field="kind")
        if kind == Introducer.Kind.TRADE_UNION and not candidate.trade_union_member:
            raise DomainError(_("Người vào Đảng không phải đoàn viên công đoàn."), field="kind")
        if candidate.introducers.filter(kind=kind).exists():
            raise DomainError(_("Đã có tổ chức này giới thiệu."), field="kind")
    introducer = Introducer.objects.create(
        candidate=candidate,
        kind=kind,
        member=member,
        body=body,
        together_since=together_since,
        on=on,
        document_no=document_no.strip(),
    )
    _sync(candidate)
    _audit(actor, "candidate.introducer", candidate, {"introducer": {"before": None, "after": str(introducer)}})
    return introducer


@transaction.atomic
def introducer_remove(*, actor, introducer: Introducer) -> None:
    candidate = _lock(introducer.candidate)
    _check(actor, candidate)
    _need_developing(candidate)
    text = str(introducer)
    introducer.delete()
    _sync(candidate)
    _audit(actor, "candidate.introducer", candidate, {"introducer": {"before": text, "after": None}})


# --- Away from home, leaving the list --------------------------------------------------------------------


@transaction.atomic
def candidate_away_start(*, actor, candidate: Candidate, kind: str, place: str, since: date) -> Candidate:
    """Mark a candidate as working away from home (another province, abroad): where and since when."""
    candidate = _lock(candidate)
    _check(actor, candidate)
    _need_developing(candidate)
    if kind not in AwayKind.values:
        raise DomainError(_("Chọn nơi đi làm ăn."), field="kind")
    place = " ".join(place.split())
    if not place:
        raise DomainError(_("Nhập nơi đến (tỉnh, thành phố hoặc nước)."), field="place")
    _not_future(since, "since")
    if since < candidate.birth_date:
        raise DomainError(_("Ngày không được trước ngày sinh."), field="since")
    before = {"kind": candidate.away_kind, "place": candidate.away_place, "since": candidate.away_since}
    candidate.away_kind, candidate.away_place, candidate.away_since = kind, place, since
    candidate.save(update_fields=["away_kind", "away_place", "away_since", "updated_at"])
    _audit(
        actor,
        "candidate.away",
        candidate,
        {"away": {"before": before, "after": {"kind": kind, "place": place, "since": since}}},
    )
    return candidate


@transaction.atomic
def candidate_away_end(*, actor, candidate: Candidate, on: date) -> Candidate:
    candidate = _lock(candidate)
    _check(actor, candidate)
    if not candidate.away_kind:
        raise DomainError(_("Quần chúng không đi làm ăn xa."))
    _not_future(on, "on")
    if candidate.away_since and on < candidate.away_since:
        raise DomainError(_("Ngày trở về phải từ ngày %(d)s.") % {"d": _fmt(candidate.away_since)}, field="on")
    before = {"kind": candidate.away_kind, "place": candidate.away_place, "since": candidate.away_since}
    candidate.away_kind, candidate.away_place, candidate.away_since = "", "", None
    candidate.save(update_fields=["away_kind", "away_place", "away_since", "updated_at"])
    _audit(actor, "candidate.away", candidate, {"away": {"before": before, "after": None}}, note=_fmt(on))
    return candidate


@transaction.atomic
def candidate_drop(*, actor, candidate: Candidate, on: date, reason: str, note: str = "") -> Candidate:
    """Take a candidate off the list (moved away for work, no longer qualified, withdrew)."""
    candidate = _lock(candidate)
    _check(actor, candidate)
    _need_developing(candidate)
    if reason not in DropReason.values:
        raise DomainError(_("Chọn lý do dừng theo dõi."), field="reason")
    _not_future(on, "on")
    if on < candidate.listed_on:
        raise DomainError(
            _("Ngày dừng phải từ ngày đưa vào danh sách (%(d)s).") % {"d": _fmt(candidate.listed_on)}, field="on"
        )
    candidate.stage, candidate.dropped_on, candidate.drop_reason = Stage.DROPPED, on, reason
    candidate.drop_note = note.strip()
    candidate.save(update_fields=["stage", "dropped_on", "drop_reason", "drop_note", "updated_at"])
    _audit(
        actor,
        "candidate.drop",
        candidate,
        {"stage": {"before": Stage.DEVELOPING, "after": Stage.DROPPED}, "drop_reason": {"before": "", "after": reason}},
        note=note.strip(),
    )
    return candidate


@transaction.atomic
def candidate_resume(*, actor, candidate: Candidate) -> Candidate:
    """Put a dropped candidate back on the list (returned home, wishes to continue)."""
    candidate = _lock(candidate)
    _check(actor, candidate)
    if candidate.stage != Stage.DROPPED:
        raise DomainError(_("Quần chúng không ở trạng thái dừng theo dõi."))
    if not candidate.org.is_open:
        raise DomainError(_("Tổ chức «%(org)s» đã kết thúc hoạt động.") % {"org": candidate.org.name}, field="org")
    if candidate.citizen_id and Candidate.objects.developing().filter(citizen_id=candidate.citizen_id).exists():
        raise DomainError(_("Số CCCD %(c)s đã có trong danh sách đang bồi dưỡng.") % {"c": candidate.citizen_id})
    before = candidate.drop_reason
    candidate.stage, candidate.dropped_on, candidate.drop_reason, candidate.drop_note = Stage.DEVELOPING, None, "", ""
    candidate.save(update_fields=["stage", "dropped_on", "drop_reason", "drop_note", "updated_at"])
    _audit(
        actor,
        "candidate.resume",
        candidate,
        {"stage": {"before": Stage.DROPPED, "after": Stage.DEVELOPING}, "drop_reason": {"before": before, "after": ""}},
    )
    return candidate


# --- Admission -------------------------------------------------------------------------------------------


@transaction.atomic
def candidate_admit(*, actor, candidate: Candidate, admitted_on: date, decision_no: str) -> Member:
    """The admission decision (kết nạp): every condition is checked on the day the cell voted and the
    refusal names each one missing; then the member is created, probationary from the decision (the
    probation itself runs from the ceremony, `member_ceremony`)."""
    candidate = _lock(candidate)
    _check(actor, candidate, Action.CREATE)
    _need_developing(candidate)
    check = eligibility(candidate)
    if not check.ok:
        raise DomainError(
            _("Chưa đủ điều kiện kết nạp: %(r)s.") % {"r": "; ".join(f"{c.label}: {c.reason}" for c in check.refusals)},
            field="admitted_on",
        )
    steps, _introducers = _facts(candidate)
    vote_on = rules.latest(steps, Step.CELL_RESOLUTION).on
    committee = rules.latest(steps, Step.COMMITTEE_RESOLUTION)
    if committee_needed(candidate.org) and committee is not None and admitted_on < committee.on:
        raise DomainError(
            _("Quyết định kết nạp không thể trước nghị quyết đảng ủy cơ sở (%(d)s).") % {"d": _fmt(committee.on)},
            field="admitted_on",
        )
    member = member_admit(
        actor=actor,
        org=candidate.org,
        full_name=candidate.full_name,
        sex=candidate.sex,
        birth_date=candidate.birth_date,
        vote_on=vote_on,
        admitted_on=admitted_on,
        decision_no=decision_no,
        citizen_id=candidate.citizen_id or None,
        ethnic_group=candidate.ethnic_group,
        religion=candidate.religion,
        education=candidate.education,
        occupation=candidate.occupation,
        work_unit=candidate.work_unit,
        residence=candidate.residence,
    )
    candidate.stage, candidate.member, candidate.admitted_on = Stage.ADMITTED, member, admitted_on
    candidate.save(update_fields=["stage", "member", "admitted_on", "updated_at"])
    _sync(candidate)
    _audit(
        actor,
        "candidate.admit",
        candidate,
        {
            "stage": {"before": Stage.DEVELOPING, "after": Stage.ADMITTED},
            "member": {"before": None, "after": member.pk},
        },
        note=decision_no.strip(),
    )
    return member


def candidates_follow(*, actor, source: Org, target: Org, on: date, event=None) -> int:
    """When `source` merges or dissolves into `target`, its candidates still on the list (developing or
    dropped) move with it; the admitted ones stay where they were admitted. Called by the restructuring
    services inside their transaction (`orgs.services.register_follower`), which checked the scope."""
    moved = 0
    for candidate in Candidate.objects.select_for_update().filter(org=source).exclude(stage=Stage.ADMITTED):
        candidate.org = target
        candidate.save(update_fields=["org", "updated_at"])
        _sync(candidate)  # a cell's resolution may now need (or no longer need) a grassroots committee's
        audit_record(
            actor=actor,
            action="candidate.update",
            obj=candidate,
            org_path=target.path,
            changes={"org": {"before": source.code, "after": target.code}},
            note=_fmt(on),
        )
        moved += 1
    return moved


def candidates_held(org: Org) -> str | None:
    """What of the recruitment module still sits on `org` (see `orgs.services.register_follower`)."""
    n = Candidate.objects.filter(org=org).exclude(stage=Stage.ADMITTED).count()
    return _("%(n)s quần chúng ưu tú") % {"n": n} if n else None
