"""Numbers no record can have, typed into the batch proposal or the proposal form, are refused beside the field
(400), never a server error, and nothing is written."""

from __future__ import annotations

from django.urls import reverse
from django.utils.http import urlencode

HUGE = "99999999999999999999999"


def test_a_recipient_number_too_large_for_the_database_is_refused(client, tree, rate, commune_officer, nothing_written):
    member = tree.members["44.DH.01"][0]
    rate(member, 2025)
    query = urlencode({"proposing_org": tree.dh.code, "kind": "member", "form": "commendation",
                       "period_type": "annual", "year_to": 2025})  # fmt: skip
    client.force_login(commune_officer)
    with nothing_written():
        page = client.post(f"{reverse('awards:batch')}?{query}",
                           {"proposed_on": "10/01/2026", "recipients": [HUGE, str(member.pk)]})  # fmt: skip
    assert page.status_code == 400
    assert HUGE in page.context["details"].errors["recipients"][0]


def test_a_member_number_too_large_on_the_proposal_form_is_refused(client, tree, commune_officer, nothing_written):
    client.force_login(commune_officer)
    data = {
        "proposing_org": tree.dh.code,
        "kind": "member",
        "member": f"Nguyễn Văn An #{HUGE}",
        "form": "commendation",
        "period_type": "annual",
        "year_to": "2025",
        "proposed_on": "10/01/2026",
    }
    with nothing_written():
        page = client.post(reverse("awards:propose"), data)
    assert page.status_code == 400 and page.context["form"].errors["member"]
