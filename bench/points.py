"""Points at the benchmark size of issue 19: 10,000 responses, 40 campaign groups, 2,000 points.

Runs against a throw-away test database made from DATABASE_URL (PostgreSQL for the figures):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/medborger_i19 \
        .venv/bin/python bench/points.py [--responses 10000 --points 2000 --groups 40]

Measures the points list, the public "what we heard, what we did" page and a respondent's page
(query counts at a small and the full size, and server time), the høringsnotat (DOCX and PDF)
and the one task that queues the feedback e-mails. Timings are reported, not asserted.
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import hearings as bench_hearings
from django.db import connection
from django.test import Client
from django.test.utils import setup_test_environment
from django.urls import reverse
from django.utils import timezone


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--responses", type=int, default=10_000)
    parser.add_argument("--points", type=int, default=2_000)
    parser.add_argument("--groups", type=int, default=40)
    args = parser.parse_args()
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run(args.responses, args.points, args.groups)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def build(hearing, coordinator, *, responses, points, groups):
    """`points - groups` single responses and `groups` campaigns sharing the rest as copies."""
    from consultation import counts
    from consultation.models import HearingResponse, Point
    from consultation.services.points import point_changes_record, points_collect
    from consultation.tests.hearing_helpers import bulk_responses
    from policy.services import SectionInput, version_save

    sections = list(hearing.version.sections.order_by("position"))
    bulk_responses(hearing, responses, sections=[sections[1]])
    ids = list(
        HearingResponse.objects.filter(hearing=hearing).order_by("pk").values_list("pk", flat=True)
    )
    originals = ids[: points - groups]
    campaign_heads = ids[points - groups : points]
    for index, pk in enumerate(ids[points:]):
        HearingResponse.objects.filter(pk=pk).update(copy_of_id=campaign_heads[index % groups])
    counts.responses_changed()  # update() sends no signals: fewer originals
    del originals
    points_collect(hearing=hearing, user=coordinator)
    document = hearing.version.document
    document.refresh_from_db()
    answering = version_save(
        document=document,
        sections=[SectionInput(s.heading, s.body + "<p>Ændret efter høringen.</p>", s.key)
                  for s in sections],
        user=coordinator,
        base_number=document.current_version.number,
    )  # fmt: skip
    active = Point.objects.active().filter(hearing=hearing)
    point_changes_record(
        version=answering, point_ids=list(active.values_list("pk", flat=True)[:200]),
        user=coordinator,
    )  # fmt: skip
    active.update(
        disposition="noted", reason="Indgår i det videre arbejde.", summary="Et ønske",
        decided_at=timezone.now(),
    )  # fmt: skip
    return active.count()


def run(responses, points, groups):
    from consultation.models import HearingResponse, ResponseFeedback
    from consultation.services import point_report
    from consultation.services.points import feedback_enqueue, hearing_feedback_publish
    from consultation.tests.hearing_helpers import make_hearing
    from medborger.roles import Role
    from medborger.testing.factories import UserFactory

    coordinator = UserFactory(username="bench-koordinator", roles=[Role.COORDINATOR])
    staff = Client()
    staff.force_login(coordinator)
    counts = {}
    for label, size in (("small", (100, 20, 4)), ("full", (responses, points, groups))):
        hearing = make_hearing(user=coordinator, state="closed")
        start = time.perf_counter()
        made = build(hearing, coordinator, responses=size[0], points=size[1], groups=size[2])
        hearing_feedback_publish(hearing=hearing, user=coordinator)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        print(f"{label}: {size[0]} responses, {made} points made in "
              f"{time.perf_counter() - start:.1f} s")  # fmt: skip
        start, start_cpu = time.perf_counter(), time.process_time()
        queued = feedback_enqueue(hearing=hearing)
        print(f"  feedback task: {queued} e-mails queued in {time.perf_counter() - start:.1f} s "
              f"({time.process_time() - start_cpu:.1f} s CPU)")  # fmt: skip
        respondent = (
            ResponseFeedback.objects.filter(response__hearing=hearing, response__copy_of=None)
            .order_by("pk").first()
        )  # fmt: skip
        urls = {
            "points list": (staff, reverse("consultation:hearing_points", args=[hearing.slug])),
            "what we did": (Client(), reverse("consultation:hearing_outcome", args=[hearing.slug])),
            "respondent page": (Client(), reverse(
                "consultation:response_feedback", args=[hearing.slug, respondent.token])),
        }  # fmt: skip
        for name, (client, url) in urls.items():
            ms, cpu, queries = bench_hearings.timed(client, url, repeat=3)
            counts.setdefault(name, []).append(queries)
            print(f"  {name}: {ms:.0f} ms median ({cpu:.0f} ms CPU), {queries} queries")
        start, start_cpu = time.perf_counter(), time.process_time()
        data = point_report.report_data(hearing)
        docx_bytes = point_report.report_docx(data)
        pdf_bytes = point_report.report_pdf(data)
        print(f"  høringsnotat (data, DOCX {len(docx_bytes) // 1024} kB, PDF "
              f"{len(pdf_bytes) // 1024} kB): {time.perf_counter() - start:.1f} s "
              f"({time.process_time() - start_cpu:.1f} s CPU)")  # fmt: skip
        assert HearingResponse.objects.filter(hearing=hearing).count() == size[0]
    for name, (small, full) in counts.items():
        print(
            f"{name}: {small} queries small, {full} full -> {'equal' if small == full else 'GROWS'}"
        )
    print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
