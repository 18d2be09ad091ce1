"""Benchmark data and load for `make bench` (see `bench/run.py`).

`seed(size=...)` grows the demo's closed hearing to 10,000 responses (the size the consultation
issue names), so its staff and public pages are measured at that size. `load_scenarios()` is the
hearing's last evening: citizens open the form and submit, each response checked afterwards.
`jobs()` times the export and the hearing report at that size.
"""

import dataclasses
import http.client
import random
import re
import time
import urllib.parse
import uuid
from collections.abc import Callable
from http.cookies import SimpleCookie

from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from medborger import stamps
from medborger.large import Job
from medborger.testing.public_forms import solved_fields

from . import counts
from .models import Hearing, HearingResponse

CLOSED_HEARING = "strategi-for-foreningsliv"
OPEN_HEARING = "plan-for-tryghed"
SIZES = {"small": 20, "large": 10_000}
#: Issue 19's benchmark size: of the 10,000 responses, 40 campaigns share most of them as copies,
#: and the rest yield 2,000 decided points in all.
POINTS = {"small": 0, "large": 2_000}
CAMPAIGN_GROUPS = 40
LOAD_RESPONSES = 2000
LOAD_PREFIX = "bench-load-"


def bulk_responses(hearing, count: int, *, sections=(), themes=(), **fields) -> None:
    """Top the hearing up to `count` responses quickly (for query counts and benchmarks)."""
    existing = HearingResponse.objects.filter(hearing=hearing).count()
    now = timezone.now()
    rows = [
        HearingResponse(
            hearing=hearing,
            reference=f"BULK-{hearing.pk}-{i:06d}",
            form_token=uuid.uuid4().hex,
            submitted_at=now - timezone.timedelta(minutes=i),
            name=f"Borger {i}",
            email=f"borger{i}@example.org",
            subject=f"Svar nummer {i}",
            text=f"Dette er høringssvar nummer {i} om fællesskaber og frivillighed i byen.",
            consent_at=now,
            normalised_hash=uuid.uuid4().hex,
            **fields,
        )
        for i in range(existing, count)
    ]
    created = HearingResponse.objects.bulk_create(rows, batch_size=500)
    # bulk_create sends no signals: the cached response counts are bumped here.
    counts.responses_changed()
    through = HearingResponse.sections.through
    through.objects.bulk_create(
        [through(hearingresponse=r, section=s) for r in created for s in sections], batch_size=500
    )
    theme_through = HearingResponse.themes.through
    theme_through.objects.bulk_create(
        [theme_through(hearingresponse=r, theme=t) for r in created for t in themes],
        batch_size=500,
    )


SIGNUPS = 10_000
EVENT_TITLE = "Benchmark: stort borgermøde"


def attendee_event():
    """An event with 10,000 sign-ups for the attendee exports (made once, kept for later
    runs); a fifth of them on the waiting list."""
    import datetime

    from .models import Event, SignUp

    event = Event.objects.filter(title=EVENT_TITLE).first()
    if event is None:
        start = timezone.now() + datetime.timedelta(days=30)
        event = Event.objects.create(
            title=EVENT_TITLE,
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=2),
            signup_deadline=start - datetime.timedelta(days=1),
            place="Hallen",
            personal_data_delete_on=(start + datetime.timedelta(days=183)).date(),
        )
    SignUp.objects.bulk_create(signup_rows(event, SIGNUPS), batch_size=2000)
    stamps.bump(stamps.FRONT_PAGE)  # bulk_create sends no signals: the front page's free seats
    counts.signups_changed()  # bulk_create sends no signals
    return event


def signup_rows(event, total: int):
    """The sign-ups that top `event` up to `total` (a fifth of them waiting), for benchmarks."""
    import datetime

    from .models import SignUp

    now = timezone.now()
    for n in range(event.signups.count(), total):
        yield SignUp(
            event=event,
            name=f"Deltager {n}",
            email=f"deltager{n}@example.org",
            email_normalised=f"deltager{n}@example.org",
            organisation="Forening" if n % 3 else "",
            interpreter_language="arabisk" if n % 17 == 0 else "",
            needs_step_free_access=n % 11 == 0,
            consent_at=now,
            created_at=now + datetime.timedelta(seconds=n),
            status=SignUp.Status.WAITING if n >= total * 0.8 else SignUp.Status.CONFIRMED,
            token=f"bench-{event.pk}-{n}",
        )


def seed(*, size: str) -> str:
    from .services.hearings import refresh_search_vectors

    hearing = Hearing.objects.get(slug=CLOSED_HEARING)
    sections = list(hearing.version.sections.all())
    themes = list(hearing.themes.all())
    target = SIZES[size]
    existing = HearingResponse.objects.filter(hearing=hearing).count()
    step = max((target - existing) // 4, 1)
    for part in range(4):
        bulk_responses(
            hearing,
            target if part == 3 else min(target, existing + (part + 1) * step),
            sections=sections[part % len(sections) : part % len(sections) + 1],
            themes=themes[part % len(themes) : part % len(themes) + 1] if themes else (),
            review_status=HearingResponse.Review.APPROVED,
            publication=HearingResponse.Publication.WITH_NAME,
        )
    refresh_search_vectors(HearingResponse.objects.filter(hearing=hearing, search_vector=None))
    points = _grow_points(hearing, POINTS[size])
    signups = attendee_event().signups.count() if size == "large" else 0
    if connection.vendor == "postgresql":
        # What autovacuum does to a table in use: fresh statistics, and a visibility map so
        # that the copies of a campaign are counted from the index alone.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
    count = HearingResponse.objects.filter(hearing=hearing).count()
    return f"{hearing.title}: {count} responses, {points} points" + (
        f"; {EVENT_TITLE}: {signups} sign-ups" if signups else ""
    )


def _grow_points(hearing: Hearing, target: int) -> int:
    """Turn the grown responses into points, up to `target` points on the hearing in all: the
    first new responses are originals (one point each, about the section they name), the next
    `CAMPAIGN_GROUPS` head the campaigns, and every other new response is a copy of one of
    them (a campaign is one point with its count). Every point is decided, as on a hearing
    whose report is published; the feedback e-mails are left for the `jobs()` to queue."""
    from medborger.models import User

    from .models import Point
    from .services.points import points_collect

    existing = Point.objects.active().filter(hearing=hearing).count()
    wanted = target - existing
    if wanted <= CAMPAIGN_GROUPS:
        return existing
    fresh = list(
        HearingResponse.objects.filter(
            hearing=hearing, reference__startswith="BULK-", points__isnull=True, copy_of=None
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    heads = fresh[wanted - CAMPAIGN_GROUPS : wanted]
    copies = fresh[wanted:]
    for index, head in enumerate(heads):
        HearingResponse.objects.filter(pk__in=copies[index :: len(heads)]).update(copy_of_id=head)
    counts.responses_changed()  # update() sends no signals: fewer originals
    coordinator = User.objects.get(username="koordinator")
    points_collect(hearing=hearing, user=coordinator)
    Point.objects.undecided().filter(hearing=hearing).update(
        summary="Ønsker flere fællesskaber i bydelen.",
        assessment="Ønsket svarer til politikkens retning.",
        disposition=Point.Disposition.NOTED,
        reason="Indgår i det videre arbejde med politikken.",
        decided_at=timezone.now(),
    )
    return Point.objects.active().filter(hearing=hearing).count()


# --- Load -----------------------------------------------------------------------------------

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
FORM_TOKEN = re.compile(r'name="form_token" value="([^"]+)"')


@dataclasses.dataclass
class LoadScenario:
    name: str
    total: int
    make_request: Callable[[http.client.HTTPConnection, int], bool]
    verify: Callable[[], int]


def _request(connection, method, path, cookies: SimpleCookie, body=None):
    headers = {"Cookie": "; ".join(f"{k}={v.value}" for k, v in cookies.items())}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    data = response.read()
    for header in response.headers.get_all("Set-Cookie") or []:
        cookies.load(header)
    return response, data


#: The words the load's citizens write with. Each text is its own draw of them, so two texts
#: share no more than chance does: a real hearing's responses differ, while the copy check
#: compares a text with every earlier one that shares enough of it (a text repeated with only
#: a number changed, as the load sent until 2026-12-03, made all 2,000 candidates of each other).
_LOAD_VOCABULARY = (
    "tryghed lys stier bænke cykelsti fortov busstop parkering skole børn unge ældre naboer "
    "grønne områder legeplads belysning aften nat weekend stationen centret strandparken "
    "boligområdet vejen krydset hastighed biler knallerter støj hærværk graffiti affald "
    "kameraer politiet gadeplan klubben foreninger frivillige fællesskab mødested kommunen "
    "borgerne beboerne forældre trafik skiltning fodgængere overgang rundkørsel hække buske "
    "træer vedligehold renhold hundeluftere løbere motion sport hal bibliotek kulturhus "
    "markedsplads torvet bus tog regnvejr vinter mørke sikker usikker bedre flere færre nye "
    "gamle større mindre ofte sjældent gerne aldrig altid hurtigt langsomt tæt langt ved "
    "over under mellem foran bag efter før og men fordi derfor også ikke meget lidt mere "
    "mindst vi jeg de man vores min deres skal bør kan vil må ønsker foreslår savner"
)
LOAD_WORDS = tuple(_LOAD_VOCABULARY.split())
#: Every tenth citizen sends one of these letters unchanged: a campaign, grouped as copies.
CAMPAIGN_LETTERS = (
    "Vi ønsker bedre belysning på stien fra stationen til boligområdet, fordi mange føler sig "
    "utrygge, når de går hjem om aftenen. Lyset bør tændes tidligere om vinteren.",
    "Giv de unge et sted at mødes om aftenen med voksne, de kender. Klubben bør have åbent i "
    "weekenden, og foreningerne vil gerne hjælpe til.",
    "Sænk hastigheden ved skolen og lav en sikker overgang i krydset. Børnene cykler selv, og "
    "bilerne kører for stærkt om morgenen.",
)


def load_text(index: int) -> str:
    """The text of the load's response `index`: one of the campaign letters for every tenth
    citizen, otherwise a text of 40 to 80 words drawn for this citizen alone."""
    if index % 10 == 5:
        return CAMPAIGN_LETTERS[index // 10 % len(CAMPAIGN_LETTERS)]
    draw = random.Random(index)
    words = draw.choices(LOAD_WORDS, k=draw.randint(40, 80))
    return f"Svar {index}: {' '.join(words)}."


def _submit_response(connection, index: int) -> bool:
    """One citizen: opens the hearing page with its form, then submits a response."""
    path = reverse("consultation:hearing_detail", args=[OPEN_HEARING])
    cookies = SimpleCookie()
    _page, html = _request(connection, "GET", path, cookies)
    html = html.decode()
    form = {
        "csrfmiddlewaretoken": CSRF.search(html).group(1),
        "form_token": FORM_TOKEN.search(html).group(1),
        "name": f"Borger {index}",
        "email": f"borger{index}@example.org",
        "email_repeat": f"borger{index}@example.org",
        "represents": "private",
        "subject": f"{LOAD_PREFIX}{index}",
        "text": load_text(index),
        "consent": "on",
        "publication": "with_name",
        # The proof of work, solved as the browser's widget does (at the bench's low cost).
        **solved_fields(html),
    }
    posted, _data = _request(connection, "POST", path, cookies, urllib.parse.urlencode(form))
    return posted.status == 302


def _responses_lost() -> int:
    stored = HearingResponse.objects.filter(
        hearing__slug=OPEN_HEARING, subject__startswith=LOAD_PREFIX
    )
    subjects = set(stored.values_list("subject", flat=True))
    references = stored.values_list("reference", flat=True)
    duplicates = len(references) - len(set(references))
    # Each campaign letter's copies are grouped on its first: one original a letter.
    campaign_originals = stored.filter(text__in=CAMPAIGN_LETTERS, copy_of__isnull=True).count()
    ungrouped = max(0, campaign_originals - len(CAMPAIGN_LETTERS))
    return LOAD_RESPONSES - len(subjects) + duplicates + ungrouped


def load_scenarios() -> list[LoadScenario]:
    return [
        LoadScenario(
            name="hearing form: open the page, submit a response",
            total=LOAD_RESPONSES,
            make_request=_submit_response,
            verify=_responses_lost,
        )
    ]


# --- Background jobs ------------------------------------------------------------------------


def _fetch(url: str) -> tuple[float, float, int, int]:
    """(ms to the first chunk, ms to the last, bytes, lines) of a download, as the coordinator."""
    from medborger.models import User

    client = Client()
    client.force_login(User.objects.get(username="koordinator"))
    started = time.perf_counter()
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    chunks = iter(response.streaming_content) if response.streaming else iter([response.content])
    first = next(chunks, b"")
    first_ms = (time.perf_counter() - started) * 1000
    size, lines = len(first), first.count(b"\n")
    for chunk in chunks:
        size += len(chunk)
        lines += chunk.count(b"\n")
    response.close()
    return first_ms, (time.perf_counter() - started) * 1000, size, lines


def _peak_memory_mb(url: str) -> float:
    """Python's peak memory while the download streams (tracemalloc), in a second request."""
    import tracemalloc

    tracemalloc.start()
    try:
        _fetch(url)
        return tracemalloc.get_traced_memory()[1] / 1024 / 1024
    finally:
        tracemalloc.stop()


def _export_job(url: str, what: str, aim: str) -> Callable[[], str]:
    def run() -> str:
        _fetch(url)  # warm
        first_ms, last_ms, size, lines = _fetch(url)
        peak = _peak_memory_mb(url)
        rows = f", {lines - 1} rows" if "csv" in url else ""
        return (
            f"{what}: first byte {first_ms:.0f} ms, whole {last_ms:.0f} ms ({aim}), "
            f"{size / 1e6:.1f} MB{rows}; peak Python memory while streaming {peak:.1f} MB "
            "(in-process, test client)"
        )

    return run


def _export_jobs() -> list[Job]:
    event = attendee_event()
    hearing_csv = reverse("consultation:hearing_export", args=[CLOSED_HEARING, "csv"])
    hearing_xlsx = reverse("consultation:hearing_export", args=[CLOSED_HEARING, "xlsx"])
    attendees_csv = reverse("consultation:event_attendees_csv", args=[event.pk])
    attendees_xlsx = reverse("consultation:event_attendees_xlsx", args=[event.pk])
    csv_aim, xlsx_aim = "aim: first byte < 200 ms, whole < 1 s", "aim: < 200 ms, < 5 s"
    return [
        Job(
            name="hearing responses: CSV export (10,000 rows, streamed)",
            run=_export_job(hearing_csv, "10,000 responses", csv_aim),
        ),
        Job(
            name="hearing responses: XLSX export (10,000 rows, streamed)",
            run=_export_job(hearing_xlsx, "10,000 responses", xlsx_aim),
        ),
        Job(
            name="attendees: CSV export (10,000 sign-ups, streamed)",
            run=_export_job(attendees_csv, "10,000 sign-ups", csv_aim),
        ),
        Job(
            name="attendees: XLSX export (10,000 sign-ups, streamed)",
            run=_export_job(attendees_xlsx, "10,000 sign-ups", xlsx_aim),
        ),
    ]


def _report() -> str:
    from medborger.models import User

    from .services.hearing_reports import report_build, report_request

    hearing = Hearing.objects.get(slug=CLOSED_HEARING)
    report = report_request(hearing=hearing, user=User.objects.get(username="koordinator"))
    started = time.perf_counter()
    built = report_build(report_id=report.pk)
    count = HearingResponse.objects.filter(hearing=hearing).count()
    seconds = time.perf_counter() - started
    return f"{count} responses, built: {built}; HTML, DOCX and PDF in {seconds:.1f} s"


def _points_report() -> str:
    """The høringsnotat of issue 19 from the hearing's points: its data, the HTML kept as a
    numbered version, the DOCX and the PDF."""
    from medborger.models import User

    from .models import Point
    from .services.point_report import report_data, report_docx, report_pdf
    from .services.points import report_version_save

    hearing = Hearing.objects.select_related("version__document").get(slug=CLOSED_HEARING)
    started = time.perf_counter()
    version = report_version_save(hearing=hearing, user=User.objects.get(username="koordinator"))
    kept = time.perf_counter() - started
    data = report_data(hearing)
    docx_bytes = report_docx(data)
    pdf_bytes = report_pdf(data)
    seconds = time.perf_counter() - started
    points = Point.objects.active().filter(hearing=hearing).count()
    return (
        f"{points} points ({version.points_count} in the report): version {version.number} kept "
        f"(HTML) in {kept:.1f} s; with DOCX ({len(docx_bytes) // 1024} KB) and PDF "
        f"({len(pdf_bytes) // 1024} KB) {seconds:.1f} s (aim < 60 s)"
    )


def _feedback_emails() -> str:
    """The one task that queues the feedback e-mails of a published report, run as the worker
    runs it; then run again, which must queue nothing (exactly once)."""
    from medborger.models import OutboundEmail

    from .tasks import send_hearing_feedback

    hearing = Hearing.objects.get(slug=CLOSED_HEARING)
    before = OutboundEmail.objects.filter(notification="hearing_feedback").count()
    started = time.perf_counter()
    queued = send_hearing_feedback(hearing.pk)
    seconds = time.perf_counter() - started
    again = send_hearing_feedback(hearing.pk)
    stored = OutboundEmail.objects.filter(notification="hearing_feedback").count() - before
    return (
        f"{queued} e-mails queued by one task in {seconds:.1f} s (aim < 10 s), {stored} in the "
        f"outbox; a second run queued {again}"
    )


def _analysis(*args: str) -> dict:
    """The analysis's own figures, from a process of its own (so its peak memory is its own)."""
    import json
    import subprocess
    import sys
    from pathlib import Path

    out = subprocess.run(
        [sys.executable, "-m", "consultation.analysis.evaluate", "--json", *args],
        cwd=Path(__file__).resolve().parent.parent,  # the checkout, whatever the caller's cwd
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out)


def _analysis_quality() -> str:
    f = _analysis()
    return (
        f"labelled set of {f['responses']} responses, {f['sections']} sections: "
        f"section micro-F1 {f['section_f1']:.2f} (P {f['section_precision']:.2f}, "
        f"R {f['section_recall']:.2f}; aim ≥ 0.80); campaign pairs P {f['campaign_precision']:.2f} "
        f"R {f['campaign_recall']:.2f} (aim ≥ 0.95); off topic P {f['off_topic_precision']:.2f} "
        f"R {f['off_topic_recall']:.2f}; evidence-rich P {f['evidence_precision']:.2f} "
        f"R {f['evidence_recall']:.2f}; language accuracy {f['language_accuracy']:.3f}"
    )


def _analysis_at_scale() -> str:
    f = _analysis("--size", "10000")
    return (
        f"{f['responses']} responses and {f['points']} points in {f['seconds']:.1f} s "
        f"(aim < 60 s), peak memory {f['peak_mb']:.0f} MB (aim < 500 MB); "
        f"{f['campaigns']} campaigns, {f['themes']} themes"
    )


def _journal_package() -> str:
    """The hearing of 10,000 responses as a journal package, with the process's memory growth."""
    import resource

    from medborger.journal import journal_package_build, journal_package_request
    from medborger.models import JournalPackage, User

    hearing = Hearing.objects.get(slug=CLOSED_HEARING)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    package = journal_package_request(
        kind="hearing", obj=hearing, user=User.objects.get(username="koordinator")
    )
    started = time.perf_counter()
    built = journal_package_build(package_id=package.pk)
    seconds = time.perf_counter() - started
    package = JournalPackage.objects.get(pk=package.pk)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return (
        f"{package.documents_count} documents, {package.size / 1e6:.0f} MB ZIP, built: {built}, "
        f"in {seconds:.0f} s (aim < 300 s); peak memory {before:.0f} → {peak:.0f} MB"
    )


def jobs() -> list[Job]:
    return [
        *_export_jobs(),
        Job(name="hearing report task (HTML, DOCX, PDF)", run=_report),
        Job(name="høringsnotat from 2,000 points (HTML version, DOCX, PDF)", run=_points_report),
        Job(name="feedback e-mails of the published report (one task)", run=_feedback_emails),
        Job(name="hearing analysis: quality on the labelled set", run=_analysis_quality),
        Job(name="hearing analysis: 10,000 responses, one process", run=_analysis_at_scale),
        Job(name="journal package of the hearing (10,000 responses)", run=_journal_package),
    ]
