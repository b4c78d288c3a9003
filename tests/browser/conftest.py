"""Playwright on Debian's Chromium (/usr/bin/chromium); no browser is downloaded."""

from __future__ import annotations

import importlib
import os
import shutil

import pytest
from playwright.sync_api import expect

# live_server runs Django in a thread while Playwright's sync API holds an event loop in this one.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(config, items):
    if shutil.which(CHROMIUM) or os.path.exists(CHROMIUM):
        return
    skip = pytest.mark.skip(reason=f"Chromium not found at {CHROMIUM}: apt-get install chromium (make test does)")
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1280, "height": 860}, "locale": "vi-VN"}


# The rule table and the holidays are loaded by data migrations. A transactional test's database is
# flushed after it, and Django restores the migrations' rows only from a snapshot it takes when the suite
# starts with a transactional test; when other tests run first there is no snapshot. Load them again.
_REFERENCE_DATA = (
    "tochuc.core.migrations.0002_rules_holidays_append_only",
    "tochuc.core.migrations.0004_rules_before_294",
    "tochuc.core.migrations.0005_holidays_2010_2040",
    "tochuc.core.migrations.0006_cadre_rules",
    "tochuc.core.migrations.0007_award_rules",
)


@pytest.fixture(autouse=True)
def _reference_data(request):
    if request.node.get_closest_marker("django_db") is None:
        return
    request.getfixturevalue("transactional_db")
    from django.apps import apps

    from tochuc.core.models import RuleParameter

    if not RuleParameter.objects.exists():
        for module in _REFERENCE_DATA:
            importlib.import_module(module).load(apps, None)


@pytest.fixture
def sign_in(password):
    """sign_in(page, base_url, username): the login form filled and sent, the logout button then awaited."""

    def _sign_in(page, base: str, username: str) -> None:
        page.goto(f"{base}/accounts/login/")
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill(password)
        page.get_by_role("button", name="Đăng nhập").click()
        expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()

    return _sign_in
