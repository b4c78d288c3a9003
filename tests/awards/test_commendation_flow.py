"""The commendation flow through the pages, end to end: a commune proposes (one member, then a year's list at
once), the province reviews, decides, prints the decision as PDF, and the award shows on the member's and the
org's history."""

from __future__ import annotations

import io
from datetime import date

from django.urls import reverse

from tochuc.awards.choices import NomineeStatus
from tochuc.awards.models import Decision, Nominee
from tochuc.core.models import AuditEvent


def test_propose_review_decide_print_and_history(client, tree, rate, commune_officer, province_officer, audit_watch):
    an, hanh = tree.members["44.DH.01"][:2]
    ha = tree.members["44.DH.02"][0]
    for who in (an, hanh, ha, tree.dh1, tree.dh2):
        rate(who, 2025)
    rate(tree.members["44.DH.02"][1], 2025, "good")  # not listed for the batch

    # 1. The commune proposes Nguyễn Văn An alone.
    client.force_login(commune_officer)
    response = client.post(
        reverse("awards:propose"),
        {"proposing_org": "44.DH", "kind": "member", "member": f"Nguyễn Văn An (44.DH.01) #{an.pk}",
         "form": "merit", "period_type": "annual", "year_to": "2025", "proposed_on": "10/01/2026",
         "document_no": "12-TTr/ĐU"},
    )  # fmt: skip
    single = Nominee.objects.get(member=an)
    assert response.status_code == 302 and response.url == reverse("awards:detail", args=[single.pk])

    # 2. ... then the year's list of members at once: the batch lists the eligible not yet proposed.
    criteria = "?proposing_org=44.DH&kind=member&form=merit&period_type=annual&year_to=2025"
    page = client.get(reverse("awards:batch") + criteria)
    listed = [o.pk for o, _levels, _ticked in page.context["rows"]]
    assert sorted(listed) == sorted([hanh.pk, ha.pk])
    response = client.post(
        reverse("awards:batch") + criteria,
        {"recipients": listed, "proposed_on": "10/01/2026", "document_no": "12-TTr/ĐU"},
    )
    assert response.status_code == 302
    # ... and the two cells.
    criteria_orgs = criteria.replace("kind=member", "kind=org")
    page = client.get(reverse("awards:batch") + criteria_orgs)
    cells = [o.pk for o, _levels, _ticked in page.context["rows"]]
    assert sorted(cells) == sorted([tree.dh1.pk, tree.dh2.pk])
    client.post(reverse("awards:batch") + criteria_orgs, {"recipients": cells, "proposed_on": "10/01/2026"})
    assert Nominee.objects.filter(status=NomineeStatus.PROPOSED).count() == 5

    # 3. The province reviews: four accepted, one rejected with its reason.
    client.force_login(province_officer)
    for n in Nominee.objects.exclude(recipient_name="Phạm Thị Thu Hà"):
        r = client.post(reverse("awards:review", args=[n.pk]), {"outcome": "accept", "reviewed_on": "14/01/2026"})
        assert r.status_code == 302
    rejected = Nominee.objects.get(recipient_name="Phạm Thị Thu Hà")
    client.post(reverse("awards:review", args=[rejected.pk]),
                {"outcome": "reject", "reviewed_on": "14/01/2026", "review_note": "Chưa đủ hồ sơ"})  # fmt: skip

    # 4. The decide page lists the accepted ones; the province records its decision.
    decide = reverse("awards:decide") + "?org=44&form=merit&period_type=annual&year_to=2025"
    page = client.get(decide)
    ids = [n.pk for n, _ticked, _verdict in page.context["candidates"]]
    assert len(ids) == 4 and rejected.pk not in ids
    response = client.post(
        decide,
        {"number": "1520-QĐ/TU", "signed_on": "20/01/2026", "signer_name": "Lê Ngọc Quang",
         "signer_title": "Bí thư", "title": "", "nominees": ids},
    )  # fmt: skip
    decision = Decision.objects.get()
    assert response.status_code == 302 and response.url == reverse("awards:decision_detail", args=[decision.pk])
    assert Nominee.objects.filter(status=NomineeStatus.AWARDED, decision=decision).count() == 4

    # 5. The PDF: the official header, the articles and both lists; audited.
    watch = audit_watch()
    response = client.get(reverse("awards:decision_pdf", args=[decision.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    from pypdf import PdfReader

    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    squashed = " ".join(text.split())
    for phrase in ("ĐẢNG CỘNG SẢN VIỆT NAM", "TỈNH ỦY QUẢNG TRỊ", "Số 1520-QĐ/TU", "QUYẾT ĐỊNH",
                   "Danh sách tập thể", "Danh sách cá nhân", "Chi bộ khu phố 2", "Nguyễn Văn An",
                   "Trần Thị Bích Hạnh", "Lê Ngọc Quang", "Điều 1", "Bằng khen"):  # fmt: skip
        assert phrase in squashed, phrase
    assert "Phạm Thị Thu Hà" not in squashed
    assert [e.action for e in watch.events()] == ["award.print"]

    # 6. History: the member's and the cell's pages show the award with the decision's number and date.
    client.force_login(commune_officer)
    page = client.get(reverse("awards:member_history", args=[an.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "1520-QĐ/TU" in body and "20/01/2026" in body
    # the commune does not see the province's decision page, so the number is not a link to it
    assert reverse("awards:decision_detail", args=[decision.pk]) not in body
    page = client.get(reverse("awards:org_history", args=[tree.dh1.pk]))
    assert "1520-QĐ/TU" in page.content.decode()
    assert AuditEvent.objects.filter(action="award.decide", object_id=str(decision.pk)).exists()
    assert date(2026, 1, 20) == decision.signed_on
