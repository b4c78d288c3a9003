"""`tochuc tally FILE.json` (or `-` for stdin): tally one round of a secret-ballot election and print the result
as JSON. The file gives the seats, candidates, summoned, absent_excused and ballots_issued, then either the
ballots one by one (`"ballots": [{"kept": [...], "invalid_reason": "..."}]`) or the board's `"totals"`.

Exit status: 0 with the result (even when a further round is needed), 1 when the figures are refused by the
tally's rules (`TallyError`: an unknown name, more votes than valid ballots...), 2 when the input cannot be used
at all (no such file, not JSON, keys missing or unknown, wrong types, both or neither of ballots and totals).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from tochuc.congresses.tally import Ballot, TallyError, Totals, tally

REQUIRED = ("seats", "candidates", "summoned", "absent_excused", "ballots_issued")
COUNTS = ("seats", "summoned", "absent_excused", "ballots_issued")
EXAMPLE = (
    '{"seats": 5, "candidates": ["A", ...], "summoned": 150, "absent_excused": 3, "ballots_issued": 147, '
    '"ballots": [{"kept": ["A", ...]}, ...]} hoặc "totals": {"collected": 147, "invalid": 2, "votes": {"A": 90}}'
)


def _unusable(message: str) -> CommandError:
    return CommandError(message, returncode=2)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # A name given twice in "votes" would otherwise silently keep the last figure.
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise _unusable(f"Khóa «{key}» xuất hiện hai lần trong cùng một đối tượng JSON.")
        seen[key] = value
    return seen


def _keys(obj: object, where: str, *, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> dict:
    if not isinstance(obj, dict):
        raise _unusable(f"{where} phải là một đối tượng JSON {{...}}.")
    missing = [k for k in required if k not in obj]
    if missing:
        raise _unusable(f"{where} thiếu khóa: {', '.join(missing)}.")
    extra = [k for k in obj if k not in required and k not in optional]
    if extra:
        raise _unusable(f"{where} có khóa không dùng được: {', '.join(extra)}.")
    return obj


def _names(value: object, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(n, str) for n in value):
        raise _unusable(f"{where} phải là một danh sách tên (chuỗi).")
    return value


def _int(value: object, where: str) -> int:
    if not _is_int(value):
        raise _unusable(f"{where} phải là một số nguyên (nhận được {json.dumps(value, ensure_ascii=False)}).")
    return value  # type: ignore[return-value]


def parse(data: object) -> dict[str, Any]:
    """The keyword arguments of `tally()` from the decoded JSON, or CommandError(returncode=2)."""
    if isinstance(data, dict):
        both = "ballots" in data and "totals" in data
        neither = "ballots" not in data and "totals" not in data
        if both or neither:
            raise _unusable("Cho kết quả theo từng phiếu («ballots») hoặc theo số tổng hợp («totals»), chỉ một.")
    obj = _keys(data, "Tệp", required=REQUIRED, optional=("ballots", "totals"))
    kwargs: dict[str, Any] = {key: _int(obj[key], f"«{key}»") for key in COUNTS}
    kwargs["candidates"] = _names(obj["candidates"], "«candidates»")
    if "ballots" in obj:
        if not isinstance(obj["ballots"], list):
            raise _unusable("«ballots» phải là một danh sách phiếu.")
        ballots = []
        for number, item in enumerate(obj["ballots"], 1):
            where = f"Phiếu số {number}"
            entry = _keys(item, where, required=("kept",), optional=("invalid_reason",))
            reason = entry.get("invalid_reason", "")
            if not isinstance(reason, str):
                raise _unusable(f"{where}: «invalid_reason» phải là chữ.")
            ballots.append(Ballot(kept=tuple(_names(entry["kept"], f"{where}: «kept»")), invalid_reason=reason))
        kwargs["ballots"] = ballots
    else:
        totals = _keys(obj["totals"], "«totals»", required=("collected", "invalid", "votes"))
        votes = totals["votes"]
        if not isinstance(votes, dict):
            raise _unusable("«totals.votes» phải là một đối tượng {tên: số phiếu}.")
        kwargs["totals"] = Totals(
            collected=_int(totals["collected"], "«totals.collected»"),
            invalid=_int(totals["invalid"], "«totals.invalid»"),
            votes={name: _int(n, f"Số phiếu bầu của «{name}»") for name, n in votes.items()},
        )
    return kwargs


class Command(BaseCommand):
    help = "Kiểm phiếu một vòng bầu cử (Quy chế bầu cử 190-QĐ/TW) từ tệp JSON, in kết quả dạng JSON."
    # call_command("tally", "-", stdin=StringIO(...)) in tests; the command line reads sys.stdin.
    stealth_options = ("stdin",)

    def add_arguments(self, parser):
        parser.add_argument(
            "file", metavar="FILE.json", help=f"tệp số liệu kiểm phiếu, hoặc - để đọc từ stdin: {EXAMPLE}"
        )

    def handle(self, *args, **options):
        text = self._read(options["file"], options.get("stdin"))
        try:
            data = json.loads(text, object_pairs_hook=_no_duplicate_keys)
        except json.JSONDecodeError as e:
            raise _unusable(f"Tệp không phải JSON hợp lệ (dòng {e.lineno}, cột {e.colno}): {e.msg}.") from e
        try:
            result = tally(**parse(data))
        except TallyError as e:
            raise CommandError(e.message, returncode=1) from e
        output = json.dumps(result.to_json(), ensure_ascii=False, indent=2) + "\n"
        if getattr(self.stdout, "_out", None) is sys.stdout and hasattr(sys.stdout, "buffer"):
            # UTF-8 whatever the terminal's locale: the names are Vietnamese.
            sys.stdout.flush()
            sys.stdout.buffer.write(output.encode())
            sys.stdout.buffer.flush()
        else:
            self.stdout.write(output, ending="")

    def _read(self, name: str, stdin: Any) -> str:
        if name == "-":
            stream = stdin if stdin is not None else sys.stdin
            raw = stream.buffer.read() if hasattr(stream, "buffer") else stream.read()
        else:
            path = Path(name)
            if not path.is_file():
                raise _unusable(f"Không tìm thấy tệp «{name}».")
            try:
                raw = path.read_bytes()
            except OSError as e:
                raise _unusable(f"Không đọc được tệp «{name}»: {e.strerror}.") from e
        if isinstance(raw, str):
            return raw
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            raise _unusable("Tệp không phải văn bản UTF-8.") from e
