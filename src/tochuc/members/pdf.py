"""The printable dossier (lý lịch đảng viên) as an A4 PDF with Vietnamese fonts, by WeasyPrint.

Printing a dossier is reading a confidential Party document, so it is audited (DOMAIN.md §6.1, §11).
WeasyPrint needs Pango and the fonts from Debian (ENVIRONMENT.md); it is imported only when a PDF is made.
"""

from __future__ import annotations

import base64

from django.template.loader import render_to_string
from django.utils import timezone, translation

from tochuc.core.audit import audit_record

from .selectors_dossier import Dossier, can_see_sensitive, org_chain

_PHOTO_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}


def _photo_data_uri(member) -> str | None:
    """The photo inlined, so that the PDF needs no file URL (and the media folder stays private)."""
    if not member.photo:
        return None
    suffix = "." + member.photo.name.rsplit(".", 1)[-1].lower()
    try:
        with member.photo.open("rb") as f:
            data = f.read()
    except OSError:
        return None
    return f"data:{_PHOTO_TYPES.get(suffix, 'image/jpeg')};base64,{base64.b64encode(data).decode()}"


def dossier_html(*, actor, dossier: Dossier) -> str:
    member = dossier.member
    sensitive = can_see_sensitive(actor)
    chain = org_chain(member.org)
    # The dossier is an official Vietnamese form: it is printed in Vietnamese whatever the interface language.
    with translation.override("vi"):
        return _render(dossier, member, sensitive, chain, actor)


def _render(dossier, member, sensitive, chain, actor) -> str:
    return render_to_string(
        "members/dossier_pdf.html",
        {
            "d": dossier,
            "member": member,
            "sensitive": sensitive,
            "photo": _photo_data_uri(member) if sensitive else None,
            "province": chain[0] if chain else None,
            "upper": chain[-2] if len(chain) >= 2 else None,
            "events": list(reversed(dossier.events)),  # oldest first, as a dossier reads
            "printed_at": timezone.localtime(),
            "printed_by": actor,
        },
    )


def dossier_pdf(*, actor, dossier: Dossier) -> bytes:
    """Render the member's dossier and record that `actor` read it ("member.dossier_view")."""
    from weasyprint import HTML  # heavy (Pango): loaded on the first PDF, not with every page

    pdf = HTML(string=dossier_html(actor=actor, dossier=dossier)).write_pdf()
    member = dossier.member
    audit_record(
        actor=actor,
        action="member.dossier_view",
        obj=member,
        org_path=member.org.path,
        note="In lý lịch đảng viên (PDF)",
    )
    return pdf
