"""Restricted notes on a person's political history: written (RESTRICTED and CREATE) and cancelled (RESTRICTED
and EDIT) with a reason, never deleted; a leader reads but writes none; the log records that a note was
written, not its text."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from tochuc.core.models import AuditEvent
from tochuc.protection.choices import Relation, Scope
from tochuc.protection.models import RestrictedNote
from tochuc.protection.selectors.people import person_get, person_of
from tochuc.protection.services.notes import note_add, note_cancel

TODAY = timezone.localdate()
D = "%d/%m/%Y"
TEXT = "Giai đoạn 1972-1975 làm thư ký cho chính quyền cũ ở Cam Lộ."


def _add(actor, person, **kw):
    values = {"scope": Scope.POLITICAL_HISTORY, "text": TEXT, "recorded_on": TODAY, "period": "1972-1975",
              "source": "Công văn 102/CAX"}  # fmt: skip
    values.update(kw)
    return note_add(actor=actor, person=person, **values)


def test_a_note_on_a_member_is_written_with_every_record_of_the_person(tree, make_cadre, commune_protection):
    member = tree.members["44.DH.02"][1]
    cadre = make_cadre(tree.dh, full_name=member.full_name, member=member)
    note = _add(commune_protection, person_of(cadre))
    assert (note.member, note.cadre, note.org) == (member, cadre, cadre.org)
    assert note.subject_name == member.full_name and note.author == commune_protection
    # Read from the member's record as well.
    person = person_get(actor=commune_protection, kind="member", pk=member.pk)
    assert RestrictedNote.objects.filter(person.records()).get() == note


def test_the_log_says_a_note_was_written_not_what_it_says(candidate, commune_protection):
    note = _add(commune_protection, person_of(candidate))
    event = AuditEvent.objects.get(action="protection.note_add")
    assert event.object_id == str(note.pk) and event.changes["text"]["after"] == "[nội dung mật]"
    assert "thư ký" not in str(event.changes) + event.note + event.object_repr


def test_a_note_on_a_relative_needs_their_name(candidate, commune_protection, refused):
    with refused(field="subject_name"):
        _add(commune_protection, person_of(candidate), relation=Relation.FATHER)


def test_a_note_needs_its_text_and_a_date_not_in_the_future(candidate, commune_protection, refused):
    person = person_of(candidate)
    with refused(field="text"):
        _add(commune_protection, person, text="  ")
    with refused(field="recorded_on"):
        _add(commune_protection, person, recorded_on=TODAY + timedelta(days=1))


@pytest.mark.parametrize("persona", ["leader", "province_officer", "cell_secretary", "admin_user", "viewer"])
def test_only_a_role_with_restricted_and_create_writes_a_note(persona, request, candidate, nothing_written):
    actor = request.getfixturevalue(persona)
    with nothing_written(), pytest.raises(PermissionDenied):
        _add(actor, person_of(candidate))


def test_an_outsider_cannot_write_a_note(candidate, make_user, tree, nothing_written):
    from tochuc.accounts.roles import Role

    outsider = make_user("baove.lb", Role.PROTECTION, tree.lb)
    with nothing_written(), pytest.raises(Http404):
        _add(outsider, person_of(candidate))


def test_a_wrong_note_is_cancelled_with_its_reason_and_kept(candidate, commune_protection, refused):
    note = _add(commune_protection, person_of(candidate))
    with refused(field="reason"):
        note_cancel(actor=commune_protection, note=note, reason=" ")
    note_cancel(actor=commune_protection, note=note, reason="Ghi nhầm người")
    note.refresh_from_db()
    assert note.cancelled_at is not None and note.cancel_reason == "Ghi nhầm người" and note.text == TEXT
    with refused(field="reason"):
        note_cancel(actor=commune_protection, note=note, reason="Lần nữa")


def test_a_leader_cannot_cancel_a_note(candidate, commune_protection, leader, nothing_written):
    note = _add(commune_protection, person_of(candidate))
    with nothing_written(), pytest.raises(PermissionDenied):
        note_cancel(actor=leader, note=note, reason="Ghi nhầm")


def test_the_persons_page_writes_and_cancels_a_note(candidate, commune_protection, client):
    client.force_login(commune_protection)
    url = f"/protection/people/candidate/{candidate.pk}/"
    response = client.post(url + "notes/new/", {"note-relation": "self", "note-scope": "ethics", "note-text": TEXT,
                                                "note-recorded_on": TODAY.strftime(D)})  # fmt: skip
    assert response.status_code == 302
    note = RestrictedNote.objects.get()
    response = client.post(f"{url}notes/{note.pk}/cancel/", {f"cancel{note.pk}-reason": "Ghi nhầm người"})
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.cancel_reason == "Ghi nhầm người"
    html = client.get(url).content.decode()
    assert "note-cancelled" in html and "Ghi nhầm người" in html


def test_a_refused_note_is_shown_beside_its_field(candidate, commune_protection, client):
    client.force_login(commune_protection)
    response = client.post(f"/protection/people/candidate/{candidate.pk}/notes/new/", {
        "note-relation": "father", "note-scope": "ethics", "note-text": TEXT, "note-recorded_on": TODAY.strftime(D),
    })  # fmt: skip
    assert response.status_code == 400 and "subject_name" in response.context["note_form"].errors
    assert not RestrictedNote.objects.exists()


def test_a_note_of_another_person_cannot_be_cancelled_through_this_one(
    candidate, make_candidate, tree, commune_protection, client
):
    other = make_candidate(tree.dh2, full_name="Lê Văn Khoa", sex="male")
    note = _add(commune_protection, person_of(other))
    client.force_login(commune_protection)
    response = client.post(f"/protection/people/candidate/{candidate.pk}/notes/{note.pk}/cancel/",
                           {f"cancel{note.pk}-reason": "x"})  # fmt: skip
    assert response.status_code == 404
    note.refresh_from_db()
    assert note.cancelled_at is None


def test_an_unknown_kind_of_person_is_a_404(candidate, commune_protection, client):
    client.force_login(commune_protection)
    assert client.get(f"/protection/people/relative/{candidate.pk}/").status_code == 404
