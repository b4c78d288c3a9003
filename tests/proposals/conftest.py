"""Fixtures of proposals and recommendations on the shared tree: uploads kept in a temporary media folder, a
second provincial officer to review, a proposal received at the province, the province's year-end conference
and one of Đông Hà's, and small helpers to build files and states quickly through the services."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tochuc.accounts.roles import Role
from tochuc.proposals.choices import ConferenceKind, Topic
from tochuc.proposals.services.conferences import conference_create
from tochuc.proposals.services.proposals import proposal_receive, reviewer_assign
from tochuc.proposals.services.recommendations import recommendation_raise

RECEIVED = date(2026, 3, 2)
DUE = date(2026, 3, 31)
HELD = date(2026, 1, 15)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Uploads go to a folder of the test, never to var/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _pdf(name: str = "du-thao.pdf", size: int = 2000) -> SimpleUploadedFile:
    body = b"%PDF-1.7\n" + b"0" * max(0, size - 9)
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def _office(name: str, part: str) -> SimpleUploadedFile:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part, "<x/>")
    return SimpleUploadedFile(name, buf.getvalue())


@pytest.fixture
def pdf_file():
    """pdf_file(name="du-thao.pdf", size=2000) -> an upload that starts as a PDF does."""
    return _pdf


@pytest.fixture
def office_file():
    """office_file(name, part) -> a zip package holding `part` ("word/document.xml", "xl/workbook.xml")."""
    return _office


@pytest.fixture
def reviewer(make_user, tree):
    """A second officer of the province's organization committee, who reviews proposals."""
    return make_user("cb.thamdinh", Role.OFFICER, tree.province, full_name="Hoàng Thị Mai")


@pytest.fixture
def receive(province_officer, tree):
    """receive(**overrides) -> Proposal received at the province by its officer."""

    def _receive(**overrides):
        values = {
            "actor": province_officer,
            "org": tree.province,
            "title": "Đề án sắp xếp các chi bộ thôn, khu phố sau hợp nhất xã",
            "submitted_by": "Ban Tổ chức Tỉnh ủy",
            "document_no": "125-TTr/BTCTU",
            "received_on": RECEIVED,
            "due_on": DUE,
            **overrides,
        }
        return proposal_receive(**values)

    return _receive


@pytest.fixture
def proposal(receive):
    return receive()


@pytest.fixture
def assigned(proposal, province_officer, reviewer):
    """The proposal with the province officer leading and a second reviewer."""
    reviewer_assign(
        actor=province_officer,
        proposal=proposal,
        user=province_officer,
        lead=True,
        assigned_on=date(2026, 3, 3),
        due_on=date(2026, 3, 20),
    )
    reviewer_assign(
        actor=province_officer, proposal=proposal, user=reviewer, assigned_on=date(2026, 3, 3), due_on=date(2026, 3, 16)
    )
    proposal.refresh_from_db()
    return proposal


@pytest.fixture
def conference(province_officer, tree):
    return conference_create(
        actor=province_officer,
        org=tree.province,
        title="Hội nghị tổng kết công tác xây dựng Đảng năm 2025, triển khai nhiệm vụ năm 2026",
        kind=ConferenceKind.REVIEW,
        held_on=HELD,
        place="Hội trường Tỉnh ủy",
    )


@pytest.fixture
def raise_rec(province_officer, conference, tree):
    """raise_rec(org=tree.dh, **overrides) -> a recommendation raised at the province's conference."""

    def _raise(raised_by=None, **overrides):
        values = {
            "actor": province_officer,
            "conference": conference,
            "raised_by": raised_by or tree.dh,
            "topic": Topic.POLICE,
            "content": "Đề nghị bố trí đủ công an chính quy về phường, bảo đảm nơi làm việc.",
            **overrides,
        }
        return recommendation_raise(**values)

    return _raise
