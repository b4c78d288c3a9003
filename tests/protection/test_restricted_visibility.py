"""Restricted content (findings, the grounds of a conclusion, notes) per role: only PROTECTION and LEADER read
it (not admin, officer, secretary or viewer); each page view that shows some writes one "protection.view"
event saying what was read; a page that shows none writes nothing; the list never shows it; outsiders get 404."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tochuc.accounts.roles import Role
from tochuc.protection.choices import Scope
from tochuc.protection.selectors.people import person_of
from tochuc.protection.services.cases import case_conclude
from tochuc.protection.services.notes import note_add

TODAY = timezone.localdate()
FINDING = "lính bảo an"  # in the father's finding (conftest)
GROUNDS = "đã được làm rõ, không ảnh hưởng"
NOTE = "Tham gia tổ chức phản động lưu vong"

# persona -> reads restricted content
ROLES = {
    "admin_user": False,
    "province_officer": False,
    "leader": True,
    "cell_secretary": False,
    "viewer": False,
    "protection_officer": True,
}


@pytest.fixture
def concluded(answered_case):
    case_conclude(actor=None, case=answered_case, conclusion="issue", concluded_on=TODAY,
                  concluded_by="Ban Thường vụ Đảng ủy phường Đông Hà",
                  conclusion_text="Lịch sử chính trị của cha đẻ " + GROUNDS + ".")  # fmt: skip
    answered_case.refresh_from_db()
    return answered_case


@pytest.fixture
def noted(concluded):
    person = person_of(concluded.candidate)
    note_add(actor=None, person=person, scope=Scope.POLITICAL_HISTORY, text=NOTE + " (1980-1985).",
             recorded_on=TODAY, relation="father", subject_name="Trần Văn Hùng", case=concluded)  # fmt: skip
    return concluded


@pytest.mark.parametrize(("persona", "reads"), ROLES.items())
def test_the_case_page_shows_findings_only_to_restricted_roles_and_audits_each_view(
    persona, reads, request, noted, client, audit_watch
):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    watch = audit_watch()
    for _view in range(2):
        html = client.get(f"/protection/{noted.pk}/").content.decode()
        assert (FINDING in html) is reads
        assert (GROUNDS in html) is reads
        assert (NOTE in html) is reads
        assert noted.get_conclusion_display() in html  # the category: every role
    events = watch.events()
    if reads:
        assert [e.action for e in events] == ["protection.view", "protection.view"]  # one per page view
        assert all(e.actor == user and e.object_id == str(noted.pk) for e in events)
        assert "kết quả xác minh của 2 nội dung" in events[0].note and "nội dung kết luận" in events[0].note
        assert "1 ghi chép mật" in events[0].note
    else:
        assert events == []


def test_an_outsider_gets_404_for_the_case_and_the_person(noted, outsider, make_user, tree, client):
    for user in (outsider, make_user("baove.lb", Role.PROTECTION, tree.lb)):
        client.force_login(user)
        assert client.get(f"/protection/{noted.pk}/").status_code == 404
        assert client.get(f"/protection/people/candidate/{noted.candidate_id}/").status_code == 404
        assert client.get(f"/protection/{noted.pk}/export.xlsx").status_code == 404


def test_no_audit_when_the_case_holds_nothing_restricted_yet(admission_case, protection_officer, client, audit_watch):
    client.force_login(protection_officer)
    watch = audit_watch()
    response = client.get(f"/protection/{admission_case.pk}/")
    assert response.status_code == 200
    assert watch.events() == []


@pytest.mark.parametrize(("persona", "reads"), ROLES.items())
def test_the_persons_page_shows_notes_only_to_restricted_roles(persona, reads, request, noted, client, audit_watch):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    watch = audit_watch()
    response = client.get(f"/protection/people/candidate/{noted.candidate_id}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert (NOTE in html) is reads
    assert noted.get_purpose_display() in html  # the person's cases: every role that sees the person
    events = watch.events()
    if reads:
        [event] = events
        assert event.action == "protection.view" and event.object_type == "recruitment.candidate"
        assert "1 ghi chép mật" in event.note and noted.subject_name in event.note
    else:
        assert events == []


def test_a_person_without_notes_is_shown_to_restricted_roles_without_an_audit(
    candidate, protection_officer, client, audit_watch
):
    client.force_login(protection_officer)
    watch = audit_watch()
    html = client.get(f"/protection/people/candidate/{candidate.pk}/").content.decode()
    assert "Chưa có ghi chép" in html
    assert watch.events() == []


def test_notes_follow_the_person_to_their_member_record(noted, tree, protection_officer, client):
    """A candidate admitted since: the notes written on the candidate show on the member's page."""
    from tochuc.recruitment.models import Candidate

    member = tree.members["44.DH.01"][0]
    Candidate.objects.filter(pk=noted.candidate_id).update(stage="admitted", member=member)
    client.force_login(protection_officer)
    assert NOTE in client.get(f"/protection/people/member/{member.pk}/").content.decode()


@pytest.mark.parametrize(("persona", "reads"), ROLES.items())
def test_the_list_never_shows_restricted_text(persona, reads, request, noted, client, audit_watch):
    client.force_login(request.getfixturevalue(persona))
    watch = audit_watch()
    html = client.get("/protection/").content.decode()
    assert noted.subject_name in html
    assert FINDING not in html and GROUNDS not in html and NOTE not in html
    assert watch.events() == []


@pytest.mark.parametrize(("persona", "reads"), ROLES.items())
def test_the_case_spreadsheet_is_for_restricted_roles_and_audited(persona, reads, request, noted, client, audit_watch):
    client.force_login(request.getfixturevalue(persona))
    watch = audit_watch()
    response = client.get(f"/protection/{noted.pk}/export.xlsx")
    assert response.status_code == (200 if reads else 403)
    events = watch.events()
    if reads:
        from io import BytesIO

        from openpyxl import load_workbook

        cells = [c for row in load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True) for c in row]
        assert any(isinstance(c, str) and FINDING in c for c in cells)
        [event] = events
        assert event.action == "protection.view" and event.note.startswith("Xuất tệp Excel")
    else:
        assert events == []


def test_the_finding_form_shows_the_text_entered_and_audits_it(answered_case, commune_protection, client, audit_watch):
    q = answered_case.questions.get(relation="father")
    client.force_login(commune_protection)
    watch = audit_watch()
    html = client.get(f"/protection/{answered_case.pk}/questions/{q.pk}/finding/").content.decode()
    assert FINDING in html
    [event] = watch.events()
    assert event.action == "protection.view" and "1 nội dung" in event.note


def test_the_list_export_holds_no_restricted_text_and_is_recorded(noted, province_officer, client, audit_watch):
    from io import BytesIO

    from openpyxl import load_workbook

    client.force_login(province_officer)
    watch = audit_watch()
    response = client.get("/protection/export/")
    assert response.status_code == 200
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    text = " ".join(str(c) for row in rows for c in row if c is not None)
    assert noted.subject_name in text and "Có vấn đề, cấp ủy xem xét" in text
    assert FINDING not in text and GROUNDS not in text and NOTE not in text
    assert [e.action for e in watch.events()] == ["protection.export"]
