"""The appraisal pages: the list (scope, filters, "my appraisals", overdue rows highlighted, summary, Excel,
flat queries), the receiving form with its file, a proposal's page with its timeline and the steps' forms
(a refusal shown beside its field with status 400)."""

from __future__ import annotations

from datetime import date, timedelta
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tochuc.proposals.choices import ProposalStatus
from tochuc.proposals.models import Proposal, Reviewer
from tochuc.proposals.services.proposals import comment_add, reviewer_assign

TODAY = timezone.localdate()


@pytest.fixture
def several(receive, commune_officer, tree, province_officer, reviewer):
    """At the province: one overdue (due yesterday), one due today, one concluded late-free; at Đông Hà: one."""
    overdue = receive(
        title="Đề án phát triển đảng viên trong doanh nghiệp ngoài nhà nước giai đoạn 2026-2030",
        document_no="1",
        received_on=TODAY - timedelta(days=30),
        due_on=TODAY - timedelta(days=1),
    )
    today = receive(
        title="Đề án tạo nguồn cán bộ trẻ", document_no="2", received_on=TODAY - timedelta(days=10), due_on=TODAY
    )
    later = receive(
        title="Đề án nâng cao chất lượng sinh hoạt chi bộ",
        document_no="3",
        received_on=TODAY - timedelta(days=2),
        due_on=TODAY + timedelta(days=40),
    )
    reviewer_assign(
        actor=province_officer,
        proposal=later,
        user=reviewer,
        lead=True,
        assigned_on=TODAY - timedelta(days=1),
        due_on=TODAY + timedelta(days=20),
    )
    commune = receive(
        actor=commune_officer,
        org=tree.dh,
        title="Đề án sắp xếp chi bộ khu phố phường Đông Hà",
        document_no="4",
        received_on=TODAY - timedelta(days=5),
        due_on=TODAY + timedelta(days=10),
    )
    return {"overdue": overdue, "today": today, "later": later, "commune": commune}


def test_the_list_shows_what_the_scope_holds(client, several, province_officer, commune_officer, outsider):
    client.force_login(province_officer)
    titles = {r.proposal.title for r in client.get(reverse("proposals:list")).context["rows"]}
    assert len(titles) == 4
    client.force_login(commune_officer)
    rows = client.get(reverse("proposals:list")).context["rows"]
    assert [r.proposal.pk for r in rows] == [several["commune"].pk]
    client.force_login(outsider)
    response = client.get(reverse("proposals:list"))
    assert response.context["rows"] == [] and "phường Đông Hà" not in response.content.decode()
    assert client.get(reverse("proposals:list"), {"org": "44.DH"}).status_code == 404


def test_overdue_rows_are_highlighted_and_counted(client, several, province_officer):
    client.force_login(province_officer)
    response = client.get(reverse("proposals:list"))
    flags = {r.proposal.pk: r.flag for r in response.context["rows"]}
    assert flags[several["overdue"].pk] == "overdue"
    assert flags[several["today"].pk] == "soon"  # due today: not overdue
    assert flags[several["later"].pk] == ""
    summary = response.context["summary"]
    assert (summary.total, summary.overdue, summary.soon) == (4, 1, 1)
    assert summary.by_status[ProposalStatus.IN_REVIEW] == 1
    assert 'class="overdue"' in response.content.decode()


def test_the_filters_narrow_the_list(client, several, province_officer):
    client.force_login(province_officer)
    url = reverse("proposals:list")

    def pks(**params):
        return {r.proposal.pk for r in client.get(url, params).context["rows"]}

    assert pks(deadline="overdue") == {several["overdue"].pk}
    assert pks(deadline="soon") == {several["today"].pk}
    assert pks(status="in_review") == {several["later"].pk}
    assert pks(q="tao nguon can bo") == {several["today"].pk}  # without diacritics
    assert pks(org="44.DH") == {several["commune"].pk}
    assert pks(year=TODAY.year + 1) == set()
    assert pks(area="cadres") == set()


def test_my_appraisals_lists_what_the_reviewer_is_assigned(client, several, reviewer):
    client.force_login(reviewer)
    response = client.get(reverse("proposals:list"), {"mine": "on"})
    assert [r.proposal.pk for r in response.context["rows"]] == [several["later"].pk]
    mine = response.context["mine"]
    assert (mine.assigned, mine.pending, mine.overdue, mine.leading) == (1, 1, 0, 1)


def test_the_list_queries_stay_flat(
    client, several, province_officer, receive, reviewer, django_assert_max_num_queries
):
    client.force_login(province_officer)
    url = reverse("proposals:list")
    client.get(url)
    for i in range(8):
        p = receive(
            title=f"Đề án thêm {i}",
            document_no=f"x{i}",
            received_on=TODAY - timedelta(days=3),
            due_on=TODAY + timedelta(days=3),
        )
        reviewer_assign(
            actor=province_officer,
            proposal=p,
            user=reviewer,
            lead=True,
            assigned_on=TODAY - timedelta(days=1),
            due_on=TODAY + timedelta(days=2),
        )
    # session, user, holidays, summary, my work, count, page, reviewers: whatever the number of rows
    with django_assert_max_num_queries(10):
        response = client.get(url)
    assert response.context["page_obj"].paginator.count == 12


def test_the_export_holds_the_filtered_proposals(client, several, province_officer, viewer):
    client.force_login(province_officer)
    response = client.get(reverse("proposals:export"), {"deadline": "overdue"})
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=5, values_only=True))
    assert [(r[1], r[16]) for r in rows] == [(several["overdue"].title, "Quá hạn")]
    client.force_login(viewer)
    assert client.get(reverse("proposals:export")).status_code == 403


def test_receiving_through_the_form_stores_the_draft(client, province_officer, pdf_file):
    client.force_login(province_officer)
    assert client.get(reverse("proposals:create")).status_code == 200
    response = client.post(
        reverse("proposals:create"),
        {
            "org": "44",
            "title": "Đề án tạo nguồn cán bộ trẻ",
            "area": "cadres",
            "submitted_by": "Ban Tổ chức Tỉnh ủy",
            "document_no": "130-TTr/BTCTU",
            "received_on": "02/03/2026",
            "due_on": "31/03/2026",
            "document": pdf_file(),
        },
    )
    proposal = Proposal.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("proposals:detail", args=[proposal.pk])
    assert proposal.revisions.get().document_name == "du-thao.pdf"


def test_a_refused_receipt_is_shown_beside_its_field(client, province_officer):
    client.force_login(province_officer)
    response = client.post(
        reverse("proposals:create"),
        {
            "org": "44",
            "title": "Đề án",
            "area": "cadres",
            "submitted_by": "Ban Tổ chức",
            "received_on": "02/03/2026",
            "due_on": "01/03/2026",
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors["due_on"]
    assert not Proposal.objects.exists()


def test_the_page_shows_the_timeline_reviewers_and_the_steps(client, assigned, reviewer, province_officer):
    comment_add(actor=reviewer, proposal=assigned, text="Cần làm rõ tiêu chí ghép chi bộ.", on=date(2026, 3, 5))
    client.force_login(province_officer)
    response = client.get(reverse("proposals:detail", args=[assigned.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Cần làm rõ tiêu chí ghép chi bộ." in body and "Hoàng Thị Mai" in body
    d = response.context["d"]
    assert [e.kind for e in d.timeline] == ["revision", "comment"]
    assert [r.reviewer.lead for r in d.reviewers] == [True, False]
    assert all(r.overdue for r in d.reviewers)  # their deadlines in March 2026 have passed without an opinion
    assert set(response.context["forms"]) == {
        "assign",
        "release",
        "reschedule",
        "comment",
        "request_changes",
        "conclude",
        "withdraw",
    }
    assert "final" in response.context["forms"]["comment"].fields  # the lead gives the appraisal opinion


def test_a_viewer_sees_the_page_without_any_step(client, commune_officer, viewer, receive, tree):
    proposal = receive(actor=commune_officer, org=tree.dh, document_no="")
    client.force_login(viewer)
    response = client.get(reverse("proposals:detail", args=[proposal.pk]))
    assert response.status_code == 200 and response.context["forms"] == {}


def test_a_refused_step_reopens_its_form_with_the_error(client, assigned, province_officer):
    client.force_login(province_officer)
    response = client.post(
        reverse("proposals:conclude", args=[assigned.pk]), {"conclusion": "approve", "concluded_on": "20/03/2026"}
    )
    assert response.status_code == 400
    assert response.context["failed"] == "conclude"
    assert response.context["forms"]["conclude"].errors["override_note"]
    assigned.refresh_from_db()
    assert assigned.status == ProposalStatus.IN_REVIEW


def test_the_steps_run_from_the_page(client, assigned, province_officer, reviewer):
    client.force_login(reviewer)
    response = client.post(
        reverse("proposals:comment", args=[assigned.pk]), {"text": "Thống nhất", "on": "05/03/2026", "final": "on"}
    )
    assert response.status_code == 302
    client.force_login(province_officer)
    member = Reviewer.objects.get(proposal=assigned, user=reviewer)
    assert member.done_on == date(2026, 3, 5)
    response = client.post(
        reverse("proposals:conclude", args=[assigned.pk]),
        {
            "conclusion": "approve_changes",
            "concluded_on": "20/03/2026",
            "conclusion_text": "Bổ sung lộ trình",
            "override_note": "Chủ trì thống nhất",
        },
    )
    assert response.status_code == 302
    assigned.refresh_from_db()
    assert (assigned.status, assigned.conclusion) == (ProposalStatus.CONCLUDED, "approve_changes")
    page = client.get(reverse("proposals:detail", args=[assigned.pk]))
    assert page.context["forms"] == {} and [e.kind for e in page.context["d"].timeline][-1] == "conclusion"


def test_the_edit_form_moves_the_deadline(client, proposal, province_officer):
    client.force_login(province_officer)
    url = reverse("proposals:edit", args=[proposal.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "title": proposal.title,
            "area": "organization",
            "submitted_by": "Ban Tổ chức Tỉnh ủy",
            "document_no": proposal.document_no,
            "due_on": "15/04/2026",
        },
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.due_on == date(2026, 4, 15)
