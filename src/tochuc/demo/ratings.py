"""The demo's quality ratings (366-QĐ/TW, 43-HD/BTCTW; DOMAIN.md §2): the province's yearly campaigns of the last
five years, closed, every member rated where they are now (at their former cell for a year before their cell
was formed) and the orgs rated, with realistic shares (about 16% "excellent", 73% "good", 9% "completed", 1.5%
"not completed"), some members and orgs "excellent" five years running, a few members "not completed" two years
running; the years before the 100-point scale (30/8/2025) carry levels only, the later ones scores and task
figures that the rules allow; and the current year's campaign in progress (some self-assessed, some appraised,
a few cells decided). Members who are cadres keep the level of their cadre evaluation; a disciplined year is
"not completed". Written in bulk (one audit event); the same seed gives the same records.

The tree of the demo starts on 1/7/2025: the grassroots organisations carried over from the old communes
(village cells, agencies, enterprises, schools) are rated for the earlier years as they stand now; the
communes, the provincial blocs and the commune agencies' cells formed that day are rated from 2025.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from tochuc.cadres.models import Discipline, Evaluation
from tochuc.core.audit import audit_record
from tochuc.core.bulk import bulk_insert
from tochuc.core.rules import rules_in_force
from tochuc.members.models import Member, Membership
from tochuc.orgs.models import Org, OrgType, Sector

from ..ratings import rules
from ..ratings.choices import CampaignStatus, Disqualifier, Form, PeriodKind, Rating, Stage, SubjectKind
from ..ratings.models import Campaign, Entry
from ..ratings.rules import RatingParams
from ..ratings.services.campaigns import DEFAULT_ORG_TYPES, leaders_among
from .province import DONG_HA, MERGED_ON

YEARS = 5  # closed yearly campaigns before the current year
MEMBER_WEIGHTS = ((Rating.EXCELLENT, 16.0), (Rating.GOOD, 73.5), (Rating.COMPLETED, 9.0), (Rating.NOT_COMPLETED, 1.5))
ORG_WEIGHTS = ((Rating.EXCELLENT, 16.0), (Rating.GOOD, 72.0), (Rating.COMPLETED, 10.0), (Rating.NOT_COMPLETED, 2.0))
STREAK_MEMBERS = 48  # "excellent" five years running: the commendation demo proposes some of them
STREAK_ORGS = 14
REPEATED_FAILURES = 6  # members "not completed" in the last two closed years: the flag of DOMAIN.md §2
LEADERS = "Cán bộ lãnh đạo, quản lý"  # the peer group of the leaders (form 2A) for the quota
ADMITTED_BY = (10, 31)  # members admitted by the end of October take part in that year's review
GRASSROOTS = (OrgType.GRASSROOTS_COMMITTEE, OrgType.GRASSROOTS_CELL)
CARRIED_OVER = (OrgType.GRASSROOTS_COMMITTEE, OrgType.GRASSROOTS_CELL, OrgType.SUB_COMMITTEE, OrgType.CELL)
# The agencies' cells of a commune were formed with it on 1/7/2025 (the congresses demo numbers them I).
NEW_WITH_COMMUNE = (Sector.PARTY_AGENCY, Sector.STATE_AGENCY, Sector.MASS_ORGANIZATION, Sector.PUBLIC_SERVICE)
BASES = {
    2021: "Quy định 132-QĐ/TW; Hướng dẫn 21-HD/BTCTW; Kế hoạch của Ban Thường vụ Tỉnh ủy",
    2022: "Quy định 132-QĐ/TW; Hướng dẫn 21-HD/BTCTW; Kế hoạch của Ban Thường vụ Tỉnh ủy",
    2023: "Quy định 124-QĐ/TW; Hướng dẫn 25-HD/BTCTW; Kế hoạch của Ban Thường vụ Tỉnh ủy",
    2024: "Quy định 124-QĐ/TW; Hướng dẫn 25-HD/BTCTW; Kế hoạch của Ban Thường vụ Tỉnh ủy",
}
LATEST_BASIS = "Quy định 366-QĐ/TW; Hướng dẫn 43-HD/BTCTW; Kế hoạch của Ban Thường vụ Tỉnh ủy"
SELF_NOTES = {
    Rating.EXCELLENT: "Hoàn thành xuất sắc các nhiệm vụ được giao, nhiều nhiệm vụ vượt yêu cầu; gương mẫu, đoàn kết.",
    Rating.GOOD: "Hoàn thành tốt các nhiệm vụ được giao; chấp hành nghiêm chủ trương, nghị quyết.",
    Rating.COMPLETED: "Hoàn thành các nhiệm vụ được giao, còn một số việc chậm tiến độ.",
    Rating.NOT_COMPLETED: "Chưa hoàn thành nhiệm vụ; nghiêm túc rút kinh nghiệm, khắc phục.",
}
APPRAISAL_NOTES = {
    Rating.EXCELLENT: "Chi bộ thống nhất đề nghị mức hoàn thành xuất sắc nhiệm vụ.",
    Rating.GOOD: "Chi bộ thống nhất đề nghị mức hoàn thành tốt nhiệm vụ.",
    Rating.COMPLETED: "Còn nhiệm vụ chậm tiến độ; đề nghị mức hoàn thành nhiệm vụ.",
    Rating.NOT_COMPLETED: "Đề nghị mức không hoàn thành nhiệm vụ.",
}
# An entry's row before its steps: every column the demo writes (the rows of one insert name the same ones).
BLANK = {
    "tasks_total": None, "tasks_done": None, "tasks_on_time": None, "tasks_exceeded": None,
    "subordinate_disciplined": False, "shortcomings_fixed": True, "disqualifier": "",
    "self_score": None, "self_level": "", "self_on": None, "self_note": "",
    "appraisal_score": None, "appraisal_level": "", "appraised_on": None, "appraisal_note": "",
    "level": "", "decided_on": None, "decided_by": "", "decision_no": "", "decision_note": "",
}  # fmt: skip
NC_DISQUALIFIERS = (Disqualifier.EXAMPLE, Disqualifier.FORBIDDEN, Disqualifier.DEGRADATION)


@dataclass(eq=False)
class _Member:
    id: int
    org_id: int
    former_org_id: int | None
    occupation: str
    admitted_on: date | None
    lost_contact: bool
    form: str = Form.F2C
    levels: dict[int, str] = field(default_factory=dict)


ORG_FIELDS = ("pk", "path", "parent_id", "org_type", "sector", "opened_on", "closed_on", "name", "parent__name",
              "parent__sector", "code")  # fmt: skip


@dataclass(eq=False)
class _Org:
    id: int
    path: str
    parent_id: int | None
    org_type: str
    sector: str
    opened_on: date
    closed_on: date | None
    name: str
    parent_name: str
    parent_sector: str
    code: str
    levels: dict[int, str] = field(default_factory=dict)


class _Seed:
    def __init__(self, *, root: Org, today: date, seed: int):
        self.root, self.today = root, today
        self.rng = random.Random(f"tochuc-demo:{seed}:ratings")
        self.entries: list[dict] = []
        self.numbers: dict[tuple[str, int], int] = {}  # the decision number of each deciding body and year
        self.decisions: dict[tuple[str, int, int], tuple[str, str]] = {}
        self._load()

    # --- what is there ------------------------------------------------------------------------------------

    def _load(self) -> None:
        root = self.root
        orgs = list(
            Org.objects.filter(path__under=root.path).exclude(pk=root.pk).values_list(*ORG_FIELDS).order_by("path")
        )
        self.orgs = [_Org(*row) for row in orgs]
        self.org_by_id = {o.id: o for o in self.orgs}
        by_path = {o.path: o for o in self.orgs}
        # the grassroots organisation containing each org (itself included), or the org itself above it
        self.anchor: dict[int, _Org] = {}
        for o in self.orgs:
            found = o
            for end in range(len(o.path), 0, -9):
                up = by_path.get(o.path[:end])
                if up is not None and up.org_type in GRASSROOTS:
                    found = up
                    break
            self.anchor[o.id] = found
        people = (
            Member.objects.active()
            .filter(org__path__under=root.path, exempted=False)
            .order_by("pk")
            .values_list("pk", "org_id", "occupation", "admitted_on", "lost_contact")
        )
        # members of an org formed after the tree (a merger in 2026) are rated at their former org before it
        late_orgs = {o.id for o in self.orgs if o.opened_on > MERGED_ON}
        self.members = [_Member(pk, org_id, None, occ, admitted, lost) for pk, org_id, occ, admitted, lost in people]
        moved = [m.id for m in self.members if m.org_id in late_orgs]
        former: dict[int, int] = {}
        for member_id, org_id in (
            Membership.objects.filter(member_id__in=moved).order_by("-valid_from").values_list("member_id", "org_id")
        ):
            former[member_id] = org_id  # ordered newest first: the earliest membership is kept
        for m in self.members:
            if m.org_id in late_orgs:
                m.former_org_id = former.get(m.id)
        leaders = leaders_among(Member.objects.filter(org__path__under=root.path).values("pk"))
        for m in self.members:
            m.form = rules.default_form(SubjectKind.MEMBER, holds_post=m.id in leaders, occupation=m.occupation)
        self.evaluated: dict[tuple[int, int], str] = {
            (member_id, year): rating
            for member_id, year, rating in Evaluation.objects.filter(
                cadre__member__org__path__under=root.path
            ).values_list("cadre__member_id", "year", "rating")
        }
        self.disciplined = {
            (member_id, on.year)
            for member_id, on in Discipline.objects.filter(cadre__member__org__path__under=root.path).values_list(
                "cadre__member_id", "on"
            )
        }

    # --- campaigns ----------------------------------------------------------------------------------------

    def campaign(self, year: int, *, open_: bool) -> Campaign:
        starts = date(year, 11, 10)
        closed_on = None if open_ else min(date(year + 1, 1, 20), self.today)
        return Campaign.objects.create(
            org=self.root,
            title=f"Kiểm điểm, đánh giá, xếp loại chất lượng tổ chức đảng, đảng viên năm {year}",
            basis=BASES.get(year, LATEST_BASIS),
            period_kind=PeriodKind.YEAR,
            year=year,
            starts_on=starts,
            self_due_on=date(year, 12, 10),
            decision_due_on=date(year, 12, 31),
            status=CampaignStatus.OPEN if open_ else CampaignStatus.CLOSED,
            closed_on=closed_on,
        )

    # --- levels -------------------------------------------------------------------------------------------

    def pick(self, weights) -> str:
        levels, w = zip(*weights, strict=True)
        return self.rng.choices(levels, w)[0]

    def member_levels(self, years: list[int]) -> None:
        """Each member's level for each closed year: a streak, a cadre's evaluation, a disciplined year, or drawn."""
        rng = self.rng
        eligible = [m for m in self.members if self._eligible(m, years[0])]
        calm = [
            m
            for m in eligible
            if not m.lost_contact
            and not any((m.id, y) in self.disciplined for y in years)
            and all(self.evaluated.get((m.id, y), Rating.EXCELLENT) == Rating.EXCELLENT for y in years)
        ]
        streak = set(m.id for m in rng.sample(calm, min(STREAK_MEMBERS, len(calm))))
        # two years "not completed": members out of touch first, then a few others (not cadres: their
        # evaluations say otherwise)
        failing = [m for m in self.members if self._eligible(m, years[-2]) and m.id not in streak
                   and not any((m.id, y) in self.evaluated for y in years[-2:])]  # fmt: skip
        failing.sort(key=lambda m: (not m.lost_contact, m.id))
        half = REPEATED_FAILURES // 2
        rest = failing[half:]
        repeated = {m.id for m in failing[:half]} | {m.id for m in rng.sample(rest, min(half, len(rest)))}
        for m in self.members:
            for year in years:
                if not self._eligible(m, year):
                    continue
                if m.id in streak:
                    level = Rating.EXCELLENT
                elif (m.id in repeated and year >= years[-2]) or (m.id, year) in self.disciplined:
                    level = Rating.NOT_COMPLETED
                elif (m.id, year) in self.evaluated:
                    level = self.evaluated[(m.id, year)]
                elif m.lost_contact and year >= years[-2] and rng.random() < 0.5:
                    level = Rating.NOT_COMPLETED
                else:
                    level = self.pick(MEMBER_WEIGHTS)
                m.levels[year] = level
        self.streak_members = len(streak)

    def _eligible(self, m: _Member, year: int) -> bool:
        if m.admitted_on is not None and m.admitted_on > date(year, *ADMITTED_BY):
            return False
        return self._member_org(m, year) is not None

    def _member_org(self, m: _Member, year: int) -> int | None:
        """Where a member is rated for `year`: their org now (the orgs of the tree of 1/7/2025 stand for their
        past as well), or their former one for a year before their org was formed."""
        end = max(date(year, 12, 31), MERGED_ON)
        for org_id in (m.org_id, m.former_org_id):
            org = self.org_by_id.get(org_id)
            if org is not None and org.opened_on <= end:
                return org.id
        return None

    def rated_orgs(self, year: int) -> list[_Org]:
        """The orgs rated for `year`: those open at its end; before the reform of 1/7/2025, those carried over."""
        end = date(year, 12, 31)
        out = []
        for o in self.orgs:
            if o.org_type not in DEFAULT_ORG_TYPES or (o.closed_on and o.closed_on <= end):
                continue
            if not (self._carried_over(o) if year < MERGED_ON.year else o.opened_on <= end):
                continue
            out.append(o)
        return out

    def _carried_over(self, o: _Org) -> bool:
        """An org that existed before the 1/7/2025 reform in substance: a grassroots-level org opened with the
        tree, other than the agencies' cells formed with the new communes."""
        if o.org_type not in CARRIED_OVER or o.opened_on > MERGED_ON:
            return False
        return not (o.sector in NEW_WITH_COMMUNE and o.parent_sector == Sector.COMMUNE)

    def org_levels(self, years: list[int]) -> None:
        rng = self.rng
        first = self.rated_orgs(years[0])
        streak = {o.id for o in rng.sample(first, min(STREAK_ORGS, len(first)))}
        for year in years:
            for o in self.rated_orgs(year):
                o.levels[year] = Rating.EXCELLENT if o.id in streak else self.pick(ORG_WEIGHTS)
        self.streak_orgs = len(streak)

    # --- one entry ----------------------------------------------------------------------------------------

    def _score(self, lo: float, hi: float) -> Decimal:
        return Decimal(self.rng.randint(int(lo * 4), int(hi * 4))) / 4

    def figures(self, level: str, params: RatingParams, *, disciplined: bool = False) -> dict:
        """Task figures, conditions and a score that the rules allow `level` for (a disciplined year: the
        disqualifier of 366-QĐ/TW Art. 11 whatever the score)."""
        rng = self.rng
        total = rng.randint(5, 12)
        need = math.ceil(total * float(params.exceeded_pct) / 100)
        out = {"tasks_total": total, "tasks_done": total, "tasks_on_time": total, "tasks_exceeded": 0,
               "disqualifier": "", "shortcomings_fixed": True}  # fmt: skip
        if level == Rating.EXCELLENT:
            out["tasks_exceeded"] = rng.randint(need, total)
            score = self._score(90, 98.5)
        elif level == Rating.GOOD:
            out["tasks_exceeded"] = rng.randint(0, total)
            score = self._score(72, 89.75)
        elif level == Rating.COMPLETED:
            late = rng.randint(1, max(1, int(total * float(params.late_max_pct) / 100)))
            out["tasks_on_time"] = total - late
            score = self._score(70, 82) if rng.random() < 0.3 else self._score(52, 69.75)
        else:
            if disciplined or rng.random() < 0.5:
                out["disqualifier"] = Disqualifier.DISCIPLINED if disciplined else rng.choice(NC_DISQUALIFIERS)
                score = self._score(55, 80)
            else:
                out["tasks_done"] = total - rng.randint(1, 2)
                out["tasks_on_time"] = out["tasks_done"] - rng.randint(0, 1)
                score = self._score(35, 49.75)
            out["shortcomings_fixed"] = rng.random() < 0.5
        out["score"] = score
        return out

    def entry(self, *, campaign: Campaign, kind: str, org: _Org, member: _Member | None, level: str,
              params: RatingParams | None, stage: str, when: tuple[date, date, date]) -> dict:  # fmt: skip
        """One entry row, decided at `level` (or stopped at `stage` in the open campaign)."""
        rng = self.rng
        year = campaign.year
        form = member.form if member else Form.F01
        row = {
            **BLANK, "campaign_id": campaign.pk, "kind": kind, "org_id": org.id,
            "member_id": member.id if member else None, "form": form, "stage": stage,
            "group": LEADERS if form == Form.F2A and params is not None else "",
        }  # fmt: skip
        if stage == Stage.PENDING:
            return row
        self_level, appraisal_level = level, level
        up = rules.RATING_ORDER[min(rules.rank(level) + 1, 3)]
        if level != Rating.EXCELLENT and rng.random() < 0.08:
            self_level = up  # the cell found the self-assessment generous
        if params is None and level not in (Rating.EXCELLENT, Rating.NOT_COMPLETED) and rng.random() < 0.02:
            appraisal_level = up  # the level above decided lower than proposed (levels only: no ceiling to keep)
        if params is not None:
            f = self.figures(level, params, disciplined=bool(member) and (member.id, year) in self.disciplined)
            score = f.pop("score")
            row.update(f)
            if kind == SubjectKind.ORG and level != Rating.EXCELLENT and rng.random() < 0.05:
                row["subordinate_disciplined"] = True  # bars "excellent" only, which this level is not
            row["appraisal_score"] = score
            row["self_score"] = score
            if self_level != level:  # a generous self-assessment scores itself into the level above
                bump = Decimal(rng.randint(0, 8)) / 4
                row["self_score"] = min(Decimal(100), max(score, params.floor(self_level)) + bump)
        row.update(self_level=self_level, self_on=when[0], self_note=SELF_NOTES[self_level])
        if stage == Stage.SELF:
            row["appraisal_score"] = None
            return row
        row.update(
            appraisal_level=appraisal_level, appraised_on=when[1], appraisal_note=APPRAISAL_NOTES[appraisal_level]
        )
        if stage == Stage.APPRAISED:
            return row
        body, number = self._decision(kind, org, year)
        row.update(level=level, decided_on=when[2], decided_by=body, decision_no=number)
        return row

    def _decision(self, kind: str, org: _Org, year: int) -> tuple[str, str]:
        """The body deciding on the entries of `kind` at `org`, and its decision of the year (one decision lists
        all it rates): the standing committee above an org, the grassroots organisation of a member."""
        key = (kind, org.id, year)
        if key not in self.decisions:
            if kind == SubjectKind.ORG:
                body = rules.standing_committee_name(org.parent_name or self.root.name)
            else:
                body = rules.committee_name(self.anchor[org.id].name)
            if (body, year) not in self.numbers:
                self.numbers[(body, year)] = self.rng.randint(12, 180)
            province = body.endswith(rules.committee_name(self.root.name))
            suffix = "QĐ/TU" if province else ("NQ/CB" if body.startswith("Chi bộ") else "QĐ/ĐU")
            self.decisions[key] = (body, f"{self.numbers[(body, year)]}-{suffix}")
        return self.decisions[key]

    def _dates(self, year: int) -> tuple[date, date, date]:
        rng = self.rng
        return (
            date(year, 12, rng.randint(1, 8)),
            date(year, 12, rng.randint(10, 15)),
            date(year, 12, rng.randint(18, 29)),
        )

    # --- the years ----------------------------------------------------------------------------------------

    def closed_years(self, years: list[int]) -> list[Campaign]:
        campaigns = []
        for year in years:
            campaign = self.campaign(year, open_=False)
            campaigns.append(campaign)
            params = RatingParams.from_rules(rules_in_force(date(year, 12, 31)))
            for o in self.orgs:
                if year in o.levels:
                    self.entries.append(self.entry(campaign=campaign, kind=SubjectKind.ORG, org=o, member=None,
                                                   level=o.levels[year], params=params, stage=Stage.DECIDED,
                                                   when=self._dates(year)))  # fmt: skip
            for m in self.members:
                if year in m.levels:
                    org = self.org_by_id[self._member_org(m, year)]
                    self.entries.append(self.entry(campaign=campaign, kind=SubjectKind.MEMBER, org=org, member=m,
                                                   level=m.levels[year], params=params, stage=Stage.DECIDED,
                                                   when=self._dates(year)))  # fmt: skip
        return campaigns

    def current_year(self) -> Campaign | None:
        """The current year's campaign, opened on 10/11: self-assessments since, appraisals in the last days,
        a few grassroots organisations already decided (their members), most orgs still to report."""
        year = self.today.year
        starts = date(year, 11, 10)
        if self.today < starts + timedelta(days=5):
            return None
        campaign = self.campaign(year, open_=True)
        params = RatingParams.from_rules(rules_in_force(date(year, 12, 31)))
        rng = self.rng
        days = (self.today - starts).days

        def when() -> tuple[date, date, date]:
            s = starts + timedelta(days=rng.randint(1, max(1, days - 4)))
            a = min(self.today, s + timedelta(days=rng.randint(1, 4)))
            return s, a, min(self.today, a + timedelta(days=rng.randint(0, 2)))

        anchors = sorted({self.anchor[m.org_id].id for m in self.members if m.org_id in self.org_by_id})
        decided = set(rng.sample(anchors, max(1, len(anchors) // 40)))
        # one cell of Phường Đông Hà (where the `xa` login works) decided too, not the `bithu` login's own cell
        dong_ha = [a for a in anchors if self.org_by_id[a].code.startswith(f"{self.root.code}.{DONG_HA}.")]
        decided |= set(dong_ha[1:2])
        for o in self.orgs:
            if o.org_type not in DEFAULT_ORG_TYPES or o.closed_on is not None or o.opened_on > self.today:
                continue
            stage = rng.choices([Stage.PENDING, Stage.SELF, Stage.APPRAISED], [55, 32, 13])[0]
            level = self.pick(ORG_WEIGHTS)
            self.entries.append(self.entry(campaign=campaign, kind=SubjectKind.ORG, org=o, member=None, level=level,
                                           params=params, stage=stage, when=when()))  # fmt: skip
        for m in self.members:
            org = self.org_by_id.get(m.org_id)
            if org is None or (m.admitted_on is not None and m.admitted_on > self.today):
                continue
            last = m.levels.get(year - 1)
            level = Rating.EXCELLENT if last == Rating.EXCELLENT and rng.random() < 0.8 else self.pick(MEMBER_WEIGHTS)
            if self.anchor[org.id].id in decided:
                stage = Stage.DECIDED
            else:
                stage = rng.choices([Stage.PENDING, Stage.SELF, Stage.APPRAISED], [40, 38, 22])[0]
            self.entries.append(self.entry(campaign=campaign, kind=SubjectKind.MEMBER, org=org, member=m,
                                           level=level, params=params, stage=stage, when=when()))  # fmt: skip
        return campaign

    def write(self, campaigns: list[Campaign], current: Campaign | None) -> dict[str, int]:
        # Rows without a score leave the two decimal columns to their default: converting a decimal for the
        # database is the slowest part of a row, and most rows (the years before the scale) have none.
        scored = [r for r in self.entries if r["self_score"] is not None or r["appraisal_score"] is not None]
        plain = [
            {k: v for k, v in r.items() if k not in ("self_score", "appraisal_score")}
            for r in self.entries
            if r["self_score"] is None and r["appraisal_score"] is None
        ]
        bulk_insert(Entry, plain)
        bulk_insert(Entry, scored)
        last = max(c.year for c in campaigns)
        decided_last = Counter((r["kind"], r["level"]) for r in self.entries if r["campaign_id"] == campaigns[-1].pk)
        open_rows = [r for r in self.entries if current is not None and r["campaign_id"] == current.pk]
        open_stages = Counter(r["stage"] for r in open_rows)
        figures = {
            "campaigns": len(campaigns) + (current is not None),
            "entries": len(self.entries),
            "member_entries": sum(1 for r in self.entries if r["kind"] == SubjectKind.MEMBER),
            "org_entries": sum(1 for r in self.entries if r["kind"] == SubjectKind.ORG),
            "last_year": last,
            **{f"last_members_{lv}": decided_last[(SubjectKind.MEMBER, lv)] for lv in Rating.values},
            **{f"last_orgs_{lv}": decided_last[(SubjectKind.ORG, lv)] for lv in Rating.values},
            "streak_members": self.streak_members,
            "streak_orgs": self.streak_orgs,
            "repeated_failures": sum(
                1 for m in self.members if m.levels.get(last) == m.levels.get(last - 1) == Rating.NOT_COMPLETED
            ),
            "open_entries": len(open_rows),
            "open_pending": open_stages[Stage.PENDING],
            "open_self": open_stages[Stage.SELF],
            "open_appraised": open_stages[Stage.APPRAISED],
            "open_decided": open_stages[Stage.DECIDED],
        }
        audit_record(
            actor=None,
            action="demo.seed",
            obj=self.root,
            org_path=self.root.path,
            note="Đánh giá, xếp loại",
            changes={k: {"before": None, "after": v} for k, v in figures.items()},
        )
        return figures


def seed_ratings(*, root: Org, today: date, seed: int = 1) -> dict[str, int]:
    """Seed the quality ratings of the demo province under `root`, after the tree, the members and the cadre
    work (whose evaluations and disciplines it follows); call it inside a transaction. Returns the figures
    written (see `_Seed.write`)."""
    s = _Seed(root=root, today=today, seed=seed)
    years = list(range(today.year - YEARS, today.year))
    s.member_levels(years)
    s.org_levels(years)
    campaigns = s.closed_years(years)
    current = s.current_year()
    return s.write(campaigns, current)
