"""The editorial workflow through the services: an editor writes, changes their draft and submits; the chief
editor (or a leader) returns it with a note, publishes it (now or at a time) or withdraws it; an editor cannot
publish (403); an article under review or published is changed only by whoever may publish, and a published
article corrected by the chief editor stays published; a writer takes an article back from review or after its
withdrawal. Every step is audited; what the public sees renders the public pages anew."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from tochuc.accounts.roles import Role
from tochuc.portal import cache
from tochuc.portal.choices import ArticleStatus
from tochuc.portal.services import articles as services

pytestmark = pytest.mark.django_db

BODY = "<p>Nội dung.</p>"


def write(actor, category, title="Bài viết mới", **extra):
    return services.article_create(actor=actor, category=category, title=title, body=BODY, **extra)


def test_an_editor_writes_a_draft_of_their_org_with_themselves_as_author(editor, category, tree, audit_watch):
    watch = audit_watch()
    article = write(editor, category, lead="Sapo", byline="Minh Anh")
    assert article.status == ArticleStatus.DRAFT
    assert article.author == editor and article.org == tree.province
    assert article.publish_at is None
    [event] = watch.events()
    assert event.action == "article.create" and event.actor == editor
    assert event.org_path == tree.province.path
    assert event.changes["title"]["after"] == "Bài viết mới"


def test_it_refuses_an_empty_title_or_body(editor, category, refused):
    with refused(field="title"):
        services.article_create(actor=editor, category=category, title="  ", body=BODY)
    with refused(field="body"):
        services.article_create(actor=editor, category=category, title="Tiêu đề", body="<script>x()</script>")


def test_it_stores_the_body_sanitized_with_its_words_folded(editor, category):
    article = services.article_create(
        actor=editor,
        category=category,
        title="Tổ chức Đảng",
        body='<p onclick="x()">Công tác <b>cán bộ</b></p><script>alert(1)</script>',
    )
    assert article.body == "<p>Công tác <b>cán bộ</b></p>"
    assert article.body_text == "Công tác cán bộ"
    assert "to chuc dang" in article.search_folded and "cong tac can bo" in article.search_folded


def test_the_full_workflow_is_audited_step_by_step(editor, chief, category, audit_watch):
    watch = audit_watch()
    article = write(editor, category)
    article = services.article_submit(actor=editor, article=article)
    assert article.status == ArticleStatus.REVIEW
    article = services.article_return(actor=chief, article=article, note="Bổ sung số liệu tháng 6")
    assert article.status == ArticleStatus.DRAFT and article.review_note == "Bổ sung số liệu tháng 6"
    article = services.article_update(
        actor=editor, article=article, category=category, title="Bài viết đã sửa", body=BODY
    )
    article = services.article_submit(actor=editor, article=article)
    article = services.article_publish(actor=chief, article=article)
    assert article.status == ArticleStatus.PUBLISHED and article.published_by == chief
    assert article.review_note == "" and article.publish_at <= timezone.now()
    article = services.article_withdraw(actor=chief, article=article, note="Thông tin chưa chính xác")
    assert article.status == ArticleStatus.WITHDRAWN
    article = services.article_redraft(actor=editor, article=article)
    assert article.status == ArticleStatus.DRAFT
    events = watch.events()
    assert [e.action for e in events] == [
        "article.create",
        "article.submit",
        "article.return",
        "article.update",
        "article.submit",
        "article.publish",
        "article.withdraw",
        "article.redraft",
    ]
    assert events[2].note == "Bổ sung số liệu tháng 6" and events[2].actor == chief
    assert events[6].note == "Thông tin chưa chính xác"
    assert events[5].changes["status"] == {"before": "review", "after": "published"}


def test_an_editor_cannot_publish_return_or_withdraw(editor, chief, category, make_article, nothing_written):
    article = services.article_submit(actor=editor, article=write(editor, category))
    published = make_article()
    with nothing_written():
        with pytest.raises(PermissionDenied):
            services.article_publish(actor=editor, article=article)
        with pytest.raises(PermissionDenied):
            services.article_return(actor=editor, article=article, note="x")
        with pytest.raises(PermissionDenied):
            services.article_withdraw(actor=editor, article=published)


def test_a_leader_publishes_but_does_not_write(leader, editor, category):
    article = services.article_submit(actor=editor, article=write(editor, category))
    assert services.article_publish(actor=leader, article=article).status == ArticleStatus.PUBLISHED
    with pytest.raises(PermissionDenied):
        write(leader, category)


def test_an_editor_changes_only_their_own_drafts(editor, other_editor, category):
    article = write(editor, category)
    with pytest.raises(PermissionDenied):
        services.article_update(actor=other_editor, article=article, category=category, title="Chiếm", body=BODY)
    with pytest.raises(PermissionDenied):
        services.article_submit(actor=other_editor, article=article)


def test_an_editor_cannot_change_an_article_under_review_or_published(editor, category, make_article):
    in_review = services.article_submit(actor=editor, article=write(editor, category))
    with pytest.raises(PermissionDenied):
        services.article_update(actor=editor, article=in_review, category=category, title="Sửa", body=BODY)
    published = make_article(author=editor)
    with pytest.raises(PermissionDenied):
        services.article_update(actor=editor, article=published, category=category, title="Sửa", body=BODY)


def test_the_chief_editor_corrects_a_published_article_in_place(chief, make_article, category, audit_watch):
    article = make_article("Hội nghị sơ kết")
    slug, generation = article.slug, cache.generation()
    watch = audit_watch()
    article = services.article_update(
        actor=chief, article=article, category=category, title="Hội nghị sơ kết 6 tháng", body="<p>Đã sửa.</p>"
    )
    assert article.status == ArticleStatus.PUBLISHED
    assert article.slug == slug  # links already shared keep working
    assert cache.generation() != generation
    [event] = watch.events()
    assert event.action == "article.update" and "title" in event.changes and "body" in event.changes


def test_a_draft_follows_its_new_title_in_its_slug(editor, category):
    article = write(editor, category, title="Tiêu đề tạm")
    article = services.article_update(
        actor=editor, article=article, category=category, title="Tiêu đề chính thức", body=BODY
    )
    assert article.slug == "tieu-de-chinh-thuc"


def test_the_steps_open_only_from_their_statuses(editor, chief, category, refused):
    draft = write(editor, category)
    with refused(field=None):
        services.article_return(actor=chief, article=draft, note="x")
    with refused(field=None):
        services.article_withdraw(actor=chief, article=draft)
    with refused(field=None):
        services.article_redraft(actor=editor, article=draft)
    in_review = services.article_submit(actor=editor, article=draft)
    with refused(field="note"):
        services.article_return(actor=chief, article=in_review, note="  ")


def test_a_chief_editor_may_publish_their_own_draft_directly(chief, category):
    article = write(chief, category)
    assert services.article_publish(actor=chief, article=article).status == ArticleStatus.PUBLISHED


def test_a_public_article_cannot_be_published_again_but_a_scheduled_one_gets_a_new_time(chief, make_article, refused):
    public = make_article()
    with refused(field=None):
        services.article_publish(actor=chief, article=public)
    later = timezone.now() + timedelta(days=2)
    scheduled = make_article("Bài hẹn giờ", publish_at=later)
    sooner = timezone.now() + timedelta(hours=3)
    scheduled = services.article_publish(actor=chief, article=scheduled, publish_at=sooner)
    assert scheduled.publish_at == sooner


def test_a_scheduled_time_more_than_a_year_ahead_is_refused(chief, editor, category, refused):
    article = write(editor, category)
    with refused(field="publish_at"):
        services.article_publish(actor=chief, article=article, publish_at=timezone.now() + timedelta(days=400))


def test_an_editor_of_a_commune_does_not_see_the_provinces_articles(commune_editor, make_article, category):
    article = make_article()
    with pytest.raises(Http404):
        services.article_update(actor=commune_editor, article=article, category=category, title="x", body=BODY)


def test_a_commune_editor_writes_for_their_commune(commune_editor, category, tree):
    assert write(commune_editor, category).org == tree.dh


def test_publishing_and_withdrawing_change_the_cache_generation(editor, chief, category):
    article = services.article_submit(actor=editor, article=write(editor, category))
    before = cache.generation()
    article = services.article_publish(actor=chief, article=article)
    after_publish = cache.generation()
    assert after_publish != before
    services.article_withdraw(actor=chief, article=article)
    assert cache.generation() != after_publish


def test_a_draft_changed_does_not_touch_the_public_pages(editor, category):
    article = write(editor, category)
    before = cache.generation()
    services.article_update(actor=editor, article=article, category=category, title="Nháp khác", body=BODY)
    services.article_submit(actor=editor, article=article)
    assert cache.generation() == before


def test_a_hidden_category_takes_no_new_article(editor, categories, refused):
    from tochuc.portal.services.categories import category_save

    hidden = category_save(actor=None, category=categories[2], name=categories[2].name, is_active=False)
    with refused(field="category"):
        services.article_create(actor=editor, category=hidden, title="Bài", body=BODY)


def test_a_user_without_news_rights_writes_nothing(make_user, tree, category):
    officer = make_user("cb.tin", Role.OFFICER, tree.province)
    with pytest.raises(PermissionDenied):
        write(officer, category)
