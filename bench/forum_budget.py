"""Benchmark: the forum's budget page and yearly statement at the size the issue names.

A forum with 4 budget years, 5,000 expenses, 200 initiatives and 100 meetings (built with
`forum.large`) in a throw-away test database; each page is requested through Django's full
stack (middleware, views, templates) in this process, and the server time and query count of
every request are recorded. The goal is under 150 ms server time with a query count that does
not depend on the data (the tests pin the counts).

    .venv/bin/python bench/forum_budget.py          # SQLite under var/bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/medborger_i6 \
        .venv/bin/python bench/forum_budget.py

It creates and drops `test_<database>` (never the database named in DATABASE_URL itself).
Copy the table it prints into bench/README.md.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "medborger.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("STATIC_MANIFEST", "false")
os.environ.setdefault("FAST_PASSWORD_HASHING", "true")
os.environ.setdefault("MEDBORGER_VAR_DIR", "var/bench")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

SIZES = {"years": 4, "expenses": 5000, "initiatives": 200, "meetings": 100}
GOAL_MS = 150
GOALS = {"budget page", "yearly statement (HTML)"}


def build():
    from django.contrib.auth.models import Group

    from forum import large
    from medborger.models import User
    from medborger.roles import Role

    forum = large.large_forum(years=SIZES["years"])
    large.grow(
        forum,
        initiatives=SIZES["initiatives"],
        meetings=SIZES["meetings"],
        expenses=SIZES["expenses"],
    )
    user, _created = User.objects.get_or_create(username="bench-sekretariat")
    user.groups.add(Group.objects.get_or_create(name=Role.SECRETARIAT)[0])
    with connection.cursor() as cursor:
        # Planner statistics, as a database in use has them (autovacuum, or SQLite's optimize).
        cursor.execute("ANALYZE")
    return forum, user


def measure(client, url: str, repeat: int) -> dict:
    for _ in range(3):  # warm caches, templates and connections
        client.get(url)
    wall, cpu, sql, queries = [], [], [], set()
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
            wall.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        sql.append(sum(float(q["time"]) for q in captured.captured_queries) * 1000)
        queries.add(len(captured))
    wall.sort()
    return {
        "p50": statistics.median(wall),
        "p95": wall[max(int(len(wall) * 0.95) - 1, 0)],
        "cpu": statistics.median(cpu),
        "sql": statistics.median(sql),
        "queries": ", ".join(map(str, sorted(queries))),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        started = time.perf_counter()
        forum, user = build()
        built = time.perf_counter() - started
        client = Client()
        client.force_login(user)
        pages = {
            "floor: the landing page": reverse("landing"),
            "budget page": reverse("forum:budget", kwargs={"forum": forum.slug}),
            "yearly statement (HTML)": reverse(
                "forum:statement", kwargs={"forum": forum.slug, "year": 2019}
            ),
            "yearly statement (PDF)": reverse(
                "forum:statement_pdf", kwargs={"forum": forum.slug, "year": 2019}
            ),
            "yearly statement (XLSX)": reverse(
                "forum:statement_xlsx", kwargs={"forum": forum.slug, "year": 2019}
            ),
            "budget year page": reverse(
                "forum:budget_year", kwargs={"forum": forum.slug, "year": 2019}
            ),
        }
        load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
        print(
            f"Data: {SIZES} built in {built:.1f} s on {connection.vendor}; "
            f"{args.repeat} requests per page; load average {load} on {os.cpu_count()} cores.\n"
        )
        print(
            "| page | goal | p50 ms | p95 ms | p50 CPU ms (Python) | p50 SQL ms | × floor (p50) "
            "| queries |"
        )
        print("| --- | --- | --: | --: | --: | --: | --: | --: |")
        floor = None
        for name, url in pages.items():
            result = measure(client, url, args.repeat)
            floor = floor or result["p50"]
            goal = f"< {GOAL_MS} ms" if name in GOALS else "–"
            print(
                f"| {name} | {goal} | {result['p50']:.1f} | {result['p95']:.1f} | "
                f"{result['cpu']:.1f} | {result['sql']:.1f} | {result['p50'] / floor:.1f} "
                f"| {result['queries']} |"
            )
        return 0
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    sys.exit(main())
