"""Benchmark of the public portal under load: an article page against a static file of the same size served by
the same server, and the visit counter checked exactly against the requests sent.

    .venv/bin/python bench/portal.py [--seconds 20] [--clients 50] [--workers 4] [--threads 4]
                                     [--database-url URL] [--redis] [--client wrk|python] [--keep]

Builds a throwaway database (a SQLite file under /tmp, or the empty database of --database-url) with the
portal's demo content (`tochuc.demo.portal.seed_portal` when the demo has it, else three categories, 30
articles and an open poll of its own), then starts gunicorn (the project's `server` extra, installed into the
virtualenv when missing) on loopback with gthread workers, which keep connections alive. It drives --clients
concurrent keep-alive clients, each a returning visitor (its own visitor and CSRF cookies), for --seconds
against the article page, then against a static file holding that very page, served by the same gunicorn
through WhiteNoise: both go through the same server, sockets and WSGI entry, so their ratio is the price of
our page (cache lookup, counters, markers) over serving the same bytes. The load generator is wrk when
installed (Debian's `wrk`; its Lua `done()` hook prints the percentiles, which wrk does not report, and
counts the requests written), else a multi-process Python client (http.client, keep-alive, every latency
recorded, each client finishing its request at the deadline). --redis starts a throwaway redis-server and
sets REDIS_URL (the page cache, the counters and the generation in Redis).

Prints rps and p50/p95 latency of both, their ratio, the server's CPU time per request of both (from /proc:
unlike latencies, other load on the machine does not distort it), the requests sent, the visits and article
views counted (read from the database after the run, Redis flushed into it) and `lost` (answered but not
counted). With wrk, a request still on its way when the load stops may be counted by the server without its
answer being read (`unanswered`, a few per client at most); the Python client finishes every request it
starts, so that there the requests sent, answered and counted are equal. The last line is one JSON object.
Goals: article p95 under 50 ms, ratio to static under 3, nothing lost.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    p.add_argument("--seconds", type=float, default=20, help="length of each measured run (20)")
    p.add_argument("--warmup", type=float, default=3, help="each unmeasured warm-up run (3 s; repeated until stable)")
    p.add_argument("--clients", type=int, default=50, help="concurrent keep-alive clients (50)")
    p.add_argument("--workers", type=int, default=4, help="gunicorn worker processes (4)")
    p.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker (4)")
    p.add_argument("--database-url", help="the database to use (default: a fresh SQLite file under /tmp)")
    p.add_argument("--redis", action="store_true", help="start a throwaway redis-server and use it (REDIS_URL)")
    p.add_argument("--client", choices=["wrk", "python"], help="load generator (default: wrk when installed)")
    p.add_argument(
        "--conn-max-age",
        type=int,
        help="serve with database connections kept this many seconds instead of the settings' 60 (0: a new one per "
        "request, where SQLite parses the schema again)",
    )
    p.add_argument("--keep", action="store_true", help="keep the temporary folder")
    return p.parse_args()


ARGS = parse_args()
TMP = Path(tempfile.mkdtemp(prefix="tochuc-bench-portal-"))
ENV: dict[str, str] = {
    "DJANGO_SETTINGS_MODULE": "tochuc.settings",
    "TOCHUC_VAR_DIR": str(TMP),
    "DATABASE_URL": ARGS.database_url or f"sqlite:///{TMP / 'bench.sqlite3'}",
    "SECRET_KEY": secrets.token_urlsafe(40),
    "ALLOWED_HOSTS": f"{HOST},localhost,testserver",
    "REDIS_URL": "",
    "LOG_LEVEL": "WARNING",  # the counters' warnings (a Redis error: a visit not counted) must show
}


def start_redis() -> subprocess.Popen:
    server = shutil.which("redis-server") or "/usr/bin/redis-server"
    if not os.path.exists(server):
        sys.exit("--redis: redis-server is not installed (apt-get install redis-server)")
    sock = TMP / "redis.sock"
    args = [server, "--port", "0", "--unixsocket", str(sock), "--unixsocketperm", "700", "--save", "",
            "--appendonly", "no", "--dir", str(TMP)]  # fmt: skip
    proc = subprocess.Popen(
        args,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        if sock.exists():
            break
        time.sleep(0.05)
    ENV["REDIS_URL"] = f"unix://{sock}"
    return proc


REDIS = start_redis() if ARGS.redis else None
os.environ.update(ENV)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from tochuc.portal.models import Article, DailyVisits, Poll  # noqa: E402
from tochuc.portal.services import visits  # noqa: E402

# --- The content ------------------------------------------------------------------------------------------------

PARAGRAPH = (
    "Thực hiện Nghị quyết của Ban Chấp hành Trung ương về tiếp tục đổi mới, sắp xếp tổ chức bộ máy của hệ thống "
    "chính trị tinh gọn, hoạt động hiệu lực, hiệu quả, Ban Tổ chức Tỉnh ủy đã tham mưu ban hành kế hoạch, hướng "
    "dẫn các cấp ủy trực thuộc rà soát chức năng, nhiệm vụ, tổ chức bộ máy và biên chế; kiện toàn đội ngũ cán bộ "
    "chủ chốt sau sắp xếp, bảo đảm hoạt động thông suốt, không để gián đoạn công việc. "
)


def seed_minimal(org, chief) -> None:
    """Three categories, 30 published articles of a realistic length and an open poll, through the services."""
    from tochuc.portal.services.articles import article_create, article_publish, article_submit
    from tochuc.portal.services.categories import category_save

    names = ["Tin hoạt động", "Công tác tổ chức", "Công tác cán bộ"]
    cats = [category_save(actor=None, name=name) for name in names]
    now = timezone.now()
    for n in range(30):
        article = article_create(
            actor=None,
            org=org,
            author=chief,
            category=cats[n % 3],
            title=f"Triển khai công tác tổ chức xây dựng Đảng năm 2026, đợt {n + 1}",
            lead=PARAGRAPH[:220],
            body="".join(f"<p>{PARAGRAPH}</p>" for _ in range(8)),
            featured=n % 7 == 0,
        )
        article_submit(actor=None, article=article)
        article_publish(actor=chief, article=article, publish_at=now - timedelta(hours=n + 1))
    open_poll(chief)


def _root_and_chief():
    from tochuc.accounts.roles import Role
    from tochuc.accounts.services import user_save
    from tochuc.orgs.models import OrgType, Sector
    from tochuc.orgs.services import org_create

    today = timezone.localdate()
    org = org_create(actor=None, code="44", name="Đảng bộ tỉnh Quảng Trị", org_type=OrgType.PROVINCE_COMMITTEE,
                     parent=None, opened_on=today - timedelta(days=365), sector=Sector.OTHER)  # fmt: skip
    chief, _ = user_save(actor=None, username="tongbientap", role=Role.CHIEF_EDITOR, org=org,
                         password=secrets.token_urlsafe(16), full_name="Nguyễn Hữu Phước")  # fmt: skip
    return org, chief


def seed() -> str:
    """The demo's portal (`tochuc.demo.portal.seed_portal`) when there is one, else our own; returns which."""
    from django.db import transaction

    try:
        from tochuc.demo.portal import seed_portal
    except ImportError:
        seed_minimal(*_root_and_chief())
        return "bench (tochuc.demo.portal absent)"
    with transaction.atomic():
        root, chief = _root_and_chief()
        seed_portal(root=root, today=timezone.localdate())
    if not Article.objects.exists():
        seed_minimal(root, chief)
        return "bench (the demo seeded no article)"
    if not Poll.objects.filter(is_active=True, opens_at__lte=timezone.now(), closes_at__gt=timezone.now()).exists():
        open_poll(chief)  # the block's form is on every page: it is part of the cost measured
        return "tochuc.demo.portal.seed_portal, and an open poll"
    return "tochuc.demo.portal.seed_portal"


def open_poll(chief) -> None:
    from tochuc.portal.services.polls import poll_create

    now = timezone.now()
    poll_create(actor=chief, question="Bạn quan tâm nhất đến nội dung nào trên cổng thông tin?",
                opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=30),
                options=["Tin hoạt động", "Công tác cán bộ", "Văn bản, hướng dẫn"], show=True)  # fmt: skip


# --- The server -------------------------------------------------------------------------------------------------


def ensure_gunicorn() -> Path:
    gunicorn = BIN / "gunicorn"
    if not gunicorn.exists():
        print("  installing gunicorn into the virtualenv (the project's `server` extra)")
        uv = BIN / "uv"
        if uv.exists():
            cmd = [str(uv), "pip", "install", "-q", "--python", sys.executable, "gunicorn>=23,<28"]
        else:
            cmd = [sys.executable, "-m", "pip", "install", "-q", "gunicorn>=23,<28"]
        subprocess.run(cmd, check=True)
    return gunicorn


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def server_env() -> dict[str, str]:
    """The server's environment; with --conn-max-age, our settings with persistent connections on top."""
    env = {**os.environ, **ENV}
    if ARGS.conn_max_age is not None:
        (TMP / "bench_settings.py").write_text(
            f'from tochuc.settings import *  # noqa: F403\nDATABASES["default"]["CONN_MAX_AGE"] = {ARGS.conn_max_age}\n'
        )
        env["DJANGO_SETTINGS_MODULE"] = "bench_settings"
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(TMP), env.get("PYTHONPATH", "")]))
    return env


def start_server(port: int) -> subprocess.Popen:
    cmd = [
        str(ensure_gunicorn()), "tochuc.wsgi:application",
        "--bind", f"{HOST}:{port}",
        "--workers", str(ARGS.workers),
        "--worker-class", "gthread", "--threads", str(ARGS.threads),
        "--keep-alive", "60", "--backlog", "2048", "--preload",
        "--log-level", "warning",
    ]  # fmt: skip
    proc = subprocess.Popen(cmd, env=server_env(), start_new_session=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", "/static/core/favicon.svg")
            if conn.getresponse().status == 200:
                return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    sys.exit("gunicorn did not start")


def server_cpu_seconds(proc: subprocess.Popen) -> float:
    """CPU time used so far by the server's processes (its process group), from /proc: a measure of the work
    per request that other load on the machine does not distort, unlike latencies."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == proc.pid:  # the process group: the master and its workers
            total += int(fields[11]) + int(fields[12])
    return total / ticks


def stop(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(proc.pid, signal.SIGKILL)


# --- The load ---------------------------------------------------------------------------------------------------

WRK_SCRIPT = r"""
local threads = {}
local counter = 1
function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
  table.insert(threads, thread)
end
function init(args)
  written = 0
  per = tonumber(args[1])
  cookies = {}
  for i = 1, per do
    cookies[i] = string.format("tochuc_vid=benchvisitor%03d%03dxxxxxxxxxxxx; csrftoken=%s", tid, i, args[2])
  end
end
function request()
  written = written + 1
  return wrk.format(nil, nil, {Cookie = cookies[(written % per) + 1]})
end
function done(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do total = total + t:get("written") end
  io.write(string.format(
    'WRK {"completed": %d, "written": %d, "seconds": %.3f, "p50_ms": %.3f, "p95_ms": %.3f, "p99_ms": %.3f, ' ..
    '"errors": %d, "non2xx": %d}\n',
    summary.requests, total, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status))
end
"""


def cookie_header(n: int, csrf: str) -> str:
    return f"tochuc_vid=benchvisitor{n:06d}xxxxxxxxxxxx; csrftoken={csrf}"


def run_wrk(port: int, path: str, seconds: float, csrf: str) -> dict:
    script = TMP / "bench.lua"
    script.write_text(WRK_SCRIPT)
    threads = min(2, ARGS.clients)
    per = max(1, ARGS.clients // threads)
    cmd = ["wrk", "-t", str(threads), "-c", str(ARGS.clients), "-d", f"{seconds:.0f}s", "--timeout", "10s",
           "-s", str(script), f"http://{HOST}:{port}{path}", "--", str(per), csrf]  # fmt: skip
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    line = next(x for x in out.splitlines() if x.startswith("WRK "))
    data = json.loads(line[4:])
    return {
        "rps": data["completed"] / data["seconds"],
        "p50_ms": data["p50_ms"],
        "p95_ms": data["p95_ms"],
        "p99_ms": data["p99_ms"],
        "sent": data["written"],
        "completed": data["completed"],
        "errors": data["errors"] + data["non2xx"],
    }


def _python_client(port: int, path: str, deadline: float, first: int, count: int, csrf: str, queue) -> None:
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def one(n: int) -> None:
        headers = {"Cookie": cookie_header(n, csrf), "Connection": "keep-alive"}
        conn = http.client.HTTPConnection(HOST, port, timeout=10)
        mine: list[float] = []
        while time.monotonic() < deadline:
            t0 = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection(HOST, port, timeout=10)
                ok = False
            mine.append(time.perf_counter() - t0)
            if not ok:
                with lock:
                    errors[0] += 1
        conn.close()
        with lock:
            latencies.extend(mine)

    pool = [threading.Thread(target=one, args=(first + i,)) for i in range(count)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    queue.put((latencies, errors[0]))


def run_python(port: int, path: str, seconds: float, csrf: str) -> dict:
    procs_n = max(1, min(ARGS.clients, os.cpu_count() or 1))
    queue: multiprocessing.Queue = multiprocessing.Queue()
    start = time.monotonic()
    deadline = start + seconds
    procs = []
    for p in range(procs_n):
        count = ARGS.clients // procs_n + (1 if p < ARGS.clients % procs_n else 0)
        first = sum(ARGS.clients // procs_n + (1 if q < ARGS.clients % procs_n else 0) for q in range(p))
        proc = multiprocessing.Process(target=_python_client, args=(port, path, deadline, first, count, csrf, queue))
        proc.start()
        procs.append(proc)
    latencies: list[float] = []
    errors = 0
    for _ in procs:
        lat, err = queue.get()
        latencies.extend(lat)
        errors += err
    for proc in procs:
        proc.join()
    elapsed = time.monotonic() - start
    latencies.sort()
    q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    return {
        "rps": len(latencies) / elapsed,
        "p50_ms": q[49] * 1000,
        "p95_ms": q[94] * 1000,
        "p99_ms": q[98] * 1000,
        "sent": len(latencies),
        "completed": len(latencies),
        "errors": errors,
    }


def load(port: int, path: str, seconds: float, csrf: str) -> dict:
    return run_wrk(port, path, seconds, csrf) if CLIENT == "wrk" else run_python(port, path, seconds, csrf)


CLIENT = ARGS.client or ("wrk" if shutil.which("wrk") else "python")


# --- The counts -------------------------------------------------------------------------------------------------


def counted(article_id: int) -> tuple[int, int]:
    """(visits of all days, the article's views) in the database, Redis flushed into it first."""
    visits.counters_flush()
    connection.close()
    total = sum(DailyVisits.objects.values_list("visits", flat=True))
    return total, Article.objects.get(pk=article_id).view_count


def warm_up(port: int, path: str, csrf: str) -> None:
    """Load until every worker has started (its first request imports the views and compiles the templates, which
    takes seconds on a busy machine) and filled its cache: until a run's p99 is within 5x its p50, 10 runs at most."""
    for _ in range(10):
        run = load(port, path, ARGS.warmup, csrf)
        if run["p99_ms"] <= 5 * max(run["p50_ms"], 1.0):
            return
    print("  warning: the latencies did not settle during the warm-up")


def settled(article_id: int, quiet: float = 4.0) -> tuple[int, int]:
    """The counts once the server has answered everything it had received: unchanged for `quiet` seconds (a
    request can wait seconds in a busy server's queues)."""
    last, since = counted(article_id), time.monotonic()
    while time.monotonic() - since < quiet:
        time.sleep(0.5)
        now = counted(article_id)
        if now != last:
            last, since = now, time.monotonic()
    return last


def main() -> None:
    persistent = "" if ARGS.conn_max_age is None else f", CONN_MAX_AGE={ARGS.conn_max_age}"
    print(f"portal benchmark: {connection.vendor}{' + Redis' if ARGS.redis else ''}, {ARGS.clients} clients, "
          f"gunicorn {ARGS.workers} workers x {ARGS.threads} threads{persistent}, load by {CLIENT}")  # fmt: skip
    t0 = time.monotonic()
    call_command("migrate", verbosity=0)
    source = seed()
    print(f"  database ready in {time.monotonic() - t0:.1f} s; content: {source}")
    article = Article.objects.filter(status="published", publish_at__lte=timezone.now()).order_by("-publish_at").first()
    path = reverse("portal:article", kwargs={"slug": article.slug, "pk": article.pk})
    page = Client().get(path)
    assert page.status_code == 200, page.status_code
    static_dir = Path(os.environ["TOCHUC_VAR_DIR"]) / "static" / "bench"
    static_dir.mkdir(parents=True, exist_ok=True)
    (static_dir / "article.html").write_bytes(page.content)
    static_path = "/static/bench/article.html"
    print(f"  article page {len(page.content):,} bytes: {path}")
    csrf = secrets.token_hex(16)  # a well-formed CSRF cookie, as a returning browser holds
    port = free_port()
    server = start_server(port)
    try:
        warm_up(port, path, csrf)
        visits_before, views_before = settled(article.pk)
        cpu = server_cpu_seconds(server)
        page_run = load(port, path, ARGS.seconds, csrf)
        page_run["cpu_ms"] = (server_cpu_seconds(server) - cpu) * 1000 / max(page_run["completed"], 1)
        visits_after, views_after = settled(article.pk)  # with the requests in flight when the load stopped
        load(port, static_path, ARGS.warmup, csrf)
        cpu = server_cpu_seconds(server)
        static_run = load(port, static_path, ARGS.seconds, csrf)
        static_run["cpu_ms"] = (server_cpu_seconds(server) - cpu) * 1000 / max(static_run["completed"], 1)
    finally:
        stop(server)
        if REDIS is not None:
            REDIS.terminate()
    visits_counted = visits_after - visits_before
    views_counted = views_after - views_before
    sent = page_run["sent"]
    ratio = static_run["rps"] / page_run["rps"] if page_run["rps"] else float("inf")
    # Every answered request must have been counted. At the deadline wrk closes its connections with requests
    # on the way: the server may still answer (and count) them, or never read them; the Python client finishes
    # each request it started, so that there sent = answered = counted exactly.
    answered = page_run["completed"]
    lost = max(0, answered - visits_counted) + max(0, answered - views_counted)
    unanswered = max(0, visits_counted - answered)
    cpu_ratio = page_run["cpu_ms"] / static_run["cpu_ms"] if static_run["cpu_ms"] else float("inf")
    print(f"  {'':<10}{'rps':>10}{'p50 ms':>10}{'p95 ms':>10}{'p99 ms':>10}{'requests':>11}{'errors':>8}"
          f"{'server CPU ms/req':>19}")  # fmt: skip
    for name, run in (("article", page_run), ("static", static_run)):
        print(f"  {name:<10}{run['rps']:>10,.0f}{run['p50_ms']:>10.2f}{run['p95_ms']:>10.2f}{run['p99_ms']:>10.2f}"
              f"{run['completed']:>11,}{run['errors']:>8}{run['cpu_ms']:>19.3f}")  # fmt: skip
    print(f"  ratio static/article rps: {ratio:.2f}; article/static server CPU per request: {cpu_ratio:.2f}")
    load_avg = os.getloadavg()[0]
    if load_avg > (os.cpu_count() or 1):
        print(f"  note: the machine was busy (load average {load_avg:.1f} on {os.cpu_count()} CPUs): latencies and rps "
              "suffer from it; the CPU per request does not")  # fmt: skip
    print(f"  requests sent to the article: {sent:,} (answered {page_run['completed']:,}); visits counted "
          f"{visits_counted:,}, views counted {views_counted:,}; lost {lost}; unanswered {unanswered}")  # fmt: skip
    goals = page_run["p95_ms"] < 50 and ratio < 3 and lost == 0 and page_run["errors"] == 0
    print(f"  goals (p95 < 50 ms, ratio < 3, nothing lost, no error): {'met' if goals else 'NOT met'}")
    print(
        json.dumps(
            {
                "engine": connection.vendor,
                "redis": bool(ARGS.redis),
                "client": CLIENT,
                "clients": ARGS.clients,
                "seconds": ARGS.seconds,
                "workers": ARGS.workers,
                "threads": ARGS.threads,
                "conn_max_age": ARGS.conn_max_age,
                "page_bytes": len(page.content),
                "rps": round(page_run["rps"], 1),
                "p50_ms": round(page_run["p50_ms"], 2),
                "p95_ms": round(page_run["p95_ms"], 2),
                "static_rps": round(static_run["rps"], 1),
                "static_p50_ms": round(static_run["p50_ms"], 2),
                "static_p95_ms": round(static_run["p95_ms"], 2),
                "ratio_to_static": round(ratio, 2),
                "cpu_ms_per_request": round(page_run["cpu_ms"], 3),
                "static_cpu_ms_per_request": round(static_run["cpu_ms"], 3),
                "cpu_ratio_to_static": round(cpu_ratio, 2),
                "load_average": round(os.getloadavg()[0], 1),
                "requests_sent": sent,
                "requests_answered": page_run["completed"],
                "visits_counted": visits_counted,
                "views_counted": views_counted,
                "lost": lost,
                "unanswered": unanswered,
                "errors": page_run["errors"],
            }
        )
    )


if __name__ == "__main__":
    try:
        main()
    finally:
        if REDIS is not None and REDIS.poll() is None:
            REDIS.terminate()
        if not ARGS.keep:
            shutil.rmtree(TMP, ignore_errors=True)
