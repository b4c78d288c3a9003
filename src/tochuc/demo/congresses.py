"""The demo's congresses of the 2025-2030 term (Chỉ thị 45-CT/TW; DOMAIN.md §4): the grassroots in April-June
2025 (the agency cells the new communes formed on 1/7/2025 in July, at number I), the cells under a grassroots
committee for 2025-2027 with their mid-term 2027-2030 congress planned, the communes, wards and the special
zone in July-August 2025 (number I) and the province's "lần thứ I" on 3-5/10/2025 with its seats shared
among the communes and its delegates; personnel plans, nominations and tallied elections in a few communes
(one tie sent to a second round); the communes' elected committees, the province's appointed one, a couple
of by-elections. Written in bulk with the ORM (one audit event); the same seed gives the same records."""

from __future__ import annotations

import math
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from django.db.models import Q
from django.utils import timezone

from tochuc.cadres.choices import TenureSource, Title
from tochuc.cadres.models import Tenure
from tochuc.cadres.rules import retirement_date
from tochuc.congresses import rules as congress_rules
from tochuc.congresses.choices import (
    Body,
    CongressKind,
    CongressStatus,
    Credentials,
    DelegateKind,
    ElectionStatus,
    EntryMode,
    NominationSource,
    Origin,
    PlanStatus,
)
from tochuc.congresses.models import (
    Candidate,
    CommitteeMembership,
    Congress,
    Delegate,
    Election,
    Nomination,
    PersonnelPlan,
    SeatAllocation,
)
from tochuc.congresses.rules_personnel import PersonnelParams, max_list, prepared_range
from tochuc.congresses.services.elections import candidate_keys
from tochuc.congresses.tally import Totals, tally
from tochuc.core.audit import audit_record
from tochuc.core.rules import rules_in_force
from tochuc.core.text import person_sort_key
from tochuc.members.choices import Status
from tochuc.members.models import Member
from tochuc.orgs.models import SEGMENT, Org, OrgType, Sector

from .province import DONG_HA, MERGED_ON

TERM = "2025-2030"
CELL_TERMS = ("2025-2027", "2027-2030")  # a cell under a grassroots committee holds two congresses in a term
# 45-CT/TW: ages are counted at the end of April (grassroots), June (committees directly above the grassroots:
# the provincial blocs), July (communes, wards, the special zone) and September 2025 (the province).
REFERENCE = {
    "grassroots": date(2025, 4, 30),
    "bloc": date(2025, 6, 30),
    "commune": date(2025, 7, 31),
    "province": date(2025, 9, 30),
}
PROVINCE_HELD = (date(2025, 10, 3), date(2025, 10, 5))
COMMUNE_CONGRESSES = date(2025, 7, 18)  # as the cadre work's demo dates the communes' congresses
# The real Quảng Trị congress: 448 delegates for about 129,000 members; its committee of 62, 17 in the
# standing committee, the secretary and 4 deputies, appointed by the Politburo (DOMAIN.md §4.2, §4.3).
REAL_DELEGATES, REAL_MEMBERS = 448, 129_000
PROVINCE_COMMITTEE, PROVINCE_STANDING, PROVINCE_DEPUTIES = 62, 17, 4
BASE_SEATS = 2  # each commune, ward and bloc gets two seats, the rest goes by members
# A demo with fewer members than the real province keeps a congress worth holding: at least as many seats by
# members as by organization.
MIN_SEATS_PER_UNIT = 2 * BASE_SEATS
DELEGATES_FROM = 200  # a party organization of 200 members or more holds a delegates' congress
PLANNED_COMMUNES = 5  # communes whose personnel plan, nominations and elections are in the demo
PARTY_TITLES = (Title.SECRETARY, Title.DEPUTY_SECRETARY, Title.STANDING_MEMBER, Title.COMMITTEE_MEMBER)
ABSENCE_REASONS = [
    "Ốm đau, đang điều trị tại bệnh viện",
    "Đi công tác theo phân công của cấp ủy",
    "Việc gia đình đột xuất, được Đoàn Chủ tịch đồng ý",
]
WITHDRAW_REASON = "Có đơn xin rút khỏi danh sách ứng cử vì lý do sức khỏe, được Đoàn Chủ tịch chấp thuận"


@dataclass(eq=False)
class _Person:
    id: int
    name: str
    sex: str
    birth: date
    ethnic: str
    official: bool  # an official member taking part in the org's life: may vote, stand, be a delegate
    path: str
    org_id: int


@dataclass(eq=False)
class _Unit:
    """A commune, ward, the special zone or a provincial bloc: its congress and its people."""

    org: Org
    congress: Congress
    commune: bool
    people: list[_Person] = field(default_factory=list)
    # The committee elected at its congress: member id -> the titles (cadre work's posts) held.
    committee: dict[int, set[str]] = field(default_factory=dict)
    reelected: set[int] = field(default_factory=set)
    ended: dict[int, date] = field(default_factory=dict)  # left the committee during the term
    delegates: list[_Person] = field(default_factory=list)  # elected to the provincial congress


class _Seed:
    def __init__(self, *, root: Org, today: date, seed: int):
        self.root, self.today = root, today
        self.rng = random.Random(f"tochuc-demo:{seed}:congresses")
        self.params = PersonnelParams.from_rules(rules_in_force(today))
        self.congresses: list[list[Congress]] = [[], [], [], []]  # by level, written in this order
        self.allocations: list[SeatAllocation] = []
        self.delegates: list[Delegate] = []
        self.plans: list[PersonnelPlan] = []
        self.nominations: list[Nomination] = []
        self.elections: list[Election] = []
        self.candidates: list[tuple[Election, list[tuple[_Person, int]]]] = []
        self.memberships: list[CommitteeMembership] = []
        self.units: list[_Unit] = []
        self.numbers = Counter()
        self._retires: dict[tuple[int, int, str], date] = {}
        self.people = [
            _Person(r[0], r[1], r[2], r[3], r[4], r[5] == Status.OFFICIAL and not r[6], r[7], r[8])
            for r in Member.objects.active()
            .filter(org__path__under=root.path)
            .order_by("id")
            .values_list(
                "id", "full_name", "sex", "birth_date", "ethnic_group", "status", "lost_contact", "org__path", "org_id"
            )
        ]
        self.by_id = {p.id: p for p in self.people}
        self.counts: Counter[str] = Counter()  # members in each org's subtree, by path
        for p in self.people:
            for end in range(SEGMENT, len(p.path) + 1, SEGMENT):
                self.counts[p.path[:end]] += 1

    # --- helpers -------------------------------------------------------------------------------------------

    def day(self, start: date, end: date) -> date:
        return start if end <= start else start + timedelta(days=self.rng.randint(0, (end - start).days))

    def decision(self, suffix: str) -> str:
        self.numbers[suffix] += 1
        return f"{self.numbers[suffix] * 3 + 40}-{suffix}"

    def retires_on(self, p: _Person) -> date:
        key = (p.birth.year, p.birth.month, p.sex)
        if key not in self._retires:
            self._retires[key] = retirement_date(p.birth, p.sex, self.params.retirement_schedule)
        return self._retires[key]

    def eligible(self, p: _Person, reference: date, *, re_election: bool) -> bool:
        """Chỉ thị 45-CT/TW: 60 months of working time left at the reference date to join a committee for
        the first time, 48 to be re-elected; and an official member."""
        months = self.params.reelection_months if re_election else self.params.first_time_months
        return p.official and reference + relativedelta(months=months) <= self.retires_on(p)

    def kind(self, path: str) -> str:
        return CongressKind.DELEGATES if self.counts[path] >= DELEGATES_FROM else CongressKind.MEMBERS

    def congress(self, level: int, org: Org, term: str, number: int, held: tuple[date, date] | None, *,
                 reference: date | None, upper: Congress | None, status: str = CongressStatus.RESULTS_APPROVED,
                 planned: date | None = None) -> Congress:  # fmt: skip
        kind = self.kind(org.path)
        members = self.counts[org.path]
        c = Congress(org=org, term=term, number=number, kind=kind, reference_date=reference, upper=upper)
        if held is not None and held[1] <= self.today:
            c.status, c.held_from, c.held_to = status, held[0], held[1]
            # Most were held on the planned days; some a few days later than planned.
            late = self.rng.random() < 0.08
            c.planned_from = held[0] - timedelta(days=self.rng.randint(3, 12)) if late else held[0]
            c.planned_to = c.planned_from + (held[1] - held[0])
        else:
            c.status = CongressStatus.PLANNED
            c.planned_from = planned or (held[0] if held else self.today)
            c.planned_to = c.planned_from + ((held[1] - held[0]) if held else timedelta(0))
        if kind == CongressKind.DELEGATES:
            c.delegate_seats = min(200, max(60, members // 3), members)
        self.congresses[level].append(c)
        return c

    def summoned(self, c: Congress, unit: _Unit) -> int:
        if c.kind == CongressKind.DELEGATES:
            return c.delegate_seats or 0
        return sum(1 for p in unit.people if p.official)

    # --- the congresses ------------------------------------------------------------------------------------

    def build_congresses(self) -> None:
        rng, root = self.rng, self.root
        province = self.congress(0, root, TERM, 1, PROVINCE_HELD, reference=REFERENCE["province"], upper=None)
        province.kind = CongressKind.DELEGATES
        province.note = (
            "Đại hội đại biểu Đảng bộ tỉnh lần thứ I, nhiệm kỳ 2025-2030, của Đảng bộ tỉnh hợp nhất từ ngày "
            "1/7/2025. Ban Chấp hành, Ban Thường vụ, Bí thư và các Phó Bí thư do Bộ Chính trị chỉ định."
        )
        self.province = province
        orgs = list(
            Org.objects.filter(path__under=root.path, depth__gt=root.depth, opened_on__lte=MERGED_ON)
            .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=date(2025, 7, 1)))
            .order_by("path")
        )
        self.sector_of = {o.path: o.sector for o in orgs}
        dated = self._commune_days()
        units: dict[str, _Unit] = {}
        for org in orgs:
            if org.parent_id != root.pk or org.org_type != OrgType.UPPER_GRASSROOTS_COMMITTEE or not org.is_open:
                continue
            commune = org.sector == Sector.COMMUNE
            if commune:
                last = dated.get(org.pk) or self.day(COMMUNE_CONGRESSES, COMMUNE_CONGRESSES + timedelta(days=40))
            else:
                last = self.day(date(2025, 8, 5), date(2025, 8, 25))
            ref = REFERENCE["commune" if commune else "bloc"]
            c = self.congress(1, org, TERM, 1, (last - timedelta(days=1), last), reference=ref, upper=province)
            units[org.path] = _Unit(org=org, congress=c, commune=commune)
        for p in self.people:
            unit = units.get(p.path[: 2 * SEGMENT])
            if unit is not None:
                unit.people.append(p)
        self.units = list(units.values())
        communes = [u for u in self.units if u.commune]
        if communes:  # the pilot: the first commune to hold its congress
            first = min(communes, key=lambda u: (u.congress.held_from or date.max, u.org.path))
            first.congress.pilot = True

        # Grassroots committees and cells: April-June 2025; the agency cells formed with the new communes on
        # 1/7/2025, and the provincial blocs' organizations formed with the merged province, at number I in
        # July. Then the cells under a grassroots committee, for 2025-2027 before their committee.
        held_at: dict[int, tuple[Congress, date]] = {}
        grassroots = [o for o in orgs if o.org_type in (OrgType.GRASSROOTS_COMMITTEE, OrgType.GRASSROOTS_CELL)]
        pilots = set(rng.sample(range(len(grassroots)), min(len(grassroots), max(1, len(grassroots) // 300))))
        for i, org in enumerate(grassroots):
            unit = units.get(org.path[: 2 * SEGMENT])
            if unit is None or unit.congress.held_from is None:
                continue
            new = not unit.commune or org.sector in (Sector.PARTY_AGENCY, Sector.STATE_AGENCY)
            if new:
                last = self.day(date(2025, 7, 2), min(date(2025, 7, 15), unit.congress.held_from - timedelta(1)))
                number = 1
            else:
                last = self.day(date(2025, 4, 2), date(2025, 4, 12)) if i in pilots else self.day(
                    date(2025, 4, 14), date(2025, 6, 25))  # fmt: skip
                number = self._number(org)
            one_day = self.kind(org.path) == CongressKind.MEMBERS
            held = (last if one_day else last - timedelta(days=1), last)
            c = self.congress(2, org, TERM, number, held, reference=REFERENCE["grassroots"], upper=unit.congress)
            c.pilot = i in pilots and not new
            held_at[org.pk] = (c, held[0])
        waiting = [c for c in self.congresses[2] if not c.pilot and c.held_from and c.held_from.month == 6]
        for c in rng.sample(waiting, min(len(waiting), 3)):
            c.status = CongressStatus.HELD  # held, the upper committee has not approved the results yet
        by_path = {o.path: o for o in orgs}
        for org in orgs:
            if org.org_type not in (OrgType.CELL, OrgType.SUB_COMMITTEE):
                continue
            # The grassroots committee above (a cell may sit under a sub-committee).
            above = (by_path.get(org.path[:end]) for end in range(len(org.path) - SEGMENT, 0, -SEGMENT))
            upper = next((held_at[o.pk] for o in above if o is not None and o.pk in held_at), None)
            if upper is None:
                continue
            committee, before = upper
            new = committee.number == 1
            start = MERGED_ON if new else date(2025, 3, 2)
            last = self.day(max(start, before - timedelta(days=30)), max(start, before - timedelta(days=2)))
            number = 1 if new else max(1, committee.number * 2 + rng.randint(-6, 2))
            self.congress(3, org, CELL_TERMS[0], number, (last, last), reference=REFERENCE["grassroots"],
                          upper=committee)  # fmt: skip
            if rng.random() < 0.4:
                planned = self.day(date(2027, 3, 15), date(2027, 5, 20))
                self.congress(3, org, CELL_TERMS[1], number + 1, None, reference=None, upper=None, planned=planned)

    def _number(self, org: Org) -> int:
        """Plausible numbers for organizations older than the merger: village cells have held congresses
        since the war years (twice a term while they sat under a commune's grassroots committee), schools
        and health stations since they opened, enterprises since they were equitized."""
        r = self.rng.randint
        if org.sector == Sector.RESIDENTIAL:
            return r(14, 30)
        if org.sector == Sector.PUBLIC_SERVICE:
            return r(6, 16)
        if org.sector in (Sector.POLICE, Sector.MILITARY):
            return r(2, 9)
        if org.sector in (Sector.STATE_ENTERPRISE, Sector.NON_STATE_ENTERPRISE, Sector.FOREIGN_ENTERPRISE):
            return r(2, 7)
        return r(3, 12)

    def _commune_days(self) -> dict[int, date]:
        """The day each commune's committee was elected, as the cadre work's demo recorded it (the term start
        of the secretary's post), so that both modules tell the same story."""
        rows = Tenure.objects.filter(
            post__org__parent=self.root, post__title=Title.SECRETARY, post__term_start__isnull=False
        ).values_list("post__org_id", "post__term_start")
        return dict(rows)

    # --- committees ------------------------------------------------------------------------------------

    def committees(self) -> None:
        """Who was elected to each commune's committee: the holders of its party posts on the congress's last
        day in the cadre work (those designated on 1/7/2025 and elected again stood for re-election); where
        there is no cadre work, eligible members of the commune."""
        held: dict[int, list[tuple]] = defaultdict(list)
        rows = Tenure.objects.filter(
            post__org__parent=self.root, post__title__in=PARTY_TITLES, cadre__member_id__isnull=False
        ).values_list("post__org_id", "post__title", "cadre__member_id", "started_on", "ended_on", "source")
        for row in rows:
            held[row[0]].append(row[1:])
        for unit in self.units:
            c = unit.congress
            if not unit.commune or c.held_to is None:
                continue
            elected_on = c.held_to
            for title, member_id, started, ended, source in held.get(unit.org.pk, ()):
                p = self.by_id.get(member_id)
                # A seat on the committee is for an official member of the commune (a cadre rotated in from
                # the province keeps their party activity there).
                if p is None or not p.official or not p.path.startswith(unit.org.path):
                    continue
                if started <= elected_on and (ended is None or ended > elected_on):
                    unit.committee.setdefault(member_id, set()).add(title)
                    if ended is not None:
                        unit.ended[member_id] = min(ended, unit.ended.get(member_id, ended))
                elif ended == elected_on and source == TenureSource.DESIGNATED:
                    unit.reelected.add(member_id)
            if not unit.committee:
                self._pick_committee(unit)

    def _pick_committee(self, unit: _Unit) -> None:
        rng, ref = self.rng, unit.congress.reference_date
        pool = [p for p in unit.people if self.eligible(p, ref, re_election=False)]
        pool.sort(key=lambda p: (p.birth, p.id))
        size = min(len(pool), rng.randint(15, 21), max(3, len(unit.people) // 3))
        chosen = sorted(rng.sample(pool[: max(size, len(pool) * 2 // 3)], size), key=lambda p: p.id)
        for i, p in enumerate(chosen):
            title = (Title.SECRETARY if i == 0 else Title.DEPUTY_SECRETARY if i < 3
                     else Title.STANDING_MEMBER if i < 3 + size // 4 else Title.COMMITTEE_MEMBER)  # fmt: skip
            unit.committee[p.id] = {title}
            if rng.random() < 0.6:
                unit.reelected.add(p.id)

    def commune_memberships(self, elections: dict[int, dict[int, Election]]) -> None:
        """The communes' committees for 2025-2030, elected at the congress and approved (chuẩn y) by the
        province's standing committee: the whole committee, the standing committee, the secretary and the
        deputy secretaries (elected by the new committee's first meeting)."""
        for unit in self.units:
            c = unit.congress
            if not unit.committee or c.held_to is None:
                continue
            approval = self.decision("QĐ/TU")
            elected_by = elections.get(id(unit), {})
            for member_id, titles in sorted(unit.committee.items()):
                bodies = [Body.COMMITTEE]
                if titles & {Title.SECRETARY, Title.DEPUTY_SECRETARY, Title.STANDING_MEMBER}:
                    bodies.append(Body.STANDING)
                if Title.SECRETARY in titles:
                    bodies.append(Body.SECRETARY)
                if Title.DEPUTY_SECRETARY in titles:
                    bodies.append(Body.DEPUTY_SECRETARY)
                for body in bodies:
                    self.memberships.append(CommitteeMembership(
                        org=unit.org, member_id=member_id, body=body, term=TERM, origin=Origin.ELECTED,
                        started_on=c.held_to, ended_on=unit.ended.get(member_id),
                        election=elected_by.get(member_id) if body == Body.COMMITTEE else None, decision_no=approval,
                    ))  # fmt: skip

    def by_elections(self) -> None:
        """A seat on two communes' committees filled at a committee meeting in 2026 (bầu bổ sung)."""
        rng = self.rng
        communes = [u for u in self.units if u.commune and u.committee and u.congress.held_to]
        done = 0
        for unit in rng.sample(communes, len(communes)):
            on = self.day(date(2026, 4, 6), date(2026, 9, 28))
            if on > self.today or done == 2:
                break
            taken = set(unit.committee) | {p.id for p in unit.delegates}
            pool = [p for p in unit.people if p.id not in taken and self.eligible(p, on, re_election=False)]
            if not pool:
                continue
            p = rng.choice(pool)
            self.memberships.append(CommitteeMembership(
                org=unit.org, member_id=p.id, body=Body.COMMITTEE, term=TERM, origin=Origin.BY_ELECTION,
                started_on=on, decision_no=self.decision("QĐ/TU"),
            ))  # fmt: skip
            done += 1

    # --- the provincial congress ---------------------------------------------------------------------------

    def province_committee(self) -> list[tuple[_Person, str]]:
        """The committee the Politburo appointed for 2025-2030: the province's leaders of the cadre work,
        secretaries of the largest communes, leaders from the provincial blocs; (person, rank) where rank is
        secretary, deputy, standing or committee."""
        rng, on = self.rng, PROVINCE_HELD[0]
        total = sum(self.counts[u.org.path] for u in self.units)
        size = min(PROVINCE_COMMITTEE, max(3, total // 150))
        deputies = min(PROVINCE_DEPUTIES, max(1, size // 10))
        standing = max(deputies + 1, round(size * PROVINCE_STANDING / PROVINCE_COMMITTEE))
        chosen: list[tuple[_Person, str]] = []
        seen: set[int] = set()

        def add(p: _Person | None, rank: str) -> None:
            if p is not None and p.id not in seen and len(chosen) < size:
                seen.add(p.id)
                chosen.append((p, rank))

        leaders = (
            Tenure.objects.filter(post__org=self.root, post__title__in=PARTY_TITLES[:3], started_on__lte=on)
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on), cadre__member_id__isnull=False)
            .values_list("post__title", "cadre__member_id")
        )
        order = {Title.SECRETARY: 0, Title.DEPUTY_SECRETARY: 1, Title.STANDING_MEMBER: 2}
        for title, member_id in sorted(leaders, key=lambda r: (order[r[0]], r[1])):
            rank = {Title.SECRETARY: "secretary", Title.DEPUTY_SECRETARY: "deputy"}.get(title, "standing")
            if rank == "deputy" and sum(1 for _p, r in chosen if r == "deputy") >= deputies:
                rank = "standing"
            p = self.by_id.get(member_id)
            add(p if p is not None and p.official else None, rank)
        eligible = [p for p in self.people if self.eligible(p, REFERENCE["province"], re_election=False)]
        if not any(r == "secretary" for _p, r in chosen) and eligible:
            add(max(eligible, key=lambda p: (p.birth < date(1975, 1, 1), -p.birth.toordinal())), "secretary")
        # Secretaries of the largest communes, then members of the provincial blocs.
        communes = sorted((u for u in self.units if u.commune), key=lambda u: -self.counts[u.org.path])
        for unit in communes[: max(1, size // 3)]:
            secretary = next((m for m, t in sorted(unit.committee.items()) if Title.SECRETARY in t), None)
            add(self.by_id.get(secretary), "committee")
        # Then leaders from the provincial blocs and from the communes' agencies, never from a village cell.
        blocs = {u.org.path for u in self.units if not u.commune}
        working = (Sector.PARTY_AGENCY, Sector.STATE_AGENCY, Sector.POLICE, Sector.MILITARY, Sector.PUBLIC_SERVICE)
        rest = [p for p in eligible if p.path[: 2 * SEGMENT] in blocs and p.birth.year <= 1982]
        rest += [p for p in eligible if p.path[: 2 * SEGMENT] not in blocs and self.sector_of.get(p.path) in working]
        for p in rest:
            if len(chosen) >= size:
                break
            if rng.random() < 0.5:
                add(p, "committee")
        for p in rest + eligible:  # a small demo takes whom it has
            add(p, "committee")
        # The ranks: the deputies and the standing committee filled up from the first committee members.
        ranks = Counter(r for _p, r in chosen)
        out = []
        for p, r in chosen:
            if r == "committee" and ranks["deputy"] < deputies:
                r, ranks["deputy"] = "deputy", ranks["deputy"] + 1
            elif r == "committee" and ranks["deputy"] + ranks["standing"] + ranks["secretary"] < standing:
                r, ranks["standing"] = "standing", ranks["standing"] + 1
            out.append((p, r))
        return out

    def province_congress(self) -> None:
        rng, c = self.rng, self.province
        committee = self.province_committee()
        appointed = self.decision("QĐ/TW")
        for p, rank in committee if c.held_from is not None else ():
            bodies = [Body.COMMITTEE]
            if rank in ("secretary", "deputy", "standing"):
                bodies.append(Body.STANDING)
            if rank == "secretary":
                bodies.append(Body.SECRETARY)
            if rank == "deputy":
                bodies.append(Body.DEPUTY_SECRETARY)
            for body in bodies:
                self.memberships.append(CommitteeMembership(
                    org=self.root, member_id=p.id, body=body, term=TERM, origin=Origin.APPOINTED,
                    started_on=PROVINCE_HELD[0], decision_no=appointed,
                ))  # fmt: skip
        ex_officio: dict[str, list[_Person]] = defaultdict(list)
        for p, _rank in committee:
            ex_officio[p.path[: 2 * SEGMENT]].append(p)
        units = [u for u in self.units if u.congress.held_to is not None]
        members = {u.org.path: self.counts[u.org.path] for u in units}
        e = sum(len(v) for v in ex_officio.values())
        scaled = round(REAL_DELEGATES * sum(members.values()) / REAL_MEMBERS)
        seats = congress_rules.apportion(
            seats=max(scaled, e + MIN_SEATS_PER_UNIT * len(units)) - e, members=members, base_per_unit=BASE_SEATS
        )
        committee_ids = {p.id for p, _r in committee}
        total = 0
        for unit in units:
            path = unit.org.path
            pool = [p for p in unit.people if p.id not in committee_ids and p.official]
            # The commune's leaders first (its secretary and standing committee), then its members.
            first = [self.by_id[m] for m in sorted(unit.committee) if m not in committee_ids and m in self.by_id]
            others = [p for p in pool if p.id not in unit.committee]
            n = min(seats[path], len(pool))
            lead = first[: max(0, min(len(first), n // 3 + 1, n))]
            unit.delegates = lead + rng.sample(others, min(len(others), n - len(lead)))
            n = len(unit.delegates)
            self.allocations.append(SeatAllocation(
                congress=c, org=unit.org, members=members[path], seats=n, ex_officio=len(ex_officio[path]),
            ))  # fmt: skip
            total += n + len(ex_officio[path])
        c.delegate_seats = total

    def province_delegates(self) -> None:
        c = self.province
        if c.held_from is None:
            return
        rng = self.rng
        committee = {m.member_id for m in self.memberships if m.org is self.root and m.body == Body.COMMITTEE}
        for unit in self.units:
            if unit.congress.held_to is None:
                continue
            rows = [(p, DelegateKind.ELECTED) for p in unit.delegates]
            rows += [(p, DelegateKind.EX_OFFICIO) for p in unit.people if p.id in committee]
            for p, kind in rows:
                d = Delegate(congress=c, member_id=p.id, from_org=unit.org, kind=kind, credentials=Credentials.ACCEPTED)
                if kind == DelegateKind.ELECTED and rng.random() < 0.012:
                    d.absent, d.absence_excused, d.absence_reason = True, True, rng.choice(ABSENCE_REASONS)
                self.delegates.append(d)

    # --- plans, nominations, elections -------------------------------------------------------------------

    def elections_in_communes(self) -> dict[int, dict[int, Election]]:
        """Personnel plans, nominations and elections (committee, delegates to the provincial congress) in a
        few communes, Phường Đông Hà and the pilot first; one delegates' election tied at the last seat and
        decided by a second round. Returns, for each unit (by `id(unit)`), the committee election that elected
        each member."""
        rng = self.rng
        ready = [u for u in self.units if u.commune and u.committee and u.congress.held_to is not None]

        def ok(u: _Unit) -> bool:
            ref = u.congress.reference_date
            return all(self.eligible(self.by_id[m], ref, re_election=m in u.reelected) for m in u.committee)

        # The committee's list must be longer than its seats and at most 30% longer: four seats at least.
        ready = [u for u in ready if max_list(len(u.committee), self.params.max_surplus) > len(u.committee) and ok(u)]
        first = sorted(
            (u for u in ready if u.org.code.endswith(DONG_HA) or u.congress.pilot),
            key=lambda u: not u.org.code.endswith(DONG_HA),
        )
        chosen = first + rng.sample(
            [u for u in ready if u not in first], min(len(ready) - len(first), PLANNED_COMMUNES - len(first))
        )
        out: dict[int, dict[int, Election]] = {}
        tie_done = False
        for i, unit in enumerate(chosen[:PLANNED_COMMUNES]):
            c = unit.congress
            plan = PersonnelPlan(
                congress=c, committee_seats=len(unit.committee),
                standing_seats=sum(1 for t in unit.committee.values() if t & {Title.SECRETARY, Title.DEPUTY_SECRETARY,
                                                                             Title.STANDING_MEMBER}),
                deputy_secretaries=sum(1 for t in unit.committee.values() if Title.DEPUTY_SECRETARY in t),
                inspection_seats=rng.choice([3, 5, 5]), women_target=rng.choice([15, 20]), young_target=10,
                minority_target=round(100 * sum(p.ethnic != "Kinh" for p in unit.people) / max(1, len(unit.people))),
                status=PlanStatus.APPROVED, approved_on=c.held_from - timedelta(days=rng.randint(20, 35)),
            )  # fmt: skip
            self.plans.append(plan)
            winners = [self.by_id[m] for m in sorted(unit.committee)]
            out[id(unit)] = self.election(
                unit, plan, Body.COMMITTEE, winners, floor=i == 1, withdraw=i == 2, tie=not tie_done
            )
            tie_done = tie_done or any(e.round > 1 for e in out[id(unit)].values())
            if unit.delegates:
                self.election(unit, plan, Body.DELEGATES, unit.delegates)
        return out

    def election(self, unit: _Unit, plan: PersonnelPlan, body: str, winners: list[_Person], *, tie: bool = False,
                 floor: bool = False, withdraw: bool = False) -> dict[int, Election]:  # fmt: skip
        """One body's election at the congress, electing `winners` (a second round for the last seat when
        `tie`). Returns the election that elected each winner, by member id."""
        rng, c = self.rng, unit.congress
        seats = len(winners)
        ref = c.reference_date
        taken = set(unit.committee) | {p.id for p in unit.delegates} | {p.id for p in winners}
        if body == Body.COMMITTEE:
            pool = [p for p in unit.people if p.id not in taken and self.eligible(p, ref, re_election=False)]
        else:
            pool = [p for p in unit.people if p.id not in taken and p.official]
        lo, hi = prepared_range(seats, self.params.prepared_min, self.params.prepared_max)
        # The convening committee's surplus (10-15%), never past the cap (30%); the committee's list is longer
        # than its seats (190-QĐ/TW Art. 14).
        cap = max_list(seats, self.params.max_surplus) - seats
        wanted = rng.randint(min(lo, hi), max(lo, hi)) - seats
        extra = min(len(pool), cap, max(wanted, 1 if body == Body.COMMITTEE else 0))
        extras = rng.sample(pool, extra)
        floor_nominee = extras.pop() if floor and len(extras) > 1 else None
        if floor_nominee is not None and seats + len(extras) + 1 > max_list(seats, self.params.max_surplus):
            extras.append(floor_nominee)
            floor_nominee = None
        summoned = self.summoned(c, unit)
        present = summoned - rng.randint(0, min(3, summoned // 20))
        for p in winners + extras:
            self.nominations.append(Nomination(
                plan=plan, body=body, member_id=p.id, source=NominationSource.CONVENING,
                re_election=body == Body.COMMITTEE and p.id in unit.reelected,
            ))  # fmt: skip
        if floor_nominee is not None:
            self.nominations.append(Nomination(
                plan=plan, body=body, member_id=floor_nominee.id, source=NominationSource.FLOOR,
                support=math.floor(present * rng.uniform(0.34, 0.5)), present=present,
            ))  # fmt: skip
            extras.append(floor_nominee)
        remaining = [p for p in pool if p not in extras]
        if withdraw and remaining:
            gone = remaining[0]
            self.nominations.append(Nomination(
                plan=plan, body=body, member_id=gone.id, source=NominationSource.CONVENING,
                withdrawn_on=c.held_from, withdraw_reason=WITHDRAW_REASON,
            ))  # fmt: skip
        on = c.held_to
        absent_excused = summoned - present
        issued = present - rng.randint(0, 1 if present > 30 else 0)
        invalid = rng.randint(0, 2) if issued > 40 else 0
        valid = issued - invalid
        base = summoned - absent_excused
        need = base // 2 + 1
        if valid < need:
            raise RuntimeError(f"{c}: too few valid ballots to elect")  # pragma: no cover
        votes: dict[int, int] = {}
        for p in winners:
            votes[p.id] = rng.randint(max(need, round(valid * 0.7)), valid)
        low = min(votes.values())
        for p in extras:
            high = min(low - 1, round(valid * 0.55))
            votes[p.id] = rng.randint(min(round(valid * 0.2), high), high)
        tied: list[_Person] = []
        if tie and extras and valid >= max(20, need + 2):
            # The last winner and the best of the others drew at the last seat, both past the majority: a
            # second round between them.
            last = min(winners, key=lambda p: (votes[p.id], p.id))
            rival = extras[0]
            cutoff = min(valid - 1, need + rng.randint(0, max(0, (valid - need) // 4)))
            for p in winners:
                votes[p.id] = max(votes[p.id], cutoff + 1)
            for p in extras:
                votes[p.id] = min(votes[p.id], cutoff - 1)
            votes[last.id] = votes[rival.id] = cutoff
            tied = [last, rival]
        self._fit(votes, valid, seats, winners={p.id for p in winners}, keep={p.id for p in tied}, need=need)
        people = winners + extras
        names = self._names(people)
        result = tally(
            seats=seats, candidates=[names[p.id] for p in people], summoned=summoned, absent_excused=absent_excused,
            ballots_issued=issued, totals=Totals(issued, invalid, {names[p.id]: votes[p.id] for p in people}),
        )  # fmt: skip
        expected = {names[p.id] for p in winners if p not in tied}
        if set(result.elected) != expected or {names[p.id] for p in tied} != set(result.tied):
            raise RuntimeError(f"{c}: the tally does not elect the demo's winners")  # pragma: no cover
        e = self._election(c, body, 1, on, seats, summoned, absent_excused, issued, invalid, people, votes,
                           names)  # fmt: skip
        by = {p.id: e for p in winners}
        if tied:
            last, rival = tied
            issued2 = max(need, issued - rng.randint(0, 2))
            v_last = rng.randint(need, issued2)
            v_rival = rng.randint((issued2 - v_last) // 2, issued2 - v_last)  # one name kept at most
            votes2 = {last.id: v_last, rival.id: v_rival}
            result2 = tally(
                seats=1, candidates=[names[last.id], names[rival.id]], summoned=summoned,
                absent_excused=absent_excused, ballots_issued=issued2,
                totals=Totals(issued2, 0, {names[last.id]: v_last, names[rival.id]: v_rival}),
            )  # fmt: skip
            if result2.elected != [names[last.id]]:
                raise RuntimeError(f"{c}: the second round does not elect the demo's winner")  # pragma: no cover
            by[last.id] = self._election(c, body, 2, on, 1, summoned, absent_excused, issued2, 0,
                                         [last, rival], votes2, names)  # fmt: skip
        return by

    @staticmethod
    def _fit(votes: dict[int, int], valid: int, seats: int, *, winners: set[int], keep: set[int], need: int) -> None:
        """Each valid ballot keeps at most `seats` names: lower the others' totals, then the winners' from the
        top (never to the others' level nor below the majority), until the sum fits."""
        over = sum(votes.values()) - valid * seats
        for k in sorted((k for k in votes if k not in winners and k not in keep), key=lambda k: votes[k]):
            if over <= 0:
                break
            cut = min(over, votes[k])
            votes[k] -= cut
            over -= cut
        floor = max([need, *(votes[k] + 1 for k in votes if k not in winners)])
        for k in sorted((k for k in winners if k not in keep), key=lambda k: -votes[k]):
            if over <= 0:
                break
            cut = min(over, max(0, votes[k] - floor))
            votes[k] -= cut
            over -= cut
        if over > 0:
            raise RuntimeError("the demo's votes do not fit the ballots")  # pragma: no cover

    @staticmethod
    def _names(people: list[_Person]) -> dict[int, str]:
        """Names for checking the demo's votes with the tally (the stored result names them as the count does,
        see `_results`); namesakes are told apart by their member number."""
        seen = Counter(p.name for p in people)
        return {p.id: p.name if seen[p.name] == 1 else f"{p.name} [{p.id}]" for p in people}

    def _election(self, c: Congress, body: str, round_: int, on: date, seats: int, summoned: int,
                  absent_excused: int, issued: int, invalid: int, people: list[_Person],
                  votes: dict[int, int], names: dict[int, str]) -> Election:  # fmt: skip
        counted = timezone.make_aware(datetime.combine(on, time(16 if round_ == 1 else 18, 30)))
        e = Election(
            congress=c, body=body, round=round_, held_on=on, seats=seats, summoned=summoned,
            absent_excused=absent_excused, ballots_issued=issued, entry_mode=EntryMode.TOTALS, collected=issued,
            invalid=invalid, status=ElectionStatus.APPROVED, counted_at=counted,
            approved_on=min(on + timedelta(days=self.rng.randint(7, 20)), self.today),
        )  # fmt: skip
        self.elections.append(e)
        ordered = sorted(people, key=lambda p: (person_sort_key(p.name), p.id))
        self.candidates.append((e, [(p, votes[p.id]) for p in ordered]))
        return e

    # --- writing -------------------------------------------------------------------------------------------

    def _results(self) -> None:
        """Each election's result as the count (`services.elections.election_count`) keeps it: the tally's JSON
        with the seats, the candidates by the names the tally knew them by, and the members elected or tied."""
        by_election: dict[int, list[Candidate]] = defaultdict(list)
        rows = Candidate.objects.filter(election__in=self.elections).select_related("member", "member__org")
        for c in rows.order_by("election_id", "position"):
            by_election[c.election_id].append(c)
        for e in self.elections:
            candidates = by_election[e.pk]
            keys = candidate_keys(candidates)
            result = tally(
                seats=e.seats, candidates=[keys[c.pk] for c in candidates], summoned=e.summoned,
                absent_excused=e.absent_excused, ballots_issued=e.ballots_issued,
                totals=Totals(e.collected, e.invalid, {keys[c.pk]: c.votes for c in candidates}),
            )  # fmt: skip
            member_of = {keys[c.pk]: c.member_id for c in candidates}
            data = result.to_json()
            data["seats"] = e.seats
            data["candidates"] = [{"id": c.pk, "member": c.member_id, "name": keys[c.pk]} for c in candidates]
            data["elected_ids"] = [member_of[name] for name in result.elected]
            data["tied_ids"] = [member_of[name] for name in result.tied]
            e.result = data
        Election.objects.bulk_update(self.elections, ["result"], batch_size=200)

    def write(self) -> dict[str, int]:
        def bulk(model, rows):
            model.objects.bulk_create(rows, batch_size=500)

        for level in self.congresses:
            bulk(Congress, level)
        bulk(SeatAllocation, self.allocations)
        bulk(Delegate, self.delegates)
        bulk(PersonnelPlan, self.plans)
        bulk(Nomination, self.nominations)
        bulk(Election, self.elections)
        bulk(Candidate, [
            Candidate(election=e, member_id=p.id, position=i, votes=v)
            for e, rows in self.candidates for i, (p, v) in enumerate(rows, 1)
        ])  # fmt: skip
        self._results()
        bulk(CommitteeMembership, self.memberships)
        congresses = [c for level in self.congresses for c in level]
        held = [c for c in congresses if c.held_from is not None]
        counts = {
            "congresses": len(congresses),
            "held": len(held),
            "approved": sum(1 for c in congresses if c.status == CongressStatus.RESULTS_APPROVED),
            "awaiting_approval": sum(1 for c in congresses if c.status == CongressStatus.HELD),
            "planned": sum(1 for c in congresses if c.status == CongressStatus.PLANNED),
            "pilot": sum(1 for c in congresses if c.pilot),
            "delegates_kind": sum(1 for c in congresses if c.kind == CongressKind.DELEGATES),
            "communes": sum(1 for c in self.congresses[1] if c.org.sector == Sector.COMMUNE),
            "province_seats": self.province.delegate_seats or 0,
            "allocations": len(self.allocations),
            "delegates": len(self.delegates),
            "ex_officio": sum(1 for d in self.delegates if d.kind == DelegateKind.EX_OFFICIO),
            "absent": sum(1 for d in self.delegates if d.absent),
            "plans": len(self.plans),
            "nominations": len(self.nominations),
            "elections": len(self.elections),
            "second_rounds": sum(1 for e in self.elections if e.round > 1),
            "candidates": sum(len(rows) for _e, rows in self.candidates),
            "memberships": len(self.memberships),
            "appointed": sum(1 for m in self.memberships if m.origin == Origin.APPOINTED and m.body == Body.COMMITTEE),
            "by_elections": sum(1 for m in self.memberships if m.origin == Origin.BY_ELECTION),
        }
        audit_record(
            actor=None,
            action="demo.seed",
            obj=self.root,
            org_path=self.root.path,
            note="Đại hội",
            changes={k: {"before": None, "after": v} for k, v in counts.items()},
        )
        return counts


def seed_congresses(*, root: Org, today: date, seed: int = 1) -> dict[str, int]:
    """Seed the congresses of the 2025-2030 term under `root`, after the tree, the members and (when there is
    one) the cadre work, whose commune committees it follows; call it inside a transaction. Returns the
    figures written (see `_Seed.write`)."""
    s = _Seed(root=root, today=today, seed=seed)
    s.build_congresses()
    s.committees()
    s.province_congress()
    elections = s.elections_in_communes()
    s.commune_memberships(elections)
    s.by_elections()
    s.province_delegates()
    return s.write()
