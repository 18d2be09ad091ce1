"""A body's decision and the adopted policy as cases for the municipality's case system (see
`medborger.journal`): the decision record, its minutes and the version it treated; the adopted
version with the decisions that led to it."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils import timezone
from django.utils.translation import gettext as _

from medborger import dates
from medborger.journal import JournalCase, JournalDocument, JournalKind
from medborger.journal_pdf import facts_pdf, kle_of

from . import linked_reports
from .exports import export_filename, version_pdf
from .models import Decision, Document


def _copy(field_file, target) -> None:
    with field_file.open("rb") as source:
        while block := source.read(1024 * 1024):
            target.write(block)


def _decision_documents(decision: Decision) -> Iterator[JournalDocument]:
    body = decision.milestone.body_name
    yield JournalDocument(
        title=decision.summary,
        date=decision.meeting_on,
        party=body,
        direction="internal",
        filename=f"beslutning-{decision.meeting_on:%Y-%m-%d}-{decision.pk}.pdf",
        write=lambda target: target.write(decision_pdf(decision)),
    )
    for attachment in decision.attachments.all():
        yield JournalDocument(
            title=_("Minutes: %(name)s") % {"name": attachment.filename},
            date=decision.meeting_on,
            party=body,
            direction="internal",
            filename=attachment.filename,
            write=lambda target, a=attachment: _copy(a.file, target),
        )
    version = decision.version
    yield JournalDocument(
        title=_("%(document)s, version %(number)s")
        % {"document": version.document.title, "number": version.number},
        date=timezone.localdate(version.created_at),
        party=_("The municipality"),
        direction="internal",
        filename=export_filename(version, "pdf"),
        write=lambda target: target.write(version_pdf(version)),
    )


def decision_pdf(decision: Decision) -> bytes:
    document = decision.version.document
    if not hasattr(decision, "report_number"):
        linked_reports.mark_reports([decision])
    report = [(_("Hearing report version treated"), str(decision.report_number))]
    return facts_pdf(
        title=decision.summary,
        facts=[
            (_("Deciding body"), decision.milestone.body_name),
            (_("Meeting date"), dates.display(decision.meeting_on, dates.DatePrecision.DAY)),
            (_("Outcome"), decision.get_outcome_display()),
            (_("Version treated"), f"{document.title}, {decision.version.number}"),
            *(report if decision.report_number is not None else []),
            (_("Journal number"), document.journal_number or "–"),
        ],
        heading=_("Decision or recommendation"),
        text="\n\n".join(t for t in [decision.text, decision.protocol_addendum] if t),
    )


def decision_case(decision: Decision) -> JournalCase:
    document = decision.version.document
    linked_reports.mark_reports([decision])
    return JournalCase(
        title=decision.summary,
        case_number=document.journal_number,
        kle_number=kle_of(document.journal_number),
        documents_count=2 + decision.attachments.count(),
        documents=_decision_documents(decision),
    )


def adopted_policy_case(document: Document) -> JournalCase:
    version = document.adopted_version
    decisions = list(
        Decision.objects.filter(version__document=document)
        .select_related("milestone", "version__document")
        .prefetch_related("attachments")
        .order_by("meeting_on", "pk")
    )

    def documents() -> Iterator[JournalDocument]:
        if version is not None:
            yield JournalDocument(
                title=_("%(document)s, adopted version %(number)s")
                % {"document": document.title, "number": version.number},
                date=timezone.localdate(version.created_at),
                party=_("The municipality"),
                direction="sent",
                filename=export_filename(version, "pdf"),
                write=lambda target: target.write(version_pdf(version)),
            )
        for decision in decisions:
            yield from _decision_documents(decision)

    return JournalCase(
        title=_("Adopted: %(document)s") % {"document": document.title},
        case_number=document.journal_number,
        kle_number=kle_of(document.journal_number),
        documents_count=(version is not None)
        + sum(2 + len(d.attachments.all()) for d in decisions),
        documents=documents(),
    )


def _decision(pk: int):
    return (
        Decision.objects.select_related("milestone", "version__document")
        .prefetch_related("attachments")
        .filter(pk=pk)
        .first()
    )


def _adopted(pk: int):
    return (
        Document.objects.select_related("adopted_version")
        .filter(pk=pk, adopted_version__isnull=False)
        .first()
    )


def journal_sources() -> dict[str, JournalKind]:
    return {
        "decision": JournalKind(
            label=_("A body's decision"),
            permission="policy.record_decision",
            get=_decision,
            case=decision_case,
        ),
        "adopted_policy": JournalKind(
            label=_("The adopted policy"),
            permission="policy.view_document",
            get=_adopted,
            case=adopted_policy_case,
        ),
    }
