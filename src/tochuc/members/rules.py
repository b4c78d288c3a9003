"""The rules of a member's life in the Party, as pure functions of dates and rule parameters (no database).

Thresholds come in as arguments (from `core.rules.rules_in_force`); each decision says why, in Vietnamese,
with its legal basis. Sources: DOMAIN.md §1 (Charter, 294-QĐ/TW, 06-HD/TW, 12-HD/BTCTW).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from dateutil.relativedelta import relativedelta

from tochuc.core.dates import add_months, add_working_days, completed_months
from tochuc.core.text import fold

from .choices import Status


@dataclass(frozen=True)
class Decision:
    """What a rule says about a proposed action: allowed or not, why, and flags for a person to act on."""

    ok: bool
    reason: str = ""
    basis: str = ""
    flags: tuple[str, ...] = ()


# --- 1.1 Admission ------------------------------------------------------------------------------------


def admission_age(birth_date: date, vote_on: date, *, min_months: int, max_months: int, basis: str = "") -> Decision:
    """Age on the day the cell votes, in completed months (DOMAIN.md §1.1).

    Under 18 years (216 months) is refused. Over 60 (720 months) is not refused: the provincial committee
    decides, so the decision carries the flag `requires_provincial_approval`.
    """
    months = completed_months(birth_date, vote_on)
    if months < min_months:
        missing = min_months - months
        return Decision(
            False,
            f"Ngày chi bộ xét ({vote_on:%d/%m/%Y}) người vào Đảng mới {months // 12} tuổi {months % 12} tháng: "
            f"chưa đủ {min_months // 12} tuổi (còn thiếu {missing} tháng).",
            basis,
        )
    if months > max_months:
        return Decision(
            True,
            f"Người vào Đảng đã quá {max_months // 12} tuổi: việc kết nạp do Tỉnh ủy xem xét, quyết định.",
            basis,
            ("requires_provincial_approval",),
        )
    return Decision(True, "", basis)


# --- 1.2 Probation and official recognition -------------------------------------------------------------


def probation_end(ceremony_on: date, *, months: int) -> date:
    """The day the probation ends: 12 months from the ceremony (not from the decision), by calendar months."""
    return add_months(ceremony_on, months)


def recognition_review_due(ceremony_on: date, *, months: int, working_days: int, holidays: Collection[date]) -> date:
    """The last day for the cell to review the probationary member: 30 working days after probation ends."""
    return add_working_days(probation_end(ceremony_on, months=months), working_days, holidays)


def recognition(ceremony_on: date, decided_on: date, *, months: int, basis: str = "") -> tuple[Decision, date]:
    """Official recognition: refused before probation ends; when granted, dated to the end of probation,
    however late the cell met or the committee decided (DOMAIN.md §1.2)."""
    end = probation_end(ceremony_on, months=months)
    if decided_on < end:
        return (
            Decision(
                False, f"Chưa hết thời gian dự bị: 12 tháng tính từ lễ kết nạp kết thúc ngày {end:%d/%m/%Y}.", basis
            ),
            end,
        )
    return Decision(True, "", basis), end


# --- 1.3 Party age ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Gap:
    """A period without party activity: expelled, removed, out of contact, or between two orgs."""

    kind: str
    start: date
    end: date | None  # None: still going on


def _merged(gaps: Iterable[Gap], on: date) -> list[tuple[date, date]]:
    """The gaps before `on`, overlapping ones merged, as (start, end) spans."""
    spans = sorted((g.start, min(g.end or on, on)) for g in gaps if g.start < on)
    merged: list[tuple[date, date]] = []
    for start, end in spans:
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def gap_days(gaps: Iterable[Gap], on: date) -> int:
    """Days of the gaps that fall before `on`; overlapping gaps are counted once."""
    return sum((end - start).days for start, end in _merged(gaps, on))


def party_age_start(admitted_on: date, gaps: Iterable[Gap], on: date) -> date:
    """The date party age effectively runs from: the admission decision, pushed later by every gap in
    calendar terms (DOMAIN.md §1.3: "minus every period without party activity"; a one-year transfer gap
    delays a badge by exactly one year, leap days or not)."""
    shift = relativedelta()
    for start, end in _merged(gaps, on):
        shift += relativedelta(end, start)
    return admitted_on + shift


def party_age_months(admitted_on: date | None, official: bool, gaps: Iterable[Gap], on: date) -> int | None:
    """Party age in completed months on `on`; None before the member is official (it counts only then)."""
    if admitted_on is None or not official:
        return None
    return max(0, completed_months(party_age_start(admitted_on, gaps, on), on))


# --- 1.8 Badges ------------------------------------------------------------------------------------------


def badge_due_on(start: date, milestone: int, *, seriously_ill: bool, early_up_to_65: int, early_from_70: int) -> date:
    """The first day a badge of `milestone` years can be awarded (early by 12 or 24 months for serious
    illness, 06-HD/TW §18)."""
    due = add_months(start, 12 * milestone)
    if seriously_ill:
        due = add_months(due, -(early_up_to_65 if milestone <= 65 else early_from_70))
    return due


def eligible_badge(
    start: date | None,
    on: date,
    *,
    milestones: Sequence[int],
    awarded: Collection[int],
    seriously_ill: bool = False,
    early_up_to_65: int = 12,
    early_from_70: int = 24,
) -> int | None:
    """The highest milestone reached on `on` that has not been awarded yet (DOMAIN.md §1.8), or None."""
    if start is None:
        return None
    reached = [
        m for m in milestones
        if m not in awarded and on >= badge_due_on(start, m, seriously_ill=seriously_ill,
                                                  early_up_to_65=early_up_to_65, early_from_70=early_from_70)
    ]  # fmt: skip
    return max(reached) if reached else None


def next_occasion(after: date, occasions: Sequence[str]) -> date:
    """The next badge ceremony day ("dd/mm" in the rule table: 3/2, 19/5, 2/9, 7/11) on or after `after`."""
    days = []
    for year in (after.year, after.year + 1):
        for text in occasions:
            day, month = (int(x) for x in text.split("/"))
            days.append(date(year, month, day))
    return min(d for d in days if d >= after)


# --- Transfers (1.5) ------------------------------------------------------------------------------------


def transfer_deadlines(
    effective_on: date, letter_on: date | None, *, start_days: int, present_days: int, holidays: Collection[date]
) -> tuple[date, date | None]:
    """(the last day to start the transfer, the last day to present the letter) in working days."""
    start = add_working_days(effective_on, start_days, holidays)
    present = add_working_days(letter_on, present_days, holidays) if letter_on else None
    return start, present


# --- Status from the events ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ev:
    """An event as the status function sees it (the model's fields that matter, no database)."""

    id: int
    kind: str
    on: date
    org_id: int | None = None
    other_org_id: int | None = None
    data: dict = field(default_factory=dict)
    cancels: int | None = None


@dataclass
class State:
    status: str | None = None  # None: not (yet) a member
    org_id: int | None = None
    admitted_on: date | None = None
    ceremony_on: date | None = None
    official_on: date | None = None
    in_transit: bool = False
    temporary_host_id: int | None = None
    temporarily_away: bool = False  # attached elsewhere for a while (a host org here, or out of the province)
    exempted: bool = False
    lost_contact: bool = False
    ended_on: date | None = None
    badges: list[int] = field(default_factory=list)
    card_issued_on: date | None = None
    gaps: list[Gap] = field(default_factory=list)
    open_gap: Gap | None = None

    @property
    def active(self) -> bool:
        return self.status in (Status.PROBATIONARY, Status.OFFICIAL)


ENDING = {
    "removed": Status.REMOVED,
    "expelled": Status.EXPELLED,
    "left": Status.LEFT,
    "died": Status.DECEASED,
    "probation_removed": Status.REMOVED,
}
GAP_KIND = {"removed": "removed", "expelled": "expelled", "probation_removed": "removed"}


def _open_gap(state: State, kind: str, on: date) -> None:
    if state.open_gap is None:
        state.open_gap = Gap(kind, on, None)


def _close_gap(state: State, on: date) -> None:
    if state.open_gap is not None:
        state.gaps.append(Gap(state.open_gap.kind, state.open_gap.start, on))
        state.open_gap = None


def derive(events: Iterable[Ev], on: date | None = None) -> State:
    """The member's state from their events, as of `on` (all events when None).

    The one function behind the stored status and every "as of D" question. A cancelled event (the target
    of a `cancel`) and the cancel itself are ignored: history is corrected by adding, never by editing.
    """
    events = list(events)
    cancelled = {e.cancels for e in events if e.kind == "cancel" and e.cancels}
    state = State()
    for e in sorted(events, key=lambda x: (x.on, x.id)):
        if e.kind == "cancel" or e.id in cancelled or (on is not None and e.on > on):
            continue
        k = e.kind
        if k == "admitted":
            state.status, state.org_id = Status.PROBATIONARY, e.org_id
            state.admitted_on = state.admitted_on or e.on  # party age runs from the first admission
            state.ended_on = None
        elif k == "readmitted":
            _close_gap(state, e.on)
            state.status, state.org_id, state.ended_on = Status.PROBATIONARY, e.org_id, None
            state.ceremony_on = state.official_on = None
        elif k == "ceremony":
            state.ceremony_on = e.on
        elif k == "recognized":
            state.status, state.official_on = Status.OFFICIAL, e.on
        elif k in ENDING:
            state.status, state.ended_on = ENDING[k], e.on
            state.in_transit, state.temporary_host_id, state.temporarily_away = False, None, False
            if k in GAP_KIND:
                _open_gap(state, GAP_KIND[k], e.on)
        elif k == "reinstated":
            _close_gap(state, e.on)
            state.status = Status.OFFICIAL if state.official_on else Status.PROBATIONARY
            state.ended_on, state.org_id = None, e.org_id or state.org_id
            state.lost_contact = False
        elif k == "transfer_out":
            if e.data.get("outside"):
                state.status, state.ended_on = Status.TRANSFERRED_OUT, e.on
                state.temporary_host_id, state.temporarily_away = None, False
            else:
                state.in_transit = True
                # the time the rules allow to present the letter is not a gap; only what runs beyond it
                present_by = e.data.get("present_by")
                _open_gap(state, "transfer_gap", date.fromisoformat(present_by) if present_by else e.on)
            state.temporary_host_id = None
        elif k == "transfer_in":
            if state.status is None or state.status == Status.TRANSFERRED_OUT:
                # arriving from outside the province (or coming back): the status travels with the papers
                state.status = Status.OFFICIAL if e.data.get("official", True) else Status.PROBATIONARY
                state.ended_on = None
                if e.data.get("admitted_on") and not state.admitted_on:
                    state.admitted_on = date.fromisoformat(e.data["admitted_on"])
                if e.data.get("official_on") and not state.official_on:
                    state.official_on = date.fromisoformat(e.data["official_on"])
            state.org_id, state.in_transit = e.org_id, False
            # A gap counts only beyond the time the rules allow to present the letter (recorded by the service).
            if state.open_gap is not None and state.open_gap.kind == "transfer_gap":
                start, state.open_gap = state.open_gap.start, None
                if e.on > start:
                    state.gaps.append(Gap("transfer_gap", start, e.on))
        elif k == "temporary_out":
            state.temporary_host_id, state.temporarily_away = e.other_org_id, True
        elif k == "temporary_return":
            state.temporary_host_id, state.temporarily_away = None, False
        elif k == "exempted":
            state.exempted = True
        elif k == "exemption_ended":
            state.exempted = False
        elif k == "lost_contact":
            state.lost_contact = True
            _open_gap(state, "lost_contact", e.on)
        elif k == "contact_restored":
            state.lost_contact = False
            _close_gap(state, e.on)
        elif k == "badge":
            state.badges.append(int(e.data["milestone"]))
        elif k == "card":
            state.card_issued_on = e.on
    return state


def all_gaps(state: State) -> list[Gap]:
    return [*state.gaps, *([state.open_gap] if state.open_gap else [])]


# --- Citizen ID (căn cước công dân) -------------------------------------------------------------------

# The 3-digit codes of the place of birth registration (Thông tư 07/2016/TT-BCA, the 63 provinces before 2025).
CITIZEN_ID_PROVINCES = frozenset({
    "001", "002", "004", "006", "008", "010", "011", "012", "014", "015", "017", "019", "020", "022", "024", "025",
    "026", "027", "030", "031", "033", "034", "035", "036", "037", "038", "040", "042", "044", "045", "046", "048",
    "049", "051", "052", "054", "056", "058", "060", "062", "064", "066", "067", "068", "070", "072", "074", "075",
    "077", "079", "080", "082", "083", "084", "086", "087", "089", "091", "092", "093", "094", "095", "096",
})  # fmt: skip


def citizen_id_problem(citizen_id: str, birth_date: date | None = None, sex: str | None = None) -> str | None:
    """Why a citizen ID is not valid, or None. 12 digits: province code (3), century and sex (1), the last
    two digits of the birth year (2), then 6 digits (Thông tư 07/2016/TT-BCA, Điều 7)."""
    if len(citizen_id) != 12 or not citizen_id.isdigit():
        return "Số CCCD phải gồm đúng 12 chữ số."
    if citizen_id[:3] not in CITIZEN_ID_PROVINCES:
        return f"Ba chữ số đầu «{citizen_id[:3]}» không phải mã tỉnh nơi đăng ký khai sinh."
    if birth_date is not None:
        century = (birth_date.year - 1900) // 100
        code = int(citizen_id[3])
        if code // 2 != century:
            return f"Chữ số thứ tư «{code}» không khớp thế kỷ của năm sinh {birth_date.year}."
        if sex in ("male", "female") and code % 2 != (0 if sex == "male" else 1):
            return f"Chữ số thứ tư «{code}» không khớp giới tính."
        if citizen_id[4:6] != f"{birth_date.year % 100:02d}":
            return f"Chữ số thứ năm, sáu «{citizen_id[4:6]}» không khớp năm sinh {birth_date.year}."
    return None


# --- Working away from home (đi làm ăn xa) --------------------------------------------------------------------

_PROVINCE_PREFIXES = ("thanh pho ", "tp. ", "tp.", "tp ", "tinh ")


def _bare(name: str) -> str:
    """A place's name folded, without its "Tỉnh"/"Thành phố"/"TP." prefix: "TP. Hồ Chí Minh" -> "ho chi minh"."""
    folded = fold(name)
    for prefix in _PROVINCE_PREFIXES:
        if folded.startswith(prefix):
            return folded[len(prefix) :].strip()
    return folded


@cache
def province_names() -> tuple[str, ...]:
    """The 34 provinces and centrally-run cities since 1/7/2025 (Nghị quyết 202/2025/QH15), in the order of
    their codes, as the package `vietnam-provinces` names them."""
    from vietnam_provinces import Province

    return tuple(p.name for p in sorted(Province.iter_all(), key=lambda p: int(p.code)))


@cache
def _provinces_by_bare_name() -> dict[str, str]:
    return {_bare(name): name for name in province_names()}


def away_place(kind: str, place: str) -> str:
    """The place of a spell away as it is stored: spaces collapsed and, for another province, the province's
    official name when the text names one however it is typed ("tp ho chi minh", "Ha Noi"), so that the counts
    by place group one province under one name. Other text (a country, a commune) is kept as typed."""
    text = " ".join(place.split())
    if kind == "other_province":
        return _provinces_by_bare_name().get(_bare(text), text)
    return text


def months_away(since: date, on: date) -> int:
    """Completed calendar months away from `since` to `on` (0 in the first month)."""
    return max(completed_months(since, on), 0)
