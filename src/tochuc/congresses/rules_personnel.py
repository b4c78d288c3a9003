"""The rules of a personnel plan's candidate lists as pure functions (no database).

Sources: Quy chế bầu cử 190-QĐ/TW Art. 14 (DOMAIN.md §3.3): the list exceeds the seats by at most 30%, the
convening committee prepares a surplus of 10-15%, a floor or self nominee needs more than 30% of those
present; Chỉ thị 45-CT/TW (DOMAIN.md §4.2): a first-time committee member needs a full term (60 months) of
working time left at the congress's reference date, a re-elected one 48 months (a provincial Deputy
Secretary 42). An unconfirmed parameter warns instead of blocking.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from dateutil.relativedelta import relativedelta

from tochuc.cadres.rules import months_to_retirement, retirement_date
from tochuc.core.checks import Check, Eligibility

from .choices import Body, NominationSource

# The bodies whose list is one list for many seats: the surplus rules of Art. 14 apply to them.
SURPLUS_BODIES = frozenset({Body.COMMITTEE, Body.STANDING, Body.INSPECTION, Body.DELEGATES})
# The list must be longer than the seats (190-QĐ/TW Art. 14: the committee and its standing committee).
LONGER_LIST_BODIES = frozenset({Body.COMMITTEE, Body.STANDING})
# Elected by the new committee from its own members: a nominee should be on the committee's list.
FROM_COMMITTEE_BODIES = frozenset({Body.STANDING, Body.SECRETARY, Body.DEPUTY_SECRETARY})
# The age rule of 45-CT/TW is about seats on a committee, not about delegates to the upper congress.
AGE_BODIES = frozenset(set(Body.values) - {Body.DELEGATES})

# No parameter of the rule table fixes who counts as "young" in a committee's structure: the practice of the
# congress directives is under 35 at the reference date, used until an administrator adds a parameter.
DEFAULT_YOUNG_AGE = 35
YOUNG_AGE_KEY = "congress.young_max_age"

PARAM_KEYS = {
    "max_surplus": "election.max_surplus_ratio",
    "prepared_min": "election.prepared_surplus_min",
    "prepared_max": "election.prepared_surplus_max",
    "floor_support": "election.floor_nominee_min_support",
    "first_time_months": "congress.first_time_committee_min_months_left",
    "reelection_months": "congress.reelection_min_months_left",
    "provincial_deputy_months": "congress.provincial_deputy_secretary_min_months_left",
}


@dataclass(frozen=True)
class PersonnelParams:
    max_surplus: Fraction
    prepared_min: Fraction
    prepared_max: Fraction
    floor_support: Fraction
    first_time_months: int
    reelection_months: int
    provincial_deputy_months: int
    retirement_schedule: Mapping
    young_age: int = DEFAULT_YOUNG_AGE
    young_from_rules: bool = False
    confirmed: Mapping[str, bool] = field(default_factory=dict)

    @classmethod
    def from_rules(cls, rules) -> PersonnelParams:
        """From `core.rules.rules_in_force(on)` (a mapping with `version(key).confirmed`)."""
        young_from_rules = YOUNG_AGE_KEY in rules
        return cls(
            max_surplus=Fraction(str(rules[PARAM_KEYS["max_surplus"]])),
            prepared_min=Fraction(str(rules[PARAM_KEYS["prepared_min"]])),
            prepared_max=Fraction(str(rules[PARAM_KEYS["prepared_max"]])),
            floor_support=Fraction(str(rules[PARAM_KEYS["floor_support"]])),
            first_time_months=int(rules[PARAM_KEYS["first_time_months"]]),
            reelection_months=int(rules[PARAM_KEYS["reelection_months"]]),
            provincial_deputy_months=int(rules[PARAM_KEYS["provincial_deputy_months"]]),
            retirement_schedule=rules["retirement.schedule"],
            young_age=int(rules[YOUNG_AGE_KEY]) if young_from_rules else DEFAULT_YOUNG_AGE,
            young_from_rules=young_from_rules,
            confirmed={name: bool(rules.version(key).confirmed) for name, key in PARAM_KEYS.items()},
        )


def _fmt(d: date) -> str:
    return d.strftime("%d/%m/%Y")


def _pct(x: Fraction) -> str:
    return f"{float(x * 100):.1f}".rstrip("0").rstrip(".").replace(".", ",") + "%"


# --- The size of a list (190-QĐ/TW Art. 14) ------------------------------------------------------------


def max_list(seats: int, max_surplus: Fraction) -> int:
    """The longest list: seats plus at most `max_surplus` of them, rounded down (20 seats, 30% → 26)."""
    return math.floor(seats * (1 + max_surplus))


def prepared_range(seats: int, lo: Fraction, hi: Fraction) -> tuple[int, int]:
    """How many names the convening committee prepares: a surplus of `lo`..`hi` (20 seats, 10-15% → 22-23).
    When no whole number falls in the band (5 seats: 5.5-5.75), the smallest list above the minimum (6)."""
    low, high = math.ceil(seats * (1 + lo)), math.floor(seats * (1 + hi))
    return low, max(low, high)


def surplus_percent(listed: int, seats: int) -> float | None:
    """The surplus as a percentage of the seats (26 names for 20 seats → 30.0), None without seats."""
    return float(Fraction(listed - seats, seats) * 100) if seats else None


def list_check(*, body: str, seats: int, listed: int, params: PersonnelParams) -> Check:
    """Whether a list of `listed` names (the new one counted) stays within the cap."""
    cap = max_list(seats, params.max_surplus)
    ok = listed <= cap
    return Check(
        "max_list",
        f"Danh sách không vượt quá {_pct(params.max_surplus)} số lượng cần bầu ({cap} người)",
        ok,
        ""
        if ok
        else (
            f"Cần bầu {seats}, danh sách tối đa {cap} người; thêm người này danh sách có {listed} người. "
            "Đại hội biểu quyết (thăm dò) chọn người có số phiếu cao hơn đến đủ số tối đa."
        ),
        blocking=params.confirmed.get("max_surplus", True),
    )


def list_summary_checks(*, body: str, seats: int, convening: int, listed: int, params: PersonnelParams) -> list[Check]:
    """The checks of a whole list as it stands (the plan page): longer than the seats, within the cap, and
    the convening committee's share within 10-15%. These warn: the congress completes the list."""
    checks: list[Check] = []
    if body not in SURPLUS_BODIES or not seats:
        return checks
    if body in LONGER_LIST_BODIES:
        ok = listed > seats
        checks.append(
            Check(
                "longer",
                "Danh sách bầu cử nhiều hơn số lượng cần bầu",
                ok,
                "" if ok else f"Danh sách có {listed} người, chưa nhiều hơn {seats} người cần bầu.",
                blocking=False,
            )
        )
    cap = max_list(seats, params.max_surplus)
    ok = listed <= cap
    checks.append(
        Check(
            "max_list",
            f"Không vượt quá {_pct(params.max_surplus)} số lượng cần bầu ({cap} người)",
            ok,
            "" if ok else f"Danh sách có {listed} người, quá {cap} người.",
            blocking=False,
        )
    )
    checks.append(prepared_check(seats=seats, convening=convening, params=params))
    return checks


def prepared_check(*, seats: int, convening: int, params: PersonnelParams) -> Check:
    """The convening committee's list has a surplus of 10-15% (a warning either way: 21 or 24 for 20)."""
    lo, hi = prepared_range(seats, params.prepared_min, params.prepared_max)
    ok = lo <= convening <= hi
    span = f"{lo}" if lo == hi else f"{lo}-{hi}"
    if convening < lo:
        reason = (
            f"Cấp ủy triệu tập mới giới thiệu {convening} người, số dư dưới {_pct(params.prepared_min)} "
            f"(cần {span} người)."
        )
    elif convening > hi:
        reason = (
            f"Cấp ủy triệu tập giới thiệu {convening} người, số dư trên {_pct(params.prepared_max)} (cần {span} người)."
        )
    else:
        reason = ""
    return Check(
        "prepared",
        f"Cấp ủy triệu tập chuẩn bị số dư {_pct(params.prepared_min)}-{_pct(params.prepared_max)} ({span} người)",
        ok,
        reason,
        blocking=False,
    )


# --- One name ---------------------------------------------------------------------------------------------


def support_passes(support: int, present: int, threshold: Fraction) -> bool:
    """More than `threshold` of those present (300 present, 30%: 90 is not enough, 91 is)."""
    return present > 0 and Fraction(support, present) > threshold


def support_check(*, source: str, support: int | None, present: int | None, params: PersonnelParams) -> Check | None:
    """A floor or self nominee needs the support of more than 30% of those present (Art. 14)."""
    if source == NominationSource.CONVENING:
        return None
    label = f"Được trên {_pct(params.floor_support)} số đại biểu (đảng viên) có mặt tán thành"
    blocking = params.confirmed.get("floor_support", True)
    if support is None or not present:
        return Check("support", label, False, "Nhập số người có mặt và số người tán thành.", blocking=blocking)
    if support > present:
        return Check("support", label, False, f"Số tán thành ({support}) lớn hơn số có mặt ({present}).")
    ok = support_passes(support, present, params.floor_support)
    share = _pct(Fraction(support, present))
    return Check(
        "support",
        label,
        ok,
        "" if ok else f"Được {support}/{present} người tán thành ({share}), chưa trên {_pct(params.floor_support)}.",
        blocking=blocking,
    )


def required_months(*, body: str, re_election: bool, provincial: bool, params: PersonnelParams) -> tuple[int, str]:
    """The months of working time a nominee needs at the reference date (45-CT/TW), and the parameter's name."""
    if re_election and provincial and body == Body.DEPUTY_SECRETARY:
        return params.provincial_deputy_months, "provincial_deputy_months"
    if re_election:
        return params.reelection_months, "reelection_months"
    return params.first_time_months, "first_time_months"


def age_check(
    *,
    body: str,
    re_election: bool,
    birth_date: date,
    sex: str,
    reference_date: date | None,
    provincial: bool,
    params: PersonnelParams,
) -> Check | None:
    """Working time left before retirement at the congress's reference date: a full term (60 months) for a
    first-time member, 48 months for one standing for re-election (45-CT/TW; DOMAIN.md §4.2)."""
    if body not in AGE_BODIES:
        return None
    months, key = required_months(body=body, re_election=re_election, provincial=provincial, params=params)
    kind = "tái cử" if re_election else "tham gia lần đầu"
    label = f"Còn đủ {months} tháng công tác ({kind}) tính đến mốc tính tuổi"
    if reference_date is None:
        return Check("age", label, False, "Đại hội chưa có mốc tính tuổi: nhập mốc tính tuổi của đại hội trước.")
    retires_on = retirement_date(birth_date, sex, params.retirement_schedule)
    ok = reference_date + relativedelta(months=months) <= retires_on
    left = months_to_retirement(reference_date, retires_on)
    return Check(
        "age",
        label,
        ok,
        ""
        if ok
        else (
            f"Đến tuổi nghỉ hưu ngày {_fmt(retires_on)}: tính đến mốc {_fmt(reference_date)} còn {max(left, 0)} "
            f"tháng, không đủ {months} tháng."
        ),
        blocking=params.confirmed.get(key, True),
    )


def member_check(*, official: bool, active: bool, in_subtree: bool, name: str, org_name: str) -> Check:
    """The nominee is an official member, counted in the membership, of the congress's organization."""
    if not active:
        reason = f"{name} không còn sinh hoạt đảng (hoặc đang chuyển sinh hoạt)."
    elif not official:
        reason = f"{name} là đảng viên dự bị, chưa phải đảng viên chính thức."
    elif not in_subtree:
        reason = f"{name} không sinh hoạt trong {org_name}."
    else:
        reason = ""
    return Check("member", "Đảng viên chính thức của đảng bộ, chi bộ", not reason, reason)


def nomination_eligibility(
    *,
    body: str,
    source: str,
    re_election: bool,
    support: int | None,
    present: int | None,
    birth_date: date,
    sex: str,
    official: bool,
    active: bool,
    in_subtree: bool,
    name: str,
    org_name: str,
    reference_date: date | None,
    provincial: bool,
    seats: int | None,
    listed: int,
    on_committee_list: bool,
    params: PersonnelParams,
) -> Eligibility:
    """Every condition of one name on one body's list. `listed` counts the active names of that list with
    this one; `seats` None means the number to elect is not known yet (delegates before the allocation)."""
    result = Eligibility()
    checks = result.checks
    checks.append(member_check(official=official, active=active, in_subtree=in_subtree, name=name, org_name=org_name))
    if (c := support_check(source=source, support=support, present=present, params=params)) is not None:
        checks.append(c)
    if (
        c := age_check(
            body=body,
            re_election=re_election,
            birth_date=birth_date,
            sex=sex,
            reference_date=reference_date,
            provincial=provincial,
            params=params,
        )
    ) is not None:
        checks.append(c)
    if body in SURPLUS_BODIES and seats:
        checks.append(list_check(body=body, seats=seats, listed=listed, params=params))
    if body in FROM_COMMITTEE_BODIES:
        checks.append(
            Check(
                "committee",
                "Có tên trong danh sách bầu Ban Chấp hành",
                on_committee_list,
                "" if on_committee_list else "Chưa có tên trong danh sách bầu cấp ủy của đề án.",
                blocking=False,
            )
        )
    return result


# --- The structure of a list against the plan's targets ---------------------------------------------------


def age_on(birth_date: date, on: date) -> int:
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))


@dataclass(frozen=True)
class Share:
    code: str
    label: str
    count: int
    total: int
    target: int

    @property
    def percent(self) -> float:
        return round(100 * self.count / self.total, 1) if self.total else 0.0

    @property
    def met(self) -> bool:
        return self.percent >= self.target


def structure(
    people: Iterable[tuple[str, date, str]],
    *,
    on: date,
    women_target: int,
    young_target: int,
    minority_target: int,
    young_age: int = DEFAULT_YOUNG_AGE,
) -> list[Share]:
    """Women, young (under `young_age` at `on`) and ethnic-minority (not Kinh) shares of a list of
    (sex, birth date, ethnic group), each with its target percentage."""
    rows = list(people)
    total = len(rows)
    women = sum(1 for sex, _b, _e in rows if sex == "female")
    young = sum(1 for _s, born, _e in rows if age_on(born, on) < young_age)
    minority = sum(1 for _s, _b, ethnic in rows if ethnic and ethnic != "Kinh")
    return [
        Share("women", "Nữ", women, total, women_target),
        Share("young", f"Dưới {young_age} tuổi", young, total, young_target),
        Share("minority", "Dân tộc thiểu số", minority, total, minority_target),
    ]
