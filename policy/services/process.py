"""Write operations on the revision process: the revision, milestones, decisions, groups,
members, tasks and stakeholders. Views, forms, the admin, imports and tasks call these.

Each validates the whole object (`full_clean`) inside one transaction, so bad input raises a
ValidationError with a Danish message and nothing is saved half.
"""

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from medborger import dates
from medborger.history import record_history, save_with_history
from medborger.uploads import clean_filename, generated_name, validate_upload
from policy import linked_reports
from policy.models import (
    Decision,
    DecisionAttachment,
    Document,
    DocumentVersion,
    Group,
    GroupMember,
    Milestone,
    PolicyRevision,
    Stakeholder,
    Task,
)

from .documents import TransitionNotAllowed, document_transition

if TYPE_CHECKING:
    from medborger.models import User

_M = TypeVar("_M", bound=models.Model)

#: Longest status note a group member can leave from the dashboard.
NOTE_MAX_LENGTH = 2000


def _next_position(queryset: models.QuerySet) -> int:
    return (queryset.aggregate(last=Max("position"))["last"] or 0) + 1


def _lock_revision(revision_id: int) -> PolicyRevision:
    """Serialise changes to one revision's timeline, so that two saves cannot both pass the
    order check against the council's adoption."""
    return PolicyRevision.objects.select_for_update().get(pk=revision_id)


# --- Revision -------------------------------------------------------------------------------


def revision_save(*, revision: PolicyRevision, user: "User") -> PolicyRevision:
    with transaction.atomic():
        created = revision.pk is None
        reason = _("Revision created") if created else _("Revision changed")
        return save_with_history(revision, user=user, reason=reason)


# --- Milestones -----------------------------------------------------------------------------


#: `milestone_save(after=KEEP_PLACE)` leaves the milestone where it is in the order.
KEEP_PLACE = object()


def _place(milestone: Milestone, *, after: Milestone | None, user: "User") -> None:
    """Put the milestone right after `after` (first if None) and renumber the others 1..n."""
    ordered = [
        m
        for m in Milestone.objects.filter(revision_id=milestone.revision_id).in_order()
        if m.pk != milestone.pk
    ]
    index = 0 if after is None else next(i for i, m in enumerate(ordered) if m.pk == after.pk) + 1
    ordered.insert(index, milestone)
    for position, item in enumerate(ordered, start=1):
        if item.position != position:
            item.position = position
            if item is not milestone:
                record_history(item, user=user, reason=_("Order changed"))
                item.save(update_fields=["position"])


def place_by_date(milestone: Milestone) -> Milestone | None:
    """The milestone a new one goes after so that the timeline stays in date order: after the
    last dated milestone due on or before it (first if none); an undated one goes last."""
    ordered = [
        m
        for m in Milestone.objects.filter(revision_id=milestone.revision_id).in_order()
        if m.pk != milestone.pk
    ]
    start = dates.normalise(milestone.starts_on, milestone.date_precision)
    if start is None:
        return ordered[-1] if ordered else None
    after = None
    for sibling in ordered:
        if sibling.starts_on is not None and sibling.starts_on <= start:
            after = sibling
        elif sibling.starts_on is not None and sibling.starts_on > start:
            break
    return after


def milestone_save(
    *, milestone: Milestone, user: "User", after: Any = KEEP_PLACE, reason: str = ""
) -> Milestone:
    """Create or change a milestone, placed after `after` (None: first). A new milestone
    without a place lands by its date (see `place_by_date`). The order is checked against the
    council's adoption."""
    with transaction.atomic():
        _lock_revision(milestone.revision_id)
        if after is KEEP_PLACE and milestone.pk is None:
            after = place_by_date(milestone)
        if after is not KEEP_PLACE:
            _place(milestone, after=after, user=user)
        default = _("Milestone created") if milestone.pk is None else _("Milestone changed")
        return save_with_history(milestone, user=user, reason=reason or default)


def milestone_update(*, milestone: Milestone, user: "User", status: str, note: str) -> Milestone:
    """A group member's update from the dashboard: the status and the status note."""
    note = (note or "").strip()
    errors: dict[str, str] = {}
    if status not in Milestone.Status.values:
        errors["status"] = _("Choose one of the statuses in the list.")
    if len(note) > NOTE_MAX_LENGTH:
        errors["note"] = _("The note can be at most %(max)s characters (it has %(length)s).") % {
            "max": NOTE_MAX_LENGTH,
            "length": len(note),
        }
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Milestone.objects.select_for_update().get(pk=milestone.pk)
        if (locked.status, locked.note) != (status, note):
            status_changed = locked.status != status
            locked.status, locked.note = status, note
            if status_changed:
                locked._check_recorded_adoption()
            record_history(
                locked,
                user=user,
                reason=_("Status: %(status)s") % {"status": locked.get_status_display()},
            )
            locked.save(update_fields=["status", "note"])
    milestone.status, milestone.note = locked.status, locked.note
    return locked


def milestone_move(*, milestone: Milestone, user: "User", offset: int) -> Milestone:
    """Move a milestone up (-1) or down (+1) in the order.

    Refused, with nothing changed, if the new order puts it after the council's adoption but
    dated before it (or the other way round).
    """
    with transaction.atomic():
        _lock_revision(milestone.revision_id)
        ordered = list(Milestone.objects.filter(revision_id=milestone.revision_id).in_order())
        index = next(i for i, m in enumerate(ordered) if m.pk == milestone.pk)
        target = min(max(index + offset, 0), len(ordered) - 1)
        moving = ordered.pop(index)
        if target == index:
            return moving
        ordered.insert(target, moving)
        _place(moving, after=ordered[target - 1] if target else None, user=user)
        save_with_history(moving, user=user, reason=_("Order changed"), update_fields=["position"])
    return moving


# --- Decisions ------------------------------------------------------------------------------


def _store_attachment(
    *, decision: Decision, upload: UploadedFile, kind: str, user: "User"
) -> DecisionAttachment:
    assert upload.name is not None and upload.size is not None  # an upload has both
    name = default_storage.save(generated_name("decisions", kind), upload)
    attachment = DecisionAttachment(
        decision=decision,
        file=name,
        kind=kind,
        filename=clean_filename(upload.name),
        size=upload.size,
        uploaded_by=user,
    )
    record_history(attachment, user=user, reason=_("Attachment added"))
    attachment.save()
    return attachment


def _validated_uploads(
    files: Iterable[UploadedFile], field: str = "attachments"
) -> list[tuple[UploadedFile, str]]:
    checked: list[tuple[UploadedFile, str]] = []
    errors: list[str] = []
    for upload in files:
        try:
            checked.append((upload, validate_upload(upload)))
        except ValidationError as error:
            errors.extend(
                f"{clean_filename(upload.name or '')}: {message}" for message in error.messages
            )
    if errors:
        raise ValidationError({field: errors})
    return checked


def chain_problems(
    *,
    milestone: Milestone,
    version: DocumentVersion,
    meeting_on: datetime.date,
    exclude_pk: int | None = None,
) -> list[str]:
    """What is out of the chain's order about recording this body's decision now: an earlier
    step that is not done, a meeting before the previous body's, or an older version than the
    previous body treated. Empty when the step is in order."""
    index = milestone.chain_index
    if index is None:
        return []
    problems = []
    earlier = [
        m
        for m in Milestone.objects.filter(revision_id=milestone.revision_id).in_order()
        if m.pk != milestone.pk and m.chain_index is not None and m.chain_index < index
    ]
    for step in earlier:
        if step.is_open:
            problems.append(
                _("“%(step)s” comes before %(body)s in the process and is not done yet.")
                % {"step": step.title, "body": milestone.body_name}
            )
    previous = (
        Decision.objects.filter(
            milestone__revision_id=milestone.revision_id,
            milestone__kind__in=[m.kind for m in earlier] or ["-"],
            version__document_id=version.document_id,
        )
        .exclude(pk=exclude_pk or 0)
        .exclude(outcome=Decision.Outcome.POSTPONED)
        .select_related("milestone", "version")
        .order_by("-meeting_on", "-pk")
        .first()
    )
    if previous is not None:
        if meeting_on and meeting_on < previous.meeting_on:
            problems.append(
                _("%(body)s met on %(date)s, before %(previous)s (%(previous_date)s).")
                % {
                    "body": milestone.body_name,
                    "date": dates.display(meeting_on, dates.DatePrecision.DAY),
                    "previous": previous.milestone.body_name,
                    "previous_date": dates.display(previous.meeting_on, dates.DatePrecision.DAY),
                }
            )
        if version.number < previous.version.number:
            problems.append(
                _(
                    "%(previous)s treated version %(newer)s; this decision is about the older "
                    "version %(older)s."
                )
                % {
                    "previous": previous.milestone.body_name,
                    "newer": previous.version.number,
                    "older": version.number,
                }
            )
    return problems


def _adopt_by_council(*, decision: Decision, user: "User") -> None:
    """The city council adopted a version: the document is adopted with that version. This is
    the only way a document becomes adopted in the workflow (see `VIA_COUNCIL_DECISION`)."""
    try:
        document_transition(
            document=decision.version.document,
            to_status=Document.Status.ADOPTED,
            user=user,
            version=decision.version,
            note=decision.summary,
            _via_council_decision=True,
        )
    except TransitionNotAllowed as refusal:
        raise ValidationError({"outcome": str(refusal)}) from refusal


def _refuse_after_adoption(*, milestone: Milestone, version: DocumentVersion) -> None:
    """The council's adoption ends the document's workflow: a later council decision would
    move the adoption milestone's date away from the meeting that adopted it."""
    if milestone.kind != Milestone.Kind.CITY_COUNCIL:
        return
    document = Document.objects.select_for_update().get(pk=version.document_id)
    if document.status != Document.Status.ADOPTED:
        return
    number = (
        DocumentVersion.objects.filter(pk=document.adopted_version_id)
        .values_list("number", flat=True)
        .first()
    )
    raise ValidationError(
        {
            "outcome": _(
                "The document is already adopted (version %(number)s); the city council's "
                "adoption is recorded."
            )
            % {"number": number or "–"}
        }
    )


def decision_record(
    *,
    milestone: Milestone,
    version: DocumentVersion,
    meeting_on: datetime.date,
    outcome: str,
    text: str,
    protocol_addendum: str = "",
    out_of_order_reason: str = "",
    files: Iterable[UploadedFile] = (),
    report_version: str = "",
    user: "User",
) -> Decision:
    """Record what a deciding body did with a version of the draft, with its minutes.

    The meeting is a fact of the timeline: the milestone gets the meeting's date and is done
    (unless the body postponed the matter). The chain keeps its order: a step recorded before
    an earlier one is done, or about an older version than the previous body treated, needs
    `out_of_order_reason`. The city council's adoption adopts the document with the version
    it treated. Files are checked before anything is written. `report_version` names the
    hearing report version the body treated with the draft (a choice of
    `policy.linked_reports.report_choices`), recorded by the app that keeps the reports.
    """
    uploads = _validated_uploads(files)
    decision = Decision(
        milestone=milestone,
        version=version,
        meeting_on=meeting_on,
        outcome=outcome,
        text=(text or "").strip(),
        protocol_addendum=(protocol_addendum or "").strip(),
        out_of_order_reason=(out_of_order_reason or "").strip(),
        recorded_by=user if user.is_authenticated else None,
    )
    stored = []
    try:
        with transaction.atomic():
            _lock_revision(milestone.revision_id)
            milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
            decision.milestone = milestone
            decision.full_clean()
            _refuse_after_adoption(milestone=milestone, version=version)
            problems = chain_problems(milestone=milestone, version=version, meeting_on=meeting_on)
            if problems and not decision.out_of_order_reason:
                problems.append(
                    _("Record it anyway only with a reason, which is kept and shown with it.")
                )
                raise ValidationError({"out_of_order_reason": problems})
            save_with_history(decision, user=user, reason=_("Decision recorded"))
            linked_reports.link_report(decision=decision, choice=report_version, user=user)
            linked_reports.mark_reports([decision])  # its summary names the report too
            for upload, kind in uploads:
                stored.append(
                    _store_attachment(decision=decision, upload=upload, kind=kind, user=user)
                )
            if outcome != Decision.Outcome.POSTPONED:
                milestone.status = Milestone.Status.DONE
                milestone.date_precision = dates.DatePrecision.DAY
                milestone.starts_on = meeting_on
                if milestone.ends_on and milestone.ends_on < meeting_on:
                    milestone.ends_on = None
                # The meeting's date is a fact: it is stored even where an older plan of the
                # timeline disagrees (the order check is for plans, not for what happened).
                record_history(milestone, user=user, reason=_("Treated at the meeting"))
                milestone.save()
            if (
                milestone.kind == Milestone.Kind.CITY_COUNCIL
                and outcome == Decision.Outcome.ADOPTED
            ):
                _adopt_by_council(decision=decision, user=user)
    except Exception:
        for attachment in stored:
            default_storage.delete(attachment.file.name)
        raise
    return decision


def decision_attachment_add(
    *, decision: Decision, files: Iterable[UploadedFile], user: "User"
) -> list[DecisionAttachment]:
    """Add files (the minutes often come after the meeting) to a decision record."""
    uploads = _validated_uploads(files)
    stored = []
    try:
        with transaction.atomic():
            for upload, kind in uploads:
                stored.append(
                    _store_attachment(decision=decision, upload=upload, kind=kind, user=user)
                )
    except Exception:
        for attachment in stored:
            default_storage.delete(attachment.file.name)
        raise
    return stored


# --- Groups and members ---------------------------------------------------------------------


def group_save(*, group: Group, user: "User") -> Group:
    with transaction.atomic():
        if group.pk is None and not group.position and group.revision_id:
            group.position = _next_position(Group.objects.filter(revision_id=group.revision_id))
        reason = _("Group created") if group.pk is None else _("Group changed")
        return save_with_history(group, user=user, reason=reason)


def member_save(*, member: GroupMember, user: "User") -> GroupMember:
    with transaction.atomic():
        if member.pk is None and not member.position:
            member.position = _next_position(member.group.members.all())
        reason = _("Member added") if member.pk is None else _("Member changed")
        return save_with_history(member, user=user, reason=reason)


def member_remove(*, member: GroupMember, user: "User") -> None:
    """Take a person out of a group; refused while they own open tasks."""
    with transaction.atomic():
        locked = GroupMember.objects.select_for_update().get(pk=member.pk)
        open_tasks = Task.objects.open().filter(owner=locked).count()
        if open_tasks:
            raise ValidationError(
                _("%(name)s owns %(count)s open tasks. Give them to someone else first.")
                % {"name": locked.name, "count": open_tasks}
            )
        record_history(locked, user=user, reason=_("Member removed"))
        locked.delete()


# --- Tasks ----------------------------------------------------------------------------------


def task_save(*, task: Task, user: "User") -> Task:
    with transaction.atomic():
        if task.pk is None and not task.position:
            task.position = _next_position(task.group.tasks.all())
        if task.status == Task.Status.DONE and task.completed_at is None:
            task.completed_at, task.completed_by = timezone.now(), user
        elif task.status != Task.Status.DONE:
            task.completed_at = task.completed_by = None
        reason = _("Task created") if task.pk is None else _("Task changed")
        return save_with_history(task, user=user, reason=reason)


def task_complete(*, task: Task, user: "User") -> Task:
    """Tick a task done; ticking it again changes nothing."""
    with transaction.atomic():
        locked = Task.objects.select_for_update().get(pk=task.pk)
        if locked.status != Task.Status.DONE:
            locked.status = Task.Status.DONE
            locked.completed_at = timezone.now()
            locked.completed_by = user if user.is_authenticated else None
            record_history(locked, user=user, reason=_("Task done"))
            locked.save(update_fields=["status", "completed_at", "completed_by"])
    return locked


def task_reopen(*, task: Task, user: "User") -> Task:
    """Undo a tick: the task is open again."""
    with transaction.atomic():
        locked = Task.objects.select_for_update().get(pk=task.pk)
        if locked.status == Task.Status.DONE:
            locked.status = Task.Status.OPEN
            locked.completed_at = locked.completed_by = None
            record_history(locked, user=user, reason=_("Task opened again"))
            locked.save(update_fields=["status", "completed_at", "completed_by"])
    return locked


# --- Stakeholders ---------------------------------------------------------------------------


def stakeholder_save(*, stakeholder: Stakeholder, user: "User") -> Stakeholder:
    with transaction.atomic():
        reason = _("Stakeholder added") if stakeholder.pk is None else _("Stakeholder changed")
        return save_with_history(stakeholder, user=user, reason=reason)
