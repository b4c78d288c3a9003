"""Fixtures of the quality rating on the shared tree: a yearly campaign of 2025 opened at the province, its
list (every org below the province and every member), and helpers that take an entry through its steps with
the services (actor=None, the system) so that each test starts from a known stage."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from tochuc.cadres.choices import Filling, TenureSource, Title, title_body
from tochuc.cadres.models import Cadre, Post, Tenure
from tochuc.core.models import RuleParameter
from tochuc.core.text import fold, person_sort_key
from tochuc.members.choices import Sex
from tochuc.ratings.choices import PeriodKind, Rating, SubjectKind
from tochuc.ratings.models import Entry
from tochuc.ratings.services.campaigns import DEFAULT_ORG_TYPES, campaign_open, entries_enlist
from tochuc.ratings.services.decisions import entry_decide
from tochuc.ratings.services.entries import entry_appraise, entry_self_assess

STARTS = date(2025, 11, 15)
SELF_ON = date(2025, 12, 5)
APPRAISED_ON = date(2025, 12, 12)
DECIDED_ON = date(2025, 12, 20)
# Every task done on time, 30% exceeded: the conditions of "excellent" hold; only the score decides.
ALL_MET = {"tasks_total": 10, "tasks_done": 10, "tasks_on_time": 10, "tasks_exceeded": 3}


@pytest.fixture
def campaign(tree):
    return campaign_open(
        actor=None,
        org=tree.province,
        period_kind=PeriodKind.YEAR,
        year=2025,
        starts_on=STARTS,
        self_due_on=date(2025, 12, 10),
        decision_due_on=date(2025, 12, 31),
        basis="Kế hoạch số 45-KH/TU",
    )


@pytest.fixture
def listed(campaign):
    entries_enlist(actor=None, campaign=campaign, org_types=DEFAULT_ORG_TYPES, members=True)
    return campaign


def entry_of(campaign, subject) -> Entry:
    """The entry of a member or an org in `campaign`."""
    if hasattr(subject, "full_name"):
        return Entry.objects.get(campaign=campaign, member=subject)
    return Entry.objects.get(campaign=campaign, org=subject, kind=SubjectKind.ORG)


def self_assess(entry, score, level, **extra) -> Entry:
    return entry_self_assess(
        actor=None, entry=entry, self_score=score, self_level=level, self_on=SELF_ON, **{**ALL_MET, **extra}
    )


def appraise(entry, level, score=None, **extra) -> Entry:
    return entry_appraise(
        actor=None, entry=entry, appraisal_score=score, appraisal_level=level, appraised_on=APPRAISED_ON, **extra
    )


def decide(entry, level, actor=None, **extra):
    return entry_decide(actor=actor, entry=entry, level=level, decided_on=DECIDED_ON, **extra)


def rated(entry, level, score=None, actor=None):
    """Self-assessed, appraised and decided at `level` with a score that allows it."""
    score = score if score is not None else {Rating.EXCELLENT: 95, Rating.GOOD: 80, Rating.COMPLETED: 60,
                                             Rating.NOT_COMPLETED: 40}[level]  # fmt: skip
    self_assess(entry, score, level)
    appraise(entry, level)
    return decide(entry, level, actor=actor)


@pytest.fixture
def steps():
    return SimpleNamespace(
        entry_of=entry_of, self_assess=self_assess, appraise=appraise, decide=decide, rated=rated,
        starts=STARTS, self_on=SELF_ON, appraised_on=APPRAISED_ON, decided_on=DECIDED_ON, all_met=ALL_MET,
    )  # fmt: skip


@pytest.fixture
def block_quota(db):
    """Switch the quota on "excellent" from warning to blocking (the rule table's `rating.excellent_quota_mode`)."""
    RuleParameter.objects.filter(key="rating.excellent_quota_mode").update(value="block")


@pytest.fixture
def make_leader(db):
    """make_leader(member, org, title=Title.SECRETARY) -> Tenure: the member holds a post in cadre work."""

    def make(member, org, title: str = Title.SECRETARY) -> Tenure:
        cadre = Cadre.objects.create(
            org=org, full_name=member.full_name, name_folded=fold(member.full_name),
            sort_key=person_sort_key(member.full_name), sex=member.sex or Sex.MALE, birth_date=member.birth_date,
            member=member,
        )  # fmt: skip
        post = Post.objects.create(
            org=org, title=title, body=title_body(title), name=f"{Title(title).label} {org.name}",
            name_folded=fold(org.name), seats=1, filling=Filling.ELECTED,
        )  # fmt: skip
        return Tenure.objects.create(cadre=cadre, post=post, started_on=date(2025, 8, 1), source=TenureSource.ELECTED)

    return make
