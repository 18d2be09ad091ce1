import io
import json
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from consultation.models import DataRequestLog, HearingResponse, ResponseAttachment
from consultation.services.hearing_privacy import hearing_anonymise_due
from consultation.tasks import anonymise_hearings
from medborger.models import OutboundEmail, PersonalDataRequest

from .hearing_helpers import make_hearing, pdf_upload, submit

pytestmark = pytest.mark.django_db


def test_the_daily_task_anonymises_hearings_whose_retention_ended(
    coordinator, django_capture_on_commit_callbacks
):
    hearing = make_hearing(user=coordinator)
    response = submit(hearing, address="Vejen 1", files=[pdf_upload()])
    name = response.attachments.get().file.name
    kept = make_hearing(user=coordinator)
    other = submit(kept, text="Et svar i en anden høring om noget andet.")
    hearing.retention_until = timezone.localdate()
    hearing.save()

    with django_capture_on_commit_callbacks(execute=True):
        assert anonymise_hearings() == 1
    assert hearing_anonymise_due() == 0  # once only

    response.refresh_from_db()
    assert (response.name, response.email, response.address) == ("", "", "")
    assert response.text and response.anonymised_at
    assert not ResponseAttachment.objects.filter(response=response).exists()
    assert not default_storage.exists(name)
    assert set(response.history.values_list("name", "email", "address")) == {("", "", "")}
    assert set(ResponseAttachment.history.values_list("file", "original_name")) == {("", "")}
    receipt = OutboundEmail.objects.get(related_id=str(response.pk))
    assert receipt.to_address == "" and "Karin" not in receipt.body_text
    entry = DataRequestLog.objects.get()
    assert (entry.action, entry.hearing, entry.responses_count, entry.attachments_count) == (
        "retention",
        hearing,
        1,
        1,
    )
    other.refresh_from_db()
    assert other.email == "karin@example.org"


def test_staff_export_and_erase_one_persons_data(coordinator_client, coordinator):
    hearing = make_hearing(user=coordinator)
    mine = submit(hearing, email="Mette@Example.org", files=[pdf_upload("mit bilag.pdf")])
    submit(hearing, email="someone@example.org", text="Et andet svar fra en anden person.")
    url = reverse("personal_data")

    found = coordinator_client.post(url, {"email": "mette@example.org", "action": "find"})
    assert mine.reference in found.content.decode()

    export = coordinator_client.post(url, {"email": "mette@example.org", "action": "export"})
    archive = zipfile.ZipFile(io.BytesIO(export.content))
    records = json.loads(archive.read("hearing_responses.json"))
    assert [r["reference"] for r in records] == [mine.reference]
    assert records[0]["email"] == "Mette@Example.org"
    assert any(name.endswith("mit bilag.pdf") for name in archive.namelist())

    coordinator_client.post(
        url,
        {
            "email": "mette@example.org",
            "action": "erase",
            "note": "Mail 3/12",
            "confirm_erase": "on",
        },
    )
    mine.refresh_from_db()
    assert mine.email == "" and mine.name == ""
    assert HearingResponse.objects.filter(email="someone@example.org").exists()
    assert list(DataRequestLog.objects.values_list("action", flat=True)) == ["erasure"]
    assert list(PersonalDataRequest.objects.values_list("action", flat=True)) == [
        "erasure",
        "export",
    ]


def test_personal_data_requests_are_for_the_coordinator(steering_client):
    assert steering_client.get(reverse("personal_data")).status_code == 403
