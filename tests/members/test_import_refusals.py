"""A file with bad rows: every bad row is reported by row and column in Vietnamese, and nothing is written
(all or nothing); a file that cannot be read at all is refused before any row is looked at."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from openpyxl import Workbook

from tochuc.core.errors import DomainError
from tochuc.members import excel
from tochuc.members.services import member_issue_card
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


def person(n: int, **overrides) -> dict:
    """A valid row for a different man born in 1985 each time (citizen ID 045085000nnn)."""
    return {**GOOD, "Họ và tên": f"Nguyễn Văn Hùng {n}", "Số CCCD": f"045085000{n:03d}", **overrides}


def problems(actor, root, file, **kwargs) -> list[str]:
    result = members_import(actor=actor, root=root, file=file, filename="danh-sach.xlsx", **kwargs)
    assert not result.written
    return [str(p) for p in result.problems]


def test_it_reports_every_bad_row_and_writes_nothing(tree, commune_officer, nothing_written):
    file = sheet(
        person(1),  # row 5: fine
        person(2, **{"Số CCCD": "04508500012"}),  # row 6: 11 digits
        person(3, **{"Mã tổ chức": "99.XX"}),  # row 7: no such org
        person(4, **{"Ngày sinh": "31/02/1985"}),  # row 8: no such day
        person(5, **{"Số thẻ đảng viên": "12345678"}),  # row 9 and row 10 share a card number
        person(6, **{"Số thẻ đảng viên": "12345678"}),
        person(7, **{"Họ và tên": None, "Ngày vào Đảng": None}),  # row 11: two required cells empty
        person(8, **{"Ngày chính thức": "=DATE(2011,5,19)"}),  # row 12: a formula
        person(9, **{"Ngày vào Đảng": "19/05/1984"}),  # row 13: admitted before birth
        person(10, **{"Số CCCD": "045185000010"}),  # row 14: a woman's citizen ID for a man
        person(11, **{"Dân tộc": "Kinh tế"}),  # row 15: not in the list
    )
    with nothing_written():
        found = problems(commune_officer, tree.dh, file)
    assert found == [
        "Dòng 6, cột «Số CCCD»: Số CCCD phải gồm đúng 12 chữ số.",
        "Dòng 7, cột «Mã tổ chức»: không tìm thấy tổ chức có mã «99.XX» trong «Đảng bộ phường Đông Hà».",
        "Dòng 8, cột «Ngày sinh»: ngày «31/02/1985» không có thật.",
        "Dòng 9, cột «Số thẻ đảng viên»: số thẻ đảng viên trùng với dòng 10.",
        "Dòng 10, cột «Số thẻ đảng viên»: số thẻ đảng viên trùng với dòng 9.",
        "Dòng 11, cột «Họ và tên»: không được để trống.",
        "Dòng 11, cột «Ngày vào Đảng»: không được để trống.",
        "Dòng 12, cột «Ngày chính thức»: ô chứa công thức: nhập giá trị, không nhập công thức.",
        "Dòng 13, cột «Ngày vào Đảng»: Ngày vào Đảng phải sau ngày sinh.",
        "Dòng 14, cột «Số CCCD»: Chữ số thứ tư «1» không khớp giới tính.",
        "Dòng 15, cột «Dân tộc»: «Kinh tế» không có trong danh mục (chọn trong danh sách của cột).",
    ]


def test_an_org_outside_the_subtree_is_not_found_like_an_unknown_one(tree, commune_officer, nothing_written):
    with nothing_written():
        found = problems(commune_officer, tree.dh, sheet(person(1, **{"Mã tổ chức": "44.LB.01"})))
    assert found == [
        "Dòng 5, cột «Mã tổ chức»: không tìm thấy tổ chức có mã «44.LB.01» trong «Đảng bộ phường Đông Hà»."
    ]


def test_it_refuses_numbers_already_recorded_for_another_member(tree, commune_officer, make_member, nothing_written):
    other = make_member(org=tree.lb1, citizen_id="045085000777", full_name="Hồ Văn Khác")
    member_issue_card(actor=None, member=other, on=date(2025, 8, 1), card_number="87654321")
    file = sheet(
        person(1, **{"Số CCCD": "045085000777"}),  # the citizen ID of a member outside 44.DH
        person(2, **{"Số thẻ đảng viên": "87654321"}),  # his card number
    )
    with nothing_written():
        found = problems(commune_officer, tree.dh, file)
    assert found == [
        "Dòng 5, cột «Số CCCD»: số CCCD này đã có ở một đảng viên ngoài «Đảng bộ phường Đông Hà»: "
        "không nhập, không cập nhật được.",
        "Dòng 6, cột «Số thẻ đảng viên»: số thẻ 87654321 đã có ở đảng viên khác.",
    ]


def test_a_citizen_id_twice_in_the_file_refuses_both_rows(tree, commune_officer):
    found = problems(commune_officer, tree.dh, sheet(person(1), person(2, **{"Số CCCD": "045085000001"})))
    assert found == [
        "Dòng 5, cột «Số CCCD»: số CCCD trùng với dòng 6.",
        "Dòng 6, cột «Số CCCD»: số CCCD trùng với dòng 5.",
    ]


def test_a_real_formula_cell_is_refused(tree, commune_officer, nothing_written):
    wb = Workbook()
    ws = wb.active
    ws.append(excel.HEADERS)
    values = [GOOD.get(c.header) for c in excel.COLUMNS]
    ws.append(values)
    ws.cell(row=2, column=[c.header for c in excel.COLUMNS].index("Họ và tên") + 1, value='=CONCAT("Nguyễn ","An")')
    buf = BytesIO()
    wb.save(buf)
    buf.seek(0)
    with nothing_written():
        found = problems(commune_officer, tree.dh, buf)
    assert found == ["Dòng 2, cột «Họ và tên»: ô chứa công thức: nhập giá trị, không nhập công thức."]


def refusal(actor, root, file, name="danh-sach.xlsx") -> str:
    with pytest.raises(DomainError) as info:
        members_import(actor=actor, root=root, file=file, filename=name)
    assert info.value.field == "file"
    return info.value.message


def test_a_file_over_10_mb_is_refused_before_it_is_parsed(tree, commune_officer, nothing_written, monkeypatch):
    def parse(*args, **kwargs):
        raise AssertionError("a file over the limit was parsed")

    monkeypatch.setattr("tochuc.core.spreadsheets.Workbook", parse)
    big = BytesIO(b"PK\x03\x04" + b"\0" * (10 * 1024 * 1024))
    with nothing_written():
        message = refusal(commune_officer, tree.dh, big)
    assert message == "Tệp 10,0 MB, quá giới hạn 10 MB: chia danh sách thành nhiều tệp nhỏ hơn."


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"%PDF-1.7 ...", "danh-sach.pdf", "Tệp không phải bảng tính .xlsx: dùng tệp mẫu tải từ trang nhập danh sách."),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100,
            "danh-sach.xls",
            "Tệp Excel 97-2003 (.xls) không đọc được: mở tệp bằng Excel và lưu lại dưới dạng .xlsx.",
        ),
        (
            b"PK\x03\x04 not really a zip",
            "danh-sach.xlsx",
            "Tệp không phải bảng tính .xlsx hoặc đã hỏng: mở tệp bằng Excel, lưu lại dưới dạng .xlsx rồi tải lên.",
        ),
    ],
)
def test_a_file_that_is_not_xlsx_is_refused(tree, commune_officer, nothing_written, content, name, message):
    with nothing_written():
        assert refusal(commune_officer, tree.dh, BytesIO(content), name) == message


def test_a_file_without_a_required_column_is_refused(tree, commune_officer, nothing_written):
    wb = Workbook()
    wb.active.append(["STT", "Họ và tên", "Giới tính", "Ngày sinh", "Mã tổ chức"])
    wb.active.append([1, "Nguyễn Văn Hùng", "Nam", "15/06/1985", "44.DH.01"])
    buf = BytesIO()
    wb.save(buf)
    buf.seek(0)
    with nothing_written():
        message = refusal(commune_officer, tree.dh, buf)
    assert message == "Tệp thiếu cột «Số CCCD», «Ngày vào Đảng»: dùng tệp mẫu."


def test_an_empty_list_is_refused(tree, commune_officer, nothing_written):
    with nothing_written():
        message = refusal(commune_officer, tree.dh, BytesIO(excel.template_bytes()))
    assert message == "Tệp không có dòng đảng viên nào dưới dòng tiêu đề."
