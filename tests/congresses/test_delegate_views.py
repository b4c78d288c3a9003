"""Delegate pages: the apportionment computed, adjusted by hand and saved; the delegate list with a member
added by name, refused with the reason beside the field, the credentials check; the credentials report in
HTML and Excel; scope (outsider 404, viewer 403) and flat query counts."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from tochuc.congresses.choices import CongressKind, Credentials
from tochuc.congresses.models import Delegate, SeatAllocation
from tochuc.congresses.services.congresses import congress_create
from tochuc.congresses.services.delegates import delegate_add, delegate_update
from tochuc.members.choices import Status


@pytest.fixture
def congress(tree):
    return congress_create(
        actor=None,
        org=tree.dh,
        term="2025-2030",
        kind=CongressKind.DELEGATES,
        planned_from=date(2025, 8, 20),
        delegate_seats=7,
    )


def option(member) -> str:
    return f"{member.full_name} ({member.org.code}) #{member.pk}"


# --- apportionment -----------------------------------------------------------------------------------------


def test_the_allocation_page_proposes_and_saves(client, tree, congress, commune_officer):
    client.force_login(commune_officer)
    url = reverse("congresses:allocation", args=[congress.pk])
    response = client.post(url, {"compute": "1", "base_per_unit": "1"})
    assert response.status_code == 200
    assert "7 / 7" not in response.content.decode()  # nothing saved yet
    response = client.post(
        url, {"save": "1", f"seats_{tree.dh1.pk}": "3", f"seats_{tree.dh2.pk}": "2", f"seats_{tree.dh_company.pk}": "2"}
    )
    assert response.status_code == 302
    assert dict(SeatAllocation.objects.values_list("org__code", "seats")) == {
        "44.DH.01": 3,
        "44.DH.02": 2,
        "44.DH.CT": 2,
    }


def test_a_hand_adjusted_total_that_misses_the_seats_is_refused_on_the_page(client, tree, congress, commune_officer):
    client.force_login(commune_officer)
    response = client.post(
        reverse("congresses:allocation", args=[congress.pk]),
        {"save": "1", f"seats_{tree.dh1.pk}": "3", f"seats_{tree.dh2.pk}": "3", f"seats_{tree.dh_company.pk}": "2"},
    )
    assert response.status_code == 400
    assert "phải đúng bằng 7" in response.content.decode()
    assert not SeatAllocation.objects.exists()


def test_a_viewer_sees_the_allocation_but_cannot_save_it(client, tree, congress, viewer):
    client.force_login(viewer)
    url = reverse("congresses:allocation", args=[congress.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"save": "1", f"seats_{tree.dh1.pk}": "3", f"seats_{tree.dh2.pk}": "2", f"seats_{tree.dh_company.pk}": "2"}
    )
    assert response.status_code == 403 and not SeatAllocation.objects.exists()


# --- the delegate list --------------------------------------------------------------------------------------------


def test_a_delegate_is_added_by_name(client, tree, congress, commune_officer):
    member = tree.members["44.DH.02"][1]
    client.force_login(commune_officer)
    response = client.post(
        reverse("congresses:delegates", args=[congress.pk]), {"add-member": option(member), "add-kind": "elected"}
    )
    assert response.status_code == 302
    d = Delegate.objects.get()
    assert (d.member, d.from_org) == (member, tree.dh2)


def test_a_refused_delegate_shows_the_reason_beside_the_field(client, tree, congress, commune_officer, make_member):
    member = make_member(org=tree.dh1, status=Status.PROBATIONARY, official_on=None, admitted_on=date(2025, 3, 1))
    client.force_login(commune_officer)
    response = client.post(
        reverse("congresses:delegates", args=[congress.pk]), {"add-member": option(member), "add-kind": "elected"}
    )
    assert response.status_code == 400
    assert "không phải là đảng viên chính thức" in response.content.decode()
    assert not Delegate.objects.exists()


def test_credentials_are_checked_from_the_list(client, tree, congress, commune_officer):
    d = delegate_add(actor=None, congress=congress, member=tree.members["44.DH.01"][0])
    client.force_login(commune_officer)
    url = reverse("congresses:delegate_update", args=[congress.pk, d.pk])
    response = client.post(url, {f"d{d.pk}-credentials": "refused"})
    assert response.status_code == 400 and "Ghi lý do" in response.content.decode()
    response = client.post(
        url, {f"d{d.pk}-credentials": "accepted", f"d{d.pk}-absent": "on", f"d{d.pk}-absence_excused": "on",
              f"d{d.pk}-absence_reason": "Đi công tác"},
    )  # fmt: skip
    assert response.status_code == 302
    d.refresh_from_db()
    assert (d.credentials, d.absent, d.absence_excused) == (Credentials.ACCEPTED, True, True)


def test_an_outsider_gets_404_and_a_viewer_403_on_delegates(client, tree, congress, outsider, viewer):
    d = delegate_add(actor=None, congress=congress, member=tree.members["44.DH.01"][0])
    member = tree.members["44.DH.01"][1]
    client.force_login(outsider)
    assert client.get(reverse("congresses:delegates", args=[congress.pk])).status_code == 404
    assert client.get(reverse("congresses:credentials", args=[congress.pk])).status_code == 404
    assert client.post(reverse("congresses:delegate_update", args=[congress.pk, d.pk]), {}).status_code == 404
    client.force_login(viewer)
    assert client.get(reverse("congresses:delegates", args=[congress.pk])).status_code == 200
    response = client.post(
        reverse("congresses:delegates", args=[congress.pk]), {"add-member": option(member), "add-kind": "elected"}
    )
    assert response.status_code == 403
    assert client.post(reverse("congresses:delegate_update", args=[congress.pk, d.pk]), {}).status_code == 403
    assert (
        client.post(reverse("congresses:delegate_remove", args=[congress.pk, d.pk]), {"reason": "x"}).status_code == 403
    )
    assert Delegate.objects.count() == 1


def test_the_commune_officer_cannot_reach_the_provincial_congress(client, tree, commune_officer):
    upper = congress_create(
        actor=None, org=tree.province, term="2025-2030", kind=CongressKind.DELEGATES, planned_from=date(2025, 10, 1)
    )
    client.force_login(commune_officer)
    assert client.get(reverse("congresses:delegates", args=[upper.pk])).status_code == 404


def test_the_delegate_list_costs_the_same_queries_for_more_delegates(client, tree, congress, commune_officer):
    client.force_login(commune_officer)
    url = reverse("congresses:delegates", args=[congress.pk])
    delegate_add(actor=None, congress=congress, member=tree.members["44.DH.01"][0])
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for m in [*tree.members["44.DH.02"], *tree.members["44.DH.CT.01"]]:
        delegate_add(actor=None, congress=congress, member=m)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


# --- the credentials report ---------------------------------------------------------------------------------


def test_the_credentials_report_in_html_and_excel(client, tree, congress, commune_officer):
    delegates = [delegate_add(actor=None, congress=congress, member=m) for m in tree.members["44.DH.01"]]
    delegate_update(
        actor=None, delegate=delegates[0], credentials="accepted", absent=True, absence_excused=True,
        absence_reason="Ốm nặng",
    )  # fmt: skip
    client.force_login(commune_officer)
    url = reverse("congresses:credentials", args=[congress.pk])
    html = client.get(url).content.decode()
    assert "Báo cáo thẩm tra tư cách đại biểu" in html and "Ốm nặng" in html
    response = client.get(url, {"format": "xlsx"})
    ws = load_workbook(BytesIO(response.content)).active
    figures = {r[0]: r[1] for r in ws.iter_rows(min_row=5, values_only=True) if r and r[0]}
    assert figures["Số đại biểu được triệu tập"] == 3
    assert figures["Số đại biểu có mặt"] == 2
    assert figures["trong đó vắng có lý do được chấp thuận"] == 1
    assert figures["Nam"] == 2 and figures["Nữ"] == 1


def test_a_viewer_cannot_export_the_credentials_report(client, tree, congress, viewer):
    client.force_login(viewer)
    url = reverse("congresses:credentials", args=[congress.pk])
    assert client.get(url).status_code == 200
    assert client.get(url, {"format": "xlsx"}).status_code == 403
