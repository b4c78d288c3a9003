"""The pages of commendations: scope on every list (a neighbouring commune sees none of Đông Hà's), the
permission boundary of every page that writes (outsider 404, viewer 403), a failed form re-rendered with its
error beside the field (400), the Excel files, and flat query counts on the nominee list."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tochuc.awards.models import Decision, Nominee
from tochuc.awards.services.decisions import decision_create
from tochuc.awards.services.nominees import nominee_propose, nominee_review

PROPOSED_ON = date(2026, 1, 10)


def _propose(actor, org, who, **kw):
    target = {"member": who, "kind": "member"} if hasattr(who, "full_name") else {"recipient_org": who, "kind": "org"}
    values = {"form": "commendation", "period_type": "annual", "year_to": 2025, "proposed_on": PROPOSED_ON, **kw}
    return nominee_propose(actor=actor, proposing_org=org, **target, **values)


@pytest.fixture
def both_communes(tree, rate, commune_officer, outsider):
    """One nomination from each commune (Đông Hà's by its officer, Lao Bảo's by the outsider)."""
    a, b = tree.members["44.DH.01"][0], tree.members["44.LB.01"][0]
    rate(a, 2025)
    rate(b, 2025)
    return _propose(commune_officer, tree.dh, a), _propose(outsider, tree.lb, b)


@pytest.fixture
def decided(both_communes, tree, province_officer):
    dh, lb = both_communes
    for n in (dh, lb):
        nominee_review(actor=province_officer, nominee=n, accept=True, reviewed_on=date(2026, 1, 14))
    return decision_create(
        actor=province_officer, org=tree.province, nominees=[dh, lb], number="1520-QĐ/TU", signed_on=date(2026, 1, 20),
        signer_name="Lê Ngọc Quang", signer_title="Bí thư", form="commendation", period_type="annual", title="",
        year_to=2025,
    )  # fmt: skip


# --- Scope on every list --------------------------------------------------------------------------------------


def test_the_nominee_list_shows_only_the_scope(client, both_communes, commune_officer, outsider, province_officer):
    dh, lb = both_communes
    for user, expected in ((commune_officer, {dh.pk}), (outsider, {lb.pk}), (province_officer, {dh.pk, lb.pk})):
        client.force_login(user)
        response = client.get(reverse("awards:list"))
        assert {r.nominee.pk for r in response.context["rows"]} == expected


def test_an_org_filter_outside_the_scope_is_404(client, both_communes, outsider):
    client.force_login(outsider)
    for name in ("awards:list", "awards:export", "awards:decisions", "awards:summary"):
        assert client.get(reverse(name) + "?org=44.DH").status_code == 404


def test_the_decision_list_and_summary_follow_the_scope(client, decided, commune_officer, province_officer):
    client.force_login(province_officer)
    assert [d.pk for d in client.get(reverse("awards:decisions")).context["page_obj"]] == [decided.pk]
    assert client.get(reverse("awards:summary")).context["grand_total"] == 2
    client.force_login(commune_officer)
    assert list(client.get(reverse("awards:decisions")).context["page_obj"]) == []
    assert client.get(reverse("awards:summary")).context["grand_total"] == 1


def test_the_list_filters_by_status_kind_year_and_name(client, both_communes, tree, rate, province_officer):
    rate(tree.dh1, 2025)
    _propose(province_officer, tree.dh, tree.dh1)
    client.force_login(province_officer)

    def names(query):
        return sorted(r.nominee.recipient_name for r in client.get(reverse("awards:list") + query).context["rows"])

    assert names("?kind=org") == ["Chi bộ khu phố 1"]
    assert names("?q=nguyen van") == ["Nguyễn Văn An"]
    assert names("?year=2024") == []
    assert names("?status=open&org=44.LB") == ["Hồ Văn Lợi"]


def test_the_nominee_list_runs_a_flat_number_of_queries(
    client, tree, rate, commune_officer, django_assert_max_num_queries
):
    people = [m for code in ("44.DH.01", "44.DH.02", "44.DH.CT.01") for m in tree.members[code]]

    def count_for(n: int) -> int:
        for m in people[:n]:
            if not Nominee.objects.filter(member=m).exists():
                rate(m, 2025)
                _propose(commune_officer, tree.dh, m)
        client.force_login(commune_officer)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("awards:list")).status_code == 200
        return len(ctx.captured_queries)

    assert count_for(2) == count_for(9)
    with django_assert_max_num_queries(15):
        client.get(reverse("awards:list"))


# --- Permission boundaries --------------------------------------------------------------------------------------


def test_outside_the_scope_every_object_page_is_404(client, decided, both_communes, tree, outsider):
    dh, _lb = both_communes
    client.force_login(outsider)
    member = tree.members["44.DH.01"][0]
    for url in (
        reverse("awards:detail", args=[dh.pk]),
        reverse("awards:decision_detail", args=[decided.pk]),
        reverse("awards:decision_pdf", args=[decided.pk]),
        reverse("awards:decision_rows_export", args=[decided.pk]),
        reverse("awards:member_history", args=[member.pk]),
        reverse("awards:org_history", args=[tree.dh.pk]),
    ):
        assert client.get(url).status_code == 404, url
    for url in (reverse("awards:review", args=[dh.pk]), reverse("awards:withdraw", args=[dh.pk])):
        assert client.post(url, {"outcome": "accept", "reviewed_on": "14/01/2026"}).status_code == 404, url


def test_a_viewer_may_not_write(client, both_communes, viewer, nothing_written):
    dh, _lb = both_communes
    client.force_login(viewer)
    assert client.get(reverse("awards:detail", args=[dh.pk])).status_code == 200
    with nothing_written():
        for url in (reverse("awards:propose"), reverse("awards:batch"), reverse("awards:decide")):
            assert client.get(url).status_code == 403, url
            assert client.post(url, {}).status_code == 403, url
        assert client.post(reverse("awards:review", args=[dh.pk]), {"outcome": "accept"}).status_code == 403
        assert client.post(reverse("awards:withdraw", args=[dh.pk]), {"reason": "x"}).status_code == 403
        assert client.get(reverse("awards:export")).status_code == 403


def test_the_proposing_commune_sees_no_review_form_and_may_not_post_one(client, both_communes, commune_officer):
    dh, _lb = both_communes
    client.force_login(commune_officer)
    page = client.get(reverse("awards:detail", args=[dh.pk]))
    assert page.context["review_form"] is None and page.context["withdraw_form"] is not None
    response = client.post(reverse("awards:review", args=[dh.pk]), {"outcome": "accept", "reviewed_on": "14/01/2026"})
    assert response.status_code == 403
    dh.refresh_from_db()
    assert dh.status == "proposed"


def test_the_province_sees_the_review_form(client, both_communes, province_officer):
    client.force_login(province_officer)
    page = client.get(reverse("awards:detail", args=[both_communes[0].pk]))
    assert page.context["review_form"] is not None
    assert [c.code for c in page.context["checks"].checks] == ["rating"]


# --- Failed forms ------------------------------------------------------------------------------------------------


def test_a_refused_proposal_is_shown_beside_its_field(client, both_communes, tree, commune_officer):
    client.force_login(commune_officer)
    an = tree.members["44.DH.01"][0]
    response = client.post(
        reverse("awards:propose"),
        {"proposing_org": "44.DH", "kind": "member", "member": f"x #{an.pk}", "form": "commendation",
         "period_type": "annual", "year_to": "2025", "proposed_on": "10/01/2026"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "đã có đề nghị" in str(response.context["form"].errors["member"])
    assert Nominee.objects.filter(member=an).count() == 1


def test_checking_the_conditions_saves_nothing(client, tree, rate, commune_officer, nothing_written):
    member = tree.members["44.DH.02"][0]
    rate(member, 2025, "good")
    client.force_login(commune_officer)
    with nothing_written():
        response = client.post(
            reverse("awards:propose"),
            {"proposing_org": "44.DH", "kind": "member", "member": f"x #{member.pk}", "form": "commendation",
             "period_type": "annual", "year_to": "2025", "proposed_on": "10/01/2026", "check": "1"},
        )  # fmt: skip
    assert response.status_code == 200
    (check,) = response.context["checks"].checks
    assert not check.ok and "hoàn thành tốt nhiệm vụ" in check.reason


def test_a_refused_review_is_shown_on_the_page(client, both_communes, province_officer):
    client.force_login(province_officer)
    dh, _lb = both_communes
    response = client.post(reverse("awards:review", args=[dh.pk]), {"outcome": "reject", "reviewed_on": "14/01/2026"})
    assert response.status_code == 400
    assert "lý do" in str(response.context["review_form"].errors["review_note"])


def test_a_refused_decision_keeps_the_ticks_and_names_the_field(
    client, decided, both_communes, tree, rate, province_officer
):
    member = tree.members["44.DH.02"][0]
    rate(member, 2025)
    n = _propose(province_officer, tree.dh, member)
    nominee_review(actor=province_officer, nominee=n, accept=True, reviewed_on=date(2026, 1, 14))
    client.force_login(province_officer)
    url = reverse("awards:decide") + "?org=44&form=commendation&period_type=annual&year_to=2025"
    response = client.post(url, {"number": "1520-QĐ/TU", "signed_on": "20/01/2026", "signer_name": "Lê Ngọc Quang",
                                 "signer_title": "Bí thư", "nominees": [n.pk]})  # fmt: skip
    assert response.status_code == 400
    assert "đã có quyết định số" in str(response.context["form"].errors["number"])
    assert [(c, ticked) for c, ticked, _verdict in response.context["candidates"]] == [(n, True)]
    assert Decision.objects.count() == 1


# --- Files -------------------------------------------------------------------------------------------------------


def test_the_nominee_list_exports_to_excel(client, both_communes, province_officer):
    client.force_login(province_officer)
    response = client.get(reverse("awards:export") + "?status=open")
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws["A1"].value == "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG"
    assert sorted(ws.cell(row=r, column=2).value for r in (5, 6)) == ["Hồ Văn Lợi", "Nguyễn Văn An"]


def test_the_decisions_list_exports_with_its_two_parts(client, decided, province_officer):
    client.force_login(province_officer)
    ws = load_workbook(io.BytesIO(client.get(reverse("awards:decision_rows_export", args=[decided.pk])).content)).active
    values = [ws.cell(row=r, column=2).value or ws.cell(row=r, column=1).value for r in range(5, ws.max_row + 1)]
    assert values == ["I. DANH SÁCH TẬP THỂ", "II. DANH SÁCH CÁ NHÂN", "Nguyễn Văn An", "Hồ Văn Lợi"] or values == [
        "I. DANH SÁCH TẬP THỂ", "II. DANH SÁCH CÁ NHÂN", "Hồ Văn Lợi", "Nguyễn Văn An"
    ]  # fmt: skip
    ws = load_workbook(io.BytesIO(client.get(reverse("awards:decision_export")).content)).active
    assert ws["B5"].value == "1520-QĐ/TU" and ws["J5"].value == 2


def test_the_summary_counts_by_year_form_and_kind(client, decided, province_officer):
    client.force_login(province_officer)
    page = client.get(reverse("awards:summary"))
    assert page.context["forms"] == [("commendation", "Giấy khen")]
    assert page.context["table"] == [(2025, [0, 2], 2)]  # collectives, persons
    ws = load_workbook(io.BytesIO(client.get(reverse("awards:summary_export")).content)).active
    assert ws["A5"].value == 2025 and ws.cell(row=5, column=ws.max_column).value == 2


def test_an_outsider_cannot_name_an_org_outside_the_scope_on_the_forms(client, tree, rate, outsider, nothing_written):
    an = tree.members["44.DH.01"][0]
    rate(an, 2025)
    client.force_login(outsider)
    with nothing_written():
        response = client.post(
            reverse("awards:propose"),
            {"proposing_org": "44.DH", "kind": "member", "member": f"x #{an.pk}", "form": "commendation",
             "period_type": "annual", "year_to": "2025", "proposed_on": "10/01/2026"},
        )  # fmt: skip
        assert response.status_code == 400
        assert set(response.context["form"].errors) == {"proposing_org", "member"}
        batch = client.get(
            reverse("awards:batch") + "?proposing_org=44.DH&kind=member&form=merit&period_type=annual&year_to=2025"
        )
        assert batch.status_code == 400 and "proposing_org" in batch.context["criteria"].errors
        decide = client.post(reverse("awards:decide") + "?org=44&form=merit&period_type=annual&year_to=2025", {})
        assert decide.status_code == 400 and "org" in decide.context["criteria"].errors
