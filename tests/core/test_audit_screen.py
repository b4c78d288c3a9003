"""The audit screen lists what happened in the administrator's scope, named in words, and filters it."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from tochuc.orgs.services import org_merge


def test_it_names_actions_and_filters_them(client, tree, admin_user, commune_officer):
    org_merge(actor=commune_officer, sources=[tree.dh2], target=tree.dh1, on=date(2026, 1, 5), decision_no="7-QĐ/ĐU")
    client.force_login(admin_user)
    page = client.get(reverse("core:audit"), {"action": "org.merge"})
    body = page.content.decode()
    assert "Hợp nhất, sáp nhập tổ chức" in body and "cb.dongha" in body and "7-QĐ/ĐU" in body
    assert [e.action for e in page.context["page_obj"]] == ["org.merge"]
    by_actor = client.get(reverse("core:audit"), {"actor_name": "cb.dongha"})
    assert {e.action for e in by_actor.context["page_obj"]} == {"org.merge"}
