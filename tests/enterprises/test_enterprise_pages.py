"""The pages: the list with its filters and totals, the detail, and every form. Outside the scope a page
answers 404 (a neighbour's enterprise does not exist for the outsider); a viewer may look but not write (403);
a refusal is shown beside its field and nothing is written."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from tochuc.enterprises.models import Enterprise

FORM = {
    "name": "Công ty TNHH Thủy sản Cửa Việt",
    "tax_code": "3200777888",
    "sector": "non_state",
    "org": "44.DH",
    "address": "Khu phố 1, phường Đông Hà",
    "employees": "60",
    "party_members": "3",
    "has_trade_union": "on",
    "trade_union_members": "40",
    "youth_union_members": "",
    "surveyed_on": "30/06/2026",
    "party_org": "",
    "party_org_since": "",
    "note": "",
}


def _mutations(e):
    """(url, data) of every page that writes, for enterprise `e` of Đông Hà."""
    return [
        (reverse("enterprises:create"), FORM),
        (reverse("enterprises:edit", args=[e.pk]), {**FORM, "tax_code": ""}),
        (reverse("enterprises:party_org", args=[e.pk]), {"party_org": "44.DH.CT", "since": "01/09/2025"}),
        (reverse("enterprises:close", args=[e.pk]), {"on": "01/10/2026"}),
    ]


def test_the_list_shows_the_scopes_enterprises_and_the_totals(client, firms, commune_officer):
    client.force_login(commune_officer)
    response = client.get(reverse("enterprises:list"))
    assert response.status_code == 200
    assert response.context["nav"] == "enterprises"
    body = response.content.decode()
    assert "Công ty TNHH May mặc Hòa Phát" in body
    assert "Công ty TNHH Logistics Lao Bảo" not in body
    assert "đủ điều kiện thành lập tổ chức đảng" in body
    totals = response.context["totals"]
    assert (totals.non_state_with_party_org, totals.non_state_without_party_org, totals.employees) == (1, 2, 935)


def test_the_list_filters_by_the_query_string(client, firms, province_officer):
    client.force_login(province_officer)
    response = client.get(reverse("enterprises:list"), {"org": "44.LB", "party_org": "no", "sector": "non_state"})
    assert [e.name for e in response.context["page_obj"]] == ["Công ty TNHH Nông sản Khe Sanh"]


def test_the_outsider_asking_for_dong_ha_gets_a_not_found_and_none_of_its_enterprises(client, firms, outsider):
    client.force_login(outsider)
    response = client.get(reverse("enterprises:list"), {"org": "44.DH"})
    body = response.content.decode()
    assert "Không tìm thấy tổ chức có mã «44.DH» trong phạm vi quản lý." in body
    assert "Hòa Phát" not in body


def test_the_detail_shows_the_founding_hint(client, firms, commune_officer):
    client.force_login(commune_officer)
    response = client.get(reverse("enterprises:detail", args=[firms.garment.pk]))
    assert response.status_code == 200
    assert response.context["eligible"] is True
    assert "Điều lệ Đảng, Điều 21" in response.content.decode()


@pytest.mark.parametrize("index", range(4))
def test_every_write_answers_404_to_the_outsider(client, firms, outsider, nothing_written, index):
    client.force_login(outsider)
    url, data = _mutations(firms.garment)[index]
    with nothing_written():
        if index == 0:  # the area is a field of the form: an org of Đông Hà is not found for them
            get = client.get(url, {"org": "44.DH"})
            assert get.status_code == 404
            response = client.post(url, data)
            assert "Không tìm thấy tổ chức có mã «44.DH» trong phạm vi quản lý." in response.content.decode()
        else:
            assert client.get(url).status_code == 404
            assert client.post(url, data).status_code == 404
    assert client.get(reverse("enterprises:detail", args=[firms.garment.pk])).status_code == 404


@pytest.mark.parametrize("index", range(4))
def test_every_write_answers_403_to_a_viewer(client, firms, viewer, nothing_written, index):
    client.force_login(viewer)
    url, data = _mutations(firms.garment)[index]
    with nothing_written():
        assert client.get(url).status_code == 403
        assert client.post(url, data).status_code == 403
    assert client.get(reverse("enterprises:detail", args=[firms.garment.pk])).status_code == 200


def test_a_leader_may_export_but_not_write(client, firms, leader):
    client.force_login(leader)
    assert client.post(reverse("enterprises:create"), FORM).status_code == 403
    assert client.get(reverse("enterprises:export")).status_code == 200


def test_the_officer_registers_an_enterprise_through_the_form(client, tree, commune_officer):
    client.force_login(commune_officer)
    response = client.post(reverse("enterprises:create"), FORM)
    e = Enterprise.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("enterprises:detail", args=[e.pk])
    assert (e.org, e.tax_code, e.trade_union_members, e.surveyed_on) == (tree.dh, "3200777888", 40, date(2026, 6, 30))


def test_a_refusal_shows_beside_its_field(client, tree, commune_officer):
    client.force_login(commune_officer)
    response = client.post(reverse("enterprises:create"), {**FORM, "party_members": "61"})
    assert response.status_code == 200
    assert "party_members" in response.context["form"].errors
    assert not Enterprise.objects.exists()


def test_the_officer_edits_sets_the_party_org_and_closes(client, tree, firms, commune_officer):
    client.force_login(commune_officer)
    e = firms.garment
    response = client.post(reverse("enterprises:edit", args=[e.pk]), {**FORM, "name": e.name, "tax_code": e.tax_code,
                                                                       "employees": "125"})  # fmt: skip
    assert response.status_code == 302
    e.refresh_from_db()
    assert e.employees == 125
    response = client.post(reverse("enterprises:party_org", args=[e.pk]), {"party_org": "44.DH.CT.01",
                                                                             "since": "15/10/2026"})  # fmt: skip
    assert response.status_code == 302
    e.refresh_from_db()
    assert (e.party_org, e.party_org_since) == (tree.dh_company_cell, date(2026, 10, 15))
    assert client.post(reverse("enterprises:close", args=[e.pk]), {"on": "20/11/2026"}).status_code == 302
    e.refresh_from_db()
    assert e.closed_on == date(2026, 11, 20)
    detail = client.get(reverse("enterprises:detail", args=[e.pk]))
    assert detail.context["can_edit"] is False
    assert [h["action"] for h in detail.context["history"]][:3] == [
        "Ghi nhận doanh nghiệp ngừng hoạt động", "Ghi nhận tổ chức đảng trong doanh nghiệp",
        "Sửa thông tin doanh nghiệp"]  # fmt: skip


def test_the_party_org_form_refuses_an_org_outside_the_scope(client, firms, commune_officer):
    client.force_login(commune_officer)
    response = client.post(reverse("enterprises:party_org", args=[firms.garment.pk]),
                           {"party_org": "44.LB.01", "since": "01/09/2025"})  # fmt: skip
    assert response.status_code == 200
    assert "party_org" in response.context["form"].errors


def test_the_export_has_the_lists_rows_in_the_import_layout(client, firms, commune_officer):
    client.force_login(commune_officer)
    response = client.get(reverse("enterprises:export"), {"format": "csv", "sector": "state"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0].startswith("STT,Tên doanh nghiệp (*),Mã số thuế")
    assert len(lines) == 2 and "Công ty Điện lực Quảng Trị" in lines[1] and "3200111222001" in lines[1]
    xlsx = client.get(reverse("enterprises:export"))
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_a_viewer_cannot_export(client, firms, viewer):
    client.force_login(viewer)
    assert client.get(reverse("enterprises:export")).status_code == 403
