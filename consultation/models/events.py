"""Events (the staff workshop, the citizens' meeting, any other meeting) and their sign-ups.

Citizens sign up without an account; each sign-up carries an unguessable token that is the
only key to its cancel page. Writes happen in `consultation.services.events`.
"""

import datetime
import secrets
import uuid
from typing import TYPE_CHECKING, Any, Self

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, Q
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

if TYPE_CHECKING:
    from medborger.models import User


def new_signup_token() -> str:
    return secrets.token_urlsafe(32)


def normalise_email(value: str) -> str:
    """The form two spellings of one address share: trimmed and lower-cased."""
    return (value or "").strip().lower()


class EventQuerySet(models.QuerySet):
    def listed_publicly(self) -> Self:
        """Events for citizens; the staff workshop is reached by its link, not listed."""
        return self.filter(audience__in=[Event.Audience.CITIZENS, Event.Audience.BOTH])

    def upcoming(self, now: datetime.datetime | None = None) -> Self:
        return self.filter(ends_at__gte=now or timezone.now())

    def past(self, now: datetime.datetime | None = None) -> Self:
        return self.filter(ends_at__lt=now or timezone.now())

    def organised_by(self, user: "User | AnonymousUser") -> Self:
        return self.filter(organisers=user) if user.is_authenticated else self.none()

    def with_counts(self) -> Self:
        return self.annotate(
            confirmed_count=Count("signups", filter=Q(signups__status=SignUp.Status.CONFIRMED)),
            waiting_count=Count("signups", filter=Q(signups__status=SignUp.Status.WAITING)),
            checked_in_count=Count("signups", filter=Q(signups__checked_in_at__isnull=False)),
        )

    def due_for_anonymisation(
        self, today: datetime.date | None = None, now: datetime.datetime | None = None
    ) -> Self:
        """Events whose attendees' personal data should be deleted now and has not been."""
        today = today or timezone.localdate()
        return self.filter(
            personal_data_delete_on__lte=today,
            personal_data_deleted_at__isnull=True,
            ends_at__lt=now or timezone.now(),
        )


class Event(models.Model):
    class Audience(models.TextChoices):
        STAFF = "staff", _("Staff")
        CITIZENS = "citizens", _("Citizens")
        BOTH = "both", _("Staff and citizens")

    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=300)
    #: Rich text, sanitised by the service on every save.
    description = models.TextField(_("description"), blank=True)
    #: {language: {"description": html}} (medborger.texts); the Danish text is `description`.
    translations = models.JSONField(_("texts in other languages"), default=dict, blank=True)

    TRANSLATED_FIELDS = ("description",)
    audience = models.CharField(
        _("audience"), max_length=10, choices=Audience.choices, default=Audience.CITIZENS
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    signup_deadline = models.DateTimeField(_("sign-up deadline"))
    organisers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("organisers"),
        blank=True,
        related_name="organised_events",
    )
    revision = models.ForeignKey(
        "policy.PolicyRevision",
        verbose_name=_("revision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    milestone = models.ForeignKey(
        "policy.Milestone",
        verbose_name=_("milestone"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    #: The day the attendees' personal data is deleted; the daily retention task does it.
    personal_data_delete_on = models.DateField(_("delete attendees' personal data on"))
    personal_data_deleted_at = models.DateTimeField(
        _("attendees' personal data deleted"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()
    objects = EventQuerySet.as_manager()
    #: Set by `EventQuerySet.with_counts()`.
    confirmed_count: int

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["personal_data_delete_on", "personal_data_deleted_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=F("starts_at")), name="event_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(signup_deadline__lte=F("starts_at")),
                name="event_deadline_not_after_start",
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="event_capacity_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        errors: dict[str, Promise] = {}
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            errors["ends_at"] = _("The event cannot end before it starts.")
        if self.starts_at and self.signup_deadline and self.signup_deadline > self.starts_at:
            errors["signup_deadline"] = _("The sign-up deadline must be before the event starts.")
        if self.capacity is not None and self.capacity < 1:
            errors["capacity"] = _("The capacity must be at least 1, or empty for no limit.")
        if (
            self.ends_at
            and self.personal_data_delete_on
            and self.personal_data_delete_on < timezone.localdate(self.ends_at)
        ):
            errors["personal_data_delete_on"] = _(
                "Personal data can be deleted at the earliest on the day of the event."
            )
        if (
            self.milestone_id
            and self.revision_id
            and self.milestone is not None
            and self.milestone.revision_id != self.revision_id
        ):
            errors["milestone"] = _("The milestone belongs to another revision.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_listed_publicly(self) -> bool:
        return self.audience != self.Audience.STAFF

    def has_ended(self, now: datetime.datetime | None = None) -> bool:
        return self.ends_at < (now or timezone.now())

    def has_started(self, now: datetime.datetime | None = None) -> bool:
        return self.starts_at <= (now or timezone.now())

    def signup_is_open(self, now: datetime.datetime | None = None) -> bool:
        now = now or timezone.now()
        return (
            now <= self.signup_deadline
            and not self.has_started(now)
            and self.personal_data_deleted_at is None
        )

    def signup_closed_reason(self, now: datetime.datetime | None = None) -> str:
        """Why sign-up is closed, in the active language; empty while it is open."""
        now = now or timezone.now()
        if self.personal_data_deleted_at is not None or self.has_ended(now):
            return str(_("This event has taken place, so sign-up is closed."))
        if self.has_started(now):
            return str(_("This event has begun, so sign-up is closed."))
        if now > self.signup_deadline:
            deadline = formats.date_format(
                timezone.localtime(self.signup_deadline), "DATETIME_FORMAT"
            )
            return str(
                _(
                    "The sign-up deadline was %(deadline)s, so sign-up is closed. Contact the "
                    "organisers if you would still like to come."
                )
                % {"deadline": deadline}
            )
        return ""

    @property
    def free_seats(self) -> int | None:
        """Seats still free (None: no limit). Needs the `with_counts()` annotation."""
        return self.seats_left(self.confirmed_count)

    def seats_left(self, confirmed_count: int) -> int | None:
        if self.capacity is None:
            return None
        return max(self.capacity - confirmed_count, 0)


class SignUpQuerySet(models.QuerySet):
    def active(self) -> Self:
        return self.exclude(status=SignUp.Status.CANCELLED)

    def confirmed(self) -> Self:
        return self.filter(status=SignUp.Status.CONFIRMED)

    def waiting(self) -> Self:
        return self.filter(status=SignUp.Status.WAITING)

    def pending(self) -> Self:
        return self.filter(status=SignUp.Status.PENDING)

    def unconfirmed_after(self, now: datetime.datetime) -> Self:
        """Sign-ups whose e-mailed link was not confirmed by its deadline."""
        return self.pending().filter(confirm_by__lt=now)

    def in_list_order(self) -> Self:
        """Confirmed first, then the waiting list in the order people joined it, then the rest."""
        order = models.Case(
            models.When(status=SignUp.Status.CONFIRMED, then=0),
            models.When(status=SignUp.Status.WAITING, then=1),
            default=2,
        )
        return self.alias(status_order=order).order_by("status_order", "created_at", "pk")

    def for_email(self, email: str) -> Self:
        return self.filter(email_normalised=normalise_email(email)).exclude(email_normalised="")

    def not_anonymised(self) -> Self:
        return self.filter(anonymised_at__isnull=True)


class SignUp(models.Model):
    """One person's sign-up for one event, made without an account."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting e-mail confirmation")
        CONFIRMED = "confirmed", _("Signed up")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", pgettext_lazy("sign-up", "Cancelled")

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="signups"
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.CharField(_("e-mail"), max_length=254, blank=True)
    #: Lower-cased, trimmed e-mail: one active sign-up per address and event.
    email_normalised = models.CharField(max_length=254, blank=True, editable=False)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    interpreter_language = models.CharField(_("interpreter"), max_length=100, blank=True)
    needs_step_free_access = models.BooleanField(_("step-free access"), default=False)
    needs_hearing_loop = models.BooleanField(_("hearing loop"), default=False)
    needs_other = models.TextField(_("other needs"), blank=True)
    consent_at = models.DateTimeField(_("consent given"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.CONFIRMED
    )
    token = models.CharField(max_length=64, unique=True, default=new_signup_token, editable=False)
    #: The language the person signed up in; later e-mails (moving up) use it too.
    language = models.CharField(_("language"), max_length=8, default="da")
    created_at = models.DateTimeField(_("signed up"), default=timezone.now)
    #: A sign-up takes a seat (or a place on the waiting list) only when the link in its e-mail
    #: is confirmed by this time; after it, a periodic task releases it.
    confirm_by = models.DateTimeField(_("confirm by"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("e-mail confirmed"), null=True, blank=True)
    promoted_at = models.DateTimeField(_("moved up from the waiting list"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)

    history = HistoricalRecords()
    objects = SignUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        ordering = ["event", "created_at", "pk"]
        indexes = [
            models.Index(fields=["event", "status", "created_at"]),
            models.Index(fields=["email_normalised"]),
        ]
        constraints = [
            # A double click or a second visit never makes a second active sign-up.
            models.UniqueConstraint(
                fields=["event", "email_normalised"],
                condition=~Q(status="cancelled") & ~Q(email_normalised=""),
                name="signup_one_active_per_email",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} – {self.event}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.email_normalised = normalise_email(self.email)
        super().save(*args, **kwargs)

    def can_cancel(self, now: datetime.datetime | None = None) -> bool:
        return self.status != self.Status.CANCELLED and not self.event.has_started(now)

    def can_confirm(self, now: datetime.datetime | None = None) -> bool:
        now = now or timezone.now()
        return (
            self.status == self.Status.PENDING
            and (self.confirm_by is None or now <= self.confirm_by)
            and not self.event.has_started(now)
        )

    @property
    def needs_summary(self) -> list[str]:
        needs = []
        if self.interpreter_language:
            needs.append(_("Interpreter: %(language)s") % {"language": self.interpreter_language})
        if self.needs_step_free_access:
            needs.append(str(_("Step-free access")))
        if self.needs_hearing_loop:
            needs.append(str(_("Hearing loop")))
        if self.needs_other:
            needs.append(self.needs_other)
        return needs


class SignUpErasure(models.Model):
    """A record that attendees' personal data was deleted: when, why, how many, by whom."""

    class Reason(models.TextChoices):
        RETENTION = "retention", _("Retention period ended")
        REQUEST = "request", _("The person asked for it")

    event = models.ForeignKey(
        Event,
        verbose_name=_("event"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="erasures",
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    signup_count = models.PositiveIntegerField(_("sign-ups anonymised"))
    performed_at = models.DateTimeField(_("performed"), default=timezone.now)
    performed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("performed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("erasure of personal data")
        verbose_name_plural = _("erasures of personal data")
        ordering = ["-performed_at"]

    def __str__(self) -> str:
        return f"{self.get_reason_display()}: {self.signup_count} ({self.performed_at:%Y-%m-%d})"


class EventNoteQuerySet(models.QuerySet):
    def for_section_key(self, key: uuid.UUID) -> Self:
        """Notes on one section, whichever version of the document they were written against."""
        return self.filter(section_key=key)


class EventNote(models.Model):
    """What came out of an event, tied to a section of the policy draft.

    The section is stored by its `key` (stable across versions) together with the version the
    note was written against, so the note keeps pointing at the right section when the draft
    gets new versions.
    """

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="notes"
    )
    version = models.ForeignKey(
        "policy.DocumentVersion",
        verbose_name=_("version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="event_notes",
    )
    section_key = models.UUIDField(_("section identity"), null=True, blank=True, db_index=True)
    #: The section's heading when the note was written (the section may be renamed later).
    section_heading = models.CharField(_("section"), max_length=300, blank=True)
    text = models.TextField(_("input"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="event_notes",
    )
    created_at = models.DateTimeField(_("written"), default=timezone.now)

    history = HistoricalRecords()
    objects = EventNoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("input from an event")
        verbose_name_plural = _("input from events")
        ordering = ["event", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(section_key__isnull=True) | Q(version__isnull=False),
                name="event_note_section_has_version",
            ),
        ]

    def __str__(self) -> str:
        return self.section_heading or str(_("General input"))
