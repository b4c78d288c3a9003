"""The forms of a candidate's page, each posted to its own view: the steps and their cancelling, the
introducers, away from home, leaving the list and coming back, the admission. A refusal shows on the page
beside the field the service names and writes nothing; every view holds the scope (404) and the role (403)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from tochuc.core.models import AuditEvent
from tochuc.members.models import Member
from tochuc.recruitment import services
from tochuc.recruitment.models import Candidate, CandidateStep, Introducer, Reached, Stage


def make_candidate(org, name="Lê Văn Bảo", **extra):
    return services.candidate_create(
        actor=None, org=org, full_name=name, sex="male", birth_date=date(2000, 1, 1), listed_on=date(2025, 1, 10),
        **extra,
    )  # fmt: skip


def state() -> tuple:
    """Every row the recruitment views may write, with the members and the audit log."""
    return (
        list(Candidate.objects.order_by("pk").values_list("pk", "stage", "reached", "away_kind", "member_id")),
        list(CandidateStep.objects.order_by("pk").values_list("pk", "cancelled_at")),
        list(Introducer.objects.order_by("pk").values_list("pk")),
        Member.objects.count(),
        AuditEvent.objects.count(),
    )


@pytest.fixture
def bao(tree):
    """Lê Văn Bảo, a candidate of the grassroots cell 44.DH.01 listed on 10/01/2025, nothing recorded."""
    return make_candidate(tree.dh1)


@pytest.fixture
def ready(bao, tree):
    """Bảo with the dossier complete before the cell's vote and two official members introducing him."""
    for step, on, result in [
        ("course", date(2025, 3, 1), ""),
        ("application", date(2025, 4, 1), ""),
        ("history", date(2025, 4, 1), ""),
        ("verification", date(2025, 6, 1), "clear"),
        ("comments", date(2025, 7, 1), ""),
    ]:
        services.candidate_step_record(actor=None, candidate=bao, step=step, on=on, result=result)
    for m in tree.members["44.DH.01"][:2]:
        services.introducer_add(
            actor=None, candidate=bao, kind="member", member=m, on=date(2025, 4, 1), together_since=date(2024, 1, 1)
        )
    return bao


@pytest.fixture
def officer(client, commune_officer):
    client.force_login(commune_officer)
    return commune_officer


def errors(response, key, field):
    """The errors of the page's form `key` (as the view passed it back) on `field` (None: the form's own)."""
    kind, form = response.context["open_panel"], None
    assert kind == key, f"the page reopened {kind!r}, expected {key!r}"
    for candidate_form in _forms(response.context):
        if candidate_form is not None and candidate_form.errors:
            form = candidate_form
    assert form is not None, "no form with errors on the page"
    return [str(e) for e in (form.non_field_errors() if field is None else form.errors.get(field, []))]


def _forms(context):
    for row in context["rows"]:
        yield row["form"]
        for _record, cancel in row["history"]:
            yield cancel
    for name in ("member_intro_form", "body_intro_form", "away_form", "back_form", "drop_form", "admit_form"):
        yield context[name]


def prefixed(prefix, **data):
    """A form's POST data: its fields carry the form's prefix (several forms share the candidate's page)."""
    return {f"{prefix}-{k}": v for k, v in data.items()}


def url(name, candidate, *args):
    return reverse(f"recruitment:{name}", args=[candidate.pk, *args])


# --- The permission boundary of every mutating view ------------------------------------------------------

# (url name, extra url args, data): each valid for Bảo, nothing recorded yet.
MUTATIONS = [
    ("step_record", ["course"], {"course-on": "01/03/2025", "course-document_no": "GCN-1"}),
    ("introducer_add", ["member"], None),  # the data names a member of the tree (see below)
    ("away_start", [], {"away-kind": "abroad", "away-place": "Nhật Bản", "away-since": "01/03/2026"}),
    ("drop", [], {"drop-on": "05/01/2026", "drop-reason": "withdrew"}),
]


def _data(data, tree):
    if data is not None:
        return data
    an = tree.members["44.DH.01"][0]
    return {"intro-member": f"#{an.pk}", "intro-together_since": "01/01/2024", "intro-on": "01/04/2025"}


@pytest.mark.parametrize(("name", "args", "data"), MUTATIONS)
def test_an_outsider_gets_404_and_writes_nothing(client, outsider, bao, tree, name, args, data):
    client.force_login(outsider)
    before = state()
    assert client.post(url(name, bao, *args), _data(data, tree)).status_code == 404
    assert state() == before


@pytest.mark.parametrize(("name", "args", "data"), MUTATIONS)
@pytest.mark.parametrize("who", ["viewer", "leader"])
def test_a_role_that_does_not_edit_gets_403_and_writes_nothing(client, request, bao, tree, name, args, data, who):
    client.force_login(request.getfixturevalue(who))
    before = state()
    assert client.post(url(name, bao, *args), _data(data, tree)).status_code == 403
    assert state() == before


@pytest.mark.parametrize(("name", "args", "data"), MUTATIONS)
@pytest.mark.parametrize("who", ["commune_officer", "cell_secretary", "province_officer"])
def test_the_officers_and_the_cells_secretary_are_allowed(client, request, bao, tree, name, args, data, who):
    client.force_login(request.getfixturevalue(who))
    before = state()
    response = client.post(url(name, bao, *args), _data(data, tree))
    assert response.status_code == 302 and response["Location"].startswith(url("detail", bao))
    assert state() != before


@pytest.mark.parametrize("name", ["step_record", "away_start", "away_end", "drop", "resume", "admit"])
def test_the_forms_refuse_get(client, officer, bao, name):
    args = ["course"] if name == "step_record" else []
    assert client.get(url(name, bao, *args)).status_code == 405


def test_the_views_on_records_hold_the_scope_and_the_role(client, outsider, viewer, province_officer, ready, tree):
    record = ready.steps.first()
    intro = ready.introducers.first()
    loi = make_candidate(tree.lb1, "Hồ Văn Lực")
    posts = [
        (url("step_cancel", ready, record.pk), {f"cancel{record.pk}-reason": "Nhầm"}),
        (url("introducer_remove", ready, intro.pk), {}),
        (url("admit", ready), {"admit-admitted_on": "01/09/2025", "admit-decision_no": "1-QĐ"}),
        (url("resume", ready), {}),
        (url("away_end", ready), {"back-on": "01/09/2025"}),
    ]
    before = state()
    client.force_login(outsider)
    assert [client.post(u, d).status_code for u, d in posts] == [404] * len(posts)
    client.force_login(viewer)
    assert [client.post(u, d).status_code for u, d in posts] == [403] * len(posts)
    assert state() == before
    # A record of another candidate is not reached through this one's address.
    client.force_login(province_officer)
    assert client.post(url("step_cancel", loi, record.pk), {f"cancel{record.pk}-reason": "x"}).status_code == 404
    assert client.post(url("introducer_remove", loi, intro.pk)).status_code == 404
    assert client.post(url("step_record", ready, "nothing"), {}).status_code == 404
    assert client.post(url("introducer_add", ready, "nobody"), {}).status_code == 404
    assert state() == before


# --- Steps ----------------------------------------------------------------------------------------------


def test_a_step_is_recorded_and_the_pipeline_moves(client, officer, bao):
    response = client.post(url("step_record", bao, "course"), {"course-on": "01/03/2025", "course-document_no": "7"})
    assert response["Location"] == url("detail", bao) + "#dossier"
    bao.refresh_from_db()
    assert bao.reached == Reached.COURSE
    assert bao.steps.get().document_no == "7"


def test_the_verification_needs_its_conclusion(client, officer, bao):
    before = state()
    response = client.post(url("step_record", bao, "verification"), {"verification-on": "01/06/2025"})
    assert response.status_code == 200 and errors(response, "step:verification", "result")
    assert state() == before
    client.post(url("step_record", bao, "verification"), prefixed("verification", on="01/06/2025", result="clear"))
    assert bao.steps.get().result == "clear"


def test_the_cell_votes_only_on_a_complete_dossier_and_says_what_is_missing(client, officer, bao):
    before = state()
    data = prefixed("cell_resolution", on="01/08/2025", official_members="9", in_favour="9")
    response = client.post(url("step_record", bao, "cell_resolution"), data)
    assert response.status_code == 200
    [message] = errors(response, "step:cell_resolution", None)
    assert "Còn thiếu" in message and "Lớp bồi dưỡng nhận thức về Đảng" in message and "Người giới thiệu" in message
    assert state() == before


def test_a_vote_below_two_thirds_is_recorded_as_failed(client, officer, ready):
    data = prefixed("cell_resolution", on="01/08/2025", official_members="8", in_favour="5")
    assert client.post(url("step_record", ready, "cell_resolution"), data).status_code == 302
    vote = ready.steps.get(step="cell_resolution")
    assert vote.result == "failed"
    body = client.get(url("detail", ready)).content.decode()
    assert "5/8 đảng viên chính thức tán thành" in body and "Không đạt" in body


def test_a_mistaken_step_is_cancelled_with_its_reason_and_kept(client, officer, bao):
    record = services.candidate_step_record(actor=None, candidate=bao, step="course", on=date(2025, 3, 1))
    before = state()
    response = client.post(url("step_cancel", bao, record.pk), {f"cancel{record.pk}-reason": ""})
    assert response.status_code == 200 and errors(response, f"cancel{record.pk}", "reason")
    assert state() == before
    response = client.post(url("step_cancel", bao, record.pk), {f"cancel{record.pk}-reason": "Ghi nhầm người"})
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.cancelled_at is not None and record.cancel_reason == "Ghi nhầm người"
    bao.refresh_from_db()
    assert bao.reached == Reached.LISTED
    body = client.get(url("detail", bao)).content.decode()
    assert "<s><b>01/03/2025</b>" in body and "Ghi nhầm người" in body


# --- Introducers ----------------------------------------------------------------------------------------


def test_an_introducer_is_found_by_name_or_by_the_suggestion(client, officer, bao, tree):
    an, hanh = tree.members["44.DH.01"][:2]
    data = {"intro-together_since": "01/01/2024", "intro-on": "01/04/2025", "intro-document_no": "GGT-1"}
    by_name = client.post(url("introducer_add", bao, "member"), {**data, "intro-member": "nguyen van an"})
    assert by_name.status_code == 302
    suggestion = f"Trần Thị Bích Hạnh (44.DH.01) #{hanh.pk}"
    assert client.post(url("introducer_add", bao, "member"), {**data, "intro-member": suggestion}).status_code == 302
    assert [i.member for i in bao.introducers.order_by("pk")] == [an, hanh]


def test_an_introducer_outside_the_scope_or_unknown_is_refused_beside_the_field(client, officer, bao, tree):
    binh = tree.members["44.LB.01"][2]
    data = {"intro-together_since": "01/01/2024", "intro-on": "01/04/2025"}
    before = state()
    for given in (f"Nguyễn Văn Bình (44.LB.01) #{binh.pk}", "Nguyễn Văn Bình", "Không Có Ai"):
        response = client.post(url("introducer_add", bao, "member"), {**data, "intro-member": given})
        assert response.status_code == 200
        assert "Không tìm thấy đảng viên" in errors(response, "intro:member", "member")[0]
    assert state() == before


def test_a_member_introducing_twice_is_refused_by_the_service_beside_the_field(client, officer, ready, tree):
    an = tree.members["44.DH.01"][0]
    before = state()
    data = {"intro-member": f"#{an.pk}", "intro-together_since": "01/01/2024", "intro-on": "01/04/2025"}
    response = client.post(url("introducer_add", ready, "member"), data)
    assert "đã là người giới thiệu" in errors(response, "intro:member", "member")[0]
    assert state() == before


def test_the_youth_union_introduces_a_youth_union_member(client, officer, tree):
    c = make_candidate(tree.dh1, "Đoàn Thị Thanh", youth_union_member=True)
    page = client.get(url("detail", c))
    assert page.context["body_intro_form"] is not None
    data = {"body-kind": "youth_union", "body-body": "BCH Đoàn phường Đông Hà", "body-on": "01/04/2025"}
    assert client.post(url("introducer_add", c, "body"), data).status_code == 302
    assert c.introducers.get().body == "BCH Đoàn phường Đông Hà"


def test_a_union_committee_is_refused_for_a_non_member(client, officer, bao):
    before = state()
    data = {"body-kind": "trade_union", "body-body": "BCH Công đoàn", "body-on": "01/04/2025"}
    response = client.post(url("introducer_add", bao, "body"), data)
    assert "không phải đoàn viên công đoàn" in errors(response, "intro:body", "kind")[0]
    assert state() == before


def test_an_introducer_is_removed(client, officer, ready):
    intro = ready.introducers.first()
    assert client.post(url("introducer_remove", ready, intro.pk)).status_code == 302
    assert ready.introducers.count() == 1


# --- Away, drop, resume ---------------------------------------------------------------------------------


def test_away_from_home_and_back(client, officer, bao):
    data = {"away-kind": "other_province", "away-place": "Bình Dương", "away-since": "01/03/2026"}
    assert client.post(url("away_start", bao), data).status_code == 302
    bao.refresh_from_db()
    assert (bao.away_kind, bao.away_place, bao.away_since) == ("other_province", "Bình Dương", date(2026, 3, 1))
    before = state()
    response = client.post(url("away_end", bao), {"back-on": "01/02/2026"})
    assert "01/03/2026" in errors(response, "back", "on")[0]
    assert state() == before
    assert client.post(url("away_end", bao), {"back-on": "01/10/2026"}).status_code == 302
    bao.refresh_from_db()
    assert bao.away_kind == ""


def test_drop_and_resume(client, officer, bao):
    before = state()
    response = client.post(url("drop", bao), {"drop-on": "05/01/2024", "drop-reason": "withdrew"})
    assert "10/01/2025" in errors(response, "drop", "on")[0]
    assert state() == before
    data = prefixed("drop", on="05/01/2026", reason="withdrew", note="Tự nguyện")
    assert client.post(url("drop", bao), data).status_code == 302
    bao.refresh_from_db()
    assert (bao.stage, bao.drop_reason, bao.drop_note) == (Stage.DROPPED, "withdrew", "Tự nguyện")
    # Nothing more is recorded on a dropped candidate: the service refuses and says why.
    response = client.post(url("step_record", bao, "course"), {"course-on": "01/03/2025"})
    assert "không còn trong danh sách đang bồi dưỡng" in errors(response, "step:course", None)[0]
    assert client.post(url("resume", bao)).status_code == 302
    bao.refresh_from_db()
    assert bao.stage == Stage.DEVELOPING


# --- The admission --------------------------------------------------------------------------------------


def test_a_refused_admission_names_every_missing_condition_beside_the_date_and_writes_nothing(client, officer, bao):
    before = state()
    response = client.post(url("admit", bao), {"admit-admitted_on": "01/09/2025", "admit-decision_no": "12-QĐ/ĐU"})
    assert response.status_code == 200
    [message] = errors(response, "admit", "admitted_on")
    assert message.startswith("Chưa đủ điều kiện kết nạp")
    for missing in ("Lớp bồi dưỡng nhận thức về Đảng: chưa học lớp", "Đơn xin vào Đảng: chưa có",
                    "Thẩm tra lý lịch: chưa có kết luận thẩm tra", "Nghị quyết chi bộ: chi bộ chưa xét"):  # fmt: skip
        assert missing in message
    assert message in response.content.decode()
    assert state() == before


def test_the_admission_is_offered_once_eligible_and_leads_to_the_member(client, officer, ready):
    assert client.get(url("detail", ready)).context["admit_form"] is None  # the cell has not voted
    vote = prefixed("cell_resolution", on="01/08/2025", official_members="9", in_favour="9")
    assert client.post(url("step_record", ready, "cell_resolution"), vote).status_code == 302
    page = client.get(url("detail", ready))
    assert page.context["eligibility"].ok and page.context["admit_form"] is not None
    response = client.post(url("admit", ready), {"admit-admitted_on": "01/09/2025", "admit-decision_no": "12-QĐ/ĐU"})
    ready.refresh_from_db()
    assert ready.stage == Stage.ADMITTED and ready.member is not None
    assert response.status_code == 302 and response["Location"] == reverse("members:detail", args=[ready.member.pk])
    assert ready.member.admitted_on == date(2025, 9, 1) and ready.member.org == ready.org
    page = client.get(url("detail", ready))
    assert reverse("members:detail", args=[ready.member.pk]) in page.content.decode()
    assert page.context["admit_form"] is None and page.context["member_intro_form"] is None


def test_a_leader_may_not_admit(client, leader, ready):
    client.force_login(leader)
    before = state()
    response = client.post(url("admit", ready), {"admit-admitted_on": "01/09/2025", "admit-decision_no": "1"})
    assert response.status_code == 403
    assert state() == before


def test_a_grassroots_committees_cell_admits_only_after_the_committees_resolution(client, officer, tree):
    c = make_candidate(tree.dh_company_cell, "Đỗ Văn Xưởng")
    for step, on, result in [("course", date(2025, 3, 1), ""), ("application", date(2025, 4, 1), ""),
                             ("history", date(2025, 4, 1), ""), ("verification", date(2025, 6, 1), "clear"),
                             ("comments", date(2025, 7, 1), "")]:  # fmt: skip
        services.candidate_step_record(actor=None, candidate=c, step=step, on=on, result=result)
    for m in tree.members["44.DH.CT.01"][:2]:
        services.introducer_add(actor=None, candidate=c, kind="member", member=m, on=date(2025, 4, 1),
                                together_since=date(2024, 1, 1))  # fmt: skip
    vote = {"official_members": "3", "in_favour": "3"}
    client.post(url("step_record", c, "cell_resolution"), prefixed("cell_resolution", on="01/08/2025", **vote))
    admit = {"admit-admitted_on": "01/09/2025", "admit-decision_no": "3-QĐ"}
    message = errors(client.post(url("admit", c), admit), "admit", "admitted_on")[0]
    assert "Nghị quyết đảng ủy cơ sở: đảng ủy cơ sở chưa có nghị quyết" in message
    data = prefixed("committee_resolution", on="15/08/2025", **vote)
    assert client.post(url("step_record", c, "committee_resolution"), data).status_code == 302
    assert client.post(url("admit", c), admit).status_code == 302
