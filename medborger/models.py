import secrets
import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


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
        _("language"), max_length=8, choices=settings.LANGUAGES, default="da"
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

    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class OutboundEmailQuerySet(models.QuerySet):
    def due(self, now=None):
        """Queued rows whose (next) attempt time has come."""
        now = now or timezone.now()
        return self.filter(status=OutboundEmail.Status.QUEUED, next_attempt_at__lte=now)

    def stale_claims(self, now=None):
        """Rows claimed by a worker that has not finished within the claim timeout."""
        now = now or timezone.now()
        cutoff = now - timezone.timedelta(seconds=settings.OUTBOX_CLAIM_TIMEOUT_SECONDS)
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
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.to_address}: {self.subject}"

    @staticmethod
    def new_message_id() -> str:
        return f"<{uuid.uuid4().hex}@medborger>"
