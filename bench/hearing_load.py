"""Load: 50 concurrent clients send 2,000 hearing responses to gunicorn on PostgreSQL.

    .venv/bin/python bench/hearing_load.py \
        --database-url postgres://postgres@127.0.0.1:5432/medborger_i5b_load --port 8009

The script (re)creates that database, migrates it, makes an open hearing, starts gunicorn on
127.0.0.1, and runs the clients: each loads the hearing page (CSRF cookie and one-time form
token) and posts the form, like a browser; every tenth response is posted twice (a double
click). Then it stops gunicorn and checks in the database that every response is stored
exactly once, with a unique reference, and prints the throughput. Traffic goes to 127.0.0.1
only, and the run is bounded by --responses and --timeout.

The server runs with HEARING_MIN_FILL_SECONDS=0 (the clients post at once, which would flag
every response for moderation - it would still be stored) and a rate limit above the run's
size (all clients share one address).
"""

import argparse
import http.client
import os
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
TOKEN = re.compile(r'name="form_token" value="([^"]+)"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
POW = re.compile(r'<altcha-widget[^>]*\schallenge="([^"]*)"')


def altcha_field(page: str) -> str:
    """The public form's proof of work, solved from the page as the browser's widget does."""
    import html
    import json

    import altcha

    challenge = altcha.Challenge.from_dict(json.loads(html.unescape(POW.search(page).group(1))))
    return altcha.Payload(challenge, altcha.solve_challenge(challenge)).to_base64()


def server_env(database_url: str, redis_url: str) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "medborger.settings",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "DEBUG": "false",
        "SECRET_KEY": "load-test-only",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "STATIC_MANIFEST": "false",
        "MEDBORGER_VAR_DIR": "bench/.work/load",
        "HEARING_MIN_FILL_SECONDS": "0",
        "HEARING_RATE_LIMIT_PER_HOUR": "100000",
        # The clients solve the proof of work for real, at a cost that leaves the server measured.
        "PUBLIC_FORM_POW_COST": "20",
        "LOG_LEVEL": "WARNING",
    }


def prepare(database_url: str, env: dict) -> str:
    """A fresh database with an open hearing; returns the hearing's slug."""
    import psycopg2

    parsed = urllib.parse.urlparse(database_url)
    name = parsed.path.lstrip("/")
    admin = psycopg2.connect(
        host=parsed.hostname, port=parsed.port or 5432, user=parsed.username, dbname="postgres"
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    for command in (["migrate", "--no-input", "-v", "0"], ["createcachetable"]):
        subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True)
    return manage_shell(
        env,
        "from consultation.tests.hearing_helpers import make_hearing;"
        "print(make_hearing(title='Belastningstest').slug)",
    )


def manage_shell(env: dict, script: str) -> str:
    """Run Python in `manage.py shell` against the run's database; its last output line."""
    result = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout.strip().splitlines()[-1]


class Client(threading.Thread):
    def __init__(self, number, count, port, slug, deadline, results):
        super().__init__(daemon=True)
        self.number, self.count, self.port, self.slug = number, count, port, slug
        self.deadline, self.results = deadline, results
        self.cookies = SimpleCookie()

    def request(self, conn, method, path, body=None):
        headers = {
            "Host": "127.0.0.1",
            "Cookie": "; ".join(f"{k}={v.value}" for k, v in self.cookies.items()),
        }
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        data = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            self.cookies.load(header)
        return response, data

    def run(self):
        path = f"/inddragelse/hoeringer/{self.slug}/"
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        for i in range(self.count):
            if time.monotonic() > self.deadline:
                self.results["timeouts"] += 1
                return
            try:
                page, html = self.request(conn, "GET", path)
                html = html.decode()
                form = {
                    "csrfmiddlewaretoken": CSRF.search(html).group(1),
                    "form_token": TOKEN.search(html).group(1),
                    "altcha": altcha_field(html),
                    "name": f"Belastning {self.number}",
                    "email": f"klient{self.number}@example.org",
                    "email_repeat": f"klient{self.number}@example.org",
                    "represents": "private",
                    "subject": f"load-{self.number}-{i}",
                    "text": f"Svar {i} fra klient {self.number} om stier, bænke og lys. "
                    f"Tilfældigt nummer {self.number * 100_000 + i}.",
                    "consent": "on",
                    "publication": "with_name",
                }
                body = urllib.parse.urlencode(form)
                start = time.perf_counter()
                posted, _data = self.request(conn, "POST", path, body)
                self.results["latencies"].append(time.perf_counter() - start)
                if posted.status != 302:
                    self.results["errors"].append(f"{posted.status} on {form['subject']}")
                    continue
                self.results["sent"].append(form["subject"])
                if i % 10 == 0:  # a double click: the same form again
                    again, _data = self.request(conn, "POST", path, body)
                    if again.getheader("Location") != posted.getheader("Location"):
                        self.results["errors"].append(f"double submit of {form['subject']}")
            except (OSError, http.client.HTTPException, AttributeError) as exc:
                self.results["errors"].append(f"{type(exc).__name__}: {exc}")
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)


def check(env: dict, slug: str) -> str:
    script = (
        "import collections;"
        "from consultation.models import HearingResponse as R;"
        f"rows=list(R.objects.filter(hearing__slug='{slug}').values_list('reference','subject'));"
        "refs=collections.Counter(r for r,_ in rows);subj=collections.Counter(s for _,s in rows);"
        "print(len(rows), len(refs), max(refs.values()), max(subj.values()))"
    )
    return manage_shell(env, script)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/medborger_i5b_load"
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/9")
    parser.add_argument("--port", type=int, default=8009)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--responses", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--timeout", type=int, default=900, help="seconds for the whole run")
    args = parser.parse_args()

    env = server_env(args.database_url, args.redis_url)
    slug = prepare(args.database_url, env)
    gunicorn = Path(PYTHON).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), "medborger.wsgi", "-b", f"127.0.0.1:{args.port}", "-w", str(args.workers)],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", args.port, timeout=2).request("GET", "/")
                break
            except OSError:
                time.sleep(0.2)
        per_client, extra = divmod(args.responses, args.clients)
        results = {"sent": [], "errors": [], "latencies": [], "timeouts": 0}
        deadline = time.monotonic() + args.timeout
        clients = [
            Client(n, per_client + (n < extra), args.port, slug, deadline, results)
            for n in range(args.clients)
        ]
        start = time.perf_counter()
        for client in clients:
            client.start()
        for client in clients:
            client.join(timeout=max(1, deadline - time.monotonic()))
        elapsed = time.perf_counter() - start
    finally:
        server.terminate()
        server.wait(timeout=30)

    stored, unique_refs, max_per_ref, max_per_subject = map(int, check(env, slug).split())
    latencies = sorted(results["latencies"])
    sent = len(results["sent"])
    print(f"clients: {args.clients}, gunicorn workers: {args.workers}, database: PostgreSQL")
    print(f"sent: {sent} responses in {elapsed:.1f} s = {sent / elapsed:.1f} responses/s")
    if latencies:
        p95 = latencies[int(len(latencies) * 0.95) - 1]
        median = statistics.median(latencies) * 1000
        print(f"POST latency: median {median:.0f} ms, p95 {p95 * 1000:.0f} ms")
    print(
        f"stored: {stored}, unique references: {unique_refs}, "
        f"most rows per reference: {max_per_ref}, most rows per response: {max_per_subject}"
    )
    print(
        f"errors: {len(results['errors'])} {results['errors'][:5]}, timeouts: {results['timeouts']}"
    )
    ok = (
        sent == args.responses
        and stored == sent
        and unique_refs == stored
        and max_per_ref == 1
        and max_per_subject == 1
        and not results["errors"]
    )
    print("OK: every response stored exactly once with a unique reference" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
