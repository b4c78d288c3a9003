"""Search by name without diacritics or case, by the given name, by a citizen ID or card number prefix;
inside the scope only; each way of matching read from an index."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.urls import reverse

from tochuc.members import selectors
from tochuc.members.selectors import member_list, member_search
from tochuc.members.services import member_create, member_issue_card


@pytest.fixture(autouse=True, params=["small subtree", "large subtree"])
def subtree_size(request, monkeypatch):
    if request.param == "large subtree":
        monkeypatch.setattr(selectors, "SMALL_SUBTREE", 0)
    return request.param


@pytest.fixture
def hoa(tree):
    return member_create(
        actor=None,
        org=tree.dh2,
        full_name="Nguyễn Thị Hoa",
        sex="female",
        birth_date=date(1990, 4, 12),
        admitted_on=date(2015, 3, 26),
        official_on=date(2016, 3, 26),
        citizen_id="045190001234",
    )


def found(actor, q) -> list[str]:
    return [m.full_name for m in member_search(actor=actor, q=q)]


@pytest.mark.parametrize(
    "q", ["nguyen thi hoa", "NGUYEN THI HOA", "Nguyễn Thị Hoa", "nguyễn thị", "nguyen thi h", "  nguyen   thi hoa "]
)
def test_it_finds_a_name_typed_without_diacritics_or_case(commune_officer, hoa, q):
    assert "Nguyễn Thị Hoa" in found(commune_officer, q)
    assert "Nguyễn Thị Hoa" in [m.full_name for m in member_list(actor=commune_officer, q=q)]


@pytest.mark.parametrize("q", ["hoa", "Hòa", "HO", "thi hoa", "nguyen hoa"])
def test_it_finds_the_given_name_alone_or_after_other_words_of_the_name(commune_officer, hoa, q):
    assert "Nguyễn Thị Hoa" in found(commune_officer, q)


def test_a_prefix_matches_the_beginning_of_a_word_only(commune_officer, hoa):
    assert found(commune_officer, "oa") == []
    assert found(commune_officer, "guyen") == []


def test_it_finds_a_citizen_id_or_a_card_number_by_its_first_digits(commune_officer, hoa):
    assert found(commune_officer, "0451900") == ["Nguyễn Thị Hoa"]
    assert found(commune_officer, "045 190 001 234") == ["Nguyễn Thị Hoa"]
    assert found(commune_officer, "0451901") == []
    assert found(commune_officer, "04519") == ["Nguyễn Thị Hoa"]  # a prefix ending in 9 (its range ends at 0452)
    member_issue_card(actor=None, member=hoa, on=date(2025, 8, 18), card_number="44001234")
    assert found(commune_officer, "4400123") == ["Nguyễn Thị Hoa"]
    assert [m.full_name for m in member_list(actor=commune_officer, q="44001234")] == ["Nguyễn Thị Hoa"]


def test_it_returns_at_most_the_limit_in_vietnamese_order(commune_officer, tree):
    for i in range(30):
        member_create(actor=None, org=tree.dh1, full_name=f"Lê Văn Thành {i:02d}", sex="male",
                      birth_date=date(1985, 1, 1), admitted_on=date(2010, 1, 1),
                      official_on=date(2011, 1, 1))  # fmt: skip
    result = found(commune_officer, "le van th")
    assert result == [f"Lê Văn Thành {i:02d}" for i in range(20)]


def test_search_stays_in_the_scope(client, outsider, commune_officer, hoa, tree):
    assert found(outsider, "nguyen") == ["Nguyễn Văn Bình"]  # of Lao Bảo; none of Đông Hà
    assert found(outsider, "hoa") == []
    assert found(outsider, "045190") == []
    assert not member_list(actor=outsider, q="nguyen thi hoa").exists()
    client.force_login(outsider)
    page = client.get(reverse("members:list"), {"q": "nguyen", "status": "all"}).content.decode()
    assert "Nguyễn Văn Bình" in page and "Nguyễn Văn An" not in page and "Nguyễn Thị Hoa" not in page


def test_the_list_page_searches(client, commune_officer, hoa):
    client.force_login(commune_officer)
    response = client.get(reverse("members:list"), {"q": "nguyen thi hoa"})
    assert [m.full_name for m in response.context["page_obj"]] == ["Nguyễn Thị Hoa"]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's plan; PostgreSQL chooses by its statistics")
def test_each_way_of_matching_reads_an_index_range(commune_officer, hoa, subtree_size):
    """A prefix is a range of an index (GLOB on SQLite), never a scan of every name."""
    if subtree_size == "small subtree":
        pytest.skip("a small subtree is read through its orgs")
    base = member_list(actor=commune_officer).select_related(None)
    for match, order in selectors._search_branches("hoa") + selectors._search_branches("0451900"):
        sql, params = base.filter(match).order_by(*order)[:20].query.sql_with_params()
        with connection.cursor() as c:
            c.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            plan = " ".join(str(row[-1]) for row in c.fetchall())
        assert "USING INDEX" in plan and ">?" in plan, plan
