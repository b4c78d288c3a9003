"""`tochuc report`: the list, each format to a file or the screen, the composition total equal to the tree's
count, and refusals with a Vietnamese message and a non-zero exit."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tochuc.reports.catalog import REPORTS


def _run(*args) -> str:
    out = io.StringIO()
    call_command("report", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_it_lists_the_reports(tree):
    listed = _run("--list")
    for name, report in REPORTS.items():
        assert f"{name}" in listed and str(report.title) in listed


def test_the_composition_total_equals_the_members_of_the_tree(tree, capsysbinary):
    call_command("report", "composition", "--org", "44", "--format", "json", stdout=io.StringIO())
    report = json.loads(capsysbinary.readouterr().out)
    tree_out = io.StringIO()
    call_command("orgs", "--json", stdout=tree_out)
    lines = [json.loads(line.rstrip(",")) for line in tree_out.getvalue().splitlines() if line.startswith("{")]
    root = next(o for o in lines if o["code"] == "44")
    assert report["total"]["members"] == root["members"] == 15


@pytest.mark.parametrize("fmt", ["xlsx", "pdf", "csv", "json", "html"])
def test_each_format_is_written_to_a_file(tree, tmp_path, fmt):
    target = tmp_path / f"r.{fmt}"
    call_command("report", "quality", "--org", "44.DH", "--format", fmt, "-o", str(target), stderr=io.StringIO())
    data = target.read_bytes()
    magic = {"xlsx": b"PK", "pdf": b"%PDF", "csv": "\ufeff".encode(), "json": b"{", "html": b"<!doctype html>"}
    assert data.startswith(magic[fmt])
    assert len(data) > 500


def test_a_period_report_as_of_a_past_day(tree, tmp_path, capsysbinary):
    call_command("report", "movements", "--org", "44", "--from", "2025-07-01", "--to", "2025-12-31")
    data = json.loads(capsysbinary.readouterr().out)
    assert (data["from"], data["to"], data["as_of"]) == ("2025-07-01", "2025-12-31", "2025-12-31")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nothing"], "Không có báo cáo «nothing»."),
        (["composition", "--org", "99"], "Không tìm thấy tổ chức có mã «99» trong phạm vi quản lý."),
        (["movements", "--org", "44"], "Báo cáo theo kỳ: nhập ngày bắt đầu và ngày kết thúc."),
        (["composition", "--format", "pdf"], "Định dạng pdf cần -o TỆP."),
        (["composition", "--org", "44.LB", "--user", "cb.dongha"], "Không tìm thấy tổ chức có mã «44.LB»"),
    ],
)
def test_it_refuses_with_a_message_and_a_non_zero_status(tree, commune_officer, args, message):
    with pytest.raises(CommandError) as info:
        _run(*args)
    assert message in str(info.value)
    assert info.value.returncode == 2
