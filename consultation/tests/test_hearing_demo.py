import io

import pytest
from django.core.management import call_command

from consultation.models import Hearing, HearingResponse, ResponseAttachment

pytestmark = pytest.mark.django_db


def seed():
    call_command("seed_demo", stdout=io.StringIO())


def test_the_demo_has_a_closed_hearing_with_responses_and_an_open_one():
    seed()
    closed = Hearing.objects.get(slug="strategi-for-foreningsliv")
    open_ = Hearing.objects.get(slug="plan-for-tryghed")
    assert closed.has_closed() and open_.is_open()
    assert closed.version.is_frozen and open_.version.is_frozen
    responses = HearingResponse.objects.filter(hearing=closed)
    assert responses.count() >= 30
    assert responses.filter(publication="anonymous").exists()
    assert ResponseAttachment.objects.filter(response__hearing=closed).count() >= 5
    assert responses.filter(copy_of__isnull=False).count() >= 15  # the campaign
    assert responses.filter(leads_to_change=True).exists()
    assert responses.publishable().count() >= 25
    assert open_.responses.exists()


def test_seeding_twice_changes_nothing():
    seed()
    counts = (Hearing.objects.count(), HearingResponse.objects.count())
    seed()
    assert (Hearing.objects.count(), HearingResponse.objects.count()) == counts


def test_the_demo_policy_itself_is_left_to_the_policy_workflow():
    seed()
    from policy.models import Document

    policy = Document.objects.get(slug="medborgerpolitik")
    assert policy.status != Document.Status.IN_HEARING
    assert not policy.versions.filter(hearings__isnull=False).exists()
