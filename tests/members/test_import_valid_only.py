"""On request, only the valid rows are imported, and the refused rows come back as a file to fix and import."""

from __future__ import annotations

from io import BytesIO

from openpyxl import load_workbook

from tochuc.members import excel
from tochuc.members.models import Member
from tochuc.members.services.imports import members_import

GOOD = {
    "Họ và tên": "Nguyễn Văn Hùng",
    "Giới tính": "Nam",
    "Ngày sinh": "15/06/1985",
    "Số CCCD": "045085000123",
    "Ngày vào Đảng": "19/05/2010",
    "Ngày chính thức": "19/05/2011",
    "Mã tổ chức": "44.DH.01",
}


def sheet(*rows: dict) -> BytesIO:
    buf = BytesIO()
    excel.write_members(buf, [[row.get(c.header) for c in excel.COLUMNS] for row in rows], count=len(rows))
    buf.seek(0)
    return buf


def rows_of(content: bytes) -> list[dict]:
    ws = load_workbook(BytesIO(content), read_only=True)[excel.SHEET]
    rows = list(ws.iter_rows(values_only=True))
    header = rows[excel.HEADER_ROW - 1]
    return [dict(zip(header, r, strict=False)) for r in rows[excel.HEADER_ROW :]]


def test_it_imports_the_valid_rows_and_returns_the_rejected_ones(tree, commune_officer, audit_watch):
    watch = audit_watch()
    file = sheet(
        GOOD,
        {**GOOD, "Họ và tên": "Lê Văn Sai", "Số CCCD": "045085000999", "Mã tổ chức": "99.XX"},
        {**GOOD, "Họ và tên": "Phạm Văn Đúng", "Số CCCD": "045085000124"},
        {**GOOD, "Họ và tên": "Võ Văn Ngày", "Số CCCD": "045085000998", "Ngày sinh": "30/02/1985"},
    )
    result = members_import(actor=commune_officer, root=tree.dh, file=file, filename="ds.xlsx", valid_only=True)

    assert (result.written, result.created, result.refused) == (True, 2, 2)
    assert set(Member.objects.filter(citizen_id__startswith="045085000").values_list("full_name", flat=True)) == {
        "Nguyễn Văn Hùng",
        "Phạm Văn Đúng",
    }
    [event] = watch.events()
    assert (event.action, event.changes["created"]["after"], event.changes["rejected"]["after"]) == (
        "member.import",
        2,
        2,
    )

    rejected = rows_of(result.rejected_file())
    assert [r["Họ và tên (*)"] for r in rejected] == ["Lê Văn Sai", "Võ Văn Ngày"]
    assert rejected[0]["Mã tổ chức"] == "99.XX"
    assert rejected[1]["Ngày sinh (*)"] == "30/02/1985"  # as the file had it, to be corrected
    assert rejected[0]["Lỗi"] == (
        "Mã tổ chức: không tìm thấy tổ chức có mã «99.XX» trong «Đảng bộ phường Đông Hà». (dòng 6 của tệp gốc)"
    )
    assert rejected[1]["Lỗi"] == "Ngày sinh: ngày «30/02/1985» không có thật. (dòng 8 của tệp gốc)"


def test_the_rejected_file_corrected_imports(tree, commune_officer):
    bad = {**GOOD, "Mã tổ chức": "99.XX"}
    first = members_import(actor=commune_officer, root=tree.dh, file=sheet(bad), filename="a.xlsx", valid_only=True)
    assert (first.created, first.refused) == (0, 1)

    wb = load_workbook(BytesIO(first.rejected_file()))
    ws = wb[excel.SHEET]
    org_column = excel.HEADERS.index("Mã tổ chức") + 1
    ws.cell(row=excel.HEADER_ROW + 1, column=org_column, value="44.DH.02")
    fixed = BytesIO()
    wb.save(fixed)
    fixed.seek(0)

    second = members_import(actor=commune_officer, root=tree.dh, file=fixed, filename="a-sua.xlsx")
    assert (second.written, second.created, second.problems) == (True, 1, [])
    assert Member.objects.get(citizen_id="045085000123").org == tree.dh2


def test_all_or_nothing_is_the_default(tree, commune_officer, nothing_written):
    file = sheet(GOOD, {**GOOD, "Số CCCD": "045085000124", "Họ và tên": None})
    with nothing_written():
        result = members_import(actor=commune_officer, root=tree.dh, file=file, filename="ds.xlsx")
    assert (result.written, result.created, result.refused) == (False, 1, 1)
    assert result.rejected_file() is not None


def test_valid_only_with_no_valid_row_writes_nothing(tree, commune_officer, nothing_written):
    with nothing_written():
        file = sheet({**GOOD, "Mã tổ chức": "99.XX"})
        result = members_import(actor=commune_officer, root=tree.dh, file=file, filename="ds.xlsx", valid_only=True)
    assert (result.written, result.refused) == (False, 1)
