"""Properties of the tally: the counting board's totals give the same result as the ballots they were counted
from, and whatever the votes, the result keeps the rules of DOMAIN.md §3.4."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from tochuc.congresses.tally import Ballot, Totals, tally

NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em", "Vũ Thị Giang"]


@st.composite
def elections(draw):
    # A contested election has one more strong candidate than seats (and maybe weaker ones).
    contested = draw(st.booleans())
    if contested:
        seats = draw(st.integers(2, 4))
        candidates = draw(st.lists(st.sampled_from(NAMES), min_size=seats + 1, max_size=len(NAMES), unique=True))
    else:
        candidates = draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=len(NAMES), unique=True))
        seats = draw(st.integers(min_value=1, max_value=len(candidates) + 1))
    # A full ballot (as many names as seats) is the usual one; fewer, none, or too many happen too.
    sizes = [min(seats, len(candidates))] * 3 + list(range(len(candidates) + 1))
    ballot = st.builds(
        Ballot,
        kept=st.tuples(st.permutations(candidates), st.sampled_from(sizes)).map(lambda t: tuple(t[0][: t[1]])),
        invalid_reason=st.sampled_from(["", "", "", "", "Không phải phiếu do Ban kiểm phiếu phát ra", "Có đánh dấu"]),
    )
    if contested:
        # Each full ballot strikes one of the strong candidates: more candidates pass than there are seats, and
        # equal strikes make a tie at the last seat.
        strong = candidates[: seats + 1]
        slates = [(Ballot(tuple(n for n in strong if n != struck)), draw(st.integers(2, 8))) for struck in strong]
        stray = draw(st.lists(ballot, max_size=3))
    else:
        # Most ballots follow one of a few slates, each slate kept by many voters, so that majorities happen.
        slates = draw(st.lists(st.tuples(ballot, st.integers(0, 12)), min_size=1, max_size=4))
        stray = draw(st.lists(ballot, max_size=6))
    ballots = [b for b, times in slates for _ in range(times)] + stray
    ballots = draw(st.permutations(ballots))
    absent = draw(st.integers(0, 5))
    summoned = len(ballots) + absent + draw(st.sampled_from([0, 0, 1, 2, 10])) + (0 if ballots else 1)
    issued = len(ballots) + draw(st.integers(0, 3))
    return {
        "seats": seats,
        "candidates": candidates,
        "summoned": summoned,
        "absent_excused": absent,
        "ballots_issued": issued,
        "ballots": ballots,
    }


def _counted(ballots: list[Ballot], seats: int, candidates: list[str]) -> Totals:
    """What the counting board writes down, counted here independently of the tally."""
    valid = [b for b in ballots if not b.invalid_reason and len(b.kept) <= seats]
    counts = Counter(name for b in valid for name in b.kept)
    return Totals(
        collected=len(ballots),
        invalid=len(ballots) - len(valid),
        votes={name: counts[name] for name in candidates},
    )


@settings(max_examples=300, deadline=None, database=None)
@given(elections())
def test_totals_give_the_same_result_as_the_ballots_they_were_counted_from(election):
    by_ballot = tally(**election)
    totals = _counted(election["ballots"], election["seats"], election["candidates"])
    by_totals = tally(**{**election, "ballots": None, "totals": totals})
    assert by_totals == by_ballot
    assert by_totals.to_json() == by_ballot.to_json()


@settings(max_examples=300, deadline=None, database=None)
@given(elections())
def test_the_result_keeps_the_rules_of_the_majority_and_the_seats(election):
    result = tally(**election)
    seats, base, votes = election["seats"], result.base, result.votes
    passing = [name for name in election["candidates"] if votes[name] * 2 > base]

    assert result.valid + result.invalid == result.collected == len(election["ballots"])
    assert set(votes) == set(election["candidates"])
    assert len(result.elected) <= seats
    assert all(name in passing for name in result.elected + result.tied)
    assert not set(result.elected) & set(result.tied)
    assert [votes[n] for n in result.elected] == sorted((votes[n] for n in result.elected), reverse=True)
    assert result.seats_unfilled == seats - len(result.elected)
    assert result.round_needed == (result.seats_unfilled > 0)
    if result.tied:
        # Equal votes, straddling the last seat: more tied than seats left, fewer than everybody passing.
        assert len({votes[n] for n in result.tied}) == 1
        assert len(result.elected) < seats < len(result.elected) + len(result.tied)
        assert all(votes[e] > votes[result.tied[0]] for e in result.elected)
    else:
        assert len(result.elected) == min(seats, len(passing))
    # Nobody left out has more votes than somebody elected.
    left_out = [n for n in election["candidates"] if n not in result.elected]
    if result.elected and left_out:
        assert max(votes[n] for n in left_out) < min(votes[n] for n in result.elected)
