"""Reconciliation with a list exported from the national party-member database: matched by citizen ID, then
by card number; who differs in which field; who is on one side only; all within the actor's scope; read-only."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from tochuc.core.errors import DomainError
from tochuc.members.reconcile import (
    MAX_FILE_BYTES,
    parse_mapping,
    read_member_list,
    reconcile,
    report_rows,
)
from tochuc.members.services import member_issue_card, member_update

TODAY = timezone.localdate()
HEADERS = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Số thẻ đảng viên", "Ngày vào Đảng",
           "Ngày chính thức"]  # fmt: skip


@pytest.fixture
def records(tree):
    """The three members of 44.DH.01 with citizen IDs and cards; one of 44.DH.02 with a citizen ID too."""
    an, hanh, duc_anh = tree.members["44.DH.01"]
    ha = tree.members["44.DH.02"][0]
    for member, cid, card in (
        (an, "045068000001", "10000001"),
        (hanh, "045182000002", "10000002"),
        (duc_anh, "045090000003", "10000003"),
        (ha, "045175000004", "10000004"),
    ):
        member_update(actor=None, member=member, citizen_id=cid)
        member_issue_card(actor=None, member=member, on=TODAY, card_number=card)
    return tree


def national_rows():
    """As the national database would have it: An as we have him, Hạnh born a day later, a person we do not
    have; Lê Đức Anh is missing."""
    d = date
    return [
        [1, "Nguyễn Văn An", d(1968, 5, 12), "Nam", "045068000001", "10000001", d(1995, 5, 19), d(1996, 5, 19)],
        [2, "Trần Thị Bích Hạnh", d(1982, 9, 3), "Nữ", "045182000002", "10000002", d(2006, 11, 7), d(2007, 11, 7)],
        [3, "Hoàng Thị Mơ", d(1975, 1, 20), "Nữ", "045175000999", "10000999", d(2000, 2, 3), d(2001, 2, 3)],
    ]  # fmt: skip


def xlsx(rows, headers=HEADERS, title=True) -> bytes:
    """A workbook like an official export: a title block above the header row."""
    wb = Workbook()
    ws = wb.active
    if title:
        ws.append(["ĐẢNG BỘ PHƯỜNG ĐÔNG HÀ"])
        ws.append(["DANH SÁCH ĐẢNG VIÊN"])
        ws.append([])
    ws.append(headers)
    for row in rows:
        ws.append(row)
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()


def csv_bytes(rows, headers=HEADERS, delimiter=";") -> bytes:
    def cell(v):
        return v.strftime("%d/%m/%Y") if isinstance(v, date) else str(v)

    lines = [delimiter.join(headers)] + [delimiter.join(cell(v) for v in row) for row in rows]
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


def test_it_reports_a_match_a_difference_and_each_side_alone(records, commune_officer):
    members = read_member_list(xlsx(national_rows()), filename="csdl.xlsx")
    assert [r.row for r in members.rows] == [5, 6, 7]  # the spreadsheet's row numbers, below the title block

    result = reconcile(actor=commune_officer, org=records.dh1, members=members)

    an, hanh, duc_anh = records.members["44.DH.01"]
    assert [(m.member, m.by) for m in result.matched] == [(an, "citizen_id")]
    [diff] = result.differing
    assert (diff.member, diff.row.row) == (hanh, 6)
    assert [(d.field, d.ours, d.theirs) for d in diff.differences] == [("birth_date", "02/09/1982", "03/09/1982")]
    assert [(f.row.row, f.row.get("full_name"), f.elsewhere) for f in result.only_in_file] == [
        (7, "Hoàng Thị Mơ", None)
    ]
    # Only the chosen org's subtree: the members of 44.DH.02 are not "only in our records".
    assert result.only_in_ours == [duc_anh]
    assert result.problems == []
    assert result.counts == {
        "rows": 3, "matched": 1, "differing": 1, "only_in_file": 1, "only_in_ours": 1, "problems": 0,
    }  # fmt: skip


def test_it_reads_a_csv_with_semicolons_and_text_dates(records, commune_officer):
    members = read_member_list(csv_bytes(national_rows()), filename="csdl.csv")
    result = reconcile(actor=commune_officer, org=records.dh1, members=members)
    assert result.counts == {
        "rows": 3, "matched": 1, "differing": 1, "only_in_file": 1, "only_in_ours": 1, "problems": 0,
    }  # fmt: skip


def test_it_matches_by_card_number_when_the_citizen_id_is_missing(records, commune_officer):
    rows = national_rows()[:1]
    rows[0][4] = ""
    result = reconcile(actor=commune_officer, org=records.dh1, members=read_member_list(xlsx(rows), filename="a.xlsx"))
    [match] = result.differing
    assert match.by == "card_number"
    assert [(d.field, d.ours, d.theirs) for d in match.differences] == [("citizen_id", "045068000001", "(trống)")]


def test_it_restores_leading_zeros_a_spreadsheet_dropped(records, commune_officer):
    rows = national_rows()[:1]
    rows[0][4] = 45068000001  # the citizen ID typed as a number
    rows[0][5] = 10000001
    result = reconcile(actor=commune_officer, org=records.dh1, members=read_member_list(xlsx(rows), filename="a.xlsx"))
    assert [(m.by, m.differences) for m in result.matched] == [("citizen_id", [])]


def test_names_are_compared_without_case_or_spacing_but_with_diacritics(records, commune_officer):
    rows = national_rows()[:1]
    rows[0][1] = "NGUYỄN  VĂN AN"
    same = reconcile(actor=commune_officer, org=records.dh1, members=read_member_list(xlsx(rows), filename="a.xlsx"))
    assert len(same.matched) == 1
    rows[0][1] = "Nguyễn Văn Ân"
    other = reconcile(actor=commune_officer, org=records.dh1, members=read_member_list(xlsx(rows), filename="a.xlsx"))
    assert [d.field for d in other.differing[0].differences] == ["full_name"]


def test_a_person_recorded_elsewhere_in_the_scope_is_pointed_to(records, commune_officer, outsider):
    ha = records.members["44.DH.02"][0]
    rows = [[1, "Phạm Thị Thu Hà", date(1975, 7, 27), "Nữ", "045175000004", "10000004", "", ""]]
    members = read_member_list(xlsx(rows), filename="a.xlsx")

    [only] = reconcile(actor=commune_officer, org=records.dh1, members=members).only_in_file
    assert only.elsewhere == ha
    # An officer of another commune is not told that the person exists under 44.DH.
    [only] = reconcile(actor=outsider, org=records.lb, members=members).only_in_file
    assert only.elsewhere is None


def test_an_ended_member_in_the_file_shows_the_status(records, commune_officer):
    from tochuc.members.services import member_died

    an = records.members["44.DH.01"][0]
    member_died(actor=None, member=an, on=TODAY)
    result = reconcile(
        actor=commune_officer, org=records.dh1, members=read_member_list(xlsx(national_rows()[:1]), filename="a.xlsx")
    )
    assert [(d.field, d.ours) for d in result.differing[0].differences] == [("status", "Từ trần")]


def test_it_lists_unreadable_values_by_row_and_column(records, commune_officer):
    rows = national_rows()
    rows[0][2] = "31/02/1968"
    rows[1][3] = "X"
    rows[2][4] = rows[2][5] = ""
    members = read_member_list(xlsx(rows), filename="a.xlsx")
    assert [(p.row, p.column) for p in members.problems] == [(5, "Ngày sinh"), (6, "Giới tính"), (7, "")]
    assert "không đọc được là ngày" in members.problems[0].message
    assert "không có số CCCD và số thẻ" in members.problems[2].message


def test_a_row_repeating_a_person_is_reported(records, commune_officer):
    rows = national_rows()[:1] * 2
    result = reconcile(actor=commune_officer, org=records.dh1, members=read_member_list(xlsx(rows), filename="a.xlsx"))
    assert len(result.matched) == 1
    assert [(p.row, p.message) for p in result.problems] == [
        (6, "Trùng với dòng 5: cùng một đảng viên (Nguyễn Văn An).")
    ]


def test_a_column_can_be_renamed(records, commune_officer):
    headers = ["Họ và tên", "Mã định danh", "Ngày sinh"]
    data = xlsx([["Nguyễn Văn An", "045068000001", date(1968, 5, 12)]], headers=headers, title=False)
    with pytest.raises(DomainError) as info:
        read_member_list(data, filename="a.xlsx")
    assert "Không tìm thấy dòng tiêu đề" in info.value.message

    mapping = parse_mapping("Số CCCD = Mã định danh")
    assert mapping == {"citizen_id": "Mã định danh"}
    members = read_member_list(data, filename="a.xlsx", mapping=mapping)
    result = reconcile(actor=commune_officer, org=records.dh1, members=members)
    assert len(result.matched) == 1


def test_a_mapping_names_known_fields_only():
    with pytest.raises(DomainError) as info:
        parse_mapping("Số điện thoại = SĐT")
    assert "không phải trường đối chiếu" in info.value.message


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"x" * (MAX_FILE_BYTES + 1), "big.xlsx", "lớn hơn 10 MB"),
        (b"PK\x03\x04 not really", "broken.xlsx", "không phải bảng tính"),
        (b"a;b\n1;2\n", "list.txt", "Chỉ nhận tệp .xlsx hoặc .csv"),
        (b"", "empty.csv", "Tệp rỗng"),
    ],
)
def test_it_refuses_a_file_it_cannot_read(data, filename, message):
    with pytest.raises(DomainError) as info:
        read_member_list(data, filename=filename)
    assert info.value.field == "file" and message in info.value.message


def test_the_report_rows_name_each_difference(records, commune_officer):
    result = reconcile(
        actor=commune_officer, org=records.dh1, members=read_member_list(xlsx(national_rows()), filename="a.xlsx")
    )
    kinds = [(r[0], r[2], r[7]) for r in report_rows(result)]
    assert kinds == [
        ("Khác nhau", "Trần Thị Bích Hạnh", "Ngày sinh"),
        ("Chỉ có trong tệp", "Hoàng Thị Mơ", ""),
        ("Chỉ có trong hồ sơ", "Lê Đức Anh", ""),
        ("Khớp", "Nguyễn Văn An", ""),
    ]


# --- the page ---------------------------------------------------------------------------------------------


def upload(data: bytes, name: str = "csdl.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


@pytest.fixture
def officer(client, commune_officer):
    client.force_login(commune_officer)
    return client


def test_the_page_shows_the_result_and_writes_nothing(officer, records, nothing_written):
    with nothing_written():
        response = officer.post(
            reverse("members:reconcile"), {"org": "44.DH.01", "file": upload(xlsx(national_rows()))}
        )
    assert response.status_code == 200
    result = response.context["result"]
    assert result.counts["differing"] == 1
    page = response.content.decode()
    assert "03/09/1982" in page and "Hoàng Thị Mơ" in page and "Lê Đức Anh" in page


def test_it_downloads_the_report_as_xlsx(officer, records):
    response = officer.post(
        reverse("members:reconcile"), {"org": "44.DH.01", "file": upload(xlsx(national_rows())), "download": "1"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    body = [r for r in sheet.iter_rows(min_row=5, values_only=True)]
    assert [r[0] for r in body] == ["Khác nhau", "Chỉ có trong tệp", "Chỉ có trong hồ sơ", "Khớp"]
    assert body[0][7:10] == ("Ngày sinh", "02/09/1982", "03/09/1982")


def test_it_refuses_a_file_over_10_mb_in_vietnamese(officer, records):
    response = officer.post(
        reverse("members:reconcile"), {"org": "44.DH.01", "file": upload(b"x" * (MAX_FILE_BYTES + 1))}
    )
    assert response.status_code == 200
    assert response.context["result"] is None
    assert "Tệp lớn hơn 10 MB" in response.context["form"].errors["file"][0]


def test_it_shows_an_unreadable_file_beside_the_field(officer, records):
    response = officer.post(reverse("members:reconcile"), {"org": "44.DH.01", "file": upload(b"garbage", "a.xlsx")})
    assert "không phải bảng tính .xlsx hoặc đã hỏng" in response.context["form"].errors["file"][0]


def test_an_org_outside_the_scope_is_a_404(client, outsider, records):
    client.force_login(outsider)
    response = client.post(reverse("members:reconcile"), {"org": "44.DH.01", "file": upload(xlsx(national_rows()))})
    assert response.status_code == 404


def test_a_viewer_may_reconcile_but_not_download(client, viewer, records):
    client.force_login(viewer)
    data = xlsx(national_rows())
    assert client.post(reverse("members:reconcile"), {"org": "44.DH", "file": upload(data)}).status_code == 200
    response = client.post(reverse("members:reconcile"), {"org": "44.DH", "file": upload(data), "download": "1"})
    assert response.status_code == 403
