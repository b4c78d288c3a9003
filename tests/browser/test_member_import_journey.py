"""An officer downloads the import template, fills in a member, imports it, and finds the member by a
search typed without diacritics."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_officer_imports_the_template_and_finds_the_member(
    live_server, page, tree, province_officer, password, tmp_path
):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(province_officer.username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.goto(f"{live_server.url}/members/import/")

    with page.expect_download() as download:
        page.get_by_role("link", name="Tải tệp mẫu (.xlsx)").click()
    template = tmp_path / "mau.xlsx"
    download.value.save_as(template)

    wb = load_workbook(template)
    ws = wb.worksheets[0]
    header_row = next(r for r in range(1, 15) if any(str(c.value or "").startswith("Họ và tên") for c in ws[r]))
    columns = {str(c.value).replace(" (*)", ""): c.column for c in ws[header_row] if c.value}
    values = {
        "Họ và tên": "Nguyễn Thị Hoa", "Giới tính": "Nữ", "Ngày sinh": "12/04/1990", "Số CCCD": "045190004321",
        "Dân tộc": "Kinh", "Ngày vào Đảng": "19/05/2015", "Ngày lễ kết nạp": "26/05/2015",
        "Ngày chính thức": "26/05/2016", "Mã tổ chức": "44.DH.02", "Nơi sinh": "phường Đông Hà, tỉnh Quảng Trị",
    }  # fmt: skip
    for header, value in values.items():
        ws.cell(row=header_row + 1, column=columns[header], value=value)
    wb.save(template)

    page.locator("input[type=file]").set_input_files(str(template))
    page.get_by_label("Nhập vào tổ chức").fill("44")
    page.get_by_role("button", name="Kiểm tra và nhập").click()
    expect(page.locator(".messages")).to_contain_text("Đã nhập 1 đảng viên mới")

    page.goto(f"{live_server.url}/members/")
    page.get_by_label("Họ tên").first.fill("nguyen thi hoa")
    page.keyboard.press("Enter")
    row = page.locator("table.data tbody tr").filter(has_text="Nguyễn Thị Hoa")
    expect(row).to_have_count(1)
    row.get_by_role("link", name="Nguyễn Thị Hoa").click()
    expect(page.get_by_role("heading", name="Nguyễn Thị Hoa")).to_be_visible()
    expect(page.locator("main")).to_contain_text("12/04/1990")  # read as dd/mm/yyyy, as typed
