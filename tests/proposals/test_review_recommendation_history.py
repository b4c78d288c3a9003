"""A recommendation's history shows what each step set: the body and the deadline it was given, the date, the
document and the text of each answer; once reopened, the former answer stays in sight (as the reopening panel
promises), not only in the audit log's raw changes."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from tochuc.proposals.services.recommendations import (
    recommendation_answer,
    recommendation_assign,
    recommendation_close,
    recommendation_reopen,
)


def test_the_history_shows_the_former_answer_after_a_reopening(client, raise_rec, province_officer):
    rec = raise_rec()
    recommendation_assign(
        actor=province_officer,
        recommendation=rec,
        assigned_to="Công an tỉnh",
        assigned_on=date(2026, 1, 20),
        due_on=date(2026, 2, 20),
    )
    recommendation_answer(
        actor=province_officer,
        recommendation=rec,
        answer="Đã điều động bổ sung hai đồng chí công an chính quy.",
        answered_on=date(2026, 2, 10),
        answer_no="215/CAT-PX01",
    )
    recommendation_close(actor=province_officer, recommendation=rec, closed_on=date(2026, 2, 15))
    recommendation_reopen(
        actor=province_officer,
        recommendation=rec,
        reopened_on=date(2026, 3, 1),
        reason="Địa phương phản ánh chưa bố trí đủ.",
        due_on=date(2026, 3, 31),
    )
    client.force_login(province_officer)
    response = client.get(reverse("proposals:recommendation_detail", args=[rec.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    rec.refresh_from_db()
    assert rec.answer == ""  # cleared from the record by the reopening...
    assert "Đã điều động bổ sung hai đồng chí công an chính quy." in body  # ...but still on the page
    assert "215/CAT-PX01" in body and "Công an tỉnh" in body and "20/02/2026" in body and "31/03/2026" in body
    details = {h.event.action: dict(h.details) for h in response.context["history"]}
    assert details["recommendation.assign"]["Hạn trả lời"] == "20/02/2026"
    assert details["recommendation.answer"]["Nội dung trả lời"].startswith("Đã điều động")
    assert details["recommendation.reopen"]["Nội dung trả lời trước đó"].startswith("Đã điều động")
    assert details["recommendation.reopen"]["Hạn trả lời"] == "31/03/2026"
