"""The appointment decision (quyết định bổ nhiệm, bổ nhiệm lại) as an A4 PDF in the official layout, by
WeasyPrint: the header of the issuing body and the national motto (a State post) or the Party's name (a
Party post), number, place and date, the bases, the articles, the recipients and the signature block.

Layout of Nghị định 30/2020/NĐ-CP (State documents) and Hướng dẫn 36-HD/VPTW (Party documents); printed in
Vietnamese whatever the interface language, and audited ("appointment.print"). WeasyPrint needs Pango and
the Debian fonts (ENVIRONMENT.md); it is imported only when a PDF is made.
"""

from __future__ import annotations

from datetime import date

from django.template.loader import render_to_string
from django.utils import timezone, translation

from tochuc.core.audit import audit_record
from tochuc.core.models import LegalBasis

from .choices import AppointmentKind, Body, ProcedureStep
from .models import Appointment, Tenure

# The words that name a commune, ward or province in an org's name: the place of the document is what
# follows the last of them ("Đảng bộ phường Đông Hà" → "Đông Hà").
_PLACE_WORDS = ("phường ", "xã ", "đặc khu ", "thị trấn ", "thành phố ", "tỉnh ")


def official_date(d: date) -> str:
    """ "ngày 05 tháng 3 năm 2026": a day below 10 and a month below 3 take a leading zero (Nghị định
    30/2020/NĐ-CP, Phụ lục I, and the Party's 36-HD/VPTW)."""
    day = f"{d.day:02d}"
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    return f"ngày {day} tháng {month} năm {d.year}"


def place_of(org) -> str:
    """The place written before the date: the commune or province the issuing org is named after."""
    node = org
    while node is not None:
        lowered = node.name.lower()
        for word in _PLACE_WORDS:
            at = lowered.rfind(word)
            if at >= 0:
                return node.name[at + len(word) :].strip()
        node = node.parent
    return org.name


def issuer_name(org) -> str:
    """The committee that decides: the executive committee (đảng ủy) of a party organization (đảng bộ)."""
    name = org.name
    if name.lower().startswith("đảng bộ "):
        return "Đảng ủy " + name[len("Đảng bộ ") :]
    return name


def basis_line(basis: LegalBasis | None) -> str:
    """ "Căn cứ Quy định số 377-QĐ/TW ngày 08/10/2025 của Bộ Chính trị về ...;" from the rule table's row."""
    if basis is None:
        return ""
    kind, _sep, about = basis.title.partition(" về ")
    issued = f" ngày {basis.issued_on:%d/%m/%Y}" if basis.issued_on else ""
    return f"Căn cứ {kind} số {basis.code}{issued} của Bộ Chính trị" + (f" về {about}" if about else "") + ";"


def _context(appointment: Appointment, actor) -> dict:
    post, cadre = appointment.post, appointment.cadre
    org = post.org
    steps = list(appointment.steps.filter(cancelled_at__isnull=True).order_by("held_on", "id"))
    vote = next((s for s in steps if s.step == ProcedureStep.COLLECTIVE_VOTE), None)
    held = list(
        Tenure.objects.filter(cadre=cadre, started_on__lt=appointment.effective_on)
        .exclude(ended_on__lt=appointment.effective_on)
        .exclude(appointment=appointment)
        .select_related("post", "post__org")
        .order_by("started_on", "id")
    )
    held.sort(key=lambda t: -t.post.rank)  # the highest post first (the title's rank, not its code's spelling)
    basis = LegalBasis.objects.filter(code="377-QĐ/TW").first()
    return {
        "a": appointment,
        "post": post,
        "cadre": cadre,
        "org": org,
        "issuer": issuer_name(org),
        "parent": org.parent,
        "party": post.body == Body.PARTY,
        "reappointment": appointment.kind == AppointmentKind.REAPPOINTMENT,
        "place_date": f"{place_of(org)}, {official_date(appointment.decided_on)}",
        "basis_line": basis_line(basis),
        "vote": vote,
        "current": [t.post.name for t in held] or ([cadre.work_unit] if cadre.work_unit else []),
        "printed_at": timezone.localtime(),
        "printed_by": actor,
    }


def appointment_html(*, actor, appointment: Appointment) -> str:
    # An official decision is printed in Vietnamese whatever the interface language.
    with translation.override("vi"):
        return render_to_string("cadres/appointment_pdf.html", _context(appointment, actor))


def appointment_pdf(*, actor, appointment: Appointment) -> bytes:
    """The decision of a decided appointment as PDF bytes; records that `actor` printed it."""
    from weasyprint import HTML  # heavy (Pango): loaded on the first PDF, not with every page

    pdf = HTML(string=appointment_html(actor=actor, appointment=appointment)).write_pdf()
    audit_record(
        actor=actor,
        action="appointment.print",
        obj=appointment,
        org_path=appointment.post.org.path,
        note=appointment.decision_no,
    )
    return pdf
