"""The tally of a secret-ballot election inside the Party, as pure functions (no database).

Sources: Quy chế bầu cử 190-QĐ/TW and the 244-QĐ/TW practice it is presumed to keep, DOMAIN.md §3.4 (who is
elected: more than half of the base, the base being those summoned minus those absent with an approved reason,
never the valid ballots; the most votes take the seats; a tie at the last seat goes to a further round) and
§3.5 (a ballot keeping more names than seats is invalid; keeping fewer, or nobody, is valid).

Two ways in, with one result: ballot by ballot (`ballots=`), or the counting board's totals (`totals=`).
Inconsistent figures are refused with `TallyError`, whose message says in Vietnamese what is wrong.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from tochuc.core.errors import DomainError


class TallyError(DomainError, ValueError):
    """The figures or ballots cannot be tallied. A `DomainError` (message and field) so that pages and the
    election service show it like any other refusal; a `ValueError` because it is bad input."""


@dataclass(frozen=True)
class Ballot:
    """One collected ballot: the names it keeps (not struck out), or why the counting board found it invalid
    (not issued by the board, marks on it...). Keeping more names than seats makes it invalid by itself."""

    kept: tuple[str, ...]
    invalid_reason: str = ""


@dataclass(frozen=True)
class Totals:
    """The counting board's totals: ballots collected, of which invalid, and each candidate's votes."""

    collected: int
    invalid: int
    votes: Mapping[str, int]


@dataclass(frozen=True)
class Result:
    """The outcome of one round. `percent` is of the base (two decimals); `elected` is ordered by votes
    (ties in list order); `tied` are the candidates tied at the last seat, none of them elected."""

    base: int
    collected: int
    valid: int
    invalid: int
    votes: dict[str, int]
    percent: dict[str, float]
    elected: list[str] = field(default_factory=list)
    tied: list[str] = field(default_factory=list)
    seats_unfilled: int = 0
    round_needed: bool = False

    def to_json(self) -> dict[str, Any]:
        """The result as the JSON object of the tally (issue 6): plain dicts, lists, ints, floats, bools."""
        return {
            "base": self.base,
            "collected": self.collected,
            "valid": self.valid,
            "invalid": self.invalid,
            "votes": dict(self.votes),
            "percent": dict(self.percent),
            "elected": list(self.elected),
            "tied": list(self.tied),
            "seats_unfilled": self.seats_unfilled,
            "round_needed": self.round_needed,
        }


# --- Checks -----------------------------------------------------------------------------------------------

LABELS = {
    "seats": "Số người cần bầu",
    "summoned": "Số được triệu tập",
    "absent_excused": "Số vắng mặt có lý do được chấp nhận",
    "ballots_issued": "Số phiếu phát ra",
    "collected": "Số phiếu thu vào",
    "invalid": "Số phiếu không hợp lệ",
}


def _count(value: object, name: str, *, minimum: int = 0) -> int:
    # bool is an int in Python, but `true` is not a number of ballots.
    label = LABELS.get(name, name)
    if not isinstance(value, int) or isinstance(value, bool):
        raise TallyError(f"{label} phải là một số nguyên (nhận được {value!r}).", field=name)
    if value < minimum:
        if minimum == 0:
            raise TallyError(f"{label} không được là số âm (nhận được {value}).", field=name)
        raise TallyError(f"{label} phải từ {minimum} trở lên (nhận được {value}).", field=name)
    return value


def _candidates(candidates: Sequence[str]) -> tuple[str, ...]:
    if isinstance(candidates, str) or not isinstance(candidates, Sequence):
        raise TallyError("Danh sách ứng cử viên phải là một danh sách tên.", field="candidates")
    names = tuple(candidates)
    if not names:
        raise TallyError("Danh sách ứng cử viên đang trống.", field="candidates")
    seen: set[str] = set()
    for i, name in enumerate(names, 1):
        if not isinstance(name, str) or not name.strip():
            raise TallyError(f"Ứng cử viên thứ {i} không có tên (nhận được {name!r}).", field="candidates")
        if name in seen:
            raise TallyError(f"Ứng cử viên «{name}» có tên hai lần trong danh sách.", field="candidates")
        seen.add(name)
    return names


def ballot_invalid_reason(ballot: Ballot, *, seats: int, candidates: Sequence[str]) -> str:
    """Why the ballot is invalid, or "" when it is valid (DOMAIN.md §3.5, [OLD] 244-QĐ/TW Art. 17).

    Invalid: a reason given by the counting board (not issued by it, marks...), or more names kept than
    seats. Valid: the full number or fewer, down to nobody (an all-crossed ballot adds no votes). A name not
    on the list, or a name kept twice, is an error of entry, not of the voter: it raises TallyError.
    """
    kept = ballot.kept
    if isinstance(kept, str) or not isinstance(kept, Sequence):
        raise TallyError("Tên giữ lại trên phiếu phải là một danh sách tên.", field="ballots")
    listed = set(candidates)
    seen: set[str] = set()
    for name in kept:
        if not isinstance(name, str) or name not in listed:
            raise TallyError(f"«{name}» không có trong danh sách ứng cử viên.", field="ballots")
        if name in seen:
            raise TallyError(f"«{name}» được ghi hai lần trên cùng một phiếu.", field="ballots")
        seen.add(name)
    if not isinstance(ballot.invalid_reason, str):
        raise TallyError("Lý do phiếu không hợp lệ phải là chữ.", field="ballots")
    if ballot.invalid_reason.strip():
        return ballot.invalid_reason.strip()
    if len(kept) > seats:
        return f"Giữ lại {len(kept)} tên, nhiều hơn số cần bầu ({seats})."
    return ""


# --- Tally ------------------------------------------------------------------------------------------------


def tally(
    *,
    seats: int,
    candidates: Sequence[str],
    summoned: int,
    absent_excused: int,
    ballots_issued: int,
    ballots: Sequence[Ballot] | None = None,
    totals: Totals | None = None,
) -> Result:
    """Tally one round from the ballots or from the board's totals (exactly one of the two).

    Elected: more than half of the base (votes × 2 > base; exactly half is not a majority), where the base is
    those summoned minus those absent for the whole congress with an approved reason, however many ballots
    were valid (DOMAIN.md §3.4; 150 summoned, 3 excused: 74 votes elect, 73 do not). More passing than seats:
    the most votes take the seats. Candidates tied at the last seat are none of them elected: the seats they
    compete for stay unfilled and a further round is needed, as when too few pass (the congress decides it).
    """
    seats = _count(seats, "seats", minimum=1)
    names = _candidates(candidates)
    summoned = _count(summoned, "summoned")
    absent_excused = _count(absent_excused, "absent_excused")
    ballots_issued = _count(ballots_issued, "ballots_issued")
    if absent_excused > summoned:
        raise TallyError(
            f"Số vắng mặt có lý do ({absent_excused}) lớn hơn số được triệu tập ({summoned}).",
            field="absent_excused",
        )
    base = summoned - absent_excused
    if base == 0:
        raise TallyError(
            "Số được triệu tập trừ số vắng mặt có lý do bằng 0: không có ai để tính đa số.", field="summoned"
        )
    if (ballots is None) == (totals is None):
        raise TallyError("Nhập kết quả theo từng phiếu hoặc theo số tổng hợp, chỉ một trong hai.", field="ballots")

    if ballots is not None:
        collected, invalid, votes = _from_ballots(ballots, seats=seats, candidates=names)
    else:
        collected, invalid, votes = _from_totals(totals, seats=seats, candidates=names)  # type: ignore[arg-type]

    if collected > ballots_issued:
        raise TallyError(
            f"Số phiếu thu vào ({collected}) lớn hơn số phiếu phát ra ({ballots_issued}).", field="ballots_issued"
        )
    if collected > base:
        raise TallyError(
            f"Số phiếu thu vào ({collected}) lớn hơn số đại biểu (đảng viên) được triệu tập trừ số vắng mặt "
            f"có lý do ({base}).",
            field="collected",
        )

    elected, tied = _winners(votes, seats=seats, base=base, candidates=names)
    unfilled = seats - len(elected)
    return Result(
        base=base,
        collected=collected,
        valid=collected - invalid,
        invalid=invalid,
        votes=votes,
        percent={name: round(votes[name] * 100 / base, 2) for name in names},
        elected=elected,
        tied=tied,
        seats_unfilled=unfilled,
        round_needed=unfilled > 0,
    )


def _from_ballots(
    ballots: Sequence[Ballot], *, seats: int, candidates: tuple[str, ...]
) -> tuple[int, int, dict[str, int]]:
    votes = dict.fromkeys(candidates, 0)
    invalid = 0
    for number, ballot in enumerate(ballots, 1):
        if not isinstance(ballot, Ballot):
            raise TallyError(f"Phiếu số {number} không đúng dạng.", field="ballots")
        try:
            reason = ballot_invalid_reason(ballot, seats=seats, candidates=candidates)
        except TallyError as e:
            raise TallyError(f"Phiếu số {number}: {e.message}", field="ballots") from e
        if reason:
            invalid += 1
            continue
        for name in ballot.kept:
            votes[name] += 1
    return len(ballots), invalid, votes


def _from_totals(totals: Totals, *, seats: int, candidates: tuple[str, ...]) -> tuple[int, int, dict[str, int]]:
    if not isinstance(totals, Totals):
        raise TallyError("Số tổng hợp không đúng dạng.", field="totals")
    collected = _count(totals.collected, "collected")
    invalid = _count(totals.invalid, "invalid")
    if invalid > collected:
        raise TallyError(f"Số phiếu không hợp lệ ({invalid}) lớn hơn số phiếu thu vào ({collected}).", field="invalid")
    valid = collected - invalid
    if not isinstance(totals.votes, Mapping):
        raise TallyError("Số phiếu bầu của từng ứng cử viên phải là một bảng tên → số.", field="votes")
    unknown = [name for name in totals.votes if name not in candidates]
    if unknown:
        raise TallyError(f"«{unknown[0]}» không có trong danh sách ứng cử viên.", field="votes")
    votes: dict[str, int] = {}
    for name in candidates:
        if name not in totals.votes:
            raise TallyError(f"Thiếu số phiếu bầu của «{name}» (ghi 0 nếu không có phiếu nào).", field="votes")
        value = totals.votes[name]
        if not isinstance(value, int) or isinstance(value, bool):
            raise TallyError(f"Số phiếu bầu của «{name}» phải là một số nguyên (nhận được {value!r}).", field="votes")
        if value < 0:
            raise TallyError(f"Số phiếu bầu của «{name}» không được là số âm (nhận được {value}).", field="votes")
        if value > valid:
            raise TallyError(
                f"«{name}» được {value} phiếu, nhiều hơn số phiếu hợp lệ ({valid}).",
                field="votes",
            )
        votes[name] = value
    # Each valid ballot keeps at most `seats` names.
    if sum(votes.values()) > valid * seats:
        raise TallyError(
            f"Tổng số phiếu bầu ({sum(votes.values())}) lớn hơn số phiếu hợp lệ nhân số cần bầu "
            f"({valid} × {seats} = {valid * seats}).",
            field="votes",
        )
    return collected, invalid, votes


def _winners(
    votes: Mapping[str, int], *, seats: int, base: int, candidates: tuple[str, ...]
) -> tuple[list[str], list[str]]:
    """(elected, tied at the last seat). Sorting is stable, so equal votes keep the list order."""
    passing = sorted((name for name in candidates if votes[name] * 2 > base), key=lambda name: -votes[name])
    if len(passing) <= seats:
        return passing, []
    cutoff = votes[passing[seats - 1]]
    if votes[passing[seats]] != cutoff:
        return passing[:seats], []
    # Equal votes straddle the last seat: no rule inside the Party picks among them (DOMAIN.md §3.4,
    # a re-vote among the tied in 244 practice; the state rule "the older wins" does not apply).
    return [n for n in passing if votes[n] > cutoff], [n for n in passing if votes[n] == cutoff]
