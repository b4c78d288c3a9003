"""The entry list's Excel copy is written row by row (a province's 20,000 entries in seconds): it never looks
the sheet's last row up again for each row it adds, which made the province's export run for hours. It still
reads back into the import (header on row 4) and keeps text that looks like a formula as text."""

from __future__ import annotations

from io import BytesIO

from django.urls import reverse
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from tochuc.ratings.services.campaigns import entries_enlist


def test_the_export_does_not_rescan_the_sheet_for_each_row(client, tree, listed, province_officer, monkeypatch):
    lookups = []
    original = Worksheet.max_row

    def counted(ws):
        lookups.append(1)
        return original.fget(ws)

    monkeypatch.setattr(Worksheet, "max_row", property(counted))
    client.force_login(province_officer)
    response = client.get(reverse("ratings:entries_export", args=[listed.pk]))
    assert response.status_code == 200
    assert lookups == []
    monkeypatch.undo()
    ws = load_workbook(BytesIO(response.content)).active
    assert [c.value for c in ws[4]][:2] == ["STT", "Mã dòng"]
    assert ws.max_row == 4 + listed.entries.count()


def test_formula_like_text_stays_text(client, tree, campaign, make_member, commune_officer):
    make_member(org=tree.dh1, full_name='=HYPERLINK("http://x")')
    entries_enlist(actor=None, campaign=campaign, under=tree.dh1, members=True)
    client.force_login(commune_officer)
    response = client.get(reverse("ratings:entries_export", args=[campaign.pk]), {"kind": "member"})
    ws = load_workbook(BytesIO(response.content)).active
    cells = [row[5] for row in ws.iter_rows(min_row=5)]
    odd = next(c for c in cells if str(c.value).startswith("="))
    assert odd.data_type == "s"
