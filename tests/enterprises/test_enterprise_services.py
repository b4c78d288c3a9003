"""Registering, editing, closing an enterprise and recording its party organization: inside the actor's
scope only, every refusal said in Vietnamese beside its field, nothing written when refused, audited."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from tochuc.enterprises.models import Enterprise, EnterpriseSector
from tochuc.enterprises.services import (
    enterprise_close,
    enterprise_create,
    enterprise_party_org_set,
    enterprise_update,
)
from tochuc.orgs.services import org_dissolve

NON_STATE = EnterpriseSector.NON_STATE


def test_it_registers_an_enterprise_with_a_folded_name_and_an_audit_event(tree, commune_officer, audit_watch):
    watch = audit_watch()
    e = enterprise_create(
        actor=commune_officer,
        org=tree.dh,
        name="  Công ty TNHH   May mặc Hòa Phát ",
        sector=NON_STATE,
        tax_code="3200 123 456",
        employees=120,
        party_members=4,
    )
    assert e.name == "Công ty TNHH May mặc Hòa Phát"
    assert e.name_folded == "cong ty tnhh may mac hoa phat"
    assert e.tax_code == "3200123456"
    [event] = watch.events()
    assert event.action == "enterprise.create"
    assert event.org_path == tree.dh.path
    assert event.changes["tax_code"] == {"before": None, "after": "3200123456"}


def test_a_branch_tax_code_written_with_a_dash_is_kept_as_thirteen_digits(tree, make_enterprise):
    assert make_enterprise(tax_code="3200123456-001").tax_code == "3200123456001"


@pytest.mark.parametrize("code", ["320012345", "32001234567", "3200A23456", "320012345600"])
def test_it_refuses_a_tax_code_of_the_wrong_shape(tree, commune_officer, refused, code):
    with refused(field="tax_code"):
        enterprise_create(actor=commune_officer, org=tree.dh, name="Công ty A", sector=NON_STATE, tax_code=code)


def test_it_refuses_a_tax_code_already_registered(tree, make_enterprise, commune_officer, refused):
    make_enterprise(tax_code="3200123456")
    with refused(field="tax_code") as info:
        enterprise_create(actor=commune_officer, org=tree.dh, name="Công ty B", sector=NON_STATE, tax_code="3200123456")
    assert "3200123456" in info.value.message


def test_enterprises_without_a_tax_code_may_be_many(tree, make_enterprise):
    make_enterprise("Hộ kinh doanh A")
    make_enterprise("Hộ kinh doanh B")
    assert Enterprise.objects.filter(tax_code__isnull=True).count() == 2


def test_it_refuses_an_outsider_with_404_and_a_viewer_with_403(tree, outsider, viewer, nothing_written):
    with nothing_written(), pytest.raises(Http404):
        enterprise_create(actor=outsider, org=tree.dh, name="Công ty C", sector=NON_STATE)
    with nothing_written(), pytest.raises(PermissionDenied):
        enterprise_create(actor=viewer, org=tree.dh, name="Công ty C", sector=NON_STATE)


@pytest.mark.parametrize(
    ("figures", "field"),
    [
        ({"employees": 10, "party_members": 11}, "party_members"),
        ({"employees": 10, "has_trade_union": True, "trade_union_members": 11}, "trade_union_members"),
        ({"employees": 10, "has_trade_union": False, "trade_union_members": 3}, "trade_union_members"),
        ({"employees": 10, "has_youth_union": True, "youth_union_members": 11}, "youth_union_members"),
        ({"employees": 10, "has_youth_union": False, "youth_union_members": 2}, "youth_union_members"),
    ],
)
def test_it_refuses_figures_that_contradict_each_other(tree, commune_officer, refused, figures, field):
    with refused(field=field):
        enterprise_create(actor=commune_officer, org=tree.dh, name="Công ty D", sector=NON_STATE, **figures)


def test_figures_equal_to_the_employees_are_accepted(tree, commune_officer):
    e = enterprise_create(
        actor=commune_officer, org=tree.dh, name="Công ty E", sector=NON_STATE, employees=10, party_members=10,
        has_trade_union=True, trade_union_members=10, has_youth_union=True, youth_union_members=10,
    )  # fmt: skip
    assert e.party_members == 10


def test_it_refuses_a_survey_date_in_the_future(tree, commune_officer, refused):
    with refused(field="surveyed_on"):
        enterprise_create(
            actor=commune_officer, org=tree.dh, name="Công ty F", sector=NON_STATE, surveyed_on=date(2100, 1, 1)
        )


def test_it_refuses_a_closed_area(tree, make_enterprise, refused):
    org_dissolve(actor=None, org=tree.dh2, on=date(2026, 1, 1), members_to=tree.dh1)
    tree.dh2.refresh_from_db()
    with refused(field="org"):
        enterprise_create(actor=None, org=tree.dh2, name="Công ty G", sector=NON_STATE)


# --- The party organization ----------------------------------------------------------------------------------


def test_it_records_the_party_organization_and_since_when(tree, make_enterprise, commune_officer, audit_watch):
    e = make_enterprise(employees=50, party_members=5)
    watch = audit_watch()
    enterprise_party_org_set(actor=commune_officer, enterprise=e, party_org=tree.dh_company, since=date(2026, 2, 3))
    e.refresh_from_db()
    assert (e.party_org, e.party_org_since) == (tree.dh_company, date(2026, 2, 3))
    [event] = watch.events()
    assert event.action == "enterprise.party_org"
    assert event.changes["party_org"] == {"before": None, "after": "44.DH.CT"}


def test_it_refuses_a_party_org_outside_the_scope_without_telling_it_exists(tree, make_enterprise, commune_officer,
                                                                           refused):  # fmt: skip
    e = make_enterprise()
    with refused(field="party_org") as info:
        enterprise_party_org_set(actor=commune_officer, enterprise=e, party_org=tree.lb1, since=date(2026, 1, 1))
    assert "phạm vi quản lý" in info.value.message


def test_it_refuses_a_closed_party_org(tree, make_enterprise, refused):
    e = make_enterprise()
    org_dissolve(actor=None, org=tree.dh_company_cell, on=date(2026, 1, 1), members_to=tree.dh_company)
    tree.dh_company_cell.refresh_from_db()
    with refused(field="party_org"):
        enterprise_party_org_set(actor=None, enterprise=e, party_org=tree.dh_company_cell, since=date(2025, 8, 1))


def test_it_refuses_the_areas_own_committee_as_the_enterprises_party_org(tree, make_enterprise, refused):
    e = make_enterprise()
    with refused(field="party_org"):
        enterprise_party_org_set(actor=None, enterprise=e, party_org=tree.dh, since=date(2025, 8, 1))
    with refused(field="party_org"):
        enterprise_party_org_set(actor=None, enterprise=e, party_org=tree.province, since=date(2025, 8, 1))


def test_a_party_org_outside_the_area_but_in_the_province_is_accepted(tree, make_enterprise):
    e = make_enterprise()  # a company in Đông Hà whose cell the neighbouring commune's committee keeps
    e = enterprise_party_org_set(actor=None, enterprise=e, party_org=tree.lb1, since=date(2025, 8, 1))
    assert e.party_org == tree.lb1


def test_it_refuses_a_party_org_without_its_date_or_with_a_future_one(tree, make_enterprise, refused):
    e = make_enterprise()
    with refused(field="party_org_since"):
        enterprise_party_org_set(actor=None, enterprise=e, party_org=tree.dh_company, since=None)
    with refused(field="party_org_since"):
        enterprise_party_org_set(actor=None, enterprise=e, party_org=tree.dh_company, since=date(2100, 1, 1))
    with refused(field="party_org_since"):
        enterprise_party_org_set(actor=None, enterprise=e, party_org=tree.dh_company, since=date(1930, 2, 2))


def test_the_party_org_can_be_withdrawn(tree, make_enterprise):
    e = make_enterprise(party_org=tree.dh_company, party_org_since=date(2025, 9, 1))
    enterprise_party_org_set(actor=None, enterprise=e, party_org=None, since=None)
    e.refresh_from_db()
    assert (e.party_org, e.party_org_since) == (None, None)


# --- Editing and closing -------------------------------------------------------------------------------------


def test_it_edits_and_audits_only_what_changed(tree, make_enterprise, commune_officer, audit_watch):
    e = make_enterprise("Công ty TNHH Cũ", employees=10)
    watch = audit_watch()
    enterprise_update(actor=commune_officer, enterprise=e, name="Công ty TNHH Mới", employees=12, address="")
    e.refresh_from_db()
    assert (e.name, e.name_folded, e.employees) == ("Công ty TNHH Mới", "cong ty tnhh moi", 12)
    [event] = watch.events()
    assert set(event.changes) == {"name", "employees"}
    enterprise_update(actor=commune_officer, enterprise=e, employees=12)
    assert len(watch.events()) == 1  # nothing changed, nothing written


def test_it_moves_an_enterprise_only_inside_the_scope(tree, make_enterprise, commune_officer, nothing_written):
    e = make_enterprise()
    enterprise_update(actor=commune_officer, enterprise=e, org=tree.dh1)
    assert Enterprise.objects.get(pk=e.pk).org == tree.dh1
    with nothing_written(), pytest.raises(Http404):
        enterprise_update(actor=commune_officer, enterprise=e, org=tree.lb)


def test_an_outsider_cannot_edit_close_or_set_a_party_org(tree, make_enterprise, outsider, nothing_written):
    e = make_enterprise()
    with nothing_written():
        with pytest.raises(Http404):
            enterprise_update(actor=outsider, enterprise=e, employees=5)
        with pytest.raises(Http404):
            enterprise_close(actor=outsider, enterprise=e, on=date(2026, 1, 1))
        with pytest.raises(Http404):
            enterprise_party_org_set(actor=outsider, enterprise=e, party_org=tree.lb1, since=date(2026, 1, 1))


def test_a_viewer_cannot_edit_close_or_set_a_party_org(tree, make_enterprise, viewer, nothing_written):
    e = make_enterprise()
    with nothing_written():
        with pytest.raises(PermissionDenied):
            enterprise_update(actor=viewer, enterprise=e, employees=5)
        with pytest.raises(PermissionDenied):
            enterprise_close(actor=viewer, enterprise=e, on=date(2026, 1, 1))
        with pytest.raises(PermissionDenied):
            enterprise_party_org_set(actor=viewer, enterprise=e, party_org=tree.dh_company, since=date(2026, 1, 1))


def test_it_closes_an_enterprise_and_then_refuses_edits(tree, make_enterprise, commune_officer, refused):
    e = make_enterprise()
    enterprise_close(actor=commune_officer, enterprise=e, on=date(2026, 5, 1), note="Giải thể")
    e.refresh_from_db()
    assert e.closed_on == date(2026, 5, 1)
    assert "Giải thể" in e.note
    with refused(field=None):
        enterprise_update(actor=commune_officer, enterprise=e, employees=3)
    with refused(field="on"):
        enterprise_close(actor=commune_officer, enterprise=e, on=date(2026, 6, 1))


def test_it_refuses_a_closure_before_the_party_org_was_founded_or_in_the_future(tree, make_enterprise, refused):
    e = make_enterprise(party_org=tree.dh_company, party_org_since=date(2025, 9, 1))
    with refused(field="on"):
        enterprise_close(actor=None, enterprise=e, on=date(2025, 8, 31))
    with refused(field="on"):
        enterprise_close(actor=None, enterprise=e, on=date(2100, 1, 1))


def test_an_update_cannot_touch_the_party_org_or_the_closure(tree, make_enterprise, refused):
    e = make_enterprise()
    with refused(field=None):
        enterprise_update(actor=None, enterprise=e, party_org=tree.dh_company)
    with refused(field=None):
        enterprise_update(actor=None, enterprise=e, closed_on=date(2026, 1, 1))


def test_enterprises_follow_their_area_into_its_successor(tree, make_enterprise, commune_officer, outsider):
    from tochuc.enterprises.services import enterprises_move_area

    make_enterprise("Công ty A", org=tree.dh2)
    make_enterprise("Công ty B", org=tree.dh2)
    assert enterprises_move_area(actor=commune_officer, source=tree.dh2, target=tree.dh1) == 2
    assert set(Enterprise.objects.values_list("org__code", flat=True)) == {"44.DH.01"}
    with pytest.raises(Http404):
        enterprises_move_area(actor=outsider, source=tree.dh1, target=tree.lb1)
