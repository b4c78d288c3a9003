"""Reads of elections: one election or ballot in the actor's scope, the figures a new election starts from
(those summoned and excused, the seats, the nominated names), the counting board's running count, and the
result of a counted election as rows for the page and the minutes."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch

from tochuc.accounts.roles import Action
from tochuc.core.scope import get_in_scope_or_404, require
from tochuc.members.choices import Status
from tochuc.members.models import Member

from .. import tally
from ..choices import Body, CongressKind, EntryMode
from ..models import BallotRecord, Candidate, Congress, Delegate, Election, Nomination, PersonnelPlan, SeatAllocation
from ..services.elections import candidate_keys


def election_get(*, actor, pk: int, action: str = Action.VIEW) -> Election:
    """One election inside the actor's scope (404 outside), the role checked for `action` (403)."""
    election = get_in_scope_or_404(
        Election.objects.select_related("congress", "congress__org", "congress__org__parent", "congress__upper"),
        actor,
        "congress__org__path",
        pk=pk,
    )
    require(actor, action, election.congress.org.path)
    return election


def ballot_get(*, actor, pk: int, action: str = Action.VIEW) -> BallotRecord:
    ballot = get_in_scope_or_404(
        BallotRecord.objects.select_related("election", "election__congress", "election__congress__org"),
        actor,
        "election__congress__org__path",
        pk=pk,
    )
    require(actor, action, ballot.election.congress.org.path)
    return ballot


def election_list(*, congress: Congress) -> list[Election]:
    """The elections of a congress (the caller got it through congress_get), by body and round."""
    return list(congress.elections.order_by("held_on", "body", "round", "pk"))


def candidates_of(election: Election) -> list[Candidate]:
    return list(election.candidates.select_related("member", "member__org").order_by("position"))


# --- A new election's starting figures ----------------------------------------------------------------------


def _plan_seats(congress: Congress, body: str) -> int | None:
    if body in (Body.SECRETARY, Body.INSPECTION_CHAIR):
        return 1
    if body == Body.DELEGATES:
        if congress.upper_id is None:
            return None
        allocation = SeatAllocation.objects.filter(congress_id=congress.upper_id, org=congress.org).first()
        return allocation.seats if allocation else None
    plan = PersonnelPlan.objects.filter(congress=congress).first()
    if plan is None:
        return None
    return {
        Body.COMMITTEE: plan.committee_seats,
        Body.STANDING: plan.standing_seats,
        Body.DEPUTY_SECRETARY: plan.deputy_secretaries,
        Body.INSPECTION: plan.inspection_seats,
    }.get(body) or None


def nominated_members(*, congress: Congress, body: str) -> list[Member]:
    """The names on the personnel plan's list for `body` (withdrawn ones left out), in the ballot's
    alphabetical order."""
    return [
        n.member
        for n in Nomination.objects.filter(plan__congress=congress, body=body, withdrawn_on__isnull=True)
        .select_related("member", "member__org")
        .order_by("member__sort_key", "member_id")
    ]


def attendance_figures(*, congress: Congress) -> dict[str, int]:
    """Those summoned and those absent with an approved reason: a delegates' congress counts its delegates
    (the delegates topic's figures), a members' congress the org's official members (DOMAIN.md §3.4)."""
    from .delegates import delegate_figures

    # A members' congress whose members were summoned on its list keeps their attendance there (the absences
    # approved by the convening committee are deducted from the base): the list counts, as at a delegates'.
    if congress.kind == CongressKind.DELEGATES or Delegate.objects.filter(congress=congress).exists():
        figures = delegate_figures(congress)
        return {"summoned": figures["summoned"], "absent_excused": figures["absent_excused"]}
    # Without a list: the official members in activity (not those moving away or out of contact).
    summoned = (
        Member.objects.active()
        .filter(status=Status.OFFICIAL, lost_contact=False, org__path__under=congress.org.path)
        .count()
    )
    return {"summoned": summoned, "absent_excused": 0}


def election_defaults(*, congress: Congress, body: str) -> dict:
    """What a new election of `body` starts from; every figure stays editable on the form."""
    figures = attendance_figures(congress=congress)
    return {
        **figures,
        "ballots_issued": figures["summoned"] - figures["absent_excused"],
        "seats": _plan_seats(congress, body),
        "candidates": nominated_members(congress=congress, body=body),
    }


# --- The counting board's running count ---------------------------------------------------------------------


@dataclass
class BallotRow:
    ballot: BallotRecord
    kept: list[Candidate]
    struck: list[Candidate]
    invalid_reason: str  # the board's reason, or the rule's (more names kept than seats), or ""


@dataclass
class RunningCount:
    candidates: list[Candidate]
    rows: list[BallotRow] = field(default_factory=list)
    collected: int = 0
    invalid: int = 0
    votes: dict[int, int] = field(default_factory=dict)  # by candidate id
    next_number: int = 1

    @property
    def valid(self) -> int:
        return self.collected - self.invalid

    @property
    def tallies(self) -> list[tuple[Candidate, int]]:
        return [(c, self.votes.get(c.pk, 0)) for c in self.candidates]


def running_count(*, election: Election) -> RunningCount:
    """The ballots entered so far, newest first, each judged as the tally will judge it, and the votes so
    far (three queries whatever the number of ballots)."""
    candidates = candidates_of(election)
    keys = candidate_keys(candidates)
    names = [keys[c.pk] for c in candidates]
    count = RunningCount(candidates=candidates, votes={c.pk: 0 for c in candidates})
    if election.entry_mode != EntryMode.BALLOTS:
        return count
    by_pk = {c.pk: c for c in candidates}
    ballots = election.ballots.prefetch_related(Prefetch("kept", queryset=Candidate.objects.only("pk", "position")))
    for ballot in ballots.order_by("number"):
        kept = sorted((by_pk[c.pk] for c in ballot.kept.all()), key=lambda c: c.position)
        reason = tally.ballot_invalid_reason(
            tally.Ballot(kept=tuple(keys[c.pk] for c in kept), invalid_reason=ballot.invalid_reason),
            seats=election.seats,
            candidates=names,
        )
        kept_ids = {c.pk for c in kept}
        count.rows.append(
            BallotRow(
                ballot=ballot, kept=kept, struck=[c for c in candidates if c.pk not in kept_ids], invalid_reason=reason
            )
        )
        count.collected += 1
        if reason:
            count.invalid += 1
        else:
            for c in kept:
                count.votes[c.pk] += 1
        count.next_number = ballot.number + 1
    count.rows.reverse()
    return count


# --- The result ---------------------------------------------------------------------------------------------


@dataclass
class ResultRow:
    candidate: Candidate
    name: str
    votes: int
    percent: float
    elected: bool
    tied: bool


@dataclass
class ElectionResult:
    data: dict
    rows: list[ResultRow]  # most votes first (ballot order among equals)
    elected: list[ResultRow]
    tied: list[ResultRow]
    not_elected: list[ResultRow]

    def __getattr__(self, name):
        try:
            return self.__dict__["data"][name]
        except KeyError:
            raise AttributeError(name) from None


def election_result(*, election: Election) -> ElectionResult | None:
    """The stored result of a counted election as rows; None before the count."""
    data = election.result
    if not data:
        return None
    candidates = {c.pk: c for c in candidates_of(election)}
    names = {row["id"]: row["name"] for row in data["candidates"]}
    elected, tied = set(data["elected"]), set(data["tied"])
    rows = [
        ResultRow(
            candidate=candidates[pk],
            name=name,
            votes=data["votes"][name],
            percent=data["percent"][name],
            elected=name in elected,
            tied=name in tied,
        )
        for pk, name in names.items()
    ]
    rows.sort(key=lambda r: (-r.votes, r.candidate.position))
    order = {name: i for i, name in enumerate(data["elected"])}
    won = sorted((r for r in rows if r.elected), key=lambda r: order[r.name])
    return ElectionResult(
        data=data,
        rows=rows,
        elected=won,
        tied=[r for r in rows if r.tied],
        not_elected=[r for r in rows if not r.elected],
    )
