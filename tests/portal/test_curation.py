"""What the office curates: the categories of the menu and the featured-events block. Added, changed, put in
order, hidden, deleted by whoever may publish (an editor gets 403), audited, and shown on the public pages at
once (the cache generation moves)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from tochuc.portal import cache
from tochuc.portal.models import Category, FeaturedEvent
from tochuc.portal.services.categories import category_delete, category_move, category_save
from tochuc.portal.services.events import event_delete, event_move, event_save

pytestmark = pytest.mark.django_db


def test_categories_are_appended_moved_and_audited(chief, audit_watch, db):
    watch = audit_watch()
    a = category_save(actor=chief, name="Tin hoạt động")
    b = category_save(actor=chief, name="Công tác tổ chức")
    c = category_save(actor=chief, name="Công tác cán bộ")
    assert [a.position, b.position, c.position] == [1, 2, 3]
    before = cache.generation()
    category_move(actor=chief, category=c, up=True)
    assert list(Category.objects.order_by("position").values_list("name", flat=True)) == [
        "Tin hoạt động",
        "Công tác cán bộ",
        "Công tác tổ chức",
    ]
    assert cache.generation() != before
    assert [e.action for e in watch.events()] == ["category.save"] * 4


def test_a_category_name_is_unique_whatever_its_diacritics(chief, refused, db):
    category_save(actor=chief, name="Công tác cán bộ")
    with refused(field="name"):
        category_save(actor=chief, name="cong tac can bo")


def test_a_category_with_articles_is_hidden_not_deleted(chief, make_article, category, categories, refused):
    make_article()
    with refused(field=None):
        category_delete(actor=chief, category=category)
    empty = categories[2]
    category_delete(actor=chief, category=empty)
    assert not Category.objects.filter(pk=empty.pk).exists()


def test_an_editor_cannot_curate(editor, category, nothing_written):
    with nothing_written():
        with pytest.raises(PermissionDenied):
            category_save(actor=editor, name="Chuyên mục mới")
        with pytest.raises(PermissionDenied):
            event_save(actor=editor, title="Sự kiện", starts_on=date(2026, 1, 1))


def test_events_link_to_an_article_or_an_address_not_both(chief, make_article, refused):
    article = make_article()
    with refused(field="url"):
        event_save(actor=chief, title="Sự kiện", starts_on=date(2026, 1, 1), article=article, url="https://a.vn")
    with refused(field="url"):
        event_save(actor=chief, title="Sự kiện", starts_on=date(2026, 1, 1), url="javascript:alert(1)")
    with refused(field="ends_on"):
        event_save(actor=chief, title="Sự kiện", starts_on=date(2026, 1, 2), ends_on=date(2026, 1, 1))


def test_events_are_ordered_moved_deleted_and_audited(chief, audit_watch, db):
    watch = audit_watch()
    first = event_save(
        actor=chief, title="Đại hội Đảng bộ tỉnh", starts_on=date(2025, 9, 20), ends_on=date(2025, 9, 22)
    )
    second = event_save(
        actor=chief, title="Kỷ niệm 95 năm Ngày truyền thống ngành Tổ chức", starts_on=date(2025, 10, 14)
    )
    event_move(actor=chief, event=second, up=True)
    assert list(FeaturedEvent.objects.order_by("position").values_list("pk", flat=True)) == [second.pk, first.pk]
    before = cache.generation()
    event_delete(actor=chief, event=first)
    assert cache.generation() != before
    assert [e.action for e in watch.events()] == ["event.save", "event.save", "event.save", "event.delete"]


def test_the_home_page_shows_active_events_in_order_without_links_to_hidden_articles(client, chief, make_article):
    from tochuc.portal.choices import ArticleStatus

    withdrawn = make_article("Bài đã gỡ", status=ArticleStatus.WITHDRAWN)
    event_save(actor=chief, title="Sự kiện thứ hai", starts_on=date(2026, 2, 1), position=2, article=withdrawn)
    event_save(
        actor=chief, title="Sự kiện thứ nhất", starts_on=date(2026, 1, 1), position=1, url="https://example.vn/a"
    )
    event_save(actor=chief, title="Sự kiện đã ẩn", starts_on=date(2026, 1, 1), is_active=False)
    html = client.get(reverse("portal:home")).content.decode()
    block = html.split('id="featured-events"')[1].split("</section>")[0]
    assert block.index("Sự kiện thứ nhất") < block.index("Sự kiện thứ hai")
    assert "Sự kiện đã ẩn" not in block
    assert withdrawn.slug not in block
    assert 'href="https://example.vn/a" rel="noopener noreferrer"' in block
    assert "01/01/2026" in block


def test_the_pages_of_curation(client, chief, editor, make_article, category):
    article = make_article()
    client.force_login(chief)
    assert client.get(reverse("portal:category_list")).status_code == 200
    response = client.post(reverse("portal:category_create"), {"name": "Văn bản, hướng dẫn", "is_active": "on"})
    assert response.status_code == 302 and Category.objects.filter(slug="van-ban-huong-dan").exists()
    response = client.post(
        reverse("portal:event_create"),
        {"title": "Hội nghị tổng kết", "starts_on": "15/01/2026", "article": article.pk, "is_active": "on"},
    )
    assert response.status_code == 302
    assert FeaturedEvent.objects.get(title="Hội nghị tổng kết").article == article
    assert client.get(reverse("portal:event_list")).status_code == 200
    client.force_login(editor)
    assert client.get(reverse("portal:category_list")).status_code == 200  # the office sees the menu
    assert client.get(reverse("portal:category_create")).status_code == 403
    assert client.post(reverse("portal:category_create"), {"name": "X"}).status_code == 403
    assert client.get(reverse("portal:event_create")).status_code == 403
    assert (
        client.post(reverse("portal:category_move", kwargs={"pk": category.pk}), {"direction": "up"}).status_code == 403
    )
