"""Review of cadre work (issue 7): bad input in the query string or the forms never answers 500."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tochuc.cadres.models import Cadre


@pytest.mark.parametrize("value", ["²", "99999999999999999999999"])
@pytest.mark.parametrize("name, key", [("cadres:surplus", "event"), ("cadres:surplus_create", "event"),
                                       ("cadres:surplus_export", "event"), ("cadres:create", "member")])  # fmt: skip
def test_odd_ids_in_the_query_string_are_not_found_or_ignored(client, tree, province_officer, name, key, value):
    client.force_login(province_officer)
    response = client.get(reverse(name), {key: value})
    assert response.status_code in (200, 404)


@pytest.mark.parametrize("year", ["99999999999999999999", "-5", "0"])
def test_an_odd_year_on_the_evaluation_form_shows_the_form(client, tree, province_officer, make_cadre, year):
    cadre = make_cadre(tree.dh)
    client.force_login(province_officer)
    response = client.get(reverse("cadres:evaluation_set", args=[cadre.pk]), {"year": year})
    assert response.status_code == 200


def test_a_name_with_control_characters_is_refused_beside_the_field(client, tree, province_officer):
    client.force_login(province_officer)
    data = {"full_name": "Nguyễn\x07 Văn An", "sex": "male", "birth_date": "01/02/1980", "org": "44.DH",
            "kind": "cadre", "ethnic_group": "Kinh", "qualification": "none", "theory_level": "none",
            "state_management": "none"}  # fmt: skip
    response = client.post(reverse("cadres:create"), data)
    assert response.status_code == 400
    assert "ký tự" in response.content.decode()
    assert not Cadre.objects.exists()


@pytest.mark.parametrize("q", ["\x00", "ab\x00c"])
@pytest.mark.parametrize("name", ["cadres:lookup", "cadres:post_lookup", "cadres:list", "cadres:posts"])
def test_nul_in_a_search_box_is_harmless(client, tree, province_officer, name, q):
    client.force_login(province_officer)
    assert client.get(reverse(name), {"q": q}).status_code < 500


@pytest.mark.parametrize("name", ["cadres:list", "cadres:posts", "cadres:movements", "cadres:courses",
                                  "cadres:training_gaps", "cadres:evaluations", "cadres:surplus",
                                  "cadres:create", "cadres:post_create", "cadres:course_create",
                                  "cadres:surplus_create"])  # fmt: skip
def test_every_page_renders_with_no_data(client, tree, commune_officer, name):
    client.force_login(commune_officer)
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert 'class="cadre-tabs"' in response.content.decode()


@pytest.mark.parametrize("data, field", [
    ({"kind": "rotation", "to_org": "44.DH.01", "started_on": "31/02/2026", "due_back_on": "01/01/2027"},
     "started_on"),
    ({"kind": "nonsense", "to_org": "44.DH.01", "started_on": "01/02/2026"}, "kind"),
    ({"kind": "transfer", "to_org": "44.LB", "started_on": "01/02/2026"}, "to_org"),
    ({"kind": "transfer", "to_org": "44.DH.01", "started_on": "01/02/2026", "decision_no": "x" * 5000},
     "decision_no"),
])  # fmt: skip
def test_bad_movement_input_is_refused_beside_the_field(client, tree, commune_officer, make_cadre, data, field):
    cadre = make_cadre(tree.dh)
    client.force_login(commune_officer)
    response = client.post(reverse("cadres:movement_start", args=[cadre.pk]), data)
    assert response.status_code == 400
    assert response.context["form"].errors.get(field)
