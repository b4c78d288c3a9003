"""Reads for one member's record: the member's page and the printable dossier (in a fixed number of
queries), who may see the confidential parts, the corrections waiting for approval, the members on their
way to the actor's orgs. Always given the acting user; outside the scope a record does not exist (404)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from tochuc.accounts.roles import Role
from tochuc.core.calendar import working_day_deadline
from tochuc.core.rules import rules_in_force
from tochuc.core.scope import get_in_scope_or_404, require, root_path, scope
from tochuc.orgs.models import Org

from . import rules
from .choices import Status
from .models import Correction, EventKind, Member, MemberEvent, Membership, Relative, WorkAway, WorkPeriod
from .selectors_away import with_months

# The roles that keep or decide on records see the confidential parts of the dossier; a viewer does not.
SENSITIVE_ROLES = frozenset({Role.ADMIN, Role.OFFICER, Role.LEADER, Role.SECRETARY, Role.PROTECTION})


def can_see_sensitive(user) -> bool:
    """Whether `user` may see the confidential parts of a dossier: citizen ID, religion, residence,
    relatives and photo (DOMAIN.md §6.1, §11: the dossier is a confidential Party document).

    The one place this rule lives: the member's page, the photo, the family page and the PDF ask it.
    """
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return user.org_id is not None and user.role in SENSITIVE_ROLES


def sensitive_member_get(*, actor, pk: int, action: str) -> Member:
    """A member whose confidential parts the actor is about to read or change (photo, family, the packages):
    404 outside the scope, 403 without `action` where the member is, 403 for a role that may not see them."""
    member = get_in_scope_or_404(Member.objects.select_related("org"), actor, "org__path", pk=pk)
    require(actor, action, member.org.path)
    if not can_see_sensitive(actor):
        raise PermissionDenied
    return member


def _pending_transfer(value: str = "other_org__path") -> Subquery:
    """A field (the path by default) of the org an in-transit member's letter names: the latest transfer
    out that was not cancelled."""
    return Subquery(
        MemberEvent.objects.filter(member=OuterRef("pk"), kind=EventKind.TRANSFER_OUT, cancelled_by__isnull=True)
        .order_by("-on", "-id")
        .values(value)[:1]
    )


def _dossier_scope(actor) -> QuerySet[Member]:
    """Members whose org lies in the actor's scope, and members on their way to an org in it: the receiving
    side must see the record to confirm the arrival (DOMAIN.md §1.5)."""
    prefix = root_path(actor)
    qs = Member.objects.select_related("org", "temporary_host")
    if prefix is None:
        return qs.none()
    if prefix == "":
        return qs
    return qs.annotate(pending_to_path=_pending_transfer()).filter(
        Q(org__path__under=prefix) | Q(in_transit=True, pending_to_path__startswith=prefix)
    )


def members_incoming(*, actor) -> QuerySet[Member]:
    """Members of the province on their way to an org in the actor's scope, waiting for it to confirm."""
    prefix = root_path(actor)
    if prefix is None:
        return Member.objects.none()
    qs = (
        Member.objects.filter(in_transit=True)
        .select_related("org")
        .annotate(
            pending_to_path=_pending_transfer(),
            pending_to_name=_pending_transfer("other_org__name"),
            pending_since=_pending_transfer("on"),
        )
    )
    if prefix:
        qs = qs.filter(pending_to_path__startswith=prefix)
    return qs.order_by("sort_key", "id")


@dataclass
class Dossier:
    """What the member's page and the printable dossier show."""

    member: Member
    events: list[MemberEvent]  # newest first, without the `cancel` events (shown on what they cancel)
    memberships: list[Membership]  # newest first
    relatives: list[Relative]
    work_history: list[WorkPeriod]
    corrections: list[Correction]
    latest_event_id: int | None  # the one event that may be cancelled (event_cancel goes newest first)
    pending_to: Org | None  # the org an in-transit member is heading for
    temporary_out: MemberEvent | None  # the temporary transfer the member has not come back from
    temporary_until: date | None
    badges: list[int]  # milestones awarded
    readmitted: bool
    party_age_months: int | None  # None until the member is official
    probation_end: date | None
    review_due: date | None
    next_badge: int | None
    next_badge_due: date | None
    badge_eligible: int | None  # a milestone reached and not yet awarded
    badge_eligible_if_ill: int | None  # reached when the early award for serious illness is counted
    next_occasion: date | None  # the next badge ceremony day
    milestones: list[int]
    today: date
    work_away: list[WorkAway] = field(default_factory=list)  # spells of working away from home, newest first

    @property
    def away_now(self) -> WorkAway | None:
        """The spell away the member has not come back from (at most one)."""
        return next((w for w in self.work_away if w.until is None), None)


_NOT_CANCELLABLE = {EventKind.ADMITTED, EventKind.CANCEL}


def _cancelled(event: MemberEvent) -> bool:
    try:
        return event.cancelled_by is not None
    except MemberEvent.DoesNotExist:
        return False


def member_dossier(*, actor, pk: int, today: date | None = None) -> Dossier:
    """A member's whole record: 404 outside the scope (a member in transit to an org of the scope is
    inside it). The number of queries does not grow with the events, rows or corrections."""
    try:
        member = _dossier_scope(actor).get(pk=pk)
    except Member.DoesNotExist:
        raise Http404 from None
    today = today or timezone.localdate()
    rows = list(
        MemberEvent.objects.filter(member=member)
        .select_related("org", "other_org", "actor", "cancelled_by", "cancelled_by__actor")
        .order_by("-on", "-id")
    )
    live = [e for e in rows if e.kind != EventKind.CANCEL and not _cancelled(e)]
    latest = live[0] if live else None
    # services.event_cancel takes the latest event only, never an admission. The page also leaves out events
    # entered from the paper records (member_create): their dates are core fields of the dossier, changed
    # through an approved correction (24-QĐ/TW §6.2.4), not by a cancel without approval.
    cancellable = latest is not None and latest.kind not in _NOT_CANCELLABLE and not latest.data.get("registered")
    pending_to = None
    if member.in_transit:
        out = next((e for e in live if e.kind == EventKind.TRANSFER_OUT), None)
        pending_to = out.other_org if out else None
    away = next((e for e in live if e.kind in (EventKind.TEMPORARY_OUT, EventKind.TEMPORARY_RETURN)), None)
    temporary_out = away if away is not None and away.kind == EventKind.TEMPORARY_OUT else None
    badges = sorted(int(e.data["milestone"]) for e in live if e.kind == EventKind.BADGE and "milestone" in e.data)

    r = rules_in_force(today)
    milestones = list(r["badge.milestones_years"])
    official = member.status == Status.OFFICIAL
    start = member.party_age_from  # the admission date pushed later by the gaps (kept by member_sync)
    age = rules.party_age_months(start, official, [], today) if start else None
    early = {"early_up_to_65": r["badge.early_months_up_to_65"], "early_from_70": r["badge.early_months_from_70"]}
    next_badge = next_due = eligible = eligible_ill = occasion = None
    if official and start:
        # A milestone below the highest badge awarded is passed, not due: the 45-year badge is not offered
        # to a member who already holds the 50-year one.
        passed = [m for m in milestones if badges and m <= max(badges)]
        eligible = rules.eligible_badge(start, today, milestones=milestones, awarded=passed, **early)
        eligible_ill = rules.eligible_badge(
            start, today, milestones=milestones, awarded=passed, seriously_ill=True, **early
        )
        upcoming = [m for m in milestones if m not in passed and (eligible is None or m > eligible)]
        if upcoming:
            next_badge = upcoming[0]
            next_due = rules.badge_due_on(start, next_badge, seriously_ill=False, **early)
        occasion = rules.next_occasion(today, r["badge.occasions"])
    probation_end = review_due = None
    if member.status == Status.PROBATIONARY and member.ceremony_on:
        probation_end = rules.probation_end(member.ceremony_on, months=r["probation.months"])
        review_due = working_day_deadline(probation_end, r["probation.review_working_days"])
    until = temporary_out.data.get("until") if temporary_out is not None else None
    return Dossier(
        member=member,
        events=[e for e in rows if e.kind != EventKind.CANCEL],
        memberships=list(member.memberships.select_related("org").order_by("-valid_from", "-id")),
        relatives=list(member.relatives.order_by("id")),
        work_history=list(member.work_history.order_by("valid_from", "id")),
        corrections=list(member.corrections.select_related("requested_by", "decided_by").order_by("-requested_at")),
        latest_event_id=latest.pk if cancellable else None,
        pending_to=pending_to,
        temporary_out=temporary_out,
        temporary_until=date.fromisoformat(until) if until else None,
        badges=badges,
        readmitted=any(e.kind == EventKind.READMITTED for e in live),
        party_age_months=age,
        probation_end=probation_end,
        review_due=review_due,
        next_badge=next_badge,
        next_badge_due=next_due,
        badge_eligible=eligible,
        badge_eligible_if_ill=eligible_ill,
        next_occasion=occasion,
        milestones=milestones,
        today=today,
        work_away=with_months(list(member.work_away.order_by("-since", "-id")), today),
    )


def org_chain(org: Org) -> list[Org]:
    """The org and its ancestors, root first: an official document's heading names them whatever the
    reader's scope (the names of orgs are not confidential)."""
    by_path = {o.path: o for o in Org.objects.filter(path__in=org.ancestor_paths())}
    return [*(by_path[p] for p in org.ancestor_paths() if p in by_path), org]


def corrections_pending(*, actor) -> QuerySet[Correction]:
    """Corrections waiting for a decision, of members in the actor's scope, oldest first."""
    qs = Correction.objects.filter(state=Correction.State.PENDING).select_related(
        "member", "member__org", "requested_by"
    )
    return scope(qs, actor, "member__org__path").order_by("requested_at", "id")


def correction_get(*, actor, pk: int) -> Correction:
    qs = Correction.objects.select_related("member", "member__org", "requested_by", "decided_by")
    return get_in_scope_or_404(qs, actor, "member__org__path", pk=pk)


def relative_get(*, actor, member: Member, pk: int) -> Relative:
    return get_in_scope_or_404(Relative.objects.filter(member=member), actor, "member__org__path", pk=pk)


def work_period_get(*, actor, member: Member, pk: int) -> WorkPeriod:
    return get_in_scope_or_404(WorkPeriod.objects.filter(member=member), actor, "member__org__path", pk=pk)
