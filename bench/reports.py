"""Benchmark of the statistical reports against hand-written SQL, at national, province and commune level.

    .venv/bin/python bench/reports.py [--members 200000] [--provinces 34] [--database-url URL] [--repeat 5]

Generates a nation (`tochuc.demo.national.generate_nation`: the real provinces and communes, members with
their events) into a fresh SQLite file under /tmp, or into the database of --database-url (which must hold no
members); then, for every standard report and each level, times the report end to end (the engine's run and
its json) and the single SQL aggregate a person would write by hand for the same numbers, checks that both
give the same totals, and prints their ratio. The last line printed is one JSON object of the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    p.add_argument("--members", type=int, default=200_000, help="members to generate (200,000)")
    p.add_argument("--provinces", type=int, default=34, help="provinces to generate (34)")
    p.add_argument("--database-url", help="the database to use (default: a fresh SQLite file under /tmp)")
    p.add_argument("--repeat", type=int, default=5, help="runs of each measurement; the median is kept (5)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--keep", action="store_true", help="keep the temporary SQLite file")
    return p.parse_args()


ARGS = parse_args()
TMP = Path(tempfile.mkdtemp(prefix="tochuc-bench-reports-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tochuc.settings")
os.environ.setdefault("TOCHUC_VAR_DIR", str(TMP))
if ARGS.database_url:
    os.environ["DATABASE_URL"] = ARGS.database_url
else:
    os.environ["DATABASE_URL"] = f"sqlite:///{TMP / 'bench.sqlite3'}"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from tochuc.core.dates import add_months  # noqa: E402
from tochuc.members.choices import (  # noqa: E402
    ACTIVE_STATUSES,
    AcademicTitle,
    Education,
    Occupation,
    Qualification,
    StateManagementLevel,
    TheoryLevel,
)
from tochuc.members.models import Member  # noqa: E402
from tochuc.orgs.models import SEGMENT, Org, OrgType  # noqa: E402
from tochuc.reports import engine, render  # noqa: E402
from tochuc.reports.catalog import AGE_BANDS, MOVEMENT_KINDS, PARTY_AGE_BANDS, REPORTS  # noqa: E402

# --- The hand-written SQL -----------------------------------------------------------------------------------
# What a person writes for each report: one GROUP BY over the rows under the org, one SUM(CASE ...) per column.
# The column conditions are SQL text with %s parameters.


def _years_before(on: date, years: int) -> date:
    return add_months(on, -12 * years)


def _member_columns(name: str, on: date) -> list[tuple[str, str, list]]:
    cols: list[tuple[str, str, list]] = [("members", "1=1", [])]
    if name == "composition":
        cols += [
            ("female", "m.sex = 'female'", []),
            ("minority", "m.ethnic_group <> 'Kinh'", []),
            ("religious", "m.religion NOT IN ('Không', '')", []),
            ("probationary", "m.admitted_on <= %s AND (m.official_on IS NULL OR m.official_on > %s)", [on, on]),
        ]
        for low, high in AGE_BANDS:
            sql, params = "m.birth_date <= %s", [_years_before(on, low or 0)]
            if high is not None:
                sql, params = sql + " AND m.birth_date > %s", [*params, _years_before(on, high + 1)]
            cols.append((f"age_{low or 0}_{high or 'up'}", sql, params))
        for low, high in PARTY_AGE_BANDS:
            sql, params = "m.party_age_from <= %s", [_years_before(on, low or 0)]
            if high is not None:
                sql, params = sql + " AND m.party_age_from > %s", [*params, _years_before(on, high)]
            cols.append((f"party_{low or 0}_{high or 'up'}", sql, params))
    elif name == "quality":
        for field, choices in (("education", Education), ("qualification", Qualification),
                               ("academic_title", AcademicTitle), ("theory_level", TheoryLevel),
                               ("state_management", StateManagementLevel)):  # fmt: skip
            for value in choices.values:
                if field == "academic_title" and not value:
                    continue
                cols.append((f"{field}_{value or 'none'}", f"m.{field} = %s", [value]))
    elif name == "occupation":
        cols += [(f"occupation_{v}", "m.occupation = %s", [v]) for v in Occupation.values]
    return cols


def _sums(cols) -> tuple[str, list]:
    sql = ", ".join(f"SUM(CASE WHEN {cond} THEN 1 ELSE 0 END)" for _k, cond, _p in cols)
    return sql, [p for _k, _c, params in cols for p in params]


def hand_sql(name: str, org: Org | None, on: date, start: date, end: date) -> tuple[str, list, list[str]]:
    """(sql, params, column keys) of the hand-written aggregate; its first column is the row."""
    prefix = org.path if org is not None else ""
    length = len(prefix) + SEGMENT
    statuses = ", ".join(f"'{s}'" for s in ACTIVE_STATUSES)
    # The prefix match a person writes on each engine so that the path index serves it: SQLite's LIKE ignores
    # case and cannot use the index, GLOB can; PostgreSQL's LIKE can (the index has text_pattern_ops).
    if connection.vendor == "sqlite":
        match, like = "GLOB", prefix + "*"
    else:
        match, like = "LIKE", prefix + "%"
    if name in ("composition", "quality", "occupation"):
        cols = _member_columns(name, on)
        sums, params = _sums(cols)
        sql = (f"SELECT substr(o.path, 1, {length}), {sums} FROM members_member m JOIN orgs_org o ON o.id = m.org_id "
               f"WHERE m.status IN ({statuses}) AND m.in_transit = %s AND o.path {match} %s GROUP BY 1")  # fmt: skip
        return sql, [*params, False, like], [k for k, _c, _p in cols]
    if name in ("age", "ethnicity", "religion"):
        cols = [("members", "1=1", []), ("male", "m.sex = 'male'", []), ("female", "m.sex = 'female'", [])]
        if name != "age":
            youth = _years_before(on, 31)
            cols = [("members", "1=1", []), ("female", "m.sex = 'female'", []),
                    ("probationary", "m.admitted_on <= %s AND (m.official_on IS NULL OR m.official_on > %s)", [on, on]),
                    ("young", "m.birth_date > %s AND m.birth_date <= %s", [youth, on])]  # fmt: skip
        sums, params = _sums(cols)
        if name == "age":
            bands = " ".join(
                f"WHEN m.birth_date <= %s{' AND m.birth_date > %s' if high is not None else ''} THEN '{low or 0}'"
                for low, high in AGE_BANDS
            )
            band_params = []
            for low, high in AGE_BANDS:
                band_params.append(_years_before(on, low or 0))
                if high is not None:
                    band_params.append(_years_before(on, high + 1))
            row, row_params = f"CASE {bands} END", band_params
        else:
            row, row_params = ("m.ethnic_group", []) if name == "ethnicity" else ("m.religion", [])
        sql = (f"SELECT {row}, {sums} FROM members_member m JOIN orgs_org o ON o.id = m.org_id "
               f"WHERE m.status IN ({statuses}) AND m.in_transit = %s AND o.path {match} %s GROUP BY 1")  # fmt: skip
        return sql, [*row_params, *params, False, like], [k for k, _c, _p in cols]
    if name == "organizations":
        types = [t.value for t in OrgType if t != OrgType.PROVINCE_COMMITTEE]
        cols = [("orgs", "1=1", []), *[(t, "o.org_type = %s", [t]) for t in types]]
        sums, params = _sums(cols)
        sql = (f"SELECT substr(o.path, 1, {length}), {sums} FROM orgs_org o WHERE o.path {match} %s AND o.id <> %s "
               f"AND o.opened_on <= %s AND (o.closed_on IS NULL OR o.closed_on > %s) GROUP BY 1")  # fmt: skip
        return sql, [*params, like, org.pk if org else 0, on, on], [k for k, _c, _p in cols]
    cancelled = "NOT EXISTS (SELECT 1 FROM members_memberevent c WHERE c.cancels_id = e.id)"
    if name == "movements":
        crossing = f"(oo.path IS NULL OR substr(oo.path, 1, {length}) <> substr(o.path, 1, {length}))"
        cols = [("admitted", "e.kind = 'admitted'", []), ("readmitted", "e.kind = 'readmitted'", []),
                ("transfer_in", f"e.kind = 'transfer_in' AND {crossing}", []),
                ("transfer_out", f"e.kind = 'transfer_out' AND {crossing}", []),
                ("removed", "e.kind IN ('removed', 'probation_removed')", []), ("left", "e.kind = 'left'", []),
                ("expelled", "e.kind = 'expelled'", []), ("died", "e.kind = 'died'", []),
                ("recognized", "e.kind = 'recognized'", [])]  # fmt: skip
        sums, params = _sums(cols)
        kinds = ", ".join(f"'{k}'" for k in MOVEMENT_KINDS)
        sql = (f"SELECT substr(o.path, 1, {length}), {sums} FROM members_memberevent e "
               f"JOIN orgs_org o ON o.id = e.org_id LEFT JOIN orgs_org oo ON oo.id = e.other_org_id "
               f"WHERE e.kind IN ({kinds}) AND e.on >= %s AND e.on <= %s AND o.path {match} %s AND {cancelled} "
               f"GROUP BY 1")  # fmt: skip
        return sql, [*params, start, end, like], [k for k, _c, _p in cols]
    if name == "development":
        if connection.vendor == "postgresql":
            age = "(to_char(e.on, 'YYYYMMDD')::int - to_char(m.birth_date, 'YYYYMMDD')::int)"
        else:
            age = (
                "(CAST(strftime('%%Y%%m%%d', e.on) AS INTEGER) - CAST(strftime('%%Y%%m%%d', m.birth_date) AS INTEGER))"
            )
        cols = [("admitted", "1=1", []), ("young", f"{age} < 310000", []), ("female", "m.sex = 'female'", []),
                ("minority", "m.ethnic_group <> 'Kinh'", []), ("religious", "m.religion NOT IN ('Không', '')", []),
                ("non_state", "m.occupation = 'non_state_enterprise'", [])]  # fmt: skip
        sums, params = _sums(cols)
        sql = (f"SELECT substr(o.path, 1, {length}), {sums} FROM members_memberevent e "
               f"JOIN orgs_org o ON o.id = e.org_id JOIN members_member m ON m.id = e.member_id "
               f"WHERE e.kind = 'admitted' AND e.on >= %s AND e.on <= %s AND o.path {match} %s AND {cancelled} "
               f"GROUP BY 1")  # fmt: skip
        return sql, [*params, start, end, like], [k for k, _c, _p in cols]
    raise KeyError(name)


def run_hand(name, org, on, start, end) -> dict[str, int]:
    sql, params, keys = hand_sql(name, org, on, start, end)
    sql = re.sub(r"\be\.on\b", 'e."on"', sql)  # "on" is a keyword
    with connection.cursor() as c:
        c.execute(sql, params)
        rows = c.fetchall()
    return {k: sum(int(r[i + 1] or 0) for r in rows) for i, k in enumerate(keys)}


# --- Timing --------------------------------------------------------------------------------------------------


def median_ms(fn) -> tuple[float, object]:
    times, value = [], None
    for _ in range(ARGS.repeat):
        t0 = time.perf_counter()
        value = fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), value


def db_mb() -> float:
    if connection.vendor == "postgresql":
        with connection.cursor() as c:
            c.execute("SELECT pg_database_size(current_database())")
            return c.fetchone()[0] / 1e6
    path = Path(connection.settings_dict["NAME"])
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*")) / 1e6


def main() -> None:
    print(f"tochuc bench/reports.py on {connection.vendor}, {ARGS.members:,} members, {ARGS.provinces} provinces")
    call_command("migrate", verbosity=0, interactive=False)
    if Member.objects.exists():
        sys.exit("The database already holds members: give a fresh one.")
    from tochuc.demo.national import generate_nation

    today = timezone.localdate()
    t0 = time.perf_counter()
    made = generate_nation(members=ARGS.members, provinces=ARGS.provinces, seed=ARGS.seed, today=today)
    seconds = time.perf_counter() - t0
    rows = made.get("rows") or sum(v for k, v in made.items() if k in ("orgs", "members", "events", "memberships"))
    rate = rows / seconds
    print(f"  generated {made.get('members', ARGS.members):,} members, {rows:,} rows in {seconds:.1f} s "
          f"({rate:,.0f} rows/s), database {db_mb():.0f} MB")  # fmt: skip
    with connection.cursor() as c:
        c.execute("ANALYZE")

    def members_under(org: Org) -> int:
        return Member.objects.active().filter(org__path__under=org.path).count()

    # The largest province and its largest commune: the slowest report of each level.
    province = max(Org.objects.open().filter(parent__isnull=True), key=members_under)
    commune = max(Org.objects.open().filter(parent=province), key=members_under)
    levels = [("national", None), ("province", province), ("commune", commune)]
    print(f"  province: {province.name}; commune: {commune.name}")
    start, end = date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)
    figures: dict[str, dict[str, float]] = {}
    mismatches = []
    print(f"  {'report':<14}{'level':<10}{'ours ms':>10}{'SQL ms':>10}{'ratio':>8}")
    for name, report in REPORTS.items():
        for level, org in levels:
            kw = {"start": start, "end": end} if report.period else {}

            def ours(report=report, org=org, kw=kw):
                return render.to_json(engine.run(report, org=org, **kw))

            ours_ms, data = median_ms(ours)
            hand_ms, hand = median_ms(lambda name=name, org=org: run_hand(name, org, today, start, end))
            # The rows' sums: a total counts a transfer only across the chosen org's own boundary, which the
            # hand-written GROUP BY does not; each row's count is the same question for both.
            rows = json.loads(data)["rows"]
            ours_sum = {k: sum(r["values"].get(k) or 0 for r in rows) for k in hand}
            if ours_sum != hand:
                mismatches.append((name, level, {k: (ours_sum[k], v) for k, v in hand.items() if ours_sum[k] != v}))
            ratio = ours_ms / hand_ms if hand_ms else float("inf")
            figures.setdefault(level, {})[name] = ours_ms
            figures.setdefault(f"{level}_ratio", {})[name] = ratio
            print(f"  {name:<14}{level:<10}{ours_ms:>10.1f}{hand_ms:>10.1f}{ratio:>8.2f}")
    for m in mismatches:
        print(f"  MISMATCH {m}")
    ratios = [r for key, d in figures.items() if key.endswith("_ratio") for r in d.values()]
    out = {
        "members": Member.objects.count(),
        "engine": connection.vendor,
        "ratio_max": round(max(ratios), 2),
        "national_ms_max": round(max(figures["national"].values()), 1),
        "province_ms_max": round(max(figures["province"].values()), 1),
        "commune_ms_max": round(max(figures["commune"].values()), 1),
        "generate_rows_per_s": round(rate),
        "db_mb": round(db_mb(), 1),
        "mismatches": len(mismatches),
    }
    print(json.dumps(out))


if __name__ == "__main__":
    try:
        main()
    finally:
        if not ARGS.keep and not ARGS.database_url:
            shutil.rmtree(TMP, ignore_errors=True)
