"""A provincial officer opens the composition report, follows a commune to its own report, opens the members
behind a cell, and downloads the official spreadsheet."""

from __future__ import annotations

import os
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT = (
    _ROOT / "docs" if os.environ.get("TOCHUC_SCREENSHOTS") else _ROOT / "test-results"
) / "screenshot-report.png"


def test_officer_reads_a_report_down_to_the_members_and_downloads_it(
    live_server, page, tree, province_officer, password
):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(province_officer.username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()

    page.get_by_role("link", name="Báo cáo thống kê").click()
    page.get_by_role("link", name="Số lượng, cơ cấu đảng viên").click()
    expect(page.get_by_role("heading", name="Số lượng, cơ cấu đảng viên · Đảng bộ tỉnh Quảng Trị")).to_be_visible()
    total = page.locator("tr.total")
    expect(total.locator("td").nth(2)).to_have_text("15")
    SCREENSHOT.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=False)

    # A commune's name opens the same report for the commune: its cells become the rows.
    page.get_by_role("link", name="Đảng bộ phường Đông Hà").click()
    expect(page.get_by_role("heading", name="Số lượng, cơ cấu đảng viên · Đảng bộ phường Đông Hà")).to_be_visible()
    row = page.locator("tr", has=page.get_by_text("Chi bộ khu phố 1", exact=True))
    female = row.locator("td").nth(3)  # STT, name, total, then "Nữ"
    expect(female).to_have_text("1")

    # The cell opens the member it counts.
    female.get_by_role("link").click()
    expect(page.get_by_role("link", name="Trần Thị Bích Hạnh")).to_be_visible()
    expect(page.locator("table.data tbody tr")).to_have_count(1)

    page.get_by_role("link", name="Trở lại báo cáo").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="XLSX").click()
    ws = load_workbook(BytesIO(Path(download.value.path()).read_bytes())).active
    assert ws["A5"].value == "SỐ LƯỢNG, CƠ CẤU ĐẢNG VIÊN"
    assert ws["A2"].value == "ĐẢNG BỘ PHƯỜNG ĐÔNG HÀ"
