"""`make faults`: break things under load and count what was lost or duplicated.

Everything runs on 127.0.0.1 in a private stack that this script starts and removes again,
never on the machine's shared PostgreSQL (5432) and Redis (6379), which other people's test
suites use at the same time:

- a PostgreSQL 15 cluster (initdb + pg_ctl) in a temporary directory on a free port,
- a redis-server on a free port without persistence,
- gunicorn and a Celery worker (with beat) against them; e-mail is written as files under
  `<tmp>/var/mail/`, one message per Message-ID.

Scenarios (each reports lost and duplicated counts; the run fails if either is not zero):

1. Redis stopped while citizens submit hearing responses.
2. PostgreSQL stopped (fast, then immediate) and started again during submissions.
3. The Celery worker killed with SIGKILL in the middle of a batch of outbox e-mails.
4. Two editors saving the same document section at the same moment, 100 times.
5. Two secretariat members recording expenses at the same moment.

Writes bench/FAULTS.md. Run it with `make faults` (about three minutes).
"""

import contextlib
import datetime
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.parse
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.hearing_load import CSRF, TOKEN, altcha_field, server_env  # noqa: E402
from bench.hearing_load import Client as LoadClient  # noqa: E402
from bench.run import free_port  # noqa: E402

PG_BIN = Path(os.environ.get("FAULTS_PG_BIN", "/usr/lib/postgresql/15/bin"))
BIN = Path(sys.executable).parent
REFERENCE = re.compile(r"HS-\d{4}-\d{4,}")
MESSAGE_ID = re.compile(rb"^Message-ID: (<[^>\r\n]+>)", re.MULTILINE)
SUBMISSIONS = int(os.environ.get("FAULTS_SUBMISSIONS", "200"))
CLIENTS = int(os.environ.get("FAULTS_CLIENTS", "10"))
TINY_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


START = time.monotonic()


def log(message: str) -> None:
    print(f"[faults {time.monotonic() - START:5.1f} s] {message}", flush=True)


def wait_for(predicate, timeout: float, interval: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()


# --- The private stack ----------------------------------------------------------------------


class Stack:
    """A private PostgreSQL, Redis, gunicorn and Celery worker in one temporary directory."""

    def __init__(self):
        self.base = Path(tempfile.mkdtemp(prefix="medborger-faults-"))
        self.base.chmod(0o755)
        self.pg_dir = self.base / "pg"
        self.var = self.base / "var"
        self.mail = self.var / "mail"
        self.logs = self.base / "logs"
        self.logs.mkdir()
        self.pg_port, self.redis_port, self.web_port = free_port(), free_port(), free_port()
        self.database_url = f"postgres://postgres@127.0.0.1:{self.pg_port}/medborger"
        self.redis_url = f"redis://127.0.0.1:{self.redis_port}/0"
        self.env = {
            **server_env(self.database_url, self.redis_url),
            "MEDBORGER_VAR_DIR": str(self.var),
            "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
            "FAST_PASSWORD_HASHING": "true",
            # The relay runs often, and a claim left by a killed worker is taken back after
            # 30 s instead of 5 minutes, so that the run stays short; a sent e-mail is marked sent
            # for up to 80 % of it, longer than PostgreSQL takes to restart in scenario 2.
            "OUTBOX_RELAY_INTERVAL_SECONDS": "2",
            "OUTBOX_CLAIM_TIMEOUT_SECONDS": "30",
            "OUTBOX_RELAY_BATCH": "500",
        }
        self.redis = self.gunicorn = self.worker = None
        as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        self.as_postgres = as_postgres

    # PostgreSQL

    def pg_ctl(self, *args: str) -> None:
        subprocess.run(
            [*self.as_postgres, str(PG_BIN / "pg_ctl"), "-D", str(self.pg_dir), *args],
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def pg_init(self) -> None:
        self.pg_dir.mkdir()
        if self.as_postgres:
            shutil.chown(self.pg_dir, "postgres")
        subprocess.run(
            [
                *self.as_postgres,
                str(PG_BIN / "initdb"),
                "-D",
                str(self.pg_dir),
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        self.pg_start()
        import psycopg2

        connection = psycopg2.connect(
            host="127.0.0.1", port=self.pg_port, user="postgres", dbname="postgres"
        )
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("CREATE DATABASE medborger")
        connection.close()

    def pg_start(self) -> None:
        options = (
            f"-p {self.pg_port} -c listen_addresses=127.0.0.1 -k {self.pg_dir} "
            "-c fsync=off -c full_page_writes=off -c max_connections=100"
        )
        self.pg_ctl("-l", str(self.pg_dir / "server.log"), "-w", "-o", options, "start")

    def pg_stop(self, mode: str = "fast") -> None:
        self.pg_ctl("-m", mode, "-w", "stop")

    # Redis

    def redis_start(self) -> None:
        self.redis = self._spawn(
            "redis",
            [
                "redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.redis_port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.base),
            ],
        )
        if not wait_for(lambda: self._port_open(self.redis_port), 10):
            raise RuntimeError("redis-server did not start")

    def redis_stop(self) -> None:
        if self.redis and self.redis.poll() is None:
            self.redis.terminate()
            self.redis.wait(timeout=10)

    # The app

    def manage(self, *args: str) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
        )
        if result.returncode:
            raise RuntimeError(f"manage.py {' '.join(args)}:\n{result.stdout}{result.stderr}")
        return result.stdout

    def _spawn(self, name: str, command: list[str]) -> subprocess.Popen:
        return subprocess.Popen(
            command,
            cwd=ROOT,
            env=self.env,
            stdout=open(self.logs / f"{name}.log", "ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    @staticmethod
    def _port_open(port: int) -> bool:
        import socket

        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return True
        except OSError:
            return False

    def gunicorn_start(self) -> None:
        self.gunicorn = self._spawn(
            "gunicorn",
            [
                str(BIN / "gunicorn"),
                "medborger.wsgi",
                "-b",
                f"127.0.0.1:{self.web_port}",
                "-w",
                "3",
                "--timeout",
                "60",
                "--log-level",
                "warning",
            ],
        )
        if not wait_for(lambda: self._port_open(self.web_port), 60):
            raise RuntimeError("gunicorn did not start")

    def worker_start(self) -> None:
        self.worker = self._spawn(
            "celery",
            [
                str(BIN / "celery"),
                "-A",
                "medborger",
                "worker",
                "-B",
                "-c",
                "2",
                "-n",
                f"faults-{uuid.uuid4().hex[:6]}@%h",
                "--loglevel",
                "WARNING",
            ],
        )

    def worker_kill(self) -> None:
        """SIGKILL to the worker's whole process group: the main process and its children."""
        if self.worker and self.worker.poll() is None:
            os.killpg(self.worker.pid, signal.SIGKILL)
            self.worker.wait(timeout=10)

    def _stop_group(self, process) -> None:
        if process is None or process.poll() is not None:
            return
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=20)
        except (subprocess.TimeoutExpired, ProcessLookupError):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)

    def worker_stop(self) -> None:
        self._stop_group(self.worker)

    def close(self) -> None:
        for name, stop in (
            ("worker", self.worker_stop),
            ("gunicorn", lambda: self._stop_group(self.gunicorn)),
            ("redis", self.redis_stop),
            ("postgres", lambda: self.pg_stop("immediate")),
        ):
            try:
                stop()
            except Exception as exc:  # noqa: BLE001 - clean up the rest regardless
                log(f"stopping {name}: {exc}")
        if os.environ.get("FAULTS_KEEP"):
            log(f"kept {self.base}")
        else:
            shutil.rmtree(self.base, ignore_errors=True)

    # Mail

    def sent_message_ids(self) -> list[str]:
        """Every Message-ID written by the file backend (a file may hold several messages)."""
        found = []
        if self.mail.is_dir():
            for path in self.mail.iterdir():
                found += [m.decode() for m in MESSAGE_ID.findall(path.read_bytes())]
        return found


# --- Reporting ------------------------------------------------------------------------------


@dataclass
class Outcome:
    name: str
    done: str
    checked: str
    lost: int = 0
    duplicated: int = 0
    problems: list[str] = field(default_factory=list)
    figures: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.lost and not self.duplicated and not self.problems


# --- Citizens on the hearing form -----------------------------------------------------------


class Citizen(LoadClient):
    """One browser: loads the form, posts it (retrying the same form after a 503 or a dropped
    connection, as a citizen pressing the button again would), then opens the receipt."""

    def __init__(self, number, port, slug, queue, results, sections, lock):
        super().__init__(number, 0, port, slug, time.monotonic() + 600, results)
        self.queue, self.sections, self.lock = queue, sections, lock

    def connection(self):
        import http.client

        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)

    def call(self, method, path, body=None, content_type=None):
        """One request on a fresh connection; (status, text) or (None, error) on no answer."""
        import http.client

        conn = self.connection()
        try:
            headers = {"Host": "127.0.0.1"}
            cookie = "; ".join(f"{k}={v.value}" for k, v in self.cookies.items())
            if cookie:
                headers["Cookie"] = cookie
            if content_type:
                headers["Content-Type"] = content_type
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read().decode(errors="replace")
            for header in response.headers.get_all("Set-Cookie") or []:
                self.cookies.load(header)
            return response.status, data, response.getheader("Location")
        except (OSError, http.client.HTTPException) as exc:
            return None, f"{type(exc).__name__}: {exc}", None
        finally:
            conn.close()

    def note(self, status, data):
        with self.lock:
            self.results["requests"] += 1
            if status == 503:
                self.results["503"] += 1
                self.results["503_times"].append(time.monotonic())
                if "Traceback" in data or "OperationalError" in data or "psycopg" in data:
                    self.results["503_with_trace"] += 1
            elif status is None:
                self.results["no_answer"] += 1
            elif status >= 500:
                self.results["other_5xx"].append(f"{status}: {data[:200]}")

    def get(self, path):
        for _attempt in range(120):
            status, data, _location = self.call("GET", path)
            self.note(status, data)
            if status == 200:
                return data
            time.sleep(0.25)
        return None

    def run(self):
        path = f"/inddragelse/hoeringer/{self.slug}/"
        while True:
            with self.lock:
                if not self.queue:
                    return
                index = self.queue.pop()
            subject = f"{self.results['prefix']}-{index:04d}"
            page = self.get(path)
            if page is None:
                self.results["gave_up"].append(subject)
                continue
            sections = self.sections[: index % 3]
            with_file = index % 4 == 0
            fields = [
                ("csrfmiddlewaretoken", CSRF.search(page).group(1)),
                ("form_token", TOKEN.search(page).group(1)),
                ("altcha", altcha_field(page)),
                ("name", f"Borger {self.number}"),
                ("email", f"borger{index}@example.org"),
                ("email_repeat", f"borger{index}@example.org"),
                ("represents", "private"),
                ("subject", subject),
                ("text", f"Høringssvar nummer {index} om stier, bænke og lys ({uuid.uuid4()})."),
                ("consent", "on"),
                ("publication", "with_name"),
                *[("sections", str(pk)) for pk in sections],
            ]
            body, content_type = multipart(
                fields, [("attachments", f"bilag-{index}.pdf", TINY_PDF)] if with_file else []
            )
            self.results["expected"][subject] = (len(sections), int(with_file))
            receipt = None
            for _attempt in range(120):
                sent_at = time.monotonic()
                status, data, location = self.call("POST", path, body, content_type)
                self.note(status, data)
                with self.lock:
                    self.results["posts"].append((sent_at, time.monotonic() - sent_at))
                if status == 302 and location:
                    receipt = location
                    break
                if status not in (None, 503):
                    self.results["other_5xx" if status >= 500 else "refused"].append(
                        f"{status} on {subject}"
                    )
                    break
                time.sleep(0.25)
            if receipt is None:
                self.results["gave_up"].append(subject)
                continue
            page = self.get(urllib.parse.urlparse(receipt).path)
            found = REFERENCE.search(page or "")
            if found is None:
                self.results["gave_up"].append(subject)
                continue
            with self.lock:
                self.results["receipts"][subject] = found.group(0)
                self.results["posted"] += 1


def multipart(fields, files):
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields:
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
        parts.append(f"{head}{value}\r\n".encode())
    for name, filename, content in files:
        parts.append(
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: application/pdf\r\n\r\n'
            ).encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def submit(stack, hearing, prefix, during):
    """SUBMISSIONS responses from CLIENTS threads; `during(results)` runs beside them."""
    from policy.models import Section

    results = {
        "prefix": prefix,
        "requests": 0,
        "posted": 0,
        "503": 0,
        "503_times": [],
        "503_with_trace": 0,
        "no_answer": 0,
        "other_5xx": [],
        "refused": [],
        "gave_up": [],
        "receipts": {},
        "expected": {},
        "posts": [],
    }
    sections = list(
        Section.objects.filter(version_id=hearing.version_id)
        .order_by("position")
        .values_list("pk", flat=True)
    )
    queue = list(range(SUBMISSIONS))[::-1]
    lock = threading.Lock()
    citizens = [
        Citizen(n, stack.web_port, hearing.slug, queue, results, sections, lock)
        for n in range(CLIENTS)
    ]
    started = time.monotonic()
    for citizen in citizens:
        citizen.start()
    during(results)
    for citizen in citizens:
        citizen.join(timeout=600)
    results["seconds"] = time.monotonic() - started
    return results


def stored_responses(hearing, prefix):
    """subject -> (reference, sections, attachments, files present, has receipt e-mail)."""
    from django.core.files.storage import default_storage
    from django.db import connection

    from consultation.models import HearingResponse
    from medborger.models import OutboundEmail

    connection.close()
    rows = {}
    duplicates = 0
    receipts = set(
        OutboundEmail.objects.filter(idempotency_key__startswith="hearing-receipt:").values_list(
            "idempotency_key", flat=True
        )
    )
    responses = HearingResponse.objects.filter(
        hearing=hearing, subject__startswith=f"{prefix}-"
    ).prefetch_related("sections", "attachments")
    for response in responses:
        if response.subject in rows:
            duplicates += 1
        attachments = list(response.attachments.all())
        rows[response.subject] = {
            "reference": response.reference,
            "sections": len(response.sections.all()),
            "attachments": len(attachments),
            "files_present": all(default_storage.exists(a.file.name) for a in attachments),
            "receipt_email": f"hearing-receipt:{response.reference}" in receipts,
            "bands": response.similarity_bands.count(),
        }
    return rows, duplicates


def receipt_emails(hearing, prefix):
    """Message-IDs of the receipt e-mails of this run's responses, and their statuses."""
    from consultation.models import HearingResponse
    from medborger.models import OutboundEmail

    references = HearingResponse.objects.filter(
        hearing=hearing, subject__startswith=f"{prefix}-"
    ).values_list("reference", flat=True)
    keys = [f"hearing-receipt:{reference}" for reference in references]
    return list(
        OutboundEmail.objects.filter(idempotency_key__in=keys).values_list("message_id", "status")
    )


def median(values):
    return statistics.median(values) if values else 0.0


def count_deliveries(stack, message_ids):
    sent = stack.sent_message_ids()
    counts = dict.fromkeys(message_ids, 0)
    for mid in sent:
        if mid in counts:
            counts[mid] += 1
    never = sum(1 for c in counts.values() if c == 0)
    twice = sum(c - 1 for c in counts.values() if c > 1)
    return never, twice


def wait_until_sent(message_ids_fn, timeout):
    from django.db import connection

    def all_sent():
        connection.close()
        rows = message_ids_fn()
        return rows and all(status == "sent" for _mid, status in rows)

    return wait_for(all_sent, timeout, interval=1)


# --- Scenario 1: Redis down -----------------------------------------------------------------


def scenario_redis(stack, hearing) -> Outcome:
    outcome = Outcome(
        "1. Redis stopped during submissions",
        f"{SUBMISSIONS} hearing responses from {CLIENTS} concurrent clients (form page, POST "
        "with CSRF and form token, receipt page); Redis stopped after the first 20 % and "
        "started again after the last; the worker (with beat) reconnects and the outbox relay "
        "sends what waited.",
        "rows stored per submission; every client got its receipt page with a reference; "
        "each receipt e-mail written exactly once (Message-ID in the mail files) after Redis "
        "is back.",
    )
    down = {}

    def during(results):
        wait_for(lambda: results["posted"] >= SUBMISSIONS // 5, 300, 0.05)
        down["at_post"] = results["posted"]
        stack.redis_stop()
        down["since"] = time.monotonic()
        log(f"Redis stopped after {down['at_post']} receipts")

    results = submit(stack, hearing, "redis", during)
    posted_while_down = results["posted"] - down.get("at_post", 0)
    rows, duplicates = stored_responses(hearing, "redis")
    emails = receipt_emails(hearing, "redis")
    queued_while_down = sum(1 for _m, status in emails if status != "sent")
    stack.redis_start()
    log("Redis started again; waiting for the receipts to go out")
    started = time.monotonic()
    all_sent = wait_until_sent(lambda: receipt_emails(hearing, "redis"), 120)
    drain = time.monotonic() - started
    time.sleep(3)  # a late duplicate would show up here
    emails = receipt_emails(hearing, "redis")
    never, twice = count_deliveries(stack, [mid for mid, _s in emails])

    receipts = results["receipts"]
    up = sorted(d for t, d in results["posts"] if t < down["since"])
    out = sorted(d for t, d in results["posts"] if t >= down["since"])
    missing_rows = [s for s, ref in receipts.items() if rows.get(s, {}).get("reference") != ref]
    no_receipt_page = SUBMISSIONS - len(receipts)
    outcome.lost = len(missing_rows) + no_receipt_page + never + (len(rows) - len(emails))
    outcome.duplicated = duplicates + twice
    if not all_sent:
        outcome.problems.append("not every receipt e-mail was sent within 120 s")
    if results["other_5xx"] or results["503"]:
        outcome.problems.append(f"errors: {results['other_5xx'][:3]}, 503s: {results['503']}")
    outcome.figures = [
        f"{len(receipts)}/{SUBMISSIONS} clients saw their receipt page; "
        f"{posted_while_down} of them while Redis was down",
        f"{len(rows)} rows stored, {duplicates} duplicates; "
        f"{len(missing_rows)} receipts without their row",
        f"{len(emails)} receipt e-mails in the outbox; {queued_while_down} were waiting "
        f"when Redis came back; all sent {drain:.0f} s later",
        f"mail files: {never} receipts never written, {twice} written more than once",
        f"errors seen by clients: {len(results['other_5xx'])} 5xx, {results['503']} 503",
        f"POST time (10 clients, 3 gunicorn workers): median {median(up):.2f} s with Redis up, "
        f"{median(out):.2f} s with Redis down (max {max(out, default=0):.2f} s): the request "
        "does not wait for the broker",
    ]
    return outcome


# --- Scenario 2: PostgreSQL restarted -------------------------------------------------------


def scenario_postgres(stack, hearing) -> Outcome:
    outcome = Outcome(
        "2. PostgreSQL restarted during submissions",
        f"{SUBMISSIONS} responses (sections on two in three, a PDF on one in four) from "
        f"{CLIENTS} clients; PostgreSQL stopped with `-m fast` at 25 % and with `-m immediate` "
        "(crash) at 60 %, each time started again after 4 s; gunicorn is never restarted. A "
        "client that gets a 503 or no answer sends the same form again.",
        "every 503 is the clean page (no traceback); no other 5xx; every stored response has "
        "all its sections, attachments (file on disk), similarity bands and receipt e-mail; "
        "every receipt page has its row; no response stored twice; the same gunicorn serves "
        "afterwards.",
    )
    outages = []
    gunicorn_pid = stack.gunicorn.pid

    def during(results):
        for share, mode in ((0.25, "fast"), (0.60, "immediate")):
            wait_for(lambda share=share: results["posted"] >= SUBMISSIONS * share, 300, 0.05)
            started = time.monotonic()
            stack.pg_stop(mode)
            log(f"PostgreSQL stopped ({mode}) after {results['posted']} receipts")
            time.sleep(4)
            stack.pg_start()
            outages.append((mode, started, time.monotonic()))
            log("PostgreSQL started again")

    results = submit(stack, hearing, "pg", during)
    rows, duplicates = stored_responses(hearing, "pg")
    receipts = results["receipts"]
    expected = results["expected"]
    incomplete = [
        subject
        for subject, row in rows.items()
        if (row["sections"], row["attachments"]) != expected.get(subject)
        or not row["files_present"]
        or not row["receipt_email"]
        or row["bands"] == 0
    ]
    missing_rows = [s for s, ref in receipts.items() if rows.get(s, {}).get("reference") != ref]
    rows_without_receipt = [s for s in rows if s not in receipts]
    gave_up = results["gave_up"]

    from django.db import connection

    connection.close()
    all_sent = wait_until_sent(lambda: receipt_emails(hearing, "pg"), 90)
    emails = receipt_emails(hearing, "pg")
    never, twice = count_deliveries(stack, [mid for mid, _s in emails])
    health = Citizen(0, stack.web_port, hearing.slug, [], {}, [], None).call("GET", "/healthz")
    same_server = stack.gunicorn.poll() is None and stack.gunicorn.pid == gunicorn_pid

    outcome.lost = len(missing_rows) + len(incomplete) + len(gave_up) + never
    outcome.duplicated = duplicates + twice
    if results["503_with_trace"]:
        outcome.problems.append(f"{results['503_with_trace']} 503 pages with a trace")
    if results["other_5xx"]:
        outcome.problems.append(f"other 5xx: {results['other_5xx'][:3]}")
    if not same_server or health[0] != 200:
        outcome.problems.append(f"service did not resume: healthz {health[0]}")
    if not all_sent:
        outcome.problems.append("not every receipt e-mail was sent within 90 s")
    # A 503 answered more than 2 s after PostgreSQL was back would mean the app did not
    # recover by itself (a stale connection kept, a worker stuck).
    late = [
        round(t - max((e for _m, _s, e in outages if e < t), default=t), 1)
        for t in results["503_times"]
        if not any(start <= t <= end + 2 for _m, start, end in outages)
    ]
    in_outage = len(results["503_times"]) - len(late)
    if late:
        outcome.problems.append(f"{len(late)} 503s after PostgreSQL was back ({late[:5]} s)")
    outcome.figures = [
        f"{len(receipts)}/{SUBMISSIONS} clients got their receipt page; {len(gave_up)} gave up",
        f"{results['requests']} requests: {results['503']} clean 503 pages "
        f"({in_outage} during an outage or within 2 s of its end, {len(late)} later; "
        f"{results['503_with_trace']} with a trace), "
        f"{results['no_answer']} without an answer, {len(results['other_5xx'])} other 5xx",
        f"{len(rows)} rows stored, {duplicates} duplicates, {len(incomplete)} incomplete; "
        f"{len(missing_rows)} receipts without their row; {len(rows_without_receipt)} rows "
        "whose client saw no receipt",
        f"{sum(1 for r in rows.values() if r['attachments'])} responses with an attachment, "
        f"{sum(1 for r in rows.values() if r['sections'])} with sections",
        f"receipt e-mails: {len(emails)}, {never} never written, {twice} written twice",
        f"afterwards: the same gunicorn (pid {gunicorn_pid}) answers /healthz with {health[0]}",
    ]
    return outcome


# --- Scenario 3: worker killed --------------------------------------------------------------


def _milestone_due_tomorrow(members: int):
    """A revision whose milestone is due tomorrow, for a group of `members` with addresses."""
    import datetime

    from django.utils import timezone

    from policy.models import Group, GroupMember, Milestone, PolicyRevision

    tag = uuid.uuid4().hex[:6]
    revision = PolicyRevision.objects.create(title=f"Revision {tag}", slug=f"revision-{tag}")
    group = Group.objects.create(revision=revision, kind=Group.Kind.PROJECT, name="Projektgruppe")
    GroupMember.objects.bulk_create(
        GroupMember(group=group, name=f"Medlem {i}", email=f"medlem{i}-{tag}@example.org")
        for i in range(members)
    )
    return Milestone.objects.create(
        revision=revision,
        title=f"Borgermøde {tag}",
        starts_on=timezone.localdate() + datetime.timedelta(days=1),
        responsible_group=group,
    )


def scenario_worker_kill(stack) -> Outcome:
    from django.db import connection, transaction
    from django.db.models import Count

    from medborger.models import OutboundEmail, Reminder
    from medborger.outbox import email_enqueue
    from medborger.tasks import reminders_scan

    receipts, members = 150, 150
    total = receipts + members
    outcome = Outcome(
        "3. Celery worker killed with SIGKILL",
        f"A mixed batch: {receipts} receipt e-mails put in the outbox in one transaction (each "
        f"nudges the worker), and a reminder scan run by the worker for a milestone due "
        f"tomorrow whose group has {members} members ({members} reminders). The worker's whole "
        "process group (main process, 2 prefork children, beat) killed with SIGKILL after "
        "about a third were written, then started again; abandoned claims are taken back "
        "after the claim timeout (30 s in this run) and sent by the relay.",
        "each e-mail written exactly once (Message-ID in the mail files); every row ends "
        "sent; each member has exactly one reminder row.",
    )
    connection.close()
    milestone = _milestone_due_tomorrow(members)
    batch = f"kill-{uuid.uuid4().hex[:6]}"
    with transaction.atomic():
        ids = [
            email_enqueue(
                to=f"modtager{i}@example.org",
                subject=f"Kvittering {batch} {i}",
                body_text=f"Tak for dit høringssvar nummer {i}.\n",
                idempotency_key=f"{batch}:{i}",
            ).message_id
            for i in range(receipts)
        ]
    reminders_scan.delay()
    reminder_rows = Reminder.objects.filter(
        object_id=str(milestone.pk), recipient_email__startswith="medlem"
    )
    if not wait_for(lambda: reminder_rows.filter(outbound_email__isnull=False).count(), 60):
        outcome.problems.append("the worker's scan made no reminders within 60 s")
    ids += list(reminder_rows.values_list("outbound_email__message_id", flat=True))
    wanted = set(ids)
    wait_for(
        lambda: sum(1 for m in stack.sent_message_ids() if m in wanted) >= total // 3, 120, 0.05
    )
    time.sleep(random.uniform(0, 0.3))
    stack.worker_kill()
    sent_before = sum(1 for m in stack.sent_message_ids() if m in wanted)
    connection.close()
    statuses = dict(
        OutboundEmail.objects.filter(message_id__in=ids)
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    log(f"worker killed with {sent_before} of {len(ids)} written; rows: {statuses}")
    stack.worker_start()
    reminders_scan.delay()  # a second scan after the restart must add nothing

    def rows():
        return list(
            OutboundEmail.objects.filter(message_id__in=ids).values_list("message_id", "status")
        )

    started = time.monotonic()
    all_sent = wait_until_sent(rows, 120)
    drain = time.monotonic() - started
    time.sleep(3)
    never, twice = count_deliveries(stack, ids)
    outcome.lost = never + max(0, total - len(ids))
    extra_rows = reminder_rows.count() - members
    outcome.duplicated = twice + max(0, extra_rows)
    if not all_sent:
        outcome.problems.append("not every row reached 'sent' within 120 s")
    outcome.figures = [
        f"{len(ids)} e-mails: {receipts} receipts and {len(ids) - receipts} reminders made "
        f"by the worker's scan",
        f"{sent_before}/{len(ids)} written when the worker was killed; rows then: "
        + ", ".join(f"{k} {v}" for k, v in sorted(statuses.items())),
        f"after the restart all {len(ids)} rows sent within {drain:.0f} s; a second scan "
        f"added {max(0, extra_rows)} reminder rows",
        f"mail files: {never} e-mails never written, {twice} written more than once",
    ]
    return outcome


# --- Scenario 4: concurrent editors ---------------------------------------------------------


def scenario_editors(stack) -> Outcome:
    from django.db import connection

    from medborger.roles import Role
    from medborger.testing.factories import UserFactory
    from policy.models import DocumentVersion
    from policy.services import SectionInput, version_save
    from policy.services.documents import StaleVersionError, document_create

    rounds = 100
    outcome = Outcome(
        "4. Two editors save the same section",
        f"{rounds} rounds: two threads (own database connections) read the current version, "
        "meet at a barrier and call `policy.services.version_save` with that base version and "
        "their own text for the same section, on the private PostgreSQL.",
        "each round exactly one save wins and the other gets `StaleVersionError` naming the "
        "winner's version; the final text is the last winner's; the version history holds "
        "every winning save with its text, in order.",
    )
    connection.close()
    editors = [UserFactory(roles=[Role.COORDINATOR]) for _ in range(2)]
    document = document_create(user=editors[0], title=f"Samtidig redigering {uuid.uuid4().hex[:4]}")
    keys = [uuid.uuid4() for _ in range(3)]
    version_save(
        document=document,
        sections=[
            SectionInput(heading=f"Afsnit {i}", body="<p>Start</p>", key=k)
            for i, k in enumerate(keys)
        ],
        user=editors[0],
        base_number=None,
    )
    barrier = threading.Barrier(2)
    winners, conflicts, errors = {}, [], []
    lock = threading.Lock()

    def editor(who):
        from django.db import connection as thread_connection

        try:
            for r in range(rounds):
                base = (
                    DocumentVersion.objects.filter(document=document)
                    .order_by("-number")
                    .values_list("number", flat=True)
                    .first()
                )
                text = f"<p>Runde {r}: tekst fra redaktør {who}</p>"
                sections = [
                    SectionInput(
                        heading=f"Afsnit {i}", body=text if i == 1 else "<p>Start</p>", key=k
                    )
                    for i, k in enumerate(keys)
                ]
                barrier.wait(timeout=60)
                try:
                    version = version_save(
                        document=document, sections=sections, user=editors[who], base_number=base
                    )
                    with lock:
                        winners.setdefault(r, []).append((who, version.number, text))
                except StaleVersionError as stale:
                    with lock:
                        conflicts.append((r, who, stale.current.number if stale.current else None))
                barrier.wait(timeout=60)
        except Exception:  # noqa: BLE001 - reported
            errors.append(traceback.format_exc())
            barrier.abort()
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=editor, args=(who,)) for who in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    connection.close()
    history = {
        v.number: v.sections.get(key=keys[1]).body
        for v in DocumentVersion.objects.filter(document=document).prefetch_related("sections")
    }
    one_winner = sum(1 for r in range(rounds) if len(winners.get(r, [])) == 1)
    two_winners = sum(1 for r in range(rounds) if len(winners.get(r, [])) > 1)
    no_winner = rounds - one_winner - two_winners
    win_numbers = {r: w[0][1] for r, w in winners.items() if len(w) == 1}
    told_right = sum(1 for r, _who, number in conflicts if number == win_numbers.get(r))
    missing_history = sum(
        1 for r, w in winners.items() for _who, number, text in w if history.get(number) != text
    )
    document.refresh_from_db()
    final = document.current_version.sections.get(key=keys[1]).body
    last_text = winners.get(rounds - 1, [(None, None, None)])[-1][2]
    outcome.lost = missing_history + no_winner + (final != last_text)
    outcome.duplicated = two_winners
    if errors:
        outcome.problems.append(errors[0].splitlines()[-1])
    if told_right != len(conflicts) or len(conflicts) != rounds:
        outcome.problems.append(f"{len(conflicts)} conflicts, {told_right} naming the winner")
    outcome.figures = [
        f"{one_winner} rounds with exactly one winner, {two_winners} with two (silent "
        f"overwrite), {no_winner} with none",
        f"{len(conflicts)} conflicts raised, {told_right} of them naming the winning version",
        f"versions stored: {len(history)} (1 initial + {rounds}); {missing_history} winning "
        "saves missing from the history; final text is the last winner's: "
        f"{'yes' if final == last_text else 'no'}",
    ]
    return outcome


# --- Scenario 5: concurrent expenses --------------------------------------------------------


def scenario_expenses(stack) -> Outcome:
    from django.core.exceptions import ValidationError
    from django.db import connection

    from forum.large import large_forum
    from forum.models import BudgetYear, Expense
    from forum.services.budget import expense_record
    from medborger.roles import Role
    from medborger.testing.factories import UserFactory

    per_member = 200
    outcome = Outcome(
        "5. Two secretariat members record expenses",
        f"two threads each call `forum.services.budget.expense_record` {per_member} times at "
        "once (random amounts with øre) on a budget year with room for all; then both record "
        "100.00 kr. expenses, 100 each, against a year whose allocation of 10,000.00 kr. takes "
        "exactly 100 of them.",
        "the stored sum equals the sum of what each reported recorded (Decimal, exact) and the "
        "budget year's totals (`with_totals`) agree; on the tight year exactly 100 are recorded, "
        "the rest refused as over the allocation, and used is exactly 10,000.00 kr.",
    )
    connection.close()
    forum = large_forum(slug=f"faults-{uuid.uuid4().hex[:6]}", years=2)
    roomy, tight = list(forum.budget_years.order_by("year"))
    BudgetYear.objects.filter(pk=tight.pk).update(allocation=Decimal("10000.00"))
    members = [UserFactory(roles=[Role.SECRETARIAT]) for _ in range(2)]

    def run(year, amounts_for, date):
        recorded = [[], []]
        refused = [0, 0]
        errors = []
        barrier = threading.Barrier(2)

        def member(who):
            from django.db import connection as thread_connection

            try:
                barrier.wait(timeout=30)
                for amount in amounts_for(who):
                    try:
                        expense_record(
                            budget_year=year,
                            date=date,
                            amount=amount,
                            category=Expense.Category.choices[0][0],
                            description=f"Udgift fra sekretær {who}",
                            user=members[who],
                        )
                        recorded[who].append(amount)
                    except ValidationError as error:
                        if "over_allocation_reason" not in getattr(error, "error_dict", {}):
                            raise
                        refused[who] += 1
            except Exception:  # noqa: BLE001 - reported
                errors.append(traceback.format_exc())
            finally:
                thread_connection.close()

        threads = [threading.Thread(target=member, args=(who,)) for who in (0, 1)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return recorded, refused, errors

    rng = random.Random(7)
    amounts = [
        [Decimal(rng.randint(100, 999_999)) / 100 for _ in range(per_member)] for _ in range(2)
    ]
    recorded, _refused, errors = run(
        roomy, lambda who: amounts[who], datetime.date(roomy.year, 6, 1)
    )
    connection.close()
    reported = sum(recorded[0]) + sum(recorded[1])
    stored = list(Expense.objects.filter(budget_year=roomy).values_list("amount", flat=True))
    totals = BudgetYear.objects.with_totals().get(pk=roomy.pk)
    roomy_ok = (
        sum(stored, Decimal("0.00")) == reported
        and totals.used == reported
        and totals.left == totals.allocation - reported
        and len(stored) == len(recorded[0]) + len(recorded[1])
    )

    tight_recorded, tight_refused, tight_errors = run(
        tight, lambda who: [Decimal("100.00")] * 100, datetime.date(tight.year, 6, 1)
    )
    connection.close()
    tight_totals = BudgetYear.objects.with_totals().get(pk=tight.pk)
    tight_count = Expense.objects.filter(budget_year=tight).count()
    tight_reported = sum(len(r) for r in tight_recorded)
    tight_ok = (
        tight_count == tight_reported == 100
        and tight_totals.used == Decimal("10000.00")
        and tight_totals.left == Decimal("0.00")
        and tight_totals.over_allocation_count == 0
    )

    reported_count = len(recorded[0]) + len(recorded[1])
    outcome.lost = max(0, reported_count - len(stored)) + max(0, tight_reported - tight_count)
    outcome.duplicated = max(0, len(stored) - reported_count) + max(0, tight_count - tight_reported)
    if errors or tight_errors:
        outcome.problems.append((errors + tight_errors)[0].strip().splitlines()[-1])
    if not roomy_ok:
        outcome.problems.append("totals differ from what was recorded")
    if not tight_ok:
        outcome.problems.append("the tight year's totals are wrong")
    outcome.figures = [
        f"roomy year: {len(recorded[0])} + {len(recorded[1])} recorded, {len(stored)} stored; "
        f"reported sum {reported} kr., stored sum {sum(stored, Decimal('0.00'))} kr., "
        f"budget totals used {totals.used} kr., left {totals.left} kr. (allocation "
        f"{totals.allocation}) — {'exact' if roomy_ok else 'WRONG'}",
        f"tight year (10,000.00 kr.): {len(tight_recorded[0])} + {len(tight_recorded[1])} "
        f"recorded, {sum(tight_refused)} refused as over the allocation; {tight_count} stored, "
        f"used {tight_totals.used} kr., left {tight_totals.left} kr. — "
        f"{'right' if tight_ok else 'WRONG'}",
    ]
    return outcome


# --- Main -----------------------------------------------------------------------------------


# --- Scenario 6: citizens behind one trusted proxy, an attacker flooding ------------------

PROXY_CITIZENS = int(os.environ.get("FAULTS_PROXY_CITIZENS", "50"))
ATTACKER_POSTS = int(os.environ.get("FAULTS_ATTACKER_POSTS", "100"))
ATTACKER = "203.0.113.66"
PROXY_RATE_LIMIT = 20


def _gunicorn_workers_rss(master_pid: int) -> list[int]:
    """Resident memory (kB) of each gunicorn worker, the master's children."""
    sizes = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if fields.get("PPid", "").strip() == str(master_pid) and "VmRSS" in fields:
            sizes.append(int(fields["VmRSS"].split()[0]))
    return sizes


def _odt_bomb() -> bytes:
    """A 60 KB ".odt" whose mimetype entry unpacks to 60 MB (the review's zip bomb)."""
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        info = zipfile.ZipInfo("mimetype")
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w", force_zip64=True) as entry:
            for _ in range(60):
                entry.write(bytes(1024 * 1024))
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def _png_bomb() -> bytes:
    import struct
    import zlib

    def chunk(kind, data):
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 40000, 40000, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00"))
        + chunk(b"IEND", b"")
    )


class ProxiedClient(Citizen):
    """A browser whose requests reach gunicorn through the trusted proxy: the proxy appends
    the browser's address to X-Forwarded-For (after whatever the browser wrote itself)."""

    def __init__(self, port, address, spoofed=""):
        super().__init__(0, port, "", [], {}, [], threading.Lock())
        self.address, self.spoofed = address, spoofed

    def call(self, method, path, body=None, content_type=None):
        import http.client

        conn = self.connection()
        try:
            forwarded = f"{self.spoofed}, {self.address}" if self.spoofed else self.address
            headers = {"Host": "127.0.0.1", "X-Forwarded-For": forwarded}
            cookie = "; ".join(f"{k}={v.value}" for k, v in self.cookies.items())
            if cookie:
                headers["Cookie"] = cookie
            if content_type:
                headers["Content-Type"] = content_type
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            for header in response.headers.get_all("Set-Cookie") or []:
                self.cookies.load(header)
            return response.status
        except (OSError, http.client.HTTPException) as exc:
            return f"{type(exc).__name__}"
        finally:
            conn.close()

    def respond(self, slug, subject, files=()):
        import http.client

        path = f"/inddragelse/hoeringer/{slug}/"
        conn = self.connection()
        forwarded = f"{self.spoofed}, {self.address}" if self.spoofed else self.address
        conn.request("GET", path, headers={"Host": "127.0.0.1", "X-Forwarded-For": forwarded})
        response = conn.getresponse()
        page = response.read().decode(errors="replace")
        for header in response.headers.get_all("Set-Cookie") or []:
            self.cookies.load(header)
        conn.close()
        if response.status != 200 or not CSRF.search(page):
            return response.status
        fields = [
            ("csrfmiddlewaretoken", CSRF.search(page).group(1)),
            ("form_token", TOKEN.search(page).group(1)),
            ("name", "Borger"),
            ("email", f"{subject}@example.org"),
            ("email_repeat", f"{subject}@example.org"),
            ("represents", "private"),
            ("subject", subject),
            ("text", f"Høringssvar {subject} om stier og lys ({uuid.uuid4()})."),
            ("consent", "on"),
            ("publication", "with_name"),
        ]
        body, content_type = multipart(fields, list(files))
        try:
            return self.call("POST", path, body, content_type)
        except http.client.HTTPException as exc:
            return type(exc).__name__


def scenario_proxy(stack, hearing) -> Outcome:
    outcome = Outcome(
        "6. Citizens behind one trusted proxy, an attacker flooding",
        f"a second gunicorn with PROXY_COUNT=1 and the hearing limit of {PROXY_RATE_LIMIT} "
        f"responses an hour; {PROXY_CITIZENS} citizens, each with their own address in "
        "X-Forwarded-For, respond while one attacker address posts "
        f"{ATTACKER_POSTS} times (spoofing the left of X-Forwarded-For), a third of them with a "
        "60 KB .odt that unpacks to 60 MB or a 74-byte PNG declaring 40000×40000 pixels.",
        "every citizen's response stored; at most the limit of the attacker's; no 5xx; the "
        "largest gunicorn worker's resident memory before and after.",
    )
    port = free_port()
    env = {**stack.env, "PROXY_COUNT": "1", "HEARING_RATE_LIMIT_PER_HOUR": str(PROXY_RATE_LIMIT)}
    web = subprocess.Popen(
        [str(BIN / "gunicorn"), "medborger.wsgi", "-b", f"127.0.0.1:{port}", "-w", "3"]
        + ["--timeout", "60", "--log-level", "warning"],
        cwd=ROOT,
        env=env,
        stdout=open(stack.logs / "gunicorn-proxy.log", "ab"),  # noqa: SIM115
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        if not wait_for(lambda: stack._port_open(port), 60):
            raise RuntimeError("the proxied gunicorn did not start")
        ProxiedClient(port, "198.51.100.250").call("GET", "/healthz")
        time.sleep(1)
        before = _gunicorn_workers_rss(web.pid)
        bombs = [("attachments", "svar.odt", _odt_bomb()), ("attachments", "kort.png", _png_bomb())]
        statuses = {"citizen": [], "attacker": []}
        peak = [max(before, default=0)]
        lock = threading.Lock()
        done = threading.Event()

        def citizen(n):
            status = ProxiedClient(port, f"198.51.{100 + n // 250}.{n % 250 + 1}").respond(
                hearing.slug, f"proxy-citizen-{n:03d}"
            )
            with lock:
                statuses["citizen"].append(status)

        def attacker():
            client = ProxiedClient(port, ATTACKER)
            for n in range(ATTACKER_POSTS):
                client.spoofed = f"10.{n % 250}.0.1"
                files = [bombs[n % 2]] if n % 3 == 0 else []
                status = client.respond(hearing.slug, f"proxy-attacker-{n:03d}", files)
                with lock:
                    statuses["attacker"].append(status)

        def sample():
            while not done.is_set():
                peak[0] = max([peak[0], *_gunicorn_workers_rss(web.pid)])
                time.sleep(0.2)

        threads = [threading.Thread(target=attacker), threading.Thread(target=sample)]
        threads += [threading.Thread(target=citizen, args=(n,)) for n in range(PROXY_CITIZENS)]
        for thread in threads:
            thread.start()
        for thread in threads[2:] + threads[:1]:
            thread.join(timeout=600)
        done.set()
        threads[1].join()
        after = _gunicorn_workers_rss(web.pid)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(web.pid, signal.SIGTERM)
        web.wait(timeout=30)

    from django.db import connection

    from consultation.models import HearingResponse

    connection.close()
    stored = HearingResponse.objects.filter(hearing=hearing, subject__startswith="proxy-")
    citizens = stored.filter(subject__startswith="proxy-citizen-").count()
    attackers = stored.filter(subject__startswith="proxy-attacker-").count()
    errors = [s for group in statuses.values() for s in group if not isinstance(s, int) or s >= 500]
    refused = sum(1 for s in statuses["attacker"] if s == 429)
    bombs_refused = sum(1 for s in statuses["attacker"] if s == 400)
    outcome.lost = PROXY_CITIZENS - citizens
    if attackers > PROXY_RATE_LIMIT:
        outcome.problems.append(f"{attackers} of the attacker's responses stored")
    if errors:
        outcome.problems.append(f"errors: {errors[:5]}")
    growth = (max(after, default=0) - max(before, default=0)) / 1024
    peak_growth = (peak[0] - max(before, default=0)) / 1024
    if peak_growth > 100:
        outcome.problems.append(f"a worker grew by {peak_growth:.0f} MB")
    outcome.figures = [
        f"{citizens}/{PROXY_CITIZENS} citizens' responses stored (HTTP: "
        f"{sorted(set(map(str, statuses['citizen'])))})",
        f"attacker: {attackers} of {ATTACKER_POSTS} posts stored (the limit is "
        f"{PROXY_RATE_LIMIT}), {refused} refused with 429, {bombs_refused} uploads refused "
        "with 400 (bombs judged before they cost anything)",
        f"largest worker: {max(before, default=0) / 1024:.0f} MB before, peak "
        f"{peak[0] / 1024:.0f} MB during, {max(after, default=0) / 1024:.0f} MB after "
        f"({growth:+.0f} MB)",
        f"5xx or no answer: {len(errors)}",
    ]
    return outcome


def setup_django(stack) -> None:
    os.environ.update(stack.env)
    import django

    django.setup()


def make_hearing():
    from consultation.tests.hearing_helpers import make_hearing as build

    return build(title="Fejltest")


def write_report(outcomes, seconds, started_at):
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    lines = [
        "# Fault results",
        "",
        f"`make faults` on {started_at:%Y-%m-%d %H:%M}, commit {commit}, {os.cpu_count()} cores "
        f"(load average {os.getloadavg()[0]:.1f} at the end). Private PostgreSQL 15, Redis, "
        "gunicorn (3 sync workers) and a Celery worker (2 prefork children, beat) on 127.0.0.1, "
        f"started and removed by `bench/faults.py`. Run took {seconds:.0f} s.",
        "",
        "| scenario | what was done | what was checked | lost | duplicated | result |",
        "| --- | --- | --- | ---: | ---: | --- |",
    ]
    for o in outcomes:
        result = (
            "ok" if o.ok else "**FAILED**" + (": " + "; ".join(o.problems) if o.problems else "")
        )
        lines.append(
            f"| {o.name} | {o.done} | {o.checked} | {o.lost} | {o.duplicated} | {result} |"
        )
    lines += [
        "",
        "Notes:",
        "",
        "- The outbox delivers at least once: a worker killed after writing a message but before "
        "marking its row sent would send it again after the claim timeout, with the same "
        "Message-ID (so receivers can drop it). Scenario 3 kills at a random moment; the window "
        "is a few milliseconds of each delivery, so a run rarely hits it.",
        "- Scenario 3 uses a claim timeout of 30 s and a relay every 2 s to stay short "
        "(production: 5 minutes and 30 s). Scenarios 4 and 5 call the services (the code the "
        "views call) from threads with their own PostgreSQL connections, not HTTP.",
        "",
        "## Figures",
        "",
    ]
    for o in outcomes:
        lines += [f"### {o.name}", "", *[f"- {figure}" for figure in o.figures], ""]
    (ROOT / "bench" / "FAULTS.md").write_text("\n".join(lines))


def run_named(runs, *, only_variable: str, kind: str, say=None) -> list["Outcome"]:
    """Run (name, callable) pairs in order, each giving an Outcome (a crash is a failed one),
    and log each result with `say` (default: this script's `log`); `only_variable` names the
    environment variable that picks some."""
    say = say or log
    only = set(filter(None, os.environ.get(only_variable, "").split(",")))
    outcomes = []
    for name, run in runs:
        if only and name not in only:
            continue
        say(f"{kind}: {name}")
        try:
            outcome = run()
        except Exception:  # noqa: BLE001 - a crashed run is a failed one
            outcome = Outcome(name, "crashed", "–", problems=[traceback.format_exc()[-500:]])
            say(traceback.format_exc())
        say(
            f"{outcome.name}: lost {outcome.lost}, duplicated {outcome.duplicated}, "
            f"{'ok' if outcome.ok else 'FAILED ' + '; '.join(outcome.problems)}"
        )
        for figure in outcome.figures:
            say(f"  {figure}")
        outcomes.append(outcome)
    return outcomes


def main() -> int:
    started, started_at = time.monotonic(), datetime.datetime.now()
    stack = Stack()
    outcomes = []
    try:
        log(
            f"private stack in {stack.base}: PostgreSQL :{stack.pg_port}, "
            f"Redis :{stack.redis_port}, gunicorn :{stack.web_port}"
        )
        stack.pg_init()
        stack.redis_start()
        stack.manage("migrate", "--no-input", "-v0")
        stack.manage("createcachetable")
        setup_django(stack)
        hearing = make_hearing()
        stack.gunicorn_start()
        stack.worker_start()
        scenarios = [
            ("redis", lambda: scenario_redis(stack, hearing)),
            ("postgres", lambda: scenario_postgres(stack, hearing)),
            ("worker", lambda: scenario_worker_kill(stack)),
            ("editors", lambda: scenario_editors(stack)),
            ("expenses", lambda: scenario_expenses(stack)),
            ("proxy", lambda: scenario_proxy(stack, hearing)),
        ]
        outcomes += run_named(scenarios, only_variable="FAULTS_ONLY", kind="scenario")
    finally:
        if os.environ.get("FAULTS_SHOW_LOGS"):
            for path in stack.logs.iterdir():
                print(f"--- {path.name}\n{path.read_text(errors='replace')[-3000:]}")
        stack.close()
    write_report(outcomes, time.monotonic() - started, started_at)
    log(f"wrote bench/FAULTS.md in {time.monotonic() - started:.0f} s")
    return 0 if outcomes and all(o.ok for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
