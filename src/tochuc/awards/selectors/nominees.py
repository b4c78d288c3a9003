"""Reads of nominations: the list under an org with its filters (and the conditions of the open ones on the
page), one nomination, the candidates of a year for the batch proposal, the history of a member and of an
org, and the yearly summary by form and kind. Scope follows the proposing org."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tochuc.accounts.roles import Action
from tochuc.core.checks import Eligibility
from tochuc.core.errors import DomainError
from tochuc.core.scope import get_in_scope_or_404, in_scope, require, scope
from tochuc.core.text import fold
from tochuc.members.models import Member
from tochuc.orgs.models import Org

from .. import rules
from ..choices import LIVE_STATUSES, OPEN_STATUSES, AwardForm, NomineeStatus, PeriodType, RecipientKind
from ..models import Nominee
from .eligibility import award_params, eligibility_of, level_of_year, nominee_eligibility, reaching_every_year


def _base() -> QuerySet[Nominee]:
    return Nominee.objects.select_related("proposing_org", "decision", "decision__org")


def nominee_list(
    *,
    actor,
    org: Org | None = None,
    year: int | None = None,
    form: str = "",
    period_type: str = "",
    status: str = "",
    kind: str = "",
    q: str = "",
) -> QuerySet[Nominee]:
    """The nominations proposed under `org` (the whole scope when None), newest first, filtered."""
    require(actor, Action.LIST, org.path if org is not None else None)
    qs = scope(_base(), actor, "proposing_org__path")
    if org is not None:
        qs = qs.filter(proposing_org__path__under=org.path)
    if year:
        qs = qs.filter(year_to=year)
    if form:
        qs = qs.filter(form=form)
    if period_type:
        qs = qs.filter(period_type=period_type)
    if status == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    for word in fold(q).split():
        qs = qs.filter(recipient_folded__contains=word)
    return qs.order_by("-proposed_on", "-id")


@dataclass
class Row:
    nominee: Nominee
    eligibility: Eligibility | None  # judged today for an open nomination, else None

    @property
    def flagged(self) -> bool:
        return self.eligibility is not None and not all(c.ok for c in self.eligibility.checks)


def nominee_rows(nominees: list[Nominee], on: date | None = None) -> list[Row]:
    """A page of nominations, the open ones judged again on `on` (today): a fixed number of queries."""
    on = on or timezone.localdate()
    open_ = [n for n in nominees if n.status in OPEN_STATUSES]
    try:
        verdicts = eligibility_of(open_, on)
    except DomainError:
        verdicts = {}
    return [Row(n, verdicts.get(n.pk)) for n in nominees]


def nominee_get(*, actor, pk: int) -> Nominee:
    return get_in_scope_or_404(
        Nominee.objects.select_related(
            "proposing_org", "member", "member__org", "recipient_org", "decision", "decision__org", "proposed_by"
        ),
        actor,
        "proposing_org__path",
        pk=pk,
    )


def nominee_counts(*, actor, org: Org | None = None, year: int | None = None) -> dict[str, int]:
    """How many nominations under `org` stand at each status (for the list's header), one GROUP BY."""
    qs = scope(Nominee.objects.all(), actor, "proposing_org__path")
    if org is not None:
        qs = qs.filter(proposing_org__path__under=org.path)
    if year:
        qs = qs.filter(year_to=year)
    counts = {s: 0 for s in NomineeStatus.values}
    for row in qs.values("status").annotate(n=Count("id")).order_by():
        counts[row["status"]] = row["n"]
    return counts


def nominee_preview(
    *,
    actor,
    kind: str,
    member: Member | None,
    recipient_org: Org | None,
    period_type: str,
    year_from: int | None,
    year_to: int,
    proposed_on: date,
    **_ignored,
) -> Eligibility:
    """The rating conditions of a nomination being typed on the proposal form, judged as `nominee_propose` will
    judge them (nothing saved). Refused, naming the field, when the recipient or the years are missing or do not
    fit the kind of award."""
    require(actor, Action.CREATE)
    recipient = member if kind == RecipientKind.MEMBER else recipient_org
    if recipient is None:
        field = "member" if kind == RecipientKind.MEMBER else "recipient_org"
        raise DomainError(_("Chọn tập thể hoặc cá nhân được đề nghị."), field=field)
    if year_from is None and period_type != PeriodType.FIVE_YEAR:
        year_from = year_to
    params = award_params(proposed_on)
    wrong = rules.period_years(period_type, year_from, year_to, params.consecutive_years)
    if wrong is not None:
        raise DomainError(
            _("Số năm không phù hợp với loại khen thưởng «%(p)s».") % {"p": PeriodType(period_type).label},
            field=wrong,
        )
    probe = Nominee(
        kind=kind, member=member, recipient_org=recipient_org, period_type=period_type, year_from=year_from,
        year_to=year_to,
    )  # fmt: skip
    return nominee_eligibility(probe, proposed_on)


# --- Candidates of a year, for the batch proposal -----------------------------------------------------------


def _nominated(kind: str, form: str, period_type: str, year_from: int, year_to: int) -> Exists:
    field = "member" if kind == RecipientKind.MEMBER else "recipient_org"
    return Exists(
        Nominee.objects.filter(
            **{field: OuterRef("pk")},
            status__in=LIVE_STATUSES,
            form=form,
            period_type=period_type,
            year_from=year_from,
            year_to=year_to,
        )
    )


def batch_candidates(
    *, actor, org: Org, kind: str, form: str, period_type: str, year_to: int, on: date | None = None
) -> QuerySet:
    """The members active under `org` (kind "member") or the open orgs at or under it (kind "org") whose decided
    ratings meet the condition of `period_type` for `year_to` (the level of each year in force on `on`), with
    no live nomination for the same form, kind and years; annotated `level_<year>` for each year read and
    `nominated`. Ordered as the tree and the names are."""
    require(actor, Action.CREATE, org.path)
    on = on or timezone.localdate()
    params = award_params(on, field=None)
    if period_type == PeriodType.FIVE_YEAR:
        years = list(range(year_to - params.consecutive_years + 1, year_to + 1))
    else:
        years = [year_to]
    wanted = [lvl for lvl in rules.RATING_ORDER if rules.meets(lvl, params.min_rating)]
    if kind == RecipientKind.MEMBER:
        qs = scope(Member.objects.active(), actor, "org__path").filter(org__path__under=org.path)
        qs = qs.select_related("org").order_by("org__path", "sort_key", "id")
    else:
        qs = scope(Org.objects.open(), actor).filter(path__under=org.path).order_by("path")
    # Narrowed first by one GROUP BY over the ratings: the per-year subqueries below then run on the few
    # candidates left, not on every member of the province.
    qs = qs.filter(pk__in=reaching_every_year(kind, years, wanted))
    annotations = {f"level_{y}": level_of_year(kind, y) for y in years}
    qs = qs.annotate(**annotations)
    for name in annotations:
        qs = qs.filter(**{f"{name}__in": wanted})
    return qs.annotate(nominated=_nominated(kind, form, period_type, years[0], year_to)).filter(nominated=False)


# --- History of a member, of an org -------------------------------------------------------------------------


def member_history(*, actor, member: Member) -> list[Nominee]:
    """Every commendation of `member` (the member must be in scope): the awarded ones whoever proposed them
    (a decision of the province is part of the person's record), the others when proposed in scope; newest
    first."""
    require(actor, Action.VIEW, member.org.path)
    return _history(actor, Q(member=member))


def org_history(*, actor, org: Org) -> list[Nominee]:
    """Every commendation of `org` as a collective (the org must be in scope), as for a member."""
    require(actor, Action.VIEW, org.path)
    return _history(actor, Q(recipient_org=org))


def _history(actor, who: Q) -> list[Nominee]:
    rows = list(_base().filter(who).order_by("-year_to", "-proposed_on", "-id"))
    return [n for n in rows if n.status == NomineeStatus.AWARDED or in_scope(actor, n.proposing_org.path)]


def decision_visible(actor, nominee: Nominee) -> bool:
    """Whether the decision of an awarded nominee can be opened (its deciding org is in scope)."""
    return nominee.decision is not None and in_scope(actor, nominee.decision.org.path)


# --- Summary by year, form and kind -------------------------------------------------------------------------


@dataclass
class SummaryRow:
    year: int
    cells: dict[tuple[str, str], int]  # (form, kind) → count
    total: int


def award_summary(
    *, actor, org: Org | None, year_from: int | None = None, year_to: int | None = None, status: str = "awarded"
) -> list[SummaryRow]:
    """The nominations under `org` (default: awarded) counted by year, form and kind: one GROUP BY."""
    require(actor, Action.LIST, org.path if org is not None else None)
    qs = scope(Nominee.objects.all(), actor, "proposing_org__path")
    if org is not None:
        qs = qs.filter(proposing_org__path__under=org.path)
    if status:
        qs = qs.filter(status=status)
    if year_from:
        qs = qs.filter(year_to__gte=year_from)
    if year_to:
        qs = qs.filter(year_to__lte=year_to)
    by_year: dict[int, dict[tuple[str, str], int]] = {}
    for r in qs.values("year_to", "form", "kind").annotate(n=Count("id")).order_by():
        by_year.setdefault(r["year_to"], {})[(r["form"], r["kind"])] = r["n"]
    return [SummaryRow(year, cells, sum(cells.values())) for year, cells in sorted(by_year.items(), reverse=True)]


SUMMARY_COLUMNS = [(f, k) for f in AwardForm.values for k in (RecipientKind.ORG, RecipientKind.MEMBER)]
