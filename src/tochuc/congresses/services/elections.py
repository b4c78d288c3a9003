"""Elections at a congress (Quy chế bầu cử 190-QĐ/TW; DOMAIN.md §3): an election of one body with its
candidates in ballot order; the counting board's entry, ballot by ballot or as verified totals (one mode per
election, never mixed); the count by `congresses.tally`; a further round for the seats left; and the upper
committee's approval (chuẩn y), after which the winners hold their seats or go to the upper congress."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from tochuc.accounts.roles import Action
from tochuc.core.audit import audit_record
from tochuc.core.errors import DomainError
from tochuc.core.scope import in_scope, require
from tochuc.members.models import Member

from .. import tally
from ..choices import Body, DelegateKind, ElectionStatus, EntryMode
from ..models import BallotRecord, Candidate, Congress, Delegate, Election

# The bodies whose winners take seats on the new committee (through the personnel topic's memberships);
# the delegates go to the upper congress instead.
COMMITTEE_BODIES = frozenset(b.value for b in Body if b != Body.DELEGATES)
REASON_MAX = BallotRecord._meta.get_field("invalid_reason").max_length


def _fmt(d: date) -> str:
    return d.strftime("%d/%m/%Y")


def candidate_keys(candidates: Sequence[Candidate]) -> dict[int, str]:
    """The name the tally knows each candidate by: the full name, with the org's code added for namesakes
    (and the ballot position if still equal), so that the tally's messages and the minutes read as names."""
    by_name: dict[str, int] = {}
    for c in candidates:
        by_name[c.member.full_name] = by_name.get(c.member.full_name, 0) + 1
    keys: dict[int, str] = {}
    for c in candidates:
        name = c.member.full_name
        if by_name[name] > 1:
            name = f"{name} ({c.member.org.code})"
            if name in keys.values():
                name = f"{name} [{c.position}]"
        keys[c.pk] = name
    return keys


def _lock(election: Election) -> Election:
    return (
        Election.objects.select_for_update(of=("self",)).select_related("congress", "congress__org").get(pk=election.pk)
    )


def _require_open(election: Election) -> None:
    if election.status != ElectionStatus.OPEN:
        raise DomainError(
            _("Cuộc bầu cử đã kiểm phiếu xong («%(s)s»): không sửa được phiếu, số liệu.")
            % {"s": election.get_status_display()},
            field=None,
        )


def _count_value(value, field: str, label: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise DomainError(_("%(l)s phải là số nguyên không âm.") % {"l": label}, field=field)
    return value


# --- Creating an election -----------------------------------------------------------------------------------


@transaction.atomic
def election_create(
    *,
    actor,
    congress: Congress,
    body: str,
    held_on: date,
    seats: int,
    summoned: int,
    absent_excused: int = 0,
    ballots_issued: int = 0,
    entry_mode: str = EntryMode.BALLOTS,
    candidates: Sequence[Member],
    round: int = 1,
) -> Election:
    """An election of `body` at `congress`, round `round`, with `candidates` in ballot order. Refused when
    the round exists, the figures do not hold together, or a candidate is listed twice or is not active."""
    if actor is not None:
        require(actor, Action.CREATE, congress.org.path)
    congress = Congress.objects.select_for_update().select_related("org").get(pk=congress.pk)
    if body not in Body.values:
        raise DomainError(_("Chọn nội dung bầu."), field="body")
    if entry_mode not in EntryMode.values:
        raise DomainError(_("Chọn cách nhập kết quả kiểm phiếu."), field="entry_mode")
    if not isinstance(round, int) or round < 1:
        raise DomainError(_("Lần bầu phải từ 1 trở lên."), field="round")
    if Election.objects.filter(congress=congress, body=body, round=round).exists():
        raise DomainError(
            _("Đại hội đã có cuộc bầu «%(b)s» lần %(r)s.") % {"b": Body(body).label, "r": round}, field="body"
        )
    if round > 1 and not Election.objects.filter(congress=congress, body=body, round=round - 1).exists():
        raise DomainError(_("Chưa có cuộc bầu lần %(r)s.") % {"r": round - 1}, field="round")
    if held_on > timezone.localdate():
        raise DomainError(_("Ngày bầu không được sau ngày hôm nay."), field="held_on")
    if held_on < congress.planned_from and (congress.held_from is None or held_on < congress.held_from):
        start = congress.held_from or congress.planned_from
        raise DomainError(_("Ngày bầu trước ngày khai mạc đại hội (%(d)s).") % {"d": _fmt(start)}, field="held_on")
    seats = _count_value(seats, "seats", _("Số lượng cần bầu"))
    summoned = _count_value(summoned, "summoned", _("Số được triệu tập"))
    absent_excused = _count_value(absent_excused, "absent_excused", _("Số vắng mặt có lý do"))
    ballots_issued = _count_value(ballots_issued, "ballots_issued", _("Số phiếu phát ra"))
    if seats < 1:
        raise DomainError(_("Số lượng cần bầu phải từ 1 trở lên."), field="seats")
    if body in (Body.SECRETARY, Body.INSPECTION_CHAIR) and seats != 1:
        raise DomainError(_("Bầu «%(b)s» chỉ bầu 1 người.") % {"b": Body(body).label}, field="seats")
    if summoned < 1:
        raise DomainError(_("Số được triệu tập phải từ 1 trở lên."), field="summoned")
    if absent_excused >= summoned:
        raise DomainError(
            _("Số vắng mặt cả đại hội có lý do (%(a)s) phải nhỏ hơn số được triệu tập (%(s)s).")
            % {"a": absent_excused, "s": summoned},
            field="absent_excused",
        )
    if ballots_issued > summoned - absent_excused:
        raise DomainError(
            _("Số phiếu phát ra (%(i)s) lớn hơn số có mặt tính theo triệu tập (%(b)s).")
            % {"i": ballots_issued, "b": summoned - absent_excused},
            field="ballots_issued",
        )
    members = list(candidates)
    if not members:
        raise DomainError(_("Danh sách bầu cử chưa có ai."), field="candidates")
    seen: set[int] = set()
    for m in members:
        if m.pk in seen:
            raise DomainError(
                _("%(n)s có tên hai lần trong danh sách bầu cử.") % {"n": m.full_name}, field="candidates"
            )
        seen.add(m.pk)
    inactive = Member.objects.filter(pk__in=seen).exclude(pk__in=Member.objects.active().values("pk")).first()
    if inactive is not None:
        raise DomainError(
            _("%(n)s không còn sinh hoạt đảng (%(s)s): không đưa vào danh sách bầu cử.")
            % {"n": inactive.full_name, "s": inactive.get_status_display()},
            field="candidates",
        )
    if actor is not None:
        # A candidate from outside the actor's part of the tree cannot be named on its ballot.
        outside = Member.objects.filter(pk__in=seen).select_related("org")
        for m in outside:
            require(actor, Action.VIEW, m.org.path)
    # The congress elects from the members of its own organization (DOMAIN.md §3.3: a nominee belongs to it).
    stranger = (
        Member.objects.filter(pk__in=seen).exclude(org__path__under=congress.org.path).select_related("org").first()
    )
    if stranger is not None:
        raise DomainError(
            _("%(n)s không sinh hoạt trong «%(o)s»: không đưa vào danh sách bầu cử của đại hội này.")
            % {"n": stranger.full_name, "o": congress.org.name},
            field="candidates",
        )
    if len(members) < seats:
        raise DomainError(
            _("Danh sách có %(n)s người, ít hơn số lượng cần bầu (%(s)s).") % {"n": len(members), "s": seats},
            field="candidates",
        )
    election = Election.objects.create(
        congress=congress,
        body=body,
        round=round,
        held_on=held_on,
        seats=seats,
        summoned=summoned,
        absent_excused=absent_excused,
        ballots_issued=ballots_issued,
        entry_mode=entry_mode,
    )
    Candidate.objects.bulk_create(
        [Candidate(election=election, member=m, position=i) for i, m in enumerate(members, start=1)]
    )
    audit_record(
        actor=actor,
        action="election.create",
        obj=election,
        org_path=congress.org.path,
        changes={
            "congress": {"before": None, "after": str(congress)},
            "body": {"before": None, "after": body},
            "round": {"before": None, "after": round},
            "held_on": {"before": None, "after": held_on},
            "seats": {"before": None, "after": seats},
            "summoned": {"before": None, "after": summoned},
            "absent_excused": {"before": None, "after": absent_excused},
            "ballots_issued": {"before": None, "after": ballots_issued},
            "entry_mode": {"before": None, "after": entry_mode},
            "candidates": {"before": None, "after": [m.full_name for m in members]},
        },
    )
    return election


@transaction.atomic
def election_next_round(*, actor, election: Election, candidates: Sequence[Member], held_on: date) -> Election:
    """The further round the congress decided on after a tie at the last seat or a shortfall: the seats left
    unfilled, the same summoned and excused, and the names the congress kept on the list (DOMAIN.md §3.4)."""
    if actor is not None:
        require(actor, Action.CREATE, election.congress.org.path)
    election = _lock(election)
    if election.status == ElectionStatus.OPEN or not election.result:
        raise DomainError(_("Chưa kiểm phiếu lần bầu này."), field=None)
    if not election.result.get("round_needed"):
        raise DomainError(_("Lần bầu này đã bầu đủ số lượng: không cần bầu thêm."), field=None)
    if Election.objects.filter(congress=election.congress, body=election.body, round__gt=election.round).exists():
        raise DomainError(_("Đã lập lần bầu tiếp theo."), field=None)
    elected = set(election.result.get("elected_ids") or [])
    members = list(candidates)
    won = [m for m in members if m.pk in elected]
    if won:
        raise DomainError(
            _("%(n)s đã trúng cử ở lần bầu này: không đưa vào danh sách bầu tiếp.") % {"n": won[0].full_name},
            field="candidates",
        )
    if held_on < election.held_on:
        raise DomainError(
            _("Lần bầu tiếp theo không được trước lần bầu trước (%(d)s).") % {"d": _fmt(election.held_on)},
            field="held_on",
        )
    return election_create(
        actor=actor,
        congress=election.congress,
        body=election.body,
        round=election.round + 1,
        held_on=held_on,
        seats=int(election.result["seats_unfilled"]),
        summoned=election.summoned,
        absent_excused=election.absent_excused,
        ballots_issued=0,
        entry_mode=election.entry_mode,
        candidates=members,
    )


# --- The counting board's entry -----------------------------------------------------------------------------


def _ballot_values(election: Election, kept: Sequence[Candidate], invalid_reason: str) -> tuple[list[Candidate], str]:
    if election.entry_mode != EntryMode.BALLOTS:
        raise DomainError(
            _("Cuộc bầu cử này nhập theo số tổng hợp đã kiểm: không nhập thêm từng phiếu (không trộn hai cách nhập)."),
            field="entry_mode",
        )
    _require_open(election)
    reason = " ".join((invalid_reason or "").split())
    if len(reason) > REASON_MAX:
        raise DomainError(_("Lý do quá dài (tối đa %(n)s ký tự).") % {"n": REASON_MAX}, field="invalid_reason")
    kept = list(kept)
    if any(c.election_id != election.pk for c in kept):
        raise DomainError(_("Có tên không thuộc danh sách bầu cử này."), field="kept")
    if len({c.pk for c in kept}) != len(kept):
        raise DomainError(_("Một tên được ghi hai lần trên cùng một phiếu."), field="kept")
    # An invalid ballot counts for nobody: what it kept is not recorded.
    return ([] if reason else kept), reason


def _ballot_changes(kept: Sequence[Candidate], reason: str) -> dict:
    return {
        "kept": [c.member.full_name for c in kept],
        "invalid_reason": reason,
    }


@transaction.atomic
def ballot_record(*, actor, election: Election, kept: Sequence[Candidate], invalid_reason: str = "") -> BallotRecord:
    """One collected ballot as the board reads it: the names not struck out (`kept`), or the reason the board
    found it invalid. Numbered after the last. A ballot keeping more names than seats is stored as read and
    counted invalid by the tally."""
    if actor is not None:
        require(actor, Action.EDIT, election.congress.org.path)
    election = _lock(election)
    kept, reason = _ballot_values(election, kept, invalid_reason)
    number = (election.ballots.aggregate(n=Max("number"))["n"] or 0) + 1
    ballot = BallotRecord.objects.create(
        election=election, number=number, invalid_reason=reason, actor=actor if getattr(actor, "pk", None) else None
    )
    ballot.kept.set(kept)
    audit_record(
        actor=actor,
        action="election.ballot",
        obj=ballot,
        org_path=election.congress.org.path,
        changes={k: {"before": None, "after": v} for k, v in _ballot_changes(kept, reason).items()},
        note=_("Phiếu số %(n)s") % {"n": number},
    )
    return ballot


@transaction.atomic
def ballot_update(*, actor, ballot: BallotRecord, kept: Sequence[Candidate], invalid_reason: str = "") -> BallotRecord:
    """Correct a ballot read wrongly, before the count."""
    election = ballot.election
    if actor is not None:
        require(actor, Action.EDIT, election.congress.org.path)
    election = _lock(election)
    ballot = BallotRecord.objects.get(pk=ballot.pk)
    before = _ballot_changes(list(ballot.kept.select_related("member")), ballot.invalid_reason)
    kept, reason = _ballot_values(election, kept, invalid_reason)
    ballot.invalid_reason = reason
    ballot.save(update_fields=["invalid_reason"])
    ballot.kept.set(kept)
    after = _ballot_changes(kept, reason)
    audit_record(
        actor=actor,
        action="election.ballot",
        obj=ballot,
        org_path=election.congress.org.path,
        changes={k: {"before": before[k], "after": after[k]} for k in after if before[k] != after[k]},
        note=_("Sửa phiếu số %(n)s") % {"n": ballot.number},
    )
    return ballot


@transaction.atomic
def ballot_delete(*, actor, ballot: BallotRecord) -> None:
    """Take out a ballot entered by mistake (twice, or from another election), before the count."""
    election = ballot.election
    if actor is not None:
        require(actor, Action.EDIT, election.congress.org.path)
    election = _lock(election)
    if election.entry_mode != EntryMode.BALLOTS:
        raise DomainError(_("Cuộc bầu cử này nhập theo số tổng hợp."), field="entry_mode")
    _require_open(election)
    ballot = BallotRecord.objects.get(pk=ballot.pk)
    before = _ballot_changes(list(ballot.kept.select_related("member")), ballot.invalid_reason)
    audit_record(
        actor=actor,
        action="election.ballot",
        obj=ballot,
        org_path=election.congress.org.path,
        changes={k: {"before": v, "after": None} for k, v in before.items()},
        note=_("Bỏ phiếu số %(n)s nhập nhầm") % {"n": ballot.number},
    )
    ballot.kept.clear()
    ballot.delete()


@transaction.atomic
def election_totals(
    *,
    actor,
    election: Election,
    ballots_issued: int,
    collected: int,
    invalid: int,
    votes: Mapping[int, int],
) -> Election:
    """The counting board's verified totals: ballots issued and collected, invalid, and each candidate's
    votes (`votes` by candidate id). Checked by the tally at once, so that inconsistent figures are refused
    with its message before they are kept; may be corrected until the count."""
    if actor is not None:
        require(actor, Action.EDIT, election.congress.org.path)
    election = _lock(election)
    if election.entry_mode != EntryMode.TOTALS:
        raise DomainError(
            _("Cuộc bầu cử này nhập từng phiếu: không nhập số tổng hợp (không trộn hai cách nhập)."),
            field="entry_mode",
        )
    _require_open(election)
    ballots_issued = _count_value(ballots_issued, "ballots_issued", _("Số phiếu phát ra"))
    collected = _count_value(collected, "collected", _("Số phiếu thu vào"))
    invalid = _count_value(invalid, "invalid", _("Số phiếu không hợp lệ"))
    candidates = list(election.candidates.select_related("member", "member__org"))
    for c in candidates:
        if c.pk not in votes:
            raise DomainError(_("Thiếu số phiếu bầu của %(n)s.") % {"n": c.member.full_name}, field="votes")
        _count_value(votes[c.pk], "votes", _("Số phiếu bầu của %(n)s") % {"n": c.member.full_name})
    unknown = set(votes) - {c.pk for c in candidates}
    if unknown:
        raise DomainError(_("Có tên không thuộc danh sách bầu cử này."), field="votes")
    keys = candidate_keys(candidates)
    tally.tally(
        seats=election.seats,
        candidates=[keys[c.pk] for c in candidates],
        summoned=election.summoned,
        absent_excused=election.absent_excused,
        ballots_issued=ballots_issued,
        totals=tally.Totals(collected=collected, invalid=invalid, votes={keys[c.pk]: votes[c.pk] for c in candidates}),
    )
    before = {
        "ballots_issued": election.ballots_issued,
        "collected": election.collected,
        "invalid": election.invalid,
        "votes": {keys[c.pk]: c.votes for c in candidates},
    }
    election.ballots_issued, election.collected, election.invalid = ballots_issued, collected, invalid
    election.save(update_fields=["ballots_issued", "collected", "invalid"])
    for c in candidates:
        c.votes = votes[c.pk]
    Candidate.objects.bulk_update(candidates, ["votes"])
    after = {
        "ballots_issued": ballots_issued,
        "collected": collected,
        "invalid": invalid,
        "votes": {keys[c.pk]: c.votes for c in candidates},
    }
    audit_record(
        actor=actor,
        action="election.ballot",
        obj=election,
        org_path=election.congress.org.path,
        changes={k: {"before": before[k], "after": after[k]} for k in after if before[k] != after[k]},
        note=_("Số tổng hợp đã kiểm"),
    )
    return election


@transaction.atomic
def election_ballots_issued(*, actor, election: Election, ballots_issued: int) -> Election:
    """Correct the number of ballots issued (entry ballot by ballot), before the count."""
    if actor is not None:
        require(actor, Action.EDIT, election.congress.org.path)
    election = _lock(election)
    _require_open(election)
    ballots_issued = _count_value(ballots_issued, "ballots_issued", _("Số phiếu phát ra"))
    if ballots_issued > election.summoned - election.absent_excused:
        raise DomainError(
            _("Số phiếu phát ra (%(i)s) lớn hơn số có mặt tính theo triệu tập (%(b)s).")
            % {"i": ballots_issued, "b": election.summoned - election.absent_excused},
            field="ballots_issued",
        )
    before = election.ballots_issued
    if before == ballots_issued:
        return election
    election.ballots_issued = ballots_issued
    election.save(update_fields=["ballots_issued"])
    audit_record(
        actor=actor,
        action="election.update",
        obj=election,
        org_path=election.congress.org.path,
        changes={"ballots_issued": {"before": before, "after": ballots_issued}},
        note=_("Sửa số phiếu phát ra"),
    )
    return election


# --- The count ----------------------------------------------------------------------------------------------


def _tally(election: Election) -> tuple[tally.Result, list[Candidate], dict[int, str]]:
    candidates = list(election.candidates.select_related("member", "member__org"))
    keys = candidate_keys(candidates)
    common = {
        "seats": election.seats,
        "candidates": [keys[c.pk] for c in candidates],
        "summoned": election.summoned,
        "absent_excused": election.absent_excused,
        "ballots_issued": election.ballots_issued,
    }
    if election.entry_mode == EntryMode.BALLOTS:
        records = list(election.ballots.prefetch_related("kept"))
        if not records:
            raise DomainError(_("Chưa nhập phiếu bầu nào."), field=None)
        ballots = [
            tally.Ballot(
                kept=tuple(keys[c.pk] for c in sorted(r.kept.all(), key=lambda c: c.position)),
                invalid_reason=r.invalid_reason,
            )
            for r in records
        ]
        return tally.tally(**common, ballots=ballots), candidates, keys
    if election.collected is None or election.invalid is None or any(c.votes is None for c in candidates):
        raise DomainError(_("Chưa nhập số tổng hợp đã kiểm."), field=None)
    totals = tally.Totals(
        collected=election.collected, invalid=election.invalid, votes={keys[c.pk]: c.votes for c in candidates}
    )
    return tally.tally(**common, totals=totals), candidates, keys


@transaction.atomic
def election_count(*, actor, election: Election) -> Election:
    """Close the count: the tally of the stored ballots or totals, kept with the election (its JSON, plus
    each candidate's id so that the names stay tied to members). Refused with the tally's message when the
    figures do not hold together; nothing can be entered afterwards."""
    if actor is not None:
        require(actor, Action.EDIT, election.congress.org.path)
    election = _lock(election)
    _require_open(election)
    result, candidates, keys = _tally(election)
    member_of = {keys[c.pk]: c.member_id for c in candidates}
    data = result.to_json()
    data["seats"] = election.seats
    data["candidates"] = [{"id": c.pk, "member": c.member_id, "name": keys[c.pk]} for c in candidates]
    data["elected_ids"] = [member_of[name] for name in result.elected]
    data["tied_ids"] = [member_of[name] for name in result.tied]
    election.result = data
    election.collected, election.invalid = result.collected, result.invalid
    election.status = ElectionStatus.COUNTED
    election.counted_at = timezone.now()
    election.save(update_fields=["result", "collected", "invalid", "status", "counted_at"])
    audit_record(
        actor=actor,
        action="election.count",
        obj=election,
        org_path=election.congress.org.path,
        changes={
            "status": {"before": ElectionStatus.OPEN, "after": ElectionStatus.COUNTED},
            "elected": {"before": None, "after": result.elected},
            "tied": {"before": None, "after": result.tied},
            "seats_unfilled": {"before": None, "after": result.seats_unfilled},
        },
        note=_("Cơ sở tính: %(b)s; thu vào %(c)s, hợp lệ %(v)s, không hợp lệ %(i)s")
        % {"b": result.base, "c": result.collected, "v": result.valid, "i": result.invalid},
    )
    return election


# --- Approval -----------------------------------------------------------------------------------------------


def approver_path(congress: Congress) -> str:
    """The org whose committee approves (chuẩn y) the results: the upper one (DOMAIN.md §3.1); a top org's
    results are approved in its own scope by whoever holds the right there."""
    org = congress.org
    return org.parent.path if org.parent_id else org.path


def can_approve(actor, congress: Congress) -> bool:
    """Whether `actor` may approve the results: the approving org in their scope (someone who sees the
    congress but not the upper org is refused with 403, not 404) and the approval right."""
    return in_scope(actor, approver_path(congress)) and actor.can(Action.APPROVE)


@transaction.atomic
def election_approve(*, actor, election: Election, on: date, decision_no: str) -> Election:
    """The upper committee's approval (chuẩn y) of a counted election. The winners become the new
    committee's members (a committee, standing committee, secretary or inspection election) or the upper
    congress's delegates (an election of delegates, when the upper congress is known)."""
    congress = election.congress
    if actor is not None:
        require(actor, Action.VIEW, congress.org.path)
        if not can_approve(actor, congress):
            raise PermissionDenied
    election = _lock(election)
    congress = election.congress
    decision_no = " ".join((decision_no or "").split())
    if election.status == ElectionStatus.APPROVED:
        raise DomainError(_("Kết quả đã được chuẩn y ngày %(d)s.") % {"d": _fmt(election.approved_on)}, field=None)
    if election.status != ElectionStatus.COUNTED:
        raise DomainError(_("Chưa kiểm phiếu: chưa chuẩn y được."), field=None)
    if not decision_no:
        raise DomainError(_("Ghi số quyết định chuẩn y."), field="decision_no")
    if len(decision_no) > 64:
        raise DomainError(_("Số quyết định quá dài (tối đa 64 ký tự)."), field="decision_no")
    if on < election.held_on:
        raise DomainError(
            _("Ngày chuẩn y không được trước ngày bầu (%(d)s).") % {"d": _fmt(election.held_on)}, field="on"
        )
    if on > timezone.localdate():
        raise DomainError(_("Ngày chuẩn y không được sau ngày hôm nay."), field="on")
    elected_ids = list(election.result.get("elected_ids") or [])
    by_pk = Member.objects.in_bulk(elected_ids)
    members = [by_pk[pk] for pk in elected_ids]
    election.status = ElectionStatus.APPROVED
    election.approved_on = on
    election.save(update_fields=["status", "approved_on"])
    audit_record(
        actor=actor,
        action="election.approve",
        obj=election,
        org_path=congress.org.path,
        changes={
            "status": {"before": ElectionStatus.COUNTED, "after": ElectionStatus.APPROVED},
            "approved_on": {"before": None, "after": on},
            "decision_no": {"before": None, "after": decision_no},
            "elected": {"before": None, "after": [m.full_name for m in members]},
        },
    )
    if election.body in COMMITTEE_BODIES:
        from .personnel import membership_from_election

        membership_from_election(actor=actor, election=election, members=members, on=on, decision_no=decision_no)
    elif congress.upper_id is not None:
        _delegates_to_upper(actor=actor, election=election, members=members)
    return election


def _delegates_to_upper(*, actor, election: Election, members: Sequence[Member]) -> None:
    """The elected delegates, recorded in the upper congress's list (credentials still to be checked)."""
    congress = election.congress
    upper = Congress.objects.select_related("org").get(pk=congress.upper_id)
    already = set(Delegate.objects.filter(congress=upper, member__in=members).values_list("member_id", flat=True))
    for m in members:
        if m.pk in already:
            continue
        delegate = Delegate.objects.create(congress=upper, member=m, from_org=congress.org, kind=DelegateKind.ELECTED)
        audit_record(
            actor=actor,
            action="delegate.add",
            obj=delegate,
            org_path=upper.org.path,
            changes={
                "member": {"before": None, "after": m.full_name},
                "from_org": {"before": None, "after": congress.org.code},
                "kind": {"before": None, "after": DelegateKind.ELECTED},
            },
            note=_("Trúng cử tại %(c)s, lần bầu %(r)s") % {"c": str(congress), "r": election.round},
        )
