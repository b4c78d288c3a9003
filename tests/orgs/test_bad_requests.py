"""Malformed requests get a clear refusal, never a server error."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tochuc.core.models import RuleParameter
from tochuc.orgs.models import Org


@pytest.mark.parametrize("name", ["move", "merge", "split", "dissolve"])
def test_the_root_has_no_restructuring_forms(client, tree, admin_user, name):
    client.force_login(admin_user)
    assert client.get(reverse(f"orgs:{name}", args=["44"])).status_code == 404


@pytest.mark.parametrize(
    "url",
    ["/orgs/search/?q=a%00b", "/orgs/lookup/?x=%00", "/orgs/a%00b/", "/users/?q=%00", "/members/?q=ng%00"],
)
def test_a_nul_character_is_refused(client, tree, admin_user, url):
    client.force_login(admin_user)
    assert client.get(url).status_code == 400


def test_a_merge_into_a_new_org_shows_the_refusal_next_to_the_field(client, tree, province_officer):
    client.force_login(province_officer)
    response = client.post(
        reverse("orgs:merge", args=["44.DH.02"]),
        {
            "mode": "new",
            "new_code": "44.DH.01",
            "new_name": "Chi bộ mới",
            "new_type": "grassroots_cell",
            "new_parent": "44.DH",
            "on": "01/09/2025",
        },
    )
    assert "đã được dùng" in str(response.context["form"].errors["new_code"])


def test_a_rule_value_that_is_not_json_is_refused(client, tree, admin_user):
    client.force_login(admin_user)
    basis = RuleParameter.objects.filter(key="badge.milestones_years").first().legal_basis_id
    response = client.post(
        reverse("core:rules"),
        {"key": "badge.milestones_years", "value": "[30, NaN]", "effective_from": "01/01/2027", "legal_basis": basis},
    )
    assert response.status_code == 200 and response.context["form"].errors["value"]


def test_an_export_as_of_a_date_that_is_not_a_date_is_refused(client, tree, province_officer):
    client.force_login(province_officer)
    response = client.get(reverse("orgs:export", args=["44"]), {"as_of": "31/02/2026"})
    assert response.status_code == 400 and "dd/mm/yyyy" in response.content.decode()


def test_a_split_part_name_too_long_is_refused(client, tree, province_officer):
    client.force_login(province_officer)
    response = client.post(
        reverse("orgs:split", args=["44.DH.01"]),
        {
            "parts": "44.DH.01A | " + "x" * 300 + "\n44.DH.01B | B",
            "org_type": "grassroots_cell",
            "on": "01/09/2025",
        },
    )
    assert "quá dài" in str(response.context["form"].errors["parts"])
    assert not Org.objects.filter(code="44.DH.01A").exists()
