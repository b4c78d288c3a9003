"""The vote-counting minutes (biên bản kiểm phiếu) of a counted election as an A4 PDF in the Party's form, by
WeasyPrint: the Party's name, the congress, the counting board, date and place, the figures (summoned,
excused, the base of the majority, ballots issued, collected, valid, invalid), each candidate's votes and
percent of the base from the most votes down, the elected, what a tie or shortfall leaves to the congress,
and the board's signatures.

Layout of Hướng dẫn 36-HD/VPTW (Party documents) and Quy chế bầu cử 190-QĐ/TW (DOMAIN.md §3); printed in
Vietnamese whatever the interface language, and audited ("election.minutes": the
congress's minutes are a Party record). WeasyPrint needs Pango and the Debian fonts (ENVIRONMENT.md); it is
imported only when a PDF is made.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone, translation

from tochuc.cadres.pdf import official_date, place_of
from tochuc.core.audit import audit_record

from .choices import Body, CongressKind, ElectionStatus
from .models import Election
from .selectors.elections import election_result

_ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
          (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]  # fmt: skip


def roman(n: int) -> str:
    """A congress's number as the Party writes it ("lần thứ XVIII")."""
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out += letters
            n -= value
    return out


def _committee_title(org) -> str:
    """A chi bộ elects its chi ủy, a đảng bộ its executive committee (Ban Chấp hành)."""
    return f"Chi ủy {org.name}" if org.name.lower().startswith("chi bộ") else f"Ban Chấp hành {org.name}"


def body_title(election: Election) -> str:
    """What the minutes say was elected ("Ban Chấp hành Đảng bộ phường Đông Hà nhiệm kỳ 2025 - 2030"); the
    template writes it in capitals where the form does."""
    congress = election.congress
    org = congress.org
    term = f"nhiệm kỳ {congress.term.replace('-', ' - ')}"
    if election.body == Body.DELEGATES:
        upper = congress.upper.org.name if congress.upper_id else (org.parent.name if org.parent_id else "cấp trên")
        return f"Đại biểu dự Đại hội {upper}"
    titles = {
        Body.COMMITTEE: _committee_title(org),
        Body.STANDING: f"Ban Thường vụ {org.name}",
        Body.SECRETARY: f"Bí thư {org.name}",
        Body.DEPUTY_SECRETARY: f"Phó Bí thư {org.name}",
        Body.INSPECTION: f"Ủy ban Kiểm tra {org.name}",
        Body.INSPECTION_CHAIR: f"Chủ nhiệm Ủy ban Kiểm tra {org.name}",
    }
    return f"{titles[election.body]} {term}"


def minutes_context(*, election: Election, actor, place: str = "", chair: str = "", board: list[str] = ()) -> dict:
    congress = election.congress
    org = congress.org
    result = election_result(election=election)
    delegates = congress.kind == CongressKind.DELEGATES
    return {
        "e": election,
        "congress": congress,
        "org": org,
        "result": result,
        "upper_name": org.parent.name.upper() if org.parent_id else "",
        "congress_line": f"Đại hội {org.name} lần thứ {roman(congress.number)}, "
        f"nhiệm kỳ {congress.term.replace('-', ' - ')}",
        "body_title": body_title(election),
        "people": "đại biểu" if delegates else "đảng viên",
        "place_date": f"{place_of(org)}, {official_date(election.held_on)}",
        "held_date": official_date(election.held_on),
        "place": place,
        "chair": chair,
        "board": list(board),
        "printed_at": timezone.localtime(),
        "printed_by": actor,
    }


def minutes_html(*, election: Election, actor, place: str = "", chair: str = "", board: list[str] = ()) -> str:
    # The minutes are a Party record: printed in Vietnamese whatever the interface language.
    with translation.override("vi"):
        context = minutes_context(election=election, actor=actor, place=place, chair=chair, board=board)
        return render_to_string("congresses/election_minutes_pdf.html", context)


def minutes_pdf(*, election: Election, actor, place: str = "", chair: str = "", board: list[str] = ()) -> bytes:
    """The minutes of a counted (or approved) election as PDF bytes; records that `actor` printed them."""
    if election.status == ElectionStatus.OPEN or not election.result:
        raise ValueError("the minutes are printed after the count")
    from weasyprint import HTML  # heavy (Pango): loaded on the first PDF, not with every page

    pdf = HTML(string=minutes_html(election=election, actor=actor, place=place, chair=chair, board=board)).write_pdf()
    audit_record(
        actor=actor,
        action="election.minutes",
        obj=election,
        org_path=election.congress.org.path,
        note="In biên bản kiểm phiếu" + (f"; Trưởng Ban kiểm phiếu: {chair}" if chair else ""),
    )
    return pdf
