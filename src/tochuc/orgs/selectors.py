"""Every read of the tree that a view, command or report needs; always through the actor's scope."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q
from django.db.models.functions import Substr

from tochuc.core.scope import get_in_scope_or_404, in_scope, root_path, scope
from tochuc.core.text import fold, sort_key
from tochuc.members.models import Member, Membership

from .models import SEGMENT, Org, OrgEvent, OrgPeriod, OrgType


def org_get(*, actor, code: str) -> Org:
    """An org inside the actor's scope (open or closed), or 404."""
    return get_in_scope_or_404(Org.objects.select_related("parent", "successor"), actor, code=code)


def org_from_query(*, actor, params) -> Org | None:
    """The org a page is narrowed to by `?org=CODE`: inside the actor's scope (404 outside), or None."""
    code = (params.get("org") or "").strip()
    return org_get(actor=actor, code=code) if code else None


def org_roots_for(*, actor) -> list[Org]:
    """Where the actor's tree starts: their own org (or the open roots, for a superuser without one)."""
    prefix = root_path(actor)
    if prefix is None:
        return []
    if prefix:
        return [actor.org]
    return list(Org.objects.open().filter(parent__isnull=True).order_by("sort_key"))


def org_breadcrumbs(*, actor, org: Org) -> list[Org]:
    """The ancestors of `org` that the actor may see, root first."""
    prefix = root_path(actor) or ""
    paths = [p for p in org.ancestor_paths() if p.startswith(prefix)]
    by_path = {o.path: o for o in Org.objects.filter(path__in=paths)}
    return [by_path[p] for p in paths if p in by_path]


def member_counts_by_child(org: Org) -> tuple[dict[str, int], int]:
    """Active members under each child of `org` (keyed by the child's path), and those directly in `org`.

    One GROUP BY over the subtree: the first len(child path) characters of a member's org path name the
    child it lies under.
    """
    length = len(org.path) + SEGMENT
    rows = (
        Member.objects.active()
        .filter(org__path__under=org.path)
        .annotate(prefix=Substr("org__path", 1, length))
        .values("prefix")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts = {r["prefix"]: r["n"] for r in rows}
    direct = counts.pop(org.path, 0)
    return counts, direct


def member_count(org: Org) -> int:
    return Member.objects.active().filter(org__path__under=org.path).count()


def org_children(*, actor, org: Org, include_closed: bool = False) -> list[Org]:
    """The children of `org` in Vietnamese order, each with `.member_count` (its whole subtree) and
    `.child_count` (its open children)."""
    scope(Org.objects.filter(pk=org.pk), actor).get()  # the caller got org through org_get; checked again
    qs = Org.objects.filter(parent=org)
    if not include_closed:
        qs = qs.open()
    children = list(
        qs.annotate(child_count=Count("children", filter=Q(children__closed_on__isnull=True))).order_by(
            "closed_on", "sort_key"
        )
    )
    counts, _direct = member_counts_by_child(org)
    for child in children:
        child.member_count = counts.get(child.path, 0)
    return children


def org_search(*, actor, q: str, limit: int = 20, include_closed: bool = False) -> list[Org]:
    """Orgs whose name (diacritics ignored: "dong ha" finds "Phường Đông Hà") or code contains `q`."""
    folded = fold(q)
    if not folded:
        return []
    qs = scope(Org.objects.select_related("parent"), actor)
    if not include_closed:
        qs = qs.open()
    words = folded.split()
    for w in words:
        qs = qs.filter(name_folded__contains=w)
    by_name = list(qs.order_by("depth", "sort_key")[:limit])
    if len(by_name) < limit and len(q.strip()) >= 2:
        seen = {o.pk for o in by_name}
        codes = scope(Org.objects.select_related("parent"), actor).filter(code__istartswith=q.strip())
        if not include_closed:
            codes = codes.open()
        by_name += [o for o in codes.order_by("code")[: limit - len(by_name)] if o.pk not in seen]
    return by_name


def org_events(*, actor, org: Org, limit: int = 50) -> list[OrgEvent]:
    """Restructuring events that took or produced `org`, newest first."""
    scope(Org.objects.filter(pk=org.pk), actor).get()
    events = list(
        OrgEvent.objects.filter(Q(sources=org) | Q(results=org))
        .distinct()
        .prefetch_related("sources", "results")
        .order_by("-on", "-id")[:limit]
    )
    # Orgs outside the actor's scope do not exist for them: an event names only the ones inside it.
    for e in events:
        e.shown_sources = [o for o in e.sources.all() if in_scope(actor, o.path)]
        e.shown_results = [o for o in e.results.all() if in_scope(actor, o.path)]
    return events


def org_periods(*, actor, org: Org) -> list[OrgPeriod]:
    scope(Org.objects.filter(pk=org.pk), actor).get()
    periods = list(org.periods.select_related("parent").order_by("valid_from"))
    for p in periods:
        p.shown_parent = p.parent if p.parent is not None and in_scope(actor, p.parent.path) else None
    return periods


@dataclass
class TreeRow:
    id: int
    code: str
    name: str
    org_type: str
    parent_code: str | None
    depth: int
    sector: str = ""
    direct_members: int = 0
    members: int = 0
    children: list[TreeRow] = field(default_factory=list, repr=False)

    @property
    def type_label(self) -> str:
        return str(OrgType(self.org_type).label)

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "name": self.name,
            "type": self.org_type,
            "parent": self.parent_code,
            "depth": self.depth,
            "sector": self.sector,
            "members": self.members,
            "direct_members": self.direct_members,
        }


def _order(rows: dict[int, TreeRow], root_id: int) -> list[TreeRow]:
    out: list[TreeRow] = []
    stack = [rows[root_id]]
    while stack:
        node = stack.pop()
        out.append(node)
        stack.extend(sorted(node.children, key=lambda r: sort_key(r.name), reverse=True))
    return out


def _roll_up(rows: dict[int, TreeRow], root_id: int) -> None:
    order = _order(rows, root_id)
    for node in reversed(order):  # children before parents
        node.members = node.direct_members + sum(c.members for c in node.children)


def org_tree(*, actor, root: Org, as_of: date | None = None) -> list[TreeRow]:
    """The tree under `root` in depth-first Vietnamese order, each row with the active members of its
    whole subtree. With `as_of`, the tree (names, types, parents, members) as it stood that day."""
    scope(Org.objects.filter(pk=root.pk), actor).get()
    return org_tree_system(root=root, as_of=as_of)


def org_tree_system(*, root: Org, as_of: date | None = None) -> list[TreeRow]:
    """`org_tree` without the scope check, for the system's own commands (`tochuc orgs`), which run with
    the server's rights. Views and reports go through `org_tree`."""
    if as_of is None:
        return _tree_now(root)
    return _tree_as_of(root, as_of)


def _tree_now(root: Org) -> list[TreeRow]:
    orgs = list(
        Org.objects.open().under(root).values_list("id", "code", "name", "org_type", "parent_id", "depth", "sector")
    )
    if not orgs:
        return []
    code_of = {o[0]: o[1] for o in orgs}
    rows = {
        o[0]: TreeRow(
            id=o[0],
            code=o[1],
            name=o[2],
            org_type=o[3],
            parent_code=code_of.get(o[4]) if o[4] else None,
            depth=o[5] - root.depth,
            sector=o[6],
        )
        for o in orgs
    }
    if root.parent_id:
        rows[root.pk].parent_code = root.parent.code
    for o in orgs:
        if o[0] != root.pk and o[4] in rows:
            rows[o[4]].children.append(rows[o[0]])
    direct = (
        Member.objects.active().filter(org__path__under=root.path).values("org_id").annotate(n=Count("id")).order_by()
    )
    for r in direct:
        if r["org_id"] in rows:
            rows[r["org_id"]].direct_members = r["n"]
    _roll_up(rows, root.pk)
    return _order(rows, root.pk)


_CHUNK = 5000  # ids per IN (...): well under SQLite's and PostgreSQL's parameter limits


def _chunks(ids: list[int]):
    for i in range(0, len(ids), _CHUNK):
        yield ids[i : i + _CHUNK]


def _tree_as_of(root: Org, on: date) -> list[TreeRow]:
    """Walk down from `root` level by level through the periods valid on `on`: one query per level (and
    per chunk of ids), so the cost follows the size of the subtree, not of the whole database."""
    valid = OrgPeriod.objects.filter(valid_from__lte=on).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on))
    fields = ("org_id", "org__code", "name", "org_type", "parent_id", "org__sector")
    top = valid.filter(org=root).values_list(*fields).first()
    if top is None:
        return []
    root_parent_code = Org.objects.filter(pk=top[4]).values_list("code", flat=True).first() if top[4] else None
    rows = {
        top[0]: TreeRow(
            id=top[0], code=top[1], name=top[2], org_type=top[3], parent_code=root_parent_code, depth=0, sector=top[5]
        )
    }
    frontier, depth = [root.pk], 0
    while frontier:
        depth += 1
        level = []
        for chunk in _chunks(frontier):
            for p in valid.filter(parent_id__in=chunk).values_list(*fields):
                if p[0] in rows:  # a cycle across periods cannot happen, but never loop on bad data
                    continue
                parent = rows[p[4]]
                node = TreeRow(
                    id=p[0], code=p[1], name=p[2], org_type=p[3], parent_code=parent.code, depth=depth, sector=p[5]
                )
                rows[p[0]] = node
                parent.children.append(node)
                level.append(p[0])
        frontier = level
    valid_memberships = Membership.objects.filter(valid_from__lte=on).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=on)
    )
    for chunk in _chunks(list(rows)):
        for m in valid_memberships.filter(org_id__in=chunk).values("org_id").annotate(n=Count("id")).order_by():
            rows[m["org_id"]].direct_members = m["n"]
    _roll_up(rows, root.pk)
    return _order(rows, root.pk)


def overview(*, actor) -> dict:
    """The overview's figures for the actor's scope: orgs by type, members by sex and status."""
    orgs = scope(Org.objects.open(), actor)
    members = scope(Member.objects.active(), actor, "org__path")
    by_type = dict(orgs.order_by().values_list("org_type").annotate(n=Count("id")))
    by_sex = dict(members.order_by().values_list("sex").annotate(n=Count("id")))
    by_status = dict(members.order_by().values_list("status").annotate(n=Count("id")))
    return {
        "by_type": [(label, by_type[value]) for value, label in OrgType.choices if by_type.get(value)],
        "total_members": sum(by_sex.values()),
        "women": by_sex.get("female", 0),
        "probationary": by_status.get("probationary", 0),
    }
