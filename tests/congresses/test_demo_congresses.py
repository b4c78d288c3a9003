"""The demo's congresses (`demo.congresses.seed_congresses`): on a small demo province with its cadre work the
figures add up and every invariant the services keep holds; on the shared test tree it runs and gives the same
records for a seed."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date

import pytest
from django.db import connection, transaction
from django.test import override_settings

from tochuc.cadres.choices import Title
from tochuc.cadres.models import Tenure
from tochuc.congresses import rules as congress_rules
from tochuc.congresses.choices import (
    Body,
    CongressKind,
    CongressStatus,
    Credentials,
    DelegateKind,
    ElectionStatus,
    EntryMode,
    NominationSource,
    Origin,
)
from tochuc.congresses.models import (
    Candidate,
    CommitteeMembership,
    Congress,
    Delegate,
    Election,
    Nomination,
    PersonnelPlan,
    SeatAllocation,
)
from tochuc.congresses.rules_personnel import PersonnelParams, age_check, max_list
from tochuc.congresses.services.elections import candidate_keys
from tochuc.congresses.tally import Totals, tally
from tochuc.core.models import AuditEvent
from tochuc.core.rules import rules_in_force
from tochuc.demo import province
from tochuc.demo.cadres import seed_cadres
from tochuc.demo.congresses import (
    BASE_SEATS,
    CELL_TERMS,
    DELEGATES_FROM,
    PROVINCE_HELD,
    REFERENCE,
    TERM,
    seed_congresses,
)
from tochuc.members.choices import Status
from tochuc.members.models import Member
from tochuc.orgs.models import SEGMENT, Org, OrgType, Sector

TODAY = date(2026, 11, 20)
MEMBERS = 6000


# The shared test tree first: the module's demo province (below) also has the code 44, and it is seeded
# when the first test asks for it.


def test_it_runs_on_the_test_tree_and_repeats_itself_for_a_seed(tree):
    def run() -> list:
        sid = transaction.savepoint()
        figures = seed_congresses(root=tree.province, today=TODAY, seed=2)
        rows = list(Congress.objects.order_by("org__code", "term").values_list(
            "org__code", "term", "number", "kind", "status", "held_from", "held_to"))  # fmt: skip
        seats = list(CommitteeMembership.objects.order_by("org__code", "member__full_name", "body").values_list(
            "org__code", "member__full_name", "body", "origin"))  # fmt: skip
        transaction.savepoint_rollback(sid)
        return [figures, rows, seats]

    first, second = run(), run()
    assert first == second
    figures, rows, _seats = first
    # The province, both communes, the four grassroots cells, the company's committee and its cell.
    assert {code for code, *_rest in rows} == {"44", "44.DH", "44.LB", "44.DH.01", "44.DH.02", "44.LB.01",
                                               "44.LB.02", "44.DH.CT", "44.DH.CT.01"}  # fmt: skip
    assert figures["congresses"] == len(rows) and figures["communes"] == 2
    assert not Congress.objects.exists()  # rolled back


def test_an_earlier_date_holds_no_congress_in_the_future(tree):
    today = date(2025, 8, 1)
    seed_congresses(root=tree.province, today=today, seed=3)
    assert Congress.objects.exists()
    assert not Congress.objects.filter(held_to__gt=today).exists()
    assert Congress.objects.get(org=tree.province).status == CongressStatus.PLANNED
    assert not Election.objects.filter(held_on__gt=today).exists()
    assert not CommitteeMembership.objects.filter(started_on__gt=today).exists()
    assert not Delegate.objects.exists()  # the provincial congress has not met


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """A small demo province seeded once for the module with its cadre work and its congresses, in a
    transaction rolled back at the end. Yields the figures `seed_congresses` returned."""
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with fast:
                plan = province.plan_province(seed=1, members=MEMBERS, today=TODAY)
                result = province.seed_province(plan=plan)
                seed_cadres(root=result["root"], today=TODAY, seed=1)
                figures = seed_congresses(root=result["root"], today=TODAY, seed=1)
                if connection.vendor == "postgresql":
                    # Fresh statistics for the rows just loaded, as after a real seed (see test_demo_cadres).
                    with connection.cursor() as cursor:
                        cursor.execute("ANALYZE")
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield figures
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture
def root(demo, db):
    return Org.objects.get(code=province.ROOT_CODE)


def _members_under() -> Counter:
    counts: Counter = Counter()
    for path in Member.objects.active().values_list("org__path", flat=True):
        for end in range(SEGMENT, len(path) + 1, SEGMENT):
            counts[path[:end]] += 1
    return counts


def test_the_figures_add_up(demo, db):
    congresses = Congress.objects.all()
    assert demo["congresses"] == congresses.count() > 1500
    assert demo["held"] == congresses.filter(held_from__isnull=False).count()
    assert demo["approved"] == congresses.filter(status=CongressStatus.RESULTS_APPROVED).count()
    assert demo["awaiting_approval"] == congresses.filter(status=CongressStatus.HELD).count() == 3
    assert demo["planned"] == congresses.filter(status=CongressStatus.PLANNED, term=CELL_TERMS[1]).count() > 0
    assert demo["pilot"] == congresses.filter(pilot=True).count() > 1
    assert demo["delegates_kind"] == congresses.filter(kind=CongressKind.DELEGATES).count()
    assert demo["communes"] == congresses.filter(org__sector=Sector.COMMUNE, term=TERM).count() == 78
    assert demo["allocations"] == SeatAllocation.objects.count() == 82
    assert demo["delegates"] == Delegate.objects.count()
    assert demo["ex_officio"] == Delegate.objects.filter(kind=DelegateKind.EX_OFFICIO).count() > 0
    assert demo["absent"] == Delegate.objects.filter(absent=True).count()
    assert demo["plans"] == PersonnelPlan.objects.count() == 5
    assert demo["nominations"] == Nomination.objects.count()
    assert demo["elections"] == Election.objects.count() >= 10
    assert demo["second_rounds"] == Election.objects.filter(round=2).count() == 1
    assert demo["candidates"] == Candidate.objects.count()
    assert demo["memberships"] == CommitteeMembership.objects.count()
    assert demo["by_elections"] == CommitteeMembership.objects.filter(origin=Origin.BY_ELECTION).count() == 2
    # One audit event for the whole seed, with the figures.
    event = AuditEvent.objects.get(action="demo.seed", note="Đại hội")
    assert event.changes["congresses"]["after"] == demo["congresses"]


def test_every_open_org_that_holds_a_congress_has_one(demo, root):
    held = {
        OrgType.PROVINCE_COMMITTEE, OrgType.UPPER_GRASSROOTS_COMMITTEE, OrgType.GRASSROOTS_COMMITTEE,
        OrgType.GRASSROOTS_CELL, OrgType.SUB_COMMITTEE, OrgType.CELL,
    }  # fmt: skip
    # Those older than the merged province (organizations founded later have an appointed committee).
    orgs = Org.objects.open().filter(org_type__in=held, opened_on__lte=province.MERGED_ON)
    with_congress = set(Congress.objects.values_list("org_id", flat=True))
    assert set(orgs.values_list("id", flat=True)) <= with_congress
    assert not Congress.objects.filter(org__org_type=OrgType.PARTY_GROUP).exists()


def test_the_congresses_follow_the_calendar_and_numbers_of_2025(demo, root):
    p = Congress.objects.get(org=root)
    assert (p.term, p.number, p.kind, p.held_from, p.held_to, p.upper_id) == (
        TERM, 1, CongressKind.DELEGATES, *PROVINCE_HELD, None,
    )  # fmt: skip
    assert p.reference_date == REFERENCE["province"]
    for c in Congress.objects.filter(org__parent=root).select_related("org"):
        commune = c.org.sector == Sector.COMMUNE
        assert (c.term, c.number, c.upper_id) == (TERM, 1, p.pk)
        assert date(2025, 7, 1) < c.held_from <= c.held_to < date(2025, 9, 1)
        assert c.reference_date == REFERENCE["commune" if commune else "bloc"]
    grassroots = Congress.objects.filter(
        org__org_type__in=(OrgType.GRASSROOTS_COMMITTEE, OrgType.GRASSROOTS_CELL)
    ).select_related("upper", "org")
    numbers = Counter()
    for c in grassroots:
        assert c.term == TERM and c.reference_date == REFERENCE["grassroots"]
        assert c.upper.org_id == c.org.parent_id
        assert date(2025, 4, 1) <= c.held_from <= c.held_to < c.upper.held_from  # before the commune's
        numbers[c.number > 1] += 1
    assert numbers[True] > numbers[False] > 0  # older organizations continue their numbers; new ones start at I
    # A commune's agency cells were formed with it on 1/7/2025: their first congress, in July.
    for c in grassroots.filter(org__sector=Sector.PARTY_AGENCY, org__parent__sector=Sector.COMMUNE):
        assert c.number == 1 and c.held_from.month == 7
    # Cells under a grassroots committee: 2025-2027 before their committee, the 2027-2030 one planned.
    first = {c.org_id: c for c in Congress.objects.filter(term=CELL_TERMS[0]).select_related("upper")}
    assert first
    for c in first.values():
        assert c.held_to <= c.upper.held_from
    for c in Congress.objects.filter(term=CELL_TERMS[1]):
        assert c.status == CongressStatus.PLANNED and c.held_from is None
        assert c.number == first[c.org_id].number + 1 and c.planned_from.year == 2027
    # Statuses: held ones have their days, planned ones none.
    for c in Congress.objects.all():
        assert (c.held_from is None) == (c.status == CongressStatus.PLANNED)
        assert c.planned_from <= (c.held_from or c.planned_from)
    assert Congress.objects.filter(pilot=True, org__sector=Sector.COMMUNE).count() == 1


def test_the_kind_follows_the_number_of_members(demo, root):
    counts = _members_under()
    for c in Congress.objects.exclude(org=root).select_related("org"):
        expected = CongressKind.DELEGATES if counts[c.org.path] >= DELEGATES_FROM else CongressKind.MEMBERS
        assert c.kind == expected, c
        assert (c.delegate_seats is not None) == (c.kind == CongressKind.DELEGATES)
    assert Congress.objects.filter(kind=CongressKind.MEMBERS).exists()


def test_the_seats_of_the_provincial_congress_sum_exactly(demo, root):
    p = Congress.objects.get(org=root)
    allocations = list(SeatAllocation.objects.filter(congress=p).select_related("org"))
    elected = sum(a.seats for a in allocations)
    assert p.delegate_seats == elected + sum(a.ex_officio for a in allocations) == Delegate.objects.count()
    counts = _members_under()
    # Base seats by organization, the rest by members (largest remainder): the rule's own apportionment.
    by_members = {a.org.path: a.members for a in allocations}
    assert by_members == {a.org.path: counts[a.org.path] for a in allocations}
    assert congress_rules.apportion(seats=elected, members=by_members, base_per_unit=BASE_SEATS) == {
        a.org.path: a.seats for a in allocations
    }
    assert min(a.seats for a in allocations) >= BASE_SEATS
    delegations = Counter(Delegate.objects.values_list("from_org_id", "kind"))
    for a in allocations:
        assert delegations[(a.org_id, DelegateKind.ELECTED)] == a.seats
        assert delegations[(a.org_id, DelegateKind.EX_OFFICIO)] == a.ex_officio


def test_delegates_may_sit_and_ex_officio_ones_are_the_appointed_committee(demo, root):
    p = Congress.objects.get(org=root)
    committee = set(
        CommitteeMembership.objects.filter(org=root, body=Body.COMMITTEE, ended_on__isnull=True).values_list(
            "member_id", flat=True
        )
    )
    for d in Delegate.objects.select_related("member__org", "from_org"):
        assert d.congress_id == p.pk and d.credentials == Credentials.ACCEPTED
        m = d.member
        assert m.status == Status.OFFICIAL and not m.in_transit and not m.lost_contact
        assert m.org.path.startswith(d.from_org.path) and d.from_org.parent_id == root.pk
        assert (d.member_id in committee) == (d.kind == DelegateKind.EX_OFFICIO)
        assert not d.absent or (d.absence_excused and d.absence_reason)
    assert len(committee) == Delegate.objects.filter(kind=DelegateKind.EX_OFFICIO).count()


def test_the_province_committee_is_appointed_and_the_communes_are_elected(demo, root):
    seats = CommitteeMembership.objects.filter(org=root, term=TERM)
    assert set(seats.values_list("origin", flat=True)) == {Origin.APPOINTED}
    assert seats.filter(body=Body.SECRETARY).count() == 1
    assert 1 <= seats.filter(body=Body.DEPUTY_SECRETARY).count() <= 4
    assert seats.filter(body=Body.STANDING).count() < seats.filter(body=Body.COMMITTEE).count()
    assert demo["appointed"] == seats.filter(body=Body.COMMITTEE).count()
    communes = Congress.objects.filter(org__sector=Sector.COMMUNE, term=TERM).select_related("org")
    for c in communes:
        elected = CommitteeMembership.objects.filter(org=c.org, term=TERM, origin=Origin.ELECTED)
        assert elected.filter(body=Body.SECRETARY).count() <= 1, c
        assert set(elected.values_list("started_on", flat=True)) == {c.held_to}
        assert elected.exclude(decision_no="").count() == elected.count()
    # The seats are held by official members of the committee's organization; one open seat per body.
    for s in CommitteeMembership.objects.select_related("member__org", "org"):
        assert s.member.org.path.startswith(s.org.path) and s.member.status == Status.OFFICIAL
    open_seats = Counter(
        CommitteeMembership.objects.filter(ended_on__isnull=True).values_list("org_id", "member_id", "body")
    )
    assert max(open_seats.values()) == 1
    # A standing committee member, the secretary and a deputy are on the committee.
    for s in CommitteeMembership.objects.exclude(body=Body.COMMITTEE):
        assert CommitteeMembership.objects.filter(org=s.org_id, member=s.member_id, body=Body.COMMITTEE).exists()


def test_the_communes_committees_are_the_cadre_works_party_posts(demo, root):
    """The secretary elected at each commune's congress is the one the cadre work seated on that day (a
    small demo leaves a few posts vacant, for want of members)."""
    found = 0
    for c in Congress.objects.filter(org__sector=Sector.COMMUNE, term=TERM).select_related("org"):
        # A seat on the committee is for an official member taking part in the commune's party life.
        holders = set(
            Tenure.objects.filter(
                post__org=c.org, post__title=Title.SECRETARY, started_on=c.held_to,
                cadre__member__status=Status.OFFICIAL, cadre__member__lost_contact=False,
                cadre__member__org__path__under=c.org.path,
            ).values_list("cadre__member_id", flat=True)
        )  # fmt: skip
        secretary = CommitteeMembership.objects.filter(org=c.org, body=Body.SECRETARY, term=TERM)
        assert set(secretary.values_list("member_id", flat=True)) == holders, c
        found += bool(holders)
    assert found > 70


def test_every_election_is_the_tally_of_its_totals(demo, db):
    for e in Election.objects.select_related("congress"):
        assert e.entry_mode == EntryMode.TOTALS and e.status == ElectionStatus.APPROVED
        assert e.approved_on >= e.held_on == e.congress.held_to
        candidates = list(e.candidates.select_related("member__org").order_by("position"))
        keys = candidate_keys(candidates)
        result = tally(
            seats=e.seats, candidates=[keys[c.pk] for c in candidates], summoned=e.summoned,
            absent_excused=e.absent_excused, ballots_issued=e.ballots_issued,
            totals=Totals(e.collected, e.invalid, {keys[c.pk]: c.votes for c in candidates}),
        )  # fmt: skip
        assert {k: v for k, v in e.result.items() if k in result.to_json()} == result.to_json()
        member_of = {keys[c.pk]: c.member_id for c in candidates}
        assert e.result["elected_ids"] == [member_of[n] for n in result.elected]
        if e.round == 1:
            assert len(candidates) <= max_list(e.seats, PersonnelParams.from_rules(rules_in_force(TODAY)).max_surplus)
        if e.body == Body.COMMITTEE and e.round == 1:
            assert len(candidates) > e.seats
        # The winners of a committee election are its seats.
        if e.body == Body.COMMITTEE:
            seated = set(CommitteeMembership.objects.filter(election=e).values_list("member_id", flat=True))
            assert seated == set(e.result["elected_ids"])


def test_a_tie_at_the_last_seat_went_to_a_second_round(demo, db):
    second = Election.objects.get(round=2)
    first = Election.objects.get(congress=second.congress, body=second.body, round=1)
    assert first.result["round_needed"] and len(first.result["tied"]) == 2
    assert second.seats == first.result["seats_unfilled"] == 1
    assert set(second.candidates.values_list("member_id", flat=True)) == set(first.result["tied_ids"])
    assert len(second.result["elected_ids"]) == 1 and not second.result["round_needed"]
    committee = set(
        CommitteeMembership.objects.filter(org=first.congress.org, body=Body.COMMITTEE).values_list(
            "member_id", flat=True
        )
    )
    assert committee == set(first.result["elected_ids"]) | set(second.result["elected_ids"])


def test_elected_delegates_are_the_provincial_congress_delegates(demo, root):
    for e in Election.objects.filter(body=Body.DELEGATES).select_related("congress__org"):
        delegates = set(
            Delegate.objects.filter(from_org=e.congress.org, kind=DelegateKind.ELECTED).values_list(
                "member_id", flat=True
            )
        )
        assert delegates == set(e.result["elected_ids"])


def test_nominations_meet_the_rules(demo, db):
    params = PersonnelParams.from_rules(rules_in_force(TODAY))
    by_plan = defaultdict(list)
    for n in Nomination.objects.select_related("plan__congress__org", "member"):
        by_plan[n.plan_id].append(n)
        c = n.plan.congress
        if n.withdrawn_on is None:
            assert Candidate.objects.filter(election__congress=c, election__body=n.body, member=n.member).exists()
        else:
            assert n.withdraw_reason and not Candidate.objects.filter(election__congress=c, member=n.member).exists()
        if n.source == NominationSource.FLOOR:
            assert n.support * 10 > n.present * 3  # more than 30% of those present
        check = age_check(body=n.body, re_election=n.re_election, birth_date=n.member.birth_date, sex=n.member.sex,
                          reference_date=c.reference_date, provincial=False, params=params)  # fmt: skip
        assert check is None or check.ok, (n.member.full_name, check)
    kinds = Counter((n.source, n.withdrawn_on is not None) for ns in by_plan.values() for n in ns)
    assert kinds[(NominationSource.FLOOR, False)] == 1 and kinds[(NominationSource.CONVENING, True)] == 1
    for plan in PersonnelPlan.objects.select_related("congress"):
        assert plan.approved_on < plan.congress.held_from
        seats = CommitteeMembership.objects.filter(org=plan.congress.org_id, body=Body.COMMITTEE, term=TERM)
        assert plan.committee_seats == seats.filter(origin=Origin.ELECTED).count()
