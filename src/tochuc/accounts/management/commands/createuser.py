"""`tochuc createuser USERNAME --role ROLE --org CODE --password-stdin`: create or update a scoped user.

`echo "$PASSWORD" | tochuc createuser xa --role officer --org 44.19333 --password-stdin` keeps the password
out of the shell history and the process list. Without --password-stdin an existing password is kept
(a new user cannot log in until one is set).
"""

from __future__ import annotations

import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from tochuc.accounts.models import User
from tochuc.accounts.roles import Role
from tochuc.accounts.services import user_save
from tochuc.core.errors import DomainError
from tochuc.orgs.models import Org


def _roles() -> str:
    return "; ".join(f"{value} ({label})" for value, label in Role.choices)


def _read_password() -> str:
    """All of stdin, less one trailing newline (as `docker login --password-stdin` reads it)."""
    data = sys.stdin.read()
    if data.endswith("\n"):
        data = data[:-1]
    if data.endswith("\r"):
        data = data[:-1]
    if not data:
        raise CommandError("Không đọc được mật khẩu từ đầu vào chuẩn (stdin): hãy truyền mật khẩu qua ống dẫn.")
    if "\n" in data:
        raise CommandError("Mật khẩu đọc từ stdin chỉ được có một dòng.")
    return data


class Command(BaseCommand):
    help = "Tạo hoặc cập nhật người dùng gắn với một tổ chức đảng và một vai trò."

    def add_arguments(self, parser):
        parser.add_argument("username", help="tên đăng nhập")
        parser.add_argument("--role", required=True, help=f"vai trò: {_roles()}")
        parser.add_argument("--org", required=True, metavar="CODE", help="mã tổ chức đảng (phạm vi quản lý)")
        parser.add_argument("--password-stdin", action="store_true", help="đọc mật khẩu từ stdin")
        parser.add_argument("--full-name", default="", help="họ và tên")
        parser.add_argument("--email", default="", help="thư điện tử")

    def handle(self, *args, **options):
        username = options["username"].strip()
        try:
            User.username_validator(username)
        except ValidationError as e:
            raise CommandError(
                f"Tên đăng nhập «{username}» không hợp lệ: chỉ dùng chữ, số và các ký tự @ . + - _."
            ) from e
        email = options["email"].strip()
        if email:
            try:
                validate_email(email)
            except ValidationError as e:
                raise CommandError(f"Địa chỉ thư điện tử «{email}» không hợp lệ.") from e
        role = options["role"].strip().lower()
        if role not in Role.values:
            raise CommandError(f"Vai trò «{options['role']}» không hợp lệ. Chọn một trong: {_roles()}.")
        code = options["org"].strip()
        org = Org.objects.filter(code__iexact=code).first()
        if org is None:
            raise CommandError(f"Không có tổ chức đảng nào mang mã «{code}».")
        password = _read_password() if options["password_stdin"] else None
        try:
            user, created = user_save(
                actor=None,
                username=username,
                role=role,
                org=org,
                password=password,
                full_name=options["full_name"].strip(),
                email=email,
            )
        except DomainError as e:
            raise CommandError(e.message) from e
        verb = "Đã tạo" if created else "Đã cập nhật"
        self.stdout.write(f"{verb} người dùng «{user.username}»: {Role(user.role).label}, {org.name} (mã {org.code}).")
        if created and password is None:
            self.stdout.write("Người dùng chưa có mật khẩu: chạy lại lệnh với --password-stdin để đặt mật khẩu.")
