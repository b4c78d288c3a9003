"""`tochuc tally FILE.json` (or `-`): the result as JSON; figures refused by the rules exit 1, input that cannot
be used at all exits 2, each with a message that says what is wrong."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

TOCHUC = Path(sys.executable).parent / "tochuc"

BALLOTS = {
    "seats": 2,
    "candidates": ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"],
    "summoned": 6,
    "absent_excused": 1,
    "ballots_issued": 5,
    "ballots": [
        {"kept": ["Nguyễn Văn An", "Trần Thị Bình"]},
        {"kept": ["Nguyễn Văn An", "Lê Văn Cường"]},
        {"kept": ["Trần Thị Bình", "Nguyễn Văn An"]},
        {"kept": []},
        {"kept": ["Nguyễn Văn An"], "invalid_reason": "Không phải phiếu do Ban kiểm phiếu phát ra"},
    ],
}
TOTALS = {
    **{k: v for k, v in BALLOTS.items() if k != "ballots"},
    "totals": {"collected": 5, "invalid": 1, "votes": {"Nguyễn Văn An": 3, "Trần Thị Bình": 2, "Lê Văn Cường": 1}},
}
EXPECTED = {
    "base": 5,
    "collected": 5,
    "valid": 4,
    "invalid": 1,
    "votes": {"Nguyễn Văn An": 3, "Trần Thị Bình": 2, "Lê Văn Cường": 1},
    "percent": {"Nguyễn Văn An": 60.0, "Trần Thị Bình": 40.0, "Lê Văn Cường": 20.0},
    "elected": ["Nguyễn Văn An"],
    "tied": [],
    "seats_unfilled": 1,
    "round_needed": True,
}


def _file(tmp_path: Path, data: object) -> str:
    path = tmp_path / "kiem-phieu.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def _run(tmp_path: Path, data: object) -> str:
    out = StringIO()
    call_command("tally", _file(tmp_path, data), stdout=out)
    return out.getvalue()


def _refused(tmp_path: Path, data: object) -> CommandError:
    with pytest.raises(CommandError) as info:
        _run(tmp_path, data)
    return info.value


def test_it_tallies_the_ballots_of_a_file(tmp_path):
    output = _run(tmp_path, BALLOTS)
    assert json.loads(output) == EXPECTED
    assert "Nguyễn Văn An" in output  # UTF-8, not \\u escapes
    assert output.startswith('{\n  "base": 5,')  # indented, keys in the order of the issue


def test_it_tallies_the_totals_of_a_file_to_the_same_result(tmp_path):
    assert json.loads(_run(tmp_path, TOTALS)) == EXPECTED


def test_it_reads_stdin_with_a_dash():
    out = StringIO()
    call_command("tally", "-", stdin=StringIO(json.dumps(TOTALS, ensure_ascii=False)), stdout=out)
    assert json.loads(out.getvalue()) == EXPECTED


def test_it_reports_a_tie_and_a_further_round(tmp_path):
    data = {
        "seats": 2,
        "candidates": ["An", "Bình", "Cường"],
        "summoned": 12,
        "absent_excused": 0,
        "ballots_issued": 12,
        "ballots": [{"kept": pair} for pair in (["An", "Bình"], ["An", "Cường"], ["Bình", "Cường"]) * 4],
    }
    result = json.loads(_run(tmp_path, data))
    assert (result["elected"], result["tied"], result["seats_unfilled"]) == ([], ["An", "Bình", "Cường"], 2)
    assert result["round_needed"] is True


def test_it_accepts_a_file_with_a_byte_order_mark(tmp_path):
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(TOTALS).encode())
    out = StringIO()
    call_command("tally", str(path), stdout=out)
    assert json.loads(out.getvalue()) == EXPECTED


# --- Input that cannot be used: exit 2 -----------------------------------------------------------------------


def _without(data: dict, key: str) -> dict:
    return {k: v for k, v in data.items() if k != key}


def _ballot(**fields) -> dict:
    return {**BALLOTS, "ballots": [*BALLOTS["ballots"][:2], fields]}


def _totals(**fields) -> dict:
    return {**TOTALS, "totals": {**TOTALS["totals"], **fields}}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ('{"seats": 2,', "Tệp không phải JSON hợp lệ (dòng 1, cột 13)"),
        ("", "Tệp không phải JSON hợp lệ"),
        ([1, 2], "Tệp phải là một đối tượng JSON"),
        (_without(BALLOTS, "seats"), "Tệp thiếu khóa: seats."),
        (_without(_without(BALLOTS, "summoned"), "candidates"), "Tệp thiếu khóa: candidates, summoned."),
        ({**BALLOTS, "ghi_chu": "x"}, "Tệp có khóa không dùng được: ghi_chu."),
        ({**BALLOTS, "totals": TOTALS["totals"]}, "chỉ một"),
        (_without(BALLOTS, "ballots"), "chỉ một"),
        ({**BALLOTS, "seats": "2"}, '«seats» phải là một số nguyên (nhận được "2")'),
        ({**BALLOTS, "seats": 2.0}, "«seats» phải là một số nguyên (nhận được 2.0)"),
        ({**BALLOTS, "summoned": True}, "«summoned» phải là một số nguyên (nhận được true)"),
        ({**BALLOTS, "ballots_issued": None}, "«ballots_issued» phải là một số nguyên (nhận được null)"),
        ({**BALLOTS, "candidates": "An, Bình"}, "«candidates» phải là một danh sách tên"),
        ({**BALLOTS, "candidates": ["An", 2]}, "«candidates» phải là một danh sách tên"),
        ({**BALLOTS, "ballots": {"kept": []}}, "«ballots» phải là một danh sách phiếu"),
        ({**BALLOTS, "ballots": [["An"]]}, "Phiếu số 1 phải là một đối tượng JSON"),
        (_ballot(), "Phiếu số 3 thiếu khóa: kept."),
        (_ballot(kept=[], note="x"), "Phiếu số 3 có khóa không dùng được: note."),
        (_ballot(kept="Nguyễn Văn An"), "Phiếu số 3: «kept» phải là một danh sách tên"),
        (_ballot(kept=[], invalid_reason=True), "Phiếu số 3: «invalid_reason» phải là chữ"),
        ({**TOTALS, "totals": [5, 1]}, "«totals» phải là một đối tượng JSON"),
        ({**TOTALS, "totals": _without(TOTALS["totals"], "invalid")}, "«totals» thiếu khóa: invalid."),
        (_totals(valid=4), "«totals» có khóa không dùng được: valid."),
        (_totals(collected="5"), "«totals.collected» phải là một số nguyên"),
        (_totals(votes=[3, 2, 1]), "«totals.votes» phải là một đối tượng"),
        (_totals(votes={"Nguyễn Văn An": "3"}), "Số phiếu bầu của «Nguyễn Văn An» phải là một số nguyên"),
        (
            '{"seats": 2, "candidates": ["An"], "summoned": 3, "absent_excused": 0, "ballots_issued": 3, '
            '"totals": {"collected": 3, "invalid": 0, "votes": {"An": 1, "An": 2}}}',
            "Khóa «An» xuất hiện hai lần",
        ),
    ],
)
def test_it_refuses_input_it_cannot_use_with_exit_2(tmp_path, data, message):
    error = _refused(tmp_path, data)
    assert message in str(error)
    assert error.returncode == 2


def test_it_refuses_a_missing_file_with_exit_2(tmp_path):
    with pytest.raises(CommandError, match="Không tìm thấy tệp") as info:
        call_command("tally", str(tmp_path / "khong-co.json"))
    assert info.value.returncode == 2


def test_it_refuses_a_file_that_is_not_utf8_with_exit_2(tmp_path):
    path = tmp_path / "latin1.json"
    path.write_bytes(json.dumps(TOTALS, ensure_ascii=False).encode("utf-16"))
    with pytest.raises(CommandError, match="không phải văn bản UTF-8") as info:
        call_command("tally", str(path))
    assert info.value.returncode == 2


# --- Figures refused by the rules of the tally: exit 1 -------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_ballot(kept=["Nguyễn Văn Ân"]), "Phiếu số 3: «Nguyễn Văn Ân» không có trong danh sách ứng cử viên."),
        (_ballot(kept=["Lê Văn Cường", "Lê Văn Cường"]), "Phiếu số 3: «Lê Văn Cường» được ghi hai lần trên cùng một"),
        (_totals(votes={**TOTALS["totals"]["votes"], "Ân": 1}), "«Ân» không có trong danh sách ứng cử viên."),
        (_totals(votes={"Nguyễn Văn An": 3}), "Thiếu số phiếu bầu của «Trần Thị Bình»"),
        (_totals(votes={**TOTALS["totals"]["votes"], "Trần Thị Bình": 5}), "«Trần Thị Bình» được 5 phiếu, nhiều hơn"),
        (
            _totals(votes={"Nguyễn Văn An": 4, "Trần Thị Bình": 4, "Lê Văn Cường": 1}),
            "Tổng số phiếu bầu (9) lớn hơn số phiếu hợp lệ nhân số cần bầu (4 × 2 = 8).",
        ),
        (_totals(invalid=6), "Số phiếu không hợp lệ (6) lớn hơn số phiếu thu vào (5)."),
        (_totals(invalid=-1), "Số phiếu không hợp lệ không được là số âm"),
        (_totals(votes={**TOTALS["totals"]["votes"], "Lê Văn Cường": -1}), "không được là số âm"),
        ({**BALLOTS, "seats": 0}, "Số người cần bầu phải từ 1 trở lên"),
        ({**BALLOTS, "summoned": -6}, "Số được triệu tập không được là số âm"),
        ({**BALLOTS, "absent_excused": 7}, "Số vắng mặt có lý do (7) lớn hơn số được triệu tập (6)."),
        ({**BALLOTS, "ballots_issued": 4}, "Số phiếu thu vào (5) lớn hơn số phiếu phát ra (4)."),
        ({**BALLOTS, "absent_excused": 2}, "Số phiếu thu vào (5) lớn hơn số đại biểu (đảng viên) được triệu tập"),
        ({**BALLOTS, "candidates": []}, "Danh sách ứng cử viên đang trống."),
        ({**BALLOTS, "candidates": ["An", "An"]}, "Ứng cử viên «An» có tên hai lần trong danh sách."),
    ],
)
def test_it_refuses_figures_the_rules_refuse_with_exit_1(tmp_path, data, message):
    error = _refused(tmp_path, data)
    assert message in str(error)
    assert error.returncode == 1


# --- The real command line -----------------------------------------------------------------------------------


def _tochuc(*args: str, stdin: str = "", encoding: str = "utf-8") -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [str(TOCHUC), "tally", *args], input=stdin.encode(), capture_output=True, env=env, timeout=60, check=False
    )


def test_the_command_line_reads_stdin_and_prints_utf8_json():
    # Even on a terminal that says ASCII: the names are Vietnamese and the result is UTF-8.
    done = _tochuc("-", stdin=json.dumps(BALLOTS, ensure_ascii=False), encoding="ascii")
    assert done.returncode == 0, done.stderr.decode()
    assert json.loads(done.stdout.decode("utf-8")) == EXPECTED
    assert "Nguyễn Văn An".encode() in done.stdout


def test_the_command_line_exits_1_on_refused_figures_and_2_on_unusable_input(tmp_path):
    refused = _tochuc(_file(tmp_path, {**BALLOTS, "ballots_issued": 4}))
    assert refused.returncode == 1
    assert "Số phiếu thu vào (5) lớn hơn số phiếu phát ra (4)." in refused.stderr.decode()
    assert refused.stdout == b""
    unusable = _tochuc("-", stdin="không phải JSON")
    assert unusable.returncode == 2
    assert b"JSON" in unusable.stderr
