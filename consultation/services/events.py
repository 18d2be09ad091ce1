"""Write operations on events and sign-ups. Views, the admin, demo data and tasks call these."""

import datetime
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from consultation import counts
from consultation.models import Event, EventNote, SignUp, SignUpErasure
from medborger.history import record_history
from medborger.html import sanitize_html
from medborger.models import OutboundEmail
from medborger.outbox import notification_enqueue
from medborger.public_forms import PublicFormPolicy, mail_allowed, single_line
from medborger.texts import translations_set

#: The public sign-up form's rules (rate limit, proof of work, honeypot, timing).
SIGNUP_FORM = PublicFormPolicy(
    name="event-signup",
    limit_setting="EVENT_SIGNUP_RATE_LIMIT",
    window_setting="EVENT_SIGNUP_RATE_WINDOW_MINUTES",
    min_fill_setting="EVENT_SIGNUP_MIN_FILL_SECONDS",
    stamp_salt="consultation.signup-form",
    unconfirmed_notifications=("event_signup_confirm",),
)

if TYPE_CHECKING:
    from consultation.models.events import SignUpQuerySet
    from medborger.models import User
    from policy.models import Section

#: What an anonymised sign-up is called in lists and exports (data, not interface text).
ANONYMISED_NAME = "Anonymiseret"
_BATCH = 500


class SignUpRefused(Exception):
    """A sign-up or cancellation that cannot be made; `message` says why, for the person."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class SignUpClosed(SignUpRefused):
    pass


class AlreadySignedUp(SignUpRefused):
    pass


class SignUpDropped(Exception):
    """A robot's sign-up (the honeypot filled in, or sent faster than a person can): nothing is
    stored, and the robot is thanked as if it had worked."""


@dataclass(frozen=True)
class SignUpData:
    name: str
    email: str
    organisation: str = ""
    interpreter_language: str = ""
    needs_step_free_access: bool = False
    needs_hearing_loop: bool = False
    needs_other: str = ""


# --- Events ---------------------------------------------------------------------------------


def default_personal_data_delete_on(ends_at: datetime.datetime) -> datetime.date:
    return timezone.localdate(ends_at) + datetime.timedelta(
        days=settings.EVENT_PERSONAL_DATA_RETENTION_DAYS
    )


def event_save(
    *, event: Event, organisers: Iterable["User"] | None = None, user: "User", reason: str = ""
) -> Event:
    """Create or change an event; seats freed by a larger capacity go to the waiting list."""
    event.description = sanitize_html(event.description)
    if event.milestone_id:
        assert event.milestone is not None
        event.revision_id = event.milestone.revision_id
    if event.personal_data_delete_on is None:
        event.personal_data_delete_on = default_personal_data_delete_on(event.ends_at)
    created = event.pk is None
    with transaction.atomic():
        record_history(
            event, user=user, reason=reason or (_("Created") if created else _("Changed"))
        )
        event.save()
        if organisers is not None:
            event.organisers.set(organisers)
        if not created:
            _promote_waiting(Event.objects.select_for_update().get(pk=event.pk), timezone.now())
    return event


# --- Sign-up --------------------------------------------------------------------------------


def signup_create(
    *,
    event: Event,
    data: SignUpData,
    honeypot_filled: bool = False,
    too_fast: bool = False,
    now: datetime.datetime | None = None,
) -> SignUp:
    """Take a person's sign-up, to be confirmed through the link e-mailed to them.

    The sign-up holds no seat until it is confirmed (`signup_confirm`) before `confirm_by`; a
    robot that cannot read the mail therefore takes no seat and no place on the waiting list.
    The e-mail is written to the outbox in the same transaction, unless the public forms have
    already sent the address as many e-mails today as they may (then nothing is stored).
    A robot's post (`honeypot_filled`, `too_fast`: the public-form policy's verdict) raises
    `SignUpDropped`.
    """
    if honeypot_filled or too_fast:
        raise SignUpDropped
    now = now or timezone.now()
    email = data.email.strip()
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        closed = locked.signup_closed_reason(now)
        if closed:
            raise SignUpClosed(closed)
        if locked.signups.active().for_email(email).exists():
            raise AlreadySignedUp(_already_signed_up_message())
        if not mail_allowed(to=email, now=now):
            raise SignUpRefused(
                _(
                    "We have sent several e-mails to this address today, so we cannot send the "
                    "confirmation now. Please try again tomorrow, or contact the organisers."
                )
            )
        signup = SignUp(
            event=locked,
            name=single_line(data.name),
            email=email,
            organisation=single_line(data.organisation),
            interpreter_language=single_line(data.interpreter_language),
            needs_step_free_access=data.needs_step_free_access,
            needs_hearing_loop=data.needs_hearing_loop,
            needs_other=data.needs_other.strip(),
            consent_at=now,
            status=SignUp.Status.PENDING,
            confirm_by=now + datetime.timedelta(hours=settings.EVENT_SIGNUP_CONFIRM_HOURS),
            language=translation.get_language() or settings.LANGUAGE_CODE,
            created_at=now,
        )
        record_history(signup, user=None, reason=_("Signed up"))
        try:
            with transaction.atomic():
                signup.save()
        except IntegrityError as exc:
            # Two posts of the same form raced past the check above.
            raise AlreadySignedUp(_already_signed_up_message()) from exc
        _notify(signup, "event_signup_confirm")
    return signup


def signup_confirm(*, signup: SignUp, now: datetime.datetime | None = None) -> SignUp:
    """The person followed the e-mailed link: the sign-up takes a seat, or a waiting place.

    Confirming twice changes nothing. The event row is locked while seats are counted, so two
    people never get the last seat.
    """
    now = now or timezone.now()
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=signup.event_id)
        locked = SignUp.objects.select_for_update().get(pk=signup.pk)
        locked.event = event
        if locked.status != SignUp.Status.PENDING:
            signup.status = locked.status
            return signup
        if not locked.can_confirm(now):
            raise SignUpClosed(
                _(
                    "The link has expired, so the sign-up was not confirmed. You are welcome to "
                    "sign up again while sign-up is open."
                )
                if not event.has_started(now)
                else _("The event has begun, so the sign-up can no longer be confirmed.")
            )
        has_seat = event.capacity is None or (
            event.signups.confirmed().count() < event.capacity
            and not event.signups.waiting().exists()
        )
        locked.status = SignUp.Status.CONFIRMED if has_seat else SignUp.Status.WAITING
        locked.confirmed_at = now
        record_history(locked, user=None, reason=_("E-mail confirmed"))
        locked.save(update_fields=["status", "confirmed_at"])
        _notify(locked, "event_signup_received")
    signup.status, signup.confirmed_at = locked.status, locked.confirmed_at
    return signup


def signups_expire(*, now: datetime.datetime | None = None) -> int:
    """Periodic: release sign-ups not confirmed by their deadline (idempotent).

    They held no seat, but each event they belonged to is given to its waiting list once more,
    so a seat freed meanwhile never stays empty. Returns the number of sign-ups released.
    """
    now = now or timezone.now()
    released = 0
    event_ids = set(SignUp.objects.unconfirmed_after(now).values_list("event_id", flat=True))
    for event_id in sorted(event_ids):
        with transaction.atomic():
            event = Event.objects.select_for_update().filter(pk=event_id).first()
            if event is None:
                continue
            for signup in event.signups.unconfirmed_after(now).select_for_update():
                signup.status = SignUp.Status.CANCELLED
                signup.cancelled_at = now
                record_history(signup, user=None, reason=_("Not confirmed in time"))
                signup.save(update_fields=["status", "cancelled_at"])
                released += 1
            _promote_waiting(event, now)
    return released


def _already_signed_up_message() -> str:
    return _(
        "You are already signed up for this event with this e-mail address, so there is "
        "nothing more to do. The confirmation e-mail has a link if you need to cancel."
    )


def signup_cancel(
    *, signup: SignUp, user: "User | None" = None, now: datetime.datetime | None = None
) -> list[SignUp]:
    """Cancel a sign-up and give its seat to the first on the waiting list.

    Cancelling twice changes nothing. Returns the sign-ups that moved up.
    """
    now = now or timezone.now()
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=signup.event_id)
        locked = SignUp.objects.select_for_update().get(pk=signup.pk)
        if locked.status == SignUp.Status.CANCELLED:
            signup.status, signup.cancelled_at = locked.status, locked.cancelled_at
            return []
        if event.has_started(now):
            raise SignUpClosed(_("The event has begun, so the sign-up can no longer be cancelled."))
        locked.status = SignUp.Status.CANCELLED
        locked.cancelled_at = now
        record_history(locked, user=user, reason=_("Cancelled"))
        locked.save(update_fields=["status", "cancelled_at"])
        promoted = _promote_waiting(event, now)
    signup.status, signup.cancelled_at = locked.status, locked.cancelled_at
    return promoted


def _promote_waiting(event: Event, now: datetime.datetime) -> list[SignUp]:
    """Fill free seats from the waiting list, first come first served (event row locked)."""
    if event.has_started(now) or event.personal_data_deleted_at is not None:
        return []
    waiting = event.signups.waiting().order_by("created_at", "pk")
    if event.capacity is not None:
        free = event.capacity - event.signups.confirmed().count()
        if free <= 0:
            return []
        waiting = waiting[:free]
    promoted = []
    for signup in waiting:
        signup.status = SignUp.Status.CONFIRMED
        signup.promoted_at = now
        record_history(signup, user=None, reason=_("Moved up from the waiting list"))
        signup.save(update_fields=["status", "promoted_at"])
        _notify(signup, "event_signup_promoted")
        promoted.append(signup)
    return promoted


def _notify(signup: SignUp, notification: str) -> None:
    """E-mail the person; only their name and the event's facts go in (nothing else they typed)."""
    cancel_path = reverse("consultation:signup_manage", args=[signup.token])
    event_path = reverse("consultation:event_detail", args=[signup.event_id])
    notification_enqueue(
        notification=notification,
        to=signup.email,
        language=signup.language,
        context={
            "signup": signup,
            "event": signup.event,
            "cancel_url": settings.SITE_URL + cancel_path,
            "confirm_url": settings.SITE_URL + cancel_path,
            "event_url": settings.SITE_URL + event_path,
        },
        idempotency_key=f"event-signup-{signup.pk}-{notification}",
        related=signup,
    )


def signup_check_in(
    *, signup: SignUp, present: bool, user: "User", now: datetime.datetime | None = None
) -> SignUp:
    """Mark a person as arrived (or undo it) at the door."""
    if present == (signup.checked_in_at is not None):
        return signup
    signup.checked_in_at = (now or timezone.now()) if present else None
    record_history(signup, user=user, reason=_("Checked in") if present else _("Check-in undone"))
    signup.save(update_fields=["checked_in_at"])
    return signup


# --- Input from the event -------------------------------------------------------------------


def event_translation_save(*, event: Event, language: str, texts: dict, user: "User") -> Event:
    """Give the event's description in one more language (empty removes it; sanitised)."""
    translations_set(event, language=language, texts=texts)
    record_history(event, user=user, reason=_("Texts in another language changed"))
    event.save(update_fields=["translations"])
    return event


def event_note_add(
    *, event: Event, section: "Section | None", text: str, user: "User"
) -> EventNote:
    """Record input from an event, on a section of the draft (`policy.Section`) or in general."""
    note = EventNote(
        event=event,
        version=section.version if section is not None else None,
        section_key=section.key if section is not None else None,
        section_heading=section.heading if section is not None else "",
        text=text.strip(),
        author=user,
    )
    record_history(note, user=user, reason=_("Input recorded"))
    note.save()
    return note


# --- Personal data --------------------------------------------------------------------------


def _batched(iterable: Iterable[int], size: int) -> Iterator[list[int]]:
    iterator = iter(iterable)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def signups_anonymise(*, signups: "SignUpQuerySet", now: datetime.datetime | None = None) -> int:
    """Blank the personal data of these sign-ups, in their history and in their e-mails too.

    What stays: the status, the times and the check-in, so attendance can still be counted.
    """
    now = now or timezone.now()
    ids = list(signups.not_anonymised().values_list("pk", flat=True))
    signup_type = ContentType.objects.get_for_model(SignUp)
    blank = {
        "name": ANONYMISED_NAME,
        "email": "",
        "email_normalised": "",
        "organisation": "",
        "interpreter_language": "",
        "needs_step_free_access": False,
        "needs_hearing_loop": False,
        "needs_other": "",
    }
    for batch in _batched(ids, _BATCH):
        SignUp.objects.filter(pk__in=batch).update(
            **blank,
            token=Concat(Value("anonymised-"), Cast("pk", output_field=CharField())),
            anonymised_at=now,
        )
        SignUp.history.filter(id__in=batch).update(**blank, token="")
        emails = OutboundEmail.objects.filter(
            related_type=signup_type, related_id__in=[str(pk) for pk in batch]
        )
        emails.filter(
            status__in=[OutboundEmail.Status.QUEUED, OutboundEmail.Status.SENDING]
        ).update(status=OutboundEmail.Status.FAILED, last_error="Anonymised before sending.")
        emails.update(to_address="", body_text="", body_html="")
    if ids:
        counts.signups_changed()  # update() sends no signals
    return len(ids)


def event_personal_data_delete(
    *,
    event: Event,
    user: "User | None" = None,
    reason: str = SignUpErasure.Reason.RETENTION,
    now: datetime.datetime | None = None,
) -> SignUpErasure | None:
    """Anonymise every attendee of one event and record that it was done (once)."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        if locked.personal_data_deleted_at is not None:
            return None
        count = signups_anonymise(signups=locked.signups.all(), now=now)
        locked.personal_data_deleted_at = now
        record_history(locked, user=user, reason=_("Attendees' personal data deleted"))
        locked.save(update_fields=["personal_data_deleted_at", "updated_at"])
        erasure = SignUpErasure.objects.create(
            event=locked, reason=reason, signup_count=count, performed_at=now, performed_by=user
        )
    event.personal_data_deleted_at = locked.personal_data_deleted_at
    return erasure


def event_retention_run(
    *, today: datetime.date | None = None, now: datetime.datetime | None = None
) -> int:
    """The daily scan: delete attendees' data of every event whose date has come.

    Returns the number of events.
    """
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    done = 0
    for event_id in Event.objects.due_for_anonymisation(today, now).values_list("pk", flat=True):
        event = Event.objects.filter(pk=event_id).first()
        if event is not None and event_personal_data_delete(event=event, now=now) is not None:
            done += 1
    return done


def signup_data_export(*, email: str) -> list[dict]:
    """Every sign-up given with one e-mail address, across all events, for a request for access."""
    signups = SignUp.objects.for_email(email).select_related("event").order_by("created_at")
    return [
        {
            "event": signup.event.title,
            "event_starts_at": signup.event.starts_at.isoformat(),
            "place": signup.event.place,
            "name": signup.name,
            "email": signup.email,
            "organisation": signup.organisation,
            "interpreter_language": signup.interpreter_language,
            "needs_step_free_access": signup.needs_step_free_access,
            "needs_hearing_loop": signup.needs_hearing_loop,
            "needs_other": signup.needs_other,
            "status": signup.status,
            "consent_at": signup.consent_at.isoformat(),
            "signed_up_at": signup.created_at.isoformat(),
            "cancelled_at": signup.cancelled_at.isoformat() if signup.cancelled_at else None,
            "checked_in_at": (signup.checked_in_at.isoformat() if signup.checked_in_at else None),
            "personal_data_delete_on": signup.event.personal_data_delete_on.isoformat(),
        }
        for signup in signups
    ]


def signup_data_erase(
    *, email: str, user: "User", now: datetime.datetime | None = None
) -> SignUpErasure:
    """Erase one person's data on request: cancel what is still ahead, then anonymise it all."""
    now = now or timezone.now()
    with transaction.atomic():
        upcoming = (
            SignUp.objects.for_email(email).active().filter(event__starts_at__gt=now).order_by("pk")
        )
        for signup in upcoming:
            signup_cancel(signup=signup, user=user, now=now)
        count = signups_anonymise(signups=SignUp.objects.for_email(email), now=now)
        return SignUpErasure.objects.create(
            reason=SignUpErasure.Reason.REQUEST,
            signup_count=count,
            performed_at=now,
            performed_by=user,
        )
