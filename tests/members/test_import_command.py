"""`tochuc import-members`: exit status 0 when every row passed, 1 when a row was refused (each printed with
its row and column), 2 when the file or the arguments cannot be used; the template; the progress bar."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from tochuc.cli import main
from tochuc.members import excel
from tochuc.members.management.commands.import_members import ProgressBar
from tochuc.members.models import Member

GOOD = {
    "Họ và tên": "Nguyễn Văn Hùng",
    "Giới tính": "Nam",
    "Ngày sinh": "15/06/1985",
    "Số CCCD": "045085000123",
    "Ngày vào Đảng": "19/05/2010",
    "Ngày chính thức": "19/05/2011",
    "Mã tổ chức": "44.DH.01",
}
BAD = {**GOOD, "Họ và tên": "Lê Văn Sai", "Số CCCD": "045085000124", "Ngày sinh": "31/04/1985"}


def write(path, *rows: dict) -> str:
    excel.write_members(str(path), [[row.get(c.header) for c in excel.COLUMNS] for row in rows], count=len(rows))
    return str(path)


def run(*args) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("import_members", *args, stdout=out, stderr=err)
    except CommandError as e:
        return e.returncode, out.getvalue(), f"{err.getvalue()}{e}"
    return 0, out.getvalue(), err.getvalue()


def test_it_imports_and_exits_0(tree, tmp_path):
    code, out, _err = run(write(tmp_path / "ds.xlsx", GOOD), "--org", "44.DH")
    assert code == 0
    assert "Đã nhập vào «Đảng bộ phường Đông Hà»: 1 đảng viên mới, 0 cập nhật" in out
    assert Member.objects.filter(citizen_id="045085000123").exists()


def test_a_refused_row_is_printed_and_exits_1(tree, tmp_path, nothing_written):
    with nothing_written():
        code, _out, err = run(write(tmp_path / "ds.xlsx", GOOD, BAD), "--org", "44.DH")
    assert code == 1
    assert "Dòng 6, cột «Ngày sinh»: ngày «31/04/1985» không có thật." in err
    assert "1 dòng bị từ chối: chưa nhập dòng nào." in err


def test_valid_only_writes_the_rejected_rows_and_still_exits_1(tree, tmp_path):
    rejected = tmp_path / "loi.xlsx"
    code, out, _err = run(
        write(tmp_path / "ds.xlsx", GOOD, BAD), "--org", "44.DH", "--valid-only", "--rejected-out", str(rejected)
    )
    assert code == 1
    assert Member.objects.filter(citizen_id="045085000123").exists()
    ws = load_workbook(rejected, read_only=True)[excel.SHEET]
    assert [r[1] for r in ws.iter_rows(min_row=excel.HEADER_ROW + 1, values_only=True)] == ["Lê Văn Sai"]
    assert str(rejected) in out


def test_a_dry_run_writes_nothing(tree, tmp_path, nothing_written):
    with nothing_written():
        code, out, _err = run(write(tmp_path / "ds.xlsx", GOOD), "--org", "44.DH", "--dry-run")
    assert code == 0
    assert "Kiểm tra thử, chưa ghi: 1 đảng viên mới" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--org", "44.XX"], "Không tìm thấy tổ chức có mã «44.XX» trong phạm vi quản lý."),
        (["--org", "44.DH", "--user", "cb.laobao"], "Không tìm thấy tổ chức có mã «44.DH» trong phạm vi quản lý."),
        (["--org", "44.DH", "--max-mb", "0", "--user", "nobody"], "Không có người dùng «nobody» đang hoạt động."),
    ],
)
def test_unusable_arguments_exit_2(tree, tmp_path, outsider, args, message):
    code, _out, err = run(write(tmp_path / "ds.xlsx", GOOD), *args)
    assert (code, err.strip()) == (2, message)


def test_a_file_that_is_not_a_spreadsheet_exits_2(tree, tmp_path):
    path = tmp_path / "ds.xlsx"
    path.write_text("Họ và tên;Ngày sinh")
    code, _out, err = run(str(path), "--org", "44.DH")
    assert (code, err) == (2, "Tệp không phải bảng tính .xlsx: dùng tệp mẫu tải từ trang nhập danh sách.")


def test_acting_as_a_user_keeps_to_their_scope_and_audits_them(tree, tmp_path, commune_officer, audit_watch):
    watch = audit_watch()
    code, _out, _err = run(write(tmp_path / "ds.xlsx", GOOD), "--org", "44.DH", "--user", "cb.dongha")
    assert code == 0
    assert [(e.action, e.actor) for e in watch.events()] == [("member.import", commune_officer)]


def test_the_exit_status_reaches_the_shell(tree, tmp_path, capsys):
    path = write(tmp_path / "ds.xlsx", BAD)
    with pytest.raises(SystemExit) as info:
        main(["tochuc", "import-members", path, "--org", "44.DH"])
    assert info.value.code == 1
    assert "Dòng 5, cột «Ngày sinh»: ngày «31/04/1985» không có thật." in capsys.readouterr().err


def test_it_writes_the_template(db, tmp_path):
    path = tmp_path / "mau.xlsx"
    code, out, _err = run("--template", "-o", str(path))
    assert code == 0 and str(path) in out
    ws = load_workbook(path, read_only=True)[excel.SHEET]
    assert list(next(ws.iter_rows(min_row=excel.HEADER_ROW, max_row=excel.HEADER_ROW, values_only=True))) == (
        excel.HEADERS
    )


def test_the_template_needs_an_output(db):
    code, _out, err = run("--template")
    assert (code, err) == (2, "Dùng: tochuc import-members --template -o TỆP.xlsx")


def test_the_progress_bar_draws_on_a_terminal_only():
    quiet = StringIO()
    ProgressBar(quiet)("read", 5, 10)
    assert quiet.getvalue() == ""  # not a terminal

    shown = StringIO()
    bar = ProgressBar(shown, enabled=True, delay=0)
    bar("read", 5000, 10000)
    bar("write", 10000, 10000)
    bar.close()
    lines = shown.getvalue().split("\r")
    assert lines[1].startswith("Đọc tệp   [###############...............]  50% 5.000/10.000")
    assert lines[2].startswith("Ghi       [##############################] 100% 10.000/10.000")
    assert shown.getvalue().endswith("\n")
