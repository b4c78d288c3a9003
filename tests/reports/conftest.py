"""A small generated dataset for the reports: the `tree` fixture's province with members of every kind drawn at
random (a fixed seed), and this year's movements made through the lifecycle services. The independent counts
to check the reports against are in report_counts.py."""

from __future__ import annotations

import random
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone
from report_counts import shift_years

from tochuc.core.dates import add_months
from tochuc.members.choices import (
    AcademicTitle,
    Education,
    Occupation,
    Qualification,
    Sex,
    StateManagementLevel,
    Status,
    TheoryLevel,
)
from tochuc.members.services import (
    member_admit,
    member_create,
    member_died,
    member_expel,
    member_transfer_in,
    member_transfer_out,
)

ETHNIC = ["Kinh", "Kinh", "Kinh", "Tày", "Bru - Vân Kiều", "Tà Ôi"]
RELIGION = ["Không", "Không", "Không", "Phật giáo", "Công giáo"]


@pytest.fixture
def dataset(tree):
    """The tree's 15 members, 60 generated ones, two on the eve and on the day of their 31st birthday, and this
    year's movements: an admission, a transfer between the two communes, one out of the province, a death
    and an expulsion."""
    today = timezone.localdate()
    rng = random.Random(2026)
    leaves = [tree.dh1, tree.dh2, tree.lb1, tree.lb2, tree.dh_company_cell]
    for i in range(60):
        born = date(rng.randint(1948, 2003), rng.randint(1, 12), rng.randint(1, 28))
        admitted = min(shift_years(born, rng.randint(18, 40)), today - timedelta(days=rng.randint(30, 400)))
        probationary = (today - admitted).days < 365
        member_create(
            actor=None,
            full_name=f"Đảng Viên Thử {i:02d}",
            sex=rng.choice([Sex.MALE, Sex.FEMALE]),
            birth_date=born,
            org=rng.choice(leaves),
            status=Status.PROBATIONARY if probationary else Status.OFFICIAL,
            admitted_on=admitted,
            official_on=None if probationary else admitted + timedelta(days=365),
            ethnic_group=rng.choice(ETHNIC),
            religion=rng.choice(RELIGION),
            education=rng.choice(Education.values),
            qualification=rng.choice(Qualification.values),
            academic_title=rng.choice(AcademicTitle.values),
            theory_level=rng.choice(TheoryLevel.values),
            state_management=rng.choice(StateManagementLevel.values),
            occupation=rng.choice(Occupation.values),
        )
    # 30 until the eve of the 31st birthday: one turns 31 tomorrow, one turned 31 today.
    for name, born in (("Trẻ Ba Mươi", add_months(today, -31 * 12) + timedelta(days=1)),
                       ("Vừa Ba Mốt", add_months(today, -31 * 12))):  # fmt: skip
        member_create(
            actor=None, full_name=name, sex=Sex.FEMALE, birth_date=born, org=tree.lb2, status=Status.OFFICIAL,
            admitted_on=shift_years(born, 22), official_on=shift_years(born, 23),
        )  # fmt: skip

    start = date(today.year, 1, 1)
    day = lambda n: min(start + timedelta(days=n), today)  # noqa: E731  (this year's days, never after today)
    admitted = member_admit(
        actor=None, org=tree.dh2, full_name="Người Mới Kết Nạp", sex=Sex.FEMALE, birth_date=date(2001, 3, 4),
        vote_on=day(20), admitted_on=day(40), decision_no="15-QĐ/ĐU", ethnic_group="Tày",
    )  # fmt: skip
    moving = tree.members["44.DH.01"][2]
    member_transfer_out(actor=None, member=moving, on=day(60), letter_no="GT-01", to_org=tree.lb1)
    member_transfer_in(actor=None, member=moving, on=day(70))
    leaving = tree.members["44.LB.02"][0]
    member_transfer_out(actor=None, member=leaving, on=day(80), letter_no="GT-02", destination="Tỉnh Nghệ An")
    member_died(actor=None, member=tree.members["44.DH.CT.01"][0], on=day(90))
    member_expel(actor=None, member=tree.members["44.LB.01"][2], on=day(100), decision_no="03-QĐ/UBKT")
    return SimpleNamespace(tree=tree, today=today, start=start, admitted=admitted, moved=moving, left=leaving)
