"""`tochuc backup` and `tochuc restore`: a round trip finds every row and every uploaded file as it was, and a
corrupted or foreign file is refused before anything is touched.

The commands run in a separate process on a database of their own, as on a server: on SQLite a file copy of
the in-memory test database, on PostgreSQL a throwaway database made from the test database as a template
(and dropped afterwards). The refusals that need no database of their own run in this process."""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

WORKER = r"""
import json, sys
from datetime import date
from pathlib import Path
import django
django.setup()
from django.apps import apps
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from tochuc.core.models import Holiday
from tochuc.orgs.models import Org, OrgType, Sector
from tochuc.orgs.services import org_create

media = Path(settings.MEDIA_ROOT)
for step in sys.argv[1:]:
    if step == "seed":
        province = org_create(actor=None, code="44", name="Đảng bộ tỉnh Quảng Trị", org_type=OrgType.PROVINCE_COMMITTEE,
                              parent=None, opened_on=date(2025, 7, 1))
        org_create(actor=None, code="44.DH", name="Đảng bộ phường Đông Hà", parent=province, sector=Sector.COMMUNE,
                   org_type=OrgType.UPPER_GRASSROOTS_COMMITTEE, opened_on=date(2025, 7, 1))
        Holiday.objects.create(day=date(2031, 3, 17), name="Ngày nghỉ bù thử")
        Holiday.objects.create(day=date(2031, 3, 18), name="Ngày nghỉ thử thứ hai")
        (media / "portal" / "2026").mkdir(parents=True, exist_ok=True)
        (media / "portal" / "2026" / "anh.jpg").write_bytes(bytes(range(256)) * 40)
        (media / "proposals").mkdir(parents=True, exist_ok=True)
        (media / "proposals" / "du-thao.pdf").write_bytes(b"%PDF-1.4 du thao")
    elif step == "change":
        org_create(actor=None, code="44.LB", name="Đảng bộ xã Lao Bảo", parent=Org.objects.get(code="44"),
                   org_type=OrgType.UPPER_GRASSROOTS_COMMITTEE, sector=Sector.COMMUNE, opened_on=date(2025, 7, 1))
        Org.objects.filter(code="44.DH").update(name="Tên đã sửa")
        Holiday.objects.filter(day=date(2031, 3, 18)).delete()
        Holiday.objects.filter(day=date(2031, 3, 17)).update(name="Đã sửa")
        (media / "portal" / "2026" / "anh.jpg").write_bytes(b"changed")
        (media / "proposals" / "du-thao.pdf").unlink()
        (media / "portal" / "moi.png").write_bytes(b"new file")
    elif step == "dump":
        rows = {m._meta.label_lower: list(m.objects.order_by("pk").values()) for m in apps.get_models()
                if m._meta.managed and not m._meta.proxy}
        files = {p.relative_to(media).as_posix(): p.read_bytes().hex() for p in sorted(media.rglob("*")) if p.is_file()}
        print(json.dumps({"rows": rows, "files": files}, cls=DjangoJSONEncoder))
"""


@pytest.fixture
def server(tmp_path, database_copy):
    """The environment of a process working on a database of its own (a copy of the migrated test database)."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tochuc.settings",
        "TOCHUC_VAR_DIR": str(tmp_path / "var"),
        "SECRET_KEY": "essai-de-sauvegarde",
        "DATABASE_URL": database_copy("tochuc_backup"),
    }


def run(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tochuc.cli", *args], env=env, capture_output=True, text=True, timeout=120
    )


def worker(env: dict, *steps: str) -> dict | None:
    done = subprocess.run([sys.executable, "-c", WORKER, *steps], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1]) if "dump" in steps else None


def backup(env: dict, path: Path) -> None:
    done = run(env, "backup", "-o", str(path))
    assert done.returncode == 0, done.stderr[-3000:]
    assert "SHA-256" in done.stdout


def without_audit(state: dict) -> dict:
    return {**state, "rows": {k: v for k, v in state["rows"].items() if k != "core.auditevent"}}


@pytest.mark.django_db(transaction=True)
def test_a_restore_brings_back_every_row_and_file_exactly_as_they_were(server, tmp_path):
    before = worker(server, "seed", "dump")
    assert before["rows"]["orgs.org"] and len(before["files"]) == 2
    backup(server, tmp_path / "b.tar")
    changed = worker(server, "change", "dump")
    assert without_audit(changed) != without_audit(before)

    done = run(server, "restore", str(tmp_path / "b.tar"), "--yes")

    assert done.returncode == 0, done.stderr[-3000:]
    assert "Đã khôi phục" in done.stdout
    after = worker(server, "dump")
    assert without_audit(after) == without_audit(before)
    # The audit log as it was at the backup, plus the restore written into the restored database.
    audit_before, audit_after = before["rows"]["core.auditevent"], after["rows"]["core.auditevent"]
    assert audit_after[:-1] == audit_before
    assert audit_after[-1]["action"] == "backup.restore"
    # The backup itself was audited in the database it was taken from.
    assert "backup.create" in [e["action"] for e in changed["rows"]["core.auditevent"]]


@pytest.mark.django_db(transaction=True)
def test_a_corrupted_or_truncated_backup_is_refused_and_nothing_changes(server, tmp_path):
    worker(server, "seed")
    good = tmp_path / "b.tar"
    backup(server, good)
    worker(server, "change")
    before = worker(server, "dump")
    data = good.read_bytes()
    with tarfile.open(good) as tar:
        database = next(m for m in tar.getmembers() if m.name.startswith("database."))
    flipped = bytearray(data)
    flipped[database.offset_data + database.size // 2] ^= 0x01  # one bit in the middle of the database
    (tmp_path / "flipped.tar").write_bytes(bytes(flipped))
    (tmp_path / "cut.tar").write_bytes(data[: len(data) // 2])

    flipped_run = run(server, "restore", str(tmp_path / "flipped.tar"), "--yes")
    cut_run = run(server, "restore", str(tmp_path / "cut.tar"), "--yes")

    assert flipped_run.returncode != 0 and "bị hỏng: mã SHA-256 không khớp" in flipped_run.stderr
    assert cut_run.returncode != 0 and "bị cắt cụt hoặc hỏng" in cut_run.stderr
    assert worker(server, "dump") == before


def repack(source: Path, target: Path, *, marker: bytes | None = None, **manifest_changes) -> Path:
    """A copy of a backup with its marker or manifest changed and a correct overall checksum: a well-made file
    that is still not ours to restore."""
    with tarfile.open(source) as tar:
        members = [(info, tar.extractfile(info).read()) for info in tar.getmembers()]
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as out:
        for info, data in members:
            if info.name == "tochuc-backup" and marker is not None:
                data = marker
            elif info.name == "manifest.json":
                data = json.dumps({**json.loads(data), **manifest_changes}).encode()
            elif info.name == "checksum.sha256":
                covered = buffer.tell()
                data = f"{hashlib.sha256(buffer.getvalue()[:covered]).hexdigest()} {covered}\n".encode()
            info.size = len(data)
            out.addfile(info, io.BytesIO(data))
    target.write_bytes(buffer.getvalue())
    return target


@pytest.mark.django_db(transaction=True)
def test_a_foreign_file_is_refused_with_a_clear_message(server, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"  # never the repository's, should a check be missing
    good = tmp_path / "b.tar"
    backup(server, good)
    with tarfile.open(good) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())
    other_engine = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    random_tar = tmp_path / "random.tar"
    with tarfile.open(random_tar, "w") as tar:
        tar.add(Path(__file__), arcname="notes.py")
    a_zip = tmp_path / "backup.zip"
    with zipfile.ZipFile(a_zip, "w") as z:
        z.writestr("manifest.json", json.dumps(manifest))
    future = {**manifest["migrations"], "core": [*manifest["migrations"]["core"], "9999_from_the_future"]}
    cases = [
        (random_tar, "không phải bản sao lưu của tochuc"),
        (a_zip, "không phải bản sao lưu của tochuc: không đọc được như một tệp tar"),
        (repack(good, tmp_path / "other.tar", marker=b"other-backup 1\n"), "không phải bản sao lưu của tochuc"),
        (repack(good, tmp_path / "engine.tar", engine=other_engine), f"là bản sao lưu cơ sở dữ liệu {other_engine}"),
        (repack(good, tmp_path / "v2.tar", marker=b"tochuc-backup 2\n"), "định dạng phiên bản 2, mới hơn"),
        (repack(good, tmp_path / "newer.tar", migrations=future), "core.9999_from_the_future"),
        (tmp_path / "missing.tar", "Không thấy tệp"),
    ]
    for path, message in cases:
        with pytest.raises(CommandError, match=message.replace(".", r"\.")):
            call_command("restore", str(path))  # a file that passed by mistake stops at the confirmation
    # The well-formed file passes every check (here it stops at the confirmation: tests have no terminal).
    with pytest.raises(CommandError, match="chạy lại với --yes"):
        call_command("restore", str(good))
    call_command("restore", str(good), "--check", stdout=io.StringIO())
