"""Campaigns: opened for a period by an org in scope (one per period over a subtree; ad hoc ones may overlap),
their subjects listed in bulk and idempotently with the default form, closed only once decided (or forced with
a reason), reopened; a closed campaign takes no writes."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from tochuc.members.models import Member
from tochuc.orgs.services import org_merge
from tochuc.ratings.choices import CampaignStatus, Form, PeriodKind, Rating, SubjectKind
from tochuc.ratings.models import Campaign, Entry
from tochuc.ratings.services.campaigns import (
    DEFAULT_ORG_TYPES,
    campaign_close,
    campaign_open,
    campaign_reopen,
    campaign_update,
    entries_enlist,
)
from tochuc.ratings.services.entries import entry_remove

OPEN = {"period_kind": PeriodKind.YEAR, "year": 2026, "starts_on": date(2026, 11, 1)}


def test_an_officer_opens_a_campaign_in_scope(tree, commune_officer, audit_watch):
    watch = audit_watch()
    c = campaign_open(actor=commune_officer, org=tree.dh, **OPEN, self_due_on=date(2026, 12, 10))
    assert c.title == "Kiểm điểm, đánh giá, xếp loại chất lượng năm 2026"
    assert c.status == CampaignStatus.OPEN
    (event,) = watch.events()
    assert event.action == "rating.campaign_open" and event.note == "năm 2026"


def test_opening_keeps_its_boundaries(tree, commune_officer, viewer, nothing_written):
    with nothing_written():
        with pytest.raises(Http404):
            campaign_open(actor=commune_officer, org=tree.province, **OPEN)
        with pytest.raises(PermissionDenied):
            campaign_open(actor=viewer, org=tree.dh, **OPEN)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"period_kind": PeriodKind.QUARTER}, "quarter"),
        ({"period_kind": PeriodKind.QUARTER, "quarter": 5}, "quarter"),
        ({"quarter": 2}, "quarter"),
        ({"period_kind": PeriodKind.TERM, "term": "2025"}, "term"),
        ({"period_kind": PeriodKind.TERM, "term": "2025-2031"}, "term"),
        ({"self_due_on": date(2026, 10, 1)}, "self_due_on"),
        ({"self_due_on": date(2026, 12, 10), "decision_due_on": date(2026, 12, 1)}, "decision_due_on"),
        ({"starts_on": None}, "starts_on"),
    ],
)
def test_periods_and_dates_are_checked(tree, refused, changes, field):
    with refused(field=field):
        campaign_open(actor=None, org=tree.dh, **{**OPEN, **changes})


def test_quarters_and_terms_are_opened(tree):
    q = campaign_open(actor=None, org=tree.dh, period_kind=PeriodKind.QUARTER, year=2026, quarter=3,
                      starts_on=date(2026, 10, 1))  # fmt: skip
    t = campaign_open(actor=None, org=tree.dh, period_kind=PeriodKind.TERM, year=2025, term="2020-2025",
                      starts_on=date(2025, 6, 1))  # fmt: skip
    assert (q.quarter, t.term) == (3, "2020-2025")
    assert q.title.endswith("quý III/2026")


def test_one_campaign_per_period_over_a_subtree(tree, refused):
    campaign_open(actor=None, org=tree.province, **OPEN)
    with refused(field="year") as info:
        campaign_open(actor=None, org=tree.dh, **OPEN)
    assert "Đảng bộ tỉnh Quảng Trị" in info.value.message
    campaign_open(actor=None, org=tree.dh, **{**OPEN, "year": 2025})
    campaign_open(actor=None, org=tree.dh, **{**OPEN, "period_kind": PeriodKind.ADHOC})
    campaign_open(actor=None, org=tree.dh, **{**OPEN, "period_kind": PeriodKind.ADHOC})
    assert Campaign.objects.count() == 4


def test_listing_is_idempotent_and_picks_the_form(tree, campaign, make_leader, make_member):
    leader = tree.members["44.DH.01"][0]
    make_leader(leader, tree.dh1)
    Member.objects.filter(pk=tree.members["44.DH.02"][0].pk).update(occupation="civil_servant")
    exempted = make_member(org=tree.lb1, full_name="Hồ Văn Miễn")
    Member.objects.filter(pk=exempted.pk).update(exempted=True)
    first = entries_enlist(actor=None, campaign=campaign, org_types=DEFAULT_ORG_TYPES, members=True)
    assert (first.orgs, first.members) == (8, 15)  # two communes, five cells, a committee; 15 members
    again = entries_enlist(actor=None, campaign=campaign, org_types=DEFAULT_ORG_TYPES, members=True)
    assert (again.orgs, again.members) == (0, 0)
    forms = dict(Entry.objects.filter(campaign=campaign, kind=SubjectKind.MEMBER).values_list("member_id", "form"))
    assert forms[leader.pk] == Form.F2A
    assert forms[tree.members["44.DH.02"][0].pk] == Form.F2B
    assert forms[tree.members["44.LB.01"][0].pk] == Form.F2C
    assert exempted.pk not in forms
    assert not Entry.objects.filter(campaign=campaign, org=tree.province).exists()  # rated by the level above
    assert set(Entry.objects.filter(kind=SubjectKind.ORG).values_list("form", flat=True)) == {Form.F01}
    newcomer = make_member(org=tree.dh2, full_name="Võ Văn Mới")
    later = entries_enlist(actor=None, campaign=campaign, members=True, include_exempted=True)
    assert later.members == 2  # the newcomer and the exempted member now asked for
    assert Entry.objects.filter(campaign=campaign, member=newcomer, org=tree.dh2).exists()


def test_a_commune_lists_its_own_subtree_in_the_province_campaign(tree, campaign, commune_officer, refused):
    result = entries_enlist(actor=commune_officer, campaign=campaign, under=tree.dh, members=True)
    assert result.members == 9
    assert not Entry.objects.filter(org__path__startswith=tree.lb.path).exists()
    with pytest.raises(Http404):
        entries_enlist(actor=commune_officer, campaign=campaign, under=tree.lb, members=True)
    with refused(field="org_types"):
        entries_enlist(actor=commune_officer, campaign=campaign, under=tree.dh)


def test_a_member_rated_elsewhere_in_the_period_is_not_listed_twice(tree, make_member):
    a = campaign_open(actor=None, org=tree.dh, **OPEN)
    b = campaign_open(actor=None, org=tree.lb, **OPEN)
    entries_enlist(actor=None, campaign=a, members=True)
    mover = tree.members["44.DH.01"][0]
    Member.objects.filter(pk=mover.pk).update(org=tree.lb1)  # moved after being listed in Đông Hà
    result = entries_enlist(actor=None, campaign=b, members=True)
    assert (result.members, result.elsewhere) == (6, 1)


def test_closing_waits_for_every_decision_unless_forced(tree, listed, steps, refused, audit_watch):
    with refused(field="force"):
        campaign_close(actor=None, campaign=listed, closed_on=date(2026, 1, 10))
    with refused(field="reason"):
        campaign_close(actor=None, campaign=listed, closed_on=date(2026, 1, 10), force=True)
    watch = audit_watch()
    campaign_close(actor=None, campaign=listed, closed_on=date(2026, 1, 10), force=True, reason="Đảng viên đi xa")
    listed.refresh_from_db()
    assert (listed.status, listed.close_note) == (CampaignStatus.CLOSED, "Đảng viên đi xa")
    assert "Kết thúc khi còn 23 trường hợp chưa xếp loại" in watch.events()[0].note
    entry = steps.entry_of(listed, tree.members["44.DH.01"][0])
    with refused(field=None):
        steps.self_assess(entry, 80, Rating.GOOD)
    campaign_reopen(actor=None, campaign=listed, reason="Bổ sung kết quả còn thiếu")
    steps.self_assess(entry, 80, Rating.GOOD)


def test_a_campaign_closes_once_all_are_decided(tree, campaign, steps):
    entries_enlist(actor=None, campaign=campaign, under=tree.dh1, members=True)
    for m in tree.members["44.DH.01"]:
        steps.rated(steps.entry_of(campaign, m), Rating.GOOD)
    campaign_close(actor=None, campaign=campaign, closed_on=date(2026, 1, 5))
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.CLOSED and campaign.close_note == ""


def test_dates_are_edited_but_not_after_the_first_self_assessment(tree, listed, steps, refused):
    steps.self_assess(steps.entry_of(listed, tree.members["44.DH.01"][0]), 80, Rating.GOOD)
    campaign_update(actor=None, campaign=listed, title="Đánh giá năm 2025", starts_on=date(2025, 11, 20))
    listed.refresh_from_db()
    assert listed.title == "Đánh giá năm 2025"
    with refused(field="starts_on"):
        campaign_update(actor=None, campaign=listed, title="", starts_on=date(2025, 12, 6))


def test_a_subject_not_yet_assessed_is_taken_off_with_a_reason(tree, listed, steps, refused, audit_watch):
    entry = steps.entry_of(listed, tree.members["44.DH.01"][0])
    with refused(field="reason"):
        entry_remove(actor=None, entry=entry, reason="")
    watch = audit_watch()
    entry_remove(actor=None, entry=entry, reason="Chuyển sinh hoạt đảng đi tỉnh khác")
    assert not Entry.objects.filter(pk=entry.pk).exists()
    assert watch.events()[0].action == "rating.unlist"
    other = steps.entry_of(listed, tree.members["44.DH.01"][1])
    steps.self_assess(other, 80, Rating.GOOD)
    with refused(field=None):
        entry_remove(actor=None, entry=other, reason="Nhầm")


def test_the_campaign_pages_keep_their_boundaries(client, tree, listed, viewer, outsider, commune_officer):
    mine = campaign_open(actor=None, org=tree.dh, **OPEN)
    posts = [
        (reverse("ratings:campaign_create"), {"org": "44.DH", "period_kind": "adhoc", "year": "2026",
                                             "starts_on": "01/11/2026"}),
        (reverse("ratings:campaign_edit", args=[mine.pk]), {"title": "X", "starts_on": "01/11/2026"}),
        (reverse("ratings:enlist", args=[mine.pk]), {"members": "on"}),
        (reverse("ratings:close", args=[mine.pk]), {"closed_on": "20/11/2026", "force": "on", "reason": "x"}),
        (reverse("ratings:campaign_reopen", args=[mine.pk]), {"reason": "x"}),
    ]  # fmt: skip
    for url, data in posts[1:]:
        client.force_login(outsider)
        assert client.post(url, data).status_code == 404, url
    for url, data in posts:
        client.force_login(viewer)
        assert client.post(url, data).status_code == 403, url
    assert Campaign.objects.count() == 2 and not Entry.objects.filter(campaign=mine).exists()
    client.force_login(commune_officer)
    response = client.post(posts[0][0], posts[0][1])
    assert response.status_code == 302
    created = Campaign.objects.latest("id")
    assert response.url == reverse("ratings:enlist", args=[created.pk])
    response = client.post(
        reverse("ratings:enlist", args=[created.pk]), {"members": "on", "org_types": ["grassroots_cell"]}
    )
    assert response.status_code == 302
    assert Entry.objects.filter(campaign=created).count() == 9 + 2


def test_undecided_entries_follow_their_members_through_a_merger(tree, listed, steps, audit_watch):
    decided = steps.entry_of(listed, tree.members["44.DH.02"][0])
    steps.rated(decided, Rating.GOOD)
    watch = audit_watch()
    org_merge(actor=None, sources=[tree.dh2], target=tree.dh1, on=date(2026, 1, 5))
    moved = Entry.objects.filter(campaign=listed, member__in=tree.members["44.DH.02"][1:])
    assert set(moved.values_list("org_id", flat=True)) == {tree.dh1.pk}
    decided.refresh_from_db()
    assert decided.org_id == tree.dh2.pk  # decided where it was
    assert steps.entry_of(listed, tree.dh2).org_id == tree.dh2.pk  # the collective's own entry stays
    follow = [e for e in watch.events() if e.action == "rating.follow"]
    assert len(follow) == 1 and follow[0].changes["entries"]["after"] == 2
