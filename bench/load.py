"""Load test of the member records on PostgreSQL: logged-in officers browsing and recording lifecycle events at
once, then the records checked (every event recorded exactly once, every status equal to the replay of its events).

    .venv/bin/python bench/load.py [--seconds 60] [--clients 50] [--members 5000] [--workers 4] [--threads 4]
                                   [--database-url URL] [--keep]

Creates a throwaway PostgreSQL database `tochuc_load_<random>` on postgresql://tochuc:tochuc@127.0.0.1:5432/
(the server `scripts/pg-start.sh` starts; dropped at the end unless --keep), or uses the EMPTY database of
--database-url; migrates it, seeds the demo province (`tochuc.demo.province.plan_province` / `seed_province`,
--members members) and creates --clients officers (role `officer`: may record lifecycle events, needs no second
factor, unlike `admin`), each scoped to a commune committee (those with the most official members first), with a
known password. Then starts gunicorn (gthread workers, keep-alive) on loopback, and each client logs in through
the real login form (its own session and CSRF cookies) before the timed run. For --seconds each client loops
over: its organization's member list (a filter, a page), a search by a folded name prefix (the list's `q`), one
of its members' page, and a lifecycle event, for one of its first two members in turn, through the real event
view: GET the form (its CSRF token read from it), POST it. The events cycle on each member through `card`
(re-issuing the party card, allowed any number of times to an official member), `contact_lost` and
`contact_restored` (a flag the stored state derives from the events); each carries a unique marker (the decision
number or the note) and each client keeps the markers the server accepted (a 302 to the member's page). A 200
re-rendering the form (a rule refusal) or a 4xx is counted as `refused`; errors are 5xx and connection failures.
The clients' members do not overlap, so that refusals are not expected.

Afterwards, `lost_events` = markers accepted but absent from MemberEvent, plus duplicates (a marker present
more than once); `unacknowledged` = markers in the database whose answer the client did not see as a success
(none expected); `status_mismatches` = members whose stored status and flags (status, in_transit, exempted,
lost_contact, temporary host) differ from `members.rules.derive` over their events, the function
`member_sync` stores from (counted before the run as well: the seed's own mismatches are not the load's).

Prints rps and p50/p95 per page kind and overall, errors and refusals, the server's CPU time per request (from
/proc: other load on the machine does not distort it); the last line is one JSON object. With no PostgreSQL
reachable it says so and prints {"skipped": true, ...} (exit 0), so that `make bench` runs everywhere.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import multiprocessing
import os
import random
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
PG_SERVER = "postgresql://tochuc:tochuc@127.0.0.1:5432/"
PASSWORD = "load-" + secrets.token_urlsafe(12)
KINDS = ("list", "search", "member", "event_form", "event_post")
EVENT_CYCLE = ("card", "contact_lost", "contact_restored")
EVENT_MEMBERS = 2  # members each client records events for (it views all of its own)
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    p.add_argument("--seconds", type=float, default=60, help="length of the measured run (60)")
    p.add_argument("--clients", type=int, default=50, help="concurrent logged-in users (50)")
    p.add_argument("--members", type=int, default=5000, help="members of the demo province (5,000)")
    p.add_argument("--workers", type=int, default=4, help="gunicorn worker processes (4)")
    p.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker (4)")
    p.add_argument("--database-url", help="an EMPTY PostgreSQL database (default: a throwaway one, dropped after)")
    p.add_argument("--keep", action="store_true", help="keep the throwaway database and the temporary folder")
    return p.parse_args()


def skip(reason: str) -> None:
    print(f"load benchmark skipped: {reason}")
    print(json.dumps({"skipped": True, "reason": reason}))
    sys.exit(0)


# --- The database -----------------------------------------------------------------------------------------------


def admin_url(url: str) -> str:
    """The same server's maintenance database, to create and drop ours from."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/postgres"))


def pg_connect(url: str):
    import psycopg

    return psycopg.connect(url, connect_timeout=3, autocommit=True)


def prepare_database(args: argparse.Namespace) -> tuple[str, str | None]:
    """(the database URL to use, the name of the throwaway database to drop or None); skips when unreachable."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        skip("psycopg is not installed")
    if args.database_url:
        if not args.database_url.startswith(("postgres://", "postgresql://")):
            sys.exit("--database-url: a PostgreSQL URL is expected (postgresql://user:password@host:port/name)")
        try:
            with pg_connect(args.database_url) as conn:
                tables = conn.execute("select count(*) from pg_tables where schemaname = 'public'").fetchone()[0]
        except Exception as e:  # any failure to connect: no PostgreSQL here
            skip(f"PostgreSQL unreachable at --database-url ({str(e).strip().splitlines()[0]})")
        if tables:
            sys.exit(f"--database-url: the database must be empty (it has {tables} tables)")
        return args.database_url, None
    name = f"tochuc_load_{secrets.token_hex(4)}"
    try:
        with pg_connect(admin_url(PG_SERVER)) as conn:
            conn.execute(f'create database "{name}"')
    except Exception as e:
        skip(f"no PostgreSQL at {PG_SERVER} ({str(e).strip().splitlines()[0]}); start one with scripts/pg-start.sh")
    return PG_SERVER + name, name


def drop_database(name: str) -> None:
    with pg_connect(admin_url(PG_SERVER)) as conn:
        conn.execute(f'drop database if exists "{name}" with (force)')


# --- Seeding ----------------------------------------------------------------------------------------------------


def seed(members: int, clients: int) -> list[dict]:
    """The demo province, and one officer per client scoped to a commune committee (those with the most official
    members first); returns what each client needs: its login, its members (disjoint between clients: those of
    its commune, shared out when clients outnumber communes) and name prefixes to search."""
    from django.utils import timezone

    from tochuc.accounts.roles import Role
    from tochuc.accounts.services import user_save
    from tochuc.core.text import fold
    from tochuc.demo.province import plan_province, seed_province
    from tochuc.members.choices import Status
    from tochuc.members.models import Member
    from tochuc.orgs.models import Org, Sector

    root = seed_province(plan=plan_province(seed=1, members=members, today=timezone.localdate()))["root"]
    eligible = list(
        Member.objects.filter(status=Status.OFFICIAL, in_transit=False, temporary_host__isnull=True, exempted=False,
                              lost_contact=False, org__closed_on__isnull=True)
        .order_by("pk")
        .values_list("pk", "full_name", "org__path")
    )  # fmt: skip
    communes = Org.objects.filter(parent=root, sector=Sector.COMMUNE, closed_on__isnull=True).order_by("code")
    by_org = {o: [(pk, name) for pk, name, path in eligible if path.startswith(o.path)] for o in communes}
    ranked = sorted((o for o in by_org if by_org[o]), key=lambda o: -len(by_org[o]))[:clients]
    if not ranked:
        sys.exit("the demo province has no official member in a commune: use more --members")
    sharing = [ranked[i % len(ranked)] for i in range(clients)]
    shares = Counter(o.pk for o in sharing)
    seen: Counter = Counter()
    plans = []
    for i, org in enumerate(sharing):
        user, _created = user_save(actor=None, username=f"load{i:03d}", role=Role.OFFICER, org=org,
                                   password=PASSWORD, full_name=f"Cán bộ thử tải {i + 1}", validate=False)  # fmt: skip
        mine = by_org[org][seen[org.pk] :: shares[org.pk]]
        seen[org.pk] += 1
        rng = random.Random(i)
        prefixes = sorted({fold(name)[: rng.randint(3, 9)].strip() for _pk, name in mine})
        plans.append(
            {
                "index": i,
                "username": user.username,
                "org": org.code,
                "members": [pk for pk, _name in mine],
                "prefixes": prefixes or ["nguyen"],
            }
        )
    return plans


# --- The server -------------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def start_server(args: argparse.Namespace, port: int, env: dict[str, str]) -> subprocess.Popen:
    gunicorn = BIN / "gunicorn"
    if not gunicorn.exists():
        sys.exit("gunicorn is not installed: install the project's `server` extra (see bench/portal.py)")
    cmd = [str(gunicorn), "tochuc.wsgi:application", "--bind", f"{HOST}:{port}",
           "--workers", str(args.workers), "--worker-class", "gthread", "--threads", str(args.threads),
           "--keep-alive", "60", "--backlog", "2048", "--preload", "--log-level", "warning"]  # fmt: skip
    proc = subprocess.Popen(cmd, env=env, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=5)
            conn.request("GET", "/accounts/login/")
            if conn.getresponse().status == 200:
                return proc
        except OSError:
            time.sleep(0.3)
    stop(proc)
    sys.exit("gunicorn did not start")


def server_cpu_seconds(proc: subprocess.Popen) -> float:
    """CPU time used so far by the server's process group (the master and its workers), from /proc."""
    total = 0
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == proc.pid:
                total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def stop(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)


# --- A client ---------------------------------------------------------------------------------------------------


class Session:
    """One browser: a keep-alive connection and its cookies."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.conn = http.client.HTTPConnection(HOST, port, timeout=30)

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, str, str]:
        headers = {"Connection": "keep-alive"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            text = response.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = http.client.HTTPConnection(HOST, self.port, timeout=30)
            return 0, "", ""
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key.strip()] = rest.split(";", 1)[0]
        return response.status, response.getheader("Location") or "", text

    def login(self, username: str) -> bool:
        status, _loc, page = self.request("GET", "/accounts/login/")
        token = CSRF_RE.search(page)
        if status != 200 or not token:
            return False
        form = {"csrfmiddlewaretoken": token.group(1), "username": username, "password": PASSWORD}
        status, _loc, _page = self.request("POST", "/accounts/login/", form)
        return status == 302 and "sessionid" in self.cookies


def event_form(slug: str, marker: str, seq: int, client: int, today: str) -> dict:
    if slug == "card":  # 12 digits, unique per client and step: never another member's card number
        return {"on": today, "card_number": f"99{client:03d}{seq:07d}", "decision_no": marker}
    return {"on": today, "note": marker}


def run_client(plan: dict, port: int, sync: dict, run_id: str) -> dict:
    from django.utils import timezone

    session = Session(port)
    result: dict = {"latencies": {k: [] for k in KINDS}, "errors": Counter(), "refused": Counter(), "recorded": []}
    logged_in = session.login(plan["username"])
    if logged_in:
        session.request("GET", f"/members/?org={plan['org']}")  # warm: the worker's first page, not measured
    with sync["ready"].get_lock():
        sync["ready"].value += 1
    sync["go"].wait()
    if not logged_in:
        result["login_failed"] = 1
        return result
    deadline = sync["deadline"].value
    rng = random.Random(plan["index"])
    members = plan["members"]
    # Events go to the client's first EVENT_MEMBERS members in turn, so that each member's state changes several
    # times in a run (lost, restored, a card...); one starts the cycle at `card`, the next at `contact_lost`.
    acted = members[:EVENT_MEMBERS]
    step = {pk: n % 2 for n, pk in enumerate(acted)}  # each member's place in EVENT_CYCLE
    seq = 0

    def timed(kind: str, method: str, path: str, form: dict | None = None) -> tuple[int, str, str]:
        t0 = time.perf_counter()
        status, loc, page = session.request(method, path, form)
        result["latencies"][kind].append(time.perf_counter() - t0)
        if status == 0 or status >= 500 or (300 <= status < 400 and method == "GET"):
            result["errors"][kind] += 1  # a GET redirected (to the login page): the session was lost
        elif status >= 400:
            result["refused"][kind] += 1
        return status, loc, page

    while time.monotonic() < deadline:
        org = plan["org"]
        filters = rng.choice([{}, {"sex": "F"}, {"sort": "-admitted_on"}, {"age_band": "41-50"}, {"status": "all"}])
        timed("list", "GET", "/members/?" + urlencode({"org": org, **filters, "page": rng.randint(1, 3)}))
        if time.monotonic() >= deadline:
            break
        timed("search", "GET", "/members/?" + urlencode({"org": org, "q": rng.choice(plan["prefixes"])}))
        if time.monotonic() >= deadline or not members:
            continue
        timed("member", "GET", f"/members/{members[seq % len(members)]}/")
        if time.monotonic() >= deadline:
            break
        pk = acted[seq % len(acted)]
        slug = EVENT_CYCLE[step[pk] % len(EVENT_CYCLE)]
        status, _loc, page = timed("event_form", "GET", f"/members/{pk}/events/{slug}/")
        token = CSRF_RE.search(page) if status == 200 else None
        if token is None:
            seq += 1
            continue
        marker = f"LOAD-{run_id}-{plan['index']:03d}-{seq:06d}-{slug}"
        form = {"csrfmiddlewaretoken": token.group(1), **event_form(slug, marker, seq, plan["index"],
                                                                    timezone.localdate().isoformat())}  # fmt: skip
        status, loc, _page = timed("event_post", "POST", f"/members/{pk}/events/{slug}/", form)
        if status == 302 and loc.rstrip("/").endswith(f"/members/{pk}"):
            result["recorded"].append(marker)
            step[pk] += 1
        elif status == 200:
            result["refused"]["event_post"] += 1  # the form again, with the rule's refusal
        elif 300 <= status < 400:
            result["errors"]["event_post"] += 1
        seq += 1
    session.conn.close()
    return result


def run_process(plans: list[dict], port: int, sync: dict, run_id: str, queue) -> None:
    out: list[dict] = []
    threads = [threading.Thread(target=lambda p=p: out.append(run_client(p, port, sync, run_id))) for p in plans]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    queue.put(out)


def run_load(plans: list[dict], port: int, seconds: float, run_id: str, server) -> tuple[list[dict], float, float]:
    """Every client logs in; once all have, they start together and run until the deadline. Returns their
    results, the measured time (from the start to the last answer) and the server's CPU seconds in it."""
    procs_n = max(1, min(len(plans), os.cpu_count() or 1))
    sync = {
        "ready": multiprocessing.Value("i", 0),
        "go": multiprocessing.Event(),
        "deadline": multiprocessing.Value("d"),
    }
    queue: multiprocessing.Queue = multiprocessing.Queue()
    procs = [
        multiprocessing.Process(target=run_process, args=(plans[p::procs_n], port, sync, run_id, queue))
        for p in range(procs_n)
    ]
    for proc in procs:
        proc.start()
    t0 = time.monotonic()
    while sync["ready"].value < len(plans):
        if time.monotonic() - t0 > 300 or not any(proc.is_alive() for proc in procs):
            break
        time.sleep(0.1)
    print(f"  {sync['ready'].value} clients logged in through the form in {time.monotonic() - t0:.1f} s")
    cpu0 = server_cpu_seconds(server)
    start = time.monotonic()
    sync["deadline"].value = start + seconds
    sync["go"].set()
    results: list[dict] = []
    for _ in procs:
        results.extend(queue.get())
    elapsed = time.monotonic() - start
    cpu = server_cpu_seconds(server) - cpu0
    for proc in procs:
        proc.join()
    return results, elapsed, cpu


# --- The checks -------------------------------------------------------------------------------------------------


def status_mismatches() -> int:
    """Members whose stored state differs from the replay of their events (`rules.derive`, as member_sync)."""
    from tochuc.members.models import Member, MemberEvent
    from tochuc.members.rules import Ev, derive

    events: dict[int, list] = defaultdict(list)
    rows = MemberEvent.objects.order_by("member_id", "on", "id").values_list(
        "member_id", "id", "kind", "on", "org_id", "other_org_id", "data", "cancels_id"
    )
    for member_id, pk, kind, on, org_id, other_org_id, data, cancels in rows.iterator(chunk_size=5000):
        events[member_id].append(Ev(id=pk, kind=kind, on=on, org_id=org_id, other_org_id=other_org_id,
                                    data=data or {}, cancels=cancels))  # fmt: skip
    fields = ("status", "in_transit", "exempted", "lost_contact", "temporary_host_id")
    bad = 0
    for m in Member.objects.values("pk", *fields).iterator(chunk_size=5000):
        state = derive(events.get(m["pk"], []))
        want = {
            "status": state.status or m["status"],
            "in_transit": state.in_transit,
            "exempted": state.exempted,
            "lost_contact": state.lost_contact,
            "temporary_host_id": state.temporary_host_id,
        }
        bad += any(m[k] != want[k] for k in fields)
    return bad


def lost_events(recorded: list[str], run_id: str) -> tuple[int, int, int]:
    """(lost: accepted but absent, plus duplicates; unacknowledged: present but not seen accepted; found)."""
    from django.db.models import Q

    from tochuc.members.models import MemberEvent

    prefix = f"LOAD-{run_id}-"
    rows = MemberEvent.objects.filter(Q(decision_no__startswith=prefix) | Q(note__startswith=prefix))
    in_db = Counter(d if d.startswith(prefix) else n for d, n in rows.values_list("decision_no", "note"))
    accepted = Counter(recorded)
    missing = sum(1 for m in accepted if m not in in_db)
    duplicates = sum(n - 1 for n in in_db.values() if n > 1) + sum(n - 1 for n in accepted.values() if n > 1)
    unacknowledged = sum(1 for m in in_db if m not in accepted)
    return missing + duplicates, unacknowledged, sum(in_db.values())


# --- Main -------------------------------------------------------------------------------------------------------


def ms(samples: list[float], q: int) -> float:
    if not samples:
        return 0.0
    if len(samples) == 1:
        return samples[0] * 1000
    return statistics.quantiles(samples, n=100)[q - 1] * 1000


def main() -> None:
    args = parse_args()
    url, throwaway = prepare_database(args)
    tmp = Path(tempfile.mkdtemp(prefix="tochuc-bench-load-"))
    env = {
        "DJANGO_SETTINGS_MODULE": "tochuc.settings",
        "TOCHUC_VAR_DIR": str(tmp),
        "DATABASE_URL": url,
        "SECRET_KEY": secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": f"{HOST},localhost,testserver",
        "REDIS_URL": "",
        "LOG_LEVEL": "WARNING",
        "AXES_FAILURE_LIMIT": "1000",  # 50 logins from one address: none fails, but no lock-out to fear either
    }
    os.environ.update(env)
    server = None
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connections

        print(
            f"load benchmark: PostgreSQL {urlsplit(url).path.lstrip('/')}, {args.members:,} members, "
            f"{args.clients} clients, {args.seconds:.0f} s, gunicorn {args.workers} x {args.threads} threads"
        )
        t0 = time.monotonic()
        call_command("migrate", verbosity=0)
        plans = seed(args.members, args.clients)
        before = status_mismatches()
        connections.close_all()
        orgs = len({p["org"] for p in plans})
        cared = sum(len(p["members"]) for p in plans)
        print(
            f"  database ready in {time.monotonic() - t0:.1f} s: {len(plans)} officers over {orgs} communes, "
            f"{cared:,} members in their care; status mismatches before the run: {before}"
        )
        port = free_port()
        server = start_server(args, port, {**os.environ, **env})
        run_id = secrets.token_hex(3)
        results, elapsed, cpu = run_load(plans, port, args.seconds, run_id, server)
        stop(server)
        server = None
        login_failed = sum(r.get("login_failed", 0) for r in results)
        recorded = [m for r in results for m in r["recorded"]]
        lost, unacknowledged, found = lost_events(recorded, run_id)
        after = status_mismatches()
    finally:
        if server is not None:
            stop(server)
        from django.db import connections

        connections.close_all()
        if throwaway and not args.keep:
            drop_database(throwaway)
        if not args.keep:
            import shutil

            shutil.rmtree(tmp, ignore_errors=True)

    lat = {k: [x for r in results for x in r["latencies"][k]] for k in KINDS}
    errors = {k: sum(r["errors"][k] for r in results) for k in KINDS}
    refused = {k: sum(r["refused"][k] for r in results) for k in KINDS}
    every = [x for k in KINDS for x in lat[k]]
    total = len(every)
    print(f"  {'':<12}{'requests':>10}{'rps':>9}{'p50 ms':>10}{'p95 ms':>10}{'errors':>8}{'refused':>9}")
    for k in KINDS:
        print(f"  {k:<12}{len(lat[k]):>10,}{len(lat[k]) / elapsed:>9.1f}{ms(lat[k], 50):>10.1f}{ms(lat[k], 95):>10.1f}"
              f"{errors[k]:>8}{refused[k]:>9}")  # fmt: skip
    print(f"  {'overall':<12}{total:>10,}{total / elapsed:>9.1f}{ms(every, 50):>10.1f}{ms(every, 95):>10.1f}"
          f"{sum(errors.values()):>8}{sum(refused.values()):>9}")  # fmt: skip
    cpu_ms = cpu * 1000 / max(total, 1)
    print(f"  server CPU {cpu:.1f} s over {elapsed:.1f} s: {cpu_ms:.1f} ms per request")
    load_avg = os.getloadavg()[0]
    if load_avg > (os.cpu_count() or 1):
        print(f"  note: the machine was busy (load average {load_avg:.1f} on {os.cpu_count()} CPUs), the clients "
              "included: latencies and rps suffer from it; the CPU per request much less")  # fmt: skip
    print(
        f"  events accepted {len(recorded):,}, found in the database {found:,}: lost {lost}, unacknowledged "
        f"{unacknowledged}; status mismatches {after} (before the run {before}); logins failed {login_failed}"
    )
    by_slug = Counter(m.rsplit("-", 1)[1] for m in recorded)
    print("  events accepted by kind: " + ", ".join(f"{k} {by_slug[k]}" for k in EVENT_CYCLE))
    print(
        json.dumps(
            {
                "engine": "postgresql",
                "members": args.members,
                "clients": args.clients,
                "seconds": args.seconds,
                "workers": args.workers,
                "threads": args.threads,
                "requests": total,
                "rps": round(total / elapsed, 1),
                "p50_ms": round(ms(every, 50), 1),
                "p95_ms": round(ms(every, 95), 1),
                "by_kind": {
                    k: {
                        "requests": len(lat[k]),
                        "rps": round(len(lat[k]) / elapsed, 1),
                        "p50_ms": round(ms(lat[k], 50), 1),
                        "p95_ms": round(ms(lat[k], 95), 1),
                        "errors": errors[k],
                        "refused": refused[k],
                    }
                    for k in KINDS
                },
                "errors": sum(errors.values()),
                "refused": sum(refused.values()),
                "login_failed": login_failed,
                "cpu_ms_per_request": round(cpu_ms, 2),
                "load_average": round(load_avg, 1),
                "events_recorded": len(recorded),
                "events_by_kind": {k: by_slug[k] for k in EVENT_CYCLE},
                "events_found": found,
                "lost_events": lost,
                "unacknowledged_events": unacknowledged,
                "status_mismatches": after,
                "status_mismatches_before": before,
            }
        )
    )


if __name__ == "__main__":
    main()
