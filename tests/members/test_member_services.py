"""member_create / member_update: validated dates, one open membership, one audit event, scope."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from tochuc.members.choices import Sex, Status
from tochuc.members.models import Member, Membership
from tochuc.members.selectors import member_get, member_list
from tochuc.members.services import member_create, member_update
from tochuc.orgs.services import org_dissolve

VALID = {
    "full_name": "Nguyễn  Thị Thu   Trang",
    "sex": Sex.FEMALE,
    "birth_date": date(1996, 8, 19),
    "ethnic_group": "Kinh",
    "status": Status.OFFICIAL,
    "admitted_on": date(2020, 5, 19),
    "official_on": date(2021, 5, 19),
}


def create(actor, org, **overrides):
    return member_create(actor=actor, org=org, **{**VALID, **overrides})


def test_it_creates_a_member_with_one_open_membership(tree, cell_secretary):
    member = create(cell_secretary, tree.dh1)
    member.refresh_from_db()
    assert (member.full_name, member.name_folded) == ("Nguyễn Thị Thu Trang", "nguyen thi thu trang")
    assert (member.org, member.status, member.is_active) == (tree.dh1, Status.OFFICIAL, True)
    [membership] = Membership.objects.filter(member=member)
    # Admitted before the cell existed: the record at this cell starts on the cell's opening day.
    assert (membership.org, membership.valid_from, membership.valid_to, membership.reason) == (
        tree.dh1,
        tree.dh1.opened_on,
        None,
        "registered",
    )
    assert [m.full_name for m in member_list(actor=cell_secretary, q="thu trang")] == ["Nguyễn Thị Thu Trang"]


def test_a_member_registered_later_starts_on_that_day(tree, commune_officer):
    member = create(commune_officer, tree.dh2, registered_on=date(2026, 2, 1))
    assert Membership.objects.get(member=member).valid_from == date(2026, 2, 1)


def test_it_writes_one_audit_event_on_create(tree, cell_secretary, audit_watch):
    watch = audit_watch()
    member = create(cell_secretary, tree.dh1)
    [event] = watch.events()
    assert (event.action, event.actor, event.object_id, event.org_path) == (
        "member.create",
        cell_secretary,
        str(member.pk),
        tree.dh1.path,
    )
    assert event.changes["full_name"] == {"before": None, "after": "Nguyễn Thị Thu Trang"}
    assert event.changes["org"] == {"before": None, "after": "44.DH.01"}
    assert event.changes["admitted_on"] == {"before": None, "after": "2020-05-19"}


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"full_name": "   "}, "full_name"),
        ({"birth_date": "tomorrow"}, "birth_date"),
        ({"admitted_on": date(1996, 8, 19)}, "admitted_on"),  # on the birth day
        ({"admitted_on": date(1990, 1, 1), "official_on": date(1991, 1, 1)}, "admitted_on"),  # before birth
        ({"admitted_on": "tomorrow", "official_on": None, "status": Status.PROBATIONARY}, "admitted_on"),
        ({"official_on": date(2020, 5, 18)}, "official_on"),  # before admission
        ({"admitted_on": None}, "admitted_on"),  # every member has an admission date
        ({"official_on": None}, "official_on"),  # an official member needs the date
        ({"status": Status.PROBATIONARY}, "official_on"),  # a probationary member has none yet
        ({"status": Status.DECEASED}, "status"),
        ({"status": Status.TRANSFERRED_OUT}, "status"),
    ],
)
def test_it_refuses_invalid_data(tree, cell_secretary, refused, overrides, field):
    tomorrow = timezone.localdate() + timedelta(days=1)
    overrides = {k: tomorrow if v == "tomorrow" else v for k, v in overrides.items()}
    with refused(field=field):
        create(cell_secretary, tree.dh1, **overrides)


def test_it_accepts_a_probationary_member(tree, cell_secretary):
    member = create(
        cell_secretary, tree.dh1, status=Status.PROBATIONARY, admitted_on=date(2026, 3, 26), official_on=None
    )
    assert (member.status, member.official_on) == (Status.PROBATIONARY, None)
    assert Membership.objects.get(member=member).valid_from == date(2026, 3, 26)


def test_it_refuses_a_closed_org(tree, commune_officer, refused):
    org_dissolve(actor=commune_officer, org=tree.dh2, on=date(2026, 1, 1), members_to=tree.dh1)
    tree.dh2.refresh_from_db()
    with refused(field="org"):
        create(commune_officer, tree.dh2)


def test_create_outside_the_scope_is_404(tree, outsider, cell_secretary, nothing_written):
    with nothing_written():
        with pytest.raises(Http404):
            create(outsider, tree.dh1)
        with pytest.raises(Http404):
            create(cell_secretary, tree.dh2)  # the neighbouring cell


def test_a_viewer_cannot_create(tree, viewer, leader, nothing_written):
    with nothing_written():
        for actor in (viewer, leader):
            with pytest.raises(PermissionDenied):
                create(actor, tree.dh1)


def test_update_writes_one_event_with_only_the_changed_fields(tree, cell_secretary, audit_watch):
    member = tree.members["44.DH.01"][2]  # Lê Đức Anh
    watch = audit_watch()
    updated = member_update(
        actor=cell_secretary,
        member=member,
        full_name="Lê  Đức Anh",  # unchanged, only spaced differently
        sex=Sex.MALE,  # unchanged
        work_unit="  Trường THPT  Đông Hà ",
        theory_level="intermediate",
    )
    assert (updated.work_unit, updated.theory_level) == ("Trường THPT Đông Hà", "intermediate")
    member.refresh_from_db()
    assert (member.work_unit, member.theory_level) == ("Trường THPT Đông Hà", "intermediate")
    [event] = watch.events()
    assert (event.action, event.actor, event.object_id) == ("member.update", cell_secretary, str(member.pk))
    assert event.changes == {
        "work_unit": {"before": "", "after": "Trường THPT Đông Hà"},
        "theory_level": {"before": "none", "after": "intermediate"},
    }


def test_core_fields_change_only_through_a_correction(tree, cell_secretary, refused):
    member = tree.members["44.DH.01"][2]
    with refused(field="full_name"):
        member_update(actor=cell_secretary, member=member, full_name="Lê Đức Anh Tuấn")
    with refused(field="birth_date"):
        member_update(actor=cell_secretary, member=member, birth_date=date(1990, 2, 4))


def test_an_update_that_changes_nothing_writes_nothing(tree, cell_secretary, nothing_written):
    member = tree.members["44.DH.01"][0]
    with nothing_written():
        member_update(actor=cell_secretary, member=member, full_name=member.full_name, sex=member.sex)


def test_update_validates_the_result(tree, cell_secretary, refused):
    member = tree.members["44.DH.01"][0]
    with refused(field="official_on"):
        member_update(actor=cell_secretary, member=member, official_on=date(1990, 1, 1))


def test_update_refuses_fields_that_change_by_other_services(tree, cell_secretary, nothing_written):
    member = tree.members["44.DH.01"][0]
    with nothing_written(), pytest.raises(Exception, match="org"):
        member_update(actor=cell_secretary, member=member, org=tree.dh2)


def test_update_outside_the_scope_is_404(tree, outsider, cell_secretary, nothing_written):
    with nothing_written():
        with pytest.raises(Http404):
            member_update(actor=outsider, member=tree.members["44.DH.01"][0], full_name="Nguyễn Văn Ân")
        with pytest.raises(Http404):
            member_update(actor=cell_secretary, member=tree.members["44.DH.02"][0], full_name="Phạm Thu Hà")
        with pytest.raises(Http404):
            member_get(actor=outsider, pk=tree.members["44.DH.01"][0].pk)


def test_a_viewer_cannot_update(tree, viewer, nothing_written):
    with nothing_written(), pytest.raises(PermissionDenied):
        member_update(actor=viewer, member=tree.members["44.DH.01"][0], full_name="Nguyễn Văn Ân")


def test_the_system_can_update(tree, audit_watch):
    # Seed data and administrators' commands act as the system (actor=None), as in member_create.
    watch = audit_watch()
    member = member_update(actor=None, member=tree.members["44.LB.01"][0], ethnic_group="Tà Ôi")
    assert Member.objects.get(pk=member.pk).ethnic_group == "Tà Ôi"
    [event] = watch.events()
    assert (event.actor_name, event.changes) == (
        "system",
        {"ethnic_group": {"before": "Bru - Vân Kiều", "after": "Tà Ôi"}},
    )


def test_the_member_list_stays_in_scope(tree, outsider, commune_officer):
    assert member_list(actor=commune_officer).count() == 9
    assert member_list(actor=outsider).count() == 6
    assert not member_list(actor=outsider, org=tree.dh).exists()
    assert [m.full_name for m in member_list(actor=commune_officer, org=tree.dh1)] == [
        "Nguyễn Văn An",
        "Lê Đức Anh",
        "Trần Thị Bích Hạnh",
    ]  # by given name: An < Anh < Hạnh
