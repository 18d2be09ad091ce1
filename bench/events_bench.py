"""Benchmark: the staff attendee list, the attendee exports and the public sign-up form.

Runs against a throw-away test database (SQLite under var/bench, or PostgreSQL when
DATABASE_URL is set), fills one event with sign-ups and measures:

- the attendee list (one page of 200) with 1,000 and 10,000 sign-ups: server time and queries;
- the CSV export of 10,000 and 50,000 sign-ups: time and peak Python memory while streaming;
- the XLSX export of 10,000 sign-ups: time;
- public sign-ups through the form, one after another: requests per second.

    .venv/bin/python bench/events_bench.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/medborger_i5 \
        .venv/bin/python bench/events_bench.py
"""

import datetime
import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "medborger.settings")
os.environ.setdefault("MEDBORGER_VAR_DIR", "var/bench")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("FAST_PASSWORD_HASHING", "true")
os.environ.setdefault("STATIC_MANIFEST", "false")
# The citizen below solves each form's proof of work for real, at a cost that keeps the figure
# about the server.
os.environ.setdefault("PUBLIC_FORM_POW_COST", "20")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from medborger.testing.public_forms import solved_fields  # noqa: E402


def fill(event, total: int) -> None:
    from consultation import counts
    from consultation.large import signup_rows
    from consultation.models import SignUp
    from medborger import stamps

    SignUp.objects.bulk_create(signup_rows(event, total), batch_size=5000)
    stamps.bump(stamps.FRONT_PAGE)  # bulk_create sends no signals: the front page's free seats
    counts.signups_changed()  # bulk_create sends no signals


def new_event(title: str, capacity=None):
    from consultation.models import Event

    start = timezone.now() + datetime.timedelta(days=30)
    return Event.objects.create(
        title=title,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        signup_deadline=start - datetime.timedelta(days=1),
        place="Hallen",
        capacity=capacity,
        personal_data_delete_on=(start + datetime.timedelta(days=183)).date(),
    )


def timed_get(client, url: str, repeat: int = 7) -> tuple[float, int]:
    times = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            elapsed = time.perf_counter() - started
        assert response.status_code == 200, response.status_code
        times.append(elapsed)
    return statistics.median(times) * 1000, len(queries)


def stream(client, url: str) -> tuple[float, float, int]:
    """Download once for the time, then again under tracemalloc for the peak memory."""
    started = time.perf_counter()
    response = client.get(url)
    size = sum(len(chunk) for chunk in response.streaming_content)
    elapsed = time.perf_counter() - started
    tracemalloc.start()
    response = client.get(url)
    for _chunk in response.streaming_content:
        pass
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return elapsed, peak / 1024 / 1024, size


def main() -> None:
    from medborger.models import User
    from medborger.roles import Role

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    settings.EVENT_SIGNUP_RATE_LIMIT = 10**6
    settings.PUBLIC_FORM_MAILS_PER_ADDRESS_PER_DAY = 10**6
    rows = []
    try:
        from django.contrib.auth.models import Group

        coordinator = User.objects.create(username="bench-koordinator")
        coordinator.groups.add(Group.objects.get(name=Role.COORDINATOR))
        staff = Client()
        staff.force_login(coordinator)
        event = new_event("Stort borgermøde")
        attendees = reverse("consultation:event_attendees", args=[event.pk])
        for size in (1_000, 10_000):
            fill(event, size)
            ms, queries = timed_get(staff, attendees)
            rows.append((f"attendee list, {size:,} sign-ups", f"{ms:.0f} ms, {queries} queries"))
        csv_url = reverse("consultation:event_attendees_csv", args=[event.pk])
        for size in (10_000, 50_000):
            fill(event, size)
            seconds, peak, length = stream(staff, csv_url)
            rows.append(
                (
                    f"CSV export, {size:,} sign-ups",
                    f"{seconds:.2f} s, peak {peak:.1f} MiB Python memory, {length / 1e6:.1f} MB",
                )
            )
        xlsx_event = new_event("XLSX")
        fill(xlsx_event, 10_000)
        seconds, peak, length = stream(
            staff, reverse("consultation:event_attendees_xlsx", args=[xlsx_event.pk])
        )
        rows.append(("XLSX export, 10,000 sign-ups", f"{seconds:.2f} s, peak {peak:.1f} MiB"))

        citizen = Client()
        form_url = reverse("consultation:event_detail", args=[event.pk])
        count = 200
        started = time.perf_counter()
        for n in range(count):
            page = citizen.get(form_url).content.decode()
            response = citizen.post(
                form_url,
                {
                    "name": f"Ny {n}",
                    "email": f"ny{n}@example.org",
                    "consent": "on",
                    **solved_fields(page),
                },
            )
            assert response.status_code == 302, response.status_code
        elapsed = time.perf_counter() - started
        rows.append(
            (
                "public sign-up form, sequential",
                f"{count / elapsed:.0f} sign-ups/s ({elapsed / count * 1000:.1f} ms each)",
            )
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(f"database: {engine}")
    for name, figure in rows:
        print(f"| {name} | {figure} |")


if __name__ == "__main__":
    main()
