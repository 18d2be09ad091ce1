"""Per-hearing and per-event texts in several languages (issue 14)."""

import pytest
from django.urls import reverse

from consultation.models import Event, Hearing

from .event_factories import EventFactory
from .hearing_helpers import make_hearing

pytestmark = pytest.mark.django_db


def choose(client, language: str) -> None:
    client.post(reverse("set_language"), {"language": language, "next": "/"})


def test_staff_give_the_introduction_in_arabic_sanitised_and_recorded(
    coordinator_client, coordinator
):
    hearing = make_hearing(user=coordinator)
    url = reverse("consultation:hearing_texts", args=[hearing.slug])
    response = coordinator_client.post(
        url,
        {
            "language": "ar",
            "introduction": "<p>مقدمة الاستشارة</p><script>alert(1)</script>",
            "privacy_notice": "",
            "plain_summary": "<p>ملخص بلغة مبسطة</p>",
        },
    )
    assert response.status_code == 302
    hearing.refresh_from_db()
    assert hearing.translations == {
        "ar": {"introduction": "<p>مقدمة الاستشارة</p>", "plain_summary": "<p>ملخص بلغة مبسطة</p>"}
    }
    assert hearing.history.first().history_change_reason == "Tekster på et andet sprog ændret"


def test_a_reader_sees_their_language_where_it_exists_and_is_told_when_danish(client, coordinator):
    hearing = make_hearing(user=coordinator)
    Hearing.objects.filter(pk=hearing.pk).update(
        introduction="<p>Dansk indledning</p>",
        plain_summary="<p>Let dansk</p>",
        translations={"ar": {"introduction": "<p>مقدمة الاستشارة</p>"}},
    )
    url = reverse("consultation:hearing_detail", args=[hearing.slug])
    choose(client, "ar")
    html = client.get(url).content.decode()
    assert '<div class="local-text" lang="ar" dir="rtl"><p>مقدمة الاستشارة</p></div>' in html
    # No Arabic summary: the Danish one, marked Danish, and the page says so in Arabic.
    assert '<div class="local-text" lang="da" dir="ltr"><p>Let dansk</p></div>' in html
    assert "هذا النص متوفر باللغة الدنماركية فقط." in html
    assert "يمكنك كتابة ردّك بأي لغة." in html
    choose(client, "da")
    html = client.get(url).content.decode()
    assert "<p>Dansk indledning</p>" in html and "مقدمة" not in html
    assert "Denne tekst findes kun på dansk." not in html


def test_an_event_description_in_polish(client, coordinator_client):
    event = EventFactory(description="<p>Dansk beskrivelse</p>")
    coordinator_client.post(
        reverse("consultation:event_texts", args=[event.pk]),
        {"language": "pl", "description": "<p>Opis po polsku</p>"},
    )
    assert Event.objects.get(pk=event.pk).translations == {
        "pl": {"description": "<p>Opis po polsku</p>"}
    }
    choose(client, "pl")
    html = client.get(reverse("consultation:event_detail", args=[event.pk])).content.decode()
    assert '<div class="local-text" lang="pl" dir="ltr"><p>Opis po polsku</p></div>' in html


def test_only_staff_may_give_texts(client, coordinator):
    hearing = make_hearing(user=coordinator)
    response = client.get(reverse("consultation:hearing_texts", args=[hearing.slug]))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]
