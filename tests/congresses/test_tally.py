"""The tally's rules (DOMAIN.md §3.4, §3.5): majority of the base, ties at the last seat, shortfall, ballot
validity, and the refusals of inconsistent figures."""

from __future__ import annotations

import pytest

from tochuc.congresses.tally import Ballot, Result, TallyError, Totals, ballot_invalid_reason, tally
from tochuc.core.errors import DomainError

NAMES = ["An", "Bình", "Cường", "Dung", "Em", "Giang", "Hà"]


def _totals(
    votes: dict[str, int],
    *,
    seats: int,
    summoned: int = 150,
    absent: int = 3,
    collected: int | None = None,
    invalid: int = 0,
) -> Result:
    base = summoned - absent
    collected = base if collected is None else collected
    return tally(
        seats=seats,
        candidates=list(votes),
        summoned=summoned,
        absent_excused=absent,
        ballots_issued=collected,
        totals=Totals(collected=collected, invalid=invalid, votes=votes),
    )


# --- Majority of the base, not of the valid ballots ----------------------------------------------------------


@pytest.mark.parametrize("collected", [80, 147])
def test_it_elects_with_74_of_a_base_of_147_however_many_ballots_were_valid(collected):
    result = _totals({"An": 74, "Bình": 73}, seats=2, collected=collected)
    assert result.base == 147
    assert result.elected == ["An"]
    assert result.seats_unfilled == 1
    assert result.round_needed is True


def test_it_does_not_elect_with_73_of_147_even_when_that_is_most_of_the_valid_ballots():
    # 80 valid ballots: 73 is 91% of them, but not more than half of the 147 summoned and not excused.
    result = _totals({"An": 73}, seats=1, collected=80)
    assert result.valid == 80
    assert result.elected == []
    assert result.percent == {"An": 49.66}
    assert result.seats_unfilled == 1
    assert result.round_needed is True


def test_it_does_not_elect_with_73_of_147_when_every_ballot_was_valid():
    assert _totals({"An": 73}, seats=1, collected=147).elected == []


def test_exactly_half_of_the_base_is_not_a_majority():
    result = _totals({"An": 50, "Bình": 51}, seats=2, summoned=100, absent=0, collected=100)
    assert result.elected == ["Bình"]
    assert result.percent == {"An": 50.0, "Bình": 51.0}


def test_invalid_ballots_do_not_lower_the_base():
    result = _totals({"An": 74}, seats=1, collected=147, invalid=60)
    assert (result.base, result.valid, result.invalid) == (147, 87, 60)
    assert result.elected == ["An"]


# --- More passing than seats, ties, shortfall ----------------------------------------------------------------


def test_when_more_pass_than_seats_the_most_votes_take_the_seats():
    # Each ballot keeps at most 2 names: at most 3 candidates can pass for 2 seats.
    result = _totals({"An": 80, "Bình": 120, "Cường": 90}, seats=2)
    assert result.elected == ["Bình", "Cường"]
    assert result.tied == []
    assert result.seats_unfilled == 0
    assert result.round_needed is False


def test_elected_are_ordered_by_votes_and_equal_votes_above_the_cutoff_keep_list_order():
    result = _totals({"An": 90, "Bình": 100, "Cường": 100, "Dung": 80}, seats=3)
    assert result.elected == ["Bình", "Cường", "An"]
    assert result.tied == []


def test_a_tie_at_the_last_seat_elects_none_of_the_tied():
    result = _totals({"An": 120, "Bình": 90, "Cường": 100, "Dung": 90}, seats=3)
    assert result.elected == ["An", "Cường"]
    assert result.tied == ["Bình", "Dung"]
    assert result.seats_unfilled == 1
    assert result.round_needed is True


def test_a_three_way_tie_for_two_seats_leaves_both_unfilled():
    result = _totals({"An": 120, "Bình": 90, "Cường": 90, "Dung": 90}, seats=3)
    assert result.elected == ["An"]
    assert result.tied == ["Bình", "Cường", "Dung"]
    assert result.seats_unfilled == 2


def test_a_tie_for_every_seat_elects_nobody():
    result = _totals({"An": 80, "Bình": 80, "Cường": 80}, seats=2)
    assert result.elected == []
    assert result.tied == ["An", "Bình", "Cường"]
    assert result.seats_unfilled == 2


def test_a_tie_below_the_majority_is_no_tie_at_the_last_seat():
    result = _totals({"An": 100, "Bình": 60, "Cường": 60}, seats=2)
    assert result.elected == ["An"]
    assert result.tied == []
    assert result.seats_unfilled == 1


def test_a_tie_just_below_the_cutoff_is_no_tie_at_the_last_seat():
    result = _totals({"An": 90, "Bình": 85, "Cường": 80, "Dung": 75, "Em": 75}, seats=3)
    assert result.elected == ["An", "Bình", "Cường"]
    assert result.tied == []
    assert result.round_needed is False


def test_too_few_over_half_leave_seats_unfilled_for_a_further_round():
    result = _totals({"An": 100, "Bình": 70, "Cường": 60, "Dung": 74}, seats=3)
    assert result.elected == ["An", "Dung"]
    assert result.seats_unfilled == 1
    assert result.round_needed is True


def test_nobody_over_half_leaves_every_seat_unfilled():
    result = _totals({"An": 10, "Bình": 20}, seats=2)
    assert result.elected == []
    assert result.seats_unfilled == 2


# --- Ballots (§3.5) ------------------------------------------------------------------------------------------


def test_a_ballot_keeping_more_names_than_seats_is_invalid():
    reason = ballot_invalid_reason(Ballot(kept=tuple(NAMES[:6])), seats=5, candidates=NAMES)
    assert "6" in reason and "5" in reason


def test_a_ballot_keeping_fewer_names_than_seats_is_valid_and_adds_their_votes():
    ballot = Ballot(kept=("An", "Bình", "Cường"))
    assert ballot_invalid_reason(ballot, seats=5, candidates=NAMES) == ""
    result = tally(seats=5, candidates=NAMES, summoned=10, absent_excused=0, ballots_issued=10, ballots=[ballot])
    assert sum(result.votes.values()) == 3
    assert result.votes["An"] == 1 and result.votes["Dung"] == 0


def test_a_ballot_keeping_as_many_names_as_seats_is_valid():
    assert ballot_invalid_reason(Ballot(kept=tuple(NAMES[:5])), seats=5, candidates=NAMES) == ""


def test_an_all_crossed_ballot_is_valid_and_adds_no_votes():
    assert ballot_invalid_reason(Ballot(kept=()), seats=5, candidates=NAMES) == ""
    result = tally(seats=5, candidates=NAMES, summoned=10, absent_excused=0, ballots_issued=10, ballots=[Ballot(())])
    assert (result.collected, result.valid, result.invalid) == (1, 1, 0)
    assert set(result.votes.values()) == {0}


def test_a_ballot_the_board_found_invalid_is_invalid_and_adds_no_votes():
    ballot = Ballot(kept=("An",), invalid_reason="Không phải phiếu do Ban kiểm phiếu phát ra")
    assert ballot_invalid_reason(ballot, seats=1, candidates=NAMES) == "Không phải phiếu do Ban kiểm phiếu phát ra"
    result = tally(seats=1, candidates=NAMES, summoned=3, absent_excused=0, ballots_issued=3, ballots=[ballot])
    assert (result.valid, result.invalid, result.votes["An"]) == (0, 1, 0)


def test_a_ballot_with_a_name_not_on_the_list_is_refused_with_its_number():
    ballots = [Ballot(("An",)), Ballot(("Ân",))]
    with pytest.raises(TallyError, match=r"Phiếu số 2: «Ân» không có trong danh sách"):
        tally(seats=1, candidates=NAMES, summoned=3, absent_excused=0, ballots_issued=3, ballots=ballots)


def test_a_name_kept_twice_on_one_ballot_is_refused():
    with pytest.raises(TallyError, match="hai lần trên cùng một phiếu"):
        ballot_invalid_reason(Ballot(("An", "An")), seats=2, candidates=NAMES)


def test_the_ballot_by_ballot_result_counts_collected_valid_and_invalid():
    ballots = [Ballot(("An", "Bình")), Ballot(("An",)), Ballot(("An", "Bình", "Cường")), Ballot(())]
    result = tally(
        seats=2, candidates=["An", "Bình", "Cường"], summoned=5, absent_excused=0, ballots_issued=5, ballots=ballots
    )
    assert result.to_json() == {
        "base": 5,
        "collected": 4,
        "valid": 3,
        "invalid": 1,
        "votes": {"An": 2, "Bình": 1, "Cường": 0},
        "percent": {"An": 40.0, "Bình": 20.0, "Cường": 0.0},
        "elected": [],
        "tied": [],
        "seats_unfilled": 2,
        "round_needed": True,
    }


# --- Refusals ------------------------------------------------------------------------------------------------


def _kwargs(**changes):
    kwargs = {
        "seats": 2,
        "candidates": ["An", "Bình", "Cường"],
        "summoned": 10,
        "absent_excused": 1,
        "ballots_issued": 9,
        "totals": Totals(collected=9, invalid=1, votes={"An": 8, "Bình": 5, "Cường": 2}),
    }
    kwargs.update(changes)
    return kwargs


def test_the_valid_example_passes():
    assert tally(**_kwargs()).elected == ["An", "Bình"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"seats": 0}, "Số người cần bầu phải từ 1 trở lên"),
        ({"seats": True}, "Số người cần bầu phải là một số nguyên"),
        ({"summoned": -1}, "Số được triệu tập không được là số âm"),
        ({"absent_excused": -1}, "Số vắng mặt có lý do được chấp nhận không được là số âm"),
        ({"ballots_issued": -1}, "Số phiếu phát ra không được là số âm"),
        ({"ballots_issued": 2.5}, "Số phiếu phát ra phải là một số nguyên"),
        ({"candidates": []}, "Danh sách ứng cử viên đang trống"),
        ({"candidates": ["An", "An", "Bình"]}, "«An» có tên hai lần trong danh sách"),
        ({"candidates": ["An", " ", "Bình"]}, "Ứng cử viên thứ 2 không có tên"),
        ({"summoned": 5, "absent_excused": 6}, r"Số vắng mặt có lý do \(6\) lớn hơn số được triệu tập \(5\)"),
        ({"summoned": 3, "absent_excused": 3}, "bằng 0"),
        ({"ballots_issued": 8}, r"Số phiếu thu vào \(9\) lớn hơn số phiếu phát ra \(8\)"),
        ({"summoned": 9, "absent_excused": 1}, r"Số phiếu thu vào \(9\) lớn hơn .* \(8\)"),
        (
            {"totals": Totals(collected=9, invalid=10, votes={"An": 0, "Bình": 0, "Cường": 0})},
            r"Số phiếu không hợp lệ \(10\) lớn hơn số phiếu thu vào \(9\)",
        ),
        ({"totals": Totals(collected=-1, invalid=0, votes={})}, "Số phiếu thu vào không được là số âm"),
        ({"totals": Totals(collected=9, invalid=-1, votes={})}, "Số phiếu không hợp lệ không được là số âm"),
        (
            {"totals": Totals(collected=9, invalid=1, votes={"An": 9, "Bình": 0, "Cường": 0})},
            r"«An» được 9 phiếu, nhiều hơn số phiếu hợp lệ \(8\)",
        ),
        (
            {"totals": Totals(collected=9, invalid=1, votes={"An": 8, "Bình": 8, "Cường": 1})},
            r"Tổng số phiếu bầu \(17\) lớn hơn số phiếu hợp lệ nhân số cần bầu \(8 × 2 = 16\)",
        ),
        (
            {"totals": Totals(collected=9, invalid=1, votes={"An": -1, "Bình": 0, "Cường": 0})},
            "Số phiếu bầu của «An» không được là số âm",
        ),
        (
            {"totals": Totals(collected=9, invalid=1, votes={"An": 1, "Bình": 0, "Cường": 0, "Dũng": 1})},
            "«Dũng» không có trong danh sách ứng cử viên",
        ),
        ({"totals": Totals(collected=9, invalid=1, votes={"An": 1, "Bình": 0})}, "Thiếu số phiếu bầu của «Cường»"),
        ({"ballots": [Ballot(("An",))]}, "chỉ một trong hai"),
        ({"totals": None}, "chỉ một trong hai"),
    ],
)
def test_it_refuses_inconsistent_figures(changes, message):
    with pytest.raises(TallyError, match=message) as info:
        tally(**_kwargs(**changes))
    assert info.value.field  # the form field a page shows it beside


def test_a_tally_error_is_a_domain_error_and_a_value_error():
    with pytest.raises(DomainError):
        tally(**_kwargs(seats=0))
    with pytest.raises(ValueError):
        tally(**_kwargs(seats=0))
