"""Adversarial review of the domain rules: re-election (48 months instead of a full term) is claimed only by a
sitting member of the outgoing committee; the elections list narrows to an org's subtree."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from tochuc.congresses.choices import Body, CongressKind, NominationSource, Origin
from tochuc.congresses.models import CommitteeMembership, Election
from tochuc.congresses.services.congresses import congress_create
from tochuc.congresses.services.elections import election_create
from tochuc.congresses.services.personnel import nomination_add, plan_save
from tochuc.core.errors import DomainError
from tochuc.members.choices import Sex

REFERENCE = date(2025, 7, 1)
TERM = "2025-2030"


@pytest.fixture
def plan(tree):
    congress = congress_create(
        actor=None, org=tree.dh, term=TERM, kind=CongressKind.MEMBERS, planned_from=date(2025, 8, 20),
        reference_date=REFERENCE,
    )  # fmt: skip
    return plan_save(
        actor=None, congress=congress, committee_seats=5, standing_seats=0, deputy_secretaries=0, inspection_seats=0,
        women_target=0, young_target=0, minority_target=0,
    )  # fmt: skip


def _seat(org, member):
    return CommitteeMembership.objects.create(
        org=org,
        member=member,
        body=Body.COMMITTEE,
        term="2020-2025",
        origin=Origin.ELECTED,
        started_on=date(2020, 8, 1),
    )


def test_re_election_is_refused_to_someone_not_on_the_outgoing_committee(plan, tree, make_member, refused):
    _seat(tree.dh, tree.members["44.DH.01"][0])
    # A man born 1/1/1967 retires at 62 (2029): 48 months left at the reference date, not 60.
    member = make_member(org=tree.dh1, sex=Sex.MALE, birth_date=date(1967, 1, 1))
    with refused(field="re_election"):
        nomination_add(
            actor=None, plan=plan, body=Body.COMMITTEE, member=member, source=NominationSource.CONVENING,
            re_election=True,
        )  # fmt: skip


def test_re_election_stands_for_a_sitting_member_and_when_no_committee_is_on_record(plan, tree):
    sitting = tree.members["44.DH.01"][0]
    n = nomination_add(
        actor=None, plan=plan, body=Body.COMMITTEE, member=sitting, source=NominationSource.CONVENING,
        re_election=True,
    )  # fmt: skip
    assert n.re_election
    _seat(tree.dh, sitting)
    other = tree.members["44.DH.01"][1]
    with pytest.raises(DomainError) as e:
        nomination_add(
            actor=None, plan=plan, body=Body.COMMITTEE, member=other, source=NominationSource.CONVENING,
            re_election=True,
        )  # fmt: skip
    assert e.value.field == "re_election"


def test_the_elections_list_narrows_to_an_org(client, province_officer, tree):
    for org, cell in ((tree.dh, "44.DH.01"), (tree.lb, "44.LB.01")):
        congress = congress_create(
            actor=None, org=org, term=TERM, kind=CongressKind.MEMBERS, planned_from=date(2025, 8, 10)
        )
        election_create(
            actor=None, congress=congress, body=Body.COMMITTEE, held_on=date(2025, 8, 12), seats=1, summoned=9,
            candidates=tree.members[cell][:2],
        )  # fmt: skip
    client.force_login(province_officer)
    response = client.get(reverse("congresses:election_list") + f"?org={tree.dh.code}")
    assert response.status_code == 200
    shown = list(response.context["page_obj"])
    assert shown == list(Election.objects.filter(congress__org=tree.dh))
    assert len(shown) == 1


def test_results_are_approved_by_the_upper_committee_not_by_the_commune_itself(tree, make_user, leader, client):
    from django.core.exceptions import PermissionDenied

    from tochuc.accounts.roles import Role
    from tochuc.congresses.choices import CongressStatus
    from tochuc.congresses.models import Congress
    from tochuc.congresses.services.congresses import congress_set_status

    congress = congress_create(
        actor=None, org=tree.dh, term=TERM, kind=CongressKind.MEMBERS, planned_from=date(2025, 8, 10)
    )
    congress_set_status(
        actor=None, congress=congress, status=CongressStatus.HELD, held_from=date(2025, 8, 10),
        held_to=date(2025, 8, 11),
    )  # fmt: skip
    own_leader = make_user("lanhdao.dongha", Role.LEADER, tree.dh)
    with pytest.raises(PermissionDenied):
        congress_set_status(actor=own_leader, congress=congress, status=CongressStatus.RESULTS_APPROVED)
    client.force_login(own_leader)
    url = reverse("congresses:status", args=[congress.pk])
    assert client.post(url, {"status": CongressStatus.RESULTS_APPROVED}).status_code == 403
    assert Congress.objects.get(pk=congress.pk).status == CongressStatus.HELD
    # The province's leader approves through the page (no edit right needed for that step).
    client.force_login(leader)
    page = client.get(reverse("congresses:detail", args=[congress.pk]))
    assert page.context["status_form"] is not None
    assert client.post(url, {"status": CongressStatus.RESULTS_APPROVED}).status_code == 302
    assert Congress.objects.get(pk=congress.pk).status == CongressStatus.RESULTS_APPROVED


def test_an_election_lists_only_members_of_the_congress_s_organization(tree, province_officer, refused):
    congress = congress_create(
        actor=None, org=tree.dh, term=TERM, kind=CongressKind.MEMBERS, planned_from=date(2025, 8, 10)
    )
    with refused(field="candidates"):
        election_create(
            actor=province_officer, congress=congress, body=Body.COMMITTEE, held_on=date(2025, 8, 12), seats=1,
            summoned=9, candidates=[tree.members["44.DH.01"][0], tree.members["44.LB.01"][0]],
        )  # fmt: skip


def test_a_members_congress_counts_the_absences_recorded_on_its_list(client, commune_officer, tree):
    from tochuc.congresses.services.delegates import delegate_summon_members, delegate_update

    congress = congress_create(
        actor=None, org=tree.dh, term=TERM, kind=CongressKind.MEMBERS, planned_from=date(2025, 8, 10)
    )
    client.force_login(commune_officer)
    url = reverse("congresses:election_create", args=[congress.pk])
    assert client.get(url).context["form"].initial["summoned"] == 9
    made = delegate_summon_members(actor=None, congress=congress)
    for d in made[:2]:
        delegate_update(
            actor=None, delegate=d, credentials="accepted", absent=True, absence_excused=True,
            absence_reason="Ốm nằm viện",
        )  # fmt: skip
    initial = client.get(url).context["form"].initial
    # Base 9 - 2 = 7: a winner needs 4 votes, not 5.
    assert (initial["summoned"], initial["absent_excused"]) == (9, 2)
