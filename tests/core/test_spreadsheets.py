"""Reading uploaded workbooks: values from A1 whatever the sheet's first used cell, formulas found where they
are (as Excel, LibreOffice and openpyxl write them), and files that are not workbooks or unpack too large
refused with a Vietnamese message."""

import zipfile
from datetime import date
from io import BytesIO

import pytest
from openpyxl import Workbook as OpenpyxlWorkbook

from tochuc.core import spreadsheets
from tochuc.core.errors import DomainError

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/lists.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/worksheets/data.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
# The lists sheet comes first in the workbook and is stored under another name than its position says, with
# an absolute target: the sheet is found by its relationship, not guessed from "sheet1.xml".
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><x:sheets>'
    '<x:sheet name="Danh muc" sheetId="1" r:id="rId7"/><x:sheet name="Dang vien" sheetId="2" r:id="rId3"/>'
    "</x:sheets></x:workbook>"
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="/xl/worksheets/data.xml"/>'
    '<Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/lists.xml"/></Relationships>'
)
_SHEET = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>{}'
    "</x:sheetData></x:worksheet>"
)
# Data from row 3, column B; a shared formula in B4 and its follower in C4 (which has only <f t="shared" si/>);
# the row 5 and its cells carry no reference, as some writers leave them out: they are row 5, columns A and B.
_DATA_ROWS = (
    '<x:row r="3"><x:c r="B3" t="inlineStr"><x:is><x:t>Họ và tên</x:t></x:is></x:c>'
    '<x:c r="C3" t="inlineStr"><x:is><x:t>Ngày sinh</x:t></x:is></x:c></x:row>'
    '<x:row r="4"><x:c r="B4"><x:f t="shared" ref="B4:C4" si="0">1+1</x:f><x:v>2</x:v></x:c>'
    '<x:c r="C4"><x:f t="shared" si="0"/><x:v>2</x:v></x:c></x:row>'
    '<x:row><x:c t="inlineStr"><x:is><x:t>Lê Thị Hoa</x:t></x:is></x:c><x:c><x:f>TODAY()</x:f></x:c></x:row>'
)
_LIST_ROWS = '<x:row r="1"><x:c r="A1"><x:f>1+2</x:f><x:v>3</x:v></x:c></x:row>'


def _package(data_rows: str = _DATA_ROWS) -> BytesIO:
    buf = BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _ROOT_RELS)
        z.writestr("xl/workbook.xml", _WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        z.writestr("xl/worksheets/lists.xml", _SHEET.format(_LIST_ROWS))
        z.writestr("xl/worksheets/data.xml", _SHEET.format(data_rows))
    buf.seek(0)
    return buf


def test_formulas_are_found_in_their_own_sheet_whatever_the_writer_left_out():
    book = spreadsheets.Workbook(_package())
    assert book.sheet_names == ["Danh muc", "Dang vien"]
    assert book.formula_cells("Dang vien") == {4: [1, 2], 5: [1]}
    assert book.formula_cells("Danh muc") == {1: [0]}


def test_values_start_at_a1_so_that_row_numbers_are_the_ones_excel_shows():
    rows = spreadsheets.Workbook(_package()).rows("Dang vien")
    assert rows[2][1:3] == ["Họ và tên", "Ngày sinh"]  # row 3, columns B and C
    assert rows[0] == rows[1] == ["", "", ""]
    assert rows[4][0] == "Lê Thị Hoa"


def test_a_sheet_without_formulas_has_none():
    plain = '<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>fine</x:t></x:is></x:c></x:row>'
    assert spreadsheets.Workbook(_package(plain)).formula_cells("Dang vien") == {}


def test_a_workbook_written_by_openpyxl_reads_with_its_types_and_formulas():
    wb = OpenpyxlWorkbook()
    ws = wb.active
    ws.title = "Dang vien"
    ws.append(["Số CCCD", "Ngày sinh", "Số", "Công thức"])
    ws.append(["044085000123", date(1985, 6, 15), 7, "=A2&B2"])
    buf = BytesIO()
    wb.save(buf)
    book = spreadsheets.Workbook(buf)
    assert book.rows("Dang vien")[1][:3] == ["044085000123", date(1985, 6, 15), 7.0]
    assert book.formula_cells("Dang vien") == {2: [3]}


def test_a_small_file_that_unpacks_too_large_is_refused(monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_UNZIPPED", 1024 * 1024)
    repeated = "".join(f'<x:row r="{n}"><x:c r="A{n}"><x:v>0</x:v></x:c></x:row>' for n in range(1, 30_000))
    file = _package(repeated)
    assert len(file.getvalue()) < 200_000
    with pytest.raises(DomainError) as info:
        spreadsheets.Workbook(file)
    assert info.value.field == "file"
    assert info.value.message == "Tệp giải nén ra quá 1 MB: chia danh sách thành nhiều tệp nhỏ hơn."


@pytest.mark.parametrize("content", [b"PK\x03\x04 not a zip", b"", b"plain text"])
def test_a_file_that_is_not_a_workbook_is_refused(content):
    with pytest.raises(DomainError) as info:
        spreadsheets.Workbook(BytesIO(content))
    assert info.value.message.startswith("Tệp không phải bảng tính .xlsx hoặc đã hỏng")


def test_a_zip_that_is_not_a_workbook_is_refused():
    buf = BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("readme.txt", "hello")
    with pytest.raises(DomainError) as info:
        spreadsheets.Workbook(buf)
    assert info.value.message.startswith("Tệp không phải bảng tính .xlsx hoặc đã hỏng")


def test_an_array_formula_marks_every_cell_of_its_range():
    rows = (
        '<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>Họ và tên</x:t></x:is></x:c></x:row>'
        '<x:row r="2"><x:c r="A2"><x:f t="array" ref="A2:B4">ROW()</x:f><x:v>2</x:v></x:c></x:row>'
        '<x:row r="3"><x:c r="A3"><x:v>3</x:v></x:c><x:c r="B3"><x:v>3</x:v></x:c></x:row>'
        '<x:row r="4"><x:c r="A4"><x:v>4</x:v></x:c></x:row>'
    )
    assert spreadsheets.Workbook(_package(rows)).formula_cells("Dang vien") == {2: [0, 1], 3: [0, 1], 4: [0, 1]}


def test_a_few_far_apart_cells_that_would_make_a_huge_grid_are_refused_before_reading():
    far = (
        '<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>Họ và tên</x:t></x:is></x:c></x:row>'
        '<x:row r="300000"><x:c r="ZZ300000"><x:v>1</x:v></x:c></x:row>'
    )
    file = _package(far)
    assert len(file.getvalue()) < 5_000
    with pytest.raises(DomainError) as info:
        spreadsheets.Workbook(file).rows("Dang vien")
    assert info.value.field == "file"
    assert info.value.message.startswith("Trang «Dang vien» quá lớn (300.000 dòng, 702 cột)")
