"""A recommendation from end to end: raised at the province's conference by Đông Hà, assigned, answered,
closed, reopened, answered again; who may do each step (the commune raises its own but does not assign it to
the province's bodies); every refusal names its field and writes nothing; conferences recorded and
corrected."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from tochuc.proposals.choices import ConferenceKind, RecommendationStatus, Topic
from tochuc.proposals.services.conferences import conference_create, conference_update
from tochuc.proposals.services.recommendations import (
    recommendation_answer,
    recommendation_assign,
    recommendation_close,
    recommendation_raise,
    recommendation_reopen,
)

S = RecommendationStatus
TOMORROW = timezone.localdate() + timedelta(days=1)


def test_a_recommendation_is_raised_assigned_answered_closed_and_reopened(
    raise_rec, province_officer, commune_officer, conference, tree, audit_watch
):
    watch = audit_watch()
    rec = raise_rec(
        actor=commune_officer,
        raised_by=tree.dh,
        topic=Topic.PART_TIME,
        content="Đề nghị có chính sách hỗ trợ người hoạt động không chuyên trách thôi việc sau sắp xếp.",
    )
    second = raise_rec(raised_by=tree.dh1, topic=Topic.POLICE)
    assert (rec.number, second.number, rec.status, rec.conference_id) == (1, 2, S.OPEN, conference.pk)

    recommendation_assign(
        actor=province_officer,
        recommendation=rec,
        assigned_to="Sở Nội vụ",
        assigned_on=date(2026, 1, 20),
        due_on=date(2026, 2, 27),
    )
    recommendation_assign(
        actor=province_officer,
        recommendation=rec,
        assigned_to="Ban Tổ chức Tỉnh ủy",
        assigned_on=date(2026, 1, 22),
        due_on=date(2026, 3, 13),
    )
    rec.refresh_from_db()
    assert (rec.status, rec.assigned_to, rec.due_on) == (S.ASSIGNED, "Ban Tổ chức Tỉnh ủy", date(2026, 3, 13))

    recommendation_answer(
        actor=province_officer,
        recommendation=rec,
        answer="Thực hiện theo Nghị định 154/2025.",
        answered_on=date(2026, 3, 20),
        answer_no="215-CV/BTCTU",
    )
    recommendation_close(
        actor=province_officer, recommendation=rec, closed_on=date(2026, 3, 25), closing_note="Địa phương thống nhất."
    )
    rec.refresh_from_db()
    assert (rec.status, rec.answer_no, rec.closed_on) == (S.CLOSED, "215-CV/BTCTU", date(2026, 3, 25))

    recommendation_reopen(
        actor=province_officer,
        recommendation=rec,
        reopened_on=date(2026, 4, 2),
        reason="Chưa có hướng dẫn mức hỗ trợ cụ thể.",
        due_on=date(2026, 4, 30),
    )
    rec.refresh_from_db()
    assert (rec.status, rec.answer, rec.answered_on, rec.closed_on, rec.due_on) == (
        S.ASSIGNED,
        "",
        None,
        None,
        date(2026, 4, 30),
    )
    assert rec.reopen_reason == "Chưa có hướng dẫn mức hỗ trợ cụ thể."
    recommendation_answer(
        actor=province_officer,
        recommendation=rec,
        answer="Mức hỗ trợ theo Nghị quyết HĐND tỉnh.",
        answered_on=date(2026, 4, 20),
    )
    events = watch.events()
    assert [e.action for e in events] == [
        "recommendation.raise",
        "recommendation.raise",
        "recommendation.assign",
        "recommendation.assign",
        "recommendation.answer",
        "recommendation.close",
        "recommendation.reopen",
        "recommendation.answer",
    ]
    reopen = events[6]
    assert reopen.changes["answer"]["before"] == "Thực hiện theo Nghị định 154/2025."  # the former answer is kept
    assert events[4].note == "Trả lời quá hạn."  # answered on 20/03 for a deadline of 13/03
    assert all(e.org_path == tree.dh.path for e in events if e.object_id == str(rec.pk))


def test_a_commune_raises_its_own_but_does_not_follow_up_the_provinces(
    raise_rec, commune_officer, tree, nothing_written
):
    rec = raise_rec(actor=commune_officer, raised_by=tree.dh)
    with nothing_written(), pytest.raises(PermissionDenied):
        recommendation_assign(
            actor=commune_officer,
            recommendation=rec,
            assigned_to="Công an tỉnh",
            assigned_on=date(2026, 1, 20),
            due_on=date(2026, 2, 20),
        )


def test_raising_for_an_org_outside_the_scope_is_not_found(raise_rec, outsider, tree, nothing_written):
    with nothing_written(), pytest.raises(Http404):
        raise_rec(actor=outsider, raised_by=tree.dh)


def test_a_commune_conference_is_not_found_for_the_neighbour(commune_officer, outsider, tree, nothing_written):
    ward = conference_create(
        actor=commune_officer,
        org=tree.dh,
        title="Hội nghị đối thoại với bí thư chi bộ",
        kind=ConferenceKind.DIALOGUE,
        held_on=date(2026, 4, 10),
    )
    with nothing_written(), pytest.raises(Http404):
        recommendation_raise(actor=outsider, conference=ward, raised_by=tree.lb, topic=Topic.OTHER, content="x")


def test_the_outsider_does_not_follow_up_dong_has_recommendation(raise_rec, outsider, nothing_written):
    rec = raise_rec()
    with nothing_written(), pytest.raises(Http404):
        recommendation_answer(actor=outsider, recommendation=rec, answer="x", answered_on=date(2026, 2, 1))


def test_raising_refuses_an_org_outside_the_conference_and_missing_content(
    commune_officer, province_officer, tree, raise_rec, refused
):
    ward = conference_create(
        actor=commune_officer,
        org=tree.dh,
        title="Hội nghị sơ kết 6 tháng",
        kind=ConferenceKind.REVIEW,
        held_on=date(2026, 7, 10),
    )
    with refused(field="raised_by"):  # Lao Bảo did not attend Đông Hà's conference
        recommendation_raise(
            actor=province_officer, conference=ward, raised_by=tree.lb, topic=Topic.OTHER, content="Kiến nghị"
        )
    with refused(field="content"):
        raise_rec(content="  ")
    with refused(field="topic"):
        raise_rec(topic="weather")


@pytest.fixture
def assigned_rec(raise_rec, province_officer):
    rec = raise_rec()
    return recommendation_assign(
        actor=province_officer,
        recommendation=rec,
        assigned_to="Công an tỉnh",
        assigned_on=date(2026, 1, 20),
        due_on=date(2026, 2, 20),
    )


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"assigned_to": " "}, "assigned_to"),
        ({"assigned_on": date(2026, 1, 14)}, "assigned_on"),  # before the conference
        ({"assigned_on": TOMORROW, "due_on": TOMORROW}, "assigned_on"),
        ({"due_on": date(2026, 1, 19)}, "due_on"),
    ],
)
def test_assigning_refuses_a_missing_body_and_bad_dates(raise_rec, province_officer, refused, values, field):
    rec = raise_rec()
    kwargs = {"assigned_to": "Công an tỉnh", "assigned_on": date(2026, 1, 20), "due_on": date(2026, 2, 20), **values}
    with refused(field=field):
        recommendation_assign(actor=province_officer, recommendation=rec, **kwargs)


def test_reassigning_does_not_go_back_in_time(assigned_rec, province_officer, refused):
    with refused(field="assigned_on"):
        recommendation_assign(
            actor=province_officer,
            recommendation=assigned_rec,
            assigned_to="Sở Nội vụ",
            assigned_on=date(2026, 1, 19),
            due_on=date(2026, 2, 20),
        )


def test_answering_and_closing_follow_their_order(raise_rec, assigned_rec, province_officer, refused):
    unassigned = raise_rec()
    with refused(field="answer"):
        recommendation_answer(
            actor=province_officer, recommendation=unassigned, answer="x", answered_on=date(2026, 2, 1)
        )
    with refused(field="closed_on"):  # closing needs an answer
        recommendation_close(actor=province_officer, recommendation=assigned_rec, closed_on=date(2026, 2, 1))
    with refused(field="answer"):
        recommendation_answer(
            actor=province_officer, recommendation=assigned_rec, answer="", answered_on=date(2026, 2, 1)
        )
    with refused(field="answered_on"):
        recommendation_answer(
            actor=province_officer, recommendation=assigned_rec, answer="Đã bố trí", answered_on=date(2026, 1, 19)
        )
    recommendation_answer(
        actor=province_officer, recommendation=assigned_rec, answer="Đã bố trí", answered_on=date(2026, 2, 10)
    )
    with refused(field="closed_on"):
        recommendation_close(actor=province_officer, recommendation=assigned_rec, closed_on=date(2026, 2, 9))
    with refused(field="assigned_to"):  # answered: reopen it instead of reassigning
        recommendation_assign(
            actor=province_officer,
            recommendation=assigned_rec,
            assigned_to="Sở Nội vụ",
            assigned_on=date(2026, 2, 11),
            due_on=date(2026, 3, 1),
        )


def test_reopening_needs_a_reason_and_a_new_deadline(assigned_rec, province_officer, refused):
    with refused(field="reopen_reason"):  # not answered yet
        recommendation_reopen(
            actor=province_officer,
            recommendation=assigned_rec,
            reopened_on=date(2026, 2, 1),
            reason="x",
            due_on=date(2026, 3, 1),
        )
    recommendation_answer(
        actor=province_officer, recommendation=assigned_rec, answer="Đã bố trí", answered_on=date(2026, 2, 10)
    )
    for values, field in [
        ({"reason": ""}, "reopen_reason"),
        ({"reopened_on": date(2026, 2, 9)}, "reopened_on"),
        ({"due_on": date(2026, 2, 11)}, "due_on"),
    ]:
        kwargs = {"reopened_on": date(2026, 2, 12), "reason": "Chưa đủ", "due_on": date(2026, 3, 12), **values}
        with refused(field=field):
            recommendation_reopen(actor=province_officer, recommendation=assigned_rec, **kwargs)


def test_conferences_are_recorded_once_held_and_corrected(province_officer, tree, conference, raise_rec, refused):
    with refused(field="held_on"):
        conference_create(
            actor=province_officer,
            org=tree.province,
            title="Hội nghị sắp tới",
            kind=ConferenceKind.REVIEW,
            held_on=TOMORROW,
        )
    with refused(field="title"):  # the same conference twice
        conference_create(
            actor=province_officer,
            org=tree.province,
            title=conference.title.upper(),
            kind=ConferenceKind.REVIEW,
            held_on=conference.held_on,
        )
    with refused(field="kind"):
        conference_create(
            actor=province_officer, org=tree.province, title="Hội nghị", kind="party", held_on=date(2026, 2, 1)
        )
    rec = raise_rec()
    recommendation_assign(
        actor=province_officer,
        recommendation=rec,
        assigned_to="Công an tỉnh",
        assigned_on=date(2026, 1, 20),
        due_on=date(2026, 2, 20),
    )
    with refused(field="held_on"):  # after a recommendation raised at it was already assigned
        conference_update(
            actor=province_officer,
            conference=conference,
            title=conference.title,
            kind=conference.kind,
            held_on=date(2026, 1, 21),
        )
    conference_update(
        actor=province_officer,
        conference=conference,
        title=conference.title,
        kind=conference.kind,
        held_on=date(2026, 1, 16),
        place="Trung tâm Hội nghị tỉnh",
    )
    conference.refresh_from_db()
    assert (conference.held_on, conference.place) == (date(2026, 1, 16), "Trung tâm Hội nghị tỉnh")
