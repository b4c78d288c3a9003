"""The editorial office's polls: an editor writes a poll (2 to 10 options) that stays hidden; a chief editor shows
it, hides it, closes it early; once voted the question and options are frozen; every write is audited and the
scope (the author's org) and the roles are enforced."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tochuc.accounts.roles import Role
from tochuc.core.errors import DomainError
from tochuc.core.models import AuditEvent
from tochuc.portal.models import Option, Poll
from tochuc.portal.services.polls import poll_close, poll_create, poll_show, poll_update, poll_vote

pytestmark = pytest.mark.django_db


def fmt(dt) -> str:
    return timezone.localtime(dt).strftime("%d/%m/%Y %H:%M")


def form_data(**overrides) -> dict:
    now = timezone.now()
    data = {
        "question": "Nội dung nào bạn muốn cổng thông tin đăng nhiều hơn?",
        "opens_at": fmt(now - timedelta(minutes=5)),
        "closes_at": fmt(now + timedelta(days=10)),
        "options": "Hoạt động của cấp ủy\nCông tác cán bộ\n\nHướng dẫn nghiệp vụ\n",
    }
    data.update(overrides)
    return data


def create(actor, **overrides) -> Poll:
    now = timezone.now()
    values = {
        "question": "Câu hỏi?",
        "opens_at": now - timedelta(hours=1),
        "closes_at": now + timedelta(days=3),
        "options": ["Có", "Không"],
    }
    values.update(overrides)
    return poll_create(actor=actor, **values)


def test_an_editor_creates_a_hidden_poll(client, editor):
    client.force_login(editor)
    response = client.post(reverse("portal:office_poll_create"), form_data())
    assert response.status_code == 302
    poll = Poll.objects.get()
    assert response["Location"] == reverse("portal:office_poll", args=[poll.pk])
    assert not poll.is_active
    assert list(poll.options.values_list("text", "position")) == [
        ("Hoạt động của cấp ủy", 1),
        ("Công tác cán bộ", 2),
        ("Hướng dẫn nghiệp vụ", 3),
    ]
    event = AuditEvent.objects.get(action="poll.save", object_type="portal.poll", object_id=str(poll.pk))
    assert event.actor == editor and event.org_path == editor.org.path
    assert event.changes["options"]["after"] == ["Hoạt động của cấp ủy", "Công tác cán bộ", "Hướng dẫn nghiệp vụ"]
    # The editor has no "show now" box; the public sees nothing yet.
    assert 'name="show"' not in client.get(reverse("portal:office_poll_create")).content.decode()
    assert "Hiện tại không có bình chọn nào đang hoạt động." in client.get(reverse("portal:home")).content.decode()


def test_a_chief_editor_may_show_a_poll_at_once(client, chief):
    client.force_login(chief)
    response = client.post(reverse("portal:office_poll_create"), form_data(show="on"))
    assert response.status_code == 302
    poll = Poll.objects.get()
    assert poll.is_active
    assert poll.question in client.get(reverse("portal:home")).content.decode()


@pytest.mark.parametrize(("options", "count"), [("Chỉ một", 1), ("\n".join(f"Phương án {n}" for n in range(11)), 11)])
def test_it_needs_two_to_ten_options(client, editor, options, count):
    client.force_login(editor)
    response = client.post(reverse("portal:office_poll_create"), form_data(options=options))
    assert response.status_code == 400
    assert f"Cần từ 2 đến 10 phương án (đang có {count})." in response.content.decode()
    assert not Poll.objects.exists()


def test_it_refuses_duplicate_options_and_a_closing_before_the_opening(client, editor):
    client.force_login(editor)
    response = client.post(reverse("portal:office_poll_create"), form_data(options="Có\ncó \nKhông"))
    assert "Phương án «có» bị trùng." in response.content.decode()
    now = timezone.now()
    response = client.post(
        reverse("portal:office_poll_create"),
        form_data(opens_at=fmt(now + timedelta(days=2)), closes_at=fmt(now + timedelta(days=1))),
    )
    assert response.status_code == 400
    assert "Thời điểm đóng phải sau thời điểm mở." in response.content.decode()
    response = client.post(reverse("portal:office_poll_create"), form_data(opens_at="31/02/2026 08:00"))
    assert "Nhập thời điểm theo dạng dd/mm/yyyy hh:mm" in response.content.decode()
    assert not Poll.objects.exists()


def test_an_editor_cannot_show_hide_or_close_a_poll(client, editor):
    poll = create(editor)
    client.force_login(editor)
    for name in ("office_poll_show", "office_poll_hide", "office_poll_close"):
        assert client.post(reverse(f"portal:{name}", args=[poll.pk])).status_code == 403
    poll.refresh_from_db()
    assert not poll.is_active


def test_a_chief_editor_shows_hides_and_closes_early(client, editor, chief):
    poll = create(editor)
    client.force_login(chief)
    assert client.post(reverse("portal:office_poll_show", args=[poll.pk])).status_code == 302
    poll.refresh_from_db()
    assert poll.is_active
    assert poll.question in client.get(reverse("portal:home")).content.decode()
    assert client.post(reverse("portal:office_poll_close", args=[poll.pk])).status_code == 302
    poll.refresh_from_db()
    assert poll.closes_at <= timezone.now()
    assert "Hiện tại không có bình chọn nào đang hoạt động." in client.get(reverse("portal:home")).content.decode()
    assert client.post(reverse("portal:office_poll_hide", args=[poll.pk])).status_code == 302
    poll.refresh_from_db()
    assert not poll.is_active
    events = AuditEvent.objects.filter(object_type="portal.poll", object_id=str(poll.pk)).order_by("pk")
    actions = list(events.values_list("action", flat=True))
    assert actions == ["poll.save", "poll.show", "poll.close", "poll.hide"]


def test_a_leader_may_publish_but_not_write(client, leader, editor):
    poll = create(editor)
    client.force_login(leader)
    assert client.get(reverse("portal:office_polls")).status_code == 200
    assert client.get(reverse("portal:office_poll_create")).status_code == 403
    assert client.post(reverse("portal:office_poll_show", args=[poll.pk])).status_code == 302


def test_an_editor_cannot_edit_a_shown_poll(client, editor, chief):
    poll = create(editor)
    poll_show(actor=chief, poll=poll)
    client.force_login(editor)
    response = client.post(reverse("portal:office_poll_edit", args=[poll.pk]), form_data(question="Đổi câu hỏi?"))
    assert response.status_code == 403
    assert Poll.objects.get().question == "Câu hỏi?"


def test_a_voted_poll_keeps_its_question_and_options(chief):
    poll = create(chief, show=True)
    poll_vote(poll_id=poll.pk, option_id=poll.options.first().pk, voter="c" * 64, ip="192.0.2.3")
    values = {"question": poll.question, "opens_at": poll.opens_at, "closes_at": poll.closes_at}
    with pytest.raises(DomainError, match="đã có phiếu"):
        poll_update(actor=chief, poll=poll, **{**values, "question": "Khác?"}, options=["Có", "Không"])
    with pytest.raises(DomainError, match="đã có phiếu"):
        poll_update(actor=chief, poll=poll, **values, options=["Có", "Không", "Chưa rõ"])
    later = poll.closes_at + timedelta(days=5)
    poll_update(actor=chief, poll=poll, **{**values, "closes_at": later}, options=["Có", "Không"])
    poll.refresh_from_db()
    assert poll.closes_at == later
    assert Option.objects.filter(poll=poll).count() == 2 and sum(o.votes for o in poll.options.all()) == 1


def test_a_poll_without_votes_is_edited_and_its_options_replaced(client, editor):
    poll = create(editor)
    client.force_login(editor)
    response = client.post(
        reverse("portal:office_poll_edit", args=[poll.pk]),
        form_data(question="Câu hỏi đã sửa?", options="Một\nHai\nBa"),
    )
    assert response.status_code == 302
    poll.refresh_from_db()
    assert poll.question == "Câu hỏi đã sửa?"
    assert list(poll.options.values_list("text", flat=True)) == ["Một", "Hai", "Ba"]


def test_a_poll_with_votes_cannot_be_deleted(client, chief):
    poll = create(chief, show=True)
    empty = create(chief, question="Chưa có phiếu?")
    poll_vote(poll_id=poll.pk, option_id=poll.options.first().pk, voter="d" * 64, ip="192.0.2.4")
    client.force_login(chief)
    client.post(reverse("portal:office_poll_delete", args=[poll.pk]))
    assert Poll.objects.filter(pk=poll.pk).exists()
    assert client.post(reverse("portal:office_poll_delete", args=[empty.pk])).status_code == 302
    assert not Poll.objects.filter(pk=empty.pk).exists()
    assert AuditEvent.objects.filter(action="poll.delete", object_id=str(empty.pk)).exists()


def test_closing_refuses_a_poll_not_yet_open(chief):
    poll = create(chief, opens_at=timezone.now() + timedelta(days=1), closes_at=timezone.now() + timedelta(days=2))
    with pytest.raises(DomainError, match="chưa mở"):
        poll_close(actor=chief, poll=poll)


def test_the_office_sees_its_scope_only(client, editor, commune_editor):
    province_poll = create(editor, question="Của tỉnh?")
    commune_poll = create(commune_editor, question="Của phường?")
    client.force_login(commune_editor)
    html = client.get(reverse("portal:office_polls")).content.decode()
    assert commune_poll.question in html and province_poll.question not in html
    assert client.get(reverse("portal:office_poll", args=[province_poll.pk])).status_code == 404
    assert client.get(reverse("portal:office_poll_edit", args=[province_poll.pk])).status_code == 404
    client.force_login(editor)
    html = client.get(reverse("portal:office_polls")).content.decode()
    assert commune_poll.question in html and province_poll.question in html


def test_officers_without_a_news_role_are_refused(client, province_officer, viewer, outsider):
    for user in (province_officer, viewer, outsider):
        client.force_login(user)
        assert client.get(reverse("portal:office_polls")).status_code == 403
        assert client.get(reverse("portal:office_poll_create")).status_code == 403


def test_the_office_pages_need_a_login(client, editor):
    poll = create(editor)
    for url in (reverse("portal:office_polls"), reverse("portal:office_poll", args=[poll.pk])):
        response = client.get(url)
        assert response.status_code == 302 and reverse("login") in response["Location"]


def test_the_office_page_shows_results_and_the_list_its_counts(client, chief, make_user, tree):
    poll = create(chief, show=True, options=["Có", "Không", "Chưa rõ"])
    a, b, _ = poll.options.values_list("pk", flat=True)
    member = make_user("docgia", Role.VIEWER, tree.province)
    poll_vote(poll_id=poll.pk, option_id=a, voter="e" * 64, user=member, ip="192.0.2.5")
    poll_vote(poll_id=poll.pk, option_id=a, voter="f" * 64, ip="192.0.2.5")
    poll_vote(poll_id=poll.pk, option_id=b, voter="0" * 64, ip="192.0.2.6")
    client.force_login(chief)
    html = client.get(reverse("portal:office_poll", args=[poll.pk])).content.decode()
    assert "66,7%" in html and "33,3%" in html
    assert "Trong đó 1 phiếu của người dùng đã đăng nhập; phiếu đến từ 2 địa chỉ mạng khác nhau." in html
    listing = client.get(reverse("portal:office_polls"), {"state": "open"}).content.decode()
    assert poll.question in listing and "Đang diễn ra" in listing
    assert poll.question not in client.get(reverse("portal:office_polls"), {"state": "hidden"}).content.decode()
