"""`tochuc token USERNAME [--name N] [--days D]`: issue an API token and print its secret, alone on one line
(`TOKEN=$(tochuc token ketnoi --name "Trung ương")`); `--list` lists the user's tokens by prefix,
`--revoke PREFIX` revokes one. The secret is shown this once: only its hash is stored."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from tochuc.accounts.models import User
from tochuc.api.selectors import token_list
from tochuc.api.services import token_issue, token_revoke
from tochuc.core.errors import DomainError


def _when(value) -> str:
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if value else "-"


class Command(BaseCommand):
    help = "Cấp, liệt kê hoặc thu hồi mã truy cập API (Authorization: Bearer …) của một người dùng."

    def add_arguments(self, parser):
        parser.add_argument("username", help="tên đăng nhập của người dùng mà mã truy cập đại diện")
        parser.add_argument("--name", default="", help="tên gợi nhớ, ví dụ hệ thống nào dùng mã này")
        parser.add_argument("--days", type=int, default=None, help="số ngày hiệu lực (mặc định: không hết hạn)")
        parser.add_argument("--list", action="store_true", help="liệt kê các mã truy cập (theo tiền tố)")
        parser.add_argument("--revoke", metavar="PREFIX", default="", help="thu hồi mã truy cập có tiền tố này")

    def handle(self, *args, **options):
        username = options["username"].strip()
        user = User.objects.select_related("org").filter(username=username).first()
        if user is None:
            raise CommandError(f"Không có người dùng «{username}».")
        if options["list"]:
            self._list(user)
        elif options["revoke"]:
            self._revoke(user, options["revoke"].strip())
        else:
            if not user.is_active:
                raise CommandError(f"Tài khoản «{username}» đã bị khóa: không cấp mã truy cập.")
            try:
                _token, secret = token_issue(actor=None, user=user, name=options["name"], days=options["days"])
            except DomainError as e:
                raise CommandError(e.message) from e
            self.stdout.write(secret)

    def _list(self, user) -> None:
        tokens = list(token_list(user=user))
        if not tokens:
            self.stdout.write(f"Người dùng «{user.username}» chưa có mã truy cập nào.")
            return
        now = timezone.now()
        for t in tokens:
            if t.revoked_at:
                state = f"đã thu hồi {_when(t.revoked_at)}"
            elif t.expires_at and t.expires_at <= now:
                state = "đã hết hạn"
            else:
                state = "còn hiệu lực"
            self.stdout.write(
                f"{t.prefix}  {t.name or '-'}  cấp {_when(t.created_at)}  hết hạn {_when(t.expires_at)}  "
                f"dùng lần cuối {_when(t.last_used_at)}  {state}"
            )

    def _revoke(self, user, prefix: str) -> None:
        matches = [t for t in token_list(user=user) if t.prefix == prefix and t.revoked_at is None]
        if not matches:
            raise CommandError(
                f"Người dùng «{user.username}» không có mã truy cập còn hiệu lực với tiền tố «{prefix}»."
            )
        if len(matches) > 1:
            raise CommandError(f"Có {len(matches)} mã truy cập cùng tiền tố «{prefix}»: báo quản trị hệ thống.")
        try:
            token_revoke(actor=None, token=matches[0])
        except DomainError as e:
            raise CommandError(e.message) from e
        self.stdout.write(f"Đã thu hồi mã truy cập {prefix}….")
