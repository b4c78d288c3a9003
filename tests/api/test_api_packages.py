"""The dossier package through the API: the sending side downloads the package of a member transferred out of
the province (404 outside the scope or for any other member, 403 without the export right), the receiving side
posts it and gets the member created (a damaged file or an org outside the scope writes nothing)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tochuc.members import services
from tochuc.members.models import Member, ReceivedPackage
from tochuc.members.package import package_read


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def leaving(tree, commune_officer) -> Member:
    member = tree.members["44.DH.01"][0]
    services.member_update(actor=commune_officer, member=member, citizen_id="045068000123")
    services.member_transfer_out(
        actor=commune_officer, member=member, on=date(2026, 3, 2), letter_no="13/GGT", destination="TP Hồ Chí Minh"
    )
    return member


def _package(client, bearer, user, member):
    return client.get(f"/api/v1/members/{member.pk}/package", **bearer(user))


def _post(client, headers: dict, data: bytes, org: str = "44.LB.01"):
    upload = SimpleUploadedFile("goi.zip", data, content_type="application/zip")
    return client.post("/api/v1/packages", {"file": upload, "org": org, "on": "2026-04-01"}, **headers)


def test_the_sending_side_downloads_the_package(client, bearer, commune_officer, leaving):
    response = _package(client, bearer, commune_officer, leaving)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert package_read(response.content).member["full_name"] == leaving.full_name


def test_an_outsider_gets_404_for_the_package(client, bearer, outsider, leaving):
    response = _package(client, bearer, outsider, leaving)
    assert response.status_code == 404 and response.json()["detail"]


def test_a_viewer_gets_403_for_the_package(client, bearer, viewer, leaving):
    assert _package(client, bearer, viewer, leaving).status_code == 403


def test_a_member_still_here_has_no_package(client, bearer, commune_officer, tree):
    assert _package(client, bearer, commune_officer, tree.members["44.DH.01"][1]).status_code == 404


def test_the_receiving_side_posts_the_package_and_gets_the_member(
    client, bearer, commune_officer, outsider, leaving, tree
):
    data = _package(client, bearer, commune_officer, leaving).content
    Member.objects.filter(pk=leaving.pk).update(citizen_id=None, card_number=None)  # the other installation
    response = _post(client, bearer(outsider), data)
    assert response.status_code == 201, response.content
    body = response.json()
    received = Member.objects.get(pk=body["id"])
    assert (received.org, received.full_name, body["citizen_id"]) == (tree.lb1, leaving.full_name, "045068000123")
    assert ReceivedPackage.objects.filter(member=received).exists()


def test_a_damaged_package_is_refused_naming_the_file(
    client, bearer, commune_officer, outsider, leaving, nothing_written
):
    data = bytearray(_package(client, bearer, commune_officer, leaving).content)
    data[len(data) // 2] ^= 0xFF
    headers = bearer(outsider)
    with nothing_written():
        response = _post(client, headers, bytes(data))
    assert response.status_code == 422
    assert response.json()["field"] == "file" and response.json()["detail"]


def test_an_org_outside_the_scope_cannot_receive(client, bearer, commune_officer, outsider, leaving, nothing_written):
    data, headers = _package(client, bearer, commune_officer, leaving).content, bearer(outsider)
    with nothing_written():
        assert _post(client, headers, data, org="44.DH.02").status_code == 404


def test_a_viewer_cannot_receive(client, bearer, commune_officer, viewer, leaving, nothing_written):
    data, headers = _package(client, bearer, commune_officer, leaving).content, bearer(viewer)
    with nothing_written():
        assert _post(client, headers, data, org="44.DH.02").status_code == 403
