"""A citizen's e-mails speak the language of the page they used (issue 14)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import formats, timezone

from consultation.models import HearingResponse, SignUp
from consultation.services.events import SIGNUP_FORM, signup_confirm
from medborger.models import OutboundEmail
from medborger.testing.public_forms import proof_of_work

from .event_factories import EventFactory, SignUpFactory
from .hearing_helpers import aged_token, form_post, make_hearing

pytestmark = pytest.mark.django_db


def choose(client, language: str) -> None:
    client.post(reverse("set_language"), {"language": language, "next": "/"})


@pytest.mark.parametrize(
    ("language", "greeting"),
    [
        ("ar", "شكرًا لك على ردّك على الاستشارة"),
        ("tr", "kamuoyu görüşüne gönderdiğiniz görüş için teşekkür ederiz"),
        ("da", "Tak for dit svar i høringen"),
    ],
)
def test_the_receipt_arrives_in_the_language_the_form_was_used_in(
    client, coordinator, language, greeting
):
    hearing = make_hearing(user=coordinator)
    choose(client, language)
    data = form_post(hearing, form_token=aged_token(hearing, 90))
    client.post(reverse("consultation:hearing_detail", args=[hearing.slug]), data)
    stored = HearingResponse.objects.get()
    assert stored.language == language
    email = OutboundEmail.objects.get()
    assert greeting in email.body_text
    assert f'lang="{language}"' in email.body_html


def test_a_sign_up_in_urdu_gets_its_confirmation_and_waiting_list_mail_in_urdu(client):
    event = EventFactory(capacity=1)
    SignUpFactory(event=event)  # the only seat is taken: the next one waits
    choose(client, "ur")
    data = {
        "name": "Ayesha Khan",
        "email": "ayesha@example.org",
        "organisation": "",
        "interpreter_language": "",
        "needs_other": "",
        "consent": "on",
        "website": "",
        "altcha": proof_of_work(SIGNUP_FORM),
    }
    client.post(reverse("consultation:event_detail", args=[event.pk]), data)
    signup = SignUp.objects.get(email="ayesha@example.org")
    assert signup.language == "ur" and signup.status == SignUp.Status.PENDING
    confirm = OutboundEmail.objects.get(to_address="ayesha@example.org")
    assert "اپنی رجسٹریشن کی تصدیق کریں" in confirm.subject
    assert 'dir="rtl"' in confirm.body_html

    signup = signup_confirm(signup=signup)  # she follows the e-mailed link
    assert signup.status == SignUp.Status.WAITING
    waiting = OutboundEmail.objects.filter(to_address="ayesha@example.org").exclude(pk=confirm.pk)
    assert "انتظار کی فہرست" in waiting.get().subject


#: The months in the genitive, as Polish dates name them ("3 grudnia 2026").
POLISH_MONTHS = [
    "stycznia",
    "lutego",
    "marca",
    "kwietnia",
    "maja",
    "czerwca",
    "lipca",
    "sierpnia",
    "września",
    "października",
    "listopada",
    "grudnia",
]


def test_the_polish_receipt_writes_the_date_as_polish_does(client, coordinator):
    hearing = make_hearing(user=coordinator)
    choose(client, "pl")
    data = form_post(hearing, form_token=aged_token(hearing, 90))
    client.post(reverse("consultation:hearing_detail", args=[hearing.slug]), data)
    received = timezone.localtime(HearingResponse.objects.get().submitted_at)
    email = OutboundEmail.objects.get()
    polish = f"{received.day} {POLISH_MONTHS[received.month - 1]} {received.year}, "
    assert polish in email.body_text and polish in email.body_html
    danish = formats.date_format(received, "j. F Y")
    assert danish not in email.body_text


def test_the_turkish_sign_up_mail_gives_the_day_and_time_as_turkish_does(client):
    starts = timezone.make_aware(datetime.datetime(2027, 3, 4, 17, 0))  # a Thursday
    event = EventFactory(
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        signup_deadline=starts - datetime.timedelta(days=2),
    )
    choose(client, "tr")
    data = {
        "name": "Elif Yılmaz",
        "email": "elif@example.org",
        "organisation": "",
        "interpreter_language": "",
        "needs_other": "",
        "consent": "on",
        "website": "",
        "altcha": proof_of_work(SIGNUP_FORM),
    }
    client.post(reverse("consultation:event_detail", args=[event.pk]), data)
    confirm = OutboundEmail.objects.get(to_address="elif@example.org")
    assert "4 Mart 2027 Perşembe, 17:00–19:00" in confirm.body_text
    assert "4 Mart 2027 Perşembe, 17:00–19:00" in confirm.body_html
    assert "torsdag" not in confirm.body_text and "marts" not in confirm.body_text
