"""Categories of the portal (the public menu): added, renamed, described, hidden or shown, put in order, and
deleted while nothing was filed under them. The office that may publish manages them; every change is audited
and renders the public pages anew."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from tochuc.accounts.roles import Action
from tochuc.core.audit import audit_record, created, diff, snapshot
from tochuc.core.errors import DomainError
from tochuc.core.scope import require
from tochuc.core.text import fold

from .. import rules
from ..models import Category
from .articles import public_changed
from .ordering import move_one

FIELDS = ["name", "slug", "description", "position", "is_active"]


def curator_path(actor) -> str:
    """Refuse (403) anyone who may not publish: the menu and the featured block are the public face of the
    portal. The audit event is filed under the actor's org."""
    if actor is None:
        return ""
    require(actor, Action.PUBLISH_NEWS)
    return actor.org.path if actor.org_id else ""


def _unique_slug(name: str, *, exclude: int | None = None) -> str:
    base = rules.slug_base(name, fallback="chuyen-muc")
    taken = Category.objects.filter(slug__startswith=base)
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    used = set(taken.values_list("slug", flat=True))
    return next(s for s in rules.slug_candidates(base) if s not in used)


def _check(name: str, description: str, *, exclude: int | None = None) -> tuple[str, str]:
    name = " ".join((name or "").split())
    if not name:
        raise DomainError(_("Nhập tên chuyên mục."), field="name")
    if len(name) > 150:
        raise DomainError(_("Tên chuyên mục không quá 150 ký tự."), field="name")
    others = Category.objects.exclude(pk=exclude) if exclude else Category.objects.all()
    if any(fold(other) == fold(name) for other in others.values_list("name", flat=True)):
        raise DomainError(_("Đã có chuyên mục «%(n)s».") % {"n": name}, field="name")
    return name, " ".join((description or "").split())[:255]


@transaction.atomic
def category_save(
    *,
    actor,
    category: Category | None = None,
    name: str,
    description: str = "",
    position: int | None = None,
    is_active: bool = True,
) -> Category:
    """Add a category (at the end of the menu unless `position` says where) or change one. Its slug is the
    folded name ("Công tác cán bộ" -> cong-tac-can-bo), unique, and follows a rename: article addresses do not
    carry the category, so only the category's own page moves."""
    org_path = curator_path(actor)
    if category is not None:
        category = Category.objects.select_for_update().get(pk=category.pk)
    name, description = _check(name, description, exclude=category.pk if category else None)
    if position is not None and position < 0:
        raise DomainError(_("Thứ tự là số từ 0 trở lên."), field="position")
    if category is None:
        if position is None:
            position = (Category.objects.aggregate(m=Max("position"))["m"] or 0) + 1
        category = Category.objects.create(
            name=name,
            slug=_unique_slug(name),
            description=description,
            position=position,
            is_active=bool(is_active),
        )
        changes = created(snapshot(category, FIELDS))
    else:
        before = snapshot(category, FIELDS)
        if name != category.name:
            category.slug = _unique_slug(name, exclude=category.pk)
        category.name, category.description, category.is_active = name, description, bool(is_active)
        if position is not None:
            category.position = position
        category.save(update_fields=FIELDS)
        changes = diff(before, snapshot(category, FIELDS))
    if changes:
        audit_record(actor=actor, action="category.save", obj=category, org_path=org_path, changes=changes)
        public_changed()
    return category


@transaction.atomic
def category_move(*, actor, category: Category, up: bool) -> Category:
    """Move a category one place up or down the menu (the whole menu is numbered anew 1, 2, 3 ...)."""
    org_path = curator_path(actor)
    ordered = list(Category.objects.select_for_update().order_by("position", "name", "pk"))
    moved = move_one(actor=actor, ordered=ordered, pk=category.pk, up=up, action="category.save", org_path=org_path)
    if moved is None:
        return category
    public_changed()
    return moved


@transaction.atomic
def category_delete(*, actor, category: Category) -> None:
    """Delete a category nothing was filed under; one with articles is hidden instead (their history stays)."""
    org_path = curator_path(actor)
    category = Category.objects.select_for_update().get(pk=category.pk)
    if category.articles.exists():
        raise DomainError(
            _("Chuyên mục «%(n)s» đã có tin bài: bỏ chọn «đang hiển thị» để ẩn thay vì xóa.") % {"n": category.name},
            field=None,
        )
    audit_record(
        actor=actor,
        action="category.delete",
        obj=category,
        org_path=org_path,
        changes={k: {"before": v, "after": None} for k, v in snapshot(category, FIELDS).items()},
    )
    category.delete()
    public_changed()
