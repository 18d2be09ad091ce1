"""A CPR number is never published with one tick, and erasure removes it from the text."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from consultation.models import HearingResponse
from consultation.services.hearing_privacy import response_data_erase
from consultation.services.hearings import response_review
from medborger.redaction import redact_personal_data

from .hearing_helpers import make_hearing, submit

pytestmark = pytest.mark.django_db

CPR_TEXT = "Jeg bor på adressen, mit CPR-nummer er 010203-1234, og vi vil have en bænk."


def test_a_text_with_a_cpr_number_cannot_be_approved_with_one_tick(coordinator_client, coordinator):
    hearing = make_hearing(user=coordinator)
    response = submit(hearing, text=CPR_TEXT)
    url = reverse("consultation:hearing_response_review", args=[hearing.slug, response.pk])
    refused = coordinator_client.post(url, {"decision": "publish", "checked": "on"}, follow=True)
    assert "ligner et CPR-nummer" in refused.content.decode()
    response.refresh_from_db()
    assert response.review_status == HearingResponse.Review.PENDING
    with pytest.raises(ValidationError) as error:
        response_review(response=response, user=coordinator, publish=True)
    assert error.value.code == "cpr"


def test_the_reviewer_redacts_it_or_writes_why_it_is_not_a_cpr_number(
    coordinator_client, coordinator
):
    hearing = make_hearing(user=coordinator)
    redacted = submit(hearing, text=CPR_TEXT)
    response_review(
        response=redacted,
        user=coordinator,
        publish=True,
        public_text="Jeg bor på adressen, og vi vil have en bænk.",
    )
    assert redacted.review_status == HearingResponse.Review.APPROVED

    explained = submit(hearing, text="Sagen har nummer 010203-1234 i kommunens system.")
    url = reverse("consultation:hearing_response_review", args=[hearing.slug, explained.pk])
    coordinator_client.post(
        url,
        {
            "decision": "publish",
            "checked": "on",
            "not_cpr_reason": "Det er kommunens sagsnummer.",
        },
    )
    explained.refresh_from_db()
    assert explained.review_status == HearingResponse.Review.APPROVED
    assert explained.not_cpr_reason == "Det er kommunens sagsnummer."
    assert explained.history.first().not_cpr_reason == "Det er kommunens sagsnummer."


def test_withholding_needs_no_reason(coordinator):
    response = submit(make_hearing(user=coordinator), text=CPR_TEXT)
    response_review(response=response, user=coordinator, publish=False)
    assert response.review_status == HearingResponse.Review.WITHHELD


def test_erasure_redacts_cpr_email_and_phone_in_the_text_and_its_history(coordinator):
    hearing = make_hearing(user=coordinator)
    response = submit(
        hearing,
        subject="Skriv til karin@example.org",
        text="CPR 0102031234, ring 12 34 56 78 eller skriv til karin@example.org. Tak.",
        email="karin@example.org",
    )
    assert response.history.count() >= 1
    response_data_erase(email="karin@example.org", user=coordinator)
    response.refresh_from_db()
    for text in [response.subject, response.text] + [
        value
        for row in HearingResponse.history.filter(id=response.pk)
        for value in (row.subject, row.text)
    ]:
        assert "0102031234" not in text
        assert "karin@example.org" not in text
        assert "12 34 56 78" not in text
    assert response.text.endswith("Tak.")
    assert "[" in response.text


def test_redaction_names_what_was_removed_and_keeps_the_rest():
    text = "CPR 010203-1234, tlf. +45 12 34 56 78, mail a.b@example.dk, år 2026, 42 bænke."
    redacted = redact_personal_data(text)
    assert "010203-1234" not in redacted
    assert "12 34 56 78" not in redacted
    assert "a.b@example.dk" not in redacted
    assert "år 2026, 42 bænke." in redacted
    assert redact_personal_data("") == ""
