"""Every write to the enterprise register: one function per action, atomic, checked against the actor's scope
and the rules, audited with the fields before and after. The Excel import lives in `imports`."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tochuc.accounts.roles import Action
from tochuc.core.audit import audit_record, created, diff, snapshot
from tochuc.core.errors import DomainError
from tochuc.core.scope import in_scope, require
from tochuc.core.text import fold, sort_key
from tochuc.orgs.models import Org
from tochuc.reports.services import target_set

from . import rules
from .models import CellTarget, Enterprise, EnterpriseSector

MAX_TARGET = 100_000  # more than the non-state enterprises of any province
MAX_FIGURE = 10_000_000  # more people than work in any enterprise

# The survey's fields, edited together; the area (`org`) moves with enterprise_update too, the party
# organization only through enterprise_party_org_set, the closure only through enterprise_close.
FIGURE_FIELDS = (
    "employees",
    "party_members",
    "has_trade_union",
    "trade_union_members",
    "has_youth_union",
    "youth_union_members",
)
EDITABLE_FIELDS = ("name", "tax_code", "sector", "org", "address", *FIGURE_FIELDS, "surveyed_on", "note")
AUDITED_FIELDS = (*EDITABLE_FIELDS, "party_org", "party_org_since", "closed_on")


def _not_found(field: str, org: Org) -> DomainError:
    # The same words as a code that does not exist: a refusal never tells that an org outside the scope exists.
    return DomainError(
        _("Không tìm thấy tổ chức có mã «%(code)s» trong phạm vi quản lý.") % {"code": org.code}, field=field
    )


def _clean(values: dict[str, Any], *, today: date, current: Enterprise | None = None) -> dict[str, Any]:
    """The editable values checked and normalized (the name's white space, the tax code's digits)."""
    out = dict(values)
    if "name" in out:
        out["name"] = " ".join(str(out["name"] or "").split())
        if not out["name"]:
            raise DomainError(_("Nhập tên doanh nghiệp."), field="name")
        if len(out["name"]) > 255:
            raise DomainError(_("Tên doanh nghiệp dài quá 255 ký tự."), field="name")
    if "tax_code" in out:
        code = rules.tax_code_normalize(out["tax_code"])
        if code:
            problem = rules.tax_code_problem(code)
            if problem:
                raise DomainError(problem, field="tax_code")
            same = Enterprise.objects.filter(tax_code=code)
            if current is not None:
                same = same.exclude(pk=current.pk)
            if same.exists():
                raise DomainError(_("Mã số thuế %(code)s đã có trong danh sách.") % {"code": code}, field="tax_code")
        out["tax_code"] = code or None
    if "sector" in out and out["sector"] not in EnterpriseSector.values:
        raise DomainError(_("Chọn loại hình doanh nghiệp."), field="sector")
    for field in ("address", "note"):
        if field in out:
            out[field] = (out[field] or "").strip()
    if len(out.get("address", "")) > 255:
        raise DomainError(_("Địa chỉ dài quá 255 ký tự."), field="address")
    for field in FIGURE_FIELDS:
        if field in out and field.startswith("has_"):
            out[field] = bool(out[field])
        elif field in out:
            out[field] = out[field] or 0
            if out[field] > MAX_FIGURE:
                raise DomainError(_("Số quá lớn."), field=field)
    figures = {f: out[f] if f in out else getattr(current, f, 0) for f in FIGURE_FIELDS}
    problems = rules.figures_problems(**figures)
    if problems:
        field, message = problems[0]
        raise DomainError(message, field=field)
    if "surveyed_on" in out:
        problem = rules.date_problem(out["surveyed_on"], today=today, label=_("Ngày của số liệu"))
        if problem:
            raise DomainError(problem, field="surveyed_on")
    return out


def _check_party_org(*, actor, area: Org, party_org: Org, since: date | None, today: date) -> None:
    if actor is not None and not in_scope(actor, party_org.path):
        raise _not_found("party_org", party_org)
    problem = rules.party_org_problem(
        area_path=area.path,
        party_org_path=party_org.path,
        party_org_type=party_org.org_type,
        party_org_open=party_org.is_open,
    )
    if problem:
        raise DomainError(problem, field="party_org")
    if since is None:
        raise DomainError(_("Nhập ngày doanh nghiệp có tổ chức đảng."), field="party_org_since")
    problem = rules.date_problem(since, today=today, label=_("Ngày có tổ chức đảng"), earliest=rules.PARTY_FOUNDED)
    if problem:
        raise DomainError(problem, field="party_org_since")


def _area(org: Org) -> None:
    if not org.is_open:
        raise DomainError(_("Tổ chức «%(org)s» đã kết thúc hoạt động.") % {"org": org.name}, field="org")


def _save(enterprise: Enterprise, *, fields: list[str] | None = None) -> None:
    """Write, turning a tax code taken meanwhile by another writer into a refusal."""
    try:
        with transaction.atomic():
            if fields is None:
                enterprise.save()
            else:
                enterprise.save(update_fields=fields)
    except IntegrityError as e:
        raise DomainError(
            _("Mã số thuế %(code)s đã có trong danh sách.") % {"code": enterprise.tax_code}, field="tax_code"
        ) from e


@transaction.atomic
def enterprise_create(
    *,
    actor,
    org: Org,
    name: str,
    sector: str,
    tax_code: str | None = None,
    address: str = "",
    employees: int = 0,
    party_members: int = 0,
    has_trade_union: bool = False,
    trade_union_members: int = 0,
    has_youth_union: bool = False,
    youth_union_members: int = 0,
    surveyed_on: date | None = None,
    note: str = "",
    party_org: Org | None = None,
    party_org_since: date | None = None,
    today: date | None = None,
) -> Enterprise:
    """Register an enterprise in the area of `org` (open, inside the actor's scope), with its party
    organization when it has one."""
    if actor is not None:
        require(actor, Action.CREATE, org.path)
    _area(org)
    today = today or timezone.localdate()
    values = _clean(
        {
            "name": name,
            "tax_code": tax_code,
            "sector": sector,
            "address": address,
            "employees": employees,
            "party_members": party_members,
            "has_trade_union": has_trade_union,
            "trade_union_members": trade_union_members,
            "has_youth_union": has_youth_union,
            "youth_union_members": youth_union_members,
            "surveyed_on": surveyed_on,
            "note": note,
        },
        today=today,
    )
    if party_org is not None:
        _check_party_org(actor=actor, area=org, party_org=party_org, since=party_org_since, today=today)
    elif party_org_since is not None:
        raise DomainError(_("Chọn tổ chức đảng của doanh nghiệp, hoặc để trống ngày."), field="party_org")
    enterprise = Enterprise(
        org=org,
        party_org=party_org,
        party_org_since=party_org_since if party_org is not None else None,
        name_folded=fold(values["name"])[:255],
        sort_key=sort_key(values["name"]),
        **values,
    )
    _save(enterprise)
    audit_record(
        actor=actor,
        action="enterprise.create",
        obj=enterprise,
        org_path=org.path,
        changes=created(snapshot(enterprise, AUDITED_FIELDS)),
    )
    return enterprise


def _locked(enterprise: Enterprise) -> Enterprise:
    return Enterprise.objects.select_for_update(of=("self",)).select_related("org", "party_org").get(pk=enterprise.pk)


def _open(enterprise: Enterprise) -> None:
    if not enterprise.is_open:
        raise DomainError(
            _("Doanh nghiệp đã ngừng hoạt động ngày %(d)s: không sửa được.")
            % {"d": enterprise.closed_on.strftime("%d/%m/%Y")}
        )


@transaction.atomic
def enterprise_update(*, actor, enterprise: Enterprise, today: date | None = None, **fields) -> Enterprise:
    """Edit the register's fields (and move the enterprise to another area, inside the scope). The party
    organization changes by `enterprise_party_org_set`, the closure by `enterprise_close`."""
    if actor is not None:
        require(actor, Action.EDIT, enterprise.org.path)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise DomainError(_("Không được sửa trường: %(f)s") % {"f": ", ".join(sorted(unknown))})
    enterprise = _locked(enterprise)
    _open(enterprise)
    today = today or timezone.localdate()
    new_org = fields.pop("org", None)
    if new_org is not None and new_org.pk != enterprise.org_id:
        if actor is not None:
            require(actor, Action.EDIT, new_org.path)
        _area(new_org)
        if enterprise.party_org is not None:
            problem = rules.party_org_problem(
                area_path=new_org.path,
                party_org_path=enterprise.party_org.path,
                party_org_type=enterprise.party_org.org_type,
                party_org_open=True,  # a closed one is the party org's own matter: the move is not refused for it
            )
            if problem:
                raise DomainError(problem, field="org")
    else:
        new_org = None
    values = _clean(fields, today=today, current=enterprise)
    before = snapshot(enterprise, AUDITED_FIELDS)
    for name, value in values.items():
        setattr(enterprise, name, value)
    if new_org is not None:
        enterprise.org = new_org
    if "name" in values:
        enterprise.name_folded, enterprise.sort_key = fold(enterprise.name)[:255], sort_key(enterprise.name)
    changes = diff(before, snapshot(enterprise, AUDITED_FIELDS))
    if not changes:
        return enterprise
    names = list(changes)
    if "name" in changes:
        names += ["name_folded", "sort_key"]
    _save(enterprise, fields=[*names, "updated_at"])
    audit_record(actor=actor, action="enterprise.update", obj=enterprise, org_path=enterprise.org.path, changes=changes)
    return enterprise


@transaction.atomic
def enterprise_close(
    *, actor, enterprise: Enterprise, on: date, note: str = "", today: date | None = None
) -> Enterprise:
    """Record that the enterprise ceased (dissolved, bankrupt, moved out of the province) on `on`. Its party
    organization, if any, is the tree's to dissolve or move (orgs.services)."""
    if actor is not None:
        require(actor, Action.EDIT, enterprise.org.path)
    enterprise = _locked(enterprise)
    if not enterprise.is_open:
        raise DomainError(_("Doanh nghiệp đã ngừng hoạt động."), field="on")
    today = today or timezone.localdate()
    problem = rules.date_problem(on, today=today, label=_("Ngày ngừng hoạt động"), earliest=enterprise.party_org_since)
    if problem:
        raise DomainError(problem, field="on")
    enterprise.closed_on = on
    if note.strip():
        enterprise.note = f"{enterprise.note}\n{note.strip()}".strip()
    enterprise.save(update_fields=["closed_on", "note", "updated_at"])
    audit_record(
        actor=actor,
        action="enterprise.close",
        obj=enterprise,
        org_path=enterprise.org.path,
        changes={"closed_on": {"before": None, "after": on.isoformat()}},
        note=note.strip(),
    )
    return enterprise


@transaction.atomic
def enterprise_party_org_set(
    *,
    actor,
    enterprise: Enterprise,
    party_org: Org | None,
    since: date | None,
    note: str = "",
    today: date | None = None,
) -> Enterprise:
    """Record the enterprise's own party organization and since when it has one (None: it has none any
    more, e.g. its cell was dissolved). The org must be open, of a grassroots kind, inside the actor's scope
    and in the enterprise's province (rules.party_org_problem)."""
    if actor is not None:
        require(actor, Action.EDIT, enterprise.org.path)
    enterprise = _locked(enterprise)
    _open(enterprise)
    today = today or timezone.localdate()
    before = snapshot(enterprise, ("party_org", "party_org_since"))
    if party_org is None:
        if since is not None:
            raise DomainError(_("Chọn tổ chức đảng của doanh nghiệp, hoặc để trống ngày."), field="party_org")
        enterprise.party_org, enterprise.party_org_since = None, None
    else:
        _check_party_org(actor=actor, area=enterprise.org, party_org=party_org, since=since, today=today)
        enterprise.party_org, enterprise.party_org_since = party_org, since
    changes = diff(before, snapshot(enterprise, ("party_org", "party_org_since")))
    if not changes:
        return enterprise
    enterprise.save(update_fields=["party_org", "party_org_since", "updated_at"])
    audit_record(
        actor=actor,
        action="enterprise.party_org",
        obj=enterprise,
        org_path=enterprise.org.path,
        changes=changes,
        note=note.strip(),
    )
    return enterprise


def cell_target_set(*, actor, org: Org, year: int, count: int | None, note: str = "") -> CellTarget | None:
    """Set (or, with `count` None, withdraw) how many non-state enterprises under `org` are to found a party
    organization in `year`: set from above, as the admission targets are (reports.services.target_set)."""
    return target_set(
        actor=actor,
        model=CellTarget,
        action="enterprise.target",
        org=org,
        year=year,
        count=count,
        note=note,
        maximum=MAX_TARGET,
    )


@transaction.atomic
def enterprises_move_area(*, actor, source: Org, target: Org, note: str = "") -> int:
    """Move every enterprise whose area is `source` to `target` (after a merger, split or dissolution of the
    area's committee, or a change of boundaries): the number moved. Ceased enterprises move too, so that
    the register keeps no enterprise in an org that no longer exists. One audit event per enterprise."""
    if actor is not None:
        require(actor, Action.EDIT, source.path)
        require(actor, Action.EDIT, target.path)
    _area(target)
    if source.pk == target.pk:
        raise DomainError(_("Chọn một địa bàn khác."), field="target")
    moved = 0
    qs = Enterprise.objects.select_for_update(of=("self",)).select_related("party_org").filter(org=source)
    for enterprise in qs.order_by("pk"):
        _repoint(enterprise, "org", actor=actor, action="enterprise.update", source=source, target=target, note=note)
        moved += 1
    return moved


def _repoint(enterprise: Enterprise, field: str, *, actor, action: str, source: Org, target: Org, note: str) -> None:
    """`enterprise.<field>` from `source` to `target`, saved and audited (what follows a restructuring)."""
    setattr(enterprise, field, target)
    enterprise.save(update_fields=[field, "updated_at"])
    audit_record(
        actor=actor,
        action=action,
        obj=enterprise,
        org_path=enterprise.org.path,
        changes={field: {"before": source.code, "after": target.code}},
        note=note.strip(),
    )


@transaction.atomic
def enterprises_party_org_follow(*, actor, source: Org, target: Org, note: str = "") -> int:
    """Repoint every enterprise whose party organization is `source` to `target` (after `source` merged or
    dissolved into it), keeping `party_org_since`: the enterprise has had a party organization since then,
    whatever it was renamed or merged into. The number repointed. Only when `target` may be an enterprise's
    party organization (rules.party_org_problem): merged into a commune's committee, say, the enterprise has
    no party organization of its own any more, which is for an officer to record (enterprise_party_org_set),
    so it is left pointing at the closed org. Ceased enterprises follow too, as their area does. The
    restructuring already checked the actor's rights on both orgs. One audit event per enterprise."""
    moved = 0
    qs = Enterprise.objects.select_for_update(of=("self",)).select_related("org").filter(party_org=source)
    for enterprise in qs.order_by("pk"):
        problem = rules.party_org_problem(
            area_path=enterprise.org.path,
            party_org_path=target.path,
            party_org_type=target.org_type,
            party_org_open=target.is_open,
        )
        if problem:
            continue
        _repoint(
            enterprise, "party_org", actor=actor, action="enterprise.party_org", source=source, target=target, note=note
        )
        moved += 1
    return moved


def enterprises_follow(*, actor, source: Org, target: Org, on: date, event=None) -> int:
    """The restructuring services' hook (`orgs.services.register_follower`): when `source` merges or
    dissolves into `target`, the enterprises in its area move there, and those whose own party organization
    it was take `target` for it when they may; audited, inside the same transaction. The number changed."""
    note = on.strftime("%d/%m/%Y")
    moved = enterprises_move_area(actor=actor, source=source, target=target, note=note)
    return moved + enterprises_party_org_follow(actor=actor, source=source, target=target, note=note)


def enterprises_held(org: Org) -> str | None:
    """What of the enterprises module still sits on `org`, for a split or a dissolution that has nowhere to
    send it (`orgs.services.register_follower`): its enterprises, ceased ones included."""
    n = Enterprise.objects.filter(org=org).count()
    return _("%(n)s doanh nghiệp trên địa bàn") % {"n": n} if n else None
