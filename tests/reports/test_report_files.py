"""Each format opens with the tool a user has: the .xlsx in openpyxl with the official layout, the PDF with its
Vietnamese text intact, the CSV in Excel's UTF-8, the json in the documented shape."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
from openpyxl import load_workbook

from tochuc.reports import engine, render
from tochuc.reports.catalog import REPORTS


@pytest.fixture
def result(tree):
    return engine.run(REPORTS["composition"], org=tree.province)


def test_the_xlsx_has_the_letterhead_the_merged_headers_the_rows_and_the_signatures(result):
    ws = load_workbook(io.BytesIO(render.to_xlsx(result))).active
    assert ws["A1"].value == "ĐẢNG CỘNG SẢN VIỆT NAM"  # the level above a province
    assert ws["A2"].value == "ĐẢNG BỘ TỈNH QUẢNG TRỊ"
    assert ws["A5"].value == "SỐ LƯỢNG, CƠ CẤU ĐẢNG VIÊN"
    assert ws["A6"].value.startswith("Tính đến ngày ")
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert "A8:A9" in merged and "B8:B9" in merged and "C8:C9" in merged  # STT, Đơn vị, Tổng số span both rows
    assert "D8:G8" in merged and ws["D8"].value == "Trong đó"  # a group over its four columns
    assert [ws.cell(row=9, column=c).value for c in range(4, 8)] == ["Nữ", "Dân tộc thiểu số", "Theo tôn giáo", "Dự bị"]
    rows = {ws.cell(row=r, column=2).value: ws.cell(row=r, column=3).value for r in range(10, ws.max_row + 1)}
    assert rows["Đảng bộ phường Đông Hà"] == 9 and rows["Đảng bộ xã Lao Bảo"] == 6 and rows["Tổng cộng"] == 15
    texts = {c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    assert {"NGƯỜI LẬP BIỂU", "T/M BAN THƯỜNG VỤ"} <= texts


def test_the_pdf_is_a4_landscape_with_vietnamese_text_intact(result):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(render.to_pdf(result)))
    page = reader.pages[0]
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    assert width > height and round(width / 72 * 25.4) == 297  # A4 landscape, in millimetres
    text = "".join(p.extract_text() for p in reader.pages)
    for phrase in ("SỐ LƯỢNG, CƠ CẤU ĐẢNG VIÊN", "Đảng bộ phường Đông Hà", "Đảng bộ xã Lao Bảo", "Tổng cộng"):
        assert phrase in text


def test_the_csv_opens_in_excel_as_utf8_with_every_row(result):
    data = render.to_csv(result)
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][:4] == ["STT", "Mã", "Đơn vị", "Tổng số đảng viên"]
    assert rows[0][4] == "Trong đó – Nữ"
    by_label = {r[2]: r for r in rows[1:]}
    assert by_label["Đảng bộ phường Đông Hà"][1] == "44.DH" and by_label["Tổng cộng"][3] == "15"


def test_the_json_has_the_documented_shape(result):
    data = json.loads(render.to_json(result))
    assert {"report", "org", "as_of", "columns", "rows", "total"} <= set(data)
    assert (data["report"], data["org"], data["as_of"]) == ("composition", "44", result.context.as_of.isoformat())
    assert data["columns"][0] == {"key": "members", "label": "Tổng số đảng viên", "group": ""}
    assert [r["label"] for r in data["rows"]] == ["Đảng bộ phường Đông Hà", "Đảng bộ xã Lao Bảo"]
    assert data["rows"][0]["values"]["members"] == 9 and data["total"]["members"] == 15
    assert all(set(r["values"]) == set(data["total"]) for r in data["rows"])


def test_a_period_report_names_its_period(tree):
    result = engine.run(REPORTS["movements"], org=tree.dh, start=date(2026, 1, 1), end=date(2026, 6, 30))
    ws = load_workbook(io.BytesIO(render.to_xlsx(result))).active
    assert ws["A6"].value == "Từ ngày 01/01/2026 đến ngày 30/06/2026"
    assert json.loads(render.to_json(result))["from"] == "2026-01-01"


def test_an_org_named_like_a_formula_stays_text(tree):
    from tochuc.orgs.services import org_rename

    org_rename(actor=None, org=tree.dh, name='=HYPERLINK("http://x")', on=date(2026, 1, 1))
    tree.dh.refresh_from_db()
    for org in (tree.province, tree.dh):  # a row's label, and the letterhead's issuer
        ws = load_workbook(io.BytesIO(render.to_xlsx(engine.run(REPORTS["composition"], org=org)))).active
        texts = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("=")]
        assert texts and all(c.data_type == "s" for c in texts)
