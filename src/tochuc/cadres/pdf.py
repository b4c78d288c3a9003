"""The appointment decision (quyết định bổ nhiệm, bổ nhiệm lại) as an A4 PDF in the official layout, by
WeasyPrint. A post of the Party committee is appointed by the committee (the Party's name, "T/M ĐẢNG ỦY"),
any other appointed post by the People's Committee of the locality (the national motto, "TM. ỦY BAN NHÂN
DÂN"): the header, number, place and date, the bases, the articles, the recipients and the signature block.

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
from tochuc.members.choices import Sex

from .choices import AppointmentKind, Body, ProcedureStep
from .models import Appointment, Tenure

# The words that name a commune, ward, special zone or province in an org's name or unit: the locality is the
# last of them and what follows ("Đảng bộ phường Đông Hà" → "phường Đông Hà"), the place of the document
# what follows alone ("Đông Hà").
_PLACE_WORDS = ("phường ", "xã ", "đặc khu ", "thị trấn ", "thành phố ", "tỉnh ")
_PARTY_BODY = "đảng bộ "

# The standard parts of each form. The signer's own title is not recorded with the decision, so the head's is
# printed: a deputy signing on the head's behalf (KT.) is written by hand on the printed copy.
PARTY_FORM = {"sign_for": "T/M ĐẢNG ỦY", "sign_title": "BÍ THƯ"}
STATE_FORM = {"sign_for": "TM. ỦY BAN NHÂN DÂN", "sign_title": "CHỦ TỊCH"}


def official_date(d: date) -> str:
    """ "ngày 05 tháng 3 năm 2026": a day below 10 and a month below 3 take a leading zero (Nghị định
    30/2020/NĐ-CP, Phụ lục I, and the Party's 36-HD/VPTW)."""
    day = f"{d.day:02d}"
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    return f"ngày {day} tháng {month} năm {d.year}"


def _place_in(text: str) -> tuple[str, str] | None:
    """("phường", "Đông Hà") for a text naming a locality, else None."""
    lowered = text.lower()
    for word in _PLACE_WORDS:
        at = lowered.rfind(word)
        if at >= 0 and text[at + len(word) :].strip():
            return word.strip(), text[at + len(word) :].strip()
    return None


def _locality_parts(org) -> tuple[str, str]:
    node = org
    while node is not None:
        for text in (node.unit_name, node.name):
            found = _place_in(text or "")
            if found:
                return found
        node = node.parent
    name = org.name
    return "", name[len(_PARTY_BODY) :] if name.lower().startswith(_PARTY_BODY) else name


def locality_of(org) -> str:
    """The commune, ward, special zone or province whose People's Committee appoints to the posts of `org`
    ("phường Đông Hà"): named by the org's unit or its name, else by its nearest ancestor's; failing all, the
    org's name without "Đảng bộ"."""
    word, name = _locality_parts(org)
    return f"{word} {name}" if word else name


def place_of(org) -> str:
    """The place written before the date: the commune or province the issuing org stands in ("Đông Hà")."""
    return _locality_parts(org)[1]


def issuer_name(org) -> str:
    """The committee that decides: the executive committee (đảng ủy) of a party organization (đảng bộ)."""
    name = org.name
    if name.lower().startswith(_PARTY_BODY):
        return "Đảng ủy " + name[len(_PARTY_BODY) :]
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
    committee = issuer_name(org)
    # A post of the Party committee is appointed by the committee; any other appointed post (the heads of the
    # agencies and offices of the locality) by its People's Committee, on the Party committee's agreement.
    party = post.body == Body.PARTY
    if party:
        issuer = committee
        header = [issuer.upper()]
        form = PARTY_FORM
    else:
        issuer = "Ủy ban nhân dân " + locality_of(org)
        header = ["ỦY BAN NHÂN DÂN", locality_of(org).upper()]
        form = STATE_FORM
    # The Party's documents call a person "đồng chí", the State's "ông" or "bà" (Nghị định 30/2020/NĐ-CP).
    addressee = "đồng chí" if party else ("bà" if cadre.sex == Sex.FEMALE else "ông")
    return {
        "a": appointment,
        "post": post,
        "cadre": cadre,
        "org": org,
        "party": party,
        "upper_body": org.parent.name.upper() if party and org.parent else "",
        "header": header,
        "issuer": issuer,
        "issuer_upper": issuer.upper(),
        "committee": committee,
        "report_to": org.parent.name if party and org.parent else f"Thường trực {committee}",
        "addressee": addressee,
        "number": f"Số {appointment.decision_no}" if party else f"Số: {appointment.decision_no}",
        **form,
        "reappointment": appointment.kind == AppointmentKind.REAPPOINTMENT,
        "place_date": f"{place_of(org)}, {official_date(appointment.decided_on)}",
        "basis_line": basis_line(basis),
        "vote": vote,
        "vote_body": (vote.body if vote and vote.body else f"Ban Thường vụ {committee}"),
        "current_posts": [t.post.name for t in held],
        "work_unit": cadre.work_unit,
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
