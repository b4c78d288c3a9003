"""One subject's rating, the first two steps: the self-assessment on its form and the appraisal with its
proposed level (the decision is in `decisions`), and taking a subject not yet assessed off the list. A level is
never higher than the rules allow for the score and the conditions (`rules.rate`); the validation helpers here
serve the decision too."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tochuc.accounts.roles import Action
from tochuc.cadres.services.people import refuse_control_characters
from tochuc.core.audit import audit_record, diff, snapshot
from tochuc.core.errors import DomainError
from tochuc.core.scope import require, root_path

from .. import rules
from ..choices import Disqualifier, Form, Rating, Stage, SubjectKind
from ..models import Entry
from ..rules import Conditions, Verdict
from .campaigns import campaign_params, require_open

CONDITION_FIELDS = (
    "tasks_total",
    "tasks_done",
    "tasks_on_time",
    "tasks_exceeded",
    "subordinate_disciplined",
    "shortcomings_fixed",
    "disqualifier",
)
SELF_FIELDS = ("form", "self_score", "self_level", "self_on", "self_note", *CONDITION_FIELDS)
APPRAISAL_FIELDS = ("appraisal_score", "appraisal_level", "appraised_on", "appraisal_note", "group", *CONDITION_FIELDS)
DECISION_FIELDS = ("level", "decided_on", "decided_by", "decision_no", "decision_note")
MAX_TASKS = 100_000


def _fmt(d: date | None) -> str:
    return d.strftime("%d/%m/%Y") if d else ""


def subject_name(entry: Entry) -> str:
    return entry.member.full_name if entry.kind == SubjectKind.MEMBER else entry.org.name


def lock_entry(entry: Entry) -> Entry:
    return (
        Entry.objects.select_for_update(of=("self",))
        .select_related("campaign", "campaign__org", "org", "org__parent", "member")
        .get(pk=entry.pk)
    )


def conditions_of(entry: Entry) -> Conditions:
    return Conditions(
        tasks_total=entry.tasks_total,
        tasks_done=entry.tasks_done,
        tasks_on_time=entry.tasks_on_time,
        tasks_exceeded=entry.tasks_exceeded,
        leads=rules.leads(entry.kind, entry.form),
        subordinate_disciplined=entry.subordinate_disciplined,
        shortcomings_fixed=entry.shortcomings_fixed,
        disqualifier=entry.disqualifier,
    )


def scored(entry: Entry) -> Decimal | None:
    """The score the level is judged on: the appraisal's when it gave one, else the self-assessment's."""
    return entry.appraisal_score if entry.appraisal_score is not None else entry.self_score


def entry_verdict(entry: Entry, score: Decimal | None = None) -> Verdict | None:
    """The ceiling of an entry for `score` (its own score by default) and its conditions; None without a score
    or before the 100-point scale."""
    params = campaign_params(entry.campaign)
    score = scored(entry) if score is None else score
    if params is None or score is None:
        return None
    return rules.rate(score, conditions_of(entry), params=params)


# --- Validation ------------------------------------------------------------------------------------------


def clean_score(value, field: str, *, required: bool) -> Decimal | None:
    if value in (None, ""):
        if required:
            raise DomainError(_("Nhập điểm (thang 100 điểm)."), field=field)
        return None
    try:
        score = rules.to_score(value)
    except ValueError:
        raise DomainError(_("Điểm phải là một số, ví dụ 85 hoặc 85,5."), field=field) from None
    if score < 0 or score > rules.MAX_SCORE:
        raise DomainError(_("Điểm phải từ 0 đến 100."), field=field)
    if score != score.quantize(Decimal("0.01")):
        raise DomainError(_("Điểm lấy đến hai chữ số thập phân."), field=field)
    return score.quantize(Decimal("0.01"))


def _clean_conditions(values: dict[str, Any]) -> dict[str, Any]:
    """The task figures (whole numbers, each within the one before it) and the conditions."""
    out: dict[str, Any] = {}
    for name in ("tasks_total", "tasks_done", "tasks_on_time", "tasks_exceeded"):
        value = values.get(name)
        if value in (None, ""):
            out[name] = None
            continue
        if isinstance(value, bool) or not isinstance(value, int) or value < 0 or value > MAX_TASKS:
            raise DomainError(_("Nhập số nhiệm vụ là số nguyên từ 0 trở lên."), field=name)
        out[name] = value
    total = out["tasks_total"]
    if total is None:
        given = next((n for n in ("tasks_done", "tasks_on_time", "tasks_exceeded") if out[n] is not None), None)
        if given:
            raise DomainError(_("Nhập tổng số nhiệm vụ được giao trước."), field="tasks_total")
    else:
        bounds = (
            ("tasks_done", total, _("Số nhiệm vụ hoàn thành không thể lớn hơn số được giao (%(n)s).")),
            (
                "tasks_on_time",
                out["tasks_done"],
                _("Số hoàn thành đúng tiến độ không thể lớn hơn số hoàn thành (%(n)s)."),
            ),
            ("tasks_exceeded", out["tasks_done"], _("Số vượt yêu cầu không thể lớn hơn số hoàn thành (%(n)s).")),
        )
        for name, limit, message in bounds:
            limit = total if limit is None else limit
            if out[name] is not None and out[name] > limit:
                raise DomainError(message % {"n": limit}, field=name)
    disqualifier = values.get("disqualifier") or ""
    if disqualifier not in Disqualifier.values:
        raise DomainError(_("Chọn một trường hợp trong danh sách."), field="disqualifier")
    out["disqualifier"] = disqualifier
    out["subordinate_disciplined"] = bool(values.get("subordinate_disciplined", False))
    out["shortcomings_fixed"] = bool(values.get("shortcomings_fixed", True))
    return out


def clean_day(value: date | None, field: str, *, after: date | None, after_label: str, today: date) -> date:
    if value is None:
        raise DomainError(_("Nhập ngày theo dạng dd/mm/yyyy."), field=field)
    if value > today:
        raise DomainError(_("Ngày %(d)s chưa tới.") % {"d": _fmt(value)}, field=field)
    if after is not None and value < after:
        raise DomainError(
            _("Ngày %(d)s trước %(what)s (%(a)s).") % {"d": _fmt(value), "what": after_label, "a": _fmt(after)},
            field=field,
        )
    return value


def clean_text(values: dict[str, str], limits: dict[str, int]) -> dict[str, str]:
    """Text fields trimmed (one-line fields with their spaces collapsed; notes keep their line breaks), without
    control characters, within their lengths."""
    refuse_control_characters(values)
    out = {}
    for name, value in values.items():
        value = (value or "").strip()
        if not name.endswith("_note"):
            value = " ".join(value.split())
        if len(value) > limits[name]:
            raise DomainError(_("Nội dung dài quá %(n)s ký tự.") % {"n": limits[name]}, field=name)
        out[name] = value
    return out


def check_level(entry: Entry, level: str, score: Decimal | None, field: str, *, require_score: bool) -> Verdict | None:
    """`level` must be a level and not above the ceiling for `score` and the entry's conditions (as they are
    set on `entry` now). Before the 100-point scale, the level alone is recorded."""
    if level not in Rating.values:
        raise DomainError(_("Chọn mức xếp loại."), field=field)
    params = campaign_params(entry.campaign)
    if params is None:
        return None
    if score is None:
        if require_score:
            raise DomainError(_("Nhập điểm (thang 100 điểm)."), field=field.replace("level", "score"))
        return None
    verdict = rules.rate(score, conditions_of(entry), params=params)
    if not verdict.allows(level):
        raise DomainError(verdict.refusal(level), field=field)
    return verdict


def save_changes(entry: Entry, before: dict, fields: Sequence[str], actor) -> dict:
    """Save the fields of `entry` that differ from `before` (a snapshot of `fields`): the changes."""
    changes = diff(before, snapshot(entry, fields))
    if changes:
        entry.actor = actor if getattr(actor, "pk", None) else None
        entry.save(update_fields=[*changes, "actor", "updated_at"])
    return changes


def _conditions_given(entry: Entry, conditions: dict[str, Any]) -> dict[str, Any]:
    """The conditions as given, those not given kept as the entry has them."""
    unknown = set(conditions) - set(CONDITION_FIELDS)
    if unknown:
        raise TypeError(f"unexpected arguments: {sorted(unknown)}")
    return _clean_conditions({k: conditions[k] if k in conditions else getattr(entry, k) for k in CONDITION_FIELDS})


def require_decider_role(actor, path: str) -> None:
    """404 outside the scope; 403 for a role that records neither edits nor approvals. Whether the actor's
    level is the one that decides is `decider_problem`'s question (a refusal naming the level)."""
    if actor is None:
        return
    require(actor, Action.VIEW, path)
    if not (actor.can(Action.EDIT) or actor.can(Action.APPROVE)):
        raise PermissionDenied


def appraiser_problem(actor, entry: Entry) -> str | None:
    """Why `actor` may not record the appraisal of `entry`, or None when they may. A collective is appraised by
    the level above it (124-QĐ/TW step 2, the upper committee's advisory body; DOMAIN.md §2), never by itself:
    the actor's scope lies strictly above the org. A member is appraised by the org they are rated in (the
    cell's meeting) or a level above, which the scope check already ensures."""
    if actor is None or entry.kind != SubjectKind.ORG:
        return None
    root = root_path(actor)
    if root is not None and entry.org.path.startswith(root) and entry.org.path != root:
        return None
    return _("%(o)s không tự thẩm định kết quả của mình: cấp trên trực tiếp thẩm định, đề xuất mức xếp loại.") % {
        "o": entry.org.name
    }


def level_label(level: str) -> str:
    return Rating(level).label if level in Rating.values else ""


# --- Self-assessment and appraisal ---------------------------------------------------------------------


@transaction.atomic
def entry_self_assess(
    *,
    actor,
    entry: Entry,
    self_score=None,
    self_level: str,
    self_on: date | None,
    self_note: str = "",
    form: str | None = None,
    today: date | None = None,
    **conditions,
) -> Entry:
    """Record the self-assessment (score on the 100-point scale, the level the subject gives themself, on its
    form) and the task figures and conditions it reports. Open while not yet appraised; the level may not be
    higher than the rules allow for that score and those conditions."""
    entry = lock_entry(entry)
    if actor is not None:
        require(actor, Action.EDIT, entry.org.path)
    require_open(entry.campaign)
    today = today or timezone.localdate()
    if entry.stage not in (Stage.PENDING, Stage.SELF):
        raise DomainError(
            _("%(who)s đã được thẩm định: không sửa tự đánh giá nữa.") % {"who": subject_name(entry)}, field=None
        )
    form = form or entry.form
    allowed = [Form.F01] if entry.kind == SubjectKind.ORG else [Form.F2A, Form.F2B, Form.F2C]
    if form not in allowed:
        raise DomainError(_("Mẫu kiểm điểm không phù hợp với đối tượng."), field="form")
    params = campaign_params(entry.campaign)
    score = clean_score(self_score, "self_score", required=params is not None)
    values = {
        "form": form,
        "self_score": score,
        "self_on": clean_day(
            self_on, "self_on", after=entry.campaign.starts_on, after_label=_("ngày bắt đầu đợt"), today=today
        ),
        **clean_text({"self_note": self_note}, {"self_note": 10_000}),
        **_conditions_given(entry, conditions),
    }
    fields = ("stage", *SELF_FIELDS)
    before = snapshot(entry, fields)
    for name, value in values.items():  # the ceiling is judged on the conditions given with the score
        setattr(entry, name, value)
    check_level(entry, self_level, score, "self_level", require_score=params is not None)
    entry.self_level = self_level
    entry.stage = Stage.SELF
    changes = save_changes(entry, before, fields, actor)
    if changes:
        audit_record(
            actor=actor,
            action="rating.self",
            obj=entry,
            org_path=entry.org.path,
            changes=changes,
            note=_("Tự chấm %(s)s điểm, tự xếp loại «%(l)s».")
            % {"s": rules.fmt_score(score) or "—", "l": level_label(self_level)},
        )
    return entry


@transaction.atomic
def entry_appraise(
    *,
    actor,
    entry: Entry,
    appraisal_level: str,
    appraised_on: date | None,
    appraisal_score=None,
    appraisal_note: str = "",
    group: str | None = None,
    today: date | None = None,
    **conditions,
) -> Entry:
    """Record the appraisal of the reviewing body (the cell, the committee): its score (optional: the self
    score stands when it gives none), the level it proposes, its remarks, the peer group for the quota, and
    the task figures and conditions as it finds them. The proposed level is capped by the rules like the
    self-assessment's. Open once self-assessed and until decided."""
    entry = lock_entry(entry)
    if actor is not None:
        require(actor, Action.EDIT, entry.org.path)
    require_open(entry.campaign)
    today = today or timezone.localdate()
    if entry.stage == Stage.PENDING:
        raise DomainError(_("%(who)s chưa tự đánh giá.") % {"who": subject_name(entry)}, field=None)
    if entry.stage == Stage.DECIDED:
        raise DomainError(
            _("%(who)s đã được cấp trên quyết định xếp loại: hủy kết quả trước khi thẩm định lại.")
            % {"who": subject_name(entry)},
            field=None,
        )
    problem = appraiser_problem(actor, entry)
    if problem:
        raise DomainError(problem, field="appraisal_level")
    score = clean_score(appraisal_score, "appraisal_score", required=False)
    values = {
        "appraisal_score": score,
        "appraised_on": clean_day(
            appraised_on, "appraised_on", after=entry.self_on, after_label=_("ngày tự đánh giá"), today=today
        ),
        **clean_text(
            {"appraisal_note": appraisal_note, "group": entry.group if group is None else group},
            {"appraisal_note": 10_000, "group": 100},
        ),
        **_conditions_given(entry, conditions),
    }
    fields = ("stage", *APPRAISAL_FIELDS)
    before = snapshot(entry, fields)
    for name, value in values.items():
        setattr(entry, name, value)
    check_level(entry, appraisal_level, scored(entry), "appraisal_level", require_score=False)
    entry.appraisal_level = appraisal_level
    entry.stage = Stage.APPRAISED
    changes = save_changes(entry, before, fields, actor)
    if changes:
        audit_record(
            actor=actor,
            action="rating.appraise",
            obj=entry,
            org_path=entry.org.path,
            changes=changes,
            note=_("Thẩm định %(s)s điểm, đề xuất «%(l)s».")
            % {"s": rules.fmt_score(scored(entry)) or "—", "l": level_label(appraisal_level)},
        )
    return entry


@transaction.atomic
def entry_remove(*, actor, entry: Entry, reason: str) -> None:
    """Take a subject off a campaign's list before any self-assessment (listed by mistake, moved away, died),
    with a reason (audited "rating.unlist")."""
    entry = lock_entry(entry)
    if actor is not None:
        require(actor, Action.EDIT, entry.org.path)
    require_open(entry.campaign)
    if entry.stage != Stage.PENDING:
        raise DomainError(
            _("%(who)s đã tự đánh giá: không đưa ra khỏi danh sách được.") % {"who": subject_name(entry)}, field=None
        )
    reason = " ".join((reason or "").split())
    refuse_control_characters({"reason": reason})
    if not reason:
        raise DomainError(_("Ghi lý do đưa ra khỏi danh sách."), field="reason")
    audit_record(
        actor=actor,
        action="rating.unlist",
        obj=entry,
        org_path=entry.org.path,
        changes={
            "campaign": {"before": entry.campaign_id, "after": None},
            "kind": {"before": entry.kind, "after": None},
        },
        note=_("%(who)s: %(r)s") % {"who": subject_name(entry), "r": reason},
    )
    entry.delete()
