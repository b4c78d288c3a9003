"""The import page: upload, the report by row and column, the file of rejected rows for this session only,
and the boundary: no import outside the actor's subtree, none for a role that cannot create."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from tochuc.members import excel
from tochuc.members.models import Member

GOOD = {
    "Họ và tên": "Nguyễn Văn Hùng",
    "Giới tính": "Nam",
    "Ngày sinh": "15/06/1985",
    "Số CCCD": "045085000123",
    "Ngày vào Đảng": "19/05/2010",
    "Ngày chính thức": "19/05/2011",
    "Mã tổ chức": "44.DH.01",
}
BAD = {**GOOD, "Họ và tên": "Lê Văn Sai", "Số CCCD": "045085000124", "Mã tổ chức": "99.XX"}


@pytest.fixture(autouse=True)
def _var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path  # the files of rejected rows


def upload(*rows: dict) -> SimpleUploadedFile:
    buf = BytesIO()
    excel.write_members(buf, [[row.get(c.header) for c in excel.COLUMNS] for row in rows], count=len(rows))
    return SimpleUploadedFile("danh-sach.xlsx", buf.getvalue(), content_type=excel.XLSX_TYPE)


def post(client, *rows, org="44.DH", **extra):
    return client.post(reverse("members:import"), {"file": upload(*rows), "org": org, **extra})


def test_the_page_offers_the_template_and_the_form(client, tree, commune_officer):
    client.force_login(commune_officer)
    page = client.get(reverse("members:import")).content.decode()
    assert reverse("members:import_template") in page
    assert 'enctype="multipart/form-data"' in page
    assert 'value="44.DH"' in page  # the officer's own org by default


def test_it_imports_a_file(client, tree, commune_officer):
    client.force_login(commune_officer)
    response = post(client, GOOD)
    assert response.status_code == 200
    assert "Đã nhập 1 đảng viên mới, cập nhật 0 đảng viên." in response.content.decode()
    assert Member.objects.get(citizen_id="045085000123").org == tree.dh1


def test_it_lists_the_bad_rows_and_offers_them_as_a_file(client, tree, commune_officer, nothing_written):
    client.force_login(commune_officer)
    with nothing_written():
        response = post(client, GOOD, BAD)
    page = response.content.decode()
    assert "Chưa nhập: có dòng không hợp lệ" in page
    assert "Dòng 6, cột «Mã tổ chức»: không tìm thấy tổ chức có mã «99.XX» trong «Đảng bộ phường Đông Hà»." in page
    url = response.context["rejected_url"]
    assert url in page

    download = client.get(url)
    assert download.status_code == 200
    ws = load_workbook(BytesIO(b"".join(download.streaming_content)), read_only=True)[excel.SHEET]
    names = [r[1] for r in ws.iter_rows(min_row=excel.HEADER_ROW + 1, values_only=True)]
    assert names == ["Lê Văn Sai"]


def test_valid_only_imports_the_good_rows(client, tree, commune_officer):
    client.force_login(commune_officer)
    response = post(client, GOOD, BAD, valid_only="on")
    assert response.context["result"].created == 1
    assert response.context["rejected_url"]
    assert Member.objects.filter(citizen_id="045085000123").exists()
    assert not Member.objects.filter(full_name="Lê Văn Sai").exists()


def test_the_rejected_rows_are_for_the_uploading_session_only(client, tree, commune_officer, province_officer):
    client.force_login(commune_officer)
    url = post(client, BAD).context["rejected_url"]
    client.logout()
    client.force_login(province_officer)
    assert client.get(url).status_code == 404


def test_a_file_level_problem_shows_beside_the_file(client, tree, commune_officer):
    client.force_login(commune_officer)
    response = client.post(
        reverse("members:import"),
        {"file": SimpleUploadedFile("ds.pdf", b"%PDF-1.7"), "org": "44.DH"},
    )
    assert response.context["form"].errors == {
        "file": ["Tệp không phải bảng tính .xlsx: dùng tệp mẫu tải từ trang nhập danh sách."]
    }


def test_an_officer_cannot_import_outside_the_subtree(client, tree, outsider, nothing_written):
    client.force_login(outsider)
    with nothing_written():
        response = post(client, GOOD, org="44.DH")
    assert response.status_code == 200
    assert response.context["form"].errors == {"org": ["Không tìm thấy tổ chức có mã «44.DH» trong phạm vi quản lý."]}
    with nothing_written():  # into their own commune, a row naming an org of the other one
        response = post(client, GOOD, org="44.LB")
    assert [str(p) for p in response.context["result"].problems] == [
        "Dòng 5, cột «Mã tổ chức»: không tìm thấy tổ chức có mã «44.DH.01» trong «Đảng bộ xã Lao Bảo»."
    ]


def test_the_service_answers_404_outside_the_scope(tree, outsider, nothing_written):
    from django.http import Http404

    from tochuc.members.services.imports import members_import

    with nothing_written(), pytest.raises(Http404):
        members_import(actor=outsider, root=tree.dh, file=upload(GOOD), filename="ds.xlsx")


def test_a_matched_member_outside_the_subtree_is_not_updated(client, tree, cell_secretary, nothing_written):
    from tochuc.members.services import member_update

    member = member_update(actor=None, member=tree.members["44.DH.02"][0], citizen_id="045175000009")
    client.force_login(cell_secretary)  # secretary of 44.DH.01
    row = {**GOOD, "Họ và tên": member.full_name, "Giới tính": "Nữ", "Ngày sinh": "27/07/1975",
           "Số CCCD": "045175000009", "Nơi sinh": "Huế", "Mã tổ chức": None}  # fmt: skip
    with nothing_written():
        response = post(client, row, org="44.DH.01")
    assert [str(p) for p in response.context["result"].problems] == [
        "Dòng 5, cột «Số CCCD»: số CCCD này đã có ở một đảng viên ngoài «Chi bộ khu phố 1»: "
        "không nhập, không cập nhật được."
    ]


@pytest.mark.parametrize("url", ["members:import", "members:import_template"])
def test_a_viewer_is_refused(client, tree, viewer, url):
    client.force_login(viewer)
    assert client.get(reverse(url)).status_code == 403


def test_a_viewer_cannot_post_a_file(client, tree, viewer, nothing_written):
    client.force_login(viewer)
    with nothing_written():
        assert post(client, GOOD).status_code == 403


def test_the_pages_need_login(client, tree):
    for url in (reverse("members:import"), reverse("members:import_template")):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_member_list_links_to_the_import_for_those_who_may_create(client, tree, commune_officer, viewer):
    client.force_login(commune_officer)
    page = client.get(reverse("members:list"), {"org": "44.DH.01"}).content.decode()
    assert f'href="{reverse("members:import")}?org=44.DH.01"' in page
    assert 'value="44.DH.01"' in client.get(reverse("members:import"), {"org": "44.DH.01"}).content.decode()
    client.force_login(viewer)
    assert reverse("members:import") not in client.get(reverse("members:list")).content.decode()
