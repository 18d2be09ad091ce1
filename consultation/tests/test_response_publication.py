import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from consultation.models import HearingResponse
from consultation.services.hearings import response_review

from .hearing_helpers import make_hearing, submit

pytestmark = pytest.mark.django_db


def test_flagged_personal_data_needs_a_redaction_or_a_confirmation(coordinator_client, coordinator):
    hearing = make_hearing(user=coordinator)
    response = submit(hearing, text="Ring til mig på 12 34 56 78, hilsen Karin.")
    url = reverse("consultation:hearing_response_review", args=[hearing.slug, response.pk])

    refused = coordinator_client.post(url, {"decision": "publish"}, follow=True)
    assert "Der er fundet personoplysninger" in refused.content.decode()
    response.refresh_from_db()
    assert response.review_status == "pending"

    coordinator_client.post(
        url, {"decision": "publish", "public_text": "Ring til mig, hilsen Karin."}
    )
    response.refresh_from_db()
    assert response.review_status == "approved"
    assert response.public_text == "Ring til mig, hilsen Karin."
    assert response.reviewed_by == coordinator


def test_a_redaction_that_still_holds_personal_data_is_refused(coordinator):
    hearing = make_hearing(user=coordinator)
    response = submit(hearing, text="Mit CPR er 010203-1234.")
    with pytest.raises(ValidationError):
        response_review(
            response=response, user=coordinator, publish=True, public_text="CPR 010203-1234"
        )


def test_a_response_the_sender_keeps_private_is_never_approved(coordinator):
    hearing = make_hearing(user=coordinator)
    response = submit(hearing, publication="not_published", publication_reason="Privat sag")
    with pytest.raises(ValidationError):
        response_review(response=response, user=coordinator, publish=True)
    response_review(response=response, user=coordinator, publish=False)
    assert response.review_status == HearingResponse.Review.WITHHELD


def test_the_review_queue_lists_what_is_left(coordinator_client, coordinator):
    hearing = make_hearing(user=coordinator)
    pending = submit(hearing, text="Mere lys ved stationen om aftenen.")
    private = submit(
        hearing,
        text="Noget privat om min nabo.",
        publication="not_published",
        publication_reason="Privat",
    )
    done = submit(hearing, text="Gode tanker om fællesskab i boligområderne.")
    response_review(response=done, user=coordinator, publish=True)
    html = coordinator_client.get(
        reverse("consultation:hearing_review", args=[hearing.slug])
    ).content.decode()
    assert pending.reference in html
    assert private.reference not in html and done.reference not in html
