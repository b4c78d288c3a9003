"""`tochuc backup -o FILE`: the database and the uploaded files in one checked file (see tochuc.core.backup)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tochuc.core.backup import BackupError, backup_create


def _size(n: int) -> str:
    return f"{n / 1_048_576:.1f}".replace(".", ",") + " MB"


class Command(BaseCommand):
    help = (
        "Sao lưu trực tuyến (ứng dụng vẫn chạy) cơ sở dữ liệu và các tệp tải lên vào một tệp duy nhất có mã "
        "kiểm tra SHA-256; khôi phục bằng `tochuc restore TỆP`."
    )

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", required=True, help="tệp sao lưu cần ghi, ví dụ tochuc-2026-07-01.tar")

    def handle(self, *args, output: str, **options):
        path = Path(output)
        try:
            manifest = backup_create(output=path)
        except BackupError as e:
            raise CommandError(e.message) from e
        self.stdout.write(
            f"Đã sao lưu vào {path} ({_size(path.stat().st_size)}): cơ sở dữ liệu {manifest.engine}, "
            f"{manifest.media_files} tệp tải lên ({_size(manifest.media_bytes)})."
        )
        self.stdout.write(f"SHA-256: {manifest.sha256}")
