"""The printable dossier: a real A4 PDF with the member's data in Vietnamese, audited as a reading of a
confidential record; not for viewers, not outside the scope."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.urls import reverse

from tochuc.accounts.roles import Role
from tochuc.members import services
from tochuc.members.services.dossier import relative_add


@pytest.fixture
def an(tree, commune_officer):
    member = tree.members["44.DH.01"][0]
    services.member_update(actor=commune_officer, member=member, citizen_id="045068000123", work_unit="UBND phường")
    relative_add(actor=commune_officer, member=member, relation="Vợ", full_name="Hoàng Thị Lý")
    services.member_contact_lost(actor=commune_officer, member=member, on=date(2026, 3, 1))
    services.event_cancel(actor=commune_officer, event=member.events.get(kind="lost_contact"), reason="Ghi nhầm người")
    return member


def _text(content: bytes) -> str:
    try:
        from pypdf import PdfReader
    except ImportError:  # pragma: no cover - the size check below still holds
        return ""
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)


def test_the_dossier_is_an_a4_pdf_with_the_member_data(client, commune_officer, an):
    client.force_login(commune_officer)
    response = client.get(reverse("members:dossier_pdf", args=[an.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="ly-lich-nguyen-van-an.pdf"' in response["Content-Disposition"]
    content = response.content
    assert content.startswith(b"%PDF") and len(content) > 5_000
    text = _text(content)
    if text:
        flat = " ".join(text.split())
        for expected in (
            "ĐẢNG CỘNG SẢN VIỆT NAM",
            "LÝ LỊCH ĐẢNG VIÊN",
            "NGUYỄN VĂN AN",
            "12/05/1968",
            "045068000123",
            "Hoàng Thị Lý",
            "Ghi nhầm người",
            "Đảng bộ tỉnh Quảng Trị".upper(),
        ):
            assert expected in flat, expected  # fmt: skip
        from pypdf import PdfReader

        box = PdfReader(io.BytesIO(content)).pages[0].mediabox
        assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (210, 297)


def test_printing_writes_one_audit_event(client, commune_officer, an, audit_watch):
    client.force_login(commune_officer)
    watch = audit_watch()
    client.get(reverse("members:dossier_pdf", args=[an.pk]))
    [event] = watch.events()
    assert (event.action, event.actor, event.object_id, event.org_path) == (
        "member.dossier_view",
        commune_officer,
        str(an.pk),
        an.org.path,
    )


def test_a_leader_prints_the_dossier_too(client, leader, an):
    client.force_login(leader)
    assert client.get(reverse("members:dossier_pdf", args=[an.pk])).status_code == 200


def test_viewers_and_outsiders_cannot_print_and_nothing_is_audited(client, viewer, outsider, an, nothing_written):
    with nothing_written():
        client.force_login(viewer)
        assert client.get(reverse("members:dossier_pdf", args=[an.pk])).status_code == 403
        client.force_login(outsider)
        assert client.get(reverse("members:dossier_pdf", args=[an.pk])).status_code == 404


def test_the_pdf_link_is_offered_only_to_roles_that_may_print(client, make_user, tree, an):
    link = reverse("members:dossier_pdf", args=[an.pk])
    for role, shown in ((Role.SECRETARY, True), (Role.LEADER, True), (Role.VIEWER, False)):
        client.force_login(make_user(f"u.{role}", role, tree.dh1))
        assert (link in client.get(reverse("members:detail", args=[an.pk])).content.decode()) is shown
