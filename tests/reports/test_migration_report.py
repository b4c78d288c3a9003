"""Members working away from home, counted by org as of a day, by where they went."""

from __future__ import annotations

from datetime import date

from tochuc.members.services import member_away_end, member_away_start
from tochuc.reports.catalog import REPORTS
from tochuc.reports.engine import cell_members, run


def test_members_away_are_counted_by_org_and_kind_as_of_a_day(tree):
    an, hanh, _anh = tree.members["44.DH.01"]
    member_away_start(actor=None, member=an, kind="other_province", place="Bình Dương", since=date(2025, 9, 1))
    member_away_start(actor=None, member=hanh, kind="abroad", place="Hàn Quốc", since=date(2026, 3, 1))
    lb = tree.members["44.LB.01"][0]
    member_away_start(actor=None, member=lb, kind="abroad", place="Nhật Bản", since=date(2025, 8, 1))
    member_away_end(actor=None, member=lb, on=date(2026, 1, 10))

    today = run(REPORTS["migration"], org=tree.province)
    rows = {r.key: r.values for r in today.rows if r.kind == "org"}
    assert (rows["44.DH"]["away"], rows["44.DH"]["away_other_province"], rows["44.DH"]["away_abroad"]) == (2, 1, 1)
    assert rows["44.LB"]["away"] == 0 and today.total["away"] == 2
    assert rows["44.DH"]["away_female"] == 1  # Trần Thị Bích Hạnh
    assert rows["44.DH"]["away_share"] == round(100 * 2 / 9, 1)  # 9 active members in 44.DH

    then = run(REPORTS["migration"], org=tree.province, as_of=date(2025, 12, 31))
    rows = {r.key: r.values for r in then.rows if r.kind == "org"}
    assert (rows["44.DH"]["away"], rows["44.LB"]["away"]) == (1, 1)  # Hạnh had not left; the LB member not back

    names = {m.full_name for m in cell_members(today, row_key="44.DH", column_key="away_abroad")}
    assert names == {"Trần Thị Bích Hạnh"}
