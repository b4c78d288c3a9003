"""Benchmark of the member records: search, the list page, the dashboard, export, import.

    .venv/bin/python bench/members.py [--members 200000] [--prefixes 200] [--budget 300]

Builds a province (80 communes x 20 cells) and N members in a fresh SQLite file under /tmp, or in the
database of DATABASE_URL (which must then hold no members), bulk-inserting them in batches; then times:
search by folded name prefix through `members.selectors.member_search` (p50/p95 over random prefixes of
real names), the member list page and the dashboard through Django's test client, the export of 100,000
rows through the export view (streamed to nowhere), and, when the importer exists, the import of a
100,000-row .xlsx against a raw executemany of the same rows. Each step has a time budget: a step that
exceeds it prints what it has and reports null. The last line printed is one JSON object of the figures.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import shutil
import signal
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    p.add_argument("--members", type=int, default=200_000, help="members to generate (200,000)")
    p.add_argument("--communes", type=int, default=80, help="commune committees under the province (80)")
    p.add_argument("--cells", type=int, default=20, help="grassroots cells in each commune (20)")
    p.add_argument("--prefixes", type=int, default=200, help="random name prefixes searched (200)")
    p.add_argument("--export-rows", type=int, default=100_000, help="rows the export benchmark writes (100,000)")
    p.add_argument("--import-rows", type=int, default=100_000, help="rows the import benchmark reads (100,000)")
    p.add_argument("--budget", type=float, default=300.0, help="seconds allowed to each timed step (300)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--keep", action="store_true", help="keep the temporary SQLite file")
    return p.parse_args()


ARGS = parse_args()
TMP = Path(tempfile.mkdtemp(prefix="tochuc-bench-members-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tochuc.settings")
os.environ.setdefault("TOCHUC_VAR_DIR", str(TMP))  # the secret key and the SQLite file stay out of var/
OWN_DB = not os.environ.get("DATABASE_URL")
if OWN_DB:
    os.environ["DATABASE_URL"] = f"sqlite:///{TMP / 'bench.sqlite3'}"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from tochuc.accounts.services import user_save  # noqa: E402
from tochuc.core.text import fold, person_sort_key, sort_key  # noqa: E402
from tochuc.members import selectors  # noqa: E402
from tochuc.members.choices import (  # noqa: E402
    ETHNIC_GROUPS,
    Education,
    Occupation,
    Qualification,
    Status,
    TheoryLevel,
)
from tochuc.members.models import EventKind, Member, MemberEvent  # noqa: E402
from tochuc.orgs.models import Org, OrgPeriod, OrgType, Sector  # noqa: E402

OPENED = date(2025, 7, 1)
BATCH = 5000

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ",
            "Ngô", "Dương", "Lý", "Trương", "Đinh", "Lương", "Mai", "Cao", "Văn", "Hà", "Kiều"]  # fmt: skip
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Quang", "Ngọc", "Xuân", "Thu", "Công", "Đình", "Kim",
          "Hồng", "Bích", "Mạnh", "Quốc", "Thế", "Anh", "Hoài", "Thùy", "Khánh", "Bảo", "Gia"]  # fmt: skip
GIVEN = ["An", "Anh", "Ánh", "Bình", "Cường", "Chi", "Dũng", "Duy", "Đông", "Đức", "Giang", "Hà", "Hải", "Hạnh",
         "Hiền", "Hoa", "Hòa", "Hùng", "Hương", "Huy", "Khánh", "Lan", "Linh", "Loan", "Long", "Mai", "Minh", "My",
         "Nam", "Nga", "Ngọc", "Nhung", "Phong", "Phúc", "Phương", "Quân", "Quỳnh", "Sơn", "Tâm", "Thảo", "Thắng",
         "Thủy", "Tiến", "Trang", "Trung", "Tuấn", "Tú", "Vân", "Việt", "Yến"]  # fmt: skip
PLACES = ["Đông Hà", "Đông Lương", "Cam Lộ", "Gio Linh", "Vĩnh Linh", "Hải Lăng", "Triệu Phong", "Lao Bảo",
          "Hướng Hóa", "Đakrông", "Cửa Tùng", "Cửa Việt", "Quảng Trị", "Ba Lòng", "Tà Rụt", "Khe Sanh"]  # fmt: skip
CID_PROVINCES = ["044", "045", "046", "048", "049", "051", "052", "054"]  # one per million members


class OverBudget(Exception):
    pass


@contextlib.contextmanager
def budget(seconds: float):
    """Raise OverBudget in this (main) thread once `seconds` have passed."""

    def _alarm(signum, frame):
        raise OverBudget

    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# --- Data ----------------------------------------------------------------------------------------------------


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
    """Insert one level of the tree, then write the paths from the ids the database gave (as bench/tree.py)."""
    created = Org.objects.bulk_create(rows, batch_size=BATCH)
    if any(o.pk is None for o in created):
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


def build_tree() -> tuple[Org, list[Org]]:
    with transaction.atomic():
        [root] = insert_level(
            [org_row(code="BT", name="Đảng bộ tỉnh Bench", org_type=OrgType.PROVINCE_COMMITTEE, parent=None,
                     sector=Sector.OTHER)]
        )  # fmt: skip
        communes = insert_level(
            [
                org_row(code=f"X{i:03d}", name=f"Đảng bộ xã {PLACES[i % len(PLACES)]} {i}",
                        org_type=OrgType.UPPER_GRASSROOTS_COMMITTEE, parent=root, sector=Sector.COMMUNE)
                for i in range(ARGS.communes)
            ]
        )  # fmt: skip
        cells = insert_level(
            [
                org_row(code=f"X{i:03d}-C{j:02d}", name=f"Chi bộ thôn {PLACES[(i + j) % len(PLACES)]} {j}",
                        org_type=OrgType.GRASSROOTS_CELL, parent=commune, sector=Sector.RESIDENTIAL)
                for i, commune in enumerate(communes)
                for j in range(ARGS.cells)
            ]
        )  # fmt: skip
    return root, cells


class Names:
    """Random names with their stored forms, folded and keyed once per distinct name."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.cache: dict[str, tuple[str, str, str]] = {}

    def pick(self) -> tuple[str, str, str, str]:
        r = self.rng
        name = f"{r.choice(SURNAMES)} {r.choice(MIDDLE)} {r.choice(GIVEN)}"
        if r.random() < 0.3:
            name = f"{r.choice(SURNAMES)} {r.choice(MIDDLE)} {r.choice(MIDDLE)} {r.choice(GIVEN)}"
        if name not in self.cache:
            folded = fold(name)
            self.cache[name] = (folded, person_sort_key(name), folded.rsplit(" ", 1)[-1])
        return (name, *self.cache[name])


def is_male(i: int) -> bool:
    """Exactly min(N, export rows) of the N generated members are men, spread evenly, so that the export of
    "men, any status" writes that many rows."""
    n, rows = ARGS.members, ARGS.export_rows
    return (i * rows) // n != ((i + 1) * rows) // n if n > rows else True


def member_values(i: int, rng: random.Random, names: Names, cells: list[Org], male: bool) -> dict:
    """The i-th generated member, as the Member fields."""
    name, folded, key, given = names.pick()
    admitted = date(rng.randint(1960, 2024), rng.randint(1, 12), rng.randint(1, 28))
    born = admitted - timedelta(days=rng.randint(18 * 365 + 5, 45 * 365))
    roll = rng.random()
    status, official, ceremony, ended = Status.OFFICIAL, admitted + timedelta(days=365), admitted, None
    if roll < 0.05:  # probationary: admitted in the last 14 months
        admitted = date.today() - timedelta(days=rng.randint(20, 420))
        status, ceremony, official = Status.PROBATIONARY, admitted + timedelta(days=10), None
    elif roll < 0.07:
        status, ended = rng.choice([Status.DECEASED, Status.REMOVED, Status.TRANSFERRED_OUT]), date(2024, 1, 1)
    # Most badges are awarded on time: the highest milestone reached, for 95% of those who reached one.
    years = (date.today() - admitted).days // 365
    reached = [m for m in (30, 40, 45, 50, 55, 60, 65) if m <= years]
    badge = max(reached) if status == Status.OFFICIAL and reached and rng.random() < 0.95 else None
    century = (born.year - 1900) // 100
    cid = f"{CID_PROVINCES[i // 1_000_000]}{2 * century + (0 if male else 1)}{born.year % 100:02d}{i % 1_000_000:06d}"
    return {
        "full_name": name,
        "name_folded": folded,
        "sort_key": key,
        "given_folded": given,
        "sex": "male" if male else "female",
        "birth_date": born,
        "ethnic_group": "Kinh" if rng.random() < 0.9 else rng.choice(ETHNIC_GROUPS),
        "religion": "Không" if rng.random() < 0.9 else "Phật giáo",
        "education": rng.choice(Education.values),
        "qualification": rng.choice(Qualification.values),
        "theory_level": rng.choice(TheoryLevel.values),
        "occupation": rng.choice(Occupation.values),
        "org_id": cells[i % len(cells)].pk,
        "status": status,
        "admitted_on": admitted,
        "ceremony_on": ceremony,
        "official_on": official,
        "party_age_from": admitted,
        "highest_badge": badge,
        "ended_on": ended,
        "citizen_id": cid,
        "card_number": f"44{i:08d}" if official and rng.random() < 0.8 else None,
        "exempted": status == Status.OFFICIAL and rng.random() < 0.01,
        "lost_contact": status == Status.OFFICIAL and rng.random() < 0.002,
    }


def build_members(rng: random.Random, cells: list[Org], actor) -> None:
    names = Names(rng)
    now = timezone.now()
    n = ARGS.members
    with transaction.atomic():
        for start in range(0, n, BATCH):
            batch = [
                Member(**member_values(i, rng, names, cells, is_male(i)), created_at=now, updated_at=now)
                for i in range(start, min(n, start + BATCH))
            ]
            Member.objects.bulk_create(batch)
        # A few members away on a temporary transfer and a few between two orgs, with their events.
        sample = list(Member.objects.filter(status=Status.OFFICIAL).order_by("?").values_list("pk", "org_id")[:800])
        events, temporary, moving = [], [], []
        for k, (pk, org_id) in enumerate(sample):
            on = date.today() - timedelta(days=rng.randint(5, 200))
            other = cells[(k * 7 + 3) % len(cells)]
            if k % 2:
                until = on + timedelta(days=rng.randint(90, 360))
                events.append(MemberEvent(member_id=pk, kind=EventKind.TEMPORARY_OUT, on=on, org_id=org_id,
                                          other_org=other, decision_no=f"GT-{k}", data={"until": until.isoformat()},
                                          actor=actor))  # fmt: skip
                temporary.append((pk, other.pk))
            else:
                present_by = on + timedelta(days=42)
                events.append(MemberEvent(member_id=pk, kind=EventKind.TRANSFER_OUT, on=on, org_id=org_id,
                                          other_org=other, decision_no=f"CS-{k}",
                                          data={"outside": False, "present_by": present_by.isoformat()},
                                          actor=actor))  # fmt: skip
                moving.append(pk)
        MemberEvent.objects.bulk_create(events, batch_size=BATCH)
        for pk, host in temporary:
            Member.objects.filter(pk=pk).update(temporary_host_id=host)
        Member.objects.filter(pk__in=moving).update(in_transit=True)


# --- Timings -------------------------------------------------------------------------------------------------


def ms_stats(samples: list[float]) -> tuple[float, float]:
    s = sorted(samples)
    return statistics.median(s), s[min(len(s) - 1, max(0, round(0.95 * len(s)) - 1))]


def prefixes(rng: random.Random, count: int) -> list[str]:
    """Prefixes of real folded names, cut inside a word (what a person types): "nguyen van h", "tran t"."""
    ids = list(Member.objects.order_by("?").values_list("name_folded", flat=True)[:count])
    out = []
    for folded in ids:
        cut = rng.randint(min(4, len(folded)), len(folded))
        out.append(folded[:cut].rstrip() or folded)
    return out


def time_search(actor, queries: list[str], label: str) -> tuple[float | None, float | None, int]:
    samples, found = [], 0
    try:
        with budget(ARGS.budget):
            for q in queries:
                t0 = time.perf_counter()
                found += len(selectors.member_search(actor=actor, q=q, limit=20))
                samples.append((time.perf_counter() - t0) * 1000)
    except OverBudget:
        print(f"  {label}: over the {ARGS.budget:.0f} s budget after {len(samples)} queries")
    if not samples:
        return None, None, 0
    p50, p95 = ms_stats(samples)
    print(f"  {label}: {len(samples)} queries, p50 {p50:.2f} ms, p95 {p95:.2f} ms, max {max(samples):.2f} ms, "
          f"{found / len(samples):.1f} found on average (at most 20)")  # fmt: skip
    return p50, p95, len(samples)


def time_page(client: Client, url: str, params: dict, label: str, repeat: int = 7) -> float | None:
    samples = []
    try:
        with budget(ARGS.budget):
            for _ in range(repeat):
                t0 = time.perf_counter()
                response = client.get(url, params)
                assert response.status_code == 200, (url, params, response.status_code)
                samples.append((time.perf_counter() - t0) * 1000)
    except OverBudget:
        print(f"  {label}: over the {ARGS.budget:.0f} s budget")
    if not samples:
        return None
    median = statistics.median(samples)
    print(f"  {label}: median {median:.1f} ms (best {min(samples):.1f}, {len(samples)} runs)")
    return median


def time_export(client: Client, root: Org, rows: int, fmt: str) -> float | None:
    if rows <= 0:
        print(f"  export {fmt}: skipped (--export-rows 0)")
        return None
    params = {"org": root.code, "status": "all", "format": fmt}
    if ARGS.members > ARGS.export_rows:
        params["sex"] = "male"  # exactly ARGS.export_rows generated members are men
    t0 = time.perf_counter()
    size = 0
    try:
        with budget(ARGS.budget), open(os.devnull, "wb") as sink:
            response = client.get(reverse("members:export"), params)
            assert response.status_code == 200, response.status_code
            chunks = response.streaming_content if response.streaming else [response.content]
            for chunk in chunks:
                data = chunk if isinstance(chunk, bytes) else chunk.encode()
                size += len(data)
                sink.write(data)
    except OverBudget:
        print(f"  export {fmt}: over the {ARGS.budget:.0f} s budget ({size:,} bytes written)")
        return None
    seconds = time.perf_counter() - t0
    scaled = seconds * ARGS.export_rows / rows
    note = f" (scaled to {ARGS.export_rows:,} rows: {scaled:.1f} s)" if rows != ARGS.export_rows else ""
    print(f"  export {fmt}: {rows:,} rows, {size / 1e6:.1f} MB in {seconds:.1f} s{note}")
    return scaled


def time_import(actor, root: Org, cells: list[Org], rng: random.Random) -> tuple[float | None, float | None]:
    """The importer (members/services/imports.py) on a generated .xlsx of new members, against a raw
    executemany of the same member rows (prepared beforehand, inserted, then rolled back)."""
    if ARGS.import_rows <= 0:
        print("  import: skipped (--import-rows 0)")
        return None, None
    if not (REPO / "src" / "tochuc" / "members" / "services" / "imports.py").exists():
        print("  import: not measured (no importer yet)")
        return None, None
    from tochuc.members import excel
    from tochuc.members.services.imports import members_import

    n = ARGS.import_rows
    names, by_id = Names(rng), {c.pk: c for c in cells}
    members = []
    for k in range(n):
        values = member_values(ARGS.members + k, rng, names, cells, rng.random() < 0.6)
        if values["status"] not in (Status.OFFICIAL, Status.PROBATIONARY):  # the importer enters active members
            values.update(status=Status.OFFICIAL, official_on=values["admitted_on"] + timedelta(days=365),
                          ended_on=None)  # fmt: skip
        m = Member(**values)
        m.org = by_id[values["org_id"]]
        members.append(m)
    path = TMP / "import.xlsx"
    t0 = time.perf_counter()
    excel.write_members(str(path), (excel.member_cells(m, i) for i, m in enumerate(members, start=1)), count=n)
    print(f"  import file: {n:,} rows, {path.stat().st_size / 1e6:.1f} MB written in {time.perf_counter() - t0:.1f} s")

    # The raw baseline: the same rows as the members table stores them, one executemany.
    fields = [f for f in Member._meta.concrete_fields if not f.primary_key]
    now = timezone.now()
    rows = []
    for m in members:
        m.created_at = m.updated_at = now
        rows.append([f.get_db_prep_save(getattr(m, f.attname), connection) for f in fields])
    table, qn = Member._meta.db_table, connection.ops.quote_name
    sql = (f"INSERT INTO {qn(table)} ({', '.join(qn(f.column) for f in fields)}) "
           f"VALUES ({', '.join(['%s'] * len(fields))})")  # fmt: skip
    try:
        with budget(ARGS.budget), transaction.atomic():
            t0 = time.perf_counter()
            with connection.cursor() as c:
                c.executemany(sql, rows)
            raw = time.perf_counter() - t0
            transaction.set_rollback(True)
    except OverBudget:
        print(f"  import: the raw executemany took more than {ARGS.budget:.0f} s")
        return None, None
    print(f"  raw executemany: {n:,} rows in {raw:.1f} s ({n / raw:,.0f} rows/s)")

    try:
        with budget(ARGS.budget), open(path, "rb") as f:
            t0 = time.perf_counter()
            result = members_import(actor=actor, root=root, file=f, filename=path.name, max_bytes=None)
            seconds = time.perf_counter() - t0
    except OverBudget:
        print(f"  import: over the {ARGS.budget:.0f} s budget")
        return None, None
    except Exception as e:  # an importer still being written: say so, keep the other figures
        print(f"  import: failed ({type(e).__name__}: {e})")
        return None, None
    if result.problems or result.created != n:
        print(f"  import: {result.created:,} created, {len(result.problems)} problems, e.g. {result.problems[:3]}")
    rate = result.created / seconds
    print(f"  import (members_import, all checks, events, memberships, audit): {result.created:,} rows in "
          f"{seconds:.1f} s ({rate:,.0f} rows/s), {seconds / raw:.1f}x the raw insert")  # fmt: skip
    return rate, seconds / raw


def main() -> None:
    rng = random.Random(ARGS.seed)
    vendor = connection.vendor
    where = f" ({TMP / 'bench.sqlite3'})" if OWN_DB else " (DATABASE_URL)"
    print(f"tochuc bench/members.py on {vendor}{where}, {ARGS.members:,} members")
    t0 = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    print(f"  migrate: {time.perf_counter() - t0:.1f} s")
    if Member.objects.exists():
        raise SystemExit("The database already holds members: the bench needs an empty one.")

    t0 = time.perf_counter()
    root, cells = build_tree()
    actor, _new = user_save(actor=None, username="bench", role="admin", org=root, validate=False)
    build_members(rng, cells, actor)
    print(f"  built {Org.objects.count():,} orgs and {Member.objects.count():,} members in "
          f"{time.perf_counter() - t0:.1f} s")  # fmt: skip
    t0 = time.perf_counter()
    with connection.cursor() as c:
        c.execute("ANALYZE")
    print(f"  ANALYZE: {time.perf_counter() - t0:.1f} s")

    figures: dict[str, object] = {"members": Member.objects.count(), "database": vendor}

    queries = prefixes(rng, ARGS.prefixes)
    p50, p95, _n = time_search(actor, queries, "search, folded full-name prefix")
    figures["search_p50_ms"] = round(p50, 2) if p50 is not None else None
    figures["search_p95_ms"] = round(p95, 2) if p95 is not None else None
    given = [rng.choice(GIVEN) for _ in range(max(1, ARGS.prefixes // 4))]
    time_search(actor, [fold(g)[: rng.randint(2, len(fold(g)))] for g in given], "search, given-name prefix")
    cids = list(Member.objects.order_by("?").values_list("citizen_id", flat=True)[: max(1, ARGS.prefixes // 4)])
    time_search(actor, [c[: rng.randint(6, 12)] for c in cids], "search, citizen ID prefix")

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    client.force_login(actor)
    members_url = reverse("members:list")
    list_ms = time_page(client, members_url, {}, "list page 1 (province, active, Vietnamese order)")
    figures["list_page_ms"] = round(list_ms, 1) if list_ms is not None else None
    time_page(client, members_url, {"page": 1000}, "list page 1000")
    time_page(client, members_url, {"sex": "female", "age_band": "41-50", "education": "upper_secondary"},
              "list, three filters")  # fmt: skip
    time_page(client, members_url, {"sort": "-birth_date", "status": "all"}, "list, all statuses by birth date")
    time_page(client, members_url, {"q": queries[0]}, f"list, search «{queries[0]}»")
    time_page(client, members_url, {"org": cells[0].code}, "list of one cell")
    time_page(client, reverse("members:dashboard"), {}, "dashboard (four follow-up lists)", repeat=5)

    rows = min(ARGS.members, ARGS.export_rows)
    export_s = time_export(client, root, rows, "xlsx")
    figures["export_100k_s"] = round(export_s, 2) if export_s is not None else None
    time_export(client, root, rows, "csv")

    rate, ratio = time_import(actor, root, cells, rng)
    figures["import_rows_per_s"] = round(rate) if rate is not None else None
    figures["import_ratio_to_raw"] = round(ratio, 2) if ratio is not None else None
    print(json.dumps({k: figures[k] for k in ("members", "import_rows_per_s", "import_ratio_to_raw",
                                              "search_p50_ms", "search_p95_ms", "list_page_ms", "export_100k_s",
                                              "database")}))  # fmt: skip


if __name__ == "__main__":
    try:
        main()
    finally:
        connection.close()
        if ARGS.keep:
            print(f"  kept {TMP}")
        else:
            shutil.rmtree(TMP, ignore_errors=True)
