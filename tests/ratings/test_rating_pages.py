"""The pages render for the officers who use them: the forms with their defaults, the entry's page at each
stage, the ceiling computed as the officer types (nothing written), and the flags on the lists."""

from __future__ import annotations

from datetime import date

from django.template.loader import render_to_string
from django.urls import reverse

from tochuc.ratings.choices import PeriodKind, Rating, Stage
from tochuc.ratings.models import Entry
from tochuc.ratings.selectors.entries import member_panel
from tochuc.ratings.services.campaigns import campaign_open, entries_enlist
from tochuc.ratings.services.entries import entry_self_assess


def test_the_forms_render_in_vietnamese(client, tree, listed, commune_officer, province_officer):
    client.force_login(province_officer)
    for name, args, text in (
        ("ratings:campaign_create", [], "Kỳ đánh giá"),
        ("ratings:campaign_edit", [listed.pk], "Hạn quyết định xếp loại"),
        ("ratings:enlist", [listed.pk], "Tổ chức đảng được đánh giá"),
        ("ratings:self_import", [listed.pk], "Mã dòng"),
    ):
        response = client.get(reverse(name, args=args))
        assert response.status_code == 200, name
        assert text in response.content.decode(), name
    client.force_login(commune_officer)
    response = client.get(reverse("ratings:campaign_create"))
    assert response.context["form"]["org"].value() == "44.DH"


def test_a_refused_campaign_form_answers_400_with_the_error(client, tree, commune_officer):
    client.force_login(commune_officer)
    response = client.post(
        reverse("ratings:campaign_create"),
        {"org": "44.DH", "period_kind": "quarter", "year": "2026", "starts_on": "01/10/2026"},
    )
    assert response.status_code == 400
    assert "quý từ 1 đến 4" in " ".join(response.context["form"].errors["quarter"])


def test_the_entry_page_follows_the_stage(client, tree, listed, steps, commune_officer):
    entry = steps.entry_of(listed, tree.members["44.DH.01"][0])
    client.force_login(commune_officer)
    page = client.get(reverse("ratings:entry", args=[entry.pk]))
    assert page.context["self_form"] is not None and page.context["remove_form"] is not None
    assert page.context["appraisal_form"] is None and page.context["decision_form"] is None
    steps.self_assess(entry, 93, Rating.EXCELLENT)
    page = client.get(reverse("ratings:entry", args=[entry.pk]))
    assert page.context["verdict"].level == Rating.EXCELLENT
    assert page.context["appraisal_form"]["appraisal_level"].value() == Rating.EXCELLENT
    assert page.context["decision_form"]["decided_by"].value() == "Chi bộ khu phố 1"
    steps.appraise(entry, Rating.GOOD)
    steps.decide(entry, Rating.GOOD)
    page = client.get(reverse("ratings:entry", args=[entry.pk]))
    assert page.context["reopen_form"] is not None and page.context["self_form"] is None
    assert "Hoàn thành tốt nhiệm vụ" in page.content.decode()


def test_the_ceiling_follows_what_is_typed(client, tree, listed, steps, commune_officer, nothing_written):
    entry = steps.entry_of(listed, tree.members["44.DH.01"][0])
    client.force_login(commune_officer)
    url = reverse("ratings:entry_ceiling", args=[entry.pk])
    with nothing_written():
        high = client.get(url, {"prefix": "self", "self-self_score": "91", "self-tasks_total": "10",
                                "self-tasks_done": "10", "self-tasks_on_time": "10", "self-tasks_exceeded": "2",
                                "self-shortcomings_fixed": "on"})  # fmt: skip
        assert high.context["verdict"].level == Rating.GOOD
        assert "2/10 nhiệm vụ vượt yêu cầu" in high.content.decode()
        low = client.get(url, {"prefix": "self", "self-self_score": "49,5"})
        assert low.context["verdict"].level == Rating.NOT_COMPLETED
        bad = client.get(url, {"prefix": "self", "self-self_score": "abc"})
        assert "là một số" in bad.content.decode()
    assert Entry.objects.get(pk=entry.pk).stage == Stage.PENDING


def test_two_years_not_completed_are_flagged(client, tree, steps, commune_officer):
    member = tree.members["44.DH.02"][2]
    for year in (2024, 2025):
        campaign = campaign_open(actor=None, org=tree.province, period_kind=PeriodKind.YEAR, year=year,
                                 starts_on=date(year, 11, 15))  # fmt: skip
        entries_enlist(actor=None, campaign=campaign, members=True)
        entry = steps.entry_of(campaign, member)
        if year == 2024:
            entry_self_assess(actor=None, entry=entry, self_level=Rating.NOT_COMPLETED, self_on=date(2024, 12, 1))
            steps.decide(entry, Rating.NOT_COMPLETED)
        else:
            steps.rated(entry, Rating.NOT_COMPLETED)
    client.force_login(commune_officer)
    listing = client.get(reverse("ratings:list"))
    flags = {c.year: n for c, _p, n in listing.context["rows"]}
    assert flags == {2025: 1, 2024: 0}
    entries = client.get(reverse("ratings:entries", args=[campaign.pk]), {"flag": "repeated"})
    assert [e.member_id for e in entries.context["entries"]] == [member.pk]
    assert entries.context["entries"][0].repeated_failure
    history = client.get(reverse("ratings:member_history", args=[member.pk]))
    assert history.context["history"].repeated_failure_years == [2025]
    assert "Không hoàn thành nhiệm vụ hai năm liền (2024 và 2025)" in history.content.decode()


def test_five_excellent_years_show_on_the_history(client, tree, steps, commune_officer):
    member = tree.members["44.DH.01"][1]
    for year in range(2021, 2026):
        campaign = campaign_open(actor=None, org=tree.province, period_kind=PeriodKind.YEAR, year=year,
                                 starts_on=date(year, 11, 15))  # fmt: skip
        entries_enlist(actor=None, campaign=campaign, under=tree.dh1, members=True)
        entry = steps.entry_of(campaign, member)
        if year < 2025:
            entry_self_assess(actor=None, entry=entry, self_level=Rating.EXCELLENT, self_on=date(year, 12, 1))
            steps.decide(entry, Rating.EXCELLENT)
        else:
            steps.rated(entry, Rating.EXCELLENT)
    client.force_login(commune_officer)
    history = client.get(reverse("ratings:member_history", args=[member.pk])).context["history"]
    assert (history.streak, history.streak_to) == (5, 2025)
    assert sorted(history.yearly) == [2021, 2022, 2023, 2024, 2025]


def test_the_member_panel_shows_the_years_for_the_member_page(tree, listed, steps, commune_officer):
    member = tree.members["44.DH.01"][0]
    steps.rated(steps.entry_of(listed, member), Rating.GOOD)
    context = member_panel(actor=commune_officer, member=member)
    assert context["rating_years"] == [(2025, Rating.GOOD)]
    html = render_to_string("ratings/_member_panel.html", context)
    assert "Hoàn thành tốt nhiệm vụ" in html and f"/ratings/members/{member.pk}/" in html
