"""Backup and restore of the database and the uploaded files, in one file checked before anything is touched.

The file is a plain POSIX tar (``tar tvf`` lists it), format "tochuc-backup" version 1, with these members in
this order:

``tochuc-backup``         "tochuc-backup 1\\n": says what the file is before anything else is read.
``database.sqlite3.gz``   SQLite: a copy made by SQLite's online backup API (one consistent snapshot even while
                          the app writes, WAL readers do not block writers), gzipped; or
``database.pgdump``       PostgreSQL: ``pg_dump --format=custom --no-owner --no-privileges`` (one snapshot).
``media/<path>``          every regular file under MEDIA_ROOT (symbolic links are not followed).
``manifest.json``         format, version, engine, created_at, the applied migrations per app (with the latest),
                          and every member above with its size and sha256.
``checksum.sha256``       "<sha256> <N>\\n": the sha256 of the file's first N bytes, N being where this member's
                          header starts, i.e. every byte of every member above, headers included.

So corruption anywhere is found without a sidecar file: the overall sha256 covers all the bytes that carry
data (what follows is the checksum member, whose header tar checks itself, and zero padding); a truncated file
has lost its last member; each member is checked again against the manifest as it is extracted. By hand:
``head -c N FILE | sha256sum``.

Restore checks the whole file, the format version, the engine (the same as the configured database) and the
migrations (all known to this code) before it asks for confirmation, extracts and re-checks every member into
temporary places next to their destinations, and only then replaces the database (SQLite: the file, after a
checkpoint, by rename; PostgreSQL: ``pg_restore --clean --if-exists --single-transaction``) and the media folder
(by rename). A backup made by older code is restored, then migrated. Both write an audit event ("backup.create"
into the live database once the file is complete, "backup.restore" into the restored one).

The database is copied before the media files: a file uploaded meanwhile is kept as an unused extra, and only
a file deleted in between could be missing.
"""

from __future__ import annotations

import getpass
import gzip
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.conf import settings
from django.db import connection, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from .audit import audit_record
from .errors import DomainError

FORMAT_NAME = "tochuc-backup"
FORMAT_VERSION = 1
MARKER = FORMAT_NAME
MANIFEST = "manifest.json"
CHECKSUM = "checksum.sha256"
DATABASE_MEMBER = {"sqlite": "database.sqlite3.gz", "postgresql": "database.pgdump"}
MEDIA_PREFIX = "media/"
CHUNK = 1 << 20
# pg_dump/pg_restore read these from the environment: the password never appears on a command line.
_PG_OPTIONS_ENV = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT",
}


class BackupError(DomainError):
    """A backup could not be made, or a file is refused for restore; nothing was changed."""


@dataclass
class Manifest:
    engine: str
    created_at: str
    migrations: dict[str, list[str]]
    members: list[dict[str, Any]]
    version: int = FORMAT_VERSION
    media_files: int = 0
    media_bytes: int = 0
    sha256: str = ""  # the overall checksum of the file (not stored in the manifest itself)
    raw: dict[str, Any] = field(default_factory=dict)


class _BackupFile:
    """How the audit log names a backup: no table holds backups, so the file is known by its overall sha256."""

    class _meta:  # duck-types Model._meta for audit_record
        label_lower = "core.backup"

    def __init__(self, sha256: str, name: str):
        self.pk = sha256
        self.name = name

    def __str__(self) -> str:
        return self.name


# --- Small helpers --------------------------------------------------------------------------------------------


class _HashingWriter(io.RawIOBase):
    """A write-only file that hashes and counts what goes through it: tarfile writes every byte here."""

    def __init__(self, raw: IO[bytes]):
        self.raw, self.sha, self.count = raw, hashlib.sha256(), 0

    def writable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.count

    def write(self, data) -> int:
        self.raw.write(data)
        self.sha.update(data)
        self.count += len(data)
        return len(data)


class _HashingReader(io.RawIOBase):
    """Reads exactly `size` bytes of `raw`, hashing them; a file that shrinks while read is an error."""

    def __init__(self, raw: IO[bytes], size: int, name: str):
        self.raw, self.left, self.name, self.sha = raw, size, name, hashlib.sha256()

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        n = self.left if n is None or n < 0 else min(n, self.left)
        data = self.raw.read(n)
        if len(data) < n:
            raise BackupError(f"Tệp «{self.name}» thay đổi trong khi sao lưu: hãy chạy lại lệnh sao lưu.")
        self.left -= len(data)
        self.sha.update(data)
        return data


def _sha256_file(path: Path, limit: int | None = None) -> str:
    sha, left = hashlib.sha256(), limit
    with path.open("rb") as f:
        while left is None or left > 0:
            data = f.read(CHUNK if left is None else min(CHUNK, left))
            if not data:
                break
            sha.update(data)
            if left is not None:
                left -= len(data)
    if left:
        raise BackupError("Tệp sao lưu bị cắt cụt: thiếu dữ liệu so với tổng kiểm tra.")
    return sha.hexdigest()


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in DATABASE_MEMBER:
        raise BackupError(f"Không hỗ trợ sao lưu cơ sở dữ liệu loại «{vendor}» (chỉ SQLite và PostgreSQL).")
    return vendor


def _sqlite_path() -> Path:
    name = str(settings.DATABASES["default"]["NAME"])
    if not name or name == ":memory:" or name.startswith("file:"):
        raise BackupError("Cơ sở dữ liệu SQLite phải là một tệp (DATABASE_URL=sqlite:///đường/dẫn/tệp.sqlite3).")
    return Path(name)


def _pg_env() -> dict[str, str]:
    db = settings.DATABASES["default"]
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if db.get(key):
            env[var] = str(db[key])
    env["PGDATABASE"] = str(db["NAME"])
    for option, var in _PG_OPTIONS_ENV.items():
        if db.get("OPTIONS", {}).get(option):
            env[var] = str(db["OPTIONS"][option])
    return env


def _run_pg(args: list[str], what: str) -> None:
    try:
        done = subprocess.run(args, env=_pg_env(), capture_output=True, text=True)
    except FileNotFoundError:
        raise BackupError(
            f"Không tìm thấy lệnh {args[0]}: cài gói postgresql-client cùng phiên bản với máy chủ PostgreSQL."
        ) from None
    if done.returncode != 0:
        raise BackupError(
            f"{what} không thành công ({args[0]} trả về {done.returncode}): {done.stderr.strip()[-2000:]}"
        )


def _applied_migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        applied.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(applied.items())}


def _sqlite_migrations(path: Path) -> dict[str, list[str]]:
    """The migrations recorded in the snapshot itself (not the live file, which may have moved on)."""
    db = sqlite3.connect(path)
    try:
        rows = db.execute("SELECT app, name FROM django_migrations").fetchall()
    except sqlite3.Error:
        raise BackupError("Cơ sở dữ liệu chưa có các bảng: chạy `tochuc migrate` trước.") from None
    finally:
        db.close()
    applied: dict[str, list[str]] = {}
    for app, name in rows:
        applied.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(applied.items())}


def _media_files(root: Path) -> Iterator[tuple[str, Path]]:
    """(member name, path) of every regular file under MEDIA_ROOT, sorted; symbolic links are left out."""
    if not root.is_dir():
        return
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            path = Path(folder) / name
            if path.is_file() and not path.is_symlink():
                yield MEDIA_PREFIX + path.relative_to(root).as_posix(), path


def _tarinfo(name: str, size: int, mtime: float) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode, info.type = size, int(mtime), 0o600, tarfile.REGTYPE
    return info


# --- Backup ---------------------------------------------------------------------------------------------------


def _dump_database(engine: str, staging: Path) -> tuple[Path, dict[str, list[str]]]:
    """The database as one file in `staging`, and the migrations applied in it."""
    if engine == "sqlite":
        source_path = _sqlite_path()
        if not source_path.exists():
            raise BackupError(f"Không thấy tệp cơ sở dữ liệu {source_path}.")
        copy = staging / "database.sqlite3"
        source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True, timeout=60)
        target = sqlite3.connect(copy)
        try:
            source.backup(target)  # pages=-1: one step, one read transaction, one snapshot
            target.execute("PRAGMA journal_mode=DELETE")  # a single self-contained file
        finally:
            target.close()
            source.close()
        migrations = _sqlite_migrations(copy)
        packed = staging / DATABASE_MEMBER["sqlite"]
        with copy.open("rb") as src, gzip.open(packed, "wb", compresslevel=6) as dst:
            shutil.copyfileobj(src, dst, CHUNK)
        copy.unlink()
        return packed, migrations
    migrations = _applied_migrations()
    packed = staging / DATABASE_MEMBER["postgresql"]
    _run_pg(
        ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={packed}"],
        "Sao lưu cơ sở dữ liệu PostgreSQL",
    )
    return packed, migrations


def backup_create(*, output: Path) -> Manifest:
    """Write a backup of the database and MEDIA_ROOT to `output` (through a temporary file renamed at the end),
    then record "backup.create" in the audit log."""
    output = Path(output).absolute()
    media_root = Path(settings.MEDIA_ROOT).absolute()
    if output.is_relative_to(media_root):
        raise BackupError("Không được ghi tệp sao lưu vào thư mục tệp tải lên (MEDIA_ROOT).")
    if not output.parent.is_dir():
        raise BackupError(f"Thư mục {output.parent} không tồn tại.")
    if output.is_dir():
        raise BackupError(f"{output} là một thư mục: hãy ghi rõ tên tệp sao lưu.")
    engine = _engine()
    created = timezone.now()
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.", suffix=".staging", dir=output.parent))
    fd, tmp_name = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".tmp", dir=output.parent)
    tmp = Path(tmp_name)
    try:
        database, migrations = _dump_database(engine, staging)
        members: list[dict[str, Any]] = []
        with os.fdopen(fd, "wb") as raw:
            writer = _HashingWriter(raw)
            with tarfile.open(fileobj=writer, mode="w", format=tarfile.PAX_FORMAT) as tar:
                marker = f"{FORMAT_NAME} {FORMAT_VERSION}\n".encode()
                tar.addfile(_tarinfo(MARKER, len(marker), created.timestamp()), io.BytesIO(marker))
                media_files = media_bytes = 0
                sources = [(DATABASE_MEMBER[engine], database), *_media_files(media_root)]
                for name, path in sources:
                    try:
                        f = path.open("rb")
                    except FileNotFoundError:
                        continue  # a media file deleted since it was listed
                    with f:
                        st = os.fstat(f.fileno())
                        reader = _HashingReader(f, st.st_size, str(path))
                        tar.addfile(_tarinfo(name, st.st_size, st.st_mtime), reader)
                    members.append({"name": name, "size": st.st_size, "sha256": reader.sha.hexdigest()})
                    if name.startswith(MEDIA_PREFIX):
                        media_files, media_bytes = media_files + 1, media_bytes + st.st_size
                manifest = {
                    "format": FORMAT_NAME,
                    "version": FORMAT_VERSION,
                    "engine": engine,
                    "created_at": created.isoformat(),
                    "migrations": migrations,
                    "latest_migrations": {app: names[-1] for app, names in migrations.items()},
                    "media": {"files": media_files, "bytes": media_bytes},
                    "members": members,
                }
                body = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
                tar.addfile(_tarinfo(MANIFEST, len(body), created.timestamp()), io.BytesIO(body))
                covered, overall = writer.count, writer.sha.hexdigest()
                line = f"{overall} {covered}\n".encode()
                tar.addfile(_tarinfo(CHECKSUM, len(line), created.timestamp()), io.BytesIO(line))
            raw.flush()
            os.fsync(raw.fileno())
        os.chmod(tmp, 0o600)  # the whole membership register: readable by its owner only
        os.replace(tmp, output)
        _fsync_dir(output.parent)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    result = Manifest(
        engine=engine,
        created_at=manifest["created_at"],
        migrations=migrations,
        members=members,
        media_files=media_files,
        media_bytes=media_bytes,
        sha256=overall,
        raw=manifest,
    )
    audit_record(
        actor=None,
        action="backup.create",
        obj=_BackupFile(overall, output.name),
        changes={
            "file": {"before": None, "after": str(output)},
            "size": {"before": None, "after": output.stat().st_size},
            "media_files": {"before": None, "after": media_files},
        },
        note=f"Sao lưu {engine} vào {output} (người chạy lệnh: {getpass.getuser()}).",
    )
    return result


# --- Verify ---------------------------------------------------------------------------------------------------


def _foreign(path: Path, why: str = "") -> BackupError:
    return BackupError(f"Tệp {path} không phải bản sao lưu của tochuc{': ' + why if why else ''}.")


def backup_verify(path: Path) -> Manifest:
    """Check a backup file completely without changing anything: format, overall sha256, manifest, engine,
    migrations. Returns its manifest; raises BackupError with the reason otherwise."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"Không thấy tệp {path}.")
    try:
        tar = tarfile.open(path, "r:")  # noqa: SIM115  (closed by the `with tar:` below)
    except tarfile.TarError:
        # Unreadable from its first header: not a tar at all (or damaged at its very start).
        raise _foreign(path, "không đọc được như một tệp tar") from None
    try:
        with tar:
            infos = tar.getmembers()
            if not infos or infos[0].name != MARKER:
                raise _foreign(path)
            marker = tar.extractfile(infos[0]).read(64).decode("ascii", "replace").split()  # type: ignore[union-attr]
            if len(marker) != 2 or marker[0] != FORMAT_NAME or not marker[1].isdigit():
                raise _foreign(path)
            if int(marker[1]) > FORMAT_VERSION:
                raise BackupError(
                    f"Tệp {path} là bản sao lưu định dạng phiên bản {marker[1]}, mới hơn phiên bản {FORMAT_VERSION} "
                    "mà mã này đọc được: hãy cập nhật tochuc trước khi khôi phục."
                )
            last = infos[-1]
            # A header broken or cut off further on ends the listing early: the checksum member is then missing.
            if last.name != CHECKSUM or len(infos) < 3 or infos[-2].name != MANIFEST:
                raise BackupError(f"Tệp sao lưu {path} bị cắt cụt hoặc hỏng: không thấy tổng kiểm tra ở cuối tệp.")
            line = tar.extractfile(last).read(200).decode("ascii", "replace").split()  # type: ignore[union-attr]
            manifest_bytes = tar.extractfile(infos[-2]).read()  # type: ignore[union-attr]
    except (tarfile.TarError, OSError, EOFError) as e:
        raise BackupError(f"Tệp sao lưu {path} bị cắt cụt hoặc hỏng ({e}).") from None
    if len(line) != 2 or len(line[0]) != 64 or not line[1].isdigit() or int(line[1]) != last.offset:
        raise BackupError(f"Tệp sao lưu {path} bị hỏng: tổng kiểm tra ở cuối tệp không đọc được.")
    overall = _sha256_file(path, int(line[1]))
    if overall != line[0]:
        raise BackupError(
            f"Tệp sao lưu {path} bị hỏng: mã SHA-256 không khớp (tính được {overall[:16]}…, "
            f"ghi trong tệp {line[0][:16]}…). Không khôi phục từ tệp này."
        )
    try:
        raw = json.loads(manifest_bytes)
        manifest = Manifest(
            engine=raw["engine"],
            created_at=raw["created_at"],
            migrations=raw["migrations"],
            members=raw["members"],
            version=raw["version"],
            media_files=raw.get("media", {}).get("files", 0),
            media_bytes=raw.get("media", {}).get("bytes", 0),
            sha256=overall,
            raw=raw,
        )
    except (ValueError, KeyError, TypeError, AttributeError):
        raise _foreign(path, "bản kê nội dung (manifest.json) không đúng định dạng") from None
    if raw.get("format") != FORMAT_NAME or manifest.version != int(marker[1]):
        raise _foreign(path)
    listed = [(m.name, m.size) for m in infos[1:-2]]
    if listed != [(m.get("name"), m.get("size")) for m in manifest.members]:
        raise BackupError(f"Tệp sao lưu {path} bị hỏng: danh sách tệp bên trong không khớp bản kê nội dung.")
    for info in infos[1:-2]:
        if not info.isreg() or not _safe_member(info.name):
            raise BackupError(f"Tệp sao lưu {path} chứa mục không hợp lệ: «{info.name}».")
    engine = _engine()
    if manifest.engine != engine:
        raise BackupError(
            f"Tệp {path} là bản sao lưu cơ sở dữ liệu {manifest.engine}, còn cơ sở dữ liệu đang cấu hình là "
            f"{engine}: không khôi phục được sang loại khác."
        )
    if not listed or listed[0][0] != DATABASE_MEMBER[engine]:
        raise BackupError(f"Tệp sao lưu {path} bị hỏng: không có bản sao cơ sở dữ liệu.")
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = [
        f"{app}.{name}" for app, names in manifest.migrations.items() for name in names if (app, name) not in known
    ]
    if unknown:
        raise BackupError(
            f"Tệp {path} được tạo bởi phiên bản tochuc mới hơn mã đang chạy (có các bước chuyển đổi dữ liệu chưa "
            f"biết: {', '.join(unknown[:5])}{'…' if len(unknown) > 5 else ''}): hãy cập nhật tochuc trước khi "
            "khôi phục."
        )
    return manifest


def _safe_member(name: str) -> bool:
    p = PurePosixPath(name)
    if name in DATABASE_MEMBER.values():
        return True
    return (
        name.startswith(MEDIA_PREFIX)
        and not p.is_absolute()
        and ".." not in p.parts
        and len(p.parts) >= 2
        and "\\" not in name
        and "\x00" not in name
    )


# --- Restore --------------------------------------------------------------------------------------------------


def _extract(tar: tarfile.TarFile, info: tarfile.TarInfo, target: Path, expected: dict[str, Any]) -> None:
    source = tar.extractfile(info)
    assert source is not None
    sha, size = hashlib.sha256(), 0
    with target.open("wb") as out:
        while data := source.read(CHUNK):
            sha.update(data)
            size += len(data)
            out.write(data)
        out.flush()
        os.fsync(out.fileno())
    if size != expected["size"] or sha.hexdigest() != expected["sha256"]:
        raise BackupError(f"Tệp sao lưu bị hỏng: «{info.name}» không khớp mã SHA-256 trong bản kê nội dung.")


def _chown_like(path: Path, model: Path) -> None:
    """Keep the owner of what is replaced (restore run as root for an app that runs as its own user)."""
    try:
        st = model.stat()
        os.chown(path, st.st_uid, st.st_gid)
    except OSError:
        pass


@contextmanager
def _staging(parent: Path, name: str) -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix=f".{name}.", suffix=".restore", dir=parent))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _replace_sqlite(staged: Path) -> None:
    db_path = _sqlite_path()
    check = sqlite3.connect(staged)
    try:
        ok = check.execute("PRAGMA quick_check").fetchone()[0]
    finally:
        check.close()
    if ok != "ok":
        raise BackupError(f"Bản sao cơ sở dữ liệu trong tệp không dùng được (SQLite: {ok}).")
    if db_path.exists():
        _chown_like(staged, db_path)
        os.chmod(staged, db_path.stat().st_mode & 0o777)
    connections.close_all()
    if db_path.exists():
        # Everything into the main file first: once it is, the -wal/-shm files can go without losing anything
        # of the old database, and no stale WAL can be replayed onto the new one.
        live = sqlite3.connect(db_path, timeout=60)
        try:
            live.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            live.close()
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    os.replace(staged, db_path)
    _fsync_dir(db_path.parent)


def _restore_postgresql(dump: Path) -> None:
    connections.close_all()
    name = str(settings.DATABASES["default"]["NAME"])
    _run_pg(
        ["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
         f"--dbname={name}", str(dump)],
        "Khôi phục cơ sở dữ liệu PostgreSQL",
    )  # fmt: skip


def _swap_media(staged: Path, media_root: Path) -> None:
    old = None
    if media_root.exists():
        _chown_like(staged, media_root)
        old = media_root.with_name(f".{media_root.name}.{os.getpid()}.old")
        os.replace(media_root, old)
    os.replace(staged, media_root)
    _fsync_dir(media_root.parent)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def backup_restore(*, path: Path, confirm: Callable[[Manifest], bool] | None = None) -> tuple[Manifest, list[str]]:
    """Verify `path`, ask `confirm` (None: proceed), then replace the database and MEDIA_ROOT with its content,
    migrate if the backup predates this code, and record "backup.restore" in the restored database.
    Returns the manifest and the migrations applied after the restore."""
    path = Path(path).absolute()
    manifest = backup_verify(path)
    if confirm is not None and not confirm(manifest):
        raise BackupError("Đã hủy: không thay đổi gì.")
    engine = _engine()
    media_root = Path(settings.MEDIA_ROOT).absolute()
    media_root.parent.mkdir(parents=True, exist_ok=True)
    db_parent = _sqlite_path().parent if engine == "sqlite" else media_root.parent
    expected = {m["name"]: m for m in manifest.members}
    with (
        _staging(db_parent, "database") as db_stage,
        _staging(media_root.parent, media_root.name) as media_stage,
        tarfile.open(path, "r:") as tar,
    ):
        staged_media = media_stage / "media"
        staged_media.mkdir()
        os.chmod(staged_media, 0o750)
        database = None
        for info in tar:
            if info.name not in expected:
                continue
            if info.name == DATABASE_MEMBER[engine]:
                database = db_stage / info.name
                _extract(tar, info, database, expected[info.name])
                continue
            target = staged_media.joinpath(*PurePosixPath(info.name).parts[1:])
            if not target.resolve().is_relative_to(staged_media.resolve()):
                raise BackupError(f"Tệp sao lưu chứa mục không hợp lệ: «{info.name}».")
            target.parent.mkdir(parents=True, exist_ok=True)
            _extract(tar, info, target, expected[info.name])
        if database is None:
            raise BackupError("Tệp sao lưu bị hỏng: không có bản sao cơ sở dữ liệu.")
        # Everything is extracted and checked: now, and only now, the live data is replaced.
        if engine == "sqlite":
            plain = db_stage / "database.sqlite3"
            with gzip.open(database, "rb") as src, plain.open("wb") as dst:
                shutil.copyfileobj(src, dst, CHUNK)
                dst.flush()
                os.fsync(dst.fileno())
            _replace_sqlite(plain)
        else:
            _restore_postgresql(database)
        _swap_media(staged_media, media_root)
    connections.close_all()
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    migrated = [f"{m.app_label}.{m.name}" for m, _backwards in plan]
    if plan:
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)
    audit_record(
        actor=None,
        action="backup.restore",
        obj=_BackupFile(manifest.sha256, path.name),
        changes={
            "file": {"before": None, "after": str(path)},
            "created_at": {"before": None, "after": manifest.created_at},
            "migrated": {"before": None, "after": migrated},
        },
        note=f"Khôi phục từ bản sao lưu {path} tạo lúc {manifest.created_at} (người chạy lệnh: {getpass.getuser()}).",
    )
    return manifest, migrated
