"""Reads of planning (quy hoạch): the posts under an org with their planned names per term and coverage, one
post's list with every name's conditions judged again as of today (the yearly review), a cadre's entries.
Scope follows the post's org; the conditions are `rules.planning_checks` with the parameters of the day."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tochuc.accounts.roles import Action
from tochuc.core.checks import Eligibility
from tochuc.core.errors import DomainError
from tochuc.core.rules import rules_in_force
from tochuc.core.scope import get_in_scope_or_404, require, scope
from tochuc.orgs.models import Org

from .. import rules
from ..models import Cadre, PlanningEntry, Post

# Planning follows the congress terms (2025-2030, 2030-2035 ...): the list of a term is built during the term
# before it and reviewed every year (DOMAIN.md §5.5).
FIRST_TERM_YEAR = 2025
TERM_YEARS = 5


def term_of(on: date) -> str:
    """The congress term that `on` falls in: 2026-03-01 → "2025-2030"."""
    start = FIRST_TERM_YEAR + TERM_YEARS * ((on.year - FIRST_TERM_YEAR) // TERM_YEARS)
    return f"{start}-{start + TERM_YEARS}"


def term_choices(on: date | None = None) -> list[str]:
    """The terms a list is kept for on `on`: the current term and the next one (planned ahead)."""
    current = term_of(on or timezone.localdate())
    start = int(current[:4])
    return [current, f"{start + TERM_YEARS}-{start + 2 * TERM_YEARS}"]


def planning_params(on: date, field: str = "added_on") -> rules.PlanningParams:
    found = rules_in_force(on)
    if "planning.min_rating" not in found or "retirement.schedule" not in found:
        raise DomainError(
            _("Chưa có quy định về quy hoạch cán bộ hiệu lực ngày %(d)s trong bảng tham số.")
            % {"d": on.strftime("%d/%m/%Y")},
            field=field,
        )
    return rules.PlanningParams.from_rules(found)


def _ratings(cadre: Cadre) -> dict[int, str]:
    # `.all()` so that a prefetched list is used on the pages that judge many names at once
    return {e.year: e.rating for e in cadre.evaluations.all()}


def _disciplines(cadre: Cadre) -> list[rules.DisciplineFacts]:
    return [rules.DisciplineFacts(d.kind, d.on) for d in cadre.disciplines.all()]


def planning_judge(
    *,
    cadre: Cadre,
    post: Post,
    term: str,
    on: date,
    added_on: date | None,
    planned_for_post: int,
    titles_of_person: int,
    params: rules.PlanningParams,
) -> Eligibility:
    """The planning conditions of one name (`added_on` None: a name about to be added)."""
    return rules.planning_checks(
        title=post.title,
        term=term,
        on=on,
        birth_date=cadre.birth_date,
        sex=cadre.sex,
        qualification=cadre.qualification,
        theory_level=cadre.theory_level,
        state_management=cadre.state_management,
        ratings=_ratings(cadre),
        disciplines=_disciplines(cadre),
        added_on=added_on,
        planned_for_post=planned_for_post,
        titles_of_person=titles_of_person,
        params=params,
    )


def _active() -> Q:
    return Q(removed_on__isnull=True)


def planning_eligibility(*, cadre: Cadre, post: Post, term: str, on: date) -> Eligibility:
    """The conditions of adding `cadre` to the list of `post` for `term` on `on`, the new name counted."""
    params = planning_params(on)
    planned = PlanningEntry.objects.filter(_active(), post=post, term=term).count() + 1
    titles = PlanningEntry.objects.filter(_active(), cadre=cadre, term=term).count() + 1
    return planning_judge(
        cadre=cadre,
        post=post,
        term=term,
        on=on,
        added_on=None,
        planned_for_post=planned,
        titles_of_person=titles,
        params=params,
    )


def _entries_with_people() -> QuerySet[PlanningEntry]:
    return PlanningEntry.objects.select_related("cadre", "cadre__org", "post", "post__org").prefetch_related(
        "cadre__evaluations", "cadre__disciplines"
    )


@dataclass
class JudgedEntry:
    entry: PlanningEntry
    eligibility: Eligibility

    @property
    def flagged(self) -> bool:
        return not all(c.ok for c in self.eligibility.checks)


def _judge_all(entries: list[PlanningEntry], on: date) -> list[JudgedEntry]:
    """Judge active entries as of `on`, with the counts of the whole list (not of the page)."""
    if not entries:
        return []
    params = planning_params(on, field=None)
    terms = {e.term for e in entries}
    per_post = Counter(
        {
            (r["post_id"], r["term"]): r["n"]
            for r in PlanningEntry.objects.filter(_active(), term__in=terms, post__in={e.post_id for e in entries})
            .values("post_id", "term")
            .annotate(n=Count("id"))
        }
    )
    per_person = Counter(
        {
            (r["cadre_id"], r["term"]): r["n"]
            for r in PlanningEntry.objects.filter(_active(), term__in=terms, cadre__in={e.cadre_id for e in entries})
            .values("cadre_id", "term")
            .annotate(n=Count("id"))
        }
    )
    return [
        JudgedEntry(
            e,
            planning_judge(
                cadre=e.cadre,
                post=e.post,
                term=e.term,
                on=on,
                added_on=e.added_on,
                planned_for_post=per_post[(e.post_id, e.term)],
                titles_of_person=per_person[(e.cadre_id, e.term)],
                params=params,
            ),
        )
        for e in entries
    ]


def planning_entry_get(*, actor, pk: int, action: str = Action.VIEW) -> PlanningEntry:
    entry = get_in_scope_or_404(
        PlanningEntry.objects.select_related("post", "post__org", "cadre"), actor, "post__org__path", pk=pk
    )
    require(actor, action)
    return entry


# --- The yearly review of one post -------------------------------------------------------------------------


@dataclass
class TermList:
    term: str
    rows: list[JudgedEntry]
    max_candidates: int

    @property
    def over(self) -> bool:
        return len(self.rows) > self.max_candidates

    @property
    def flagged(self) -> int:
        return sum(1 for r in self.rows if r.flagged)


@dataclass
class Review:
    post: Post
    on: date
    terms: list[TermList]
    removed: list[PlanningEntry]
    params: rules.PlanningParams
    holders: list = field(default_factory=list)


def planning_review(*, actor, post: Post, on: date | None = None) -> Review:
    """One post's lists (the current and next terms, and any other term still holding names), every name
    judged again on `on` (today): a failed condition is "no longer meets ..." for the review to act on."""
    require(actor, Action.VIEW, post.org.path)
    on = on or timezone.localdate()
    params = planning_params(on, field=None)
    entries = list(_entries_with_people().filter(post=post).order_by("term", "added_on", "cadre__sort_key", "id"))
    active = [e for e in entries if e.removed_on is None]
    judged = _judge_all(active, on)
    terms = sorted({*term_choices(on), *(e.term for e in active)})
    lists = [
        TermList(term, [j for j in judged if j.entry.term == term], params.max_candidates_per_title) for term in terms
    ]
    removed = sorted((e for e in entries if e.removed_on), key=lambda e: (e.removed_on, e.pk), reverse=True)
    holders = list(post.tenures.filter(ended_on__isnull=True).select_related("cadre").order_by("started_on"))
    return Review(post=post, on=on, terms=lists, removed=removed, params=params, holders=holders)


# --- The posts under an org, their names and coverage ----------------------------------------------------


def planning_posts(*, actor, org: Org | None, term: str, coverage: str = "", q: str = "") -> QuerySet[Post]:
    """Open posts under `org` (the whole scope when None), each annotated with `planned`: the names on its
    list for `term`. `coverage` "covered" / "uncovered" keeps the posts with / without a name."""
    require(actor, Action.LIST, org.path if org is not None else None)
    qs = scope(Post.objects.filter(closed_on__isnull=True), actor, "org__path")
    if org is not None:
        qs = qs.filter(org__path__under=org.path)
    if q.strip():
        qs = qs.filter(Q(name__icontains=q.strip()) | Q(org__name__icontains=q.strip()))
    listed = PlanningEntry.objects.filter(_active(), post=OuterRef("pk"), term=term)
    qs = qs.annotate(
        planned=Count("planning", filter=Q(planning__removed_on__isnull=True, planning__term=term)),
        covered=Exists(listed),
    )
    if coverage == "covered":
        qs = qs.filter(covered=True)
    elif coverage == "uncovered":
        qs = qs.filter(covered=False)
    return qs.select_related("org").order_by("org__path", "name", "id")


def planning_coverage(*, actor, org: Org | None, term: str) -> dict[str, int]:
    """How many open posts under `org` have at least one name for `term`, and how many have none."""
    require(actor, Action.LIST, org.path if org is not None else None)
    posts = scope(Post.objects.filter(closed_on__isnull=True), actor, "org__path")
    if org is not None:
        posts = posts.filter(org__path__under=org.path)
    total = posts.count()
    covered = posts.filter(Exists(PlanningEntry.objects.filter(_active(), post=OuterRef("pk"), term=term))).count()
    return {"total": total, "covered": covered, "uncovered": total - covered}


@dataclass
class PostRow:
    post: Post
    rows: list[JudgedEntry]
    max_candidates: int

    @property
    def over(self) -> bool:
        return len(self.rows) > self.max_candidates

    @property
    def flagged(self) -> int:
        return sum(1 for r in self.rows if r.flagged)


def planning_rows(*, posts: list[Post], term: str, on: date | None = None) -> list[PostRow]:
    """The names of each post of a page for `term`, judged on `on`: a fixed number of queries per page."""
    on = on or timezone.localdate()
    params = planning_params(on, field=None)
    entries = list(
        _entries_with_people()
        .filter(_active(), term=term, post__in=[p.pk for p in posts])
        .order_by("added_on", "cadre__sort_key", "id")
    )
    by_post: dict[int, list[JudgedEntry]] = {}
    for judged in _judge_all(entries, on):
        by_post.setdefault(judged.entry.post_id, []).append(judged)
    return [PostRow(p, by_post.get(p.pk, []), params.max_candidates_per_title) for p in posts]


def planning_export_rows(*, actor, org: Org | None, term: str, on: date | None = None):
    """Every active name for `term` under `org`, judged, in the order of the page (for the Excel list)."""
    on = on or timezone.localdate()
    qs = scope(
        _entries_with_people().filter(_active(), term=term, post__closed_on__isnull=True), actor, "post__org__path"
    )
    if org is not None:
        qs = qs.filter(post__org__path__under=org.path)
    entries = list(qs.order_by("post__org__path", "post__name", "post_id", "added_on", "id"))
    return _judge_all(entries, on)


# --- A cadre's page ---------------------------------------------------------------------------------------


def planning_for_cadre(*, actor, cadre: Cadre, on: date | None = None) -> dict:
    on = on or timezone.localdate()
    visible = list(
        scope(_entries_with_people().filter(cadre=cadre), actor, "post__org__path").order_by("-term", "added_on", "id")
    )
    active = [e for e in visible if e.removed_on is None]
    try:
        judged = _judge_all(active, on)
    except DomainError:
        judged = [JudgedEntry(e, Eligibility()) for e in active]
    return {"active": judged, "removed": [e for e in visible if e.removed_on]}


def cadre_panel(*, actor, cadre) -> dict:
    """This topic's part of the cadre's page, as template context (the people view merges every topic's)."""
    return {
        "planning": planning_for_cadre(actor=actor, cadre=cadre),
        "planning_can_add": actor.can(Action.CREATE) and cadre.status == "working",
    }
