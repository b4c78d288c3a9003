"""The readers of recommendations: those an actor sees (raised by an org of their subtree), filtered; one
recommendation with its history; the bodies they were assigned to (for suggestions); and the board of open,
in progress, answered, closed, overdue and late-answered ones by org and by topic, counted in the database."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Substr
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tochuc.accounts.roles import Action
from tochuc.core.models import AuditEvent
from tochuc.core.scope import in_scope, require, root_path, scope
from tochuc.orgs.models import SEGMENT, Org

from .. import rules
from ..choices import RecommendationStatus, Topic
from ..models import Conference, Recommendation

S = RecommendationStatus
OVERDUE = "overdue"
LATE = "late"
SOON = "soon"


def recommendation_list(
    *,
    actor,
    conference: Conference | None = None,
    org: Org | None = None,
    topic: str = "",
    status: str = "",
    deadline: str = "",
    year: int | None = None,
    q: str = "",
    today: date | None = None,
    soon_until: date | None = None,
) -> QuerySet[Recommendation]:
    """The recommendations the actor sees: of one conference, raised under `org`, on a topic, in a status,
    by deadline ("overdue": assigned and past due; "soon": due within the next working days, `soon_until`;
    "late": answered after the deadline), of a year (the conference's), with words of the content."""
    require(actor, Action.LIST, org.path if org is not None else None)
    today = today or timezone.localdate()
    qs = scope(Recommendation.objects.all(), actor, "raised_by__path")
    if conference is not None:
        qs = qs.filter(conference=conference)
    if org is not None:
        qs = qs.filter(raised_by__path__under=org.path)
    if topic:
        qs = qs.filter(topic=topic)
    if status:
        qs = qs.filter(status=status)
    if deadline == OVERDUE:
        qs = qs.filter(status=S.ASSIGNED, due_on__lt=today)
    elif deadline == SOON and soon_until is not None:
        qs = qs.filter(status=S.ASSIGNED, due_on__gte=today, due_on__lte=soon_until)
    elif deadline == LATE:
        qs = qs.filter(answered_on__gt=F("due_on"))
    if year:
        qs = qs.filter(conference__held_on__year=year)
    text = (q or "").strip()
    if text:
        qs = qs.filter(Q(content__icontains=text) | Q(assigned_to__icontains=text) | Q(answer__icontains=text))
    return qs.select_related("conference__org", "raised_by").order_by("-conference__held_on", "conference_id", "number")


@dataclass
class Row:
    """A recommendation with its deadline flags, for a list."""

    rec: Recommendation
    overdue: bool
    soon: bool
    late: bool

    @property
    def flag(self) -> str:
        return rules.deadline_flag(overdue=self.overdue, soon=self.soon)


def rows(recs, *, today: date, soon_until: date) -> list[Row]:
    return [
        Row(
            rec=r,
            overdue=rules.recommendation_overdue(status=r.status, due_on=r.due_on, today=today),
            soon=rules.recommendation_due_soon(status=r.status, due_on=r.due_on, today=today, soon_until=soon_until),
            late=rules.answered_late(answered_on=r.answered_on, due_on=r.due_on),
        )
        for r in recs
    ]


def recommendation_get(*, actor, pk: int, action: str = Action.VIEW) -> Recommendation:
    """One recommendation the actor sees (404 otherwise; 403 when the role lacks `action`)."""
    rec = get_object_or_404(Recommendation.objects.select_related("conference__org", "raised_by"), pk=pk)
    require(actor, action, rec.raised_by.path)
    return rec


def may_follow_up(actor, rec: Recommendation) -> bool:
    return actor.can(Action.EDIT) and in_scope(actor, rec.conference.org.path)


def check_follow_up(actor, rec: Recommendation) -> None:
    """Assigning, answering, closing, reopening: a role that edits at the conference's org (403 otherwise)."""
    require(actor, Action.EDIT, rec.raised_by.path)
    if not in_scope(actor, rec.conference.org.path):
        raise PermissionDenied


# What a history line shows of an event's changes, in this order.
HISTORY_FIELDS = {
    "assigned_to": gettext_lazy("Cơ quan được giao"),
    "assigned_on": gettext_lazy("Ngày giao"),
    "due_on": gettext_lazy("Hạn trả lời"),
    "answered_on": gettext_lazy("Ngày trả lời"),
    "answer_no": gettext_lazy("Số văn bản trả lời"),
    "answer": gettext_lazy("Nội dung trả lời"),
    "closed_on": gettext_lazy("Ngày kết thúc"),
    "reopened_on": gettext_lazy("Ngày mở lại"),
}


@dataclass
class HistoryEntry:
    """One event of a recommendation with what it set (label, value), or what it cleared (a reopening clears
    the answer: shown as the former one)."""

    event: AuditEvent
    details: list[tuple[str, str]]


def _shown(value) -> str:
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return value
    return "" if value is None else str(value)


def recommendation_history(rec: Recommendation) -> list[HistoryEntry]:
    """The recommendation's events, oldest first: raised, assigned (to whom, by when), answered (when, the
    document, the text), closed, reopened (with the answer the reopening cleared, so that it stays in sight)."""
    events = AuditEvent.objects.filter(object_type="proposals.recommendation", object_id=str(rec.pk))
    out = []
    for event in events.order_by("at", "pk"):
        changes = event.changes if isinstance(event.changes, dict) else {}
        details = []
        for name, label in HISTORY_FIELDS.items():
            change = changes.get(name)
            if not isinstance(change, dict):
                continue
            before, after = _shown(change.get("before")), _shown(change.get("after"))
            if after:
                details.append((str(label), after))
            elif before:
                details.append((_("%(f)s trước đó") % {"f": label}, before))
        out.append(HistoryEntry(event=event, details=details))
    return out


def bodies_used(*, actor, limit: int = 60) -> list[str]:
    """The bodies recommendations in the actor's scope were assigned to, most used first, to suggest."""
    qs = scope(Recommendation.objects.exclude(assigned_to=""), actor, "raised_by__path")
    return [
        r["assigned_to"] for r in qs.values("assigned_to").annotate(n=Count("pk")).order_by("-n", "assigned_to")[:limit]
    ]


def _d(d) -> str:
    return d.strftime("%d/%m/%Y") if d else ""


def export_rows(qs: QuerySet[Recommendation], *, today: date):
    for i, r in enumerate(qs.iterator(chunk_size=2000), start=1):
        overdue = rules.recommendation_overdue(status=r.status, due_on=r.due_on, today=today)
        late = rules.answered_late(answered_on=r.answered_on, due_on=r.due_on)
        yield [
            i,
            r.conference.title,
            _d(r.conference.held_on),
            r.number,
            r.raised_by.name,
            r.raised_by.code,
            r.get_topic_display(),
            r.content,
            r.get_status_display(),
            r.assigned_to,
            _d(r.assigned_on),
            _d(r.due_on),
            _d(r.answered_on),
            r.answer_no,
            r.answer,
            _d(r.closed_on),
            "Quá hạn" if overdue else ("Trả lời quá hạn" if late else ""),
        ]


# --- The board --------------------------------------------------------------------------------------------


@dataclass
class Counts:
    open: int = 0
    assigned: int = 0
    answered: int = 0
    closed: int = 0
    overdue: int = 0
    late: int = 0

    @property
    def total(self) -> int:
        return self.open + self.assigned + self.answered + self.closed

    @property
    def pending(self) -> int:
        return self.open + self.assigned

    @property
    def percent_answered(self) -> int:
        total = self.total
        return round(100 * (self.answered + self.closed) / total) if total else 0

    def add(self, other: Counts) -> None:
        for name in ("open", "assigned", "answered", "closed", "overdue", "late"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class BoardRow:
    label: str
    counts: Counts = field(default_factory=Counts)
    org: Org | None = None
    key: str = ""


@dataclass
class Board:
    root: Org | None
    today: date
    by_org: list[BoardRow]
    direct: BoardRow | None
    by_topic: list[BoardRow]
    totals: Counts


def _measures(today: date) -> dict:
    return {
        "open": Count("pk", filter=Q(status=S.OPEN)),
        "assigned": Count("pk", filter=Q(status=S.ASSIGNED)),
        "answered": Count("pk", filter=Q(status=S.ANSWERED)),
        "closed": Count("pk", filter=Q(status=S.CLOSED)),
        "overdue": Count("pk", filter=Q(status=S.ASSIGNED, due_on__lt=today)),
        "late": Count("pk", filter=Q(status__in=[S.ANSWERED, S.CLOSED], answered_on__gt=F("due_on"))),
    }


def _counts(row: dict) -> Counts:
    return Counts(**{k: row[k] for k in ("open", "assigned", "answered", "closed", "overdue", "late")})


def recommendation_board(
    *,
    actor,
    org: Org | None = None,
    conference: Conference | None = None,
    year: int | None = None,
    topic: str = "",
    today: date | None = None,
) -> Board:
    """The recommendations the actor sees under `org` (by default the actor's own org), counted by status,
    overdue (assigned and past due without an answer) and answered late, for each child of `org` (everything
    raised in a child's subtree rolls up to it), for `org` itself, and by topic: two GROUP BY queries over
    the subtree, whatever its size."""
    require(actor, Action.LIST, org.path if org is not None else None)
    today = today or timezone.localdate()
    if org is None and root_path(actor):
        org = actor.org
    base = scope(Recommendation.objects.all(), actor, "raised_by__path")
    if org is not None:
        base = base.filter(raised_by__path__under=org.path)
    if conference is not None:
        base = base.filter(conference=conference)
    if year:
        base = base.filter(conference__held_on__year=year)
    if topic:
        base = base.filter(topic=topic)
    measures = _measures(today)

    if org is not None:
        children = list(Org.objects.filter(parent=org).order_by("sort_key", "code"))
        length = len(org.path) + SEGMENT
    else:  # a superuser without an org: the roots of the tree
        children = list(Org.objects.filter(parent__isnull=True).order_by("sort_key", "code"))
        length = SEGMENT
    by_path = {c.path: BoardRow(label=c.name, org=c, key=c.code) for c in children}
    direct = BoardRow(label=org.name, org=org, key=org.code) if org is not None else None
    grouped = base.annotate(prefix=Substr("raised_by__path", 1, length)).values("prefix").annotate(**measures)
    for row in grouped.order_by():
        target = by_path.get(row["prefix"])
        if target is None and direct is not None and row["prefix"] == org.path:
            target = direct
        if target is not None:
            target.counts.add(_counts(row))
    # Closed orgs (merged communes) keep their place when something was raised there; otherwise they go.
    by_org = [r for r in by_path.values() if r.counts.total or (r.org is not None and r.org.closed_on is None)]

    topics = {t.value: BoardRow(label=str(t.label), key=t.value) for t in Topic}
    for row in base.values("topic").annotate(**measures).order_by():
        topics[row["topic"]].counts.add(_counts(row))
    totals = Counts()
    for r in topics.values():
        totals.add(r.counts)
    return Board(
        root=org,
        today=today,
        by_org=by_org,
        direct=direct if direct is not None and direct.counts.total else None,
        by_topic=[r for r in topics.values() if r.counts.total],
        totals=totals,
    )
