"""The package pages: the download button on a transferred-out member's page, the upload -> preview -> confirm
journey that receives a member, the received PDF on their page; outsiders get 404, viewers 403."""

from __future__ import annotations

import io
import json
import os
import time
import zipfile
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tochuc.members import services
from tochuc.members.models import Member, ReceivedPackage
from tochuc.members.services.dossier import relative_add


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def leaving(tree, commune_officer) -> Member:
    member = tree.members["44.DH.01"][0]
    services.member_update(actor=commune_officer, member=member, citizen_id="045068000123")
    relative_add(actor=commune_officer, member=member, relation="Vợ", full_name="Hoàng Thị Lý")
    services.member_transfer_out(
        actor=commune_officer, member=member, on=date(2026, 3, 2), letter_no="13/GGT", destination="TP Hồ Chí Minh"
    )
    return member


def _download(client, user, member):
    client.force_login(user)
    return client.get(reverse("members:package_download", args=[member.pk]))


def test_the_page_of_a_transferred_out_member_offers_the_package(client, commune_officer, leaving):
    client.force_login(commune_officer)
    page = client.get(reverse("members:detail", args=[leaving.pk])).content.decode()
    assert reverse("members:package_download", args=[leaving.pk]) in page
    assert "Tải gói hồ sơ chuyển đi" in page


def test_the_page_of_a_member_still_here_does_not(client, commune_officer, tree):
    client.force_login(commune_officer)
    member = tree.members["44.DH.01"][1]
    page = client.get(reverse("members:detail", args=[member.pk])).content.decode()
    assert reverse("members:package_download", args=[member.pk]) not in page


def test_the_package_downloads_as_a_zip_named_after_the_member(client, commune_officer, leaving):
    response = _download(client, commune_officer, leaving)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert 'filename="goi-ho-so-nguyen-van-an.zip"' in response["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(response.content)) as z:
        assert json.loads(z.read("manifest.json"))["format"] == "tochuc-dossier"


def test_an_outsider_gets_404_for_the_package(client, outsider, leaving):
    assert _download(client, outsider, leaving).status_code == 404


def test_a_viewer_gets_403_for_the_package(client, viewer, leaving):
    assert _download(client, viewer, leaving).status_code == 403


def test_a_member_still_here_has_no_package(client, commune_officer, tree):
    assert _download(client, commune_officer, tree.members["44.DH.01"][1]).status_code == 404


@pytest.fixture
def package(client, commune_officer, leaving) -> bytes:
    data = _download(client, commune_officer, leaving).content
    Member.objects.filter(pk=leaving.pk).update(citizen_id=None)  # as on the receiving installation
    client.logout()
    return data


def _upload(client, data: bytes, name: str = "goi.zip", org: str = "44.LB.01"):
    return client.post(
        reverse("members:package_receive"),
        {"file": SimpleUploadedFile(name, data, content_type="application/zip"), "org": org, "on": "01/04/2026"},
    )


def test_a_member_is_received_from_a_package_after_a_preview(client, outsider, package, tree):
    client.force_login(outsider)
    preview = _upload(client, package)
    assert preview.status_code == 200
    text = preview.content.decode()
    assert "Nguyễn Văn An" in text and "Chi bộ khu phố 1 (Đảng bộ tỉnh Quảng Trị)" in text
    assert not Member.objects.filter(org=tree.lb1, full_name="Nguyễn Văn An").exists()  # nothing written yet
    token = preview.context["token"]
    response = client.post(reverse("members:package_receive"), {"token": token})
    received = Member.objects.get(org=tree.lb1, full_name="Nguyễn Văn An")
    assert response.status_code == 302 and response["Location"] == reverse("members:detail", args=[received.pk])
    assert (received.citizen_id, received.relatives.count()) == ("045068000123", 1)
    page = client.get(response["Location"]).content.decode()
    assert reverse("members:received_pdf", args=[received.pk]) in page
    pdf = client.get(reverse("members:received_pdf", args=[received.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    # the token is used once
    assert client.post(reverse("members:package_receive"), {"token": token}).status_code == 404
    assert ReceivedPackage.objects.filter(member=received).count() == 1


def test_a_damaged_package_is_refused_beside_the_file(client, outsider, package, tree):
    client.force_login(outsider)
    response = _upload(client, package[:-100])
    assert response.status_code == 200
    assert "không đọc được tệp nén" in response.context["form"].errors["file"][0]
    assert "token" not in response.context


def test_a_file_that_is_not_a_zip_is_refused(client, outsider, package):
    client.force_login(outsider)
    response = _upload(client, package, name="goi.pdf")
    assert "dạng .zip" in response.context["form"].errors["file"][0]


def test_an_org_outside_the_scope_cannot_receive(client, outsider, package, tree):
    client.force_login(outsider)
    response = _upload(client, package, org="44.DH.02")
    assert response.status_code == 200 and "org" in response.context["form"].errors


def test_a_viewer_cannot_receive(client, viewer):
    client.force_login(viewer)
    assert client.get(reverse("members:package_receive")).status_code == 403


def test_a_token_of_another_session_is_not_found(client, outsider, commune_officer, package):
    client.force_login(outsider)
    token = _upload(client, package).context["token"]
    client.force_login(commune_officer)
    assert client.post(reverse("members:package_receive"), {"token": token}).status_code == 404


def test_the_received_pdf_is_not_for_viewers(client, viewer, outsider, package, tree, make_user):
    from tochuc.accounts.roles import Role

    client.force_login(outsider)
    client.post(reverse("members:package_receive"), {"token": _upload(client, package).context["token"]})
    received = Member.objects.get(org=tree.lb1, full_name="Nguyễn Văn An")
    client.force_login(make_user("xem.laobao", Role.VIEWER, tree.lb))
    assert client.get(reverse("members:received_pdf", args=[received.pk])).status_code == 403
    client.force_login(viewer)  # Đông Hà: outside
    assert client.get(reverse("members:received_pdf", args=[received.pk])).status_code == 404


def test_the_list_links_to_receiving_from_a_package(client, commune_officer):
    client.force_login(commune_officer)
    assert reverse("members:package_receive") in client.get(reverse("members:list")).content.decode()


def test_an_unconfirmed_upload_is_forgotten_a_day_later(client, outsider, package, settings):
    client.force_login(outsider)
    first = _upload(client, package).context["token"]
    pending = settings.MEDIA_ROOT / "members" / "packages" / "pending"
    stale = pending / f"{first}.zip"
    assert stale.exists()
    day_and_more = time.time() - 25 * 3600
    os.utime(stale, (day_and_more, day_and_more))
    second = _upload(client, package).context["token"]
    assert not stale.exists() and (pending / f"{second}.zip").exists()
