"""The editorial office's pages and their permission boundaries: the office is for whoever may write or
publish news (403 otherwise); an editor sees no internal list (403) and cannot publish (403); the chief editor
returns, publishes (now or at a time) and withdraws through the pages; a draft is previewed by the office only;
an article outside the actor's subtree answers 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tochuc.portal.choices import ArticleStatus
from tochuc.portal.models import Article

pytestmark = pytest.mark.django_db


def detail(article, name="portal:article_detail"):
    return reverse(name, kwargs={"pk": article.pk})


def test_anonymous_users_are_sent_to_the_login(client):
    response = client.get(reverse("portal:office"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("persona", ["province_officer", "viewer", "cell_secretary", "admin_user"])
def test_the_office_is_refused_without_a_news_action(client, request, persona):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    expected = 200 if user.can("write_news") else 403
    assert client.get(reverse("portal:office")).status_code == expected


def test_an_editor_lands_on_the_office_and_is_refused_the_internal_lists(client, editor):
    client.force_login(editor)
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"] == reverse("portal:office")
    for name in ("members:list", "cadres:list", "congresses:list", "protection:list", "reports:index"):
        assert client.get(reverse(name)).status_code == 403, name


def test_an_editor_writes_saves_and_submits_through_the_pages(client, editor, category, audit_watch):
    client.force_login(editor)
    assert client.get(reverse("portal:article_create")).status_code == 200
    watch = audit_watch()
    response = client.post(
        reverse("portal:article_create"),
        {
            "category": category.pk,
            "title": "Hội nghị triển khai Nghị quyết",
            "lead": "Sáng nay, Ban Tổ chức Tỉnh ủy tổ chức hội nghị.",
            "body": '<p>Nội dung <img src=x onerror="alert(1)"></p>',
            "byline": "Minh Anh",
        },
    )
    article = Article.objects.get(title="Hội nghị triển khai Nghị quyết")
    assert response.status_code == 302 and response["Location"] == detail(article)
    assert "onerror" not in article.body and article.author == editor
    page = client.get(detail(article)).content.decode()
    assert "Gửi duyệt" in page and "Xuất bản" not in page.split('id="workflow"')[1].split("</section>")[0]
    assert client.post(detail(article, "portal:article_submit")).status_code == 302
    article.refresh_from_db()
    assert article.status == ArticleStatus.REVIEW
    assert [e.action for e in watch.events()] == ["article.create", "article.submit"]


def test_a_form_with_errors_answers_400_in_vietnamese(client, editor, category):
    client.force_login(editor)
    response = client.post(reverse("portal:article_create"), {"category": category.pk, "title": "", "body": ""})
    assert response.status_code == 400
    assert "Trường này là bắt buộc" in response.content.decode() or "bắt buộc" in response.content.decode()


def test_an_editor_cannot_publish_through_the_page(client, editor, make_article, nothing_written):
    article = make_article(status=ArticleStatus.REVIEW)
    client.force_login(editor)
    with nothing_written():
        assert client.post(detail(article, "portal:article_publish"), {"when": "now"}).status_code == 403
        assert client.post(detail(article, "portal:article_return"), {"note": "x"}).status_code == 403


def test_an_editor_cannot_open_the_edit_page_of_a_published_article(client, editor, make_article):
    article = make_article(author=editor)
    client.force_login(editor)
    assert client.get(detail(article, "portal:article_edit")).status_code == 403


def test_the_chief_editor_returns_with_a_note(client, chief, make_article):
    article = make_article(status=ArticleStatus.REVIEW)
    client.force_login(chief)
    response = client.post(detail(article, "portal:article_return"), {"note": "Bổ sung ảnh hội nghị"})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == ArticleStatus.DRAFT and article.review_note == "Bổ sung ảnh hội nghị"
    assert client.post(detail(article, "portal:article_submit")).status_code == 302  # a chief editor writes too


def test_the_chief_editor_schedules_then_publishes(client, chief, make_article):
    article = make_article(status=ArticleStatus.REVIEW)
    client.force_login(chief)
    response = client.post(
        detail(article, "portal:article_publish"), {"when": "later", "on": "01/01/2099", "at": "07:30"}
    )
    assert response.status_code == 400  # more than a year ahead
    response = client.post(detail(article, "portal:article_publish"), {"when": "later", "on": "", "at": ""})
    assert response.status_code == 400 and "Nhập ngày xuất bản" in response.content.decode()
    from django.utils import timezone

    tomorrow = timezone.localdate() + timezone.timedelta(days=1)
    response = client.post(
        detail(article, "portal:article_publish"), {"when": "later", "on": tomorrow.strftime("%d/%m/%Y"), "at": "07:30"}
    )
    assert response.status_code == 302
    article.refresh_from_db()
    local = timezone.localtime(article.publish_at)
    assert article.status == ArticleStatus.PUBLISHED and (local.date(), local.hour, local.minute) == (tomorrow, 7, 30)
    page = client.get(detail(article)).content.decode()
    assert "Hẹn giờ xuất bản" in page and f"07:30 {tomorrow:%d/%m/%Y}" in page
    assert client.post(detail(article, "portal:article_withdraw"), {"note": "Hoãn"}).status_code == 302
    article.refresh_from_db()
    assert article.status == ArticleStatus.WITHDRAWN


def test_the_preview_of_a_draft_is_for_the_office_only(client, editor, chief, make_article):
    article = make_article("Bản nháp chưa công bố", status=ArticleStatus.DRAFT)
    public = reverse("portal:article", kwargs={"slug": article.slug, "pk": article.pk})
    assert client.get(public).status_code == 404
    preview = detail(article, "portal:article_preview")
    assert client.get(preview).status_code == 302  # to the login
    client.force_login(chief)
    response = client.get(preview)
    assert response.status_code == 200 and "Bản xem trước" in response.content.decode()
    assert 'name="robots" content="noindex' in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_an_article_outside_the_scope_answers_404(client, commune_editor, make_article):
    article = make_article()
    client.force_login(commune_editor)
    assert client.get(detail(article)).status_code == 404
    assert client.get(detail(article, "portal:article_preview")).status_code == 404
    assert client.post(detail(article, "portal:article_submit")).status_code == 404


def test_the_list_filters_by_status_category_author_and_text(
    client, chief, editor, other_editor, make_article, categories
):
    make_article("Hội nghị tổng kết công tác tổ chức", author=editor, category=categories[0])
    make_article(
        "Quy hoạch cán bộ nhiệm kỳ mới", author=other_editor, category=categories[2], status=ArticleStatus.DRAFT
    )
    client.force_login(chief)
    url = reverse("portal:office")

    def titles(query):
        html = client.get(url + query).content.decode()
        return {t for t in ("Hội nghị tổng kết công tác tổ chức", "Quy hoạch cán bộ nhiệm kỳ mới") if t in html}

    assert len(titles("")) == 2
    assert titles("?status=draft") == {"Quy hoạch cán bộ nhiệm kỳ mới"}
    assert titles(f"?category={categories[0].pk}") == {"Hội nghị tổng kết công tác tổ chức"}
    assert titles(f"?author={other_editor.pk}") == {"Quy hoạch cán bộ nhiệm kỳ mới"}
    assert titles("?q=quy+hoach+can+bo") == {"Quy hoạch cán bộ nhiệm kỳ mới"}


def test_the_list_is_paginated(client, chief, make_article):
    for i in range(32):
        make_article(f"Bản nháp số {i}", status=ArticleStatus.DRAFT)
    client.force_login(chief)
    html = client.get(reverse("portal:office")).content.decode()
    assert "Trang 1 / 2" in html
