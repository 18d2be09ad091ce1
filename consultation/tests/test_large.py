"""`seed_large` grows the demo's concluded hearing to the benchmark of issue 19 (responses,
campaigns, decided points) and `make bench`'s jobs build the høringsnotat and queue the feedback
from it; checked here at a small size."""

import io

import pytest
from django.core.management import call_command

from consultation import large, textmatch
from consultation.models import Hearing, HearingResponse, Point, ResponseFeedback
from medborger.models import OutboundEmail

from .hearing_helpers import make_hearing, submit

pytestmark = pytest.mark.django_db


def test_the_grown_hearing_has_decided_points_campaigns_and_the_jobs_run(monkeypatch):
    call_command("seed_demo", stdout=io.StringIO())
    monkeypatch.setattr(large, "SIZES", {"small": 20, "large": 300})
    monkeypatch.setattr(large, "POINTS", {"small": 0, "large": 60})
    monkeypatch.setattr(large, "CAMPAIGN_GROUPS", 4)
    monkeypatch.setattr(large, "SIGNUPS", 40)

    summary = large.seed(size="large")

    hearing = Hearing.objects.get(slug=large.CLOSED_HEARING)
    responses = HearingResponse.objects.filter(hearing=hearing)
    points = Point.objects.active().filter(hearing=hearing)
    assert responses.count() == 300
    assert points.count() == 60
    assert not points.undecided().exists()
    grown = responses.filter(reference__startswith="BULK-")
    heads = grown.filter(copies__isnull=False).distinct()
    assert heads.count() == 4
    copies = grown.exclude(copy_of=None)
    assert copies.count() > 150
    assert not copies.exclude(copy_of__in=heads).exists()
    assert "300 responses, 60 points" in summary
    assert large.attendee_event().signups.count() == 40

    report = large._points_report()
    assert report.startswith("60 points (60 in the report)")

    detail = large._feedback_emails()
    assert detail.endswith("a second run queued 0")
    emails = OutboundEmail.objects.filter(notification="hearing_feedback")
    emailed = ResponseFeedback.objects.filter(response__hearing=hearing, emailed_at__isnull=False)
    assert emails.count() == emailed.count() > 200
    assert emails.values("idempotency_key").distinct().count() == emails.count()


def test_the_loads_texts_differ_as_citizens_do_and_its_campaign_letters_are_copies(coordinator):
    """The copy check compares a text with the earlier ones sharing enough of its sketch: the
    load's own texts must not all be near one another, and its campaign letters must be."""

    sketches = {
        index: set(textmatch.sketch(textmatch.shingles(large.load_text(index))))
        for index in range(200)
    }
    letters = {index for index in sketches if large.load_text(index) in large.CAMPAIGN_LETTERS}
    assert len(letters) == 20
    own = [index for index in sketches if index not in letters]
    near = [
        (a, b)
        for a in own
        for b in own
        if a < b and len(sketches[a] & sketches[b]) >= textmatch.MIN_SHARED
    ]
    assert near == []

    hearing = make_hearing(user=coordinator)
    stored = {
        index: submit(hearing, text=large.load_text(index), subject=f"{large.LOAD_PREFIX}{index}")
        for index in (5, 15, 35, 1, 2)
    }
    assert stored[35].copy_of_id == stored[5].pk  # the same letter
    assert [stored[index].copy_of_id for index in (5, 15, 1, 2)] == [None] * 4
