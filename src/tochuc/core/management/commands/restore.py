"""`tochuc restore FILE [--yes] [--check]`: verify a backup completely, then replace the database and the
uploaded files with its content (see tochuc.core.backup). Stop the application first."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tochuc.core.backup import BackupError, Manifest, backup_restore, backup_verify

YES = {"co", "có", "c", "yes", "y"}


class Command(BaseCommand):
    help = (
        "Khôi phục cơ sở dữ liệu và các tệp tải lên từ một tệp do `tochuc backup` tạo. Tệp được kiểm tra toàn bộ "
        "trước khi thay đổi bất cứ điều gì; dừng ứng dụng trước khi khôi phục."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="tệp sao lưu")
        parser.add_argument(
            "--yes", "--no-input", "--noinput", dest="yes", action="store_true", help="không hỏi xác nhận"
        )
        parser.add_argument("--check", action="store_true", help="chỉ kiểm tra tệp, không khôi phục")

    def _describe(self, manifest: Manifest) -> str:
        return (
            f"bản sao lưu {manifest.engine} tạo lúc {manifest.created_at}, {manifest.media_files} tệp tải lên; "
            f"SHA-256 {manifest.sha256}"
        )

    def _confirm(self, manifest: Manifest) -> bool:
        self.stdout.write(f"Tệp hợp lệ: {self._describe(manifest)}.")
        if not sys.stdin or not sys.stdin.isatty():
            raise CommandError("Cần xác nhận: chạy lại với --yes (không có bàn phím để hỏi).")
        answer = input(
            "Toàn bộ dữ liệu hiện tại và các tệp tải lên sẽ bị thay bằng nội dung bản sao lưu. Gõ «có» để tiếp tục: "
        )
        return answer.strip().lower() in YES

    def handle(self, *args, file: str, yes: bool, check: bool, **options):
        path = Path(file)
        try:
            if check:
                self.stdout.write(f"Tệp hợp lệ: {self._describe(backup_verify(path))}.")
                return
            manifest, migrated = backup_restore(path=path, confirm=None if yes else self._confirm)
        except BackupError as e:
            raise CommandError(e.message) from e
        self.stdout.write(f"Đã khôi phục từ {path}: {self._describe(manifest)}.")
        if migrated:
            self.stdout.write(f"Đã chuyển đổi dữ liệu lên phiên bản hiện tại ({len(migrated)} bước).")
