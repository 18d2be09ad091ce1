"""Benchmark: exports, the yearly statement PDF and the front page's weight, in-process.

Runs against a database already filled by `seed_demo` and `seed_large --size large` (it adds one
event with 10,000 sign-ups the first time), with Django's test client: no network, no gunicorn,
so it can run beside other work on a shared machine. For each download it reports the time to
the first byte (the first chunk of a streamed response), the time to the last byte, the size and,
with `--memory`, the peak Python memory while streaming; for the front page its HTML size.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/medborger_bench \
        .venv/bin/python bench/exports_bench.py [--runs 5] [--memory] [--profile NAME]

`--profile NAME` (a row's name, e.g. `statement-pdf`) prints pyinstrument's profile of one
request instead of timing every row.
"""

import argparse
import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "medborger.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

from consultation.large import attendee_event  # noqa: E402


def targets():
    """(name, persona username or None, url) for every row measured."""
    from consultation.models import Hearing
    from forum.models import BudgetYear

    hearing = (
        Hearing.objects.annotate(responses_total=Count("responses"))
        .order_by("-responses_total")
        .first()
    )
    year = (
        BudgetYear.objects.filter(forum__slug="medborgerforum-2018-2021").order_by("year").first()
    )
    event = attendee_event()
    forum = year.forum.slug
    return [
        ("front-page", None, reverse("landing")),
        ("front-page-coordinator", "koordinator", reverse("landing")),
        (
            "statement-pdf",
            "sekretariat",
            reverse("forum:statement_pdf", kwargs={"forum": forum, "year": year.year}),
        ),
        (
            "statement-xlsx",
            "sekretariat",
            reverse("forum:statement_xlsx", kwargs={"forum": forum, "year": year.year}),
        ),
        ("expenses-csv", "sekretariat", reverse("forum:expenses_csv", kwargs={"forum": forum})),
        (
            "hearing-csv",
            "koordinator",
            reverse("consultation:hearing_export", args=[hearing.slug, "csv"]),
        ),
        (
            "hearing-xlsx",
            "koordinator",
            reverse("consultation:hearing_export", args=[hearing.slug, "xlsx"]),
        ),
        (
            "attendees-csv",
            "koordinator",
            reverse("consultation:event_attendees_csv", args=[event.pk]),
        ),
        (
            "attendees-xlsx",
            "koordinator",
            reverse("consultation:event_attendees_xlsx", args=[event.pk]),
        ),
    ]


def client_for(username):
    from medborger.models import User

    client = Client()
    if username:
        client.force_login(User.objects.get(username=username))
    return client


def fetch(client, url) -> tuple[float, float, int, bool, float]:
    """(ms to the first byte, ms to the last byte, bytes, streamed?, CPU ms of this process)."""
    cpu = time.process_time()
    started = time.perf_counter()
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    if response.streaming:
        chunks = iter(response.streaming_content)
        first = next(chunks, b"")
        first_ms = (time.perf_counter() - started) * 1000
        size = len(first) + sum(len(chunk) for chunk in chunks)
        response.close()
    else:
        first_ms = (time.perf_counter() - started) * 1000
        size = len(response.content)
    last_ms = (time.perf_counter() - started) * 1000
    return first_ms, last_ms, size, response.streaming, (time.process_time() - cpu) * 1000


def peak_memory(client, url) -> float:
    tracemalloc.start()
    response = client.get(url)
    for _chunk in response.streaming_content if response.streaming else [response.content]:
        pass
    response.close()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1024 / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--memory", action="store_true")
    parser.add_argument("--profile")
    parser.add_argument("--only", nargs="*")
    options = parser.parse_args()
    setup_test_environment()
    rows = targets()
    if options.profile:
        from pyinstrument import Profiler

        name, username, url = next(row for row in rows if row[0] == options.profile)
        client = client_for(username)
        fetch(client, url)  # warm up
        with Profiler(interval=0.0005) as profiler:
            fetch(client, url)
        print(profiler.output_text(unicode=True, color=False, show_all=False))
        return
    print("| row | first byte ms (median) | last byte ms (median / max) | CPU ms | KB | streamed |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    for name, username, url in rows:
        if options.only and name not in options.only:
            continue
        client = client_for(username)
        fetch(client, url)  # warm up
        runs = [fetch(client, url) for _ in range(options.runs)]
        first = statistics.median(run[0] for run in runs)
        last = statistics.median(run[1] for run in runs)
        memory = f", peak {peak_memory(client, url):.1f} MiB" if options.memory else ""
        print(
            f"| {name} | {first:.0f} | {last:.0f} / {max(run[1] for run in runs):.0f} | "
            f"{statistics.median(run[4] for run in runs):.0f} | {runs[0][2] / 1024:.1f} | "
            f"{'yes' if runs[0][3] else 'no'}{memory} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
