"""The rules of the quality rating, pure (no database): the 100-point scale and the four levels of 366-QĐ/TW
Art. 11 with their conditions, the quota on "excellent" (20% of "good", UNCONFIRMED for the Party: it warns
unless switched to block), the consequences read from the yearly levels, the default form of 43-HD/BTCTW, and
the periods a campaign may cover. DOMAIN.md §2. Thresholds come in as `RatingParams`, read from the rule table.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from tochuc.core.checks import Check

from .choices import RATING_ORDER, Disqualifier, Form, PeriodKind, QuotaMode, Rating, SubjectKind

BASIS = "366-QĐ/TW, Điều 11"
MAX_SCORE = Decimal(100)
TERM_RE = re.compile(r"^(\d{4})-(\d{4})$")
MAX_TERM_YEARS = 5  # a Party term is five years (Charter Art. 10); a shorter one follows a merger

# The rule table's key of each parameter `RatingParams` carries.
KEYS = {
    "excellent_min": "rating.excellent_min_score",
    "good_min": "rating.good_min_score",
    "completed_min": "rating.completed_min_score",
    "exceeded_pct": "rating.excellent_exceeded_tasks_pct",
    "late_max_pct": "rating.completed_late_tasks_max_pct",
    "max_excellent_ratio": "rating.max_excellent_ratio_of_good",
    "quota_mode": "rating.excellent_quota_mode",
}


def rank(level: str) -> int:
    """0 for "not completed" up to 3 for "excellent"; -1 for no level."""
    return RATING_ORDER.index(level) if level in RATING_ORDER else -1


def to_score(value) -> Decimal:
    """A score as a Decimal with two places (89.9 -> 89.90); ValueError when it is not a number."""
    try:
        score = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError) as e:
        raise ValueError(value) from e
    if not score.is_finite():
        raise ValueError(value)
    return score


def fmt_score(value: Decimal | None) -> str:
    """89.90 -> "89,9"; 90.00 -> "90" (Vietnamese decimal comma)."""
    if value is None:
        return ""
    text = f"{Decimal(value).quantize(Decimal('0.01')):f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def fmt_pct(part: int | Decimal, whole: int | Decimal) -> str:
    """3 of 10 -> "30%"; 1 of 3 -> "33,3%"."""
    if not whole:
        return "—"
    value = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))
    return fmt_score(value) + "%"


@dataclass(frozen=True)
class RatingParams:
    """The thresholds in force for a period, and whether each is confirmed (an unconfirmed one only warns)."""

    excellent_min: Decimal = Decimal(90)
    good_min: Decimal = Decimal(70)
    completed_min: Decimal = Decimal(50)
    exceeded_pct: Decimal = Decimal(30)
    late_max_pct: Decimal = Decimal(20)
    max_excellent_ratio: Decimal = Decimal("0.20")
    quota_mode: str = QuotaMode.WARN
    confirmed: Mapping[str, bool] = field(default_factory=dict)

    @classmethod
    def from_rules(cls, rules) -> RatingParams | None:
        """The parameters of `rules` (a `core.rules.RulesInForce`), or None when the 100-point scale is not in
        force on its day (periods before 366-QĐ/TW, rated by level only under 124-QĐ/TW)."""
        if any(key not in rules for key in KEYS.values()):
            return None
        mode = str(rules[KEYS["quota_mode"]]).strip().lower()
        return cls(
            excellent_min=Decimal(str(rules[KEYS["excellent_min"]])),
            good_min=Decimal(str(rules[KEYS["good_min"]])),
            completed_min=Decimal(str(rules[KEYS["completed_min"]])),
            exceeded_pct=Decimal(str(rules[KEYS["exceeded_pct"]])),
            late_max_pct=Decimal(str(rules[KEYS["late_max_pct"]])),
            max_excellent_ratio=Decimal(str(rules[KEYS["max_excellent_ratio"]])),
            quota_mode=QuotaMode.BLOCK if mode == QuotaMode.BLOCK else QuotaMode.WARN,
            confirmed={name: bool(rules.version(key).confirmed) for name, key in KEYS.items()},
        )

    def is_confirmed(self, name: str) -> bool:
        return self.confirmed.get(name, True)

    def floor(self, level: str) -> Decimal:
        return {
            Rating.EXCELLENT: self.excellent_min,
            Rating.GOOD: self.good_min,
            Rating.COMPLETED: self.completed_min,
        }.get(level, Decimal(0))


@dataclass(frozen=True)
class Conditions:
    """What the levels depend on besides the score (366-QĐ/TW Art. 11). A task figure left as None is unknown:
    the level is then judged on the score, with a warning. `leads`: a collective or a leader, for whom the
    discipline of a subordinate unit or of a member of the leadership collective counts."""

    tasks_total: int | None = None
    tasks_done: int | None = None
    tasks_on_time: int | None = None
    tasks_exceeded: int | None = None
    leads: bool = False
    subordinate_disciplined: bool = False
    shortcomings_fixed: bool = True
    disqualifier: str = ""


@dataclass(frozen=True)
class Verdict:
    """The highest level the score and the conditions allow (`level`, the ceiling), the conditions of each
    level above "not completed" (`checks`), and what could not be checked or only warns (`warnings`)."""

    score: Decimal
    level: str
    checks: Mapping[str, tuple[Check, ...]]
    warnings: tuple[str, ...] = ()

    def allows(self, level: str) -> bool:
        return rank(level) <= rank(self.level)

    @property
    def label(self) -> str:
        return Rating(self.level).label

    @property
    def why_not_higher(self) -> list[str]:
        """Why the level above the ceiling is not reached (nothing at "excellent")."""
        above = rank(self.level) + 1
        return self.reasons(RATING_ORDER[above]) if above < len(RATING_ORDER) else []

    def reasons(self, level: str) -> list[str]:
        """Why `level` is not allowed: the reasons of its blocking conditions that fail."""
        return [c.reason for c in self.checks.get(level, ()) if not c.ok and c.blocking]

    def refusal(self, level: str) -> str:
        """The message of a refused level, naming the ceiling and the reasons."""
        return _("Không thể xếp «%(level)s»: %(why)s. Mức cao nhất theo điểm và điều kiện: «%(max)s».") % {
            "level": Rating(level).label,
            "why": "; ".join(self.reasons(level)),
            "max": Rating(self.level).label,
        }


def _pct_reached(part: int, whole: int, pct: Decimal) -> bool:
    """part / whole >= pct%, in integers (3 of 10 reaches 30%, 2 of 10 does not)."""
    return Decimal(part) * 100 >= pct * whole


def rate(score, conditions: Conditions | None = None, *, params: RatingParams) -> Verdict:
    """The highest level whose score floor and conditions all hold (366-QĐ/TW Art. 11, DOMAIN.md §2):

    - excellent: score >= 90; 100% of tasks done on time with quality; at least 30% exceeding requirements;
      for collectives and leaders, no subordinate unit or member of the leadership collective disciplined;
      every shortcoming pointed out earlier fixed;
    - good: score >= 70; 100% of tasks on time with quality;
    - completed: score >= 50; 100% of tasks done, those behind schedule at most 20%;
    - not completed: below 50, or any disqualifying condition whatever the score.

    A condition whose parameter is unconfirmed in the rule table only warns. Unknown task figures are not
    held against the level: it is judged on the score and a warning says so.
    """
    score = to_score(score)
    c = conditions or Conditions()
    warnings: list[str] = []
    total = c.tasks_total
    known = total is not None
    if not known:
        warnings.append(
            _("Chưa có số liệu nhiệm vụ được giao: mức xếp loại chỉ căn cứ vào điểm, cần đối chiếu điều kiện.")
        )

    def score_check(level: str, key: str) -> Check:
        floor = params.floor(level)
        return Check(
            "score",
            _("Điểm từ %(n)s trở lên") % {"n": fmt_score(floor)},
            score >= floor,
            _("điểm %(s)s dưới %(n)s") % {"s": fmt_score(score), "n": fmt_score(floor)},
            blocking=params.is_confirmed(key),
        )

    def figure(value: int | None, label: str) -> int | None:
        if known and value is None:
            warnings.append(_("Chưa có số %(what)s: điều kiện này chưa được kiểm tra.") % {"what": label})
        return value if known else None

    on_time = figure(c.tasks_on_time, _("nhiệm vụ hoàn thành đúng tiến độ, bảo đảm chất lượng"))
    done = figure(c.tasks_done, _("nhiệm vụ hoàn thành"))
    exceeded = figure(c.tasks_exceeded, _("nhiệm vụ vượt yêu cầu"))
    # A warning is said once even when several levels need the same figure.
    warnings = list(dict.fromkeys(warnings))

    def on_time_check() -> list[Check]:
        if on_time is None:
            return []
        return [
            Check(
                "on_time",
                _("100% nhiệm vụ hoàn thành đúng tiến độ, bảo đảm chất lượng"),
                on_time >= total,
                _("%(n)s/%(t)s nhiệm vụ hoàn thành đúng tiến độ, bảo đảm chất lượng (%(p)s), chưa đủ 100%%")
                % {"n": on_time, "t": total, "p": fmt_pct(on_time, total)},
            )
        ]

    excellent = [score_check(Rating.EXCELLENT, "excellent_min"), *on_time_check()]
    if exceeded is not None:
        excellent.append(
            Check(
                "exceeded",
                _("Ít nhất %(p)s%% nhiệm vụ vượt yêu cầu") % {"p": fmt_score(params.exceeded_pct)},
                _pct_reached(exceeded, total, params.exceeded_pct),
                _("%(n)s/%(t)s nhiệm vụ vượt yêu cầu (%(p)s), chưa đạt %(min)s%%")
                % {"n": exceeded, "t": total, "p": fmt_pct(exceeded, total), "min": fmt_score(params.exceeded_pct)},
                blocking=params.is_confirmed("exceeded_pct"),
            )
        )
    if c.leads:
        excellent.append(
            Check(
                "subordinate",
                _("Không có tổ chức trực thuộc, thành viên tập thể lãnh đạo bị kỷ luật"),
                not c.subordinate_disciplined,
                _("có tổ chức trực thuộc hoặc thành viên tập thể lãnh đạo bị xử lý kỷ luật"),
            )
        )
    excellent.append(
        Check(
            "shortcomings",
            _("Khắc phục 100% hạn chế, khuyết điểm đã được chỉ ra"),
            c.shortcomings_fixed,
            _("chưa khắc phục hết hạn chế, khuyết điểm đã được chỉ ra"),
        )
    )
    good = [score_check(Rating.GOOD, "good_min"), *on_time_check()]
    completed = [score_check(Rating.COMPLETED, "completed_min")]
    if done is not None:
        completed.append(
            Check(
                "done",
                _("100% nhiệm vụ được hoàn thành"),
                done >= total,
                _("%(n)s/%(t)s nhiệm vụ được hoàn thành (%(p)s), chưa đủ 100%%")
                % {"n": done, "t": total, "p": fmt_pct(done, total)},
            )
        )
    if on_time is not None:
        late = max(total - on_time, 0)
        completed.append(
            Check(
                "late",
                _("Nhiệm vụ chậm tiến độ không quá %(p)s%%") % {"p": fmt_score(params.late_max_pct)},
                Decimal(late) * 100 <= params.late_max_pct * total,
                _("%(n)s/%(t)s nhiệm vụ chậm tiến độ (%(p)s), quá %(max)s%%")
                % {"n": late, "t": total, "p": fmt_pct(late, total), "max": fmt_score(params.late_max_pct)},
                blocking=params.is_confirmed("late_max_pct"),
            )
        )
    checks = {Rating.EXCELLENT: excellent, Rating.GOOD: good, Rating.COMPLETED: completed}
    if c.disqualifier:
        label = Disqualifier(c.disqualifier).label if c.disqualifier in Disqualifier.values else c.disqualifier
        for level_checks in checks.values():
            level_checks.append(
                Check("disqualifier", _("Không thuộc trường hợp không hoàn thành nhiệm vụ"), False, label.lower())
            )
    level = Rating.NOT_COMPLETED
    for candidate in (Rating.EXCELLENT, Rating.GOOD, Rating.COMPLETED):
        if all(ch.ok or not ch.blocking for ch in checks[candidate]):
            level = candidate
            warnings += [ch.reason for ch in checks[candidate] if not ch.ok]
            break
    return Verdict(
        score=score,
        level=level,
        checks={k: tuple(v) for k, v in checks.items()},
        warnings=tuple(dict.fromkeys(warnings)),
    )


def quota_check(excellent: int, good: int, *, ratio: Decimal, mode: str) -> Check:
    """The quota on "excellent": at most `ratio` (20%) of the number rated "good" in the same quota group
    (Decree 335/2025/NĐ-CP for civil servants; [OLD] 132/124-QĐ/TW inside the Party; UNCONFIRMED under
    366-QĐ/TW, DOMAIN.md §2). It blocks only when `mode` is "block", else it warns.
    2 of 10 = 20% holds; 3 of 10 = 30% exceeds; 1 excellent with no "good" exceeds; 0 of 0 holds."""
    ratio = Decimal(str(ratio))
    ok = Decimal(excellent) <= ratio * good
    return Check(
        "quota",
        _("Số hoàn thành xuất sắc không quá %(r)s số hoàn thành tốt nhiệm vụ") % {"r": fmt_pct(ratio, 1)},
        ok,
        _("%(e)s hoàn thành xuất sắc nhiệm vụ so với %(g)s hoàn thành tốt nhiệm vụ (%(p)s), vượt tỷ lệ %(r)s")
        % {"e": excellent, "g": good, "p": fmt_pct(excellent, good) if good else "—", "r": fmt_pct(ratio, 1)},
        blocking=mode == QuotaMode.BLOCK,
    )


# --- Consequences read from the yearly levels -----------------------------------------------------------


def repeated_failure(levels: Mapping[int, str], year: int) -> bool:
    """Rated "not completed" in `year` and in the year before: for civil servants a ground for dismissal, for
    members a case for the cell to consider removal (294-QĐ/TW §8.1(4), "2 consecutive years violating member
    qualification"; UNCONFIRMED that it maps to two years "not completed": a flag, never an automatic act;
    DOMAIN.md §1.7, §2)."""
    return levels.get(year) == Rating.NOT_COMPLETED and levels.get(year - 1) == Rating.NOT_COMPLETED


def excellent_streak(levels: Mapping[int, str], year: int) -> int:
    """How many consecutive years up to `year` were rated "excellent" (a five-year commendation needs five;
    only "excellent" may be proposed at all: 21-HD/BTCTW 2019, DOMAIN.md §10)."""
    n = 0
    while levels.get(year - n) == Rating.EXCELLENT:
        n += 1
    return n


def may_be_commended(level: str) -> bool:
    """Only organisations and members rated "excellent" are proposed for Party commendation (DOMAIN.md §10)."""
    return level == Rating.EXCELLENT


# --- Forms and periods --------------------------------------------------------------------------------

# Members working in the political system (agencies of the Party, the State, the Front and mass organisations,
# public service units, the armed forces) review on form 2B; the others (enterprises, farmers, the retired,
# students ...) on 2C (43-HD/BTCTW, appendix).
POLITICAL_SYSTEM_OCCUPATIONS = frozenset({"civil_servant", "public_employee", "armed_forces"})


def default_form(kind: str, *, holds_post: bool = False, occupation: str = "") -> str:
    """The review form of 43-HD/BTCTW a subject fills by default: 01 for a collective; 2A for a member holding a
    leadership or management post; 2B for one working in the political system; 2C otherwise."""
    if kind == SubjectKind.ORG:
        return Form.F01
    if holds_post:
        return Form.F2A
    return Form.F2B if occupation in POLITICAL_SYSTEM_OCCUPATIONS else Form.F2C


def leads(kind: str, form: str) -> bool:
    """A collective or a leader: the discipline of a subordinate unit counts against "excellent"."""
    return kind == SubjectKind.ORG or form == Form.F2A


def period_problem(
    *, period_kind: str, year: int | None, quarter: int | None, term: str, today: date
) -> tuple[str, str] | None:
    """What is wrong with a campaign's period, as (field, message), or None. A quarter (1-4) only for a
    quarterly review; a term "2025-2030" (at most five years) only for a term review; the year not after next
    year (a review is planned ahead at most that far)."""
    if period_kind not in PeriodKind.values:
        return "period_kind", _("Chọn kỳ đánh giá.")
    if year is None or year < 2000 or year > today.year + 1:
        return "year", _("Năm đánh giá phải từ 2000 đến %(y)s.") % {"y": today.year + 1}
    if period_kind == PeriodKind.QUARTER:
        if quarter is None or not 1 <= quarter <= 4:
            return "quarter", _("Đánh giá hằng quý: chọn quý từ 1 đến 4.")
    elif quarter is not None:
        return "quarter", _("Chỉ chọn quý khi đánh giá hằng quý.")
    if period_kind == PeriodKind.TERM:
        match = TERM_RE.match(term or "")
        if not match:
            return "term", _("Nhập nhiệm kỳ theo dạng 2025-2030.")
        start, end = int(match.group(1)), int(match.group(2))
        if not 0 < end - start <= MAX_TERM_YEARS:
            return "term", _("Nhiệm kỳ %(t)s không hợp lệ: năm kết thúc sau năm bắt đầu, không quá %(n)s năm.") % {
                "t": term,
                "n": MAX_TERM_YEARS,
            }
        if not start <= year <= end:
            return "year", _("Năm đánh giá phải nằm trong nhiệm kỳ %(t)s.") % {"t": term}
    elif term:
        return "term", _("Chỉ nhập nhiệm kỳ khi đánh giá theo nhiệm kỳ.")
    return None


def period_end(*, period_kind: str, year: int, quarter: int | None, term: str, starts_on: date) -> date:
    """The last day of the period reviewed: the rules in force that day apply (the 100-point scale from
    366-QĐ/TW, 30/8/2025; earlier years were rated by level only)."""
    if period_kind == PeriodKind.QUARTER and quarter:
        month = quarter * 3
        return date(year, month, 30 if month in (6, 9) else 31)
    if period_kind == PeriodKind.TERM:
        match = TERM_RE.match(term or "")
        return date(int(match.group(2)) if match else year, 12, 31)
    if period_kind == PeriodKind.ADHOC:
        return starts_on
    return date(year, 12, 31)


def period_label(*, period_kind: str, year: int, quarter: int | None, term: str) -> str:
    """ "năm 2025", "quý III/2026", "nhiệm kỳ 2020-2025", "đột xuất năm 2026"."""
    if period_kind == PeriodKind.QUARTER and quarter:
        return _("quý %(q)s/%(y)s") % {"q": ("I", "II", "III", "IV")[quarter - 1], "y": year}
    if period_kind == PeriodKind.TERM:
        return _("nhiệm kỳ %(t)s") % {"t": term}
    if period_kind == PeriodKind.ADHOC:
        return _("đột xuất năm %(y)s") % {"y": year}
    return _("năm %(y)s") % {"y": year}


def committee_name(name: str) -> str:
    """The committee of an org, named as decisions name it: "Đảng bộ phường Đông Hà" -> "Đảng ủy phường Đông
    Hà", "Đảng bộ tỉnh Quảng Trị" -> "Tỉnh ủy Quảng Trị"; a cell decides as itself ("Chi bộ khu phố 1")."""
    if name.startswith("Đảng bộ tỉnh "):
        return "Tỉnh ủy " + name.removeprefix("Đảng bộ tỉnh ")
    if name.startswith("Đảng bộ "):
        return "Đảng ủy " + name.removeprefix("Đảng bộ ")
    return name


def standing_committee_name(name: str) -> str:
    """ "Ban Thường vụ Đảng ủy phường Đông Hà": the directly higher level's standing committee decides an org's
    rating (43-HD/BTCTW, DOMAIN.md §2); a cell has no standing committee, the cell itself decides."""
    committee = committee_name(name)
    return committee if committee.startswith("Chi bộ") else "Ban Thường vụ " + committee
