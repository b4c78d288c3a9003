"""The readers of verification cases: the list an actor sees with its filters and counts, one case with its
questions, a person's cases, the standard set of requests still to send, the rows of the list's export.

Nothing here returns restricted text (findings, the grounds of a conclusion, notes): those are read through
`services.reading`, which checks `Action.RESTRICTED` and audits each read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy

from tochuc.accounts.models import User
from tochuc.accounts.roles import Action
from tochuc.core.scope import require, scope
from tochuc.core.text import fold
from tochuc.orgs.models import Org

from .. import rules
from ..choices import CaseStatus, Conclusion, Purpose
from ..models import Case, Question
from .people import Person


def _live() -> Q:
    return Q(questions__cancelled_at__isnull=True)


def late_questions(today: date) -> Q:
    """Requests without a reply past their deadline (the deadline day is not late), not cancelled."""
    return Q(cancelled_at__isnull=True, replied_on__isnull=True, due_on__lt=today)


def overdue_cases(today: date) -> Q:
    """Open cases past their deadline, or with a request whose reply is late (rules.case_overdue,
    rules.question_overdue, in SQL)."""
    late = Question.objects.filter(late_questions(today), case=OuterRef("pk"))
    return Q(status=CaseStatus.OPEN) & (Q(due_on__lt=today) | Q(Exists(late)))


def case_list(
    *,
    actor,
    today: date,
    org: Org | None = None,
    status: str = "",
    purpose: str = "",
    conclusion: str = "",
    overdue: bool = False,
    year: int | None = None,
    q: str = "",
) -> QuerySet[Case]:
    """The cases the actor sees (by the requesting org's path), under `org`, with a status, a purpose, a
    conclusion, overdue on `today`, requested in `year`, whose subject's name starts a word with `q` (typed
    with or without diacritics). Plain rows: `case_rows` adds what a page shows."""
    require(actor, Action.LIST, org.path if org is not None else None)
    qs = scope(Case.objects.all(), actor, "org__path")
    if org is not None:
        qs = qs.filter(org__path__under=org.path)
    if status:
        qs = qs.filter(status=status)
    if purpose:
        qs = qs.filter(purpose=purpose)
    if conclusion:
        qs = qs.filter(conclusion=conclusion)
    if overdue:
        qs = qs.filter(overdue_cases(today))
    if year:
        qs = qs.filter(requested_on__gte=date(year, 1, 1), requested_on__lte=date(year, 12, 31))
    folded = fold(q)
    if folded:
        qs = qs.filter(Q(subject_folded__startswith=folded) | Q(subject_folded__contains=" " + folded))
    return qs


def case_rows(qs: QuerySet[Case], today: date) -> QuerySet[Case]:
    """`qs` with its orgs and the counts of its requests (sent, answered, late on `today`), newest first."""
    live = _live()
    return (
        qs.select_related("org", "handler")
        .annotate(
            n_questions=Count("questions", filter=live),
            n_replied=Count("questions", filter=live & Q(questions__replied_on__isnull=False)),
            n_late=Count("questions", filter=live & Q(questions__replied_on__isnull=True, questions__due_on__lt=today)),
        )
        .order_by("-requested_on", "-pk")
    )


def mark(cases, today: date) -> list[Case]:
    """The flags of each case on `today` (no query): `.overdue`, `.days_overdue`, `.late_questions`."""
    out = list(cases)
    for c in out:
        c.overdue = rules.case_overdue(status=c.status, due_on=c.due_on, today=today)
        c.days_overdue = rules.days_overdue(c.due_on, today) if c.overdue else 0
        c.late_questions = getattr(c, "n_late", 0) if c.status == CaseStatus.OPEN else 0
    return out


@dataclass
class Stats:
    total: int
    by_status: dict[str, int]
    by_conclusion: dict[str, int]
    overdue: int


def case_stats(qs: QuerySet[Case], today: date) -> Stats:
    """The cases of `qs` by status and by conclusion, and how many are overdue on `today`: one query."""
    counts = qs.order_by().aggregate(
        total=Count("pk"),
        overdue=Count("pk", filter=overdue_cases(today)),
        **{f"s_{s}": Count("pk", filter=Q(status=s)) for s in CaseStatus.values},
        **{f"c_{c}": Count("pk", filter=Q(conclusion=c)) for c in Conclusion.values},
    )
    return Stats(
        total=counts["total"],
        by_status={s: counts[f"s_{s}"] for s in CaseStatus.values},
        by_conclusion={c: counts[f"c_{c}"] for c in Conclusion.values},
        overdue=counts["overdue"],
    )


def case_get(*, actor, pk: int, action: str = Action.VIEW) -> Case:
    """One case inside the actor's scope (404 outside; 403 when the role lacks `action`)."""
    case = get_object_or_404(
        Case.objects.select_related("org", "handler", "candidate__org", "cadre__org", "member__org"), pk=pk
    )
    require(actor, action, case.org.path)
    return case


def case_questions(case: Case, today: date) -> list[Question]:
    """The requests of a case in the order sent, each with `.overdue`, `.days_overdue` and `.days` (to reply)."""
    questions = list(case.questions.all().order_by("sent_on", "pk"))
    for q in questions:
        q.overdue = rules.question_overdue(
            replied_on=q.replied_on,
            due_on=q.due_on,
            today=today,
            cancelled=q.cancelled_at is not None,
            case_open=case.status == CaseStatus.OPEN,
        )
        q.days_overdue = rules.days_overdue(q.due_on, today) if q.overdue else 0
        q.days = rules.days_to_reply(q.sent_on, q.replied_on)
    return questions


def question_get(*, case: Case, pk: int) -> Question:
    """A request of `case` (the caller got the case through `case_get`, which checked the scope)."""
    return get_object_or_404(Question.objects.select_related("case"), pk=pk, case=case)


def person_cases(*, actor, person: Person) -> list[Case]:
    """The cases about a person (by any of their records) that the actor sees, newest first."""
    qs = scope(Case.objects.filter(person.records()), actor, "org__path")
    return list(qs.select_related("org").order_by("-requested_on", "-pk"))


def subject_relatives(case: Case) -> list[rules.Relative]:
    """The family rows of the subject's member dossier (a member, a cadre who is one, a candidate admitted
    since): the standard set is pre-filled from them. A candidate's own family is on their paper dossier."""
    from tochuc.members.models import Relative

    member_id = case.member_id
    if member_id is None and case.cadre_id is not None:
        member_id = case.cadre.member_id
    if member_id is None:
        return []
    return [
        rules.Relative(r.relation, r.full_name, r.birth_year)
        for r in Relative.objects.filter(member_id=member_id).order_by("pk")
    ]


def standard_drafts(case: Case, today: date) -> list[rules.Draft]:
    """The standard requests of the case's purpose not sent yet (cancelled ones do not count as sent)."""
    asked = [
        (r, fold(n)) for r, n in case.questions.filter(cancelled_at__isnull=True).values_list("relation", "person_name")
    ]
    return rules.standard_drafts(
        purpose=case.purpose,
        subject_name=case.subject_name,
        relatives=subject_relatives(case),
        on=today,
        asked=asked,
    )


def handlers_for(actor) -> QuerySet[User]:
    """The accounts a case may be handed to: active users inside the actor's scope."""
    return scope(User.objects.filter(is_active=True), actor, "org__path").select_related("org").order_by("username")


def subject_kind(case: Case) -> str:
    if case.candidate_id:
        return "candidate"
    if case.cadre_id:
        return "cadre"
    if case.member_id:
        return "member"
    return ""


def purposes_for(kind: str) -> list[tuple[str, str]]:
    """The purposes a case about a record of `kind` may have: a candidate is verified for admission; a member
    or a cadre is already in (or not a candidate), so for placement or another reason; a name alone, any."""
    if kind == "candidate":
        return [(Purpose.ADMISSION, Purpose.ADMISSION.label)]
    if kind in ("member", "cadre"):
        return [(p, label) for p, label in Purpose.choices if p != Purpose.ADMISSION]
    return list(Purpose.choices)


def _d(d: date | None) -> str:
    return d.strftime("%d/%m/%Y") if d else ""


KIND_LABELS = {
    "candidate": gettext_lazy("Quần chúng ưu tú"),
    "cadre": gettext_lazy("Cán bộ"),
    "member": gettext_lazy("Đảng viên"),
    "": gettext_lazy("Người chưa có hồ sơ"),
}


def export_rows(qs: QuerySet[Case], today: date):
    """The cases of `qs` (with `case_rows`' counts) as spreadsheet rows, streamed in chunks: the columns every
    role may read, never a finding or the grounds of a conclusion."""
    from django.utils.translation import gettext as _

    for i, c in enumerate(qs.iterator(chunk_size=2000), start=1):
        overdue = rules.case_overdue(status=c.status, due_on=c.due_on, today=today)
        late = c.n_late if c.status == CaseStatus.OPEN else 0
        yield [
            i,
            c.subject_name,
            _d(c.subject_birth_date),
            c.get_subject_sex_display(),
            str(KIND_LABELS[subject_kind(c)]),
            c.get_purpose_display(),
            c.org.name,
            c.org.code,
            c.requested_by,
            c.document_no,
            _d(c.requested_on),
            _d(c.due_on),
            c.n_questions,
            c.n_replied,
            late,
            c.get_status_display() + (" (" + _("quá hạn") + ")" if overdue else ""),
            c.get_conclusion_display(),
            _d(c.concluded_on),
            c.concluded_by,
            c.conclusion_no,
            _d(c.withdrawn_on),
            c.withdrawn_reason,
        ]
