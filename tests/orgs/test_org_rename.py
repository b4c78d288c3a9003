"""org_rename: a new name from a date; the old one stays in the org's history."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from tochuc.orgs.models import Org, OrgEvent
from tochuc.orgs.selectors import org_search
from tochuc.orgs.services import org_dissolve, org_rename

ON = date(2025, 10, 1)
NEW_NAME = "Đảng bộ phường Nam Đông Hà"


def test_it_renames_from_a_date(tree, province_officer):
    org = org_rename(actor=province_officer, org=tree.dh, name=f"  {NEW_NAME} ", on=ON)
    org.refresh_from_db()
    assert (org.name, org.name_folded) == (NEW_NAME, "dang bo phuong nam dong ha")
    periods = list(org.periods.order_by("valid_from").values_list("name", "valid_from", "valid_to"))
    assert periods == [("Đảng bộ phường Đông Hà", date(2025, 7, 1), ON), (NEW_NAME, ON, None)]
    assert [o.code for o in org_search(actor=province_officer, q="nam dong ha")] == ["44.DH"]


def test_a_rename_on_the_opening_day_amends_the_first_period(tree, province_officer):
    org_rename(actor=province_officer, org=tree.dh, name=NEW_NAME, on=tree.dh.opened_on)
    assert list(tree.dh.periods.values_list("name", "valid_to")) == [(NEW_NAME, None)]


def test_it_writes_one_event_and_one_audit_record(tree, province_officer, audit_watch):
    watch = audit_watch()
    org_rename(actor=province_officer, org=tree.dh, name=NEW_NAME, on=ON, decision_no="101-QĐ/TU")
    [event] = OrgEvent.objects.filter(kind="rename")
    assert (event.on, event.decision_no, event.actor) == (ON, "101-QĐ/TU", province_officer)
    [audit] = watch.events()
    assert (audit.action, audit.object_id, audit.note) == ("org.rename", str(tree.dh.pk), "101-QĐ/TU")
    assert audit.changes == {
        "name": {"before": "Đảng bộ phường Đông Hà", "after": NEW_NAME},
        "on": {"before": None, "after": "2025-10-01"},
    }


def test_it_refuses_the_same_name(tree, province_officer, refused):
    with refused(field="name"):
        org_rename(actor=province_officer, org=tree.dh, name="Đảng bộ  phường Đông Hà", on=ON)


def test_it_refuses_an_empty_name(tree, province_officer, refused):
    with refused(field="name"):
        org_rename(actor=province_officer, org=tree.dh, name=" ", on=ON)


def test_it_refuses_a_closed_org(tree, province_officer, refused):
    org_dissolve(actor=province_officer, org=tree.dh2, on=ON, members_to=tree.dh1)
    with refused(field="org"):
        org_rename(actor=province_officer, org=Org.objects.get(code="44.DH.02"), name="Chi bộ khu phố Hai", on=ON)


def test_it_refuses_a_future_date(tree, province_officer, refused):
    with refused(field="on"):
        org_rename(actor=province_officer, org=tree.dh, name=NEW_NAME, on=timezone.localdate() + timedelta(days=1))


def test_it_refuses_a_date_before_the_last_change(tree, province_officer, refused):
    org_rename(actor=province_officer, org=tree.dh, name=NEW_NAME, on=ON)
    with refused(field="on"):
        org_rename(actor=province_officer, org=tree.dh, name="Đảng bộ phường Đông Hà 2", on=ON - timedelta(days=1))
