import datetime
import secrets
import uuid
from typing import Self

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .reminder_registry import registry


def new_calendar_token() -> str:
    return secrets.token_urlsafe(24)


class User(AbstractUser):
    """A person who logs in: municipal staff, the forum's secretariat or a forum member.

    Citizens never need an account.
    """

    class ReminderDelivery(models.TextChoices):
        IMMEDIATE = "immediate", _("Each reminder at once")
        DAILY_DIGEST = "daily_digest", _("One daily digest")

    language = models.CharField(
        _("language"), max_length=8, choices=settings.STAFF_LANGUAGES, default="da"
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    department = models.CharField(_("department"), max_length=200, blank=True)
    #: Secret part of the user's calendar feed URL; rotating it revokes old subscriptions.
    calendar_token = models.CharField(max_length=64, unique=True, default=new_calendar_token)
    reminder_delivery = models.CharField(
        _("reminder delivery"),
        max_length=20,
        choices=ReminderDelivery.choices,
        default=ReminderDelivery.IMMEDIATE,
    )
    #: The person at the single sign-on provider (its subject claim); empty for a local account.
    #: Accounts are matched on this, never on a name or an e-mail address the provider reports.
    sso_subject = models.CharField(_("single sign-on subject"), max_length=255, blank=True)

    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                fields=["sso_subject"],
                condition=~models.Q(sso_subject=""),
                name="user_sso_subject_unique",
            )
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class OutboundEmailQuerySet(models.QuerySet):
    def due(self, now: datetime.datetime | None = None) -> Self:
        """Queued rows whose (next) attempt time has come."""
        now = now or timezone.now()
        return self.filter(status=OutboundEmail.Status.QUEUED, next_attempt_at__lte=now)

    def stale_claims(self, now: datetime.datetime | None = None) -> Self:
        """Rows claimed by a worker that has not finished within the claim timeout."""
        now = now or timezone.now()
        cutoff = now - datetime.timedelta(seconds=settings.OUTBOX_CLAIM_TIMEOUT_SECONDS)
        return self.filter(status=OutboundEmail.Status.SENDING, claimed_at__lt=cutoff)


class OutboundEmail(models.Model):
    """One e-mail the system sends, written in the transaction of whatever caused it.

    A Celery task delivers it later: queued -> sending -> sent, or back to queued with a later
    `next_attempt_at` after a failure, and failed after `OUTBOX_MAX_ATTEMPTS`. A broker that is
    down therefore delays e-mail but never a page, and never loses one.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    notification = models.CharField(_("notification"), max_length=100, blank=True)
    to_address = models.CharField(_("to"), max_length=254, db_index=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outbound_emails",
    )
    from_address = models.CharField(_("from"), max_length=254)
    subject = models.CharField(_("subject"), max_length=255)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"), blank=True)
    message_id = models.CharField(max_length=255, unique=True)
    #: Set by callers that must never queue the same message twice (receipts, reminders).
    idempotency_key = models.CharField(max_length=255, unique=True, null=True, blank=True)
    related_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    related_id = models.CharField(max_length=64, blank=True)

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    objects = OutboundEmailQuerySet.as_manager()

    class Meta:
        verbose_name = _("outbound e-mail")
        verbose_name_plural = _("outbound e-mails")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            # The public forms' daily limit per address (`public_forms.mail_allowed`) counts
            # one address's rows, case-insensitively, without reading the whole day's outbox.
            models.Index(Upper("to_address"), "created_at", name="outbox_address_day"),
        ]

    def __str__(self) -> str:
        return f"{self.to_address}: {self.subject}"

    @staticmethod
    def new_message_id() -> str:
        return f"<{uuid.uuid4().hex}@medborger>"


def validate_lead_days(value: str) -> None:
    try:
        days = parse_lead_days(value)
    except ValueError:
        days = None
    if days is None or any(day < 0 or day > 366 for day in days):
        raise ValidationError(
            _("Write whole numbers of days between 0 and 366, separated by commas, e.g. 14, 7, 1.")
        )


def parse_lead_days(value: str) -> list[int]:
    """'14, 7, 1' -> [14, 7, 1]; an empty text means no lead-time reminders."""
    return sorted({int(part) for part in value.replace(";", ",").split(",") if part.strip()})[::-1]


class ReminderRule(models.Model):
    """An administrator's settings for one reminder rule (the rules themselves live in code,
    in each app's `reminders.py`; a row is created from the rule's defaults on the first scan)."""

    key = models.CharField(_("rule"), max_length=60, unique=True)
    enabled = models.BooleanField(_("enabled"), default=True)
    lead_days = models.CharField(
        _("lead times (days)"),
        max_length=100,
        blank=True,
        validators=[validate_lead_days],
        help_text=_("Days before the deadline, separated by commas, e.g. 14, 7, 1."),
    )
    working_days = models.BooleanField(
        _("count Danish working days"),
        default=False,
        help_text=_("Skip weekends and public holidays when counting the lead times."),
    )
    overdue_limit = models.PositiveSmallIntegerField(
        _("overdue reminders"),
        default=0,
        help_text=_("How many days in a row an overdue deadline is reminded about (0 for none)."),
    )
    escalation_after_days = models.PositiveSmallIntegerField(
        _("escalate after (days)"),
        null=True,
        blank=True,
        help_text=_(
            "Days after the deadline before the reminder goes to the steering group's chair."
        ),
    )

    class Meta:
        verbose_name = _("reminder rule")
        verbose_name_plural = _("reminder rules")
        ordering = ["key"]

    def __str__(self) -> str:
        rule = registry().get(self.key)
        return str(rule.label) if rule else self.key

    @property
    def lead_days_list(self) -> list[int]:
        return parse_lead_days(self.lead_days)


class ReminderOptOut(models.Model):
    """A user does not want the reminders of one rule."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="reminder_opt_outs",
    )
    rule = models.CharField(_("rule"), max_length=60)

    class Meta:
        verbose_name = _("reminder opt-out")
        verbose_name_plural = _("reminder opt-outs")
        constraints = [
            models.UniqueConstraint(fields=["user", "rule"], name="reminder_opt_out_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.rule}"


class Reminder(models.Model):
    """One reminder to one recipient about one object on one occasion ("lead-7",
    "overdue-2026-11-20", "escalation").

    The unique constraint is what makes reminders go out once: a scan inserts the rows it finds
    due with ON CONFLICT DO NOTHING and only turns the rows it inserted itself (or reclaimed from
    a scan that died) into e-mails, in the same transaction as the outbox rows.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        QUEUED = "queued", _("In the outbox")
        DIGEST = "digest", _("Waiting for the daily digest")
        DIGESTED = "digested", _("Sent in a digest")
        SKIPPED = "skipped", _("Skipped")
        FAILED = "failed", _("Failed")

    rule = models.CharField(_("rule"), max_length=60)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("type"), on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.CharField(_("object"), max_length=64)
    occasion = models.CharField(_("occasion"), max_length=40)
    #: The lower-cased address, or "no-address:<who>" for a recipient without one.
    recipient_key = models.CharField(max_length=254)
    recipient_email = models.CharField(_("recipient e-mail"), max_length=254, blank=True)
    recipient_name = models.CharField(_("recipient"), max_length=200, blank=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reminders",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    #: What the reminder said, in the recipient's language: a line in the daily digest.
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    outbound_email = models.ForeignKey(
        OutboundEmail,
        verbose_name=_("e-mail"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reminders",
    )
    error = models.TextField(_("problem"), blank=True)
    scan_id = models.CharField(max_length=32, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "content_type", "object_id", "occasion", "recipient_key"],
                name="reminder_once_per_recipient_and_occasion",
            ),
        ]
        indexes = [models.Index(fields=["status", "recipient_key"])]

    def __str__(self) -> str:
        return f"{self.rule} {self.occasion} → {self.recipient_email or self.recipient_name}"


class JournalPackage(models.Model):
    """A ZIP of one case's documents with a manifest, for the case system (see journal.py)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Being built")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    #: Which app's case this is ("hearing", "decision", "adopted_policy") and its object.
    kind = models.CharField(_("kind"), max_length=40)
    object_id = models.PositiveBigIntegerField()
    title = models.CharField(_("case"), max_length=300)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    progress = models.PositiveSmallIntegerField(_("progress in per cent"), default=0)
    file = models.FileField(max_length=200, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    documents_count = models.PositiveIntegerField(_("documents"), default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("journal package")
        verbose_name_plural = _("journal packages")
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["kind", "object_id"])]

    def __str__(self) -> str:
        return self.title

    @property
    def in_progress(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)


class JournalDownload(models.Model):
    """Who downloaded a journal package, and when: the municipality's record of the hand-over."""

    package = models.ForeignKey(
        JournalPackage,
        verbose_name=_("journal package"),
        on_delete=models.CASCADE,
        related_name="downloads",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("downloaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    downloaded_at = models.DateTimeField(_("downloaded"), default=timezone.now)

    class Meta:
        verbose_name = _("download of a journal package")
        verbose_name_plural = _("downloads of journal packages")
        ordering = ["-downloaded_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.package} · {self.downloaded_at:%Y-%m-%d %H:%M}"


class PersonalDataRequest(models.Model):
    """One request about one person's data, handled on the staff page (`medborger.personal_data`):
    what was done, when, by whom, and how much each app held.

    It names nobody: no e-mail address, only counts per source.
    """

    class Action(models.TextChoices):
        EXPORT = "export", _("Exported on request")
        ERASURE = "erasure", _("Erased on request")

    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    performed_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    performed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    #: {source key: number of records}, in the order the sources were asked.
    counts = models.JSONField(_("records"), default=dict, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("request about personal data")
        verbose_name_plural = _("requests about personal data")
        ordering = ["-performed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.performed_at:%Y-%m-%d}"

    @property
    def total(self) -> int:
        return sum(self.counts.values())


class PublicFormAttempt(models.Model):
    """One post to a public form from one client, kept for a day for the rate limit.

    Counted in the database rather than the cache, so the limit holds in every process and when
    the cache is down. The client's address is stored only as a keyed hash.
    """

    form = models.CharField(max_length=40)
    address_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(
                fields=["form", "address_hash", "created_at"], name="public_form_attempts"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.form} {self.address_hash[:8]} {self.created_at:%Y-%m-%d %H:%M}"


class PublicFormChallenge(models.Model):
    """A proof-of-work challenge that has been used: a second use is a replay.

    `replay_key` names the form it was used with (a hearing form's one-time token), so the same
    form posted twice reaches the service, which answers with what the first post stored.
    Rows are deleted once the challenge has expired.
    """

    nonce = models.CharField(max_length=64, unique=True)
    form = models.CharField(max_length=40)
    replay_key = models.CharField(max_length=100, blank=True)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.form} {self.nonce[:8]}"
