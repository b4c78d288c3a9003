"""The demo's cadre work (`demo.cadres.seed_cadres`): on a small demo province the figures add up and every
invariant the services keep holds; on the shared test tree it runs and gives the same records for a seed."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.db import connection, transaction
from django.test import override_settings

from tochuc.cadres import rules
from tochuc.cadres.choices import (
    AppointmentStatus,
    AttendanceResult,
    CadreStatus,
    CourseKind,
    Filling,
    MovementKind,
    Rating,
    SurplusPolicy,
    SurplusStatus,
    TenureEnd,
    TenureSource,
    Title,
)
from tochuc.cadres.models import (
    Appointment,
    Attendance,
    Cadre,
    Course,
    Discipline,
    Evaluation,
    Movement,
    PlanningEntry,
    Post,
    SurplusCase,
    Tenure,
)
from tochuc.core.models import AuditEvent
from tochuc.core.rules import rules_in_force
from tochuc.core.text import fold, person_sort_key
from tochuc.demo import province
from tochuc.demo.cadres import TERM_NEXT, TERM_NOW, seed_cadres
from tochuc.orgs.models import Org, OrgEvent, OrgType, Sector

TODAY = date(2026, 11, 20)
MEMBERS = 6000


# The shared test tree first: the module's demo province (below) also has the code 44, and it is seeded
# when the first test asks for it.


def test_it_runs_on_the_test_tree_and_repeats_itself_for_a_seed(tree):
    def run() -> list[tuple]:
        sid = transaction.savepoint()
        figures = seed_cadres(root=tree.province, today=TODAY, seed=2)
        rows = list(Tenure.objects.order_by("cadre__full_name", "post__name", "started_on").values_list(
            "cadre__full_name", "post__name", "started_on", "ended_on"))  # fmt: skip
        transaction.savepoint_rollback(sid)
        return [figures, rows]

    first, second = run(), run()
    assert first == second
    assert first[0]["posts"] > 0 and first[0]["cadres"] > 0
    assert not Cadre.objects.exists()  # rolled back


def test_a_later_date_keeps_everything_in_the_past(tree):
    today = TODAY + timedelta(days=400)
    seed_cadres(root=tree.province, today=today, seed=3)
    assert not Tenure.objects.filter(started_on__gt=today).exists()
    assert not Evaluation.objects.filter(year__gte=today.year).exists()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """A small demo province seeded once for the module with its cadre work, in a transaction rolled back at
    the end. Yields the figures `seed_cadres` returned."""
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with fast:
                plan = province.plan_province(seed=1, members=MEMBERS, today=TODAY)
                result = province.seed_province(plan=plan)
                figures = seed_cadres(root=result["root"], today=TODAY, seed=1)
                if connection.vendor == "postgresql":
                    # Fresh statistics for the rows just loaded (a bulk load's tables otherwise look empty to
                    # the planner, which then nests loops over thousands of rows), as after a real seed.
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
def schedule(demo, db):
    return rules_in_force(TODAY)["retirement.schedule"]


def test_the_figures_add_up(demo, db):
    working = Cadre.objects.filter(status=CadreStatus.WORKING)
    open_tenures = Tenure.objects.filter(ended_on__isnull=True)
    assert demo["cadres"] == Cadre.objects.count() > 1000
    assert demo["working"] == working.count()
    assert demo["members"] == Cadre.objects.filter(member__isnull=False).count()
    assert demo["posts"] == Post.objects.count()
    assert demo["tenures"] == Tenure.objects.count()
    assert demo["open_tenures"] == open_tenures.count()
    assert demo["planning"] == PlanningEntry.objects.count()
    assert demo["planning_next"] == PlanningEntry.objects.filter(term=TERM_NEXT).count() > 0
    assert demo["appointments"] == Appointment.objects.count()
    assert demo["appointments_open"] == Appointment.objects.filter(status=AppointmentStatus.IN_PROGRESS).count() > 0
    assert demo["movements"] == Movement.objects.count()
    assert demo["courses"] == Course.objects.count()
    assert demo["attendances"] == Attendance.objects.count()
    assert demo["evaluations"] == Evaluation.objects.count()
    assert demo["disciplines"] == Discipline.objects.count() > 0
    assert demo["surplus"] == SurplusCase.objects.count()
    assert demo["surplus_pending"] == SurplusCase.objects.exclude(status=SurplusStatus.RESOLVED).count() > 0
    due = open_tenures.filter(post__filling=Filling.APPOINTED, term_end__lte=TODAY + relativedelta(months=6))
    assert demo["due"] == due.count() > 0
    concurrent = Counter(open_tenures.filter(cadre__status=CadreStatus.WORKING).values_list("cadre_id", flat=True))
    assert demo["concurrent"] == sum(1 for n in concurrent.values() if n > 1) > 0
    # One audit event for the whole seed, with the figures.
    event = AuditEvent.objects.get(action="demo.seed", note="Công tác cán bộ")
    assert event.changes["cadres"]["after"] == demo["cadres"]


def test_every_commune_has_the_standard_posts(demo, db):
    communes = Org.objects.filter(parent__code="44", sector=Sector.COMMUNE, org_type=OrgType.UPPER_GRASSROOTS_COMMITTEE)
    titles = defaultdict(Counter)
    for org_id, title in Post.objects.filter(org__in=communes).values_list("org_id", "title"):
        titles[org_id][title] += 1
    standard = {Title.SECRETARY, Title.DEPUTY_SECRETARY, Title.STANDING_MEMBER, Title.COMMITTEE_MEMBER,
                Title.COUNCIL_CHAIR, Title.COUNCIL_VICE_CHAIR, Title.GOVERNMENT_CHAIR, Title.GOVERNMENT_VICE_CHAIR,
                Title.FRONT_CHAIR}  # fmt: skip
    assert len(titles) == communes.count() == 78
    for counts in titles.values():
        assert standard <= set(counts)
        assert counts[Title.MASS_ORG_HEAD] == 4 and counts[Title.AGENCY_HEAD] == 5
    deputies = Post.objects.filter(org__in=communes, title=Title.DEPUTY_SECRETARY)
    assert set(deputies.values_list("seats", flat=True)) == {2}
    # The province's top posts.
    assert set(Post.objects.filter(org__code="44").values_list("title", flat=True)) >= {
        Title.SECRETARY, Title.DEPUTY_SECRETARY, Title.GOVERNMENT_CHAIR, Title.COUNCIL_CHAIR
    }  # fmt: skip


def test_most_secretaries_also_chair_the_council(demo, db):
    open_ = Tenure.objects.filter(ended_on__isnull=True, post__org__sector=Sector.COMMUNE)
    secretaries = set(open_.filter(post__title=Title.SECRETARY).values_list("cadre_id", flat=True))
    chairs = set(open_.filter(post__title=Title.COUNCIL_CHAIR).values_list("cadre_id", flat=True))
    assert len(secretaries & chairs) >= 0.7 * len(secretaries) > 0


def test_tenures_stay_within_the_seats_and_open_once_per_person(demo, db):
    by_post = defaultdict(list)
    for t in Tenure.objects.select_related("post"):
        by_post[t.post_id].append(t)
        assert t.ended_on is None or t.ended_on > t.started_on
        assert t.started_on <= TODAY
        if t.ended_on is not None:
            assert t.end_reason
    vacant = 0
    for tenures in by_post.values():
        post = tenures[0].post
        for moment in {t.started_on for t in tenures}:
            holding = [t for t in tenures if t.started_on <= moment and (t.ended_on is None or moment < t.ended_on)]
            assert len(holding) <= post.seats, post.name
            assert len({t.cadre_id for t in holding}) == len(holding)
        if post.closed_on is None and sum(1 for t in tenures if t.ended_on is None) < post.seats:
            vacant += 1
    assert vacant > 0  # a few seats wait for someone
    assert Post.objects.filter(tenures__isnull=True).exists()


def test_appointed_terms_run_five_years_or_to_retirement(demo, db, schedule):
    tenures = Tenure.objects.filter(post__filling=Filling.APPOINTED).select_related("cadre")
    assert tenures.exists()
    for t in tenures:
        retires_on = rules.retirement_date(t.cadre.birth_date, t.cadre.sex, schedule)
        assert t.term_end == rules.term_end(t.started_on, 5, retires_on)
    assert not Tenure.objects.filter(post__filling=Filling.ELECTED, term_end__isnull=False).exists()


def test_working_cadres_are_younger_than_their_retirement_age(demo, db, schedule):
    for c in Cadre.objects.filter(status=CadreStatus.WORKING):
        assert rules.retirement_date(c.birth_date, c.sex, schedule) > TODAY, c.full_name
        assert relativedelta(TODAY, c.birth_date).years >= 22
    for c in Cadre.objects.exclude(status=CadreStatus.WORKING):
        assert c.ended_on is not None and c.ended_on <= TODAY


def test_names_are_folded_and_members_copied(demo, db):
    linked = 0
    for c in Cadre.objects.select_related("member"):
        assert (c.name_folded, c.sort_key) == (fold(c.full_name), person_sort_key(c.full_name))
        if c.member is not None:
            linked += 1
            assert (c.full_name, c.sex, c.birth_date) == (c.member.full_name, c.member.sex, c.member.birth_date)
    assert linked > 0.8 * Cadre.objects.count()


def test_planning_lists_one_to_three_names_who_meet_the_conditions(demo, db, schedule):
    entries = PlanningEntry.objects.select_related("post", "cadre")
    assert set(entries.values_list("term", flat=True)) == {TERM_NOW, TERM_NEXT}
    per_post = Counter((e.post_id, e.term) for e in entries if e.removed_on is None)
    assert max(per_post.values()) <= 3
    per_person = Counter((e.cadre_id, e.term) for e in entries if e.removed_on is None)
    assert max(per_person.values()) <= 3
    for e in entries:
        assert rules.valid_term(e.term)
        start = max(rules.term_start(e.term), e.added_on)
        retires_on = rules.retirement_date(e.cadre.birth_date, e.cadre.sex, schedule)
        assert rules.serves_years_before_retirement(start, retires_on, 5), e
        ratings = dict(Evaluation.objects.filter(cadre=e.cadre).values_list("year", "rating"))
        assert all(ratings.get(y) in (Rating.EXCELLENT, Rating.GOOD) for y in range(e.added_on.year - 3,
                                                                                     e.added_on.year))  # fmt: skip
        disciplines = Discipline.objects.filter(cadre=e.cadre)
        if e.removed_on is None:
            assert not disciplines.exists()
        else:
            assert e.removed_reason.startswith("Bị kỷ luật") and disciplines.filter(on__lte=e.removed_on).exists()


def test_appointment_steps_follow_the_procedure(demo, db):
    appointments = Appointment.objects.prefetch_related("steps").select_related("cadre", "post")
    statuses = Counter()
    majority = rules.AppointmentParams.from_rules(rules_in_force(TODAY)).vote_majority
    for a in appointments:
        statuses[a.status] += 1
        done: list[rules.StepFacts] = []
        for s in sorted(a.steps.all(), key=lambda s: (s.held_on, s.id)):
            fact = rules.StepFacts(s.step, s.held_on, s.attendees, s.ballots_issued, s.ballots_valid, s.votes_for)
            assert rules.step_refusal(a.kind, a.source, done, fact, a.received_on) is None
            assert s.held_on <= TODAY
            done.append(fact)
        check = rules.procedure_check(a.kind, a.source, done, majority)
        if a.status == AppointmentStatus.APPOINTED:
            assert check.ok
            assert a.tenure.started_on == a.effective_on and a.tenure.term_end == a.term_end
            assert a.decision_no and a.decided_on <= TODAY
            assert PlanningEntry.objects.filter(cadre=a.cadre, post=a.post, added_on__lte=a.received_on).exists()
        elif a.status == AppointmentStatus.REFUSED:
            assert len(done) == len(rules.procedure(a.kind, a.source)) and not check.ok and a.closing_reason
        elif a.status == AppointmentStatus.WITHDRAWN:
            assert a.closing_reason
        else:
            assert not check.ok and not Tenure.objects.filter(appointment=a).exists()
            assert PlanningEntry.objects.filter(cadre=a.cadre, post=a.post, added_on__lte=a.received_on).exists()
    # In progress at several different steps.
    in_progress = appointments.filter(status=AppointmentStatus.IN_PROGRESS)
    assert len({a.steps.count() for a in in_progress}) >= 2
    assert statuses[AppointmentStatus.APPOINTED] >= 1


def test_evaluations_are_one_a_year_with_a_realistic_spread(demo, db):
    years = set(Evaluation.objects.values_list("year", flat=True))
    assert years == {TODAY.year - 3, TODAY.year - 2, TODAY.year - 1}
    spread = Counter(Evaluation.objects.values_list("rating", flat=True))
    total = sum(spread.values())
    assert 0.12 < spread[Rating.EXCELLENT] / total < 0.3
    assert 0.5 < spread[Rating.GOOD] / total < 0.8
    assert 0 < spread[Rating.NOT_COMPLETED] / total < 0.06
    # A cadre disciplined in a year was not rated above "not completed" that year.
    for d in Discipline.objects.filter(on__year__lt=TODAY.year):
        assert Evaluation.objects.get(cadre=d.cadre, year=d.on.year).rating == Rating.NOT_COMPLETED


def test_courses_have_their_students_and_results(demo, db):
    kinds = set(Course.objects.values_list("kind", flat=True))
    assert {CourseKind.THEORY, CourseKind.STATE_MANAGEMENT} <= kinds
    for a in Attendance.objects.select_related("course", "cadre"):
        if a.result == AttendanceResult.PASSED:
            assert a.completed_on == a.course.ends_on <= TODAY
            if a.course.kind == CourseKind.THEORY:
                order = rules.THEORY_ORDER
                assert order.index(a.cadre.theory_level) >= order.index(a.course.level)
        elif a.result == AttendanceResult.ENROLLED:
            assert a.course.ends_on > TODAY and a.completed_on is None
    assert Attendance.objects.filter(result=AttendanceResult.ENROLLED).exists()


def test_movements_include_an_overdue_one(demo, db):
    overdue = Movement.objects.filter(returned_on__isnull=True, due_back_on__lt=TODAY)
    assert overdue.count() == 1
    assert Movement.objects.filter(kind=MovementKind.ROTATION, tenure__isnull=False).exists()
    for m in Movement.objects.filter(tenure__isnull=False).select_related("tenure"):
        assert m.tenure.started_on == m.started_on
        assert m.tenure.ended_on == m.returned_on or m.tenure.end_reason == TenureEnd.TERM_ENDED


def test_surplus_cases_follow_the_merge_of_the_demo(demo, db):
    event = OrgEvent.objects.get(kind=OrgEvent.Kind.MERGE)
    sources = set(event.sources.values_list("pk", flat=True))
    target = event.results.get()
    cases = SurplusCase.objects.select_related("tenure__post", "cadre")
    assert cases.count() == demo["surplus"] >= 6
    for case in cases:
        # As the restructuring follower opens them: one per holder, the post abolished on the day.
        assert case.event == event and case.org_id in sources and case.identified_on == event.on
        assert case.tenure.ended_on == event.on and case.tenure.end_reason == TenureEnd.RESTRUCTURED
        assert case.tenure.post.closed_on == event.on
        if case.status == SurplusStatus.PENDING:
            assert not case.policy and case.policy_on is None
        elif case.status == SurplusStatus.IN_PROGRESS:
            assert case.policy
        else:
            assert case.policy and event.on <= case.policy_on <= TODAY
            assert case.decision_no or case.policy == SurplusPolicy.REASSIGNMENT
        if case.status == SurplusStatus.RESOLVED and case.policy == SurplusPolicy.REASSIGNMENT:
            assert case.cadre.tenures.filter(post__org=target, started_on=case.policy_on, ended_on__isnull=True,
                                             source=TenureSource.REASSIGNED).exists()  # fmt: skip
        ends = {SurplusPolicy.EARLY_RETIREMENT: CadreStatus.RETIRED, SurplusPolicy.RETIREMENT: CadreStatus.RETIRED,
                SurplusPolicy.RESIGNATION: CadreStatus.LEFT}  # fmt: skip
        if case.status == SurplusStatus.RESOLVED and case.policy in ends:
            assert (case.cadre.status, case.cadre.ended_on) == (ends[case.policy], case.policy_on)
        else:
            assert case.cadre.status == CadreStatus.WORKING
    resolved = set(cases.filter(status=SurplusStatus.RESOLVED).values_list("policy", flat=True))
    assert resolved == set(SurplusPolicy.values) - {""}  # every policy, and cases still waiting
    assert cases.filter(status=SurplusStatus.PENDING).exists()
    # Open posts of an org have distinct names, as the posts service requires.
    names = Counter(Post.objects.filter(closed_on__isnull=True).values_list("org_id", "name"))
    assert max(names.values()) == 1
