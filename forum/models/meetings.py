"""The forum's meetings: agenda, minutes, decisions and attendance."""

import datetime
from typing import Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .forums import Forum
from .members import Person


class MeetingQuerySet(models.QuerySet):
    def upcoming(self, now: datetime.datetime | None = None) -> Self:
        return self.filter(starts_at__gte=now or timezone.now()).order_by("starts_at")

    def past(self, now: datetime.datetime | None = None) -> Self:
        return self.filter(starts_at__lt=now or timezone.now()).order_by("-starts_at")

    def with_published_minutes(self) -> Self:
        return self.filter(minutes_published_at__isnull=False)

    def public(self) -> Self:
        """Meetings a visitor may open: those with a published agenda or published minutes."""
        return self.filter(
            models.Q(agenda_published_at__isnull=False)
            | models.Q(minutes_published_at__isnull=False)
        )

    def without_published_agenda_within(
        self, days: int, now: datetime.datetime | None = None
    ) -> Self:
        """Meetings in the next `days` days whose agenda is not yet published (for reminders)."""
        now = now or timezone.now()
        return self.filter(
            starts_at__gte=now,
            starts_at__lte=now + datetime.timedelta(days=days),
            agenda_published_at__isnull=True,
        )


class Meeting(models.Model):
    forum = models.ForeignKey(
        Forum, verbose_name=_("forum"), on_delete=models.CASCADE, related_name="meetings"
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"), db_index=True)
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=300)
    #: Sanitised HTML (medborger.html.sanitize_html), written by the secretariat.
    minutes = models.TextField(_("minutes"), blank=True)
    agenda_published_at = models.DateTimeField(_("agenda published"), null=True, blank=True)
    minutes_published_at = models.DateTimeField(_("minutes published"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords()
    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["forum", "-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True)
                | models.Q(ends_at__gt=models.F("starts_at")),
                name="forum_meeting_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.label_for(self.title, self.starts_at)

    def get_absolute_url(self) -> str:
        return reverse("forum:meeting_detail", kwargs={"forum": self.forum.slug, "pk": self.pk})

    @staticmethod
    def label_for(title: str, starts_at: datetime.datetime | None) -> str:
        """The meeting's name with its date, as in lists to choose from."""
        when = (
            formats.date_format(timezone.localtime(starts_at), "SHORT_DATE_FORMAT")
            if starts_at
            else ""
        )
        return f"{title} {when}".strip()

    @property
    def is_public(self) -> bool:
        return bool(self.agenda_published_at or self.minutes_published_at)

    def clean(self) -> None:
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The meeting must end after it starts.")})


class AgendaItem(models.Model):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    position = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("item"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    decision = models.TextField(_("decision"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "position"], name="forum_agenda_item_position_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        EXCUSED = "excused", _("Sent apologies")
        ABSENT = "absent", _("Absent")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendances"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="attendances"
    )
    status = models.CharField(_("attendance"), max_length=20, choices=Status.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["meeting", "person__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"], name="forum_attendance_once_per_person"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_status_display()}"
