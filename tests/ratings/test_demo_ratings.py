"""The demo's ratings (`demo.ratings.seed_ratings`): on a small demo province with its cadre work the figures add
up, every decision keeps within the rules, the shares are realistic and the commendations demo finds its five-
year streaks; on the shared test tree it runs and gives the same records for a seed."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date

import pytest
from django.db import connection, transaction
from django.test import override_settings

from tochuc.cadres.models import Evaluation
from tochuc.core.models import AuditEvent
from tochuc.demo import province
from tochuc.demo.cadres import seed_cadres
from tochuc.demo.ratings import STREAK_MEMBERS, STREAK_ORGS, seed_ratings
from tochuc.members.models import Member
from tochuc.orgs.models import Org
from tochuc.ratings.choices import CampaignStatus, Disqualifier, PeriodKind, Rating, Stage, SubjectKind
from tochuc.ratings.models import Campaign, Entry
from tochuc.ratings.rules import RATING_ORDER, Conditions, RatingParams, leads, rank, rate
from tochuc.ratings.selectors.entries import yearly_levels
from tochuc.ratings.selectors.summary import rating_summary

TODAY = date(2026, 11, 20)
MEMBERS = 6000
YEARS = [2021, 2022, 2023, 2024, 2025]


def test_it_runs_on_the_test_tree_and_repeats_itself_for_a_seed(tree):
    def run() -> list:
        sid = transaction.savepoint()
        figures = seed_ratings(root=tree.province, today=TODAY, seed=2)
        rows = list(Entry.objects.order_by("campaign__year", "kind", "org__code", "member__full_name").values_list(
            "campaign__year", "kind", "org__code", "member__full_name", "stage", "level", "self_score"))  # fmt: skip
        transaction.savepoint_rollback(sid)
        return [figures, rows]

    first, second = run(), run()
    assert first == second
    figures, rows = first
    assert figures["campaigns"] == 6 and figures["entries"] == len(rows)
    assert {year for year, *_rest in rows} == {*YEARS, 2026}
    assert not Entry.objects.exists()  # rolled back


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """A small demo province with its cadre work and its ratings, seeded once for the module in a transaction
    rolled back at the end. Yields the figures `seed_ratings` returned."""
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with fast:
                plan = province.plan_province(seed=1, members=MEMBERS, today=TODAY)
                result = province.seed_province(plan=plan)
                seed_cadres(root=result["root"], today=TODAY, seed=1)
                figures = seed_ratings(root=result["root"], today=TODAY, seed=1)
                if connection.vendor == "postgresql":
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


def test_the_figures_add_up(demo, root):
    entries = Entry.objects.all()
    assert demo["campaigns"] == Campaign.objects.count() == 6
    assert demo["entries"] == entries.count()
    assert demo["member_entries"] == entries.filter(kind=SubjectKind.MEMBER).count()
    assert demo["org_entries"] == entries.filter(kind=SubjectKind.ORG).count()
    last = entries.filter(campaign__year=2025)
    for level in Rating.values:
        assert demo[f"last_members_{level}"] == last.filter(kind=SubjectKind.MEMBER, level=level).count()
        assert demo[f"last_orgs_{level}"] == last.filter(kind=SubjectKind.ORG, level=level).count()
    current = entries.filter(campaign__year=2026)
    assert demo["open_entries"] == current.count()
    for stage in Stage.values:
        assert demo[f"open_{stage}"] == current.filter(stage=stage).count() > 0
    event = AuditEvent.objects.get(action="demo.seed", note="Đánh giá, xếp loại")
    assert event.changes["entries"]["after"] == demo["entries"]


def test_five_closed_yearly_campaigns_and_one_in_progress(demo, root):
    campaigns = list(Campaign.objects.order_by("year"))
    assert [(c.year, c.period_kind, c.org_id) for c in campaigns] == [(y, PeriodKind.YEAR, root.pk) for y in
                                                                       [*YEARS, 2026]]  # fmt: skip
    for c in campaigns[:-1]:
        assert c.status == CampaignStatus.CLOSED and c.closed_on == date(c.year + 1, 1, 20)
        assert not Entry.objects.filter(campaign=c).exclude(stage=Stage.DECIDED).exists()
    assert campaigns[-1].status == CampaignStatus.OPEN and campaigns[-1].starts_on <= TODAY


def test_every_decision_keeps_within_the_rules(demo, root):
    params = RatingParams()
    for e in Entry.objects.filter(campaign__year__gte=2025).exclude(stage=Stage.PENDING).iterator():
        assert e.self_on is not None and e.self_on <= TODAY
        if e.appraisal_score is None:
            continue
        verdict = rate(e.appraisal_score, Conditions(
            tasks_total=e.tasks_total, tasks_done=e.tasks_done, tasks_on_time=e.tasks_on_time,
            tasks_exceeded=e.tasks_exceeded, leads=leads(e.kind, e.form),
            subordinate_disciplined=e.subordinate_disciplined, shortcomings_fixed=e.shortcomings_fixed,
            disqualifier=e.disqualifier), params=params)  # fmt: skip
        assert not verdict.warnings
        assert rank(e.appraisal_level) <= rank(verdict.level), e.pk
        if e.stage == Stage.DECIDED:
            assert rank(e.level) <= rank(e.appraisal_level) and e.decided_on >= e.appraised_on >= e.self_on
            assert e.decided_by and e.decision_no
    # before the 100-point scale: levels only
    old = Entry.objects.filter(campaign__year__lt=2025)
    assert not old.filter(self_score__isnull=False).exists() and not old.filter(tasks_total__isnull=False).exists()


def test_the_shares_are_realistic(demo, root):
    for year in YEARS:
        counts = Counter(
            Entry.objects.filter(campaign__year=year, kind=SubjectKind.MEMBER).values_list("level", flat=True)
        )
        total = sum(counts.values())
        share = {level: counts[level] / total for level in RATING_ORDER}
        assert 0.13 <= share[Rating.EXCELLENT] <= 0.21, (year, share)
        assert 0.65 <= share[Rating.GOOD] <= 0.80, (year, share)
        assert 0.05 <= share[Rating.COMPLETED] <= 0.13, (year, share)
        assert 0.003 <= share[Rating.NOT_COMPLETED] <= 0.04, (year, share)


def test_the_commendations_find_their_streaks(demo, root):
    members = set(Member.objects.values_list("pk", flat=True))
    orgs = set(Org.objects.values_list("pk", flat=True))
    levels = yearly_levels(members=members, orgs=orgs)
    five = Counter(
        kind for (kind, _id), years in levels.items() if all(years.get(y) == Rating.EXCELLENT for y in YEARS)
    )
    assert five[SubjectKind.MEMBER] >= STREAK_MEMBERS >= 40
    assert five[SubjectKind.ORG] >= STREAK_ORGS >= 10
    excellent = Counter(kind for (kind, _id), years in levels.items() if years.get(2025) == Rating.EXCELLENT)
    assert excellent[SubjectKind.MEMBER] >= 20 and excellent[SubjectKind.ORG] >= 10
    repeated = sum(1 for (kind, _id), y in levels.items()
                   if kind == SubjectKind.MEMBER and y.get(2024) == y.get(2025) == Rating.NOT_COMPLETED)  # fmt: skip
    assert repeated == demo["repeated_failures"] >= 3


def test_members_are_rated_where_they_are_and_once_a_year(demo, root):
    here = dict(Member.objects.values_list("pk", "org_id"))
    moved = 0
    for member_id, org_id, year in Entry.objects.filter(kind=SubjectKind.MEMBER).values_list(
        "member_id", "org_id", "campaign__year"
    ):
        if org_id != here[member_id]:
            moved += 1
            assert year < 2026  # before their cell was formed by the 2026 merger
    assert moved > 0
    per_year = Counter(Entry.objects.filter(kind=SubjectKind.MEMBER).values_list("member_id", "campaign__year"))
    assert max(per_year.values()) == 1
    # the orgs of the earlier years are the grassroots-level ones carried over from before 1/7/2025
    old_types = set(
        Entry.objects.filter(kind=SubjectKind.ORG, campaign__year=2024).values_list("org__org_type", flat=True)
    )
    assert old_types and "upper_grassroots_committee" not in old_types


def test_cadres_keep_their_evaluation_and_a_discipline_disqualifies(demo, root):
    evaluated = {(m, y): r for m, y, r in Evaluation.objects.filter(cadre__member__isnull=False).values_list(
        "cadre__member_id", "year", "rating")}  # fmt: skip
    levels = yearly_levels(members={m for m, _y in evaluated})
    rated = {(m, y): r for (m, y), r in evaluated.items() if y in levels.get((SubjectKind.MEMBER, m), {})}
    # (the others are not rated: retired from party life, exempted, or admitted after the year's review)
    assert rated and all(levels[(SubjectKind.MEMBER, m)][y] == r for (m, y), r in rated.items())
    for e in Entry.objects.filter(disqualifier=Disqualifier.DISCIPLINED):
        assert e.level in ("", Rating.NOT_COMPLETED)


def test_the_summary_of_the_demo_adds_up(demo, root, make_user):
    officer = make_user("cb.tinh.demo", "officer", root)
    report = rating_summary(actor=officer, org=root, years=YEARS)
    for year in YEARS:
        assert report.total.years[year].decided == Entry.objects.filter(
            campaign__year=year, kind=SubjectKind.MEMBER).count()  # fmt: skip
    by_level = defaultdict(int)
    for row in report.rows:
        for n, (level, _pct) in zip(RATING_ORDER[::-1], row.years[2025].cells(), strict=True):
            by_level[n] += level
    assert by_level[Rating.EXCELLENT] == demo["last_members_excellent"]
