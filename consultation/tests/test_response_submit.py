import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from consultation.models import HearingResponse, ReferenceCounter, ResponseAttachment
from consultation.services.hearings import (
    DuplicateSubmission,
    HearingClosed,
    new_form_nonce,
    reference_allocate,
    response_submit,
)
from medborger.models import OutboundEmail

from .hearing_helpers import make_hearing, pdf_upload, png_upload, response_data, submit

pytestmark = pytest.mark.django_db


def test_it_stores_the_response_with_its_receipt_in_the_outbox(coordinator):
    hearing = make_hearing(user=coordinator)
    section = hearing.version.sections.first()
    response = submit(hearing, sections=[section], files=[pdf_upload(), png_upload()])

    year = timezone.localdate().year
    assert response.reference == f"HS-{year}-0001"
    assert response.status == HearingResponse.Status.NEW
    assert response.channel == HearingResponse.Channel.WEB
    assert response.consent_at is not None
    assert list(response.sections.all()) == [section]
    assert response.history.get().history_change_reason == "Høringssvar modtaget"
    email = OutboundEmail.objects.get()
    assert email.to_address == "karin@example.org"
    assert email.idempotency_key == f"hearing-receipt:{response.reference}"
    assert response.reference in email.subject
    # The sender's file names and subject are their free text: the receipt gives a count only.
    assert "svar.pdf" not in email.body_text and "kort.png" not in email.body_text
    assert "Bilag: 2" in email.body_text
    assert response.subject not in email.body_text + email.body_html + email.subject
    attachments = list(response.attachments.all())
    assert [a.kind for a in attachments] == ["pdf", "png"]
    for attachment in attachments:
        assert attachment.file.name.startswith("hearing-responses/")
        assert "svar" not in attachment.file.name and "kort" not in attachment.file.name
        assert default_storage.exists(attachment.file.name)


def test_references_count_up_per_year_and_are_never_reused(coordinator):
    hearing = make_hearing(user=coordinator)
    first = submit(hearing)
    second = submit(hearing, text="Et andet svar om noget helt andet i kommunen.")
    year = timezone.localdate().year
    assert [first.reference, second.reference] == [f"HS-{year}-0001", f"HS-{year}-0002"]
    first.delete()
    third = submit(hearing, text="Et tredje svar om biblioteket og dets åbningstider.")
    assert third.reference == f"HS-{year}-0003"
    with transaction.atomic():
        assert reference_allocate(year=2031) == "HS-2031-0001"
    assert ReferenceCounter.objects.get(year=year).last_number == 3


def test_a_second_submit_of_the_same_form_stores_nothing_new(coordinator):
    hearing = make_hearing(user=coordinator)
    token = new_form_nonce()
    kwargs = {"hearing": hearing, "data": response_data(), "form_token": token}
    first = response_submit(**kwargs, form_issued_at=timezone.now().timestamp() - 60)
    with pytest.raises(DuplicateSubmission) as duplicate:
        response_submit(**kwargs, files=[pdf_upload()], form_issued_at=0)
    assert duplicate.value.response == first
    assert HearingResponse.objects.count() == 1
    assert OutboundEmail.objects.count() == 1
    assert not ResponseAttachment.objects.exists()


def test_outside_the_window_nothing_is_stored(coordinator):
    hearing = make_hearing(user=coordinator, state="closed")
    with pytest.raises(HearingClosed):
        submit(hearing)
    assert not HearingResponse.objects.exists()
    assert not OutboundEmail.objects.exists()


def test_consent_is_required(coordinator):
    hearing = make_hearing(user=coordinator)
    with pytest.raises(ValidationError):
        submit(hearing, consent=False)
    assert not HearingResponse.objects.exists()


def test_a_failing_transaction_leaves_no_response_no_email_and_no_file(coordinator):
    hearing = make_hearing(user=coordinator)
    before = (
        set(default_storage.listdir("hearing-responses")[1])
        if default_storage.exists("hearing-responses")
        else set()
    )
    with pytest.raises(ValidationError):
        # A business without its name breaks a model invariant after the files are stored.
        submit(hearing, represents="business", organisation_name="", files=[pdf_upload()])
    assert not HearingResponse.objects.exists()
    assert not OutboundEmail.objects.exists()
    assert set(default_storage.listdir("hearing-responses")[1]) == before


@pytest.mark.parametrize(
    ("seconds", "token", "status", "flag"),
    [
        (120, True, "new", ""),
        (2, True, "flagged", "too_fast"),
        (None, False, "flagged", "no_token"),
    ],
)
def test_suspicious_responses_are_kept_and_flagged(coordinator, seconds, token, status, flag):
    hearing = make_hearing(user=coordinator)
    now = timezone.now()
    response = response_submit(
        hearing=hearing,
        data=response_data(),
        form_token=new_form_nonce() if token else None,
        form_issued_at=now.timestamp() - seconds if seconds is not None else None,
        now=now,
    )
    assert (response.status, response.flag) == (status, flag)
    # A response held for moderation gets its receipt when a moderator releases it.
    assert OutboundEmail.objects.count() == (1 if status == "new" else 0)


def test_the_honeypot_keeps_the_response_as_spam_without_a_receipt(coordinator):
    hearing = make_hearing(user=coordinator)
    response = response_submit(
        hearing=hearing,
        data=response_data(),
        form_token=new_form_nonce(),
        form_issued_at=timezone.now().timestamp() - 60,
        honeypot_filled=True,
    )
    assert (response.status, response.flag) == ("spam", "honeypot")
    assert not OutboundEmail.objects.exists()


def test_personal_data_in_the_text_is_flagged(coordinator):
    hearing = make_hearing(user=coordinator)
    response = submit(hearing, text="Mit CPR er 010203-1234, ring på 12 34 56 78 eller a@b.dk.")
    assert response.sensitive_findings == ["cpr", "email", "phone"]
    clean = submit(hearing, text="Bænke i 2026 og 2027 koster 12.000 kr.")
    assert clean.sensitive_findings == []
