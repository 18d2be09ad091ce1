"""Journal packages of a hearing: the ZIP, its manifest against the XSD, the PDFs, who may ask,
and the record of every download."""

import csv
import io
import zipfile

import pypdf
import pytest
from django.urls import reverse
from lxml import etree

from consultation.services.hearings import hearing_update
from medborger.journal import XSD_PATH, journal_package_build, journal_package_request
from medborger.models import JournalDownload, JournalPackage

from .hearing_helpers import make_hearing, pdf_upload, submit

pytestmark = pytest.mark.django_db


def hearing_with_responses(user):
    hearing = make_hearing(user=user, state="open")
    hearing_update(hearing=hearing, user=user, journal_number="24-00123", kle_number="00.01.10")
    submit(
        hearing,
        name="Karin Holm",
        text="Flere bænke.\n\nOg lys på stien.",
        files=[pdf_upload("forslag.pdf")],
    )
    submit(
        hearing,
        name="Ali Demir",
        publication="anonymous",
        subject="Lys",
        text="Lys ved\x01 stationen.",
    )
    return hearing


def build(hearing, user) -> JournalPackage:
    package = journal_package_request(kind="hearing", obj=hearing, user=user)
    assert journal_package_build(package_id=package.pk) is True
    package.refresh_from_db()
    return package


def test_a_hearing_package_holds_every_response_as_pdf_with_a_valid_manifest(coordinator):
    hearing = hearing_with_responses(coordinator)
    package = build(hearing, coordinator)

    assert package.status == JournalPackage.Status.DONE and package.documents_count == 3
    with package.file.open("rb") as handle, zipfile.ZipFile(handle) as archive:
        names = archive.namelist()
        xml = archive.read("manifest.xml")
        rows = list(
            csv.DictReader(
                io.StringIO(archive.read("manifest.csv").decode("utf-8-sig")), delimiter=";"
            )
        )
        first = sorted(n for n in names if n.endswith(".pdf") and "bilag" not in n)[0]
        pdf = pypdf.PdfReader(io.BytesIO(archive.read(first)))
    schema = etree.XMLSchema(etree.parse(str(XSD_PATH)))
    assert schema.validate(etree.fromstring(xml)), schema.error_log
    root = etree.fromstring(xml)
    assert root.findtext("caseNumber") == "24-00123" and root.findtext("kleNumber") == "00.01.10"
    assert {r["direction"] for r in rows} == {"received"}
    assert {r["file"] for r in rows} == {n for n in names if n.startswith("documents/")}
    assert any(r["file"].endswith("forslag.pdf") for r in rows)
    senders = {r["party"] for r in rows}
    assert "Karin Holm" in senders and "Ali Demir" not in senders  # anonymous as she chose
    page = pdf.pages[0].extract_text()
    assert "24-00123" in page and "00.01.10" in page and "Karin Holm" in page


def test_only_staff_who_may_export_responses_ask_for_a_package(
    client_for, steering_member, coordinator
):
    hearing = hearing_with_responses(coordinator)
    url = reverse("journal_request", args=["hearing", hearing.pk])

    assert client_for(steering_member).post(url).status_code == 403
    assert not JournalPackage.objects.exists()
    answer = client_for(coordinator).post(url)
    package = JournalPackage.objects.get()
    assert answer.status_code == 302 and answer["Location"] == reverse(
        "journal_package", args=[package.pk]
    )
    assert (
        client_for(coordinator).post(reverse("journal_request", args=["nothing", 1])).status_code
        == 404
    )


def test_every_download_is_recorded(client_for, coordinator, steering_member):
    hearing = hearing_with_responses(coordinator)
    package = build(hearing, coordinator)
    client = client_for(coordinator)

    page = client.get(reverse("journal_package", args=[package.pk]))
    assert page.status_code == 200 and "Hent journalpakken" in page.content.decode()
    download = client.get(reverse("journal_download", args=[package.pk]))
    assert download.status_code == 200 and download["Cache-Control"] == "private, no-store"
    assert b"".join(download.streaming_content)[:2] == b"PK"
    assert JournalDownload.objects.get().user == coordinator
    assert (
        client_for(steering_member).get(reverse("journal_download", args=[package.pk])).status_code
        == 403
    )
    assert JournalDownload.objects.count() == 1
    page = client.get(reverse("journal_package", args=[package.pk])).content.decode()
    assert str(coordinator) in page  # who downloaded it, in the package's log


def test_a_package_is_built_once(coordinator):
    hearing = hearing_with_responses(coordinator)
    package = journal_package_request(kind="hearing", obj=hearing, user=coordinator)
    assert journal_package_build(package_id=package.pk) is True
    assert journal_package_build(package_id=package.pk) is False
