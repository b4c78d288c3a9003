"""The demo's appraisals and recommendations (`demo.proposals.seed_proposals`): on a small demo province the
figures add up, every state is there, and every invariant the services keep holds (dates in order and never
after today, reviewers who may review, one lead, the year-end conference the awards demo links to); on the
shared test tree it runs and gives the same records for a seed."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from django.db import transaction
from django.db.models import F
from django.test import override_settings

from tochuc.accounts.models import User
from tochuc.core.models import AuditEvent
from tochuc.demo import province
from tochuc.demo.proposals import YEAR_END_ON, YEAR_END_TITLE, seed_proposals
from tochuc.orgs.models import Org, Sector
from tochuc.proposals.choices import ConferenceKind, ProposalStatus, RecommendationStatus
from tochuc.proposals.models import Comment, Conference, Proposal, Recommendation, Reviewer, Revision
from tochuc.proposals.selectors.recommendations import recommendation_board
from tochuc.proposals.services.proposals import reviewer_eligible
from tochuc.proposals.services.recommendations import recommendation_answer

TODAY = date(2026, 11, 20)
MEMBERS = 1500
P, S = ProposalStatus, RecommendationStatus


def test_it_runs_on_the_test_tree_and_repeats_itself_for_a_seed(tree, province_officer, commune_officer):
    def run() -> list:
        sid = transaction.savepoint()
        figures = seed_proposals(root=tree.province, today=TODAY, seed=2)
        rows = list(Proposal.objects.order_by("title").values_list("org__code", "title", "status", "received_on"))
        recs = list(
            Recommendation.objects.order_by("conference__held_on", "number").values_list(
                "raised_by__code", "topic", "status", "due_on", "answered_on"
            )
        )
        transaction.savepoint_rollback(sid)
        return [figures, rows, recs]

    first, second = run(), run()
    assert first == second
    figures, rows, recs = first
    assert figures["proposals"] == len(rows) == 15 and figures["recommendations"] == len(recs) > 25
    assert {code for code, *_rest in rows} == {"44", "44.DH", "44.LB"}
    assert not Proposal.objects.exists()  # rolled back


def test_an_earlier_date_holds_nothing_in_the_future(tree, province_officer):
    today = date(2025, 12, 1)
    seed_proposals(root=tree.province, today=today, seed=3)
    assert Proposal.objects.exists()
    assert not Conference.objects.exists()  # the year-end conference of January 2026 has not been held
    assert not Proposal.objects.filter(received_on__gt=today).exists()
    assert not Comment.objects.filter(on__gt=today).exists()
    assert not Proposal.objects.filter(concluded_on__gt=today).exists()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """A small demo province seeded once for the module with its appraisals and recommendations, in a
    transaction rolled back at the end. Yields the figures `seed_proposals` returned."""
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with fast:
                plan = province.plan_province(seed=1, members=MEMBERS, today=TODAY)
                result = province.seed_province(plan=plan)
                figures = seed_proposals(root=result["root"], today=TODAY, seed=1)
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
    proposals = Proposal.objects.all()
    opened = [P.SUBMITTED, P.IN_REVIEW, P.REVISING]
    assert demo["proposals"] == proposals.count() == 15
    assert demo["proposals_open"] == proposals.filter(status__in=opened).count()
    assert demo["proposals_overdue"] == proposals.filter(status__in=opened, due_on__lt=TODAY).count() >= 2
    assert demo["concluded"] == proposals.filter(status=P.CONCLUDED).count()
    assert demo["reviewers"] == Reviewer.objects.count() and demo["comments"] == Comment.objects.count()
    recs = Recommendation.objects.all()
    assert demo["conferences"] == Conference.objects.count() == 3
    assert demo["recommendations"] == recs.count()
    assert demo["recommendations_overdue"] == recs.filter(status=S.ASSIGNED, due_on__lt=TODAY).count() >= 5
    assert demo["answered_late"] == recs.filter(answered_on__gt=F("due_on")).count() > 0
    assert demo["reopened"] == recs.filter(reopened_on__isnull=False).count() > 0
    event = AuditEvent.objects.get(action="demo.seed", note="Đề án, kiến nghị")
    assert event.changes["recommendations"]["after"] == demo["recommendations"]


def test_every_state_of_an_appraisal_is_shown(demo, root):
    statuses = Counter(Proposal.objects.values_list("status", flat=True))
    assert set(statuses) == set(P.values)
    by_org = Counter(Proposal.objects.values_list("org__code", flat=True))
    assert by_org.pop("44") == 11 and by_org.pop(f"44.{province.DONG_HA}") == 3
    assert list(by_org.values()) == [1]  # and a mountain commune of the western border
    assert Org.objects.get(code=next(iter(by_org))).name == "Đảng bộ xã Lao Bảo"
    assert set(Proposal.objects.filter(status=P.CONCLUDED).values_list("conclusion", flat=True)) == {
        "approve",
        "approve_changes",
        "not_approved",
    }
    assert Proposal.objects.filter(concluded_on__gt=F("due_on")).exists()  # one concluded late
    assert Revision.objects.filter(number=2).exists()


def test_the_reviewers_are_the_demo_officers_and_may_review(demo, root):
    reviewers = Reviewer.objects.select_related("proposal__org", "user__org")
    assert {r.user.username for r in reviewers} == {"tinh", "lanhdao", "baove", "xa"}
    for r in reviewers:
        assert reviewer_eligible(actor=None, proposal=r.proposal, user=r.user) is None
        assert r.proposal.received_on <= r.assigned_on <= r.due_on <= r.proposal.due_on
        if r.done_on:
            assert Comment.objects.filter(proposal=r.proposal, author=r.user, final=True, on=r.done_on).exists()
    leads = Counter(r.proposal_id for r in reviewers if r.lead)
    assigned = {r.proposal_id for r in reviewers}
    assert set(leads) == assigned and set(leads.values()) == {1}
    assert Proposal.objects.filter(pk__in=assigned, status=P.SUBMITTED).count() == 0
    late = [r for r in reviewers if r.done_on is None and r.due_on < TODAY and r.proposal.status == P.IN_REVIEW]
    assert late  # some reviewers are past their deadline


def test_the_dates_of_every_appraisal_are_in_order(demo, root):
    for c in Comment.objects.select_related("revision", "proposal"):
        assert c.revision.received_on <= c.on <= TODAY
        assert c.revision.proposal_id == c.proposal_id
    for rev in Revision.objects.select_related("proposal"):
        assert rev.proposal.received_on <= rev.received_on <= TODAY
        if rev.changes_requested_on:
            assert rev.received_on <= rev.changes_requested_on <= TODAY
    for p in Proposal.objects.filter(status=P.CONCLUDED):
        assert p.received_on <= p.concluded_on <= TODAY and p.conclusion_text and p.concluded_by_id
    assert Proposal.objects.filter(status=P.REVISING).first().revisions.get().changes_requested


def test_the_year_end_conference_is_the_one_the_awards_link_to(demo, root):
    latest = (
        Conference.objects.filter(org=root, kind=ConferenceKind.REVIEW, held_on__year=2026, held_on__month=1)
        .order_by("-held_on", "-pk")
        .first()
    )
    assert (latest.title, latest.held_on) == (YEAR_END_TITLE, YEAR_END_ON)
    recs = latest.recommendations.select_related("raised_by")
    assert 25 <= recs.count() <= 40
    assert set(recs.values_list("status", flat=True)) == set(S.values)
    assert sorted(recs.values_list("number", flat=True)) == list(range(1, recs.count() + 1))
    communes = set(Org.objects.filter(parent=root, sector=Sector.COMMUNE).values_list("pk", flat=True))
    assert {r.raised_by_id for r in recs} <= communes and len({r.raised_by_id for r in recs}) > 10
    assert len({r.topic for r in recs}) >= 5


def test_every_recommendation_keeps_its_dates_in_order(demo, root):
    for r in Recommendation.objects.select_related("conference", "raised_by", "conference__org"):
        assert r.raised_by.path.startswith(r.conference.org.path)
        assert r.conference.held_on <= TODAY
        if r.status != S.OPEN:
            assert r.conference.held_on <= r.assigned_on <= TODAY and r.assigned_on <= r.due_on and r.assigned_to
        if r.answered_on:
            assert r.assigned_on <= r.answered_on <= TODAY and r.answer
        if r.closed_on:
            assert r.answered_on <= r.closed_on <= TODAY
        if r.reopened_on:
            assert r.status == S.ASSIGNED and r.reopen_reason and r.reopened_on <= TODAY
    local = Conference.objects.exclude(org=root)
    assert local.count() == 2 and all(c.recommendations.exists() for c in local)


def test_the_demo_is_usable_by_the_demo_officers(demo, root):
    tinh = User.objects.get(username="tinh")
    board = recommendation_board(actor=tinh, today=TODAY)
    assert board.totals.total == Recommendation.objects.count()
    assert board.totals.overdue == demo["recommendations_overdue"]
    overdue = Recommendation.objects.filter(status=S.ASSIGNED, due_on__lt=TODAY, conference__org=root).first()
    recommendation_answer(actor=tinh, recommendation=overdue, answer="Đã trả lời", answered_on=overdue.due_on)
    xa = User.objects.get(username="xa")
    assert recommendation_board(actor=xa, today=TODAY).root.code == f"44.{province.DONG_HA}"


def test_dong_ha_finds_its_own_recommendations_at_the_provinces_conference(demo, root):
    from tochuc.proposals.selectors.recommendations import recommendation_list

    xa = User.objects.get(username="xa")
    year_end = Conference.objects.get(org=root, title=YEAR_END_TITLE)
    seen = list(recommendation_list(actor=xa, conference=year_end, today=TODAY))
    assert len(seen) >= 2 and {r.raised_by.path[: len(xa.org.path)] for r in seen} == {xa.org.path}
    assert year_end.recommendations.exclude(raised_by__path__startswith=xa.org.path).exists()  # not shown to xa
