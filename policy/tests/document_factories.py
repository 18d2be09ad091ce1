"""Factories for documents and their versions (policy tests)."""

import itertools
import uuid

from policy.models import Document
from policy.services import SectionInput, version_save

_counter = itertools.count(1)


def make_document(*, title=None, status=Document.Status.DRAFT, **fields) -> Document:
    number = next(_counter)
    return Document.objects.create(
        title=title or f"Dokument {number}",
        slug=f"dokument-{number}-{uuid.uuid4().hex[:6]}",
        status=status,
        **fields,
    )


def save_version(document, user, sections, *, label="", change_note=""):
    """Save `sections` ([(heading, body)] or SectionInputs) on top of the current version."""
    document.refresh_from_db()
    base = document.current_version.number if document.current_version_id else None
    inputs = [s if isinstance(s, SectionInput) else SectionInput(*s) for s in sections]
    return version_save(
        document=document,
        sections=inputs,
        user=user,
        base_number=base,
        label=label,
        change_note=change_note,
    )


def edit_sections(version, changes: dict | None = None, *, extra=()):
    """The version's sections as SectionInputs (same keys), with bodies replaced by heading."""
    changes = changes or {}
    inputs = [
        SectionInput(heading=s.heading, body=changes.get(s.heading, s.body), key=s.key)
        for s in version.sections.all()
    ]
    return inputs + list(extra)


def big_document(user, *, sections: int, versions: int, words_per_section: int = 40):
    """A document with `sections` sections and `versions` versions (for query-count tests)."""
    document = make_document(title=f"Stort dokument {sections}x{versions}")
    keys = [uuid.uuid4() for _ in range(sections)]
    for v in range(versions):
        save_version(
            document,
            user,
            [
                SectionInput(
                    heading=f"Afsnit {i + 1}",
                    body="<p>"
                    + " ".join(f"ord{(i + j + v) % 97}" for j in range(words_per_section))
                    + "</p>",
                    key=keys[i],
                )
                for i in range(sections)
            ],
        )
    document.refresh_from_db()
    return document


def send_to_hearing(document, user, *, closed: bool = True):
    """Send the approved version to hearing the only way there is: by creating its hearing
    (already closed unless `closed` is False, so the next step can follow at once)."""
    from django.utils import timezone

    from consultation.services.hearings import hearing_create

    now = timezone.now()
    window = (
        (now - timezone.timedelta(days=30), now - timezone.timedelta(days=2))
        if closed
        else (now - timezone.timedelta(days=1), now + timezone.timedelta(days=14))
    )
    return hearing_create(
        document=document,
        user=user,
        title=f"Høring om {document.title}",
        slug=f"hoering-{document.slug}"[:120],
        opens_at=window[0],
        closes_at=window[1],
        privacy_notice="<p>Om dine data.</p>",
    )
