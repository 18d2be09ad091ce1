"""Journal packages of a body's decision and of the adopted policy."""

import io
import zipfile

import pytest
from lxml import etree

from medborger.journal import XSD_PATH, journal_package_build, journal_package_request
from medborger.models import JournalPackage

pytestmark = pytest.mark.django_db


def build(kind, obj, user) -> zipfile.ZipFile:
    package = journal_package_request(kind=kind, obj=obj, user=user)
    assert journal_package_build(package_id=package.pk) is True
    package.refresh_from_db()
    assert package.status == JournalPackage.Status.DONE, package.error
    with package.file.open("rb") as handle:
        return zipfile.ZipFile(io.BytesIO(handle.read()))


def valid(xml: bytes):
    schema = etree.XMLSchema(etree.parse(str(XSD_PATH)))
    root = etree.fromstring(xml)
    assert schema.validate(root), schema.error_log
    return root


def test_a_decision_package_holds_the_record_its_minutes_and_the_version(coordinator):
    from django.core.management import call_command

    from policy.models import Decision

    call_command("seed_demo", verbosity=0)
    decision = Decision.objects.select_related("version__document").first()
    archive = build("decision", decision, coordinator)

    root = valid(archive.read("manifest.xml"))
    titles = [d.findtext("title") for d in root.iter("document")]
    assert titles[0] == decision.summary
    assert any(f"version {decision.version.number}" in t for t in titles)
    assert root.findtext("caseNumber") == decision.version.document.journal_number
    for name in archive.namelist():
        if name.endswith(".pdf"):
            assert archive.read(name)[:5] == b"%PDF-"


def test_the_adopted_policy_package_holds_the_adopted_version_first(coordinator):
    from django.core.management import call_command

    from policy.models import Document

    call_command("seed_demo", verbosity=0)
    document = Document.objects.filter(adopted_version__isnull=False).first()
    if document is None:
        pytest.skip("the demo has no adopted document")
    root = valid(build("adopted_policy", document, coordinator).read("manifest.xml"))
    first = next(root.iter("document"))
    assert first.findtext("direction") == "sent"
    assert str(document.adopted_version.number) in first.findtext("title")
