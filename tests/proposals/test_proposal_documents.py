"""The draft's file: only .pdf, .doc, .docx and .xlsx up to 20 MB, with the content of its kind; stored under a
random name in the media folder, downloaded only through the scoped view (never from a public media URL)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tochuc.proposals.services.proposals import MAX_DOCUMENT_BYTES, changes_request, revision_receive


def _files(media) -> list:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


@pytest.mark.parametrize(("name", "part"), [("du-thao.docx", "word/document.xml"), ("phu-luc.xlsx", "xl/workbook.xml")])
def test_word_and_excel_packages_are_accepted(receive, office_file, name, part, settings):
    proposal = receive(document=office_file(name, part))
    revision = proposal.revisions.get()
    assert revision.document_name == name
    stored = revision.document.name
    assert stored.startswith("proposals/") and stored.endswith(name[-5:]) and name not in stored  # a random name
    assert (settings.MEDIA_ROOT / stored).exists()


def test_an_old_word_document_is_accepted(receive):
    doc = SimpleUploadedFile("to-trinh.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    assert receive(document=doc).revisions.get().document_name == "to-trinh.doc"


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("anh.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100),  # a kind not accepted
        SimpleUploadedFile("du-thao.pdf", b"MZ\x90\x00 not a pdf at all"),  # renamed
        SimpleUploadedFile("du-thao.docx", b"PK\x03\x04 broken zip"),  # broken package
        SimpleUploadedFile("du-thao.pdf", b""),  # empty
    ],
)
def test_a_file_of_another_kind_is_refused_and_nothing_is_stored(receive, refused, upload, settings):
    with refused(field="document"):
        receive(document=upload)
    assert _files(settings.MEDIA_ROOT) == []


def test_a_spreadsheet_is_not_accepted_as_a_word_document(receive, refused, office_file):
    with refused(field="document"):
        receive(document=office_file("du-thao.docx", "xl/workbook.xml"))


def test_a_file_over_20_mb_is_refused(receive, refused, pdf_file):
    with refused(field="document"):
        receive(document=pdf_file(size=MAX_DOCUMENT_BYTES + 1))
    assert receive(document=pdf_file(size=MAX_DOCUMENT_BYTES)).revisions.get().document


@pytest.fixture
def commune_proposal(receive, commune_officer, tree, pdf_file):
    return receive(
        actor=commune_officer,
        org=tree.dh,
        title="Đề án tạo nguồn cán bộ trẻ phường Đông Hà",
        document_no="12-TTr/ĐU",
        document=pdf_file("de-an-tao-nguon.pdf"),
    )


def test_the_download_goes_through_the_scope(client, commune_proposal, viewer, outsider):
    url = reverse("proposals:document", args=[commune_proposal.pk, 1])
    client.force_login(viewer)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert 'filename="de-an-tao-nguon.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    client.force_login(outsider)
    assert client.get(url).status_code == 404


def test_the_media_folder_is_not_served(client, commune_proposal, viewer, settings):
    client.force_login(viewer)
    stored = commune_proposal.revisions.get().document.name
    assert client.get(settings.MEDIA_URL + stored).status_code == 404


def test_a_revision_without_a_file_has_nothing_to_download(client, commune_proposal, commune_officer):
    client.force_login(commune_officer)
    assert client.get(reverse("proposals:document", args=[commune_proposal.pk, 2])).status_code == 404


def test_a_revised_draft_brings_its_own_file(client, commune_proposal, commune_officer, pdf_file):
    from tochuc.proposals.services.proposals import reviewer_assign

    reviewer_assign(
        actor=commune_officer,
        proposal=commune_proposal,
        user=commune_officer,
        lead=True,
        assigned_on=date(2026, 3, 3),
        due_on=date(2026, 3, 20),
    )
    changes_request(actor=commune_officer, proposal=commune_proposal, on=date(2026, 3, 5), text="Bổ sung số liệu")
    revision_receive(
        actor=commune_officer,
        proposal=commune_proposal,
        received_on=date(2026, 3, 9),
        document=pdf_file("de-an-lan-2.pdf"),
    )
    client.force_login(commune_officer)
    response = client.get(reverse("proposals:document", args=[commune_proposal.pk, 2]))
    assert 'filename="de-an-lan-2.pdf"' in response["Content-Disposition"]
