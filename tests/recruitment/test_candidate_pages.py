"""The candidates' pages: the list under an org (scope, filters, the pipeline's counts, export) in a fixed
number of queries; the forms that create and edit a record; the candidate's page with its checklist,
introducers and the conditions of the admission; the members suggested as introducers."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from tochuc.accounts.roles import Role
from tochuc.core.models import AuditEvent
from tochuc.recruitment import services
from tochuc.recruitment.models import Candidate, Stage

ROLES = [Role.ADMIN, Role.OFFICER, Role.LEADER, Role.SECRETARY, Role.VIEWER]


def make_candidate(org, name="Lê Văn Bảo", *, born=date(2000, 1, 1), listed=date(2025, 1, 10), **extra):
    return services.candidate_create(
        actor=None, org=org, full_name=name, sex="male", birth_date=born, listed_on=listed, **extra
    )


@pytest.fixture
def persona(make_user, tree):
    """A user of each role scoped to the commune 44.DH (the secretary to its cell 44.DH.01)."""

    def _make(role):
        return make_user(f"persona.{role}", role, tree.dh1 if role == Role.SECRETARY else tree.dh)

    return _make


@pytest.fixture
def bao(tree):
    """Lê Văn Bảo, a candidate of 44.DH.01 listed on 10/01/2025."""
    return make_candidate(tree.dh1)


@pytest.fixture
def loi(tree):
    """A candidate of the neighbouring commune (44.LB.01)."""
    return make_candidate(tree.lb1, "Hồ Văn Lực")


def text(response) -> str:
    return response.content.decode()


# --- The list -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_the_list_renders_for_every_role_of_the_commune(client, persona, role, bao, loi):
    client.force_login(persona(role))
    response = client.get(reverse("recruitment:list"))
    assert response.status_code == 200
    assert response.context["nav"] == "recruitment"
    body = text(response)
    assert "Lê Văn Bảo" in body and "10/01/2025" in body and "01/01/2000" in body
    assert "Hồ Văn Lực" not in body
    assert ("Thêm quần chúng" in body) is (role not in (Role.LEADER, Role.VIEWER))


def test_the_list_defaults_to_the_actors_org_and_its_pipeline(client, commune_officer, bao, tree):
    services.candidate_step_record(actor=None, candidate=bao, step="course", on=date(2025, 3, 1))
    make_candidate(tree.dh2, "Trần Thị Cúc")
    services.candidate_away_start(
        actor=None,
        candidate=make_candidate(tree.dh2, "Võ Văn Đi"),
        kind="abroad",
        place="Hàn Quốc",
        since=date(2026, 2, 1),
    )
    client.force_login(commune_officer)
    response = client.get(reverse("recruitment:list"))
    assert response.context["org"] == tree.dh
    pipeline = response.context["pipeline"]
    counts = {value: count for value, _label, count in pipeline["steps"]}
    assert (pipeline["total"], pipeline["away"], counts["listed"], counts["course"]) == (3, 1, 2, 1)
    body = text(response)
    assert "Hàn Quốc" in body and "01/02/2026" in body  # where and since when, in the list


def test_a_commune_officer_never_sees_the_neighbours_candidates(client, commune_officer, bao, loi):
    client.force_login(commune_officer)
    assert "Hồ Văn Lực" not in text(client.get(reverse("recruitment:list"), {"stage": "all"}))
    assert client.get(reverse("recruitment:list"), {"org": "44.LB"}).status_code == 404
    assert client.get(reverse("recruitment:export"), {"org": "44.LB"}).status_code == 404


def test_the_list_filters_by_org_stage_step_away_reason_and_name(client, province_officer, tree, bao, loi):
    cuc = make_candidate(tree.dh2, "Trần Thị Cúc")
    services.candidate_drop(actor=None, candidate=cuc, on=date(2026, 1, 5), reason="withdrew")
    services.candidate_step_record(actor=None, candidate=bao, step="course", on=date(2025, 3, 1))
    client.force_login(province_officer)

    def names(**params):
        return [c.full_name for c in client.get(reverse("recruitment:list"), params).context["page_obj"]]

    assert set(names()) == {"Lê Văn Bảo", "Hồ Văn Lực"}
    assert names(org="44.DH") == ["Lê Văn Bảo"]
    assert names(stage="dropped") == ["Trần Thị Cúc"]
    assert set(names(stage="all")) == {"Lê Văn Bảo", "Hồ Văn Lực", "Trần Thị Cúc"}
    assert names(reached="course") == ["Lê Văn Bảo"]
    assert names(stage="dropped", drop_reason="withdrew") == ["Trần Thị Cúc"]
    assert names(stage="dropped", drop_reason="moved") == []
    assert names(q="le van bao") == ["Lê Văn Bảo"]
    assert names(away="yes") == []
    assert set(names(away="no")) == {"Lê Văn Bảo", "Hồ Văn Lực"}


def test_the_list_is_paginated(client, province_officer, tree):
    for i in range(55):
        make_candidate(tree.dh1, f"Nguyễn Văn Số {i:02d}")
    client.force_login(province_officer)
    first = client.get(reverse("recruitment:list"))
    assert len(first.context["page_obj"]) == 50 and first.context["page_obj"].paginator.count == 55
    assert len(client.get(reverse("recruitment:list"), {"page": "2"}).context["page_obj"]) == 5


def _queries(client, params) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("recruitment:list"), params)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("params", [{}, {"org": "44.DH"}, {"q": "nguyen"}, {"stage": "all", "away": "yes"}])
def test_the_list_runs_a_fixed_number_of_queries_however_many_candidates(client, commune_officer, tree, params):
    one = make_candidate(tree.dh1, "Nguyễn Văn Một")  # one row of each filter: an empty page reads less
    services.candidate_away_start(actor=None, candidate=one, kind="abroad", place="Nhật Bản", since=date(2026, 3, 1))
    client.force_login(commune_officer)
    few = _queries(client, params)
    for i, org in enumerate([tree.dh1, tree.dh2, tree.dh_company_cell] * 10):
        c = make_candidate(org, f"Nguyễn Văn Thêm {i:02d}")
        if i % 3 == 0:
            services.candidate_away_start(actor=None, candidate=c, kind="other_province", place="Bình Dương",
                                          since=date(2026, 3, 1))  # fmt: skip
    assert _queries(client, params) == few
    assert few <= 8


# --- Export ---------------------------------------------------------------------------------------------


def test_the_export_gives_the_filtered_list_as_csv_and_xlsx(client, commune_officer, tree, bao, loi):
    make_candidate(tree.dh1, "=HYPERLINK(1)")
    client.force_login(commune_officer)
    response = client.get(reverse("recruitment:export"), {"format": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:3] == ["STT", "Họ và tên", "Ngày sinh"]
    names = [r[1] for r in rows[1:]]
    assert "Lê Văn Bảo" in names and "Hồ Văn Lực" not in names
    assert "'=HYPERLINK(1)" in names  # a formula stays text
    response = client.get(reverse("recruitment:export"), {"q": "bao"})
    ws = load_workbook(io.BytesIO(response.content)).active
    values = [row for row in ws.iter_rows(min_row=5, values_only=True)]
    assert [v[1] for v in values] == ["Lê Văn Bảo"] and values[0][2] == "01/01/2000"


def test_a_viewer_may_not_export(client, viewer, bao):
    client.force_login(viewer)
    assert client.get(reverse("recruitment:export")).status_code == 403


# --- Create and edit ------------------------------------------------------------------------------------


def test_an_officer_puts_a_person_on_the_list_inside_the_scope(client, commune_officer, tree):
    client.force_login(commune_officer)
    assert client.get(reverse("recruitment:create"), {"org": "44.DH.01"}).status_code == 200
    data = {
        "full_name": "  Phan  Thị Duyên ", "sex": "female", "birth_date": "15/08/2001", "org": "44.DH.02",
        "listed_on": "03/02/2026", "ethnic_group": "Kinh", "religion": "Không", "education": "upper_secondary",
        "occupation": "other", "youth_union_member": "on",
    }  # fmt: skip
    response = client.post(reverse("recruitment:create"), data)
    c = Candidate.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("recruitment:detail", args=[c.pk])
    assert (c.full_name, c.org, c.birth_date, c.listed_on, c.youth_union_member) == (
        "Phan Thị Duyên",
        tree.dh2,
        date(2001, 8, 15),
        date(2026, 2, 3),
        True,
    )
    # An org outside the scope is not found; a refusal of the service shows beside its field.
    response = client.post(reverse("recruitment:create"), {**data, "org": "44.LB.01"})
    assert "Không tìm thấy tổ chức" in str(response.context["form"].errors["org"])
    response = client.post(reverse("recruitment:create"), {**data, "birth_date": "04/02/2026"})
    assert "Ngày sinh phải trước ngày đưa vào danh sách" in str(response.context["form"].errors["birth_date"])
    assert Candidate.objects.count() == 1


def test_the_create_page_is_refused_to_a_viewer_and_outside_the_scope(client, viewer, outsider):
    client.force_login(viewer)
    assert client.get(reverse("recruitment:create")).status_code == 403
    client.force_login(outsider)
    assert client.get(reverse("recruitment:create"), {"org": "44.DH"}).status_code == 404


def test_an_officer_edits_the_record(client, commune_officer, bao):
    client.force_login(commune_officer)
    response = client.get(reverse("recruitment:edit", args=[bao.pk]))
    assert response.status_code == 200 and response.context["form"]["birth_date"].value() == date(2000, 1, 1)
    data = {k: v for k, v in response.context["form"].initial.items() if v not in (None, False)}
    data |= {"birth_date": "01/01/2000", "listed_on": "10/01/2025", "work_unit": "Hợp tác xã Đông Hà"}
    response = client.post(reverse("recruitment:edit", args=[bao.pk]), data)
    assert response.status_code == 302
    bao.refresh_from_db()
    assert bao.work_unit == "Hợp tác xã Đông Hà"
    before = AuditEvent.objects.count()
    response = client.post(reverse("recruitment:edit", args=[bao.pk]), {**data, "citizen_id": "12"})
    assert response.status_code == 200 and response.context["form"].errors["citizen_id"]
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize(("who", "status"), [("outsider", 404), ("viewer", 403), ("leader", 403)])
def test_the_edit_page_is_refused_outside_the_scope_and_to_roles_that_do_not_edit(client, request, bao, who, status):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("recruitment:edit", args=[bao.pk])).status_code == status
    assert client.post(reverse("recruitment:edit", args=[bao.pk]), {"full_name": "X"}).status_code == status


# --- The candidate's page -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_the_candidates_page_renders_for_every_role_of_the_commune_and_is_404_outside(client, persona, role, bao, loi):
    client.force_login(persona(role))
    response = client.get(reverse("recruitment:detail", args=[bao.pk]))
    assert response.status_code == 200
    body = text(response)
    assert "Lê Văn Bảo" in body and "Điều kiện kết nạp" in body and "Hồ sơ kết nạp" in body
    # Only the roles that record steps are offered the forms.
    assert ("Ghi nhận" in body) is (role not in (Role.LEADER, Role.VIEWER))
    assert client.get(reverse("recruitment:detail", args=[loi.pk])).status_code == 404


def test_the_outsider_gets_404_for_a_candidate_of_44_dh(client, outsider, bao):
    client.force_login(outsider)
    assert client.get(reverse("recruitment:detail", args=[bao.pk])).status_code == 404


def test_the_page_shows_the_checklist_the_history_and_the_conditions(client, commune_officer, tree, bao):
    course = services.candidate_step_record(
        actor=None, candidate=bao, step="course", on=date(2025, 3, 1), document_no="GCN-17"
    )
    services.candidate_step_cancel(actor=None, step=course, reason="Nhầm ngày")
    services.candidate_step_record(actor=None, candidate=bao, step="course", on=date(2025, 3, 2), document_no="GCN-18")
    services.candidate_step_record(actor=None, candidate=bao, step="verification", on=date(2025, 6, 1), result="issue")
    client.force_login(commune_officer)
    response = client.get(reverse("recruitment:detail", args=[bao.pk]))
    body = text(response)
    assert "<s><b>01/03/2025</b> · số GCN-17" in body and "Nhầm ngày" in body  # the cancelled one, struck through
    assert "02/03/2025" in body and "GCN-18" in body
    assert "Có vấn đề, cấp ủy xem xét" in body
    checks = {c.code: c for c in response.context["eligibility"].checks}
    assert checks["course"].ok and not checks["application"].ok and not checks["verification_issue"].blocking
    assert "chưa có" in body and "kết luận thẩm tra có vấn đề" in body
    # A grassroots cell sends its resolution up itself: no grassroots committee's step to record.
    assert "Không áp dụng" in body
    assert response.context["admit_form"] is None  # not eligible: the admission is not offered


def test_a_cell_inside_a_grassroots_committee_needs_its_resolution(client, commune_officer, tree):
    c = make_candidate(tree.dh_company_cell, "Đỗ Văn Xưởng")
    client.force_login(commune_officer)
    response = client.get(reverse("recruitment:detail", args=[c.pk]))
    rows = {r["line"].step: r for r in response.context["rows"]}
    assert rows["committee_resolution"]["form"] is not None
    assert "Không áp dụng" not in text(response)


def test_the_page_of_a_dropped_candidate_offers_to_resume_and_no_step(client, commune_officer, bao):
    services.candidate_drop(actor=None, candidate=bao, on=date(2026, 1, 5), reason="migration", note="Đi Hàn Quốc")
    client.force_login(commune_officer)
    response = client.get(reverse("recruitment:detail", args=[bao.pk]))
    body = text(response)
    assert "Dừng theo dõi từ ngày 05/01/2026" in body and "Đi Hàn Quốc" in body
    assert reverse("recruitment:resume", args=[bao.pk]) in body
    assert all(r["form"] is None for r in response.context["rows"])
    assert Candidate.objects.get(pk=bao.pk).stage == Stage.DROPPED


# --- The introducers' suggestions -----------------------------------------------------------------------


def test_the_suggestions_list_members_in_scope_only(client, commune_officer, tree):
    client.force_login(commune_officer)
    response = client.get(reverse("recruitment:member_lookup"), {"intro-member": "nguyen van"})
    body = text(response)
    an = tree.members["44.DH.01"][0]
    assert f"Nguyễn Văn An (44.DH.01) #{an.pk}" in body
    assert "Nguyễn Văn Bình" not in body  # 44.LB.01: outside the scope
    assert text(client.get(reverse("recruitment:member_lookup"), {"intro-member": "n"})).strip() == ""


def test_the_candidates_page_runs_a_fixed_number_of_queries_however_long_the_dossier(client, commune_officer, tree):
    c = make_candidate(tree.dh1, "Nguyễn Văn Dài")
    services.candidate_step_record(actor=None, candidate=c, step="course", on=date(2025, 3, 1))
    services.introducer_add(actor=None, candidate=c, kind="member", member=tree.members["44.DH.01"][0],
                            on=date(2025, 4, 1), together_since=date(2024, 1, 1))  # fmt: skip
    client.force_login(commune_officer)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("recruitment:detail", args=[c.pk])).status_code == 200
        return len(ctx.captured_queries)

    few = queries()
    for i in range(5):
        record = services.candidate_step_record(actor=None, candidate=c, step="application", on=date(2025, 4, 1 + i))
        if i % 2:
            services.candidate_step_cancel(actor=None, step=record, reason="Nhầm")
    services.introducer_add(actor=None, candidate=c, kind="member", member=tree.members["44.DH.01"][1],
                            on=date(2025, 4, 1), together_since=date(2024, 1, 1))  # fmt: skip
    assert queries() == few
