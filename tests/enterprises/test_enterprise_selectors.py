"""Reading the register: every list confined to the actor's subtree, filters and search, totals in one
aggregate, one enterprise 404 outside the scope."""

from __future__ import annotations

import pytest
from django.http import Http404

from tochuc.enterprises.selectors import enterprise_get, enterprise_list, enterprise_totals


def _names(qs):
    return sorted(e.name for e in qs)


def test_a_commune_officer_lists_only_the_communes_enterprises(firms, commune_officer):
    assert _names(enterprise_list(actor=commune_officer)) == sorted(
        ["Công ty TNHH May mặc Hòa Phát", "Công ty Cổ phần Đông Hà", "Công ty TNHH Thương mại Minh Tâm",
         "Công ty Điện lực Quảng Trị"]
    )  # fmt: skip


def test_the_outsider_lists_only_lao_bao_and_gets_404_for_dong_ha(tree, firms, outsider):
    assert _names(enterprise_list(actor=outsider)) == [
        "Công ty TNHH Logistics Lao Bảo",
        "Công ty TNHH Nông sản Khe Sanh",
    ]
    with pytest.raises(Http404):
        enterprise_list(actor=outsider, org=tree.dh)
    with pytest.raises(Http404):
        enterprise_get(actor=outsider, pk=firms.garment.pk)


def test_a_cell_secretary_sees_only_the_cells_area(tree, firms, cell_secretary, make_enterprise):
    make_enterprise("Cửa hàng Tạp hóa Khu phố 1", org=tree.dh1)
    assert _names(enterprise_list(actor=cell_secretary)) == ["Cửa hàng Tạp hóa Khu phố 1"]
    with pytest.raises(Http404):
        enterprise_get(actor=cell_secretary, pk=firms.garment.pk)


def test_the_province_sees_every_open_enterprise_and_the_ceased_on_request(firms, province_officer):
    assert enterprise_list(actor=province_officer).count() == 6
    assert enterprise_list(actor=province_officer, include_closed=True).count() == 7


def test_an_org_filter_takes_its_whole_subtree(tree, firms, province_officer):
    assert _names(enterprise_list(actor=province_officer, org=tree.lb)) == [
        "Công ty TNHH Logistics Lao Bảo", "Công ty TNHH Nông sản Khe Sanh"]  # fmt: skip
    assert _names(enterprise_list(actor=province_officer, org=tree.lb1)) == ["Công ty TNHH Nông sản Khe Sanh"]


def test_it_filters_by_sector_party_org_and_eligibility(firms, province_officer):
    assert _names(enterprise_list(actor=province_officer, sector="foreign")) == ["Công ty TNHH Logistics Lao Bảo"]
    assert _names(enterprise_list(actor=province_officer, sector="non_state", has_party_org="yes")) == [
        "Công ty Cổ phần Đông Hà"]  # fmt: skip
    assert _names(enterprise_list(actor=province_officer, eligible=True)) == [
        "Công ty TNHH May mặc Hòa Phát", "Công ty TNHH Nông sản Khe Sanh"]  # fmt: skip


def test_it_searches_names_without_diacritics_and_tax_codes_by_their_start(firms, province_officer):
    assert _names(enterprise_list(actor=province_officer, q="may mac hoa")) == ["Công ty TNHH May mặc Hòa Phát"]
    assert _names(enterprise_list(actor=province_officer, q="ĐIỆN LỰC")) == ["Công ty Điện lực Quảng Trị"]
    assert _names(enterprise_list(actor=province_officer, q="3200 654")) == ["Công ty Cổ phần Đông Hà"]


def test_the_totals_count_and_sum_what_the_filters_keep(firms, commune_officer):
    totals = enterprise_totals(enterprise_list(actor=commune_officer), threshold=3)
    assert (totals.enterprises, totals.non_state) == (4, 3)
    assert (totals.non_state_with_party_org, totals.non_state_without_party_org, totals.eligible) == (1, 2, 1)
    assert totals.employees == 120 + 300 + 15 + 500
    assert totals.party_members == 4 + 12 + 1 + 80
