"""The summary of the yearly ratings: counts and shares by level for each child of the chosen org, year on year,
counted in the database; the campaign's progress by sub-org; their Excel copies."""

from __future__ import annotations

from datetime import date
from io import BytesIO

from django.urls import reverse
from openpyxl import load_workbook

from tochuc.ratings.choices import PeriodKind, Rating
from tochuc.ratings.selectors.summary import parse_years, rating_summary
from tochuc.ratings.services.campaigns import campaign_open, entries_enlist
from tochuc.ratings.services.entries import entry_self_assess


def _year(tree, steps, year, levels):
    """A yearly campaign of `year` deciding the given levels, {member: level}."""
    campaign = campaign_open(actor=None, org=tree.province, period_kind=PeriodKind.YEAR, year=year,
                             starts_on=date(year, 11, 15))  # fmt: skip
    entries_enlist(actor=None, campaign=campaign, members=True)
    for member, level in levels.items():
        entry = steps.entry_of(campaign, member)
        if year >= 2025:
            steps.rated(entry, level)
        else:  # before the 100-point scale: levels only
            entry_self_assess(actor=None, entry=entry, self_level=level, self_on=date(year, 12, 1))
            steps.decide(entry, level)
    return campaign


def test_the_summary_counts_by_child_level_and_year(tree, steps, province_officer):
    dh1, dh2, lb1 = tree.members["44.DH.01"], tree.members["44.DH.02"], tree.members["44.LB.01"]
    _year(tree, steps, 2024, {dh1[0]: Rating.GOOD, dh1[1]: Rating.GOOD, lb1[0]: Rating.NOT_COMPLETED})
    _year(tree, steps, 2025, {dh1[0]: Rating.EXCELLENT, dh1[1]: Rating.GOOD, dh2[0]: Rating.GOOD,
                              dh2[1]: Rating.COMPLETED, lb1[0]: Rating.NOT_COMPLETED})  # fmt: skip
    report = rating_summary(actor=province_officer, org=tree.province, years=[2024, 2025])
    rows = {r.org.code: r for r in report.rows}
    assert list(rows) == ["44.DH", "44.LB"]  # Vietnamese order: Đông Hà, Lao Bảo
    dh25 = rows["44.DH"].years[2025]
    assert (dh25.listed, dh25.decided, dh25.undecided) == (9, 4, 5)
    assert dh25.cells() == [(1, "25%"), (2, "50%"), (1, "25%"), (0, "0%")]
    assert rows["44.LB"].years[2024].cells()[3] == (1, "100%")
    total = report.total.years
    assert (total[2024].decided, total[2025].decided) == (3, 5)
    assert total[2025].cells()[0] == (1, "20%")


def test_the_summary_drills_down_and_counts_orgs(client, tree, steps, commune_officer):
    campaign = _year(tree, steps, 2025, {})
    entries_enlist(actor=None, campaign=campaign, org_types=["grassroots_cell", "grassroots_committee"])
    steps.rated(steps.entry_of(campaign, tree.dh1), Rating.EXCELLENT)
    client.force_login(commune_officer)
    response = client.get(reverse("ratings:summary"), {"org": "44.DH", "years": "2025", "kind": "org"})
    report = response.context["report"]
    rows = {r.org.code: r.years[2025] for r in report.rows}
    assert rows["44.DH.01"].cells()[0] == (1, "100%")
    assert rows["44.DH.CT"].listed == 1 and rows["44.DH.CT"].decided == 0
    assert "HTXSNV" in response.content.decode()


def test_years_are_read_as_a_range():
    assert parse_years("2023-2025", default=[]) == [2023, 2024, 2025]
    assert parse_years("2025", default=[]) == [2025]
    assert parse_years("", default=[2026]) == [2026]
    assert parse_years("2025-2023", default=[]) is None
    assert parse_years("2000-2020", default=[]) is None
    assert parse_years("năm 2025", default=[]) is None


def test_a_bad_range_is_said_and_the_default_shown(client, tree, commune_officer):
    client.force_login(commune_officer)
    response = client.get(reverse("ratings:summary"), {"years": "2025-2020"})
    assert response.status_code == 200
    assert "2023-2025" in response.context["error"]


def test_the_summary_exports_to_excel(client, tree, steps, province_officer):
    _year(tree, steps, 2025, {tree.members["44.DH.01"][0]: Rating.GOOD})
    client.force_login(province_officer)
    response = client.get(reverse("ratings:summary_export"), {"years": "2025"})
    assert response.status_code == 200
    ws = load_workbook(BytesIO(response.content)).active
    assert "TỔNG HỢP KẾT QUẢ XẾP LOẠI CHẤT LƯỢNG ĐẢNG VIÊN" in ws["A1"].value
    header = [c.value for c in ws[4]]
    assert header[:5] == ["STT", "Tổ chức đảng", "2025: được đánh giá", "2025: đã xếp loại", "2025: HTXSNV"]
    body = [[c.value for c in row] for row in ws.iter_rows(min_row=5)]
    assert body[0][1] == "Đảng bộ phường Đông Hà" and body[0][3] == 1
    assert body[-1][1] == "Tổng cộng" and body[-1][3] == 1


def test_the_campaign_progress_counts_by_sub_org(client, tree, listed, steps, province_officer):
    steps.rated(steps.entry_of(listed, tree.members["44.DH.01"][0]), Rating.GOOD)
    steps.self_assess(steps.entry_of(listed, tree.members["44.DH.02"][0]), 80, Rating.GOOD)
    client.force_login(province_officer)
    response = client.get(reverse("ratings:campaign", args=[listed.pk]))
    progress = response.context["progress"]
    rows = {r.org.code: r for r in progress.rows}
    assert rows["44.DH"].total == 9 and rows["44.DH"].stages == {"pending": 7, "decided": 1, "self": 1}
    assert rows["44.DH"].level_cells == [0, 1, 0, 0]
    assert progress.total.total == 15
    drill = client.get(reverse("ratings:campaign", args=[listed.pk]), {"org": "44.DH", "kind": "org"})
    assert {r.org.code for r in drill.context["progress"].rows} == {"44.DH", "44.DH.01", "44.DH.02", "44.DH.CT"}


def test_the_entry_list_exports_to_excel(client, tree, listed, steps, commune_officer):
    steps.rated(steps.entry_of(listed, tree.members["44.DH.01"][0]), Rating.GOOD)
    client.force_login(commune_officer)
    response = client.get(reverse("ratings:entries_export", args=[listed.pk]), {"kind": "member"})
    assert response.status_code == 200
    ws = load_workbook(BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=5)]
    assert len(rows) == 9
    nguyen = next(r for r in rows if r[5] == "Nguyễn Văn An")
    assert (nguyen[14], nguyen[15], nguyen[18]) == (80, "Hoàn thành tốt nhiệm vụ", "Hoàn thành tốt nhiệm vụ")
