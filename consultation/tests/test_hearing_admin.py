"""Hearings and responses in the shared admin, with their history in words people read."""

import pytest
from django.urls import reverse

from consultation.models import HearingResponse
from consultation.services.hearings import response_process

from .hearing_helpers import make_hearing, submit

pytestmark = pytest.mark.django_db


def test_hearings_and_responses_are_listed_with_their_history(client_for, superuser, coordinator):
    hearing = make_hearing(user=coordinator)
    response = submit(hearing)
    response_process(
        response=response,
        user=coordinator,
        status=HearingResponse.Status.HANDLED,
        themes=[],
        admin_comment="Tak.",
        leads_to_change=True,
    )
    client = client_for(superuser)
    listing = client.get(reverse("admin:consultation_hearing_changelist"))
    assert listing.status_code == 200 and hearing.title in listing.content.decode()
    responses = client.get(reverse("admin:consultation_hearingresponse_changelist"))
    assert responses.status_code == 200 and response.reference in responses.content.decode()
    history = client.get(
        reverse("admin:consultation_hearingresponse_history", args=[response.pk])
    ).content.decode()
    # Labels, not the stored values ("new → handled", "False → True").
    assert "Modtaget" in history and "Behandlet" in history
    assert "new" not in history.split("change-history")[1].split("</table>")[0].split()
    assert "&rarr;" in history or "→" in history
    # The history page's own words are Danish too (simple-history ships no Danish).
    assert "Ændret af" in history and "Årsag til ændringen" in history
    edit = client.get(reverse("admin:consultation_hearing_change", args=[hearing.pk]))
    assert edit.status_code == 200
