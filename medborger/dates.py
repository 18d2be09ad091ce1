"""Dates that are only as precise as people wrote them: a day, a week ("uge 14"), a month, or
not yet set."""

import calendar
import datetime
import functools
import re

import holidays
from django.core.exceptions import ValidationError
from django.core.signals import setting_changed
from django.db import models
from django.dispatch import receiver
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class DatePrecision(models.TextChoices):
    DAY = "day", _("Exact day")
    WEEK = "week", _("Week")
    MONTH = "month", _("Month")
    UNSET = "unset", _("Not yet set")


def normalise(value: datetime.date | None, precision: str) -> datetime.date | None:
    """The stored form: month precision keeps the first of the month, week precision the
    Monday of its ISO week, unset keeps no date."""
    if value is None or precision == DatePrecision.UNSET:
        return None
    if precision == DatePrecision.WEEK:
        return value - datetime.timedelta(days=value.weekday())
    if precision == DatePrecision.MONTH:
        return value.replace(day=1)
    return value


def due_on(value: datetime.date | None, precision: str) -> datetime.date | None:
    """The day by which something is due: the day itself, the Friday of its week, or the last
    day of its month."""
    value = normalise(value, precision)
    if value is None:
        return None
    if precision == DatePrecision.WEEK:
        return value + datetime.timedelta(days=4)
    if precision == DatePrecision.MONTH:
        return value.replace(day=calendar.monthrange(value.year, value.month)[1])
    return value


def display(value: datetime.date | None, precision: str) -> str:
    """'20. november 2026', 'uge 14, 2027', 'april 2027' or 'Not yet set', in the active
    language."""
    return _display(normalise(value, precision), str(precision), get_language())


@functools.lru_cache(maxsize=4096)
def _display(value: datetime.date | None, precision: str, language: str | None) -> str:
    """`display` of a stored date, remembered per language: a timeline shows hundreds of dates
    and formatting each in the locale cost a fifth of the front page. `language` is the
    active one (it is part of the key only)."""
    if value is None:
        return str(_("Not yet set"))
    if precision == DatePrecision.WEEK:
        year, week, _day = value.isocalendar()
        return str(_("week %(week)s, %(year)s") % {"week": week, "year": year})
    if precision == DatePrecision.MONTH:
        return formats.date_format(value, "YEAR_MONTH_FORMAT")
    return formats.date_format(value, "DATE_FORMAT")


@receiver(setting_changed)
def _forget_displays(**kwargs) -> None:
    """Tests that change the formats or languages see the dates in the new ones."""
    _display.cache_clear()


# --- Reading what people type ------------------------------------------------------------------

#: Month names and their usual abbreviations, Danish and English, as people type them.
MONTH_NAMES = {
    **dict.fromkeys(["januar", "january", "jan"], 1),
    **dict.fromkeys(["februar", "february", "feb"], 2),
    **dict.fromkeys(["marts", "march", "mar"], 3),
    **dict.fromkeys(["april", "apr"], 4),
    **dict.fromkeys(["maj", "may"], 5),
    **dict.fromkeys(["juni", "june", "jun"], 6),
    **dict.fromkeys(["juli", "july", "jul"], 7),
    **dict.fromkeys(["august", "aug"], 8),
    **dict.fromkeys(["september", "sept", "sep"], 9),
    **dict.fromkeys(["oktober", "october", "okt", "oct"], 10),
    **dict.fromkeys(["november", "nov"], 11),
    **dict.fromkeys(["december", "dec"], 12),
}

_SEP = r"\s*[./-]\s*"
_NAME = r"([a-zæøå]+)\.?"
#: (pattern, precision, what its groups are: d day, m month number, M month name, y year).
_WEEK = r"(?:uge|week|uke|u)\.?\s*"
_PATTERNS = [
    (rf"{_WEEK}(\d{{1,2}}),?\s*(\d{{4}})", DatePrecision.WEEK, "wy"),
    (rf"{_WEEK}(\d{{1,2}})", DatePrecision.WEEK, "w"),
    (r"(\d{4})-(\d{1,2})-(\d{1,2})", DatePrecision.DAY, "ymd"),
    (rf"(\d{{1,2}}){_SEP}(\d{{1,2}}){_SEP}(\d{{4}}|\d{{2}})", DatePrecision.DAY, "dmy"),
    (rf"(\d{{1,2}})\.?\s*{_NAME},?\s*(\d{{4}})", DatePrecision.DAY, "dMy"),
    (rf"{_NAME}\s*(\d{{1,2}}),?\s+(\d{{4}})", DatePrecision.DAY, "Mdy"),
    (r"(\d{4})-(\d{1,2})", DatePrecision.MONTH, "ym"),
    (rf"(\d{{1,2}}){_SEP}(\d{{4}})", DatePrecision.MONTH, "my"),
    (rf"{_NAME}\s*(\d{{4}})", DatePrecision.MONTH, "My"),
    # Without a year: understood, so that the message can say exactly what is missing.
    (rf"(\d{{1,2}}){_SEP}(\d{{1,2}})\.?", DatePrecision.DAY, "dm"),
    (rf"(\d{{1,2}})\.?\s*{_NAME}", DatePrecision.DAY, "dM"),
    (_NAME, DatePrecision.MONTH, "M"),
]
_PATTERNS = [(re.compile(regex), precision, order) for regex, precision, order in _PATTERNS]

#: Years a plan of the municipality can sensibly name.
YEARS = range(2000, 2101)

FORMAT_HELP = _(
    "Write a day as 20.11.2027 or 20. november 2027, a week as uge 14 2027, a month as "
    "april 2027, or leave the field empty if the date is not yet set."
)


def parse(text: str | None) -> tuple[datetime.date | None, str]:
    """Read a date as people write it: a day, a month, or nothing ("not yet set").

    Returns the stored form (see `normalise`) and its precision. Raises a ValidationError that
    says what is wrong: "31. april" does not exist, there is no month 13, the year is missing.
    """
    text = " ".join((text or "").lower().split())
    if not text:
        return None, DatePrecision.UNSET
    for pattern, precision, order in _PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            return _build(dict(zip(order, match.groups(), strict=True)), precision), precision
    raise ValidationError(FORMAT_HELP, code="unreadable")


def _month_name(month: int) -> str:
    return formats.date_format(datetime.date(2000, month, 1), "F").lower()


def _build_week(parts: dict[str, str]) -> datetime.date:
    week = int(parts["w"])
    if "y" not in parts:
        raise ValidationError(
            _("Add the year, for example %(example)s."),
            code="no_year",
            params={"example": f"uge {week} {timezone.localdate().year + 1}"},
        )
    year = int(parts["y"])
    if year not in YEARS:
        raise ValidationError(
            _("Write a year between %(first)s and %(last)s."),
            code="year_out_of_range",
            params={"first": YEARS[0], "last": YEARS[-1]},
        )
    weeks = datetime.date(year, 12, 28).isocalendar()[1]
    if not 1 <= week <= weeks:
        raise ValidationError(
            _("%(year)s has weeks 1 to %(weeks)s; there is no week %(week)s."),
            code="no_such_week",
            params={"year": year, "weeks": weeks, "week": week},
        )
    return datetime.date.fromisocalendar(year, week, 1)


def _build(parts: dict[str, str], precision: str) -> datetime.date:
    if "w" in parts:
        return _build_week(parts)
    if "M" in parts:
        month = MONTH_NAMES.get(parts["M"])
        if month is None:
            raise ValidationError(FORMAT_HELP, code="unreadable")
    else:
        month = int(parts["m"])
    if not 1 <= month <= 12:
        raise ValidationError(
            _("There is no month %(month)s: the months are numbered 1 to 12."),
            code="no_such_month",
            params={"month": month},
        )
    has_year = "y" in parts
    # Without a year, judge the day against a leap year: the missing year is the message.
    year = int(parts["y"]) if has_year else 2028
    year += 2000 if year < 100 else 0
    day = int(parts.get("d", 1))
    days_in_month = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days_in_month:
        params = {"day": day, "month": _month_name(month), "year": year, "days": days_in_month}
        if has_year:
            message = _(
                "%(day)s. %(month)s %(year)s does not exist: %(month)s has only %(days)s days."
            )
        else:
            message = _("%(day)s. %(month)s does not exist: %(month)s has only %(days)s days.")
        raise ValidationError(message, code="no_such_day", params=params)
    if not has_year:
        example = f"{_month_name(month)} {timezone.localdate().year + 1}"
        if precision == DatePrecision.DAY:
            example = f"{day}. {example}"
        raise ValidationError(
            _("Add the year, for example %(example)s."),
            code="no_year",
            params={"example": example},
        )
    if year not in YEARS:
        raise ValidationError(
            _("Write a year between %(first)s and %(last)s."),
            code="year_out_of_range",
            params={"first": YEARS[0], "last": YEARS[-1]},
        )
    return datetime.date(year, month, day)


def as_text(value: datetime.date | None, precision: str) -> str:
    """What `parse` reads back: '20.11.2027', 'uge 14 2027', 'april 2027', or '' when not
    yet set."""
    value = normalise(value, precision)
    if value is None:
        return ""
    if precision == DatePrecision.WEEK:
        year, week, _day = value.isocalendar()
        return f"uge {week} {year}"
    if precision == DatePrecision.MONTH:
        return f"{_month_name(value.month)} {value.year}"
    return value.strftime("%d.%m.%Y")


# --- Danish working days -----------------------------------------------------------------------


@functools.cache
def _danish_holidays(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.Denmark(years=year))


def is_working_day(day: datetime.date) -> bool:
    """Monday to Friday and not a Danish public holiday."""
    return day.weekday() < 5 and day not in _danish_holidays(day.year)


def working_days_before(day: datetime.date, n: int) -> datetime.date:
    """The working day that lies `n` working days before `day` (`day` itself for n = 0).

    Papers due "5 working days before" a meeting on a Tuesday after Easter are due on the
    Monday before Maundy Thursday, not on the Thursday a calendar count would give.
    """
    while n > 0:
        day -= datetime.timedelta(days=1)
        if is_working_day(day):
            n -= 1
    return day
