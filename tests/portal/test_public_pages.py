"""The public pages without login: the home page and its blocks, a category, an article with what search
engines read, the print view; what is not public answers 404; nothing internal shows."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tochuc.portal.choices import ArticleStatus
from tochuc.portal.services.events import event_save

pytestmark = pytest.mark.django_db


def url(article, name="portal:article"):
    return reverse(name, kwargs={"slug": article.slug, "pk": article.pk})


def test_the_home_page_shows_each_block(client, make_article, categories):
    featured = make_article("Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ ba", featured=True)
    latest = make_article("Sáp nhập xã, phường: sắp xếp tổ chức đảng ở cơ sở", category=categories[1])
    event_save(
        actor=None, title="Đại hội đại biểu Đảng bộ tỉnh lần thứ I", starts_on=timezone.localdate(), article=featured
    )
    response = client.get(reverse("portal:home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="vi"' in html
    assert 'id="featured-news"' in html and featured.title in html
    assert 'id="latest-news"' in html and latest.title in html
    assert 'id="featured-events"' in html and "Đại hội đại biểu Đảng bộ tỉnh lần thứ I" in html
    assert 'id="poll"' in html and 'id="stats"' in html
    for c in categories:
        assert reverse("portal:category", kwargs={"slug": c.slug}) in html
    assert 'href="#top"' in html and 'class="go-top"' in html


@pytest.mark.parametrize("status", [ArticleStatus.DRAFT, ArticleStatus.REVIEW, ArticleStatus.WITHDRAWN])
def test_an_article_not_published_answers_404(client, make_article, status):
    article = make_article("Bài chưa công bố", status=status)
    assert client.get(url(article)).status_code == 404
    assert client.get(url(article, "portal:article_print")).status_code == 404
    assert "Bài chưa công bố" not in client.get(reverse("portal:home")).content.decode()


def test_a_scheduled_article_answers_404_until_its_time(client, make_article):
    article = make_article("Bài hẹn giờ", publish_at=timezone.now() + timedelta(hours=1))
    assert client.get(url(article)).status_code == 404


def test_the_article_page_has_what_readers_and_search_engines_need(client, make_article):
    article = make_article(
        "Triển khai công tác tổ chức xây dựng Đảng năm 2026",
        lead="Ngày 15/01, Ban Tổ chức Tỉnh ủy tổ chức hội nghị triển khai nhiệm vụ năm 2026.",
        byline="Minh Anh",
        body="<h2>Kết quả năm 2025</h2><p>Toàn tỉnh kết nạp 2.150 đảng viên mới.</p>",
    )
    response = client.get(url(article))
    assert response.status_code == 200
    html = response.content.decode()
    assert f"<title>{article.title} | " in html
    assert '<meta name="description" content="Ngày 15/01, Ban Tổ chức Tỉnh ủy' in html
    canonical = f"http://testserver{url(article)}"
    assert f'<link rel="canonical" href="{canonical}">' in html
    assert '<meta property="og:type" content="article">' in html
    assert f'<meta property="og:title" content="{article.title}">' in html
    assert f'<meta property="og:url" content="{canonical}">' in html
    assert '<meta property="og:description" content="Ngày 15/01' in html
    assert "<h2>Kết quả năm 2025</h2>" in html
    assert "Minh Anh" in html
    local = timezone.localtime(article.publish_at)
    assert local.strftime("%d/%m/%Y %H:%M") in html
    assert 'class="view-count"' in html
    assert url(article, "portal:article_print") in html
    assert 'href="#top"' in html


def test_a_wrong_slug_redirects_to_the_article(client, make_article):
    article = make_article()
    response = client.get(reverse("portal:article", kwargs={"slug": "ten-cu", "pk": article.pk}))
    assert response.status_code == 301 and response["Location"] == url(article)


def test_the_article_page_lists_related_articles_of_its_category(client, make_article, categories):
    article = make_article("Bài chính")
    same = make_article("Bài cùng chuyên mục")
    other = make_article("Bài chuyên mục khác", category=categories[1])
    html = client.get(url(article)).content.decode()
    related = html.split("Tin cùng chuyên mục")[1]
    assert same.title in related and other.title not in related


def test_the_print_view_is_a_clean_page(client, make_article):
    article = make_article(byline="Minh Anh")
    response = client.get(url(article, "portal:article_print"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "portal/print.css" in html and "site-nav" not in html
    assert 'name="robots" content="noindex' in html
    assert "In bài này" in html and "data-print" in html
    assert "onclick" not in html


def test_a_category_page_is_paginated_and_a_hidden_one_answers_404(client, make_article, categories):
    for i in range(14):
        make_article(f"Tin hoạt động số {i:02d}")
    page = reverse("portal:category", kwargs={"slug": categories[0].slug})
    html = client.get(page).content.decode()
    assert "Tin hoạt động số 13" in html and "Tin hoạt động số 01" not in html
    assert "Trang 1 / 2" in html
    html = client.get(page + "?page=2").content.decode()
    assert "Tin hoạt động số 01" in html
    assert f'<link rel="canonical" href="http://testserver{page}?page=2">' in html
    from tochuc.portal.services.categories import category_save

    category_save(actor=None, category=categories[1], name=categories[1].name, is_active=False)
    assert client.get(reverse("portal:category", kwargs={"slug": categories[1].slug})).status_code == 404


def test_public_pages_reveal_nothing_internal(client, make_article, editor, chief, tree):
    article = make_article(byline="")
    for page in (
        reverse("portal:home"),
        url(article),
        reverse("portal:category", kwargs={"slug": article.category.slug}),
    ):
        html = client.get(page).content.decode()
        people = (editor.username, editor.full_name, chief.username, chief.full_name)
        internal = (tree.province.code + ".", tree.province.path, "/members/", "/orgs/", "/portal/office/")
        for secret in (*people, *internal, "csrfmiddlewaretoken"):
            assert secret not in html, (page, secret)
        assert "/accounts/login/" in html  # the one discreet link into the system


def test_a_logged_in_officer_sees_the_same_public_page(client, make_article, chief):
    make_article()
    client.force_login(chief)
    logged_in = client.get(reverse("portal:home")).content.decode()
    assert chief.username not in logged_in and chief.full_name not in logged_in
    assert "Đăng xuất" not in logged_in


def test_each_view_of_an_article_is_counted_even_from_the_cache(client, make_article):
    article = make_article()
    for _ in range(3):
        html = client.get(url(article)).content.decode()
    article.refresh_from_db()
    assert article.view_count == 3
    assert '<span class="view-count">3</span>' in html
    client.get(url(article, "portal:article_print"))
    client.get(reverse("portal:article", kwargs={"slug": "sai", "pk": article.pk}))  # a redirect
    article.refresh_from_db()
    assert article.view_count == 3
