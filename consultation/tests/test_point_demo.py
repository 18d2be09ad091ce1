import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from consultation.models import HearingOutcome, Point, PointChange
from medborger.models import OutboundEmail

pytestmark = pytest.mark.django_db


def seed():
    call_command("seed_demo", stdout=io.StringIO())


def test_the_demo_has_a_concluded_hearing_with_decided_points_and_the_answering_version(client):
    seed()
    outcome = HearingOutcome.objects.select_related("hearing", "answering_version").get()
    hearing = outcome.hearing
    assert outcome.report_published_at is not None
    assert outcome.answering_version.number > hearing.version.number
    points = Point.objects.active().filter(hearing=hearing)
    assert points.count() >= 10 and not points.filter(disposition="").exists()
    assert PointChange.objects.filter(point__hearing=hearing, accepted_wording=True).exists()
    assert set(points.values_list("disposition", flat=True)) >= {"met", "partly_met", "noted"}
    page = client.get(reverse("consultation:hearing_outcome", args=[hearing.slug]))
    assert page.status_code == 200 and "<ins>" in page.content.decode()
    # The loop is reachable from the front page.
    assert (
        reverse("consultation:hearing_outcome", args=[hearing.slug])
        in client.get("/").content.decode()
    )
    mails = OutboundEmail.objects.filter(notification="hearing_feedback").count()
    seed()
    assert Point.objects.filter(hearing=hearing).count() == points.count()
    assert OutboundEmail.objects.filter(notification="hearing_feedback").count() == mails
