"""Who may do what on an appraisal of Đông Hà: the neighbouring commune's officer finds nothing (404), the
viewer reads but changes nothing (403), an officer not assigned does not comment, only the lead or a leader
concludes; nothing is written by a refused request."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from tochuc.accounts.roles import Role
from tochuc.proposals.models import Reviewer
from tochuc.proposals.services.proposals import reviewer_assign

STEPS = {
    "edit": {"title": "Đề án", "area": "organization", "submitted_by": "Ban", "due_on": "31/03/2026"},
    "assign": {"user": "0", "lead": "on", "assigned_on": "03/03/2026", "due_on": "20/03/2026"},
    "comment": {"text": "Ý kiến", "on": "05/03/2026"},
    "request_changes": {"changes_requested": "Sửa", "changes_requested_on": "05/03/2026"},
    "revision": {"received_on": "06/03/2026"},
    "conclude": {"conclusion": "approve", "concluded_on": "06/03/2026", "override_note": "x"},
    "withdraw": {"withdrawn_on": "06/03/2026", "withdrawn_reason": "Rút"},
}


@pytest.fixture
def commune_case(receive, commune_officer, tree):
    proposal = receive(actor=commune_officer, org=tree.dh, title="Đề án sắp xếp chi bộ khu phố", document_no="")
    reviewer_assign(
        actor=commune_officer,
        proposal=proposal,
        user=commune_officer,
        lead=True,
        assigned_on=date(2026, 3, 3),
        due_on=date(2026, 3, 20),
    )
    return proposal


def _urls(proposal):
    urls = {name: reverse(f"proposals:{name}", args=[proposal.pk]) for name in STEPS}
    rid = Reviewer.objects.get(proposal=proposal).pk
    urls["release"] = reverse("proposals:release", args=[proposal.pk, rid])
    return urls


@pytest.mark.parametrize("step", [*STEPS, "release"])
def test_every_step_is_not_found_for_the_outsider_and_forbidden_to_the_viewer(
    client, commune_case, outsider, viewer, step, nothing_written
):
    url = _urls(commune_case)[step]
    data = STEPS.get(step, {"released_on": "05/03/2026"})
    with nothing_written():
        client.force_login(outsider)
        assert client.post(url, data).status_code == 404
        client.force_login(viewer)
        assert client.post(url, data).status_code == 403


def test_the_pages_are_not_found_for_the_outsider(client, commune_case, outsider):
    client.force_login(outsider)
    for name in ("detail", "edit"):
        assert client.get(reverse(f"proposals:{name}", args=[commune_case.pk])).status_code == 404
    assert client.get(reverse("proposals:document", args=[commune_case.pk, 1])).status_code == 404


def test_the_viewer_may_not_receive_a_proposal(client, viewer, nothing_written):
    client.force_login(viewer)
    with nothing_written():
        assert client.get(reverse("proposals:create")).status_code == 403
        assert client.post(reverse("proposals:create"), {"org": "44.DH"}).status_code == 403


def test_an_outsider_cannot_pick_an_org_outside_the_scope(client, outsider, nothing_written):
    client.force_login(outsider)
    with nothing_written():
        response = client.post(
            reverse("proposals:create"),
            {
                "org": "44.DH",
                "title": "Đề án",
                "area": "organization",
                "submitted_by": "Ban",
                "received_on": "02/03/2026",
                "due_on": "31/03/2026",
            },
        )
    assert response.status_code == 400 and response.context["form"].errors["org"]


def test_an_officer_not_assigned_may_not_comment_or_conclude(client, commune_case, make_user, tree, nothing_written):
    other = make_user("cb.dongha2", Role.OFFICER, tree.dh, full_name="Trần Văn Khác")
    client.force_login(other)
    urls = _urls(commune_case)
    with nothing_written():
        assert client.post(urls["comment"], STEPS["comment"]).status_code == 403
        assert client.post(urls["conclude"], STEPS["conclude"]).status_code == 403
        assert client.post(urls["request_changes"], STEPS["request_changes"]).status_code == 403
    # They still run the office's steps: the drafts, the reviewers, stopping it.
    page = client.get(reverse("proposals:detail", args=[commune_case.pk]))
    assert set(page.context["forms"]) == {"assign", "release", "reschedule", "withdraw"}


def test_a_leader_above_comments_and_concludes(client, commune_case, leader):
    client.force_login(leader)
    page = client.get(reverse("proposals:detail", args=[commune_case.pk]))
    assert set(page.context["forms"]) == {"comment", "request_changes", "conclude"}
    assert "final" not in page.context["forms"]["comment"].fields  # the appraisal opinion is the reviewers'
    response = client.post(_urls(commune_case)["comment"], STEPS["comment"])
    assert response.status_code == 302


def test_the_assign_form_offers_only_who_may_review(
    client, commune_case, commune_officer, make_user, tree, province_officer, leader, viewer
):
    make_user("bithu.dh", Role.SECRETARY, tree.dh_company, full_name="Bí Thư Công Ty")  # below the appraising org
    colleague = make_user("cb.dongha3", Role.OFFICER, tree.dh, full_name="Ngô Thị Hương")
    client.force_login(commune_officer)
    users = client.get(reverse("proposals:detail", args=[commune_case.pk])).context["forms"]["assign"]
    assert list(users.fields["user"].queryset) == [colleague]  # not the province's (outside the commune's scope)
    client.force_login(province_officer)
    users = client.get(reverse("proposals:detail", args=[commune_case.pk])).context["forms"]["assign"]
    names = {u.username for u in users.fields["user"].queryset}
    assert names == {"cb.tinh", "lanhdao.tinh", "cb.dongha3"}  # the commune's lead already assigned
