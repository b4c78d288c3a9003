"""The public portal and its editorial office in a real browser: a citizen opens the home page and finds each
block (featured and latest news, featured events, the poll, the visitor statistics), reads an article, goes back
to the top, votes in the poll and searches without diacritics; then an editor writes an article in the rich-text
editor and submits it, and the chief editor publishes it, after which it is on the public site."""

from __future__ import annotations

import os
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tochuc.accounts.roles import Role
from tochuc.portal.services.articles import article_create, article_publish
from tochuc.portal.services.categories import category_save
from tochuc.portal.services.events import event_save
from tochuc.portal.services.polls import poll_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT = (
    _ROOT / "docs" if os.environ.get("TOCHUC_SCREENSHOTS") else _ROOT / "test-results"
) / "screenshot-portal.png"


def login(page, live_server, user, password: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(user.username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()


def publish(chief, editor, tree, category, title, **extra):
    article = article_create(
        actor=None, org=tree.province, author=editor, category=category, title=title, body="<p>Nội dung.</p>", **extra
    )
    return article_publish(actor=chief, article=article, publish_at=timezone.now() - timedelta(hours=1))


def test_a_citizen_reads_and_votes_and_the_office_publishes(live_server, page, tree, make_user, password):
    editor = make_user("bientap", Role.EDITOR, tree.province, full_name="Lê Minh Anh")
    chief = make_user("tongbientap", Role.CHIEF_EDITOR, tree.province, full_name="Nguyễn Hữu Phước")
    news = category_save(actor=None, name="Tin hoạt động")
    category_save(actor=None, name="Công tác cán bộ")
    lead_story = publish(
        chief,
        editor,
        tree,
        news,
        "Triển khai công tác tổ chức xây dựng Đảng năm 2026",
        lead="Ban Tổ chức Tỉnh ủy tổ chức hội nghị triển khai nhiệm vụ năm 2026.",
        featured=True,
        byline="Minh Anh",
    )
    publish(chief, editor, tree, news, "Sáp nhập xã, phường: kiện toàn tổ chức đảng ở cơ sở")
    event_save(
        actor=None, title="Đại hội đại biểu Đảng bộ tỉnh lần thứ I", starts_on=timezone.localdate(), article=lead_story
    )
    poll_create(
        actor=chief,
        question="Bạn đánh giá thế nào về cổng thông tin?",
        opens_at=timezone.now() - timedelta(days=1),
        closes_at=timezone.now() + timedelta(days=7),
        options=["Rất hữu ích", "Hữu ích", "Cần cải thiện"],
        show=True,
    )

    # The public home page and each of its blocks, without logging in.
    page.goto(f"{live_server.url}/portal/")
    expect(page).to_have_title(re.compile("Cổng thông tin"))
    expect(page.locator("#featured-news")).to_contain_text(lead_story.title)
    expect(page.locator("#latest-news")).to_contain_text("Sáp nhập xã, phường")
    expect(page.locator("#featured-events")).to_contain_text("Đại hội đại biểu Đảng bộ tỉnh lần thứ I")
    expect(page.locator("#poll")).to_contain_text("Bạn đánh giá thế nào về cổng thông tin?")
    expect(page.locator("#stats")).to_contain_text("Người trực tuyến")
    expect(page.locator("#stats")).to_contain_text("Tổng lượt truy cập")
    expect(page.get_by_role("navigation", name="Chuyên mục")).to_contain_text("Công tác cán bộ")
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)

    # An article: its page, the floating "go top" button, the poll.
    page.locator("#featured-news").get_by_role("link", name=lead_story.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(lead_story.title)
    expect(page.locator(".story-meta")).to_contain_text("Lượt xem")
    expect(page.locator(".view-count")).to_have_text(re.compile(r"^\d+$"))
    expect(page.locator(".byline")).to_have_text("Minh Anh")
    page.mouse.wheel(0, 2000)
    go_top = page.locator("a.go-top")
    expect(go_top).to_be_visible()
    go_top.click()
    expect(page).to_have_url(re.compile("#top$"))
    poll = page.locator("#poll")
    poll.get_by_label("Hữu ích", exact=True).check()
    poll.get_by_role("button", name="Bình chọn").click()
    expect(page.locator("#poll")).to_contain_text("Cảm ơn bạn đã tham gia bình chọn.")

    # Search without diacritics.
    page.get_by_role("searchbox").first.fill("to chuc dang")
    page.get_by_role("button", name="Tìm", exact=True).first.click()
    expect(page.locator(".result-count")).to_contain_text("Tìm thấy 2 tin bài")

    # The editor writes in the rich-text editor and submits for review.
    login(page, live_server, editor, password)
    expect(page).to_have_url(re.compile("/portal/office/$"))
    page.get_by_role("link", name="Viết tin bài").click()
    page.get_by_label("Chuyên mục").select_option(label="Công tác cán bộ")
    page.get_by_label("Tiêu đề").fill("Quy hoạch cán bộ lãnh đạo, quản lý nhiệm kỳ 2030-2035")
    page.get_by_label("Sapo (tóm tắt)").fill("Ban Thường vụ Tỉnh ủy ban hành kế hoạch rà soát, bổ sung quy hoạch.")
    editor_box = page.locator(".ql-editor")
    editor_box.click()
    page.keyboard.type("Kế hoạch yêu cầu việc giới thiệu nhân sự ")
    page.keyboard.press("Control+b")
    page.keyboard.type("công khai, dân chủ")
    page.keyboard.press("Control+b")
    page.keyboard.type(" và đúng quy trình.")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".messages")).to_contain_text("Đã lưu bản nháp")
    expect(page.locator(".story-body strong")).to_have_text("công khai, dân chủ")
    expect(page.locator("#workflow")).not_to_contain_text("Xuất bản")
    page.get_by_role("button", name="Gửi duyệt").click()
    expect(page.locator(".messages")).to_contain_text("Đã gửi duyệt")
    page.get_by_role("button", name="Đăng xuất").click()

    # The chief editor finds it awaiting review and publishes it now.
    login(page, live_server, chief, password)
    page.goto(f"{live_server.url}/portal/office/?status=review")
    page.get_by_role("link", name="Quy hoạch cán bộ lãnh đạo, quản lý nhiệm kỳ 2030-2035").click()
    publish_form = page.locator("form.publish-form")
    publish_form.get_by_label("Ngay bây giờ").check()
    publish_form.get_by_role("button", name="Xuất bản").click()
    expect(page.locator(".messages")).to_contain_text("Đã xuất bản tin bài")
    public_link = page.get_by_role("link", name=re.compile("Xem trên cổng thông tin"))
    href = public_link.get_attribute("href")
    page.get_by_role("button", name="Đăng xuất").click()

    page.goto(f"{live_server.url}{href}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Quy hoạch cán bộ lãnh đạo, quản lý nhiệm kỳ 2030-2035")
    body = page.locator(".story-body")
    expect(body.locator("strong")).to_have_text("công khai, dân chủ")
    expect(body).to_contain_text("Kế hoạch yêu cầu việc giới thiệu nhân sự công khai, dân chủ và đúng quy trình.")
    page.goto(f"{live_server.url}/portal/")
    expect(page.locator("#latest-news")).to_contain_text("Quy hoạch cán bộ lãnh đạo")


def test_deleting_a_category_asks_first(live_server, page, tree, make_user, password):
    chief = make_user("tongbientap", Role.CHIEF_EDITOR, tree.province, full_name="Nguyễn Hữu Phước")
    category_save(actor=None, name="Chuyên mục thử")
    login(page, live_server, chief, password)
    page.goto(f"{live_server.url}/portal/office/categories/")
    row = page.get_by_role("row", name=re.compile("Chuyên mục thử"))
    questions = []

    def answer(dialog, accept):
        questions.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.once("dialog", lambda dialog: answer(dialog, False))
    row.get_by_role("button", name="Xóa").click()
    expect(row).to_be_visible()  # dismissed: nothing was sent
    page.once("dialog", lambda dialog: answer(dialog, True))
    row.get_by_role("button", name="Xóa").click()
    expect(page.get_by_role("row", name=re.compile("Chuyên mục thử"))).to_have_count(0)
    assert questions == ["Xóa chuyên mục «Chuyên mục thử»?"] * 2
