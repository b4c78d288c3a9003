"""Importing the register from .xlsx: every row checked first, refusals by row and column in Vietnamese,
nothing written when one row fails; a re-imported export updates by tax code; scope and roles hold."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.urls import reverse

from tochuc.core.errors import DomainError
from tochuc.enterprises import excel
from tochuc.enterprises.imports import enterprises_import
from tochuc.enterprises.models import Enterprise

KEYS = [c.key or c.header for c in excel.COLUMNS]


def _row(**values):
    base = {"name": "Công ty TNHH Thủy sản Cửa Việt", "sector": "Doanh nghiệp ngoài nhà nước"}
    base.update(values)
    return [base.get(k) for k in KEYS]


def _xlsx(*rows) -> io.BytesIO:
    buf = io.BytesIO()
    excel.write_workbook(buf, list(rows), title="DANH SÁCH")
    buf.seek(0)
    return buf


def _messages(result):
    return [str(p) for p in result.problems]


def test_it_imports_valid_rows_into_their_areas_with_one_import_event(tree, commune_officer, audit_watch):
    watch = audit_watch()
    file = _xlsx(
        _row(tax_code="3200777888", org="44.DH", employees=60, party_members=3, has_trade_union="Có",
             trade_union_members=40, surveyed_on="30/06/2026"),
        _row(name="Công ty CP Gạch Tuynel Đông Hà", tax_code=3200999000, org="44.dh.01", employees="1.200",
             party_org="44.DH.CT", party_org_since="01/09/2025"),
        _row(name="Cơ sở Mộc Thành Công", sector="ngoai nha nuoc"),
    )  # fmt: skip
    result = enterprises_import(actor=commune_officer, root=tree.dh, file=file, filename="dn.xlsx")
    assert result.problems == []
    assert (result.written, result.created, result.updated) == (True, 3, 0)
    seafood = Enterprise.objects.get(tax_code="3200777888")
    assert (seafood.org, seafood.has_trade_union, seafood.trade_union_members) == (tree.dh, True, 40)
    assert seafood.surveyed_on == date(2026, 6, 30)
    brick = Enterprise.objects.get(tax_code="3200999000")
    assert (brick.org, brick.employees, brick.party_org) == (tree.dh1, 1200, tree.dh_company)
    assert Enterprise.objects.get(name="Cơ sở Mộc Thành Công").org == tree.dh  # a blank area: the chosen org
    actions = [e.action for e in watch.events()]
    assert actions.count("enterprise.create") == 3 and actions[-1] == "enterprise.import"


def test_one_bad_row_writes_nothing_and_every_problem_names_its_row_and_column(tree, commune_officer,
                                                                                nothing_written):  # fmt: skip
    file = _xlsx(
        _row(tax_code="3200777888"),
        _row(name="Công ty B", tax_code="12345", employees="nhiều"),
        _row(name="Công ty C", sector="Hợp tác xã", party_members=5, employees=2),
        _row(name="", org="44.LB"),
        _row(name="Công ty E", tax_code="3200777888", surveyed_on="31/02/2026"),
        _row(name="Công ty F", party_org="44.LB.01", party_org_since="01/01/2026", has_youth_union="có lẽ"),
        _row(name='=HYPERLINK("http://x")'),
    )
    with nothing_written():
        result = enterprises_import(actor=commune_officer, root=tree.dh, file=file)
    assert not result.written
    messages = _messages(result)
    assert "Dòng 6, cột «Mã số thuế»: Mã số thuế gồm 10 chữ số (chi nhánh: 13 chữ số), không phải 5." in messages
    assert "Dòng 6, cột «Số lao động»: «nhiều» không phải số nguyên không âm." in messages
    assert any(m.startswith("Dòng 7, cột «Loại hình»: «Hợp tác xã» không có trong danh mục") for m in messages)
    assert "Dòng 8, cột «Tên doanh nghiệp»: không được để trống." in messages
    assert "Dòng 8, cột «Mã địa bàn»: không tìm thấy tổ chức có mã «44.LB» trong «Đảng bộ phường Đông Hà»." in messages
    assert "Dòng 5, cột «Mã số thuế»: mã số thuế trùng với dòng 9." in messages
    assert "Dòng 9, cột «Số liệu tính đến ngày»: ngày «31/02/2026» không có thật." in messages
    assert ("Dòng 10, cột «Mã tổ chức đảng của doanh nghiệp»: không tìm thấy tổ chức có mã «44.LB.01» trong "
            "phạm vi quản lý.") in messages  # fmt: skip
    assert "Dòng 10, cột «Có đoàn thanh niên»: «có lẽ»: ghi «Có» hoặc «Không»." in messages
    assert "Dòng 11, cột «Tên doanh nghiệp»: ô chứa công thức: nhập giá trị, không nhập công thức." in messages


def test_it_refuses_figures_the_services_would_refuse_before_writing(tree, commune_officer):
    file = _xlsx(
        _row(employees=5, party_members=6),
        _row(name="Công ty B", org="44.DH.01", party_org="44.DH.01", party_org_since="01/01/2026"),
    )
    result = enterprises_import(actor=commune_officer, root=tree.dh, file=file)
    assert "Dòng 5, cột «Số đảng viên»: Số đảng viên không được lớn hơn số lao động (5)." in _messages(result)
    assert any(m.startswith("Dòng 6, cột «Mã tổ chức đảng của doanh nghiệp»: Đây là tổ chức đảng của địa bàn")
               for m in _messages(result))  # fmt: skip
    assert not Enterprise.objects.exists()


def test_a_re_imported_export_updates_by_tax_code_and_keeps_blank_cells(client, firms, commune_officer):
    client.force_login(commune_officer)
    response = client.get(reverse("enterprises:export"))
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(response.content))
    ws = wb.active
    header = [c.value for c in ws[excel.HEADER_ROW]]
    col = {h: i for i, h in enumerate(header)}
    for row in ws.iter_rows(min_row=excel.HEADER_ROW + 1):
        if row[col["Tên doanh nghiệp (*)"]].value == "Công ty TNHH May mặc Hòa Phát":
            row[col["Số lao động"]].value = 150
            row[col["Địa chỉ"]].value = None
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    result = enterprises_import(actor=commune_officer, root=firms.garment.org, file=out)
    assert result.problems == []
    assert (result.created, result.updated, result.unchanged) == (0, 1, 3)
    firms.garment.refresh_from_db()
    assert firms.garment.employees == 150
    assert Enterprise.objects.count() == 7


def test_a_tax_code_registered_outside_the_chosen_org_is_refused(tree, firms, province_officer):
    file = _xlsx(_row(name="Công ty TNHH Logistics Lao Bảo", tax_code=None),
                 _row(name="Bản sao", tax_code="3200123456"))  # fmt: skip
    result = enterprises_import(actor=province_officer, root=tree.lb, file=file)
    assert "Dòng 6, cột «Mã số thuế»: mã số thuế đã có ở một doanh nghiệp ngoài «Đảng bộ xã Lao Bảo»." in _messages(
        result
    )


def test_the_outsider_and_the_viewer_cannot_import(tree, outsider, viewer, nothing_written):
    with nothing_written():
        with pytest.raises(Http404):
            enterprises_import(actor=outsider, root=tree.dh, file=_xlsx(_row()))
        with pytest.raises(PermissionDenied):
            enterprises_import(actor=viewer, root=tree.dh, file=_xlsx(_row()))


def test_a_file_that_is_not_a_workbook_or_lacks_a_column_is_refused(tree, commune_officer):
    with pytest.raises(DomainError) as info:
        enterprises_import(actor=commune_officer, root=tree.dh, file=io.BytesIO(b"Ten,MST\nA,1\n"))
    assert info.value.field == "file"
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["Tên doanh nghiệp", "Mã số thuế"])
    wb.active.append(["Công ty A", "3200123456"])
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    with pytest.raises(DomainError) as info:
        enterprises_import(actor=commune_officer, root=tree.dh, file=buf)
    assert "«Loại hình»" in info.value.message


def test_the_page_checks_then_imports_and_offers_the_template(client, tree, commune_officer, viewer):
    client.force_login(commune_officer)
    template = client.get(reverse("enterprises:import_template"))
    assert template.status_code == 200
    upload = SimpleUploadedFile("dn.xlsx", _xlsx(_row(tax_code="3200777888")).getvalue())
    response = client.post(reverse("enterprises:import"), {"org": "44.DH", "file": upload, "check": "1"})
    assert response.status_code == 200 and response.context["result"].created == 1
    assert not Enterprise.objects.exists()
    upload = SimpleUploadedFile("dn.xlsx", _xlsx(_row(tax_code="3200777888")).getvalue())
    response = client.post(reverse("enterprises:import"), {"org": "44.DH", "file": upload})
    assert response.status_code == 302
    assert Enterprise.objects.count() == 1
    client.force_login(viewer)
    assert client.get(reverse("enterprises:import")).status_code == 403
