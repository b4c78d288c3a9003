"""What leaves the screen is recorded as it is: the case's spreadsheet event counts the findings the file holds
(the requests still standing) and names no notes, which the file does not hold; the list's export is recorded
for every account, a superuser without an org included."""

from __future__ import annotations

from django.utils import timezone

from tochuc.accounts.models import User
from tochuc.protection.choices import Relation, Scope
from tochuc.protection.selectors.people import person_of
from tochuc.protection.services.notes import note_add
from tochuc.protection.services.questions import question_cancel

TODAY = timezone.localdate()


def test_the_case_spreadsheet_event_names_what_the_file_holds(answered_case, commune_protection, client, audit_watch):
    note_add(actor=None, person=person_of(answered_case.candidate), scope=Scope.ETHICS, text="Ghi chép riêng",
             recorded_on=TODAY, case=answered_case)  # fmt: skip
    father = answered_case.questions.get(relation=Relation.FATHER)
    question_cancel(actor=commune_protection, question=father, reason="Nhầm người")
    client.force_login(commune_protection)
    watch = audit_watch()
    response = client.get(f"/protection/{answered_case.pk}/export.xlsx")
    assert response.status_code == 200
    [event] = watch.events()
    assert event.action == "protection.view"
    assert "kết quả xác minh của 1 nội dung" in event.note and "ghi chép" not in event.note


def test_the_case_page_still_names_the_notes_it_shows(answered_case, commune_protection, client, audit_watch):
    note_add(actor=None, person=person_of(answered_case.candidate), scope=Scope.ETHICS, text="Ghi chép riêng",
             recorded_on=TODAY, case=answered_case)  # fmt: skip
    client.force_login(commune_protection)
    watch = audit_watch()
    assert "Ghi chép riêng" in client.get(f"/protection/{answered_case.pk}/").content.decode()
    [event] = watch.events()
    assert "1 ghi chép mật" in event.note


def test_a_superuser_without_an_org_exporting_the_list_is_recorded(answered_case, tree, client, audit_watch):
    root = User.objects.create_superuser("sieuquantri", password="x")
    client.force_login(root)
    watch = audit_watch()
    response = client.get("/protection/export/?format=csv")
    assert response.status_code == 200 and answered_case.subject_name in b"".join(response.streaming_content).decode()
    [event] = watch.events()
    assert (event.action, event.actor, event.org_path) == ("protection.export", root, tree.province.path)
