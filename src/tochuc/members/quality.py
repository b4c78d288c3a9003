"""Data-quality checks of member records: the "đúng – đủ – sạch – sống" standard of the national clean-up
of party-member data (correct, complete, clean, live; DOMAIN.md §6.3).

Each check is a set of conditions (`Q`) run by the database over a scoped queryset: one aggregate query
counts every problem, one filtered query lists the members concerned, and the words for the members of
one page are computed from the rows already loaded (`members.rules` is the source of each rule).

| check        | standard | a member is listed when ...                                                        |
|--------------|----------|------------------------------------------------------------------------------------|
| `missing`    | đủ       | active, and a required field is empty: citizen ID, birth place, home town,          |
|              |          | residence, dossier number, admission date; for an official member also the date of   |
|              |          | recognition and the card number                                                      |
| `citizen_id` | đúng     | active, with a citizen ID that `rules.citizen_id_problem` refuses (12 digits,        |
|              |          | province code, century and sex digit, year of birth)                                 |
| `duplicate`  | sạch     | another record under the same org has the same folded name and birth date (exact      |
|              |          | duplicates of a citizen ID or card number are impossible: both columns are unique)   |
| `status`     | đúng     | the status contradicts the dates: official without a recognition date, probationary  |
|              |          | with one, probation ended and the review deadline (30 working days) passed without   |
|              |          | recognition, ceremony or recognition before admission, an ended member still holding |
|              |          | an open membership record                                                            |
| `stale`      | sống     | active, and the record has not changed for a year (`updated_at`)                     |
"""

from __future__ import annotations

import operator
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import reduce

from dateutil.relativedelta import relativedelta
from django.db.models import BooleanField, CharField, Count, Exists, ExpressionWrapper, F, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Cast, Concat, ExtractYear, Length, Right, Substr
from django.db.models.lookups import In
from django.utils import timezone

from tochuc.core.calendar import holidays_between
from tochuc.core.dates import add_months
from tochuc.core.rules import rules_in_force
from tochuc.core.scope import scope
from tochuc.orgs.models import Org

from .choices import ACTIVE_STATUSES, ENDED_STATUSES, Sex, Status
from .models import Member, Membership
from .rules import CITIZEN_ID_PROVINCES, citizen_id_problem, probation_end, recognition_review_due

# --- What is checked --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    code: str  # "missing.citizen_id"
    label: str  # what a person reads, in Vietnamese

    @property
    def flag(self) -> str:
        """The name of the boolean annotation that says whether a member has this problem."""
        return "qf_" + self.code.replace(".", "_")


@dataclass(frozen=True)
class Check:
    code: str
    title: str
    standard: str  # which of "đúng – đủ – sạch – sống" it serves
    description: str
    problems: tuple[Problem, ...]


# Required fields of an active member's dossier: (field, label, official members only).
REQUIRED_FIELDS: tuple[tuple[str, str, bool], ...] = (
    ("citizen_id", "Số CCCD", False),
    ("birth_place", "Nơi sinh", False),
    ("home_town", "Quê quán", False),
    ("residence", "Nơi thường trú", False),
    ("admitted_on", "Ngày vào Đảng", False),
    ("official_on", "Ngày chính thức", True),
    ("card_number", "Số thẻ đảng viên", True),
    ("dossier_number", "Số lý lịch", False),
)
_DATE_FIELDS = {"admitted_on", "official_on"}

STATUS_PROBLEMS = (
    Problem("status.official_without_date", "Đảng viên chính thức nhưng chưa có ngày chính thức"),
    Problem("status.probationary_with_date", "Đảng viên dự bị nhưng đã có ngày chính thức"),
    Problem("status.recognition_overdue", "Hết dự bị quá 30 ngày làm việc chưa xét công nhận chính thức"),
    Problem("status.ceremony_before_admission", "Ngày lễ kết nạp trước ngày vào Đảng"),
    Problem("status.official_before_admission", "Ngày chính thức trước ngày vào Đảng"),
    Problem("status.ended_with_open_membership", "Đã thôi sinh hoạt nhưng vẫn còn quá trình sinh hoạt chưa đóng"),
)

CHECKS: tuple[Check, ...] = (
    Check(
        "missing",
        "Thiếu thông tin bắt buộc",
        "đủ",
        "Đảng viên đang sinh hoạt còn trống trường bắt buộc của hồ sơ.",
        tuple(Problem(f"missing.{name}", f"Thiếu {label[0].lower()}{label[1:]}") for name, label, _ in REQUIRED_FIELDS),
    ),
    Check(
        "citizen_id",
        "Số CCCD không hợp lệ",
        "đúng",
        "Số CCCD sai cấu trúc 12 chữ số, sai mã tỉnh, hoặc không khớp năm sinh, giới tính (Thông tư 07/2016/TT-BCA).",
        (Problem("citizen_id.invalid", "Số CCCD không hợp lệ"),),
    ),
    Check(
        "duplicate",
        "Hồ sơ có thể bị trùng",
        "sạch",
        "Hai hồ sơ trở lên cùng họ tên (không dấu) và cùng ngày sinh.",
        (Problem("duplicate.name_birth", "Trùng họ tên và ngày sinh với hồ sơ khác"),),
    ),
    Check(
        "status",
        "Trạng thái không khớp với các mốc thời gian",
        "đúng",
        "Trạng thái đảng viên mâu thuẫn với ngày vào Đảng, lễ kết nạp, ngày chính thức hoặc quá trình sinh hoạt.",
        STATUS_PROBLEMS,
    ),
    Check(
        "stale",
        "Lâu không cập nhật",
        "sống",
        "Hồ sơ đảng viên đang sinh hoạt không có thay đổi nào trong 12 tháng qua.",
        (Problem("stale.year", "Không được cập nhật từ 12 tháng trở lên"),),
    ),
)
CHECKS_BY_CODE = {c.code: c for c in CHECKS}
PROBLEMS_BY_CODE = {p.code: p for c in CHECKS for p in c.problems}


# --- The moment the checks are run for -----------------------------------------------------------------


def overdue_ceremony_cutoff(today: date, *, months: int, working_days: int, holidays: Collection[date]) -> date:
    """The last ceremony date whose recognition review deadline (`rules.recognition_review_due`) has passed
    by `today`: a probationary member whose ceremony was on or before it is overdue.

    The deadline never moves earlier when the ceremony moves later (calendar months, then working days),
    so every earlier ceremony is overdue too and one date comparison in SQL finds them all.
    """
    ceremony = add_months(today, -months)  # its probation ends today (or the day before): not overdue yet
    while recognition_review_due(ceremony, months=months, working_days=working_days, holidays=holidays) >= today:
        ceremony -= timedelta(days=1)
    return ceremony


@dataclass(frozen=True)
class QualityContext:
    """What the checks depend on besides the records: today, the rule table in force, the holidays."""

    today: date
    stale_before: datetime
    overdue_ceremony_on: date  # ceremonies on or before this day: the review deadline has passed
    probation_months: int
    review_working_days: int
    review_basis: str = ""


def quality_context(today: date | None = None) -> QualityContext:
    """Read the rule table and the holiday table once for a run of the checks (two queries)."""
    today = today or timezone.localdate()
    rules = rules_in_force(today)
    months, working_days = rules["probation.months"], rules["probation.review_working_days"]
    # 30 working days never span more than ~60 calendar days (Tết included); 120 leaves a wide margin.
    holidays = holidays_between(add_months(today, -months) - timedelta(days=120), today)
    now = timezone.now()
    return QualityContext(
        today=today,
        stale_before=now - relativedelta(years=1),
        overdue_ceremony_on=overdue_ceremony_cutoff(today, months=months, working_days=working_days, holidays=holidays),
        probation_months=months,
        review_working_days=working_days,
        review_basis=rules.basis("probation.review_working_days"),
    )


# --- The conditions, as SQL ------------------------------------------------------------------------------


def _any_of(conditions: Iterable[Q]) -> Q:
    return reduce(operator.or_, conditions)


def _twin_key() -> Concat:
    """Folded name and birth date as one value, so that records sharing both can be grouped and looked up."""
    return Concat("name_folded", Value("|"), Cast("birth_date", CharField()), output_field=CharField())


def _blank(name: str) -> Q:
    if name in _DATE_FIELDS:
        return Q(**{f"{name}__isnull": True})
    return Q(**{f"{name}__isnull": True}) | Q(**{name: ""})


def _with_citizen_id_parts(qs: QuerySet[Member]) -> QuerySet[Member]:
    """The pieces of the citizen ID and of the birth year that `citizen_id_invalid` compares."""
    return qs.annotate(
        qc_province=Substr("citizen_id", 1, 3),
        qc_code=Substr("citizen_id", 4, 1),
        qc_year=Substr("citizen_id", 5, 2),
        # The last two digits of the year as text (MOD would return a float on SQLite: "5.0").
        qc_birth_yy=Right(Cast(ExtractYear("birth_date"), CharField()), 2),
        qc_length=Length("citizen_id"),
    )


def citizen_id_invalid() -> Q:
    """`rules.citizen_id_problem(citizen_id, birth_date, sex) is not None`, written for the database
    (on a queryset passed through `_with_citizen_id_parts`). A blank ID is missing, not invalid."""
    shape = Q(qc_length=12, citizen_id__regex=r"^[0-9]{12}$")
    province = Q(qc_province__in=sorted(CITIZEN_ID_PROVINCES))
    # The fourth digit: 2 x the century since 1900 (1900s: 0, 2000s: 2 ...), plus 1 for a woman.
    codes = []
    for century in range(5):
        born = Q(birth_date__gte=date(1900 + 100 * century, 1, 1), birth_date__lt=date(2000 + 100 * century, 1, 1))
        even, odd = str(2 * century), str(2 * century + 1)
        codes.append(
            born
            & (
                Q(sex=Sex.MALE, qc_code=even)
                | Q(sex=Sex.FEMALE, qc_code=odd)
                | (~Q(sex__in=[Sex.MALE, Sex.FEMALE]) & Q(qc_code__in=[even, odd]))
            )
        )
    code = _any_of(codes)
    year = Q(qc_year=F("qc_birth_yy"))
    return Q(citizen_id__isnull=False) & ~Q(citizen_id="") & ~(shape & province & code & year)


def _conditions(ctx: QualityContext, orgs: QuerySet[Org]) -> dict[str, Q]:
    """Each problem's condition. A duplicate is looked for among the members of `orgs`."""
    active = Q(status__in=ACTIVE_STATUSES)
    official = Q(status=Status.OFFICIAL)
    out: dict[str, Q] = {}
    for name, _label, official_only in REQUIRED_FIELDS:
        out[f"missing.{name}"] = (official if official_only else active) & _blank(name)
    out["citizen_id.invalid"] = active & citizen_id_invalid()
    # The keys held by two records or more, grouped once over the subtree; each member is then looked up in
    # that short list. (A correlated EXISTS per member re-read the subtree's org list for every row on SQLite.)
    shared = (
        Member.objects.filter(org_id__in=orgs.values("pk"))
        .order_by()
        .values(twin_key=_twin_key())
        .annotate(records=Count("pk"))
        .filter(records__gt=1)
        .values("twin_key")
    )
    out["duplicate.name_birth"] = Q(In(_twin_key(), shared))
    out["status.official_without_date"] = official & Q(official_on__isnull=True)
    out["status.probationary_with_date"] = Q(status=Status.PROBATIONARY, official_on__isnull=False)
    out["status.recognition_overdue"] = Q(status=Status.PROBATIONARY, ceremony_on__lte=ctx.overdue_ceremony_on)
    out["status.ceremony_before_admission"] = Q(ceremony_on__lt=F("admitted_on"))
    out["status.official_before_admission"] = Q(official_on__lt=F("admitted_on"))
    open_membership = Membership.objects.filter(member=OuterRef("pk"), valid_to__isnull=True)
    out["status.ended_with_open_membership"] = Q(status__in=ENDED_STATUSES) & Q(Exists(open_membership))
    out["stale.year"] = active & Q(updated_at__lt=ctx.stale_before)
    return out


# --- Running the checks ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProblemCount:
    problem: Problem
    count: int


@dataclass(frozen=True)
class CheckCount:
    check: Check
    count: int  # members with at least one of the check's problems
    problems: tuple[ProblemCount, ...]


@dataclass
class QualityRow:
    """One member with the problems found, in words."""

    member: Member
    problems: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)
    twins: list[Member] = field(default_factory=list)  # the records it may duplicate


class QualityReport:
    """The checks over the members of a set of orgs (a scoped subtree): counts, the members concerned, their rows."""

    def __init__(self, orgs: QuerySet[Org], *, ctx: QualityContext, org: Org | None = None):
        self.orgs = orgs.order_by()
        self.base = Member.objects.filter(org_id__in=self.orgs.values("pk"))
        self.ctx = ctx
        self.org = org
        self.conditions = _conditions(ctx, self.orgs)

    def _annotated(self) -> QuerySet[Member]:
        return _with_citizen_id_parts(self.base)

    def counts(self) -> list[CheckCount]:
        """Every problem's count and every check's count of members, in one aggregate query."""
        aggregates = {}
        for check in CHECKS:
            aggregates[f"c_{check.code}"] = Count("pk", filter=self._any(check))
            for p in check.problems:
                aggregates[f"p_{p.flag}"] = Count("pk", filter=self.conditions[p.code])
        totals = self._annotated().aggregate(**aggregates)
        return [
            CheckCount(
                check=check,
                count=totals[f"c_{check.code}"],
                problems=tuple(ProblemCount(p, totals[f"p_{p.flag}"]) for p in check.problems),
            )
            for check in CHECKS
        ]

    def _any(self, check: Check) -> Q:
        return _any_of(self.conditions[p.code] for p in check.problems)

    def members(self, check: str | None = None) -> QuerySet[Member]:
        """The members with a problem of `check` (of any check when None), in Vietnamese name order, each
        carrying one boolean annotation per problem (`Problem.flag`)."""
        checks = [CHECKS_BY_CODE[check]] if check else list(CHECKS)
        qs = self._annotated().select_related("org")
        flags = {
            p.flag: ExpressionWrapper(self.conditions[p.code], output_field=BooleanField())
            for c in checks
            for p in c.problems
        }
        wanted = _any_of(self._any(c) for c in checks)
        return qs.filter(wanted).annotate(**flags).order_by("sort_key", "id")

    def rows(self, members: Iterable[Member]) -> list[QualityRow]:
        """The problems of each member in words (one more query, for the records a member may duplicate)."""
        rows = []
        for m in members:
            row = QualityRow(member=m)
            for code, problem in PROBLEMS_BY_CODE.items():
                if getattr(m, problem.flag, False):
                    row.codes.append(code)
                    row.problems.append(self.describe(problem, m))
            rows.append(row)
        self._attach_twins([r for r in rows if "duplicate.name_birth" in r.codes])
        return rows

    def describe(self, problem: Problem, m: Member) -> str:
        if problem.code == "citizen_id.invalid":
            reason = citizen_id_problem(m.citizen_id or "", m.birth_date, m.sex)
            return f"Số CCCD {m.citizen_id}: {reason or 'không hợp lệ.'}"
        if problem.code == "status.recognition_overdue" and m.ceremony_on:
            end = probation_end(m.ceremony_on, months=self.ctx.probation_months)
            return (
                f"Hết dự bị ngày {end:%d/%m/%Y}, quá {self.ctx.review_working_days} ngày làm việc "
                "chưa xét công nhận chính thức"
            )
        if problem.code == "stale.year":
            return f"Không được cập nhật từ {timezone.localtime(m.updated_at):%d/%m/%Y}"
        return problem.label

    def _attach_twins(self, rows: list[QualityRow]) -> None:
        if not rows:
            return
        keys = _any_of(Q(name_folded=r.member.name_folded, birth_date=r.member.birth_date) for r in rows)
        by_key: dict[tuple, list[Member]] = defaultdict(list)
        for other in self.base.filter(keys).select_related("org").order_by("id"):
            by_key[(other.name_folded, other.birth_date)].append(other)
        for r in rows:
            r.twins = [o for o in by_key[(r.member.name_folded, r.member.birth_date)] if o.pk != r.member.pk]


# --- The selectors ------------------------------------------------------------------------------------------


def member_quality_report(*, actor, org: Org | None = None, today: date | None = None) -> QualityReport:
    """The checks over the members in the actor's scope (under `org` when given; the caller looked `org` up
    in scope, e.g. with `orgs.selectors.org_get`, so that an org outside it is a 404)."""
    orgs = scope(Org.objects.all(), actor)
    if org is not None:
        orgs = orgs.filter(path__under=org.path)
    return QualityReport(orgs, ctx=quality_context(today), org=org)


def member_quality_report_system(*, org: Org, today: date | None = None) -> QualityReport:
    """The same for the system itself (the `tochuc data-quality` command an administrator runs)."""
    return QualityReport(Org.objects.filter(path__under=org.path), ctx=quality_context(today), org=org)
