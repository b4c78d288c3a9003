"""Congress planning: a congress numbered after its org's history (through merges, DOMAIN.md §4.1), a whole
subtree planned for a term, the stages moved forward only with "held" needing its days, scope and roles."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from tochuc.congresses.choices import CongressKind, CongressStatus
from tochuc.congresses.models import Congress
from tochuc.congresses.selectors.congresses import congress_next_number
from tochuc.congresses.services.congresses import (
    congress_create,
    congress_plan_term,
    congress_set_status,
    congress_update,
)
from tochuc.orgs.models import OrgType
from tochuc.orgs.services import NewOrg, org_merge

TERM = "2025-2030"
PREVIOUS = "2020-2025"


def plan(org, *, term=TERM, number=None, actor=None, kind=CongressKind.MEMBERS, planned_from=date(2025, 8, 10)):
    return congress_create(actor=actor, org=org, term=term, kind=kind, planned_from=planned_from, number=number)


def test_a_first_congress_is_number_one_and_takes_the_reference_date_of_45_ct_tw(tree, audit_watch):
    watch = audit_watch()
    congress = plan(tree.dh1)
    assert congress.number == 1
    assert congress.reference_date == date(2025, 4, 1)  # grassroots: April 2025
    assert [e.action for e in watch.events()] == ["congress.create"]


def test_the_number_follows_the_orgs_own_previous_congress(tree):
    plan(tree.dh1, term=PREVIOUS, number=7, planned_from=date(2020, 6, 1))
    assert plan(tree.dh1).number == 8


def test_numbering_continues_through_a_merge_into_a_new_org(tree):
    plan(tree.dh1, term=PREVIOUS, number=3, planned_from=date(2020, 6, 1))
    plan(tree.dh2, term=PREVIOUS, number=5, planned_from=date(2020, 6, 1))
    merged = org_merge(
        actor=None,
        sources=[tree.dh1, tree.dh2],
        on=date(2025, 8, 1),
        new=NewOrg(code="44.DH.12", name="Chi bộ khu phố 1-2", org_type=OrgType.GRASSROOTS_CELL, parent=tree.dh),
    )
    assert congress_next_number(org=merged) == 6
    assert plan(merged, planned_from=date(2025, 9, 1)).number == 6


def test_numbering_continues_through_a_merge_into_an_existing_org(tree):
    plan(tree.lb1, term=PREVIOUS, number=2, planned_from=date(2020, 6, 1))
    plan(tree.lb2, term=PREVIOUS, number=9, planned_from=date(2020, 6, 1))
    org_merge(actor=None, sources=[tree.lb2], target=tree.lb1, on=date(2025, 8, 1))
    assert plan(tree.lb1, planned_from=date(2025, 9, 1)).number == 10


def test_numbering_goes_back_through_two_merges(tree):
    plan(tree.dh2, term="2015-2020", number=11, planned_from=date(2015, 6, 1))
    first = org_merge(actor=None, sources=[tree.dh2], target=tree.dh1, on=date(2025, 7, 15))
    assert first == tree.dh1
    second = org_merge(
        actor=None,
        sources=[tree.dh1],
        on=date(2025, 8, 1),
        new=NewOrg(code="44.DH.99", name="Chi bộ khu phố mới", org_type=OrgType.GRASSROOTS_CELL, parent=tree.dh),
    )
    assert congress_next_number(org=second) == 12


def test_a_number_given_by_hand_is_kept_and_noted(tree, audit_watch):
    watch = audit_watch()
    assert plan(tree.dh1, number=4).number == 4
    assert "1" in watch.events()[0].note


def test_it_refuses_a_second_congress_of_the_term(tree, refused):
    plan(tree.dh1)
    with refused(field="org"):
        plan(tree.dh1)


@pytest.mark.parametrize(("term", "field"), [("2025-2029", "term"), ("2025", "term")])
def test_it_refuses_a_malformed_term(tree, refused, term, field):
    with refused(field=field):
        plan(tree.dh1, term=term)


def test_it_refuses_an_end_before_the_start(tree, refused):
    with refused(field="planned_to"):
        congress_create(
            actor=None,
            org=tree.dh1,
            term=TERM,
            kind=CongressKind.MEMBERS,
            planned_from=date(2025, 8, 10),
            planned_to=date(2025, 8, 9),
        )


def test_a_lower_congress_hangs_under_the_upper_one_whichever_is_planned_first(tree):
    lower = plan(tree.dh1)
    upper = plan(tree.dh, kind=CongressKind.DELEGATES, planned_from=date(2025, 9, 1))
    lower.refresh_from_db()
    assert lower.upper_id == upper.pk
    assert plan(tree.dh2).upper_id == upper.pk


def test_planning_a_term_plans_every_open_org_of_the_subtree_once(tree, audit_watch):
    plan(tree.dh1, term=PREVIOUS, number=4, planned_from=date(2020, 6, 1))
    existing = plan(tree.dh2)
    watch = audit_watch()
    made = congress_plan_term(
        actor=None, root=tree.dh, term=TERM, kind=CongressKind.MEMBERS, planned_from=date(2025, 8, 15)
    )
    codes = sorted(c.org.code for c in made)
    assert codes == ["44.DH", "44.DH.01", "44.DH.CT", "44.DH.CT.01"]
    by_code = {c.org.code: c for c in made}
    assert by_code["44.DH.01"].number == 5
    assert by_code["44.DH"].number == 1
    assert by_code["44.DH.CT.01"].upper_id == by_code["44.DH.CT"].pk
    assert by_code["44.DH"].reference_date == date(2025, 7, 1)  # a commune committee under the province
    existing.refresh_from_db()
    assert existing.upper_id == by_code["44.DH"].pk
    assert len(watch.events()) == 4


def test_planning_a_term_may_keep_to_some_org_types(tree):
    made = congress_plan_term(
        actor=None,
        root=tree.province,
        term=TERM,
        kind=CongressKind.MEMBERS,
        planned_from=date(2025, 8, 15),
        org_types=[OrgType.GRASSROOTS_CELL],
    )
    assert sorted(c.org.code for c in made) == ["44.DH.01", "44.DH.02", "44.LB.01", "44.LB.02"]


def test_planning_a_term_already_planned_is_refused(tree, refused):
    congress_plan_term(actor=None, root=tree.lb, term=TERM, kind=CongressKind.MEMBERS, planned_from=date(2025, 8, 15))
    with refused(field="org"):
        congress_plan_term(
            actor=None, root=tree.lb, term=TERM, kind=CongressKind.MEMBERS, planned_from=date(2025, 8, 15)
        )


# --- stages ------------------------------------------------------------------------------------------------


def test_the_stages_move_forward_and_held_records_its_days(tree, audit_watch):
    congress = plan(tree.dh1)
    congress_set_status(actor=None, congress=congress, status=CongressStatus.DOCUMENTS_READY)
    watch = audit_watch()
    congress = congress_set_status(
        actor=None,
        congress=congress,
        status=CongressStatus.HELD,
        held_from=date(2025, 8, 12),
        held_to=date(2025, 8, 13),
    )
    assert (congress.status, congress.held_from, congress.held_to) == ("held", date(2025, 8, 12), date(2025, 8, 13))
    [event] = watch.events()
    assert event.action == "congress.update"
    assert event.changes["status"] == {"before": "documents_ready", "after": "held"}


def test_moving_back_is_refused(tree, refused):
    congress = plan(tree.dh1)
    congress_set_status(actor=None, congress=congress, status=CongressStatus.PERSONNEL_APPROVED)
    with refused(field="status") as info:
        congress_set_status(actor=None, congress=congress, status=CongressStatus.DOCUMENTS_READY)
    assert "lùi" in info.value.message


def test_held_needs_the_days_it_was_held(tree, refused):
    congress = plan(tree.dh1)
    with refused(field="held_from"):
        congress_set_status(actor=None, congress=congress, status=CongressStatus.HELD)
    with refused(field="held_to"):
        congress_set_status(actor=None, congress=congress, status=CongressStatus.HELD, held_from=date(2025, 8, 12))


def test_held_days_cannot_be_in_the_future(tree, refused):
    congress = plan(tree.dh1)
    tomorrow = timezone.localdate() + timedelta(days=1)
    with refused(field="held_from"):
        congress_set_status(
            actor=None, congress=congress, status=CongressStatus.HELD, held_from=tomorrow, held_to=tomorrow
        )


def test_results_approved_keeps_the_held_days(tree):
    congress = plan(tree.dh1)
    congress_set_status(
        actor=None, congress=congress, status="held", held_from=date(2025, 8, 12), held_to=date(2025, 8, 12)
    )
    congress = congress_set_status(actor=None, congress=congress, status=CongressStatus.RESULTS_APPROVED)
    assert congress.held_from == date(2025, 8, 12)


def test_the_plan_is_edited_and_audited(tree, audit_watch):
    congress = plan(tree.dh1)
    watch = audit_watch()
    congress = congress_update(
        actor=None,
        congress=congress,
        kind=CongressKind.MEMBERS,
        planned_from=date(2025, 8, 20),
        pilot=True,
        reference_date=date(2025, 4, 1),
    )
    assert congress.pilot and congress.planned_from == date(2025, 8, 20)
    [event] = watch.events()
    assert set(event.changes) == {"pilot", "planned_from"}


def test_held_days_are_not_written_on_a_congress_not_yet_held(tree, refused):
    congress = plan(tree.dh1)
    with refused(field="held_from"):
        congress_update(
            actor=None,
            congress=congress,
            kind=CongressKind.MEMBERS,
            planned_from=date(2025, 8, 10),
            held_from=date(2025, 8, 10),
            held_to=date(2025, 8, 10),
        )


# --- scope and roles ---------------------------------------------------------------------------------------


def test_an_outsider_cannot_plan_under_another_commune(tree, outsider, nothing_written):
    with nothing_written(), pytest.raises(Http404):
        plan(tree.dh1, actor=outsider)


def test_a_viewer_cannot_plan(tree, viewer, nothing_written):
    with nothing_written(), pytest.raises(PermissionDenied):
        plan(tree.dh1, actor=viewer)


def test_an_officer_cannot_approve_results_but_a_leader_can(tree, commune_officer, leader, nothing_written):
    congress = plan(tree.dh1)
    congress_set_status(
        actor=None, congress=congress, status="held", held_from=date(2025, 8, 12), held_to=date(2025, 8, 12)
    )
    with nothing_written(), pytest.raises(PermissionDenied):
        congress_set_status(actor=commune_officer, congress=congress, status=CongressStatus.RESULTS_APPROVED)
    congress_set_status(actor=leader, congress=congress, status=CongressStatus.RESULTS_APPROVED)
    assert Congress.objects.get(pk=congress.pk).status == CongressStatus.RESULTS_APPROVED
