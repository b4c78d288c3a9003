"""Slugs come from the Vietnamese names, folded (no diacritics, đ -> d), and are unique."""

from __future__ import annotations

import pytest

from tochuc.portal import rules
from tochuc.portal.services.categories import category_save

pytestmark = pytest.mark.django_db


def test_it_folds_vietnamese_into_a_slug():
    assert rules.slug_base("Bảo vệ chính trị nội bộ") == "bao-ve-chinh-tri-noi-bo"
    assert rules.slug_base("Đảng bộ tỉnh: Đại hội lần thứ I!") == "dang-bo-tinh-dai-hoi-lan-thu-i"
    assert rules.slug_base("!!!") == "bai-viet"


def test_a_long_title_is_cut_at_a_word():
    slug = rules.slug_base("Triển khai công tác tổ chức xây dựng Đảng " * 10)
    assert len(slug) <= rules.SLUG_LENGTH
    assert not slug.endswith("-")
    assert slug.split("-")[-1] in rules.slug_base("Triển khai công tác tổ chức xây dựng Đảng").split("-")


def test_article_slugs_are_unique(make_article):
    a = make_article("Công tác cán bộ năm 2026")
    b = make_article("Công tác cán bộ năm 2026")
    c = make_article("Công tác cán bộ năm 2026")
    assert [a.slug, b.slug, c.slug] == [
        "cong-tac-can-bo-nam-2026",
        "cong-tac-can-bo-nam-2026-2",
        "cong-tac-can-bo-nam-2026-3",
    ]


def test_category_slugs_are_unique_and_follow_a_rename(db):
    a = category_save(actor=None, name="Văn bản, hướng dẫn")
    assert a.slug == "van-ban-huong-dan"
    b = category_save(actor=None, name="Văn bản - hướng dẫn mới")
    b = category_save(actor=None, category=b, name="Văn bản hướng dẫn")
    assert b.slug == "van-ban-huong-dan-2"
