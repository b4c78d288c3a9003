"""Election pages: creating an election (prefilled), entering ballots and totals, a refusal beside its field
(400), the count and its result, the next round, the minutes as a real PDF with the names, the approval, and
the permission boundary on every mutating page (outsider 404, viewer 403, another commune's congress 404)."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.urls import reverse

from tochuc.congresses.choices import Body, CongressKind, ElectionStatus, EntryMode
from tochuc.congresses.models import BallotRecord, CommitteeMembership, Election
from tochuc.congresses.services.congresses import congress_create
from tochuc.congresses.services.elections import ballot_record, election_count, election_create, election_totals
from tochuc.core.models import AuditEvent
from tochuc.recruitment.forms import member_option

HELD = date(2025, 8, 12)
TERM = "2025-2030"


@pytest.fixture
def congress(tree):
    return congress_create(
        actor=None, org=tree.dh, term=TERM, kind=CongressKind.MEMBERS, planned_from=date(2025, 8, 10)
    )


@pytest.fixture
def people(tree):
    return [*tree.members["44.DH.01"], tree.members["44.DH.02"][0]]


@pytest.fixture
def election(congress, people):
    return election_create(
        actor=None, congress=congress, body=Body.COMMITTEE, held_on=HELD, seats=2, summoned=9, ballots_issued=9,
        candidates=people,
    )  # fmt: skip


def counted(election):
    a, b, c, _d = election.candidates.order_by("position")
    for kept in ([a, b], [a, b], [a, b], [a, b], [a, b], [a, c], [a, b, c], []):
        ballot_record(actor=None, election=election, kept=kept)
    return election_count(actor=None, election=election)


def test_the_new_election_form_is_prefilled_with_the_official_members(client, commune_officer, congress, tree):
    client.force_login(commune_officer)
    response = client.get(reverse("congresses:election_create", args=[congress.pk]))
    assert response.status_code == 200
    # 44.DH has nine official members under it (three cells of three).
    assert response.context["form"].initial["summoned"] == 9
    assert response.context["nav"] == "congresses" and response.context["tab"] == "elections"


def test_it_creates_an_election_from_the_page(client, commune_officer, congress, people, audit_watch):
    client.force_login(commune_officer)
    watch = audit_watch()
    response = client.post(
        reverse("congresses:election_create", args=[congress.pk]),
        {
            "body": Body.COMMITTEE,
            "held_on": "12/08/2025",
            "seats": "2",
            "summoned": "9",
            "absent_excused": "0",
            "ballots_issued": "9",
            "entry_mode": EntryMode.BALLOTS,
            "candidates": "\n".join(member_option(m) for m in people),
        },
    )
    election = Election.objects.get()
    assert response.status_code == 302 and response.url == reverse("congresses:election_detail", args=[election.pk])
    assert [c.member for c in election.candidates.order_by("position")] == people
    assert [e.action for e in watch.events()] == ["election.create"]


def test_a_refused_election_shows_the_message_beside_the_field(client, commune_officer, congress, people):
    client.force_login(commune_officer)
    response = client.post(
        reverse("congresses:election_create", args=[congress.pk]),
        {
            "body": Body.COMMITTEE,
            "held_on": "12/08/2025",
            "seats": "2",
            "summoned": "9",
            "absent_excused": "9",
            "ballots_issued": "0",
            "entry_mode": EntryMode.BALLOTS,
            "candidates": member_option(people[0]) + "\n" + member_option(people[1]),
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors["absent_excused"]
    assert not Election.objects.exists()


def test_the_board_enters_ballots_one_by_one(client, commune_officer, election, audit_watch):
    client.force_login(commune_officer)
    watch = audit_watch()
    a, b, c, _d = election.candidates.order_by("position")
    url = reverse("congresses:election_ballot", args=[election.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Phiếu số 1" in page.content.decode()
    assert client.post(url, {"kept": [a.pk, b.pk]}).status_code == 302
    assert client.post(url, {"kept": [], "invalid": "on", "invalid_reason": "Không có dấu"}).status_code == 302
    refused = client.post(url, {"kept": [a.pk], "invalid": "on", "invalid_reason": ""})
    assert refused.status_code == 400 and refused.context["form"].errors["invalid_reason"]
    ballots = list(election.ballots.order_by("number"))
    assert [(x.number, sorted(x.kept.values_list("pk", flat=True)), x.invalid_reason) for x in ballots] == [
        (1, sorted([a.pk, b.pk]), ""),
        (2, [], "Không có dấu"),
    ]
    page = client.get(url)
    assert page.context["count"].collected == 2 and page.context["count"].votes[a.pk] == 1
    # Corrected, then deleted, before the count.
    edit = reverse("congresses:election_ballot_edit", args=[ballots[0].pk])
    assert client.post(edit, {"kept": [c.pk]}).status_code == 302
    assert list(ballots[0].kept.all()) == [c]
    delete = reverse("congresses:election_ballot_delete", args=[ballots[1].pk])
    assert client.post(delete).status_code == 302
    assert not BallotRecord.objects.filter(pk=ballots[1].pk).exists()
    assert [e.action for e in watch.events()] == ["election.ballot"] * 4


def test_totals_page_refuses_inconsistent_figures_beside_the_field(client, commune_officer, congress, people):
    election = election_create(
        actor=None, congress=congress, body=Body.COMMITTEE, held_on=HELD, seats=2, summoned=9, ballots_issued=9,
        entry_mode=EntryMode.TOTALS, candidates=people,
    )  # fmt: skip
    client.force_login(commune_officer)
    a, b, c, d = election.candidates.order_by("position")
    url = reverse("congresses:election_totals", args=[election.pk])
    data = {"ballots_issued": 9, "collected": 9, "invalid": 2, f"votes_{a.pk}": 8, f"votes_{b.pk}": 5,
            f"votes_{c.pk}": 1, f"votes_{d.pk}": 0}  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 400
    assert "nhiều hơn số phiếu hợp lệ (7)" in " ".join(response.context["form"].non_field_errors())
    election.refresh_from_db()
    assert election.collected is None
    data[f"votes_{a.pk}"] = 6
    assert client.post(url, data).status_code == 302
    detail = client.get(reverse("congresses:election_detail", args=[election.pk]))
    assert "6 phiếu" in detail.content.decode() and "Kiểm phiếu, công bố kết quả" in detail.content.decode()
    # The ballot page of a totals election sends the officer back: the modes are not mixed.
    assert client.get(reverse("congresses:election_ballot", args=[election.pk])).status_code == 302
    assert client.post(reverse("congresses:election_count", args=[election.pk])).status_code == 302
    election.refresh_from_db()
    assert election.status == ElectionStatus.COUNTED
    assert election.result["elected"] == [a.member.full_name, b.member.full_name]


def test_the_count_page_shows_the_result_and_offers_the_next_round(client, commune_officer, congress, people):
    election = election_create(
        actor=None, congress=congress, body=Body.COMMITTEE, held_on=HELD, seats=2, summoned=9, ballots_issued=9,
        entry_mode=EntryMode.TOTALS, candidates=people[:3],
    )  # fmt: skip
    a, b, c = election.candidates.order_by("position")
    election_totals(
        actor=None, election=election, ballots_issued=9, collected=9, invalid=0, votes={a.pk: 6, b.pk: 5, c.pk: 5}
    )
    election_count(actor=None, election=election)
    client.force_login(commune_officer)
    page = client.get(reverse("congresses:election_count", args=[election.pk]))
    html = page.content.decode()
    assert "Cần bầu tiếp — đại hội quyết định." in html
    assert [r.candidate.member for r in page.context["result"].rows] == [a.member, b.member, c.member]
    assert page.context["approve_form"] is None  # a commune officer does not approve
    response = client.post(
        reverse("congresses:election_next_round", args=[election.pk]),
        {"held_on": "12/08/2025", "candidates": [b.member_id, c.member_id]},
    )
    second = Election.objects.get(round=2)
    assert response.status_code == 302 and second.seats == 1
    assert "Mở lần bầu" not in client.get(reverse("congresses:election_count", args=[election.pk])).content.decode()


def test_the_minutes_are_a_pdf_with_the_names(client, commune_officer, election, people, audit_watch):
    from pypdf import PdfReader

    client.force_login(commune_officer)
    url = reverse("congresses:election_minutes", args=[election.pk])
    assert client.get(url).status_code == 404  # not counted yet
    counted(election)
    watch = audit_watch()
    response = client.get(url, {"chair": "Lê Thị Thanh", "place": "Hội trường Đảng ủy phường"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    for needed in ("ĐẢNG CỘNG SẢN VIỆT NAM", "BIÊN BẢN KIỂM PHIẾU", "LẦN THỨ I", people[0].full_name, "Lê Thị Thanh"):
        assert needed in text, needed
    assert [e.action for e in watch.events()] == ["election.minutes"]


def test_the_upper_committee_approves_from_the_page(client, leader, election, people):
    counted(election)
    client.force_login(leader)
    page = client.get(reverse("congresses:election_count", args=[election.pk]))
    assert page.context["approve_form"] is not None
    response = client.post(
        reverse("congresses:election_approve", args=[election.pk]), {"on": "01/09/2025", "decision_no": "12-QĐ/TU"}
    )
    assert response.status_code == 302
    assert set(CommitteeMembership.objects.values_list("member_id", flat=True)) == {people[0].pk, people[1].pk}
    page = client.get(reverse("congresses:election_count", args=[election.pk]))
    assert "Kết quả đã được chuẩn y ngày 01/09/2025." in page.content.decode() and page.context["approve_form"] is None


def test_permission_boundary(client, tree, election, congress, people, outsider, viewer, commune_officer):
    lb = congress_create(actor=None, org=tree.lb, term=TERM, kind=CongressKind.MEMBERS, planned_from=date(2025, 8, 10))
    ballot = ballot_record(actor=None, election=election, kept=[])
    posts = [
        reverse("congresses:election_create", args=[congress.pk]),
        reverse("congresses:election_ballot", args=[election.pk]),
        reverse("congresses:election_ballot_edit", args=[ballot.pk]),
        reverse("congresses:election_ballot_delete", args=[ballot.pk]),
        reverse("congresses:election_issued", args=[election.pk]),
        reverse("congresses:election_totals", args=[election.pk]),
        reverse("congresses:election_count", args=[election.pk]),
        reverse("congresses:election_next_round", args=[election.pk]),
        reverse("congresses:election_approve", args=[election.pk]),
    ]
    before = AuditEvent.objects.count()
    client.force_login(outsider)
    for url in posts:
        assert client.post(url, {}).status_code == 404, url
    assert client.get(reverse("congresses:election_detail", args=[election.pk])).status_code == 404
    client.force_login(viewer)
    for url in posts:
        assert client.post(url, {}).status_code == 403, url
    assert client.get(reverse("congresses:election_detail", args=[election.pk])).status_code == 200
    client.force_login(commune_officer)
    assert client.get(reverse("congresses:election_create", args=[lb.pk])).status_code == 404
    assert client.post(reverse("congresses:election_approve", args=[election.pk]), {}).status_code == 403
    assert AuditEvent.objects.count() == before
    assert election.ballots.count() == 1


def test_the_lists_show_the_elections_in_scope(client, commune_officer, outsider, election):
    client.force_login(commune_officer)
    assert list(client.get(reverse("congresses:election_list")).context["page_obj"]) == [election]
    assert client.get(reverse("congresses:elections", args=[election.congress_id])).status_code == 200
    client.force_login(outsider)
    assert list(client.get(reverse("congresses:election_list")).context["page_obj"]) == []


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_query_counts_stay_flat(client, commune_officer, congress, election, people):
    client.force_login(commune_officer)
    list_url = reverse("congresses:election_list")
    ballot_url = reverse("congresses:election_ballot", args=[election.pk])
    ballot_record(actor=None, election=election, kept=[])
    few = (_queries(client, list_url), _queries(client, ballot_url))
    for body in (Body.STANDING, Body.INSPECTION, Body.DEPUTY_SECRETARY):
        election_create(actor=None, congress=congress, body=body, held_on=HELD, seats=1, summoned=9, candidates=people)
    a, b, c, d = election.candidates.order_by("position")
    for kept in ([a], [a, b], [c, d], [b]):
        ballot_record(actor=None, election=election, kept=kept)
    assert (_queries(client, list_url), _queries(client, ballot_url)) == few


def test_a_delegates_congress_prefills_from_its_delegates(client, commune_officer, tree, people):
    from tochuc.congresses.choices import Credentials
    from tochuc.congresses.services.delegates import delegate_add, delegate_update

    congress = congress_create(
        actor=None, org=tree.dh, term=TERM, kind=CongressKind.DELEGATES, planned_from=date(2025, 8, 10)
    )
    delegates = [delegate_add(actor=None, congress=congress, member=m) for m in people]
    delegate_update(
        actor=None,
        delegate=delegates[0],
        credentials=Credentials.ACCEPTED,
        absent=True,
        absence_excused=True,
        absence_reason="Ốm nằm viện",
    )
    client.force_login(commune_officer)
    initial = client.get(reverse("congresses:election_create", args=[congress.pk])).context["form"].initial
    assert (initial["summoned"], initial["absent_excused"], initial["ballots_issued"]) == (4, 1, 3)


def test_the_names_come_from_the_personnel_plan(client, commune_officer, congress, people):
    from tochuc.congresses.choices import NominationSource
    from tochuc.congresses.services.personnel import nomination_add, plan_save

    plan = plan_save(
        actor=None, congress=congress, committee_seats=3, standing_seats=0, deputy_secretaries=1,
        inspection_seats=0, women_target=0, young_target=0, minority_target=0,
    )  # fmt: skip
    for m in people[1:]:
        nomination_add(actor=None, plan=plan, body=Body.COMMITTEE, member=m, source=NominationSource.CONVENING)
    client.force_login(commune_officer)
    initial = client.get(reverse("congresses:election_create", args=[congress.pk])).context["form"].initial
    assert initial["seats"] == 3
    assert initial["candidates"].splitlines() == [
        member_option(m) for m in sorted(people[1:], key=lambda m: m.sort_key)
    ]


def test_a_suggestion_is_added_to_the_list_without_creating(client, commune_officer, congress, people):
    client.force_login(commune_officer)
    url = reverse("congresses:election_create", args=[congress.pk])
    data = {"body": Body.COMMITTEE, "held_on": "12/08/2025", "seats": "2", "summoned": "9",
            "candidates": member_option(people[0]), "member_pick": member_option(people[1]),
            "add_candidate": "1"}  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 200 and not Election.objects.exists()
    form = response.context["form"]
    assert form.initial["candidates"].splitlines() == [member_option(people[0]), member_option(people[1])]
    assert form.initial["seats"] == "2"
    data["member_pick"] = "khong co ai ten nay"
    assert client.post(url, data).status_code == 400
