"""Every change to the tree: create, update, rename, move, merge, split, dissolve.

Each is one dated, audited transaction. Closed orgs are kept (closed_on, successor) with their periods,
so that the tree as of any date can be rebuilt; members move with a dated membership record.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from tochuc.accounts.roles import Action
from tochuc.core.audit import audit_record, created, diff, snapshot
from tochuc.core.errors import DomainError
from tochuc.core.scope import require
from tochuc.core.text import fold, sort_key
from tochuc.members.models import Member, Membership
from tochuc.members.services import members_move

from . import rules
from .models import SEGMENT, CloseReason, Org, OrgEvent, OrgPeriod, OrgType, Sector

CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")
UPDATABLE_FIELDS = ("sector", "address", "admin_unit_code", "unit_name")


def _fmt(d: date) -> str:
    return d.strftime("%d/%m/%Y")


def _check_actor(actor, action: str, *orgs: Org) -> None:
    if actor is None:  # the system itself: seed data, migrations, administrators' commands
        return
    for org in orgs:
        require(actor, action, org.path)


def _check_restructure(actor, *orgs: Org) -> None:
    """Renaming, moving, merging, splitting or dissolving an org is its upper committee's decision: the
    actor needs the right on the org's parent too, so no one restructures the root of their own scope
    (which could also place orgs outside it)."""
    if actor is None:
        return
    for org in orgs:
        require(actor, Action.RESTRUCTURE, org.path)
        if org.parent_id is not None:
            require(actor, Action.RESTRUCTURE, org.parent.path)
        elif not actor.is_superuser:
            raise DomainError(
                _("Chỉ quản trị hệ thống cấp Trung ương mới sắp xếp được gốc của cây tổ chức."), field="org"
            )


def _check_date(on: date, *orgs: Org) -> None:
    if on > timezone.localdate():
        raise DomainError(_("Ngày hiệu lực không được sau ngày hôm nay."), field="on")
    for org in orgs:
        if on < org.opened_on:
            raise DomainError(
                _("Ngày hiệu lực %(on)s trước ngày thành lập của «%(org)s» (%(opened)s).")
                % {"on": _fmt(on), "org": org.name, "opened": _fmt(org.opened_on)},
                field="on",
            )
        last = _last_change(org)
        if last and on < last:
            raise DomainError(
                _("«%(org)s» đã có thay đổi ngày %(last)s; thay đổi mới phải từ ngày đó trở đi.")
                % {"org": org.name, "last": _fmt(last)},
                field="on",
            )


def _last_change(org: Org) -> date | None:
    """The latest dated change that touches `org`: its own periods, its children's periods (a child moved
    in or out, opened or closed) and the memberships of its members. A restructuring dated before it would
    rewrite the history that followed."""
    from django.db.models import Max

    days = [
        *OrgPeriod.objects.filter(org=org).aggregate(a=Max("valid_from"), b=Max("valid_to")).values(),
        *OrgPeriod.objects.filter(parent=org).aggregate(a=Max("valid_from"), b=Max("valid_to")).values(),
        *Membership.objects.filter(org=org).aggregate(a=Max("valid_from"), b=Max("valid_to")).values(),
    ]
    days = [d for d in days if d is not None]
    return max(days) if days else None


def _check_open(org: Org, field_name: str) -> None:
    if not org.is_open:
        raise DomainError(
            _("«%(org)s» đã kết thúc hoạt động ngày %(d)s.") % {"org": org.name, "d": _fmt(org.closed_on)},
            field=field_name,
        )


def _check_child_type(parent: Org | None, org_type: str, field_name: str = "parent") -> None:
    if not rules.child_type_allowed(parent.org_type if parent else None, org_type):
        if parent is None:
            raise DomainError(_("Chỉ Đảng bộ tỉnh mới là gốc của cây tổ chức."), field=field_name)
        raise DomainError(
            _("%(child)s không thể trực thuộc %(parent)s «%(name)s».")
            % {"child": OrgType(org_type).label, "parent": OrgType(parent.org_type).label, "name": parent.name},
            field=field_name,
        )


def _lock(*orgs: Org) -> list[Org]:
    """Re-read the orgs under a row lock so that two restructurings of the same orgs queue up."""
    locked = {o.pk: o for o in Org.objects.select_for_update().filter(pk__in=[o.pk for o in orgs])}
    return [locked[o.pk] for o in orgs]


def _set_period(org: Org, on: date, **changes) -> None:
    """Close the open period at `on` and open the next with `changes` (or amend it if it starts on `on`)."""
    current = org.periods.get(valid_to__isnull=True)
    if current.valid_from == on:
        for k, v in changes.items():
            setattr(current, k, v)
        current.save(update_fields=list(changes))
        return
    current.valid_to = on
    current.save(update_fields=["valid_to"])
    values = {"name": current.name, "org_type": current.org_type, "parent": current.parent, **changes}
    OrgPeriod.objects.create(org=org, valid_from=on, **values)


def _event(kind: str, *, on: date, actor, decision_no: str, note: str = "", sources=(), results=()) -> OrgEvent:
    event = OrgEvent.objects.create(
        kind=kind, on=on, decision_no=decision_no, note=note, actor=actor if getattr(actor, "pk", None) else None
    )
    if sources:
        event.sources.add(*sources)
    if results:
        event.results.add(*results)
    return event


def _new_org(
    *,
    code: str,
    name: str,
    org_type: str,
    parent: Org | None,
    opened_on: date,
    sector: str,
    address: str = "",
    admin_unit_code: str = "",
    unit_name: str = "",
) -> Org:
    code = code.strip()
    name = " ".join(name.split())
    if not CODE_RE.match(code):
        raise DomainError(
            _("Mã «%(code)s» không hợp lệ: chỉ dùng chữ không dấu, số, dấu chấm, gạch ngang; tối đa 40 ký tự.")
            % {"code": code},
            field="code",
        )
    if Org.objects.filter(code__iexact=code).exists():
        raise DomainError(_("Mã «%(code)s» đã được dùng cho tổ chức khác.") % {"code": code}, field="code")
    if not name:
        raise DomainError(_("Tên tổ chức không được để trống."), field="name")
    if len(name) > 255:
        raise DomainError(_("Tên tổ chức dài quá 255 ký tự."), field="name")
    if org_type not in OrgType.values:
        raise DomainError(_("Loại tổ chức không hợp lệ."), field="org_type")
    if sector not in Sector.values:
        raise DomainError(_("Lĩnh vực không hợp lệ."), field="sector")
    if parent is not None:
        _check_open(parent, "parent")
        if opened_on < parent.opened_on:
            raise DomainError(
                _("Ngày thành lập trước ngày thành lập của tổ chức cấp trên (%(d)s).") % {"d": _fmt(parent.opened_on)},
                field="opened_on",
            )
    elif Org.objects.filter(parent__isnull=True, closed_on__isnull=True).exists():
        raise DomainError(_("Cây tổ chức đã có gốc; hãy chọn tổ chức cấp trên."), field="parent")
    _check_child_type(parent, org_type)
    if opened_on > timezone.localdate():
        raise DomainError(_("Ngày thành lập không được sau ngày hôm nay."), field="opened_on")
    org = Org(
        code=code,
        name=name,
        name_folded=fold(name),
        sort_key=sort_key(name),
        org_type=org_type,
        sector=sector,
        parent=parent,
        opened_on=opened_on,
        address=address.strip(),
        admin_unit_code=admin_unit_code.strip(),
        unit_name=unit_name.strip(),
        path=f"tmp-{code}",
        depth=parent.depth + 1 if parent else 0,
    )
    org.save()
    org.path = (parent.path if parent else "") + f"{org.pk:08x}."
    org.save(update_fields=["path"])
    OrgPeriod.objects.create(org=org, name=name, org_type=org_type, parent=parent, valid_from=opened_on)
    return org


ORG_AUDIT_FIELDS = (
    "code",
    "name",
    "org_type",
    "sector",
    "parent",
    "opened_on",
    "address",
    "admin_unit_code",
    "unit_name",
)


@transaction.atomic
def org_create(
    *,
    actor,
    code: str,
    name: str,
    org_type: str,
    parent: Org | None,
    opened_on: date,
    sector: str = Sector.OTHER,
    address: str = "",
    admin_unit_code: str = "",
    unit_name: str = "",
    decision_no: str = "",
) -> Org:
    """Establish a party organization under `parent` (None only for the provincial committee)."""
    if parent is None:
        if actor is not None and not actor.is_superuser:
            raise DomainError(_("Chỉ quản trị hệ thống mới được lập gốc của cây tổ chức."), field="parent")
    else:
        _check_actor(actor, Action.CREATE, parent)
        parent = _lock(parent)[0]
    org = _new_org(
        code=code,
        name=name,
        org_type=org_type,
        parent=parent,
        opened_on=opened_on,
        sector=sector,
        address=address,
        admin_unit_code=admin_unit_code,
        unit_name=unit_name,
    )
    _event(OrgEvent.Kind.CREATE, on=opened_on, actor=actor, decision_no=decision_no, results=[org])
    audit_record(
        actor=actor,
        action="org.create",
        obj=org,
        org_path=org.path,
        changes=created(snapshot(org, ORG_AUDIT_FIELDS)),
        note=decision_no,
    )
    return org


@transaction.atomic
def org_update(*, actor, org: Org, **fields) -> Org:
    """Change the attributes that carry no history (address, sector, unit, administrative unit code)."""
    _check_actor(actor, Action.EDIT, org)
    unknown = set(fields) - set(UPDATABLE_FIELDS)
    if unknown:
        raise DomainError(_("Không được sửa trường: %(f)s") % {"f": ", ".join(sorted(unknown))})
    if "sector" in fields and fields["sector"] not in Sector.values:
        raise DomainError(_("Lĩnh vực không hợp lệ."), field="sector")
    org = _lock(org)[0]
    before = snapshot(org, UPDATABLE_FIELDS)
    for k, v in fields.items():
        setattr(org, k, v.strip() if isinstance(v, str) else v)
    changes = diff(before, snapshot(org, UPDATABLE_FIELDS))
    if not changes:
        return org
    org.save(update_fields=[*fields, "updated_at"])
    audit_record(actor=actor, action="org.update", obj=org, org_path=org.path, changes=changes)
    return org


@transaction.atomic
def org_rename(*, actor, org: Org, name: str, on: date, decision_no: str = "") -> Org:
    """Rename from `on`; the old name stays in the org's history.

    A rename is the upper committee's decision like any restructuring, so a grassroots secretary cannot.
    """
    _check_restructure(actor, org)
    org = _lock(org)[0]
    _check_open(org, "org")
    name = " ".join(name.split())
    if not name:
        raise DomainError(_("Tên tổ chức không được để trống."), field="name")
    if name == org.name:
        raise DomainError(_("Tên mới trùng tên hiện tại."), field="name")
    _check_date(on, org)
    old = org.name
    org.name, org.name_folded, org.sort_key = name, fold(name), sort_key(name)
    org.save(update_fields=["name", "name_folded", "sort_key", "updated_at"])
    _set_period(org, on, name=name)
    _event(OrgEvent.Kind.RENAME, on=on, actor=actor, decision_no=decision_no, sources=[org], results=[org])
    audit_record(
        actor=actor,
        action="org.rename",
        obj=org,
        org_path=org.path,
        note=decision_no,
        changes={"name": {"before": old, "after": name}, "on": {"before": None, "after": on}},
    )
    return org


def _reparent(org: Org, new_parent: Org, on: date) -> None:
    """Hang `org` (and its whole subtree) under `new_parent`: one UPDATE rewrites every path below."""
    old_path = org.path
    new_path = new_parent.path + old_path[-SEGMENT:]
    delta = new_parent.depth + 1 - org.depth
    Org.objects.filter(path__under=old_path).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
        depth=F("depth") + delta,
    )
    Org.objects.filter(pk=org.pk).update(parent=new_parent, updated_at=timezone.now())
    org.refresh_from_db(fields=["path", "depth", "parent"])
    _set_period(org, on, parent=new_parent)


def _check_target_not_inside(target: Org, *orgs: Org, field_name: str) -> None:
    for org in orgs:
        if target.pk == org.pk or target.path.startswith(org.path):
            raise DomainError(
                _("«%(target)s» nằm trong «%(org)s»: không thể chuyển một tổ chức vào chính nó hoặc cấp dưới của nó.")
                % {"target": target.name, "org": org.name},
                field=field_name,
            )


@transaction.atomic
def org_move(*, actor, org: Org, new_parent: Org, on: date, decision_no: str = "") -> Org:
    """Re-parent `org` with its whole subtree under `new_parent` from `on`."""
    _check_restructure(actor, org)
    _check_actor(actor, Action.RESTRUCTURE, new_parent)
    org, new_parent = _lock(org, new_parent)
    _check_open(org, "org")
    _check_open(new_parent, "new_parent")
    _check_target_not_inside(new_parent, org, field_name="new_parent")
    if org.parent_id == new_parent.pk:
        raise DomainError(
            _("«%(org)s» đã trực thuộc «%(p)s».") % {"org": org.name, "p": new_parent.name}, field="new_parent"
        )
    _check_child_type(new_parent, org.org_type, "new_parent")
    _check_date(on, org, new_parent)
    old_parent = org.parent
    _reparent(org, new_parent, on)
    _event(OrgEvent.Kind.MOVE, on=on, actor=actor, decision_no=decision_no, sources=[org], results=[org])
    audit_record(
        actor=actor,
        action="org.move",
        obj=org,
        org_path=org.path,
        note=decision_no,
        changes={
            "parent": {"before": old_parent.code if old_parent else None, "after": new_parent.code},
            "on": {"before": None, "after": on},
        },
    )
    return org


# Other modules' records that belong to an org and follow it into its successor when it merges or dissolves
# (candidates, enterprises), as its members do: each `follower(actor=, source=, target=, on=)` moves its own
# records inside the restructuring's transaction and audits them.
# A split (or a dissolution with no receiving org) cannot choose where such records go: each `holds(org)`
# says what of its module's still sits on the org ("2 quần chúng ưu tú"), and the restructuring is refused
# until the user has moved them.
_FOLLOWERS: list[Callable[..., object]] = []
_HOLDS: list[Callable[[Org], str | None]] = []


def register_follower(follower: Callable[..., object], *, holds: Callable[[Org], str | None] | None = None) -> None:
    """Called from an app's AppConfig.ready. A follower is called as `follower(actor=, source=, target=, on=,
    event=)` inside the restructuring's transaction, once per source, with the `OrgEvent` already written."""
    if follower not in _FOLLOWERS:
        _FOLLOWERS.append(follower)
    if holds is not None and holds not in _HOLDS:
        _HOLDS.append(holds)


def _check_nothing_held(org: Org, field_name: str) -> None:
    held = [h for h in (holds(org) for holds in _HOLDS) if h]
    if held:
        raise DomainError(
            _("«%(org)s» còn %(what)s: chuyển sang tổ chức khác trước.") % {"org": org.name, "what": ", ".join(held)},
            field=field_name,
        )


def _followers_move(actor, sources: list[Org], target: Org, on: date, event: OrgEvent) -> None:
    for source in sources:
        for follower in _FOLLOWERS:
            follower(actor=actor, source=source, target=target, on=on, event=event)


def _close(org: Org, on: date, reason: str, successor: Org | None = None) -> None:
    org.closed_on, org.close_reason, org.successor = on, reason, successor
    org.save(update_fields=["closed_on", "close_reason", "successor", "updated_at"])
    period = org.periods.get(valid_to__isnull=True)
    period.valid_to = on
    period.save(update_fields=["valid_to"])


@dataclass
class NewOrg:
    """The org a merge or split produces: it hangs under `parent` (for a split, the source's parent)."""

    code: str
    name: str
    org_type: str
    sector: str = Sector.OTHER
    parent: Org | None = None
    address: str = ""
    admin_unit_code: str = ""
    unit_name: str = ""
    member_ids: list[int] = field(default_factory=list)
    child_codes: list[str] = field(default_factory=list)


@transaction.atomic
def org_merge(
    *,
    actor,
    sources: list[Org],
    on: date,
    target: Org | None = None,
    new: NewOrg | None = None,
    decision_no: str = "",
) -> Org:
    """Merge `sources` into an existing open `target`, or into a `new` org established on `on`.

    Every open child and every active member of each source moves to the target; the sources close on
    `on` with the target as successor.
    """
    if (target is None) == (new is None):
        raise DomainError(_("Chọn một tổ chức tiếp nhận có sẵn hoặc khai báo tổ chức mới."), field="target")
    sources = list(dict.fromkeys(sources))
    if not sources or (target is not None and sources == [target]):
        raise DomainError(_("Chọn ít nhất một tổ chức được sáp nhập."), field="sources")
    if target is not None:
        _check_restructure(actor, *sources)
        _check_actor(actor, Action.RESTRUCTURE, target)
        if target in sources:
            raise DomainError(_("Tổ chức tiếp nhận không thể là một trong các tổ chức được sáp nhập."), field="target")
        locked = _lock(*sources, target)
        sources, target = locked[:-1], locked[-1]
        _check_open(target, "target")
        _check_target_not_inside(target, *sources, field_name="target")
    else:
        parent = new.parent
        if parent is None:
            raise DomainError(_("Chọn tổ chức cấp trên của tổ chức mới."), field="parent")
        _check_restructure(actor, *sources)
        _check_actor(actor, Action.RESTRUCTURE, parent)
        locked = _lock(*sources, parent)
        sources, parent = locked[:-1], locked[-1]
        _check_target_not_inside(parent, *sources, field_name="parent")
    for s in sources:
        for other in sources:
            if s.pk != other.pk and s.path.startswith(other.path):
                raise DomainError(
                    _("«%(s)s» nằm trong «%(o)s»: chỉ chọn tổ chức cấp trên, cấp dưới sẽ đi theo.")
                    % {"s": s.name, "o": other.name},
                    field="sources",
                )
    for s in sources:
        _check_open(s, "sources")
        if s.parent_id is None:
            raise DomainError(_("Không thể sáp nhập gốc của cây tổ chức."), field="sources")
    _check_date(on, *sources, *([target] if target is not None else [parent]))
    if target is None:
        target = _new_org(
            code=new.code,
            name=new.name,
            org_type=new.org_type,
            parent=parent,
            opened_on=on,
            sector=new.sector,
            address=new.address,
            admin_unit_code=new.admin_unit_code,
            unit_name=new.unit_name,
        )
    children = list(Org.objects.open().filter(parent__in=sources).order_by("path"))
    _check_date(on, *children)
    for child in children:
        _check_child_type(target, child.org_type, "target")
    for child in children:
        _reparent(child, target, on)
    moved = members_move(from_orgs=sources, to=target, on=on)
    event = _event(OrgEvent.Kind.MERGE, on=on, actor=actor, decision_no=decision_no, sources=sources, results=[target])
    _followers_move(actor, sources, target, on, event)
    for s in sources:
        _close(s, on, CloseReason.MERGED, successor=target)
    audit_record(
        actor=actor,
        action="org.merge",
        obj=target,
        org_path=target.path,
        note=decision_no,
        changes={
            "sources": {"before": [s.code for s in sources], "after": None},
            "target": {"before": None, "after": target.code},
            "target_created": {"before": None, "after": new is not None},
            "children_moved": {"before": None, "after": [c.code for c in children]},
            "members_moved": {"before": None, "after": moved},
            "on": {"before": None, "after": on},
        },
    )
    return target


@transaction.atomic
def org_split(
    *,
    actor,
    source: Org,
    parts: list[NewOrg],
    on: date,
    close_source: bool = True,
    decision_no: str = "",
) -> list[Org]:
    """Split `source` into new orgs under the same parent, each taking the members and children listed.

    With `close_source` every active member and open child must go to exactly one part, and the source
    closes; without it the source keeps whatever is not listed (a part is separated off).
    """
    _check_restructure(actor, source)
    source = _lock(source)[0]
    _check_open(source, "source")
    if source.parent is None:
        raise DomainError(_("Không thể chia tách gốc của cây tổ chức."), field="source")
    if not parts or (close_source and len(parts) < 2):
        raise DomainError(_("Chia tách cần ít nhất hai tổ chức mới (hoặc một, khi giữ lại tổ chức cũ)."), field="parts")
    _check_date(on, source, *Org.objects.open().filter(parent=source))
    active = set(Member.objects.active().filter(org=source).values_list("pk", flat=True))
    children = {c.code: c for c in Org.objects.open().filter(parent=source)}
    seen_members: set[int] = set()
    seen_children: set[str] = set()
    for i, part in enumerate(parts, start=1):
        for pk in part.member_ids:
            if pk not in active:
                raise DomainError(
                    _("Phần %(i)s: đảng viên #%(pk)s không sinh hoạt tại «%(org)s».")
                    % {"i": i, "pk": pk, "org": source.name},
                    field="parts",
                )
            if pk in seen_members:
                raise DomainError(
                    _("Phần %(i)s: đảng viên #%(pk)s đã được chia vào phần khác.") % {"i": i, "pk": pk}, field="parts"
                )
            seen_members.add(pk)
        for code in part.child_codes:
            if code not in children:
                raise DomainError(
                    _("Phần %(i)s: «%(code)s» không phải tổ chức trực thuộc «%(org)s».")
                    % {"i": i, "code": code, "org": source.name},
                    field="parts",
                )
            if code in seen_children:
                raise DomainError(
                    _("Phần %(i)s: «%(code)s» đã được chia vào phần khác.") % {"i": i, "code": code}, field="parts"
                )
            seen_children.add(code)
    if close_source:
        _check_nothing_held(source, "parts")
        left_members = len(active - seen_members)
        left_children = sorted(set(children) - seen_children)
        if left_members or left_children:
            raise DomainError(
                _("Còn %(m)s đảng viên và %(c)s tổ chức trực thuộc chưa được chia về tổ chức mới.")
                % {"m": left_members, "c": len(left_children)},
                field="parts",
            )
    created_orgs = []
    for part in parts:
        org = _new_org(
            code=part.code,
            name=part.name,
            org_type=part.org_type,
            parent=source.parent,
            opened_on=on,
            sector=part.sector,
            address=part.address,
            admin_unit_code=part.admin_unit_code,
            unit_name=part.unit_name,
        )
        for code in part.child_codes:
            _check_child_type(org, children[code].org_type, "parts")
            _reparent(children[code], org, on)
        if part.member_ids:
            members_move(from_orgs=[source], to=org, on=on, member_ids=part.member_ids)
        created_orgs.append(org)
    if close_source:
        _close(source, on, CloseReason.SPLIT)
    _event(OrgEvent.Kind.SPLIT, on=on, actor=actor, decision_no=decision_no, sources=[source], results=created_orgs)
    audit_record(
        actor=actor,
        action="org.split",
        obj=source,
        org_path=source.path,
        note=decision_no,
        changes={
            "parts": {
                "before": None,
                "after": [
                    {"code": o.code, "members": len(p.member_ids), "children": p.child_codes}
                    for o, p in zip(created_orgs, parts, strict=True)
                ],
            },
            "closed": {"before": False, "after": close_source},
            "on": {"before": None, "after": on},
        },
    )
    return created_orgs


@transaction.atomic
def org_dissolve(*, actor, org: Org, on: date, members_to: Org | None = None, decision_no: str = "") -> Org:
    """Dissolve `org`. Its open children must have been moved first; its active members go to `members_to`."""
    _check_restructure(actor, org)
    _check_actor(actor, Action.RESTRUCTURE, *([members_to] if members_to else []))
    org = _lock(org)[0]
    _check_open(org, "org")
    if org.parent_id is None:
        raise DomainError(_("Không thể giải thể gốc của cây tổ chức."), field="org")
    open_children = Org.objects.open().filter(parent=org).count()
    if open_children:
        raise DomainError(
            _("«%(org)s» còn %(n)s tổ chức trực thuộc: chuyển hoặc sáp nhập chúng trước khi giải thể.")
            % {"org": org.name, "n": open_children},
            field="org",
        )
    active = Member.objects.active().filter(org=org).count()
    if active and members_to is None:
        raise DomainError(
            _("«%(org)s» còn %(n)s đảng viên đang sinh hoạt: chọn tổ chức tiếp nhận.") % {"org": org.name, "n": active},
            field="members_to",
        )
    if members_to is not None:
        members_to = _lock(members_to)[0]
        _check_open(members_to, "members_to")
        if members_to.pk == org.pk or members_to.path.startswith(org.path):
            raise DomainError(_("Tổ chức tiếp nhận không thể là tổ chức bị giải thể."), field="members_to")
    _check_date(on, org, *([members_to] if members_to else []))
    if members_to is None:
        _check_nothing_held(org, "members_to")
    moved = members_move(from_orgs=[org], to=members_to, on=on) if active else 0
    event = _event(
        OrgEvent.Kind.DISSOLVE,
        on=on,
        actor=actor,
        decision_no=decision_no,
        sources=[org],
        results=[members_to] if members_to else [],
    )
    if members_to is not None:
        _followers_move(actor, [org], members_to, on, event)
    # The receiving org succeeds the dissolved one whenever records go there (members, cadres, candidates).
    _close(org, on, CloseReason.DISSOLVED, successor=members_to)
    audit_record(
        actor=actor,
        action="org.dissolve",
        obj=org,
        org_path=org.path,
        note=decision_no,
        changes={
            "closed_on": {"before": None, "after": on},
            "members_to": {"before": None, "after": members_to.code if members_to else None},
            "members_moved": {"before": None, "after": moved},
        },
    )
    return org
