"""Reads of delegates: the apportionment proposal of a congress's seats (members and outgoing committee per
sub-org), the delegate list of a congress and of one delegation, the figures the election needs (summoned,
absent with approved reasons, present) and the credentials committee's report. Scope follows the
congress's org."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr
from django.utils.translation import gettext as _

from tochuc.members.choices import Education, Qualification, Sex, TheoryLevel
from tochuc.members.models import Member
from tochuc.orgs.models import SEGMENT, Org

from .. import rules
from ..choices import Body, Credentials, DelegateKind
from ..models import CommitteeMembership, Congress, Delegate, SeatAllocation
from .congresses import CONGRESS_ORG_TYPES

# --- Apportionment ---------------------------------------------------------------------------------------


@dataclass
class AllocationRow:
    org: Org
    members: int
    ex_officio: int
    proposed: int
    saved: int | None = None
    elected: int = 0  # elected delegates already recorded for this sub-org


def allocation_units(congress: Congress) -> list[Org]:
    """The sub-orgs that send delegates: the open orgs directly under the congress's org."""
    return list(
        Org.objects.open().filter(parent=congress.org, org_type__in=CONGRESS_ORG_TYPES).order_by("sort_key", "pk")
    )


def _counts_by_child(congress: Congress, qs: QuerySet, path_field: str) -> dict[str, int]:
    length = len(congress.org.path) + SEGMENT
    rows = (
        qs.filter(**{f"{path_field}__under": congress.org.path})
        .annotate(prefix=Substr(path_field, 1, length))
        .values("prefix")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {r["prefix"]: r["n"] for r in rows}


def allocation_rows(*, congress: Congress, base_per_unit: int = 0) -> list[AllocationRow]:
    """Each sub-org with its active members, its members on the outgoing committee (ex officio, counted
    apart from the seats), the seats `rules.apportion` proposes and those saved. A fixed number of queries."""
    units = allocation_units(congress)
    members = _counts_by_child(congress, Member.objects.active(), "org__path")
    ex_officio = _counts_by_child(
        congress,
        CommitteeMembership.objects.filter(org=congress.org, body=Body.COMMITTEE, ended_on__isnull=True),
        "member__org__path",
    )
    saved = {a.org_id: a.seats for a in SeatAllocation.objects.filter(congress=congress)}
    elected = dict(
        Delegate.objects.filter(congress=congress, kind=DelegateKind.ELECTED, alternate=False)
        .values("from_org_id")
        .annotate(n=Count("id"))
        .values_list("from_org_id", "n")
    )
    proposal = (
        rules.apportion(
            seats=congress.delegate_seats or 0,
            members={u.pk: members.get(u.path, 0) for u in units},
            base_per_unit=base_per_unit,
        )
        if units
        else {}
    )
    return [
        AllocationRow(
            org=u,
            members=members.get(u.path, 0),
            ex_officio=ex_officio.get(u.path, 0),
            proposed=proposal.get(u.pk, 0),
            saved=saved.get(u.pk),
            elected=elected.get(u.pk, 0),
        )
        for u in units
    ]


def allocation_list(*, congress: Congress) -> list[SeatAllocation]:
    return list(SeatAllocation.objects.filter(congress=congress).select_related("org"))


# --- Delegates ----------------------------------------------------------------------------------------------


def delegate_list(
    *,
    congress: Congress,
    from_org: Org | None = None,
    kind: str = "",
    credentials: str = "",
    absent: bool | None = None,
) -> QuerySet[Delegate]:
    """The delegates of a congress (the caller got the congress through `congress_get`, so scope is
    checked), by delegation."""
    qs = Delegate.objects.filter(congress=congress).select_related("member", "member__org", "from_org")
    if from_org is not None:
        qs = qs.filter(from_org=from_org)
    if kind:
        qs = qs.filter(kind=kind)
    if credentials:
        qs = qs.filter(credentials=credentials)
    if absent is not None:
        qs = qs.filter(absent=absent)
    return qs.order_by("from_org__sort_key", "alternate", "member__sort_key", "pk")


def delegate_get(*, congress: Congress, pk: int) -> Delegate:
    from django.http import Http404

    try:
        return Delegate.objects.select_related("member", "member__org", "from_org", "congress", "congress__org").get(
            congress=congress, pk=pk
        )
    except Delegate.DoesNotExist:
        raise Http404 from None


def delegation_choices(congress: Congress) -> list[Org]:
    """The delegations of a congress: the sub-orgs (and the org itself, for a members' congress of an org
    without sub-orgs or for delegates who belong to no sub-org)."""
    return [congress.org, *allocation_units(congress)]


def summoned_q() -> Q:
    """Summoned (triệu tập): official delegates (not alternates) whose credentials were not refused."""
    return Q(alternate=False) & ~Q(credentials=Credentials.REFUSED)


def delegate_figures(congress: Congress) -> dict[str, int]:
    """The figures an election at this congress is counted on (190-QĐ/TW; DOMAIN.md §3.4): the members or
    delegates summoned, those absent for the whole congress with an approved reason (deducted from the
    base), and those present. One query."""
    figures = Delegate.objects.filter(congress=congress).aggregate(
        summoned=Count("id", filter=summoned_q()),
        n_absent=Count("id", filter=summoned_q() & Q(absent=True)),
        n_excused=Count("id", filter=summoned_q() & Q(absent=True, absence_excused=True)),
    )
    return {
        "summoned": figures["summoned"],
        "absent_excused": figures["n_excused"],
        "present": figures["summoned"] - figures["n_absent"],
    }


# --- The credentials committee's report --------------------------------------------------------------------


@dataclass
class Breakdown:
    """One block of the report: a label per line with its count and share of the delegates counted."""

    title: str
    rows: list[tuple[str, int, float]] = field(default_factory=list)


@dataclass
class CredentialsReport:
    congress: Congress
    on: date
    recorded: int
    accepted: int
    refused: int
    pending: int
    alternates: int
    figures: dict[str, int]
    absent: int
    absent_unexcused: int
    blocks: list[Breakdown]
    youngest: int | None
    oldest: int | None
    refused_list: list[Delegate]
    absent_list: list[Delegate]


def _block(title: str, counter: Counter, order: list[str], total: int) -> Breakdown:
    counter = Counter({str(k): n for k, n in counter.items()})
    order = [str(k) for k in order]
    keys = [k for k in order if counter.get(k)] + [k for k in counter if k not in order]
    return Breakdown(
        title=str(title),
        rows=[(k, counter[k], round(100 * counter[k] / total, 2) if total else 0.0) for k in keys],
    )


def reference_day(congress: Congress) -> date:
    """The day ages and party ages are counted at: the reference date, else the day the congress opens."""
    return congress.reference_date or congress.held_from or congress.planned_from


def credentials_report(*, congress: Congress) -> CredentialsReport:
    """The credentials committee's report (190-QĐ/TW Art. 7): the delegates summoned (alternates and refused
    credentials apart), counted by kind, sex, age band, ethnic group, education, qualification, political
    theory level and party age, with those present and absent. Two queries."""
    on = reference_day(congress)
    delegates = list(
        Delegate.objects.filter(congress=congress)
        .select_related("member", "from_org")
        .order_by("from_org__sort_key", "member__sort_key", "pk")
    )
    counted = [d for d in delegates if not d.alternate and d.credentials != Credentials.REFUSED]
    n = len(counted)
    kinds = Counter(DelegateKind(d.kind).label for d in counted)
    sexes = Counter(Sex(d.member.sex).label for d in counted)
    ages = Counter(rules.band(rules.age_on(d.member.birth_date, on), rules.AGE_BANDS) for d in counted)
    ethnic = Counter(_("Dân tộc thiểu số") if rules.is_minority(d.member.ethnic_group) else "Kinh" for d in counted)
    education = Counter(
        Education(d.member.education).label if d.member.education in Education.values else _("Chưa khai")
        for d in counted
    )
    qualification = Counter(
        Qualification(q).label if (q := d.member.qualification) in Qualification.values else _("Chưa khai")
        for d in counted
    )
    theory = Counter(
        TheoryLevel(d.member.theory_level).label if d.member.theory_level in TheoryLevel.values else _("Chưa khai")
        for d in counted
    )
    party_age = Counter(
        rules.band(rules.years_between(d.member.party_age_from or d.member.admitted_on, on), rules.PARTY_AGE_BANDS)
        if (d.member.party_age_from or d.member.admitted_on)
        else _("Chưa khai")
        for d in counted
    )
    youngest = min((rules.age_on(d.member.birth_date, on) for d in counted), default=None)
    oldest = max((rules.age_on(d.member.birth_date, on) for d in counted), default=None)
    age_bands = rules.AGE_BANDS
    blocks = [
        _block(_("Loại đại biểu"), kinds, [k.label for k in DelegateKind], n),
        _block(_("Giới tính"), sexes, [s.label for s in Sex], n),
        _block(_("Độ tuổi (tính đến %(d)s)") % {"d": on.strftime("%d/%m/%Y")}, ages, [b[2] for b in age_bands], n),
        _block(_("Dân tộc"), ethnic, ["Kinh", _("Dân tộc thiểu số")], n),
        _block(_("Trình độ giáo dục phổ thông"), education, [e.label for e in Education], n),
        _block(_("Trình độ chuyên môn"), qualification, [q.label for q in reversed(Qualification)], n),
        _block(_("Trình độ lý luận chính trị"), theory, [t.label for t in reversed(TheoryLevel)], n),
        _block(_("Tuổi đảng"), party_age, [b[2] for b in rules.PARTY_AGE_BANDS], n),
    ]
    absent = [d for d in counted if d.absent]
    return CredentialsReport(
        congress=congress,
        on=on,
        recorded=len(delegates),
        accepted=sum(1 for d in delegates if d.credentials == Credentials.ACCEPTED and not d.alternate),
        refused=sum(1 for d in delegates if d.credentials == Credentials.REFUSED),
        pending=sum(1 for d in delegates if d.credentials == Credentials.PENDING and not d.alternate),
        alternates=sum(1 for d in delegates if d.alternate),
        figures=delegate_figures(congress),
        absent=len(absent),
        absent_unexcused=sum(1 for d in absent if not d.absence_excused),
        blocks=blocks,
        youngest=youngest,
        oldest=oldest,
        refused_list=[d for d in delegates if d.credentials == Credentials.REFUSED],
        absent_list=absent,
    )
