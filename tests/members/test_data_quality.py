"""The data-quality checks ("đúng – đủ – sạch – sống"): each finds a planted problem and passes a complete record;
the database form of the citizen ID check agrees with the rule; everything stays in the actor's scope.

Problems that the services refuse to write (a malformed citizen ID, an official member without a date ...) are
planted with a queryset update: that is how they reach a database, from records loaded before validation."""

from __future__ import annotations

from datetime import date, timedelta
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tochuc.core.dates import default_holidays
from tochuc.members.choices import Sex, Status
from tochuc.members.models import Member, Membership
from tochuc.members.quality import (
    CHECKS,
    QualityReport,
    member_quality_report,
    overdue_ceremony_cutoff,
    quality_context,
)
from tochuc.members.rules import citizen_id_problem, probation_end, recognition_review_due
from tochuc.members.services import member_died, member_issue_card, member_update

TODAY = timezone.localdate()
DOSSIER = {
    "birth_place": "Đông Hà, Quảng Trị",
    "home_town": "Triệu Phong, Quảng Trị",
    "residence": "Khu phố 1, phường Đông Hà",
    "dossier_number": "DH-0001",
}


def codes(report: QualityReport, member: Member, check: str | None = None) -> set[str]:
    """The problems the report finds for one member."""
    rows = report.rows(report.members(check).filter(pk=member.pk))
    return set(rows[0].codes) if rows else set()


def words(report: QualityReport, member: Member) -> list[str]:
    [row] = report.rows(report.members().filter(pk=member.pk))
    return row.problems


@pytest.fixture
def complete(make_member, tree):
    """An official member of 44.DH.01 whose record has every required field."""
    member = make_member(
        org=tree.dh1,
        full_name="Lê Thị Thu Trang",
        sex=Sex.FEMALE,
        birth_date=date(1990, 3, 4),
        citizen_id="045190001234",
        **DOSSIER,
    )
    member_issue_card(actor=None, member=member, on=TODAY, card_number="45001234")
    member.refresh_from_db()
    return member


@pytest.fixture
def report(province_officer):
    return lambda org=None: member_quality_report(actor=province_officer, org=org)


def test_a_complete_record_has_no_problem(complete, report):
    assert codes(report(), complete) == set()
    assert complete not in report().members()


def test_the_tree_members_lack_their_dossier_fields(tree, report):
    # The shared fixture enters members with the foundation's fields only: the clean-up has work to do.
    an = tree.members["44.DH.01"][0]
    assert codes(report(), an) == {
        "missing.citizen_id",
        "missing.birth_place",
        "missing.home_town",
        "missing.residence",
        "missing.card_number",
        "missing.dossier_number",
    }


# --- đủ: required fields ---------------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["citizen_id", "birth_place", "home_town", "residence", "dossier_number"])
def test_it_finds_an_empty_required_field(complete, report, field):
    member_update(actor=None, member=complete, **{field: ""})
    assert codes(report(), complete) == {f"missing.{field}"}


def test_it_finds_a_missing_card_number_of_an_official_member(complete, report):
    Member.objects.filter(pk=complete.pk).update(card_number=None)
    assert codes(report(), complete) == {"missing.card_number"}
    assert "Thiếu số thẻ đảng viên" in words(report(), complete)


def test_it_finds_a_missing_admission_date(complete, report):
    Member.objects.filter(pk=complete.pk).update(admitted_on=None)
    assert codes(report(), complete) == {"missing.admitted_on"}


def test_a_probationary_member_needs_neither_card_nor_official_date(make_member, tree, report):
    member = make_member(
        org=tree.dh1,
        status=Status.PROBATIONARY,
        birth_date=date(2000, 1, 2),
        citizen_id="045200004321",
        admitted_on=TODAY - timedelta(days=40),
        ceremony_on=TODAY - timedelta(days=20),
        official_on=None,
        **DOSSIER,
    )
    assert codes(report(), member) == set()


# --- đúng: citizen IDs -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("citizen_id", "why"),
    [
        ("04519000123", "12 chữ số"),
        ("04519000123X", "12 chữ số"),
        ("999190001234", "mã tỉnh"),
        ("045090001234", "giới tính"),  # a man's digit for a woman
        ("045390001234", "thế kỷ"),  # born in the 2000s
        ("045191001234", "năm sinh"),  # born in 1991
    ],
)
def test_it_finds_an_invalid_citizen_id(complete, report, citizen_id, why):
    Member.objects.filter(pk=complete.pk).update(citizen_id=citizen_id)
    assert codes(report(), complete) == {"citizen_id.invalid"}
    [text] = words(report(), complete)
    assert citizen_id in text and why in text


def _cases():
    """Birth years across centuries, both sexes, every fourth digit, the right and a wrong year: the IDs on the
    edges of every clause of the rule."""
    for born in (date(1899, 12, 31), date(1900, 1, 1), date(1968, 5, 12), date(1999, 12, 31), date(2000, 1, 1),
                 date(2007, 8, 9)):  # fmt: skip
        for sex in (Sex.MALE, Sex.FEMALE):
            for digit in range(10):
                for yy in (f"{born.year % 100:02d}", f"{(born.year + 1) % 100:02d}"):
                    yield born, sex, f"045{digit}{yy}000123"
    yield date(1985, 1, 1), Sex.MALE, "000085000123"  # not a province
    yield date(1985, 1, 1), Sex.MALE, "45085000123"  # 11 digits
    yield date(1985, 1, 1), Sex.MALE, "045085 00123"


def test_the_database_check_agrees_with_the_rule(complete, report):
    pk = complete.pk
    r = report()
    mismatches = []
    for born, sex, cid in _cases():
        Member.objects.filter(pk=pk).update(birth_date=born, sex=sex, citizen_id=cid)
        found = r.members("citizen_id").filter(pk=pk).exists()
        if found != (citizen_id_problem(cid, born, sex) is not None):
            mismatches.append((born, sex, cid, found))
    assert mismatches == []


# --- sạch: near-duplicates -------------------------------------------------------------------------------


def test_it_finds_records_with_the_same_folded_name_and_birth_date(tree, make_member, report):
    an = tree.members["44.DH.01"][0]  # Nguyễn Văn An, 12/05/1968
    twin = make_member(org=tree.dh2, full_name="NGUYEN VAN AN", birth_date=date(1968, 5, 12))
    make_member(org=tree.dh2, full_name="Nguyễn Văn An", birth_date=date(1968, 5, 13))  # another person

    r = report()
    dupes = r.members("duplicate")
    assert {m.pk for m in dupes} == {an.pk, twin.pk}
    rows = {row.member.pk: row for row in r.rows(dupes)}
    assert [t.pk for t in rows[an.pk].twins] == [twin.pk]
    assert [t.pk for t in rows[twin.pk].twins] == [an.pk]


def test_a_twin_outside_the_scope_is_not_shown(tree, make_member, commune_officer, outsider, province_officer):
    an = tree.members["44.DH.01"][0]
    twin = make_member(org=tree.lb1, full_name="Nguyễn Văn An", birth_date=date(1968, 5, 12))
    # Each commune sees one of the two records: nothing it could merge, and nothing of the other commune.
    assert not member_quality_report(actor=commune_officer).members("duplicate").exists()
    assert not member_quality_report(actor=outsider).members("duplicate").exists()
    # The province sees both.
    assert {m.pk for m in member_quality_report(actor=province_officer).members("duplicate")} == {an.pk, twin.pk}


# --- đúng: status against dates ----------------------------------------------------------------------------


def test_it_finds_an_official_member_without_official_date(complete, report):
    Member.objects.filter(pk=complete.pk).update(official_on=None)
    assert codes(report(), complete, "status") == {"status.official_without_date"}


def test_it_finds_a_probationary_member_with_an_official_date(complete, report):
    Member.objects.filter(pk=complete.pk).update(status=Status.PROBATIONARY)
    assert codes(report(), complete, "status") == {"status.probationary_with_date"}


def test_it_finds_a_ceremony_before_admission(complete, report):
    Member.objects.filter(pk=complete.pk).update(ceremony_on=complete.admitted_on - timedelta(days=1))
    assert codes(report(), complete) == {"status.ceremony_before_admission"}


def test_it_finds_recognition_before_admission(complete, report):
    Member.objects.filter(pk=complete.pk).update(official_on=complete.admitted_on - timedelta(days=1))
    assert codes(report(), complete) == {"status.official_before_admission"}


def test_it_finds_a_probation_overdue_for_review_and_not_one_a_day_younger(make_member, tree, report):
    cutoff = quality_context().overdue_ceremony_on

    def probationary(ceremony_on: date, cid: str) -> Member:
        return make_member(
            org=tree.dh1,
            status=Status.PROBATIONARY,
            birth_date=date(2000, 1, 2),
            citizen_id=cid,
            admitted_on=ceremony_on - timedelta(days=10),
            ceremony_on=ceremony_on,
            official_on=None,
            **DOSSIER,
        )

    overdue = probationary(cutoff, "045200000001")
    in_time = probationary(cutoff + timedelta(days=1), "045200000002")

    assert codes(report(), overdue) == {"status.recognition_overdue"}
    assert codes(report(), in_time) == set()
    [text] = words(report(), overdue)
    assert text.startswith(f"Hết dự bị ngày {probation_end(cutoff, months=12):%d/%m/%Y}, quá 30 ngày làm việc")


def test_it_finds_an_ended_member_with_an_open_membership(complete, report):
    member_died(actor=None, member=complete, on=TODAY)
    # Ended members are asked for nothing more: not for a card, not for a yearly update.
    assert codes(report(), complete) == set()

    last = Membership.objects.filter(member=complete).latest("valid_from")
    Membership.objects.filter(pk=last.pk).update(valid_to=None)
    assert codes(report(), complete) == {"status.ended_with_open_membership"}


@pytest.mark.parametrize(
    "today",
    [date(2025, 3, 3), date(2024, 2, 29), date(2026, 2, 20), date(2026, 9, 3), date(2027, 1, 4)],
)
def test_the_overdue_cutoff_is_the_last_ceremony_past_its_review_deadline(today):
    holidays = {d for year in (today.year - 2, today.year - 1, today.year) for d, _name in default_holidays(year)}

    cutoff = overdue_ceremony_cutoff(today, months=12, working_days=30, holidays=holidays)

    def due(ceremony: date) -> date:
        return recognition_review_due(ceremony, months=12, working_days=30, holidays=holidays)

    assert due(cutoff) < today <= due(cutoff + timedelta(days=1))


# --- sống: recent updates ----------------------------------------------------------------------------------


def test_it_finds_a_record_not_updated_for_a_year(complete, report):
    Member.objects.filter(pk=complete.pk).update(updated_at=timezone.now() - timedelta(days=367))
    assert codes(report(), complete) == {"stale.year"}


def test_a_record_updated_within_the_year_is_live(complete, report):
    Member.objects.filter(pk=complete.pk).update(updated_at=timezone.now() - timedelta(days=300))
    assert codes(report(), complete) == set()


# --- counts, scope ------------------------------------------------------------------------------------------


def test_the_counts_agree_with_the_lists(tree, complete, make_member, report, django_assert_num_queries):
    Member.objects.filter(pk=complete.pk).update(citizen_id="123", updated_at=timezone.now() - timedelta(days=400))
    make_member(org=tree.dh2, full_name="Nguyễn Văn An", birth_date=date(1968, 5, 12))
    r = report(tree.dh)
    with django_assert_num_queries(1):
        counts = r.counts()
    assert [c.check.code for c in counts] == [c.code for c in CHECKS]
    for c in counts:
        assert c.count == r.members(c.check.code).count(), c.check.code
        for p in c.problems:
            assert p.count == sum(p.problem.code in row.codes for row in r.rows(r.members(c.check.code)))
    by_code = {c.check.code: c.count for c in counts}
    assert by_code == {"missing": 10, "citizen_id": 1, "duplicate": 2, "status": 0, "stale": 1}


def test_an_outsider_sees_none_of_the_problems_under_another_commune(tree, outsider):
    dh_members = {m.pk for code, ms in tree.members.items() if code.startswith("44.DH") for m in ms}
    r = member_quality_report(actor=outsider)
    listed = {m.pk for m in r.members()}
    assert listed and not listed & dh_members
    assert sum(c.count for c in r.counts() if c.check.code == "missing") == 6  # the six members of 44.LB


# --- the page and its export ----------------------------------------------------------------------------------


@pytest.fixture
def officer(client, commune_officer):
    client.force_login(commune_officer)
    return client


def test_the_page_lists_the_problems_of_the_scope(officer, tree, complete, nothing_written):
    Member.objects.filter(pk=complete.pk).update(citizen_id="045090001234")
    with nothing_written():
        response = officer.get(reverse("members:quality"), {"check": "citizen_id"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Lê Thị Thu Trang" in page and "không khớp giới tính" in page
    assert "Nguyễn Văn An" not in page  # listed under "missing", not under this check


def test_the_page_runs_a_bounded_number_of_queries(officer, tree, make_member, django_assert_max_num_queries):
    for i in range(30):
        make_member(org=tree.dh2, full_name=f"Trần Văn Bình {i:02d}", birth_date=date(1970, 1, 1))
    with django_assert_max_num_queries(12):
        response = officer.get(reverse("members:quality"))
    assert response.status_code == 200
    assert len(response.context["rows"]) == 39


def test_an_org_outside_the_scope_is_a_404(client, outsider, tree):
    client.force_login(outsider)
    assert client.get(reverse("members:quality"), {"org": "44.DH"}).status_code == 404
    assert client.get(reverse("members:quality_export"), {"org": "44.DH"}).status_code == 404
    page = client.get(reverse("members:quality")).content.decode()
    assert "Nguyễn Văn An" not in page and "Hồ Văn Lợi" in page


def test_it_exports_the_members_concerned_to_xlsx(officer, tree, complete):
    Member.objects.filter(pk=complete.pk).update(updated_at=timezone.now() - timedelta(days=400))
    response = officer.get(reverse("members:quality_export"), {"org": "44.DH.01", "check": "stale"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    rows = [r for r in sheet.iter_rows(min_row=5, values_only=True) if r[0]]
    assert [(r[1], r[7]) for r in rows] == [("Lê Thị Thu Trang", "44.DH.01")]
    assert rows[0][8].startswith("Không được cập nhật từ")


def test_a_viewer_may_look_but_not_export(client, viewer, tree):
    client.force_login(viewer)
    assert client.get(reverse("members:quality")).status_code == 200
    assert client.get(reverse("members:quality_export")).status_code == 403
