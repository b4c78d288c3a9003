"""The readers of appraisals: the proposals an actor sees (appraised by an org of their subtree), filtered,
with their deadline flags and a summary; "my appraisals" for a reviewer; one proposal with its timeline of
drafts, requests and comments, its reviewers and what the actor may do; the users who may review it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Replace
from django.utils import timezone

from tochuc.accounts.models import User
from tochuc.accounts.roles import Action, Role, role_allows
from tochuc.core.calendar import working_day_deadline
from tochuc.core.scope import get_in_scope_or_404, require, scope
from tochuc.core.text import fold
from tochuc.orgs.models import Org

from .. import rules
from ..choices import ProposalStatus
from ..models import Comment, Proposal, Reviewer, Revision

OVERDUE = "overdue"
SOON = "soon"
LATE = "late"


def soon_until(today: date) -> date:
    """The last day of "due within the next working days" (the holiday table: one query)."""
    return working_day_deadline(today, rules.DUE_SOON_WORKING_DAYS)


def _active_reviewers() -> Prefetch:
    return Prefetch(
        "reviewers",
        queryset=Reviewer.objects.filter(released_on__isnull=True).select_related("user"),
        to_attr="active_reviewers",
    )


def proposal_list(
    *,
    actor,
    org: Org | None = None,
    status: str = "",
    area: str = "",
    deadline: str = "",
    year: int | None = None,
    q: str = "",
    mine: bool = False,
    today: date | None = None,
    soon_until: date | None = None,
) -> QuerySet[Proposal]:
    """The proposals the actor sees: appraised under `org`, in a status, an area, by deadline ("overdue": open
    and past due; "soon": open, due today or within the next working days up to `soon_until`; "late":
    concluded after the deadline), received in a year, with words of the title (without diacritics too) or the
    document number, and only those the actor reviews (`mine`)."""
    require(actor, Action.LIST, org.path if org is not None else None)
    today = today or timezone.localdate()
    qs = scope(Proposal.objects.all(), actor, "org__path")
    if org is not None:
        qs = qs.filter(org__path__under=org.path)
    if status:
        qs = qs.filter(status=status)
    if area:
        qs = qs.filter(area=area)
    opened = list(rules.OPEN_PROPOSAL)
    if deadline == OVERDUE:
        qs = qs.filter(status__in=opened, due_on__lt=today)
    elif deadline == SOON and soon_until is not None:
        qs = qs.filter(status__in=opened, due_on__gte=today, due_on__lte=soon_until)
    elif deadline == LATE:
        qs = qs.filter(status=ProposalStatus.CONCLUDED, concluded_on__gt=F("due_on"))
    if year:
        qs = qs.filter(received_on__year=year)
    words = fold((q or "").strip()).split()
    if words:
        # Document numbers carry "Đ" ("12-TTr/ĐU"): compared with đ read as d, like the folded words typed.
        doc = Replace(Replace(F("document_no"), Value("Đ"), Value("D")), Value("đ"), Value("d"))
        qs = qs.annotate(document_no_folded=doc)
    for word in words:
        qs = qs.filter(Q(title_folded__contains=word) | Q(document_no_folded__icontains=word))
    if mine:
        qs = qs.filter(reviewers__user=actor, reviewers__released_on__isnull=True)
    latest = Revision.objects.filter(proposal=OuterRef("pk")).order_by("-number").values("number")[:1]
    comments = (
        Comment.objects.filter(proposal=OuterRef("pk"))
        .order_by()
        .values("proposal")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        qs.select_related("org")
        .prefetch_related(_active_reviewers())
        .annotate(
            revision_number=Subquery(latest, output_field=IntegerField()),
            comment_count=Coalesce(Subquery(comments, output_field=IntegerField()), 0),
        )
        .order_by("-received_on", "-pk")
    )


def _reviewer_overdue(r: Reviewer, status: str, today: date) -> bool:
    return rules.reviewer_overdue(
        due_on=r.due_on, done_on=r.done_on, released_on=r.released_on, proposal_status=status, today=today
    )


@dataclass
class Row:
    """A proposal with its deadline flags and reviewers, for a list."""

    proposal: Proposal
    overdue: bool
    soon: bool
    late: bool
    lead: Reviewer | None
    reviewers: list[Reviewer]
    reviewers_overdue: int

    @property
    def flag(self) -> str:
        return rules.deadline_flag(overdue=self.overdue, soon=self.soon)


def rows(proposals, *, today: date, soon_until: date) -> list[Row]:
    out = []
    for p in proposals:
        reviewers = getattr(p, "active_reviewers", [])
        out.append(
            Row(
                proposal=p,
                overdue=rules.proposal_overdue(status=p.status, due_on=p.due_on, today=today),
                soon=rules.proposal_due_soon(status=p.status, due_on=p.due_on, today=today, soon_until=soon_until),
                late=rules.concluded_late(concluded_on=p.concluded_on, due_on=p.due_on),
                lead=next((r for r in reviewers if r.lead), None),
                reviewers=reviewers,
                reviewers_overdue=sum(_reviewer_overdue(r, p.status, today) for r in reviewers),
            )
        )
    return out


@dataclass
class Summary:
    total: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    overdue: int = 0
    soon: int = 0


def proposal_summary(qs: QuerySet[Proposal], *, today: date, soon_until: date) -> Summary:
    """The proposals of `qs` by status, and the open ones overdue or due soon: one aggregate query."""
    opened = list(rules.OPEN_PROPOSAL)
    measures = {
        s: Count("pk", filter=Q(status=s)) for s in ProposalStatus.values
    } | {
        "_overdue": Count("pk", filter=Q(status__in=opened, due_on__lt=today)),
        "_soon": Count("pk", filter=Q(status__in=opened, due_on__gte=today, due_on__lte=soon_until)),
    }  # fmt: skip
    row = qs.order_by().aggregate(**measures)
    by_status = {s: row[s] for s in ProposalStatus.values}
    return Summary(total=sum(by_status.values()), by_status=by_status, overdue=row["_overdue"], soon=row["_soon"])


@dataclass
class MyWork:
    assigned: int = 0
    pending: int = 0
    overdue: int = 0
    leading: int = 0


def my_work(*, actor, today: date | None = None) -> MyWork:
    """The appraisals the actor is assigned to (in their scope), still open: how many, how many wait for
    their opinion, how many of those are past their own deadline, how many they lead. One query."""
    today = today or timezone.localdate()
    qs = scope(
        Reviewer.objects.filter(user=actor, released_on__isnull=True, proposal__status__in=list(rules.OPEN_PROPOSAL)),
        actor,
        "proposal__org__path",
    )
    row = qs.aggregate(
        assigned=Count("pk"),
        pending=Count("pk", filter=Q(done_on__isnull=True)),
        overdue=Count("pk", filter=Q(done_on__isnull=True, due_on__lt=today)),
        leading=Count("pk", filter=Q(lead=True)),
    )
    return MyWork(**row)


def proposal_get(*, actor, pk: int, action: str = Action.VIEW) -> Proposal:
    """One proposal the actor sees (404 otherwise; 403 when the role lacks `action`)."""
    proposal = get_in_scope_or_404(
        Proposal.objects.select_related("org", "submitting_org", "concluded_by"), actor, "org__path", pk=pk
    )
    require(actor, action, proposal.org.path)
    return proposal


@dataclass
class Entry:
    """One line of a proposal's timeline."""

    on: date
    kind: str  # "revision", "request", "comment", "conclusion", "withdrawal"
    revision: Revision | None = None
    comment: Comment | None = None


@dataclass
class ReviewerRow:
    reviewer: Reviewer
    overdue: bool
    soon: bool


@dataclass
class Detail:
    proposal: Proposal
    revisions: list[Revision]
    latest: Revision
    reviewers: list[ReviewerRow]
    released: list[Reviewer]
    timeline: list[Entry]
    overdue: bool
    soon: bool
    late: bool
    pending: list[Reviewer]


def proposal_detail(*, actor, proposal: Proposal, today: date | None = None, soon: date | None = None) -> Detail:
    """A proposal's page: its drafts with the requests and comments on each (oldest first), its reviewers
    (still assigned, then released) with their deadlines, the flags of its own deadline. Three queries."""
    today = today or timezone.localdate()
    soon = soon or soon_until(today)
    revisions = list(
        proposal.revisions.prefetch_related(
            Prefetch("comments", queryset=Comment.objects.select_related("author").order_by("on", "pk"))
        ).order_by("number")
    )
    reviewers = list(proposal.reviewers.select_related("user__org").order_by("-lead", "assigned_on", "pk"))
    active = [r for r in reviewers if r.released_on is None]
    timeline: list[Entry] = []
    for rev in revisions:
        timeline.append(Entry(on=rev.received_on, kind="revision", revision=rev))
        timeline += [Entry(on=c.on, kind="comment", revision=rev, comment=c) for c in rev.comments.all()]
        if rev.changes_requested_on:
            timeline.append(Entry(on=rev.changes_requested_on, kind="request", revision=rev))
    if proposal.concluded_on:
        timeline.append(Entry(on=proposal.concluded_on, kind="conclusion"))
    if proposal.withdrawn_on:
        timeline.append(Entry(on=proposal.withdrawn_on, kind="withdrawal"))
    return Detail(
        proposal=proposal,
        revisions=revisions,
        latest=revisions[-1],
        reviewers=[
            ReviewerRow(
                reviewer=r,
                overdue=_reviewer_overdue(r, proposal.status, today),
                soon=proposal.status in rules.OPEN_PROPOSAL and r.done_on is None and today <= r.due_on <= soon,
            )
            for r in active
        ],
        released=[r for r in reviewers if r.released_on is not None],
        timeline=timeline,
        overdue=rules.proposal_overdue(status=proposal.status, due_on=proposal.due_on, today=today),
        soon=rules.proposal_due_soon(status=proposal.status, due_on=proposal.due_on, today=today, soon_until=soon),
        late=rules.concluded_late(concluded_on=proposal.concluded_on, due_on=proposal.due_on),
        pending=[r for r in active if r.done_on is None],
    )


def reviewer_candidates(*, actor, proposal: Proposal) -> QuerySet[User]:
    """Who may be assigned: active accounts of a role that edits or approves (not the system administrators),
    at the appraising org or above it, whom the actor sees, not already assigned."""
    paths = [*proposal.org.ancestor_paths(), proposal.org.path]
    roles = [
        r for r in Role.values if r != Role.ADMIN and (role_allows(r, Action.EDIT) or role_allows(r, Action.APPROVE))
    ]
    assigned = proposal.reviewers.filter(released_on__isnull=True).values("user_id")
    qs = User.objects.filter(is_active=True, org__path__in=paths, role__in=roles).exclude(pk__in=assigned)
    return scope(qs, actor, "org__path").select_related("org").order_by("org__path", "full_name", "username")


def export_rows(qs: QuerySet[Proposal], *, today: date):
    for i, p in enumerate(qs.iterator(chunk_size=500), start=1):
        reviewers = getattr(p, "active_reviewers", [])
        lead = next((r for r in reviewers if r.lead), None)
        overdue = rules.proposal_overdue(status=p.status, due_on=p.due_on, today=today)
        late = rules.concluded_late(concluded_on=p.concluded_on, due_on=p.due_on)
        yield [
            i,
            p.title,
            p.get_area_display(),
            p.submitted_by,
            p.document_no,
            p.org.name,
            _d(p.received_on),
            _d(p.due_on),
            p.get_status_display(),
            str(lead.user) if lead else "",
            ", ".join(str(r.user) for r in reviewers if not r.lead),
            p.revision_number or 1,
            p.comment_count,
            p.get_conclusion_display() if p.conclusion else "",
            _d(p.concluded_on),
            p.conclusion_no,
            "Quá hạn" if overdue else ("Kết luận chậm" if late else ""),
        ]


def _d(d) -> str:
    return d.strftime("%d/%m/%Y") if d else ""
