"""The demo's enterprise register: every enterprise whose party organization the seeded tree has (its committee
or cell, with the members counted there), and in each commune a few more without one, some with enough party
members to found one; a few ceased; this year's targets from the province to the communes. Written through
the services (audited, as the system). The same seed gives the same register."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta

from django.db.models import Count
from django.db.models.functions import Substr

from tochuc.enterprises.models import EnterpriseSector
from tochuc.enterprises.services import cell_target_set, enterprise_close, enterprise_create
from tochuc.members.models import Member
from tochuc.orgs.models import SEGMENT, Org, OrgType, Sector

from . import names

TAX_PREFIXES = ("31", "32")  # the old Quảng Bình and Quảng Trị: a tax code starts with its province's number
MERGED_ON = date(2025, 7, 1)
_SECTOR = {
    Sector.STATE_ENTERPRISE: EnterpriseSector.STATE,
    Sector.NON_STATE_ENTERPRISE: EnterpriseSector.NON_STATE,
    Sector.FOREIGN_ENTERPRISE: EnterpriseSector.FOREIGN,
}
_FORMS = ["Công ty TNHH", "Công ty TNHH", "Công ty CP", "Công ty TNHH MTV", "Doanh nghiệp tư nhân"]
_TRADES = [
    *names.ENTERPRISE_TRADES, "May mặc", "Thủy sản", "Chế biến lâm sản", "Dịch vụ Nông nghiệp", "Cơ khí",
    "In ấn và Quảng cáo", "Khai thác đá", "Điện tử", "Nhà hàng - Khách sạn", "Dược phẩm",
]  # fmt: skip
_BRANDS = [
    *names.ENTERPRISE_BRANDS, "Hòa Phát", "An Khang", "Phú Thịnh", "Thuận Thành", "Kim Long", "Vĩnh Tiến",
    "Gio Linh", "Triệu Phong", "Đồng Tâm", "Phúc Lộc",
]  # fmt: skip
_FOREIGN = [
    "Công ty TNHH Giày da Taekwang Quảng Trị", "Công ty TNHH Chế biến Gỗ Hokuyo Việt Nam",
    "Công ty TNHH Thủy sản Marine Gold Việt Nam", "Công ty TNHH Điện mặt trời Sunseap Quảng Trị",
]  # fmt: skip
_STREETS = ["Lê Duẩn", "Hùng Vương", "Trần Hưng Đạo", "Quốc lộ 9", "Quốc lộ 1A", "Lý Thường Kiệt", "Nguyễn Huệ"]


def seed_enterprises(*, root: Org, today: date, seed: int = 1, rng: random.Random | None = None) -> dict[str, int]:
    """Register the demo's enterprises under `root` (the seeded province). Call it inside the seeding
    transaction, after the tree and the members. Returns the counts written."""
    rng = rng or random.Random(f"tochuc-demo:{seed}:enterprises")
    taxes: set[str] = set()
    counts: Counter[str] = Counter()
    members = _members_by_org(root)
    surveyed = date(today.year - 1, 12, 31)

    # 1. The enterprises whose party organization is in the tree: its top org (a committee or grassroots cell
    # of an enterprise under a non-enterprise parent: a commune, or a bloc committee of the province).
    own_orgs = (
        Org.objects.open()
        .filter(path__under=root.path, sector__in=list(_SECTOR), org_type__in=[OrgType.GRASSROOTS_COMMITTEE,
                                                                               OrgType.GRASSROOTS_CELL])
        .exclude(parent__sector__in=list(_SECTOR))
        .select_related("parent")
        .order_by("path")
    )  # fmt: skip
    for org in own_orgs:
        party_members = members.get(org.path, 0)
        employees = max(party_members * rng.randint(4, 15), rng.randint(15, 60))
        since = org.opened_on if org.opened_on > MERGED_ON else _before_merger(rng)
        enterprise_create(
            actor=None,
            org=org.parent,
            name=org.unit_name or org.name.removeprefix("Đảng bộ ").removeprefix("Chi bộ "),
            sector=_SECTOR[org.sector],
            tax_code=_tax_code(rng, taxes),
            address=org.address,
            party_org=org,
            party_org_since=min(since, today),
            today=today,
            **_figures(rng, employees, min(party_members, employees), surveyed),
        )
        counts["with_party_org"] += 1

    # 2. In each commune, enterprises without a party organization: household-sized to a few hundred workers.
    communes = Org.objects.open().filter(
        path__under=root.path, sector=Sector.COMMUNE, org_type=OrgType.UPPER_GRASSROOTS_COMMITTEE
    )
    used: set[str] = set()
    for commune in communes.order_by("sort_key"):
        place = _place(commune.name)
        for _i in range(rng.randint(2, 7)):
            sector, name = _new_name(rng, place, used)
            employees = rng.choice([rng.randint(5, 30), rng.randint(30, 120), rng.randint(100, 600)])
            party_members = rng.choices([0, 1, 2, 3, 4, 5], weights=[30, 20, 15, 15, 10, 10])[0]
            enterprise = enterprise_create(
                actor=None,
                org=commune,
                name=name,
                sector=sector,
                tax_code=_tax_code(rng, taxes) if rng.random() < 0.9 else None,
                address=f"{rng.randint(1, 300)} {rng.choice(_STREETS)}, {place}",
                today=today,
                **_figures(rng, employees, min(party_members, employees), surveyed),
            )
            counts["without_party_org"] += 1
            if party_members >= 3 and sector == EnterpriseSector.NON_STATE:
                counts["eligible"] += 1
            if rng.random() < 0.04:
                closed = today - timedelta(days=rng.randint(10, 300))
                enterprise_close(actor=None, enterprise=enterprise, on=closed, note="Giải thể", today=today)
                counts["closed"] += 1
        # 3. This year's target from the province: about half the eligible, at least one in some communes.
        if rng.random() < 0.6:
            cell_target_set(actor=None, org=commune, year=today.year, count=rng.randint(1, 3))
            counts["targets"] += 1
    return dict(counts)


def _members_by_org(root: Org) -> dict[str, int]:
    """Active members under each enterprise org of the tree, by its path: one GROUP BY per depth at which
    enterprise orgs lie, the members' org paths cut to that depth's length (members of shallower orgs left
    out of it, or they would count twice)."""
    out: Counter[str] = Counter()
    depths = set(
        Org.objects.filter(path__under=root.path, sector__in=list(_SECTOR)).values_list("depth", flat=True).distinct()
    )
    for depth in sorted(depths):
        length = (depth + 1) * SEGMENT
        rows = (
            Member.objects.active()
            .filter(org__path__under=root.path, org__sector__in=list(_SECTOR), org__depth__gte=depth)
            .annotate(prefix=Substr("org__path", 1, length))
            .values("prefix")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for r in rows:
            out[r["prefix"]] += r["n"]
    return out


def _place(name: str) -> str:
    """ "Lao Bảo" from "Đảng bộ xã Lao Bảo"."""
    place = name.removeprefix("Đảng bộ ")
    for word in ("xã ", "phường ", "đặc khu "):
        place = place.removeprefix(word)
    return place


def _before_merger(rng: random.Random) -> date:
    return date(2000, 1, 1) + timedelta(days=rng.randint(0, (MERGED_ON - date(2000, 1, 1)).days - 1))


def _tax_code(rng: random.Random, taken: set[str]) -> str:
    while True:
        code = rng.choice(TAX_PREFIXES) + f"{rng.randint(0, 99_999_999):08d}"
        if rng.random() < 0.08:
            code += f"{rng.randint(1, 9):03d}"  # a branch
        if code not in taken:
            taken.add(code)
            return code


def _new_name(rng: random.Random, place: str, used: set[str]) -> tuple[str, str]:
    roll = rng.random()
    if roll < 0.05:
        sector, name = EnterpriseSector.FOREIGN, rng.choice(_FOREIGN)
    elif roll < 0.1:
        sector, name = EnterpriseSector.STATE, f"Công ty TNHH MTV {rng.choice(['Lâm nghiệp', 'Cấp nước'])} {place}"
    else:
        sector = EnterpriseSector.NON_STATE
        name = f"{rng.choice(_FORMS)} {rng.choice(_TRADES)} {rng.choice(_BRANDS)}"
    if name in used:
        name = f"{name} {place}"
    while name in used:
        name = f"{name} {rng.randint(2, 99)}"
    used.add(name)
    return sector, name


def _figures(rng: random.Random, employees: int, party_members: int, surveyed: date) -> dict:
    trade_union = employees >= 25 and rng.random() < 0.75
    youth_union = employees >= 30 and rng.random() < 0.4
    return {
        "employees": employees,
        "party_members": party_members,
        "has_trade_union": trade_union,
        "trade_union_members": int(employees * rng.uniform(0.5, 0.95)) if trade_union else 0,
        "has_youth_union": youth_union,
        "youth_union_members": int(employees * rng.uniform(0.1, 0.4)) if youth_union else 0,
        "surveyed_on": surveyed,
    }
