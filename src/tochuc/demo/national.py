"""A synthetic nation for benchmarks: the 34 provinces of the 1/7/2025 reform, their real communes, and N
members with their history, written straight into the tables (`tochuc generate`, `generate_nation`).

Each province is laid out as the demo lays out Quảng Trị (`demo.province`: its blocs, communes, cells and
enterprises, its members' distributions), with its own name, landmarks and ethnic minorities. The tree is
the tree from 1/7/2025, so a member's life before it is the past the records give (admission, ceremony,
recognition, badges: `registered` events at the member's cell, as an import enters them), and what happened
since is recorded as the services record it: admissions, recognitions, the 2025 card exchange, badges,
transfers between cells, exemptions, deaths, removals, expulsions. The stored status, dates and flags of
each member are what `members.rules.derive` gives from those events, as `member_sync` would store them.

Rows go in with `core.bulk.bulk_insert` (executemany on SQLite, COPY on PostgreSQL): the trees first, then the
members province by province, a batch at a time, made by a child process while this one writes. Memory stays
bounded, and the same seed (and day) gives the same rows.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import random
import time
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from itertools import islice
from queue import Empty, Full
from typing import Any

from django.db import connection, models, transaction
from django.db.models import Count, Max, Min
from django.utils import timezone
from vietnam_provinces import Province, Ward
from vietnam_provinces.base import VietNamDivisionType

from tochuc.core.audit import audit_record
from tochuc.core.bulk import bulk_insert
from tochuc.core.calendar import holidays_between
from tochuc.core.dates import add_months, add_working_days
from tochuc.core.errors import DomainError
from tochuc.core.rules import rules_in_force
from tochuc.core.text import fold, sort_key
from tochuc.members.choices import ACTIVE_STATUSES, Status
from tochuc.members.models import EventKind, Member, MemberEvent, Membership
from tochuc.members.rules import Gap, next_occasion, party_age_start
from tochuc.members.services.dossier import name_fields
from tochuc.orgs.models import Org, OrgEvent, OrgPeriod, OrgType, Sector

from . import names
from . import province as demo
from .names import Weighted
from .province import PROFILES, Mix, OrgSpec, ProvinceNames

DEFAULT_MEMBERS = 200_000
REFORM = demo.MERGED_ON  # the day the 34 provinces and their communes, and so the tree, begin
BATCH = 10_000  # members written at a time, with their events and memberships
Progress = Callable[[str, int, int | None], None]  # (stage, done, total), as the importer reports

# Yearly rates of what happens to members (plausible, not statistics: ~200,000 admissions a year on 5.6
# million; DOMAIN.md §9). Deaths follow the member's age (`_death_rate`).
ADMISSIONS, RECEIVED = 0.035, 0.003  # new members; members arriving from the central committees
TRANSFERS, MOVED_OUT = 0.025, 0.004  # to another cell of the province; to a central committee
ENDINGS = ((EventKind.REMOVED, 0.0012), (EventKind.EXPELLED, 0.0004), (EventKind.LEFT, 0.0002))
CARD_EXCHANGE = date(2025, 8, 18)  # every card replaced from here (Secretariat directive of 8/8/2025)

# The party committees above the provinces, where members go to and come from outside the provinces.
CENTRAL = ("Đảng bộ các cơ quan Đảng Trung ương", "Đảng bộ Chính phủ", "Đảng bộ Quốc hội", "Đảng bộ Quân đội",
           "Đảng bộ Mặt trận Tổ quốc, các đoàn thể Trung ương", "Đảng bộ Công an Trung ương")  # fmt: skip

# The provinces before 1/7/2025 merged into each (Nghị quyết 202/2025/QH15): the 3-digit codes that open the
# citizen IDs of the people born there.
OLD_PROVINCES: dict[int, tuple[str, ...]] = {
    1: ("001",), 4: ("004",), 8: ("008", "002"), 11: ("011",), 12: ("012",), 14: ("014",), 15: ("015", "010"),
    19: ("019", "006"), 20: ("020",), 22: ("022",), 24: ("024", "027"), 25: ("025", "026", "017"),
    31: ("031", "030"), 33: ("033", "034"), 37: ("037", "035", "036"), 38: ("038",), 40: ("040",), 42: ("042",),
    44: ("045", "044"), 46: ("046",), 48: ("048", "049"), 51: ("051", "062"), 52: ("052", "064"),
    56: ("056", "058"), 66: ("066", "054"), 68: ("068", "067", "060"), 75: ("075", "070"),
    79: ("079", "074", "077"), 80: ("080", "072"), 82: ("082", "087"), 86: ("086", "083", "084"),
    91: ("091", "089"), 92: ("092", "093", "094"), 96: ("096", "095"),
}  # fmt: skip
OLD_CODES = sorted({code for codes in OLD_PROVINCES.values() for code in codes})

# The share of each province's members from ethnic minorities and their main groups: plausible spreads, not
# statistics. They live in the highland communes (`_ethnic_mixes`); Quảng Trị keeps the demo's communes.
MINORITIES: dict[int, Mix] = {
    1: (0.01, (("Mường", 0.7), ("Dao", 0.15), ("Tày", 0.15))),
    4: (0.9, (("Tày", 0.45), ("Nùng", 0.35), ("Mông", 0.1), ("Dao", 0.1))),
    8: (0.75, (("Tày", 0.4), ("Mông", 0.2), ("Dao", 0.15), ("Nùng", 0.1), ("Sán Chay", 0.1), ("Giáy", 0.05))),
    11: (0.7, (("Thái", 0.6), ("Mông", 0.3), ("Khơ Mú", 0.1))),
    12: (0.75, (("Thái", 0.4), ("Mông", 0.35), ("Dao", 0.15), ("Hà Nhì", 0.1))),
    14: (0.75, (("Thái", 0.7), ("Mông", 0.15), ("Mường", 0.1), ("Xinh Mun", 0.05))),
    15: (0.55, (("Tày", 0.3), ("Mông", 0.25), ("Dao", 0.2), ("Thái", 0.15), ("Giáy", 0.1))),
    19: (0.35, (("Tày", 0.6), ("Nùng", 0.2), ("Dao", 0.15), ("Sán Dìu", 0.05))),
    20: (0.8, (("Nùng", 0.5), ("Tày", 0.4), ("Dao", 0.1))),
    22: (0.1, (("Dao", 0.5), ("Tày", 0.3), ("Sán Dìu", 0.2))),
    24: (0.08, (("Nùng", 0.4), ("Tày", 0.3), ("Sán Dìu", 0.2), ("Hoa", 0.1))),
    25: (0.25, (("Mường", 0.8), ("Dao", 0.1), ("Tày", 0.05), ("Thái", 0.05))),
    31: (0.002, (("Hoa", 1.0),)),
    33: (0.002, (("Hoa", 1.0),)),
    37: (0.02, (("Mường", 1.0),)),
    38: (0.15, (("Mường", 0.6), ("Thái", 0.35), ("Mông", 0.05))),
    40: (0.12, (("Thái", 0.7), ("Khơ Mú", 0.15), ("Mông", 0.15))),
    42: (0.002, (("Chứt", 0.5), ("Lào", 0.5))),
    46: (0.04, (("Tà Ôi", 0.6), ("Cơ Tu", 0.3), ("Bru - Vân Kiều", 0.1))),
    48: (0.06, (("Cơ Tu", 0.5), ("Xơ Đăng", 0.25), ("Gié Triêng", 0.25))),
    51: (0.25, (("Hrê", 0.35), ("Xơ Đăng", 0.35), ("Ba Na", 0.15), ("Gié Triêng", 0.1), ("Co", 0.05))),
    52: (0.2, (("Gia Rai", 0.65), ("Ba Na", 0.35))),
    56: (0.1, (("Ra Glai", 0.5), ("Chăm", 0.4), ("Cơ Ho", 0.1))),
    66: (0.15, (("Ê Đê", 0.65), ("Mnông", 0.15), ("Gia Rai", 0.1), ("Ba Na", 0.1))),
    68: (0.1, (("Cơ Ho", 0.45), ("Mnông", 0.3), ("Chăm", 0.15), ("Mạ", 0.1))),
    75: (0.05, (("Xtiêng", 0.5), ("Hoa", 0.3), ("Chơ Ro", 0.2))),
    79: (0.03, (("Hoa", 0.85), ("Khmer", 0.1), ("Chăm", 0.05))),
    80: (0.01, (("Khmer", 0.6), ("Hoa", 0.4))),
    82: (0.005, (("Hoa", 0.6), ("Khmer", 0.4))),
    86: (0.1, (("Khmer", 0.9), ("Hoa", 0.1))),
    91: (0.1, (("Khmer", 0.75), ("Hoa", 0.15), ("Chăm", 0.1))),
    92: (0.12, (("Khmer", 0.85), ("Hoa", 0.15))),
    96: (0.05, (("Khmer", 0.7), ("Hoa", 0.3))),
}

# Surnames common in groups that `names` does not cover: a member of those groups gets one of them (Kinh
# surnames are common among them too, so not always).
SURNAMES: dict[str, tuple[str, ...]] = {
    "Tày": ("Hoàng", "Nông", "Lương", "Bế", "Ma", "Hà", "Lục", "Đàm"),
    "Nùng": ("Nông", "Hoàng", "Lương", "Vi", "Chu", "Lục", "Mã"),
    "Thái": ("Lò", "Lường", "Cầm", "Quàng", "Vi", "Hà", "Tòng", "Điêu"),
    "Mường": ("Bùi", "Đinh", "Quách", "Hà", "Xa", "Bạch"),
    "Mông": ("Giàng", "Vàng", "Sùng", "Thào", "Lý", "Hạng", "Mùa"),
    "Dao": ("Triệu", "Bàn", "Đặng", "Lý", "Phùng", "Chảo"),
    "Khmer": ("Thạch", "Sơn", "Kim", "Danh", "Lâm", "Châu"),
    "Hoa": ("Lâm", "Trần", "Lý", "Quách", "Trương", "Hứa", "Tăng"),
    "Chăm": ("Đàng", "Thành", "Lưu", "Thiên", "Quảng"),
    "Gia Rai": ("Ksor", "Rơ Châm", "Siu", "Rơ Mah", "Nay", "Kpă"),
}
SOUTH = {75, 79, 80, 82, 86, 91, 92, 96}  # where Cao Đài and Hòa Hảo are at home
RELIGION = Weighted([("Không", 0.955), ("Phật giáo", 0.03), ("Công giáo", 0.01), ("Tin lành", 0.005)])
RELIGION_SOUTH = Weighted([("Không", 0.92), ("Phật giáo", 0.035), ("Cao Đài", 0.02), ("Phật giáo Hòa Hảo", 0.015),
                           ("Công giáo", 0.01)])  # fmt: skip
RELIGION_BY_GROUP = {
    "Khmer": Weighted([("Phật giáo", 0.6), ("Không", 0.4)]),
    "Chăm": Weighted([("Không", 0.5), ("Bà-la-môn", 0.3), ("Hồi giáo", 0.2)]),
    **{
        g: Weighted([("Không", 0.85), ("Tin lành", 0.08), ("Công giáo", 0.07)])
        for g in ("Ê Đê", "Gia Rai", "Ba Na", "Mông")
    },
}


# --- The tree of each province --------------------------------------------------------------------------------


@dataclass
class _Plan:
    """One province: its names, its tree in creation order (parents first), and the cells that hold members."""

    names: ProvinceNames
    orgs: list[OrgSpec]
    leaves: list[OrgSpec]
    quotas: list[int] = field(default_factory=list)


def _ethnic_mixes(code: int, wards: Sequence[Ward], seed: int) -> dict[str, Mix]:
    """The highland communes of a province and their mix: enough of them, each with a majority of minority
    members, for the province's share to come out about right. Wards (phường) are lowland towns."""
    share, groups = MINORITIES[code]
    rng = random.Random(f"tochuc-national:{seed}:ethnic:{code}")
    rural = [w for w in wards if w.division_type != VietNamDivisionType.PHUONG]
    highland = min(1.0, share / 0.6 * len(wards) / max(1, len(rural)))
    return {
        str(int(w.code)): (min(0.95, max(0.3, rng.gauss(max(0.6, share), 0.15))), groups)
        for w in rural
        if rng.random() < highland
    }


def _province_names(info: Province, wards: Sequence[Ward], seed: int) -> ProvinceNames:
    """Quảng Trị as in the demo; elsewhere landmarks named after the province, and its highland communes."""
    code = int(info.code)
    if f"{code:02d}" == demo.QUANG_TRI.code:
        return demo.QUANG_TRI
    mixes = _ethnic_mixes(code, wards, seed)
    city = info.division_type == VietNamDivisionType.THANH_PHO_TRUNG_UONG
    name = info.name.removeprefix("Thành phố ")
    label = f"{'thành phố' if city else 'tỉnh'} {name}"
    # The wards first: the towns where the large companies and the defence zones are.
    towns = [demo._division(w.name)[1] for w in sorted(wards, key=lambda w: w.division_type != "phường")]
    return ProvinceNames(
        code=f"{code:02d}",
        name=name,
        city=city,
        capitals=tuple(towns[:2]),
        political_school=f"Trường Chính trị {label}",
        gifted_schools=(f"Trường THPT chuyên {name}", "Trường THPT chuyên Lê Quý Đôn"),
        second_hospital=f"Bệnh viện Sản - Nhi {label}",
        university=f"Trường Đại học {name}",
        nature_reserve=f"Ban Quản lý rừng phòng hộ, đặc dụng {name}",
        forestry_company=f"Công ty TNHH MTV Lâm nghiệp {name}",
        regiment=f"Trung đoàn {800 + code}",
        defence_zones=tuple(towns[:4]),
        ethnic_mix=lambda ward_code, _place: mixes.get(ward_code),
    )


def _plan(info: Province, *, seed: int, today: date) -> _Plan:
    """A province's tree, laid out by the demo's own builders."""
    wards = sorted(Ward.iter_by_province(info.code), key=lambda w: int(w.code))
    prov = _province_names(info, wards, seed)
    tree = demo._Tree()
    unit = prov.label[0].upper() + prov.label[1:]
    tree.add(None, code=prov.code, name=f"Đảng bộ {prov.label}", org_type=OrgType.PROVINCE_COMMITTEE,
             sector=Sector.OTHER, unit_name=unit, address=unit)  # fmt: skip
    demo._blocs(tree, random.Random(f"tochuc-national:{seed}:blocs:{prov.code}"), prov)
    used: set[str] = set()
    for ward in wards:
        demo._commune(tree, seed, ward, used, today, prov)
    return _Plan(prov, tree.orgs, [o for o in tree.orgs if o.kind])


# --- Writing -----------------------------------------------------------------------------------------------------


class _Writer:
    """bulk_insert, counting the rows written by table."""

    def __init__(self) -> None:
        self.counts: dict[type[models.Model], int] = defaultdict(int)

    def insert(self, model: type[models.Model], rows: Sequence[dict[str, Any]], **same: Any) -> None:
        bulk_insert(model, rows, same=same)
        self.counts[model] += len(rows)

    def insert_numbered(self, model: type[models.Model], rows: Sequence[dict[str, Any]], **same: Any) -> int:
        """Insert and return the first row's id; the others follow it. Both databases number new rows in the
        order written (SQLite's AUTOINCREMENT, PostgreSQL's identity sequence within one session); the ids are
        checked to form one run, so that a writer in another session stops us instead of mixing rows up."""
        before = model.objects.aggregate(m=Max("pk"))["m"] or 0
        self.insert(model, rows, **same)
        got = model.objects.filter(pk__gt=before).aggregate(lo=Min("pk"), hi=Max("pk"), n=Count("pk"))
        if got["n"] != len(rows) or got["hi"] - got["lo"] + 1 != len(rows):
            raise DomainError(f"Có tiến trình khác đang ghi vào bảng {model._meta.db_table}: hãy dừng nó rồi chạy lại.")
        return got["lo"]


def _write_tree(w: _Writer, plan: _Plan) -> dict[str, int]:
    """The orgs of one province, with their periods and founding events, as org_create leaves them; returns
    their ids by code. A path holds the org's own id, known once inserted: the orgs go in with a placeholder,
    then one UPDATE each sets the parent and the path."""
    depth: dict[str, int] = {}
    rows = []
    for o in plan.orgs:
        depth[o.code] = depth[o.parent] + 1 if o.parent else 0
        rows.append(
            {"code": o.code, "name": o.name, "name_folded": fold(o.name), "sort_key": sort_key(o.name),
             "org_type": o.org_type, "sector": o.sector, "path": f"~{o.code}", "depth": depth[o.code],
             "opened_on": o.opened_on, "address": o.address, "admin_unit_code": o.admin_unit_code,
             "unit_name": o.unit_name}
        )  # fmt: skip
    first = w.insert_numbered(Org, rows)
    ids = {o.code: first + i for i, o in enumerate(plan.orgs)}
    paths: dict[str, str] = {}
    for o in plan.orgs:
        paths[o.code] = (paths[o.parent] if o.parent else "") + f"{ids[o.code]:08x}."
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {q(Org._meta.db_table)} SET {q('parent_id')} = %s, {q('path')} = %s WHERE {q('id')} = %s",
            [(ids[o.parent] if o.parent else None, paths[o.code], ids[o.code]) for o in plan.orgs],
        )
    w.insert(OrgPeriod, [
        {"org_id": ids[o.code], "name": o.name, "org_type": o.org_type,
         "parent_id": ids[o.parent] if o.parent else None, "valid_from": o.opened_on}
        for o in plan.orgs
    ])  # fmt: skip
    first = w.insert_numbered(OrgEvent, [{"on": o.opened_on} for o in plan.orgs], kind=OrgEvent.Kind.CREATE)
    w.insert(OrgEvent.results.through, [{"orgevent_id": first + i, "org_id": ids[o.code]}
                                        for i, o in enumerate(plan.orgs)])  # fmt: skip
    return ids


# --- Members and their lives -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Leaf:
    id: int
    spec: OrgSpec
    group: str  # who sits there: "resident", "worker", "teacher", "uniform"
    unit: str  # the code of the commune or bloc it lies in


@dataclass
class _Person:
    """A member as the records give them on the first day of their stay in this tree (`since`)."""

    row: dict[str, Any]  # the Member columns known so far
    since: date
    reason: str  # why the stay began (Membership.Reason)
    admitted: date
    ceremony: date | None
    official: date | None  # official_on: the end of probation
    official_from: date | None  # the day they are official in fact: the recognition decided
    badges: list[tuple[int, date]] = field(default_factory=list)  # (milestone, day) from the records


@dataclass
class _Story:
    """What happens to a member from the first day of their stay to `today`: the events, in any order, as
    (on, kind, org, other org, decision no, decided on, data, note); how it ends; a move to another cell."""

    org: int
    today: date
    events: list[tuple] = field(default_factory=list)
    end: tuple[str, date] | None = None  # (kind, day)
    move: tuple[date, date, _Leaf] | None = None  # (letter, arrival, cell)

    def add(self, on: date, kind: str, *, org: int | None = None, other: int | None = None, decision: str = "",
            decided: date | None = None, data: dict | None = None, note: str = "") -> None:  # fmt: skip
        self.events.append((on, kind, org or self.org_on(on), other, decision, decided, data or {}, note))

    def org_on(self, day: date) -> int:
        return self.move[2].id if self.move and day >= self.move[1] else self.org

    def in_transit(self, day: date) -> bool:
        return self.move is not None and self.move[0] <= day < self.move[1]

    def free(self, day: date) -> bool:
        """Active and in a cell on `day` (not between two), so that the services would record an action."""
        return day <= self.today and (self.end is None or day < self.end[1]) and not self.in_transit(day)


# The events of one day in the order the services write them: derive() reads them by (day, id).
_RANK = {k: i for i, k in enumerate((
    EventKind.ADMITTED, EventKind.CEREMONY, EventKind.RECOGNIZED, EventKind.TRANSFER_OUT, EventKind.TRANSFER_IN,
    EventKind.CARD, EventKind.BADGE, EventKind.EXEMPTED, EventKind.PROBATION_REMOVED, EventKind.REMOVED,
    EventKind.EXPELLED, EventKind.LEFT, EventKind.DIED,
))}  # fmt: skip
_ENDED = {EventKind.PROBATION_REMOVED: Status.REMOVED, EventKind.REMOVED: Status.REMOVED,
          EventKind.EXPELLED: Status.EXPELLED, EventKind.LEFT: Status.LEFT, EventKind.DIED: Status.DECEASED,
          EventKind.TRANSFER_OUT: Status.TRANSFERRED_OUT}  # fmt: skip
_NOTES = {EventKind.REMOVED: "Bỏ sinh hoạt đảng 3 tháng trong năm không có lý do chính đáng",
          EventKind.PROBATION_REMOVED: "Không đủ tư cách đảng viên chính thức"}  # fmt: skip


def _years_later(d: date, years: int) -> date:
    """add_months(d, 12 * years) without relativedelta's cost (it runs for every member): 29/2 -> 28/2."""
    try:
        return d.replace(year=d.year + years)
    except ValueError:
        return date(d.year + years, 2, 28)


def _death_rate(age: float) -> float:
    """Yearly chance of dying at `age`, rising ~9% a year of age (Gompertz): ~0.6% at 60, ~3.6% at 80."""
    return min(0.5, 0.0004 * math.exp(0.09 * (age - 30)))


def _chance(rate: float, years: float) -> float:
    return 1 - math.exp(-rate * years)


class _Members:
    """The members of one province: who they are, their past, and their life since their cell opened."""

    def __init__(self, plan: _Plan, ids: dict[str, int], *, seed: int, today: date, rules: dict[str, Any],
                 holidays: set[date], citizen_ids: dict[str, int]) -> None:  # fmt: skip
        self.plan, self.seed, self.today, self.rules, self.holidays = plan, seed, today, rules, holidays
        self.citizen_ids = citizen_ids  # serials used, by the first six digits: shared by all the provinces
        self.code, self.home = plan.names.code, plan.names.label
        self.rng = random.Random(f"tochuc-national:{seed}:members:{self.code}")
        self.religion = RELIGION_SOUTH if int(self.code) in SOUTH else RELIGION
        self.cards = self.dossiers = 0
        # The badge occasion on or after a day, as the rules give it: asked for hundreds of thousands of days.
        self.occasion = lru_cache(maxsize=None)(lambda day: next_occasion(day, rules["occasions"]))
        self.leaves = [_Leaf(ids[o.code], o, PROFILES[o.kind].ages, ".".join(o.code.split(".")[:2]))
                       for o in plan.leaves]  # fmt: skip
        self.by_group: dict[str, list[_Leaf]] = defaultdict(list)
        self.by_unit: dict[tuple[str, str], list[_Leaf]] = defaultdict(list)
        for leaf in self.leaves:
            self.by_group[leaf.group].append(leaf)
            self.by_unit[leaf.unit, leaf.group].append(leaf)

    def __iter__(self) -> Iterator[tuple[dict[str, Any], list[tuple], list[tuple]]]:
        """(Member columns, events, stays) of each member, cell by cell."""
        for leaf, n in zip(self.leaves, self.plan.quotas, strict=True):
            for _ in range(n):
                yield self._life(leaf)

    # --- who they are, and their past ---------------------------------------------------------------------------

    def _person(self, leaf: _Leaf) -> _Person:
        """A newcomer admitted since the cell opened, a member arriving from a central committee, or (most) a
        member already there, in the shares the yearly rates give over the cell's life."""
        opened = max(REFORM, leaf.spec.opened_on)
        years = (self.today - opened).days / 365.25
        roll = self.rng.random() * (1 + ADMISSIONS * years)
        if roll < ADMISSIONS * years:
            return self._newcomer(leaf, self._day(opened, self.today))
        if roll < (ADMISSIONS + RECEIVED) * years:
            return self._received(leaf, self._day(opened, self.today))
        m = demo._member(self.rng, leaf.spec, opened - timedelta(days=1), self.home)
        p = _Person(self._row(m), opened, Membership.Reason.REGISTERED, m.admitted_on, m.ceremony_on,
                    m.official_on, m.official_on)  # fmt: skip
        eve, milestones = opened - timedelta(days=1), self.rules["milestones"]
        if m.official_on is not None and eve.year - m.admitted_on.year >= milestones[0]:
            # Badges from the records, each handed on the first occasion after it was due; the latest sometimes
            # still pending (as in the demo), to be handed on an occasion after the reform.
            for milestone in milestones:
                day = self.occasion(_years_later(m.admitted_on, milestone))
                if day > eve or (day >= add_months(opened, -6) and self.rng.random() < 0.5):
                    break
                p.badges.append((milestone, day))
        return p

    def _newcomer(self, leaf: _Leaf, admitted: date) -> _Person:
        """Admitted at 18 to 45, younger in the villages; the ceremony a week to a month later."""
        rng, spec = self.rng, leaf.spec
        _male, sex, minority, ethnic = demo._who(rng, spec)
        age = rng.triangular(18.5, 45, 23) if leaf.group == "resident" else rng.triangular(22, 40, 26)
        birth = admitted - timedelta(days=int(age * 365.25))
        m = demo.MemberSpec(
            org_code=spec.code,
            full_name=names.person_name(rng, sex=sex, birth_year=birth.year, ethnic_group=ethnic),
            sex=sex, birth_date=birth, ethnic_group=ethnic,
            education=demo._education(rng, birth.year, leaf.group, minority),
            status=Status.PROBATIONARY, admitted_on=admitted, official_on=None,
            dossier=demo._dossier(rng, spec, birth.year, self.home),
        )  # fmt: skip
        ceremony = admitted + timedelta(days=rng.randint(7, 30))
        return _Person(self._row(m), admitted, Membership.Reason.ADMITTED, admitted,
                       ceremony if ceremony <= self.today else None, None, None)  # fmt: skip

    def _received(self, leaf: _Leaf, arrival: date) -> _Person:
        """An official member arriving with their letter, as member_receive enters them."""
        m = demo._member(self.rng, leaf.spec, arrival - timedelta(days=1), self.home)
        while m.official_on is None:
            m = demo._member(self.rng, leaf.spec, arrival - timedelta(days=1), self.home)
        return _Person(self._row(m), arrival, Membership.Reason.TRANSFER, m.admitted_on, None, m.official_on, arrival)

    def _row(self, m: demo.MemberSpec) -> dict[str, Any]:
        rng, full_name = self.rng, m.full_name
        if m.ethnic_group in SURNAMES and rng.random() < 0.7:
            full_name = f"{rng.choice(SURNAMES[m.ethnic_group])} {full_name.split(' ', 1)[1]}"
        religion = RELIGION_BY_GROUP.get(m.ethnic_group, self.religion)
        self.dossiers += 1
        return {
            "full_name": full_name, **name_fields(full_name), "sex": m.sex, "birth_date": m.birth_date,
            "ethnic_group": m.ethnic_group, "education": m.education, **m.dossier,
            "religion": religion.pick(rng), "citizen_id": self._citizen_id(m.birth_date, m.sex),
            "dossier_number": f"{self.code}-{self.dossiers:07d}", "card_number": None, "card_issued_on": None,
        }  # fmt: skip

    def _citizen_id(self, birth: date, sex: str) -> str | None:
        """Unique in the nation: the birth province's old code, century and sex, the year, then a serial that a
        step prime to 10**6 makes look random without repeats. A few members lack one (the records' gaps)."""
        rng = self.rng
        if rng.random() < 0.03:
            return None
        place = rng.choice(OLD_PROVINCES[int(self.code)] if rng.random() < 0.9 else OLD_CODES)
        head = f"{place}{2 * ((birth.year - 1900) // 100) + (sex != 'male')}{birth.year % 100:02d}"
        n = self.citizen_ids.get(head, 0)
        if n >= 1_000_000:
            return None
        self.citizen_ids[head] = n + 1
        return f"{head}{(n * 510_511 + zlib.crc32(f'{self.seed}:{head}'.encode())) % 1_000_000:06d}"

    def _day(self, first: date, last: date) -> date:
        return first + timedelta(days=self.rng.randint(0, max(0, (last - first).days)))

    def _number(self, kind: str) -> str:
        return f"{self.rng.randint(1, 999)}-{kind}"

    # --- their life since -----------------------------------------------------------------------------------------

    def _life(self, leaf: _Leaf) -> tuple[dict[str, Any], list[tuple], list[tuple]]:
        p = self._person(leaf)
        story = _Story(leaf.id, self.today)
        recognition = self._ending(p, story)  # first: what ends the stay cuts the past short
        self._past(p, story)
        self._move(leaf, p, story)
        if recognition:  # recorded when decided, where the member is that day, dated to the end of probation
            p.official, p.official_from = recognition
            story.add(p.official, EventKind.RECOGNIZED, org=story.org_on(p.official_from),
                      decision=self._number("QĐ/ĐU"), decided=p.official_from)  # fmt: skip
        gaps = []
        if story.move:
            letter, arrival, cell = story.move
            present_by = add_working_days(letter, self.rules["present_days"], self.holidays)
            story.add(letter, EventKind.TRANSFER_OUT, org=leaf.id, other=cell.id, decision=self._number("GGT/ĐU"),
                      data={"outside": False, "destination": "", "present_by": present_by.isoformat()})  # fmt: skip
            if arrival <= self.today:
                data = {"from": leaf.spec.code, "present_by": present_by.isoformat(), "late": arrival > present_by}
                story.add(arrival, EventKind.TRANSFER_IN, data=data)
                if arrival > present_by:  # only the time beyond the letter's deadline is a gap (rules.derive)
                    gaps.append(Gap("transfer_gap", present_by, arrival))
        party_age_from = party_age_start(p.admitted, gaps, self.today) if gaps else p.admitted
        self._card(p, story)
        awarded = self._badges(p, story, party_age_from)
        exempted = self._exemption(p, story)
        if story.end:
            kind, day = story.end
            data, decision = {}, "" if kind == EventKind.DIED else self._number("QĐ/ĐU")
            if kind == EventKind.TRANSFER_OUT:  # to a central committee: the member leaves the provinces
                present_by = add_working_days(day, self.rules["present_days"], self.holidays)
                data = {"outside": True, "destination": self.rng.choice(CENTRAL), "present_by": present_by.isoformat()}
                decision = self._number("GGT/ĐU")
            story.add(day, kind, decision=decision, data=data, note=_NOTES.get(kind, ""))

        story.events.sort(key=lambda e: (e[0], _RANK[e[1]]))
        end_on = story.end[1] if story.end else None
        in_transit = story.in_transit(self.today)
        stays = [(leaf.id, p.since, story.move[0] if story.move else end_on, p.reason)]
        if story.move and not in_transit:
            stays.append((story.move[2].id, story.move[1], end_on, Membership.Reason.TRANSFER))
        status = _ENDED[story.end[0]] if story.end else Status.OFFICIAL if p.official_from else Status.PROBATIONARY
        p.row.update(
            org_id=leaf.id if in_transit else story.org_on(end_on or self.today), status=status,
            admitted_on=p.admitted, ceremony_on=p.ceremony, official_on=p.official, in_transit=in_transit,
            exempted=exempted, party_age_from=party_age_from, highest_badge=max(awarded, default=None),
            ended_on=end_on,
        )  # fmt: skip
        return p.row, story.events, stays

    def _past(self, p: _Person, story: _Story) -> None:
        """The events up to the first day of the stay: from the records, or the admission, or the arrival."""
        rules = self.rules
        if p.reason == Membership.Reason.REGISTERED:
            registered = {"registered": True}
            for on, kind in ((p.admitted, EventKind.ADMITTED), (p.ceremony, EventKind.CEREMONY),
                             (p.official, EventKind.RECOGNIZED)):  # fmt: skip
                if on:
                    story.add(on, kind, data=registered)
            for milestone, day in p.badges:
                story.add(day, EventKind.BADGE, data={"milestone": milestone, "registered": True})
        elif p.reason == Membership.Reason.ADMITTED:
            vote = p.admitted - timedelta(days=self.rng.randint(10, 45))
            deadline = add_working_days(vote, rules["decision_days"], self.holidays)
            story.add(p.admitted, EventKind.ADMITTED, decision=self._number("QĐ/ĐU"), decided=p.admitted, data={
                "vote_on": vote.isoformat(), "flags": [], "decision_deadline": deadline.isoformat()})  # fmt: skip
            if p.ceremony and not story.free(p.ceremony):
                p.ceremony = None  # the stay ended first
            if p.ceremony:
                due = add_working_days(p.admitted, rules["ceremony_days"], self.holidays)
                story.add(p.ceremony, EventKind.CEREMONY, data={"due": due.isoformat(), "flags": []})
        else:
            story.add(p.since, EventKind.TRANSFER_IN, decision=self._number("GGT/ĐU"), data={
                "outside": True, "origin": self.rng.choice(CENTRAL), "official": True,
                "admitted_on": p.admitted.isoformat(), "official_on": p.official.isoformat()})  # fmt: skip

    def _ending(self, p: _Person, story: _Story) -> tuple[date, date] | None:
        """How the stay ends, if it does, by the yearly rates; and the recognition of a probationary member at
        the end of the 12 months, decided a few weeks later (DOMAIN.md §1.2), which a few fail. Returns the
        recognition in the stay, (official on, decided on), if there is one."""
        rng, today = self.rng, self.today
        years = (today - p.since).days / 365.25
        age = (today - p.row["birth_date"]).days / 365.25
        chances = [(EventKind.DIED, 1 - (1 - _death_rate(age)) ** years),
                   *((kind, _chance(rate, years)) for kind, rate in ENDINGS),
                   (EventKind.TRANSFER_OUT, _chance(MOVED_OUT, years))]  # fmt: skip
        u = rng.random()
        for kind, chance in chances:
            if u < chance:
                story.end = (kind, self._day(p.since, today))
                break
            u -= chance
        recognition, official_from = None, p.official_from
        if p.official is None and p.ceremony is not None:
            official = add_months(p.ceremony, self.rules["probation_months"])
            decided = max(official, p.since) + timedelta(days=rng.randint(5, 45))
            if story.free(decided):
                if rng.random() < 0.02:
                    story.end = (EventKind.PROBATION_REMOVED, decided)
                else:
                    recognition, official_from = (official, decided), decided
        officials_only = (EventKind.REMOVED, EventKind.EXPELLED, EventKind.LEFT)
        if story.end and story.end[0] in officials_only and not (official_from and official_from <= story.end[1]):
            story.end = None
        return recognition

    def _move(self, leaf: _Leaf, p: _Person, story: _Story) -> None:
        """A transfer to a cell of the same kind, in the same commune or bloc half the time, else anywhere in
        the province (people move house or job, not trade): most arrive within the time the letter allows."""
        rng = self.rng
        if rng.random() >= _chance(TRANSFERS, (self.today - p.since).days / 365.25):
            return
        letter = self._day(p.since + timedelta(days=1), self.today)
        arrival = letter + timedelta(days=rng.randint(40, 120) if rng.random() < 0.1 else rng.randint(3, 35))
        cells = self.by_unit[leaf.unit, leaf.group] if rng.random() < 0.5 else self.by_group[leaf.group]
        cell = rng.choice(cells)
        ends_after = story.end is None or arrival < story.end[1]  # no one dies between two cells here
        if cell is not leaf and cell.spec.opened_on <= letter and story.free(letter) and ends_after:
            story.move = (letter, arrival, cell)

    def _card(self, p: _Person, story: _Story) -> None:
        """The card of the 2025 exchange, or the first card a few weeks after recognition (official only)."""
        rng = self.rng
        if p.official_from is None or rng.random() >= 0.96:
            return
        exchange = CARD_EXCHANGE + timedelta(days=rng.randint(0, 14))
        day = max(p.official_from + timedelta(days=rng.randint(20, 60)), exchange, p.since)
        if story.in_transit(day):
            day = story.move[1] + timedelta(days=rng.randint(5, 20))
        if story.free(day):
            self.cards += 1
            number = f"{self.code}{self.cards * 7_919_993 % 10_000_000:07d}"  # a step prime to 10**7: no repeats
            p.row.update(card_number=number, card_issued_on=day)
            story.add(day, EventKind.CARD, data={"card_number": number, "previous": None})

    def _badges(self, p: _Person, story: _Story, party_age_from: date) -> list[int]:
        """The badges from the records, and those handed since on the first occasion after they fell due."""
        awarded = [milestone for milestone, _day in p.badges]
        for milestone in self.rules["milestones"]:
            if self.today.year - party_age_from.year < milestone:
                break
            if milestone in awarded or p.official_from is None:
                continue
            day = self.occasion(max(_years_later(party_age_from, milestone), p.since))
            if not p.official_from <= day <= self.today:
                continue
            if story.free(day) and self.rng.random() < 0.95:
                awarded.append(milestone)
                story.add(day, EventKind.BADGE, decision=self._number("QĐ/TU"),
                          data={"milestone": milestone, "seriously_ill": False})  # fmt: skip
        return awarded

    def _exemption(self, p: _Person, story: _Story) -> bool:
        """A quarter of the members past 75 are exempted from work and activity (DOMAIN.md §1.6)."""
        old = _years_later(p.row["birth_date"], 75)
        if old > self.today or self.rng.random() >= 0.25:
            return False
        day = self._day(max(old, p.since), self.today)
        if not story.free(day):
            return False
        story.add(day, EventKind.EXEMPTED, data={"until": None}, note="Tuổi cao, sức khỏe yếu")
        return True


# --- The whole nation --------------------------------------------------------------------------------------------


def _rules(today: date) -> dict[str, Any]:
    """The thresholds the generated events follow, from the rule table in force (read once)."""
    r = rules_in_force(today)
    return {
        "probation_months": r["probation.months"],
        "present_days": r["transfer.present_working_days"],
        "decision_days": r["admission.decision_working_days"],
        "ceremony_days": r["admission.ceremony_working_days"],
        "milestones": sorted(r["badge.milestones_years"]),
        "occasions": r["badge.occasions"],
    }


def database_size_mb() -> float:
    """The database's size: on SQLite its pages (the file, once the write-ahead log is folded back into it),
    on PostgreSQL what pg_database_size reports."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_database_size(current_database())")
            size = cursor.fetchone()[0]
        else:
            if not connection.in_atomic_block:
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            cursor.execute("PRAGMA page_count")
            pages = cursor.fetchone()[0]
            cursor.execute("PRAGMA page_size")
            size = pages * cursor.fetchone()[0]
    return size / 1024 / 1024


def generate_nation(
    *,
    members: int = DEFAULT_MEMBERS,
    provinces: int = 34,
    seed: int = 1,
    today: date | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Build the first `provinces` provinces (by code) and `members` members shared among their cells, into a
    database without members or orgs (else DomainError); `tochuc generate` and the benchmarks call it.

    Returns the rows written by table ("orgs", "members", "events", "memberships"), the "active" members, all
    the "rows" written, the "seconds" taken, the "rate" (rows a second) and the database's "size_mb"."""
    started = time.monotonic()
    today = today or timezone.localdate()
    report = progress or (lambda *_args: None)
    everywhere = sorted(Province.iter_all(), key=lambda p: int(p.code))
    if not 1 <= provinces <= len(everywhere):
        raise DomainError(f"Số tỉnh, thành phố phải từ 1 đến {len(everywhere)}.", field="provinces")
    if members < 0:
        raise DomainError("Số đảng viên không được âm.", field="members")
    if today < REFORM:
        raise DomainError(f"Ngày hôm nay phải từ {REFORM:%d/%m/%Y}, ngày các tỉnh, xã mới bắt đầu.", field="today")
    held = (Member.objects.count(), Org.objects.count())
    if any(held):
        raise DomainError(
            f"Cơ sở dữ liệu đã có {demo.fmt_int(held[0])} đảng viên, {demo.fmt_int(held[1])} tổ chức đảng: lệnh "
            "chỉ tạo dữ liệu vào một cơ sở dữ liệu mới. Hãy trỏ DATABASE_URL tới một cơ sở dữ liệu trống, chạy "
            "`tochuc migrate`, rồi chạy lại."
        )
    rules = _rules(today)
    holidays = holidays_between(REFORM - timedelta(days=60), today + timedelta(days=400))

    plans = []
    for i, info in enumerate(everywhere[:provinces], start=1):
        plans.append(_plan(info, seed=seed, today=today))
        report("Tổ chức", i, provinces)
    # The members are shared among all the cells by their plausible sizes: a province's share follows its
    # communes, how urban they are, and its agencies.
    quotas = iter(demo._allocate(members, [o.weight for plan in plans for o in plan.leaves]))
    for plan in plans:
        plan.quotas = [next(quotas) for _leaf in plan.leaves]

    w, done, active = _Writer(), 0, 0
    with transaction.atomic():
        ids = [_write_tree(w, plan) for plan in plans]
    with _generated_elsewhere(plans, ids, seed=seed, today=today, rules=rules, holidays=holidays) as batches:
        for _province in plans:
            with transaction.atomic():  # a province's members at a time: bounded transactions
                for batch in iter(batches.__next__, None):
                    active += _write_members(w, batch)
                    done += len(batch)
                    report("Đảng viên", done, members)
    counts = {"orgs": w.counts[Org], "members": w.counts[Member], "events": w.counts[MemberEvent],
              "memberships": w.counts[Membership]}  # fmt: skip
    audit_record(
        actor=None,
        action="demo.generate",
        obj=Org.objects.get(code=plans[0].names.code),
        changes={k: {"before": None, "after": v} for k, v in
                 {**counts, "provinces": [p.names.code for p in plans], "seed": seed, "today": today}.items()},
        note=f"Dữ liệu tổng hợp toàn quốc: {len(plans)} tỉnh, thành phố; {demo.fmt_int(members)} đảng viên.",
    )  # fmt: skip
    rows = sum(w.counts.values()) + 1  # and the audit event
    seconds = time.monotonic() - started
    return {**counts, "active": active, "provinces": len(plans), "rows": rows, "seconds": seconds,
            "rate": rows / seconds, "size_mb": database_size_mb(), "database": connection.vendor}  # fmt: skip


Batch = list[tuple[dict[str, Any], list[tuple], list[tuple]]]  # (Member columns, events, stays) of members


def _batches(plans: Sequence[_Plan], ids: Sequence[dict[str, int]], **context: Any) -> Iterator[Batch | None]:
    """The members of each province in batches, then None."""
    citizen_ids: dict[str, int] = {}
    for plan, plan_ids in zip(plans, ids, strict=True):
        lives = iter(_Members(plan, plan_ids, citizen_ids=citizen_ids, **context))
        while batch := list(islice(lives, BATCH)):
            yield batch
        yield None


def _send(queue: multiprocessing.Queue, writer: int, *args: Any, **context: Any) -> None:
    """The child's work: `_batches` into the queue, or the error that stopped them. It stops when the writer is
    gone (killed without the chance to stop it) rather than wait on a full queue forever."""
    try:
        for item in _batches(*args, **context):
            while True:
                try:
                    queue.put(item, timeout=1)
                    break
                except Full:
                    if os.getppid() != writer:
                        queue.cancel_join_thread()  # exit now: what is left in the queue is for no one
                        return
    except BaseException as e:  # the writer raises it
        queue.put(e)


@contextmanager
def _generated_elsewhere(
    plans: Sequence[_Plan], ids: Sequence[dict[str, int]], **context: Any
) -> Iterator[Iterator[Batch | None]]:
    """`_batches`, made by a child process while this one writes them: making the members takes about a third
    of the work, writing the rest, and the two overlap. The child only computes (it never touches the
    database); a few batches wait in the queue at most. Where processes cannot fork, made here in turn."""
    if "fork" not in multiprocessing.get_all_start_methods():
        yield _batches(plans, ids, **context)
        return
    fork = multiprocessing.get_context("fork")
    queue = fork.Queue(maxsize=3)
    child = fork.Process(target=_send, args=(queue, os.getpid(), plans, ids), kwargs=context, daemon=True)
    child.start()

    def received() -> Iterator[Batch | None]:
        while True:
            try:
                item = queue.get(timeout=1)
            except Empty:
                if not child.is_alive():
                    raise RuntimeError("the process making the members stopped") from None
                continue
            if isinstance(item, BaseException):
                raise item
            yield item

    try:
        yield received()
    finally:
        child.terminate()
        child.join()


def _write_members(w: _Writer, batch: Batch) -> int:
    """A batch of members, then their events and stays under the ids the members were given; returns how
    many are active (counted in their cell's membership)."""
    first = w.insert_numbered(Member, [row for row, _events, _stays in batch])
    events, stays = [], []
    for pk, (_row, member_events, member_stays) in enumerate(batch, start=first):
        events += [{"member_id": pk, "kind": kind, "on": on, "org_id": org, "other_org_id": other,
                    "decision_no": decision, "decided_on": decided, "data": data, "note": note}
                   for on, kind, org, other, decision, decided, data, note in member_events]  # fmt: skip
        stays += [{"member_id": pk, "org_id": org, "valid_from": start, "valid_to": end, "reason": reason}
                  for org, start, end, reason in member_stays]  # fmt: skip
    w.insert(MemberEvent, events)
    w.insert(Membership, stays)
    return sum(row["status"] in ACTIVE_STATUSES and not row["in_transit"] for row, _events, _stays in batch)
