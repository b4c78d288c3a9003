"""A value that looks like a spreadsheet formula is exported as text, never as a live formula."""

from __future__ import annotations

from datetime import date
from io import BytesIO

from django.urls import reverse
from openpyxl import load_workbook

from tochuc.members.services import member_create

EVIL = '=HYPERLINK("http://evil.example","Xem")'


def _evil_member(tree):
    return member_create(
        actor=None,
        full_name=EVIL,
        sex="male",
        birth_date=date(1980, 1, 1),
        org=tree.dh1,
        admitted_on=date(2005, 1, 1),
        official_on=date(2006, 1, 1),
    )


def test_xlsx_exports_keep_formula_like_text_as_text(client, tree, province_officer):
    _evil_member(tree)
    client.force_login(province_officer)
    for url in (reverse("members:export") + "?org=44.DH.01", reverse("orgs:export", args=["44.DH"])):
        response = client.get(url)
        content = b"".join(response.streaming_content) if response.streaming else response.content
        ws = load_workbook(BytesIO(content)).active
        cells = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("=")]
        assert all(c.data_type == "s" for c in cells)
        if "members" in url:
            assert [c.value for c in cells] == [EVIL]


def test_csv_exports_defuse_formula_like_text(client, tree, province_officer):
    _evil_member(tree)
    client.force_login(province_officer)
    response = client.get(reverse("members:export"), {"org": "44.DH.01", "format": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "'" + EVIL in text.replace('""', '"')


def test_xlsx_exports_drop_control_characters_a_sheet_cannot_hold(db):
    """Data written before the services refused control characters still exports (they are left out)."""
    from tochuc.core.exports import xlsx_response

    response = xlsx_response(
        "thu", title="Danh sách", subtitle="", headers=["Họ và tên", "Số"], rows=[["Nguyễn\x07 Văn An", 1]]
    )
    ws = load_workbook(BytesIO(response.content)).active
    assert ws["A5"].value == "Nguyễn Văn An"
    assert ws["B5"].value == 1
