"""Reads of training and evaluation, always inside the actor's scope: courses and their attendees, the
training gaps of the people holding or planned for posts (against the rule table's requirements per title),
the yearly evaluations by org and year, and the cadre page's panels of both."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tochuc.accounts.roles import Action
from tochuc.core.rules import rules_in_force
from tochuc.core.scope import get_in_scope_or_404, require, scope
from tochuc.core.text import fold
from tochuc.orgs.models import Org

from .. import rules
from ..choices import RATING_ORDER, AttendanceResult, CadreStatus, CourseKind, Rating, Title
from ..models import Attendance, Cadre, Course, Evaluation, PlanningEntry, Tenure

REQUIREMENTS = "cadres.title_requirements"

# --- Courses ----------------------------------------------------------------------------------------------


def course_list(
    *, actor, org: Org | None = None, kind: str = "", year: int | None = None, q: str = ""
) -> QuerySet[Course]:
    """Courses organized by the orgs of the actor's scope (under `org` when given: 404 outside), newest
    first, each with its number of attendees and of those who passed."""
    qs = scope(Course.objects.select_related("org"), actor, "org__path")
    if org is not None:
        require(actor, Action.LIST, org.path)
        qs = qs.filter(org__path__under=org.path)
    if kind:
        qs = qs.filter(kind=kind)
    if year:
        # A course counts in every year it runs: begun by the end of the year, not ended before it.
        qs = qs.filter(starts_on__lte=date(year, 12, 31)).filter(
            Q(ends_on__isnull=True, starts_on__gte=date(year, 1, 1)) | Q(ends_on__gte=date(year, 1, 1))
        )
    for word in q.split():
        qs = qs.filter(name__icontains=word)
    return qs.annotate(
        attendees=Count("attendances"),
        passed=Count("attendances", filter=Q(attendances__result=AttendanceResult.PASSED)),
    ).order_by("-starts_on", "-id")


def course_get(*, actor, pk: int) -> Course:
    """One course inside the actor's scope, or 404."""
    course = get_in_scope_or_404(Course.objects.select_related("org"), actor, "org__path", pk=pk)
    require(actor, Action.VIEW, course.org.path)
    return course


def course_attendances(*, actor, course: Course) -> list[Attendance]:
    """The attendees of a course the actor sees (course_get), in Vietnamese order of their names."""
    require(actor, Action.VIEW, course.org.path)
    return list(
        Attendance.objects.filter(course=course)
        .select_related("cadre", "cadre__org")
        .order_by("cadre__sort_key", "cadre_id")
    )


def result_counts(attendances: Iterable[Attendance]) -> list[tuple[str, str, int]]:
    """(result, label, how many) for each result, from a course's list of attendees."""
    counts: dict[str, int] = {}
    for a in attendances:
        counts[a.result] = counts.get(a.result, 0) + 1
    return [(value, label, counts.get(value, 0)) for value, label in AttendanceResult.choices]


def attendance_get(*, actor, pk: int) -> Attendance:
    """One attendance, reached through its course inside the actor's scope, or 404."""
    attendance = get_in_scope_or_404(
        Attendance.objects.select_related("course", "course__org", "cadre", "cadre__org"),
        actor,
        "course__org__path",
        pk=pk,
    )
    require(actor, Action.VIEW, attendance.course.org.path)
    return attendance


# --- Training gaps ----------------------------------------------------------------------------------------

# The fields of the record that the requirements name, the kind of course that closes a gap in each, and the
# words the page uses for a gap of that kind.
GAP_KINDS: list[tuple[str, str, str]] = [
    ("theory_level", CourseKind.THEORY, _("Lý luận chính trị")),
    ("qualification", CourseKind.PROFESSIONAL, _("Chuyên môn")),
    ("state_management", CourseKind.STATE_MANAGEMENT, _("Quản lý nhà nước")),
]
GAP_FIELD_KIND = {f: kind for f, kind, _label in GAP_KINDS}
GAP_LABELS = {f: label for f, _kind, label in GAP_KINDS}
_ORDERS = {
    "theory_level": rules.THEORY_ORDER,
    "qualification": rules.QUALIFICATION_ORDER,
    "state_management": rules.STATE_MANAGEMENT_ORDER,
}
HELD, PLANNED = "held", "planned"


@dataclass
class Gap:
    field: str  # theory_level, qualification or state_management
    wanted: str  # the level the title requires
    text: str  # rules.requirement_gaps' sentence
    title: str  # the title that requires it (the highest requirement among the person's titles)
    studying: Course | None = None  # an open enrollment in a course that would close the gap

    @property
    def label(self) -> str:
        return str(GAP_LABELS[self.field])

    @property
    def title_label(self) -> str:
        return str(Title(self.title).label)


@dataclass
class GapRow:
    cadre: Cadre
    held: list[Tenure] = field(default_factory=list)
    planned: list[PlanningEntry] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)

    def gap(self, name: str) -> Gap | None:
        return next((g for g in self.gaps if g.field == name), None)


@dataclass
class GapReport:
    rows: list[GapRow]  # the people with at least one gap (of the kind filtered), in Vietnamese order
    checked: int  # how many people were compared with their titles' requirements
    counts: list[tuple[str, str, int, int]]  # (field, label, people with that gap, of whom studying)
    confirmed: bool  # whether the requirements are confirmed in the rule table
    basis: str  # their legal basis


def _gaps_for(cadre: Cadre, titles: Iterable[str], requirements) -> list[Gap]:
    """The person's gaps against every one of their titles, one per field: the highest level wanted."""
    found: dict[str, Gap] = {}
    levels = {
        "theory_level": cadre.theory_level,
        "qualification": cadre.qualification,
        "state_management": cadre.state_management,
    }
    for title in titles:
        need = requirements.get(title, {})
        for name in _ORDERS:
            wanted = need.get(name)
            if not wanted:
                continue
            texts = rules.requirement_gaps(title, {title: {name: wanted}}, **levels)
            if not texts:
                continue
            order = _ORDERS[name]
            known = found.get(name)
            if known is None or rules.level_rank(order, wanted) > rules.level_rank(order, known.wanted):
                found[name] = Gap(field=name, wanted=wanted, text=texts[0], title=title)
    return [found[name] for name in _ORDERS if name in found]


def closes_gap(gap: Gap, cadre: Cadre, course: Course) -> bool:
    """Whether passing `course` would close the gap: the person's levels with the course's level put in."""
    if GAP_FIELD_KIND[gap.field] != course.kind or not course.level:
        return False
    levels = {
        "theory_level": cadre.theory_level,
        "qualification": cadre.qualification,
        "state_management": cadre.state_management,
        gap.field: course.level,
    }
    return not rules.requirement_gaps(gap.title, {gap.title: {gap.field: gap.wanted}}, **levels)


def _mark_studying(rows: list[GapRow]) -> None:
    """Set `studying` on the gaps an open enrollment would close: one query for every row."""
    by_cadre = {r.cadre.pk: r for r in rows if r.gaps}
    if not by_cadre:
        return
    enrolled = (
        Attendance.objects.filter(cadre_id__in=list(by_cadre), result=AttendanceResult.ENROLLED)
        .exclude(course__level="")
        .select_related("course")
        .order_by("course__starts_on", "id")
    )
    for a in enrolled:
        row = by_cadre[a.cadre_id]
        for gap in row.gaps:
            if gap.studying is None and closes_gap(gap, row.cadre, a.course):
                gap.studying = a.course


def training_gaps(
    *, actor, org: Org | None = None, kind: str = "", source: str = "", on: date | None = None
) -> GapReport:
    """The people holding posts (open tenures) of the orgs in scope, and those planned for them (active
    planning entries), whose levels fall short of the requirements of the rule table in force on `on`
    (today) for their titles. `kind`: only gaps of that field; `source`: "held", "planned" or both."""
    on = on or timezone.localdate()
    root = org.path if org is not None else None
    if org is not None:
        require(actor, Action.LIST, org.path)
    in_force = rules_in_force(on)
    requirements = in_force[REQUIREMENTS]
    version = in_force.version(REQUIREMENTS)

    rows: dict[int, GapRow] = {}
    if source != PLANNED:
        tenures = scope(
            Tenure.objects.filter(ended_on__isnull=True, cadre__status=CadreStatus.WORKING).select_related(
                "cadre", "cadre__org", "post", "post__org"
            ),
            actor,
            "post__org__path",
        )
        if root is not None:
            tenures = tenures.filter(post__org__path__under=root)
        for t in tenures.order_by("post__org__path", "-post__id"):
            rows.setdefault(t.cadre_id, GapRow(cadre=t.cadre)).held.append(t)
    if source != HELD:
        entries = scope(
            PlanningEntry.objects.filter(removed_on__isnull=True, cadre__status=CadreStatus.WORKING).select_related(
                "cadre", "cadre__org", "post", "post__org"
            ),
            actor,
            "post__org__path",
        )
        if root is not None:
            entries = entries.filter(post__org__path__under=root)
        for e in entries.order_by("post__org__path", "term", "id"):
            rows.setdefault(e.cadre_id, GapRow(cadre=e.cadre)).planned.append(e)

    for row in rows.values():
        titles = dict.fromkeys([t.post.title for t in row.held] + [e.post.title for e in row.planned])
        row.gaps = _gaps_for(row.cadre, titles, requirements)
        if kind:
            row.gaps = [g for g in row.gaps if g.field == kind]
    _mark_studying(list(rows.values()))
    listed = sorted((r for r in rows.values() if r.gaps), key=lambda r: (r.cadre.sort_key, r.cadre.pk))
    counts = []
    for name, _course_kind, label in GAP_KINDS:
        with_gap = [r.gap(name) for r in listed if r.gap(name) is not None]
        counts.append((name, str(label), len(with_gap), sum(1 for g in with_gap if g.studying is not None)))
    return GapReport(
        rows=listed,
        checked=len(rows),
        counts=counts,
        confirmed=bool(version.confirmed),
        basis=in_force.basis(REQUIREMENTS),
    )


# --- Evaluations ------------------------------------------------------------------------------------------

NOT_EVALUATED = "none"


def evaluation_cadres(*, actor, org: Org | None, year: int, rating: str = "", q: str = "") -> QuerySet[Cadre]:
    """The cadres managed by the orgs under `org` (the actor's scope when None; 404 outside) who could be
    evaluated for `year`: working, or stopped during or after that year, and anyone already evaluated for it.
    `rating`: only those at that level, or "none" for those not yet evaluated."""
    qs = scope(Cadre.objects.select_related("org", "member"), actor, "org__path")
    if org is not None:
        require(actor, Action.LIST, org.path)
        qs = qs.filter(org__path__under=org.path)
    qs = qs.filter(Q(status=CadreStatus.WORKING) | Q(ended_on__gte=date(year, 1, 1)) | Q(pk__in=_evaluated_ids(year)))
    if rating == NOT_EVALUATED:
        qs = qs.exclude(pk__in=_evaluated_ids(year))
    elif rating:
        qs = qs.filter(pk__in=Evaluation.objects.filter(year=year, rating=rating).values("cadre_id"))
    for word in fold(q).split():
        qs = qs.filter(name_folded__contains=word)
    return qs.order_by("sort_key", "id")


def _evaluated_ids(year: int):
    return Evaluation.objects.filter(year=year).values("cadre_id")


def evaluations_of(cadres: Iterable[Cadre], year: int) -> dict[int, Evaluation]:
    """The evaluations of `year` of the given cadres (a page of the list), by cadre id: one query."""
    ids = [c.pk for c in cadres]
    return {e.cadre_id: e for e in Evaluation.objects.filter(year=year, cadre_id__in=ids)}


@dataclass
class RatingCounts:
    rows: list[tuple[str, str, int]]  # (rating, label, how many), the highest level first
    not_evaluated: int
    total: int
    excellent_over_quota: bool  # HTXSNV above the rule table's share of HTTNV (a warning)
    max_ratio: str  # that share, as the rule table gives it


def rating_counts(qs: QuerySet[Cadre], year: int, *, on: date | None = None) -> RatingCounts:
    """How many of the listed cadres are at each level in `year`, and how many are not evaluated: one
    aggregate. The share of HTXSNV is compared with the rule table's cap on HTXSNV against HTTNV (Decree
    335/2025 for civil servants; UNCONFIRMED for 366-QĐ/TW, so a warning)."""
    ids = qs.order_by().values("pk")
    grouped = dict(
        Evaluation.objects.filter(year=year, cadre_id__in=ids)
        .values("rating")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("rating", "n")
    )
    total = qs.order_by().count()
    rows = [(r.value, str(r.label), grouped.get(r.value, 0)) for r in reversed(RATING_ORDER)]
    evaluated = sum(grouped.values())
    try:
        ratio = rules_in_force(on or timezone.localdate())["rating.max_excellent_ratio_of_good"]
    except KeyError:  # a database without that rule: no warning rather than a wrong one
        ratio = None
    excellent, good = grouped.get(Rating.EXCELLENT, 0), grouped.get(Rating.GOOD, 0)
    over = ratio is not None and excellent > 0 and excellent > float(ratio) * good
    return RatingCounts(
        rows=rows,
        not_evaluated=max(0, total - evaluated),
        total=total,
        excellent_over_quota=over,
        max_ratio=str(ratio) if ratio is not None else "",
    )


def evaluation_of(*, actor, cadre: Cadre, year: int) -> Evaluation | None:
    """The cadre's evaluation of `year`, if set (the caller got the cadre in scope)."""
    require(actor, Action.VIEW, cadre.org.path)
    return Evaluation.objects.filter(cadre=cadre, year=year).first()


def cadre_evaluations(*, actor, cadre: Cadre) -> list[Evaluation]:
    require(actor, Action.VIEW, cadre.org.path)
    return list(Evaluation.objects.filter(cadre=cadre).order_by("-year"))


# --- The cadre's page -------------------------------------------------------------------------------------


def cadre_panel(*, actor, cadre) -> dict:
    """This topic's part of the cadre's page, as template context (the people view merges every topic's):
    the courses attended with their results, the gaps against the titles held or planned, the yearly
    evaluations, and whether the cadre is a party member (whose own yearly rating is another module's)."""
    require(actor, Action.VIEW, cadre.org.path)
    attendances = list(
        Attendance.objects.filter(cadre=cadre).select_related("course", "course__org").order_by("-course__starts_on")
    )
    held = list(Tenure.objects.filter(cadre=cadre, ended_on__isnull=True).select_related("post"))
    planned = list(PlanningEntry.objects.filter(cadre=cadre, removed_on__isnull=True).select_related("post"))
    gaps: list[Gap] = []
    if held or planned:
        requirements = rules_in_force()[REQUIREMENTS]
        titles = dict.fromkeys([t.post.title for t in held] + [e.post.title for e in planned])
        gaps = _gaps_for(cadre, titles, requirements)
        for a in attendances:
            if a.result == AttendanceResult.ENROLLED:
                for gap in gaps:
                    if gap.studying is None and closes_gap(gap, cadre, a.course):
                        gap.studying = a.course
    return {
        "training_attendances": attendances,
        "training_gaps": gaps,
        "evaluations": cadre_evaluations(actor=actor, cadre=cadre),
        "evaluation_is_member": cadre.member_id is not None,
        "training_can_edit": actor.can(Action.EDIT),
    }
