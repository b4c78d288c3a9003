"""The dashboard ("Biểu đồ"): its charts' numbers against an independent count of the fixture's members, the
day they are counted on, the actor's scope, the round axis ticks, and a page that fetches nothing from outside."""

from __future__ import annotations

import re
from datetime import date
from html import unescape
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tochuc.accounts.models import User
from tochuc.members.choices import Sex, Status
from tochuc.members.services import correction_decide, correction_request, member_create
from tochuc.orgs.models import OrgType, Sector
from tochuc.orgs.services import org_create
from tochuc.reports import dashboard
from tochuc.reports.dashboard import admissions_by_year, dashboard_build, nice_ticks, number_vi, percent_vi

URL = reverse("reports:dashboard")
BANDS = [("Đến 30", 0, 30), ("31–40", 31, 40), ("41–50", 41, 50), ("51–60", 51, 60), ("61–70", 61, 70)]
BANDS.append(("Từ 71", 71, 200))


# --- Reading the page ---------------------------------------------------------------------------------------


class _Tables(HTMLParser):
    """The text of every cell of every table with an id: {id: [[cell, ...], ...]}."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._table: str | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table" and dict(attrs).get("id"):
            self._table = dict(attrs)["id"]
            self.tables[self._table] = []
        elif tag == "tr" and self._table:
            self.tables[self._table].append([])
        elif tag in ("td", "th") and self._table:
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "table":
            self._table = None
        elif tag in ("td", "th") and self._cell is not None:
            self.tables[self._table][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def tables(html: str) -> dict[str, dict[str, list[str]]]:
    """Each chart's table as {first cell: the other cells}, the header row left out."""
    parser = _Tables()
    parser.feed(html)
    return {key: {row[0]: row[1:] for row in rows[1:]} for key, rows in parser.tables.items()}


def page(client, actor, **params) -> str:
    client.force_login(actor)
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.content.decode()


# --- Counting the fixture independently -----------------------------------------------------------------------


def everyone(tree) -> list:
    return [m for members in tree.members.values() for m in members]


def age_on(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def expected_age_table(members, on: date) -> dict[str, list[str]]:
    table = {}
    for label, low, high in BANDS:
        band = [m for m in members if low <= age_on(m.birth_date, on) <= high]
        male = sum(m.sex == Sex.MALE for m in band)
        table[label] = [number_vi(len(band)), number_vi(male), number_vi(len(band) - male)]
    male = sum(m.sex == Sex.MALE for m in members)
    table["Tổng cộng"] = [number_vi(len(members)), number_vi(male), number_vi(len(members) - male)]
    return table


def expected_admissions(members, on: date) -> dict[int, int]:
    years = range(on.year - 9, on.year + 1)
    return {y: sum(m.admitted_on.year == y and m.admitted_on <= on for m in members) for y in years}


def admissions_table(html: str) -> dict[int, int]:
    rows = tables(html)["admissions-table"]
    return {int(k.rstrip("*")): int(v[0].replace(".", "")) for k, v in rows.items() if not k.startswith("Cộng")}


# --- The numbers -----------------------------------------------------------------------------------------------


def test_the_charts_tables_hold_the_provinces_members_by_age_sex_year_and_commune(client, province_officer, tree):
    html = page(client, province_officer)
    today = timezone.localdate()
    members = everyone(tree)
    got = tables(html)

    assert got["age-table"] == expected_age_table(members, today)
    assert admissions_table(html) == expected_admissions(members, today)
    dh = [m for m in members if m.org.path.startswith(tree.dh.path)]
    lb = [m for m in members if m.org.path.startswith(tree.lb.path)]
    for org, group in ((tree.dh, dh), (tree.lb, lb)):
        female = sum(m.sex == Sex.FEMALE for m in group)
        assert got["composition-table"][org.name] == [
            number_vi(len(group)),
            number_vi(len(group) - female),
            number_vi(female),
            percent_vi(female, len(group)),
        ]
    assert got["composition-table"]["Tổng cộng"][0] == "15"
    assert "Đảng bộ tỉnh Quảng Trị" in html


def test_a_commune_officer_sees_the_communes_cells(client, commune_officer, tree):
    html = page(client, commune_officer)
    got = tables(html)
    assert set(got["composition-table"]) == {"Chi bộ khu phố 1", "Chi bộ khu phố 2", tree.dh_company.name, "Tổng cộng"}
    assert got["age-table"]["Tổng cộng"][0] == "9"
    dh = [m for m in everyone(tree) if m.org.path.startswith(tree.dh.path)]
    assert admissions_table(html) == expected_admissions(dh, timezone.localdate())


def test_the_day_changes_the_figures(client, province_officer, tree):
    newcomer = member_create(
        actor=None,
        full_name="Lê Thị Mới Vào",
        sex=Sex.FEMALE,
        birth_date=date(2000, 6, 1),
        org=tree.dh1,
        status=Status.PROBATIONARY,
        admitted_on=date(2026, 1, 15),
    )
    members = everyone(tree)
    year_end = date(2025, 12, 31)

    before = page(client, province_officer, as_of="31/12/2025")
    now = page(client, province_officer)

    assert tables(before)["age-table"] == expected_age_table(members, year_end)
    assert tables(now)["age-table"] == expected_age_table([*members, newcomer], timezone.localdate())
    assert tables(before)["age-table"]["Tổng cộng"][0] == "15"
    assert tables(now)["age-table"]["Tổng cộng"][0] == "16"
    assert admissions_table(before) == expected_admissions(members, year_end)
    assert admissions_table(now)[2026] == 1
    assert "Tính đến ngày 31/12/2025" in before


def test_a_day_before_the_org_existed_is_refused_beside_the_date(client, province_officer, tree):
    html = page(client, province_officer, as_of="30/06/2025")  # the fixture's tree opens on 01/07/2025
    assert "không hoạt động" in html
    assert "age-table" not in html


def test_a_corrected_admission_counts_in_its_new_year_only(province_officer, tree):
    chau = tree.members["44.DH.02"][2]  # admitted 19/05/2019, the only admission of 2019
    correction = correction_request(
        actor=None, member=chau, field="admitted_on", new_value="19/05/2020", basis="Quyết định số 12-QĐ/ĐU"
    )
    correction_decide(actor=None, correction=correction, approve=True)

    counts = dict(admissions_by_year(actor=province_officer, org=tree.province, as_of=date(2026, 6, 30)))
    assert counts[2019] == 0
    assert counts[2020] == 1


def test_admissions_cover_ten_years_up_to_the_day(province_officer, tree):
    counts = admissions_by_year(actor=province_officer, org=tree.dh, as_of=date(2019, 5, 18))
    assert [year for year, _n in counts] == list(range(2010, 2020))
    assert dict(counts)[2019] == 0  # Đặng Minh Châu was admitted the next day
    assert dict(counts)[2010] == 1  # Hoàng Văn Dũng, 02/09/2010


# --- Scope -----------------------------------------------------------------------------------------------------


def test_a_commune_officer_cannot_chart_the_neighbouring_commune(commune_officer, tree):
    with pytest.raises(Http404):
        dashboard_build(actor=commune_officer, org=tree.lb, as_of=timezone.localdate())
    with pytest.raises(Http404):
        admissions_by_year(actor=commune_officer, org=tree.lb, as_of=timezone.localdate())


def test_the_page_never_shows_the_neighbouring_communes_figures(client, outsider, tree):
    client.force_login(outsider)
    response = client.get(URL, {"org": "44.DH"})
    html = response.content.decode()
    # Today the view's form refuses the code (in the same words as a code that does not exist) and charts the
    # outsider's own commune; a 404, as the member pages answer, would do as well. Either way, nothing of 44.DH.
    assert response.status_code in (200, 404)
    assert tree.dh.name not in html
    assert "Chi bộ khu phố 1" not in html
    if response.status_code == 200:
        assert "trong phạm vi quản lý" in html


def test_the_nation_is_charted_only_for_a_superuser_without_an_org(client, province_officer, admin_user, tree):
    for actor in (province_officer, admin_user):
        with pytest.raises(Http404):
            dashboard_build(actor=actor, org=None, as_of=timezone.localdate())
        with pytest.raises(Http404):
            admissions_by_year(actor=actor, org=None, as_of=timezone.localdate())
    # Without an org in the query, an officer gets their own province, never the nation.
    assert "Toàn quốc" not in page(client, province_officer)

    root = User.objects.create_superuser("root", password="Sieu-quan-tri-2026")
    html = page(client, root)
    assert "Biểu đồ · Toàn quốc" in html
    assert tables(html)["composition-table"][tree.province.name][0] == "15"


def test_the_page_needs_a_login(client, tree):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# --- The page --------------------------------------------------------------------------------------------------


def test_the_page_loads_nothing_from_outside(client, province_officer, tree):
    html = page(client, province_officer)
    assert "http://" not in html and "https://" not in html
    assert "<script>" not in html  # and no inline script of its own: the charts are drawn by the server


def test_each_chart_has_a_title_a_description_and_its_numbers(client, province_officer, tree):
    html = page(client, province_officer)
    for key in ("age", "admissions", "composition"):
        assert f'aria-labelledby="{key}-title {key}-desc"' in html
        assert f'<title id="{key}-title">' in html
        assert f'<desc id="{key}-desc">' in html
        assert f'id="{key}-table"' in html
    assert html.count("<svg") == 3
    assert html.count('<details class="dash-numbers">') == 3
    assert "15 đảng viên: nam 8 (53,3%), nữ 7 (46,7%)." in html  # the age chart's description


def test_each_chart_links_to_its_report_and_each_commune_to_its_own_charts(client, province_officer, tree):
    html = page(client, province_officer, as_of="31/12/2025")
    as_of = "as_of=31%2F12%2F2025"
    assert f'href="{reverse("reports:show", args=["age"])}?org=44&amp;{as_of}"' in html
    assert f'href="{reverse("reports:show", args=["composition"])}?org=44&amp;{as_of}"' in html
    development = reverse("reports:show", args=["development"])
    assert f'href="{development}?org=44&amp;{as_of}&amp;start=01%2F01%2F2016&amp;end=31%2F12%2F2025"' in html
    assert f'href="{URL}?org=44.DH&amp;{as_of}"' in html
    assert f'href="{reverse("reports:cell", args=["age"])}?org=44&amp;{as_of}&amp;row=age_31_40&amp;col=female"' in html


@pytest.mark.parametrize("as_of", ["", "31/12/2025"])
def test_every_link_of_the_charts_opens_its_page(client, province_officer, tree, as_of):
    html = page(client, province_officer, **({"as_of": as_of} if as_of else {}))
    links = {unescape(href) for href in re.findall(r'href="(/reports/[^"]+)"', html)}
    assert len(links) > 10  # the reports, the members behind the bars, the communes' own charts
    for link in links:
        response = client.get(link)
        assert response.status_code == 200, link
        assert 'class="errorlist' not in response.content.decode(), link


def test_only_the_largest_orgs_are_drawn_and_the_others_are_counted_under_the_chart(
    client, province_officer, tree, monkeypatch
):
    monkeypatch.setattr(dashboard, "MAX_ORG_BARS", 1)
    html = page(client, province_officer)
    assert f"<title>{tree.dh.name}: 9 đảng viên, nữ 44,4%</title>" in html
    assert f"<title>{tree.lb.name}:" not in html
    assert "1 tổ chức khác (6 đảng viên) có trong bảng số liệu" in html
    assert tables(html)["composition-table"][tree.lb.name][0] == "6"


def test_a_cell_has_no_orgs_to_compare_but_its_numbers_are_given(client, cell_secretary, tree):
    html = page(client, cell_secretary)
    assert "Tổ chức này không có tổ chức trực thuộc." in html
    assert html.count("<svg") == 2
    assert tables(html)["composition-table"]["Trực tiếp tại Chi bộ khu phố 1"][0] == "3"


@pytest.mark.parametrize("as_of", [{}, {"as_of": "31/12/2025"}], ids=["today", "a past day"])
def test_the_number_of_queries_does_not_grow_with_the_orgs(client, province_officer, tree, as_of):
    client.force_login(province_officer)
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL, as_of).status_code == 200
    for n in range(3):
        cell = org_create(
            actor=None,
            code=f"44.X{n}",
            name=f"Chi bộ Cơ quan {n}",
            org_type=OrgType.GRASSROOTS_CELL,
            parent=tree.province,
            opened_on=date(2025, 7, 1),
            sector=Sector.OTHER,
        )
        member_create(actor=None, full_name=f"Lê Văn Số {n}", sex=Sex.MALE, birth_date=date(1980, 1, 1), org=cell,
                      admitted_on=date(2020, 1, 1), official_on=date(2021, 1, 1))  # fmt: skip
    with CaptureQueriesContext(connection) as more:
        response = client.get(URL, as_of)
    assert "Chi bộ Cơ quan 2" in response.content.decode()
    assert len(more) == len(few)


# --- Axis ticks and numbers --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("largest", "ticks"),
    [
        (0, [0, 1]),
        (1, [0, 1]),
        (3, [0, 1, 2, 3]),
        (7, [0, 2, 4, 6, 8]),
        (10, [0, 2, 4, 6, 8, 10]),
        (23, [0, 5, 10, 15, 20, 25]),
        (1234, [0, 250, 500, 750, 1000, 1250]),
        (5_600_000, [0, 2_000_000, 4_000_000, 6_000_000]),
    ],
)
def test_ticks_are_round_numbers_from_zero_past_the_largest_value(largest, ticks):
    assert nice_ticks(largest) == ticks


def test_numbers_are_written_the_vietnamese_way():
    assert number_vi(5_612_345) == "5.612.345"
    assert number_vi(999) == "999"
    assert percent_vi(7, 15) == "46,7%"
    assert percent_vi(1, 0) == ""
