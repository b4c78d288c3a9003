"""Restricted notes on a person's political history: written and cancelled only with `Action.RESTRICTED` (and
CREATE to write, EDIT to cancel); a wrong note is cancelled with its reason, never deleted. The log records
that a note was written or cancelled, never its text."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tochuc.accounts.roles import Action
from tochuc.core.audit import audit_record
from tochuc.core.errors import DomainError

from ..choices import Relation, Scope
from ..models import Case, RestrictedNote
from ..selectors.people import Person, person_of
from .common import REDACTED, clean, fmt, not_future, require_restricted


@transaction.atomic
def note_add(
    *,
    actor,
    person: Person,
    scope: str,
    text: str,
    recorded_on: date,
    relation: str = Relation.SELF,
    subject_name: str = "",
    period: str = "",
    source: str = "",
    case: Case | None = None,
) -> RestrictedNote:
    """Write a restricted note about `person` (or one of their relatives, `relation` and `subject_name`): what
    it is about (`scope`), the period, the text and its source (a reply, a dossier, a decision)."""
    require_restricted(actor, Action.CREATE, person.org.path)
    values = clean(
        {"subject_name": subject_name, "period": period, "source": source, "text": text}, multiline=("text",)
    )
    if relation not in Relation.values:
        raise DomainError(_("Chọn người được ghi chép."), field="relation")
    if relation == Relation.SELF:
        values["subject_name"] = person.name
    elif not values["subject_name"]:
        raise DomainError(_("Nhập họ và tên %(r)s.") % {"r": Relation(relation).label.lower()}, field="subject_name")
    if scope not in Scope.values:
        raise DomainError(_("Chọn nội dung ghi chép."), field="scope")
    if not values["text"]:
        raise DomainError(_("Nhập nội dung ghi chép."), field="text")
    not_future(recorded_on, "recorded_on")
    if person.birth_date and recorded_on < person.birth_date:
        raise DomainError(_("Ngày ghi không được trước ngày sinh."), field="recorded_on")
    if case is not None and not case.__class__.objects.filter(person.records(), pk=case.pk).exists():
        raise DomainError(_("Hồ sơ thẩm tra không phải của người này."), field="case")
    note = RestrictedNote.objects.create(
        org=person.org,
        member=person.member,
        cadre=person.cadre,
        candidate=person.candidate,
        case=case,
        subject_name=values["subject_name"],
        relation=relation,
        scope=scope,
        period=values["period"][:100],
        text=values["text"],
        source=values["source"][:255],
        recorded_on=recorded_on,
        author=actor if getattr(actor, "pk", None) else None,
    )
    audit_record(
        actor=actor,
        action="protection.note_add",
        obj=note,
        org_path=person.org.path,
        # Whom among the relatives a note is about and what it concerns are part of the note: the log (read by
        # administrators without RESTRICTED) says only that one was written about the person, and when.
        changes={
            "person": {"before": None, "after": f"{person.kind}:{person.pk}"},
            "recorded_on": {"before": None, "after": recorded_on},
            "text": {"before": None, "after": REDACTED},
        },
    )
    return note


@transaction.atomic
def note_cancel(*, actor, note: RestrictedNote, reason: str) -> RestrictedNote:
    """Cancel a note written by mistake, with its reason: it stays, struck through, for those who may read it.
    The right is checked on the person's org now (whoever manages them)."""
    note = RestrictedNote.objects.select_for_update(of=("self",)).select_related("org").get(pk=note.pk)
    record = note.member or note.cadre or note.candidate
    person = person_of(record)
    require_restricted(actor, Action.EDIT, person.org.path)
    if note.cancelled_at is not None:
        raise DomainError(
            _("Ghi chép này đã được hủy ngày %(d)s.") % {"d": fmt(timezone.localdate(note.cancelled_at))},
            field="reason",
        )
    reason = clean({"reason": reason})["reason"]
    if not reason:
        raise DomainError(_("Nhập lý do hủy."), field="reason")
    note.cancelled_at, note.cancel_reason = timezone.now(), reason[:255]
    note.save(update_fields=["cancelled_at", "cancel_reason"])
    audit_record(
        actor=actor,
        action="protection.note_cancel",
        obj=note,
        org_path=person.org.path,
        # The reason says what was wrong in the note: restricted like the note itself.
        changes={"cancelled": {"before": False, "after": True}, "cancel_reason": {"before": None, "after": REDACTED}},
    )
    return note
