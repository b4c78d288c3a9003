"""Commendations read exactly what the ratings services write: a level decided through
`ratings.services` (campaign opened, listed, self-assessed, appraised, decided) for members and for orgs, a
decision reopened no longer counts, a campaign of another period or of another subtree's year is read as it
should be, and a level changed after the review stops the decision once the rule is confirmed."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from tochuc.awards.models import Decision, Nominee
from tochuc.awards.selectors.eligibility import levels_for
from tochuc.awards.selectors.nominees import batch_candidates
from tochuc.awards.services.decisions import decision_create
from tochuc.awards.services.nominees import nominee_propose, nominee_review
from tochuc.ratings.choices import PeriodKind, Rating, Stage
from tochuc.ratings.models import Entry
from tochuc.ratings.services.campaigns import DEFAULT_ORG_TYPES, campaign_open, entries_enlist
from tochuc.ratings.services.decisions import entry_decide, entry_reopen
from tochuc.ratings.services.entries import entry_appraise, entry_self_assess

ALL_MET = {"tasks_total": 10, "tasks_done": 10, "tasks_on_time": 10, "tasks_exceeded": 3}
SCORES = {Rating.EXCELLENT: 95, Rating.GOOD: 80, Rating.COMPLETED: 60, Rating.NOT_COMPLETED: 40}


def _campaign(org, year: int, period_kind: str = PeriodKind.YEAR, **kw):
    campaign = campaign_open(actor=None, org=org, period_kind=period_kind, year=year, starts_on=date(year, 11, 15),
                             today=date(2026, 1, 5), **kw)  # fmt: skip
    entries_enlist(actor=None, campaign=campaign, org_types=DEFAULT_ORG_TYPES, members=True)
    return campaign


def _rated(campaign, subject, level: str, decided_on: date | None = None) -> Entry:
    """The subject's entry taken through every step of the ratings services to a decided `level`."""
    year = campaign.year
    is_member = hasattr(subject, "full_name")
    entry = (Entry.objects.get(campaign=campaign, member=subject) if is_member
             else Entry.objects.get(campaign=campaign, org=subject, kind="org"))  # fmt: skip
    today = date(2026, 1, 5)
    entry_self_assess(actor=None, entry=entry, self_score=SCORES[level], self_level=level,
                      self_on=date(year, 12, 1), today=today, **ALL_MET)  # fmt: skip
    entry_appraise(actor=None, entry=entry, appraisal_level=level, appraised_on=date(year, 12, 10), today=today)
    entry_decide(actor=None, entry=entry, level=level, decided_on=decided_on or date(year, 12, 20), today=today)
    entry.refresh_from_db()
    assert entry.stage == Stage.DECIDED
    return entry


@pytest.fixture
def year_2025(tree):
    return _campaign(tree.province, 2025)


def test_levels_decided_through_the_ratings_services_are_read_for_members_and_orgs(tree, year_2025):
    a, b, c = tree.members["44.DH.01"]
    _rated(year_2025, a, Rating.EXCELLENT)
    _rated(year_2025, b, Rating.GOOD)
    _rated(year_2025, tree.dh1, Rating.EXCELLENT)
    _rated(year_2025, tree.dh, Rating.COMPLETED)
    found = levels_for(members=[a.pk, b.pk, c.pk], orgs=[tree.dh1.pk, tree.dh.pk, tree.dh2.pk], years=[2025])
    assert found == {
        ("member", a.pk): {2025: "excellent"},
        ("member", b.pk): {2025: "good"},
        ("org", tree.dh1.pk): {2025: "excellent"},
        ("org", tree.dh.pk): {2025: "completed"},
    }


def test_a_reopened_rating_no_longer_counts(tree, year_2025):
    a = tree.members["44.DH.01"][0]
    entry = _rated(year_2025, a, Rating.EXCELLENT)
    entry_reopen(actor=None, entry=entry, reason="Xem xét lại theo kết luận kiểm tra")
    assert levels_for(members=[a.pk], years=[2025]) == {}


def test_the_batch_lists_those_the_ratings_services_decided_excellent(tree, year_2025, commune_officer):
    a, b, _c = tree.members["44.DH.01"]
    _rated(year_2025, a, Rating.EXCELLENT)
    _rated(year_2025, b, Rating.GOOD)
    _rated(year_2025, tree.dh1, Rating.EXCELLENT)
    _rated(year_2025, tree.dh2, Rating.GOOD)
    people = batch_candidates(actor=commune_officer, org=tree.dh, kind="member", form="commendation",
                              period_type="annual", year_to=2025, on=date(2026, 1, 10))  # fmt: skip
    assert [m.pk for m in people] == [a.pk]
    orgs = batch_candidates(actor=commune_officer, org=tree.dh, kind="org", form="commendation",
                            period_type="annual", year_to=2025, on=date(2026, 1, 10))  # fmt: skip
    assert [o.pk for o in orgs] == [tree.dh1.pk]


def test_a_quarterly_or_term_campaign_of_the_same_year_does_not_count(tree, year_2025):
    a = tree.members["44.DH.01"][0]
    quarter = _campaign(tree.province, 2025, PeriodKind.QUARTER, quarter=4)
    _rated(quarter, a, Rating.EXCELLENT, decided_on=date(2025, 12, 28))
    _rated(year_2025, a, Rating.GOOD)
    assert levels_for(members=[a.pk], years=[2025]) == {("member", a.pk): {2025: "good"}}


def test_campaigns_of_two_subtrees_in_one_year_are_both_read(tree):
    dh = _campaign(tree.dh, 2025)
    lb = _campaign(tree.lb, 2025)
    a = tree.members["44.DH.01"][0]
    z = tree.members["44.LB.01"][0]
    _rated(dh, a, Rating.EXCELLENT)
    _rated(lb, z, Rating.EXCELLENT)
    _rated(dh, tree.dh1, Rating.EXCELLENT)
    found = levels_for(members=[a.pk, z.pk], orgs=[tree.dh1.pk], years=[2025])
    assert found == {
        ("member", a.pk): {2025: "excellent"},
        ("member", z.pk): {2025: "excellent"},
        ("org", tree.dh1.pk): {2025: "excellent"},
    }


def test_a_rating_reopened_and_lowered_after_the_review_stops_the_decision(
    tree, year_2025, commune_officer, province_officer, confirm, refused
):
    confirm("award.min_rating")
    a, b = tree.members["44.DH.01"][:2]
    entry = _rated(year_2025, a, Rating.EXCELLENT)
    _rated(year_2025, b, Rating.EXCELLENT)
    terms = {"form": "merit", "period_type": "annual", "year_to": 2025, "proposed_on": date(2026, 1, 10)}
    nominees = [
        nominee_propose(actor=commune_officer, proposing_org=tree.dh, kind="member", member=m, **terms) for m in (a, b)
    ]
    for n in nominees:
        nominee_review(actor=province_officer, nominee=n, accept=True, reviewed_on=date(2026, 1, 12))
    # The rating is reconsidered after the review: reopened and decided "good".
    entry_reopen(actor=None, entry=entry, reason="Xem xét lại theo kết luận kiểm tra")
    entry.refresh_from_db()
    entry_decide(actor=None, entry=entry, level=Rating.GOOD, decided_on=date(2026, 1, 13), today=date(2026, 1, 13))
    with refused(field="nominees") as info:
        decision_create(actor=province_officer, org=tree.province, nominees=nominees, number="1520-QĐ/TU",
                        signed_on=date(2026, 1, 20), signer_name="Lê Ngọc Quang", signer_title="Bí thư",
                        form="merit", period_type="annual", title="", year_to=2025)  # fmt: skip
    assert a.full_name in info.value.message and "hoàn thành tốt nhiệm vụ" in info.value.message.lower()
    assert not Decision.objects.exists()
    assert set(Nominee.objects.values_list("status", flat=True)) == {"accepted"}


def test_the_decide_page_shows_a_lowered_rating_and_leaves_it_unticked(
    client, tree, year_2025, commune_officer, province_officer, confirm
):
    confirm("award.min_rating")
    a, b = tree.members["44.DH.01"][:2]
    entry = _rated(year_2025, a, Rating.EXCELLENT)
    _rated(year_2025, b, Rating.EXCELLENT)
    terms = {"form": "merit", "period_type": "annual", "year_to": 2025, "proposed_on": date(2026, 1, 10)}
    lowered, kept = (
        nominee_propose(actor=commune_officer, proposing_org=tree.dh, kind="member", member=m, **terms) for m in (a, b)
    )
    for n in (lowered, kept):
        nominee_review(actor=province_officer, nominee=n, accept=True, reviewed_on=date(2026, 1, 12))
    entry_reopen(actor=None, entry=entry, reason="Xem xét lại theo kết luận kiểm tra")
    entry.refresh_from_db()
    entry_decide(actor=None, entry=entry, level=Rating.GOOD, decided_on=date(2026, 1, 13), today=date(2026, 1, 13))
    client.force_login(province_officer)
    page = client.get(
        reverse("awards:decide"), {"org": tree.province.code, "form": "merit", "period_type": "annual", "year_to": 2025}
    )
    assert page.status_code == 200
    rows = {n.pk: (ticked, verdict) for n, ticked, verdict in page.context["candidates"]}
    assert rows[kept.pk][0] and rows[kept.pk][1].ok
    assert not rows[lowered.pk][0] and not rows[lowered.pk][1].ok
    assert "Năm 2025 xếp loại hoàn thành tốt nhiệm vụ." in page.content.decode()
