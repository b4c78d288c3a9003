"""The main pages under the strict Content-Security-Policy in a real browser: the login page, the home page and its
search, the org tree opened with htmx, a member's page, a printable report, the public portal's home page and an
article, and the rich-text editor of the portal's office, used. Chromium reports every refused inline script,
style or eval on the console; none may appear."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from tochuc.accounts.roles import Role
from tochuc.members.models import Member
from tochuc.portal.services.articles import article_create, article_publish
from tochuc.portal.services.categories import category_save

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

REFUSALS = ("Content Security Policy", "Refused to", "Content-Security-Policy")


def test_the_main_pages_run_under_the_csp_without_a_refusal(sign_in, live_server, page, tree, make_user):
    officer = make_user("canbotinh", Role.OFFICER, tree.province, full_name="Trần Văn Tỉnh")
    editor = make_user("bientap", Role.EDITOR, tree.province, full_name="Lê Minh Anh")
    chief = make_user("tongbientap", Role.CHIEF_EDITOR, tree.province, full_name="Nguyễn Hữu Phước")
    category = category_save(actor=None, name="Tin hoạt động")
    article = article_create(
        actor=None, org=tree.province, author=editor, category=category, title="Hội nghị triển khai năm 2026",
        body='<p class="ql-align-center">Nội dung căn giữa.</p><p>Đoạn thứ hai.</p>', featured=True,
    )  # fmt: skip
    article_publish(actor=chief, article=article, publish_at=timezone.now() - timedelta(hours=1))
    member = Member.objects.order_by("pk").first()
    messages: list[str] = []
    page.on("console", lambda m: messages.append(f"{page.url}: {m.type}: {m.text}"))
    page.on("pageerror", lambda e: messages.append(f"{page.url}: pageerror: {e}"))
    base = live_server.url

    response = page.goto(f"{base}/accounts/login/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    sign_in(page, base, officer.username)

    # htmx (a deferred script) must have bound the field before typing, or the input event goes unheard.
    page.wait_for_function("() => window.htmx !== undefined && document.readyState === 'complete'")
    page.get_by_label("Tìm tổ chức đảng").first.fill("dong ha")  # htmx: search as you type
    expect(page.locator("#search-results")).not_to_be_empty(timeout=15_000)

    page.goto(f"{base}{reverse('orgs:tree')}")
    toggle = page.locator("button.toggle").first
    toggle.click()  # htmx loads the children
    expect(toggle).to_have_attribute("aria-expanded", "true")

    page.goto(f"{base}{reverse('members:detail', kwargs={'pk': member.pk})}")
    expect(page.get_by_text(member.full_name).first).to_be_visible()

    page.goto(f"{base}{reverse('reports:download', kwargs={'name': 'composition', 'fmt': 'html'})}")
    # The report's own <style> applies (allowed by its hash): the table has its borders.
    expect(page.locator("table.report")).to_have_css("border-collapse", "collapse")

    page.context.clear_cookies()
    page.goto(f"{base}/portal/")
    expect(page.get_by_text(article.title).first).to_be_visible()
    page.goto(f"{base}{reverse('portal:article', kwargs={'slug': article.slug, 'pk': article.pk})}")
    expect(page.locator(".ql-align-center").first).to_have_css("text-align", "center")
    page.reload()  # the second visit is answered from the cache by PublicPageMiddleware

    sign_in(page, base, editor.username)
    page.goto(f"{base}{reverse('portal:article_create')}")
    editor_box = page.locator(".ql-editor")
    expect(editor_box).to_be_visible()
    editor_box.click()
    page.keyboard.type("Bài viết thử dưới chính sách bảo mật nội dung.")
    page.locator(".ql-toolbar .ql-bold").click()
    page.locator(".ql-toolbar .ql-align .ql-picker-label").click()
    page.locator(".ql-toolbar .ql-align .ql-picker-item").nth(1).click()
    expect(editor_box.locator("p").first).to_have_class("ql-align-center")

    refused = [m for m in messages if any(word in m for word in REFUSALS)]
    assert refused == [], "\n".join(refused)
    assert not [m for m in messages if "pageerror" in m], "\n".join(messages)
