"""The audit log is read by administrators, who do not have RESTRICTED: writing or cancelling a restricted note
logs that it happened, about which person, never whom among the relatives it concerns, what about, or why it
was cancelled."""

from __future__ import annotations

from django.utils import timezone

from tochuc.core.models import AuditEvent
from tochuc.protection.choices import Relation, Scope
from tochuc.protection.selectors.people import person_of
from tochuc.protection.services.notes import note_add, note_cancel

TODAY = timezone.localdate()
RELATIVE = "Trần Văn Hùng"
REASON = "Ông Hùng không đi lính bảo an, nhầm với người cùng tên"


def test_the_log_of_a_note_on_a_relative_names_neither_the_relative_nor_the_content(
    candidate, commune_protection, admin_user, client
):
    note = note_add(actor=commune_protection, person=person_of(candidate), relation=Relation.FATHER,
                    subject_name=RELATIVE, scope=Scope.POLITICAL_HISTORY, text="Lính bảo an 1972-1975.",
                    recorded_on=TODAY)  # fmt: skip
    note_cancel(actor=commune_protection, note=note, reason=REASON)
    actions = ["protection.note_add", "protection.note_cancel"]
    events = list(AuditEvent.objects.filter(action__in=actions).order_by("pk"))
    assert [e.action for e in events] == ["protection.note_add", "protection.note_cancel"]
    logged = " ".join(str(e.changes) + e.note + e.object_repr for e in events)
    for secret in (RELATIVE, "father", "political_history", "Lịch sử chính trị", "bảo an", "cùng tên"):
        assert secret not in logged, secret
    assert events[0].changes["person"]["after"] == f"candidate:{candidate.pk}"
    assert events[1].changes["cancel_reason"] == {"before": None, "after": "[nội dung mật]"}
    client.force_login(admin_user)
    html = client.get("/audit/?action=protection").content.decode()
    assert "protection.note_add" in html or "Ghi chép mật" in html
    assert RELATIVE not in html and "cùng tên" not in html and "bảo an" not in html
