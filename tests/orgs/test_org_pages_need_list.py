"""The portal's editorial office (roles with no LIST action) must not browse the internal tree: every org page
refuses them, while an ordinary viewer still reads it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tochuc.accounts.roles import Role

PAGES = [
    ("orgs:tree", {}),
    ("orgs:children", {"code": "44.DH"}),
    ("orgs:search", {}),
    ("orgs:lookup", {}),
    ("orgs:detail", {"code": "44.DH"}),
]


@pytest.mark.parametrize("role", [Role.EDITOR, Role.CHIEF_EDITOR])
@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_it_refuses_the_portal_office(client, make_user, tree, role, name, kwargs):
    client.force_login(make_user("bientap", role, tree.province))
    response = client.get(reverse(name, kwargs=kwargs), {"q": "Đông"})
    assert response.status_code == 403


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_a_viewer_still_reads_them(client, viewer, name, kwargs):
    client.force_login(viewer)
    response = client.get(reverse(name, kwargs=kwargs), {"q": "Đông"})
    assert response.status_code == 200
