"""Respondents' personal data: deletion when a hearing's retention ends, export and erasure
on request (the hearings' part of `medborger.personal_data`). Each deletion is written to the
personal data log, which names nobody."""

import datetime
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from medborger.history import record_history
from medborger.models import OutboundEmail
from medborger.redaction import redact_rows

from .. import counts
from ..models import (
    DataRequestLog,
    Hearing,
    HearingResponse,
    ResponseAttachment,
)
from .hearings import refresh_search_vectors

if TYPE_CHECKING:
    from medborger.models import User

#: What anonymising clears on a response; the text itself stays as part of the case.
PERSONAL_FIELDS = {"name": "", "email": "", "address": ""}
#: The respondent's own words, kept, with CPR numbers, e-mail addresses and phone numbers
#: redacted (medborger.personal_data).
REDACTED_FIELDS = ("subject", "text", "public_text", "publication_reason")


def _anonymise(responses: QuerySet[HearingResponse], *, now: datetime.datetime) -> tuple[int, int]:
    """Clear the personal fields, delete the attachments, and do the same in the history."""
    response_ids = list(responses.values_list("pk", flat=True))
    if not response_ids:
        return 0, 0
    attachments = ResponseAttachment.objects.filter(response_id__in=response_ids)
    files = [name for name in attachments.values_list("file", flat=True) if name]
    attachment_count = attachments.count()
    private = HearingResponse.objects.filter(
        pk__in=response_ids, represents=HearingResponse.Represents.PRIVATE
    )
    with transaction.atomic():
        HearingResponse.objects.filter(pk__in=response_ids).update(
            **PERSONAL_FIELDS, anonymised_at=now
        )
        counts.responses_changed()  # update() sends no signals
        private.update(organisation_name="")
        # Deleting first: the deletion's own history row would keep the file name otherwise.
        attachments.delete()
        HearingResponse.history.filter(id__in=response_ids).update(**PERSONAL_FIELDS)
        redact_rows(HearingResponse.objects.filter(pk__in=response_ids), REDACTED_FIELDS)
        redact_rows(HearingResponse.history.filter(id__in=response_ids), REDACTED_FIELDS)
        ResponseAttachment.history.filter(response_id__in=response_ids).update(
            file="", original_name=""
        )
        # The receipt e-mails held the name and address too.
        OutboundEmail.objects.filter(
            related_type=ContentType.objects.get_for_model(HearingResponse),
            related_id__in=[str(pk) for pk in response_ids],
        ).update(to_address="", body_text="", body_html="")
        refresh_search_vectors(HearingResponse.objects.filter(pk__in=response_ids))
        transaction.on_commit(lambda: [default_storage.delete(name) for name in files])  # type: ignore[func-returns-value]
    return len(response_ids), attachment_count


def hearing_anonymise(
    *, hearing: Hearing, user: "User | None" = None, now: datetime.datetime | None = None
) -> DataRequestLog | None:
    """Delete respondents' personal data of one hearing; once only."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = Hearing.objects.select_for_update().get(pk=hearing.pk)
        if locked.anonymised_at is not None:
            return None
        responses, attachments = _anonymise(HearingResponse.objects.filter(hearing=locked), now=now)
        locked.anonymised_at = now
        record_history(locked, user=user, reason=_("Personal data deleted (retention)"))
        locked.save(update_fields=["anonymised_at"])
        entry = DataRequestLog.objects.create(
            action=DataRequestLog.Action.RETENTION,
            hearing=locked,
            performed_at=now,
            performed_by=user,
            responses_count=responses,
            attachments_count=attachments,
        )
    hearing.anonymised_at = now
    return entry


def hearing_anonymise_due(
    *, today: datetime.date | None = None, now: datetime.datetime | None = None
) -> int:
    """Daily: anonymise every hearing whose retention date has come."""
    now = now or timezone.now()
    done = 0
    for hearing in Hearing.objects.due_for_anonymisation(today or timezone.localdate(now)):
        done += hearing_anonymise(hearing=hearing, now=now) is not None
    return done


def responses_for_email(email: str) -> QuerySet[HearingResponse]:
    """Every response given with this e-mail address (the way respondents identify)."""
    return (
        HearingResponse.objects.filter(email__iexact=email.strip())
        .select_related("hearing")
        .prefetch_related("attachments", "sections", "themes")
        .order_by("submitted_at", "pk")
    )


def response_data_export(*, email: str) -> tuple[list[dict[str, Any]], dict[str, bytes]]:
    """The person's responses as records, and their attachments by file name, for a request
    for access (`medborger.personal_data` puts them in the archive and logs the export)."""
    records: list[dict[str, Any]] = []
    files: dict[str, bytes] = {}
    for response in responses_for_email(email):
        names = []
        for attachment in response.attachments.all():
            if attachment.file:
                stored = f"{response.reference}/{attachment.pk}-{attachment.original_name}"
                with attachment.file.open("rb") as handle:
                    files[stored] = handle.read()
                names.append(stored)
        records.append(
            {
                "reference": response.reference,
                "hearing": response.hearing.title,
                "received": response.submitted_at.isoformat(),
                "channel": response.channel,
                "name": response.name,
                "email": response.email,
                "address": response.address,
                "represents": response.represents,
                "organisation": response.organisation_name,
                "subject": response.subject,
                "text": response.text,
                "sections": [section.heading for section in response.sections.all()],
                "publication": response.publication,
                "publication_reason": response.publication_reason,
                "consent_given": response.consent_at.isoformat() if response.consent_at else None,
                "attachments": names,
            }
        )
    return records, files


def response_data_erase(
    *, email: str, user: "User", note: str = "", now: datetime.datetime | None = None
) -> DataRequestLog:
    """Anonymise every response given with this e-mail address, in the history too."""
    now = now or timezone.now()
    with transaction.atomic():
        responses, attachments = _anonymise(
            HearingResponse.objects.filter(email__iexact=email.strip()), now=now
        )
        return DataRequestLog.objects.create(
            action=DataRequestLog.Action.ERASURE,
            performed_at=now,
            performed_by=user,
            responses_count=responses,
            attachments_count=attachments,
            note=note[:300],
        )
