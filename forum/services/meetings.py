"""Meetings: time and place, agenda, minutes with decisions, attendance, publishing."""

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.template.defaultfilters import linebreaks  # type: ignore[attr-defined]
from django.utils import timezone
from django.utils.translation import gettext as _

from forum.models import AgendaItem, Attendance, Forum, Meeting, Person
from medborger.history import record_history, save_with_history
from medborger.html import html_to_text, sanitize_html

if TYPE_CHECKING:
    from medborger.models import User


@dataclass(frozen=True)
class AgendaItemInput:
    title: str
    description: str = ""
    #: The existing item this row edits; None for a new item.
    pk: int | None = None


def minutes_html(text: str) -> str:
    """Sanitised HTML from what the secretariat wrote: HTML as it is, plain text as paragraphs."""
    text = (text or "").strip()
    if text and "<" not in text:
        text = linebreaks(text)
    return sanitize_html(text)


def meeting_save(
    *,
    forum: Forum,
    user: "User",
    title: str,
    starts_at: datetime.datetime,
    place: str,
    ends_at: datetime.datetime | None = None,
    meeting: Meeting | None = None,
) -> Meeting:
    if starts_at is None:
        raise ValidationError({"starts_at": _("Give the meeting's date and time.")})
    meeting = meeting or Meeting(forum=forum, created_by=user)
    created = meeting.pk is None
    meeting.title, meeting.starts_at, meeting.ends_at = title.strip(), starts_at, ends_at
    meeting.place = place.strip()
    return save_with_history(
        meeting, user=user, reason=_("Meeting planned") if created else _("Meeting edited")
    )


def agenda_save(
    *, meeting: Meeting, items: list[AgendaItemInput], user: "User"
) -> list[AgendaItem]:
    """Make the agenda exactly `items`, in that order; items left out are removed."""
    items = [item for item in items if item.title.strip()]
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        existing: dict[int | None, AgendaItem] = {
            item.pk: item for item in meeting.agenda_items.all()
        }
        unknown = {item.pk for item in items if item.pk is not None} - set(existing)
        if unknown:
            raise ValidationError(_("The agenda has changed meanwhile. Reload the page."))
        kept = {item.pk for item in items if item.pk is not None}
        for pk, removed in existing.items():
            if pk not in kept:
                record_history(removed, user=user, reason=_("Agenda item removed"))
                removed.delete()
        # Move the kept items out of the way so renumbering never meets the unique constraint.
        meeting.agenda_items.update(position=F("position") + 10_000)
        saved = []
        for position, item in enumerate(items, start=1):
            row = existing.get(item.pk) or AgendaItem(meeting=meeting)
            row.position, row.title, row.description = (
                position,
                item.title.strip(),
                item.description,
            )
            saved.append(
                save_with_history(
                    row,
                    user=user,
                    reason=_("Agenda item added") if row.pk is None else _("Agenda edited"),
                )
            )
        return saved


def minutes_save(
    *, meeting: Meeting, minutes: str, decisions: dict[int, str], user: "User"
) -> Meeting:
    """Store the minutes (sanitised) and the decision on each agenda item."""
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        meeting.minutes = minutes_html(minutes)
        if meeting.minutes_published_at and not html_to_text(meeting.minutes):
            raise ValidationError(
                {"minutes": _("Published minutes cannot be emptied. Unpublish them first.")}
            )
        save_with_history(meeting, user=user, reason=_("Minutes written"))
        for item in meeting.agenda_items.all():
            decision = decisions.get(item.pk, item.decision).strip()
            if decision != item.decision:
                item.decision = decision
                save_with_history(item, user=user, reason=_("Decision recorded"))
        return meeting


def meeting_publish(*, meeting: Meeting, user: "User", part: str, publish: bool = True) -> Meeting:
    """Publish (or withdraw) the agenda or the minutes; published ones are public."""
    if part not in ("agenda", "minutes"):
        raise ValueError(part)
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if publish and part == "agenda" and not meeting.agenda_items.exists():
            raise ValidationError(_("Add at least one agenda item before publishing the agenda."))
        if publish and part == "minutes" and not html_to_text(meeting.minutes):
            raise ValidationError(_("Write the minutes before publishing them."))
        field = f"{part}_published_at"
        if bool(getattr(meeting, field)) == publish:
            return meeting
        setattr(meeting, field, timezone.now() if publish else None)
        reasons = {
            ("agenda", True): _("Agenda published"),
            ("agenda", False): _("Agenda withdrawn"),
            ("minutes", True): _("Minutes published"),
            ("minutes", False): _("Minutes withdrawn"),
        }
        return save_with_history(meeting, user=user, reason=reasons[part, publish])


def attendance_record(*, meeting: Meeting, statuses: dict[Person, str], user: "User") -> Meeting:
    """Record who attended; an empty status removes the person's entry."""
    with transaction.atomic():
        existing = {row.person_id: row for row in meeting.attendances.all()}
        for person, status in statuses.items():
            if person.forum_id != meeting.forum_id:
                raise ValidationError(
                    _("%(person)s belongs to another forum.") % {"person": person}
                )
            row = existing.get(person.pk)
            if not status:
                if row is not None:
                    record_history(row, user=user, reason=_("Attendance removed"))
                    row.delete()
                continue
            if row is not None and row.status == status:
                continue
            row = row or Attendance(meeting=meeting, person=person)
            row.status = status
            save_with_history(row, user=user, reason=_("Attendance recorded"))
        return meeting
