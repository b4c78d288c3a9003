"""The public search: diacritics and case ignored over the title, the lead and the body ("to chuc" finds "tổ
chức"), every word required, published articles only, paginated, the query shown escaped."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tochuc.portal.choices import ArticleStatus

pytestmark = pytest.mark.django_db


def search(client, q, **extra):
    return client.get(reverse("portal:search"), {"q": q, **extra})


def test_it_finds_without_diacritics_in_title_lead_and_body(client, make_article):
    make_article("Tổ chức Đảng ở cơ sở")
    make_article("Hội nghị", lead="Bàn về công tác tổ chức cán bộ")
    make_article("Tin khác", body="<p>Đảng bộ xã Đakrông <b>tổ</b> chức đại hội.</p>")
    make_article("Không liên quan", body="<p>Thời tiết.</p>")
    html = search(client, "to chuc").content.decode()
    assert "Tìm thấy 3 tin bài" in html
    assert "Không liên quan" not in html
    html = search(client, "DAKRONG dai hoi").content.decode()
    assert "Tìm thấy 1 tin bài" in html and "Tin khác" in html


def test_it_finds_with_diacritics_too(client, make_article):
    make_article("Công tác cán bộ")
    assert "Tìm thấy 1 tin bài" in search(client, "cán bộ").content.decode()


def test_it_leaves_out_what_is_not_public(client, make_article):
    make_article("Bảo vệ chính trị nội bộ: bản nháp", status=ArticleStatus.DRAFT)
    make_article("Bảo vệ chính trị nội bộ: đã gỡ", status=ArticleStatus.WITHDRAWN)
    assert "Tìm thấy 0 tin bài" in search(client, "bao ve chinh tri").content.decode()


def test_the_query_is_escaped(client, make_article):
    html = search(client, '<script>alert("x")</script>').content.decode()
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;" in html


def test_it_is_paginated(client, make_article):
    for i in range(14):
        make_article(f"Công tác tổ chức số {i:02d}")
    html = search(client, "cong tac").content.decode()
    assert "Tìm thấy 14 tin bài" in html and "Trang 1 / 2" in html
    html = search(client, "cong tac", page=2).content.decode()
    assert "Công tác tổ chức số 00" in html


def test_an_empty_or_too_long_query_finds_nothing(client, make_article):
    make_article()
    assert "Tìm thấy" not in search(client, "").content.decode()
    assert search(client, "a" * 101).status_code == 400
