"""The commendations demo on the data the other demos write, in the order `seed_demo` runs them: the ratings
demo's decided years choose the recipients, the proposals demo's year-end conference presents the province's
awards, and every award keeps the rules the services apply."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import transaction
from django.test import override_settings

from tochuc.awards.choices import NomineeStatus, PeriodType, RecipientKind
from tochuc.awards.models import Decision, Nominee
from tochuc.awards.selectors.eligibility import levels_for
from tochuc.awards.services.decisions import decidable_by
from tochuc.demo import province
from tochuc.demo.awards import seed_awards
from tochuc.demo.proposals import seed_proposals
from tochuc.demo.ratings import seed_ratings
from tochuc.proposals.choices import ConferenceKind
from tochuc.proposals.models import Conference

TODAY = date(2026, 11, 20)
MEMBERS = 1500


@pytest.fixture(scope="module")
def chain(django_db_setup, django_db_blocker):
    """A small demo province with its ratings, proposals and commendations seeded in `seed_demo`'s order once
    for the module, rolled back at the end. Yields the figures of `seed_awards`."""
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with fast:
                root = province.seed_province(plan=province.plan_province(seed=1, members=MEMBERS, today=TODAY))["root"]
                seed_ratings(root=root, today=TODAY, seed=1)
                seed_proposals(root=root, today=TODAY, seed=1)
                figures = seed_awards(root=root, today=TODAY, seed=1)
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield figures
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


def test_the_recipients_come_from_the_ratings_demo(chain, db):
    assert chain["from_ratings"] == 1 and chain["year"] == 2025
    assert chain["province_orgs"] == 10 and chain["province_people"] == 20
    assert chain["five_year"] > 0


def test_the_province_awards_are_presented_at_the_proposals_demos_year_end_conference(chain, db):
    conference = Conference.objects.get(org__depth=0, kind=ConferenceKind.REVIEW, held_on__year=2026,
                                        held_on__month=1)  # fmt: skip
    assert chain["conference"] == 1
    decisions = Decision.objects.filter(org__depth=0)
    assert {d.period_type for d in decisions} == {PeriodType.ANNUAL, PeriodType.FIVE_YEAR}
    for d in decisions:
        assert d.conference == conference and d.signed_on <= conference.held_on


def test_every_nomination_rests_on_the_ratings_demos_decided_levels(chain, db):
    nominees = list(Nominee.objects.select_related("decision", "decision__org", "proposing_org"))
    levels = levels_for(
        members=[n.member_id for n in nominees if n.member_id],
        orgs=[n.recipient_org_id for n in nominees if n.recipient_org_id],
        years=range(2021, 2026),
    )
    for n in nominees:
        key = (RecipientKind.MEMBER, n.member_id) if n.member_id else (RecipientKind.ORG, n.recipient_org_id)
        years = range(n.year_from, n.year_to + 1)
        if n.status == NomineeStatus.REJECTED:
            assert levels[key][n.year_to] == "good", n
            continue
        assert all(levels[key].get(y) == "excellent" for y in years), n
        if n.decision is not None:
            assert decidable_by(n.decision.org, n) and n.proposed_on <= n.reviewed_on <= n.decision.signed_on
