import datetime
from typing import Self

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ForumQuerySet(models.QuerySet):
    def active_in(self, year: int) -> Self:
        """Forums whose mandate period includes `year`."""
        return self.filter(mandate_start_year__lte=year, mandate_end_year__gte=year)


class Forum(models.Model):
    """A citizens' forum (Medborgerforum) for one mandate period."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("address"), max_length=120, unique=True)
    mandate_start_year = models.PositiveSmallIntegerField(_("mandate starts (year)"))
    mandate_end_year = models.PositiveSmallIntegerField(_("mandate ends (year)"))
    council_decision_on = models.DateField(_("council decision date"), null=True, blank=True)
    council_case_number = models.CharField(_("council case number"), max_length=50, blank=True)
    terms_of_reference = models.ForeignKey(
        "policy.Document",
        verbose_name=_("terms of reference"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="forums",
    )
    terms_adopted_on = models.DateField(_("terms of reference adopted"), null=True, blank=True)
    secretariat_unit = models.CharField(_("secretariat"), max_length=200, blank=True)
    secretariat_contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    secretariat_contact_email = models.EmailField(_("contact e-mail"), blank=True)
    secretariat_contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    purpose = models.TextField(_("purpose"), blank=True)

    history = HistoricalRecords()
    objects = ForumQuerySet.as_manager()

    class Meta:
        verbose_name = _("citizens' forum")
        verbose_name_plural = _("citizens' forums")
        ordering = ["-mandate_start_year"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(mandate_end_year__gte=models.F("mandate_start_year")),
                name="forum_mandate_end_not_before_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("forum:detail", kwargs={"forum": self.slug})

    def clean(self) -> None:
        super().clean()
        if (
            self.mandate_start_year
            and self.mandate_end_year
            and self.mandate_end_year < self.mandate_start_year
        ):
            raise ValidationError(
                {"mandate_end_year": _("The mandate cannot end before it starts.")}
            )

    @property
    def mandate_display(self) -> str:
        return f"{self.mandate_start_year}–{self.mandate_end_year}"

    @property
    def mandate_starts_on(self) -> datetime.date:
        return datetime.date(self.mandate_start_year, 1, 1)

    @property
    def mandate_ends_on(self) -> datetime.date:
        return datetime.date(self.mandate_end_year, 12, 31)

    @property
    def mandate_years(self) -> list[int]:
        return list(range(self.mandate_start_year, self.mandate_end_year + 1))

    def reference_date(self, today: datetime.date) -> datetime.date:
        """`today` if it lies in the mandate period, else the nearest end of that period.

        Pages that show "who sits now" use it, so a finished forum shows how it ended.
        """
        return min(max(today, self.mandate_starts_on), self.mandate_ends_on)
