"""Independent counts for the report tests: plain Python over the records, written from the rules rather than
from the engine."""

from __future__ import annotations

from datetime import date

from tochuc.members.choices import (
    ACTIVE_STATUSES,
    AcademicTitle,
    Education,
    Occupation,
    Qualification,
    Sex,
    StateManagementLevel,
    TheoryLevel,
)
from tochuc.members.models import EventKind, Member, MemberEvent


def completed_years(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def shift_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def active_members() -> list[Member]:
    return [m for m in Member.objects.select_related("org").all() if m.status in ACTIVE_STATUSES and not m.in_transit]


def member_predicates(on: date) -> dict:
    """Column key -> the test a member passes to be counted there, written from the rules, not the engine."""

    def age_band(low, high):
        return lambda m: low <= completed_years(m.birth_date, on) <= (high if high is not None else 10**6)

    def party_band(low, high):
        return lambda m: low <= completed_years(m.party_age_from, on) < (high if high is not None else 10**6)

    tests = {
        "members": lambda m: True,
        "female": lambda m: m.sex == Sex.FEMALE,
        "male": lambda m: m.sex == Sex.MALE,
        "minority": lambda m: m.ethnic_group != "Kinh",
        "religious": lambda m: m.religion not in ("Không", ""),
        "probationary": lambda m: m.official_on is None or m.official_on > on,
        "young": lambda m: completed_years(m.birth_date, on) <= 30,
    }
    for low, high in [(0, 30), (31, 40), (41, 50), (51, 60), (61, 70), (71, None)]:
        tests[f"age_{low}_{high or 'up'}"] = age_band(low, high)
    for low, high in [(0, 10), (10, 20), (20, 30), (30, 40), (40, 50), (50, None)]:
        tests[f"party_{low}_{high or 'up'}"] = party_band(low, high)
    choices = {
        "education": Education.values, "qualification": Qualification.values, "theory_level": TheoryLevel.values,
        "state_management": StateManagementLevel.values, "occupation": Occupation.values,
        "academic_title": [v for v in AcademicTitle.values if v],
    }  # fmt: skip
    for field, values in choices.items():
        for value in values:
            tests[f"{field}_{value or 'none'}"] = lambda m, f=field, v=value: getattr(m, f) == v
    return tests


def events_in(start: date, end: date, kinds: tuple[str, ...]) -> list[MemberEvent]:
    cancelled = set(MemberEvent.objects.filter(kind=EventKind.CANCEL).values_list("cancels_id", flat=True))
    return [
        e
        for e in MemberEvent.objects.select_related("org", "other_org", "member").filter(on__gte=start, on__lte=end)
        if e.kind in kinds and e.pk not in cancelled
    ]
