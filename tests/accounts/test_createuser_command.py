"""`tochuc createuser`: create or update a scoped user, the password read from stdin."""

from __future__ import annotations

import io
from datetime import date
from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tochuc.accounts.models import User
from tochuc.accounts.roles import Role
from tochuc.core.models import AuditEvent
from tochuc.orgs.models import OrgType, Sector
from tochuc.orgs.services import org_create

PASSWORD = "Dong-Ha-2026!"


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def orgs(db) -> SimpleNamespace:
    opened = date(2025, 7, 1)
    root = org_create(
        actor=None, code="44", name="Đảng bộ tỉnh Quảng Trị", org_type=OrgType.PROVINCE_COMMITTEE, parent=None,
        opened_on=opened,
    )  # fmt: skip
    commune = org_create(
        actor=None, code="44.19333", name="Đảng bộ phường Đông Hà", org_type=OrgType.UPPER_GRASSROOTS_COMMITTEE,
        parent=root, opened_on=opened, sector=Sector.COMMUNE,
    )  # fmt: skip
    cell = org_create(
        actor=None, code="44.19333.01", name="Chi bộ khu phố 1", org_type=OrgType.GRASSROOTS_CELL, parent=commune,
        opened_on=opened, sector=Sector.RESIDENTIAL,
    )  # fmt: skip
    return SimpleNamespace(root=root, commune=commune, cell=cell)


def _run(monkeypatch, *args: str, stdin: str | None = None) -> str:
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    out = StringIO()
    call_command("createuser", *args, stdout=out)
    return out.getvalue()


def test_it_creates_a_scoped_user_with_the_password_from_stdin(orgs, monkeypatch):
    out = _run(
        monkeypatch,
        "cb.dongha", "--role", "officer", "--org", "44.19333", "--password-stdin",
        "--full-name", "Lê Văn Hải", "--email", "hai@example.vn",
        stdin=PASSWORD + "\n",
    )  # fmt: skip
    user = User.objects.get(username="cb.dongha")
    assert (user.role, user.org, user.full_name, user.email) == (
        Role.OFFICER,
        orgs.commune,
        "Lê Văn Hải",
        "hai@example.vn",
    )
    assert user.check_password(PASSWORD)  # the trailing newline is not part of it
    assert not user.is_superuser and not user.is_staff
    assert out.startswith("Đã tạo người dùng «cb.dongha»")
    event = AuditEvent.objects.get(action="user.create", object_id=str(user.pk))
    assert event.actor_name == "system"
    assert "password" in event.changes and PASSWORD not in str(event.changes)


def test_it_updates_an_existing_user(orgs, monkeypatch):
    _run(monkeypatch, "bithu", "--role", "secretary", "--org", "44.19333.01", "--password-stdin", stdin=PASSWORD)
    out = _run(monkeypatch, "bithu", "--role", "viewer", "--org", "44.19333")
    user = User.objects.get(username="bithu")
    assert (user.role, user.org) == (Role.VIEWER, orgs.commune)
    assert user.check_password(PASSWORD)  # kept: no --password-stdin this time
    assert out.startswith("Đã cập nhật người dùng «bithu»")
    assert User.objects.filter(username="bithu").count() == 1


def test_it_changes_the_password_when_given(orgs, monkeypatch):
    _run(monkeypatch, "xem", "--role", "viewer", "--org", "44", "--password-stdin", stdin=PASSWORD)
    _run(monkeypatch, "xem", "--role", "viewer", "--org", "44", "--password-stdin", stdin="Mat-khau-moi-2026\r\n")
    assert User.objects.get(username="xem").check_password("Mat-khau-moi-2026")


def test_a_new_user_without_a_password_cannot_log_in(orgs, monkeypatch):
    out = _run(monkeypatch, "xem", "--role", "viewer", "--org", "44")
    assert not User.objects.get(username="xem").has_usable_password()
    assert "chưa có mật khẩu" in out


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["--role", "officer", "--org", "99"], None, "Không có tổ chức đảng nào mang mã «99»"),
        (["--role", "boss", "--org", "44"], None, "Vai trò «boss» không hợp lệ"),
        (["--role", "secretary", "--org", "44.19333"], None, "Bí thư cơ sở chỉ được gắn"),
        (["--role", "officer", "--org", "44", "--password-stdin"], "12345678\n", "Mật khẩu"),
        (["--role", "officer", "--org", "44", "--password-stdin"], "\n", "Không đọc được mật khẩu"),
        (["--role", "officer", "--org", "44", "--email", "khong-phai-email"], None, "thư điện tử"),
    ],
)
def test_it_refuses_with_a_vietnamese_message_and_creates_nothing(orgs, monkeypatch, args, stdin, message):
    with pytest.raises(CommandError, match=message) as e:
        _run(monkeypatch, "cb.moi", *args, stdin=stdin)
    assert e.value.returncode != 0
    assert not User.objects.filter(username="cb.moi").exists()


def test_it_refuses_a_bad_username(orgs, monkeypatch):
    with pytest.raises(CommandError, match="Tên đăng nhập"):
        _run(monkeypatch, "cb moi", "--role", "viewer", "--org", "44")
