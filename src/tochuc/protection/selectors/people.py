"""The person a case or a note is about, whichever record the system holds of them: a member, a cadre, a
candidate for admission. One person may have several (a cadre who is a member; a candidate admitted since):
`Person` gathers them, so that a person's cases and notes are found from any of their records."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from tochuc.accounts.roles import Action
from tochuc.cadres.models import Cadre
from tochuc.core.scope import require
from tochuc.members.models import Member
from tochuc.orgs.models import Org
from tochuc.recruitment.models import Candidate

KINDS = ("member", "cadre", "candidate")


@dataclass
class Person:
    """One person through the record chosen (`kind`, `record`) and the others that name the same person."""

    kind: str
    record: Member | Cadre | Candidate
    member: Member | None = None
    cadre: Cadre | None = None
    candidate: Candidate | None = None

    @property
    def name(self) -> str:
        return self.record.full_name

    @property
    def birth_date(self) -> date:
        return self.record.birth_date

    @property
    def sex(self) -> str:
        return self.record.sex

    @property
    def org(self) -> Org:
        return self.record.org

    @property
    def pk(self) -> int:
        return self.record.pk

    def kind_label(self) -> str:
        return {"member": _("Đảng viên"), "cadre": _("Cán bộ"), "candidate": _("Quần chúng ưu tú")}[self.kind]

    def records(self) -> Q:
        """The rows (cases, notes) about this person, by any of their records."""
        q = Q(pk__in=[])
        for field in KINDS:
            obj = getattr(self, field)
            if obj is not None:
                q |= Q(**{field: obj})
        return q

    def links(self) -> list[tuple[str, str]]:
        """(label, url) of the person's record pages in the other modules."""
        out = []
        if self.candidate is not None:
            out.append((self._label("candidate"), reverse("recruitment:detail", args=[self.candidate.pk])))
        if self.member is not None:
            out.append((self._label("member"), reverse("members:detail", args=[self.member.pk])))
        if self.cadre is not None:
            out.append((self._label("cadre"), reverse("cadres:detail", args=[self.cadre.pk])))
        return out

    @staticmethod
    def _label(kind: str) -> str:
        return {
            "member": _("Hồ sơ đảng viên"),
            "cadre": _("Hồ sơ cán bộ"),
            "candidate": _("Hồ sơ phát triển đảng viên"),
        }[kind]


def person_of(record: Member | Cadre | Candidate) -> Person:
    """The person of a record, with their other records (two queries at most)."""
    if isinstance(record, Member):
        person = Person("member", record, member=record)
    elif isinstance(record, Cadre):
        person = Person("cadre", record, cadre=record, member=record.member if record.member_id else None)
    elif isinstance(record, Candidate):
        person = Person("candidate", record, candidate=record, member=record.member if record.member_id else None)
    else:
        raise TypeError(type(record).__name__)
    if person.member is not None:
        if person.cadre is None:
            person.cadre = Cadre.objects.filter(member=person.member).first()
        if person.candidate is None:
            person.candidate = Candidate.objects.filter(member=person.member).first()
    return person


_MODELS = {"member": Member, "cadre": Cadre, "candidate": Candidate}


def person_get(*, actor, kind: str, pk: int, action: str = Action.VIEW) -> Person:
    """The person of the record `kind`/`pk` inside the actor's scope (404 outside or for an unknown kind; 403
    when the role lacks `action`). A person's political background follows them: whoever manages them now
    reads it, whichever org recorded it."""
    model = _MODELS.get(kind)
    if model is None:
        raise Http404
    record = get_object_or_404(model.objects.select_related("org"), pk=pk)
    require(actor, action, record.org.path)
    return person_of(record)


# --- The subject box of the case form: one box for the three kinds of record --------------------------------

TAGS = {"candidate": "qc", "cadre": "cb", "member": "dv"}
KIND_OF_TAG = {tag: kind for kind, tag in TAGS.items()}


def subject_option(kind: str, record) -> str:
    """The text a suggestion puts in the box; its trailing tag and id (#qc12, #cb5, #dv99) name the record."""
    return f"{record.full_name} ({record.birth_date:%d/%m/%Y}, {record.org.code}) #{TAGS[kind]}{record.pk}"


def subject_search(*, actor, q: str, limit: int = 8) -> list[tuple[str, Member | Cadre | Candidate]]:
    """Search as you type: candidates being developed, working cadres and active members in the actor's scope
    whose name starts a word with `q`; up to `limit` of each kind."""
    from tochuc.cadres.selectors.people import cadre_search
    from tochuc.members.selectors import member_search
    from tochuc.recruitment.selectors import candidate_list

    if len(q.strip()) < 2:
        return []
    found: list[tuple[str, Member | Cadre | Candidate]] = []
    found += [("candidate", c) for c in candidate_list(actor=actor, q=q)[:limit]]
    found += [("cadre", c) for c in cadre_search(actor=actor, q=q, limit=limit)]
    found += [("member", m) for m in member_search(actor=actor, q=q, limit=limit)]
    return found


def subject_get(*, actor, kind: str, pk: int, action: str = Action.CREATE):
    """A record chosen as a case's subject, inside the actor's scope (404 outside)."""
    return person_get(actor=actor, kind=kind, pk=pk, action=action).record
