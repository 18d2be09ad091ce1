"""Importing terms of reference: read a file into a pending import, then create everything it
describes in one transaction — the document and its first version, the revision with its groups,
members and milestones, and for a forum's terms the forum.
"""

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from medborger import hooks
from medborger.dates import DatePrecision, display
from medborger.history import record_history, save_with_history
from medborger.uploads import clean_filename
from policy.importer import ImportedTerms, read_terms
from policy.importer.recognise import names_match
from policy.models import Document, Group, GroupMember, Milestone, PolicyRevision, TermsImport

from .documents import SectionInput, version_save

if TYPE_CHECKING:
    from medborger.models import User
    from policy.importer.result import ImportedMilestone


class ImportNotPending(Exception):
    """The import was already confirmed or cancelled, has expired, or belongs to someone else."""


@dataclass
class ImportOptions:
    create_revision: bool = True
    create_forum: bool = True
    coordinator: "User | None" = None


@dataclass
class ImportOutcome:
    document: Document
    revision: PolicyRevision | None = None
    forum: models.Model | None = None
    groups: list[Group] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)


def default_options(terms: ImportedTerms) -> ImportOptions:
    """A forum's terms create the forum; anything with a timeline or groups creates a revision."""
    return ImportOptions(
        create_revision=terms.forum is None or bool(terms.milestones or terms.groups),
        create_forum=terms.forum is not None,
        coordinator=coordinator_for(terms.coordinator_name),
    )


def coordinator_for(name: str) -> "User | None":
    """The one active user whose name matches the coordinator named in the document, if any."""
    if not name:
        return None
    first = name.split()[0]
    candidates = [
        user
        for user in get_user_model().objects.filter(is_active=True, first_name__istartswith=first)
        if names_match(name, user.get_full_name())
    ]
    return candidates[0] if len(candidates) == 1 else None


def terms_import_start(
    *, name: str, data: bytes, user: "User", today: datetime.date | None = None
) -> TermsImport:
    """Read an uploaded file and keep what was found for the preview; creates nothing else.

    Raises `ValidationError` (in Danish) when the file cannot be read.
    """
    name = clean_filename(name)
    terms = read_terms(name=name, data=data, today=today or timezone.localdate())
    pending = TermsImport(created_by=user, filename=name[:200], parsed=terms.to_json())
    record_history(pending, user=user, reason=_("File read for import"))
    pending.save()
    return pending


def terms_import_confirm(
    *, pending: TermsImport, terms: ImportedTerms, options: ImportOptions, user: "User"
) -> ImportOutcome:
    """Create what the (possibly edited) preview shows, once: a second or stale confirmation of
    the same import raises `ImportNotPending` and creates nothing."""
    with transaction.atomic():
        locked = TermsImport.objects.select_for_update().get(pk=pending.pk)
        if (
            locked.status != TermsImport.Status.PENDING
            or locked.created_by_id != user.pk
            or locked.is_expired
        ):
            raise ImportNotPending
        outcome = import_terms(terms=terms, options=options, user=user)
        locked.status = TermsImport.Status.CONFIRMED
        locked.finished_at = timezone.now()
        locked.document = outcome.document
        record_history(locked, user=user, reason=_("Import confirmed"))
        locked.save(update_fields=["status", "finished_at", "document"])
    return outcome


def terms_import_cancel(*, pending: TermsImport, user: "User") -> None:
    with transaction.atomic():
        locked = TermsImport.objects.select_for_update().get(pk=pending.pk)
        if locked.status != TermsImport.Status.PENDING or locked.created_by_id != user.pk:
            raise ImportNotPending
        locked.status = TermsImport.Status.CANCELLED
        locked.finished_at = timezone.now()
        record_history(locked, user=user, reason=_("Import cancelled"))
        locked.save(update_fields=["status", "finished_at"])


def terms_imports_expire(*, now: datetime.datetime | None = None) -> int:
    """End the previews nobody confirmed in time, and forget what was read from them.

    A preview holds the names, e-mail addresses and phone numbers of the groups' members; once
    it can no longer be confirmed there is no reason to keep them. Returns how many ended.
    """
    now = now or timezone.now()
    return TermsImport.objects.expired(now).update(
        status=TermsImport.Status.CANCELLED, finished_at=now, parsed={}
    )


def import_terms(*, terms: ImportedTerms, options: ImportOptions, user: "User") -> ImportOutcome:
    """Create the document, its first version, the revision and the forum in one transaction.

    Every row is validated as the forms and the admin would validate it; one invalid row raises
    `ValidationError` and nothing at all is created.
    """
    if not options.create_revision and (terms.milestones or terms.groups):
        raise ValidationError(
            _("A timeline and groups belong to a revision: keep the revision or remove them.")
        )
    if not terms.sections:
        raise ValidationError(_("The document has no sections."))
    reason = _("Imported from %(file)s") % {"file": terms.filename or _("a file")}
    with transaction.atomic():
        document = _document(terms, user, reason)
        version_save(
            document=document,
            sections=[SectionInput(heading=s.heading, body=s.body) for s in terms.sections],
            user=user,
            base_number=None,
            label=_("Imported"),
            change_note=reason,
        )
        outcome = ImportOutcome(document=document)
        if options.create_revision:
            _revision(outcome, terms, options, user, reason)
        if options.create_forum and terms.forum is not None:
            outcome.forum = _forum(terms, document, user, reason)
    return outcome


_DANISH_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def unique_slug(model: type[Any], text: str, fallback: str) -> str:
    """A slug from `text` (Danish letters spelt out) that no row of `model` has yet."""
    base = slugify(text.translate(_DANISH_LETTERS))[:100].strip("-") or fallback
    slug, number = base, 2
    while model.objects.filter(slug=slug).exists():
        slug = f"{base[:100]}-{number}"
        number += 1
    return slug


def _document(terms: ImportedTerms, user: "User", reason: str) -> Document:
    # Terms the file says were adopted (by the council, before Medborger knew them) are entered
    # as adopted: a fact of the past with no decision of this revision to record. Everything
    # adopted in the workflow is adopted by recording the city council's decision instead.
    adopted = terms.forum is not None and terms.forum.terms_adopted_on is not None
    document = Document(
        kind=Document.Kind.TERMS_OF_REFERENCE,
        title=terms.title[:300],
        slug=unique_slug(Document, terms.title, "kommissorium"),
        case_officer_name=terms.case_officer_name,
        case_officer_phone=terms.case_officer_phone,
        case_officer_email=terms.case_officer_email,
        journal_number=terms.journal_number,
        document_date=terms.document_date,
        status=Document.Status.ADOPTED if adopted else Document.Status.DRAFT,
    )
    save_with_history(document, user=user, reason=reason, exclude=["current_version"])
    return document


def _revision(
    outcome: ImportOutcome,
    terms: ImportedTerms,
    options: ImportOptions,
    user: "User",
    reason: str,
) -> None:
    council = [m for m in terms.milestones if m.kind == Milestone.Kind.CITY_COUNCIL and m.starts_on]
    adoption = council[-1] if council else None
    title = terms.revision_title or terms.title
    revision = PolicyRevision(
        title=title[:300],
        slug=unique_slug(PolicyRevision, title, "revision"),
        terms_of_reference=outcome.document,
        coordinator=options.coordinator,
        **_named_coordinator(terms),
        target_groups=terms.target_groups,
        starts_on=terms.document_date,
        planned_adoption_on=adoption.starts_on if adoption else None,
        planned_adoption_precision=(adoption.date_precision if adoption else DatePrecision.MONTH),
    )
    save_with_history(revision, user=user, reason=reason)
    outcome.revision = revision
    by_name: dict[str, Group] = {}
    for position, imported in enumerate(terms.groups, start=1):
        group = Group(
            revision=revision,
            kind=imported.kind,
            name=imported.name[:200],
            mandate=imported.mandate,
            position=position,
        )
        save_with_history(group, user=user, reason=reason)
        by_name[imported.name.casefold()] = group
        outcome.groups.append(group)
        for number, person in enumerate(imported.members, start=1):
            member = GroupMember(
                group=group,
                name=person.name[:200],
                department=person.department[:200],
                role=person.role,
                position=number,
                user=_linked_user(person.name, options.coordinator),
            )
            save_with_history(member, user=user, reason=reason)
    for position, imported in enumerate(terms.milestones, start=1):
        milestone = Milestone(
            revision=revision,
            kind=imported.kind,
            title=imported.title[:300],
            date_precision=imported.date_precision,
            starts_on=imported.starts_on,
            ends_on=imported.ends_on,
            remark=imported.remark,
            responsible_group=by_name.get(imported.responsible.casefold()),
            position=position,
        )
        save_with_history(milestone, user=user, reason=reason)
        outcome.milestones.append(milestone)


def _named_coordinator(terms: ImportedTerms) -> dict[str, str]:
    """The coordinator as the terms name her: her name, her department from the group she sits
    in, and the case officer's phone and e-mail when she is the case officer."""
    name = terms.coordinator_name.strip()
    if not name:
        return {}
    department = next(
        (
            person.department
            for group in terms.groups
            for person in group.members
            if person.department and names_match(name, person.name)
        ),
        "",
    )
    contact = ""
    if terms.case_officer_name and names_match(name, terms.case_officer_name):
        contact = ", ".join(
            part for part in (terms.case_officer_phone, terms.case_officer_email) if part
        )
    return {
        "coordinator_name": name[:200],
        "coordinator_department": department[:200],
        "coordinator_contact": contact[:200],
    }


def _linked_user(name: str, coordinator: "User | None") -> "User | None":
    if coordinator is not None and names_match(name, coordinator.get_full_name()):
        return coordinator
    return None


def _forum(
    terms: ImportedTerms, document: Document, user: "User", reason: str
) -> models.Model | None:
    """The forum the terms describe, made by the app that keeps forums (through its hook, so
    that this app does not import that one)."""
    created = hooks.call(
        "imported_forum_create",
        facts=terms.forum,
        title=terms.title,
        document=document,
        user=user,
        reason=reason,
    )
    return created[0] if created else None


def describe(terms: ImportedTerms, options: ImportOptions) -> list[str]:
    """What confirming would create, a line each (for the command's --dry-run)."""
    lines = [
        _('Document "%(title)s" (terms of reference) with %(count)s sections')
        % {"title": terms.title, "count": len(terms.sections)}
    ]
    lines.extend(f"  - {section.heading}" for section in terms.sections)
    if options.create_revision:
        lines.append(
            _('Revision "%(title)s", coordinator: %(coordinator)s')
            % {
                "title": terms.revision_title or terms.title,
                "coordinator": options.coordinator or terms.coordinator_name or "–",
            }
        )
        for group in terms.groups:
            lines.append(
                _('Group "%(name)s" with %(count)s members')
                % {"name": group.name, "count": len(group.members)}
            )
            lines.extend(
                f"  - {m.name}" + (f", {m.department}" if m.department else "")
                for m in group.members
            )
        lines.append(_("%(count)s milestones") % {"count": len(terms.milestones)})
        lines.extend(
            f"  - {_when(m)}: {m.title} [{Milestone.Kind(m.kind).label}]" for m in terms.milestones
        )
    if options.create_forum and terms.forum is not None:
        facts = terms.forum
        lines.append(
            _('Forum "%(name)s" %(start)s–%(end)s')
            % {
                "name": facts.name,
                "start": facts.mandate_start_year or "?",
                "end": facts.mandate_end_year or "?",
            }
        )
        lines.append(
            "  "
            + _(
                "council decision %(date)s, case %(case)s; adopted %(adopted)s; "
                "secretariat: %(unit)s"
            )
            % {
                "date": facts.council_decision_on or "–",
                "case": facts.council_case_number or "–",
                "adopted": facts.terms_adopted_on or "–",
                "unit": facts.secretariat_unit or "–",
            }
        )
    return lines


def _when(milestone: "ImportedMilestone") -> str:
    text = display(milestone.starts_on, milestone.date_precision)
    if milestone.ends_on and milestone.ends_on != milestone.starts_on:
        text += f" – {display(milestone.ends_on, DatePrecision.DAY)}"
    return text
