"""The public form through HTTP: the happy path, bad input, double submit and spam guards."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from consultation.models import HearingResponse, ResponseAttachment
from medborger.models import OutboundEmail, PublicFormAttempt

from .hearing_helpers import aged_token, form_post, make_hearing, pdf_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def hearing(coordinator):
    return make_hearing(user=coordinator)


def post(client, hearing, **overrides):
    overrides.setdefault("form_token", aged_token(hearing, 90))
    data = form_post(hearing, **overrides)
    return client.post(reverse("consultation:hearing_detail", args=[hearing.slug]), data)


def test_a_citizen_responds_and_sees_the_receipt(client, hearing):
    response = post(client, hearing, attachments=[pdf_upload("Høringssvar fra foreningen.pdf")])
    stored = HearingResponse.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "consultation:hearing_receipt", args=[hearing.slug, stored.form_token]
    )
    receipt = client.get(response["Location"]).content.decode()
    assert stored.reference in receipt
    assert "Høringssvar fra foreningen.pdf" in receipt
    assert "karin@example.org" not in receipt
    assert stored.status == "new" and stored.fill_seconds >= 90
    assert OutboundEmail.objects.get().to_address == "karin@example.org"
    assert PublicFormAttempt.objects.filter(form="hearing-response").count() == 1


def test_a_double_click_stores_one_response_and_shows_the_same_receipt(client, hearing):
    data = form_post(hearing, form_token=aged_token(hearing, 90))
    url = reverse("consultation:hearing_detail", args=[hearing.slug])
    first = client.post(url, data)
    second = client.post(url, data)
    assert first["Location"] == second["Location"]
    assert HearingResponse.objects.count() == 1
    assert OutboundEmail.objects.count() == 1


BIG = "x" * 100_000


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"consent": None}, "consent", "Du skal give samtykke"),
        ({"text": "   "}, "text", "Dette felt er påkrævet"),
        ({"email_repeat": "karen@example.org"}, "email_repeat", "ikke ens"),
        ({"represents": "organisation"}, "organisation_name", "Skriv navnet på den organisation"),
        ({"publication": "not_published"}, "publication_reason", "hvorfor dit svar ikke"),
        ({"text": BIG}, "text", "højst have 50000 tegn"),
        ({"email": "ikke-en-adresse"}, "email", "Indtast en gyldig e-mail-adresse"),
    ],
)
def test_bad_input_is_refused_next_to_the_field_and_the_text_kept(
    client, hearing, overrides, field, message
):
    response = post(client, hearing, subject="Mit <b>emne</b>", **overrides)
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert f'id="error_1_id_{field}"' in html or f'id="error_1_id_{field}' in html
    assert "Mit &lt;b&gt;emne&lt;/b&gt;" in html  # the typed text is kept, escaped
    assert 'id="error-summary"' in html
    assert not HearingResponse.objects.exists()


def test_a_long_text_within_the_limit_is_accepted(client, hearing):
    response = post(client, hearing, text="ord " * 12_000)
    assert response.status_code == 302
    assert len(HearingResponse.objects.get().text) > 40_000


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (pdf_upload("stor.pdf", size=20 * 1024 * 1024), "højst 10 MB"),
        (SimpleUploadedFile("virus.pdf", b"MZ\x90\x00" + b"\x00" * 200), "tilladte typer"),
        (SimpleUploadedFile("tom.pdf", b""), "Den indsendte fil er tom"),
    ],
)
def test_bad_files_are_refused_with_a_danish_message(client, hearing, upload, message):
    response = post(client, hearing, text="Mit svar", attachments=[upload])
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert "Mit svar" in html
    assert not HearingResponse.objects.exists() and not ResponseAttachment.objects.exists()


def test_more_than_three_files_are_refused(client, hearing):
    files = [pdf_upload(f"bilag{i}.pdf") for i in range(4)]
    response = post(client, hearing, attachments=files)
    assert response.status_code == 400
    assert "højst vedhæfte 3 filer" in response.content.decode()


@pytest.mark.parametrize(
    "name", ["../../etc/passwd.pdf", "..\\..\\boot.pdf", "ønske ✓ 🏠\u202e.pdf"]
)
def test_odd_filenames_are_stored_under_generated_names(client, hearing, name):
    response = post(client, hearing, attachments=[pdf_upload(name)])
    assert response.status_code == 302
    attachment = ResponseAttachment.objects.get()
    assert attachment.file.name.startswith("hearing-responses/")
    assert ".." not in attachment.original_name and "/" not in attachment.original_name
    assert "\u202e" not in attachment.original_name


def test_html_and_script_are_stored_as_text_and_never_run_for_staff(
    client, hearing, coordinator_client
):
    script = "<script>alert('x')</script><img src=x onerror=alert(1)>"
    fields = {
        name: f"{name} {script}"
        for name in ("name", "address", "subject", "text", "publication_reason")
    }
    response = post(
        client,
        hearing,
        **fields,
        represents="organisation",
        organisation_name=f"Forening {script}",
        publication="anonymous",
    )
    assert response.status_code == 302
    stored = HearingResponse.objects.get()
    assert stored.text == f"text {script}"
    for url in (
        reverse("consultation:hearing_responses", args=[hearing.slug]),
        reverse("consultation:hearing_response", args=[hearing.slug, stored.pk]),
    ):
        html = coordinator_client.get(url).content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html


def test_too_fast_is_flagged_not_dropped(client, hearing):
    response = post(client, hearing, form_token=aged_token(hearing, 1))
    assert response.status_code == 302
    assert HearingResponse.objects.get().status == "flagged"


def test_the_honeypot_shows_a_receipt_but_keeps_it_as_spam(client, hearing):
    response = post(client, hearing, website="http://spam.example")
    assert response.status_code == 302
    assert HearingResponse.objects.get().status == "spam"
    assert not OutboundEmail.objects.exists()


def test_the_rate_limit_refuses_with_a_danish_message_and_keeps_the_text(client, hearing, settings):
    settings.HEARING_RATE_LIMIT_PER_HOUR = 2
    for n in range(2):
        assert (
            post(
                client, hearing, text=f"Svar nummer {n} om noget forskelligt {n * 'x'}"
            ).status_code
            == 302
        )
    refused = post(client, hearing, text="Mit tredje svar")
    html = refused.content.decode()
    assert refused.status_code == 429
    assert "Der er sendt mange formularer fra din internetforbindelse" in html
    assert "Mit tredje svar" in html
    assert HearingResponse.objects.count() == 2


def test_the_rate_limit_works_while_the_cache_is_down(client, hearing, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    settings.HEARING_RATE_LIMIT_PER_HOUR = 1
    assert post(client, hearing).status_code == 302
    assert post(client, hearing, text="Igen").status_code == 429
    assert HearingResponse.objects.count() == 1


@pytest.mark.parametrize("state", ["closed", "upcoming"])
def test_a_post_outside_the_window_is_refused_with_a_clear_message(client, coordinator, state):
    hearing = make_hearing(user=coordinator, state=state)
    response = post(client, hearing)
    assert response.status_code == 409
    expected = "Høringen lukkede" if state == "closed" else "Høringen er ikke åbnet endnu"
    assert expected in response.content.decode()
    assert not HearingResponse.objects.exists()


def test_a_refused_upload_is_marked_for_the_forms_limits(hearing):
    from consultation.forms.hearings import ResponseForm

    from .hearing_helpers import form_post

    form = ResponseForm(
        form_post(hearing),
        {"attachments": [SimpleUploadedFile("svar.pdf", b"PK\x03\x04" + b"\x00" * 40)]},
        hearing=hearing,
    )
    assert not form.is_valid()
    assert form.has_error("attachments", "upload_refused")
