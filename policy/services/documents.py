"""Write operations on documents. Views, forms, the admin, imports and tasks call these."""

import uuid
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from medborger.history import record_history
from medborger.html import sanitize_html
from policy.models import Document, DocumentVersion, Section


@dataclass(frozen=True)
class SectionInput:
    heading: str
    body: str = ""
    key: uuid.UUID = field(default_factory=uuid.uuid4)


class StaleVersionError(Exception):
    """Someone saved a newer version since the editor was opened."""

    def __init__(self, current: DocumentVersion | None):
        super().__init__("The document has a newer version.")
        self.current = current


def version_save(
    *,
    document: Document,
    sections: list[SectionInput],
    user,
    base_number: int | None,
    label: str = "",
    change_note: str = "",
    restored_from: DocumentVersion | None = None,
) -> DocumentVersion:
    """Save the sections as the document's next version.

    `base_number` is the version the editor started from (None for the first version). If the
    document has moved on since, nothing is saved and `StaleVersionError` carries the newer
    version, so no edit is silently overwritten. Every body is sanitised here.
    """
    with transaction.atomic():
        locked = Document.objects.select_for_update().get(pk=document.pk)
        current = (
            DocumentVersion.objects.get(pk=locked.current_version_id)
            if locked.current_version_id
            else None
        )
        current_number = current.number if current else None
        if base_number != current_number:
            raise StaleVersionError(current)
        version = DocumentVersion(
            document=locked,
            number=(current_number or 0) + 1,
            author=user,
            label=label,
            change_note=change_note,
            restored_from=restored_from,
        )
        record_history(version, user=user, reason=change_note or _("Saved version"))
        version.save()
        bulk_create_with_history(
            [
                Section(
                    version=version,
                    key=section.key,
                    position=position,
                    heading=section.heading.strip(),
                    body=sanitize_html(section.body),
                )
                for position, section in enumerate(sections, start=1)
            ],
            Section,
            default_user=user,
            default_change_reason=_("Version %(number)s") % {"number": version.number},
        )
        locked.current_version = version
        record_history(
            locked, user=user, reason=_("New version %(number)s") % {"number": version.number}
        )
        locked.save(update_fields=["current_version", "updated_at"])
    document.current_version = version
    return version


def version_freeze(*, version: DocumentVersion, user, reason: str) -> DocumentVersion:
    """Freeze a version (it went to hearing or was adopted); freezing twice changes nothing."""
    with transaction.atomic():
        locked = DocumentVersion.objects.select_for_update().get(pk=version.pk)
        if locked.frozen_at is None:
            locked.frozen_at = timezone.now()
            locked.frozen_reason = reason
            record_history(locked, user=user, reason=reason)
            locked.save(update_fields=["frozen_at", "frozen_reason"])
    version.frozen_at, version.frozen_reason = locked.frozen_at, locked.frozen_reason
    return locked
