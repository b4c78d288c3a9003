"""The visitor statistics block without Redis: who is online over the sliding window (guests, members, total)
from the `Visitor` table, and the visits in all, today and this month, days counted in Asia/Ho_Chi_Minh."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tochuc.portal.models import DailyVisits, Visitor
from tochuc.portal.selectors import visits as stats
from tochuc.portal.services import visits

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _live_figures(settings):
    """Figures computed on every request, and no memory of another test's visitors in this process."""
    settings.PORTAL_STATS_MAX_AGE_SECONDS = 0
    visits._written.clear()
    visits._pruned[0] = 0.0
    stats._memo.clear()


def figures(html: str) -> dict[str, int]:
    found = dict(re.findall(r"<span>([^<]+)</span> <b>([\d.]+)</b>", html))
    return {k: int(v.replace(".", "")) for k, v in found.items()}


def page(c: Client) -> dict[str, int]:
    response = c.get(reverse("portal:polls"))
    assert response.status_code == 200
    return figures(response.content.decode())


def test_guests_and_members_online(editor, chief):
    a, b = Client(), Client()
    m1, m2 = Client(), Client()
    m1.force_login(editor)
    m2.force_login(chief)
    for c in (a, b, m1, m2):
        page(c)
    shown = page(a)
    assert (shown["Khách"], shown["Thành viên"], shown["Tổng"]) == (2, 2, 4)


def test_a_member_logged_in_no_longer_counts_as_a_guest(editor):
    c = Client()
    assert page(c)["Khách"] == 1
    c.force_login(editor)
    shown = page(c)
    assert (shown["Khách"], shown["Thành viên"]) == (0, 1)


def test_the_window_slides(settings):
    settings.PORTAL_ONLINE_WINDOW_SECONDS = 120
    page(Client())
    Visitor.objects.update(last_seen=timezone.now() - timedelta(seconds=121))
    shown = page(Client())
    assert shown["Khách"] == 1  # only the second visitor


def test_old_rows_are_pruned_at_most_once_a_minute(settings):
    settings.PORTAL_ONLINE_WINDOW_SECONDS = 60
    stale = [Visitor(key=f"old{n}", last_seen=timezone.now() - timedelta(minutes=5)) for n in range(5)]
    Visitor.objects.bulk_create(stale)
    page(Client())
    assert not Visitor.objects.filter(key__startswith="old").exists()
    Visitor.objects.bulk_create([Visitor(key="old9", last_seen=timezone.now() - timedelta(minutes=5))])
    page(Client())
    assert Visitor.objects.filter(key="old9").exists()  # not on every request


def test_a_visitors_row_is_written_at_most_every_few_seconds():
    c = Client()
    page(c)
    seen = Visitor.objects.get().last_seen
    page(c)
    assert Visitor.objects.get().last_seen == seen
    visits._written.clear()  # the resolution has passed
    page(c)
    assert Visitor.objects.get().last_seen > seen


def test_visits_in_all_today_and_this_month():
    today = timezone.localdate()
    first = today.replace(day=1)
    DailyVisits.objects.create(day=first - timedelta(days=1), visits=1000)  # last month
    if today != first:
        DailyVisits.objects.create(day=first, visits=20)
    c = Client()
    page(c)
    shown = page(c)
    month = (20 if today != first else 0) + 2
    assert shown["Hôm nay"] == 2
    assert shown["Tháng này"] == month
    assert shown["Tổng lượt truy cập"] == 1000 + month


def test_days_are_counted_in_ho_chi_minh_city_time():
    # 23:30 UTC on 31/01 is 06:30 on 01/02 in Asia/Ho_Chi_Minh: the visit belongs to 1 February, a new month.
    moment = datetime(2026, 1, 31, 23, 30, tzinfo=UTC)
    DailyVisits.objects.create(day=date(2026, 1, 31), visits=7)
    with mock.patch("django.utils.timezone.now", return_value=moment):
        shown = page(Client())
    assert DailyVisits.objects.get(day=date(2026, 2, 1)).visits == 1
    assert (shown["Hôm nay"], shown["Tháng này"], shown["Tổng lượt truy cập"]) == (1, 1, 8)


def test_the_block_reads_without_counting_when_nothing_was_counted():
    DailyVisits.objects.create(day=timezone.localdate(), visits=41)
    assert stats.visitor_stats().visits_today == 41


def test_big_numbers_are_grouped_the_vietnamese_way():
    DailyVisits.objects.create(day=timezone.localdate() - timedelta(days=400), visits=1234566)
    html = Client().get(reverse("portal:polls")).content.decode()
    assert "Tổng lượt truy cập</span> <b>1.234.567</b>" in html
