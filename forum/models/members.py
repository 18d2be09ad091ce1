"""Who sits in the forum: seats, the people who hold them, and their terms."""

import datetime
from typing import Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .forums import Forum


class Seat(models.Model):
    """A place in the forum that represents a part of the municipality or an organisation."""

    class Kind(models.TextChoices):
        ORGANISATION = "organisation", _("Organisation or association")
        COUNCIL = "council", _("Council or board")
        MUNICIPALITY = "municipality", _("Part of the municipality")
        CITIZEN = "citizen", _("Citizen")

    forum = models.ForeignKey(
        Forum, verbose_name=_("forum"), on_delete=models.CASCADE, related_name="seats"
    )
    name = models.CharField(
        _("represents"),
        max_length=200,
        help_text=_("The organisation or part of the municipality the seat represents."),
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.ORGANISATION
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        ordering = ["forum", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["forum", "name"], name="forum_seat_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    """Someone who holds or has held a seat. Contact details are never shown publicly."""

    forum = models.ForeignKey(
        Forum, verbose_name=_("forum"), on_delete=models.CASCADE, related_name="people"
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    #: The member's log-in (role Forummedlem), if they have one.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("log-in"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="forum_people",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["forum", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["forum", "user"],
                condition=models.Q(user__isnull=False),
                name="forum_person_one_per_user",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class MembershipQuerySet(models.QuerySet):
    def active_on(self, day: datetime.date) -> Self:
        return self.filter(starts_on__lte=day, ends_on__gte=day)

    def overlapping(self, starts_on: datetime.date, ends_on: datetime.date) -> Self:
        return self.filter(starts_on__lte=ends_on, ends_on__gte=starts_on)

    def ending_within(self, day: datetime.date, days: int) -> Self:
        """Terms running on `day` that end within the next `days` days."""
        return self.active_on(day).filter(ends_on__lte=day + datetime.timedelta(days=days))


class Membership(models.Model):
    """One person's term on one seat, with a role."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        DEPUTY_CHAIR = "deputy_chair", _("Deputy chair")
        MEMBER = "member", _("Member")
        SUBSTITUTE = "substitute", _("Substitute")

    #: Roles of which the forum has at most one at any time.
    SINGLE_ROLES = (Role.CHAIR, Role.DEPUTY_CHAIR)

    seat = models.ForeignKey(
        Seat, verbose_name=_("seat"), on_delete=models.CASCADE, related_name="memberships"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    starts_on = models.DateField(_("term starts"))
    ends_on = models.DateField(_("term ends"))

    history = HistoricalRecords()
    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        ordering = ["seat", "starts_on", "role"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="forum_membership_end_not_before_start",
            ),
        ]
        indexes = [models.Index(fields=["starts_on", "ends_on"])]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()}, {self.seat})"

    @property
    def is_substitute(self) -> bool:
        return self.role == self.Role.SUBSTITUTE

    def is_active_on(self, day: datetime.date) -> bool:
        return self.starts_on <= day <= self.ends_on

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str | Promise] = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The term cannot end before it starts.")
        seat = self.seat if self.seat_id else None
        forum = seat.forum if seat else None
        if forum is not None:
            if self.starts_on and self.starts_on.year < forum.mandate_start_year:
                errors["starts_on"] = _(
                    "The term must lie within the forum's mandate period (%(period)s)."
                ) % {"period": forum.mandate_display}
            if self.ends_on and self.ends_on.year > forum.mandate_end_year:
                errors.setdefault(
                    "ends_on",
                    _("The term must lie within the forum's mandate period (%(period)s).")
                    % {"period": forum.mandate_display},
                )
            if self.person_id and self.person.forum_id != forum.pk:
                errors["person"] = _("The person belongs to another forum.")
        if errors:
            raise ValidationError(errors)
