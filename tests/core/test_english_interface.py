"""English is the second language of the interface: the `django_language` cookie switches to it, and
without the cookie the interface stays in Vietnamese (the source language). Data such as org names is
never translated."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation


@pytest.fixture(autouse=True)
def _restore_language():
    # LocaleMiddleware activates the request's language in this thread and leaves it active; restore the
    # previous one so that later tests (which expect Vietnamese messages) are not run in English.
    with translation.override(translation.get_language()):
        yield


def test_the_tree_page_is_in_english_with_the_language_cookie(client, tree, province_officer):
    client.force_login(province_officer)
    client.cookies["django_language"] = "en"

    response = client.get(reverse("orgs:tree"))

    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    page = response.content.decode()
    assert '<html lang="en">' in page
    assert "<h1>Party organization tree</h1>" in page
    assert "Cây tổ chức đảng" not in page
    # The chrome and the choice labels are translated ...
    assert "Party members" in page and "Provincial Party Committee" in page
    # ... the data is not.
    assert "Đảng bộ tỉnh Quảng Trị" in page


def test_the_tree_page_is_in_vietnamese_by_default(client, tree, province_officer):
    client.force_login(province_officer)

    response = client.get(reverse("orgs:tree"))

    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="vi">' in page
    assert "<h1>Cây tổ chức đảng</h1>" in page
    assert "Party organization tree" not in page
