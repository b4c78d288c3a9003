"""The rules of cadre work as pure functions of dates, facts and rule parameters.

Sources (DOMAIN.md §5 and "Facts from law"): the retirement-age schedule of the Labour Code 2019 art. 169 and
Decree 135/2020; the appointment conditions of 377-QĐ/TW (as 80-QĐ/TW gave them; the age counted on the
day the dossier is received, 06-HD/BTCTW 2021); the waits after discipline (377-QĐ/TW); the procedure
(DOMAIN.md §5.3, UNCONFIRMED, a template per kind and source); planning (§5.5, numbers UNCONFIRMED).
A condition whose parameter is unconfirmed warns instead of blocking; an administrator who confirms the
parameter in the rule table makes it block. The committee decides; these functions say what is missing.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from dateutil.relativedelta import relativedelta

from tochuc.core.checks import Check, Eligibility
from tochuc.core.dates import completed_months
from tochuc.members.choices import Qualification, StateManagementLevel, TheoryLevel

from .choices import (
    RATING_ORDER,
    AppointmentKind,
    DisciplineKind,
    ProcedureStep,
    Rating,
    Source,
    title_rank,
)

# ---------------------------------------------------------------------------------------------------------
# Retirement age (Labour Code 2019 art. 169; Decree 135/2020/NĐ-CP art. 4 and its appendix I)


def _months(pair: Sequence[int]) -> int:
    return int(pair[0]) * 12 + int(pair[1])


def retirement_age_months(birth_date: date, sex: str, schedule: Mapping) -> int:
    """The statutory retirement age of a person, in months, by the schedule of the year they reach it.

    From `base_year` (2021) the age is `start` (men 60y3m, women 55y4m) and rises by `step_months` (3, 4)
    each calendar year until `final` (62, 60). A person retires at the age of the year in which they reach
    that year's age: a man born 01/1961 reaches 60y3m in 04/2021, so 60y3m; one born 10/1961 would reach it
    in 01/2022, when the age is 60y6m, reached in 04/2022. Before `base_year` the old ages held (60, 55).
    """
    plan = schedule["male" if sex == "male" else "female"]
    step, age, final = int(plan["step_months"]), _months(plan["start"]), _months(plan["final"])
    year = int(schedule["base_year"])
    if (birth_date + relativedelta(months=age - step)).year < year:
        return age - step  # reached the old age before the schedule began
    while age < final and (birth_date + relativedelta(months=age)).year > year:
        year += 1
        age = min(age + step, final)
    return age


def retirement_date(birth_date: date, sex: str, schedule: Mapping) -> date:
    """The day a person retires: the end of the last day of the month in which they reach the retirement age
    (Decree 135/2020 art. 4: "thời điểm nghỉ hưu là kết thúc ngày cuối cùng của tháng đủ tuổi nghỉ hưu")."""
    reached = birth_date + relativedelta(months=retirement_age_months(birth_date, sex, schedule))
    return reached.replace(day=calendar.monthrange(reached.year, reached.month)[1])


def format_age(months: int) -> str:
    years, rest = divmod(months, 12)
    return f"{years} tuổi {rest} tháng" if rest else f"{years} tuổi"


def serves_years_before_retirement(on: date, retires_on: date, years: int) -> bool:
    """Whether `years` full years fit between `on` and the retirement day (DOMAIN.md §5.2: retirement
    2031-06-30, dossier received 2026-06-30 → eligible; received 2026-07-01 → 4.99 years, not eligible)."""
    return on + relativedelta(years=years) <= retires_on


def months_to_retirement(on: date, retires_on: date) -> int:
    return completed_months(on, retires_on) if on <= retires_on else -completed_months(retires_on, on)


# ---------------------------------------------------------------------------------------------------------
# Facts the rules take (plain values; the services and selectors build them from the records)


@dataclass(frozen=True)
class TenureFacts:
    title: str
    started_on: date
    ended_on: date | None = None  # the holder's last day is the day before `ended_on`

    @property
    def rank(self) -> int:
        return title_rank(self.title)

    def open_on(self, on: date) -> bool:
        return self.started_on <= on and (self.ended_on is None or on < self.ended_on)


@dataclass(frozen=True)
class PlanningFacts:
    title: str
    post_id: int
    term: str
    added_on: date
    removed_on: date | None = None

    @property
    def rank(self) -> int:
        return title_rank(self.title)

    def active_on(self, on: date) -> bool:
        return self.added_on <= on and (self.removed_on is None or on < self.removed_on)


@dataclass(frozen=True)
class DisciplineFacts:
    kind: str
    on: date


@dataclass(frozen=True)
class AppointmentParams:
    """The parameters of an appointment, with whether each is confirmed (an unconfirmed one warns)."""

    retirement_schedule: Mapping
    min_months_in_post: int
    min_years_to_retirement: int
    term_years: int
    waits: Mapping[str, int]  # discipline kind -> months
    vote_majority: Fraction
    reappointment_extend_years: int
    confirmed: Mapping[str, bool]

    @classmethod
    def from_rules(cls, rules) -> AppointmentParams:
        """From `core.rules.rules_in_force(on)` (any mapping with `version(key).confirmed`)."""
        keys = {
            "min_months_in_post": "appointment.min_months_in_post",
            "min_years_to_retirement": "appointment.min_years_to_retirement",
            "term_years": "appointment.term_years",
            "vote_majority": "appointment.vote_majority",
            "reappointment_extend_years": "appointment.reappointment_extend_years",
            DisciplineKind.REPRIMAND: "discipline.wait_months_reprimand",
            DisciplineKind.WARNING: "discipline.wait_months_warning",
            DisciplineKind.REMOVAL_FROM_POST: "discipline.wait_months_removal_from_post",
        }
        return cls(
            retirement_schedule=rules["retirement.schedule"],
            min_months_in_post=int(rules[keys["min_months_in_post"]]),
            min_years_to_retirement=int(rules[keys["min_years_to_retirement"]]),
            term_years=int(rules[keys["term_years"]]),
            waits={k: int(rules[keys[k]]) for k in DisciplineKind.values},
            vote_majority=Fraction(str(rules[keys["vote_majority"]])),
            reappointment_extend_years=int(rules[keys["reappointment_extend_years"]]),
            confirmed={name: bool(rules.version(key).confirmed) for name, key in keys.items()},
        )


def _fmt(d: date) -> str:
    return d.strftime("%d/%m/%Y")


# ---------------------------------------------------------------------------------------------------------
# Appointment and re-appointment conditions (DOMAIN.md §5.2, §5.4)


def current_rank(tenures: Iterable[TenureFacts], on: date) -> int:
    """The rank of the highest post held on `on` (0: none, or only staff posts)."""
    return max((t.rank for t in tenures if t.open_on(on)), default=0)


def is_first_appointment(tenures: Iterable[TenureFacts], on: date) -> bool:
    """No leadership post held before `on` (a staff post is not one)."""
    return not any(t.rank > 0 and t.started_on <= on for t in tenures)


def months_in_equivalent_posts(tenures: Iterable[TenureFacts], rank: int, on: date) -> int:
    """Completed months in posts of `rank` up to `on`, the periods added up and overlaps counted once
    (377-QĐ/TW: time in the current or an equivalent post; non-continuous time adds up). Each period counts
    its calendar months (12 months from 01/03/2021 and 12 from 01/02/2025 make 24, whatever the leap days);
    the days left over from each are added up and turned into months as one span ending on `on`, so a
    single continuous tenure counts exactly as `completed_months(started_on, on)`."""
    spans = sorted((t.started_on, min(t.ended_on or on, on)) for t in tenures if t.rank == rank)
    merged: list[tuple[date, date]] = []
    for s, e in spans:
        if e <= s:
            continue
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    months, days = 0, 0
    for s, e in merged:
        whole = completed_months(s, e)
        months += whole
        days += (e - (s + relativedelta(months=whole))).days
    return months + completed_months(on - timedelta(days=days), on)


def discipline_clear_on(disciplines: Iterable[DisciplineFacts], waits: Mapping[str, int]) -> date | None:
    """The first day every discipline's wait has passed (a reprimand of 2024-11-01 with 24 months:
    2026-11-01), or None when there is none."""
    days = [d.on + relativedelta(months=waits[d.kind]) for d in disciplines if d.kind in waits]
    return max(days) if days else None


def appointment_eligibility(
    *,
    kind: str,
    source: str,
    post_title: str,
    post_id: int,
    received_on: date,
    birth_date: date,
    sex: str,
    tenures: Sequence[TenureFacts],
    planning: Sequence[PlanningFacts],
    disciplines: Sequence[DisciplineFacts],
    dossier_verified_on: date | None,
    assets_declared_on: date | None,
    params: AppointmentParams,
) -> Eligibility:
    """Every condition of 377-QĐ/TW on the day the dossier is received, each with its reason."""
    result = Eligibility()
    checks = result.checks
    post_rank = title_rank(post_title)
    rank_now = current_rank(tenures, received_on)
    first = is_first_appointment(tenures, received_on)
    higher = kind == AppointmentKind.APPOINTMENT and (first or post_rank > rank_now)
    retires_on = retirement_date(birth_date, sex, params.retirement_schedule)

    # 1. Planning (not for a re-appointment to the same post)
    if kind == AppointmentKind.APPOINTMENT:
        active = [p for p in planning if p.active_on(received_on)]
        if source == Source.INSIDE:
            ok = any(p.post_id == post_id or p.rank >= post_rank for p in active)
            need = "chức vụ được đề nghị hoặc chức vụ tương đương, cao hơn"
        else:
            ok = any(p.rank >= post_rank for p in active)
            need = "chức vụ tương đương hoặc cao hơn chức vụ được đề nghị"
        checks.append(
            Check(
                "planning",
                "Trong quy hoạch",
                ok,
                "" if ok else f"Chưa có trong quy hoạch {need} vào ngày nhận hồ sơ {_fmt(received_on)}.",
            )
        )

    # 2. Time in the current or an equivalent post (not for a first appointment)
    if kind == AppointmentKind.APPOINTMENT and not first:
        months = months_in_equivalent_posts(tenures, rank_now, received_on)
        ok = months >= params.min_months_in_post
        checks.append(
            Check(
                "time_in_post",
                f"Giữ chức vụ hiện tại hoặc tương đương đủ {params.min_months_in_post} tháng",
                ok,
                ""
                if ok
                else (
                    f"Mới giữ chức vụ hiện tại hoặc tương đương {months} tháng, "
                    f"chưa đủ {params.min_months_in_post} tháng."
                ),
                blocking=params.confirmed["min_months_in_post"],
            )
        )

    # 3. Age: a full term before retirement, counted on the day the dossier is received
    if higher:
        ok = serves_years_before_retirement(received_on, retires_on, params.min_years_to_retirement)
        checks.append(
            Check(
                "age",
                f"Còn đủ {params.min_years_to_retirement} năm công tác đến tuổi nghỉ hưu",
                ok,
                ""
                if ok
                else (
                    f"Đến tuổi nghỉ hưu ngày {_fmt(retires_on)}: tính từ ngày nhận hồ sơ {_fmt(received_on)} "
                    f"còn {months_to_retirement(received_on, retires_on)} tháng, không đủ "
                    f"{params.min_years_to_retirement} năm."
                ),
                blocking=params.confirmed["min_years_to_retirement"],
            )
        )
    elif kind == AppointmentKind.REAPPOINTMENT and not serves_years_before_retirement(
        received_on, retires_on, params.reappointment_extend_years
    ):
        checks.append(
            Check(
                "extend_instead",
                f"Còn đủ {params.reappointment_extend_years} năm công tác đến tuổi nghỉ hưu để bổ nhiệm lại",
                False,
                f"Đến tuổi nghỉ hưu ngày {_fmt(retires_on)}, còn dưới {params.reappointment_extend_years} năm: "
                "xem xét kéo dài thời gian giữ chức vụ đến khi nghỉ hưu thay cho bổ nhiệm lại.",
                blocking=False,
            )
        )

    # 4. A verified dossier and the declaration of assets and income, before the dossier is received
    ok = dossier_verified_on is not None and dossier_verified_on <= received_on
    checks.append(
        Check(
            "dossier",
            "Hồ sơ cá nhân đã được xác minh",
            ok,
            "" if ok else f"Chưa có ngày xác minh hồ sơ cán bộ trước ngày nhận hồ sơ {_fmt(received_on)}.",
        )
    )
    ok = assets_declared_on is not None and assets_declared_on <= received_on
    checks.append(
        Check(
            "assets",
            "Đã kê khai tài sản, thu nhập",
            ok,
            "" if ok else f"Chưa kê khai tài sản, thu nhập trước ngày nhận hồ sơ {_fmt(received_on)}.",
        )
    )

    # 5. Discipline: the wait after a reprimand, a warning, removal from post (for a higher post)
    if higher:
        earlier = [d for d in disciplines if d.on <= received_on]
        clear_on = discipline_clear_on(earlier, params.waits)
        ok = clear_on is None or received_on >= clear_on
        if not ok:
            last = max((d for d in earlier if d.on + relativedelta(months=params.waits[d.kind]) == clear_on),
                       key=lambda d: d.on)  # fmt: skip
            reason = (
                f"Bị kỷ luật {DisciplineKind(last.kind).label.lower()} ngày {_fmt(last.on)}: chỉ được xem xét "
                f"bổ nhiệm chức vụ cao hơn sau {params.waits[last.kind]} tháng, từ ngày {_fmt(clear_on)}."
            )
        else:
            reason = ""
        # The waits still running decide: one whose parameter is confirmed blocks, an unconfirmed one warns.
        running = [d for d in earlier if received_on < d.on + relativedelta(months=params.waits.get(d.kind, 0))]
        blocking = any(params.confirmed.get(d.kind, True) for d in running) if running else True
        checks.append(Check("discipline", "Thời hạn sau kỷ luật", ok, reason, blocking=blocking))
    return result


def term_end(effective_on: date, term_years: int, retires_on: date) -> date:
    """The last day of an appointment: `term_years` from the day the decision takes effect, or the retirement
    day when that comes first (a re-appointment near retirement runs to retirement).

    The last day is the day before the anniversary; from 29 February the anniversary in a common year falls
    on 1 March, so a term from 29/02/2028 runs to 28/02/2033 (and one from 01/03/2027 to 29/02/2032)."""
    day_before = effective_on - timedelta(days=1)
    last = max(
        effective_on + relativedelta(years=term_years) - timedelta(days=1), day_before + relativedelta(years=term_years)
    )
    return min(last, retires_on)


# ---------------------------------------------------------------------------------------------------------
# The procedure (DOMAIN.md §5.3, UNCONFIRMED: the 5 steps of an inside source as 80-QĐ/TW described them)

PROCEDURES: dict[tuple[str, str], list[str]] = {
    (AppointmentKind.APPOINTMENT, Source.INSIDE): [
        ProcedureStep.PROPOSAL,
        ProcedureStep.LEADERS_NOMINATION,
        ProcedureStep.COLLECTIVE_NOMINATION,
        ProcedureStep.KEY_CADRE_OPINIONS,
        ProcedureStep.COLLECTIVE_VOTE,
    ],
    (AppointmentKind.APPOINTMENT, Source.OUTSIDE): [
        ProcedureStep.PROPOSAL,
        ProcedureStep.HOST_OPINIONS,
        ProcedureStep.COLLECTIVE_VOTE,
    ],
    (AppointmentKind.REAPPOINTMENT, Source.INSIDE): [
        ProcedureStep.PROPOSAL,
        ProcedureStep.KEY_CADRE_OPINIONS,
        ProcedureStep.COLLECTIVE_VOTE,
    ],
}
PROCEDURES[(AppointmentKind.REAPPOINTMENT, Source.OUTSIDE)] = PROCEDURES[(AppointmentKind.REAPPOINTMENT, Source.INSIDE)]

# The steps that are secret-ballot votes: they record the ballots.
BALLOT_STEPS = frozenset(
    {
        ProcedureStep.LEADERS_NOMINATION,
        ProcedureStep.COLLECTIVE_NOMINATION,
        ProcedureStep.KEY_CADRE_OPINIONS,
        ProcedureStep.COLLECTIVE_VOTE,
    }
)


@dataclass(frozen=True)
class StepFacts:
    step: str
    held_on: date
    attendees: int | None = None
    ballots_issued: int | None = None
    ballots_valid: int | None = None
    votes_for: int | None = None


def procedure(kind: str, source: str) -> list[str]:
    return PROCEDURES[(kind, source)]


def next_step(kind: str, source: str, done: Sequence[StepFacts]) -> str | None:
    recorded = {s.step for s in done}
    return next((s for s in procedure(kind, source) if s not in recorded), None)


def step_refusal(kind: str, source: str, done: Sequence[StepFacts], new: StepFacts, received_on: date) -> str | None:
    """Why `new` cannot be recorded after the steps `done` (not cancelled), or None. Steps go in the order
    of the procedure, none skipped, none twice, each dated on or after the one before."""
    steps = procedure(kind, source)
    label = ProcedureStep(new.step).label
    if new.step not in steps:
        return f"Bước «{label}» không thuộc quy trình này."
    if any(s.step == new.step for s in done):
        return f"Bước «{label}» đã được ghi nhận; hủy bản ghi nhầm trước khi ghi lại."
    expected = next_step(kind, source, done)
    if expected != new.step:
        return f"Chưa thực hiện bước «{ProcedureStep(expected).label}»: các bước phải theo đúng trình tự."
    # The steps are dated in their order. They may come before the personnel dossier reaches the organizing
    # body (`received_on`, the day the age is counted on); the decision may not (see the decide service).
    last = max((s.held_on for s in done), default=None)
    if last is not None and new.held_on < last:
        return f"Ngày thực hiện không được trước bước trước đó ({_fmt(last)})."
    if new.step in BALLOT_STEPS:
        return ballot_refusal(new)
    return None


def ballot_refusal(step: StepFacts) -> str | None:
    """The ballot counts must be given and consistent: for ≤ valid ≤ issued ≤ attendees."""
    values = (step.attendees, step.ballots_issued, step.ballots_valid, step.votes_for)
    if any(v is None for v in values):
        return "Bước biểu quyết bằng phiếu kín: nhập số được triệu tập, số phiếu phát ra, hợp lệ và tán thành."
    attendees, issued, valid, votes_for = values
    if attendees <= 0:
        return "Số thành viên được triệu tập phải lớn hơn 0."
    if not votes_for <= valid <= issued <= attendees:
        return "Số phiếu không hợp lệ: tán thành ≤ hợp lệ ≤ phát ra ≤ số được triệu tập."
    return None


def vote_passes(votes_for: int, attendees: int, majority: Fraction) -> bool:
    """More than `majority` (one half) of all the members of the collective in favour, compared exactly:
    4 of 7 passes, 4 of 8 does not."""
    return attendees > 0 and Fraction(votes_for, attendees) > majority


def procedure_check(kind: str, source: str, done: Sequence[StepFacts], majority: Fraction) -> Check:
    """Every step recorded, and the collective's vote carried."""
    missing = next_step(kind, source, done)
    if missing is not None:
        return Check(
            "procedure", "Đủ các bước quy trình", False, f"Chưa thực hiện bước «{ProcedureStep(missing).label}»."
        )
    vote = next(s for s in done if s.step == ProcedureStep.COLLECTIVE_VOTE)
    if not vote_passes(vote.votes_for or 0, vote.attendees or 0, majority):
        return Check(
            "procedure",
            "Tập thể lãnh đạo biểu quyết tán thành",
            False,
            f"Tập thể lãnh đạo biểu quyết {vote.votes_for}/{vote.attendees} tán thành, "
            f"chưa quá {majority.numerator}/{majority.denominator} tổng số thành viên.",
        )
    return Check("procedure", "Đủ các bước quy trình, tập thể lãnh đạo tán thành", True)


# ---------------------------------------------------------------------------------------------------------
# Planning conditions (DOMAIN.md §5.5: numbers UNCONFIRMED, so warnings unless confirmed in the rule table)

THEORY_ORDER = ["none", "elementary", "intermediate", "advanced", "bachelor"]
QUALIFICATION_ORDER = ["none", "elementary", "intermediate", "college", "bachelor", "master", "doctor"]
STATE_MANAGEMENT_ORDER = ["none", "specialist", "principal", "senior"]


def level_rank(order: list[str], value: str) -> int:
    value = value or "none"
    if order is THEORY_ORDER and value == "bachelor":
        value = "advanced"  # a bachelor's degree in political theory (cử nhân) counts as advanced (cao cấp)
    return order.index(value) if value in order else 0


def term_start(term: str) -> date:
    """The first day of a planned term "2030-2035": 1 January of its first year."""
    return date(int(term[:4]), 1, 1)


def valid_term(term: str) -> bool:
    parts = term.split("-")
    return len(parts) == 2 and all(p.isdigit() and len(p) == 4 for p in parts) and int(parts[1]) - int(parts[0]) == 5


@dataclass(frozen=True)
class PlanningParams:
    retirement_schedule: Mapping
    min_years_to_retirement: int
    min_qualification: str
    min_rating: str
    rating_years: int
    max_candidates_per_title: int
    max_titles_per_person: int
    requirements: Mapping[str, Mapping[str, str]]
    confirmed: Mapping[str, bool]

    @classmethod
    def from_rules(cls, rules) -> PlanningParams:
        keys = {
            "min_years_to_retirement": "planning.min_years_to_retirement",
            "min_qualification": "planning.min_qualification",
            "min_rating": "planning.min_rating",
            "rating_years": "planning.rating_years",
            "max_candidates_per_title": "planning.max_candidates_per_title",
            "max_titles_per_person": "planning.max_titles_per_person",
            "requirements": "cadres.title_requirements",
        }
        return cls(
            retirement_schedule=rules["retirement.schedule"],
            min_years_to_retirement=int(rules[keys["min_years_to_retirement"]]),
            min_qualification=str(rules[keys["min_qualification"]]),
            min_rating=str(rules[keys["min_rating"]]),
            rating_years=int(rules[keys["rating_years"]]),
            max_candidates_per_title=int(rules[keys["max_candidates_per_title"]]),
            max_titles_per_person=int(rules[keys["max_titles_per_person"]]),
            requirements=rules[keys["requirements"]],
            confirmed={name: bool(rules.version(key).confirmed) for name, key in keys.items()},
        )


def requirement_gaps(
    title: str,
    requirements: Mapping[str, Mapping[str, str]],
    *,
    theory_level: str,
    qualification: str,
    state_management: str,
) -> list[str]:
    """What a person lacks for the standards of a title (the training gaps), in Vietnamese."""
    need = requirements.get(title, {})
    gaps = []
    for field, order, have, labels, what in (
        ("theory_level", THEORY_ORDER, theory_level, TheoryLevel, "lý luận chính trị"),
        ("qualification", QUALIFICATION_ORDER, qualification, Qualification, "chuyên môn"),
        ("state_management", STATE_MANAGEMENT_ORDER, state_management, StateManagementLevel, "quản lý nhà nước"),
    ):
        wanted = need.get(field)
        if wanted and level_rank(order, have) < level_rank(order, wanted):
            gaps.append(f"Cần {what} {labels(wanted).label.lower()} (hiện có: {labels(have or 'none').label.lower()}).")
    return gaps


def planning_checks(
    *,
    title: str,
    term: str,
    on: date,
    birth_date: date,
    sex: str,
    qualification: str,
    theory_level: str,
    state_management: str,
    ratings: Mapping[int, str],
    disciplines: Sequence[DisciplineFacts],
    added_on: date | None,
    planned_for_post: int,
    titles_of_person: int,
    params: PlanningParams,
) -> Eligibility:
    """The planning conditions of one person for one post and term, judged on `on` (the day of adding, or
    today for a name already on the list: a failure then means "no longer meets the condition").

    `planned_for_post` and `titles_of_person` count the list with this entry included.
    """
    result = Eligibility()
    checks = result.checks
    conf = params.confirmed
    start = max(term_start(term), on)
    retires_on = retirement_date(birth_date, sex, params.retirement_schedule)
    ok = serves_years_before_retirement(start, retires_on, params.min_years_to_retirement)
    checks.append(
        Check(
            "age",
            f"Đủ tuổi công tác trọn một nhiệm kỳ ({params.min_years_to_retirement} năm)",
            ok,
            ""
            if ok
            else f"Đến tuổi nghỉ hưu ngày {_fmt(retires_on)}, không đủ {params.min_years_to_retirement} "
            f"năm tính từ {_fmt(start)}.",
            blocking=conf["min_years_to_retirement"],
        )
    )
    ok = level_rank(QUALIFICATION_ORDER, qualification) >= level_rank(QUALIFICATION_ORDER, params.min_qualification)
    checks.append(
        Check(
            "qualification",
            f"Trình độ chuyên môn từ {Qualification(params.min_qualification).label.lower()} trở lên",
            ok,
            "" if ok else f"Trình độ chuyên môn: {Qualification(qualification or 'none').label.lower()}.",
            blocking=conf["min_qualification"],
        )
    )
    gaps = requirement_gaps(
        title,
        params.requirements,
        theory_level=theory_level,
        qualification=qualification,
        state_management=state_management,
    )
    checks.append(Check("standards", "Tiêu chuẩn trình độ của chức danh", not gaps, " ".join(gaps), blocking=False))
    years = range(on.year - params.rating_years, on.year)
    floor = RATING_ORDER.index(Rating(params.min_rating))
    missing = [y for y in years if y not in ratings]
    low = [y for y in years if y in ratings and RATING_ORDER.index(Rating(ratings[y])) < floor]
    reason = []
    if low:
        reason.append(
            "Xếp loại dưới mức " + Rating(params.min_rating).label.lower() + " năm " + ", ".join(map(str, low)) + "."
        )
    if missing:
        reason.append("Chưa có kết quả đánh giá năm " + ", ".join(map(str, missing)) + ".")
    checks.append(
        Check(
            "ratings",
            f"Xếp loại từ mức {Rating(params.min_rating).label.lower()} trở lên {params.rating_years} năm gần nhất",
            not low and not missing,
            " ".join(reason),
            # A rating not yet entered only warns; a low one recorded blocks once the parameter is confirmed.
            blocking=conf["min_rating"] and bool(low),
        )
    )
    # 377-QĐ/TW lets a disciplined cadre be planned in some cases (a reprimand or warning whose period has
    # passed), and DOMAIN.md §5.5 gives no planning rule on discipline: the committee judges, so this warns.
    # A name being added is judged on every discipline up to `on`; a listed name on those since it was added.
    since = [d for d in disciplines if d.on <= on and (added_on is None or d.on >= added_on)]
    listed = ", ".join(f"{DisciplineKind(d.kind).label.lower()} ngày {_fmt(d.on)}" for d in since)
    checks.append(
        Check(
            "discipline",
            "Không bị kỷ luật",
            not since,
            ""
            if not since
            else (
                f"Bị kỷ luật {listed}: cấp có thẩm quyền xem xét, chỉ quy hoạch khi đã hết thời hạn kỷ luật."
                if added_on is None
                else f"Bị kỷ luật {listed} sau khi được quy hoạch: xem xét đưa ra khỏi quy hoạch."
            ),
            blocking=False,
        )
    )
    ok = planned_for_post <= params.max_candidates_per_title
    checks.append(
        Check(
            "post_count",
            f"Không quá {params.max_candidates_per_title} người cho một chức danh",
            ok,
            "" if ok else f"Chức danh này có {planned_for_post} người trong quy hoạch.",
            blocking=conf["max_candidates_per_title"],
        )
    )
    ok = titles_of_person <= params.max_titles_per_person
    checks.append(
        Check(
            "title_count",
            f"Một người không quá {params.max_titles_per_person} chức danh",
            ok,
            "" if ok else f"Người này được quy hoạch {titles_of_person} chức danh.",
            blocking=conf["max_titles_per_person"],
        )
    )
    return result
