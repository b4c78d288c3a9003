"""An officer logs in, opens the tree, drills down two levels and searches communes without diacritics."""

from __future__ import annotations

import os
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

# serialized_rollback: these tests need a committed database (the live server reads it from another
# thread), and the flush after them would otherwise wipe the rules and holidays the migrations load.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# The README's picture: `make screenshots` writes it into docs/; an ordinary run keeps it out of the work tree.
_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT = (
    _ROOT / "docs" if os.environ.get("TOCHUC_SCREENSHOTS") else _ROOT / "test-results"
) / "screenshot-tree.png"
PASSWORD = "tochuc-demo-2026"


@pytest.fixture
def demo(live_server):
    call_command("seed_demo", "--members", "6000", "--seed", "7", stdout=StringIO())


def login(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Tổng quan")).to_be_visible()


def test_officer_browses_the_tree_and_finds_communes_without_diacritics(live_server, page, demo):
    login(page, live_server.url, "tinh")

    page.get_by_role("link", name="Tổ chức đảng", exact=True).click()
    expect(page.get_by_role("heading", name="Cây tổ chức đảng")).to_be_visible()
    root = page.locator(".tree-depth-0 > .node").first
    expect(root).to_contain_text("Đảng bộ tỉnh Quảng Trị")

    # Level 1 -> 2: open the ward committee of Đông Hà; its cells load under it with their counts.
    commune = page.locator("li.tree-depth-1", has=page.get_by_role("link", name="Đảng bộ phường Đông Hà", exact=True))
    commune.locator("button.toggle").first.click()
    level2 = commune.locator("ul.children > li.tree-depth-2")
    expect(level2.first).to_be_visible()
    assert level2.count() >= 3
    expect(level2.first.locator(".count")).to_contain_text("đảng viên")
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(SCREENSHOT), full_page=False)  # the README's picture of the tree browser

    # Level 2 -> 3: a grassroots committee with its own cells (an agency or an enterprise under the ward).
    with_children = commune.locator("li.tree-depth-2:has(button.toggle)").first
    with_children.locator("button.toggle").first.click()
    expect(with_children.locator("li.tree-depth-3").first).to_be_visible()

    # Follow a cell to its page: breadcrumbs show the way up the tree.
    cell_link = with_children.locator("li.tree-depth-3 a.name").first
    cell_name = cell_link.inner_text()
    cell_link.click()
    expect(page.get_by_role("heading", name=cell_name)).to_be_visible()
    crumbs = page.get_by_role("navigation", name="Vị trí trong cây tổ chức")
    expect(crumbs).to_contain_text("Đảng bộ tỉnh Quảng Trị")
    expect(crumbs).to_contain_text("Đảng bộ phường Đông Hà")

    # Search without diacritics, as typed on a keyboard without a Vietnamese input method.
    search = page.get_by_placeholder("Tìm tổ chức đảng (gõ không dấu cũng được)…")
    search.fill("dong ha")
    results = page.locator("#search-results")
    expect(results).to_contain_text("Phường Đông Hà")
    search.fill("lao bao")
    expect(results).to_contain_text("Xã Lao Bảo")
    results.get_by_role("link").filter(has_text="Đảng bộ xã Lao Bảo").first.click()
    expect(page.get_by_role("heading", name="Đảng bộ xã Lao Bảo")).to_be_visible()


def test_an_outsider_cannot_open_another_communes_page(live_server, page, demo):
    login(page, live_server.url, "xa")  # the officer of Phường Đông Hà
    response = page.goto(f"{live_server.url}/orgs/44/")
    assert response.status == 404
    page.goto(f"{live_server.url}/orgs/")
    expect(page.locator(".tree")).not_to_contain_text("Xã Lao Bảo")
