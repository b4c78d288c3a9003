"""`tochuc orgs`: the tree as text or JSON, under an org, as of a date; refusals exit non-zero."""

from __future__ import annotations

import json
from datetime import date, timedelta
from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from tochuc.members.choices import Sex
from tochuc.members.models import Member
from tochuc.members.services import member_create
from tochuc.orgs.models import OrgType, Sector
from tochuc.orgs.services import NewOrg, org_create, org_merge

OPENED = date(2025, 7, 1)
MERGED_ON = date(2026, 2, 2)


def _run(*args: str) -> str:
    out = StringIO()
    call_command("orgs", *args, stdout=out)
    return out.getvalue()


def _json(*args: str) -> list[dict]:
    return json.loads(_run("--json", *args))


@pytest.fixture
def province(db) -> SimpleNamespace:
    """44 -> communes 44.A and 44.B; 44.A has cells .01 and .02 (merged on MERGED_ON into .03) and a
    company committee with one cell. Members: 2 in .01, 1 in .02, 1 in the company cell, 1 in 44.B.01."""

    def org(code, name, org_type, parent, sector=Sector.RESIDENTIAL):
        return org_create(
            actor=None, code=code, name=name, org_type=org_type, parent=parent, opened_on=OPENED, sector=sector
        )

    def member(name, where):
        return member_create(
            actor=None,
            full_name=name,
            sex=Sex.MALE,
            birth_date=date(1980, 1, 1),
            org=where,
            admitted_on=date(2005, 5, 19),
            official_on=date(2006, 5, 19),
        )

    root = org("44", "Đảng bộ tỉnh Quảng Trị", OrgType.PROVINCE_COMMITTEE, None, Sector.OTHER)
    a = org("44.A", "Đảng bộ xã An Phú", OrgType.UPPER_GRASSROOTS_COMMITTEE, root, Sector.COMMUNE)
    b = org("44.B", "Đảng bộ xã Bình Minh", OrgType.UPPER_GRASSROOTS_COMMITTEE, root, Sector.COMMUNE)
    a1 = org("44.A.01", "Chi bộ thôn Đông", OrgType.GRASSROOTS_CELL, a)
    a2 = org("44.A.02", "Chi bộ thôn Tây", OrgType.GRASSROOTS_CELL, a)
    company = org("44.A.DN", "Đảng bộ Công ty Cổ phần Hòa Bình", OrgType.GRASSROOTS_COMMITTEE, a, Sector.OTHER)
    company_cell = org("44.A.DN.01", "Chi bộ Văn phòng Công ty", OrgType.CELL, company, Sector.OTHER)
    b1 = org("44.B.01", "Chi bộ thôn Nam", OrgType.GRASSROOTS_CELL, b)
    member("Nguyễn Văn An", a1)
    member("Trần Văn Bình", a1)
    member("Lê Văn Cường", a2)
    member("Phạm Văn Dũng", company_cell)
    member("Hồ Văn Lai", b1)
    merged = org_merge(
        actor=None,
        sources=[a1, a2],
        on=MERGED_ON,
        new=NewOrg(code="44.A.03", name="Chi bộ thôn Đông Tây", org_type=OrgType.GRASSROOTS_CELL, parent=a),
    )
    return SimpleNamespace(root=root, a=a, b=b, merged=merged)


def test_it_prints_the_tree_as_json(province):
    rows = _json()
    assert {"code", "name", "type", "parent", "members"} <= set(rows[0])
    by_code = {r["code"]: r for r in rows}
    assert rows[0]["code"] == "44" and rows[0]["parent"] is None
    assert rows[0]["type"] == OrgType.PROVINCE_COMMITTEE
    assert by_code["44.A.DN.01"]["parent"] == "44.A.DN"
    # Every parent is in the list, before its children.
    seen = set()
    for r in rows:
        assert r["parent"] is None or r["parent"] in seen
        seen.add(r["code"])
    # Today's tree: the merged-away cells are gone, the new one holds their members.
    assert "44.A.01" not in by_code and "44.A.02" not in by_code
    assert by_code["44.A.03"]["members"] == 3


def test_the_root_counts_every_active_member(province):
    rows = _json()
    assert rows[0]["members"] == Member.objects.active().count() == 5
    assert {r["code"]: r["members"] for r in rows if r["parent"] == "44"} == {"44.A": 4, "44.B": 1}


def test_it_prints_an_indented_text_tree(province):
    lines = _run().splitlines()
    assert lines[0].startswith("44  Đảng bộ tỉnh Quảng Trị  (Đảng bộ tỉnh)  5 đảng viên")
    assert "  44.A  Đảng bộ xã An Phú  (Đảng bộ trực thuộc Tỉnh ủy)  4 đảng viên" in lines
    assert "      44.A.DN.01  Chi bộ Văn phòng Công ty  (Chi bộ trực thuộc)  1 đảng viên" in lines


def test_it_prints_only_the_subtree_under_a_code(province):
    rows = _json("--under", "44.A")
    assert rows[0]["code"] == "44.A" and rows[0]["parent"] == "44"
    assert {r["code"] for r in rows} == {"44.A", "44.A.03", "44.A.DN", "44.A.DN.01"}
    assert rows[0]["members"] == 4


def test_before_the_merge_it_shows_the_merged_away_cells(province):
    rows = _json("--as-of", (MERGED_ON - timedelta(days=1)).isoformat())
    by_code = {r["code"]: r for r in rows}
    assert {"44.A.01", "44.A.02"} <= set(by_code) and "44.A.03" not in by_code
    assert (by_code["44.A.01"]["members"], by_code["44.A.02"]["members"]) == (2, 1)
    assert by_code["44"]["members"] == 5


def test_from_the_merge_on_it_shows_the_new_cell(province):
    rows = _json("--as-of", MERGED_ON.isoformat())
    by_code = {r["code"]: r for r in rows}
    assert "44.A.03" in by_code and not {"44.A.01", "44.A.02"} & set(by_code)
    assert by_code["44.A.03"]["members"] == 3


def test_a_closed_org_can_be_shown_as_of_a_day_it_was_open(province):
    rows = _json("--under", "44.A.01", "--as-of", "2026-01-15")
    assert [(r["code"], r["members"]) for r in rows] == [("44.A.01", 2)]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--under", "44.X"], "Không có tổ chức đảng nào mang mã «44.X»"),
        (["--as-of", "2026-13-01"], "không hợp lệ"),
        (["--as-of", "hôm qua"], "không hợp lệ"),
        (["--under", "44.A.01"], "đã kết thúc hoạt động"),
    ],
)
def test_it_refuses_with_a_vietnamese_message(province, args, message):
    with pytest.raises(CommandError, match=message) as e:
        _run(*args)
    assert e.value.returncode != 0  # `tochuc orgs` exits with it


def test_it_refuses_a_date_in_the_future(province):
    with pytest.raises(CommandError, match="sau ngày hôm nay"):
        _run("--as-of", (timezone.localdate() + timedelta(days=1)).isoformat())


def test_it_says_so_when_there_is_no_tree(db):
    with pytest.raises(CommandError, match="Chưa có tổ chức đảng nào"):
        _run()


def test_before_the_province_was_founded_the_tree_is_empty(province):
    assert _json("--as-of", "2025-06-30") == []
    assert "chưa thành lập" in _run("--as-of", "2025-06-30")


def test_a_database_of_the_nation_prints_every_province(db):
    from tochuc.demo.national import generate_nation

    generate_nation(members=400, provinces=2, seed=3, today=date(2026, 11, 29))
    rows = _json()
    tops = [r for r in rows if r["parent"] is None]
    assert len(tops) == 2
    assert sum(r["members"] for r in tops) == Member.objects.active().count() > 0
    assert f"{len(rows):,}".replace(",", ".") + " tổ chức" in _run()
