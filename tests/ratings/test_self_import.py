"""Self-assessments filled into the exported list and uploaded: every row checked first, refusals named by row
and column in Vietnamese, nothing written unless all rows pass; rows outside the uploader's scope are refused."""

from __future__ import annotations

from io import BytesIO

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from tochuc.ratings.choices import Rating, Stage
from tochuc.ratings.models import Entry

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filled(client, campaign, fill) -> SimpleUploadedFile:
    """The campaign's member list exported, then `fill(name, row_cells)` writing into the rows."""
    exported = client.get(reverse("ratings:entries_export", args=[campaign.pk]), {"kind": "member"})
    book = load_workbook(BytesIO(exported.content))
    ws = book.active
    header = [c.value for c in ws[4]]
    col = {name: i + 1 for i, name in enumerate(header)}
    for r in range(5, ws.max_row + 1):
        fill(ws.cell(r, col["Họ và tên / Tên tổ chức"]).value, lambda name, value, r=r: ws.cell(r, col[name], value))
    out = BytesIO()
    book.save(out)
    return SimpleUploadedFile("tu-danh-gia.xlsx", out.getvalue(), content_type=XLSX)


def test_the_filled_rows_are_written(client, tree, listed, commune_officer, audit_watch):
    client.force_login(commune_officer)

    def fill(name, put):
        if name == "Nguyễn Văn An":
            put("Điểm tự chấm", 91.5)
            put("Tự xếp loại", "HTXSNV")
            put("NV được giao", 10), put("NV hoàn thành", 10), put("NV đúng tiến độ", 10), put("NV vượt yêu cầu", 4)
        if name == "Phạm Thị Thu Hà":
            put("Điểm tự chấm", "78")
            put("Tự xếp loại", "Hoàn thành tốt nhiệm vụ")

    watch = audit_watch()
    response = client.post(
        reverse("ratings:self_import", args=[listed.pk]),
        {"file": _filled(client, listed, fill), "self_on": "05/12/2025"},
    )
    assert response.status_code == 302
    done = {e.member.full_name: e for e in Entry.objects.filter(campaign=listed, stage=Stage.SELF)}
    assert set(done) == {"Nguyễn Văn An", "Phạm Thị Thu Hà"}
    assert (done["Nguyễn Văn An"].self_level, done["Nguyễn Văn An"].tasks_exceeded) == (Rating.EXCELLENT, 4)
    assert [e.action for e in watch.events()] == ["rating.self", "rating.self"]


def test_one_bad_row_writes_nothing_and_every_problem_is_named(client, tree, listed, commune_officer):
    client.force_login(commune_officer)

    def fill(name, put):
        if name == "Nguyễn Văn An":
            put("Điểm tự chấm", 85)
            put("Tự xếp loại", "HTXSNV")  # 85 points: not excellent
        if name == "Trần Thị Bích Hạnh":
            put("Điểm tự chấm", 80)
            put("Tự xếp loại", "tốt")  # not a level
        if name == "Lê Đức Anh":
            put("Điểm tự chấm", 75)
            put("Tự xếp loại", "HTTNV")
            put("NV được giao", 3.5)
        if name == "Phạm Thị Thu Hà":
            put("Điểm tự chấm", 78)
            put("Tự xếp loại", "HTTNV")  # a good row: not written either

    response = client.post(
        reverse("ratings:self_import", args=[listed.pk]),
        {"file": _filled(client, listed, fill), "self_on": "05/12/2025"},
    )
    assert response.status_code == 400
    problems = {(p.column, p.message.split(":")[0]) for p in response.context["problems"]}
    assert ("Tự xếp loại", "Không thể xếp «Hoàn thành xuất sắc nhiệm vụ»") in problems
    assert any(c == "Tự xếp loại" and "bốn mức" in m for c, m in problems)
    assert any(c == "NV được giao" for c, _m in problems)
    assert len(response.context["problems"]) == 3
    assert not Entry.objects.filter(campaign=listed).exclude(stage=Stage.PENDING).exists()


def test_rows_outside_the_scope_are_refused(client, tree, listed, province_officer, outsider):
    client.force_login(province_officer)

    def fill(name, put):
        if name in ("Nguyễn Văn An", "Hồ Văn Lợi"):
            put("Điểm tự chấm", 80)
            put("Tự xếp loại", "HTTNV")

    upload = _filled(client, listed, fill)
    client.force_login(outsider)  # of Lao Bảo: Nguyễn Văn An of Đông Hà is not theirs
    response = client.post(reverse("ratings:self_import", args=[listed.pk]), {"file": upload, "self_on": "05/12/2025"})
    assert response.status_code == 400
    [problem] = response.context["problems"]
    assert problem.column == "Mã dòng" and "phạm vi quản lý" in problem.message
    assert not Entry.objects.filter(campaign=listed, stage=Stage.SELF).exists()


def test_a_viewer_may_not_import(client, tree, listed, viewer):
    client.force_login(viewer)
    assert client.post(reverse("ratings:self_import", args=[listed.pk]), {}).status_code == 403


def test_a_file_that_is_not_the_export_is_refused(client, tree, listed, commune_officer):
    client.force_login(commune_officer)
    bad = SimpleUploadedFile("x.xlsx", b"not a workbook", content_type=XLSX)
    response = client.post(reverse("ratings:self_import", args=[listed.pk]), {"file": bad, "self_on": "05/12/2025"})
    assert response.status_code == 400
    assert "xlsx" in " ".join(response.context["form"].errors["file"])


def test_a_list_exported_in_english_imports_back(client, tree, listed, commune_officer):
    client.force_login(commune_officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        score, level, name_col = (str(gettext(h)) for h in ("Điểm tự chấm", "Tự xếp loại", "Họ và tên / Tên tổ chức"))
    assert score != "Điểm tự chấm"
    exported = client.get(reverse("ratings:entries_export", args=[listed.pk]), {"kind": "member"})
    book = load_workbook(BytesIO(exported.content))
    ws = book.active
    col = {c.value: i + 1 for i, c in enumerate(ws[4])}
    for r in range(5, ws.max_row + 1):
        if ws.cell(r, col[name_col]).value == "Nguyễn Văn An":
            ws.cell(r, col[score], 75), ws.cell(r, col[level], "HTTNV")
    out = BytesIO()
    book.save(out)
    upload = SimpleUploadedFile("self.xlsx", out.getvalue(), content_type=XLSX)
    response = client.post(reverse("ratings:self_import", args=[listed.pk]), {"file": upload, "self_on": "05/12/2025"})
    assert response.status_code == 302
    entry = Entry.objects.get(campaign=listed, member__full_name="Nguyễn Văn An")
    assert (entry.stage, entry.self_level) == (Stage.SELF, Rating.GOOD)
