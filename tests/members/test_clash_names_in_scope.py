"""A refusal over a citizen ID or card number already taken names the holder only inside the actor's scope."""

from __future__ import annotations

from datetime import date

from tochuc.members.models import Member
from tochuc.members.services import member_issue_card, member_update


def test_a_citizen_id_taken_outside_the_scope_names_nobody(tree, outsider, province_officer, refused):
    holder = tree.members["44.DH.01"][0]  # Nguyễn Văn An, born 12/05/1968
    Member.objects.filter(pk=holder.pk).update(citizen_id="044068001234")
    mine = tree.members["44.LB.01"][0]
    Member.objects.filter(pk=mine.pk).update(birth_date=date(1968, 1, 1), sex="male")
    mine.refresh_from_db()
    with refused(field="citizen_id") as info:
        member_update(actor=outsider, member=mine, citizen_id="044068001234")
    assert holder.full_name not in info.value.message and "ngoài phạm vi quản lý" in info.value.message
    with refused(field="citizen_id") as info:
        member_update(actor=province_officer, member=mine, citizen_id="044068001234")
    assert holder.full_name in info.value.message


def test_a_card_number_taken_outside_the_scope_names_nobody(tree, outsider, refused):
    holder = tree.members["44.DH.01"][0]
    Member.objects.filter(pk=holder.pk).update(card_number="44012345")
    with refused(field="card_number") as info:
        member_issue_card(
            actor=outsider, member=tree.members["44.LB.01"][0], on=date(2026, 1, 5), card_number="44012345"
        )
    assert holder.full_name not in info.value.message
