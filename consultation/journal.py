"""A hearing as a case for the municipality's case system: every response as a PDF (with the
hearing's journal and KLE numbers on its first page), the responses' attachments, and the
hearing report, each listed in the package's manifest (see `medborger.journal`)."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils import timezone
from django.utils.translation import gettext as _

from medborger.journal import JournalCase, JournalDocument, JournalKind
from medborger.journal_pdf import facts_pdf, kle_of
from medborger.uploads import clean_filename

from .models import Hearing, HearingReport, HearingResponse, ResponseAttachment

CHUNK = 500


def hearing_case(hearing: Hearing) -> JournalCase:
    responses = HearingResponse.objects.visible().filter(hearing=hearing)
    attachments = ResponseAttachment.objects.filter(response__in=responses).exclude(file="")
    report = (
        HearingReport.objects.filter(hearing=hearing, status=HearingReport.Status.DONE)
        .exclude(pdf_file="")
        .order_by("-finished_at")
        .first()
    )
    case_number, kle_number = _numbers(hearing)
    return JournalCase(
        title=_("Hearing: %(title)s") % {"title": hearing.title},
        case_number=case_number,
        kle_number=kle_number,
        documents_count=responses.count() + attachments.count() + (report is not None),
        documents=_documents(hearing, responses, report),
    )


def _documents(hearing, responses, report) -> Iterator[JournalDocument]:
    """Each response and its attachments, a chunk of responses at a time, then the report."""
    after = 0
    while True:
        rows = list(
            responses.filter(pk__gt=after).order_by("pk").prefetch_related("attachments")[:CHUNK]
        )
        if not rows:
            break
        for response in rows:
            yield _response_document(hearing, response)
            for number, attachment in enumerate(response.attachments.all(), start=1):
                if attachment.file:
                    yield _attachment_document(response, attachment, number)
        after = rows[-1].pk
    if report is not None:
        yield JournalDocument(
            title=_("Hearing report: %(title)s") % {"title": hearing.title},
            date=timezone.localdate(report.finished_at or report.requested_at),
            party=_("The municipality"),
            direction="sent",
            filename="hoeringsnotat.pdf",
            write=lambda target: _copy(report.pdf_file, target),
        )


def _response_document(hearing, response) -> JournalDocument:
    return JournalDocument(
        title=_("Hearing response %(reference)s") % {"reference": response.reference},
        date=timezone.localdate(response.submitted_at),
        party=response.public_sender,
        direction="received",
        filename=f"{response.reference}.pdf",
        write=lambda target: target.write(response_pdf(hearing, response)),
    )


def _attachment_document(response, attachment, number) -> JournalDocument:
    name = clean_filename(attachment.original_name or f"bilag.{attachment.kind}")
    return JournalDocument(
        title=_("Attachment %(number)s to %(reference)s: %(name)s")
        % {"number": number, "reference": response.reference, "name": name},
        date=timezone.localdate(response.submitted_at),
        party=response.public_sender,
        direction="received",
        filename=f"{response.reference}-bilag-{number}-{name}",
        write=lambda target: _copy(attachment.file, target),
    )


def _copy(field_file, target) -> None:
    with field_file.open("rb") as source:
        while block := source.read(1024 * 1024):
            target.write(block)


def response_pdf(hearing, response) -> bytes:
    """The response as a PDF whose first page carries what the case system files it by."""
    case_number, kle_number = _numbers(hearing)
    return facts_pdf(
        title=_("Hearing response %(reference)s") % {"reference": response.reference},
        facts=[
            (_("Reference"), response.reference),
            (_("Hearing"), hearing.title),
            (_("Journal number"), case_number or "–"),
            (_("KLE number"), kle_number or "–"),
            (_("Sender"), response.public_sender),
            (_("Received"), timezone.localtime(response.submitted_at).strftime("%d.%m.%Y %H:%M")),
            (_("Channel"), response.get_channel_display()),
        ],
        heading=response.subject,
        text=response.text,
    )


def _numbers(hearing) -> tuple[str, str]:
    """The hearing's journal and KLE numbers, else those of the document in hearing."""
    document_number = hearing.version.document.journal_number
    case_number = hearing.journal_number or document_number
    return case_number, hearing.kle_number or kle_of(case_number)


def journal_sources() -> dict[str, JournalKind]:
    return {
        "hearing": JournalKind(
            label=_("Hearing with its responses"),
            permission="consultation.export_responses",
            get=lambda pk: (
                Hearing.objects.select_related("version__document").filter(pk=pk).first()
            ),
            case=hearing_case,
        )
    }
