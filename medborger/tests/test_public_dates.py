"""A public page shows its dates in the reader's language and conventions, not in Danish patterns
(issue 14): the hearing's deadline and an event's day and time in each public language."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from consultation.tests.event_factories import EventFactory
from consultation.tests.hearing_helpers import make_hearing

from .test_public_languages import visible_text

pytestmark = pytest.mark.django_db

#: The hearing closes on Wednesday 3 March 2027 at 14:00; the event is on Thursday 4 March 2027,
#: 17:00 to 19:00.
CLOSES = timezone.make_aware(datetime.datetime(2027, 3, 3, 14, 0))
STARTS = timezone.make_aware(datetime.datetime(2027, 3, 4, 17, 0))

EXPECTED = {
    "da": ("3. marts 2027 14:00", "torsdag 4. marts 2027, 17:00–19:00"),
    "en": ("March 3, 2027, 2 p.m.", "Thursday, March 4, 2027, 5 p.m.–7 p.m."),
    "ar": ("3 مارس 2027، 14:00", "الخميس 4 مارس 2027، 17:00–19:00"),
    "tr": ("3 Mart 2027 14:00", "4 Mart 2027 Perşembe, 17:00–19:00"),
    "ur": ("3 مارچ 2027، 14:00", "جمعرات، 4 مارچ 2027، 17:00–19:00"),
    "pl": ("3 marca 2027, 14:00", "Czwartek, 4 marca 2027, 17:00–19:00"),
    "so": ("3 Maarso 2027, 14:00", "Khamiis, 4 Maarso 2027, 17:00–19:00"),
}


def test_every_public_language_has_its_expected_dates():
    assert set(EXPECTED) == {code for code, _name in settings.LANGUAGES}


@pytest.mark.parametrize("language", sorted(EXPECTED))
def test_the_hearing_and_event_pages_write_dates_as_the_reader_does(client, language):
    hearing = make_hearing(title="Ishøj 2027", closes_at=CLOSES)
    event = EventFactory(
        title="Ishøj Strand 2027",
        starts_at=STARTS,
        ends_at=STARTS + datetime.timedelta(hours=2),
        signup_deadline=STARTS - datetime.timedelta(days=2),
    )
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    deadline, when = EXPECTED[language]

    page = client.get(reverse("consultation:hearing_detail", args=[hearing.slug]))
    text = visible_text(page.content.decode(), language)
    assert deadline in text

    page = client.get(reverse("consultation:event_detail", args=[event.pk]))
    text = visible_text(page.content.decode(), language)
    assert when in text
    if language != "da":
        assert "marts" not in text  # no Danish month name on another language's page
