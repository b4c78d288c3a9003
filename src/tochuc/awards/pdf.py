"""The commendation decision (quyết định khen thưởng) as an A4 PDF in the Party's layout, by WeasyPrint: the
header (the upper party organisation, the deciding committee, the number; "ĐẢNG CỘNG SẢN VIỆT NAM", place and
date), "QUYẾT ĐỊNH" and its subject, the legal bases, the articles, the recipients of copies and the signature
block, then the attached list in two parts, "Danh sách tập thể" and "Danh sách cá nhân" (STT, name, unit,
achievement).

Layout of Hướng dẫn 36-HD/VPTW (Party documents); printed in Vietnamese whatever the interface language, and
audited ("award.print"). WeasyPrint is imported only when a PDF is made.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone, translation

from tochuc.cadres.pdf import official_date, place_of
from tochuc.core.audit import audit_record
from tochuc.core.models import LegalBasis
from tochuc.core.rules import rules_in_force
from tochuc.orgs.models import OrgType

from . import rules
from .choices import AwardForm, PeriodType
from .models import Decision
from .selectors.decisions import decision_lists

_PARTY_BODY = "đảng bộ "
_PROVINCE = "đảng bộ tỉnh "
_CELL = "chi bộ "
# Committees with a standing committee (ban thường vụ) that decides between the committee's sessions.
_WITH_STANDING = {OrgType.PROVINCE_COMMITTEE, OrgType.UPPER_GRASSROOTS_COMMITTEE}
# Who issued a guidance or regulation, from the end of its number.
_ISSUERS = {"BTCTW": "Ban Tổ chức Trung ương", "BCT": "Bộ Chính trị", "BBT": "Ban Bí thư"}


def committee_name(org) -> str:
    """The committee of an org as its documents name it: "Tỉnh ủy Quảng Trị", "Đảng ủy xã Lao Bảo", a cell
    itself ("Chi bộ khu phố 1")."""
    name = org.name
    lowered = name.lower()
    if lowered.startswith(_PROVINCE):
        return "Tỉnh ủy " + name[len(_PROVINCE) :]
    if lowered.startswith(_PARTY_BODY):
        return "Đảng ủy " + name[len(_PARTY_BODY) :]
    return name


def deciding_body(org) -> str:
    """The body that decides a commendation: the standing committee where there is one ("Ban Thường vụ Tỉnh ủy
    Quảng Trị"), else the committee (a cell's committee, chi ủy, for a cell)."""
    committee = committee_name(org)
    if org.org_type in _WITH_STANDING:
        return f"Ban Thường vụ {committee}"
    if org.name.lower().startswith(_CELL):
        return f"Chi ủy {org.name}"
    return committee


def _sign_for(org) -> str:
    if org.org_type in _WITH_STANDING:
        return "T/M BAN THƯỜNG VỤ"
    if org.name.lower().startswith(_CELL):
        return "T/M CHI ỦY"
    return "T/M ĐẢNG ỦY"


def basis_line(basis: LegalBasis | None) -> str:
    """ "Căn cứ Hướng dẫn số 21-HD/BTCTW ngày 01/10/2019 của Ban Tổ chức Trung ương về ...;" from the rule table's
    legal basis (its code without the year some codes carry to tell two documents apart)."""
    if basis is None:
        return ""
    code = basis.code.split(" ")[0]
    words = basis.title.split(" ")
    kind = " ".join(words[:2]) if words[:2] in (["Hướng", "dẫn"], ["Quy", "định"]) else words[0]
    about = basis.title[len(kind) :].strip()
    issued = f" ngày {basis.issued_on:%d/%m/%Y}" if basis.issued_on else ""
    issuer = _ISSUERS.get(code.rsplit("/", 1)[-1], "")
    return (
        f"Căn cứ {kind} số {code}{issued}"
        + (f" của {issuer}" if issuer else "")
        + (f" về {about}" if about else "")
        + ";"
    )


def _achievement(decision: Decision) -> str:
    years = rules.years_label(decision.year_from, decision.year_to)
    if decision.period_type == PeriodType.ANNUAL:
        return f"đã hoàn thành xuất sắc nhiệm vụ năm {years}"
    if decision.period_type == PeriodType.FIVE_YEAR:
        return f"đã có thành tích tiêu biểu 5 năm liên tục ({years})"
    if decision.period_type == PeriodType.THEMATIC:
        return "đã có thành tích xuất sắc" + (f" trong giai đoạn {years}" if years else "")
    return "đã có thành tích xuất sắc đột xuất" + (f" năm {years}" if years else "")


def _ratings_line(decision: Decision) -> str:
    if decision.period_type == PeriodType.ANNUAL:
        return f"Căn cứ kết quả đánh giá, xếp loại chất lượng tổ chức đảng, đảng viên năm {decision.year_to};"
    if decision.period_type == PeriodType.FIVE_YEAR:
        years = rules.years_label(decision.year_from, decision.year_to)
        return f"Căn cứ kết quả đánh giá, xếp loại chất lượng tổ chức đảng, đảng viên các năm {years};"
    return ""


def _recipients(orgs: int, people: int) -> str:
    parts = []
    if orgs:
        parts.append(f"{orgs} tập thể")
    if people:
        parts.append(f"{people} cá nhân")
    return " và ".join(parts)


def _context(decision: Decision, actor) -> dict:
    org = decision.org
    lists = decision_lists(decision)
    committee = committee_name(org)
    body = deciding_body(org)
    top = org.depth == 0
    try:
        basis = rules_in_force(decision.signed_on).version("award.min_rating").legal_basis
    except KeyError:
        basis = None
    charter = LegalBasis.objects.filter(code="294-QĐ/TW").first()
    form_label = AwardForm(decision.form).label
    return {
        "d": decision,
        "org": org,
        "upper_body": org.parent.name.upper() if org.parent_id else "",
        "committee": committee,
        "committee_upper": committee.upper(),
        "body": body,
        "body_upper": body.upper(),
        "number": f"Số {decision.number}",
        "place_date": f"{place_of(org)}, {official_date(decision.signed_on)}",
        "form_label": form_label,
        "form_upper": form_label.upper(),
        "charter_line": (
            f"Căn cứ Quy định số {charter.code} ngày {charter.issued_on:%d/%m/%Y} về thi hành Điều lệ Đảng;"
            if charter is not None and charter.issued_on
            else ""
        ),
        "basis_line": basis_line(basis),
        "ratings_line": _ratings_line(decision),
        "proposed_by": f"Ban Tổ chức {committee}" if top else "các tổ chức đảng trực thuộc",
        "recipients": _recipients(len(lists.orgs), len(lists.people)),
        "achievement": _achievement(decision),
        "staff": f"Văn phòng, Ban Tổ chức {committee}" if top else f"Văn phòng {committee}",
        "report_to": "Ban Tổ chức Trung ương" if top else (committee_name(org.parent) if org.parent_id else ""),
        "sign_for": _sign_for(org),
        "sign_title": decision.signer_title.upper(),
        "orgs": lists.orgs,
        "people": lists.people,
        "printed_at": timezone.localtime(),
        "printed_by": actor,
    }


def decision_html(*, actor, decision: Decision) -> str:
    # An official decision is printed in Vietnamese whatever the interface language.
    with translation.override("vi"):
        return render_to_string("awards/decision_pdf.html", _context(decision, actor))


def decision_pdf(*, actor, decision: Decision) -> bytes:
    """The decision and its list as PDF bytes; records that `actor` printed it."""
    from weasyprint import HTML  # heavy (Pango): loaded on the first PDF, not with every page

    pdf = HTML(string=decision_html(actor=actor, decision=decision)).write_pdf()
    audit_record(actor=actor, action="award.print", obj=decision, org_path=decision.org.path, note=decision.number)
    return pdf
