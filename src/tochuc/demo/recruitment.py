"""Demo data for developing new members: this year's admission targets split from the province down to the
communes and some of their cells, and candidates at every step of the dossier (some away for work, some
lost to migration, some admitted this year) and young members working away from home, all written through
the services as a committee would."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.db import transaction

from tochuc.members.choices import Occupation, Sex, Status
from tochuc.members.models import Member
from tochuc.members.services import member_away_start
from tochuc.orgs.models import Org, OrgType
from tochuc.recruitment import services
from tochuc.recruitment.models import Step
from tochuc.reports.services import admission_target_set

from .names import person_name

AWAY = [
    ("other_province", "TP. Hồ Chí Minh"),
    ("other_province", "Bình Dương"),
    ("other_province", "Đồng Nai"),
    ("other_province", "Hà Nội"),
    ("abroad", "Hàn Quốc"),
    ("abroad", "Nhật Bản"),
    ("abroad", "Đài Loan (Trung Quốc)"),
]
CELL_TYPES = (OrgType.GRASSROOTS_CELL, OrgType.CELL)
OCCUPATIONS = [Occupation.NON_STATE_ENTERPRISE, Occupation.FARMER, Occupation.SELF_EMPLOYED, Occupation.PUBLIC_EMPLOYEE]


def _day(rng: random.Random, start: date, end: date) -> date:
    if end <= start:
        return start
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def _steps_until(rng: random.Random, listed: date, today: date, n: int) -> list[date]:
    """`n` increasing dates after `listed`, none after today."""
    days, on = [], listed
    for _i in range(n):
        on = min(on + timedelta(days=rng.randint(12, 40)), today)
        days.append(on)
    return days


@transaction.atomic
def seed_recruitment(*, root: Org, today: date, seed: int = 1, per_members: int = 60) -> dict[str, int]:
    """About one candidate per `per_members` active members, in the cells that have two or more official
    members (two introduce a candidate); targets for `today`'s year about what the province admits in a year."""
    rng = random.Random(seed * 7919)
    cells = list(
        Org.objects.open()
        .filter(path__under=root.path, org_type__in=CELL_TYPES)
        .order_by("path")
        .only("id", "path", "org_type", "code", "name", "parent_id")
    )
    officials: dict[int, list[Member]] = {}
    for m in Member.objects.filter(org__in=cells, status=Status.OFFICIAL, in_transit=False).order_by("pk"):
        officials.setdefault(m.org_id, []).append(m)
    cells = [c for c in cells if len(officials.get(c.pk, ())) >= 2]
    active = Member.objects.active().filter(org__path__under=root.path).count()
    wanted = max(20, active // per_members)
    counts = {"candidates": 0, "admitted": 0, "away": 0, "lost": 0, "targets": 0, "members_away": 0}
    for i in range(wanted if cells else 0):
        cell = cells[rng.randrange(len(cells))]
        female = rng.random() < 0.45
        sex = Sex.FEMALE if female else Sex.MALE
        birth_year = today.year - rng.choice([19, 20, 22, 24, 26, 28, 30, 33, 38, 45])
        birth = date(birth_year, rng.randint(1, 12), rng.randint(1, 28))
        listed = _day(rng, today - timedelta(days=540), today - timedelta(days=60))
        young = today.year - birth_year <= 30
        candidate = services.candidate_create(
            actor=None,
            org=cell,
            full_name=person_name(rng, sex=sex, birth_year=birth_year),
            sex=sex,
            birth_date=birth,
            listed_on=listed,
            occupation=rng.choice(
                [
                    Occupation.NON_STATE_ENTERPRISE,
                    Occupation.FARMER,
                    Occupation.SELF_EMPLOYED,
                    Occupation.PUBLIC_EMPLOYEE,
                ]
            ),
            youth_union_member=young and rng.random() < 0.7,
            religion="Công giáo" if rng.random() < 0.06 else "Không",
        )
        counts["candidates"] += 1
        # How far this one has come: 0 listed ... 7 admitted.
        depth = rng.choices(range(8), weights=[14, 14, 12, 12, 10, 8, 6, 24])[0]
        days = _steps_until(rng, listed, today, 8)
        record = services.candidate_step_record
        if depth >= 1:
            record(
                actor=None,
                candidate=candidate,
                step=Step.COURSE,
                on=days[0],
                document_no=f"GCN {100 + i}/{days[0].year}",
            )
        if depth >= 2:
            record(actor=None, candidate=candidate, step=Step.APPLICATION, on=days[1])
            record(actor=None, candidate=candidate, step=Step.HISTORY, on=days[1])
            introducers = rng.sample(officials[cell.pk], 2)
            if candidate.youth_union_member:
                services.introducer_add(
                    actor=None, candidate=candidate, kind="youth_union", body="Ban Chấp hành Đoàn cơ sở", on=days[1]
                )
                introducers = introducers[:1]
            for m in introducers:
                services.introducer_add(
                    actor=None,
                    candidate=candidate,
                    kind="member",
                    member=m,
                    together_since=listed - timedelta(days=rng.randint(400, 2000)),
                    on=days[1],
                )
        if depth >= 3:
            record(actor=None, candidate=candidate, step=Step.VERIFICATION, on=days[2], result="clear")
        if depth >= 4:
            record(actor=None, candidate=candidate, step=Step.COMMENTS, on=days[3])
        admitted = False
        if depth >= 5:
            n = len(officials[cell.pk])
            record(
                actor=None,
                candidate=candidate,
                step=Step.CELL_RESOLUTION,
                on=days[4],
                official_members=n,
                in_favour=n - rng.randint(0, n // 4),
            )
        if depth >= 6 and services.committee_needed(cell):
            record(
                actor=None,
                candidate=candidate,
                step=Step.COMMITTEE_RESOLUTION,
                on=days[5],
                official_members=rng.randint(9, 15),
                in_favour=9,
            )
        if depth >= 7 and days[6] < today and services.eligibility(candidate).ok:
            services.candidate_admit(
                actor=None, candidate=candidate, admitted_on=days[6], decision_no=f"{200 + i}-QĐ/ĐU"
            )
            counts["admitted"] += 1
            admitted = True
        if not admitted:
            roll = rng.random()
            if roll < 0.10:
                kind, place = rng.choice(AWAY)
                since = _day(rng, listed, today)
                services.candidate_away_start(actor=None, candidate=candidate, kind=kind, place=place, since=since)
                counts["away"] += 1
            elif roll < 0.16:
                on = _day(rng, listed, today)
                services.candidate_drop(
                    actor=None, candidate=candidate, on=on, reason="migration", note=rng.choice(AWAY)[1]
                )
                counts["lost"] += 1
    # Young members who work away from home: about one in sixty of those under 35.
    young = Member.objects.active().filter(
        org__path__under=root.path, birth_date__gt=date(today.year - 35, 1, 1), admitted_on__isnull=False
    )
    employers = ["Công ty TNHH Samsung Electronics", "KCN VSIP Bình Dương", "Công ty CP May Việt Tiến", ""]
    for member in young.order_by("pk")[: max(3, young.count() // 60)]:
        kind, place = rng.choice(AWAY)
        since = _day(rng, max(member.admitted_on, today - timedelta(days=900)), today)
        member_away_start(
            actor=None, member=member, kind=kind, place=place, since=since, employer=rng.choice(employers)
        )
        counts["members_away"] += 1
    # This year's targets: the province gives its communes (and blocs) theirs; a few communes split theirs.
    children = list(Org.objects.open().filter(parent=root).order_by("sort_key"))
    for child in children:
        size = Member.objects.active().filter(org__path__under=child.path).count()
        count = max(1, round(size * 0.03))
        admission_target_set(actor=None, org=child, year=today.year, count=count)
        counts["targets"] += 1
        if rng.random() < 0.3:
            grand = list(Org.objects.open().filter(parent=child).order_by("sort_key")[:6])
            for g in grand[: max(1, count)]:
                admission_target_set(actor=None, org=g, year=today.year, count=1)
                counts["targets"] += 1
    return counts
