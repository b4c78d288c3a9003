"""The conditions for admitting a candidate, as pure functions of dates, facts and rule parameters.

Sources (DOMAIN.md §1.1): Charter Art. 4 (introducers), 294-QĐ/TW §3-4 (age, education, the two-thirds
vote, three rounds), 12-HD/BTCTW 2022 §II.1.1 (the dossier and its order), DOMAIN.md §7 (verification).
Each check says what is missing, in Vietnamese; a committee decides the flagged cases, the rules do not.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from tochuc.core.checks import Check, Eligibility
from tochuc.core.dates import add_months, completed_months
from tochuc.members.rules import admission_age

EDUCATION_ORDER = ["primary", "lower_secondary", "upper_secondary"]
# Youth age: the Youth Union's members are 16 to 30 (Điều lệ Đoàn TNCS Hồ Chí Minh); counted in completed years
# on the day the cell votes.
YOUTH_MAX_YEARS = 30


@dataclass(frozen=True)
class IntroducerFacts:
    kind: str  # member, youth_union, trade_union
    name: str
    on: date  # the day of the introduction
    official_on: date | None = None  # a member's: the day they became official (None: probationary)
    active: bool = True  # a member's: still in the Party and not in transit
    together_since: date | None = None  # a member's: working or living with the candidate since


@dataclass(frozen=True)
class StepFacts:
    step: str
    on: date
    result: str = ""
    official_members: int | None = None
    in_favour: int | None = None


@dataclass(frozen=True)
class Params:
    min_age_months: int
    max_age_months: int
    min_education: str
    introducer_months: int
    course_valid_years: int
    course_valid_confirmed: bool
    vote_threshold: Fraction
    max_vote_rounds: int
    age_basis: str = ""
    youth_max_years: int = YOUTH_MAX_YEARS


def _fmt(d: date) -> str:
    return d.strftime("%d/%m/%Y")


def vote_passes(in_favour: int, official_members: int, threshold: Fraction) -> bool:
    """At least two thirds of the cell's official members in favour (294-QĐ/TW §4.2.3), compared exactly:
    6 of 9 passes, 5 of 8 does not (5/8 < 2/3)."""
    if official_members <= 0:
        return False
    return Fraction(in_favour, official_members) >= threshold


def parse_fraction(value: object) -> Fraction:
    """The rule table keeps the threshold as text ("2/3")."""
    return Fraction(str(value))


def introduction_check(
    introducers: Sequence[IntroducerFacts],
    *,
    vote_on: date,
    youth_union_member: bool,
    youth_age: bool,
    months_together: int,
) -> Check:
    """Charter Art. 4: two official members introduce; an applicant of youth age who is a Youth Union member
    is introduced by the grassroots Youth Union committee and one official member; a trade union (or Youth
    Union) committee may introduce with one official member likewise. A member introducer must be official
    on the day the cell votes and have worked with the candidate for at least `months_together` months by
    then; an introduction dated after the vote does not count (it belongs to the dossier before it)."""
    label = "Người giới thiệu"
    problems = [f"{i.name} giới thiệu ngày {_fmt(i.on)}, sau ngày chi bộ xét" for i in introducers if i.on > vote_on]
    introducers = [i for i in introducers if i.on <= vote_on]
    valid_members = 0
    for i in introducers:
        if i.kind != "member":
            continue
        if not i.active:
            problems.append(f"{i.name} không còn sinh hoạt đảng")
        elif i.official_on is None or i.official_on > vote_on:
            problems.append(f"{i.name} chưa là đảng viên chính thức ngày chi bộ xét ({_fmt(vote_on)})")
        elif i.together_since is None:
            problems.append(f"chưa ghi {i.name} cùng công tác, sinh hoạt với người vào Đảng từ ngày nào")
        elif add_months(i.together_since, months_together) > vote_on:
            months = completed_months(i.together_since, vote_on)
            problems.append(
                f"{i.name} mới cùng công tác, sinh hoạt {months} tháng (cần đủ {months_together} tháng "
                f"đến ngày chi bộ xét)"
            )
        else:
            valid_members += 1
    kinds = {i.kind for i in introducers}
    if youth_union_member and youth_age:
        ok = valid_members >= 1 and "youth_union" in kinds
        if "youth_union" not in kinds:
            problems.insert(0, "đoàn viên thanh niên phải được Ban chấp hành Đoàn cơ sở giới thiệu")
        if valid_members < 1:
            problems.insert(0, "cần thêm một đảng viên chính thức giới thiệu")
    elif kinds & {"youth_union", "trade_union"}:
        ok = valid_members >= 1
        if valid_members < 1:
            problems.insert(0, "cần một đảng viên chính thức cùng giới thiệu với tổ chức đoàn thể")
    else:
        ok = valid_members >= 2
        if not ok:
            problems.insert(0, f"cần hai đảng viên chính thức giới thiệu (hiện có {valid_members})")
    return Check("introducers", label, ok, "; ".join(problems) if not ok else "")


def latest(steps: Sequence[StepFacts], step: str) -> StepFacts | None:
    found = [s for s in steps if s.step == step]
    return max(found, key=lambda s: s.on) if found else None


def before_vote(steps: Sequence[StepFacts], step: str, vote_on: date | None) -> StepFacts | None:
    """The latest record of `step` dated on or before the vote, else the latest one (dated after it)."""
    if vote_on is not None:
        found = latest([s for s in steps if s.on <= vote_on], step)
        if found is not None:
            return found
    return latest(steps, step)


def admission_eligibility(
    *,
    birth_date: date,
    education: str,
    education_exception: str,
    youth_union_member: bool,
    introducers: Sequence[IntroducerFacts],
    steps: Sequence[StepFacts],
    committee_needed: bool,
    params: Params,
) -> Eligibility:
    """Every condition of the admission decision, checked on the day the cell voted (the last passing cell
    resolution). Without a passing vote the conditions before the vote are checked as of today's record."""
    result = Eligibility()
    cell = latest(steps, "cell_resolution")
    failed = sum(1 for s in steps if s.step == "cell_resolution" and s.result == "failed")
    if failed >= params.max_vote_rounds:
        result.flags.append("vote_rounds_exhausted")
    passed = cell is not None and cell.result == "passed"
    vote_on = cell.on if cell is not None else None

    # The dossier before the vote (12-HD/BTCTW 2022 §II.1.1, 1): the latest paper dated by the vote counts
    # (one recorded again after it does not undo the one the cell voted on).
    course = before_vote(steps, "course", vote_on)
    if course is None:
        result.checks.append(Check("course", "Lớp bồi dưỡng nhận thức về Đảng", False, "chưa học lớp"))
    elif vote_on is not None and course.on > vote_on:
        result.checks.append(
            Check("course", "Lớp bồi dưỡng nhận thức về Đảng", False, "giấy chứng nhận cấp sau ngày chi bộ xét")
        )
    else:
        expired = vote_on is not None and add_months(course.on, 12 * params.course_valid_years) <= vote_on
        reason = (
            f"giấy chứng nhận cấp ngày {_fmt(course.on)} đã quá {params.course_valid_years} năm khi chi bộ xét"
            if expired
            else ""
        )
        result.checks.append(
            Check(
                "course",
                "Lớp bồi dưỡng nhận thức về Đảng",
                not expired,
                reason,
                blocking=params.course_valid_confirmed,
            )
        )
    for code, label in (
        ("application", "Đơn xin vào Đảng"),
        ("history", "Lý lịch người xin vào Đảng"),
        ("comments", "Ý kiến nhận xét của đoàn thể, chi ủy nơi cư trú"),
    ):
        s = before_vote(steps, code, vote_on)
        missing = s is None or (vote_on is not None and s.on > vote_on)
        reason = "" if not missing else ("chưa có" if s is None else "sau ngày chi bộ xét")
        result.checks.append(Check(code, label, not missing, reason))
    verification = latest(steps, "verification")
    if verification is None:
        result.checks.append(Check("verification", "Thẩm tra lý lịch", False, "chưa có kết luận thẩm tra"))
    elif verification.result == "not_admissible":
        result.checks.append(
            Check("verification", "Thẩm tra lý lịch", False, "kết luận thẩm tra: không đủ điều kiện kết nạp")
        )
    else:
        result.checks.append(Check("verification", "Thẩm tra lý lịch", True))
        if verification.result == "issue":
            result.checks.append(
                Check(
                    "verification_issue",
                    "Thẩm tra lý lịch",
                    False,
                    "kết luận thẩm tra có vấn đề: cấp ủy có thẩm quyền xem xét",
                    blocking=False,
                )
            )
            result.flags.append("verification_issue")

    # Education (294-QĐ/TW §3): lower secondary or above, unless a special case is documented.
    low = EDUCATION_ORDER.index(education) < EDUCATION_ORDER.index(params.min_education)
    if low and not education_exception.strip():
        result.checks.append(
            Check(
                "education",
                "Trình độ học vấn",
                False,
                "chưa tốt nghiệp trung học cơ sở: cần văn bản cho phép trường hợp đặc biệt",
            )
        )
    else:
        result.checks.append(Check("education", "Trình độ học vấn", True))
        if low:
            result.flags.append("education_exception")

    # The vote: two thirds of the official members; after three failed rounds the upper committee decides.
    if cell is None:
        result.checks.append(Check("cell_resolution", "Nghị quyết chi bộ", False, "chi bộ chưa xét đề nghị kết nạp"))
    elif failed >= params.max_vote_rounds:
        # Three rounds without two thirds: the directly higher committee decides, not a further round.
        reason = (
            f"chi bộ đã biểu quyết {failed} lần không đạt hai phần ba đảng viên chính thức tán thành: báo cáo "
            "cấp ủy cấp trên trực tiếp xem xét, quyết định"
        )
        result.checks.append(Check("cell_resolution", "Nghị quyết chi bộ", False, reason))
    elif not passed:
        reason = f"chi bộ biểu quyết ngày {_fmt(cell.on)} không đạt hai phần ba đảng viên chính thức tán thành"
        result.checks.append(Check("cell_resolution", "Nghị quyết chi bộ", False, reason))
    else:
        result.checks.append(Check("cell_resolution", "Nghị quyết chi bộ", True))

    # Age on the day the cell votes (today's record when it has not voted yet: the check is indicative).
    if vote_on is not None:
        age = admission_age(
            birth_date,
            vote_on,
            min_months=params.min_age_months,
            max_months=params.max_age_months,
            basis=params.age_basis,
        )
        result.checks.append(Check("age", "Tuổi khi chi bộ xét", age.ok, age.reason if not age.ok else ""))
        if age.ok and age.flags:
            result.checks.append(Check("age_over", "Tuổi khi chi bộ xét", False, age.reason, blocking=False))
            result.flags.extend(age.flags)
        youth_age = completed_months(birth_date, vote_on) < 12 * (params.youth_max_years + 1)
        result.checks.append(
            introduction_check(
                introducers,
                vote_on=vote_on,
                youth_union_member=youth_union_member,
                youth_age=youth_age,
                months_together=params.introducer_months,
            )
        )
        if youth_age and not youth_union_member:
            result.checks.append(
                Check(
                    "youth_union",
                    "Đoàn viên thanh niên",
                    False,
                    f"người vào Đảng trong độ tuổi đoàn (đến {params.youth_max_years} tuổi) chưa là đoàn viên: nơi "
                    "có tổ chức Đoàn, phải là đoàn viên và được Ban chấp hành Đoàn cơ sở giới thiệu",
                    blocking=False,
                )
            )
    else:
        result.checks.append(
            Check("introducers", "Người giới thiệu", bool(introducers), "" if introducers else "chưa có")
        )

    if committee_needed:
        committee = latest(steps, "committee_resolution")
        ok = committee is not None and committee.result == "passed" and (vote_on is None or committee.on >= vote_on)
        reason = ""
        if committee is None:
            reason = "đảng ủy cơ sở chưa có nghị quyết"
        elif committee.result != "passed":
            reason = "đảng ủy cơ sở không tán thành"
        elif vote_on is not None and committee.on < vote_on:
            reason = "nghị quyết đảng ủy trước ngày chi bộ xét"
        result.checks.append(Check("committee_resolution", "Nghị quyết đảng ủy cơ sở", ok, reason))
    return result


def reached(
    *,
    steps: Sequence[StepFacts],
    introduced: bool,
    committee_needed: bool,
    admitted: bool,
) -> str:
    """How far the dossier has come (`models.Reached`): the pipeline's column for the candidate."""
    if admitted:
        return "admitted"
    have = {s.step for s in steps if s.result not in ("failed", "not_admissible")}
    cell = latest(steps, "cell_resolution")
    if cell is not None and cell.result == "passed":
        committee = latest(steps, "committee_resolution")
        if not committee_needed or (committee is not None and committee.result == "passed"):
            return "committee"
        return "cell"
    if "verification" in have:
        return "verified"
    if {"application", "history"} <= have and introduced:
        return "dossier"
    if "course" in have:
        return "course"
    return "listed"
