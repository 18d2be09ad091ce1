"""The public forms against abuse (issue 12): proof of work, failed uploads counted, no relay.

Both public forms follow one policy (`medborger/public_forms.py`); these tests go through HTTP
and the services, as a citizen's browser and a robot would.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from consultation.models import HearingResponse, SignUp
from consultation.services.events import SIGNUP_FORM
from consultation.services.hearings import response_process
from medborger.models import OutboundEmail, PublicFormAttempt
from medborger.testing.public_forms import aged_stamp, proof_of_work, solved_fields

from .event_factories import EventFactory
from .hearing_helpers import aged_token, form_post, make_hearing, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def hearing(coordinator):
    return make_hearing(user=coordinator)


def hearing_url(hearing) -> str:
    return reverse("consultation:hearing_detail", args=[hearing.slug])


def signup_data(**overrides) -> dict:
    return {
        "name": "Anna Borger",
        "email": "anna@example.org",
        "consent": "on",
        "website": "",
        "altcha": proof_of_work(SIGNUP_FORM),
        **overrides,
    }


# --- Proof of work --------------------------------------------------------------------------


def test_both_forms_carry_the_self_hosted_widget_and_no_inline_script(client, hearing):
    event = EventFactory()
    for url in (hearing_url(hearing), reverse("consultation:event_detail", args=[event.pk])):
        page = client.get(url).content.decode()
        assert '<altcha-widget name="altcha"' in page and 'auto="onload"' in page
        assert 'src="/static/vendor/altcha/altcha.min.js"' in page
        assert "<noscript>" in page and "Det kræver JavaScript" in page
        assert "<script>" not in page
        assert solved_fields(page)["altcha"]  # the page's own challenge can be solved


def test_a_response_without_the_proof_of_work_is_refused_in_danish_and_kept(client, hearing):
    data = form_post(hearing, form_token=aged_token(hearing, 90), altcha=None, text="Mit svar")
    response = client.post(hearing_url(hearing), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Din browser sendte ikke det automatiske tjek" in page
    assert "Mit svar" in page
    assert not HearingResponse.objects.exists() and not OutboundEmail.objects.exists()


def test_a_sign_up_without_the_proof_of_work_or_with_a_used_one_is_refused(client):
    event = EventFactory()
    url = reverse("consultation:event_detail", args=[event.pk])
    response = client.post(url, signup_data(altcha=""))
    assert response.status_code == 400
    assert "Din browser sendte ikke det automatiske tjek" in response.content.decode()
    data = signup_data()
    assert client.post(url, data).status_code == 302
    replay = client.post(url, {**data, "email": "bot2@example.org"})
    assert replay.status_code == 409
    assert "Formularen er allerede sendt" in replay.content.decode()
    assert SignUp.objects.count() == 1


def test_the_page_a_refused_post_returns_has_a_fresh_challenge_to_send_again(client, hearing):
    refused = client.post(hearing_url(hearing), form_post(hearing, altcha=None))
    again = form_post(hearing, form_token=aged_token(hearing, 90))
    again.update(solved_fields(refused.content.decode()))
    assert client.post(hearing_url(hearing), again).status_code == 302
    assert HearingResponse.objects.count() == 1


# --- Rate limit -----------------------------------------------------------------------------


def test_failed_uploads_count_towards_the_rate_limit(client, hearing, settings):
    settings.HEARING_RATE_LIMIT_PER_HOUR = 2
    for _n in range(2):
        bad = SimpleUploadedFile("svar.pdf", b"PK\x03\x04 not a pdf at all")
        response = client.post(hearing_url(hearing), form_post(hearing, attachments=[bad]))
        assert response.status_code == 400
    response = client.post(hearing_url(hearing), form_post(hearing, text="Et gyldigt svar"))
    assert response.status_code == 429
    assert "Et gyldigt svar" in response.content.decode()
    assert not HearingResponse.objects.exists()
    assert PublicFormAttempt.objects.filter(form="hearing-response").count() == 2


def test_the_limit_is_per_client_address(client, hearing, settings):
    settings.HEARING_RATE_LIMIT_PER_HOUR = 1
    url = hearing_url(hearing)
    assert client.post(url, form_post(hearing), REMOTE_ADDR="192.0.2.1").status_code == 302
    assert client.post(url, form_post(hearing), REMOTE_ADDR="192.0.2.1").status_code == 429
    assert client.post(url, form_post(hearing), REMOTE_ADDR="192.0.2.2").status_code == 302


def test_a_bot_cannot_fill_the_waiting_list(client, settings):
    """Ten sign-ups from one connection without reading the mail: no seat, no waiting place."""
    settings.EVENT_SIGNUP_RATE_LIMIT = 100
    event = EventFactory(capacity=2)
    url = reverse("consultation:event_detail", args=[event.pk])
    for n in range(10):
        assert client.post(url, signup_data(email=f"bot{n}@example.org")).status_code == 302
    assert event.signups.confirmed().count() == 0 and event.signups.waiting().count() == 0
    assert event.signups.pending().count() == 10


# --- No mail relay --------------------------------------------------------------------------


def test_a_held_response_gets_its_receipt_only_when_a_moderator_releases_it(
    client, hearing, coordinator
):
    response = client.post(
        hearing_url(hearing), form_post(hearing, form_token=aged_token(hearing, 1))
    )
    assert response.status_code == 302
    stored = HearingResponse.objects.get()
    assert stored.status == HearingResponse.Status.FLAGGED
    assert not OutboundEmail.objects.exists()
    for _n in range(2):
        response_process(
            response=stored,
            user=coordinator,
            status=HearingResponse.Status.NEW,
            themes=[],
            admin_comment="",
            leads_to_change=False,
        )
    email = OutboundEmail.objects.get()
    assert email.notification == "hearing_response_receipt" and stored.reference in email.subject


def test_receipts_to_one_address_are_limited_per_day_but_responses_are_kept(hearing, settings):
    settings.PUBLIC_FORM_MAILS_PER_ADDRESS_PER_DAY = 3
    for n in range(5):
        submit(hearing, text=f"Svar {n} om et helt nyt emne {n * 'z'}", email="KARIN@example.org")
    assert HearingResponse.objects.count() == 5
    assert OutboundEmail.objects.filter(notification="hearing_response_receipt").count() == 3


def test_the_receipt_carries_the_name_on_one_line_and_none_of_the_senders_other_text(
    client, hearing
):
    data = form_post(
        hearing,
        name="Karin\r\nBcc: someone@example.org\r\n\r\nKøb billige ure",
        subject="Køb billige ure på http://spam.example",
        form_token=aged_token(hearing, 90),
    )
    assert client.post(hearing_url(hearing), data).status_code == 302
    stored = HearingResponse.objects.get()
    assert stored.name == "Karin Bcc: someone@example.org Køb billige ure"
    email = OutboundEmail.objects.get()
    assert "\n" not in email.subject and "spam.example" not in email.subject
    assert "spam.example" not in email.body_text + email.body_html
    assert "Karin Bcc: someone@example.org Køb billige ure" in email.body_text


def test_a_sign_up_faster_than_a_person_is_thanked_and_dropped_when_the_rule_is_on(
    client, settings
):
    settings.EVENT_SIGNUP_MIN_FILL_SECONDS = 5
    event = EventFactory()
    url = reverse("consultation:event_detail", args=[event.pk])
    assert 'name="form_stamp"' in client.get(url).content.decode()
    fast = client.post(
        url, signup_data(form_stamp=aged_stamp(SIGNUP_FORM, scope=event.pk, seconds=1))
    )
    assert fast["Location"] == reverse("consultation:event_thanks", args=[event.pk])
    assert not SignUp.objects.exists() and not OutboundEmail.objects.exists()
    human = signup_data(form_stamp=aged_stamp(SIGNUP_FORM, scope=event.pk, seconds=30))
    assert client.post(url, human)["Location"].startswith("/inddragelse/tilmelding/")
    assert SignUp.objects.get().status == SignUp.Status.PENDING


def test_an_empty_post_is_refused_cleanly(client, hearing):
    event = EventFactory()
    response = client.post(reverse("consultation:event_detail", args=[event.pk]), {})
    assert response.status_code == 400
    assert "Din browser sendte ikke det automatiske tjek" in response.content.decode()
    assert client.post(hearing_url(hearing), {}).status_code == 400
