"""The self-assessment import refuses what would otherwise pass in silence or be guessed: a sheet without the
score or level column, a sheet with no row filled, one entry on two rows, a closed campaign (said once, not once
a row); and the bad values of the brief (100.001, -1, "abc", another campaign's row, a row outside the scope) are
each named by row and column, with nothing written."""

from __future__ import annotations

from datetime import date
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from tochuc.ratings.choices import PeriodKind, Stage
from tochuc.ratings.models import Entry
from tochuc.ratings.services.campaigns import campaign_close, campaign_open, entries_enlist
from tochuc.ratings.services.imports import ImportRefused, self_scores_import

HEADER = ["Mã dòng", "Điểm tự chấm", "Tự xếp loại"]


def _book(rows) -> SimpleUploadedFile:
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    out = BytesIO()
    wb.save(out)
    return SimpleUploadedFile("tu-danh-gia.xlsx", out.getvalue())


def _import(campaign, actor, rows):
    return self_scores_import(actor=actor, campaign=campaign, file=_book(rows), self_on=date(2025, 12, 5))


def test_a_sheet_without_the_score_column_is_refused_naming_it(tree, listed, steps, commune_officer, refused):
    entry = steps.entry_of(listed, tree.members["44.DH.01"][0])
    with refused(field="file") as info:
        _import(listed, commune_officer, [["Mã dòng", "Tự xếp loại"], [entry.pk, "HTTNV"]])
    assert "«Điểm tự chấm»" in info.value.message
    with refused(field="file") as info:
        _import(listed, commune_officer, [["Mã dòng", "Ghi chú"], [entry.pk, "x"]])
    assert "«Điểm tự chấm», «Tự xếp loại»" in info.value.message


def test_a_sheet_with_no_row_filled_is_said_to_write_nothing(tree, listed, steps, commune_officer, refused):
    entry = steps.entry_of(listed, tree.members["44.DH.01"][0])
    with refused(field="file") as info:
        _import(listed, commune_officer, [HEADER, [entry.pk, "", ""]])
    assert "không có dòng nào" in info.value.message


def test_one_entry_on_two_rows_is_refused(tree, listed, steps, commune_officer, refused):
    entry = steps.entry_of(listed, tree.members["44.DH.01"][0])
    with refused(field="file") as info:
        _import(listed, commune_officer, [HEADER, [entry.pk, 80, "HTTNV"], [entry.pk, 60, "HTNV"]])
    [problem] = info.value.problems
    assert (problem.row, problem.column) == (3, "Mã dòng")
    assert "trùng với dòng 2" in problem.message


def test_a_closed_campaign_is_refused_once_for_the_file(tree, listed, steps, commune_officer, refused):
    entry = steps.entry_of(listed, tree.members["44.DH.01"][0])
    campaign_close(actor=None, campaign=listed, closed_on=date(2025, 12, 31), force=True, reason="Hết năm",
                   today=date(2026, 1, 5))  # fmt: skip
    listed.refresh_from_db()
    with refused(field=None) as info:
        _import(listed, commune_officer, [HEADER, [entry.pk, 80, "HTTNV"], [entry.pk + 1, 80, "HTTNV"]])
    assert not isinstance(info.value, ImportRefused)
    assert "đã kết thúc" in info.value.message


def test_the_bad_values_are_each_named_and_nothing_is_written(client, tree, listed, steps, commune_officer):
    other = campaign_open(actor=None, org=tree.dh, period_kind=PeriodKind.ADHOC, year=2025,
                          starts_on=date(2025, 11, 20))  # fmt: skip
    entries_enlist(actor=None, campaign=other, members=True)
    dh1 = [steps.entry_of(listed, m) for m in tree.members["44.DH.01"]]
    dh2 = steps.entry_of(listed, tree.members["44.DH.02"][0])
    elsewhere = Entry.objects.filter(campaign=other).first()
    outside = steps.entry_of(listed, tree.members["44.LB.01"][0])
    rows = [
        HEADER,
        [dh1[0].pk, 100.001, "HTTNV"],
        [dh1[1].pk, -1, "HTTNV"],
        [dh1[2].pk, "abc", "HTTNV"],
        [elsewhere.pk, 80, "HTTNV"],
        [outside.pk, 80, "HTTNV"],
        [dh2.pk, 80, "HTTNV"],  # a good row: not written either
    ]
    client.force_login(commune_officer)
    response = client.post(
        reverse("ratings:self_import", args=[listed.pk]), {"file": _book(rows), "self_on": "05/12/2025"}
    )
    assert response.status_code == 400
    found = {(p.row, p.column): p.message for p in response.context["problems"]}
    assert found[(2, "Điểm tự chấm")] == "Điểm phải từ 0 đến 100."
    assert found[(3, "Điểm tự chấm")] == "Điểm phải từ 0 đến 100."
    assert found[(4, "Điểm tự chấm")] == "Điểm phải là một số, ví dụ 85 hoặc 85,5."
    assert "không thuộc danh sách đợt này" in found[(5, "Mã dòng")]
    assert "không thuộc danh sách đợt này" in found[(6, "Mã dòng")]
    assert len(found) == 5
    assert not Entry.objects.exclude(stage=Stage.PENDING).exists()


def test_the_page_shows_a_missing_column_beside_the_file(client, tree, listed, commune_officer):
    client.force_login(commune_officer)
    response = client.post(
        reverse("ratings:self_import", args=[listed.pk]),
        {"file": _book([["Mã dòng", "Họ và tên"], [1, "Nguyễn Văn An"]]), "self_on": "05/12/2025"},
    )
    assert response.status_code == 400
    assert "Tệp thiếu cột" in " ".join(response.context["form"].errors["file"])
