"""How commendations read the ratings (`selectors.eligibility`): the decided level of a yearly campaign, the
latest decision winning when several campaigns decided the same year; appraised-only entries and quarterly
campaigns do not count; one query serves a whole list."""

from __future__ import annotations

from datetime import date

from tochuc.awards.selectors.eligibility import levels_for
from tochuc.ratings.choices import Form, PeriodKind, Stage, SubjectKind
from tochuc.ratings.models import Campaign, Entry


def test_the_decided_level_of_each_year_is_read_for_members_and_orgs(tree, rate):
    a, b = tree.members["44.DH.01"][:2]
    rate(a, 2024, "good")
    rate(a, 2025)
    rate(tree.dh1, 2025, "completed")
    found = levels_for(members=[a.pk, b.pk], orgs=[tree.dh1.pk], years=[2024, 2025])
    assert found == {("member", a.pk): {2024: "good", 2025: "excellent"}, ("org", tree.dh1.pk): {2025: "completed"}}


def test_the_latest_decision_of_a_year_wins(tree, rate):
    a = tree.members["44.DH.01"][0]
    rate(a, 2025, "excellent", decided_on=date(2026, 1, 15), campaign_org=tree.dh)
    rate(a, 2025, "good", decided_on=date(2025, 12, 20))
    assert levels_for(members=[a.pk], years=[2025]) == {("member", a.pk): {2025: "excellent"}}
    rate(a, 2025, "completed", decided_on=date(2026, 2, 1), campaign_org=tree.dh1)
    assert levels_for(members=[a.pk], years=[2025]) == {("member", a.pk): {2025: "completed"}}


def test_undecided_entries_and_other_periods_do_not_count(tree):
    a = tree.members["44.DH.01"][0]
    yearly = Campaign.objects.create(org=tree.province, title="Năm 2025", period_kind=PeriodKind.YEAR, year=2025,
                                     starts_on=date(2025, 11, 15))  # fmt: skip
    Entry.objects.create(campaign=yearly, kind=SubjectKind.MEMBER, org=a.org, member=a, form=Form.F2B,
                         stage=Stage.APPRAISED, appraisal_level="excellent")  # fmt: skip
    quarter = Campaign.objects.create(org=tree.province, title="Quý IV/2025", period_kind=PeriodKind.QUARTER,
                                      year=2025, quarter=4, starts_on=date(2025, 12, 1))  # fmt: skip
    Entry.objects.create(campaign=quarter, kind=SubjectKind.MEMBER, org=a.org, member=a, form=Form.F2B,
                         stage=Stage.DECIDED, level="excellent", decided_on=date(2025, 12, 30))  # fmt: skip
    assert levels_for(members=[a.pk], years=[2025]) == {}


def test_a_member_entry_is_not_read_as_its_orgs_rating(tree, rate):
    a = tree.members["44.DH.01"][0]
    rate(a, 2025)
    assert levels_for(orgs=[tree.dh1.pk], years=[2025]) == {}


def test_one_query_reads_a_whole_list(tree, rate, django_assert_num_queries):
    members = [m for ms in tree.members.values() for m in ms]
    for m in members:
        rate(m, 2025)
    with django_assert_num_queries(1):
        found = levels_for(members=[m.pk for m in members], orgs=[tree.dh.pk, tree.lb.pk], years=range(2021, 2026))
    assert len(found) == len(members)
