"""The decision of the level above on a subject's rating: who may decide (the standing committee directly above
an org; the grassroots organisation containing a member, or above it), the quota on "excellent" counted in the
entry's quota group, one decision or a whole list at once (all rows or none), and a decision reopened with a
reason."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from tochuc.accounts.roles import Action
from tochuc.cadres.services.people import refuse_control_characters
from tochuc.core.audit import audit_record, snapshot
from tochuc.core.errors import DomainError
from tochuc.core.scope import root_path
from tochuc.orgs.models import Org, OrgType

from .. import rules
from ..choices import Rating, Stage, SubjectKind
from ..models import Entry
from .campaigns import campaign_params, require_open
from .entries import (
    DECISION_FIELDS,
    check_level,
    clean_day,
    clean_text,
    level_label,
    lock_entry,
    require_decider_role,
    save_changes,
    scored,
    subject_name,
)

GRASSROOTS = (OrgType.GRASSROOTS_COMMITTEE, OrgType.GRASSROOTS_CELL)
QUOTA_REFUSAL = _lazy("Vượt tỷ lệ hoàn thành xuất sắc nhiệm vụ: %(r)s.")


# --- Who decides, and the quota group ------------------------------------------------------------------


def anchors(orgs: Iterable[Org]) -> dict[int, Org]:
    """For each org, the grassroots organisation containing it (a grassroots committee or cell, itself
    included), or the org itself when it lies above the grassroots. One query for any number of orgs."""
    orgs = list(orgs)
    paths = {p for o in orgs for p in [*o.ancestor_paths(), o.path]}
    grassroots = {
        o.path: o for o in Org.objects.filter(path__in=paths, org_type__in=GRASSROOTS).select_related("parent")
    }
    out = {}
    for o in orgs:
        # the deepest grassroots org on the path (a grassroots org does not contain another one)
        found = [grassroots[p] for p in [*o.ancestor_paths(), o.path] if p in grassroots]
        out[o.pk] = found[-1] if found else o
    return out


def decider_problem(actor, entry: Entry, anchor: Org | None = None) -> str | None:
    """Why `actor` may not decide `entry`'s level, or None when they may. An org's rating is decided by the
    standing committee of the directly higher level (43-HD/BTCTW, DOMAIN.md §2): the actor's scope lies
    strictly above the org. A member's by the grassroots organisation containing them or a level above it
    (the grassroots committee decides; a cell under it does not)."""
    if actor is None:
        return None
    if not (actor.can(Action.EDIT) or actor.can(Action.APPROVE)):
        return _("Vai trò của đồng chí không ghi quyết định xếp loại.")
    root = root_path(actor)
    if root is None:
        return _("Tài khoản không có phạm vi quản lý.")
    if entry.kind == SubjectKind.ORG:
        if entry.org.path.startswith(root) and entry.org.path != root:
            return None
        upper = entry.org.parent.name if entry.org.parent_id else _("cấp trên")
        return _(
            "Xếp loại «%(o)s» do %(b)s (cấp trên trực tiếp) quyết định; tổ chức không tự quyết định xếp loại của mình."
        ) % {"o": entry.org.name, "b": rules.standing_committee_name(upper)}
    anchor = anchor or anchors([entry.org])[entry.org_id]
    if anchor.path.startswith(root):
        return None
    return _("Xếp loại đảng viên do %(b)s hoặc cấp trên quyết định; %(o)s không quyết định.") % {
        "b": rules.committee_name(anchor.name),
        "o": root_org_name(actor),
    }


def root_org_name(actor) -> str:
    return actor.org.name if getattr(actor, "org_id", None) else _("tài khoản này")


def can_decide(actor, entry: Entry, anchor: Org | None = None) -> bool:
    return decider_problem(actor, entry, anchor) is None


def default_decider(entry: Entry, anchor: Org | None = None) -> str:
    """The body named on a decision by default: the higher level's standing committee for an org, the
    grassroots committee (or the grassroots cell) for a member."""
    if entry.kind == SubjectKind.ORG:
        return rules.standing_committee_name(entry.org.parent.name) if entry.org.parent_id else ""
    anchor = anchor or anchors([entry.org])[entry.org_id]
    return rules.committee_name(anchor.name)


@dataclass(frozen=True)
class QuotaGroup:
    """Where the quota on "excellent" is counted: one campaign, one kind, one peer group, and either the
    members of one grassroots organisation (or of one org above the grassroots, itself only) or the orgs of
    one parent (the orgs one standing committee rates)."""

    campaign_id: int
    kind: str
    group: str
    under: str = ""  # members: every entry whose org lies under this path
    org_id: int | None = None  # members of an org above the grassroots: that org only
    parent_id: int | None = None  # orgs: the children of this org

    def entries(self):
        qs = Entry.objects.filter(campaign_id=self.campaign_id, kind=self.kind, group=self.group)
        if self.under:
            return qs.filter(org__path__under=self.under)
        if self.parent_id is not None:
            return qs.filter(org__parent_id=self.parent_id)
        return qs.filter(org_id=self.org_id)

    def counts(self) -> tuple[int, int]:
        """(excellent, good) among the decided entries of the group."""
        row = (
            self.entries()
            .filter(stage=Stage.DECIDED)
            .aggregate(
                excellent=Count("id", filter=Q(level=Rating.EXCELLENT)), good=Count("id", filter=Q(level=Rating.GOOD))
            )
        )
        return row["excellent"], row["good"]


def quota_group(entry: Entry, anchor: Org | None = None) -> QuotaGroup:
    if entry.kind == SubjectKind.ORG:
        if entry.org.parent_id:
            return QuotaGroup(entry.campaign_id, entry.kind, entry.group, parent_id=entry.org.parent_id)
        return QuotaGroup(entry.campaign_id, entry.kind, entry.group, org_id=entry.org_id)
    anchor = anchor or anchors([entry.org])[entry.org_id]
    if anchor.org_type in GRASSROOTS:
        return QuotaGroup(entry.campaign_id, entry.kind, entry.group, under=anchor.path)
    return QuotaGroup(entry.campaign_id, entry.kind, entry.group, org_id=entry.org_id)


def _quota(entry: Entry, group: QuotaGroup):
    params = campaign_params(entry.campaign)
    if params is None:
        return None
    excellent, good = group.counts()
    return rules.quota_check(excellent, good, ratio=params.max_excellent_ratio, mode=params.quota_mode)


# --- The decision --------------------------------------------------------------------------------------


@dataclass
class Decided:
    """A decision written, and the quota warnings it went through with."""

    entry: Entry
    warnings: list[str] = field(default_factory=list)


def _decide(
    *,
    actor,
    entry: Entry,
    level: str,
    decided_on: date | None,
    decided_by: str,
    decision_no: str,
    decision_note: str,
    today: date,
    anchor: Org | None,
) -> dict:
    """Validate and write one decision (no quota check, no audit): the changed fields."""
    require_open(entry.campaign)
    problem = decider_problem(actor, entry, anchor)
    if problem:
        raise DomainError(problem, field="level")
    if entry.stage == Stage.PENDING:
        raise DomainError(
            _("%(who)s chưa tự đánh giá, chưa thẩm định: chưa thể quyết định xếp loại.") % {"who": subject_name(entry)},
            field="level",
        )
    if entry.stage == Stage.DECIDED:
        raise DomainError(
            _("%(who)s đã được quyết định xếp loại «%(l)s»: hủy kết quả trước khi quyết định lại.")
            % {"who": subject_name(entry), "l": level_label(entry.level)},
            field="level",
        )
    check_level(entry, level, scored(entry), "level", require_score=False)
    last = entry.appraised_on or entry.self_on
    fields = ("stage", *DECISION_FIELDS)
    before = snapshot(entry, fields)
    values = {
        "level": level,
        "stage": Stage.DECIDED,
        "decided_on": clean_day(decided_on, "decided_on", after=last, after_label=_("ngày thẩm định"), today=today),
        **clean_text(
            {
                "decided_by": decided_by or default_decider(entry, anchor),
                "decision_no": decision_no,
                "decision_note": decision_note,
            },
            {"decided_by": 255, "decision_no": 50, "decision_note": 10_000},
        ),
    }
    for name, value in values.items():
        setattr(entry, name, value)
    return save_changes(entry, before, fields, actor)


def _decision_note(entry: Entry, warnings: Sequence[str]) -> str:
    note = _("Quyết định xếp loại «%(l)s» (%(by)s%(no)s).") % {
        "l": level_label(entry.level),
        "by": entry.decided_by,
        "no": f", {entry.decision_no}" if entry.decision_no else "",
    }
    if warnings:
        note += " " + _("Cảnh báo: %(w)s.") % {"w": "; ".join(warnings)}
    return note


@transaction.atomic
def entry_decide(
    *,
    actor,
    entry: Entry,
    level: str,
    decided_on: date | None,
    decided_by: str = "",
    decision_no: str = "",
    decision_note: str = "",
    today: date | None = None,
) -> Decided:
    """Record the decision of the level above on one entry. The level may be lower than the rules allow (the
    committee's judgement), never higher. The quota on "excellent" is counted in the entry's quota group with
    this decision included: over it, the decision is refused on `level` when the rule table says "block", else
    it goes through and the warning is returned and written into the audit note."""
    entry = lock_entry(entry)
    require_decider_role(actor, entry.org.path)
    today = today or timezone.localdate()
    anchor = anchors([entry.org])[entry.org_id]
    changes = _decide(
        actor=actor,
        entry=entry,
        level=level,
        decided_on=decided_on,
        decided_by=decided_by,
        decision_no=decision_no,
        decision_note=decision_note,
        today=today,
        anchor=anchor,
    )
    warnings = []
    if level == Rating.EXCELLENT:  # another "good" only lowers the ratio
        check = _quota(entry, quota_group(entry, anchor))
        if check is not None and not check.ok:
            if check.blocking:
                raise DomainError(QUOTA_REFUSAL % {"r": check.reason}, field="level")
            warnings.append(check.reason)
    audit_record(
        actor=actor,
        action="rating.decide",
        obj=entry,
        org_path=entry.org.path,
        changes=changes,
        note=_decision_note(entry, warnings),
    )
    return Decided(entry, warnings)


@dataclass(frozen=True)
class DecisionRow:
    """One line of a list decided at once: `row` is its number on the page (1, 2 ...); an empty level skips it."""

    row: int
    entry: Entry
    level: str


class RowsRefused(DomainError):
    """Some lines of a list were refused: `errors` maps each refused line's number to its message; nothing of
    the list was written. The message names every refused line."""

    def __init__(self, errors: dict[int, str], names: dict[int, str], field: str | None = "level"):
        self.errors = errors
        lines = [
            _("Dòng %(n)s (%(name)s): %(msg)s") % {"n": n, "name": names[n], "msg": m}
            for n, m in sorted(errors.items())
        ]
        super().__init__(" ".join(lines), field=field)


@dataclass
class BulkDecided:
    written: int
    warnings: list[str] = field(default_factory=list)


@transaction.atomic
def entries_decide(
    *,
    actor,
    rows: Sequence[DecisionRow],
    decided_on: date | None,
    decided_by: str = "",
    decision_no: str = "",
    decision_note: str = "",
    today: date | None = None,
) -> BulkDecided:
    """Decide a list at once, on one day, by one body and one decision number: every line is checked, then the
    quota of each group the list touches is counted with the whole list in; either all lines are written or
    none (RowsRefused names the refused lines: over a blocking quota, the lines set to "excellent" in that
    group). A line without a level, or already decided at the level given, is left as it is."""
    today = today or timezone.localdate()
    # The list's day is checked once here (given, not in the future); a line appraised after it is that line's
    # fault, named by its number below.
    clean_day(decided_on, "decided_on", after=None, after_label="", today=today)
    wanted = [r for r in rows if r.level]
    locked = {
        e.pk: e
        for e in Entry.objects.select_for_update(of=("self",))
        .select_related("campaign", "campaign__org", "org", "org__parent", "member")
        .filter(pk__in=[r.entry.pk for r in wanted])
    }
    for e in locked.values():
        require_decider_role(actor, e.org.path)
    by_org = anchors({e.org_id: e.org for e in locked.values()}.values())
    errors: dict[int, str] = {}
    names = {r.row: subject_name(r.entry) for r in rows}
    done: list[tuple[DecisionRow, Entry, dict]] = []
    for line in wanted:
        entry = locked.get(line.entry.pk)
        if entry is None:
            errors[line.row] = _("Không còn trong danh sách đánh giá (vừa được người khác đưa ra).")
            continue
        if entry.stage == Stage.DECIDED and entry.level == line.level:
            continue
        try:
            with transaction.atomic():  # a refused line leaves no trace; the next lines are still checked
                changes = _decide(
                    actor=actor,
                    entry=entry,
                    level=line.level,
                    decided_on=decided_on,
                    decided_by=decided_by,
                    decision_no=decision_no,
                    decision_note=decision_note,
                    today=today,
                    anchor=by_org[entry.org_id],
                )
        except DomainError as e:
            if e.field in ("decided_by", "decision_no", "decision_note"):
                raise  # a fault of the list's common fields, not of a line
            errors[line.row] = e.message
        else:
            done.append((line, entry, changes))
    warnings: list[str] = []
    groups: dict[QuotaGroup, list[tuple[DecisionRow, Entry]]] = defaultdict(list)
    for line, entry, _changes in done:
        groups[quota_group(entry, by_org[entry.org_id])].append((line, entry))
    for group, members in groups.items():
        if not any(e.level == Rating.EXCELLENT for _l, e in members):
            continue
        check = _quota(members[0][1], group)
        if check is None or check.ok:
            continue
        excellent_rows = [line.row for line, e in members if e.level == Rating.EXCELLENT]
        if check.blocking:
            for n in excellent_rows:
                errors.setdefault(n, QUOTA_REFUSAL % {"r": check.reason})
        else:
            warnings.append(check.reason)
    if errors:  # raising leaves the atomic block: the lines written before are undone
        raise RowsRefused(errors, names)
    for _line, entry, changes in done:
        audit_record(
            actor=actor,
            action="rating.decide",
            obj=entry,
            org_path=entry.org.path,
            changes=changes,
            note=_decision_note(entry, warnings),
        )
    return BulkDecided(written=len(done), warnings=list(dict.fromkeys(warnings)))


@transaction.atomic
def entry_reopen(*, actor, entry: Entry, reason: str) -> Entry:
    """Cancel a decided level so that it can be reconsidered (the decider's right, a reason required and
    audited): the entry returns to its appraisal (or self-assessment) and the decision fields are cleared."""
    entry = lock_entry(entry)
    require_decider_role(actor, entry.org.path)
    require_open(entry.campaign)
    if entry.stage != Stage.DECIDED:
        raise DomainError(_("%(who)s chưa được quyết định xếp loại.") % {"who": subject_name(entry)}, field=None)
    problem = decider_problem(actor, entry)
    if problem:
        raise DomainError(problem, field="reason")
    reason = " ".join((reason or "").split())
    refuse_control_characters({"reason": reason})
    if not reason:
        raise DomainError(_("Ghi lý do hủy kết quả xếp loại."), field="reason")
    if len(reason) > 1000:
        raise DomainError(_("Nội dung dài quá %(n)s ký tự.") % {"n": 1000}, field="reason")
    fields = ("stage", *DECISION_FIELDS)
    before = snapshot(entry, fields)
    entry.stage = Stage.APPRAISED if entry.appraised_on else Stage.SELF
    entry.level, entry.decided_on, entry.decided_by, entry.decision_no, entry.decision_note = "", None, "", "", ""
    changes = save_changes(entry, before, fields, actor)
    audit_record(actor=actor, action="rating.reopen", obj=entry, org_path=entry.org.path, changes=changes, note=reason)
    return entry
