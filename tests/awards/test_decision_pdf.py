"""The commendation decision as a document (`awards.pdf`): the Party's header for the deciding committee (the
province's, a commune's under its upper organisation), number, place and date, the subject, the legal bases
from the rule table, the articles, the two lists and the signer; printed in Vietnamese whatever the interface
language, and audited."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.urls import reverse

from tochuc.awards.pdf import basis_line, committee_name, decision_html
from tochuc.awards.services.decisions import decision_create
from tochuc.awards.services.nominees import nominee_propose, nominee_review
from tochuc.core.models import LegalBasis


@pytest.fixture
def commune_decision(tree, rate, cell_secretary, commune_officer):
    """Đông Hà's Giấy khen 2025 for the cell 44.DH.01's proposal of two of its members."""
    people = tree.members["44.DH.01"][:2]
    nominees = []
    for m in people:
        rate(m, 2025)
        n = nominee_propose(actor=cell_secretary, proposing_org=tree.dh1, kind="member", member=m, form="commendation",
                            period_type="annual", year_to=2025, proposed_on=date(2026, 1, 5))  # fmt: skip
        nominees.append(nominee_review(actor=commune_officer, nominee=n, accept=True, reviewed_on=date(2026, 1, 6)))
    return decision_create(
        actor=commune_officer, org=tree.dh, nominees=nominees, number="45-QĐ/ĐU", signed_on=date(2026, 1, 8),
        signer_name="Hồ Tiến Hà", signer_title="Phó Bí thư", form="commendation", period_type="annual", title="",
        year_to=2025,
    )  # fmt: skip


def test_a_communes_decision_has_the_party_header_of_its_committee(commune_decision):
    html = decision_html(actor=None, decision=commune_decision)
    assert "ĐẢNG BỘ TỈNH QUẢNG TRỊ" in html  # the upper organisation
    assert "ĐẢNG ỦY PHƯỜNG ĐÔNG HÀ" in html and "Số 45-QĐ/ĐU" in html
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in html and "Đông Hà, ngày 08 tháng 01 năm 2026" in html
    assert "BAN THƯỜNG VỤ ĐẢNG ỦY PHƯỜNG ĐÔNG HÀ" in html and "T/M BAN THƯỜNG VỤ" in html and "PHÓ BÍ THƯ" in html
    assert "Căn cứ Hướng dẫn số 21-HD/BTCTW ngày 01/10/2019 của Ban Tổ chức Trung ương" in html
    assert "Căn cứ kết quả đánh giá, xếp loại chất lượng tổ chức đảng, đảng viên năm 2025" in html
    assert "Tặng Giấy khen của Ban Thường vụ Đảng ủy phường Đông Hà cho 2 cá nhân" in html
    assert "Đồng chí Nguyễn Văn An" in html and "Đồng chí Trần Thị Bích Hạnh" in html
    assert "Đảng ủy tỉnh Quảng Trị (để báo cáo)" not in html and "Tỉnh ủy Quảng Trị (để báo cáo)" in html


def test_the_pdf_is_printed_in_vietnamese_whatever_the_language_and_audited(
    client, commune_decision, commune_officer, audit_watch
):
    client.force_login(commune_officer)
    client.cookies["django_language"] = "en"
    watch = audit_watch()
    response = client.get(reverse("awards:decision_pdf", args=[commune_decision.pk]))
    assert response.status_code == 200 and response.content[:4] == b"%PDF"
    from pypdf import PdfReader

    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "QUYẾT ĐỊNH" in text and "Danh sách cá nhân" in text and "Hồ Tiến Hà" in text
    (event,) = watch.events()
    assert event.action == "award.print" and event.note == "45-QĐ/ĐU" and event.actor == commune_officer


def test_committee_names_follow_the_kind_of_org(tree):
    assert committee_name(tree.province) == "Tỉnh ủy Quảng Trị"
    assert committee_name(tree.lb) == "Đảng ủy xã Lao Bảo"
    assert committee_name(tree.dh1) == "Chi bộ khu phố 1"


def test_the_basis_line_drops_the_year_that_tells_two_codes_apart(db):
    basis = LegalBasis.objects.get(code="21-HD/BTCTW 2019")
    assert basis_line(basis).startswith(
        "Căn cứ Hướng dẫn số 21-HD/BTCTW ngày 01/10/2019 của Ban Tổ chức Trung ương về "
    )
    assert basis_line(None) == ""
