"""Planning (quy hoạch, 377-QĐ/TW; DOMAIN.md §5.5): a name is added to a post's list for a term when the
conditions of the day allow it (an unconfirmed parameter only warns), and removed at a review with its
reason. History is kept: a removed entry stays with its date, reason and decision."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tochuc.accounts.roles import Action
from tochuc.core.audit import audit_record
from tochuc.core.errors import DomainError
from tochuc.core.scope import require

from .. import rules
from ..choices import CadreStatus
from ..models import Cadre, PlanningEntry, Post
from ..selectors.planning import planning_eligibility


def _fmt(d: date) -> str:
    return d.strftime("%d/%m/%Y")


def _not_future(on: date, field: str) -> None:
    if on > timezone.localdate():
        raise DomainError(_("Ngày không được sau ngày hôm nay."), field=field)


@transaction.atomic
def planning_add(*, actor, post: Post, cadre: Cadre, term: str, added_on: date, decision_no: str = "") -> PlanningEntry:
    """Put `cadre` on the list of `post` for `term`. Every blocking condition that fails is named in one
    refusal; the warnings (unconfirmed parameters, the title's standards) are written to the audit note and
    shown on the review page."""
    if actor is not None:
        require(actor, Action.CREATE, post.org.path)
        require(actor, Action.VIEW, cadre.org.path)
    post = Post.objects.select_for_update(of=("self",)).select_related("org").get(pk=post.pk)
    term = (term or "").strip()
    decision_no = " ".join((decision_no or "").split())
    if post.closed_on is not None:
        raise DomainError(
            _("Chức vụ «%(p)s» đã bãi bỏ từ ngày %(d)s.") % {"p": post.name, "d": _fmt(post.closed_on)}, field="post"
        )
    if cadre.status != CadreStatus.WORKING:
        raise DomainError(
            _("%(n)s không còn công tác (%(s)s).") % {"n": cadre.full_name, "s": cadre.get_status_display()},
            field="cadre",
        )
    if not rules.valid_term(term):
        raise DomainError(_("Nhiệm kỳ quy hoạch ghi theo dạng 2030-2035 (5 năm)."), field="term")
    _not_future(added_on, "added_on")
    if int(term[5:]) < added_on.year:
        raise DomainError(_("Nhiệm kỳ %(t)s đã kết thúc trước ngày đưa vào quy hoạch.") % {"t": term}, field="term")
    if added_on <= cadre.birth_date:
        raise DomainError(_("Ngày đưa vào quy hoạch phải sau ngày sinh."), field="added_on")
    if PlanningEntry.objects.filter(post=post, cadre=cadre, term=term, removed_on__isnull=True).exists():
        raise DomainError(
            _("%(n)s đã có trong quy hoạch chức vụ «%(p)s» nhiệm kỳ %(t)s.")
            % {"n": cadre.full_name, "p": post.name, "t": term},
            field="cadre",
        )
    verdict = planning_eligibility(cadre=cadre, post=post, term=term, on=added_on)
    if not verdict.ok:
        raise DomainError(
            _("Không đủ điều kiện đưa %(n)s vào quy hoạch: %(r)s")
            % {"n": cadre.full_name, "r": " ".join(f"{c.label}: {c.reason}" for c in verdict.refusals)},
            field="cadre",
        )
    entry = PlanningEntry.objects.create(post=post, cadre=cadre, term=term, added_on=added_on, decision_no=decision_no)
    warnings = " ".join(f"{c.label}: {c.reason}" for c in verdict.warnings)
    audit_record(
        actor=actor,
        action="planning.add",
        obj=entry,
        org_path=post.org.path,
        changes={
            "cadre": {"before": None, "after": cadre.full_name},
            "post": {"before": None, "after": post.name},
            "term": {"before": None, "after": term},
            "added_on": {"before": None, "after": added_on},
            "decision_no": {"before": None, "after": decision_no},
        },
        note=(_("Lưu ý: %(w)s") % {"w": warnings}) if warnings else "",
    )
    return entry


@transaction.atomic
def planning_remove(
    *, actor, entry: PlanningEntry, removed_on: date, reason: str, decision_no: str = ""
) -> PlanningEntry:
    """Take a name off the list (at the yearly review, after discipline, when it no longer meets a
    condition, or when the person was appointed): the entry stays with its date and reason."""
    entry = _lock().get(pk=entry.pk)
    if actor is not None:
        require(actor, Action.EDIT, entry.post.org.path)
    return _remove(actor=actor, entry=entry, removed_on=removed_on, reason=reason, decision_no=decision_no)


@transaction.atomic
def planning_remove_for(
    *, actor, post: Post | None = None, cadre: Cadre | None = None, removed_on: date, reason: str, field: str = "on"
) -> list[PlanningEntry]:
    """Take every active name of `post` (abolished) or of `cadre` (who stopped working) off the lists on
    `removed_on` with `reason`, one "planning.remove" event each. Called inside the transaction of
    `posts.post_close` or `people.cadre_end`, which checked the actor's right over the post or the person:
    the removal follows from that record, so the other side of each entry is not checked again (a province
    cadre on the list of a commune post the commune abolishes; a commune cadre on the list of a province post
    when the commune records the retirement): a list must not keep a post that no longer exists, nor a person
    who no longer works. Refused, naming `field`, when a name was added after `removed_on`."""
    if (post is None) == (cadre is None):
        raise ValueError("planning_remove_for takes a post or a cadre")
    qs = _lock().filter(removed_on__isnull=True).order_by("added_on", "pk")
    entries = list(qs.filter(post=post) if post is not None else qs.filter(cadre=cadre))
    late = next((e for e in entries if e.added_on > removed_on), None)
    if late is not None:
        raise DomainError(
            _("%(n)s được đưa vào quy hoạch chức vụ «%(p)s» ngày %(d)s, sau ngày %(on)s.")
            % {"n": late.cadre.full_name, "p": late.post.name, "d": _fmt(late.added_on), "on": _fmt(removed_on)},
            field=field,
        )
    for entry in entries:
        _remove(actor=actor, entry=entry, removed_on=removed_on, reason=reason)
    return entries


def _lock():
    return PlanningEntry.objects.select_for_update(of=("self",)).select_related("post", "post__org", "cadre")


def _remove(*, actor, entry: PlanningEntry, removed_on: date, reason: str, decision_no: str = "") -> PlanningEntry:
    """Validate, write and audit the removal of a locked entry (the caller checked the actor's right)."""
    reason = " ".join((reason or "").split())
    decision_no = " ".join((decision_no or "").split())
    if entry.removed_on is not None:
        raise DomainError(
            _("%(n)s đã được đưa ra khỏi quy hoạch ngày %(d)s.")
            % {"n": entry.cadre.full_name, "d": _fmt(entry.removed_on)},
            field="removed_on",
        )
    if not reason:
        raise DomainError(_("Ghi lý do đưa ra khỏi quy hoạch."), field="reason")
    if len(reason) > PlanningEntry._meta.get_field("removed_reason").max_length:
        raise DomainError(_("Lý do quá dài (tối đa 255 ký tự)."), field="reason")
    _not_future(removed_on, "removed_on")
    if removed_on < entry.added_on:
        raise DomainError(
            _("Ngày đưa ra không được trước ngày đưa vào quy hoạch (%(d)s).") % {"d": _fmt(entry.added_on)},
            field="removed_on",
        )
    entry.removed_on, entry.removed_reason, entry.removed_decision_no = removed_on, reason, decision_no
    entry.save(update_fields=["removed_on", "removed_reason", "removed_decision_no"])
    audit_record(
        actor=actor,
        action="planning.remove",
        obj=entry,
        org_path=entry.post.org.path,
        changes={
            "removed_on": {"before": None, "after": removed_on},
            "removed_reason": {"before": "", "after": reason},
            "removed_decision_no": {"before": "", "after": decision_no},
        },
    )
    return entry
