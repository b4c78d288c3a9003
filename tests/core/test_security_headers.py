"""Every response carries the security headers: the strict Content-Security-Policy (django-csp), Permissions-Policy
and Cross-Origin-Opener-Policy, on internal pages, the login page, a 404 and the public portal's pages served
from the cache by PublicPageMiddleware ahead of most of the stack."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tochuc.accounts.roles import Role
from tochuc.portal.services.articles import article_create, article_publish
from tochuc.portal.services.categories import category_save

pytestmark = pytest.mark.django_db

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def assert_secured(response) -> None:
    header = response.get("Content-Security-Policy")
    assert header, "no Content-Security-Policy"
    directives = dict(part.strip().split(" ", 1) for part in header.split(";") if part.strip())
    assert directives == POLICY
    assert "unsafe-inline" not in header and "unsafe-eval" not in header
    assert response["Permissions-Policy"] == "camera=(), microphone=(), geolocation=()"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_an_internal_page_has_the_headers(client, province_officer, password):
    client.force_login(province_officer)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert_secured(response)


def test_the_login_page_has_the_headers(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert_secured(response)


def test_a_page_not_found_has_the_headers(client, province_officer, password):
    client.force_login(province_officer)
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert_secured(response)


def test_a_cached_public_page_served_early_has_the_headers(tree, make_user):
    editor = make_user("bientap", Role.EDITOR, tree.province, full_name="Lê Minh Anh")
    chief = make_user("tongbientap", Role.CHIEF_EDITOR, tree.province, full_name="Nguyễn Hữu Phước")
    category = category_save(actor=None, name="Tin hoạt động")
    article = article_create(
        actor=None, org=tree.province, author=editor, category=category, title="Hội nghị triển khai năm 2026",
        body='<p class="ql-align-center" style="color: red">Nội dung.</p>',
    )  # fmt: skip
    article_publish(actor=chief, article=article, publish_at=timezone.now() - timedelta(hours=1))
    url = reverse("portal:article", kwargs={"slug": article.slug, "pk": article.pk})
    visitor = Client()

    first = visitor.get(url)
    second = visitor.get(url)

    assert first.status_code == second.status_code == 200
    assert not hasattr(second.wsgi_request, "session")  # PublicPageMiddleware answered, the session never ran
    assert_secured(first)
    assert_secured(second)
    # The body keeps its alignment as a class that public.css styles, not as a style attribute the CSP refuses.
    assert 'class="ql-align-center"' in second.content.decode()
    assert "style=" not in second.content.decode()


def test_no_template_carries_inline_script_style_or_handlers():
    """The CSP refuses them in the browser; find them before it does (PDF-only templates are not served)."""
    import re
    from pathlib import Path

    import tochuc

    root = Path(tochuc.__file__).parent
    inline = re.compile(r"<script(?![^>]*\ssrc=)[^>]*>|<style[\s>]|\sstyle=|\son[a-z]+=|javascript:", re.IGNORECASE)
    offenders = [
        f"{path.relative_to(root)}: {match.group(0)}"
        for path in root.glob("*/templates/**/*.html")
        if not path.name.endswith("_pdf.html") and path.name != "print.html"
        for match in inline.finditer(path.read_text())
    ]
    assert offenders == []


def test_the_printable_report_keeps_only_its_own_style(client, province_officer, password):
    """The HTML report stands alone (CLI, PDF) with its <style>: allowed by that text's hash, nothing wider."""
    import base64
    import hashlib
    import re

    client.force_login(province_officer)
    response = client.get(reverse("reports:download", kwargs={"name": "composition", "fmt": "html"}))
    assert response.status_code == 200
    style = re.search(rb"<style>(.*?)</style>", response.content, re.DOTALL).group(1)
    digest = base64.b64encode(hashlib.sha256(style).digest()).decode()
    directives = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";") if part.strip()
    )
    assert directives["style-src"] == f"'self' 'sha256-{digest}'"
    assert directives["script-src"] == "'self'"
