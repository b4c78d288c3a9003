"""The dashboard's follow-up lists at their boundary dates: probation ending this month (review deadline,
overdue), badges due by the next ceremony, temporary transfers, members in transit; the page; the scope."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from tochuc.core.calendar import working_day_deadline
from tochuc.members import selectors
from tochuc.members.choices import Status
from tochuc.members.selectors import due_for_badge, due_for_recognition, in_transit, on_temporary_transfer
from tochuc.members.services import (
    member_award_badge,
    member_create,
    member_recognize,
    member_temporary_return,
    member_transfer_in,
    member_transfer_out,
)


@pytest.fixture(autouse=True, params=["small subtree", "large subtree"])
def subtree_size(request, monkeypatch):
    if request.param == "large subtree":
        monkeypatch.setattr(selectors, "SMALL_SUBTREE", 0)
    return request.param


def rows(watchlist, per_page: int = 100) -> list:
    return list(watchlist.page(1, per_page=per_page).object_list)


def names(watchlist) -> list[str]:
    return [getattr(r, "member", r).full_name for r in rows(watchlist)]


def probationary(org, full_name, ceremony_on):
    return member_create(
        actor=None,
        org=org,
        full_name=full_name,
        sex="female",
        birth_date=date(1998, 1, 1),
        status=Status.PROBATIONARY,
        admitted_on=ceremony_on.replace(day=1),
        official_on=None,
        ceremony_on=ceremony_on,
    )


def official(org, full_name, admitted_on):
    return member_create(
        actor=None,
        org=org,
        full_name=full_name,
        sex="male",
        birth_date=date(1950, 1, 1),
        admitted_on=admitted_on,
        official_on=date(admitted_on.year + 1, admitted_on.month, min(admitted_on.day, 28)),
    )


# --- Due for official recognition ---------------------------------------------------------------------------


def test_probation_ending_on_the_last_day_of_the_month_is_due_and_the_next_day_is_not(commune_officer, tree):
    probationary(tree.dh1, "Lê Thị Cuối Tháng", date(2025, 6, 30))  # 12 months end 30/06/2026
    probationary(tree.dh1, "Lê Thị Tháng Sau", date(2025, 7, 1))  # 01/07/2026
    probationary(tree.dh1, "Lê Thị Quá Hạn", date(2025, 3, 10))  # 10/03/2026, review long overdue
    due = due_for_recognition(actor=commune_officer, today=date(2026, 6, 1))
    assert names(due) == ["Lê Thị Quá Hạn", "Lê Thị Cuối Tháng"]  # the longest waiting first
    overdue, this_month = rows(due)
    assert (this_month.probation_end, this_month.overdue) == (date(2026, 6, 30), False)
    # The review is due 30 working days after probation ends, weekends and holidays skipped.
    assert this_month.review_due == working_day_deadline(date(2026, 6, 30), 30)
    assert overdue.review_due == working_day_deadline(date(2026, 3, 10), 30)
    assert overdue.overdue is True
    assert due.on == date(2026, 6, 30)


def test_the_review_is_overdue_the_day_after_its_deadline(commune_officer, tree):
    probationary(tree.dh1, "Lê Thị Hạn Chót", date(2025, 3, 10))
    deadline = working_day_deadline(date(2026, 3, 10), 30)
    assert [m.overdue for m in rows(due_for_recognition(actor=commune_officer, today=deadline))] == [False]
    later = date.fromordinal(deadline.toordinal() + 1)
    assert [m.overdue for m in rows(due_for_recognition(actor=commune_officer, today=later))] == [True]


def test_probation_from_29_february_ends_on_28_february(commune_officer, tree):
    probationary(tree.dh1, "Lê Thị Nhuận", date(2024, 2, 29))  # 12 months end 28/02/2025
    probationary(tree.dh1, "Lê Thị Tháng Ba", date(2024, 3, 1))  # 01/03/2025
    due = due_for_recognition(actor=commune_officer, today=date(2025, 2, 3))
    assert names(due) == ["Lê Thị Nhuận"]
    assert rows(due)[0].probation_end == date(2025, 2, 28)


def test_a_recognized_member_is_no_longer_due(commune_officer, tree):
    member = probationary(tree.dh1, "Lê Thị Đã Công Nhận", date(2025, 7, 10))
    assert names(due_for_recognition(actor=commune_officer, today=date(2026, 7, 20))) == ["Lê Thị Đã Công Nhận"]
    member_recognize(actor=None, member=member, decided_on=date(2026, 7, 20), decision_no="12-QĐ/ĐU")
    assert names(due_for_recognition(actor=commune_officer, today=date(2026, 7, 20))) == []


# --- Badges due by the next ceremony ----------------------------------------------------------------------


def test_thirty_years_reached_on_the_ceremony_day_are_due_and_a_day_later_are_not(commune_officer, tree):
    official(tree.dh2, "Trần Văn Đúng Ngày", date(1996, 5, 19))  # 30 years on 19/05/2026, the ceremony
    official(tree.dh2, "Trần Văn Hụt Một Ngày", date(1996, 5, 20))
    due = due_for_badge(actor=commune_officer, org=tree.dh2, today=date(2026, 4, 1))
    assert due.on == date(2026, 5, 19)
    assert names(due) == ["Trần Văn Đúng Ngày"]
    [m] = rows(due)
    assert (m.badge, m.badge_due) == (30, date(2026, 5, 19))


def test_the_ceremony_day_itself_is_the_next_ceremony(commune_officer, tree):
    official(tree.dh2, "Trần Văn Đúng Ngày", date(1996, 5, 19))
    assert due_for_badge(actor=commune_officer, org=tree.dh2, today=date(2026, 5, 19)).on == date(2026, 5, 19)
    assert due_for_badge(actor=commune_officer, org=tree.dh2, today=date(2026, 5, 20)).on == date(2026, 9, 2)


def test_the_next_milestone_follows_the_highest_badge_awarded(commune_officer, tree):
    holder_30 = official(tree.dh2, "Phan Văn Bốn Mươi", date(1986, 5, 19))  # 40 years on 19/05/2026
    member_award_badge(actor=None, member=holder_30, milestone=30, on=date(2025, 9, 2), decision_no="1-QĐ")
    holder_40 = official(tree.dh2, "Phan Văn Đã Có", date(1984, 1, 1))  # 42 years: 45 is not due yet
    member_award_badge(actor=None, member=holder_40, milestone=40, on=date(2025, 9, 2), decision_no="2-QĐ")
    skipped = official(tree.dh2, "Phan Văn Chưa Nhận", date(1980, 3, 3))  # 46 years, no badge: the highest due
    due = due_for_badge(actor=commune_officer, org=tree.dh2, today=date(2026, 4, 1))
    got = {m.full_name: (m.highest_badge, m.badge) for m in rows(due)}
    assert got == {"Phan Văn Chưa Nhận": (None, 45), "Phan Văn Bốn Mươi": (30, 40)}
    assert skipped.pk in {m.pk for m in rows(due)}


# --- Temporary transfers and members in transit ---------------------------------------------------------------


def test_a_temporary_transfer_is_listed_under_the_home_org_until_the_return(commune_officer, outsider, tree):
    member = tree.members["44.DH.01"][2]  # Lê Đức Anh
    member_transfer_out(actor=None, member=member, on=date(2026, 1, 12), letter_no="15-GGT", to_org=tree.lb1,
                        temporary=True, until=date(2026, 7, 12))  # fmt: skip
    listed = on_temporary_transfer(actor=commune_officer, today=date(2026, 7, 12))
    [e] = rows(listed)
    assert (e.member.full_name, e.member.org, e.host, e.until, e.overdue) == (
        "Lê Đức Anh",
        tree.dh1,
        "Chi bộ thôn Ka Tăng",
        date(2026, 7, 12),
        False,
    )
    assert rows(on_temporary_transfer(actor=commune_officer, today=date(2026, 7, 13)))[0].overdue is True
    assert names(on_temporary_transfer(actor=outsider, today=date(2026, 7, 12))) == []  # the host does not list it
    member_temporary_return(actor=None, member=member, on=date(2026, 7, 1))
    assert names(on_temporary_transfer(actor=commune_officer)) == []


def test_a_temporary_stay_outside_the_province_is_listed_with_its_place(commune_officer, tree):
    member = tree.members["44.DH.02"][1]
    member_transfer_out(actor=None, member=member, on=date(2026, 2, 2), letter_no="3-GGT",
                        destination="Đảng ủy phường Bến Nghé, TP Hồ Chí Minh", temporary=True,
                        until=date(2026, 11, 2))  # fmt: skip
    [e] = rows(on_temporary_transfer(actor=commune_officer, today=date(2026, 3, 1)))
    assert (e.member, e.host) == (member, "Đảng ủy phường Bến Nghé, TP Hồ Chí Minh")


def test_a_member_in_transit_is_listed_with_the_day_to_present_the_letter(commune_officer, outsider, tree):
    member = tree.members["44.DH.02"][0]  # Phạm Thị Thu Hà
    member_transfer_out(actor=None, member=member, on=date(2026, 2, 2), letter_no="21-GGT", to_org=tree.lb2)
    present_by = working_day_deadline(date(2026, 2, 2), 30)  # Tết falls inside: it does not count
    [e] = rows(in_transit(actor=commune_officer, today=present_by))
    assert (e.member.full_name, e.member.org, e.other_org, e.present_by, e.overdue) == (
        "Phạm Thị Thu Hà",
        tree.dh2,
        tree.lb2,
        present_by,
        False,
    )
    assert rows(in_transit(actor=commune_officer, today=date.fromordinal(present_by.toordinal() + 1)))[0].overdue
    assert names(in_transit(actor=outsider)) == []
    member_transfer_in(actor=None, member=member, on=date(2026, 3, 2))
    assert names(in_transit(actor=commune_officer)) == []


# --- The page -------------------------------------------------------------------------------------------------


def test_the_dashboard_shows_the_four_lists(client, commune_officer, tree):
    probationary(tree.dh1, "Lê Thị Quá Hạn", date(2024, 3, 10))
    member_transfer_out(actor=None, member=tree.members["44.DH.02"][0], on=date(2026, 2, 2), letter_no="21-GGT",
                        to_org=tree.lb2)  # fmt: skip
    client.force_login(commune_officer)
    response = client.get(reverse("members:dashboard"))
    assert response.status_code == 200
    page = response.content.decode()
    for title in ("Đến hạn xét công nhận đảng viên chính thức", "Đến hạn xét tặng Huy hiệu Đảng",
                  "Đang sinh hoạt tạm thời nơi khác", "Đang chuyển sinh hoạt, chưa được tiếp nhận"):  # fmt: skip
        assert title in page
    assert "Lê Thị Quá Hạn" in page and "Phạm Thị Thu Hà" in page and "Quá hạn" in page
    assert 'class="overdue"' in page
    assert "Nguyễn Văn An" in page  # 30 years of party age since 19/05/1995, no badge yet
    assert 'href="/members/dashboard/"' in page  # the sidebar's "Theo dõi"


def test_a_list_in_full_is_paginated(client, commune_officer, tree):
    for i in range(12):
        probationary(tree.dh1, f"Lê Thị Dự Bị {i:02d}", date(2025, 1, 10))
    client.force_login(commune_officer)
    overview = client.get(reverse("members:dashboard")).content.decode()
    assert "Lê Thị Dự Bị 09" in overview and "Lê Thị Dự Bị 10" not in overview  # ten on the overview
    assert 'href="/members/dashboard/recognition/"' in overview
    full = client.get(reverse("members:dashboard_panel", args=["recognition"]))
    assert full.status_code == 200
    assert full.context["page_obj"].paginator.count == 12
    assert client.get(reverse("members:dashboard_panel", args=["nothing"])).status_code == 404


def test_the_dashboard_is_scoped(client, outsider, tree):
    probationary(tree.dh1, "Lê Thị Đông Hà", date(2024, 3, 10))
    member_transfer_out(actor=None, member=tree.members["44.DH.01"][2], on=date(2026, 1, 12), letter_no="15-GGT",
                        to_org=tree.lb1, temporary=True, until=date(2026, 7, 12))  # fmt: skip
    member_transfer_out(actor=None, member=tree.members["44.DH.02"][0], on=date(2026, 2, 2), letter_no="21-GGT",
                        to_org=tree.lb2)  # fmt: skip
    client.force_login(outsider)
    page = client.get(reverse("members:dashboard")).content.decode()
    assert "Lê Thị Đông Hà" not in page and "Lê Đức Anh" not in page and "Phạm Thị Thu Hà" not in page
    assert "Nguyễn Văn An" not in page and "Trương Công Định" in page  # 35 years in Lao Bảo, no badge
    for panel in selectors.member_watchlists(actor=outsider).values():
        for row in rows(panel):
            assert getattr(row, "member", row).org.path.startswith(tree.lb.path)
    assert client.get(reverse("members:dashboard"), {"org": "44.DH"}).status_code == 404
    assert client.get(reverse("members:dashboard_panel", args=["badges"]), {"org": "44.DH"}).status_code == 404


def test_the_dashboard_needs_login(client, tree):
    response = client.get(reverse("members:dashboard"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
