"""The demo's cadre work. In every commune, ward and the special zone: the posts of the party committee, the
council, the people's committee, the Front, the mass organizations and the commune's agencies, held mostly by
party members of the commune (the secretary also chairs the council, a deputy secretary chairs the people's
committee), with the history since 1/7/2025 (designated when the commune was formed, then elected at the 2025
congress and by the council of 2026); the province's top posts; planning for 2025-2030 and 2030-2035;
appointments done and in progress; rotations and secondments; courses; three years of evaluations; a few
disciplines; the staff made surplus by the restructurings. Written in bulk with the ORM (one audit event for
the whole) keeping the invariants the services keep; the same seed gives the same records."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction

from dateutil.relativedelta import relativedelta

from tochuc.cadres import rules
from tochuc.cadres.choices import (
    AppointmentKind,
    AppointmentStatus,
    AttendanceResult,
    CadreKind,
    CadreStatus,
    CourseKind,
    DisciplineKind,
    Filling,
    MovementKind,
    ProcedureStep,
    Rating,
    Source,
    SurplusPolicy,
    SurplusStatus,
    TenureEnd,
    TenureSource,
    Title,
    title_body,
    title_rank,
)
from tochuc.cadres.models import (
    Appointment,
    AppointmentStep,
    Attendance,
    Cadre,
    Course,
    Discipline,
    Evaluation,
    Movement,
    PlanningEntry,
    Post,
    SurplusCase,
    Tenure,
)
from tochuc.core.audit import audit_record
from tochuc.core.rules import rules_in_force
from tochuc.core.text import fold, person_sort_key
from tochuc.members.choices import Qualification, Sex, StateManagementLevel, TheoryLevel
from tochuc.members.models import Member
from tochuc.orgs.models import SEGMENT, Org, OrgEvent, OrgType, Sector

from . import names
from .province import MERGED_ON, QUANG_TRI

TERM_NOW, TERM_NEXT = "2025-2030", "2030-2035"
COMMUNE_CONGRESSES = date(2025, 7, 18)  # the communes' party congresses for 2025-2030 ran from mid-July 2025
PROVINCE_CONGRESS = date(2025, 10, 5)
COUNCIL_SESSIONS = date(2026, 3, 24)  # first sessions of the councils elected on 15/3/2026
WORKING_SECTORS = (Sector.PARTY_AGENCY, Sector.STATE_AGENCY, Sector.POLICE, Sector.MILITARY, Sector.PUBLIC_SERVICE)
RATING_WEIGHTS = ((Rating.EXCELLENT, 20), (Rating.GOOD, 65), (Rating.COMPLETED, 13), (Rating.NOT_COMPLETED, 2))
KEY_TITLES = (
    Title.SECRETARY,
    Title.DEPUTY_SECRETARY,
    Title.COUNCIL_CHAIR,
    Title.GOVERNMENT_CHAIR,
    Title.GOVERNMENT_VICE_CHAIR,
    Title.FRONT_CHAIR,
    Title.AGENCY_HEAD,
)
DISCIPLINE_NOTES = [
    "Thiếu trách nhiệm trong quản lý đất đai, để xảy ra lấn chiếm đất công",
    "Vi phạm quy định về thu, chi ngân sách",
    "Chậm giải quyết hồ sơ thủ tục hành chính của công dân",
    "Thiếu kiểm tra, giám sát để xảy ra sai phạm trong hỗ trợ hộ nghèo",
]
WITHDRAW_REASONS = ["Nhân sự có đơn xin rút khỏi danh sách giới thiệu", "Nhân sự được điều động nhận nhiệm vụ khác"]


def _years_later(d: date, years: int) -> date:
    return d + relativedelta(years=years) - timedelta(days=1)


@dataclass(eq=False)
class _Person:
    cadre: Cadre
    retires_on: date
    unit: Org  # the commune or the province whose posts and planning the person belongs to
    tenures: list[Tenure] = field(default_factory=list)
    ratings: dict[int, str] = field(default_factory=dict)
    disciplines: list[Discipline] = field(default_factory=list)
    planned: list[PlanningEntry] = field(default_factory=list)

    def facts(self) -> list[rules.TenureFacts]:
        return [rules.TenureFacts(t.post.title, t.started_on, t.ended_on) for t in self.tenures]

    def holds(self, post: Post, on: date) -> bool:
        return any(t.post is post and t.started_on <= on and (t.ended_on is None or on < t.ended_on)
                   for t in self.tenures)  # fmt: skip


@dataclass(eq=False)
class _Unit:
    """A commune (or the province) being seeded: its posts by key, its people, the day planning was approved."""

    org: Org
    here: str
    posts: dict[str, Post] = field(default_factory=dict)
    people: list[_Person] = field(default_factory=list)
    staff: list[_Person] = field(default_factory=list)  # civil servants without a leadership post
    approved_on: date | None = None
    vacancy: str = ""  # "completed", "in_progress", "withdrawn", "refused", "open" for the culture office head
    rotation: bool = False  # the standing deputy secretary comes from the province (`rotations_and_secondments`)


class _Seed:
    def __init__(self, *, root: Org, today: date, seed: int):
        self.root, self.today = root, today
        self.rng = random.Random(f"tochuc-demo:{seed}:cadres")
        now = rules_in_force(today)
        self.schedule = now["retirement.schedule"]
        self.term_years = int(now["appointment.term_years"])
        self.appointment_params = rules.AppointmentParams.from_rules(now)
        self.planning_params = rules.PlanningParams.from_rules(now)
        self.people: list[_Person] = []
        self.posts: list[Post] = []
        self.tenures: list[Tenure] = []
        self.held: dict[int, list[Tenure]] = {}  # id(post) -> its tenures
        self.appointments: list[Appointment] = []
        self.steps: list[AppointmentStep] = []
        self.movements: list[Movement] = []
        self.planning: list[PlanningEntry] = []
        self.courses: list[Course] = []
        self.attendances: list[Attendance] = []
        self.cases: list[SurplusCase] = []
        self.units: list[_Unit] = []
        self.by_member: set[int] = set(Cadre.objects.filter(member__isnull=False).values_list("member_id", flat=True))
        self.citizen_ids: set[str] = set(
            Member.objects.filter(citizen_id__isnull=False).values_list("citizen_id", flat=True)
        ) | set(Cadre.objects.filter(citizen_id__isnull=False).values_list("citizen_id", flat=True))
        self.numbers = Counter()
        self._retirement: dict[tuple[int, int, str], date] = {}
        self.pools = self._pools()

    # --- people ---------------------------------------------------------------------------------------

    def _pools(self) -> dict[str, list[dict]]:
        """Active members under the root not yet in cadre work, by the path of their commune (or bloc),
        with their retirement day: those past it are no candidates for a working post."""
        depth_path = 2 * SEGMENT
        pools: dict[str, list[dict]] = {}
        rows = (
            Member.objects.active()
            .filter(org__path__under=self.root.path, org__depth__gte=2)
            .filter(birth_date__gt=self.today - relativedelta(years=63))
            .values(
                "id", "full_name", "sex", "birth_date", "ethnic_group", "citizen_id", "qualification",
                "qualification_field", "theory_level", "state_management", "work_unit", "org__path", "org__sector",
            )
            .order_by("id")
        )  # fmt: skip
        for row in rows:
            if row["id"] in self.by_member:
                continue
            row["retires_on"] = self.retires_on(row["birth_date"], row["sex"])
            if row["retires_on"] <= self.today:
                continue
            pools.setdefault(row["org__path"][:depth_path], []).append(row)
        return pools

    def retires_on(self, birth: date, sex: str) -> date:
        """The retirement day depends only on the month of birth (it is the last day of a month)."""
        key = (birth.year, birth.month, sex)
        if key not in self._retirement:
            self._retirement[key] = rules.retirement_date(birth, sex, self.schedule)
        return self._retirement[key]

    def _age(self, birth: date) -> int:
        today = self.today
        return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))

    def take(
        self,
        unit: _Unit,
        sectors: Iterable[str] = WORKING_SECTORS,
        *,
        sex: str | None = None,
        ages: tuple[int, int] = (28, 57),
        years_left: float = 1,
        retiring: tuple[date, date] | None = None,
        anywhere: bool = True,
    ) -> dict | None:
        """A member of the unit for a post: from the preferred sectors first, then (when `anywhere`) from any
        cell of the unit; with `years_left` before retirement (or retiring inside `retiring`)."""
        pool = self.pools.get(unit.org.path, [])
        sectors = tuple(sectors)

        def fits(row: dict) -> bool:
            if sex and row["sex"] != sex:
                return False
            if retiring is not None:
                return retiring[0] <= row["retires_on"] <= retiring[1]
            if not ages[0] <= self._age(row["birth_date"]) <= ages[1]:
                return False
            return row["retires_on"] >= self.today + timedelta(days=int(365 * years_left))

        for wanted in (sectors, None) if anywhere else (sectors,):
            found = [i for i, r in enumerate(pool) if (wanted is None or r["org__sector"] in wanted) and fits(r)]
            if found:
                return pool.pop(self.rng.choice(found))
        return None

    def person(
        self,
        unit: _Unit,
        row: dict | None,
        *,
        kind: str = CadreKind.CADRE,
        work_unit: str = "",
        key: bool = False,
        org: Org | None = None,
        **stranger,
    ) -> _Person:
        """A cadre from a member's row (name, sex, birth and training copied), or a non-member when `row` is
        None (`stranger` gives sex, ages or birth)."""
        rng = self.rng
        if row is not None:
            self.by_member.add(row["id"])
            values = {
                "full_name": row["full_name"],
                "sex": row["sex"],
                "birth_date": row["birth_date"],
                "ethnic_group": row["ethnic_group"],
                "citizen_id": row["citizen_id"],
                "member_id": row["id"],
                "qualification": row["qualification"],
                "qualification_field": row["qualification_field"],
                "theory_level": row["theory_level"],
                "state_management": row["state_management"],
            }
            retires_on = row["retires_on"]
        else:
            values, retires_on = self._stranger(**stranger)
        # Leaders and agency staff have a degree; the key posts mostly advanced theory and principal rank.
        if values["qualification"] not in (Qualification.BACHELOR, Qualification.MASTER, Qualification.DOCTOR):
            values["qualification"] = Qualification.BACHELOR if key or rng.random() < 0.85 else Qualification.COLLEGE
        if key:
            values["theory_level"] = TheoryLevel.ADVANCED if rng.random() < 0.85 else TheoryLevel.INTERMEDIATE
            values["state_management"] = (
                StateManagementLevel.PRINCIPAL if rng.random() < 0.7 else StateManagementLevel.SPECIALIST
            )
        else:
            if values["theory_level"] in (TheoryLevel.NONE, TheoryLevel.ELEMENTARY) and rng.random() < 0.6:
                values["theory_level"] = TheoryLevel.INTERMEDIATE
            if values["state_management"] == StateManagementLevel.NONE and rng.random() < 0.7:
                values["state_management"] = StateManagementLevel.SPECIALIST
        if not values.get("qualification_field"):
            values["qualification_field"] = rng.choice(
                ["Luật", "Kinh tế", "Quản lý nhà nước", "Hành chính học", "Kế toán", "Nông học", "Xây dựng Đảng"]
            )
        verified = MERGED_ON + timedelta(days=rng.randint(15, 150))
        cadre = Cadre(
            name_folded=fold(values["full_name"]),
            sort_key=person_sort_key(values["full_name"]),
            org=org or unit.org,
            kind=kind,
            status=CadreStatus.WORKING,
            work_unit=work_unit,
            dossier_verified_on=min(verified, self.today) if rng.random() < 0.95 else None,
            assets_declared_on=date(self.today.year - 1, 12, rng.randint(5, 31)) if rng.random() < 0.93 else None,
            **values,
        )
        p = _Person(cadre=cadre, retires_on=retires_on, unit=unit)
        self.people.append(p)
        unit.people.append(p)
        return p

    def _stranger(
        self,
        *,
        sex: str | None = None,
        ages: tuple[int, int] = (28, 50),
        retires_between: tuple[date, date] | None = None,
        ethnic_group: str = "Kinh",
    ) -> tuple[dict, date]:
        rng = self.rng
        sex = sex or (Sex.FEMALE if rng.random() < 0.45 else Sex.MALE)
        for _attempt in range(400):
            if retires_between is not None:
                birth = self.today - timedelta(days=rng.randint(50 * 365, 63 * 365))
            else:
                birth = self.today - timedelta(days=int(rng.uniform(ages[0], ages[1] + 1) * 365.25))
            retires_on = self.retires_on(birth, sex)
            if retires_between is None and retires_on > self.today + timedelta(days=365):
                break
            if retires_between is not None and retires_between[0] <= retires_on <= retires_between[1]:
                break
        else:  # pragma: no cover - the windows asked for are months wide
            raise RuntimeError("no birth date fits the retirement window")
        century = (birth.year - 1900) // 100
        while True:
            province = rng.choices(["045", "044"], [0.6, 0.4])[0]
            code = f"{province}{2 * century + (0 if sex == Sex.MALE else 1)}{birth.year % 100:02d}"
            citizen_id = f"{code}{rng.randint(0, 999_999):06d}"
            if citizen_id not in self.citizen_ids:
                self.citizen_ids.add(citizen_id)
                break
        full_name = names.person_name(rng, sex=sex, birth_year=birth.year, ethnic_group=ethnic_group)
        return {
            "full_name": full_name,
            "sex": sex,
            "birth_date": birth,
            "ethnic_group": ethnic_group,
            "citizen_id": citizen_id,
            "member_id": None,
            "qualification": rng.choice([Qualification.BACHELOR] * 4 + [Qualification.MASTER]),
            "qualification_field": "",
            "theory_level": rng.choice([TheoryLevel.NONE, TheoryLevel.ELEMENTARY]),
            "state_management": rng.choice([StateManagementLevel.NONE, StateManagementLevel.SPECIALIST]),
        }, retires_on

    # --- posts and tenures -----------------------------------------------------------------------------

    def post(
        self,
        unit: _Unit,
        key: str,
        title: str,
        name: str,
        *,
        seats: int = 1,
        filling: str = Filling.ELECTED,
        term: tuple[date | None, date | None] = (None, None),
        org: Org | None = None,
        closed_on: date | None = None,
    ) -> Post:
        post = Post(
            org=org or unit.org,
            title=title,
            body=title_body(title),
            name=name,
            name_folded=fold(name),
            seats=seats,
            filling=filling,
            term_start=term[0],
            term_end=term[1],
            closed_on=closed_on,
        )
        self.posts.append(post)
        unit.posts[key] = post
        return post

    def decision(self, suffix: str) -> str:
        """A decision number in the house style: "123-QĐ/ĐU" for the Party, "123/QĐ-UBND" for the state."""
        self.numbers[suffix] += 1
        n = self.numbers[suffix] + 11
        return f"{n}/{suffix}" if suffix.startswith("QĐ-") else f"{n}-{suffix}"

    def hold(
        self,
        p: _Person | None,
        post: Post,
        started_on: date,
        source: str,
        *,
        ended_on: date | None = None,
        end_reason: str = "",
        decision_no: str = "",
        appointment: Appointment | None = None,
        movement: Movement | None = None,
    ) -> Tenure | None:
        """A tenure, checked against the seats of the post and the person's other tenure of it; the end of an
        appointed post's term is 5 years from the start, or retirement when that comes first."""
        if p is None:
            return None
        started_on = min(started_on, self.today)
        if ended_on is not None and ended_on <= started_on:
            raise RuntimeError(f"a tenure of {post.name} ends before it starts")
        end = ended_on or date.max
        overlapping = [t for t in self.held.get(id(post), ()) if t.started_on < end
                       and (t.ended_on is None or started_on < t.ended_on)]  # fmt: skip
        if any(t.cadre is p.cadre for t in overlapping):
            raise RuntimeError(f"{p.cadre.full_name} already holds {post.name} on {started_on}")
        for moment in [started_on, *(t.started_on for t in overlapping if t.started_on > started_on)]:
            held = sum(1 for t in overlapping if t.started_on <= moment and (t.ended_on is None or moment < t.ended_on))
            if held >= post.seats:
                raise RuntimeError(f"{post.name}: no free seat on {moment}")
        term_end = None
        if post.filling == Filling.APPOINTED:
            term_end = rules.term_end(started_on, self.term_years, p.retires_on)
        tenure = Tenure(
            cadre=p.cadre,
            post=post,
            started_on=started_on,
            ended_on=ended_on,
            source=source,
            decision_no=decision_no,
            term_end=term_end,
            end_reason=end_reason,
            appointment=appointment,
            movement=movement,
        )
        self.tenures.append(tenure)
        self.held.setdefault(id(post), []).append(tenure)
        p.tenures.append(tenure)
        return tenure

    def elected(self, p: _Person | None, post: Post, first: date, first_source: str, decision_no: str = "") -> None:
        """Held from `first` (designated when the unit was formed, or elected for the interim term), then
        re-elected at the start of the post's term."""
        if p is None:
            return
        start = post.term_start
        if start is not None and first < start <= self.today:
            self.hold(p, post, first, first_source, ended_on=start, end_reason=TenureEnd.TERM_ENDED,
                      decision_no=decision_no)  # fmt: skip
            self.hold(p, post, start, TenureSource.ELECTED)
        else:
            self.hold(p, post, first, first_source, decision_no=decision_no)

    # --- a commune -------------------------------------------------------------------------------------

    def commune(self, org: Org) -> None:
        rng, today = self.rng, self.today
        here = org.name.removeprefix("Đảng bộ ")
        unit = _Unit(org=org, here=here)
        self.units.append(unit)
        opened = org.opened_on
        congress = min(max(COMMUNE_CONGRESSES + timedelta(days=rng.randint(0, 40)), opened), today)
        council = min(max(COUNCIL_SESSIONS + timedelta(days=rng.randint(0, 10)), opened), today)
        party_term = (congress, _years_later(congress, 5))
        council_term = (council, _years_later(council, 5))
        ward = here.startswith("phường")
        designated = self.decision("QĐ/TU")
        party, state = (Sector.PARTY_AGENCY,), (Sector.STATE_AGENCY,)
        # A province cadre is rotated in as the standing deputy secretary of a few communes (see
        # `rotations_and_secondments`).
        unit.rotation = rng.random() < 0.03 or len(self.units) == 3

        def member(sectors=party, *, key: bool = False, kind: str = CadreKind.CADRE, work: str, **wanted):
            """A party member of the commune for a post, or None (the post stays vacant)."""
            row = self.take(unit, sectors, **wanted)
            return self.person(unit, row, key=key, kind=kind, work_unit=work) if row else None

        P = self.post
        sec_post = P(unit, "secretary", Title.SECRETARY, f"Bí thư Đảng ủy {here}", term=party_term)
        dep_post = P(unit, "deputy", Title.DEPUTY_SECRETARY, f"Phó Bí thư Đảng ủy {here}", seats=2, term=party_term)
        btv_post = P(unit, "standing", Title.STANDING_MEMBER, f"Ủy viên Ban Thường vụ Đảng ủy {here}",
                     seats=rng.randint(4, 6), term=party_term)  # fmt: skip
        bch_post = P(unit, "committee", Title.COMMITTEE_MEMBER, f"Ủy viên Ban Chấp hành Đảng bộ {here}",
                     seats=rng.randint(10, 14), term=party_term)  # fmt: skip
        cc_post = P(unit, "council_chair", Title.COUNCIL_CHAIR, f"Chủ tịch HĐND {here}", term=council_term)
        cv_post = P(unit, "council_vice", Title.COUNCIL_VICE_CHAIR, f"Phó Chủ tịch HĐND {here}", term=council_term)
        gc_post = P(unit, "gov_chair", Title.GOVERNMENT_CHAIR, f"Chủ tịch UBND {here}", term=council_term)
        gv_post = P(unit, "gov_vice", Title.GOVERNMENT_VICE_CHAIR, f"Phó Chủ tịch UBND {here}",
                    seats=3 if ward and rng.random() < 0.3 else 2, term=council_term)  # fmt: skip
        fc_post = P(unit, "front", Title.FRONT_CHAIR, f"Chủ tịch Ủy ban MTTQ Việt Nam {here}", term=(opened, None))

        # The secretary, designated with the commune and elected at the congress, chairs the council too;
        # one deputy secretary is the standing one, the other chairs the people's committee.
        secretary = member(key=True, work=f"Đảng ủy {here}", ages=(42, 57), years_left=3)
        standing = None if unit.rotation else member(key=True, work=f"Đảng ủy {here}", ages=(40, 56), years_left=3)
        chair = member(state, key=True, work=f"UBND {here}", ages=(38, 55), years_left=3)
        self.elected(secretary, sec_post, opened, TenureSource.DESIGNATED, designated)
        council_chair = secretary if secretary is not None and (standing is None or rng.random() < 0.85) else standing
        self.elected(council_chair, cc_post, opened, TenureSource.ELECTED)
        self.elected(standing, dep_post, opened, TenureSource.DESIGNATED, designated)
        self.elected(chair, dep_post, opened, TenureSource.DESIGNATED, designated)
        self.elected(chair, gc_post, opened, TenureSource.ELECTED)
        front = member(key=True, work=f"Ủy ban MTTQ Việt Nam {here}", ages=(40, 57))
        self.hold(front, fc_post, opened, TenureSource.DESIGNATED, decision_no=designated)
        council_vice = member(party + state, work=f"HĐND {here}", ages=(35, 56))
        self.elected(council_vice, cv_post, opened, TenureSource.ELECTED)

        # Vice-chairs of the people's committee. In some communes the head of the culture office was elected
        # vice-chair by the 2026 council, leaving the office to fill by appointment (`fill_vacancies`).
        vice1 = member(state, key=True, work=f"UBND {here}", ages=(35, 55))
        self.elected(vice1, gv_post, opened, TenureSource.ELECTED)
        vice2 = member(state, key=True, work=f"UBND {here}", ages=(33, 52))
        roll = rng.random()
        if vice2 is not None and (council - opened).days > 60:
            unit.vacancy = (
                "in_progress" if roll < 0.12 else "completed" if roll < 0.2 else "withdrawn" if roll < 0.23
                else "refused" if roll < 0.25 else "open" if roll < 0.28 else ""
            )  # fmt: skip
        if not unit.vacancy and rng.random() < 0.12:
            vice2 = None  # a seat left vacant since the 2026 council

        # The standing committee: the Front, the police and the military heads, a vice-chair, the heads of the
        # party's own boards.
        police = member((Sector.POLICE,), work=f"Công an {here}", ages=(35, 52), anywhere=False)
        military = member((Sector.MILITARY,), work=f"Ban Chỉ huy quân sự {here}", ages=(35, 52), anywhere=False)
        builder = member(work=f"Ban Xây dựng Đảng Đảng ủy {here}", ages=(35, 56))
        inspector = member(work=f"Ủy ban Kiểm tra Đảng ủy {here}", ages=(35, 56))
        standing_members = [p for p in (front, police, vice1, builder, inspector, military) if p is not None]
        for p in standing_members[: btv_post.seats - (1 if rng.random() < 0.1 else 0)]:
            self.elected(p, btv_post, opened, TenureSource.DESIGNATED, designated)

        # Mass organizations (under the Front since 2025), their heads designated when the commune was formed.
        heads = []
        for key, title, body, wanted in (
            ("youth", "Bí thư", f"Đoàn TNCS Hồ Chí Minh {here}", {"ages": (26, 36)}),
            ("women", "Chủ tịch", f"Hội Liên hiệp Phụ nữ {here}", {"sex": Sex.FEMALE, "ages": (30, 52)}),
            ("farmers", "Chủ tịch", f"Hội Nông dân {here}", {"ages": (35, 56)}),
            ("veterans", "Chủ tịch", f"Hội Cựu chiến binh {here}", {"sex": Sex.MALE, "ages": (45, 59)}),
        ):
            post = P(unit, key, Title.MASS_ORG_HEAD, f"{title} {body}", term=(opened, None))
            p = member(work=body, **wanted)
            self.hold(p, post, opened, TenureSource.DESIGNATED, decision_no=designated)
            heads.append(p)

        # The commune's agencies: heads appointed, arranged from the former communes' staff on 1/7/2025.
        economy = "Phòng Kinh tế, Hạ tầng và Đô thị" if ward else "Phòng Kinh tế"
        # In some communes a head retires within six months: the "appointments due" list.
        retiring = rng.choice(["party_office", "office", "economy", "service"]) if rng.random() < 0.22 else ""
        agency_heads = []
        for key, title, body, sectors in (
            ("party_office", "Chánh", f"Văn phòng Đảng ủy {here}", party),
            ("office", "Chánh", f"Văn phòng HĐND và UBND {here}", state),
            ("economy", "Trưởng", f"{economy} {here}", state),
            ("culture", "Trưởng", f"Phòng Văn hóa - Xã hội {here}", state),
            ("service", "Giám đốc", f"Trung tâm Phục vụ hành chính công {here}", state),
        ):
            name = f"{title} {body[0].lower()}{body[1:]}" if title == "Trưởng" else f"{title} {body}"
            post = P(unit, key, Title.AGENCY_HEAD, name, filling=Filling.APPOINTED)
            if key == "culture" and unit.vacancy:
                # Headed the office until the council elected them vice-chair.
                self.hold(vice2, post, opened, TenureSource.REASSIGNED, ended_on=council, end_reason=TenureEnd.MOVED,
                          decision_no=self.decision("QĐ-UBND"))  # fmt: skip
                agency_heads.append(None)
                continue
            if key == retiring:
                window = (today + timedelta(days=20), today + timedelta(days=175))
                row = self.take(unit, sectors, retiring=window)
                p = self.person(unit, row, kind=CadreKind.CIVIL_SERVANT, work_unit=body, sex=Sex.MALE,
                                retires_between=window)  # fmt: skip
            else:
                p = member(sectors, kind=CadreKind.CIVIL_SERVANT, work=body, ages=(32, 56))
            self.hold(p, post, opened, TenureSource.REASSIGNED, decision_no=self.decision("QĐ-UBND"))
            agency_heads.append(p)
        if unit.vacancy:
            self.hold(vice2, gv_post, council, TenureSource.ELECTED)
        else:
            self.elected(vice2, gv_post, opened, TenureSource.ELECTED)
        deputy_post = P(unit, "office_deputy", Title.AGENCY_DEPUTY, f"Phó Chánh Văn phòng HĐND và UBND {here}",
                        seats=2, filling=Filling.APPOINTED)  # fmt: skip
        for _i in range(rng.randint(1, 2)):
            row = self.take(unit, state, ages=(28, 50)) if rng.random() < 0.7 else None
            p = self.person(unit, row, kind=CadreKind.CIVIL_SERVANT, work_unit=f"Văn phòng HĐND và UBND {here}")
            self.hold(p, deputy_post, opened, TenureSource.REASSIGNED, decision_no=self.decision("QĐ-UBND"))

        # The rest of the committee: a vice-chair, the council's vice-chair, the mass organizations, agency
        # heads, a school principal; some were new to the committee at the congress.
        principal = member((Sector.PUBLIC_SERVICE,), kind=CadreKind.PUBLIC_EMPLOYEE, ages=(38, 56), anywhere=False,
                           work=f"Trường học trên địa bàn {here}")  # fmt: skip
        pool = [vice2, council_vice, *heads, *agency_heads[:3], principal]
        members = [p for p in pool if p is not None and p.cadre.member_id is not None]
        for p in members[: max(0, bch_post.seats - rng.choice([0, 0, 1, 2]))]:
            first = opened if rng.random() < 0.8 else (bch_post.term_start or opened)
            self.elected(p, bch_post, first, TenureSource.DESIGNATED, designated)

        # Civil servants without a leadership post: the pool for the agencies' planning and appointments.
        for _i in range(rng.randint(3, 5)):
            row = self.take(unit, state, ages=(26, 45), years_left=8) if rng.random() < 0.75 else None
            p = self.person(unit, row, kind=CadreKind.CIVIL_SERVANT, work_unit=f"UBND {here}", ages=(26, 42))
            unit.staff.append(p)

        # Part-time workers of the villages and quarters: in some communes, cell secretaries who also head
        # their village.
        if rng.random() < 0.5:
            cells = Org.objects.open().filter(parent=org, sector=Sector.RESIDENTIAL, org_type=OrgType.GRASSROOTS_CELL)
            for cell in cells.order_by("path")[:2]:
                row = self._take_in(unit, cell, ages=(30, 58))
                if row is None:
                    continue
                post = P(unit, f"cell:{cell.pk}", Title.SECRETARY, f"Bí thư {cell.name}", org=cell,
                         term=(cell.opened_on, None))  # fmt: skip
                p = self.person(unit, row, kind=CadreKind.PART_TIME, work_unit=cell.unit_name or cell.name)
                self.hold(p, post, cell.opened_on, TenureSource.ELECTED)

    def _take_in(self, unit: _Unit, cell: Org, *, ages: tuple[int, int]) -> dict | None:
        pool = self.pools.get(unit.org.path, [])
        found = [
            i for i, r in enumerate(pool)
            if r["org__path"] == cell.path and ages[0] <= self._age(r["birth_date"]) <= ages[1]
            and r["retires_on"] > self.today + timedelta(days=365)
        ]  # fmt: skip
        return pool.pop(self.rng.choice(found)) if found else None

    # --- the province ----------------------------------------------------------------------------------

    def province(self) -> None:
        """The province's top posts, held by members of the provincial blocs."""
        rng, root = self.rng, self.root
        unit = _Unit(org=root, here="tỉnh")
        self.units.append(unit)
        for bloc in Org.objects.filter(parent=root).exclude(sector=Sector.COMMUNE).order_by("path"):
            self.pools.setdefault(root.path, []).extend(self.pools.pop(bloc.path, []))
        opened = max(root.opened_on, MERGED_ON)
        congress = min(max(PROVINCE_CONGRESS, opened), self.today)
        council = min(max(COUNCIL_SESSIONS, opened), self.today)
        party_term, council_term = (congress, _years_later(congress, 5)), (council, _years_later(council, 5))
        designated = "2245-QĐ/TW"
        P = self.post
        sec = P(unit, "secretary", Title.SECRETARY, "Bí thư Tỉnh ủy Quảng Trị", term=party_term)
        dep = P(unit, "deputy", Title.DEPUTY_SECRETARY, "Phó Bí thư Tỉnh ủy Quảng Trị", seats=4, term=party_term)
        btv = P(unit, "standing", Title.STANDING_MEMBER, "Ủy viên Ban Thường vụ Tỉnh ủy Quảng Trị", seats=12,
                term=party_term)  # fmt: skip
        cc = P(unit, "council_chair", Title.COUNCIL_CHAIR, "Chủ tịch HĐND tỉnh Quảng Trị", term=council_term)
        gc = P(unit, "gov_chair", Title.GOVERNMENT_CHAIR, "Chủ tịch UBND tỉnh Quảng Trị", term=council_term)
        gv = P(unit, "gov_vice", Title.GOVERNMENT_VICE_CHAIR, "Phó Chủ tịch UBND tỉnh Quảng Trị", seats=5,
               term=council_term)  # fmt: skip
        fc = P(unit, "front", Title.FRONT_CHAIR, "Chủ tịch Ủy ban MTTQ Việt Nam tỉnh Quảng Trị", term=(opened, None))
        org_head = P(unit, "organization", Title.AGENCY_HEAD, "Trưởng Ban Tổ chức Tỉnh ủy", filling=Filling.APPOINTED)
        office = P(unit, "party_office", Title.AGENCY_HEAD, "Chánh Văn phòng Tỉnh ủy", filling=Filling.APPOINTED)
        home = P(unit, "home_affairs", Title.AGENCY_HEAD, "Giám đốc Sở Nội vụ", filling=Filling.APPOINTED)
        org_deputy = P(unit, "organization_deputy", Title.AGENCY_DEPUTY, "Phó Trưởng Ban Tổ chức Tỉnh ủy", seats=3,
                       filling=Filling.APPOINTED)  # fmt: skip

        def person(work: str, ages=(48, 57), key=True) -> _Person | None:
            row = self.take(unit, WORKING_SECTORS, ages=ages, years_left=4)
            if row is None:
                return None
            p = self.person(unit, row, key=key, work_unit=work)
            p.cadre.theory_level = TheoryLevel.ADVANCED
            p.cadre.state_management = StateManagementLevel.SENIOR
            if p.cadre.qualification == Qualification.BACHELOR and rng.random() < 0.7:
                p.cadre.qualification = Qualification.MASTER
            return p

        secretary = person("Tỉnh ủy Quảng Trị")
        self.elected(secretary, sec, opened, TenureSource.DESIGNATED, designated)
        deputies = [person(w) for w in ("Tỉnh ủy Quảng Trị", "UBND tỉnh Quảng Trị", "HĐND tỉnh Quảng Trị",
                                        "Ban Tổ chức Tỉnh ủy")]  # fmt: skip
        for p in deputies:
            self.elected(p, dep, opened, TenureSource.DESIGNATED, designated)
        self.elected(deputies[1], gc, opened, TenureSource.ELECTED)
        self.elected(deputies[2], cc, opened, TenureSource.ELECTED)
        self.hold(deputies[3], org_head, opened, TenureSource.DESIGNATED, decision_no=self.decision("QĐ/TU"))
        standing = [person(w) for w in ("Ủy ban MTTQ Việt Nam tỉnh Quảng Trị", "Văn phòng Tỉnh ủy",
                                        "UBND tỉnh Quảng Trị", "Ban Tuyên giáo và Dân vận Tỉnh ủy",
                                        "Ủy ban Kiểm tra Tỉnh ủy", "Ban Nội chính Tỉnh ủy",
                                        "Đảng ủy các cơ quan Đảng tỉnh", "Công an tỉnh Quảng Trị",
                                        "Bộ Chỉ huy Quân sự tỉnh Quảng Trị")]  # fmt: skip
        for p in standing:
            self.elected(p, btv, opened, TenureSource.DESIGNATED, designated)
        self.hold(standing[0], fc, opened, TenureSource.DESIGNATED, decision_no=self.decision("QĐ/TU"))
        self.hold(standing[1], office, opened, TenureSource.DESIGNATED, decision_no=self.decision("QĐ/TU"))
        self.elected(standing[2], gv, opened, TenureSource.ELECTED)
        for _i in range(3):
            self.elected(person("UBND tỉnh Quảng Trị", ages=(45, 56)), gv, opened, TenureSource.ELECTED)
        self.hold(person("Sở Nội vụ", ages=(45, 56), key=False), home, opened, TenureSource.REASSIGNED,
                  decision_no=self.decision("QĐ-UBND"))  # fmt: skip
        unit.staff = [p for p in (person("Ban Tổ chức Tỉnh ủy", ages=(40, 52), key=False) for _i in range(4)) if p]
        for p in unit.staff[:2]:
            self.hold(p, org_deputy, opened, TenureSource.REASSIGNED, decision_no=self.decision("QĐ/TU"))

    # --- rotations and secondments ----------------------------------------------------------------------

    def rotations_and_secondments(self) -> None:
        """Province cadres rotated to communes as deputy secretaries, a secondment overdue, one returned, a
        transfer between communes."""
        rng, today = self.rng, self.today
        province = self.units[0]
        communes = self.units[1:]
        sender = Org.objects.filter(parent=self.root, sector=Sector.PARTY_AGENCY).order_by("path").first()
        sender = sender or self.root
        # Rotations: the standing deputy secretary of a few communes comes from the province for three years.
        for unit in communes:
            if not unit.rotation:
                continue
            row = self.take(province, WORKING_SECTORS, ages=(36, 48), years_left=10)
            if row is None:
                break
            post = unit.posts["deputy"]
            p = self.person(province, row, key=True, work_unit=f"Đảng ủy {unit.here}")
            started = unit.org.opened_on
            mv = Movement(cadre=p.cadre, kind=MovementKind.ROTATION, from_org=sender, to_org=unit.org,
                          started_on=started, due_back_on=_years_later(started, 3),
                          decision_no=self.decision("QĐ/TU"),
                          note="Luân chuyển giữ chức Phó Bí thư Thường trực Đảng ủy, thời hạn 3 năm.")  # fmt: skip
            self.movements.append(mv)
            elected_on = post.term_start
            if elected_on is not None and started < elected_on <= today:
                self.hold(p, post, started, TenureSource.ROTATION, movement=mv, decision_no=mv.decision_no,
                          ended_on=elected_on, end_reason=TenureEnd.TERM_ENDED)  # fmt: skip
                self.hold(p, post, elected_on, TenureSource.ELECTED)
            else:
                self.hold(p, post, started, TenureSource.ROTATION, movement=mv, decision_no=mv.decision_no)
        # Secondments to a neighbouring commune's public service centre: one back, one overdue.
        for i, (length, back) in enumerate(((12, False), (9, True))):
            if len(communes) < 2 * (i + 1):
                break
            home, host = communes[2 * i], communes[2 * i + 1]
            p = next((s for s in home.staff if not s.tenures and s.cadre.status == CadreStatus.WORKING), None)
            if p is None:
                continue
            home.staff.remove(p)
            started = today - timedelta(days=rng.randint(380, 470) if not back else rng.randint(330, 400))
            due = started + relativedelta(months=length) - timedelta(days=1)
            post = host.posts.get("service_deputy") or self.post(
                host, "service_deputy", Title.AGENCY_DEPUTY,
                f"Phó Giám đốc Trung tâm Phục vụ hành chính công {host.here}", filling=Filling.APPOINTED,
            )  # fmt: skip
            returned = due + timedelta(days=1) if back else None
            mv = Movement(cadre=p.cadre, kind=MovementKind.SECONDMENT, from_org=home.org, to_org=host.org,
                          started_on=started, due_back_on=due, returned_on=returned,
                          decision_no=self.decision("QĐ-UBND"),
                          note=f"Biệt phái {length} tháng hỗ trợ Trung tâm Phục vụ hành chính công.")  # fmt: skip
            self.movements.append(mv)
            self.hold(p, post, started, TenureSource.SECONDMENT, movement=mv, decision_no=mv.decision_no,
                      ended_on=returned, end_reason=TenureEnd.RETURNED if back else "")  # fmt: skip
        # A civil servant transferred for good to another commune: managed there from then on.
        if len(communes) >= 6:
            home, host = communes[4], communes[5]
            p = next((s for s in home.staff if not s.tenures), None)
            if p is not None:
                home.staff.remove(p)
                p.cadre.org, p.unit = host.org, host
                host.staff.append(p)
                p.cadre.work_unit = f"UBND {host.here}"
                self.movements.append(
                    Movement(cadre=p.cadre, kind=MovementKind.TRANSFER, from_org=home.org, to_org=host.org,
                             started_on=today - timedelta(days=rng.randint(60, 200)),
                             decision_no=self.decision("QĐ-UBND"), note="Điều động theo đề nghị của địa phương.")
                )  # fmt: skip

    # --- evaluations and disciplines ------------------------------------------------------------------------

    def evaluations(self) -> list[Evaluation]:
        rng, out = self.rng, []
        ratings, weights = zip(*RATING_WEIGHTS, strict=True)
        for p in self.people:
            c = p.cadre
            for year in range(self.today.year - 3, self.today.year):
                if c.birth_date.year + 23 > year or (c.ended_on is not None and c.ended_on.year <= year):
                    continue
                rating = p.ratings.get(year) or rng.choices(ratings, weights)[0]
                p.ratings[year] = rating
                where = p.unit.here
                authority = (
                    ("Ban Thường vụ Tỉnh ủy" if p.unit.org == self.root else f"Ban Thường vụ Đảng ủy {where}")
                    if year >= MERGED_ON.year else "Cơ quan, đơn vị công tác trước ngày 01/7/2025"
                )  # fmt: skip
                out.append(Evaluation(cadre=c, year=year, rating=rating, authority=authority,
                                      evaluated_on=date(year, 12, rng.randint(10, 28))))  # fmt: skip
        return out

    def disciplines(self) -> None:
        """About one cadre in a hundred disciplined in the last two years: rated 'not completed' that year."""
        rng = self.rng
        working = [p for p in self.people if p.cadre.status == CadreStatus.WORKING and p.unit.org != self.root]
        for p in rng.sample(working, len(working) // 100):
            on = self.today - timedelta(days=rng.randint(40, 640))
            self._discipline(p, on)
            if on.year < self.today.year:
                p.ratings[on.year] = Rating.NOT_COMPLETED

    def _discipline(self, p: _Person, on: date) -> Discipline:
        kind = DisciplineKind.REPRIMAND if self.rng.random() < 0.75 else DisciplineKind.WARNING
        here = p.unit.here
        d = Discipline(cadre=p.cadre, kind=kind, on=on, decision_no=self.decision("QĐ/UBKTĐU"),
                       authority=f"Ủy ban Kiểm tra Đảng ủy {here}" if kind == DisciplineKind.REPRIMAND
                       else f"Ban Thường vụ Đảng ủy {here}", note=self.rng.choice(DISCIPLINE_NOTES))  # fmt: skip
        p.disciplines.append(d)
        return d

    # --- planning -----------------------------------------------------------------------------------------

    def planning_for(self, unit: _Unit) -> None:
        """1 to 3 names per key post for each term, chosen among the unit's people who meet every planning
        condition on the day of approval (standards aside: a training gap is what the courses are for)."""
        rng, today = self.rng, self.today
        approved = date(today.year, 2, 1) + timedelta(days=rng.randint(0, 45))
        approved = max(min(approved, today - timedelta(days=30)), date(2025, 10, 8))
        unit.approved_on = approved
        suffix = "QĐ/TU" if unit.org == self.root else "QĐ/ĐU"
        decisions = {TERM_NOW: self.decision(suffix), TERM_NEXT: self.decision(suffix)}
        titles: Counter = Counter()
        ranks = {p: self._rank(p, approved) for p in unit.people}
        for term in (TERM_NOW, TERM_NEXT):
            for key, post in unit.posts.items():
                if post.title not in KEY_TITLES or post.closed_on is not None or post.org is not unit.org:
                    continue
                wanted = rng.randint(1, 3)
                if key == "culture" and unit.vacancy and term == TERM_NOW:
                    wanted = 2
                    pool = sorted(unit.staff, key=lambda p: rng.random())
                else:
                    pool = sorted(unit.people, key=lambda p: -ranks[p] + rng.random() * 30)
                chosen = 0
                for p in pool:
                    if chosen == wanted:
                        break
                    if not self._may_plan(p, post, term, approved, titles[(p, term)], chosen, ranks.get(p, 0)):
                        continue
                    entry = PlanningEntry(post=post, cadre=p.cadre, term=term, added_on=approved,
                                          decision_no=decisions[term])  # fmt: skip
                    p.planned.append(entry)
                    self.planning.append(entry)
                    titles[(p, term)] += 1
                    chosen += 1

    def _rank(self, p: _Person, on: date) -> int:
        return rules.current_rank(p.facts(), on)

    def _may_plan(self, p: _Person, post: Post, term: str, on: date, titles: int, listed: int, rank: int) -> bool:
        """Whether the person meets every planning condition (the cheap ones first, then the rules)."""
        c, params = p.cadre, self.planning_params
        if c.status != CadreStatus.WORKING or p.disciplines or rank > title_rank(post.title):
            return False
        floor = rules.RATING_ORDER.index(Rating(params.min_rating))
        years = range(on.year - params.rating_years, on.year)
        if any(y not in p.ratings or rules.RATING_ORDER.index(Rating(p.ratings[y])) < floor for y in years):
            return False
        start = max(rules.term_start(term), on)
        if not rules.serves_years_before_retirement(start, p.retires_on, params.min_years_to_retirement):
            return False
        if p.holds(post, on) or any(e.post is post and e.term == term for e in p.planned):
            return False
        verdict = rules.planning_checks(
            title=post.title,
            term=term,
            on=on,
            birth_date=c.birth_date,
            sex=c.sex,
            qualification=c.qualification,
            theory_level=c.theory_level,
            state_management=c.state_management,
            ratings=p.ratings,
            disciplines=[rules.DisciplineFacts(d.kind, d.on) for d in p.disciplines],
            added_on=None,
            planned_for_post=listed + 1,
            titles_of_person=titles + 1,
            params=self.planning_params,
        )
        return all(check.ok for check in verdict.checks if check.code != "standards")

    def later_disciplines(self) -> None:
        """Two planned cadres disciplined after the approval: taken off the list at the next review."""
        rng, today = self.rng, self.today
        planned = [p for p in self.people if p.planned and p.unit.org != self.root and not p.disciplines]
        for p in rng.sample(planned, min(2, len(planned))):
            added = min(e.added_on for e in p.planned)
            if (today - added).days < 60:
                continue
            on = added + timedelta(days=rng.randint(20, (today - added).days - 40))
            d = self._discipline(p, on)
            removed = min(on + timedelta(days=rng.randint(15, 35)), today)
            for e in p.planned:
                e.removed_on = removed
                e.removed_reason = f"Bị kỷ luật {d.get_kind_display().lower()} ngày {on:%d/%m/%Y}"
                e.removed_decision_no = self.decision("QĐ/ĐU")

    # --- appointments ---------------------------------------------------------------------------------------

    def fill_vacancies(self) -> None:
        """The culture office heads left by the 2026 councils: appointed, in progress at every step,
        withdrawn, refused, or not yet started."""
        for unit in self.units[1:]:
            if not unit.vacancy or unit.vacancy == "open":
                continue
            post = unit.posts["culture"]
            for p in [p for p in unit.staff if any(e.post is post and e.term == TERM_NOW for e in p.planned)]:
                if self._appoint(unit, post, p):
                    break

    def _appoint(self, unit: _Unit, post: Post, p: _Person) -> bool:
        rng, today = self.rng, self.today
        vacant_since = min(t.ended_on for t in self.tenures if t.post is post and t.ended_on is not None)
        start = max(unit.approved_on or vacant_since, vacant_since) + timedelta(days=10)
        steps = rules.procedure(AppointmentKind.APPOINTMENT, Source.INSIDE)
        mode = unit.vacancy
        if mode == "in_progress":
            received = max(start, today - timedelta(days=rng.randint(15, 80)))
            done = rng.randint(0, len(steps) - 1)
        else:
            received = start + timedelta(days=rng.randint(0, 40))
            done = len(steps) if mode in ("completed", "refused") else rng.randint(1, 2)
        if received >= today:
            return False
        verdict = rules.appointment_eligibility(
            kind=AppointmentKind.APPOINTMENT, source=Source.INSIDE, post_title=post.title, post_id=id(post),
            received_on=received, birth_date=p.cadre.birth_date, sex=p.cadre.sex, tenures=p.facts(),
            planning=[rules.PlanningFacts(e.post.title, id(e.post), e.term, e.added_on, e.removed_on)
                      for e in p.planned],
            disciplines=[rules.DisciplineFacts(d.kind, d.on) for d in p.disciplines],
            dossier_verified_on=p.cadre.dossier_verified_on, assets_declared_on=p.cadre.assets_declared_on,
            params=self.appointment_params,
        )  # fmt: skip
        if not verdict.ok:
            return False
        appointment = Appointment(cadre=p.cadre, post=post, kind=AppointmentKind.APPOINTMENT, source=Source.INSIDE,
                                  received_on=received, status=AppointmentStatus.IN_PROGRESS)  # fmt: skip
        on, collective = received, rng.randint(7, 9)
        recorded = []
        for step in steps[:done]:
            on = on + timedelta(days=rng.randint(3, 12))
            if on > today:
                break
            body, attendees = {
                ProcedureStep.PROPOSAL: (f"Ban Thường vụ Đảng ủy {unit.here}", None),
                ProcedureStep.LEADERS_NOMINATION: (f"Hội nghị lãnh đạo chủ chốt {unit.here}", rng.randint(13, 19)),
                ProcedureStep.COLLECTIVE_NOMINATION: (f"Ban Thường vụ Đảng ủy {unit.here}", collective),
                ProcedureStep.KEY_CADRE_OPINIONS: (f"Hội nghị cán bộ chủ chốt {unit.here}", rng.randint(25, 40)),
                ProcedureStep.COLLECTIVE_VOTE: (f"Ban Thường vụ Đảng ủy {unit.here}", collective),
            }[step]
            s = AppointmentStep(appointment=appointment, step=step, held_on=on, body=body)
            if step in rules.BALLOT_STEPS:
                issued = attendees - rng.choice([0, 0, 0, 1])
                valid = issued - rng.choice([0, 0, 1])
                if mode == "refused" and step == ProcedureStep.COLLECTIVE_VOTE:
                    votes = attendees // 2  # not more than half of all the members
                else:
                    votes = max(valid - rng.randint(0, max(1, valid // 5)), attendees // 2 + 1)
                    votes = min(votes, valid)
                s.attendees, s.ballots_issued, s.ballots_valid, s.votes_for = attendees, issued, valid, votes
            recorded.append(s)
        facts = [rules.StepFacts(s.step, s.held_on, s.attendees, s.ballots_issued, s.ballots_valid, s.votes_for)
                 for s in recorded]  # fmt: skip
        majority = Fraction(self.appointment_params.vote_majority)
        if mode in ("completed", "refused") and len(recorded) < len(steps):
            return False
        if mode == "completed":
            if not rules.procedure_check(AppointmentKind.APPOINTMENT, Source.INSIDE, facts, majority).ok:
                return False
            decided = on + timedelta(days=rng.randint(3, 10))
            if decided > today:
                return False
            chair = next((t.cadre for t in self.tenures if t.post is unit.posts["gov_chair"] and t.ended_on is None),
                         None)  # fmt: skip
            appointment.status = AppointmentStatus.APPOINTED
            appointment.decision_no = self.decision("QĐ-UBND")
            appointment.decided_on, appointment.effective_on = decided, decided
            appointment.term_end = rules.term_end(decided, self.term_years, p.retires_on)
            appointment.signer = chair.full_name if chair else ""
            unit.staff.remove(p)
            self.hold(p, post, decided, TenureSource.APPOINTED, decision_no=appointment.decision_no,
                      appointment=appointment)  # fmt: skip
        elif mode == "refused":
            appointment.status = AppointmentStatus.REFUSED
            appointment.decided_on = on
            appointment.closing_reason = "Tập thể lãnh đạo biểu quyết không đạt quá một nửa tổng số thành viên."
        elif mode == "withdrawn":
            appointment.status = AppointmentStatus.WITHDRAWN
            appointment.decided_on = min(on + timedelta(days=rng.randint(5, 20)), today)
            appointment.closing_reason = rng.choice(WITHDRAW_REASONS)
        self.appointments.append(appointment)
        self.steps.extend(recorded)
        return True

    # --- courses ---------------------------------------------------------------------------------------------

    def courses_and_attendance(self) -> None:
        """Political theory and state management courses of the province's school and the Academy's regional
        branch, with their students; passing raises the cadre's level."""
        rng, today = self.rng, self.today
        school = QUANG_TRI.political_school
        catalog = [
            ("Lớp Cao cấp lý luận chính trị hệ không tập trung khóa 2025-2026", CourseKind.THEORY,
             TheoryLevel.ADVANCED, "Học viện Chính trị khu vực III", date(2025, 3, 10), date(2026, 6, 26), 35),
            ("Lớp Cao cấp lý luận chính trị hệ không tập trung khóa 2026-2027", CourseKind.THEORY,
             TheoryLevel.ADVANCED, "Học viện Chính trị khu vực III", date(2026, 9, 14), date(2027, 9, 10), 30),
            ("Lớp Trung cấp lý luận chính trị - hành chính khóa 45", CourseKind.THEORY,
             TheoryLevel.INTERMEDIATE, school, date(2025, 9, 8), date(2026, 5, 29), 60),
            ("Lớp Trung cấp lý luận chính trị - hành chính khóa 46", CourseKind.THEORY,
             TheoryLevel.INTERMEDIATE, school, date(2026, 9, 7), date(2027, 5, 28), 55),
            ("Bồi dưỡng kiến thức quản lý nhà nước chương trình chuyên viên chính", CourseKind.STATE_MANAGEMENT,
             StateManagementLevel.PRINCIPAL, school, date(2026, 4, 6), date(2026, 6, 5), 50),
            ("Bồi dưỡng kiến thức quản lý nhà nước chương trình chuyên viên", CourseKind.STATE_MANAGEMENT,
             StateManagementLevel.SPECIALIST, school, date(2025, 11, 3), date(2025, 12, 26), 60),
            ("Bồi dưỡng cấp ủy viên cơ sở nhiệm kỳ 2025-2030", CourseKind.OTHER, "", school,
             date(2025, 11, 17), date(2025, 11, 21), 80),
        ]  # fmt: skip
        orders = {CourseKind.THEORY: rules.THEORY_ORDER, CourseKind.STATE_MANAGEMENT: rules.STATE_MANAGEMENT_ORDER}
        fields = {CourseKind.THEORY: "theory_level", CourseKind.STATE_MANAGEMENT: "state_management"}
        working = [p for p in self.people if p.cadre.status == CadreStatus.WORKING]
        certificates = 0
        for name, kind, level, provider, starts, ends, size in catalog:
            if starts > today:
                continue
            course = Course(org=self.root, name=name, kind=kind, level=level, provider=provider, starts_on=starts,
                            ends_on=ends)  # fmt: skip
            self.courses.append(course)
            if kind in orders:
                order, attr = orders[kind], fields[kind]
                need = [p for p in working if rules.level_rank(order, getattr(p.cadre, attr)) < order.index(level)]
                # Those whose post asks for the level first (the training gaps), then anyone below it.
                need.sort(key=lambda p: (not self._gap(p, attr), rng.random()))
            else:
                need = sorted((p for p in working if any(t.post.title in (Title.COMMITTEE_MEMBER,
                               Title.STANDING_MEMBER) for t in p.tenures)), key=lambda p: rng.random())  # fmt: skip
            finished = ends <= today
            for p in need[:size]:
                result = AttendanceResult.ENROLLED
                if finished:
                    roll = rng.random()
                    result = (AttendanceResult.PASSED if roll < 0.93 else AttendanceResult.FAILED if roll < 0.97
                              else AttendanceResult.WITHDREW)  # fmt: skip
                a = Attendance(course=course, cadre=p.cadre, result=result)
                if result == AttendanceResult.PASSED:
                    certificates += 1
                    a.completed_on = ends
                    a.certificate_no = f"{certificates:05d}/{ends.year}"
                    if kind in fields:
                        setattr(p.cadre, fields[kind], level)
                self.attendances.append(a)
        # A course of each of a few communes for their cells' committee members.
        for unit in self.units[1:][::9]:
            starts = today - timedelta(days=rng.randint(40, 200))
            course = Course(org=unit.org, name=f"Bồi dưỡng nghiệp vụ công tác Đảng {unit.here} năm {starts.year}",
                            kind=CourseKind.OTHER, provider=f"Đảng ủy {unit.here}", starts_on=starts,
                            ends_on=starts + timedelta(days=2))  # fmt: skip
            self.courses.append(course)
            for p in unit.people:
                if p.cadre.kind == CadreKind.PART_TIME or p in unit.staff:
                    self.attendances.append(Attendance(course=course, cadre=p.cadre, result=AttendanceResult.PASSED,
                                                       completed_on=course.ends_on))  # fmt: skip

    def _gap(self, p: _Person, attr: str) -> bool:
        open_titles = {t.post.title for t in p.tenures if t.ended_on is None}
        return any(
            f in gap
            for title in open_titles
            for gap in rules.requirement_gaps(
                title, self.planning_params.requirements, theory_level=p.cadre.theory_level,
                qualification=p.cadre.qualification, state_management=p.cadre.state_management,
            )
            for f in (("lý luận",) if attr == "theory_level" else ("quản lý nhà nước",))
        )  # fmt: skip

    # --- surplus staff --------------------------------------------------------------------------------------

    def surplus_from_merges(self) -> None:
        """The quarters whose cells merged in the demo's history: their part-time posts (the cell's secretary
        and deputy, the head of the quarter, the head of its Front committee) are abolished on the day of the
        merge and every holder becomes a surplus case of the merge (as `services.surplus.posts_follow` does);
        some lead the new quarter, the others retire early or at their age, leave with severance, move
        elsewhere, or wait for a decision."""
        rng, today = self.rng, self.today
        events = (
            OrgEvent.objects.filter(kind=OrgEvent.Kind.MERGE, results__path__under=self.root.path)
            .prefetch_related("sources", "results")
            .order_by("on", "pk")
            .distinct()
        )
        by_path = {u.org.path: u for u in self.units}
        for event in events:
            target = event.results.all()[0]
            unit = by_path.get(target.path[: 2 * SEGMENT])
            if unit is None:
                continue
            quarter = (target.unit_name or target.name).split(",")[0]
            roles = [
                (Title.SECRETARY, "Bí thư", True),
                (Title.DEPUTY_SECRETARY, "Phó Bí thư", True),
                (Title.AGENCY_HEAD, "Trưởng", False),
                (Title.MASS_ORG_HEAD, "Trưởng Ban công tác Mặt trận", False),
            ]

            def post_name(word: str, org: Org, party: bool, place: str) -> str:
                return f"{word} {org.name}" if party else f"{word} {place[0].lower()}{place[1:]}"

            new_posts = {
                title: self.post(unit, f"cell:{target.pk}:{title}", title, post_name(word, target, party, quarter),
                                 org=target, term=(event.on, None))
                for title, word, party in roles if title != Title.DEPUTY_SECRETARY
            }  # fmt: skip
            held = []
            for source in sorted(event.sources.all(), key=lambda o: o.path):
                place = (source.unit_name or source.name).split(",")[0]
                for title, word, party in roles:
                    name = post_name(word, source, party, place)
                    post = self.post(unit, f"cell:{source.pk}:{title}", title, name, org=source,
                                     term=(source.opened_on, None), closed_on=event.on)  # fmt: skip
                    row = self._take_in(unit, target, ages=(35, 58))
                    if row is None and party:
                        continue
                    p = self.person(unit, row, kind=CadreKind.PART_TIME, work_unit=place, ages=(40, 56))
                    tenure = self.hold(p, post, source.opened_on, TenureSource.ELECTED, ended_on=event.on,
                                       end_reason=TenureEnd.RESTRUCTURED)  # fmt: skip
                    held.append((p, tenure, source))
            outcomes = [
                SurplusPolicy.REASSIGNMENT, SurplusPolicy.EARLY_RETIREMENT, SurplusPolicy.RESIGNATION,
                SurplusPolicy.TRANSFER, "", SurplusPolicy.REASSIGNMENT, "in_progress", SurplusPolicy.REASSIGNMENT,
            ]  # fmt: skip
            free = dict(new_posts)
            for (p, tenure, source), outcome in zip(held, outcomes, strict=False):
                case = SurplusCase(cadre=p.cadre, event=event, org=source, tenure=tenure, identified_on=event.on)
                self.cases.append(case)
                later = min(event.on + timedelta(days=rng.randint(30, 90)), today)
                if outcome == SurplusPolicy.REASSIGNMENT:
                    post = free.pop(tenure.post.title, None) or free.pop(next(iter(free)), None) if free else None
                    if post is None:
                        continue
                    self.hold(p, post, event.on, TenureSource.REASSIGNED, decision_no=event.decision_no)
                    p.cadre.work_unit = quarter
                    case.policy, case.status, case.policy_on = outcome, SurplusStatus.RESOLVED, event.on
                elif outcome == SurplusPolicy.EARLY_RETIREMENT and later < p.retires_on:
                    case.policy, case.status, case.policy_on = outcome, SurplusStatus.RESOLVED, later
                    case.decision_no = self.decision("QĐ-UBND")
                    case.note = "Nghỉ hưu trước tuổi theo Nghị định 154/2025/NĐ-CP."
                    p.cadre.status, p.cadre.ended_on = CadreStatus.RETIRED, later
                elif outcome in (SurplusPolicy.RESIGNATION, SurplusPolicy.EARLY_RETIREMENT):
                    case.policy, case.status, case.policy_on = SurplusPolicy.RESIGNATION, SurplusStatus.RESOLVED, later
                    case.decision_no = self.decision("QĐ-UBND")
                    case.note = "Nghỉ thôi việc, hưởng trợ cấp một lần theo Nghị định 154/2025/NĐ-CP."
                    p.cadre.status, p.cadre.ended_on = CadreStatus.LEFT, later
                elif outcome == SurplusPolicy.TRANSFER:
                    case.policy, case.status, case.policy_on = outcome, SurplusStatus.RESOLVED, later
                    case.decision_no = self.decision("QĐ-UBND")
                    case.note = "Chuyển làm công chức văn hóa - xã hội phường."
                elif outcome == "in_progress":
                    case.policy, case.status = SurplusPolicy.EARLY_RETIREMENT, SurplusStatus.IN_PROGRESS
                    case.note = "Đã có chủ trương, chờ quyết định nghỉ hưu trước tuổi."
                else:
                    case.status = SurplusStatus.PENDING
            # The holder who reached the retirement age after the merge: retired at that age.
            window = (event.on + timedelta(days=20), today - timedelta(days=5))
            if window[0] < window[1]:
                source = sorted(event.sources.all(), key=lambda o: o.path)[-1]
                post = self.post(unit, f"cell:{source.pk}:staff", Title.STAFF,
                                 f"Công an viên {(source.unit_name or source.name).split(',')[0].lower()}", org=source,
                                 term=(source.opened_on, None), closed_on=event.on)  # fmt: skip
                p = self.person(unit, None, kind=CadreKind.PART_TIME, work_unit=quarter, sex=Sex.MALE,
                                retires_between=window)  # fmt: skip
                tenure = self.hold(p, post, source.opened_on, TenureSource.ELECTED, ended_on=event.on,
                                   end_reason=TenureEnd.RESTRUCTURED)  # fmt: skip
                on = p.retires_on + timedelta(days=1)
                self.cases.append(SurplusCase(
                    cadre=p.cadre, event=event, org=source, tenure=tenure, identified_on=event.on,
                    policy=SurplusPolicy.RETIREMENT, status=SurplusStatus.RESOLVED, policy_on=on,
                    decision_no=self.decision("QĐ-UBND"),
                ))  # fmt: skip
                p.cadre.status, p.cadre.ended_on = CadreStatus.RETIRED, on

    # --- writing --------------------------------------------------------------------------------------------

    def write(self, evaluations: list[Evaluation]) -> dict[str, int]:
        def bulk(model, rows):
            model.objects.bulk_create(rows, batch_size=500)

        for p in self.people:
            c = p.cadre
            if c.status == CadreStatus.WORKING and p.retires_on <= self.today:
                raise RuntimeError(f"{c.full_name} works past the retirement day")  # pragma: no cover
        bulk(Cadre, [p.cadre for p in self.people])
        bulk(Post, self.posts)
        bulk(Movement, self.movements)
        bulk(Appointment, self.appointments)
        bulk(Tenure, self.tenures)
        bulk(AppointmentStep, self.steps)
        bulk(PlanningEntry, self.planning)
        bulk(Evaluation, evaluations)
        disciplines = [d for p in self.people for d in p.disciplines]
        bulk(Discipline, disciplines)
        bulk(Course, self.courses)
        bulk(Attendance, self.attendances)
        bulk(SurplusCase, self.cases)
        working = [p for p in self.people if p.cadre.status == CadreStatus.WORKING]
        six_months = self.today + relativedelta(months=6)
        counts = {
            "cadres": len(self.people),
            "working": len(working),
            "members": sum(1 for p in self.people if p.cadre.member_id is not None),
            "part_time": sum(1 for p in self.people if p.cadre.kind == CadreKind.PART_TIME),
            "posts": len(self.posts),
            "seats": sum(p.seats for p in self.posts if p.closed_on is None),
            "tenures": len(self.tenures),
            "open_tenures": sum(1 for t in self.tenures if t.ended_on is None),
            "concurrent": sum(1 for p in working if sum(1 for t in p.tenures if t.ended_on is None) > 1),
            "due": sum(1 for t in self.tenures if t.ended_on is None and t.term_end and t.term_end <= six_months),
            "planning": len(self.planning),
            "planning_next": sum(1 for e in self.planning if e.term == TERM_NEXT),
            "appointments": len(self.appointments),
            "appointments_open": sum(1 for a in self.appointments if a.status == AppointmentStatus.IN_PROGRESS),
            "steps": len(self.steps),
            "movements": len(self.movements),
            "overdue": sum(
                1 for m in self.movements if m.returned_on is None and m.due_back_on and m.due_back_on < self.today
            ),
            "courses": len(self.courses),
            "attendances": len(self.attendances),
            "evaluations": len(evaluations),
            "disciplines": len(disciplines),
            "surplus": len(self.cases),
            "surplus_pending": sum(1 for c in self.cases if c.status != SurplusStatus.RESOLVED),
        }
        audit_record(
            actor=None,
            action="demo.seed",
            obj=self.root,
            org_path=self.root.path,
            note="Công tác cán bộ",
            changes={k: {"before": None, "after": v} for k, v in counts.items()},
        )
        return counts


def seed_cadres(*, root: Org, today: date, seed: int = 1) -> dict[str, int]:
    """Seed the cadre work of the demo province under `root`, after the tree, the members and the
    restructurings; call it inside a transaction. Returns the figures written (see `_Seed.write`)."""
    s = _Seed(root=root, today=today, seed=seed)
    s.province()
    communes = (
        Org.objects.open()
        .filter(parent=root, org_type=OrgType.UPPER_GRASSROOTS_COMMITTEE, sector=Sector.COMMUNE)
        .order_by("path")
    )
    for org in communes:
        s.commune(org)
    s.rotations_and_secondments()
    s.surplus_from_merges()
    s.disciplines()
    evaluations = s.evaluations()  # after the disciplines: a disciplined year is rated "not completed"
    for unit in s.units:
        s.planning_for(unit)
    s.later_disciplines()
    s.fill_vacancies()
    s.courses_and_attendance()
    return s.write(evaluations)
