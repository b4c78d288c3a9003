"""A rating end to end: listed, self-assessed on its form, appraised with a proposed level, decided by the level
above, reopened with a reason and decided again; each step audited with its changes."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from tochuc.ratings.choices import Form, Rating, Stage, SubjectKind
from tochuc.ratings.models import Entry
from tochuc.ratings.services.decisions import entry_decide, entry_reopen
from tochuc.ratings.services.entries import entry_appraise, entry_self_assess


def test_a_member_goes_from_self_assessment_to_decision_and_back(tree, listed, steps, commune_officer, audit_watch):
    member = tree.members["44.DH.01"][1]
    entry = steps.entry_of(listed, member)
    assert (entry.stage, entry.form, entry.org_id) == (Stage.PENDING, Form.F2C, tree.dh1.pk)
    watch = audit_watch()

    entry_self_assess(
        actor=commune_officer, entry=entry, self_score="92,5", self_level=Rating.EXCELLENT, self_on=steps.self_on,
        self_note="Hoàn thành tốt các nhiệm vụ được giao.", **steps.all_met,
    )  # fmt: skip
    entry.refresh_from_db()
    assert (entry.stage, entry.self_score, entry.self_level) == (Stage.SELF, Decimal("92.50"), Rating.EXCELLENT)

    # The cell finds one task late: no longer "excellent" nor "good"; it proposes "completed" on 88 points.
    entry_appraise(
        actor=commune_officer, entry=entry, appraisal_score=88, appraisal_level=Rating.COMPLETED,
        appraised_on=steps.appraised_on, appraisal_note="Một nhiệm vụ chậm tiến độ.", tasks_on_time=9,
    )  # fmt: skip
    entry.refresh_from_db()
    assert (entry.stage, entry.appraisal_level, entry.tasks_on_time, entry.tasks_total) == (
        Stage.APPRAISED, Rating.COMPLETED, 9, 10,
    )  # fmt: skip

    result = entry_decide(
        actor=commune_officer, entry=entry, level=Rating.COMPLETED, decided_on=steps.decided_on, decision_no="15-QĐ/ĐU"
    )
    entry.refresh_from_db()
    assert not result.warnings
    assert (entry.stage, entry.level, entry.decided_on) == (Stage.DECIDED, Rating.COMPLETED, steps.decided_on)
    # The default deciding body of a member of a grassroots cell: the cell itself.
    assert entry.decided_by == "Chi bộ khu phố 1"

    entry_reopen(actor=commune_officer, entry=entry, reason="Đảng viên có đơn đề nghị xem xét lại.")
    entry.refresh_from_db()
    assert (entry.stage, entry.level, entry.decided_on, entry.decision_no) == (Stage.APPRAISED, "", None, "")

    entry_decide(actor=commune_officer, entry=entry, level=Rating.COMPLETED, decided_on=steps.decided_on)
    entry.refresh_from_db()
    assert entry.level == Rating.COMPLETED

    events = watch.events()
    assert [e.action for e in events] == [
        "rating.self", "rating.appraise", "rating.decide", "rating.reopen", "rating.decide",
    ]  # fmt: skip
    assert events[0].changes["self_level"] == {"before": "", "after": Rating.EXCELLENT}
    assert events[1].changes["tasks_on_time"] == {"before": 10, "after": 9}
    assert events[3].note == "Đảng viên có đơn đề nghị xem xét lại."
    assert events[3].changes["level"] == {"before": Rating.COMPLETED, "after": ""}
    assert all(e.org_path == tree.dh1.path for e in events)


def test_an_org_is_rated_by_the_standing_committee_above_it(tree, listed, steps, province_officer):
    entry = steps.entry_of(listed, tree.dh)
    assert entry.form == Form.F01 and entry.kind == SubjectKind.ORG
    steps.self_assess(entry, 91, Rating.EXCELLENT)
    steps.appraise(entry, Rating.EXCELLENT)
    steps.decide(entry, Rating.EXCELLENT, actor=province_officer)
    entry.refresh_from_db()
    assert entry.level == Rating.EXCELLENT
    assert entry.decided_by == "Ban Thường vụ Tỉnh ủy Quảng Trị"


def test_the_decision_may_be_lower_than_proposed(tree, listed, steps):
    entry = steps.entry_of(listed, tree.members["44.DH.02"][0])
    steps.self_assess(entry, 95, Rating.EXCELLENT)
    steps.appraise(entry, Rating.EXCELLENT)
    steps.decide(entry, Rating.GOOD)
    entry.refresh_from_db()
    assert entry.level == Rating.GOOD


def test_self_assessment_can_be_corrected_until_appraised(tree, listed, steps, refused):
    entry = steps.entry_of(listed, tree.members["44.DH.02"][1])
    steps.self_assess(entry, 75, Rating.GOOD)
    steps.self_assess(entry, 82, Rating.GOOD)
    entry.refresh_from_db()
    assert entry.self_score == Decimal("82.00")
    steps.appraise(entry, Rating.GOOD)
    with refused(field=None):
        steps.self_assess(entry, 85, Rating.GOOD)


def test_nothing_is_decided_before_a_self_assessment(tree, listed, steps, refused):
    entry = steps.entry_of(listed, tree.members["44.DH.02"][2])
    with refused(field="level"):
        steps.decide(entry, Rating.GOOD)
    with refused(field=None):
        steps.appraise(entry, Rating.GOOD)


def test_a_decided_entry_is_not_decided_twice(tree, listed, steps, refused):
    entry = steps.entry_of(listed, tree.members["44.DH.01"][0])
    steps.rated(entry, Rating.GOOD)
    with refused(field="level"):
        steps.decide(entry, Rating.COMPLETED)
    with refused(field=None):
        steps.appraise(entry, Rating.COMPLETED)


def test_reopening_needs_a_reason(tree, listed, steps, refused):
    entry = steps.entry_of(listed, tree.members["44.DH.01"][0])
    steps.rated(entry, Rating.GOOD)
    with refused(field="reason"):
        entry_reopen(actor=None, entry=entry, reason="   ")


@pytest.mark.parametrize("step", ["self", "appraise", "decide"])
def test_the_entry_page_posts_each_step(client, tree, listed, steps, commune_officer, step):
    entry = steps.entry_of(listed, tree.members["44.DH.01"][2])
    if step in ("appraise", "decide"):
        steps.self_assess(entry, 80, Rating.GOOD)
    if step == "decide":
        steps.appraise(entry, Rating.GOOD)
    client.force_login(commune_officer)
    data = {
        "self": {"self-form": "2C", "self-self_score": "80", "self-self_level": "good", "self-self_on": "05/12/2025",
                 "self-tasks_total": "4", "self-tasks_done": "4", "self-tasks_on_time": "4",
                 "self-shortcomings_fixed": "on"},
        "appraise": {"appr-appraisal_level": "good", "appr-appraised_on": "12/12/2025",
                     "appr-tasks_total": "4", "appr-tasks_done": "4", "appr-tasks_on_time": "4",
                     "appr-shortcomings_fixed": "on", "appr-group": "Đảng viên hưu trí"},
        "decide": {"dec-level": "good", "dec-decided_on": "20/12/2025", "dec-decision_no": "15-QĐ/ĐU"},
    }[step]  # fmt: skip
    url = reverse(f"ratings:entry_{step}", args=[entry.pk])
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    entry.refresh_from_db()
    assert entry.stage == {"self": Stage.SELF, "appraise": Stage.APPRAISED, "decide": Stage.DECIDED}[step]
    page = client.get(reverse("ratings:entry", args=[entry.pk]))
    assert page.status_code == 200


def test_a_refused_step_shows_the_error_beside_its_field(client, tree, listed, steps, commune_officer):
    entry = steps.entry_of(listed, tree.members["44.DH.01"][2])
    client.force_login(commune_officer)
    response = client.post(
        reverse("ratings:entry_self", args=[entry.pk]),
        {"self-form": "2C", "self-self_score": "72", "self-self_level": "excellent", "self-self_on": "05/12/2025",
         "self-shortcomings_fixed": "on"},
    )  # fmt: skip
    assert response.status_code == 400
    form = response.context["self_form"]
    assert "điểm 72 dưới 90" in " ".join(form.errors["self_level"])
    assert Entry.objects.get(pk=entry.pk).stage == Stage.PENDING
