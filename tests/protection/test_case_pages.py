"""The case pages: every mutating view refuses an outsider (404) and a viewer (403); the forms write through the
services and show a refusal beside its field with status 400; the list is scoped, filtered (status, purpose,
overdue, org, year, a name typed without diacritics) and runs a fixed number of queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tochuc.protection.choices import CaseStatus, Purpose, Relation
from tochuc.protection.models import Case, Question
from tochuc.protection.services.cases import case_open
from tochuc.protection.services.questions import question_add

TODAY = timezone.localdate()
REQUESTED = TODAY - timedelta(days=40)
D = "%d/%m/%Y"


def _mutating(case, question) -> list[tuple[str, dict]]:
    base = f"/protection/{case.pk}"
    return [
        ("/protection/new/", {}),
        (f"{base}/edit/", {}),
        (f"{base}/questions/new/", {}),
        (f"{base}/questions/standard/", {}),
        (f"{base}/questions/{question.pk}/reply/", {}),
        (f"{base}/questions/{question.pk}/finding/", {}),
        (f"{base}/questions/{question.pk}/cancel/", {"reason": "x"}),
        (f"{base}/conclude/", {}),
        (f"{base}/withdraw/", {}),
        (f"/protection/people/candidate/{case.candidate_id}/notes/new/", {}),
    ]


@pytest.fixture
def question(admission_case):
    return question_add(actor=None, case=admission_case, relation=Relation.SELF, scopes=["political_history"],
                        sent_to="Đảng ủy phường Đông Hà", sent_on=REQUESTED)  # fmt: skip


def test_an_outsider_gets_404_for_every_form(admission_case, question, outsider, client, nothing_written):
    client.force_login(outsider)
    with nothing_written():
        for url, data in _mutating(admission_case, question)[1:]:
            assert client.post(url, data).status_code == 404, url


def test_a_viewer_gets_403_for_every_form(admission_case, question, viewer, client, nothing_written):
    client.force_login(viewer)
    with nothing_written():
        for url, data in _mutating(admission_case, question):
            assert client.post(url, data).status_code == 403, url


@pytest.mark.parametrize("persona", ["province_officer", "cell_secretary", "admin_user"])
def test_restricted_forms_refuse_roles_without_restricted(persona, request, admission_case, question, client):
    client.force_login(request.getfixturevalue(persona))
    base = f"/protection/{admission_case.pk}"
    for url in (f"{base}/conclude/", f"{base}/questions/{question.pk}/finding/",
                f"/protection/people/candidate/{admission_case.candidate_id}/notes/new/"):  # fmt: skip
        assert client.post(url, {}).status_code == 403, url


def test_a_leader_reads_but_gets_403_on_every_form(admission_case, question, leader, client):
    client.force_login(leader)
    assert client.get(f"/protection/{admission_case.pk}/").status_code == 200
    for url, data in _mutating(admission_case, question):
        assert client.post(url, data).status_code == 403, url


def test_opening_a_case_from_the_candidates_page(commune_officer, candidate, client):
    client.force_login(commune_officer)
    page = client.get(f"/protection/new/?candidate={candidate.pk}")
    assert page.status_code == 200 and f"#qc{candidate.pk}" in page.content.decode()
    response = client.post("/protection/new/", {
        "subject": f"{candidate.full_name} #qc{candidate.pk}", "purpose": Purpose.ADMISSION,
        "requested_by": "Chi ủy Chi bộ khu phố 1", "requested_on": REQUESTED.strftime(D),
        "due_on": (REQUESTED + timedelta(days=60)).strftime(D),
    })  # fmt: skip
    case = Case.objects.get(candidate=candidate)
    assert response.status_code == 302 and response["Location"] == f"/protection/{case.pk}/"
    assert case.org == candidate.org


def test_a_candidate_outside_the_scope_cannot_be_picked(outsider, candidate, client):
    client.force_login(outsider)
    assert client.get(f"/protection/new/?candidate={candidate.pk}").status_code == 404
    data = {"subject": f"X #qc{candidate.pk}", "purpose": Purpose.ADMISSION, "requested_by": "Chi ủy",
            "requested_on": REQUESTED.strftime(D)}  # fmt: skip
    response = client.post("/protection/new/", data)
    assert response.status_code == 400 and not Case.objects.exists()


def test_a_refusal_is_shown_beside_its_field(commune_officer, candidate, client):
    client.force_login(commune_officer)
    response = client.post("/protection/new/", {
        "subject": f"{candidate.full_name} #qc{candidate.pk}", "purpose": Purpose.ADMISSION,
        "requested_by": "Chi ủy", "requested_on": (TODAY + timedelta(days=2)).strftime(D),
    })  # fmt: skip
    assert response.status_code == 400
    assert "Ngày không được sau ngày hôm nay." in response.context["form"].errors["requested_on"]


def test_the_subject_box_suggests_the_three_kinds_in_scope(commune_officer, candidate, make_cadre, tree, client):
    make_cadre(tree.dh, full_name="Trần Văn Mạnh")
    make_cadre(tree.lb, full_name="Trần Văn Lực")  # outside the commune
    client.force_login(commune_officer)
    html = client.get("/protection/subjects/lookup/?subject=tran").content.decode()
    assert f"#qc{candidate.pk}" in html and "Trần Văn Mạnh" in html and "Trần Thị Bích Hạnh" in html
    assert "Trần Văn Lực" not in html


def test_the_standard_set_is_offered_and_sent_from_the_case_page(admission_case, commune_officer, client):
    client.force_login(commune_officer)
    page = client.get(f"/protection/{admission_case.pk}/")
    form = page.context["std_form"]
    relations = [d.relation for d in form.drafts]
    assert relations[0] == Relation.SELF and Relation.MOTHER_IN_LAW in relations
    data = {"std-sent_to": "Đảng ủy xã Cam Lộ", "std-sent_on": REQUESTED.strftime(D)}
    for i, d in enumerate(form.drafts):
        data[f"std-relation_{i}"] = d.relation
        if d.relation in (Relation.SELF, Relation.FATHER):
            data[f"std-include_{i}"] = "on"
            data[f"std-person_name_{i}"] = d.person_name or "Trần Văn Hùng"
    response = client.post(f"/protection/{admission_case.pk}/questions/standard/", data)
    assert response.status_code == 302
    assert list(Question.objects.order_by("pk").values_list("relation", "person_name", "sent_to")) == [
        (Relation.SELF, admission_case.subject_name, "Đảng ủy xã Cam Lộ"),
        (Relation.FATHER, "Trần Văn Hùng", "Đảng ủy xã Cam Lộ"),
    ]


def test_a_standard_row_without_a_name_is_refused_beside_it(admission_case, commune_officer, client):
    client.force_login(commune_officer)
    form = client.get(f"/protection/{admission_case.pk}/").context["std_form"]
    i = next(i for i, d in enumerate(form.drafts) if d.relation == Relation.MOTHER)
    data = {"std-sent_to": "Đảng ủy xã Cam Lộ", "std-sent_on": REQUESTED.strftime(D),
            f"std-relation_{i}": Relation.MOTHER, f"std-include_{i}": "on"}  # fmt: skip
    response = client.post(f"/protection/{admission_case.pk}/questions/standard/", data)
    assert response.status_code == 400 and f"person_name_{i}" in response.context["std_form"].errors
    assert not Question.objects.exists()


def test_an_officer_logs_a_reply_without_the_finding_fields(admission_case, question, commune_officer, client):
    client.force_login(commune_officer)
    url = f"/protection/{admission_case.pk}/questions/{question.pk}/reply/"
    assert "finding" not in client.get(url).context["form"].fields
    response = client.post(url, {"replied_on": TODAY.strftime(D), "reply_no": "8/CV", "finding": "issue",
                                 "finding_text": "Lén ghi"})  # fmt: skip
    assert response.status_code == 302
    question.refresh_from_db()
    assert (question.replied_on, question.reply_no, question.finding, question.finding_text) == (TODAY, "8/CV", "", "")


def test_the_conclude_form_concludes_and_moves_the_candidate(answered_case, protection_officer, client):
    from tochuc.recruitment.models import CandidateStep

    client.force_login(protection_officer)
    response = client.post(f"/protection/{answered_case.pk}/conclude/", {
        "conclusion": "clear", "concluded_on": TODAY.strftime(D), "concluded_by": "Đảng ủy phường Đông Hà",
        "conclusion_no": "5-KL", "conclusion_text": "Đủ tiêu chuẩn chính trị.",
    })  # fmt: skip
    assert response.status_code == 302
    answered_case.refresh_from_db()
    assert answered_case.status == CaseStatus.CONCLUDED
    assert CandidateStep.objects.get(candidate=answered_case.candidate).result == "clear"


def test_the_conclude_form_names_what_is_missing(admission_case, question, protection_officer, client):
    client.force_login(protection_officer)
    response = client.post(f"/protection/{admission_case.pk}/conclude/", {
        "conclusion": "clear", "concluded_on": TODAY.strftime(D), "concluded_by": "Đảng ủy phường Đông Hà",
    })  # fmt: skip
    assert response.status_code == 400
    assert "chưa có trả lời" in " ".join(response.context["form"].non_field_errors())


def test_the_withdraw_form(admission_case, cell_secretary, client):
    client.force_login(cell_secretary)
    response = client.post(f"/protection/{admission_case.pk}/withdraw/",
                           {"on": TODAY.strftime(D), "reason": "Chuyển nơi cư trú"})  # fmt: skip
    assert response.status_code == 302
    admission_case.refresh_from_db()
    assert admission_case.status == CaseStatus.WITHDRAWN


# --- The list ---------------------------------------------------------------------------------------------


@pytest.fixture
def cases(tree, make_candidate, make_cadre):
    """Cases in both communes: overdue and not, of two purposes, two years."""

    def open_(org, name, **kw):
        values = {"purpose": Purpose.OTHER, "subject_name": name, "org": org, "requested_by": "Cấp ủy",
                  "requested_on": REQUESTED}  # fmt: skip
        values.update(kw)
        return case_open(actor=None, **values)

    return {
        "late": open_(tree.dh1, "Nguyễn Thị Ánh", due_on=TODAY - timedelta(days=1)),
        "due_today": open_(tree.dh1, "Phạm Văn Đông", due_on=TODAY),
        "last_year": open_(tree.dh2, "Lê Văn Bảo", requested_on=TODAY.replace(month=1, day=1) - timedelta(days=3)),
        "appointment": open_(tree.dh, "Hoàng Đức Thắng", purpose=Purpose.APPOINTMENT),
        "lb": open_(tree.lb1, "Hồ Văn Pả"),
    }


def _names(response) -> set[str]:
    return {c.subject_name for c in response.context["page_obj"]}


def test_the_list_is_scoped(cases, commune_officer, cell_secretary, outsider, province_officer, client):
    expected = {
        commune_officer: {"Nguyễn Thị Ánh", "Phạm Văn Đông", "Lê Văn Bảo", "Hoàng Đức Thắng"},
        cell_secretary: {"Nguyễn Thị Ánh", "Phạm Văn Đông"},
        outsider: {"Hồ Văn Pả"},
        province_officer: {c.subject_name for c in cases.values()},
    }
    for user, names in expected.items():
        client.force_login(user)
        assert _names(client.get("/protection/")) == names, user.username


def test_an_org_filter_outside_the_scope_is_a_404(cases, commune_officer, client):
    client.force_login(commune_officer)
    assert client.get("/protection/?org=44.LB").status_code == 404
    assert _names(client.get("/protection/?org=44.DH.02")) == {"Lê Văn Bảo"}


def test_the_overdue_filter_leaves_out_a_case_due_today(cases, commune_officer, client):
    client.force_login(commune_officer)
    response = client.get("/protection/?overdue=on")
    assert _names(response) == {"Nguyễn Thị Ánh"}
    assert response.context["stats"].overdue == 1


def test_a_late_request_makes_its_case_overdue(cases, commune_officer, client):
    question_add(actor=None, case=cases["appointment"], relation=Relation.SELF, scopes=["ethics"],
                 sent_to="Công an phường", sent_on=REQUESTED, due_on=TODAY - timedelta(days=2))  # fmt: skip
    client.force_login(commune_officer)
    response = client.get("/protection/?overdue=on")
    assert _names(response) == {"Nguyễn Thị Ánh", "Hoàng Đức Thắng"}
    row = next(c for c in response.context["page_obj"] if c.subject_name == "Hoàng Đức Thắng")
    assert row.late_questions == 1 and not row.overdue


def test_the_list_filters_by_purpose_year_status_and_a_name_without_diacritics(cases, commune_officer, client):
    client.force_login(commune_officer)
    assert _names(client.get("/protection/?purpose=appointment")) == {"Hoàng Đức Thắng"}
    assert _names(client.get(f"/protection/?year={TODAY.year - 1}")) == {"Lê Văn Bảo"}
    assert _names(client.get("/protection/?q=duc+thang")) == {"Hoàng Đức Thắng"}
    assert _names(client.get("/protection/?q=anh")) == {"Nguyễn Thị Ánh"}
    assert _names(client.get("/protection/?status=concluded")) == set()


def test_the_list_runs_a_fixed_number_of_queries(cases, tree, commune_officer, client, django_assert_max_num_queries):
    for i in range(30):
        case = case_open(actor=None, purpose=Purpose.OTHER, subject_name=f"Người thứ {i}", org=tree.dh2,
                         requested_by="Cấp ủy", requested_on=REQUESTED)  # fmt: skip
        question_add(actor=None, case=case, relation=Relation.SELF, scopes=["ethics"], sent_to="Công an",
                     sent_on=REQUESTED, due_on=REQUESTED)  # fmt: skip
    client.force_login(commune_officer)
    with django_assert_max_num_queries(8):
        response = client.get("/protection/?org=44.DH")
    assert response.status_code == 200 and response.context["page_obj"].paginator.count == 34


def test_the_case_page_runs_a_fixed_number_of_queries(admission_case, protection_officer, client,
                                                      django_assert_max_num_queries):  # fmt: skip
    from tochuc.protection.services.questions import question_reply

    client.force_login(protection_officer)
    for i in range(12):
        q = question_add(actor=None, case=admission_case, relation=Relation.CHILD, person_name=f"Con {i}",
                         scopes=["ethics"], sent_to="Công an", sent_on=REQUESTED)  # fmt: skip
        question_reply(actor=None, question=q, replied_on=REQUESTED + timedelta(days=3), finding="clear",
                       finding_text=f"Trả lời {i}")  # fmt: skip
    with django_assert_max_num_queries(14):
        response = client.get(f"/protection/{admission_case.pk}/")
    assert "Trả lời 11" in response.content.decode()


def test_a_persons_page_lists_only_the_cases_the_actor_sees(tree, make_cadre, commune_officer, province_officer,
                                                            client):  # fmt: skip
    cadre = make_cadre(tree.dh)
    case_open(actor=None, purpose=Purpose.APPOINTMENT, cadre=cadre, org=tree.province,
              requested_by="Ban Tổ chức Tỉnh ủy", requested_on=REQUESTED)  # fmt: skip
    case_open(actor=None, purpose=Purpose.PLANNING, cadre=cadre, requested_by="Đảng ủy phường Đông Hà",
              requested_on=REQUESTED)  # fmt: skip
    client.force_login(commune_officer)
    assert [c.purpose for c in client.get(f"/protection/people/cadre/{cadre.pk}/").context["cases"]] == [
        Purpose.PLANNING]  # fmt: skip
    client.force_login(province_officer)
    assert len(client.get(f"/protection/people/cadre/{cadre.pk}/").context["cases"]) == 2
