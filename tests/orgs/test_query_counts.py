"""The hot pages run a fixed number of queries, however many orgs and members they show (no N+1)."""

from __future__ import annotations

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tochuc.members.services import member_create
from tochuc.orgs.services import org_create


def _queries(client, url, **params):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _grow(tree, n):
    """Add n cells under 44.DH, each with two members."""
    for i in range(n):
        cell = org_create(
            actor=None,
            code=f"44.DH.X{i}",
            name=f"Chi bộ tổ dân phố {i}",
            org_type="grassroots_cell",
            parent=tree.dh,
            opened_on=date(2025, 7, 1),
            sector="residential",
        )
        for k in range(2):
            member_create(
                actor=None,
                full_name=f"Lê Văn Thêm {i}-{k}",
                sex="male",
                birth_date=date(1980, 1, 1),
                org=cell,
                admitted_on=date(2005, 1, 1),
                official_on=date(2006, 1, 1),
            )


def test_hot_pages_do_not_grow_with_the_tree(client, tree, province_officer):
    client.force_login(province_officer)
    pages = [
        (reverse("orgs:tree"), {}),
        (reverse("orgs:children", args=["44.DH"]), {}),
        (reverse("orgs:detail", args=["44.DH"]), {}),
        (reverse("members:list"), {}),
        (reverse("members:list"), {"org": "44.DH"}),
        (reverse("orgs:search"), {"q": "chi bo"}),
        (reverse("home"), {}),
    ]
    small = [_queries(client, url, **p) for url, p in pages]
    _grow(tree, 12)
    large = [_queries(client, url, **p) for url, p in pages]
    assert small == large
    assert max(large) <= 20
