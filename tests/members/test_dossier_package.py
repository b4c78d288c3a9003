"""The dossier package a member transferred out of the province carries: built only for such a member inside the
scope, verified on arrival (any damage, foreign or newer file refused with nothing written), and imported into
another org with every dossier field, the family, the work history, the previous events and the file kept."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from datetime import date

import pytest
from django.http import Http404

from tochuc.members import services
from tochuc.members.models import Member, ReceivedPackage
from tochuc.members.package import MAX_BYTES, package_build, package_read
from tochuc.members.services.dossier import EDITABLE_FIELDS, relative_add, work_period_add


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def leaving(tree, commune_officer) -> Member:
    """Nguyễn Văn An (44.DH.01), with a full dossier, a card, family and work rows, transferred to Ho Chi Minh City."""
    member = tree.members["44.DH.01"][0]
    services.member_update(
        actor=commune_officer,
        member=member,
        citizen_id="045068000123",
        work_unit="UBND phường Đông Hà",
        position="Chuyên viên",
        birth_place="Cam Lộ, Quảng Trị",
        foreign_language="Tiếng Anh B1",
    )
    relative_add(actor=commune_officer, member=member, relation="Vợ", full_name="Hoàng Thị Lý", birth_year=1970)
    relative_add(actor=commune_officer, member=member, relation="Con", full_name="Nguyễn Hoàng Nam")
    work_period_add(
        actor=commune_officer, member=member, valid_from=date(1990, 1, 1), valid_to=date(1999, 12, 31), unit="HTX"
    )
    work_period_add(actor=commune_officer, member=member, valid_from=date(2000, 1, 1), unit="UBND phường Đông Hà")
    services.member_issue_card(actor=commune_officer, member=member, on=date(2026, 2, 2), card_number="12345678")
    services.member_transfer_out(
        actor=commune_officer,
        member=member,
        on=date(2026, 3, 2),
        letter_no="13/GGT-ĐU",
        destination="Đảng bộ phường Bến Nghé, TP Hồ Chí Minh",
        note="Chuyển theo gia đình",
    )
    member.refresh_from_db()
    return member


def _elsewhere(member: Member) -> None:
    """The receiving installation does not hold the member: their identifiers are not in its records."""
    Member.objects.filter(pk=member.pk).update(citizen_id=None, card_number=None)


def _files(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name) for name in z.namelist()}


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name, content in files.items():
            z.writestr(name, content)
    return buffer.getvalue()


def _repack(data: bytes, *, manifest: dict | None = None, **replace: bytes) -> bytes:
    """The package with files replaced and every checksum recomputed (a well-formed package with other content)."""
    files = _files(data)
    files.update({name.replace("_", "."): content for name, content in replace.items()})
    m = json.loads(files["manifest.json"])
    m["files"] = {name: hashlib.sha256(files[name]).hexdigest() for name in ("dossier.json", "dossier.pdf")}
    m.update(manifest or {})
    files["manifest.json"] = json.dumps(m).encode()
    files["manifest.sha256"] = hashlib.sha256(files["manifest.json"]).hexdigest().encode()
    return _zip(files)


def _receive(actor, org, data, **kw):
    return services.member_receive_package(actor=actor, org=org, data=data, on=date(2026, 4, 1), **kw)


def test_the_package_holds_the_dossier_the_pdf_and_their_checksums(leaving, commune_officer, audit_watch):
    watch = audit_watch()
    data = package_build(actor=commune_officer, member=leaving)
    files = _files(data)
    assert sorted(files) == ["dossier.json", "dossier.pdf", "manifest.json", "manifest.sha256"]
    manifest = json.loads(files["manifest.json"])
    assert (manifest["format"], manifest["version"], manifest["member"]) == ("tochuc-dossier", 1, "Nguyễn Văn An")
    assert manifest["files"]["dossier.pdf"] == hashlib.sha256(files["dossier.pdf"]).hexdigest()
    assert files["manifest.sha256"].decode().strip() == hashlib.sha256(files["manifest.json"]).hexdigest()
    assert files["dossier.pdf"].startswith(b"%PDF")
    dossier = json.loads(files["dossier.json"])
    assert (dossier["member"]["citizen_id"], dossier["member"]["card_number"]) == ("045068000123", "12345678")
    assert dossier["transfer"] == {
        "letter_no": "13/GGT-ĐU",
        "on": "2026-03-02",
        "destination": "Đảng bộ phường Bến Nghé, TP Hồ Chí Minh",
        "note": "Chuyển theo gia đình",
    }
    assert dossier["source"] == {
        "org_code": "44.DH.01",
        "org_name": "Chi bộ khu phố 1",
        "province_code": "44",
        "province_name": "Đảng bộ tỉnh Quảng Trị",
    }
    assert [e["kind"] for e in dossier["events"]][-2:] == ["card", "transfer_out"]
    assert dossier["member"]["party_age_from"] == leaving.party_age_from.isoformat()
    assert [e.action for e in watch.events()] == ["member.dossier_view", "member.package_build"]


def test_a_package_round_trips_into_another_org(leaving, commune_officer, outsider, tree, audit_watch):
    data = package_build(actor=commune_officer, member=leaving)
    _elsewhere(leaving)
    watch = audit_watch()
    received = _receive(outsider, tree.lb1, data)
    source = Member.objects.get(pk=leaving.pk)
    assert received.pk != source.pk
    for name in (*EDITABLE_FIELDS, "full_name", "birth_date", "admitted_on", "official_on", "card_issued_on"):
        expected = {"citizen_id": "045068000123"}.get(name, getattr(source, name))
        assert getattr(received, name) == expected, name
    assert (received.card_number, received.status, received.org) == ("12345678", "official", tree.lb1)
    rows = ("relation", "full_name", "birth_year", "occupation", "address", "note")
    assert list(received.relatives.values_list(*rows)) == list(source.relatives.values_list(*rows))
    periods = ("valid_from", "valid_to", "unit", "position")
    assert list(received.work_history.values_list(*periods)) == list(source.work_history.values_list(*periods))
    event = received.events.get(kind="transfer_in")
    assert (event.decision_no, event.data["origin"]) == ("13/GGT-ĐU", "Chi bộ khu phố 1 (Đảng bộ tỉnh Quảng Trị)")
    kept = ReceivedPackage.objects.get(member=received)
    assert kept.sha256 == hashlib.sha256(data).hexdigest()
    with kept.file.open("rb") as f:
        assert f.read() == data
    assert [e["kind"] for e in kept.history["events"]] == [e.kind for e in source.events.order_by("on", "id")]
    assert kept.history["party_age_from"] == source.party_age_from.isoformat()
    actions = [e.action for e in watch.events()]
    assert actions[0] == "member.receive" and actions[-1] == "member.receive_package"
    assert actions.count("member.relative_add") == 2 and actions.count("member.work_period_add") == 2


def test_the_letter_number_given_on_arrival_is_kept(leaving, commune_officer, outsider, tree):
    data = package_build(actor=commune_officer, member=leaving)
    _elsewhere(leaving)
    received = _receive(outsider, tree.lb1, data, letter_no="99/GGT-TU")
    assert received.events.get(kind="transfer_in").decision_no == "99/GGT-TU"


@pytest.fixture
def package(leaving, commune_officer) -> bytes:
    data = package_build(actor=commune_officer, member=leaving)
    _elsewhere(leaving)
    return data


def _refused_file(refused, outsider, tree, data, match: str):
    with refused(field="file") as info:
        _receive(outsider, tree.lb1, data)
    assert match in info.value.message
    assert not ReceivedPackage.objects.exists()


def test_a_package_changed_by_one_byte_is_refused(package, refused, outsider, tree):
    files = _files(package)
    dossier = files["dossier.json"].replace(b"12345678", b"12345679")
    tampered = _zip({**files, "dossier.json": dossier})
    _refused_file(refused, outsider, tree, tampered, "Mã kiểm tra của dossier.json không khớp")


def test_a_changed_manifest_is_refused(package, refused, outsider, tree):
    files = _files(package)
    tampered = _zip({**files, "manifest.json": files["manifest.json"].replace(b'"version": 1', b'"version": 1 ')})
    _refused_file(refused, outsider, tree, tampered, "Mã kiểm tra của manifest.json không khớp")


def test_a_truncated_package_is_refused(package, refused, outsider, tree):
    _refused_file(refused, outsider, tree, package[: len(package) // 2], "không đọc được tệp nén")


def test_a_foreign_zip_is_refused(package, refused, outsider, tree):
    _refused_file(refused, outsider, tree, _zip({"readme.txt": b"hello"}), "không phải gói hồ sơ đảng viên")


def test_a_path_trick_in_the_zip_is_refused(package, refused, outsider, tree):
    files = _files(package)
    tricked = _zip({**files, "../../etc/cron.d/x": b"* * * * * root true"})
    _refused_file(refused, outsider, tree, tricked, "không phải gói hồ sơ đảng viên")


def test_a_package_of_a_newer_version_is_refused(package, refused, outsider, tree):
    _refused_file(refused, outsider, tree, _repack(package, manifest={"version": 2}), "mới hơn phiên bản")


def test_a_package_missing_its_pdf_is_refused(package, refused, outsider, tree):
    files = _files(package)
    del files["dossier.pdf"]
    _refused_file(refused, outsider, tree, _zip(files), "thiếu tệp: dossier.pdf")


def test_malformed_json_is_refused(package, refused, outsider, tree):
    _refused_file(refused, outsider, tree, _repack(package, dossier_json=b"{not json"), "bị hỏng")


def test_a_bad_date_is_refused(package, refused, outsider, tree):
    dossier = json.loads(_files(package)["dossier.json"])
    dossier["member"]["birth_date"] = "1985-13-45"
    bad = _repack(package, dossier_json=json.dumps(dossier).encode())
    _refused_file(refused, outsider, tree, bad, "ngày sinh không hợp lệ")


def test_a_zip_bomb_is_refused_before_it_is_inflated(package, refused, outsider, tree):
    bomb = _repack(package, dossier_pdf=b"\0" * (41 * 1024 * 1024))
    assert len(bomb) < 1024 * 1024
    _refused_file(refused, outsider, tree, bomb, "giải nén ra quá lớn")


def test_a_file_over_the_size_limit_is_refused_unread(refused, outsider, tree):
    _refused_file(refused, outsider, tree, b"PK" + b"\0" * MAX_BYTES, "Tệp lớn quá 20 MB")


def test_a_citizen_id_already_in_our_records_is_refused(leaving, commune_officer, outsider, tree, refused):
    data = package_build(actor=commune_officer, member=leaving)  # the member is still in our records
    with refused(field="citizen_id") as info:
        _receive(outsider, tree.lb1, data)
    assert "045068000123" in info.value.message
    assert "một người ngoài phạm vi quản lý" in info.value.message  # 44.DH is outside the outsider's scope
    assert not ReceivedPackage.objects.exists()


def test_a_card_number_already_in_our_records_is_refused_with_the_name_in_scope(
    leaving, commune_officer, province_officer, tree, refused
):
    data = package_build(actor=commune_officer, member=leaving)
    Member.objects.filter(pk=leaving.pk).update(citizen_id=None)
    with refused(field="card_number") as info:
        _receive(province_officer, tree.lb1, data)
    assert "12345678" in info.value.message and "Nguyễn Văn An" in info.value.message


def test_no_package_for_a_member_still_here(tree, commune_officer, nothing_written):
    with nothing_written(), pytest.raises(Http404):
        package_build(actor=commune_officer, member=tree.members["44.DH.01"][1])


def test_no_package_for_a_transfer_inside_the_province(tree, commune_officer, nothing_written):
    member = tree.members["44.DH.01"][1]
    services.member_transfer_out(
        actor=commune_officer, member=member, on=date(2026, 3, 2), letter_no="1", to_org=tree.lb1
    )
    with nothing_written(), pytest.raises(Http404):
        package_build(actor=commune_officer, member=member)


def test_an_outsider_gets_no_package(leaving, outsider, nothing_written):
    with nothing_written(), pytest.raises(Http404):
        package_build(actor=outsider, member=leaving)


def test_a_package_is_read_back_with_its_dates_parsed(package):
    pkg = package_read(package)
    assert (pkg.member["birth_date"], pkg.transfer["on"]) == (date(1968, 5, 12), date(2026, 3, 2))
    assert (len(pkg.relatives), len(pkg.work_history), pkg.source["org_code"]) == (2, 2, "44.DH.01")


def test_the_commands_write_a_package_and_receive_it(leaving, commune_officer, outsider, tree, tmp_path):
    from django.core.management import call_command

    out = tmp_path / "goi.zip"
    call_command("dossier_package", str(leaving.pk), "-o", str(out), "--user", commune_officer.username)
    _elsewhere(leaving)
    call_command(
        "dossier_receive", str(out), "--org", "44.LB.01", "--user", outsider.username, "--on", "01/04/2026",
        "--letter-no", "5/GGT",
    )  # fmt: skip
    received = Member.objects.get(org=tree.lb1, full_name="Nguyễn Văn An")
    assert received.events.get(kind="transfer_in").decision_no == "5/GGT"


def test_the_receive_command_refuses_a_damaged_file_with_its_message(package, outsider, tmp_path, nothing_written):
    from django.core.management import CommandError, call_command

    bad = tmp_path / "goi.zip"
    bad.write_bytes(package[:-50])
    with nothing_written(), pytest.raises(CommandError, match="không đọc được tệp nén"):
        call_command("dossier_receive", str(bad), "--org", "44.LB.01", "--user", outsider.username)


def test_the_package_command_refuses_a_member_still_here(tree, commune_officer, tmp_path):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="chuyển sinh hoạt ra ngoài tỉnh"):
        call_command("dossier_package", str(tree.members["44.DH.01"][1].pk), "-o", str(tmp_path / "x.zip"),
                     "--user", commune_officer.username)  # fmt: skip
    assert not (tmp_path / "x.zip").exists()
