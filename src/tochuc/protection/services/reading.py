"""Reading restricted content is itself recorded (ARCHITECTURE "Audit": viewing a restricted record is
audited). These are the only readers of findings, the grounds of conclusions and notes: each checks
`Action.RESTRICTED` and writes one "protection.view" event saying what was read, when something was shown;
a page that showed nothing restricted writes nothing."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from tochuc.accounts.roles import Action
from tochuc.core.audit import audit_record
from tochuc.core.scope import require

from ..models import Case, Question, RestrictedNote
from ..selectors.people import Person


def can_read(actor) -> bool:
    return actor is not None and actor.can(Action.RESTRICTED)


@dataclass
class CaseSecrets:
    """What a case holds that only RESTRICTED may read."""

    findings: dict[int, Question] = field(default_factory=dict)  # question id -> the question with its finding
    conclusion_text: str = ""
    notes: list[RestrictedNote] = field(default_factory=list)

    def shown(self) -> bool:
        return bool(
            any(q.finding or q.finding_text for q in self.findings.values()) or self.conclusion_text or self.notes
        )


def _secrets(case: Case, questions: list[Question], findings_only: bool, with_notes: bool) -> CaseSecrets:
    findings = {q.pk: q for q in questions if q.finding or q.finding_text}
    if findings_only:
        return CaseSecrets(findings=findings)
    notes = list(case.notes.select_related("author").order_by("-recorded_on", "-pk")) if with_notes else []
    return CaseSecrets(findings=findings, conclusion_text=case.conclusion_text, notes=notes)


@transaction.atomic
def case_secrets_read(
    *, actor, case: Case, questions: list[Question], export: bool = False, findings_only: bool = False
) -> CaseSecrets:
    """The findings of `questions` (requests of `case`), the grounds of its conclusion and the notes written
    with it (not with `findings_only`: a form that shows one finding), for an actor with RESTRICTED (403
    otherwise), with one audit event when any of it exists. `export` says the content leaves the screen (a
    spreadsheet, which holds no notes: the event names what the file holds)."""
    require(actor, Action.VIEW, case.org.path)
    if not can_read(actor):
        raise PermissionDenied
    secrets = _secrets(case, questions, findings_only, with_notes=not export)
    if secrets.shown():
        parts = []
        if secrets.findings:
            parts.append(_("kết quả xác minh của %(n)s nội dung") % {"n": len(secrets.findings)})
        if secrets.conclusion_text:
            parts.append(_("nội dung kết luận"))
        if secrets.notes:
            parts.append(_("%(n)s ghi chép mật") % {"n": len(secrets.notes)})
        what = ", ".join(parts)
        note = (
            _("Xuất tệp Excel: %(w)s của hồ sơ thẩm tra %(s)s.") if export else _("Xem %(w)s của hồ sơ thẩm tra %(s)s.")
        ) % {"w": what, "s": case.subject_name}
        audit_record(actor=actor, action="protection.view", obj=case, org_path=case.org.path, note=note)
    return secrets


@transaction.atomic
def person_notes_read(*, actor, person: Person) -> list[RestrictedNote]:
    """The restricted notes on a person (by any of their records, cancelled ones included, struck through),
    for an actor with RESTRICTED (403 otherwise), with one audit event when there is any."""
    require(actor, Action.VIEW, person.org.path)
    if not can_read(actor):
        raise PermissionDenied
    notes = list(
        RestrictedNote.objects.filter(person.records()).select_related("author", "case").order_by("-recorded_on", "-pk")
    )
    if notes:
        audit_record(
            actor=actor,
            action="protection.view",
            obj=person.record,
            org_path=person.org.path,
            note=_("Xem %(n)s ghi chép mật về lịch sử chính trị của %(p)s.") % {"n": len(notes), "p": person.name},
        )
    return notes
