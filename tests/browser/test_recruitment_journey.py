"""A commune officer puts a person on the list of candidates, records the dossier step by step and two
introducers (one picked from the suggestions as typed), the cell's vote, admits them, and lands on the new
member's page."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# `make screenshots` writes the picture into docs/; an ordinary run keeps it out of the work tree.
_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT = (
    _ROOT / "docs" if os.environ.get("TOCHUC_SCREENSHOTS") else _ROOT / "test-results"
) / "screenshot-recruitment.png"


def record_step(page, step: str, on: str, **fields: str) -> None:
    """Open the step's form on the checklist, fill it and submit; the page comes back with the step done."""
    row = page.locator(f"#step-{step}")
    row.locator("details.panel:not(.cancel) > summary").click()
    row.get_by_label("Ngày", exact=False).first.fill(on)
    for label, value in fields.items():
        control = row.get_by_label(label)
        if control.evaluate("e => e.tagName") == "SELECT":
            control.select_option(value)
        else:
            control.fill(value)
    row.get_by_role("button", name="Ghi nhận").click()
    expect(page.locator(".messages")).to_contain_text("Đã ghi nhận")
    expect(page.locator(f"#step-{step}")).to_have_class("done")


def test_officer_develops_a_candidate_and_admits_them(live_server, page, tree, commune_officer, password):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(commune_officer.username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()

    page.goto(f"{live_server.url}/recruitment/")
    expect(page.get_by_role("heading", name="Quần chúng ưu tú · Đảng bộ phường Đông Hà")).to_be_visible()
    page.get_by_role("link", name="Thêm quần chúng").click()
    page.get_by_label("Họ và tên").fill("Lê Thị Hồng Nhung")
    page.get_by_label("Giới tính").select_option("female")
    page.get_by_label("Ngày sinh").fill("12/04/2001")
    page.get_by_label("Chi bộ, tổ chức đảng").fill("44.DH.01")
    page.get_by_label("Ngày đưa vào danh sách").fill("10/01/2025")
    page.get_by_role("button", name="Ghi lại").click()
    expect(page.get_by_role("heading", name="Lê Thị Hồng Nhung")).to_be_visible()
    expect(page.locator("#eligibility")).to_contain_text("chưa học lớp")

    record_step(page, "course", "01/03/2025", **{"Số giấy chứng nhận": "GCN 125"})
    record_step(page, "application", "01/04/2025")
    record_step(page, "history", "01/04/2025")
    record_step(page, "verification", "01/06/2025", **{"Kết luận thẩm tra": "clear"})
    record_step(page, "comments", "01/07/2025")

    # The first introducer is picked from the suggestions that appear as the name is typed without diacritics.
    intro = page.locator("#introducers + .card")
    intro.get_by_text("Thêm đảng viên giới thiệu").click()
    box = intro.get_by_label("Đảng viên chính thức giới thiệu")
    box.press_sequentially("nguyen van an", delay=30)
    suggestion = page.locator("#member-options option").first
    expect(suggestion).to_have_attribute("value", f"Nguyễn Văn An (44.DH.01) #{tree.members['44.DH.01'][0].pk}")
    box.fill(suggestion.get_attribute("value"))
    intro.get_by_label("Cùng công tác, sinh hoạt với người vào Đảng từ ngày").fill("01/01/2024")
    intro.get_by_label("Ngày giới thiệu").fill("01/04/2025")
    intro.get_by_role("button", name="Ghi nhận người giới thiệu").click()
    expect(page.locator(".messages")).to_contain_text("Đã ghi nhận người giới thiệu")
    # The second by the full name typed: the server finds the one member of that name in scope.
    intro = page.locator("#introducers + .card")
    intro.get_by_text("Thêm đảng viên giới thiệu").click()
    intro.get_by_label("Đảng viên chính thức giới thiệu").fill("Trần Thị Bích Hạnh")
    intro.get_by_label("Cùng công tác, sinh hoạt với người vào Đảng từ ngày").fill("01/01/2024")
    intro.get_by_label("Ngày giới thiệu").fill("01/04/2025")
    intro.get_by_role("button", name="Ghi nhận người giới thiệu").click()
    expect(page.locator("#introducers + .card table")).to_contain_text("Trần Thị Bích Hạnh")

    record_step(
        page,
        "cell_resolution",
        "01/08/2025",
        **{"Số đảng viên chính thức": "9", "Số tán thành": "8", "Số nghị quyết": "05-NQ/CB"},
    )
    expect(page.locator("#eligibility li.refused")).to_have_count(0)
    admit = page.locator("#admit")
    expect(admit).to_be_visible()
    admit.scroll_into_view_if_needed()
    page.evaluate("window.scrollTo(0, 0)")
    SCREENSHOT.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)  # the candidate's checklist, every condition met

    admit.get_by_label("Ngày ký quyết định kết nạp").fill("01/09/2025")
    admit.get_by_label("Số quyết định kết nạp").fill("125-QĐ/ĐU")
    admit.get_by_role("button", name="Kết nạp vào Đảng").click()
    expect(page.locator(".messages")).to_contain_text("Đã kết nạp Lê Thị Hồng Nhung")
    expect(page.get_by_role("heading", name="Lê Thị Hồng Nhung")).to_be_visible()
    expect(page.locator(".page-head .badge").first).to_have_text("Dự bị")
    assert "/members/" in page.url

    # Back on the list, the candidate is among those admitted, and the pipeline no longer counts them.
    page.goto(f"{live_server.url}/recruitment/?stage=admitted")
    row = page.locator("table.data tbody tr").filter(has_text="Lê Thị Hồng Nhung")
    expect(row.locator(".badge")).to_have_text("Đã kết nạp")
    expect(page.locator(".pipeline a").first).to_contain_text("0")
