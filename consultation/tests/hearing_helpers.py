"""Builders for the hearing tests: documents, hearings, responses and uploads."""

import io
import itertools
import uuid

import docx
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from consultation.forms.hearings import form_token_issue
from consultation.large import bulk_responses  # noqa: F401 - the tests' builder too
from consultation.models import Hearing, HearingResponse
from consultation.services.hearings import (
    RESPONSE_FORM,
    hearing_create,
    new_form_nonce,
    response_submit,
)
from medborger.roles import Role
from medborger.testing.factories import UserFactory
from medborger.testing.public_forms import proof_of_work
from policy.models import Document
from policy.services import SectionInput, version_save

_counter = itertools.count(1)

SECTIONS = [
    ("Indledning", "<p>Vi mødes på tværs af alder og baggrund.</p>"),
    ("Fællesskaber", "<p>Vi styrker fællesskaber, der skaber tryghed.</p>"),
    ("Frivillighed", "<p>Frivillige er en drivkraft.</p>"),
]


def make_document(*, user=None, sections=SECTIONS) -> Document:
    n = next(_counter)
    document = Document.objects.create(
        title=f"Politik {n}", slug=f"politik-{n}-{uuid.uuid4().hex[:6]}"
    )
    version_save(
        document=document,
        sections=[SectionInput(heading=h, body=b) for h, b in sections],
        user=user,
        base_number=None,
    )
    # The steering group has approved this version: the state a document must be in to go to
    # hearing.
    Document.objects.filter(pk=document.pk).update(
        status=Document.Status.APPROVED_FOR_HEARING,
        approved_version=document.current_version,
        approved_at=timezone.now(),
    )
    document.refresh_from_db()
    return document


def make_hearing(*, user=None, state: str = "open", document=None, **kwargs) -> Hearing:
    """A hearing that is 'open', 'upcoming' or 'closed' now."""
    now = timezone.now()
    opens, closes = {
        "open": (now - timezone.timedelta(days=1), now + timezone.timedelta(days=14)),
        "upcoming": (now + timezone.timedelta(days=2), now + timezone.timedelta(days=20)),
        "closed": (now - timezone.timedelta(days=30), now - timezone.timedelta(days=1)),
    }[state]
    # Sending a document to hearing is the coordinator's step in the policy workflow.
    user = user or UserFactory(roles=[Role.COORDINATOR])
    document = document or make_document(user=user)
    n = next(_counter)
    values = {
        "title": f"Høring {n}",
        "slug": f"hoering-{n}-{uuid.uuid4().hex[:6]}",
        "opens_at": opens,
        "closes_at": closes,
        "introduction": "<p>Sig din mening.</p>",
        "contact": "Louise Kjær, 43 57 75 75",
        "privacy_notice": "<p>Svar offentliggøres efter høringen.</p>",
        **kwargs,
    }
    return hearing_create(document=document, user=user, **values)


def response_data(**overrides) -> dict:
    return {
        "name": "Karin Holm",
        "email": "karin@example.org",
        "address": "Strandvej 1, 2635 Ishøj",
        "represents": HearingResponse.Represents.PRIVATE,
        "organisation_name": "",
        "subject": "Flere bænke",
        "text": "Vi ønsker flere bænke langs stranden, så ældre kan hvile sig undervejs.",
        "sections": [],
        "consent": True,
        "publication": HearingResponse.Publication.WITH_NAME,
        "publication_reason": "",
        **overrides,
    }


def submit(hearing, *, files=(), now=None, **overrides) -> HearingResponse:
    """A response from the public form filled in at a human pace."""
    now = now or timezone.now()
    return response_submit(
        hearing=hearing,
        data=response_data(**overrides),
        files=files,
        form_token=new_form_nonce(),
        form_issued_at=now.timestamp() - 120,
        now=now,
    )


def form_post(hearing, **overrides) -> dict:
    """What a browser posts from the hearing page's form, with its proof of work solved."""
    token = form_token_issue(hearing)
    data = {
        "form_token": token,
        "altcha": proof_of_work(RESPONSE_FORM),
        "name": "Karin Holm",
        "email": "karin@example.org",
        "email_repeat": "karin@example.org",
        "address": "",
        "represents": "private",
        "organisation_name": "",
        "subject": "Flere bænke",
        "text": "Vi ønsker flere bænke langs stranden.",
        "consent": "on",
        "publication": "with_name",
        "publication_reason": "",
        "website": "",
        **overrides,
    }
    return {key: value for key, value in data.items() if value is not None}


def aged_token(hearing, seconds: int) -> str:
    """A form token handed out `seconds` ago."""
    from django.core import signing

    from consultation.forms.hearings import TOKEN_SALT

    return signing.dumps(
        {"h": hearing.pk, "n": new_form_nonce(), "t": timezone.now().timestamp() - seconds},
        salt=TOKEN_SALT,
    )


def pdf_upload(name="svar.pdf", size=None) -> SimpleUploadedFile:
    data = b"%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF\n"
    if size:
        data = data + b"0" * (size - len(data))
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def png_upload(name="kort.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def docx_upload(name="svar.docx") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("Høringssvar fra foreningen")
    document.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())
