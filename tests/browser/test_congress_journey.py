"""The vote-counting board at a commune congress: the officer opens the congress's elections, enters the
ballots one by one (unticking the names struck out; one ballot invalid with its reason; one keeping too many
names, found invalid by the count), sees the running count, closes the count, reads the result and prints
the vote-counting minutes, which come back as a PDF."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tochuc.congresses.choices import Body, CongressKind
from tochuc.congresses.services.congresses import congress_create
from tochuc.congresses.services.elections import election_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT = (
    _ROOT / "docs" if os.environ.get("TOCHUC_SCREENSHOTS") else _ROOT / "test-results"
) / "screenshot-congress.png"


def login(page, live_server, user, password: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(user.username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()


def enter_ballot(page, struck: list[str], *, invalid: str = "") -> None:
    form = page.locator("#ballot-form")
    for label in struck:
        form.get_by_label(label).uncheck()
    if invalid:
        form.get_by_label("Phiếu không hợp lệ").check()
        form.get_by_label("Lý do không hợp lệ").fill(invalid)
    form.get_by_role("button", name="Ghi phiếu").click()
    expect(page.locator(".messages")).to_contain_text("Đã ghi phiếu số")


def test_the_board_enters_ballots_counts_and_prints_the_minutes(live_server, page, tree, commune_officer, password):
    congress = congress_create(
        actor=None, org=tree.dh, term="2025-2030", kind=CongressKind.MEMBERS, planned_from=date(2025, 8, 10)
    )
    a, b, c = tree.members["44.DH.01"]
    election_create(
        actor=None,
        congress=congress,
        body=Body.COMMITTEE,
        held_on=date(2025, 8, 12),
        seats=2,
        summoned=5,
        ballots_issued=5,
        candidates=[a, b, c],
    )
    login(page, live_server, commune_officer, password)
    page.goto(f"{live_server.url}/congresses/{congress.pk}/elections/")
    page.get_by_role("link", name="Ban Chấp hành (cấp ủy)").click()
    page.get_by_role("link", name="Nhập phiếu").click()
    expect(page.get_by_role("heading", name="Phiếu số 1")).to_be_visible()

    enter_ballot(page, ["3. " + c.full_name])
    enter_ballot(page, ["3. " + c.full_name])
    enter_ballot(page, ["2. " + b.full_name])
    enter_ballot(page, [])  # three names kept for two seats: invalid at the count
    enter_ballot(page, [], invalid="Không có dấu của Ban kiểm phiếu")
    expect(page.locator("#running-count")).to_contain_text("Đã nhập 5/5 phiếu phát ra: 3 hợp lệ, 2 không hợp lệ.")
    expect(page.locator("#ballots")).to_contain_text("Giữ lại 3 tên, nhiều hơn số cần bầu (2).")

    page.get_by_role("button", name="Kiểm phiếu, công bố kết quả").click()
    expect(page.locator(".messages")).to_contain_text("Đã kiểm phiếu, công bố kết quả.")
    result = page.locator("#result")
    # Base 5: 3 votes elect (more than half), 2 do not.
    expect(result.locator("tbody tr").nth(0)).to_contain_text(a.full_name)
    expect(result.locator("tbody tr").nth(0)).to_contain_text("Trúng cử")
    expect(result.locator("tbody tr").nth(1)).to_contain_text(b.full_name)
    expect(page.get_by_text("Cần bầu tiếp — đại hội quyết định.")).to_be_visible()
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)

    page.get_by_label("Trưởng Ban kiểm phiếu").fill("Lê Thị Thanh")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="In biên bản kiểm phiếu").click()
    path = download_info.value.path()
    assert Path(path).read_bytes().startswith(b"%PDF-")
