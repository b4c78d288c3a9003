"""The member export uses the import template's columns: an exported file, edited, imports back (members
matched by citizen ID updated, with audit), and an export never leaves the actor's scope."""

from __future__ import annotations

from io import BytesIO

from django.urls import reverse
from openpyxl import load_workbook

from tochuc.members import excel
from tochuc.members.models import Member
from tochuc.members.services import member_update
from tochuc.members.services.imports import members_import


def export(client, **params) -> bytes:
    response = client.get(reverse("members:export"), params)
    assert response.status_code == 200, response.content[:300]
    return b"".join(response.streaming_content)


def test_the_export_has_the_template_columns(client, tree, commune_officer):
    member_update(actor=None, member=tree.members["44.DH.01"][0], citizen_id="045068000001")
    client.force_login(commune_officer)
    content = export(client, org="44.DH.01")

    wb = load_workbook(BytesIO(content), read_only=True)
    assert wb.sheetnames == [excel.SHEET, excel.LISTS_SHEET]
    rows = list(wb[excel.SHEET].iter_rows(values_only=True))
    assert list(rows[excel.HEADER_ROW - 1]) == excel.HEADERS
    first = dict(zip(excel.HEADERS, rows[excel.HEADER_ROW], strict=True))
    assert first["Họ và tên (*)"] == "Nguyễn Văn An"
    assert first["Số CCCD (*)"] == "045068000001"  # text: the leading zero kept
    assert first["Ngày sinh (*)"] == "12/05/1968"
    assert first["Giới tính (*)"] == "Nam"
    assert first["Mã tổ chức"] == "44.DH.01"
    assert first["Trạng thái (không cần nhập)"] == "Chính thức"
    assert len(rows) == excel.HEADER_ROW + 3


def test_an_exported_file_edited_imports_back(client, tree, commune_officer, audit_watch):
    an, hanh, _anh = tree.members["44.DH.01"]
    member_update(actor=None, member=an, citizen_id="045068000001")
    member_update(actor=None, member=hanh, citizen_id="045182000002")
    client.force_login(commune_officer)
    wb = load_workbook(BytesIO(export(client, org="44.DH.01")))
    ws = wb[excel.SHEET]
    col = {h: i + 1 for i, h in enumerate(excel.HEADERS)}
    # Edit: An's work unit and theory level, Hạnh's residence; Anh still has no citizen ID: give him one.
    ws.cell(row=5, column=col["Đơn vị công tác"], value="Trường THCS Đông Hà")
    ws.cell(row=5, column=col["Lý luận chính trị"], value="Trung cấp")
    ws.cell(row=7, column=col["Nơi thường trú"], value="Khu phố 1, phường Đông Hà")
    ws.cell(row=6, column=col["Số CCCD (*)"], value="045090000003")
    edited = BytesIO()
    wb.save(edited)
    edited.seek(0)
    watch = audit_watch()

    result = members_import(actor=commune_officer, root=tree.dh, file=edited, filename="dang-vien.xlsx")

    assert (result.written, result.created, result.updated, result.unchanged) == (True, 0, 3, 0)
    assert (result.problems, result.notices) == ([], [])
    an.refresh_from_db()
    assert (an.work_unit, an.theory_level) == ("Trường THCS Đông Hà", "intermediate")
    assert Member.objects.get(full_name="Lê Đức Anh").citizen_id == "045090000003"
    assert Member.objects.get(full_name="Trần Thị Bích Hạnh").residence == "Khu phố 1, phường Đông Hà"
    assert Member.objects.count() == 15
    events = watch.events()
    assert [e.action for e in events] == ["member.update"] * 3 + ["member.import"]
    by_member = {e.object_id: e.changes for e in events[:3]}
    assert by_member[str(an.pk)] == {
        "theory_level": {"before": "none", "after": "intermediate"},
        "work_unit": {"before": "", "after": "Trường THCS Đông Hà"},
    }


def test_an_unedited_export_imports_back_unchanged(client, tree, commune_officer):
    for i, member in enumerate(tree.members["44.DH.02"], start=1):
        year = member.birth_date.year
        century = (0 if year < 2000 else 2) + (0 if member.sex == "male" else 1)
        member_update(actor=None, member=member, citizen_id=f"045{century}{year % 100:02d}{i:06d}")
    client.force_login(commune_officer)
    content = export(client, org="44.DH.02")
    result = members_import(actor=commune_officer, root=tree.dh, file=BytesIO(content), filename="x.xlsx")
    assert (result.created, result.updated, result.unchanged, result.problems, result.notices) == (0, 0, 3, [], [])


def test_the_csv_export_imports_back(client, tree, commune_officer):
    member = tree.members["44.DH.01"][0]
    member_update(actor=None, member=member, citizen_id="045068000001")
    client.force_login(commune_officer)
    content = export(client, org="44.DH.01", format="csv")
    text = content.decode("utf-8-sig")
    assert text.splitlines()[0].split(",")[:3] == ["STT", "Họ và tên (*)", "Tên gọi khác"]
    edited = text.replace("Nguyễn Văn An,,Nam", "Nguyễn Văn An,Ba An,Nam").encode("utf-8-sig")

    result = members_import(actor=commune_officer, root=tree.dh, file=BytesIO(edited), filename="ds.csv")

    assert [str(p) for p in result.problems][:1] == [
        "Dòng 3, cột «Số CCCD»: không được để trống."  # the two other members have no citizen ID yet
    ]
    result = members_import(
        actor=commune_officer, root=tree.dh, file=BytesIO(edited), filename="ds.csv", valid_only=True
    )
    assert (result.updated, result.refused) == (1, 2)
    member.refresh_from_db()
    assert member.other_names == "Ba An"


def test_an_officer_cannot_export_outside_the_subtree(client, tree, outsider):
    client.force_login(outsider)
    assert client.get(reverse("members:export"), {"org": "44.DH.01"}).status_code == 404
    content = export(client)
    rows = list(load_workbook(BytesIO(content), read_only=True)[excel.SHEET].iter_rows(values_only=True))
    codes = {r[excel.HEADERS.index("Mã tổ chức")] for r in rows[excel.HEADER_ROW :]}
    assert codes == {"44.LB.01", "44.LB.02"}


def test_a_viewer_cannot_export(client, tree, viewer):
    client.force_login(viewer)
    assert client.get(reverse("members:export"), {"org": "44.DH.01"}).status_code == 403
