"""`tochuc import-members FILE.xlsx --org CODE [--dry-run] [--valid-only] [--rejected-out FILE]`: import a
member list under an org; `tochuc import-members --template -o FILE.xlsx` writes the empty template.

Exit status: 0 when every row passed, 1 when a row was refused (each printed as "Dòng N, cột «X»: ..."),
2 when the file or the arguments cannot be used at all.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TextIO

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from tochuc.core.errors import DomainError
from tochuc.members import excel
from tochuc.members.services.imports import members_import
from tochuc.orgs.models import Org

STAGES = {"read": "Đọc tệp", "check": "Kiểm tra", "write": "Ghi", "export": "Xuất"}


class ProgressBar:
    """A one-line progress bar on a terminal (stderr): drawn only after the first second, so that short runs
    print nothing, and never into a file or a pipe unless forced."""

    def __init__(self, stream: TextIO, *, enabled: bool | None = None, delay: float = 1.0, width: int = 30):
        self.stream = getattr(stream, "_out", stream)  # under Django's OutputWrapper, which adds newlines
        isatty = getattr(self.stream, "isatty", lambda: False)
        self.enabled = isatty() if enabled is None else enabled
        self.delay, self.width = delay, width
        self.started = time.monotonic()
        self.last = 0.0
        self.drawn = False

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.started < self.delay or (now - self.last < 0.1 and done != total):
            return
        self.last = now
        label = f"{STAGES.get(stage, stage):<9}"
        if total:
            share = min(done / total, 1.0)
            filled = int(share * self.width)
            bar = "#" * filled + "." * (self.width - filled)
            line = f"{label} [{bar}] {share:4.0%} {_number(done)}/{_number(total)}"
        else:
            line = f"{label} {_number(done)}"
        self.stream.write("\r" + line.ljust(self.width + 40))
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        if self.drawn:
            self.stream.write("\n")
            self.stream.flush()
            self.drawn = False


def _number(n: int) -> str:
    return f"{n:,}".replace(",", ".")  # Vietnamese thousands separator


def acting_user(username: str | None):
    """The user the command acts as (scope, audit), or None: the system, for an administrator's command."""
    if not username:
        return None
    from tochuc.accounts.models import User

    user = User.objects.filter(username=username, is_active=True).select_related("org").first()
    if user is None:
        raise CommandError(f"Không có người dùng «{username}» đang hoạt động.", returncode=2)
    return user


def org_for(code: str | None, user) -> Org:
    """The org by code, inside the user's scope when one acts: elsewhere it is not found, as in the pages."""
    if not code:
        raise CommandError("Chọn tổ chức bằng --org MÃ.", returncode=2)
    from tochuc.core.scope import scope

    qs = Org.objects.all() if user is None else scope(Org.objects.all(), user)
    org = qs.filter(code__iexact=code.strip()).first()
    if org is None:
        raise CommandError(f"Không tìm thấy tổ chức có mã «{code}» trong phạm vi quản lý.", returncode=2)
    return org


class Command(BaseCommand):
    help = "Nhập danh sách đảng viên từ tệp .xlsx (hoặc .csv) theo mẫu, hoặc tạo tệp mẫu (--template -o TỆP)."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", metavar="FILE.xlsx", help="tệp danh sách theo mẫu")
        parser.add_argument("--org", metavar="CODE", help="nhập vào tổ chức có mã này (và các tổ chức trực thuộc)")
        parser.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi")
        parser.add_argument("--valid-only", action="store_true", help="nhập các dòng hợp lệ, bỏ qua các dòng lỗi")
        parser.add_argument("--rejected-out", metavar="FILE.xlsx", help="ghi các dòng bị từ chối vào tệp này")
        parser.add_argument("--template", action="store_true", help="ghi tệp mẫu (cần -o)")
        parser.add_argument("-o", "--output", metavar="FILE.xlsx", help="tệp mẫu ghi ra (với --template)")
        parser.add_argument("--user", metavar="USERNAME", help="thực hiện với quyền và phạm vi của người dùng này")
        parser.add_argument(
            "--max-mb",
            type=int,
            default=excel.MAX_BYTES // (1024 * 1024),
            help="từ chối tệp lớn hơn số MB này (mặc định %(default)s; 0: không giới hạn)",
        )

    def handle(self, *args, **options):
        if options["template"]:
            return self._template(options)
        if not options["file"]:
            raise CommandError("Cho biết tệp cần nhập, hoặc --template -o TỆP để lấy tệp mẫu.", returncode=2)
        user = acting_user(options["user"])
        root = org_for(options["org"], user)
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Không mở được tệp «{path}».", returncode=2)
        bar = ProgressBar(self.stderr)
        try:
            with path.open("rb") as file:
                result = members_import(
                    actor=user,
                    root=root,
                    file=file,
                    filename=path.name,
                    valid_only=options["valid_only"],
                    dry_run=options["dry_run"],
                    max_bytes=options["max_mb"] * 1024 * 1024 or None,
                    progress=bar,
                )
        except DomainError as e:
            raise CommandError(e.message, returncode=2) from e
        except (Http404, PermissionDenied) as e:
            raise CommandError(f"Không được nhập vào «{root.code}».", returncode=2) from e
        finally:
            bar.close()
        for problem in result.problems:
            self.stderr.write(str(problem))
        for notice in result.notices:
            self.stdout.write(f"Lưu ý: {notice}")
        counts = (
            f"{result.created} đảng viên mới, {result.updated} cập nhật, {result.unchanged} không đổi, "
            f"{result.refused} dòng bị từ chối"
        )
        if result.written:
            self.stdout.write(f"Đã nhập vào «{root.name}»: {counts}.")
        elif result.dry_run:
            self.stdout.write(f"Kiểm tra thử, chưa ghi: {counts}.")
        if result.rejected and options["rejected_out"]:
            Path(options["rejected_out"]).write_bytes(result.rejected_file())
            self.stdout.write(f"Các dòng bị từ chối: {options['rejected_out']}")
        if result.rejected:
            if result.written:
                raise CommandError(f"{result.refused} dòng bị từ chối (các dòng khác đã nhập).", returncode=1)
            raise CommandError(f"{result.refused} dòng bị từ chối: chưa nhập dòng nào.", returncode=1)

    def _template(self, options) -> None:
        out = options["output"]
        if not out or options["file"]:
            raise CommandError("Dùng: tochuc import-members --template -o TỆP.xlsx", returncode=2)
        Path(out).write_bytes(excel.template_bytes())
        self.stdout.write(f"Đã ghi tệp mẫu: {out}")
