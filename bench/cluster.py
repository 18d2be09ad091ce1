"""`make cluster`: the deployment in deploy/ run on one machine, two instances behind HAProxy.

Everything runs on 127.0.0.1 in a private stack started and removed again (the machinery of
`bench/faults.py`), never on the machine's shared PostgreSQL and Redis:

- one PostgreSQL cluster and one redis-server on free ports (shared by both instances),
- two instances, `app1` and `app2`, each started from `deploy/Procfile` with its own
  environment: gunicorn (`deploy/gunicorn.conf.py`) and a Celery worker; celery beat on app1
  only. Each instance has its own var folder (static files, beat's schedule, mail files); the
  uploads are one shared folder (MEDIA_ROOT), as a shared volume would be,
- HAProxy from Debian (`deploy/haproxy.cfg`, installed by `deploy/ensure_haproxy.sh`) in front,
  with PROXY_COUNT=1 on the instances.

Checks (each reports lost and duplicated counts; the run fails if either is not zero or a
check fails):

1. A log-in on app1 continues on app2 (sessions are in the database).
2. An attachment uploaded through app1 is downloaded through app2, byte for byte.
3. Wrong passwords sent to app1 and app2 in turn lock the account after the limit in total.
4. A second celery beat (app2) refuses to start; deadline reminders queued many times, on both
   workers at once, go out exactly once.
5. The hearing load of `make bench` (form page, proof of work, post, receipt) through HAProxy:
   every response stored once, requests spread over both instances.
6. The same load with app2 (gunicorn and worker) stopped in the middle: nothing lost.

Writes bench/CLUSTER.md and a summary section in bench/RESULTS.md. About three minutes.
"""

import contextlib
import csv
import datetime
import http.client
import io
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import faults  # noqa: E402
from bench.faults import (  # noqa: E402
    CSRF,
    TINY_PDF,
    TOKEN,
    Citizen,
    Outcome,
    Stack,
    altcha_field,
    count_deliveries,
    make_hearing,
    median,
    multipart,
    receipt_emails,
    run_named,
    setup_django,
    stored_responses,
    wait_for,
    wait_until_sent,
)
from bench.run import CLUSTER_END, CLUSTER_START, free_port  # noqa: E402

BIN = Path(sys.executable).parent
HAPROXY = shutil.which("haproxy") or "/usr/sbin/haproxy"
PROCFILE = ROOT / "deploy" / "Procfile"
SPREAD = int(os.environ.get("CLUSTER_SUBMISSIONS", "400"))
FAILOVER = int(os.environ.get("CLUSTER_FAILOVER_SUBMISSIONS", "300"))
CLIENTS = int(os.environ.get("CLUSTER_CLIENTS", "20"))
REMINDER_TASKS = int(os.environ.get("CLUSTER_REMINDERS", "40"))
SCANS = 20
PASSWORD = "klynge-adgangskode-1"
START = time.monotonic()


def log(message: str) -> None:
    print(f"[cluster {time.monotonic() - START:5.1f} s] {message}", flush=True)


def procfile() -> dict[str, str]:
    """deploy/Procfile's commands by process name."""
    commands = {}
    for line in PROCFILE.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, command = line.split(":", 1)
            commands[name.strip()] = command.strip()
    return commands


class Instance:
    """One app server: gunicorn and a Celery worker (and beat, on one) from deploy/Procfile."""

    def __init__(self, stack: "ClusterStack", name: str):
        self.stack, self.name = stack, name
        self.port = free_port()
        var = stack.base / name / "var"
        var.mkdir(parents=True)
        self.mail = var / "mail"
        self.env = {
            **stack.env,
            "MEDBORGER_INSTANCE": name,
            "MEDBORGER_VAR_DIR": str(var),
            "MEDBORGER_WEB_BIND": f"127.0.0.1:{self.port}",
            "WEB_CONCURRENCY": "3",  # HAProxy's maxconn per instance (deploy/haproxy.cfg)
        }
        self.processes: dict[str, subprocess.Popen] = {}

    def command(self, process: str) -> list[str]:
        line = re.sub(r"\$\{(\w+)\}", lambda m: self.env[m.group(1)], procfile()[process])
        words = shlex.split(line)
        return [str(BIN / words[0]), *words[1:]]

    def spawn(self, process: str) -> subprocess.Popen:
        popen = subprocess.Popen(
            self.command(process),
            cwd=ROOT,
            env=self.env,
            stdout=open(self.stack.logs / f"{self.name}-{process}.log", "ab"),  # noqa: SIM115
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.processes[process] = popen
        return popen

    def start(self, *, beat: bool) -> None:
        self.spawn("web")
        self.spawn("worker")
        if beat:
            self.spawn("beat")
        if not wait_for(lambda: Stack._port_open(self.port), 60):
            raise RuntimeError(f"{self.name}: gunicorn did not start")

    def warm_up(self, paths: list[str]) -> None:
        """Each gunicorn worker serves the pages once, as a deploy does before the instance
        joins the pool (on a busy machine a cold worker's first pages take seconds)."""

        def visit():
            for path in paths:
                with contextlib.suppress(OSError, http.client.HTTPException):
                    Browser(self.port).raw_get(path)

        threads = [threading.Thread(target=visit) for _ in range(int(self.env["WEB_CONCURRENCY"]))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)

    def stop(self, process: str) -> None:
        popen = self.processes.get(process)
        if popen is None or popen.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(popen.pid, signal.SIGTERM)
        try:
            popen.wait(timeout=60)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(popen.pid, signal.SIGKILL)
            popen.wait(timeout=10)

    def stop_all(self) -> None:
        for process in ("beat", "worker", "web"):
            self.stop(process)

    def log_text(self, process: str) -> str:
        path = self.stack.logs / f"{self.name}-{process}.log"
        return path.read_text(errors="replace") if path.exists() else ""


class ClusterStack(Stack):
    """faults' private PostgreSQL and Redis, two instances and HAProxy."""

    def __init__(self):
        super().__init__()
        self.media = self.base / "shared-media"
        self.media.mkdir()
        self.env.update(
            {
                "MEDIA_ROOT": str(self.media),
                "PROXY_COUNT": "1",
                # The beat on app1 runs the reminder scan often, besides the scans queued by hand.
                "REMINDERS_SCAN_INTERVAL_SECONDS": "5",
            }
        )
        self.instances: list[Instance] = []
        self.haproxy = None
        self.lb_port, self.stats_port = free_port(), free_port()

    def instances_start(self) -> None:
        self.instances = [Instance(self, "app1"), Instance(self, "app2")]
        for number, instance in enumerate(self.instances):
            instance.start(beat=number == 0)

    def haproxy_env(self) -> dict:
        app1, app2 = self.instances
        return {
            **os.environ,
            "MEDBORGER_BIND": f"127.0.0.1:{self.lb_port}",
            "MEDBORGER_APP1": f"127.0.0.1:{app1.port}",
            "MEDBORGER_APP2": f"127.0.0.1:{app2.port}",
            "MEDBORGER_STATS": f"127.0.0.1:{self.stats_port}",
        }

    def haproxy_start(self) -> None:
        config = str(ROOT / "deploy" / "haproxy.cfg")
        subprocess.run(
            [HAPROXY, "-c", "-q", "-f", config], env=self.haproxy_env(), check=True, cwd=ROOT
        )
        self.haproxy = subprocess.Popen(
            [HAPROXY, "-db", "-f", config],
            env=self.haproxy_env(),
            stdout=open(self.logs / "haproxy.log", "ab"),  # noqa: SIM115
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        if not wait_for(lambda: self.servers_up() == {"app1", "app2"}, 60):
            raise RuntimeError("HAProxy does not see both instances up")
        self.web_port = self.lb_port  # faults' citizens go through the load balancer

    def stats(self) -> dict[str, dict]:
        """HAProxy's statistics of the backend's servers, by server name."""
        try:
            conn = http.client.HTTPConnection("127.0.0.1", self.stats_port, timeout=5)
            conn.request("GET", "/stats;csv")
            text = conn.getresponse().read().decode()
        except OSError:
            return {}
        rows = csv.DictReader(io.StringIO(text.lstrip("# ")))
        return {
            row["svname"]: row
            for row in rows
            if row["pxname"] == "instances" and row["svname"] not in ("FRONTEND", "BACKEND")
        }

    def servers_up(self) -> set[str]:
        return {name for name, row in self.stats().items() if row["status"].startswith("UP")}

    def sent_message_ids(self) -> list[str]:
        found = []
        for instance in self.instances:
            if instance.mail.is_dir():
                for path in instance.mail.iterdir():
                    found += [m.decode() for m in faults.MESSAGE_ID.findall(path.read_bytes())]
        return found

    def close(self) -> None:
        for instance in self.instances:
            try:
                instance.stop_all()
            except Exception as exc:  # noqa: BLE001 - clean up the rest regardless
                log(f"stopping {instance.name}: {exc}")
        self._stop_group(self.haproxy)
        super().close()


# --- A browser talking to one instance or the load balancer ---------------------------------


class Browser(Citizen):
    def __init__(self, port: int):
        super().__init__(0, port, "", [], {}, [], threading.Lock())

    def raw_get(self, path: str) -> tuple[int, bytes]:
        conn = self.connection()
        try:
            cookie = "; ".join(f"{k}={v.value}" for k, v in self.cookies.items())
            conn.request("GET", path, headers={"Host": "127.0.0.1", "Cookie": cookie})
            response = conn.getresponse()
            return response.status, response.read()
        finally:
            conn.close()

    def log_in(self, username: str, password: str) -> tuple[int | None, str | None]:
        from django.urls import reverse

        _status, page, _location = self.call("GET", reverse("login"))
        body = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": CSRF.search(page).group(1),
                "username": username,
                "password": password,
            }
        )
        status, _data, location = self.call(
            "POST", reverse("login"), body, "application/x-www-form-urlencoded"
        )
        return status, location

    def respond(self, slug: str, subject: str, files=()) -> str | None:
        """A hearing response (with proof of work); the receipt's path, or None."""
        path = f"/inddragelse/hoeringer/{slug}/"
        _status, page, _location = self.call("GET", path)
        fields = [
            ("csrfmiddlewaretoken", CSRF.search(page).group(1)),
            ("form_token", TOKEN.search(page).group(1)),
            ("altcha", altcha_field(page)),
            ("name", "Borger i klyngen"),
            ("email", "klynge@example.org"),
            ("email_repeat", "klynge@example.org"),
            ("represents", "private"),
            ("subject", subject),
            ("text", f"Høringssvar {subject} om stier og lys."),
            ("consent", "on"),
            ("publication", "with_name"),
        ]
        body, content_type = multipart(fields, list(files))
        status, _data, location = self.call("POST", path, body, content_type)
        return location if status == 302 else None


# --- The checks -----------------------------------------------------------------------------


def make_staff(username: str):
    from medborger.roles import Role
    from medborger.testing.factories import UserFactory

    return UserFactory(username=username, password=PASSWORD, roles=[Role.COORDINATOR])


def check_session(stack, user) -> Outcome:
    from django.urls import reverse

    app1, app2 = stack.instances
    outcome = Outcome(
        "1. A log-in continues on the other instance",
        "a coordinator logs in on app1 (form with CSRF token), then opens the dashboard on app2 "
        "with the same cookies, and logs out on app2.",
        "app2 shows the dashboard to the logged-in user; after logging out on app2, app1 sends "
        "the same cookies to the log-in page.",
    )
    browser = Browser(app1.port)
    status, location = browser.log_in(user.username, PASSWORD)
    browser.port = app2.port
    seen, page, _location = browser.call("GET", reverse("dashboard"))
    logged_in = seen == 200 and user.get_full_name() in page
    _status, page, _l = browser.call("GET", reverse("dashboard"))
    logout_page = CSRF.search(page)
    if logout_page:
        browser.call(
            "POST",
            reverse("logout"),
            urllib.parse.urlencode({"csrfmiddlewaretoken": logout_page.group(1)}),
            "application/x-www-form-urlencoded",
        )
    browser.port = app1.port
    after, _page, after_location = browser.call("GET", reverse("dashboard"))
    logged_out = after == 302 and (after_location or "").startswith(reverse("login"))
    if not (status == 302 and logged_in):
        outcome.lost = 1
        outcome.problems.append(f"log-in on app1 {status} → {location}; app2 answered {seen}")
    if not logged_out:
        outcome.problems.append(f"after logging out on app2, app1 answered {after}")
    outcome.figures = [
        f"log-in on app1: HTTP {status} to {location}",
        f"dashboard on app2 with the same session: HTTP {seen}, "
        f"{'shows' if logged_in else 'does NOT show'} the user's name",
        f"after logging out on app2, app1: HTTP {after} to {after_location}",
    ]
    return outcome


def check_attachment(stack, hearing, user) -> Outcome:
    from django.db import connection
    from django.urls import reverse

    from consultation.models import HearingResponse

    app1, app2 = stack.instances
    outcome = Outcome(
        "2. An upload through one instance, the download through the other",
        "a citizen sends a hearing response with a PDF attachment to app1; a coordinator logged "
        "in on app2 downloads the attachment through app2.",
        "the bytes app2 sends are the bytes app1 received.",
    )
    content = TINY_PDF.replace(b"\n", f"\n%{uuid.uuid4().hex}\n".encode(), 1)
    receipt = Browser(app1.port).respond(
        hearing.slug, "klynge-bilag", [("attachments", "bilag.pdf", content)]
    )
    connection.close()
    response = HearingResponse.objects.filter(hearing=hearing, subject="klynge-bilag").first()
    attachment = response.attachments.first() if response else None
    if attachment is None:
        outcome.lost = 1
        outcome.problems.append(f"no attachment stored (receipt: {receipt})")
        return outcome
    staff = Browser(app2.port)
    staff.log_in(user.username, PASSWORD)
    path = reverse(
        "consultation:hearing_attachment", args=[hearing.slug, response.pk, attachment.pk]
    )
    status, body = staff.raw_get(path)
    same = status == 200 and body == content
    if not same:
        outcome.lost = 1
        outcome.problems.append(f"app2 answered {status} with {len(body)} bytes")
    outcome.figures = [
        f"posted to app1: receipt {receipt}; stored as {attachment.file.name} in the shared folder",
        f"downloaded from app2: HTTP {status}, {len(body)} bytes, "
        f"{'identical' if same else 'DIFFERENT'} ({len(content)} bytes sent)",
    ]
    return outcome


def check_rate_limit(stack) -> Outcome:
    from django.conf import settings

    app1, app2 = stack.instances
    limit = settings.AXES_FAILURE_LIMIT
    outcome = Outcome(
        "3. Rate limits count across instances",
        f"{limit} wrong passwords for one account from one address, sent to app1 and app2 in "
        "turn (the log-in limit is "
        f"{limit}); then the right password on each instance.",
        "the right password is refused on both instances: the failures were counted together "
        "(django-axes and every limit keep their counts in the shared database).",
    )
    make_staff("klynge-laast")
    statuses = []
    for attempt in range(limit):
        port = (app1, app2)[attempt % 2].port
        status, _location = Browser(port).log_in("klynge-laast", "forkert-adgangskode")
        statuses.append(status)
    right = {}
    for instance in (app1, app2):
        status, location = Browser(instance.port).log_in("klynge-laast", PASSWORD)
        right[instance.name] = (status, location)
    let_in = [name for name, (status, _l) in right.items() if status == 302]
    if let_in:
        outcome.problems.append(f"the account was not locked on {let_in}")
    if any(status not in (200, 429) for status in statuses[:-1]):
        outcome.problems.append(f"a wrong password was not answered with the form: {statuses}")
    if any(status not in (403, 429) for status, _l in right.values()):
        outcome.problems.append(f"the right password was not refused as locked out: {right}")
    outcome.figures = [
        f"wrong passwords, app1/app2 in turn: HTTP {statuses} "
        f"({(limit + 1) // 2} on app1, {limit // 2} on app2)",
        "the right password afterwards: "
        + ", ".join(f"{name} HTTP {status}" for name, (status, _l) in right.items())
        + (" (locked on both)" if not let_in else ""),
    ]
    return outcome


SCAN_LINE = re.compile(r"reminders_scan\[[0-9a-f-]+\] succeeded in [\d.]+s: (\d+)")


def check_reminders(stack) -> Outcome:
    from django.db import connection
    from django.utils import timezone

    from medborger.celery import BEAT_LOCK_KEY
    from medborger.celery import app as celery_app
    from medborger.models import OutboundEmail, Reminder
    from medborger.models import User as UserModel
    from policy.models import Group, GroupMember, PolicyRevision, Task

    app1, app2 = stack.instances
    outcome = Outcome(
        "4. One beat; reminders go out once with two workers",
        f"a second `celery beat` is started on app2 while app1's runs; {REMINDER_TASKS} tasks "
        f"fall due in 3 days; beat on app1 runs the reminder scan every 5 s and {SCANS} more "
        "scans are queued at once, taken by the workers of both instances.",
        "the second beat exits and the lock names app1's beat process; every reminder recorded "
        "once, its e-mail in the outbox once and written once (Message-ID in both instances' "
        "mail files).",
    )
    second = app2.spawn("beat")
    try:
        code = second.wait(timeout=90)
    except subprocess.TimeoutExpired:
        code = None
        app2.stop("beat")
    import redis

    holder = (redis.Redis.from_url(stack.redis_url).get(BEAT_LOCK_KEY) or b"").decode()
    first_beat = str(app1.processes["beat"].pid)
    refused = (
        code not in (None, 0)
        and "Another celery beat is running" in app2.log_text("beat")
        and holder.split(":")[1:2] == [first_beat]
    )
    if not refused:
        outcome.duplicated += 1
        outcome.problems.append(f"the second beat did not refuse (exit code {code})")

    coordinator = UserModel.objects.get(username="klynge-koordinator")
    revision = PolicyRevision.objects.create(
        title="Klyngeprøve", slug=f"klyngeproeve-{uuid.uuid4().hex[:6]}", coordinator=coordinator
    )
    group = Group.objects.create(revision=revision, name="Klyngegruppen")
    due = timezone.localdate() + datetime.timedelta(days=3)
    for n in range(REMINDER_TASKS):
        member = GroupMember.objects.create(
            group=group, name=f"Medlem {n}", email=f"medlem{n}@klynge.example"
        )
        Task.objects.create(group=group, owner=member, title=f"Opgave {n}", due_on=due)
    task_ids = [str(pk) for pk in Task.objects.filter(group=group).values_list("pk", flat=True)]
    for _ in range(SCANS):
        celery_app.send_task("medborger.reminders_scan")

    def reminders():
        return Reminder.objects.filter(rule="policy.task_due", object_id__in=task_ids)

    def emails():
        keys = [f"reminder:{pk}" for pk in reminders().values_list("pk", flat=True)]
        return list(
            OutboundEmail.objects.filter(idempotency_key__in=keys).values_list(
                "message_id", "status"
            )
        )

    connection.close()
    wait_for(lambda: reminders().count() >= REMINDER_TASKS, 120, 1)
    all_sent = wait_until_sent(emails, 120)
    time.sleep(6)  # another scan from beat and the queued ones would add a duplicate here
    connection.close()
    recorded = reminders().count()
    distinct = reminders().values("object_id", "recipient_key", "occasion").distinct().count()
    sent = emails()
    never, twice = count_deliveries(stack, [mid for mid, _s in sent])
    scans = {
        instance.name: [int(n) for n in SCAN_LINE.findall(instance.log_text("worker"))]
        for instance in stack.instances
    }
    outcome.lost = max(0, REMINDER_TASKS - distinct) + never
    outcome.duplicated += (recorded - distinct) + max(0, len(sent) - recorded) + twice
    if not all_sent:
        outcome.problems.append("not every reminder e-mail was sent within 120 s")
    if not all(scans.values()):
        outcome.problems.append(f"a worker ran no scan: {scans}")
    outcome.figures = [
        f"second beat on app2: exit code {code}, "
        f"{'refused (another beat holds the lock)' if refused else 'DID NOT REFUSE'}; "
        f"the lock is held by {holder.rsplit(':', 1)[0]} (app1's beat is process {first_beat})",
        "reminder scans run per worker (their recorded counts): "
        + "; ".join(
            f"{name}: {len(counts)} scans recorded {sum(counts)}" for name, counts in scans.items()
        ),
        f"{recorded} reminders recorded for {REMINDER_TASKS} due tasks, {len(sent)} e-mails in "
        f"the outbox; mail files: {never} never written, {twice} written more than once",
    ]
    return outcome


def load_outcome(stack, hearing, prefix, results) -> tuple[int, int, list[str]]:
    """Lost and duplicated counts of one load run, as faults' scenario 2 counts them."""
    rows, duplicates = stored_responses(hearing, prefix)
    receipts, expected = results["receipts"], results["expected"]
    incomplete = [
        subject
        for subject, row in rows.items()
        if (row["sections"], row["attachments"]) != expected.get(subject)
        or not row["files_present"]
        or not row["receipt_email"]
    ]
    missing = [s for s, ref in receipts.items() if rows.get(s, {}).get("reference") != ref]
    all_sent = wait_until_sent(lambda: receipt_emails(hearing, prefix), 120)
    emails = receipt_emails(hearing, prefix)
    never, twice = count_deliveries(stack, [mid for mid, _s in emails])
    lost = len(missing) + len(incomplete) + len(results["gave_up"]) + never
    problems = []
    if not all_sent:
        problems.append("not every receipt e-mail was sent within 120 s")
    if results["other_5xx"]:
        problems.append(f"errors: {results['other_5xx'][:3]}")
    figures = [
        f"{len(receipts)}/{len(expected)} clients saw their receipt; {len(rows)} rows stored, "
        f"{duplicates} duplicates, {len(incomplete)} incomplete, {len(missing)} receipts "
        "without their row",
        f"receipt e-mails: {len(emails)} in the outbox, {never} never written, {twice} written "
        "more than once",
    ]
    return lost, duplicates + twice, problems + figures


def served(before: dict, after: dict) -> dict[str, int]:
    return {
        name: int(after[name]["stot"]) - int(before.get(name, {}).get("stot", 0)) for name in after
    }


def check_spread(stack, hearing) -> Outcome:
    outcome = Outcome(
        "5. The hearing load over both instances",
        f"`make bench`'s hearing load through HAProxy: {SPREAD} responses from {CLIENTS} "
        "concurrent clients (form page, proof of work, post with CSRF and form token, receipt "
        "page; sections on two in three, a PDF on one in four).",
        "every response stored once with its sections, attachment (file in the shared folder) "
        "and receipt e-mail, sent once; requests spread over both instances.",
    )
    faults.SUBMISSIONS, faults.CLIENTS = SPREAD, CLIENTS
    before = stack.stats()
    results = faults.submit(stack, hearing, "spread", lambda results: None)
    after = stack.stats()
    lost, duplicated, notes = load_outcome(stack, hearing, "spread", results)
    outcome.lost, outcome.duplicated = lost, duplicated
    outcome.problems = [n for n in notes if n.startswith(("not every", "errors"))]
    split = served(before, after)
    rate = results["posted"] / results["seconds"]
    outcome.figures = [
        f"{results['posted']} responses in {results['seconds']:.1f} s = {rate:.1f} responses/s "
        f"over both instances (POST median {median(sorted(d for _t, d in results['posts'])):.2f} "
        "s)",
        "requests served: " + ", ".join(f"{name} {n}" for name, n in sorted(split.items())),
        *[n for n in notes if n not in outcome.problems],
        f"errors seen by clients: {len(results['other_5xx'])} 5xx, {results['503']} 503, "
        f"{results['no_answer']} without an answer",
    ]
    outcome.rate = rate  # type: ignore[attr-defined]
    return outcome


def check_failover(stack, hearing) -> Outcome:
    app2 = stack.instances[1]
    outcome = Outcome(
        "6. One instance stopped in the middle of the load",
        f"{FAILOVER} responses from {CLIENTS} clients through HAProxy; after 30 % of them app2's "
        "gunicorn and Celery worker get SIGTERM (as `systemctl stop` sends); app1 serves the "
        "rest.",
        "nothing lost or stored twice (as in 5); HAProxy takes app2 out and its requests go to "
        "app1; no client sees an error.",
    )
    faults.SUBMISSIONS, faults.CLIENTS = FAILOVER, CLIENTS
    stopped = {}
    before = stack.stats()

    def during(results):
        wait_for(lambda: results["posted"] >= FAILOVER * 0.3, 300, 0.05)
        stopped["at"] = results["posted"]
        log(f"stopping app2 after {stopped['at']} receipts")
        started = time.monotonic()
        app2.stop("web")
        app2.stop("worker")
        stopped["seconds"] = time.monotonic() - started
        log(f"app2 stopped in {stopped['seconds']:.1f} s")

    results = faults.submit(stack, hearing, "failover", during)
    after = stack.stats()
    lost, duplicated, notes = load_outcome(stack, hearing, "failover", results)
    outcome.lost, outcome.duplicated = lost, duplicated
    outcome.problems = [n for n in notes if n.startswith(("not every", "errors"))]
    if results["503"] or results["no_answer"]:
        outcome.problems.append(
            f"clients saw {results['503']} 503 and {results['no_answer']} requests without answer"
        )
    split = served(before, after)
    row = after.get("app2", {})
    outcome.figures = [
        f"app2 stopped after {stopped.get('at')} of {FAILOVER} receipts (graceful stop took "
        f"{stopped.get('seconds', 0):.1f} s); HAProxy reports app2 {row.get('status')}, "
        f"{row.get('wretr', '?')} retries and {row.get('wredis', '?')} redispatches to app1",
        "requests served during the run: "
        + ", ".join(f"{name} {n}" for name, n in sorted(split.items())),
        f"{results['posted']} responses in {results['seconds']:.1f} s",
        *[n for n in notes if n not in outcome.problems],
        f"errors seen by clients: {len(results['other_5xx'])} 5xx, {results['503']} 503, "
        f"{results['no_answer']} without an answer",
    ]
    return outcome


# --- Report ---------------------------------------------------------------------------------


def write_report(outcomes, seconds, started_at) -> None:
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    setup = (
        f"`make cluster` on {started_at:%Y-%m-%d %H:%M}, commit {commit}, {os.cpu_count()} cores "
        f"(load average {os.getloadavg()[0]:.1f} at the end): HAProxy (`deploy/haproxy.cfg`) in "
        "front of two instances started from `deploy/Procfile` (gunicorn with 3 sync workers "
        "and a Celery worker with 2 children each, beat on app1 only), one private PostgreSQL 15 "
        "and one Redis, uploads in one shared folder, all on 127.0.0.1 and removed afterwards "
        f"(`bench/cluster.py`). Run took {seconds:.0f} s."
    )
    lines = [
        "# Several instances",
        "",
        setup,
        "",
        "| check | what was done | what was checked | lost | duplicated | result |",
        "| --- | --- | --- | ---: | ---: | --- |",
    ]
    for o in outcomes:
        result = "ok" if o.ok else "**FAILED**: " + "; ".join(o.problems)
        lines.append(
            f"| {o.name} | {o.done} | {o.checked} | {o.lost} | {o.duplicated} | {result} |"
        )
    lines += ["", "## Figures", ""]
    for o in outcomes:
        lines += [f"### {o.name}", "", *[f"- {figure}" for figure in o.figures], ""]
    (ROOT / "bench" / "CLUSTER.md").write_text("\n".join(lines))

    summary = [
        CLUSTER_START,
        "## Several instances (`make cluster`)",
        "",
        setup,
        "",
        "| check | lost | duplicated | result |",
        "| --- | ---: | ---: | --- |",
        *[
            f"| {o.name} | {o.lost} | {o.duplicated} | {'ok' if o.ok else '**FAILED**'} |"
            for o in outcomes
        ],
        "",
    ]
    spread = next((o for o in outcomes if hasattr(o, "rate")), None)
    if spread is not None:
        summary.append(
            f"Hearing load over both instances: {spread.rate:.1f} responses/s "  # type: ignore[attr-defined]
            f"({spread.figures[1]}). Details: [CLUSTER.md](CLUSTER.md)."
        )
    else:
        summary.append("Details: [CLUSTER.md](CLUSTER.md).")
    summary += ["", CLUSTER_END, ""]
    results = ROOT / "bench" / "RESULTS.md"
    text = results.read_text() if results.exists() else "# Benchmark results\n"
    start, end = text.find(CLUSTER_START), text.find(CLUSTER_END)
    if start >= 0 and end > start:
        text = text[:start] + text[end + len(CLUSTER_END) :].lstrip("\n")
    results.write_text(text.rstrip("\n") + "\n\n" + "\n".join(summary))


def main() -> int:
    started, started_at = time.monotonic(), datetime.datetime.now()
    stack = ClusterStack()
    outcomes = []
    try:
        log(
            f"private stack in {stack.base}: PostgreSQL :{stack.pg_port}, "
            f"Redis :{stack.redis_port}, HAProxy :{stack.lb_port}"
        )
        stack.pg_init()
        stack.redis_start()
        stack.manage("migrate", "--no-input", "-v0")
        stack.manage("createcachetable")
        setup_django(stack)
        hearing = make_hearing()
        coordinator = make_staff("klynge-koordinator")
        stack.instances_start()
        for instance in stack.instances:
            instance.warm_up([f"/inddragelse/hoeringer/{hearing.slug}/", "/healthz", "/"])
        stack.haproxy_start()
        log(
            "instances: "
            + ", ".join(f"{i.name} :{i.port} ({', '.join(i.processes)})" for i in stack.instances)
        )
        checks = [
            ("session", lambda: check_session(stack, coordinator)),
            ("attachment", lambda: check_attachment(stack, hearing, coordinator)),
            ("limits", lambda: check_rate_limit(stack)),
            ("reminders", lambda: check_reminders(stack)),
            ("spread", lambda: check_spread(stack, hearing)),
            ("failover", lambda: check_failover(stack, hearing)),
        ]
        outcomes += run_named(checks, only_variable="CLUSTER_ONLY", kind="check", say=log)
    finally:
        if os.environ.get("CLUSTER_SHOW_LOGS"):
            for path in sorted(stack.logs.iterdir()):
                print(f"--- {path.name}\n{path.read_text(errors='replace')[-3000:]}")
        stack.close()
    write_report(outcomes, time.monotonic() - started, started_at)
    log(f"wrote bench/CLUSTER.md and bench/RESULTS.md in {time.monotonic() - started:.0f} s")
    return 0 if outcomes and all(o.ok for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
