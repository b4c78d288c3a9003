"""The standard reports, as specs for the engine (DOMAIN.md §6.2: the statistics of 11-HD/BTCTW, counted as of
a day, the highest level of each kind of training only, which is what the member record holds).

Ages are completed years on the report's day: a member is 30 until the eve of their 31st birthday.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Exists, ExpressionWrapper, Func, IntegerField, OuterRef, Q, Value
from django.db.models.lookups import LessThan
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tochuc.core.dates import add_months
from tochuc.members.choices import (
    ETHNIC_GROUP_CHOICES,
    RELIGIONS,
    AcademicTitle,
    AwayKind,
    Education,
    Occupation,
    Qualification,
    Sex,
    StateManagementLevel,
    TheoryLevel,
)
from tochuc.members.models import EventKind, WorkAway
from tochuc.orgs.models import OrgType

from .engine import (
    EVENTS,
    MEMBERS,
    ORGS,
    Category,
    Column,
    Context,
    Measure,
    Ratio,
    Report,
    Result,
    Where,
    where,
)

KINH = "Kinh"
NO_RELIGION = "Không"
YOUTH_AGE = 30  # the Youth Union's age limit: "young" members and candidates are 30 or under


def _years_before(on: date, years: int) -> date:
    return add_months(on, -12 * years)


def age_between(low: int, high: int | None) -> Where:
    """Aged `low` to `high` completed years (inclusive) on the report's day; `high` None: no upper bound."""

    def condition(ctx: Context, p: str) -> Q:
        q = Q(**{f"{p}birth_date__lte": _years_before(ctx.as_of, low)})
        if high is not None:
            q &= Q(**{f"{p}birth_date__gt": _years_before(ctx.as_of, high + 1)})
        return q

    return condition


def party_years_between(low: int, high: int | None) -> Where:
    """Party age (from `party_age_from`, which leaves out the interrupted years) of `low` years or more and
    under `high`."""

    def condition(ctx: Context, p: str) -> Q:
        q = Q(**{f"{p}party_age_from__lte": _years_before(ctx.as_of, low)})
        if high is not None:
            q &= Q(**{f"{p}party_age_from__gt": _years_before(ctx.as_of, high)})
        return q

    return condition


def probationary_on() -> Where:
    """Probationary on the day: admitted, not yet recognized (today's status says the same)."""

    def condition(ctx: Context, p: str) -> Q:
        return Q(**{f"{p}admitted_on__lte": ctx.as_of}) & (
            Q(**{f"{p}official_on__isnull": True}) | Q(**{f"{p}official_on__gt": ctx.as_of})
        )

    return condition


def minority() -> Where:
    return lambda _ctx, p: ~Q(**{f"{p}ethnic_group": KINH})


def religious() -> Where:
    return lambda _ctx, p: ~Q(**{f"{p}religion__in": [NO_RELIGION, ""]})


def kinds(*values: str) -> Where:
    """Events of these kinds (an events report's own field: no prefix)."""
    return lambda _ctx, _p: Q(kind__in=values)


class YearMonthDay(Func):
    """A date as the number yyyymmdd, in the database's own functions (Django's Extract runs Python on
    SQLite, a hundred times slower over a whole nation's events)."""

    output_field = IntegerField()

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template="CAST(strftime('%%%%Y%%%%m%%%%d', %(expressions)s) AS INTEGER)"
        )

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="CAST(to_char(%(expressions)s, 'YYYYMMDD') AS INTEGER)")


def young_at_event() -> Where:
    """30 or under on the day of the event: the difference of the dates written as yyyymmdd numbers, divided
    by 10,000, is the age in completed years, on SQLite and PostgreSQL alike."""

    def condition(_ctx: Context, p: str) -> Q:
        difference = ExpressionWrapper(YearMonthDay("on") - YearMonthDay(f"{p}birth_date"), output_field=IntegerField())
        return Q(LessThan(difference, Value((YOUTH_AGE + 1) * 10000)))

    return condition


def _both(a: Where, b: Where) -> Where:
    return lambda ctx, p: a(ctx, p) & b(ctx, p)


AGE_BANDS = [(None, 30), (31, 40), (41, 50), (51, 60), (61, 70), (71, None)]
PARTY_AGE_BANDS = [(None, 10), (10, 20), (20, 30), (30, 40), (40, 50), (50, None)]


def _age_label(low: int | None, high: int | None) -> str:
    if low is None:
        return format_lazy(_("Đến {n}"), n=high)
    if high is None:
        return format_lazy(_("Từ {n}"), n=low)
    return f"{low}–{high}"


def _party_age_label(low: int | None, high: int | None) -> str:
    if low is None:
        return format_lazy(_("Dưới {n} năm"), n=high)
    if high is None:
        return format_lazy(_("Từ {n} năm"), n=low)
    return format_lazy(_("{a}–dưới {b} năm"), a=low, b=high)


def _age_measures(group: str) -> list[Measure]:
    return [
        Measure(f"age_{low or 0}_{high or 'up'}", _age_label(low, high), group, age_between(low or 0, high))
        for low, high in AGE_BANDS
    ]


def _party_age_measures(group: str) -> list[Measure]:
    return [
        Measure(f"party_{low or 0}_{high or 'up'}", _party_age_label(low, high), group,
                party_years_between(low or 0, high))
        for low, high in PARTY_AGE_BANDS
    ]  # fmt: skip


def _choices(field: str, choices, group: str, *, skip: tuple = ()) -> list[Measure]:
    return [
        Measure(f"{field}_{value or 'none'}", label, group, where(**{field: value}))
        for value, label in choices
        if value not in skip
    ]


MEMBERS_COLUMN = Measure("members", _("Tổng số đảng viên"), "")

COMPOSITION = Report(
    name="composition",
    title=_("Số lượng, cơ cấu đảng viên"),
    subject=MEMBERS,
    description=_("Đảng viên đang sinh hoạt theo giới tính, dân tộc, tôn giáo, loại đảng viên, tuổi đời, tuổi đảng."),
    form="1-TCTW",
    measures=(
        MEMBERS_COLUMN,
        Measure("female", _("Nữ"), _("Trong đó"), where(sex=Sex.FEMALE)),
        Measure("minority", _("Dân tộc thiểu số"), _("Trong đó"), minority()),
        Measure("religious", _("Theo tôn giáo"), _("Trong đó"), religious()),
        Measure("probationary", _("Dự bị"), _("Trong đó"), probationary_on()),
        *_age_measures(_("Tuổi đời")),
        *_party_age_measures(_("Tuổi đảng")),
    ),
)

QUALITY = Report(
    name="quality",
    title=_("Chất lượng đảng viên"),
    subject=MEMBERS,
    description=_(
        "Trình độ giáo dục phổ thông, chuyên môn, học hàm, lý luận chính trị, quản lý nhà nước "
        "(mỗi loại chỉ tính trình độ cao nhất)."
    ),
    form="3-TCTW",
    measures=(
        MEMBERS_COLUMN,
        *_choices("education", Education.choices, _("Giáo dục phổ thông")),
        *_choices("qualification", Qualification.choices, _("Chuyên môn, nghiệp vụ")),
        *_choices("academic_title", AcademicTitle.choices, _("Học hàm"), skip=("",)),
        *_choices("theory_level", TheoryLevel.choices, _("Lý luận chính trị")),
        *_choices("state_management", StateManagementLevel.choices, _("Quản lý nhà nước")),
    ),
)

OCCUPATION = Report(
    name="occupation",
    title=_("Đảng viên theo nghề nghiệp"),
    subject=MEMBERS,
    description=_("Đảng viên đang sinh hoạt theo nghề nghiệp hiện nay."),
    measures=(MEMBERS_COLUMN, *_choices("occupation", Occupation.choices, _("Nghề nghiệp hiện nay"))),
)

_PEOPLE = (
    MEMBERS_COLUMN,
    Measure("female", _("Nữ"), _("Trong đó"), where(sex=Sex.FEMALE)),
    Measure("probationary", _("Dự bị"), _("Trong đó"), probationary_on()),
    Measure("young", _("Đến 30 tuổi"), _("Trong đó"), age_between(0, YOUTH_AGE)),
)

ETHNICITY = Report(
    name="ethnicity",
    title=_("Đảng viên theo dân tộc"),
    subject=MEMBERS,
    description=_("Đảng viên đang sinh hoạt theo 54 dân tộc (và dân tộc khác)."),
    form="4-TCTW",
    measures=_PEOPLE,
    categories=tuple(Category(value, label, where(ethnic_group=value)) for value, label in ETHNIC_GROUP_CHOICES),
    group_by="ethnic_group",
)

RELIGION = Report(
    name="religion",
    title=_("Đảng viên theo tôn giáo"),
    subject=MEMBERS,
    description=_("Đảng viên đang sinh hoạt theo tôn giáo."),
    form="4-TCTW",
    measures=_PEOPLE,
    categories=(
        Category(
            NO_RELIGION,
            _("Không theo tôn giáo"),
            lambda _ctx, p: Q(**{f"{p}religion__in": [NO_RELIGION, ""]}),
            values=(NO_RELIGION, ""),
        ),
        *(Category(name, name, where(religion=name)) for name in RELIGIONS if name != NO_RELIGION),
    ),
    group_by="religion",
)

AGE = Report(
    name="age",
    title=_("Đảng viên theo độ tuổi"),
    subject=MEMBERS,
    description=_("Đảng viên đang sinh hoạt theo nhóm tuổi đời và giới tính."),
    measures=(
        MEMBERS_COLUMN,
        Measure("male", _("Nam"), _("Giới tính"), where(sex=Sex.MALE)),
        Measure("female", _("Nữ"), _("Giới tính"), where(sex=Sex.FEMALE)),
    ),
    categories=tuple(
        Category(f"age_{low or 0}_{high or 'up'}", _age_label(low, high), age_between(low or 0, high))
        for low, high in AGE_BANDS
    ),
)

MOVEMENT_KINDS = (
    EventKind.ADMITTED, EventKind.READMITTED, EventKind.RECOGNIZED, EventKind.TRANSFER_IN, EventKind.TRANSFER_OUT,
    EventKind.PROBATION_REMOVED, EventKind.REMOVED, EventKind.LEFT, EventKind.EXPELLED, EventKind.DIED,
)  # fmt: skip

MOVEMENTS = Report(
    name="movements",
    title=_("Biến động đảng viên trong kỳ"),
    subject=EVENTS,
    period=True,
    event_kinds=MOVEMENT_KINDS,
    description=_(
        "Kết nạp, công nhận chính thức, chuyển đến, chuyển đi, xóa tên, ra khỏi Đảng, khai trừ, từ trần "
        "trong kỳ. Chuyển sinh hoạt giữa hai tổ chức cùng một đơn vị không tính ở đơn vị đó."
    ),
    measures=(
        Measure("admitted", _("Kết nạp"), _("Tăng"), kinds(EventKind.ADMITTED)),
        Measure("readmitted", _("Kết nạp lại"), _("Tăng"), kinds(EventKind.READMITTED)),
        Measure(
            "transfer_in",
            pgettext_lazy("movements", "Chuyển đến"),
            _("Tăng"),
            kinds(EventKind.TRANSFER_IN),
            crossing=True,
        ),
        Measure("transfer_out", _("Chuyển đi"), _("Giảm"), kinds(EventKind.TRANSFER_OUT), crossing=True),
        Measure("removed", _("Xóa tên"), _("Giảm"), kinds(EventKind.REMOVED, EventKind.PROBATION_REMOVED)),
        Measure("left", _("Ra khỏi Đảng"), _("Giảm"), kinds(EventKind.LEFT)),
        Measure("expelled", _("Khai trừ"), _("Giảm"), kinds(EventKind.EXPELLED)),
        Measure("died", _("Từ trần"), _("Giảm"), kinds(EventKind.DIED)),
        Measure("recognized", _("Công nhận chính thức"), _("Chuyển loại"), kinds(EventKind.RECOGNIZED)),
    ),
)

ORGANIZATIONS = Report(
    name="organizations",
    title=_("Tổ chức đảng theo loại hình"),
    subject=ORGS,
    description=_("Tổ chức đảng đang hoạt động theo loại hình, kể cả chính tổ chức ở mỗi dòng."),
    measures=(
        Measure("orgs", _("Tổng số tổ chức đảng"), ""),
        *(
            Measure(t.value, t.label, _("Theo loại hình"), where(org_type=t.value))
            for t in OrgType
            if t != OrgType.PROVINCE_COMMITTEE
        ),
    ),
)

_ADMITTED = kinds(EventKind.ADMITTED)


def _targets(result: Result) -> None:
    """The admission target of each row's org for the year the period ends in: its own, or when its upper
    level gave it none, what was given below it, summed up the tree (`targets.roll_up`); the total likewise
    for the chosen org (its own target, not the sum of what it gave, when it has one)."""
    from .models import AdmissionTarget
    from .targets import roll_up, targets_by_path

    root = result.org.path if result.org is not None else ""
    targets = targets_by_path(AdmissionTarget, year=result.context.end.year, paths=[root])
    for row in result.data_rows:
        row.values["target"] = roll_up(targets, row.org.path) if row.org is not None and row.kind == "org" else None
    result.total["target"] = roll_up(targets, root)


DEVELOPMENT = Report(
    name="development",
    title=_("Kết nạp đảng viên so với chỉ tiêu"),
    subject=EVENTS,
    period=True,
    event_kinds=(EventKind.ADMITTED,),
    description=_(
        "Đảng viên kết nạp trong kỳ, so với chỉ tiêu của năm kết thúc kỳ, và trong đó: đoàn viên "
        "thanh niên (đến 30 tuổi khi kết nạp), nữ, dân tộc thiểu số, người có đạo, người làm việc trong "
        "doanh nghiệp ngoài nhà nước."
    ),
    measures=(
        Measure("admitted", _("Kết nạp trong kỳ"), "", _ADMITTED),
        Measure("young", _("Đến 30 tuổi"), _("Trong đó"), _both(_ADMITTED, young_at_event())),
        Measure("female", _("Nữ"), _("Trong đó"), _both(_ADMITTED, where(sex=Sex.FEMALE))),
        Measure("minority", _("Dân tộc thiểu số"), _("Trong đó"), _both(_ADMITTED, minority())),
        Measure("religious", _("Theo tôn giáo"), _("Trong đó"), _both(_ADMITTED, religious())),
        Measure(
            "non_state",
            _("Doanh nghiệp ngoài nhà nước"),
            _("Trong đó"),
            _both(_ADMITTED, where(occupation=Occupation.NON_STATE_ENTERPRISE)),
        ),
    ),
    extra_columns=(Column("target", _("Chỉ tiêu năm"), _("Chỉ tiêu")),),
    extra=_targets,
    ratios=(Ratio("achieved", _("Đạt (%)"), "admitted", "target", _("Chỉ tiêu")),),
)


def away_on(kind: str = "") -> Where:
    """Working away from home on the report's day (a `WorkAway` record covering it), of one kind or any."""

    def condition(ctx: Context, p: str) -> Q:
        records = WorkAway.objects.filter(member=OuterRef(f"{p}pk"), since__lte=ctx.as_of).filter(
            Q(until__isnull=True) | Q(until__gt=ctx.as_of)
        )
        if kind:
            records = records.filter(kind=kind)
        return Q(Exists(records))

    return condition


MIGRATION = Report(
    name="migration",
    title=_("Đảng viên đi làm ăn xa"),
    subject=MEMBERS,
    description=_(
        "Đảng viên đang đi làm ăn xa ngày báo cáo (đi từ ngày đó trở về trước, chưa trở về), theo nơi đến; "
        "trong đó đến 30 tuổi, nữ, dự bị."
    ),
    measures=(
        MEMBERS_COLUMN,
        Measure("away", _("Đang đi làm ăn xa"), "", away_on()),
        *(Measure(f"away_{k.value}", k.label, _("Theo nơi đến"), away_on(k.value)) for k in AwayKind),
        Measure("away_young", _("Đến 30 tuổi"), _("Trong đó"), _both(away_on(), age_between(0, YOUTH_AGE))),
        Measure("away_female", _("Nữ"), _("Trong đó"), _both(away_on(), where(sex=Sex.FEMALE))),
        Measure("away_probationary", _("Dự bị"), _("Trong đó"), _both(away_on(), probationary_on())),
    ),
    ratios=(Ratio("away_share", _("Tỷ lệ đi làm ăn xa (%)"), "away", "members"),),
)

REPORTS: dict[str, Report] = {
    r.name: r
    for r in (
        COMPOSITION,
        QUALITY,
        OCCUPATION,
        AGE,
        ETHNICITY,
        RELIGION,
        MOVEMENTS,
        ORGANIZATIONS,
        DEVELOPMENT,
        MIGRATION,
    )
}


def register_reports(*reports: Report) -> None:
    """Add the reports of another app (candidates, enterprises) to the catalogue, from its AppConfig.ready."""
    for report in reports:
        if report.name in REPORTS and REPORTS[report.name] is not report:
            raise ValueError(f"report {report.name!r} registered twice")
        REPORTS[report.name] = report
