import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from medborger.testing.queries import assert_constant_queries
from policy.forms.imports import ImportPreview
from policy.importer import ImportedMilestone, ImportedTerms
from policy.models import Document, GroupMember, Milestone, PolicyRevision, TermsImport
from policy.services.imports import default_options

from .import_builders import TEXT_EXPORT, word_terms

pytestmark = pytest.mark.django_db
UPLOAD = reverse("policy:import_upload")


def upload(client, name=TEXT_EXPORT.name, data=None):
    data = TEXT_EXPORT.read_bytes() if data is None else data
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, data)})


def preview_data(pending: TermsImport, user) -> dict:
    """What the browser posts when the preview is confirmed unchanged."""
    terms = ImportedTerms.from_json(pending.parsed)
    preview = ImportPreview(terms, options=default_options(terms), user=user)
    data = {}
    for form in preview.all_forms:
        forms = [form.management_form, *form.forms] if hasattr(form, "forms") else [form]
        for single in forms:
            for field in single:
                value = field.value()
                if value in (None, False):
                    continue
                if value is True:
                    value = "on"
                elif isinstance(value, datetime.date):
                    value = value.isoformat()
                elif hasattr(value, "pk"):
                    value = value.pk
                data[field.html_name] = value
    return data


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("anonymous", 302),
        ("coordinator", 200),
        ("superuser", 200),
        ("steering_member", 403),
        ("project_member", 403),
        ("secretary", 403),
        ("forum_member", 403),
    ],
)
def test_only_the_coordinator_and_superusers_may_import(persona_client, persona, status):
    client = persona_client(persona)
    assert client.get(UPLOAD).status_code == status
    assert upload(client).status_code == (302 if status == 200 else status)
    assert TermsImport.objects.exists() is (status == 200)


def test_the_nav_offers_the_import_to_the_coordinator_only(coordinator_client, steering_client):
    assert "Importér kommissorium" in coordinator_client.get("/").content.decode()
    assert "Importér kommissorium" not in steering_client.get("/").content.decode()


def test_upload_shows_a_preview_and_creates_nothing(coordinator_client):
    response = upload(coordinator_client)
    pending = TermsImport.objects.get()
    assert response.url == reverse("policy:import_preview", args=[pending.pk])
    page = coordinator_client.get(response.url).content.decode()
    assert "Kontrollér importen" in page
    assert "række 6: ingen dato." in page
    assert "Organisering" in page
    assert "Tove Lindqvist" in page
    assert 'value="2024-01-23"' in page  # a milestone's date, editable
    assert not Document.objects.exists() and not PolicyRevision.objects.exists()


def test_a_bad_file_gets_a_danish_message_next_to_the_field(coordinator_client):
    response = upload(coordinator_client, name="billede.docx", data=b"\x89PNG\r\n\x1a\nxxxx")
    assert response.status_code == 200
    assert "Filen er ikke et Word-dokument" in response.content.decode()
    assert not TermsImport.objects.exists()


def test_confirm_creates_the_edited_items_in_one_go(coordinator_client, coordinator):
    upload(coordinator_client)
    pending = TermsImport.objects.get()
    data = preview_data(pending, coordinator)
    data["milestones-0-title"] = "Kommissoriet godkendes i udvalget"
    data["members-0-DELETE"] = "on"
    data["sections-2-DELETE"] = "on"
    response = coordinator_client.post(reverse("policy:import_preview", args=[pending.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response.url == reverse("policy:import_done", args=[pending.pk])
    document = Document.objects.get()
    assert document.current_version.sections.count() == 4
    assert Milestone.objects.order_by("position").first().title == (
        "Kommissoriet godkendes i udvalget"
    )
    assert GroupMember.objects.count() == 8
    assert not GroupMember.objects.filter(name="Helga Vinther").exists()
    page = coordinator_client.get(response.url).content.decode()
    assert "Kommissoriet godkendes i udvalget" in page
    pending.refresh_from_db()
    assert pending.status == TermsImport.Status.CONFIRMED


def test_an_invalid_edit_is_shown_and_nothing_is_created(coordinator_client, coordinator):
    upload(coordinator_client)
    pending = TermsImport.objects.get()
    data = preview_data(pending, coordinator)
    data["milestones-0-starts_on"] = ""
    data["doc-journal_number"] = "forkert"
    response = coordinator_client.post(reverse("policy:import_preview", args=[pending.pk]), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Angiv en dato, eller vælg »Ikke fastsat«." in page
    assert "KLE-formen" in page
    assert not Document.objects.exists()


def test_a_second_or_forged_confirmation_is_harmless(
    coordinator_client, coordinator, client_for, make_user
):
    upload(coordinator_client)
    pending = TermsImport.objects.get()
    url = reverse("policy:import_preview", args=[pending.pk])
    data = preview_data(pending, coordinator)
    other = client_for(make_user("Koordinator", username="anden-koordinator"))
    assert other.post(url, data).status_code == 404  # someone else's import
    assert not Document.objects.exists()
    coordinator_client.post(url, data)
    again = coordinator_client.post(url, data)
    assert again.status_code == 302
    assert Document.objects.count() == 1 and PolicyRevision.objects.count() == 1


def test_cancel_creates_nothing(coordinator_client):
    upload(coordinator_client)
    pending = TermsImport.objects.get()
    response = coordinator_client.post(reverse("policy:import_cancel", args=[pending.pk]))
    assert response.url == UPLOAD
    pending.refresh_from_db()
    assert pending.status == TermsImport.Status.CANCELLED
    assert not Document.objects.exists()
    # The preview of a cancelled import is gone.
    assert coordinator_client.get(reverse("policy:import_preview", args=[pending.pk])).url == UPLOAD


def test_a_word_upload_goes_through_the_same_preview(coordinator_client):
    response = upload(coordinator_client, name="idræt.docx", data=word_terms())
    page = coordinator_client.get(response.url).content.decode()
    assert "Karim Nasser" in page and "Workshop for medarbejdere i idrætshallerne" in page


def test_the_preview_query_count_does_not_grow_with_the_document(coordinator_client, coordinator):
    upload(coordinator_client)
    pending = TermsImport.objects.get()

    def grow(count):
        terms = ImportedTerms.from_json(pending.parsed)
        terms.milestones = [ImportedMilestone(title=f"Møde {n}") for n in range(count)]
        TermsImport.objects.filter(pk=pending.pk).update(parsed=terms.to_json())

    url = reverse("policy:import_preview", args=[pending.pk])
    queries = assert_constant_queries(coordinator_client, url, grow=grow, small=5, large=200)
    # session, user with their roles, the import, the users the coordinator is matched
    # against, and the choices of coordinator: nothing that grows with the document.
    assert queries == 5


def test_a_30_mb_upload_is_refused_before_it_is_read(coordinator_client):
    response = upload(coordinator_client, name="stor.docx", data=b"0" * (30 * 1024 * 1024))
    assert response.status_code == 200
    assert "Filen fylder 30.0 MB; der kan højst importeres 10 MB." in response.content.decode()
    assert not TermsImport.objects.exists()
