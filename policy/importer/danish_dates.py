"""Danish dates as people write them in a timeline, with the precision they were written in.

"20. nov." and "25. januar" are days, "April" and "primo maj" months, "uge 12" a week (a day range),
"1.-15. april" a range, "april-maj" a range of months, "2. kvartal" a quarter. A date without a year
takes it from the document's date: a day or month earlier in the year than the document falls in
the next year (a timeline written in November that says "25. jan." means next January).
"""

import calendar
import datetime
import re
from dataclasses import dataclass

from medborger.dates import DatePrecision

MONTHS = {
    "januar": 1, "jan": 1, "februar": 2, "feb": 2, "marts": 3, "mar": 3, "april": 4, "apr": 4,
    "maj": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
_MONTH = r"(?P<{name}>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?:\s*(?P<{name}>\d{{4}}|'\d{{2}}))?"
_WEEKDAYS = (
    r"(?:mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag|man|tirs|tir|ons|tors|tor|fre|lør|"
    r"søn)\.?"
)
#: Words around a date that do not change it ("d. 20. nov.", "senest 1. maj", "ca. april").
_NOISE = re.compile(
    rf"^(?:{_WEEKDAYS}\s+)?(?:(?:d\.|den|ca\.?|cirka|senest|fra|inden|omkring|i)\s+)+", re.I
)
#: Words that narrow a month without naming a day; the month stays the precision.
_PART_OF_MONTH = re.compile(
    r"^(?:primo|medio|ultimo|start(?:en)?\s+af|slut(?:ningen)?\s+af|midt\s+i|"
    r"begyndelsen\s+af|i\s+løbet\s+af|sidst\s+i|først\s+i)\s+",
    re.I,
)


def _rx(pattern: str) -> re.Pattern:
    return re.compile(r"^" + pattern + r"$", re.I)


_ISO = _rx(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})")
_NUMERIC = _rx(r"(?P<d>\d{1,2})[./-](?P<m>\d{1,2})(?:[./-](?P<y>\d{4}|\d{2}))?\.?")
_DAY_RANGE_NUMERIC = _rx(r"(?P<d1>\d{1,2})\.?\s*[-–]\s*(?P<d2>\d{1,2})[./](?P<m>\d{1,2})\.?")
_DAY_MONTH = _rx(r"(?P<d>\d{1,2})\.?\s*" + _MONTH.format(name="m") + _YEAR.format(name="y"))
_DAY_RANGE = _rx(
    r"(?P<d1>\d{1,2})\.?\s*(?:[-–]|til)\s*(?P<d2>\d{1,2})\.?\s*"
    + _MONTH.format(name="m")
    + _YEAR.format(name="y")
)
_DAY_MONTH_RANGE = _rx(
    r"(?P<d1>\d{1,2})\.?\s*"
    + _MONTH.format(name="m1")
    + r"\s*(?:[-–]|til)\s*(?P<d2>\d{1,2})\.?\s*"
    + _MONTH.format(name="m2")
    + _YEAR.format(name="y")
)
_MONTH_ONLY = _rx(_MONTH.format(name="m") + _YEAR.format(name="y"))
_MONTH_RANGE = _rx(
    _MONTH.format(name="m1")
    + r"\s*(?:[-–/]|til)\s*"
    + _MONTH.format(name="m2")
    + _YEAR.format(name="y")
)
_WEEK = _rx(
    r"(?:uge|uge\s*nr\.?)\s*(?P<w1>\d{1,2})(?:\s*(?:[-–]|og|til)\s*(?P<w2>\d{1,2}))?"
    r"(?:\s*,?\s*(?P<y>\d{4}))?"
)
_QUARTER = _rx(r"(?:(?P<q>[1-4])\.\s*kvartal|q(?P<q2>[1-4]))(?:\s*(?P<y>\d{4}))?")


class DateNotUnderstood(ValueError):
    pass


@dataclass(frozen=True)
class ParsedDate:
    precision: str
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None
    #: What the text said that the precision cannot hold ("ultimo"), to keep in the remark.
    qualifier: str = ""


UNSET = ParsedDate(precision=DatePrecision.UNSET)


def parse_date(text: str, *, reference: datetime.date) -> ParsedDate:
    """The date a timeline cell means; `UNSET` for an empty cell; `DateNotUnderstood` otherwise."""
    value = " ".join((text or "").replace("\u2013", "-").replace("\u2014", "-").split())
    value = value.strip(" ,;:").casefold()
    if not value or value in {"-", "?", "x", "tbd", "følger", "ikke fastsat", "ikke fastlagt"}:
        return UNSET
    value = _NOISE.sub("", value)
    qualifier = ""
    part = _PART_OF_MONTH.match(value)
    if part:
        qualifier, value = part.group(0).strip(), value[part.end() :]
    try:
        return _parse(value, reference, qualifier)
    except ValueError as invalid:  # a day that does not exist, such as 31. april
        raise DateNotUnderstood(text) from invalid


def _parse(value: str, reference: datetime.date, qualifier: str) -> ParsedDate:
    day = DatePrecision.DAY
    if match := _ISO.match(value):
        return ParsedDate(day, _date(match["y"], match["m"], match["d"]))
    if match := _DAY_RANGE_NUMERIC.match(value):
        month = int(match["m"])
        start = _infer(reference, month, int(match["d1"]))
        return ParsedDate(day, start, start.replace(day=int(match["d2"])))
    if match := _NUMERIC.match(value):
        month, number = int(match["m"]), int(match["d"])
        if match["y"]:
            return ParsedDate(day, _date(match["y"], month, number))
        return ParsedDate(day, _infer(reference, month, number))
    if match := _DAY_MONTH.match(value):
        month = MONTHS[match["m"]]
        if match["y"]:
            return ParsedDate(day, _date(match["y"], month, match["d"]))
        return ParsedDate(day, _infer(reference, month, int(match["d"])))
    if match := _DAY_RANGE.match(value):
        month = MONTHS[match["m"]]
        start = (
            _date(match["y"], month, match["d1"])
            if match["y"]
            else _infer(reference, month, int(match["d1"]))
        )
        return ParsedDate(day, start, start.replace(day=int(match["d2"])))
    if match := _DAY_MONTH_RANGE.match(value):
        m1, m2 = MONTHS[match["m1"]], MONTHS[match["m2"]]
        start = (
            _date(match["y"], m1, match["d1"])
            if match["y"]
            else _infer(reference, m1, int(match["d1"]))
        )
        return ParsedDate(day, start, _after(start, m2, int(match["d2"])))
    if match := _MONTH_ONLY.match(value):
        month = MONTHS[match["m"]]
        start = _date(match["y"], month, 1) if match["y"] else _infer(reference, month)
        return ParsedDate(DatePrecision.MONTH, start, qualifier=qualifier)
    if match := _MONTH_RANGE.match(value):
        m1, m2 = MONTHS[match["m1"]], MONTHS[match["m2"]]
        start = _date(match["y"], m1, 1) if match["y"] else _infer(reference, m1)
        return ParsedDate(DatePrecision.MONTH, start, _month_end(_after(start, m2, 1)), qualifier)
    if match := _WEEK.match(value):
        year = int(match["y"]) if match["y"] else reference.year
        w1 = int(match["w1"])
        w2 = int(match["w2"] or w1)
        start = datetime.date.fromisocalendar(year, w1, 1)
        if not match["y"] and start + datetime.timedelta(days=6) < reference:
            year += 1
            start = datetime.date.fromisocalendar(year, w1, 1)
        end = datetime.date.fromisocalendar(start.isocalendar().year, w2, 7)
        if end < start:
            end = datetime.date.fromisocalendar(start.isocalendar().year + 1, w2, 7)
        return ParsedDate(day, start, end)
    if match := _QUARTER.match(value):
        quarter = int(match["q"] or match["q2"])
        first = 3 * quarter - 2
        start = _date(match["y"], first, 1) if match["y"] else _infer(reference, first)
        return ParsedDate(DatePrecision.MONTH, start, _month_end(start.replace(month=first + 2)))
    raise DateNotUnderstood(value)


def _date(year: str, month: int | str, day: int | str) -> datetime.date:
    year = year.lstrip("'")
    number = int(year)
    if number < 100:
        number += 2000
    return datetime.date(number, int(month), int(day))


def _infer(reference: datetime.date, month: int, day: int | None = None) -> datetime.date:
    """The first such day or month on or after the document's date (month: its whole month)."""
    if day is None:
        year = reference.year if month >= reference.month else reference.year + 1
        return datetime.date(year, month, 1)
    candidate = datetime.date(reference.year, month, day)
    return candidate if candidate >= reference else candidate.replace(year=reference.year + 1)


def _after(start: datetime.date, month: int, day: int) -> datetime.date:
    """The given day and month on or after `start` (a range that runs over New Year)."""
    end = datetime.date(start.year, month, day)
    return end if end >= start else datetime.date(start.year + 1, month, day)


def _month_end(value: datetime.date) -> datetime.date:
    return value.replace(day=calendar.monthrange(value.year, value.month)[1])
