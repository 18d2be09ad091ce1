"""Hearings with 10,000 responses: staff list, search, public list, CSV export and the report.

Runs against a throw-away test database made from DATABASE_URL (PostgreSQL for the figures in
bench/README.md; SQLite works too):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/medborger_i5b \
        .venv/bin/python bench/hearings.py [--responses 10000]

Server time is measured with Django's test client (the whole request/response cycle in
process, no network). Memory of the CSV export is the peak traced by tracemalloc while the
streamed response is consumed, at 1,000 and at all responses: flat means about equal.
"""

import argparse
import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "medborger.settings")
os.environ.setdefault("SECRET_KEY", "bench-only")
os.environ.setdefault("MEDBORGER_VAR_DIR", "bench/.work")
os.environ.setdefault("FAST_PASSWORD_HASHING", "true")
for _name in ("SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE"):
    os.environ.setdefault(_name, "false")
os.environ.setdefault("STATIC_MANIFEST", "false")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402


def timed(client, url, repeat=7):
    """Median wall time and this process's CPU time of a request, and its query count.

    The machine is shared: the CPU time shows what the request costs when wall time is
    inflated by other processes (see the load average printed at the end)."""
    client.get(url)  # warm up
    samples, cpu = [], []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            samples.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(samples), statistics.median(cpu), len(queries)


def export_peak(client, url, trace=True):
    if trace:
        tracemalloc.start()
    start, start_cpu = time.perf_counter(), time.process_time()
    response = client.get(url)
    size = sum(len(chunk) for chunk in response.streaming_content)
    elapsed = time.perf_counter() - start
    if not trace:
        print(f"  ({time.process_time() - start_cpu:.2f} s CPU)")
    peak = tracemalloc.get_traced_memory()[1] if trace else 0
    if trace:
        tracemalloc.stop()
    return elapsed, peak / 1_048_576, size / 1_048_576


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--responses", type=int, default=10_000)
    args = parser.parse_args()

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run(args.responses)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run(count):
    from consultation import counts
    from consultation.models import HearingResponse, Theme
    from consultation.services.hearing_reports import report_build, report_request
    from consultation.services.hearings import refresh_search_vectors
    from consultation.tests.hearing_helpers import bulk_responses, make_hearing
    from medborger.roles import Role
    from medborger.testing.factories import UserFactory

    coordinator = UserFactory(username="bench-koordinator", roles=[Role.COORDINATOR])
    hearing = make_hearing(user=coordinator)
    sections = list(hearing.version.sections.all())
    themes = [Theme.objects.create(hearing=hearing, name=f"Tema {i}") for i in range(4)]
    start = time.perf_counter()
    step = max(count // 4, 1)
    for part in range(4):
        bulk_responses(
            hearing,
            min(count, (part + 1) * step) if part < 3 else count,
            sections=[sections[part % len(sections)]],
            themes=[themes[part]],
        )
    refresh_search_vectors(HearingResponse.objects.filter(hearing=hearing))
    HearingResponse.objects.filter(hearing=hearing).update(
        review_status=HearingResponse.Review.APPROVED
    )
    counts.responses_changed()  # update() sends no signals: the cached counts change
    if connection.vendor == "postgresql":
        # What autovacuum does to a table that has been in use: fresh statistics.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    print(f"{connection.vendor}: {count} responses made in {time.perf_counter() - start:.1f} s")

    staff = Client()
    staff.force_login(coordinator)
    list_url = reverse("consultation:hearing_responses", args=[hearing.slug])
    rows = [
        ("staff list", staff, list_url),
        ("staff search", staff, list_url + "?q=fællesskaber+frivillighed"),
        ("staff filter + each text once", staff, list_url + f"?section={sections[1].pk}&copies=on"),
    ]
    for name, client, url in rows:
        ms, cpu, queries = timed(client, url)
        print(f"{name}: {ms:.0f} ms median ({cpu:.0f} ms CPU), {queries} queries")

    # The public list exists after the deadline.
    hearing.closes_at = timezone.now() - timezone.timedelta(minutes=1)
    hearing.opens_at = hearing.closes_at - timezone.timedelta(days=30)
    hearing.save()
    public_url = reverse("consultation:hearing_public_responses", args=[hearing.slug])
    ms, cpu, queries = timed(Client(), public_url)
    print(f"public list: {ms:.0f} ms median ({cpu:.0f} ms CPU), {queries} queries")
    ms, cpu, queries = timed(Client(), public_url + "?side=150")
    print(f"public list, page 150: {ms:.0f} ms median ({cpu:.0f} ms CPU), {queries} queries")

    export_url = reverse("consultation:hearing_export", args=[hearing.slug, "csv"])
    export_seconds, _peak, _size = export_peak(staff, export_url, trace=False)
    print(f"CSV export of {count} (untraced): {export_seconds:.2f} s")
    seconds, peak, size = export_peak(staff, export_url)
    print(f"CSV export of {count}: {seconds:.2f} s, {size:.1f} MB, peak traced {peak:.1f} MB")
    small = make_hearing(user=coordinator)
    small_sections = list(small.version.sections.all())
    small_theme = Theme.objects.create(hearing=small, name="Tema")
    bulk_responses(small, 1000, sections=small_sections[:1], themes=[small_theme])
    seconds_small, peak_small, _size = export_peak(
        staff, reverse("consultation:hearing_export", args=[small.slug, "csv"])
    )
    print(f"CSV export of 1000: {seconds_small:.2f} s, peak traced {peak_small:.1f} MB")

    report = report_request(hearing=hearing, user=coordinator)
    start, start_cpu = time.perf_counter(), time.process_time()
    assert report_build(report_id=report.pk)
    print(
        f"report task (HTML, DOCX, PDF) for {count}: {time.perf_counter() - start:.1f} s "
        f"({time.process_time() - start_cpu:.1f} s CPU)"
    )
    print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
