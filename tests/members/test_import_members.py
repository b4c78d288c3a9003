"""members_import: new members entered as member_create enters them, members matched by citizen ID updated
as member_update updates them, differences in core fields reported and not applied, one audit event."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest

from tochuc.members import excel
from tochuc.members.choices import Education, Qualification, Sex, Status
from tochuc.members.models import EventKind, Member, MemberEvent, Membership
from tochuc.members.selectors import member_list
from tochuc.members.services import member_update
from tochuc.members.services.imports import members_import

GOOD = {
    "Họ và tên": "Nguyễn  Văn Hùng",
    "Giới tính": "Nam",
    "Ngày sinh": "15/06/1985",
    "Số CCCD": "045085000123",
    "Dân tộc": "Kinh",
    "Chuyên môn, nghiệp vụ": "Đại học",
    "Ngày vào Đảng": "19/05/2010",
    "Ngày lễ kết nạp": "02/06/2010",
    "Ngày chính thức": "02/06/2011",
    "Mã tổ chức": "44.DH.01",
}
PROBATIONARY = {
    **GOOD,
    "Họ và tên": "Trần Thị Mai",
    "Giới tính": "Nữ",
    "Ngày sinh": "03/03/2001",
    "Số CCCD": "045301000456",
    "Ngày vào Đảng": "03/02/2026",
    "Ngày lễ kết nạp": "03/03/2026",
    "Ngày chính thức": None,
    "Mã tổ chức": "44.DH.02",
}


def sheet(*rows: dict, name: str = "danh-sach.xlsx") -> BytesIO:
    """A workbook in the template's layout with these rows (by header; the data start at row 5)."""
    buf = BytesIO()
    excel.write_members(buf, [[row.get(c.header) for c in excel.COLUMNS] for row in rows], count=len(rows))
    buf.seek(0)
    buf.name = name
    return buf


def run(actor, root, *rows, **kwargs):
    return members_import(actor=actor, root=root, file=sheet(*rows), filename="danh-sach.xlsx", **kwargs)


def test_it_enters_new_members_as_member_create_does(tree, commune_officer):
    result = run(commune_officer, tree.dh, GOOD, PROBATIONARY)

    assert (result.written, result.created, result.updated, result.problems) == (True, 2, 0, [])
    hung = Member.objects.get(citizen_id="045085000123")
    assert (hung.full_name, hung.name_folded, hung.given_folded, hung.sex, hung.birth_date) == (
        "Nguyễn Văn Hùng",
        "nguyen van hung",
        "hung",
        Sex.MALE,
        date(1985, 6, 15),
    )
    assert [m.full_name for m in member_list(actor=commune_officer, q="hung")] == ["Nguyễn Văn Hùng"]
    assert (hung.org, hung.status, hung.official_on, hung.party_age_from) == (
        tree.dh1,
        Status.OFFICIAL,
        date(2011, 6, 2),
        date(2010, 5, 19),
    )
    assert (hung.qualification, hung.education, hung.religion) == (
        Qualification.BACHELOR,
        Education.UPPER_SECONDARY,
        "Không",
    )
    assert list(MemberEvent.objects.filter(member=hung).values_list("kind", "on")) == [
        (EventKind.ADMITTED, date(2010, 5, 19)),
        (EventKind.CEREMONY, date(2010, 6, 2)),
        (EventKind.RECOGNIZED, date(2011, 6, 2)),
    ]
    [membership] = Membership.objects.filter(member=hung)
    assert (membership.org, membership.valid_from, membership.valid_to) == (tree.dh1, tree.dh1.opened_on, None)

    mai = Member.objects.get(citizen_id="045301000456")
    assert (mai.org, mai.status, mai.official_on, mai.ceremony_on) == (
        tree.dh2,
        Status.PROBATIONARY,
        None,
        date(2026, 3, 3),
    )
    assert Membership.objects.get(member=mai).valid_from == date(2026, 2, 3)


def test_the_stored_state_agrees_with_the_events(tree, commune_officer):
    from tochuc.members.services import member_sync

    run(commune_officer, tree.dh, GOOD, PROBATIONARY)
    for member in Member.objects.filter(citizen_id__in=["045085000123", "045301000456"]):
        before = {
            f: getattr(member, f) for f in ("status", "admitted_on", "ceremony_on", "official_on", "party_age_from")
        }
        member_sync(member)
        assert {f: getattr(member, f) for f in before} == before


def test_it_writes_one_audit_event_for_the_import(tree, commune_officer, audit_watch):
    watch = audit_watch()
    run(commune_officer, tree.dh, GOOD, PROBATIONARY)

    [event] = watch.events()
    assert (event.action, event.actor, event.object_id, event.org_path) == (
        "member.import",
        commune_officer,
        str(tree.dh.pk),
        tree.dh.path,
    )
    assert event.changes["created"]["after"] == 2
    assert event.changes["by_status"]["after"] == {"official": 1, "probationary": 1}
    assert event.changes["file"]["after"] == "danh-sach.xlsx"


def test_a_blank_org_code_means_the_org_imported_into(tree, cell_secretary):
    run(cell_secretary, tree.dh1, {**GOOD, "Mã tổ chức": None})
    assert Member.objects.get(citizen_id="045085000123").org == tree.dh1


def test_it_reads_codes_labels_and_unaccented_labels(tree, commune_officer):
    row = {**GOOD, "Giới tính": "nam", "Chuyên môn, nghiệp vụ": "dai hoc", "Dân tộc": "bru - van kieu",
           "Lý luận chính trị": "intermediate", "Mã tổ chức": "44.dh.01"}  # fmt: skip
    result = run(commune_officer, tree.dh, row)
    assert result.problems == []
    member = Member.objects.get(citizen_id="045085000123")
    assert (member.sex, member.qualification, member.ethnic_group, member.theory_level, member.org) == (
        "male",
        "bachelor",
        "Bru - Vân Kiều",
        "intermediate",
        tree.dh1,
    )


def test_a_card_number_with_its_date_is_recorded_as_a_card_event(tree, commune_officer):
    run(commune_officer, tree.dh, {**GOOD, "Số thẻ đảng viên": "01234567", "Ngày cấp thẻ": "03/02/2012"})
    member = Member.objects.get(citizen_id="045085000123")
    assert (member.card_number, member.card_issued_on) == ("01234567", date(2012, 2, 3))
    card = MemberEvent.objects.get(member=member, kind=EventKind.CARD)
    assert (card.on, card.data["card_number"]) == (date(2012, 2, 3), "01234567")


def test_a_dry_run_checks_and_writes_nothing(tree, commune_officer, nothing_written):
    with nothing_written():
        result = run(commune_officer, tree.dh, GOOD, PROBATIONARY, dry_run=True)
    assert (result.written, result.created, result.problems) == (False, 2, [])


# --- Members already recorded -----------------------------------------------------------------------------


@pytest.fixture
def recorded(tree):
    """Nguyễn Văn An of 44.DH.01 with a citizen ID and a few dossier fields."""
    member = tree.members["44.DH.01"][0]
    return member_update(
        actor=None, member=member, citizen_id="045068000001", birth_place="Quảng Trị", work_unit="UBND phường"
    )


def as_row(member, **overrides) -> dict:
    return {
        "Họ và tên": member.full_name,
        "Giới tính": "Nam" if member.sex == Sex.MALE else "Nữ",
        "Ngày sinh": member.birth_date.strftime("%d/%m/%Y"),
        "Số CCCD": member.citizen_id,
        "Ngày vào Đảng": member.admitted_on.strftime("%d/%m/%Y"),
        "Ngày chính thức": member.official_on.strftime("%d/%m/%Y") if member.official_on else None,
        "Mã tổ chức": member.org.code,
        **overrides,
    }


def test_a_member_matched_by_citizen_id_is_updated_with_audit(tree, commune_officer, recorded, audit_watch):
    watch = audit_watch()
    result = run(commune_officer, tree.dh, as_row(recorded, **{"Nơi sinh": "Huế", "Chức vụ": "Tổ trưởng"}))

    assert (result.created, result.updated, result.unchanged, result.notices) == (0, 1, 0, [])
    recorded.refresh_from_db()
    assert (recorded.birth_place, recorded.position, recorded.work_unit) == ("Huế", "Tổ trưởng", "UBND phường")
    assert Member.objects.filter(full_name=recorded.full_name).count() == 1
    update, imported = watch.events()
    assert (update.action, update.object_id, update.actor) == ("member.update", str(recorded.pk), commune_officer)
    assert update.changes == {
        "birth_place": {"before": "Quảng Trị", "after": "Huế"},
        "position": {"before": "", "after": "Tổ trưởng"},
    }
    assert (imported.action, imported.changes["updated"]["after"]) == ("member.import", 1)


def test_blank_cells_keep_what_is_recorded(tree, commune_officer, recorded, audit_watch):
    watch = audit_watch()
    result = run(commune_officer, tree.dh, as_row(recorded))
    assert (result.updated, result.unchanged) == (0, 1)
    recorded.refresh_from_db()
    assert (recorded.birth_place, recorded.work_unit) == ("Quảng Trị", "UBND phường")
    assert [e.action for e in watch.events()] == ["member.import"]


def test_core_differences_are_reported_not_applied(tree, commune_officer, recorded):
    row = as_row(
        recorded,
        **{"Họ và tên": "Nguyễn Văn Ân", "Ngày vào Đảng": "20/05/1995", "Mã tổ chức": "44.DH.02", "Nơi sinh": "Huế"},
    )
    result = run(commune_officer, tree.dh, row)

    assert (result.written, result.updated, result.problems) == (True, 1, [])
    assert [str(n) for n in result.notices] == [
        "Dòng 5, cột «Họ và tên»: khác hồ sơ (hồ sơ ghi «Nguyễn Văn An»): không cập nhật; "
        "sửa qua đề nghị đính chính có căn cứ.",
        "Dòng 5, cột «Ngày vào Đảng»: khác hồ sơ (hồ sơ ghi «19/05/1995»): không cập nhật; "
        "sửa qua đề nghị đính chính có căn cứ.",
        "Dòng 5, cột «Mã tổ chức»: đảng viên đang sinh hoạt tại «44.DH.01»: không chuyển; "
        "dùng chức năng chuyển sinh hoạt.",
    ]
    recorded.refresh_from_db()
    assert (recorded.full_name, recorded.admitted_on, recorded.org, recorded.birth_place) == (
        "Nguyễn Văn An",
        date(1995, 5, 19),
        tree.dh1,
        "Huế",
    )


def test_a_member_without_citizen_id_is_matched_by_name_and_birth_date(tree, commune_officer):
    member = tree.members["44.DH.02"][1]  # Hoàng Văn Dũng, born 22/12/1986, no citizen ID yet
    result = run(commune_officer, tree.dh, as_row(member, **{"Số CCCD": "045086001234"}))
    assert (result.created, result.updated) == (0, 1)
    member.refresh_from_db()
    assert member.citizen_id == "045086001234"


def test_a_sex_change_is_checked_against_the_citizen_id(tree, commune_officer, recorded, nothing_written):
    with nothing_written():
        result = run(commune_officer, tree.dh, as_row(recorded, **{"Giới tính": "Nữ"}))
    assert [str(p) for p in result.problems] == ["Dòng 5, cột «Giới tính»: Chữ số thứ tư «0» không khớp giới tính."]
