"""One request about one person's data: find, export or erase everything held about one e-mail
address, across the apps.

The core holds no app's data. Each app contributes what it holds through its hooks module:

    def personal_data_sources(user) -> list[PersonalDataSource]

A source is any object with:

- `key` (a short ASCII name, the name of its file in the export), `label` (for staff), `order`;
- `find(email) -> list[str]`: one line per record, shown to staff before they act;
- `export(email) -> SourceExport`: the records as JSON-able dicts, and any files;
- `erase(email, *, user, now) -> int`: anonymise or delete every record, in the history too,
  and return how many there were. It runs inside the request's transaction, so one source
  that fails leaves everything as it was.

Every export and erasure is logged as a `PersonalDataRequest` (who, when, how many per source),
which names nobody.
"""

import io
import json
import zipfile
from dataclasses import dataclass, field
from typing import Protocol

from django.db import transaction
from django.utils import timezone

from . import hooks
from .models import PersonalDataRequest


@dataclass(frozen=True)
class SourceExport:
    records: list[dict]
    #: Files that go into the archive, by their path below the source's folder.
    files: dict[str, bytes] = field(default_factory=dict)


class PersonalDataSource(Protocol):
    key: str
    label: str
    order: int

    def find(self, email: str) -> list[str]: ...

    def export(self, email: str) -> SourceExport: ...

    def erase(self, email: str, *, user, now) -> int: ...


@dataclass(frozen=True)
class Found:
    label: str
    lines: list[str]


def personal_data_sources(user) -> list[PersonalDataSource]:
    """Every installed app's sources, in their `order`."""
    return hooks.collect("personal_data_sources", user)


def personal_data_find(*, email: str, user) -> list[Found]:
    """What each source holds about `email` (one line per record); nothing is logged."""
    email = email.strip()
    return [Found(source.label, source.find(email)) for source in personal_data_sources(user)]


def personal_data_export(*, email: str, user, note: str = "") -> bytes:
    """A ZIP with one JSON file per source (`<key>.json`) and their files (`<key>/...`), logged."""
    email = email.strip()
    counts = {}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for source in personal_data_sources(user):
            part = source.export(email)
            counts[source.key] = len(part.records)
            archive.writestr(
                f"{source.key}.json",
                json.dumps(part.records, ensure_ascii=False, indent=2) + "\n",
            )
            for name, content in part.files.items():
                archive.writestr(f"{source.key}/{name}", content)
    PersonalDataRequest.objects.create(
        action=PersonalDataRequest.Action.EXPORT,
        performed_by=_user_or_none(user),
        counts=counts,
        note=note.strip()[:300],
    )
    return buffer.getvalue()


def personal_data_erase(*, email: str, user, note: str = "", now=None) -> PersonalDataRequest:
    """Erase everything held about `email` in every source, in one transaction, and log it."""
    email = email.strip()
    now = now or timezone.now()
    with transaction.atomic():
        counts = {
            source.key: source.erase(email, user=user, now=now)
            for source in personal_data_sources(user)
        }
        return PersonalDataRequest.objects.create(
            action=PersonalDataRequest.Action.ERASURE,
            performed_at=now,
            performed_by=_user_or_none(user),
            counts=counts,
            note=note.strip()[:300],
        )


def _user_or_none(user):
    return user if getattr(user, "is_authenticated", False) else None
