"""Dates that are only as precise as people wrote them: a day, a month, or not yet set."""

import calendar
import datetime

from django.db import models
from django.utils import formats
from django.utils.translation import gettext_lazy as _


class DatePrecision(models.TextChoices):
    DAY = "day", _("Exact day")
    MONTH = "month", _("Month")
    UNSET = "unset", _("Not yet set")


def normalise(value: datetime.date | None, precision: str) -> datetime.date | None:
    """The stored form: month precision keeps the first of the month, unset keeps no date."""
    if value is None or precision == DatePrecision.UNSET:
        return None
    if precision == DatePrecision.MONTH:
        return value.replace(day=1)
    return value


def due_on(value: datetime.date | None, precision: str) -> datetime.date | None:
    """The day by which something is due: the day itself, or the last day of its month."""
    value = normalise(value, precision)
    if value is None:
        return None
    if precision == DatePrecision.MONTH:
        return value.replace(day=calendar.monthrange(value.year, value.month)[1])
    return value


def display(value: datetime.date | None, precision: str) -> str:
    """'20. november 2026', 'april 2027' or 'Not yet set', in the active language."""
    value = normalise(value, precision)
    if value is None:
        return str(_("Not yet set"))
    if precision == DatePrecision.MONTH:
        return formats.date_format(value, "YEAR_MONTH_FORMAT")
    return formats.date_format(value, "DATE_FORMAT")
