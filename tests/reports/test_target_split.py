"""Admission targets given from above, split down the tree and summed up it, with the year's progress."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from tochuc.members.choices import Sex
from tochuc.members.services import member_admit
from tochuc.reports.catalog import REPORTS
from tochuc.reports.engine import run
from tochuc.reports.selectors import target_progress
from tochuc.reports.services import admission_target_set
from tochuc.reports.targets import roll_up

YEAR = 2026


def test_roll_up_takes_the_own_target_else_the_highest_ones_below():
    targets = {"a.": 10, "a.b.": 6, "a.b.c.": 4, "a.d.e.": 3, "a.d.f.": 2, "x.": 99}
    assert roll_up(targets, "a.") == 10  # its own, not what it split
    assert roll_up(targets, "a.d.") == 5  # none of its own: its children's
    assert roll_up(targets, "a.b.") == 6
    assert roll_up({k: v for k, v in targets.items() if k != "a."}, "a.") == 6 + 3 + 2  # a.b.c. is inside a.b.
    assert roll_up(targets, "a.g.") is None
    assert roll_up(targets, "") == 10 + 99


def test_targets_split_down_and_summed_up_the_tree(tree, province_officer, commune_officer):
    admission_target_set(actor=province_officer, org=tree.dh, year=YEAR, count=5)
    admission_target_set(actor=commune_officer, org=tree.dh1, year=YEAR, count=2)
    admission_target_set(actor=commune_officer, org=tree.dh2, year=YEAR, count=2)
    admission_target_set(actor=province_officer, org=tree.lb1, year=YEAR, count=3)
    progress = target_progress(actor=province_officer, org=tree.province, year=YEAR)
    assert progress["44.DH"]["target"] == 5 and progress["44.DH"]["split"] == 4  # one still to split
    assert progress["44.LB"]["target"] == 3 and progress["44.LB"]["split"] == 3  # summed up from its cell
    assert progress[""]["target"] == 8  # the province has none of its own: its communes' summed up
    admission_target_set(actor=None, org=tree.province, year=YEAR, count=10)
    assert target_progress(actor=province_officer, org=tree.province, year=YEAR)[""]["target"] == 10


def test_progress_counts_the_years_admissions_against_the_target(tree, commune_officer):
    admission_target_set(actor=None, org=tree.dh1, year=YEAR, count=4)
    for i, sex in enumerate((Sex.FEMALE, Sex.MALE)):
        member_admit(
            actor=None,
            org=tree.dh1,
            full_name=f"Người Mới {i}",
            sex=sex,
            birth_date=date(2000, 1, 1),
            vote_on=date(2026, 3, 1),
            admitted_on=date(2026, 3, 10),
            decision_no=f"{i}-QĐ",
        )
    progress = target_progress(actor=commune_officer, org=tree.dh, year=YEAR)
    cell = progress["44.DH.01"]
    assert (cell["admitted"], cell["female"], cell["young"], cell["achieved"], cell["remaining"]) == (2, 1, 2, 50.0, 2)
    assert progress["44.DH.02"]["target"] is None and progress["44.DH.02"]["remaining"] is None
    result = run(REPORTS["development"], org=tree.dh, start=date(2026, 1, 1), end=date(2026, 11, 29))
    assert result.total["target"] == 4 and result.total["admitted"] == 2


def test_the_targets_page_shows_the_split_and_the_progress(client, tree, province_officer):
    admission_target_set(actor=None, org=tree.dh, year=YEAR, count=5)
    admission_target_set(actor=None, org=tree.dh1, year=YEAR, count=2)
    client.force_login(province_officer)
    response = client.get(reverse("reports:targets"), {"org": "44", "year": YEAR})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Đã giao xuống" in html and "Còn phải kết nạp" in html
    assert response.context["total"]["target"] == 5
    rows = {child.code: p for child, _value, _error, p in response.context["rows"]}
    assert rows["44.DH"]["split"] == 2 and rows["44.LB"]["target"] is None


def test_targets_of_a_coming_year_show_nothing_admitted(client, tree, province_officer):
    admission_target_set(actor=None, org=tree.dh, year=YEAR + 1, count=7)
    progress = target_progress(actor=province_officer, org=tree.province, year=YEAR + 1)
    assert progress["44.DH"]["remaining"] == 7 and "admitted" not in progress["44.DH"]
