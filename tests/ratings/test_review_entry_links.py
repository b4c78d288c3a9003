"""An entry's page links to the member's record and yearly history only while the member is inside the viewer's
scope: a member rated here who has since moved to another commune is no longer this officer's (those pages would
answer 404)."""

from __future__ import annotations

from django.urls import reverse

from tochuc.members.models import Member


def test_links_to_a_member_who_moved_away_are_left_out(client, tree, listed, steps, commune_officer):
    stays, moves = tree.members["44.DH.01"][:2]
    Member.objects.filter(pk=moves.pk).update(org=tree.lb1)
    client.force_login(commune_officer)
    page = client.get(reverse("ratings:entry", args=[steps.entry_of(listed, stays).pk])).content.decode()
    assert reverse("ratings:member_history", args=[stays.pk]) in page
    assert reverse("members:detail", args=[stays.pk]) in page
    response = client.get(reverse("ratings:entry", args=[steps.entry_of(listed, moves).pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert reverse("ratings:member_history", args=[moves.pk]) not in page
    assert reverse("members:detail", args=[moves.pk]) not in page
    assert client.get(reverse("ratings:member_history", args=[moves.pk])).status_code == 404
