"""Reports of cadre work in the report engine (subject RECORDS: counted as the records stand today, under the
chosen org; registered from CadresConfig.ready):

- CADRES_BY_POST: the cadres holding posts, each at the highest post they hold, by qualification and theory;
- PLANNING_COVERAGE: the open posts with and without planned names for the current and the next term, and
  the people planned for the current term (women, under 40);
- APPOINTMENTS_DUE: the cadres holding appointed posts whose term ends within 6 months, or has ended;
- SURPLUS: the people made surplus by restructuring, by the state and policy of their case, under the org that
  manages them now (a merged commune's people are counted at the commune that took them over).
"""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Substr
from django.utils.translation import gettext_lazy as _

from tochuc.core.dates import add_months
from tochuc.members.choices import Qualification, Sex, TheoryLevel
from tochuc.orgs.models import SEGMENT
from tochuc.reports.catalog import age_between, minority
from tochuc.reports.engine import RECORDS, Category, Column, Context, Measure, Ratio, Report, Result, Where, where

from .choices import (
    TITLES,
    AppointmentKind,
    AppointmentStatus,
    CadreKind,
    CadreStatus,
    Filling,
    SurplusPolicy,
    SurplusStatus,
    TenureSource,
    Title,
)
from .models import Appointment, Cadre, PlanningEntry, Post, SurplusCase, Tenure
from .selectors.planning import term_choices, term_of

YOUNG_AGE = 40  # "under 40": the young cadres the planning of a term is asked to include
DUE_MONTHS = 6  # re-appointment is prepared in the last months of the term (the appointments page says the same)


def _open_tenures() -> Q:
    return Q(ended_on__isnull=True, post__closed_on__isnull=True)


def _holds_title(title: str) -> Where:
    return lambda _ctx, p: Q(
        Exists(Tenure.objects.filter(_open_tenures(), cadre=OuterRef(f"{p}pk"), post__title=title))
    )


def _in(field: str, *values: str) -> Where:
    return lambda _ctx, p: Q(**{f"{p}{field}__in": values})


_QUAL = _("Chuyên môn")
_THEORY = _("Lý luận chính trị")
_AMONG = _("Trong đó")

# The titles from the highest post down: a cadre holding several posts (kiêm nhiệm) is counted once, on the
# row of the highest, as the first category whose condition holds.
_BY_RANK = sorted(Title, key=lambda t: -TITLES[t][1])

CADRES_BY_POST = Report(
    name="cadres_by_post",
    title=_("Cán bộ giữ chức vụ theo chức danh, trình độ chuyên môn và lý luận chính trị"),
    subject=RECORDS,
    source=lambda _ctx: Cadre.objects.filter(
        Exists(Tenure.objects.filter(_open_tenures(), cadre=OuterRef("pk"))), status=CadreStatus.WORKING
    ),
    description=_(
        "Cán bộ đang giữ chức vụ thuộc đơn vị quản lý, mỗi người tính một lần ở chức danh cao nhất đang giữ "
        "(người kiêm nhiệm tính ở chức vụ cao hơn); theo trình độ chuyên môn, lý luận chính trị, nữ, dưới 40 "
        "tuổi, dân tộc thiểu số. Số liệu hiện tại."
    ),
    categories=tuple(Category(t.value, t.label, _holds_title(t.value)) for t in _BY_RANK),
    measures=(
        Measure("cadres", _("Tổng số"), ""),
        Measure("doctor", Qualification.DOCTOR.label, _QUAL, where(qualification=Qualification.DOCTOR)),
        Measure("master", Qualification.MASTER.label, _QUAL, where(qualification=Qualification.MASTER)),
        Measure("bachelor", Qualification.BACHELOR.label, _QUAL, where(qualification=Qualification.BACHELOR)),
        Measure(
            "below_bachelor",
            _("Dưới đại học"),
            _QUAL,
            _in(
                "qualification",
                Qualification.COLLEGE,
                Qualification.INTERMEDIATE,
                Qualification.ELEMENTARY,
                Qualification.NONE,
            ),
        ),
        Measure(
            "theory_advanced",
            _("Cao cấp, cử nhân"),
            _THEORY,
            _in("theory_level", TheoryLevel.ADVANCED, TheoryLevel.BACHELOR),
        ),
        Measure(
            "theory_intermediate", TheoryLevel.INTERMEDIATE.label, _THEORY, where(theory_level=TheoryLevel.INTERMEDIATE)
        ),
        Measure("theory_elementary", TheoryLevel.ELEMENTARY.label, _THEORY, where(theory_level=TheoryLevel.ELEMENTARY)),
        Measure("theory_none", TheoryLevel.NONE.label, _THEORY, where(theory_level=TheoryLevel.NONE)),
        Measure("female", _("Nữ"), _AMONG, where(sex=Sex.FEMALE)),
        Measure("young", _("Dưới 40 tuổi"), _AMONG, age_between(0, YOUNG_AGE - 1)),
        Measure("minority", _("Dân tộc thiểu số"), _AMONG, minority()),
    ),
)


def _planned(term_at: int) -> Where:
    """The post has an active planning entry for the term: 0 the current term, 1 the next (as of the day)."""

    def condition(ctx: Context, p: str) -> Q:
        term = term_choices(ctx.as_of)[term_at]
        entries = PlanningEntry.objects.filter(post=OuterRef(f"{p}pk"), term=term, removed_on__isnull=True)
        return Q(Exists(entries))

    return condition


def _not(w: Where) -> Where:
    return lambda ctx, p: ~w(ctx, p)


_PEOPLE = ("planned_people", "planned_female", "planned_young")


def _planned_people(result: Result) -> None:
    """The people on the lists of the current term (each once, however many posts they are planned for), the
    women and those under 40 among them: distinct counts, which the engine's row counts cannot give, in one
    GROUP BY over the rows' paths and one aggregate for the total."""
    ctx, org = result.context, result.org
    qs = PlanningEntry.objects.filter(
        term=term_of(ctx.as_of),
        removed_on__isnull=True,
        post__closed_on__isnull=True,
        cadre__status=CadreStatus.WORKING,
    )
    if org is not None:
        qs = qs.filter(post__org__path__under=org.path)
    counts = {
        "planned_people": Count("cadre", distinct=True),
        "planned_female": Count("cadre", distinct=True, filter=Q(cadre__sex=Sex.FEMALE)),
        "planned_young": Count("cadre", distinct=True, filter=age_between(0, YOUNG_AGE - 1)(ctx, "cadre__")),
    }
    length = (len(org.path) if org is not None else 0) + SEGMENT
    rows = qs.annotate(row=Substr("post__org__path", 1, length)).values("row").annotate(**counts).order_by()
    by_path = {r["row"]: r for r in rows}
    for row in result.data_rows:
        if row.kind == "org" and row.org is not None:
            found = by_path.get(row.org.path, {})
        elif row.kind == "direct" and org is not None:
            found = by_path.get(org.path, {})  # the chosen org's own posts: its path is shorter than `length`
        else:
            found = {}
        row.values.update({k: found.get(k, 0) for k in _PEOPLE})
    result.total.update(qs.aggregate(**counts))


_CURRENT = _("Nhiệm kỳ hiện tại")
_NEXT = _("Nhiệm kỳ kế tiếp")
_PLANNED = _("Người được quy hoạch (nhiệm kỳ hiện tại)")

PLANNING_COVERAGE = Report(
    name="planning_coverage",
    title=_("Quy hoạch cán bộ: chức vụ có, chưa có người quy hoạch"),
    subject=RECORDS,
    source=lambda _ctx: Post.objects.filter(closed_on__isnull=True),
    description=_(
        "Chức vụ đang có theo tổ chức; số chức vụ đã có, chưa có người trong quy hoạch của nhiệm kỳ hiện tại "
        "(nhiệm kỳ đại hội chứa ngày lập báo cáo, ví dụ 2025-2030) và nhiệm kỳ kế tiếp; số người được quy hoạch "
        "nhiệm kỳ hiện tại (mỗi người tính một lần), tỷ lệ nữ và dưới 40 tuổi. Số liệu hiện tại."
    ),
    measures=(
        Measure("posts", _("Số chức vụ"), ""),
        Measure("current_planned", _("Đã có quy hoạch"), _CURRENT, _planned(0)),
        Measure("current_missing", _("Chưa có quy hoạch"), _CURRENT, _not(_planned(0))),
        Measure("next_planned", _("Đã có quy hoạch"), _NEXT, _planned(1)),
        Measure("next_missing", _("Chưa có quy hoạch"), _NEXT, _not(_planned(1))),
    ),
    extra_columns=(
        Column("planned_people", _("Số người"), _PLANNED),
        Column("planned_female", _("Nữ"), _PLANNED),
        Column("planned_young", _("Dưới 40 tuổi"), _PLANNED),
    ),
    extra=_planned_people,
    ratios=(
        Ratio("female_share", _("Tỷ lệ nữ (%)"), "planned_female", "planned_people", _PLANNED),
        Ratio("young_share", _("Tỷ lệ dưới 40 tuổi (%)"), "planned_young", "planned_people", _PLANNED),
    ),
)


def _appointed_tenures(p: str):
    """The cadre's open tenures of appointed posts (an appointment or re-appointment, or a post filled by
    appointment), the ones with a term of appointment."""
    appointed = Q(source__in=[TenureSource.APPOINTED, TenureSource.REAPPOINTED]) | Q(post__filling=Filling.APPOINTED)
    return Tenure.objects.filter(_open_tenures(), appointed, cadre=OuterRef(f"{p}pk"))


def _appointed(**lookups) -> Where:
    return lambda _ctx, p: Q(Exists(_appointed_tenures(p).filter(**lookups)))


def _due_within(ctx: Context, p: str) -> Q:
    until = add_months(ctx.as_of, DUE_MONTHS)
    return Q(Exists(_appointed_tenures(p).filter(term_end__gte=ctx.as_of, term_end__lte=until)))


def _overdue(ctx: Context, p: str) -> Q:
    return Q(Exists(_appointed_tenures(p).filter(term_end__lt=ctx.as_of)))


def _reappointing(ctx: Context, p: str) -> Q:
    """Due or overdue, and a re-appointment procedure is open for them."""
    procedure = Appointment.objects.filter(
        cadre=OuterRef(f"{p}pk"), kind=AppointmentKind.REAPPOINTMENT, status=AppointmentStatus.IN_PROGRESS
    )
    until = add_months(ctx.as_of, DUE_MONTHS)
    return Q(Exists(_appointed_tenures(p).filter(term_end__lte=until))) & Q(Exists(procedure))


_DUE = _("Hết thời hạn giữ chức vụ")

APPOINTMENTS_DUE = Report(
    name="appointments_due",
    title=_("Cán bộ giữ chức vụ bổ nhiệm đến hạn bổ nhiệm lại"),
    subject=RECORDS,
    source=lambda _ctx: Cadre.objects.filter(Exists(_appointed_tenures("")), status=CadreStatus.WORKING),
    description=_(
        "Cán bộ đang giữ chức vụ bổ nhiệm thuộc đơn vị quản lý: thời hạn giữ chức vụ hết trong 6 tháng tới, đã "
        "quá hạn mà chưa bổ nhiệm lại, đang thực hiện quy trình bổ nhiệm lại; chưa ghi thời hạn. Mỗi người tính "
        "một lần. Số liệu hiện tại."
    ),
    measures=(
        Measure("appointed", _("Đang giữ chức vụ bổ nhiệm"), ""),
        Measure("due", _("Trong 6 tháng tới"), _DUE, _due_within),
        Measure("overdue", _("Đã quá hạn"), _DUE, _overdue),
        Measure("reappointing", _("Đang làm quy trình bổ nhiệm lại"), _DUE, _reappointing),
        Measure("no_term_end", _("Chưa ghi thời hạn"), _AMONG, _appointed(term_end__isnull=True)),
    ),
)


def _latest_case(field: str) -> Subquery:
    return Subquery(
        SurplusCase.objects.filter(cadre=OuterRef("pk")).order_by("-identified_on", "-pk").values(field)[:1]
    )


def _surplus_source(_ctx: Context):
    """Each person made surplus, with the state of their latest case (a person merged twice is one person)."""
    return Cadre.objects.filter(Exists(SurplusCase.objects.filter(cadre=OuterRef("pk")))).annotate(
        surplus_status=_latest_case("status"), surplus_policy=_latest_case("policy")
    )


_STATE = _("Tình trạng giải quyết")
_POLICY = _("Chính sách")

SURPLUS = Report(
    name="surplus",
    title=_("Cán bộ, công chức, người lao động dôi dư do sắp xếp tổ chức"),
    subject=RECORDS,
    source=_surplus_source,
    description=_(
        "Người dôi dư do sáp nhập, chia tách, giải thể tổ chức, tính ở đơn vị đang quản lý (đơn vị kế thừa), "
        "theo tình trạng giải quyết và chính sách (Nghị định 178/2024/NĐ-CP); trong đó nữ, người hoạt động không "
        "chuyên trách. Danh sách theo từng quyết định sắp xếp ở trang Cán bộ dôi dư. Số liệu hiện tại."
    ),
    measures=(
        Measure("surplus", _("Tổng số"), ""),
        *(Measure(s.value, s.label, _STATE, where(surplus_status=s.value)) for s in SurplusStatus),
        *(
            Measure(f"policy_{p.value or 'undecided'}", p.label, _POLICY, where(surplus_policy=p.value))
            for p in SurplusPolicy
        ),
        Measure("female", _("Nữ"), _AMONG, where(sex=Sex.FEMALE)),
        Measure("part_time", CadreKind.PART_TIME.label, _AMONG, where(kind=CadreKind.PART_TIME)),
    ),
    ratios=(Ratio("resolved_share", _("Tỷ lệ đã giải quyết (%)"), SurplusStatus.RESOLVED.value, "surplus", _STATE),),
)

REPORTS = [CADRES_BY_POST, PLANNING_COVERAGE, APPOINTMENTS_DUE, SURPLUS]
