"""The import template: Vietnamese headers, drop-down lists from the hidden sheet "Danh muc", text columns
that keep leading zeros; reading accepts labels and codes, Excel dates and dd/mm/yyyy text."""

from __future__ import annotations

from datetime import date, datetime
from io import BytesIO

from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from tochuc.members import excel


def template():
    return load_workbook(BytesIO(excel.template_bytes()))


def test_it_has_the_vietnamese_headers_of_the_dossier():
    ws = template()[excel.SHEET]
    headers = [c.value for c in ws[excel.HEADER_ROW]]
    assert headers[:6] == ["STT", "Họ và tên (*)", "Tên gọi khác", "Giới tính (*)", "Ngày sinh (*)", "Nơi sinh"]
    for header in ("Số CCCD (*)", "Dân tộc", "Tôn giáo", "Lý luận chính trị", "Ngày vào Đảng (*)", "Ngày lễ kết nạp",
                   "Ngày chính thức", "Số thẻ đảng viên", "Số lý lịch", "Số huy hiệu", "Mã tổ chức"):  # fmt: skip
        assert header in headers
    assert ws.freeze_panes == "C5"


def test_the_lists_are_on_a_hidden_sheet_with_drop_downs():
    wb = template()
    lists = wb[excel.LISTS_SHEET]
    assert lists.sheet_state == "hidden"
    columns = {col[0].value: [c.value for c in col[1:] if c.value] for col in lists.iter_cols()}
    assert columns["Giới tính"] == ["Nam", "Nữ"]
    assert columns["Dân tộc"][:3] == ["Kinh", "Tày", "Thái"] and len(columns["Dân tộc"]) == 55
    assert "Phật giáo Hòa Hảo" in columns["Tôn giáo"]
    assert columns["Lý luận chính trị"] == ["Chưa qua đào tạo", "Sơ cấp", "Trung cấp", "Cao cấp", "Cử nhân"]

    ws = wb[excel.SHEET]
    by_column = {}
    for dv in ws.data_validations.dataValidation:
        by_column[str(dv.sqref).split(":")[0]] = dv
    sex = by_column["D5"]  # the "Giới tính" column
    assert (sex.type, sex.formula1) == ("list", "'Danh muc'!$A$2:$A$3")
    cid = by_column["I5"]
    assert (cid.type, cid.operator, cid.formula1) == ("textLength", "equal", "12")
    assert len(by_column) == 10  # nine lists and the citizen ID length


def test_the_labels_stay_vietnamese_whatever_the_language():
    with translation.override("en"):
        wb = load_workbook(BytesIO(excel.template_bytes()))
    assert [c.value for c in wb[excel.LISTS_SHEET]["A"]][:3] == ["Giới tính", "Nam", "Nữ"]


def test_the_number_columns_are_text():
    ws = template()[excel.SHEET]
    for header in ("Số CCCD (*)", "Số thẻ đảng viên", "Ngày sinh (*)"):
        letter = ws.cell(row=excel.HEADER_ROW, column=excel.HEADERS.index(header) + 1).column_letter
        assert ws.column_dimensions[letter].number_format == "@"


def test_the_template_downloads(client, tree, cell_secretary):
    client.force_login(cell_secretary)
    response = client.get(reverse("members:import_template"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="mau-nhap-dang-vien.xlsx"'
    assert load_workbook(BytesIO(response.content)).sheetnames == [excel.SHEET, excel.LISTS_SHEET]


def read(*rows) -> excel.Sheet:
    wb = Workbook()
    ws = wb.active
    ws.append(excel.HEADERS)
    for row in rows:
        ws.append([row.get(c.header) for c in excel.COLUMNS])
    buf = BytesIO()
    wb.save(buf)
    buf.seek(0)
    return excel.read_members(buf, name="x.xlsx")


def test_it_reads_numbers_and_dates_as_excel_stores_them():
    sheet = read(
        {
            "Họ và tên": " Nguyễn   Văn  Hùng ",
            "Giới tính": "NAM",
            "Ngày sinh": datetime(1985, 6, 15),  # a date cell
            "Số CCCD": 45085000123,  # a number cell: the leading zero lost, then restored
            "Ngày vào Đảng": "2010-05-19",
            "Ngày chính thức": "1/6/2011",
            "Số thẻ đảng viên": 1234567.0,
            "Tôn giáo": "phat giao hoa hao",
            "Học hàm": "Không",
        }
    )
    [row] = sheet.rows
    assert row.problems == []
    assert row.number == 2
    assert row.values == {
        "full_name": "Nguyễn Văn Hùng",
        "sex": "male",
        "birth_date": date(1985, 6, 15),
        "citizen_id": "045085000123",
        "admitted_on": date(2010, 5, 19),
        "official_on": date(2011, 6, 1),
        "card_number": "1234567",
        "religion": "Phật giáo Hòa Hảo",
        "academic_title": "",
    }


def test_it_reads_a_csv_file_in_utf8():
    text = "Họ và tên;Giới tính;Ngày sinh;Số CCCD;Ngày vào Đảng\nTrần Thị Mai;Nữ;03/03/2001;045301000456;03/02/2026\n"
    sheet = excel.read_members(BytesIO(text.encode("utf-8-sig")), name="ds.csv")
    [row] = sheet.rows
    assert (row.number, row.values["citizen_id"], row.values["sex"]) == (2, "045301000456", "female")


def test_it_finds_the_header_below_a_title_and_skips_blank_rows():
    wb = Workbook()
    ws = wb.active
    ws.append(["DANH SÁCH ĐẢNG VIÊN CHI BỘ KHU PHỐ 1"])
    ws.append([])
    ws.append(["Ho va ten", "Gioi tinh", "Ngay sinh", "So CCCD", "Ngay vao Dang", "Ghi chú"])
    ws.append(["Nguyễn Văn Hùng", "Nam", "15/06/1985", "045085000123", "19/05/2010", "bỏ qua cột này"])
    ws.append([])
    ws.append(["Lê Văn Tám", "Nam", "15/06/1985", "045085000124", "19/05/2010"])
    buf = BytesIO()
    wb.save(buf)
    buf.seek(0)
    sheet = excel.read_members(buf, name="x.xlsx")
    assert [(r.number, r.values["full_name"]) for r in sheet.rows] == [(4, "Nguyễn Văn Hùng"), (6, "Lê Văn Tám")]
    assert "org" not in sheet.keys
