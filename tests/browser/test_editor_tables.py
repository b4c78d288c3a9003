"""Tables in the portal's rich-text editor, in a real browser: an editor inserts a table from the toolbar, fills
its cells, adds a row and a column, deletes a column, saves; the table is stored (through the sanitizer) and
opens again in the editor as a table that can still be changed."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tochuc.accounts.roles import Role
from tochuc.portal.models import Article
from tochuc.portal.services.categories import category_save

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_an_editor_inserts_a_table_and_finds_it_again(sign_in, live_server, page, tree, make_user):
    editor = make_user("bientap", Role.EDITOR, tree.province, full_name="Lê Minh Anh")
    category_save(actor=None, name="Công tác đảng viên")
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    sign_in(page, live_server.url, editor.username)

    page.goto(f"{live_server.url}/portal/office/")
    page.get_by_role("link", name="Viết tin bài").click()
    page.get_by_label("Chuyên mục").select_option(label="Công tác đảng viên")
    page.get_by_label("Tiêu đề").fill("Kết quả kết nạp đảng viên quý III")
    editor_box = page.locator(".ql-editor")
    editor_box.click()
    page.keyboard.type("Số đảng viên mới theo đơn vị:")
    page.keyboard.press("Enter")

    page.get_by_role("button", name="Chèn bảng (3 × 3)").click()
    cells = editor_box.locator("table td")
    expect(cells).to_have_count(9)
    cells.nth(0).click()
    page.keyboard.type("Đơn vị")
    cells.nth(1).click()
    page.keyboard.type("Số kết nạp")
    cells.nth(3).click()
    page.keyboard.type("Xã Cam Lộ")
    cells.nth(4).click()
    page.keyboard.type("12")

    page.get_by_role("button", name="Thêm hàng bên dưới").click()
    expect(editor_box.locator("table tr")).to_have_count(4)
    page.get_by_role("button", name="Thêm cột bên phải").click()
    expect(editor_box.locator("table tr").first.locator("td")).to_have_count(4)
    # The new column sits right of the cursor's ("Số kết nạp", "12"); deleting it keeps theirs.
    editor_box.locator("table tr").first.locator("td").nth(2).click()
    page.get_by_role("button", name="Xóa cột").click()
    expect(editor_box.locator("table tr").first.locator("td")).to_have_count(3)

    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".messages")).to_contain_text("Đã lưu bản nháp")
    expect(page.locator(".story-body table tr")).to_have_count(4)
    expect(page.locator(".story-body table")).to_contain_text("Xã Cam Lộ")

    body = Article.objects.get(title="Kết quả kết nạp đảng viên quý III").body
    assert re.search(r"<table>.*<td[^>]*>Đơn vị</td>.*<td[^>]*>12</td>.*</table>", body, re.S), body
    assert "<script" not in body

    # Opened again, the table is a table in the editor and can still be changed.
    page.get_by_role("link", name="Sửa").click()
    expect(editor_box.locator("table tr")).to_have_count(4)
    editor_box.locator("table td", has_text="12").click()
    page.get_by_role("button", name="Xóa hàng").click()
    expect(editor_box.locator("table tr")).to_have_count(3)
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".messages")).to_contain_text("Đã lưu")
    assert "Xã Cam Lộ" not in Article.objects.get(title="Kết quả kết nạp đảng viên quý III").body
    assert errors == []
