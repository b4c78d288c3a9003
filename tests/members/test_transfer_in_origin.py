"""A transfer in names its origin; those recorded before it did get it from the transfer out they answer."""

from __future__ import annotations

import importlib
from datetime import date

from django.apps import apps

from tochuc.members.models import EventKind, MemberEvent
from tochuc.members.services import member_receive, member_transfer_in, member_transfer_out

backfill = importlib.import_module("tochuc.members.migrations.0007_transfer_in_origin").backfill


def test_a_transfer_in_names_its_origin(tree):
    member = tree.members["44.DH.01"][0]
    member_transfer_out(actor=None, member=member, on=date(2026, 3, 2), letter_no="GT-1", to_org=tree.lb1)
    event = member_transfer_in(actor=None, member=member, on=date(2026, 3, 9))
    assert event.other_org == tree.dh1


def test_older_transfers_in_get_their_origin_from_the_letter(tree):
    member = tree.members["44.DH.01"][0]
    member_transfer_out(actor=None, member=member, on=date(2026, 3, 2), letter_no="GT-1", to_org=tree.lb1)
    member_transfer_in(actor=None, member=member, on=date(2026, 3, 9))
    received = member_receive(actor=None, org=tree.lb2, full_name="Người Từ Tỉnh Khác", sex="male",
                              birth_date=date(1980, 1, 1), on=date(2026, 4, 1), letter_no="GT-9",
                              admitted_on=date(2005, 1, 1), official_on=date(2006, 1, 1))  # fmt: skip
    MemberEvent.objects.filter(kind=EventKind.TRANSFER_IN).update(other_org=None)  # as they were recorded before
    backfill(apps, None)
    origins = dict(MemberEvent.objects.filter(kind=EventKind.TRANSFER_IN).values_list("member_id", "other_org_id"))
    assert origins == {member.pk: tree.dh1.pk, received.pk: None}  # from outside the province: none
