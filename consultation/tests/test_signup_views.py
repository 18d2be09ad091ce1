import html

import pytest
from django.urls import reverse

from consultation.models import Event, SignUp
from consultation.services.events import SIGNUP_FORM
from medborger.models import OutboundEmail
from medborger.testing.public_forms import proof_of_work

from .event_factories import EventFactory, SignUpFactory, in_days

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def form_data(**overrides) -> dict:
    return {
        "name": "Anna Borger",
        "email": "anna@example.org",
        "organisation": "",
        "interpreter_language": "",
        "needs_other": "",
        "consent": "on",
        "website": "",
        "altcha": proof_of_work(SIGNUP_FORM),
        **overrides,
    }


def detail_url(event) -> str:
    return reverse("consultation:event_detail", args=[event.pk])


def test_a_citizen_signs_up_without_an_account_and_confirms_through_the_emailed_link(client):
    event = EventFactory(capacity=5)
    response = client.post(detail_url(event), form_data(needs_step_free_access="on"))
    signup = SignUp.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("consultation:signup_manage", args=[signup.token])
    assert signup.needs_step_free_access and signup.status == SignUp.Status.PENDING
    email = OutboundEmail.objects.get()
    assert (email.to_address, email.notification) == ("anna@example.org", "event_signup_confirm")
    assert response["Location"] in email.body_text

    page = client.get(response["Location"]).content.decode()
    assert "Ét trin mangler" in page and "Bekræft min tilmelding" in page
    signup.refresh_from_db()
    assert signup.status == SignUp.Status.PENDING  # a mail scanner opening the link is harmless

    response = client.post(response["Location"], {"action": "confirm"}, follow=True)
    page = response.content.decode()
    signup.refresh_from_db()
    assert signup.status == SignUp.Status.CONFIRMED and signup.confirmed_at is not None
    assert OutboundEmail.objects.latest("pk").notification == "event_signup_received"
    assert "Tak, Anna Borger. Du er tilmeldt" in page
    assert "Afmeld min tilmelding" in page
    assert "anna@example.org" not in page


def test_the_public_page_shows_seats_and_never_attendees_addresses(client):
    event = EventFactory(capacity=3)
    SignUpFactory(event=event, name="Bo Hansen", email="bo.secret@example.org")
    page = client.get(detail_url(event)).content.decode()
    assert "2 ledige pladser" in page
    assert "bo.secret@example.org" not in page and "Bo Hansen" not in page
    assert 'name="website"' in page and 'tabindex="-1"' in page


def test_a_full_event_offers_the_waiting_list(client):
    event = EventFactory(capacity=1)
    SignUpFactory(event=event)
    page = client.get(detail_url(event)).content.decode()
    assert "Fuldt – venteliste" in page
    assert "Skriv mig på ventelisten" in page
    response = client.post(detail_url(event), form_data(), follow=True)
    assert SignUp.objects.get(email="anna@example.org").status == SignUp.Status.PENDING
    response = client.post(response.redirect_chain[-1][0], {"action": "confirm"}, follow=True)
    assert "du er skrevet på ventelisten" in response.content.decode()
    assert "Du er nummer 1 på ventelisten." in response.content.decode()
    assert SignUp.objects.get(email="anna@example.org").status == SignUp.Status.WAITING


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"consent": ""}, "consent", "Du skal give samtykke til, at vi gemmer din tilmelding."),
        ({"name": "   "}, "name", "Skriv dit navn."),
        ({"email": "anna@"}, "email", "Skriv en gyldig e-mailadresse"),
        ({"email": ""}, "email", "Skriv din e-mailadresse"),
        ({"name": "x" * 100_000}, "name", "må højst have 200 tegn (den har 100000)"),
        ({"needs_other": "x" * 100_000}, "needs_other", "må højst have 1000 tegn (den har 100000)"),
        ({"organisation": "x" * 100_000}, "organisation", "må højst have 200 tegn"),
        ({"interpreter_language": "x" * 100_000}, "interpreter_language", "må højst have 100 tegn"),
    ],
)
def test_bad_input_gets_a_danish_error_next_to_the_field_and_keeps_the_text(
    client, overrides, field, message
):
    event = EventFactory()
    data = {**form_data(organisation="Ældrerådet"), **overrides}
    response = client.post(detail_url(event), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert message in html.unescape(page)
    assert response.context["form"].errors[field]
    assert f'id="id_{field}_error"' in page  # crispy's error element sits at the field
    assert "Formularen kunne ikke sendes" in page
    kept = "Ældrerådet" if field != "organisation" else "Anna Borger"
    assert kept in page
    assert not SignUp.objects.exists() and not OutboundEmail.objects.exists()


def test_html_and_script_in_every_field_are_stored_as_text_and_never_run(
    client, coordinator_client, coordinator
):
    event = EventFactory()
    event.organisers.add(coordinator)
    fields = ["name", "organisation", "interpreter_language", "needs_other"]
    response = client.post(
        detail_url(event), form_data(**dict.fromkeys(fields, SCRIPT)), follow=True
    )
    signup = SignUp.objects.get()
    assert signup.name == SCRIPT and signup.needs_other == SCRIPT
    for page in (
        response.content.decode(),
        coordinator_client.get(
            reverse("consultation:event_attendees", args=[event.pk])
        ).content.decode(),
    ):
        assert "<script>alert" not in page and "<img src=x" not in page
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    email = OutboundEmail.objects.get()
    assert "<script>" not in email.body_html and "&lt;script&gt;" in email.body_html
    assert SCRIPT in email.body_text  # plain text shows what was typed, and runs nothing


def test_a_double_submit_says_kindly_that_they_are_signed_up_and_stores_nothing_twice(client):
    event = EventFactory()
    client.post(detail_url(event), form_data())
    response = client.post(detail_url(event), form_data(name="Anna B."))
    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "Du er allerede tilmeldt dette arrangement med denne e-mailadresse" in page
    assert response.context["form"].errors["email"]
    assert 'value="Anna B."' in page
    assert SignUp.objects.count() == 1
    assert OutboundEmail.objects.count() == 1


def test_the_honeypot_looks_like_success_but_stores_nothing(client):
    event = EventFactory()
    response = client.post(detail_url(event), form_data(website="http://spam.example"))
    assert response.status_code == 302
    assert response["Location"] == reverse("consultation:event_thanks", args=[event.pk])
    assert not SignUp.objects.exists() and not OutboundEmail.objects.exists()
    assert client.get(response["Location"]).status_code == 200


def test_the_rate_limit_keeps_working_when_the_cache_is_down(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens here
        }
    }
    settings.EVENT_SIGNUP_RATE_LIMIT = 3
    event = EventFactory(capacity=None)
    for n in range(3):
        response = client.post(detail_url(event), form_data(email=f"p{n}@example.org"))
        assert response.status_code == 302
    response = client.post(detail_url(event), form_data(email="p9@example.org"))
    page = response.content.decode()
    assert response.status_code == 429
    assert "Der er sendt mange formularer fra din internetforbindelse" in page
    assert 'value="p9@example.org"' in page
    assert SignUp.objects.count() == 3


def test_after_the_deadline_the_form_is_gone_and_a_post_is_refused_clearly(client):
    event = EventFactory(starts_at=in_days(1))  # the deadline was yesterday
    page = client.get(detail_url(event)).content.decode()
    assert "Tilmeldingsfristen var" in page
    assert 'name="email"' not in page
    response = client.post(detail_url(event), form_data())
    assert "Tilmeldingsfristen var" in response.content.decode()
    assert not SignUp.objects.exists()


def test_a_past_event_says_it_has_taken_place(client):
    event = EventFactory(starts_at=in_days(-30))
    page = client.get(detail_url(event)).content.decode()
    assert "Arrangementet har fundet sted, så tilmeldingen er lukket." in page


def test_the_cancel_link_shows_the_sign_up_and_cancels_only_on_post(client):
    event = EventFactory(capacity=1)
    signup = SignUpFactory(event=event)
    waiting = SignUpFactory(event=event, status=SignUp.Status.WAITING)
    url = reverse("consultation:signup_manage", args=[signup.token])

    assert client.get(url).status_code == 200
    signup.refresh_from_db()
    assert signup.status == SignUp.Status.CONFIRMED  # a mail scanner opening the link is harmless

    response = client.post(url, follow=True)
    assert "Din tilmelding til" in response.content.decode()
    assert "er afmeldt" in response.content.decode()
    signup.refresh_from_db()
    waiting.refresh_from_db()
    assert signup.status == SignUp.Status.CANCELLED
    assert waiting.status == SignUp.Status.CONFIRMED
    assert OutboundEmail.objects.get().notification == "event_signup_promoted"


def test_an_unknown_or_anonymised_token_is_not_found(client):
    signup = SignUpFactory()
    SignUp.objects.filter(pk=signup.pk).update(anonymised_at=signup.created_at)
    assert client.get(reverse("consultation:signup_manage", args=[signup.token])).status_code == 404
    assert client.get(reverse("consultation:signup_manage", args=["gæt"])).status_code == 404


def test_the_staff_workshop_is_not_listed_publicly_but_reachable_by_its_link(client):
    public = EventFactory(title="Borgermøde om fællesskab")
    internal = EventFactory(title="Intern workshop", audience=Event.Audience.STAFF)
    listing = client.get(reverse("consultation:event_list")).content.decode()
    assert public.title in listing and internal.title not in listing
    assert client.get(detail_url(internal)).status_code == 200
