"""Benchmark of the organization tree: counts, the tree now and as of a date, search, move, merge.

    .venv/bin/python bench/tree.py [--communes 80] [--cells 20] [--members 100000]

Builds a province in its own SQLite file under /tmp (or in the database of DATABASE_URL, which must then
be empty of organizations), bulk-inserting the orgs, their periods, the members and their memberships,
then times the selectors and services of tochuc.orgs at the root and prints milliseconds and ratios per
member. The tree: 1 provincial committee -> C commune committees -> K grassroots cells each, the members
spread over the cells; plus one grassroots committee of the same size directly under the province, the
subtree that the move benchmark hangs under a commune. Reads are repeated (best of up to 5 runs, at most
~3 s each); each write runs once. Nothing here is unbounded: the work grows linearly with the sizes given.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    p.add_argument("--communes", type=int, default=80, help="commune committees under the province (80)")
    p.add_argument("--cells", type=int, default=20, help="grassroots cells in each commune (20)")
    p.add_argument("--members", type=int, default=100_000, help="active members over all cells (100,000)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--keep", action="store_true", help="keep the temporary SQLite file")
    return p.parse_args()


ARGS = parse_args()
TMP = Path(tempfile.mkdtemp(prefix="tochuc-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tochuc.settings")
os.environ.setdefault("TOCHUC_VAR_DIR", str(TMP))  # the secret key and the SQLite file stay out of var/
OWN_DB = not os.environ.get("DATABASE_URL")
if OWN_DB:
    os.environ["DATABASE_URL"] = f"sqlite:///{TMP / 'bench.sqlite3'}"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from tochuc.accounts.services import user_save  # noqa: E402
from tochuc.core.text import fold, person_sort_key, sort_key  # noqa: E402
from tochuc.members.models import Member, Membership  # noqa: E402
from tochuc.orgs import selectors, services  # noqa: E402
from tochuc.orgs.models import Org, OrgPeriod, OrgType, Sector  # noqa: E402

OPENED = date(2025, 7, 1)  # the two-level government reform: every org of the bench opens that day
BATCH = 5000

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Quang", "Ngọc", "Xuân", "Thu", "Công", "Đình"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Đông", "Giang", "Hà", "Hải", "Hạnh", "Hoa", "Hùng", "Hương", "Khánh",
         "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Phong", "Phương", "Quân", "Sơn", "Tâm", "Thảo", "Trang",
         "Trung", "Tuấn", "Vân", "Yến"]  # fmt: skip
PLACES = ["Đông Hà", "Đông Lương", "Cam Lộ", "Gio Linh", "Vĩnh Linh", "Hải Lăng", "Triệu Phong", "Lao Bảo",
          "Hướng Hóa", "Đakrông", "Cửa Tùng", "Cửa Việt", "Quảng Trị", "Ba Lòng", "Tà Rụt", "Khe Sanh"]  # fmt: skip


def org_row(*, code: str, name: str, org_type: str, parent: Org | None, sector: str) -> Org:
    return Org(
        code=code,
        name=name,
        name_folded=fold(name),
        sort_key=sort_key(name),
        org_type=org_type,
        sector=sector,
        parent=parent,
        opened_on=OPENED,
        path=f"tmp-{code}",
        depth=parent.depth + 1 if parent else 0,
    )


def insert_level(rows: list[Org]) -> list[Org]:
    """Insert one level of the tree, then write the paths from the ids the database gave."""
    created = Org.objects.bulk_create(rows, batch_size=BATCH)
    if any(o.pk is None for o in created):  # a backend that does not return ids
        by_code = dict(Org.objects.filter(code__in=[o.code for o in rows]).values_list("code", "pk"))
        for o in created:
            o.pk = by_code[o.code]
    for o in created:
        o.path = (o.parent.path if o.parent else "") + f"{o.pk:08x}."
    Org.objects.bulk_update(created, ["path"], batch_size=BATCH)
    OrgPeriod.objects.bulk_create(
        [OrgPeriod(org=o, name=o.name, org_type=o.org_type, parent=o.parent, valid_from=OPENED) for o in created],
        batch_size=BATCH,
    )
    return created


def build(rng: random.Random) -> dict:
    t0 = time.perf_counter()
    with transaction.atomic():
        root = insert_level(
            [
                org_row(
                    code="BT",
                    name="Đảng bộ tỉnh Bench",
                    org_type=OrgType.PROVINCE_COMMITTEE,
                    parent=None,
                    sector=Sector.OTHER,
                )
            ]
        )[0]
        communes = insert_level(
            [
                org_row(
                    code=f"X{i:03d}",
                    name=f"Đảng bộ xã {PLACES[i % len(PLACES)]} {i}",
                    org_type=OrgType.UPPER_GRASSROOTS_COMMITTEE,
                    parent=root,
                    sector=Sector.COMMUNE,
                )
                for i in range(ARGS.communes)
            ]
        )
        # The subtree the move benchmark re-parents: a grassroots committee of an enterprise with as many
        # cells as a commune, hanging directly under the province until it is moved under a commune.
        enterprise = insert_level(
            [
                org_row(
                    code="DN",
                    name="Đảng bộ Công ty Bench",
                    org_type=OrgType.GRASSROOTS_COMMITTEE,
                    parent=root,
                    sector=Sector.STATE_ENTERPRISE,
                )
            ]
        )[0]
        cells = insert_level(
            [
                org_row(
                    code=f"X{i:03d}-C{j:02d}",
                    name=f"Chi bộ thôn {PLACES[(i + j) % len(PLACES)]} {j}",
                    org_type=OrgType.GRASSROOTS_CELL,
                    parent=commune,
                    sector=Sector.RESIDENTIAL,
                )
                for i, commune in enumerate(communes)
                for j in range(ARGS.cells)
            ]
            + [
                org_row(
                    code=f"DN-C{j:02d}",
                    name=f"Chi bộ phân xưởng {j}",
                    org_type=OrgType.CELL,
                    parent=enterprise,
                    sector=Sector.STATE_ENTERPRISE,
                )
                for j in range(ARGS.cells)
            ]
        )
    t_orgs = time.perf_counter() - t0

    # A pool of names with their folded form and sort key computed once: folding 100,000 names one by
    # one would time core.text, not the tree.
    pool = []
    for _ in range(2000):
        name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        pool.append((name, fold(name), person_sort_key(name)))
    t0 = time.perf_counter()
    now = timezone.now()
    with transaction.atomic():
        for start in range(0, ARGS.members, BATCH):
            n = min(BATCH, ARGS.members - start)
            batch = []
            for k in range(n):
                name, folded, key = pool[(start + k) % len(pool)]
                admitted = date(rng.randint(1975, 2024), rng.randint(1, 12), rng.randint(1, 28))
                batch.append(
                    Member(
                        full_name=name,
                        name_folded=folded,
                        sort_key=key,
                        sex="male" if rng.random() < 0.6 else "female",
                        birth_date=admitted - timedelta(days=rng.randint(18 * 365 + 5, 40 * 365)),
                        org=cells[(start + k) % len(cells)],
                        status="official",
                        admitted_on=admitted,
                        official_on=admitted + timedelta(days=366),
                        created_at=now,
                        updated_at=now,
                    )
                )
            created = Member.objects.bulk_create(batch)
            if any(m.pk is None for m in created):
                raise SystemExit("this database backend does not return ids from bulk_create")
            Membership.objects.bulk_create(
                [
                    Membership(member=m, org_id=m.org_id, valid_from=OPENED, reason=Membership.Reason.REGISTERED)
                    for m in created
                ]
            )
    t_members = time.perf_counter() - t0
    actor, _new = user_save(actor=None, username="bench", role="admin", org=root, validate=False)
    return {
        "root": root,
        "communes": communes,
        "enterprise": enterprise,
        "cells": cells,
        "actor": actor,
        "t_orgs": t_orgs,
        "t_members": t_members,
    }


def timed(fn, *, repeat: int = 5, budget: float = 3.0) -> tuple[float, object]:
    """Best time in ms over up to `repeat` runs, stopping once `budget` seconds have gone."""
    best, result, spent = float("inf"), None, 0.0
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        dt = time.perf_counter() - t0
        best, spent = min(best, dt), spent + dt
        if spent > budget:
            break
    return best * 1000, result


def once(fn) -> tuple[float, object]:
    return timed(fn, repeat=1)


def main() -> None:
    rng = random.Random(ARGS.seed)
    vendor = connection.vendor
    print(f"tochuc bench/tree.py on {vendor}" + (f" ({TMP / 'bench.sqlite3'})" if OWN_DB else " (DATABASE_URL)"))
    t0 = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    print(f"  migrate: {(time.perf_counter() - t0):.1f} s")
    if Org.objects.exists():
        raise SystemExit("The database already holds organizations: the bench needs an empty one.")

    data = build(rng)
    root, actor, communes = data["root"], data["actor"], data["communes"]
    n_orgs, n_members = Org.objects.count(), Member.objects.count()
    print(
        f"  built {n_orgs:,} orgs in {data['t_orgs']:.1f} s and {n_members:,} members "
        f"(+ memberships) in {data['t_members']:.1f} s"
    )
    if vendor == "postgresql":
        with connection.cursor() as c:
            c.execute("ANALYZE")

    today = timezone.localdate()
    as_of = OPENED + (today - OPENED) // 2
    rows: list[tuple[str, float, int]] = []  # label, ms, members involved

    ms, (counts, _direct) = timed(lambda: selectors.member_counts_by_child(root))
    assert sum(counts.values()) == n_members, (sum(counts.values()), n_members)
    rows.append(("member_counts_by_child(root)", ms, n_members))

    ms, tree = timed(lambda: selectors.org_tree(actor=actor, root=root))
    assert len(tree) == n_orgs and tree[0].members == n_members
    rows.append((f"org_tree(root), {len(tree):,} rows", ms, n_members))

    ms, tree = timed(lambda: selectors.org_tree(actor=actor, root=root, as_of=as_of))
    assert len(tree) == n_orgs and tree[0].members == n_members
    rows.append((f"org_tree(root, as_of={as_of:%d/%m/%Y})", ms, n_members))

    ms, found = timed(lambda: selectors.org_search(actor=actor, q="dong"))
    rows.append((f'org_search("dong"), {len(found)} found', ms, 0))

    ms, found = timed(lambda: selectors.org_search(actor=actor, q="chi bo thon lao bao"))
    rows.append((f'org_search("chi bo thon lao bao"), {len(found)} found', ms, 0))

    # Writes: each once, on data the reads above did not depend on.
    enterprise = data["enterprise"]
    moved_members = Member.objects.filter(org__path__startswith=enterprise.path).count()
    subtree = Org.objects.under(enterprise).count()
    ms, _ = once(lambda: services.org_move(actor=actor, org=enterprise, new_parent=communes[0], on=today))
    assert Org.objects.filter(path__startswith=communes[0].path).count() == ARGS.cells + 1 + subtree
    rows.append((f"org_move: {subtree} orgs re-parented under a commune", ms, moved_members))

    a, b = communes[1], communes[2]
    in_ab = (
        Member.objects.filter(org__path__startswith=a.path).count()
        + Member.objects.filter(org__path__startswith=b.path).count()
    )
    new = services.NewOrg(
        code="X-AB", name="Đảng bộ xã Hợp Nhất", org_type=OrgType.UPPER_GRASSROOTS_COMMITTEE, parent=root
    )
    ms, target = once(lambda: services.org_merge(actor=actor, sources=[a, b], new=new, on=today))
    assert Member.objects.active().filter(org__path__startswith=target.path).count() == in_ab
    rows.append((f"org_merge: 2 communes -> new, {2 * ARGS.cells} cells re-parented", ms, in_ab))

    c1, c2 = Org.objects.filter(parent=communes[3]).order_by("code")[:2]
    in_cells = Member.objects.filter(org__in=[c1, c2]).count()
    ms, _ = once(lambda: services.org_merge(actor=actor, sources=[c2], target=c1, on=today))
    assert Member.objects.filter(org=c1).count() == in_cells
    rows.append(("org_merge: a cell into another, members moved", ms, in_cells))

    ms, tree = timed(lambda: selectors.org_tree(actor=actor, root=root, as_of=as_of))
    assert tree[0].members == n_members
    rows.append(("org_tree(root, as_of) after the restructuring", ms, n_members))

    print()
    print(f"  {'operation':<58} {'ms':>9} {'members':>9} {'µs/member':>10}")
    for label, ms, members in rows:
        ratio = f"{ms * 1000 / members:10.2f}" if members else f"{'':>10}"
        print(f"  {label:<58} {ms:9.1f} {members:9,} {ratio}")
    print()


if __name__ == "__main__":
    try:
        main()
    finally:
        connection.close()
        if ARGS.keep:
            print(f"  kept {TMP}")
        else:
            shutil.rmtree(TMP, ignore_errors=True)
