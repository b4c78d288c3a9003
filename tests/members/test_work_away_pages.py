"""The pages of working away from home: the section on the member's page and its two forms, the list of
members away (filters, scope, export), the "away" flag of the member list, the dashboard's counts, the
temporary transfers grouped by home org, and the list's fixed number of queries."""

from __future__ import annotations

import csv
import io
from datetime import date
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from tochuc.accounts.roles import Role
from tochuc.core.models import AuditEvent
from tochuc.members import selectors
from tochuc.members.choices import AwayKind
from tochuc.members.models import WorkAway
from tochuc.members.selectors import on_temporary_transfer
from tochuc.members.services import member_away_end, member_away_start, member_create, member_transfer_out
from tochuc.orgs.services import org_create

HCM = "Thành phố Hồ Chí Minh"


def leave(member, since=date(2025, 3, 1), kind=AwayKind.OTHER_PROVINCE, place=HCM, **extra):
    return member_away_start(actor=None, member=member, kind=kind, place=place, since=since, **extra)


def page(client, name, *args, **params):
    response = client.get(reverse(name, args=args), params)
    assert response.status_code == 200, (name, response.status_code)
    return response.content.decode()


def names(response) -> list[str]:
    return [r.member.full_name for r in response.context["page_obj"]]


@pytest.fixture
def anh(tree):
    return tree.members["44.DH.01"][2]  # Lê Đức Anh, admitted 26/03/2015


@pytest.fixture
def away_members(tree, anh):
    """Anh in Hồ Chí Minh City since 01/03/2025; Châu (44.DH.02) in Japan; Lợi (44.LB.01) in Đà Nẵng."""
    leave(anh, employer="Công ty TNHH Sao Việt")
    leave(tree.members["44.DH.02"][2], since=date(2024, 9, 1), kind=AwayKind.ABROAD, place="Nhật Bản")
    leave(tree.members["44.LB.01"][0], since=date(2025, 6, 1), place="Thành phố Đà Nẵng")


# --- The member's page -------------------------------------------------------------------------------------------


def test_the_member_page_shows_the_spell_away_and_the_history(client, commune_officer, anh):
    leave(anh, since=date(2024, 1, 10), place="Bình Dương")
    member_away_end(actor=None, member=anh, on=date(2024, 12, 1))
    leave(anh, since=date(2025, 3, 1), kind=AwayKind.ABROAD, place="Hàn Quốc", employer="Nhà máy Daewon")
    client.force_login(commune_officer)
    html = page(client, "members:detail", anh.pk)
    assert "Làm ăn xa" in html and "Đang đi làm ăn xa" in html
    assert "Hàn Quốc" in html and "Nhà máy Daewon" in html and "01/03/2025" in html
    assert "Bình Dương" in html and "01/12/2024" in html  # the earlier spell, kept
    assert reverse("members:away_end", args=[anh.pk]) in html  # the return form
    assert reverse("members:away_start", args=[anh.pk]) not in html  # one open record at a time


def test_the_member_page_offers_the_departure_form_with_the_provinces(client, commune_officer, anh):
    client.force_login(commune_officer)
    html = page(client, "members:detail", anh.pk)
    assert reverse("members:away_start", args=[anh.pk]) in html
    assert '<datalist id="away-places">' in html and f'<option value="{HCM}">' in html
    assert "Chưa có ghi nhận đi làm ăn xa." in html


def test_a_viewer_sees_the_record_without_the_forms(client, viewer, anh):
    leave(anh)
    client.force_login(viewer)
    html = page(client, "members:detail", anh.pk)
    assert HCM in html
    assert reverse("members:away_end", args=[anh.pk]) not in html
    assert reverse("members:away_start", args=[anh.pk]) not in html


def test_the_departure_form_records_it(client, commune_officer, anh):
    client.force_login(commune_officer)
    response = client.post(
        reverse("members:away_start", args=[anh.pk]),
        {"kind": "abroad", "place": "Nhật Bản", "employer": "", "since": "15/04/2025", "note": "Theo hợp đồng 3 năm"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("members:detail", args=[anh.pk]) + "#away"
    record = WorkAway.objects.get(member=anh)
    assert (record.kind, record.place, record.since, record.note) == (
        "abroad",
        "Nhật Bản",
        date(2025, 4, 15),
        "Theo hợp đồng 3 năm",
    )
    response = client.post(reverse("members:away_end", args=[anh.pk]), {"on": "02/09/2025"})
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.until == date(2025, 9, 2)


def test_a_refusal_shows_beside_its_field_and_writes_nothing(client, commune_officer, anh):
    client.force_login(commune_officer)
    response = client.post(
        reverse("members:away_start", args=[anh.pk]), {"kind": "other_province", "place": HCM, "since": "25/03/2015"}
    )
    assert response.status_code == 200
    assert any("26/03/2015" in e for e in response.context["form"].errors["since"])
    assert not WorkAway.objects.exists()
    response = client.post(reverse("members:away_end", args=[anh.pk]), {"on": "01/04/2025"})
    assert response.status_code == 200
    assert "không có ghi nhận đi làm ăn xa" in " ".join(response.context["form"].non_field_errors())


@pytest.mark.parametrize("view", ["members:away_start", "members:away_end"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_every_mutating_view_answers_404_outside_and_403_to_a_viewer(
    client, make_user, tree, outsider, viewer, anh, view, method
):
    if view == "members:away_end":
        leave(anh)
    leader = make_user("lanhdao.dongha", Role.LEADER, tree.dh)
    before = (list(WorkAway.objects.values_list("pk", "until")), AuditEvent.objects.count())
    data = {"kind": "abroad", "place": "Lào", "since": "01/05/2025", "on": "01/05/2025"}
    for user, expected in ((outsider, 404), (viewer, 403), (leader, 403)):
        client.force_login(user)
        url = reverse(view, args=[anh.pk])
        response = client.post(url, data) if method == "post" else client.get(url)
        assert response.status_code == expected, (user.username, response.status_code)
    assert (list(WorkAway.objects.values_list("pk", "until")), AuditEvent.objects.count()) == before


def test_the_forms_need_login(client, anh):
    response = client.get(reverse("members:away_start", args=[anh.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# --- The list of members away ---------------------------------------------------------------------------------


@pytest.mark.usefixtures("away_members")
def test_the_commune_officer_lists_only_the_communes_members(client, commune_officer, tree):
    client.force_login(commune_officer)
    response = client.get(reverse("members:away_list"))
    assert names(response) == ["Đặng Minh Châu", "Lê Đức Anh"]  # the longest away first
    counts = response.context["counts"]
    assert counts.total == 2
    assert counts.by_kind == [
        ("other_commune", "Nơi khác trong tỉnh", 0),
        ("other_province", "Làm ăn ở tỉnh, thành phố khác", 1),
        ("abroad", "Đi làm việc, lao động ở nước ngoài", 1),
    ]
    html = response.content.decode()
    assert "Hồ Văn Lợi" not in html


@pytest.mark.usefixtures("away_members")
def test_an_outsider_sees_the_own_commune_and_gets_404_for_the_other(client, outsider):
    client.force_login(outsider)
    assert names(client.get(reverse("members:away_list"))) == ["Hồ Văn Lợi"]
    assert client.get(reverse("members:away_list"), {"org": "44.DH"}).status_code == 404
    assert client.get(reverse("members:away_export"), {"org": "44.DH"}).status_code == 404


@pytest.mark.usefixtures("away_members")
def test_the_list_filters_by_kind_place_and_org(client, province_officer, tree):
    client.force_login(province_officer)
    url = reverse("members:away_list")
    assert names(client.get(url, {"kind": "abroad"})) == ["Đặng Minh Châu"]
    assert names(client.get(url, {"place": "tp ho chi minh"})) == ["Lê Đức Anh"]
    assert names(client.get(url, {"place": "Đà Nẵng"})) == ["Hồ Văn Lợi"]
    assert names(client.get(url, {"org": "44.DH.01"})) == ["Lê Đức Anh"]
    # Vietnamese order: by the given name first.
    assert names(client.get(url, {"sort": "name"})) == ["Lê Đức Anh", "Đặng Minh Châu", "Hồ Văn Lợi"]


def test_the_list_shows_how_long_and_leaves_out_the_returned_and_the_ended(client, commune_officer, tree, anh):
    leave(anh, since=date(2025, 1, 15))
    back = tree.members["44.DH.01"][0]
    leave(back, since=date(2024, 1, 1))
    member_away_end(actor=None, member=back, on=date(2025, 1, 1))
    client.force_login(commune_officer)
    response = client.get(reverse("members:away_list"))
    assert names(response) == ["Lê Đức Anh"]
    [row] = response.context["page_obj"]
    assert row.months >= 10  # since 15/01/2025


def test_the_list_groups_by_home_org(client, province_officer, tree, away_members):
    client.force_login(province_officer)
    response = client.get(reverse("members:away_list"), {"sort": "org"})
    assert [r.member.org.code for r in response.context["page_obj"]] == ["44.DH.01", "44.DH.02", "44.LB.01"]
    assert response.content.decode().count('<tr class="group">') == 3


@pytest.mark.usefixtures("away_members")
def test_the_export_has_the_rows_of_the_list(client, commune_officer):
    client.force_login(commune_officer)
    response = client.get(reverse("members:away_export"), {"format": "csv", "kind": "other_province"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:4] == ["STT", "Họ và tên", "Ngày sinh", "Giới tính"]
    assert [r[1] for r in rows[1:]] == ["Lê Đức Anh"]
    assert rows[1][5:10] == ["44.DH.01", "Làm ăn ở tỉnh, thành phố khác", HCM, "Công ty TNHH Sao Việt", "01/03/2025"]

    response = client.get(reverse("members:away_export"))
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content), read_only=True).active
    values = list(sheet.iter_rows(values_only=True))
    assert "ĐI LÀM ĂN XA" in values[0][0]
    assert [v[1] for v in values[4:]] == ["Đặng Minh Châu", "Lê Đức Anh"]


@pytest.mark.usefixtures("away_members")
def test_a_viewer_lists_but_may_not_export(client, viewer):
    client.force_login(viewer)
    assert names(client.get(reverse("members:away_list"))) == ["Đặng Minh Châu", "Lê Đức Anh"]
    assert client.get(reverse("members:away_export")).status_code == 403


# --- The member list's flag, the dashboard ---------------------------------------------------------------------


@pytest.mark.usefixtures("away_members")
def test_the_member_list_filters_the_members_away(client, commune_officer):
    client.force_login(commune_officer)
    response = client.get(reverse("members:list"), {"flags": "away"})
    assert sorted(m.full_name for m in response.context["page_obj"]) == ["Lê Đức Anh", "Đặng Minh Châu"]
    flags = response.context["form"].fields["flags"].choices
    assert ("away", "Đi làm ăn xa") in [(v, str(label)) for v, label in flags]
    everyone = client.get(reverse("members:list")).content.decode()
    assert everyone.count("đi làm ăn xa</span>") == 2  # the badge beside the status


@pytest.mark.usefixtures("away_members")
def test_the_dashboard_counts_the_members_away(client, commune_officer):
    client.force_login(commune_officer)
    response = client.get(reverse("members:dashboard"))
    away = response.context["away"]
    assert away.total == 2
    assert away.by_place == [("abroad", "Nhật Bản", 1), ("other_province", HCM, 1)]
    html = response.content.decode()
    assert "Đảng viên đi làm ăn xa" in html and reverse("members:away_list") in html


# --- Temporary transfers by home org ----------------------------------------------------------------------------


def test_temporary_transfers_are_grouped_by_home_org(client, province_officer, tree):
    lb_member, dh_member = tree.members["44.LB.02"][0], tree.members["44.DH.02"][1]
    # The Lao Bảo member's end comes first: by end date Lao Bảo leads, by home org Đông Hà does.
    member_transfer_out(actor=None, member=lb_member, on=date(2026, 1, 5), letter_no="1-GGT", to_org=tree.dh1,
                        temporary=True, until=date(2026, 4, 5))  # fmt: skip
    member_transfer_out(actor=None, member=dh_member, on=date(2026, 1, 5), letter_no="2-GGT", to_org=tree.lb1,
                        temporary=True, until=date(2026, 9, 5))  # fmt: skip
    by_end = on_temporary_transfer(actor=province_officer).page(1).object_list
    by_home = on_temporary_transfer(actor=province_officer, by_home_org=True).page(1).object_list
    assert [e.member.org.code for e in by_end] == ["44.LB.02", "44.DH.02"]
    assert [e.member.org.code for e in by_home] == ["44.DH.02", "44.LB.02"]  # Đông Hà before Lao Bảo
    client.force_login(province_officer)
    response = client.get(reverse("members:dashboard_panel", args=["temporary"]), {"sort": "org"})
    assert [e.member.org.code for e in response.context["page_obj"]] == ["44.DH.02", "44.LB.02"]
    html = response.content.decode()
    assert html.count('<tr class="group">') == 2 and "Nhóm theo nơi sinh hoạt chính thức" not in html
    assert "Nhóm theo nơi sinh hoạt chính thức" in page(client, "members:dashboard_panel", "temporary")
    # Filtered by home org: the member at home in Đông Hà, not the guest from Lao Bảo it hosts.
    response = client.get(reverse("members:dashboard_panel", args=["temporary"]), {"sort": "org", "org": "44.DH"})
    assert [e.member.full_name for e in response.context["page_obj"]] == [dh_member.full_name]


# --- Queries ------------------------------------------------------------------------------------------------------


@pytest.fixture(params=["small subtree", "large subtree"])
def subtree_size(request, monkeypatch):
    if request.param == "large subtree":
        monkeypatch.setattr(selectors, "SMALL_SUBTREE", 0)
    return request.param


def _grow(tree, n: int, start: int = 0) -> None:
    """n more cells under 44.DH, each with a member away (other province, abroad in turn)."""
    for i in range(start, start + n):
        cell = org_create(actor=None, code=f"44.DH.X{i}", name=f"Chi bộ xóm {i}", org_type="grassroots_cell",
                          parent=tree.dh, opened_on=date(2025, 7, 1), sector="residential")  # fmt: skip
        member = member_create(actor=None, org=cell, full_name=f"Trần Văn Xa {i:02d}", sex="male",
                               birth_date=date(1995, 1, 1), admitted_on=date(2020, 1, 1),
                               official_on=date(2021, 1, 1))  # fmt: skip
        kind, place = (AwayKind.ABROAD, "Hàn Quốc") if i % 2 else (AwayKind.OTHER_PROVINCE, HCM)
        leave(member, since=date(2025, 1, 1 + i % 28), kind=kind, place=place)


def test_the_list_of_members_away_does_not_grow_with_its_rows(client, tree, province_officer, subtree_size):
    client.force_login(province_officer)
    pages = [
        ("members:away_list", {}),
        ("members:away_list", {"org": "44.DH", "sort": "org"}),
        ("members:away_list", {"kind": "abroad", "place": "Hàn Quốc"}),
        ("members:dashboard", {}),
    ]

    def count() -> list[int]:
        out = []
        for name, params in pages:
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(reverse(name), params).status_code == 200
            out.append(len(ctx.captured_queries))
        return out

    _grow(tree, 2)  # one of each kind: every filter finds a row
    small = count()
    _grow(tree, 25, start=2)
    large = count()
    assert small == large
    assert max(large[:3]) <= 10
