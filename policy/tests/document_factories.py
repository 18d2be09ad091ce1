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


def adopt_by_council(document, user, *, version=None, meeting_on=None):
    """Adopt the document the only way there is: by recording the city council's adoption on
    the timeline of a revision whose policy it is (made here, with the council's meeting, if
    the document has none). Returns the decision."""
    from django.utils import timezone

    from policy.models import Milestone, PolicyRevision
    from policy.services.process import decision_record

    document.refresh_from_db()
    revision = PolicyRevision.objects.filter(policy_document=document).first()
    if revision is None:
        revision = PolicyRevision.objects.create(
            title=f"Revision af {document.title}",
            slug=f"revision-{document.slug}"[:120],
            policy_document=document,
        )
    council = revision.milestones.filter(kind=Milestone.Kind.CITY_COUNCIL).first()
    if council is None:
        council = Milestone.objects.create(
            revision=revision,
            kind=Milestone.Kind.CITY_COUNCIL,
            title="Byrådet vedtager politikken",
            date_precision="unset",
            position=1,
        )
    return decision_record(
        milestone=council,
        version=version or document.current_version,
        meeting_on=meeting_on or timezone.localdate(),
        outcome="adopted",
        text="Byrådet vedtog politikken.",
        user=user,
    )
