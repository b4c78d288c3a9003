"""`tochuc data-quality --org CODE [--json]`: counts per check and the members concerned; exit 0 whatever it finds;
an unknown org code is refused."""

from __future__ import annotations

import json
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from tochuc.members.models import Member


def _run(*args: str) -> str:
    out = StringIO()
    call_command("data_quality", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def planted(tree, make_member):
    """Under 44.DH: a malformed citizen ID, a record not updated for a year, two records of one person.
    Under 44.LB: a malformed citizen ID too."""
    an, hanh, _duc_anh = tree.members["44.DH.01"]
    lb = tree.members["44.LB.01"][0]
    Member.objects.filter(pk=an.pk).update(citizen_id="12345")
    Member.objects.filter(pk=lb.pk).update(citizen_id="67890")
    Member.objects.filter(pk=hanh.pk).update(updated_at=timezone.now() - timedelta(days=400))
    twin = make_member(org=tree.dh2, full_name="Trần Thị Bích Hạnh", birth_date=date(1982, 9, 2))
    return {"an": an, "hanh": hanh, "twin": twin, "lb": lb}


def test_it_prints_the_counts_and_the_members_concerned(planted):
    out = _run("--org", "44.DH")
    assert "Đảng bộ phường Đông Hà (44.DH)" in out
    assert "[đúng] Số CCCD không hợp lệ: 1 đảng viên" in out
    assert "[sạch] Hồ sơ có thể bị trùng: 2 đảng viên" in out
    assert "[sống] Lâu không cập nhật: 1 đảng viên" in out
    assert "[đủ] Thiếu thông tin bắt buộc: 10 đảng viên" in out
    assert f"#{planted['an'].pk} Nguyễn Văn An (12/05/1968) · 44.DH.01 · " in out
    assert "Số CCCD 12345: Số CCCD phải gồm đúng 12 chữ số." in out
    assert f"có thể trùng với #{planted['twin'].pk} Trần Thị Bích Hạnh (44.DH.02)" in out
    # Only the subtree of the org asked for.
    assert "Hồ Văn Lợi" not in out and "67890" not in out


def test_it_prints_json_for_machines(planted):
    data = json.loads(_run("--org", "44.dh", "--json"))
    assert (data["org"], data["as_of"]) == ("44.DH", timezone.localdate().isoformat())
    checks = {c["code"]: c for c in data["checks"]}
    assert {code: c["count"] for code, c in checks.items()} == {
        "missing": 10, "citizen_id": 1, "duplicate": 2, "status": 0, "stale": 1,
    }  # fmt: skip
    [invalid] = checks["citizen_id"]["members"]
    assert (invalid["id"], invalid["problems"], invalid["org"]) == (
        planted["an"].pk,
        ["citizen_id.invalid"],
        "44.DH.01",
    )
    dupes = {m["id"]: m["possible_duplicates"] for m in checks["duplicate"]["members"]}
    assert dupes == {planted["hanh"].pk: [planted["twin"].pk], planted["twin"].pk: [planted["hanh"].pk]}
    assert checks["status"]["members"] == []
    assert {p["code"]: p["count"] for p in checks["missing"]["problems"]}["missing.citizen_id"] == 9


def test_it_runs_one_check_and_limits_the_list(planted):
    out = _run("--org", "44", "--check", "citizen_id", "--limit", "1")
    assert "Số CCCD không hợp lệ: 2 đảng viên" in out
    assert "Thiếu thông tin" not in out
    assert out.count("  - #") == 1
    assert "... và 1 đảng viên khác" in out


def test_a_clean_subtree_prints_zero_counts(tree):
    data = json.loads(_run("--org", "44.DH.CT.01", "--json", "--check", "status"))
    assert [(c["code"], c["count"], c["members"]) for c in data["checks"]] == [("status", 0, [])]


def test_it_refuses_an_unknown_org(tree):
    with pytest.raises(CommandError, match=r"Không có tổ chức đảng nào mang mã «99\.XX»"):
        _run("--org", "99.XX")
