import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from consultation.models import Hearing
from consultation.services.hearings import hearing_create, hearing_update
from medborger.testing.fixtures import PERSONAS
from policy.models import Document
from policy.models import DocumentVersion as Version
from policy.services import version_save

from .hearing_helpers import make_document, make_hearing

pytestmark = pytest.mark.django_db


def test_creating_a_hearing_freezes_the_version_and_puts_the_document_in_hearing(coordinator):
    document = make_document(user=coordinator)
    hearing = make_hearing(user=coordinator, document=document)

    version = hearing.version
    version.refresh_from_db()
    document.refresh_from_db()
    assert version == document.current_version
    assert version.is_frozen and version.frozen_reason == "Sendt i høring"
    assert document.status == Document.Status.IN_HEARING
    assert document.hearing_version == version
    # Through the policy workflow: the step is recorded with who took it.
    transition = document.transitions.get()
    assert (transition.to_status, transition.user) == (Document.Status.IN_HEARING, coordinator)
    assert hearing.history.get().history_user == coordinator
    expected = timezone.localdate(hearing.closes_at) + timezone.timedelta(days=365)
    assert hearing.retention_until == expected


def test_a_draft_the_steering_group_has_not_approved_cannot_go_to_hearing(coordinator):
    document = make_document(user=coordinator)
    Document.objects.filter(pk=document.pk).update(status=Document.Status.DRAFT)
    with pytest.raises(ValidationError) as refused:
        make_hearing(user=coordinator, document=Document.objects.get(pk=document.pk))
    assert "document" in refused.value.message_dict
    assert not Version.objects.get(pk=document.current_version_id).is_frozen
    assert not Hearing.objects.exists()


def test_only_the_approved_version_can_go_to_hearing(coordinator):
    document = make_document(user=coordinator)
    approved = document.current_version
    newer = version_save(document=document, sections=[], user=coordinator, base_number=1)
    # Saving after the approval sent the document back for a new approval.
    document.refresh_from_db()
    assert document.status == Document.Status.STEERING_REVIEW
    assert document.approved_version is None
    Document.objects.filter(pk=document.pk).update(
        status=Document.Status.APPROVED_FOR_HEARING, approved_version=approved
    )
    with pytest.raises(ValidationError) as refused:
        hearing_create(
            version=newer,
            user=coordinator,
            title="Høring",
            slug="hoering-gammel",
            opens_at=timezone.now(),
            closes_at=timezone.now() + timezone.timedelta(days=14),
            privacy_notice="<p>Om dine data.</p>",
        )
    assert "version 1" in refused.value.message_dict["document"][0]
    assert not Hearing.objects.exists()


def test_rich_text_is_sanitised_on_every_save(coordinator):
    hearing = make_hearing(
        user=coordinator,
        introduction='<p onclick="x()">Hej<script>alert(1)</script></p>',
    )
    assert hearing.introduction == "<p>Hej</p>"
    hearing_update(hearing=hearing, user=coordinator, privacy_notice="<img src=x onerror=y>OK")
    hearing.refresh_from_db()
    assert hearing.privacy_notice == "OK"
    assert hearing.history.count() == 2


def test_the_deadline_must_come_after_the_opening(coordinator):
    now = timezone.now()
    with pytest.raises(ValidationError):
        make_hearing(user=coordinator, opens_at=now, closes_at=now)
    assert not Hearing.objects.exists()


def test_the_coordinator_creates_a_hearing_through_the_form(coordinator_client, coordinator):
    document = make_document(user=coordinator)
    response = coordinator_client.post(
        reverse("consultation:hearing_new"),
        {
            "document": document.pk,
            "title": "Høring om medborgerpolitikken",
            "slug": "medborgerpolitik-2027",
            "opens_at": "2027-03-01T08:00",
            "closes_at": "2027-04-15T23:59",
            "introduction": "<p>Velkommen</p>",
            "contact": "Louise",
            "privacy_notice": "<p>Sådan bruger vi dit svar.</p>",
            "retention_until": "",
        },
    )
    hearing = Hearing.objects.get(slug="medborgerpolitik-2027")
    assert response.status_code == 302
    assert timezone.localtime(hearing.closes_at).strftime("%Y-%m-%d %H:%M") == "2027-04-15 23:59"
    assert str(timezone.localtime(hearing.closes_at).tzinfo) == "Europe/Copenhagen"
    assert hearing.version.is_frozen


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_coordinators_and_admins_create_hearings(persona, persona_client):
    response = persona_client(persona).get(reverse("consultation:hearing_new"))
    expected = {"coordinator": 200, "superuser": 200, "anonymous": 302}.get(persona, 403)
    assert response.status_code == expected


def test_editing_keeps_the_version(coordinator_client, coordinator):
    hearing = make_hearing(user=coordinator)
    data = {
        "title": "Ny titel",
        "opens_at": timezone.localtime(hearing.opens_at).strftime("%Y-%m-%dT%H:%M"),
        "closes_at": "2030-01-01T12:00",
        "introduction": "",
        "contact": "",
        "privacy_notice": "<p>Ny tekst</p>",
        "retention_until": "2031-01-01",
    }
    response = coordinator_client.post(
        reverse("consultation:hearing_edit", args=[hearing.slug]), data
    )
    assert response.status_code == 302
    version = hearing.version
    hearing.refresh_from_db()
    assert hearing.title == "Ny titel" and hearing.version == version
    assert str(hearing.retention_until) == "2031-01-01"


def _hearing_post(document, slug):
    return {
        "document": document.pk,
        "title": "Høring",
        "slug": slug,
        "opens_at": "2030-03-01T08:00",
        "closes_at": "2030-04-15T23:59",
        "introduction": "",
        "contact": "",
        "privacy_notice": "<p>Sådan bruger vi dit svar.</p>",
        "retention_until": "",
        "report_promised_on": "",
    }


def test_the_form_offers_only_documents_approved_for_hearing(coordinator_client, coordinator):
    approved = make_document(user=coordinator)
    draft = make_document(user=coordinator)
    Document.objects.filter(pk=draft.pk).update(status=Document.Status.DRAFT)
    in_hearing = make_hearing(user=coordinator).version.document
    html = coordinator_client.get(reverse("consultation:hearing_new")).content.decode()
    assert f'value="{approved.pk}"' in html
    assert f'value="{draft.pk}"' not in html and f'value="{in_hearing.pk}"' not in html


@pytest.mark.parametrize("state", ["draft", "in_hearing"])
def test_a_document_that_cannot_go_to_hearing_is_refused_next_to_the_field_not_a_500(
    coordinator_client, coordinator, state
):
    if state == "draft":
        document = make_document(user=coordinator)
        Document.objects.filter(pk=document.pk).update(status=Document.Status.DRAFT)
    else:
        document = make_hearing(user=coordinator).version.document
    before = Hearing.objects.count()
    response = coordinator_client.post(
        reverse("consultation:hearing_new"), _hearing_post(document, "anden-hoering")
    )
    assert response.status_code == 400
    assert "godkendt til høring" in response.context["form"].errors["document"][0]
    assert Hearing.objects.count() == before


def test_two_coordinators_sending_the_same_document_one_wins(coordinator_client, coordinator):
    """The second sees why: the document is already in hearing (the lock serialises them)."""
    document = make_document(user=coordinator)
    first = hearing_create(
        document=document,
        user=coordinator,
        **{
            k: v
            for k, v in _hearing_post(document, "foerste").items()
            if k in ("title", "slug", "privacy_notice")
        },
        opens_at=timezone.now(),
        closes_at=timezone.now() + timezone.timedelta(days=9),
    )
    with pytest.raises(ValidationError) as refused:
        hearing_create(
            document=Document.objects.get(pk=document.pk),
            user=coordinator,
            title="Igen",
            slug="igen",
            privacy_notice="<p>x</p>",
            opens_at=timezone.now(),
            closes_at=timezone.now() + timezone.timedelta(days=9),
        )
    assert "allerede i høring med version 1" in refused.value.message_dict["document"][0]
    assert list(Hearing.objects.all()) == [first]
