"""The member list, search and the dashboard run a fixed number of queries however many members, orgs and
follow-up rows there are (no N+1), whichever way the subtree is read."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tochuc.members import selectors
from tochuc.members.choices import Status
from tochuc.members.services import member_create, member_transfer_out
from tochuc.orgs.services import org_create


@pytest.fixture(autouse=True, params=["small subtree", "large subtree"])
def subtree_size(request, monkeypatch):
    if request.param == "large subtree":
        monkeypatch.setattr(selectors, "SMALL_SUBTREE", 0)
    return request.param


PAGES = [
    ("members:list", {}),
    ("members:list", {"org": "44.DH"}),
    ("members:list", {"q": "le van"}),
    ("members:list", {"q": "0440"}),
    ("members:list", {"sex": "male", "age_band": "41-50", "status": "all", "sort": "org", "flags": "in_transit"}),
    ("members:list", {"page": "2"}),
    ("members:dashboard", {}),
    ("members:dashboard", {"org": "44.DH"}),
    ("members:dashboard_panel", {}),
]


def _queries(client, name, params) -> int:
    url = reverse(name, args=["transit"]) if name == "members:dashboard_panel" else reverse(name)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200, (name, params)
    return len(ctx.captured_queries)


def _grow(tree, n: int, start: int = 0) -> None:
    """n more cells under 44.DH, each with an official member (due for a badge), a probationary one (due for
    recognition) and a member in transit."""
    for i in range(start, start + n):
        cell = org_create(actor=None, code=f"44.DH.Q{i}", name=f"Chi bộ tổ {i}", org_type="grassroots_cell",
                          parent=tree.dh, opened_on=date(2025, 7, 1), sector="residential")  # fmt: skip
        member_create(actor=None, org=cell, full_name="Lê Văn Lâu", sex="male", birth_date=date(1950, 1, 1),
                      admitted_on=date(1980, 1, 1), official_on=date(1981, 1, 1),
                      citizen_id=f"044050{i:06d}")  # fmt: skip
        member_create(actor=None, org=cell, full_name="Lê Thị Mới", sex="female", birth_date=date(1999, 1, 1),
                      status=Status.PROBATIONARY, admitted_on=date(2024, 5, 1), ceremony_on=date(2024, 5, 19),
                      official_on=None)  # fmt: skip
        moving = member_create(actor=None, org=cell, full_name="Lê Văn Đi", sex="male",
                               birth_date=date(1980, 1, 1), admitted_on=date(2005, 1, 1),
                               official_on=date(2006, 1, 1))  # fmt: skip
        member_transfer_out(actor=None, member=moving, on=date(2025, 9, 1), letter_no=f"{i}-GGT", to_org=tree.lb1)


def test_the_member_pages_do_not_grow_with_the_members(client, tree, province_officer):
    client.force_login(province_officer)
    _grow(tree, 1)
    small = [_queries(client, name, params) for name, params in PAGES]
    _grow(tree, 25, start=1)
    large = [_queries(client, name, params) for name, params in PAGES]
    assert small == large
    assert max(large) <= 20


def test_search_runs_a_fixed_number_of_queries(tree, province_officer):
    def count(q):
        with CaptureQueriesContext(connection) as ctx:
            found = selectors.member_search(actor=province_officer, q=q)
        return len(ctx.captured_queries), len(found)

    _grow(tree, 1)
    before = [count("le van"), count("lau"), count("044050")]
    _grow(tree, 25, start=1)
    after = [count("le van"), count("lau"), count("044050")]
    # The scope, one query per way of matching (the second skipped once the first found enough), the orgs.
    assert all(n <= 4 for n, _found in before + after)
    assert [found for _n, found in after] == [20, 20, 20]
