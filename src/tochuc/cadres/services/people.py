"""The cadre register's writes: a cadre's record (created from a party member or not), its changes, the end
of work (retired, left, deceased: every post held ends with the matching reason) and disciplines. Each
writes one audit event."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tochuc.accounts.roles import Action
from tochuc.core.audit import audit_record
from tochuc.core.errors import DomainError
from tochuc.core.scope import name_in_scope, require
from tochuc.members.choices import (
    ETHNIC_GROUP_CHOICES,
    Qualification,
    Sex,
    StateManagementLevel,
    TheoryLevel,
)
from tochuc.members.models import Member
from tochuc.members.rules import citizen_id_problem
from tochuc.members.services.dossier import name_fields
from tochuc.orgs.models import Org

from ..choices import CadreKind, CadreStatus, DisciplineKind, TenureEnd
from ..models import Cadre, Discipline, Tenure
from .planning import planning_remove_for

# Fields a user edits on the record besides the name, sex, birth date, org and member link.
CADRE_FIELDS = (
    "citizen_id",
    "ethnic_group",
    "kind",
    "work_unit",
    "qualification",
    "qualification_field",
    "theory_level",
    "state_management",
    "dossier_verified_on",
    "assets_declared_on",
    "note",
)
_CHOICES: dict[str, set[str]] = {
    "sex": set(Sex.values),
    "ethnic_group": {v for v, _l in ETHNIC_GROUP_CHOICES},
    "kind": set(CadreKind.values),
    "qualification": set(Qualification.values),
    "theory_level": set(TheoryLevel.values),
    "state_management": set(StateManagementLevel.values),
}
# The member's fields a cadre record starts from when it is made from a party member.
FROM_MEMBER = ("full_name", "sex", "birth_date", "ethnic_group", "citizen_id", "qualification",
               "qualification_field", "theory_level", "state_management", "work_unit")  # fmt: skip
# How a cadre's posts end when they stop working.
END_REASONS = {
    CadreStatus.RETIRED: TenureEnd.RETIRED,
    CadreStatus.LEFT: TenureEnd.MOVED,
    CadreStatus.DECEASED: TenureEnd.DECEASED,
}
MIN_AGE_YEARS = 18
OLDEST_BIRTH_YEAR = 1930
# Control characters (pasted from another program) that no name or number holds; a spreadsheet cannot store
# them either, so one of them in a name would break every export of the list it is on.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def refuse_control_characters(values: dict[str, Any]) -> None:
    """Refuse a text value holding a control character, naming its field."""
    for name, value in values.items():
        if isinstance(value, str) and CONTROL_CHARACTERS.search(value):
            raise DomainError(
                _("Có ký tự điều khiển không hợp lệ (thường do dán từ chương trình khác): gõ lại nội dung này."),
                field=name,
            )


def _fmt(d: date | None) -> str:
    return d.strftime("%d/%m/%Y") if d else ""


def _lock(cadre: Cadre) -> Cadre:
    return Cadre.objects.select_for_update(of=("self",)).select_related("org").get(pk=cadre.pk)


def member_values(member: Member) -> dict[str, Any]:
    """The values a cadre record made from `member` starts with (the form shows them to be checked)."""
    values = {name: getattr(member, name) for name in FROM_MEMBER}
    values["citizen_id"] = values["citizen_id"] or ""
    return values


def _clean(values: dict[str, Any], *, actor, cadre: Cadre | None = None, on: date | None = None) -> dict[str, Any]:
    """Normalize and check the record's values; refusals name the field."""
    on = on or timezone.localdate()
    refuse_control_characters(values)
    out: dict[str, Any] = {}
    for name, value in values.items():
        if isinstance(value, str) and name != "note":
            value = " ".join(value.split())
        if name in _CHOICES and value not in _CHOICES[name]:
            raise DomainError(_("Giá trị «%(v)s» không có trong danh mục.") % {"v": value}, field=name)
        out[name] = value
    if not out.get("full_name"):
        raise DomainError(_("Họ và tên không được để trống."), field="full_name")
    birth_date = out["birth_date"]
    if birth_date.year < OLDEST_BIRTH_YEAR or birth_date > on - relativedelta(years=MIN_AGE_YEARS):
        raise DomainError(
            _("Ngày sinh không hợp lệ: cán bộ phải đủ %(y)s tuổi, sinh từ năm %(o)s.")
            % {"y": MIN_AGE_YEARS, "o": OLDEST_BIRTH_YEAR},
            field="birth_date",
        )
    for name in ("dossier_verified_on", "assets_declared_on"):
        d = out.get(name)
        if d is not None and (d > on or d < birth_date):
            raise DomainError(_("Ngày không được sau ngày hôm nay hoặc trước ngày sinh."), field=name)
    cid = out.get("citizen_id") or None
    out["citizen_id"] = cid
    if cid:
        problem = citizen_id_problem(cid, birth_date, out["sex"])
        if problem:
            raise DomainError(problem, field="citizen_id")
        clash = Cadre.objects.filter(citizen_id=cid).select_related("org")
        if cadre is not None:
            clash = clash.exclude(pk=cadre.pk)
        other = clash.first()
        if other is not None:
            who = name_in_scope(actor, other.full_name, other.org.path)
            raise DomainError(
                _("Số CCCD %(c)s đã có trong hồ sơ cán bộ %(n)s.") % {"c": cid, "n": who}, field="citizen_id"
            )
    member = out.get("member")
    if member is not None:
        if actor is not None:
            require(actor, Action.VIEW, member.org.path)
        taken = Cadre.objects.filter(member=member)
        if cadre is not None:
            taken = taken.exclude(pk=cadre.pk)
        if taken.exists():
            raise DomainError(_("Đảng viên «%(n)s» đã có hồ sơ cán bộ.") % {"n": member.full_name}, field="member")
        if member.citizen_id and cid and member.citizen_id != cid:
            raise DomainError(
                _("Số CCCD khác với hồ sơ đảng viên (%(c)s).") % {"c": member.citizen_id}, field="citizen_id"
            )
    return out


def _org_ok(actor, org: Org, action: str) -> None:
    if actor is not None:
        require(actor, action, org.path)
    if not org.is_open:
        raise DomainError(_("Tổ chức «%(o)s» đã kết thúc hoạt động.") % {"o": org.name}, field="org")


@transaction.atomic
def cadre_create(
    *,
    actor,
    org: Org,
    full_name: str,
    sex: str,
    birth_date: date,
    member: Member | None = None,
    **fields: Any,
) -> Cadre:
    """A cadre's record managed by `org`; `member` links the party member's record (one cadre record each)."""
    _org_ok(actor, org, Action.CREATE)
    unknown = set(fields) - set(CADRE_FIELDS)
    if unknown:
        raise DomainError(_("Không có trường: %(f)s") % {"f": ", ".join(sorted(unknown))})
    values = _clean(
        {"full_name": full_name, "sex": sex, "birth_date": birth_date, "member": member, **fields}, actor=actor
    )
    names = name_fields(values["full_name"])
    cadre = Cadre.objects.create(org=org, name_folded=names["name_folded"], sort_key=names["sort_key"], **values)
    changes = {k: {"before": None, "after": v} for k, v in values.items() if v not in (None, "")}
    changes["org"] = {"before": None, "after": org.code}
    if member is not None:
        changes["member"] = {"before": None, "after": member.pk}
    audit_record(actor=actor, action="cadre.create", obj=cadre, org_path=org.path, changes=changes)
    return cadre


@transaction.atomic
def cadre_update(*, actor, cadre: Cadre, **fields: Any) -> Cadre:
    """Change the record (the org too: the cadre is managed elsewhere from now on, inside the scope)."""
    cadre = _lock(cadre)
    if actor is not None:
        require(actor, Action.EDIT, cadre.org.path)
    editable = {*CADRE_FIELDS, "full_name", "sex", "birth_date", "org", "member"}
    unknown = set(fields) - editable
    if unknown:
        raise DomainError(_("Không có trường: %(f)s") % {"f": ", ".join(sorted(unknown))})
    org = fields.pop("org", cadre.org)
    if org.pk != cadre.org_id:
        _org_ok(actor, org, Action.EDIT)
    current = {k: getattr(cadre, k) for k in editable - {"org"}}
    values = _clean({**current, **fields}, actor=actor, cadre=cadre)
    changes = {k: {"before": getattr(cadre, k), "after": v} for k, v in values.items() if getattr(cadre, k) != v}
    if "member" in changes:
        changes["member"] = {"before": cadre.member_id, "after": getattr(values["member"], "pk", None)}
    if org.pk != cadre.org_id:
        changes["org"] = {"before": cadre.org.code, "after": org.code}
    if not changes:
        return cadre
    for k, v in values.items():
        setattr(cadre, k, v)
    cadre.org = org
    names = name_fields(cadre.full_name)
    cadre.name_folded, cadre.sort_key = names["name_folded"], names["sort_key"]
    cadre.save(update_fields=[*values, "org", "name_folded", "sort_key", "updated_at"])
    audit_record(actor=actor, action="cadre.update", obj=cadre, org_path=cadre.org.path, changes=changes)
    return cadre


@transaction.atomic
def cadre_end(*, actor, cadre: Cadre, status: str, on: date, note: str = "") -> Cadre:
    """The cadre stops working on `on` (retired, left, deceased): every open tenure ends that day with the
    matching reason, and an open rotation or secondment ends with it. Their names on planning lists are
    taken off that day and their appointment procedures in progress are stopped, each with the reason and
    its own event ("planning.remove", "appointment.close")."""
    from .appointments import appointment_close_for  # it imports posts, which imports this module

    cadre = _lock(cadre)
    if actor is not None:
        require(actor, Action.EDIT, cadre.org.path)
    if cadre.status != CadreStatus.WORKING:
        raise DomainError(
            _("Cán bộ đã thôi công tác (%(s)s) ngày %(d)s.")
            % {"s": cadre.get_status_display(), "d": _fmt(cadre.ended_on)},
            field="status",
        )
    if status not in END_REASONS:
        raise DomainError(_("Chọn nghỉ hưu, thôi việc hoặc từ trần."), field="status")
    refuse_control_characters({"note": note})
    if on > timezone.localdate():
        raise DomainError(_("Ngày không được sau ngày hôm nay."), field="on")
    if on <= cadre.birth_date:
        raise DomainError(_("Ngày thôi công tác phải sau ngày sinh."), field="on")
    tenures = list(
        Tenure.objects.select_for_update(of=("self",)).select_related("post").filter(cadre=cadre, ended_on__isnull=True)
    )
    late = [t for t in tenures if t.started_on > on]
    if late:
        raise DomainError(
            _("Cán bộ giữ chức vụ «%(p)s» từ ngày %(d)s, sau ngày thôi công tác.")
            % {"p": late[0].post.name, "d": _fmt(late[0].started_on)},
            field="on",
        )
    # The person's names on planning lists and procedures in progress end with their work, whichever org
    # the post belongs to: the actor's right over the person covers them (planning.planning_remove_for).
    why = {
        CadreStatus.RETIRED: _("Cán bộ nghỉ hưu từ ngày %(d)s"),
        CadreStatus.LEFT: _("Cán bộ thôi việc, chuyển ngành từ ngày %(d)s"),
        CadreStatus.DECEASED: _("Cán bộ từ trần ngày %(d)s"),
    }[status] % {"d": _fmt(on)}
    removed = planning_remove_for(actor=actor, cadre=cadre, removed_on=on, reason=why)
    stopped = appointment_close_for(actor=actor, cadre=cadre, reason=why)
    reason = END_REASONS[status]
    for t in tenures:
        t.ended_on, t.end_reason = on, reason
        t.save(update_fields=["ended_on", "end_reason"])
    movements = list(cadre.movements.filter(returned_on__isnull=True, started_on__lte=on))
    for m in movements:
        m.returned_on = on
        m.save(update_fields=["returned_on"])
    before = cadre.status
    cadre.status, cadre.ended_on = status, on
    fields = ["status", "ended_on", "updated_at"]
    note = (note or "").strip()
    if note:
        cadre.note = f"{cadre.note}\n{note}".strip()
        fields.append("note")
    cadre.save(update_fields=fields)
    audit_record(
        actor=actor,
        action="cadre.end",
        obj=cadre,
        org_path=cadre.org.path,
        changes={
            "status": {"before": before, "after": status},
            "ended_on": {"before": None, "after": on},
            "tenures_ended": {"before": None, "after": [t.pk for t in tenures]},
            "movements_ended": {"before": None, "after": [m.pk for m in movements]},
            "planning_removed": {"before": None, "after": [e.pk for e in removed]},
            "appointments_withdrawn": {"before": None, "after": [a.pk for a in stopped]},
        },
        note=note,
    )
    return cadre


@transaction.atomic
def discipline_add(
    *, actor, cadre: Cadre, kind: str, on: date, decision_no: str = "", authority: str = "", note: str = ""
) -> Discipline:
    """Record a disciplinary measure (it delays an appointment to a higher post, 377-QĐ/TW, DOMAIN §5.4)."""
    cadre = _lock(cadre)
    if actor is not None:
        require(actor, Action.EDIT, cadre.org.path)
    if kind not in DisciplineKind.values:
        raise DomainError(_("Chọn hình thức kỷ luật trong danh mục."), field="kind")
    refuse_control_characters({"decision_no": decision_no, "authority": authority, "note": note})
    if on > timezone.localdate():
        raise DomainError(_("Ngày không được sau ngày hôm nay."), field="on")
    if on < cadre.birth_date + relativedelta(years=MIN_AGE_YEARS):
        raise DomainError(_("Ngày quyết định không hợp lệ (trước khi cán bộ đủ 18 tuổi)."), field="on")
    decision_no = " ".join((decision_no or "").split())
    if Discipline.objects.filter(cadre=cadre, kind=kind, on=on).exists():
        raise DomainError(_("Quyết định kỷ luật này đã được ghi nhận."), field="on")
    discipline = Discipline.objects.create(
        cadre=cadre,
        kind=kind,
        on=on,
        decision_no=decision_no,
        authority=" ".join((authority or "").split()),
        note=(note or "").strip(),
    )
    audit_record(
        actor=actor,
        action="cadre.discipline",
        obj=cadre,
        org_path=cadre.org.path,
        changes={"kind": {"before": None, "after": kind}, "on": {"before": None, "after": on},
                 "decision_no": {"before": None, "after": decision_no}},
        note=DisciplineKind(kind).label,
    )  # fmt: skip
    return discipline
