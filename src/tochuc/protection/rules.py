"""The rules of internal political protection that are pure dates and lists (no database): who is vetted for a
purpose and about what (01-HD/TW §3.4; DOMAIN.md §7), when a case or a request for verification is overdue,
how long a reply took, and how a relative written by hand in a dossier ("Bố đẻ", "Mẹ vợ") maps to a relation.

The disqualifying situations of 58-QĐ/TW are deliberately not here: they are not public in full (DOMAIN.md §7,
UNCONFIRMED) and a person, not the software, concludes on them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from tochuc.core.text import fold

from .choices import Purpose, Relation, Scope

# The deadline the form suggests for a reply, counted from the day the request is sent. No Party document read
# for DOMAIN.md fixes one for the body asked; the request letter states it, and the officer enters that date.
DEFAULT_REPLY_DAYS = 30
# The deadline the form suggests for concluding a case, counted from the day it was requested (the same
# caveat: the requesting committee sets it).
DEFAULT_CASE_DAYS = 60
# The age of full civil capacity (Bộ luật Dân sự 2015, Điều 20): the children who are vetted are those of age.
ADULT_AGE = 18

# Who is vetted for admission (Hướng dẫn 01-HD/TW, §3.4; DOMAIN.md §7): the applicant; birth parents,
# parents-in-law or the person who raised the applicant; the spouse; biological children of full civil
# capacity. Together "người thân".
ADMISSION_RELATIONS: tuple[str, ...] = (
    Relation.SELF,
    Relation.FATHER,
    Relation.MOTHER,
    Relation.SPOUSE,
    Relation.FATHER_IN_LAW,
    Relation.MOTHER_IN_LAW,
    Relation.CHILD,
)
# Before an appointment or planning, the dossier and personal history of the cadre are appraised and verified
# (DOMAIN.md §7, "Appointments"): the person themselves; relatives are added by hand when a doubt arises.
SELF_ONLY: tuple[str, ...] = (Relation.SELF,)

# What is verified (01-HD/TW §3.4): for the applicant, political history and the current political situation,
# compliance with the Party's line and the State's law, political quality, ethics and lifestyle; for a
# relative, political history, the current political situation and compliance with policy and law.
SELF_SCOPES: tuple[str, ...] = (
    Scope.POLITICAL_HISTORY,
    Scope.CURRENT_POLITICAL,
    Scope.LAW_COMPLIANCE,
    Scope.ETHICS,
)
RELATIVE_SCOPES: tuple[str, ...] = (Scope.POLITICAL_HISTORY, Scope.CURRENT_POLITICAL, Scope.LAW_COMPLIANCE)


def standard_relations(purpose: str) -> tuple[str, ...]:
    """The relations whose background is verified for `purpose` (01-HD/TW §3.4 for admission; the person alone
    for an appointment, planning or another purpose)."""
    return ADMISSION_RELATIONS if purpose == Purpose.ADMISSION else SELF_ONLY


def standard_scopes(relation: str) -> tuple[str, ...]:
    """What is asked about a person of `relation` (01-HD/TW §3.4): ethics and lifestyle only for the subject."""
    return SELF_SCOPES if relation == Relation.SELF else RELATIVE_SCOPES


def scopes_problem(scopes: Iterable[str]) -> str | None:
    """Why a list of contents cannot be asked (empty, or a value outside `Scope`), else None."""
    values = list(scopes)
    if not values:
        return "empty"
    if any(v not in Scope.values for v in values):
        return "unknown"
    if len(set(values)) != len(values):
        return "repeated"
    return None


def ordered_scopes(scopes: Iterable[str]) -> list[str]:
    """The contents in the order of `Scope` (the order of 01-HD/TW), each once."""
    given = set(scopes)
    return [s for s in Scope.values if s in given]


# --- Relatives written by hand in a dossier ("quan hệ gia đình") -------------------------------------------

# Folded words of the family rows a dossier holds (members.Relative.relation is free text: "Bố đẻ", "Mẹ vợ",
# "Chồng", "Con trai", and Quảng Trị's "Bọ", "Mạ"), tried in this order so that "cha vo" is a father-in-law,
# not a father. "Bà" (grandmother) folds to "ba" and is left out on purpose, as are children by marriage.
_NOT_VETTED = ("con dau", "con re", "con nuoi", "con rieng")
_WORDS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("cha vo", "bo vo", "cha chong", "bo chong"), Relation.FATHER_IN_LAW),
    (("me vo", "me chong", "ma vo", "ma chong"), Relation.MOTHER_IN_LAW),
    (
        ("cha nuoi", "bo nuoi", "me nuoi", "nguoi nuoi", "nuoi duong", "giam ho", "cha duong", "bo duong", "me ke"),
        Relation.GUARDIAN,
    ),
    (("cha de", "bo de", "cha", "bo", "thay"), Relation.FATHER),
    (("me de", "me", "ma", "u", "bu"), Relation.MOTHER),
    (("vo", "chong"), Relation.SPOUSE),
    (("con de", "con trai", "con gai", "con"), Relation.CHILD),
)


def _starts(phrase: str, key: str) -> bool:
    return phrase == key or phrase.startswith(key + " ")


def relation_of(text: str) -> str | None:
    """The relation a family row written by hand names, or None when it is not one that 01-HD/TW vets
    (a brother, a grandparent, a child by marriage: the officer adds them by hand when a doubt calls for it)."""
    phrase = " ".join(fold(text).replace(",", " ").replace("(", " ").replace(")", " ").split())
    if not phrase or any(_starts(phrase, key) for key in _NOT_VETTED):
        return None
    for keys, relation in _WORDS:
        if any(_starts(phrase, key) for key in keys):
            return relation
    return None


def of_age(birth_year: int | None, on: date) -> bool:
    """Whether a child born in `birth_year` may be of full civil capacity on `on` (18, Bộ luật Dân sự 2015,
    Điều 20). With the year alone, one who turns 18 this year is counted: the officer leaves them out if not
    yet; an unknown year is counted too."""
    return birth_year is None or on.year - birth_year >= ADULT_AGE


@dataclass(frozen=True)
class Relative:
    """A family row of a dossier, as the standard set reads it."""

    relation: str  # as written ("Bố đẻ")
    name: str
    birth_year: int | None = None


@dataclass(frozen=True)
class Draft:
    """One request of the standard set, pre-filled for the officer to check, complete and send."""

    relation: str
    person_name: str
    scopes: tuple[str, ...]
    # Whether the row is ticked when offered: the subject, the parents, and the relatives the dossier names.
    suggested: bool


def standard_drafts(
    *, purpose: str, subject_name: str, relatives: Sequence[Relative] = (), on: date, asked: Iterable[tuple] = ()
) -> list[Draft]:
    """The standard requests for a case (01-HD/TW §3.4): the subject first, then each relation of the purpose
    with the relatives of that relation the dossier names (children of age only), or one row with no name when
    it names none, and the person who raised the subject when the dossier names one; less what was already
    asked (`asked`: (relation, folded name) pairs; a relation asked about once is not offered again unnamed)."""
    done = set(asked)
    done_relations = {r for r, _n in done}
    known: dict[str, list[Relative]] = {}
    for r in relatives:
        relation = relation_of(r.relation)
        if relation is None or (relation == Relation.CHILD and not of_age(r.birth_year, on)):
            continue
        known.setdefault(relation, []).append(r)
    relations = list(standard_relations(purpose))
    if purpose == Purpose.ADMISSION and known.get(Relation.GUARDIAN):
        relations.insert(relations.index(Relation.MOTHER) + 1, Relation.GUARDIAN)
    drafts: list[Draft] = []
    for relation in relations:
        scopes = standard_scopes(relation)
        if relation == Relation.SELF:
            if Relation.SELF not in done_relations:
                drafts.append(Draft(relation, subject_name, scopes, True))
            continue
        named = known.get(relation, [])
        for r in named:
            if (relation, fold(r.name)) not in done:
                drafts.append(Draft(relation, r.name, scopes, True))
        if not named and relation not in done_relations:
            drafts.append(Draft(relation, "", scopes, relation in (Relation.FATHER, Relation.MOTHER)))
    return drafts


# --- Deadlines ----------------------------------------------------------------------------------------------


def case_overdue(*, status: str, due_on: date | None, today: date) -> bool:
    """An open case past its deadline. The deadline day itself is not overdue: the case may still be concluded
    that day."""
    return status == "open" and due_on is not None and today > due_on


def question_overdue(
    *, replied_on: date | None, due_on: date | None, today: date, cancelled: bool = False, case_open: bool = True
) -> bool:
    """A request still without a reply after its deadline (the deadline day itself is not overdue), in a case
    that is still open: once a case is concluded or withdrawn nobody waits for the reply any more."""
    return case_open and not cancelled and replied_on is None and due_on is not None and today > due_on


def days_overdue(due_on: date | None, today: date) -> int:
    """Days past the deadline (0 on the day and before)."""
    if due_on is None:
        return 0
    return max(0, (today - due_on).days)


def days_to_reply(sent_on: date, replied_on: date | None) -> int | None:
    """Calendar days between sending a request and its reply (None while none came)."""
    if replied_on is None:
        return None
    return (replied_on - sent_on).days


def suggested_due(start: date, days: int = DEFAULT_REPLY_DAYS) -> date:
    """The deadline a form suggests, `days` calendar days after `start`."""
    return start + timedelta(days=days)


def open_on(*, requested_on: date, concluded_on: date | None, withdrawn_on: date | None, on: date) -> bool:
    """Whether a case was open on day `on`: requested by then and neither concluded nor withdrawn by then."""
    if requested_on > on:
        return False
    return not ((concluded_on is not None and concluded_on <= on) or (withdrawn_on is not None and withdrawn_on <= on))
