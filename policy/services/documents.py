"""Write operations on documents. Views, forms, the admin, imports and tasks call these."""

import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from medborger.history import record_history, save_with_history
from medborger.html import sanitize_html
from policy.markup import canonical_body
from policy.models import Document, DocumentTransition, DocumentVersion, ReviewComment, Section

if TYPE_CHECKING:
    from medborger.models import User


@dataclass(frozen=True)
class SectionInput:
    heading: str
    body: str = ""
    key: uuid.UUID = field(default_factory=uuid.uuid4)


def normalise_body(value: str) -> str:
    """Sanitise, then write lists and tables one way whatever wrote them (`policy.markup`):
    without this, opening and saving a section would show as a change in every comparison."""
    return canonical_body(sanitize_html(value))


class StaleVersionError(Exception):
    """Someone saved a newer version since the editor was opened."""

    def __init__(self, current: DocumentVersion | None):
        super().__init__("The document has a newer version.")
        self.current = current


def version_save(
    *,
    document: Document,
    sections: list[SectionInput],
    user: "User",
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
                    body=normalise_body(section.body),
                )
                for position, section in enumerate(sections, start=1)
            ],
            Section,
            default_user=user,
            default_change_reason=_("Version %(number)s") % {"number": version.number},
        )
        locked.current_version = version
        update_fields = ["current_version", "updated_at"]
        sent_back = locked.status == Status.APPROVED_FOR_HEARING
        # Read by the editor's view to tell the coordinator (not a column).
        version.sent_back_for_approval = sent_back  # type: ignore[attr-defined]
        if sent_back:
            # The approval belongs to the version it was given: a newer text needs a new one.
            _record_transition(
                locked,
                to_status=Status.STEERING_REVIEW,
                version=version,
                user=user,
                note=_(
                    "Version %(new)s was saved after the steering group approved version "
                    "%(old)s; it needs the steering group's approval before it can go to hearing."
                )
                % {"new": version.number, "old": current_number},
            )
            locked.status = Status.STEERING_REVIEW
            locked.approved_version = None
            locked.approved_at = None
            update_fields += ["status", "approved_version", "approved_at"]
        record_history(
            locked, user=user, reason=_("New version %(number)s") % {"number": version.number}
        )
        locked.save(update_fields=update_fields)
    document.current_version = version
    document.status = locked.status
    document.approved_version_id, document.approved_at = (
        locked.approved_version_id,
        locked.approved_at,
    )
    return version


def version_freeze(*, version: DocumentVersion, user: "User", reason: str) -> DocumentVersion:
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


def version_restore(*, version: DocumentVersion, user: "User") -> DocumentVersion:
    """Make a new version with the content of `version`; history is never rewritten.

    The restore does not depend on what the current version holds, so a save that lands in
    between is not a conflict: the restore is simply based on the newer number.
    """
    sections = [
        SectionInput(heading=section.heading, body=section.body, key=section.key)
        for section in version.sections.all()
    ]
    note = _("Restored from version %(number)s.") % {"number": version.number}
    if version.label:
        note = _("Restored from version %(number)s (%(label)s).") % {
            "number": version.number,
            "label": version.label,
        }
    for _attempt in range(3):
        current_number = (
            DocumentVersion.objects.filter(document_id=version.document_id)
            .order_by("-number")
            .values_list("number", flat=True)
            .first()
        )
        try:
            return version_save(
                document=version.document,
                sections=sections,
                user=user,
                base_number=current_number,
                change_note=note,
                restored_from=version,
            )
        except StaleVersionError:
            continue
    raise StaleVersionError(None)


# --- Workflow -------------------------------------------------------------------------------

Status = Document.Status

#: The allowed steps of a document's workflow and the named permission each needs
#: (policy/rules.py says who holds it).
WORKFLOW: dict[tuple[str, str], str] = {
    (Status.DRAFT, Status.STEERING_REVIEW): "policy.submit_document_for_review",
    (Status.STEERING_REVIEW, Status.DRAFT): "policy.return_document_to_draft",
    (Status.STEERING_REVIEW, Status.APPROVED_FOR_HEARING): "policy.approve_document_for_hearing",
    (Status.APPROVED_FOR_HEARING, Status.IN_HEARING): "policy.send_document_to_hearing",
    (Status.IN_HEARING, Status.PROCESSED_AFTER_HEARING): "policy.mark_document_processed",
    (Status.PROCESSED_AFTER_HEARING, Status.ADOPTED): "policy.adopt_document",
}

#: Entering these statuses freezes the current version (and records it on the document).
FREEZING_STATUSES: dict[str, str] = {
    Status.IN_HEARING: "hearing_version",
    Status.ADOPTED: "adopted_version",
}

#: Steps taken by another action than the plain status change: going to hearing is creating
#: the hearing (`consultation.services.hearings.hearing_create`).
VIA_HEARING = {Status.IN_HEARING}
#: Adoption is the city council's decision: recording it (`policy.services.process.
#: decision_record`) adopts the version the council treated and dates the council's milestone
#: in the same transaction, so the document, the timeline and the history cannot disagree.
VIA_COUNCIL_DECISION = {Status.ADOPTED}


class TransitionNotAllowed(Exception):
    """The step is not in the workflow, or the user may not take it; the message says which."""


def document_transitions_for(*, document: Document, user: "User") -> list[str]:
    """The statuses `user` may move `document` to now with the plain status change."""
    return [
        to_status
        for (from_status, to_status), perm in WORKFLOW.items()
        if from_status == document.status
        and to_status not in VIA_HEARING
        and to_status not in VIA_COUNCIL_DECISION
        and user.has_perm(perm, document)
    ]


def _record_transition(
    locked: Document,
    *,
    to_status: str,
    version: DocumentVersion | None,
    user: "User",
    note: str,
) -> DocumentTransition:
    transition = DocumentTransition(
        document=locked,
        from_status=locked.status,
        to_status=to_status,
        version=version,
        user=user if getattr(user, "is_authenticated", False) else None,
        note=note.strip(),
    )
    # The note is kept in full on the transition; the history cuts its reason to fit.
    record_history(transition, user=user, reason=note or str(Status(to_status).label))
    transition.save()
    return transition


def _check_step(locked: Document, to_status: str, user: "User") -> None:
    perm = WORKFLOW.get((locked.status, to_status))
    if perm is None:
        raise TransitionNotAllowed(
            _("A document with the status “%(current)s” cannot move to “%(target)s”.")
            % {
                "current": locked.get_status_display(),
                "target": Status(to_status).label if to_status in Status.values else to_status,
            }
        )
    if not user.has_perm(perm, locked):
        raise TransitionNotAllowed(_("Your role may not take this step."))


def _hearing_still_open(version: DocumentVersion | None) -> Any:
    """The hearing of `version` that has not closed yet, if any (through the reverse relation
    the consultation app's Hearing declares, so that policy imports nothing of it)."""
    if version is None or not hasattr(version, "hearings"):
        return None
    return version.hearings.filter(closes_at__gt=timezone.now()).order_by("closes_at").last()


def document_transition(
    *,
    document: Document,
    to_status: str,
    user: "User",
    note: str = "",
    expected_version: int | None = None,
    version: DocumentVersion | None = None,
    _via_hearing: bool = False,
    _via_council_decision: bool = False,
) -> DocumentTransition:
    """Move the document to `to_status`, if the workflow and the user's role allow it.

    Records who, when and why in a `DocumentTransition`. Approving records the version
    approved (`expected_version` is the number the approver read: if a newer one was saved
    since, the approval is refused). Going to hearing is only possible by creating the hearing,
    which freezes the approved version. Adopting is only possible by recording the city
    council's adoption (`decision_record`), which freezes the version the council treated.
    """
    with transaction.atomic():
        locked = Document.objects.select_for_update().get(pk=document.pk)
        _check_step(locked, to_status, user)
        if to_status in VIA_HEARING and not _via_hearing:
            raise TransitionNotAllowed(
                _("A document goes to hearing when its hearing is created: use “New hearing”.")
            )
        if to_status in VIA_COUNCIL_DECISION and not _via_council_decision:
            raise TransitionNotAllowed(
                _(
                    "A document is adopted when the city council's decision to adopt it is "
                    "recorded on the revision's timeline: record the council's decision."
                )
            )
        current = (
            DocumentVersion.objects.get(pk=locked.current_version_id)
            if locked.current_version_id
            else None
        )
        update_fields = ["status", "updated_at"]
        step_version = current
        if to_status == Status.APPROVED_FOR_HEARING:
            if current is None:
                raise TransitionNotAllowed(_("The document has no version yet to approve."))
            if expected_version is not None and expected_version != current.number:
                raise TransitionNotAllowed(
                    _(
                        "Version %(number)s was saved after you opened the page. Read it "
                        "before you approve."
                    )
                    % {"number": current.number}
                )
            locked.approved_version, locked.approved_at = current, timezone.now()
            update_fields += ["approved_version", "approved_at"]
        elif to_status == Status.STEERING_REVIEW or to_status == Status.DRAFT:
            locked.approved_version, locked.approved_at = None, None
            update_fields += ["approved_version", "approved_at"]
        elif to_status == Status.IN_HEARING:
            step_version = (
                DocumentVersion.objects.get(pk=locked.approved_version_id)
                if locked.approved_version_id
                else None
            )
            if step_version is None:
                raise TransitionNotAllowed(
                    _("No version is approved for hearing. Ask the steering group to approve it.")
                )
        elif to_status == Status.PROCESSED_AFTER_HEARING:
            hearing_version = (
                DocumentVersion.objects.get(pk=locked.hearing_version_id)
                if locked.hearing_version_id
                else None
            )
            if still_open := _hearing_still_open(hearing_version):
                raise TransitionNotAllowed(
                    _("The hearing runs until %(date)s; process it after it has closed.")
                    % {
                        "date": formats.date_format(
                            timezone.localtime(still_open.closes_at), "DATETIME_FORMAT"
                        )
                    }
                )
        elif to_status == Status.ADOPTED:
            step_version = version
            if step_version is None:
                raise TransitionNotAllowed(_("Name the version the city council adopted."))
            if step_version.document_id != locked.pk:
                raise TransitionNotAllowed(_("The version belongs to another document."))
        if to_status in FREEZING_STATUSES:
            reason = _("Sent to hearing") if to_status == Status.IN_HEARING else _("Adopted")
            assert step_version is not None  # a freezing step always names its version
            version_freeze(version=step_version, user=user, reason=reason)
            setattr(locked, FREEZING_STATUSES[to_status], step_version)
            update_fields.append(FREEZING_STATUSES[to_status] + "_id")
        transition = _record_transition(
            locked, to_status=to_status, version=step_version, user=user, note=note
        )
        locked.status = to_status
        record_history(
            locked,
            user=user,
            reason=_("Status: %(status)s") % {"status": locked.get_status_display()},
        )
        locked.save(update_fields=update_fields)
    for name in (
        "status",
        "hearing_version_id",
        "adopted_version_id",
        "approved_version_id",
        "approved_at",
    ):
        setattr(document, name, getattr(locked, name))
    return transition


# --- Internal review ------------------------------------------------------------------------


def comment_create(*, section: Section, user: "User", body: str) -> ReviewComment:
    """An internal review comment on one section of one version."""
    comment = ReviewComment(
        section=section,
        section_key=section.key,
        document_id=section.version.document_id,
        author=user,
        body=body.strip(),
    )
    record_history(comment, user=user, reason=_("Review comment"))
    comment.save()
    return comment


def comment_resolve(*, comment: ReviewComment, user: "User", note: str = "") -> ReviewComment:
    """Mark a review comment as dealt with; resolving twice keeps the first resolution."""
    with transaction.atomic():
        locked = ReviewComment.objects.select_for_update().get(pk=comment.pk)
        if locked.resolved_at is None:
            locked.resolved_at = timezone.now()
            locked.resolved_by = user
            locked.resolution_note = note.strip()
            record_history(locked, user=user, reason=_("Comment resolved"))
            locked.save(update_fields=["resolved_at", "resolved_by", "resolution_note"])
    return locked


# --- Documents ------------------------------------------------------------------------------


def document_create(*, user: "User", title: str, **fields: Any) -> Document:
    """A new document with a unique address made from its title; its first save is version 1."""
    base = slugify(title)[:100] or "dokument"
    slug, suffix = base, 2
    while Document.objects.filter(slug=slug).exists():
        slug, suffix = f"{base}-{suffix}", suffix + 1
    document = Document(title=title, slug=slug, **fields)
    return save_with_history(document, user=user, reason=_("Document created"))


def document_update(*, document: Document, user: "User", **fields: Any) -> Document:
    """Change a document's particulars (title, case officer, journal number, date)."""
    for name, value in fields.items():
        setattr(document, name, value)
    return save_with_history(document, user=user, reason=_("Particulars changed"))
