"""The pure rules of cadre work against DOMAIN.md §5: the conditions of an appointment (§5.2, §5.4), the
procedure (§5.3), the planning conditions (§5.5) and the training gaps of a title's standards. The
parameters are the catalog's values, each confirmed or not as the catalog says."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date, timedelta
from fractions import Fraction
from types import SimpleNamespace
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta

from tochuc.cadres import rules
from tochuc.cadres.choices import AppointmentKind, DisciplineKind, ProcedureStep, Rating, Source, Title
from tochuc.cadres.rules import (
    AppointmentParams,
    DisciplineFacts,
    PlanningFacts,
    PlanningParams,
    StepFacts,
    TenureFacts,
)
from tochuc.core.rules_catalog import PARAMETERS
from tochuc.members.choices import Qualification, Sex, StateManagementLevel, TheoryLevel

CATALOG = {p[0]: (p[4], p[8]) for p in PARAMETERS}


class CatalogRules(Mapping[str, Any]):
    """The catalog's values as `rules_in_force` gives them, with `confirm` overriding what is confirmed."""

    def __init__(self, **confirm: bool):
        self.confirm = {k.replace("__", "."): v for k, v in confirm.items()}

    def __getitem__(self, key: str) -> Any:
        return CATALOG[key][0]

    def __iter__(self) -> Iterator[str]:
        return iter(CATALOG)

    def __len__(self) -> int:
        return len(CATALOG)

    def version(self, key: str) -> SimpleNamespace:
        return SimpleNamespace(confirmed=self.confirm.get(key, CATALOG[key][1]))


APPOINTMENT = AppointmentParams.from_rules(CatalogRules())
PLANNING = PlanningParams.from_rules(CatalogRules())
SCHEDULE = CATALOG["retirement.schedule"][0]
WAITS = {
    DisciplineKind.REPRIMAND: CATALOG["discipline.wait_months_reprimand"][0],
    DisciplineKind.WARNING: CATALOG["discipline.wait_months_warning"][0],
    DisciplineKind.REMOVAL_FROM_POST: CATALOG["discipline.wait_months_removal_from_post"][0],
}

# A man born in 06/1969 retires at 62 (born from 04/1966), at the end of 06/2031; so does a woman born in
# 10/1972, who retires at 58y8m (born 09/1972 to 04/1973).
RETIRES_2031_06_30 = [(date(1969, 6, 15), Sex.MALE), (date(1972, 10, 3), Sex.FEMALE)]

HEAD, DEPUTY = Title.AGENCY_HEAD, Title.AGENCY_DEPUTY


def eligibility(**given):
    """A deputy head (since 2020, so well over 24 months) proposed as head from inside, planned for the post,
    dossier verified and assets declared, no discipline, young: every condition met unless `given` says."""
    facts = {
        "kind": AppointmentKind.APPOINTMENT,
        "source": Source.INSIDE,
        "post_title": HEAD,
        "post_id": 1,
        "received_on": date(2026, 6, 30),
        "birth_date": date(1980, 5, 10),
        "sex": Sex.MALE,
        "tenures": [TenureFacts(DEPUTY, date(2020, 1, 1))],
        "planning": [PlanningFacts(HEAD, 1, "2025-2030", date(2025, 1, 10))],
        "disciplines": [],
        "dossier_verified_on": date(2026, 5, 4),
        "assets_declared_on": date(2025, 12, 31),
        "params": APPOINTMENT,
        **given,
    }
    return rules.appointment_eligibility(**facts)


def check(result, code):
    found = [c for c in result.checks if c.code == code]
    assert len(found) == 1, [c.code for c in result.checks]
    return found[0]


def codes(result) -> set[str]:
    return {c.code for c in result.checks}


def test_the_params_built_from_the_catalog_are_those_of_the_rule_table(db):
    from tochuc.core.rules import rules_in_force

    in_force = rules_in_force(date(2026, 11, 29))
    assert AppointmentParams.from_rules(in_force) == APPOINTMENT
    assert PlanningParams.from_rules(in_force) == PLANNING


def test_every_condition_met_gives_an_eligible_verdict():
    result = eligibility()
    assert result.ok and not result.warnings
    assert codes(result) == {"planning", "time_in_post", "age", "dossier", "assets", "discipline"}
    assert all(c.ok for c in result.checks)


# --- Age (§5.2: a full 5-year term before retirement, counted on the day the dossier is received) ------------


@pytest.mark.parametrize(("birth", "sex"), RETIRES_2031_06_30)
def test_the_birth_dates_retire_on_30_june_2031(birth, sex):
    assert rules.retirement_date(birth, sex, SCHEDULE) == date(2031, 6, 30)


@pytest.mark.parametrize(("birth", "sex"), RETIRES_2031_06_30)
def test_a_first_appointment_needs_five_years_before_retirement(birth, sex):
    first = {"tenures": [], "birth_date": birth, "sex": sex}
    on_time = eligibility(received_on=date(2026, 6, 30), **first)
    assert check(on_time, "age").ok and on_time.ok

    late = eligibility(received_on=date(2026, 7, 1), **first)
    age = check(late, "age")
    assert not age.ok and age.blocking and not late.ok
    assert "30/06/2031" in age.reason and "01/07/2026" in age.reason and "59 tháng" in age.reason


def test_a_higher_post_needs_five_years_before_retirement():
    late = eligibility(received_on=date(2026, 7, 1), birth_date=date(1969, 6, 15))
    assert not check(late, "age").ok and not late.ok


@pytest.mark.parametrize(
    ("kind", "title"),
    [
        (AppointmentKind.APPOINTMENT, Title.MASS_ORG_DEPUTY),  # an equivalent post (same rank as a deputy head)
        (AppointmentKind.APPOINTMENT, Title.STAFF),  # a lower post
        (AppointmentKind.REAPPOINTMENT, DEPUTY),  # the same post again
    ],
)
def test_an_equal_or_lower_post_or_a_reappointment_has_no_age_test(kind, title):
    result = eligibility(
        kind=kind,
        post_title=title,
        received_on=date(2030, 1, 1),
        birth_date=date(1969, 6, 15),
        planning=[PlanningFacts(title, 1, "2025-2030", date(2025, 1, 10))],
    )
    assert "age" not in codes(result)
    assert "discipline" not in codes(result)


def test_a_reappointment_with_less_than_two_years_left_suggests_extending_instead():
    reappoint = {"kind": AppointmentKind.REAPPOINTMENT, "post_title": DEPUTY, "birth_date": date(1969, 6, 15)}
    two_years = eligibility(received_on=date(2029, 6, 30), **reappoint)
    assert "extend_instead" not in codes(two_years)

    short = eligibility(received_on=date(2029, 7, 1), **reappoint)
    extend = check(short, "extend_instead")
    assert not extend.ok and not extend.blocking and short.ok  # a warning: the committee chooses
    assert "kéo dài" in extend.reason and "30/06/2031" in extend.reason
    # a re-appointment to the same post needs neither planning nor the time in post
    assert not codes(short) & {"planning", "time_in_post", "age"}


# --- Time in the current or an equivalent post (24 months, non-continuous time adds up) --------------------


def test_23_months_30_days_in_post_is_short_and_24_months_is_enough():
    tenures = [TenureFacts(DEPUTY, date(2024, 6, 1))]
    short = eligibility(tenures=tenures, received_on=date(2026, 5, 31))  # 23 months 30 days
    time = check(short, "time_in_post")
    assert not time.ok and "23 tháng" in time.reason
    assert check(eligibility(tenures=tenures, received_on=date(2026, 6, 1)), "time_in_post").ok


def test_the_time_in_post_warns_while_unconfirmed_and_blocks_once_confirmed():
    assert CATALOG["appointment.min_months_in_post"][1] is False  # DOMAIN.md §5.2: details UNCONFIRMED
    facts = {"tenures": [TenureFacts(DEPUTY, date(2024, 6, 1))], "received_on": date(2026, 5, 31)}
    warned = eligibility(**facts)
    assert warned.ok and [c.code for c in warned.warnings] == ["time_in_post"]

    confirmed = AppointmentParams.from_rules(CatalogRules(appointment__min_months_in_post=True))
    blocked = eligibility(params=confirmed, **facts)
    assert not blocked.ok and [c.code for c in blocked.refusals] == ["time_in_post"]


def test_non_continuous_time_in_equivalent_posts_adds_up():
    # 12 months as head of a mass organization's deputy (rank of a deputy head), then 12 as deputy head
    tenures = [
        TenureFacts(Title.MASS_ORG_DEPUTY, date(2021, 3, 1), date(2022, 3, 1)),
        TenureFacts(DEPUTY, date(2025, 6, 1)),
    ]
    assert not check(eligibility(tenures=tenures, received_on=date(2026, 5, 31)), "time_in_post").ok
    assert check(eligibility(tenures=tenures, received_on=date(2026, 6, 1)), "time_in_post").ok


def test_twelve_months_and_twelve_months_make_24_whatever_the_leap_days():
    # 365 + 365 days, while the 730 days before 01/02/2026 hold 29/02/2024: still 24 months
    tenures = [TenureFacts(DEPUTY, date(2021, 3, 1), date(2022, 3, 1)), TenureFacts(DEPUTY, date(2025, 2, 1))]
    assert rules.months_in_equivalent_posts(tenures, 40, date(2026, 2, 1)) == 24
    assert rules.months_in_equivalent_posts(tenures, 40, date(2026, 1, 31)) == 23


def test_overlapping_time_is_counted_once():
    on = date(2026, 6, 1)
    alone = [TenureFacts(DEPUTY, date(2024, 6, 1))]
    both = [*alone, TenureFacts(Title.MASS_ORG_DEPUTY, date(2025, 1, 1))]  # two equivalent posts at once
    assert rules.months_in_equivalent_posts(both, 40, on) == rules.months_in_equivalent_posts(alone, 40, on) == 24
    partly = [
        TenureFacts(DEPUTY, date(2022, 1, 1), date(2023, 1, 1)),
        TenureFacts(Title.MASS_ORG_DEPUTY, date(2022, 7, 1), date(2023, 7, 1)),
    ]
    assert rules.months_in_equivalent_posts(partly, 40, on) == 18
    back_to_back = [
        TenureFacts(DEPUTY, date(2022, 1, 1), date(2023, 1, 1)),
        TenureFacts(DEPUTY, date(2023, 1, 1), date(2024, 1, 1)),
    ]
    assert rules.months_in_equivalent_posts(back_to_back, 40, on) == 24


def test_only_equivalent_posts_count_and_not_beyond_the_day():
    tenures = [
        TenureFacts(Title.STAFF, date(2010, 1, 1), date(2024, 6, 1)),
        TenureFacts(HEAD, date(2015, 1, 1), date(2018, 1, 1)),
        TenureFacts(DEPUTY, date(2024, 6, 1)),
        TenureFacts(DEPUTY, date(2027, 1, 1)),  # a later post, not yet held
    ]
    assert rules.months_in_equivalent_posts(tenures, 40, date(2026, 6, 1)) == 24


def test_a_first_appointment_has_no_time_in_post_condition():
    staff_only = [TenureFacts(Title.STAFF, date(2025, 1, 1))]  # a staff post is not a leadership post
    assert rules.is_first_appointment(staff_only, date(2026, 6, 30))
    result = eligibility(tenures=staff_only)
    assert "time_in_post" not in codes(result) and result.ok


# --- Planning (§5.2 item 2) ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "planned_title", "planned_post", "ok"),
    [
        (Source.INSIDE, HEAD, 1, True),  # this post
        (Source.INSIDE, Title.MASS_ORG_HEAD, 2, True),  # an equivalent post
        (Source.INSIDE, Title.GOVERNMENT_VICE_CHAIR, 3, True),  # a higher post
        (Source.INSIDE, DEPUTY, 4, False),  # a lower post
        (Source.OUTSIDE, Title.MASS_ORG_HEAD, 2, True),
        (Source.OUTSIDE, Title.GOVERNMENT_VICE_CHAIR, 3, True),
        (Source.OUTSIDE, DEPUTY, 4, False),
    ],
)
def test_planning_for_this_an_equivalent_or_a_higher_post(source, planned_title, planned_post, ok):
    result = eligibility(
        source=source, planning=[PlanningFacts(planned_title, planned_post, "2025-2030", date(2025, 1, 10))]
    )
    planning = check(result, "planning")
    assert planning.ok is ok and result.ok is ok
    if not ok:
        assert planning.blocking and "30/06/2026" in planning.reason


def test_no_planning_entry_refuses():
    assert not check(eligibility(planning=[]), "planning").ok


@pytest.mark.parametrize(
    ("added_on", "removed_on", "counts"),
    [
        (date(2025, 1, 10), date(2026, 6, 29), False),  # removed before the dossier day
        (date(2025, 1, 10), date(2026, 6, 30), False),  # removed on the dossier day: no longer listed that day
        (date(2025, 1, 10), date(2026, 7, 1), True),  # removed after it
        (date(2026, 6, 30), None, True),  # added on the dossier day
        (date(2026, 7, 1), None, False),  # added after it
    ],
)
def test_only_an_entry_in_force_on_the_dossier_day_counts(added_on, removed_on, counts):
    entry = PlanningFacts(HEAD, 1, "2025-2030", added_on, removed_on)
    assert check(eligibility(planning=[entry]), "planning").ok is counts


# --- The dossier and the declaration of assets (§5.2 item 4) ---------------------------------------------


@pytest.mark.parametrize("field", ["dossier_verified_on", "assets_declared_on"])
def test_the_dossier_and_the_assets_are_done_on_or_before_the_received_day(field):
    code = "dossier" if field == "dossier_verified_on" else "assets"
    assert check(eligibility(**{field: date(2026, 6, 30)}), code).ok
    late = eligibility(**{field: date(2026, 7, 1)})
    assert not check(late, code).ok and not late.ok
    missing = check(eligibility(**{field: None}), code)
    assert not missing.ok and missing.blocking and "30/06/2026" in missing.reason


# --- Discipline (§5.4: 24, 36, 60 months before a higher post) ---------------------------------------------


def test_a_reprimand_of_1_november_2024_clears_on_1_november_2026():
    reprimand = [DisciplineFacts(DisciplineKind.REPRIMAND, date(2024, 11, 1))]
    assert rules.discipline_clear_on(reprimand, APPOINTMENT.waits) == date(2026, 11, 1)
    refused = eligibility(disciplines=reprimand, received_on=date(2026, 10, 31))
    discipline = check(refused, "discipline")
    assert not discipline.ok and discipline.blocking and not refused.ok
    assert "khiển trách" in discipline.reason and "01/11/2026" in discipline.reason and "24 tháng" in discipline.reason
    assert check(eligibility(disciplines=reprimand, received_on=date(2026, 11, 1)), "discipline").ok


@pytest.mark.parametrize(("kind", "months"), [(k, m) for k, m in WAITS.items()])
def test_each_discipline_waits_its_months(kind, months):
    assert months == {"reprimand": 24, "warning": 36, "removal_from_post": 60}[kind]
    clear = date(2026, 11, 1)
    facts = [DisciplineFacts(kind, clear - relativedelta(months=months))]
    assert not check(eligibility(disciplines=facts, received_on=clear - timedelta(days=1)), "discipline").ok
    assert check(eligibility(disciplines=facts, received_on=clear), "discipline").ok


def test_the_latest_wait_wins_when_there_are_several():
    facts = [
        DisciplineFacts(DisciplineKind.REPRIMAND, date(2025, 1, 1)),  # clear 01/01/2027
        DisciplineFacts(DisciplineKind.WARNING, date(2024, 6, 1)),  # clear 01/06/2027
        DisciplineFacts(DisciplineKind.REMOVAL_FROM_POST, date(2020, 1, 1)),  # clear 01/01/2025
    ]
    assert rules.discipline_clear_on(facts, APPOINTMENT.waits) == date(2027, 6, 1)
    refused = check(eligibility(disciplines=facts, received_on=date(2027, 5, 31)), "discipline")
    assert not refused.ok and "cảnh cáo" in refused.reason and "01/06/2027" in refused.reason
    assert check(eligibility(disciplines=facts, received_on=date(2027, 6, 1)), "discipline").ok


def test_a_wait_ending_on_a_missing_day_ends_at_the_month_end():
    facts = [DisciplineFacts(DisciplineKind.REPRIMAND, date(2024, 2, 29))]
    assert rules.discipline_clear_on(facts, APPOINTMENT.waits) == date(2026, 2, 28)
    assert rules.discipline_clear_on([], APPOINTMENT.waits) is None


def test_a_discipline_after_the_received_day_is_not_counted_and_an_equal_post_has_no_wait():
    later = [DisciplineFacts(DisciplineKind.WARNING, date(2026, 7, 1))]
    assert check(eligibility(disciplines=later), "discipline").ok
    recent = [DisciplineFacts(DisciplineKind.WARNING, date(2026, 1, 1))]
    equal = eligibility(disciplines=recent, post_title=Title.MASS_ORG_DEPUTY)
    assert "discipline" not in codes(equal)


def test_an_unconfirmed_wait_warns_and_a_confirmed_one_still_running_blocks():
    unconfirmed = AppointmentParams.from_rules(CatalogRules(discipline__wait_months_reprimand=False))
    reprimand = DisciplineFacts(DisciplineKind.REPRIMAND, date(2025, 1, 1))
    warned = eligibility(disciplines=[reprimand], params=unconfirmed)
    assert warned.ok and [c.code for c in warned.warnings] == ["discipline"]
    # an old reprimand (its wait over, its parameter unconfirmed) does not soften a warning still running
    warning = DisciplineFacts(DisciplineKind.WARNING, date(2025, 1, 1))
    old = DisciplineFacts(DisciplineKind.REPRIMAND, date(2015, 1, 1))
    blocked = eligibility(disciplines=[old, warning], params=unconfirmed)
    assert not blocked.ok and [c.code for c in blocked.refusals] == ["discipline"]


# --- The term (§5.2: 5 years from the day the decision takes effect, not beyond retirement) -----------------


def test_the_term_is_five_years_minus_a_day_and_stops_at_retirement():
    assert rules.term_end(date(2026, 7, 1), 5, date(2040, 1, 31)) == date(2031, 6, 30)
    assert rules.term_end(date(2026, 1, 1), 5, date(2040, 1, 31)) == date(2030, 12, 31)
    assert rules.term_end(date(2027, 1, 1), 5, date(2031, 6, 30)) == date(2031, 6, 30)
    assert rules.term_end(date(2026, 7, 1), 5, date(2031, 6, 30)) == date(2031, 6, 30)
    assert rules.term_end(date(2026, 7, 2), 5, date(2031, 6, 30)) == date(2031, 6, 30)


# --- The procedure (§5.3) --------------------------------------------------------------------------------


INSIDE = rules.procedure(AppointmentKind.APPOINTMENT, Source.INSIDE)
RECEIVED = date(2026, 3, 2)


def ballot(step, held_on, attendees=9, issued=9, valid=9, votes_for=7):
    return StepFacts(step, held_on, attendees, issued, valid, votes_for)


def step(step, held_on):
    return ballot(step, held_on) if step in rules.BALLOT_STEPS else StepFacts(step, held_on)


def done(n, first=date(2026, 3, 2)):
    """The first `n` steps of the inside procedure, a week apart."""
    return [step(s, first + timedelta(days=7 * i)) for i, s in enumerate(INSIDE[:n])]


def refusal(done_steps, new, kind=AppointmentKind.APPOINTMENT, source=Source.INSIDE):
    return rules.step_refusal(kind, source, done_steps, new, RECEIVED)


def test_the_inside_procedure_has_the_five_steps_in_order():
    assert INSIDE == [
        ProcedureStep.PROPOSAL,
        ProcedureStep.LEADERS_NOMINATION,
        ProcedureStep.COLLECTIVE_NOMINATION,
        ProcedureStep.KEY_CADRE_OPINIONS,
        ProcedureStep.COLLECTIVE_VOTE,
    ]
    for kind, source in rules.PROCEDURES:
        assert rules.procedure(kind, source)[-1] == ProcedureStep.COLLECTIVE_VOTE


def test_every_step_in_order_is_accepted():
    steps = done(5)
    for i, new in enumerate(steps):
        assert refusal(steps[:i], new) is None


def test_a_skipped_step_is_refused():
    message = refusal(done(1), step(ProcedureStep.COLLECTIVE_NOMINATION, date(2026, 4, 1)))
    assert message and "Hội nghị lãnh đạo chủ chốt" in message and "trình tự" in message


def test_a_repeated_step_is_refused():
    message = refusal(done(2), step(ProcedureStep.PROPOSAL, date(2026, 4, 1)))
    assert message and "đã được ghi nhận" in message


def test_a_step_dated_before_the_previous_one_is_refused():
    steps = done(2)  # the second on 09/03/2026
    assert "09/03/2026" in refusal(steps, step(INSIDE[2], date(2026, 3, 8)))
    assert refusal(steps, step(INSIDE[2], date(2026, 3, 9))) is None  # the same day is fine


def test_the_first_steps_may_come_before_the_dossier_is_received():
    """The collective discusses and nominates before the personnel dossier reaches the organizing body."""
    assert refusal([], step(ProcedureStep.PROPOSAL, date(2026, 3, 1))) is None


def test_a_step_not_in_the_procedure_is_refused():
    message = refusal(done(1), StepFacts(ProcedureStep.HOST_OPINIONS, date(2026, 4, 1)))
    assert message and "không thuộc quy trình" in message
    outside = rules.procedure(AppointmentKind.APPOINTMENT, Source.OUTSIDE)
    assert ProcedureStep.HOST_OPINIONS in outside and ProcedureStep.LEADERS_NOMINATION not in outside
    first = StepFacts(ProcedureStep.PROPOSAL, RECEIVED)
    assert refusal([first], StepFacts(ProcedureStep.HOST_OPINIONS, RECEIVED), source=Source.OUTSIDE) is None


@pytest.mark.parametrize(
    ("attendees", "issued", "valid", "votes_for", "ok"),
    [
        (9, 9, 9, 9, True),
        (9, 8, 7, 0, True),
        (None, 9, 9, 7, False),
        (9, 9, 9, None, False),
        (0, 0, 0, 0, False),
        (9, 10, 9, 7, False),  # more ballots issued than members convened
        (9, 8, 9, 7, False),  # more valid than issued
        (9, 9, 7, 8, False),  # more in favour than valid
    ],
)
def test_the_ballot_counts_must_be_given_and_consistent(attendees, issued, valid, votes_for, ok):
    new = StepFacts(ProcedureStep.LEADERS_NOMINATION, date(2026, 4, 1), attendees, issued, valid, votes_for)
    message = refusal(done(1), new)
    assert (message is None) is ok
    if not ok:
        assert "phiếu" in message.lower() or "thành viên" in message


@pytest.mark.parametrize(
    ("votes_for", "attendees", "passes"),
    [(4, 8, False), (5, 8, True), (4, 7, True), (3, 7, False), (0, 0, False), (9, 9, True)],
)
def test_the_vote_needs_more_than_half_of_the_whole_collective(votes_for, attendees, passes):
    assert APPOINTMENT.vote_majority == Fraction(1, 2)
    assert rules.vote_passes(votes_for, attendees, APPOINTMENT.vote_majority) is passes


def test_the_procedure_check_needs_every_step_and_the_vote_carried():
    missing = rules.procedure_check(AppointmentKind.APPOINTMENT, Source.INSIDE, done(4), APPOINTMENT.vote_majority)
    assert not missing.ok and "Tập thể lãnh đạo biểu quyết" in missing.reason

    steps = done(4)
    vote_day = date(2026, 4, 1)
    lost = [*steps, ballot(ProcedureStep.COLLECTIVE_VOTE, vote_day, attendees=8, issued=8, valid=8, votes_for=4)]
    result = rules.procedure_check(AppointmentKind.APPOINTMENT, Source.INSIDE, lost, APPOINTMENT.vote_majority)
    assert not result.ok and "4/8" in result.reason

    won = [*steps, ballot(ProcedureStep.COLLECTIVE_VOTE, vote_day, attendees=8, issued=8, valid=8, votes_for=5)]
    assert rules.procedure_check(AppointmentKind.APPOINTMENT, Source.INSIDE, won, APPOINTMENT.vote_majority).ok


def test_a_reappointment_has_the_short_procedure():
    steps = rules.procedure(AppointmentKind.REAPPOINTMENT, Source.INSIDE)
    assert steps == [ProcedureStep.PROPOSAL, ProcedureStep.KEY_CADRE_OPINIONS, ProcedureStep.COLLECTIVE_VOTE]
    assert rules.next_step(AppointmentKind.REAPPOINTMENT, Source.INSIDE, [StepFacts(steps[0], RECEIVED)]) == steps[1]


# --- Planning conditions (§5.5) ----------------------------------------------------------------------------


def planning(**given):
    """A man born 1980 with a bachelor's degree, advanced theory, principal state management, rated good or
    better the last three years, no discipline, added now to a list of one for the 2030-2035 term."""
    facts = {
        "title": HEAD,
        "term": "2030-2035",
        "on": date(2026, 3, 1),
        "birth_date": date(1980, 5, 10),
        "sex": Sex.MALE,
        "qualification": Qualification.BACHELOR,
        "theory_level": TheoryLevel.ADVANCED,
        "state_management": StateManagementLevel.PRINCIPAL,
        "ratings": {2023: Rating.GOOD, 2024: Rating.GOOD, 2025: Rating.EXCELLENT},
        "disciplines": [],
        "added_on": None,
        "planned_for_post": 1,
        "titles_of_person": 1,
        "params": PLANNING,
        **given,
    }
    return rules.planning_checks(**facts)


def test_a_planning_entry_meeting_every_condition_is_clear():
    result = planning()
    assert result.ok and not result.warnings
    assert codes(result) == {"age", "qualification", "standards", "ratings", "discipline", "post_count", "title_count"}


@pytest.mark.parametrize(
    ("birth", "term", "on", "ok"),
    [
        # term 2030-2035: a full term from 01/01/2030 needs retirement on or after 01/01/2035; a man retiring at
        # 62 born 12/1972 retires 31/12/2034, born 01/1973 on 31/01/2035
        (date(1972, 12, 20), "2030-2035", date(2026, 3, 1), False),
        (date(1973, 1, 20), "2030-2035", date(2026, 3, 1), True),
        # term 2025-2030 judged on 01/03/2026: from that day, retirement on or after 01/03/2031
        (date(1969, 2, 20), "2025-2030", date(2026, 3, 1), False),
        (date(1969, 3, 20), "2025-2030", date(2026, 3, 1), True),
    ],
)
def test_the_age_is_counted_from_the_start_of_the_term_or_the_day_judged(birth, term, on, ok):
    age = check(planning(birth_date=birth, term=term, on=on), "age")
    assert age.ok is ok
    if not ok:
        assert not age.blocking  # the planning numbers are UNCONFIRMED (DOMAIN.md §5.5)
        assert "01/01/2030" in age.reason or "01/03/2026" in age.reason


def test_the_age_blocks_once_the_parameter_is_confirmed():
    params = PlanningParams.from_rules(CatalogRules(planning__min_years_to_retirement=True))
    result = planning(birth_date=date(1972, 12, 20), params=params)
    assert not result.ok and [c.code for c in result.refusals] == ["age"]


def test_the_term_starts_on_1_january_of_its_first_year():
    assert rules.term_start("2030-2035") == date(2030, 1, 1)


@pytest.mark.parametrize(
    ("term", "valid"),
    [
        ("2030-2035", True),
        ("2025-2030", True),
        ("2030-2034", False),
        ("2030-2036", False),
        ("2035-2030", False),
        ("2030", False),
        ("2030\u20132035", False),  # an en dash
        ("2030-2035-2040", False),
        ("abcd-efgh", False),
        ("", False),
    ],
)
def test_a_term_is_written_as_two_years_five_apart(term, valid):
    assert rules.valid_term(term) is valid


def test_the_qualification_warns_below_the_minimum_and_blocks_once_confirmed():
    assert PLANNING.min_qualification == Qualification.BACHELOR
    assert check(planning(qualification=Qualification.MASTER), "qualification").ok
    low = check(planning(qualification=Qualification.COLLEGE), "qualification")
    assert not low.ok and not low.blocking and "cao đẳng" in low.reason
    params = PlanningParams.from_rules(CatalogRules(planning__min_qualification=True))
    assert not planning(qualification=Qualification.COLLEGE, params=params).ok


def test_the_ratings_are_those_of_the_last_years_before_the_day():
    assert PLANNING.rating_years == 3 and PLANNING.min_rating == Rating.GOOD
    # 2022 and 2026 are outside the three years before 2026
    ratings = {2022: Rating.NOT_COMPLETED, 2023: Rating.GOOD, 2024: Rating.EXCELLENT, 2025: Rating.GOOD}
    assert check(planning(ratings={**ratings, 2026: Rating.NOT_COMPLETED}), "ratings").ok


def test_a_missing_rating_is_not_met_and_never_blocks():
    params = PlanningParams.from_rules(CatalogRules(planning__min_rating=True))
    missing = check(planning(ratings={2023: Rating.GOOD, 2024: Rating.GOOD}, params=params), "ratings")
    assert not missing.ok and not missing.blocking and "2025" in missing.reason


def test_a_low_rating_warns_until_confirmed_then_blocks():
    low = {2023: Rating.GOOD, 2024: Rating.COMPLETED, 2025: Rating.GOOD}
    warned = check(planning(ratings=low), "ratings")
    assert not warned.ok and not warned.blocking and "2024" in warned.reason
    params = PlanningParams.from_rules(CatalogRules(planning__min_rating=True))
    blocked = planning(ratings=low, params=params)
    assert not blocked.ok and [c.code for c in blocked.refusals] == ["ratings"]
    # a low rating recorded still blocks when another year is missing
    low_and_missing = {2024: Rating.COMPLETED, 2025: Rating.GOOD}
    both = check(planning(ratings=low_and_missing, params=params), "ratings")
    assert both.blocking and "2024" in both.reason and "2023" in both.reason


def test_discipline_is_flagged_for_the_committee():
    reprimand = DisciplineFacts(DisciplineKind.REPRIMAND, date(2025, 5, 1))
    adding = check(planning(disciplines=[reprimand]), "discipline")
    assert not adding.ok and not adding.blocking and "khiển trách" in adding.reason and "01/05/2025" in adding.reason
    # a name already listed: only discipline since it was added
    assert check(planning(disciplines=[reprimand], added_on=date(2025, 6, 1)), "discipline").ok
    since = check(planning(disciplines=[reprimand], added_on=date(2025, 5, 1)), "discipline")
    assert not since.ok and "đưa ra khỏi quy hoạch" in since.reason
    # a discipline dated after the day judged is not yet known
    later = DisciplineFacts(DisciplineKind.WARNING, date(2026, 3, 2))
    assert check(planning(disciplines=[later]), "discipline").ok


@pytest.mark.parametrize(
    ("field", "code", "maximum"),
    [
        ("planned_for_post", "post_count", PLANNING.max_candidates_per_title),
        ("titles_of_person", "title_count", PLANNING.max_titles_per_person),
    ],
)
def test_the_counts_are_at_most_the_parameter(field, code, maximum):
    assert check(planning(**{field: maximum}), code).ok
    over = check(planning(**{field: maximum + 1}), code)
    assert not over.ok and not over.blocking and str(maximum + 1) in over.reason
    key = "planning__max_candidates_per_title" if code == "post_count" else "planning__max_titles_per_person"
    params = PlanningParams.from_rules(CatalogRules(**{key: True}))
    assert not planning(params=params, **{field: maximum + 1}).ok


# --- The standards of a title: what training is missing ---------------------------------------------------


REQUIREMENTS = CATALOG["cadres.title_requirements"][0]


def gaps(
    title, theory=TheoryLevel.ADVANCED, qualification=Qualification.BACHELOR, state=StateManagementLevel.PRINCIPAL
):
    return rules.requirement_gaps(
        title, REQUIREMENTS, theory_level=theory, qualification=qualification, state_management=state
    )


def test_a_theory_bachelor_counts_as_advanced():
    assert REQUIREMENTS[Title.SECRETARY]["theory_level"] == TheoryLevel.ADVANCED
    assert gaps(Title.SECRETARY, theory=TheoryLevel.BACHELOR) == []
    # one level, "cao cấp - cử nhân" (11-HD/BTCTW counts them together): each meets a standard set as the other
    as_bachelor = {Title.SECRETARY: {"theory_level": TheoryLevel.BACHELOR}}
    for have in (TheoryLevel.ADVANCED, TheoryLevel.BACHELOR):
        assert (
            rules.requirement_gaps(
                Title.SECRETARY, as_bachelor, theory_level=have, qualification="", state_management=""
            )
            == []
        )
    assert rules.requirement_gaps(
        Title.SECRETARY, as_bachelor, theory_level=TheoryLevel.INTERMEDIATE, qualification="", state_management=""
    ) == ["Cần lý luận chính trị cử nhân (hiện có: trung cấp)."]


def test_each_missing_level_is_named_in_vietnamese():
    found = gaps(
        Title.SECRETARY,
        theory=TheoryLevel.INTERMEDIATE,
        qualification=Qualification.COLLEGE,
        state=StateManagementLevel.SPECIALIST,
    )
    assert found == [
        "Cần lý luận chính trị cao cấp (hiện có: trung cấp).",
        "Cần chuyên môn đại học (hiện có: cao đẳng).",
        "Cần quản lý nhà nước chuyên viên chính (hiện có: chuyên viên).",
    ]


def test_nothing_recorded_counts_as_none_and_higher_levels_meet_the_standard():
    assert len(gaps(Title.SECRETARY, theory="", qualification="", state="")) == 3
    assert gaps(Title.SECRETARY, qualification=Qualification.DOCTOR, state=StateManagementLevel.SENIOR) == []
    assert gaps(Title.STAFF, theory="", qualification="", state="") == []  # no standard for the title


def test_the_standards_gap_only_warns_in_planning():
    assert REQUIREMENTS[HEAD]["theory_level"] == TheoryLevel.INTERMEDIATE
    standards = check(planning(theory_level=TheoryLevel.ELEMENTARY), "standards")
    assert not standards.ok and not standards.blocking and "trung cấp" in standards.reason
