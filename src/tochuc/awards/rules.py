"""The conditions of a commendation as pure functions of the ratings and the rule parameters.

Source: DOMAIN.md §10, after 21-HD/BTCTW (2019): only organisations and members rated "Hoàn thành xuất sắc
nhiệm vụ" are considered, for the year or for 5 consecutive years; a member rated "Hoàn thành tốt nhiệm vụ" is
not. Whether 43-HD/BTCTW (2025) kept that wording is UNCONFIRMED, so both parameters (`award.min_rating`,
`award.consecutive_years`) start unconfirmed: their checks warn, and block once an administrator confirms them
in the rule table. Ad-hoc and thematic commendations carry no rating condition. The committee decides; these
functions say what is missing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from tochuc.core.checks import Check, Eligibility
from tochuc.ratings.choices import RATING_ORDER, Rating

from .choices import AwardForm, PeriodType, RecipientKind

# The earliest year a commendation may be recorded for (the records kept on paper reach back that far).
FIRST_YEAR = 1990


@dataclass(frozen=True)
class AwardParams:
    """The rule parameters of commendation in force on a day, and which of them an administrator confirmed."""

    min_rating: str
    consecutive_years: int
    confirmed: Mapping[str, bool]
    basis: str = ""

    @classmethod
    def from_rules(cls, rules) -> AwardParams:
        keys = {"min_rating": "award.min_rating", "consecutive_years": "award.consecutive_years"}
        return cls(
            min_rating=str(rules[keys["min_rating"]]),
            consecutive_years=int(rules[keys["consecutive_years"]]),
            confirmed={name: bool(rules.version(key).confirmed) for name, key in keys.items()},
            basis=rules.basis(keys["min_rating"]),
        )


def _rank(level: str) -> int:
    return RATING_ORDER.index(Rating(level)) if level in Rating.values else -1


def meets(level: str | None, min_rating: str) -> bool:
    """Whether a decided level reaches `min_rating` (a missing level never does)."""
    return bool(level) and _rank(level) >= _rank(min_rating)


def period_years(period_type: str, year_from: int | None, year_to: int | None, consecutive_years: int) -> str | None:
    """Why the years of a commendation do not fit its kind, or None: an annual or ad-hoc award is for one year
    (`year_from` equals `year_to`), a five-year award spans exactly `consecutive_years` years ending with
    `year_to`, a thematic one any span ending with `year_to`."""
    if year_to is None:
        return "year_to"
    if year_from is None:
        return "year_from"
    if year_from > year_to:
        return "year_from"
    if period_type in (PeriodType.ANNUAL, PeriodType.ADHOC) and year_from != year_to:
        return "year_from"
    if period_type == PeriodType.FIVE_YEAR and year_to - year_from + 1 != consecutive_years:
        return "year_from"
    return None


def years_label(year_from: int | None, year_to: int | None) -> str:
    """ "2025" or "2021–2025" (blank when no year is given)."""
    if year_to is None:
        return ""
    if year_from is None or year_from == year_to:
        return str(year_to)
    return f"{year_from}–{year_to}"


def _level_label(level: str) -> str:
    return Rating(level).label.lower() if level in Rating.values else level


def award_checks(
    *,
    period_type: str,
    year_from: int | None,
    year_to: int | None,
    levels: Mapping[int, str],
    params: AwardParams,
) -> Eligibility:
    """The rating conditions of one collective or person for a commendation of `period_type` over
    `year_from`..`year_to`, given `levels`, the decided level of each year (a year missing from it was not
    rated, or its rating not yet decided).

    - annual: the year reaches `params.min_rating` (21-HD/BTCTW 2019; DOMAIN.md §10);
    - five-year: each of the `params.consecutive_years` years reaches it, a year without a result named;
    - ad-hoc, thematic: no rating condition (a flag says so).
    A check blocks only when every parameter it rests on is confirmed in the rule table.
    """
    result = Eligibility()
    wanted = Rating(params.min_rating).label
    if period_type == PeriodType.ANNUAL and year_to is not None:
        level = levels.get(year_to)
        ok = meets(level, params.min_rating)
        if ok:
            reason = ""
        elif not level:
            reason = _("Năm %(y)s chưa có kết quả xếp loại.") % {"y": year_to}
        else:
            reason = _("Năm %(y)s xếp loại %(l)s.") % {"y": year_to, "l": _level_label(level)}
        result.checks.append(
            Check(
                "rating",
                _("Xếp loại «%(l)s» năm %(y)s") % {"l": wanted, "y": year_to},
                ok,
                reason,
                blocking=params.confirmed["min_rating"],
            )
        )
    elif period_type == PeriodType.FIVE_YEAR and year_from is not None and year_to is not None:
        years = range(year_from, year_to + 1)
        reasons = [
            _("Năm %(y)s chưa có kết quả xếp loại.") % {"y": y}
            if not levels.get(y)
            else _("Năm %(y)s xếp loại %(l)s.") % {"y": y, "l": _level_label(levels[y])}
            for y in years
            if not meets(levels.get(y), params.min_rating)
        ]
        result.checks.append(
            Check(
                "rating_years",
                _("Xếp loại «%(l)s» %(n)s năm liên tục (%(years)s)")
                % {"l": wanted, "n": params.consecutive_years, "years": years_label(year_from, year_to)},
                not reasons,
                " ".join(reasons),
                blocking=params.confirmed["min_rating"] and params.confirmed["consecutive_years"],
            )
        )
    elif period_type in (PeriodType.ADHOC, PeriodType.THEMATIC):
        result.flags.append(_("Khen thưởng đột xuất, theo chuyên đề: không căn cứ kết quả xếp loại chất lượng."))
    return result


def default_achievement(kind: str, period_type: str, year_from: int | None, year_to: int | None) -> str:
    """The achievement written on the list when the proposer gives none: the wording of the rating the award
    rests on ("trong sạch, vững mạnh tiêu biểu" for an organisation, DOMAIN.md §10)."""
    years = years_label(year_from, year_to)
    if period_type == PeriodType.ANNUAL:
        if kind == RecipientKind.ORG:
            return f"Tổ chức đảng hoàn thành xuất sắc nhiệm vụ, trong sạch, vững mạnh tiêu biểu năm {years}"
        return f"Đảng viên hoàn thành xuất sắc nhiệm vụ năm {years}"
    if period_type == PeriodType.FIVE_YEAR:
        if kind == RecipientKind.ORG:
            return f"Tổ chức đảng trong sạch, vững mạnh tiêu biểu 5 năm liên tục ({years})"
        return f"Đảng viên hoàn thành xuất sắc nhiệm vụ 5 năm liên tục ({years})"
    return ""


def default_title(form: str, period_type: str, year_from: int | None, year_to: int | None) -> str:
    """The usual subject line (trích yếu) of a commendation decision."""
    what = AwardForm(form).label if form in AwardForm.values else "khen thưởng"
    years = years_label(year_from, year_to)
    if period_type == PeriodType.ANNUAL:
        return f"Về việc tặng {what} cho tổ chức đảng, đảng viên hoàn thành xuất sắc nhiệm vụ năm {years}"
    if period_type == PeriodType.FIVE_YEAR:
        return (
            f"Về việc tặng {what} cho tổ chức đảng trong sạch, vững mạnh tiêu biểu và đảng viên hoàn thành "
            f"xuất sắc nhiệm vụ 5 năm liên tục ({years})"
        )
    if period_type == PeriodType.THEMATIC:
        return f"Về việc tặng {what} cho tập thể, cá nhân có thành tích xuất sắc" + (f" ({years})" if years else "")
    return f"Về việc tặng {what} cho tập thể, cá nhân có thành tích đột xuất" + (f" năm {years}" if years else "")


def default_year(today: date) -> int:
    """The year a commendation is proposed for by default: the last year whose ratings are decided. The yearly
    review ends in December or January (43-HD/BTCTW) and commendations follow it, so until the next review
    closes that is the previous calendar year, in November as in March."""
    return today.year - 1
