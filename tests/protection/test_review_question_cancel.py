"""An answered request may hold a finding the conclusion must weigh: only a role with RESTRICTED sets it aside
(cancels it); an officer who cannot read the finding cancels only requests still waiting for their reply. A
finding of a cancelled request stays readable, marked as cancelled."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from tochuc.protection.choices import Relation
from tochuc.protection.rules import RELATIVE_SCOPES
from tochuc.protection.services.questions import question_add, question_cancel

TODAY = timezone.localdate()


@pytest.mark.parametrize("persona", ["commune_officer", "cell_secretary", "admin_user"])
def test_an_answered_request_is_not_cancelled_without_restricted(persona, request, answered_case, nothing_written):
    father = answered_case.questions.get(relation=Relation.FATHER)
    actor = request.getfixturevalue(persona)
    with nothing_written(), pytest.raises(PermissionDenied):
        question_cancel(actor=actor, question=father, reason="Gửi nhầm")


def test_the_cancel_form_of_an_answered_request_answers_403_to_an_officer(
    answered_case, commune_officer, client, nothing_written
):
    father = answered_case.questions.get(relation=Relation.FATHER)
    client.force_login(commune_officer)
    with nothing_written():
        response = client.post(f"/protection/{answered_case.pk}/questions/{father.pk}/cancel/", {"reason": "Nhầm"})
    assert response.status_code == 403


def test_an_officer_cancels_a_request_still_waiting_and_is_offered_only_that(answered_case, commune_officer, client):
    mother = question_add(actor=None, case=answered_case, relation=Relation.MOTHER, person_name="Lê Thị Sen",
                          scopes=RELATIVE_SCOPES, sent_to="Đảng ủy xã Cam Lộ",
                          sent_on=TODAY - timedelta(days=5))  # fmt: skip
    client.force_login(commune_officer)
    html = client.get(f"/protection/{answered_case.pk}/").content.decode()
    cancel_forms = html.count("/cancel/")
    assert cancel_forms == 1 and f"/questions/{mother.pk}/cancel/" in html
    response = client.post(f"/protection/{answered_case.pk}/questions/{mother.pk}/cancel/", {"reason": "Trùng"})
    assert response.status_code == 302
    mother.refresh_from_db()
    assert mother.cancelled_at is not None


def test_the_protection_officer_cancels_an_answered_request_and_its_finding_shows_cancelled(
    answered_case, commune_protection, client
):
    father = answered_case.questions.get(relation=Relation.FATHER)
    client.force_login(commune_protection)
    assert f"/questions/{father.pk}/cancel/" in client.get(f"/protection/{answered_case.pk}/").content.decode()
    response = client.post(f"/protection/{answered_case.pk}/questions/{father.pk}/cancel/", {"reason": "Nhầm người"})
    assert response.status_code == 302
    father.refresh_from_db()
    assert father.cancelled_at is not None
    html = client.get(f"/protection/{answered_case.pk}/").content.decode()
    assert "lính bảo an" in html and "đề nghị đã hủy" in html
