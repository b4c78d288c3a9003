"""A reviewer's deadline is moved (more time, or brought forward so that the proposal's own deadline can move
too): within the proposal's deadline and not before the assignment, audited, from the reviewer's row on the
page, refused to the viewer (403) and unknown to the outsider (404); a refused step on a row that is gone
still shows its error."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from tochuc.proposals.models import Reviewer
from tochuc.proposals.services.proposals import (
    proposal_update,
    proposal_withdraw,
    reviewer_assign,
    reviewer_release,
    reviewer_reschedule,
)


@pytest.fixture
def second(assigned, reviewer):
    """The second reviewer of `assigned`: assigned on 03/03, due on 16/03 (the proposal is due on 31/03)."""
    return Reviewer.objects.get(proposal=assigned, user=reviewer)


def test_a_reviewer_gets_more_time_and_it_is_audited(second, province_officer, audit_watch):
    watch = audit_watch()
    reviewer_reschedule(actor=province_officer, reviewer=second, due_on=date(2026, 3, 25), note="Xin thêm thời gian")
    second.refresh_from_db()
    assert second.due_on == date(2026, 3, 25)
    [event] = watch.events()
    assert event.action == "proposal.reviewer_due" and event.note == "Xin thêm thời gian"
    assert event.changes["due_on"] == {"before": "2026-03-16", "after": "2026-03-25"}


def test_bringing_the_reviewers_deadlines_forward_lets_the_proposal_deadline_move(
    assigned, second, province_officer, refused
):
    lead = Reviewer.objects.get(proposal=assigned, lead=True)  # due on 20/03
    values = {"title": assigned.title, "submitted_by": assigned.submitted_by, "area": assigned.area}
    with refused(field="due_on"):
        proposal_update(actor=province_officer, proposal=assigned, due_on=date(2026, 3, 18), **values)
    reviewer_reschedule(actor=province_officer, reviewer=lead, due_on=date(2026, 3, 18))
    proposal_update(actor=province_officer, proposal=assigned, due_on=date(2026, 3, 18), **values)
    assigned.refresh_from_db()
    assert assigned.due_on == date(2026, 3, 18)


@pytest.mark.parametrize(
    "due_on",
    [
        date(2026, 4, 1),  # after the proposal's deadline (31/03)
        date(2026, 3, 2),  # before the assignment (03/03)
        date(2026, 3, 16),  # the deadline it already has
        None,
    ],
)
def test_a_new_deadline_out_of_bounds_is_refused(second, province_officer, refused, due_on):
    with refused(field="due_on"):
        reviewer_reschedule(actor=province_officer, reviewer=second, due_on=due_on)


def test_a_released_reviewer_or_a_closed_appraisal_keeps_its_deadline(assigned, second, province_officer, refused):
    reviewer_release(actor=province_officer, reviewer=second, released_on=date(2026, 3, 10))
    with refused(field="due_on"):
        reviewer_reschedule(actor=province_officer, reviewer=second, due_on=date(2026, 3, 25))
    proposal_withdraw(actor=province_officer, proposal=assigned, withdrawn_on=date(2026, 3, 11), reason="Rút")
    lead = Reviewer.objects.get(proposal=assigned, lead=True)
    with refused(field="due_on"):
        reviewer_reschedule(actor=province_officer, reviewer=lead, due_on=date(2026, 3, 25))


def test_the_row_form_moves_the_deadline(client, assigned, second, province_officer):
    client.force_login(province_officer)
    page = client.get(reverse("proposals:detail", args=[assigned.pk]))
    url = reverse("proposals:reschedule", args=[assigned.pk, second.pk])
    assert url in page.content.decode()
    response = client.post(url, {"due_on": "01/04/2026", "note": ""})
    assert response.status_code == 400
    assert "Hạn góp ý không được sau hạn thẩm định" in response.content.decode()
    assert response.context["row_rid"] == second.pk
    assert client.post(url, {"due_on": "27/03/2026"}).status_code == 302
    second.refresh_from_db()
    assert second.due_on == date(2026, 3, 27)


def test_the_row_form_is_not_found_for_the_outsider_and_forbidden_to_the_viewer(
    client, receive, commune_officer, tree, outsider, viewer, nothing_written
):
    proposal = receive(actor=commune_officer, org=tree.dh, title="Đề án sắp xếp chi bộ khu phố", document_no="")
    row = reviewer_assign(
        actor=commune_officer,
        proposal=proposal,
        user=commune_officer,
        lead=True,
        assigned_on=date(2026, 3, 3),
        due_on=date(2026, 3, 20),
    )
    url = reverse("proposals:reschedule", args=[proposal.pk, row.pk])
    with nothing_written():
        client.force_login(outsider)
        assert client.post(url, {"due_on": "25/03/2026"}).status_code == 404
        client.force_login(viewer)
        assert client.post(url, {"due_on": "25/03/2026"}).status_code == 403


def test_releasing_twice_shows_why_the_second_is_refused(client, assigned, second, province_officer):
    client.force_login(province_officer)
    url = reverse("proposals:release", args=[assigned.pk, second.pk])
    assert client.post(url, {"released_on": "10/03/2026"}).status_code == 302
    response = client.post(url, {"released_on": "10/03/2026"})  # a second click, or another tab
    assert response.status_code == 400
    assert "đã thôi phân công từ 10/03/2026" in response.content.decode()
