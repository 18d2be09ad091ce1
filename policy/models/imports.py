"""A terms-of-reference import waiting for the coordinator to check and confirm it."""

import datetime
import uuid
from typing import Self

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .documents import Document


class TermsImportQuerySet(models.QuerySet):
    def pending(self) -> Self:
        return self.filter(status=TermsImport.Status.PENDING)

    def expired(self, now: datetime.datetime | None = None) -> Self:
        now = now or timezone.now()
        return self.pending().filter(created_at__lt=now - TermsImport.LIFETIME)


class TermsImport(models.Model):
    """What was read from an uploaded file, kept between the preview and the confirmation.

    The parsed result lives here (not in a process's memory), so any web process can show the
    preview and confirm it. Confirming or cancelling ends it; a second confirmation finds it
    no longer pending and creates nothing.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting confirmation")
        CONFIRMED = "confirmed", _("Imported")
        CANCELLED = "cancelled", _("Cancelled")

    #: How long a preview can be confirmed.
    LIFETIME = datetime.timedelta(hours=24)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.CASCADE,
        related_name="terms_imports",
    )
    created_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    filename = models.CharField(_("file name"), max_length=200)
    parsed = models.JSONField(_("what was read"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    document = models.ForeignKey(
        Document,
        verbose_name=_("document created"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="imports",
    )

    history = HistoricalRecords(excluded_fields=["parsed"])
    objects = TermsImportQuerySet.as_manager()

    class Meta:
        verbose_name = _("terms-of-reference import")
        verbose_name_plural = _("terms-of-reference imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename

    @property
    def is_expired(self) -> bool:
        return self.created_at < timezone.now() - self.LIFETIME
