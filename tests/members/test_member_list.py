"""The member list: each filter, the Vietnamese order and the other sorts, pagination, the export link that
keeps the filters, and the scope. Every test runs twice: a subtree read through its orgs' ids (small) and
through the member indexes (large), the two ways `selectors._within` reads a scope."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from tochuc.members import selectors
from tochuc.members.choices import Status
from tochuc.members.selectors import member_list, member_page
from tochuc.members.services import (
    member_contact_lost,
    member_create,
    member_died,
    member_exempt,
    member_remove,
    member_transfer_out,
)
from tochuc.orgs.services import org_create

TODAY = date(2026, 3, 15)


@pytest.fixture(autouse=True, params=["small subtree", "large subtree"])
def subtree_size(request, monkeypatch):
    if request.param == "large subtree":
        monkeypatch.setattr(selectors, "SMALL_SUBTREE", 0)
    return request.param


def names(qs) -> list[str]:
    return [m.full_name for m in qs]


def add(org, full_name, **fields):
    values = {
        "sex": "male",
        "birth_date": date(1985, 6, 15),
        "admitted_on": date(2010, 5, 19),
        "official_on": date(2011, 5, 19),
        **fields,
    }
    return member_create(actor=None, org=org, full_name=full_name, **values)


@pytest.fixture
def cell(tree):
    """An empty cell under 44.DH, so that a test sees only the members it adds."""
    return org_create(
        actor=None,
        code="44.DH.09",
        name="Chi bộ khu phố 9",
        org_type="grassroots_cell",
        parent=tree.dh,
        opened_on=date(2025, 7, 1),
        sector="residential",
    )


def in_cell(actor, cell, **filters):
    return names(member_list(actor=actor, org=cell, **{"today": TODAY, **filters}))


# --- Each filter ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "other"),
    [
        ("sex", "female", "male"),
        ("ethnic_group", "Tà Ôi", "Kinh"),
        ("religion", "Công giáo", "Không"),
        ("education", "lower_secondary", "upper_secondary"),
        ("qualification", "master", "bachelor"),
        ("theory_level", "advanced", "intermediate"),
        ("occupation", "farmer", "retired"),
    ],
)
def test_it_filters_by_each_listed_field(province_officer, cell, field, value, other):
    add(cell, "Lê Văn Có", **{field: value})
    add(cell, "Lê Văn Không", **{field: other})
    assert in_cell(province_officer, cell, **{field: value}) == ["Lê Văn Có"]
    assert in_cell(province_officer, cell, **{field: other}) == ["Lê Văn Không"]
    assert in_cell(province_officer, cell) == ["Lê Văn Có", "Lê Văn Không"]


@pytest.mark.parametrize(
    ("born", "band"),
    [
        (date(1995, 3, 16), "30"),  # 30 until tomorrow
        (date(1995, 3, 15), "31-40"),  # 31 today
        (date(1985, 3, 16), "31-40"),  # 40
        (date(1985, 3, 15), "41-50"),
        (date(1975, 3, 15), "51-60"),
        (date(1965, 3, 16), "51-60"),  # 60, 61 tomorrow
        (date(1965, 3, 15), "61-70"),
        (date(1955, 3, 16), "61-70"),  # 70
        (date(1955, 3, 15), "71"),  # 71 today: over 70
    ],
)
def test_the_age_band_counts_completed_years_on_the_day(province_officer, cell, born, band):
    add(cell, "Phan Văn Tuổi", birth_date=born, admitted_on=date(2024, 1, 10), official_on=date(2025, 1, 10))
    bands = [b for b in selectors.AGE_BANDS if in_cell(province_officer, cell, age_band=b)]
    assert bands == [band]


def test_the_age_band_of_someone_born_on_29_february(province_officer, cell):
    add(cell, "Đào Thị Nhuận", birth_date=date(1996, 2, 29), admitted_on=date(2024, 1, 10), official_on=None,
        status=Status.PROBATIONARY)  # fmt: skip
    # 28/02/2027: not yet 31 (the birthday falls on 1 March in a common year) ...
    assert in_cell(province_officer, cell, age_band="30", today=date(2027, 2, 28))
    assert not in_cell(province_officer, cell, age_band="31-40", today=date(2027, 2, 28))
    # ... 31 from 01/03/2027.
    assert in_cell(province_officer, cell, age_band="31-40", today=date(2027, 3, 1))


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"admitted_from": date(2010, 5, 19)}, ["Bùi Văn Giữa", "Bùi Văn Muộn"]),  # the bounds are inclusive
        ({"admitted_to": date(2010, 5, 19)}, ["Bùi Văn Giữa", "Bùi Văn Sớm"]),
        ({"admitted_from": date(2010, 5, 19), "admitted_to": date(2010, 5, 19)}, ["Bùi Văn Giữa"]),
        ({"official_from": date(2012, 1, 1)}, ["Bùi Văn Muộn"]),
        ({"official_to": date(2011, 5, 19)}, ["Bùi Văn Giữa", "Bùi Văn Sớm"]),
        ({"official_from": date(2000, 1, 1), "official_to": date(2002, 12, 31)}, ["Bùi Văn Sớm"]),
    ],
)
def test_it_filters_by_admission_and_official_date_ranges(province_officer, cell, filters, expected):
    add(cell, "Bùi Văn Sớm", admitted_on=date(2000, 2, 3), official_on=date(2001, 2, 3))
    add(cell, "Bùi Văn Giữa", admitted_on=date(2010, 5, 19), official_on=date(2011, 5, 19))
    add(cell, "Bùi Văn Muộn", admitted_on=date(2020, 9, 2), official_on=date(2021, 9, 2))
    assert in_cell(province_officer, cell, **filters) == expected


@pytest.fixture
def statuses(cell, tree):
    """One member of each kind in the cell: official, probationary, deceased, removed."""
    official = add(cell, "Ngô Văn Chính")
    add(cell, "Ngô Văn Dự", status=Status.PROBATIONARY, official_on=None, admitted_on=date(2025, 8, 1))
    died = add(cell, "Ngô Văn Mất")
    member_died(actor=None, member=died, on=date(2025, 10, 1))
    removed = add(cell, "Ngô Văn Xóa")
    member_remove(actor=None, member=removed, on=date(2025, 10, 2), decision_no="9-QĐ", reason="Bỏ sinh hoạt")
    return official


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["Ngô Văn Chính", "Ngô Văn Dự"]),  # active: probationary and official
        ({"status": "active"}, ["Ngô Văn Chính", "Ngô Văn Dự"]),
        ({"status": Status.OFFICIAL}, ["Ngô Văn Chính"]),
        ({"status": Status.PROBATIONARY}, ["Ngô Văn Dự"]),
        ({"status": Status.DECEASED}, ["Ngô Văn Mất"]),
        ({"status": Status.REMOVED}, ["Ngô Văn Xóa"]),
        ({"status": "ended"}, ["Ngô Văn Mất", "Ngô Văn Xóa"]),
        ({"status": "all"}, ["Ngô Văn Chính", "Ngô Văn Dự", "Ngô Văn Mất", "Ngô Văn Xóa"]),
        ({"include_inactive": True}, ["Ngô Văn Chính", "Ngô Văn Dự", "Ngô Văn Mất", "Ngô Văn Xóa"]),
    ],
)
def test_it_filters_by_status_including_the_ended_ones(province_officer, cell, statuses, filters, expected):
    assert in_cell(province_officer, cell, **filters) == expected


def test_it_filters_by_each_flag(province_officer, cell, tree):
    plain = add(cell, "Vũ Văn Thường")
    exempted = add(cell, "Vũ Văn Miễn")
    member_exempt(actor=None, member=exempted, on=date(2025, 9, 1), reason="Tuổi cao")
    away = add(cell, "Vũ Văn Tạm")
    member_transfer_out(actor=None, member=away, on=date(2025, 9, 2), letter_no="7-GGT", to_org=tree.lb1,
                        temporary=True, until=date(2026, 6, 1))  # fmt: skip
    moving = add(cell, "Vũ Văn Chuyển")
    member_transfer_out(actor=None, member=moving, on=date(2025, 9, 3), letter_no="8-GGT", to_org=tree.lb2)
    lost = add(cell, "Vũ Văn Mất Liên Lạc")
    member_contact_lost(actor=None, member=lost, on=date(2025, 9, 4))

    assert in_cell(province_officer, cell, flags=["exempted"]) == ["Vũ Văn Miễn"]
    assert in_cell(province_officer, cell, flags=["temporary"]) == ["Vũ Văn Tạm"]
    assert in_cell(province_officer, cell, flags=["in_transit"]) == ["Vũ Văn Chuyển"]
    assert in_cell(province_officer, cell, flags=["lost_contact"]) == ["Vũ Văn Mất Liên Lạc"]
    assert in_cell(province_officer, cell, flags=["exempted", "lost_contact"]) == []
    # Between two orgs a member is not counted in the active list, unless asked for.
    assert "Vũ Văn Chuyển" not in in_cell(province_officer, cell)
    assert plain.full_name in in_cell(province_officer, cell)


# --- Order and pages -----------------------------------------------------------------------------------------

# By given name (An < Anh < Ánh: the letters first, then the tone; d < đ, o < ô < ơ, u < ư), then the whole name.
VIETNAMESE_ORDER = ["Trần Văn An", "Lê Văn Anh", "Lê Văn Ánh", "Hoàng Văn Bình", "Phạm Văn Dũng", "Nguyễn Đức",
                    "Vũ Văn Đức", "Mai Thị Ơn", "Lý Văn Ưng"]  # fmt: skip


def test_it_orders_by_given_name_in_the_vietnamese_alphabet(province_officer, cell):
    for name in reversed(VIETNAMESE_ORDER):
        add(cell, name)
    assert in_cell(province_officer, cell) == VIETNAMESE_ORDER
    assert in_cell(province_officer, cell, order="-name") == VIETNAMESE_ORDER[::-1]


def test_it_sorts_by_the_other_columns(province_officer, cell, tree):
    add(cell, "Đinh Văn Già", birth_date=date(1950, 1, 1), admitted_on=date(1980, 1, 1), official_on=date(1981, 1, 1))
    add(cell, "Đinh Văn Trẻ", birth_date=date(2000, 1, 1), admitted_on=date(2022, 1, 1), official_on=date(2023, 1, 1))
    add(cell, "Đinh Văn Vừa", birth_date=date(1980, 1, 1), admitted_on=date(2005, 1, 1), official_on=date(2006, 1, 1))
    by_age = ["Đinh Văn Già", "Đinh Văn Vừa", "Đinh Văn Trẻ"]
    assert in_cell(province_officer, cell, order="birth_date") == by_age
    assert in_cell(province_officer, cell, order="-birth_date") == by_age[::-1]
    assert in_cell(province_officer, cell, order="admitted_on") == by_age
    assert in_cell(province_officer, cell, order="-official_on") == by_age[::-1]
    by_org = names(member_list(actor=province_officer, org=tree.dh, order="org"))
    assert by_org.index("Đinh Văn Già") > by_org.index("Phạm Thị Thu Hà")  # "khu phố 2" before "khu phố 9"


def test_it_pages_by_fifty(province_officer, cell):
    for i in range(55):
        add(cell, f"Lò Văn Số {i:02d}")
    first = member_page(actor=province_officer, org=cell, number=1)
    second = member_page(actor=province_officer, org=cell, number=2)
    assert (first.paginator.count, len(first.object_list), len(second.object_list)) == (55, 50, 5)
    assert [m.full_name for m in second] == [f"Lò Văn Số {i:02d}" for i in range(50, 55)]
    assert second.object_list[0].org == cell  # the org comes with the page


# --- The page ------------------------------------------------------------------------------------------------


def test_the_page_applies_the_filters_of_the_query_string(client, commune_officer, tree):
    client.force_login(commune_officer)
    response = client.get(reverse("members:list"), {"sex": "female", "org": "44.DH.01"})
    assert response.status_code == 200
    assert [m.full_name for m in response.context["page_obj"]] == ["Trần Thị Bích Hạnh"]


def test_the_export_link_keeps_the_filters(client, commune_officer, tree):
    client.force_login(commune_officer)
    page = client.get(
        reverse("members:list"), {"sex": "female", "age_band": "41-50", "sort": "-birth_date", "page": "1"}
    ).content.decode()
    assert 'href="/members/export/?sex=female&amp;age_band=41-50&amp;sort=-birth_date"' in page
    assert 'href="/members/export/?sex=female&amp;age_band=41-50&amp;sort=-birth_date&amp;format=csv"' in page


def test_the_export_writes_the_filtered_rows(client, commune_officer, tree):
    client.force_login(commune_officer)
    response = client.get(reverse("members:export"), {"sex": "female", "org": "44.DH", "format": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Trần Thị Bích Hạnh" in text and "Đặng Minh Châu" in text
    assert "Nguyễn Văn An" not in text and "Lê Đức Anh" not in text


def test_a_wrong_date_range_is_shown_and_left_out(client, commune_officer, tree):
    client.force_login(commune_officer)
    response = client.get(
        reverse("members:list"), {"admitted_from": "01/01/2020", "admitted_to": "01/01/2010", "sex": "female"}
    )
    assert "Ngày cuối phải từ ngày đầu trở đi." in response.content.decode()
    # The other filters still apply.
    assert [m.full_name for m in response.context["page_obj"]] == [
        "Đỗ Thị Ngọc Ánh",
        "Đặng Minh Châu",
        "Phạm Thị Thu Hà",
        "Trần Thị Bích Hạnh",
    ]


# --- Scope ---------------------------------------------------------------------------------------------------


def test_an_outsider_never_sees_the_neighbouring_commune(client, outsider, tree):
    everyone = names(member_list(actor=outsider, status="all"))
    assert everyone and all(m.full_name not in everyone for m in tree.members["44.DH.01"])
    assert not member_list(actor=outsider, org=tree.dh).exists()
    client.force_login(outsider)
    page = client.get(reverse("members:list"), {"status": "all"}).content.decode()
    assert "Hồ Văn Lợi" in page and "Nguyễn Văn An" not in page and "Bùi Quang Huy" not in page
    assert client.get(reverse("members:list"), {"org": "44.DH"}).status_code == 404
