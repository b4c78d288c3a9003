"""Query counts stay flat on the hot pages (campaign list, progress, entry list, decisions table, summary,
history) however many entries they show: no N+1."""

from __future__ import annotations

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tochuc.orgs.services import org_create
from tochuc.ratings.choices import Rating
from tochuc.ratings.models import Entry
from tochuc.ratings.services.campaigns import DEFAULT_ORG_TYPES, entries_enlist


def _queries(client, url, params=None):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def _grow(tree, campaign, steps, make_member, start, n):
    """`n` more cells under Đông Hà, two members each, listed and rated."""
    for i in range(start, start + n):
        cell = org_create(actor=None, code=f"44.DH.Q{i}", name=f"Chi bộ tổ dân phố {i}", org_type="grassroots_cell",
                          parent=tree.dh, opened_on=date(2025, 7, 1), sector="residential")  # fmt: skip
        for j in range(2):
            make_member(org=cell, full_name=f"Nguyễn Thị Thu {i}{j}")
    entries_enlist(actor=None, campaign=campaign, org_types=DEFAULT_ORG_TYPES, members=True)
    for e in Entry.objects.filter(campaign=campaign, stage="pending", kind="member").order_by("id")[: 2 * n]:
        steps.rated(e, Rating.GOOD)


def test_the_pages_run_a_fixed_number_of_queries(client, tree, campaign, steps, make_member, commune_officer):
    client.force_login(commune_officer)
    member = tree.members["44.DH.01"][0]
    urls = [
        (reverse("ratings:list"), None),
        (reverse("ratings:campaign", args=[campaign.pk]), None),
        (reverse("ratings:entries", args=[campaign.pk]), None),
        (reverse("ratings:entries", args=[campaign.pk]), {"kind": "org"}),
        (reverse("ratings:decide", args=[campaign.pk]), {"kind": "member"}),
        (reverse("ratings:decide", args=[campaign.pk]), {"kind": "org"}),
        (reverse("ratings:summary"), {"years": "2024-2026"}),
        (reverse("ratings:summary"), {"years": "2025", "kind": "org"}),
        (reverse("ratings:member_history", args=[member.pk]), None),
    ]
    _grow(tree, campaign, steps, make_member, 0, 2)
    small = [_queries(client, url, params) for url, params in urls]
    _grow(tree, campaign, steps, make_member, 2, 8)
    large = [_queries(client, url, params) for url, params in urls]
    assert Entry.objects.filter(campaign=campaign).count() > 30
    assert large == small, list(zip([u for u, _p in urls], small, large, strict=True))
    assert max(large) <= 15


def test_the_entry_list_stays_under_a_bound(client, tree, listed, commune_officer, django_assert_max_num_queries):
    client.force_login(commune_officer)
    with django_assert_max_num_queries(12):
        client.get(reverse("ratings:entries", args=[listed.pk]))
    with django_assert_max_num_queries(12):
        client.get(reverse("ratings:summary"))
