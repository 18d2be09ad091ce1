"""Journal packages: what the municipality's case system (ESDH) imports to journalise a case.

A package is a ZIP with every document of one case (a hearing with its responses, a body's
decision, the adopted policy) and a manifest, `manifest.csv` and `manifest.xml`, listing each
document's title, date, party, direction (received, sent or internal) and file name. The XML is
checked against `medborger/journal_manifest.xsd` before the package is offered.

The apps say what a case holds: `<app>/hooks.py` may define `journal_sources()` returning a
dict from a kind ("hearing", "decision", ...) to a `JournalKind`. The core never imports them.
Packages are built by a task (`medborger.journal_package_build`) one document at a time into a
file on disk, so memory stays flat whatever the size.
"""

from __future__ import annotations

import csv
import datetime
import io
import logging
import os
import tempfile
import uuid
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from celery import current_app
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from lxml import etree

from . import hooks
from .models import JournalPackage

log = logging.getLogger(__name__)

TASK_NAME = "medborger.journal_package_build"
FOLDER = "journal-packages"
XSD_PATH = Path(__file__).with_name("journal_manifest.xsd")
STALE_AFTER = datetime.timedelta(minutes=30)
DIRECTIONS = ("received", "sent", "internal")


@dataclass
class JournalDocument:
    title: str
    date: datetime.date
    party: str
    direction: str  # "received", "sent" or "internal"
    filename: str
    #: Writes the document's bytes to the open file it is given.
    write: Callable[[io.BufferedIOBase], None]


@dataclass
class JournalCase:
    title: str
    #: The municipality's journal number for the case and its KLE number, if set.
    case_number: str
    kle_number: str
    documents_count: int
    documents: Iterator[JournalDocument]


@dataclass(frozen=True)
class JournalKind:
    """How an app turns one of its objects into a case, and who may ask for its package."""

    label: str
    permission: str
    #: The object for a primary key, or None.
    get: Callable[[int], object | None]
    case: Callable[[object], JournalCase]


def kinds() -> dict[str, JournalKind]:
    found: dict[str, JournalKind] = {}
    for provided in hooks.call("journal_sources"):
        found.update(provided)
    return found


def journal_package_request(*, kind: str, obj, user) -> JournalPackage:
    """Queue the package of one case; the worker is nudged after commit."""
    with transaction.atomic():
        package = JournalPackage.objects.create(
            kind=kind, object_id=obj.pk, title=str(obj)[:300], requested_by=user
        )
        transaction.on_commit(lambda: current_app.send_task(TASK_NAME, args=[package.pk]))
    return package


def journal_package_build(*, package_id: int) -> bool:
    """Build one queued package; harmless if it is built, being built, or gone."""
    now = timezone.now()
    claimed = JournalPackage.objects.filter(
        Q(status=JournalPackage.Status.QUEUED)
        | Q(status=JournalPackage.Status.RUNNING, started_at__lt=now - STALE_AFTER),
        pk=package_id,
    ).update(status=JournalPackage.Status.RUNNING, started_at=now, progress=0)
    if not claimed:
        return False
    package = JournalPackage.objects.get(pk=package_id)
    try:
        kind = kinds()[package.kind]
        obj = kind.get(package.object_id)
        if obj is None:
            raise LookupError("The case no longer exists.")
        name, count, size = _build(package, kind.case(obj))
    except Exception as error:
        log.exception("Journal package %s failed", package_id)
        JournalPackage.objects.filter(pk=package_id).update(
            status=JournalPackage.Status.FAILED,
            error=str(error)[:2000],
            finished_at=timezone.now(),
        )
        return False
    JournalPackage.objects.filter(pk=package_id).update(
        status=JournalPackage.Status.DONE,
        progress=100,
        file=name,
        documents_count=count,
        size=size,
        finished_at=timezone.now(),
    )
    return True


def _build(package: JournalPackage, case: JournalCase) -> tuple[str, int, int]:
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "package.zip")
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            used: set[str] = set()
            for index, document in enumerate(case.documents, start=1):
                if document.direction not in DIRECTIONS:
                    raise ValueError(f"Unknown direction {document.direction!r}")
                filename = _unique(f"documents/{document.filename}", used)
                with archive.open(filename, "w", force_zip64=True) as target:
                    document.write(target)
                rows.append((document, filename))
                if index % 200 == 0:
                    JournalPackage.objects.filter(pk=package.pk).update(
                        progress=min(95, int(95 * index / max(1, case.documents_count)))
                    )
            archive.writestr("manifest.csv", manifest_csv(case, rows))
            xml = manifest_xml(package, case, rows)
            validate_manifest(xml)
            archive.writestr("manifest.xml", xml)
        with open(path, "rb") as handle:
            name = default_storage.save(f"{FOLDER}/{uuid.uuid4().hex}.zip", File(handle))
            size = os.path.getsize(path)
    return name, len(rows), size


def _unique(name: str, used: set[str]) -> str:
    stem, dot, extension = name.rpartition(".")
    candidate, n = name, 1
    while candidate in used:
        n += 1
        candidate = f"{stem}-{n}{dot}{extension}" if dot else f"{name}-{n}"
    used.add(candidate)
    return candidate


MANIFEST_COLUMNS = ["title", "date", "party", "direction", "file"]


def manifest_csv(case: JournalCase, rows) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(MANIFEST_COLUMNS)
    for document, filename in rows:
        writer.writerow(
            [
                _text(document.title),
                document.date.isoformat(),
                _text(document.party),
                document.direction,
                filename,
            ]
        )
    return "\ufeff" + out.getvalue()


def manifest_xml(package: JournalPackage, case: JournalCase, rows) -> bytes:
    root = etree.Element(
        "journalPackage",
        kind=package.kind,
        created=timezone.localtime().isoformat(timespec="seconds"),
    )
    etree.SubElement(root, "title").text = _text(case.title)
    etree.SubElement(root, "caseNumber").text = _text(case.case_number)
    etree.SubElement(root, "kleNumber").text = _text(case.kle_number)
    documents = etree.SubElement(root, "documents", count=str(len(rows)))
    for document, filename in rows:
        item = etree.SubElement(documents, "document")
        etree.SubElement(item, "title").text = _text(document.title)
        etree.SubElement(item, "date").text = document.date.isoformat()
        etree.SubElement(item, "party").text = _text(document.party)
        etree.SubElement(item, "direction").text = document.direction
        etree.SubElement(item, "file").text = filename
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def validate_manifest(xml: bytes) -> None:
    schema = etree.XMLSchema(etree.parse(str(XSD_PATH)))
    schema.assertValid(etree.fromstring(xml))


def _text(value) -> str:
    """Text XML can hold: no control characters (a response may carry them)."""
    return "".join(ch for ch in str(value or "") if ch in "\t\n\r" or ord(ch) >= 32)
