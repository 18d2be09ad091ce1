"""`make bench`: one repeatable run that measures every page, the hearing form under load and
the background jobs, on PostgreSQL and Redis, and writes bench/RESULTS.md.

1. A fresh PostgreSQL database: migrate, seed_demo, seed_large --size small.
2. For every page a role reaches (the permission matrix): the query count at small size.
3. seed_large --size large; the query counts again: they must be equal.
4. gunicorn serves the project with the floor views installed; each page is requested
   repeatedly as its role and p50/p95 are reported beside the floor page's, as a ratio.
5. Load: 50 concurrent clients post hearing responses, then plain rows to the floor insert.
6. The background jobs each app registers (bench hooks) are timed.
7. Peak memory of the gunicorn workers.

Timings are reported, not asserted; the run fails if a query count grows with the data or a
response is lost.
"""

import dataclasses
import datetime
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"
RUN_FILE = VAR / "run.json"
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/medborger_bench"
)
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
#: The cache in Redis, as in production (emptied at the start: the database is new).
CACHE_REDIS_URL = os.environ.get("BENCH_CACHE_REDIS_URL", "redis://127.0.0.1:6379/12")
REQUESTS_PER_PAGE = int(os.environ.get("BENCH_REQUESTS", "20"))
#: A slow page (a PDF, a 10,000-row export) is timed for at most this long, and at least 5 times.
SECONDS_PER_PAGE = float(os.environ.get("BENCH_SECONDS_PER_PAGE", "4"))
GUNICORN_WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))

ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "medborger.settings",
    "DATABASE_URL": DATABASE_URL,
    "REDIS_URL": REDIS_URL,
    "CACHE_REDIS_URL": CACHE_REDIS_URL,
    "MEDBORGER_VAR_DIR": str(VAR),
    "DEBUG": "false",
    "SECRET_KEY": "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    "SECURE_SSL_REDIRECT": "false",
    "SESSION_COOKIE_SECURE": "false",
    "CSRF_COOKIE_SECURE": "false",
    "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "BENCH_FLOOR": "true",
    "AXES_FAILURE_LIMIT": "100000",
    "LOGIN_ACCOUNT_FAILURE_LIMIT": "0",
    # The superuser's pages are measured without an authenticator app.
    "OTP_REQUIRED_FOR_SUPERUSERS": "false",
    # The load comes from one address, faster than any person fills in a form.
    "HEARING_RATE_LIMIT_PER_HOUR": "1000000",
    "HEARING_MIN_FILL_SECONDS": "0",
    "EVENT_SIGNUP_RATE_LIMIT": "1000000",
    # The load clients solve the proof of work for real, at a cost that leaves the server measured.
    "PUBLIC_FORM_POW_COST": "20",
    "PUBLIC_FORM_MAILS_PER_ADDRESS_PER_DAY": "1000000",
}


def manage(*args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=ENV,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def recreate_database() -> None:
    import psycopg2

    server, name = DATABASE_URL.rsplit("/", 1)
    connection = psycopg2.connect(f"{server}/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()
    import redis

    redis.Redis.from_url(CACHE_REDIS_URL).flushdb()


def setup_django():
    os.environ.update(ENV)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    # The query counts run pages in this process: their access lines would fill the console.
    import logging

    logging.getLogger("medborger.access").setLevel(logging.WARNING)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


# --- Pages ----------------------------------------------------------------------------------


def pages() -> list[tuple[str, str, str]]:
    """(url name, url, persona) for every GET page of the permission matrix, once per role
    that may open it, plus the floor page."""
    from medborger.tests.matrix import kwargs, openable_pages

    # The matrix makes objects (a pending import) for its coordinator; here that is the demo's.
    kwargs.MATRIX_COORDINATOR = "koordinator"
    return openable_pages(skip=("admin", "healthz", "logout"))


def persona_users():
    from medborger.demo import DEMO_USERS
    from medborger.models import User
    from medborger.testing.fixtures import PERSONAS

    by_role = {demo.role: demo.username for demo in DEMO_USERS}
    users = {"anonymous": None}
    for persona, role in PERSONAS.items():
        if persona == "anonymous":
            continue
        username = "admin" if role == "superuser" else by_role[role]
        users[persona] = User.objects.get(username=username)
    return users


def query_counts(page_list) -> dict[tuple[str, str], int]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    users = persona_users()
    counts = {}
    for _name, url, persona in page_list:
        client = Client()
        if users[persona] is not None:
            client.force_login(users[persona])
        # Counted on the second visit: a first visit may set something up once (the two-factor
        # page creates the user's unconfirmed device), which is not what grows with the data.
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} as {persona} answered {response.status_code}")
        counts[(url, persona)] = len(queries)
    return counts


def session_cookies() -> dict[str, str]:
    from django.conf import settings
    from django.test import Client

    cookies = {"anonymous": ""}
    for persona, user in persona_users().items():
        if user is None:
            continue
        client = Client()
        client.force_login(user)
        cookies[persona] = (
            f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
        )
    return cookies


@dataclasses.dataclass
class Timing:
    """A page's timed requests (after the warm-up): the whole response and its first byte of
    body, in ms; the size of the body as sent (an export's whole file) and its content type."""

    wholes: list[float]
    first_bytes: list[float]
    size: int
    content_type: str


def time_get(port: int, url: str, cookie: str, count: int) -> Timing:
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Cookie": cookie} if cookie else {}
    timing = Timing([], [], 0, "")
    deadline = time.perf_counter() + SECONDS_PER_PAGE
    for attempt in range(count + 3):
        if len(timing.wholes) >= 5 and time.perf_counter() > deadline:
            break
        started = time.perf_counter()
        connection.request("GET", url, headers=headers)
        response = connection.getresponse()
        first = response.read(1)
        first_byte = (time.perf_counter() - started) * 1000
        size = len(first) + len(response.read())
        elapsed = (time.perf_counter() - started) * 1000
        if response.status != 200:
            raise SystemExit(f"gunicorn answered {response.status} for {url}")
        if attempt >= 3:  # the first requests warm the worker's caches
            timing.wholes.append(elapsed)
            timing.first_bytes.append(first_byte)
        timing.size = size
        timing.content_type = response.getheader("Content-Type", "")
    connection.close()
    return timing


@dataclasses.dataclass
class PageRow:
    """One line of the pages table."""

    name: str
    url: str
    persona: str
    queries_small: int
    queries_large: int
    timing: Timing

    @property
    def p50(self) -> float:
        return statistics.median(self.timing.wholes)

    @property
    def p95(self) -> float:
        return percentile(self.timing.wholes, 0.95)

    @property
    def first_byte_p95(self) -> float:
        return percentile(self.timing.first_bytes, 0.95)


# --- gunicorn -------------------------------------------------------------------------------


class Gunicorn:
    def __init__(self):
        self.port = free_port()
        self.process = None

    def __enter__(self):
        gunicorn = shutil.which("gunicorn", path=os.path.dirname(sys.executable))
        self.process = subprocess.Popen(
            [
                gunicorn,
                "medborger.wsgi",
                "-w",
                str(GUNICORN_WORKERS),
                "-b",
                f"127.0.0.1:{self.port}",
                "--access-logfile",
                "-",
                "--log-level",
                "warning",
                # As deploy/gunicorn.conf.py: Django is loaded before the workers fork.
                "--preload",
            ],
            cwd=ROOT,
            env=ENV,
            stdout=subprocess.DEVNULL,
            # One JSON access line per request goes to stderr: a pipe nobody reads would fill
            # up and stop the workers, so it goes to a file.
            stderr=open(VAR / "gunicorn.log", "wb"),
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    break
            except OSError:
                time.sleep(0.3)
        else:
            raise SystemExit("gunicorn did not start")
        # Every worker answers a few requests before anything is timed, so no worker's first
        # request (its connections, its template cache) lands among the timed ones.
        time_get(self.port, "/bench-floor/side/", "", 10 * GUNICORN_WORKERS)
        return self

    def worker_peak_memory_mb(self) -> float:
        peaks = []
        for line in subprocess.run(
            ["ps", "-o", "pid=", "--ppid", str(self.process.pid)], capture_output=True, text=True
        ).stdout.split():
            status = Path(f"/proc/{line}/status").read_text()
            peak = next(row for row in status.splitlines() if row.startswith("VmHWM"))
            peaks.append(int(peak.split()[1]) / 1024)
        return max(peaks) if peaks else 0.0

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)


# --- Load -----------------------------------------------------------------------------------


def bench_hooks():
    """Each app may offer `<app>/large.py: load_scenarios()` and `jobs()` for the run."""
    from medborger.hooks import app_modules

    return app_modules("large")


def run_load(port: int, make_request, total: int, clients: int) -> tuple[float, int]:
    """Send `total` requests from `clients` threads; returns (requests per second, failures)."""
    import http.client
    import threading

    counter = iter(range(total))
    lock = threading.Lock()
    failures = []

    def worker():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        while True:
            with lock:
                index = next(counter, None)
            if index is None:
                break
            try:
                if not make_request(connection, index):
                    failures.append(index)
            except Exception:  # noqa: BLE001 - a failed request is counted, not fatal
                failures.append(index)
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        connection.close()

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return total / (time.perf_counter() - started), len(failures)


def floor_insert(connection, index: int) -> bool:
    import urllib.parse

    body = urllib.parse.urlencode({"name": f"Borger {index}", "text": "Et høringssvar. " * 20})
    connection.request(
        "POST",
        "/bench-floor/indsaet/",
        body=body,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    response = connection.getresponse()
    response.read()
    return response.status == 200


# --- Report ---------------------------------------------------------------------------------


def main() -> int:
    started = time.monotonic()
    shutil.rmtree(VAR, ignore_errors=True)
    VAR.mkdir(parents=True)
    print("Preparing the database ...", flush=True)
    recreate_database()
    manage("migrate", "--no-input", "-v0")
    manage("createcachetable")
    manage("collectstatic", "--no-input", "-v0")
    manage("seed_demo")
    manage("seed_large", "--size", "small")
    setup_django()

    page_list = pages()
    print(f"Counting queries on {len(page_list)} pages at small size ...", flush=True)
    small = query_counts(page_list)
    print("Growing the data to the large size ...", flush=True)
    sizes = manage("seed_large", "--size", "large")
    large = query_counts(page_list)
    grown = {key: (small[key], large[key]) for key in small if small[key] != large[key]}

    cookies = session_cookies()
    rows, load_rows, job_rows = [], [], []
    with Gunicorn() as server:
        print("Timing pages against gunicorn ...", flush=True)
        floor = PageRow(
            "floor: base.html with one query",
            "/bench-floor/side/",
            "anonymous",
            1,
            1,
            time_get(server.port, "/bench-floor/side/", "", REQUESTS_PER_PAGE),
        )
        floor_p95 = floor.p95
        rows.append(floor)
        for name, url, persona in page_list:
            timing = time_get(server.port, url, cookies[persona], REQUESTS_PER_PAGE)
            rows.append(
                PageRow(name, url, persona, small[(url, persona)], large[(url, persona)], timing)
            )

        print("Load: floor insert ...", flush=True)
        floor_rate, floor_failures = run_load(server.port, floor_insert, 2000, 50)
        load_rows.append(("floor: insert a 3-field row", 2000, 50, floor_rate, floor_failures, "–"))
        for module in bench_hooks():
            for scenario in getattr(module, "load_scenarios", list)():
                print(f"Load: {scenario.name} ...", flush=True)
                rate, failures = run_load(server.port, scenario.make_request, scenario.total, 50)
                lost = scenario.verify()
                load_rows.append(
                    (
                        scenario.name,
                        scenario.total,
                        50,
                        rate,
                        failures + lost,
                        f"{rate / floor_rate:.2f}×",
                    )
                )
        memory = server.worker_peak_memory_mb()

    for module in bench_hooks():
        for job in getattr(module, "jobs", list)():
            print(f"Job: {job.name} ...", flush=True)
            job_started = time.perf_counter()
            detail = job.run()
            job_rows.append((job.name, (time.perf_counter() - job_started) * 1000, detail))

    lost_total = sum(row[4] for row in load_rows)
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    run = Run(
        date=datetime.date.today().isoformat(),
        commit=commit,
        seconds=time.monotonic() - started,
        load_average=os.getloadavg()[0],
        rows=rows,
        load_rows=load_rows,
        job_rows=job_rows,
        memory=memory,
        sizes=sizes,
        grown=[[*key, *counts] for key, counts in grown.items()],
        floor_p95=floor_p95,
    )
    RUN_FILE.write_text(json.dumps(dataclasses.asdict(run)))
    write_results(run)
    print(f"Wrote {Path('bench/RESULTS.md')} (the run's figures are in {RUN_FILE}).")
    if grown:
        print(f"FAILED: query counts grow with the data: {grown}")
    if lost_total:
        print(f"FAILED: {lost_total} requests failed or responses were lost")
    return 1 if grown or lost_total else 0


def pages_table(rows: list[PageRow], floor_p95: float) -> list[str]:
    """The "Pages" section of RESULTS.md."""
    from bench.page_notes import aim_for, note_for

    aims = [aim_for(row.name, row.timing.content_type) for row in rows]
    met = [
        not aim.missed(p95=row.p95, first_byte_p95=row.first_byte_p95, floor_p95=floor_p95)
        for row, aim in zip(rows, aims, strict=True)
    ]
    downloads = [aim.first_byte_ms is not None for aim in aims]
    lines = [
        "## Pages",
        "",
        "Query counts at small and large size must be equal; p95 is also shown as a ratio to "
        "the floor's p95. Aims (column \"aim\"): an HTML page at most 5× the floor's p95 (the "
        "front page and the public hearing page 3×) and never over 100 ms; an export or "
        'generated document its first byte within 200 ms ("first byte" is the p95 of the '
        "time to the body's first byte), the yearly statement PDF whole within 300 ms, a CSV "
        "export within 1 s and an XLSX export within 5 s. KB is the size of the page's HTML (of "
        "the file, for a download) as sent, uncompressed (aim for the front page: under 40 KB).",
        "",
        f"{sum(1 for row in rows if row.p95 <= 3 * floor_p95)} of {len(rows)} pages are within "
        f"3× the floor's p95; {sum(met)} meet their aims: "
        f"{sum(m for m, d in zip(met, downloads, strict=True) if not d)} of "
        f"{downloads.count(False)} HTML pages and "
        f"{sum(m for m, d in zip(met, downloads, strict=True) if d)} of {downloads.count(True)} "
        "exports and generated documents.",
        "",
        'A page over its aim shows in the column "note" why, from `bench/page_notes.py`.',
        "",
        "| page | URL | role | queries small | queries large | n | p50 ms | p95 ms "
        "| p95 / floor | first byte ms | KB | aim | note |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for row, aim in zip(rows, aims, strict=True):
        mark = "" if row.queries_small == row.queries_large else " **grows**"
        note = note_for(
            row.name,
            row.persona,
            aim,
            p95=row.p95,
            first_byte_p95=row.first_byte_p95,
            floor_p95=floor_p95,
        ).replace("|", "\\|")
        lines.append(
            f"| {row.name} | `{row.url}` | {row.persona} | {row.queries_small} | "
            f"{row.queries_large}{mark} | {len(row.timing.wholes)} | {row.p50:.1f} | "
            f"{row.p95:.1f} | {row.p95 / floor_p95:.1f}× | {row.first_byte_p95:.1f} | "
            f"{row.timing.size / 1024:.1f} | {aim.label} | {note} |"
        )
    return lines


@dataclasses.dataclass
class Run:
    """What one `make bench` measured, kept in var/bench/run.json so that RESULTS.md can be
    written again from the same figures (`bench/run.py --rewrite`, after notes are added)."""

    date: str
    commit: str
    seconds: float
    load_average: float
    rows: list[PageRow]
    load_rows: list
    job_rows: list
    memory: float
    sizes: str
    grown: list
    floor_p95: float

    @classmethod
    def load(cls, path: Path) -> "Run":
        data = json.loads(path.read_text())
        data["rows"] = [
            PageRow(**{**row, "timing": Timing(**row["timing"])}) for row in data["rows"]
        ]
        return cls(**data)


def write_results(run: Run, results: Path = ROOT / "bench" / "RESULTS.md") -> None:
    from bench.page_notes import LOAD_AIMS, LOAD_NOTES

    rows, floor_p95 = run.rows, run.floor_p95
    lines = [
        "# Benchmark results",
        "",
        f"`make bench` on {run.date}, commit {run.commit}, "
        f"{os.cpu_count()} cores; PostgreSQL and Redis on 127.0.0.1; gunicorn with "
        f"{GUNICORN_WORKERS} sync workers; up to {REQUESTS_PER_PAGE} requests per page after 3 "
        f"warm-up requests (a slow page for {SECONDS_PER_PAGE:.0f} s, at least 5), one client. "
        f"Run took {run.seconds:.0f} s; load average at the end {run.load_average:.1f}.",
        "",
        "Data at large size:",
        "",
        *[f"- {line}" for line in run.sizes.strip().splitlines()],
        "",
        *pages_table(rows, floor_p95),
    ]
    lines += [
        "",
        "## Load",
        "",
        "| scenario | requests | clients | requests/s | failed or lost | ratio to floor | aim "
        "| note |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    floor_rate = run.load_rows[0][3] if run.load_rows else 0.0
    for name, total, clients, rate, failures, ratio in run.load_rows:
        aim = LOAD_AIMS.get(name)
        missed = aim is not None and floor_rate and rate / floor_rate < aim
        note = (LOAD_NOTES.get(name, "") if missed else "").replace("|", "\\|")
        aim_text = f"≥ {aim:g}× floor" if aim is not None else ""
        lines.append(
            f"| {name} | {total} | {clients} | {rate:.1f} | {failures} | {ratio} | {aim_text} "
            f"| {note} |"
        )
    lines += ["", "## Background jobs", "", "| job | ms | detail |", "| --- | ---: | --- |"]
    for name, ms, detail in run.job_rows:
        lines.append(f"| {name} | {ms:.0f} | {detail} |")
    lines += ["", f"Peak memory of a gunicorn worker (VmHWM): {run.memory:.0f} MB.", ""]
    if run.grown:
        lines += ["**Query counts that grow with the data:** " + str(run.grown), ""]
    # `make cluster` keeps its own section in this file (bench/cluster.py); carry it over.
    lines += [cluster_section(results.read_text() if results.exists() else "")]
    results.write_text("\n".join(lines))


CLUSTER_START = "<!-- make cluster: start -->"
CLUSTER_END = "<!-- make cluster: end -->"


def cluster_section(text: str) -> str:
    """The section `make cluster` wrote into RESULTS.md, markers included, or ""."""
    start, end = text.find(CLUSTER_START), text.find(CLUSTER_END)
    if start < 0 or end < start:
        return ""
    return text[start : end + len(CLUSTER_END)] + "\n"


if __name__ == "__main__":
    if sys.argv[1:] == ["--rewrite"]:
        sys.path.insert(0, str(ROOT))
        write_results(Run.load(RUN_FILE))
        sys.exit(0)
    sys.exit(main())
