import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from medborger import dates


@pytest.mark.parametrize(
    ("value", "precision", "due"),
    [
        (datetime.date(2027, 4, 17), "month", datetime.date(2027, 4, 30)),
        (datetime.date(2028, 2, 3), "month", datetime.date(2028, 2, 29)),
        (datetime.date(2026, 11, 20), "day", datetime.date(2026, 11, 20)),
        (datetime.date(2026, 11, 20), "unset", None),
        (None, "day", None),
    ],
)
def test_due_on_is_the_day_or_the_end_of_the_month(value, precision, due):
    assert dates.due_on(value, precision) == due


def test_display_in_danish_and_english():
    with translation.override("da"):
        assert dates.display(datetime.date(2018, 4, 9), "month") == "april 2018"
        assert dates.display(datetime.date(2017, 11, 20), "day") == "20. november 2017"
        assert dates.display(None, "unset") == "Ikke fastsat"
    with translation.override("en"):
        assert dates.display(datetime.date(2018, 4, 9), "month") == "April 2018"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("20.11.2027", (datetime.date(2027, 11, 20), "day")),
        ("20-11-27", (datetime.date(2027, 11, 20), "day")),
        ("2027-11-20", (datetime.date(2027, 11, 20), "day")),
        ("20. nov. 2027", (datetime.date(2027, 11, 20), "day")),
        ("20 November 2027", (datetime.date(2027, 11, 20), "day")),
        ("Nov. 20, 2027", (datetime.date(2027, 11, 20), "day")),
        ("april 2027", (datetime.date(2027, 4, 1), "month")),
        ("Maj 2027", (datetime.date(2027, 5, 1), "month")),
        ("04.2027", (datetime.date(2027, 4, 1), "month")),
        ("2027-04", (datetime.date(2027, 4, 1), "month")),
        ("29.02.2028", (datetime.date(2028, 2, 29), "day")),
        ("  ", (None, "unset")),
    ],
)
def test_parse_reads_dates_as_people_write_them(text, expected):
    assert dates.parse(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("31. april 2027", "31. april 2027 findes ikke: april har kun 30 dage."),
        ("31.04.2027", "31. april 2027 findes ikke: april har kun 30 dage."),
        ("29.02.2027", "29. februar 2027 findes ikke: februar har kun 28 dage."),
        ("31. april", "31. april findes ikke: april har kun 30 dage."),
        ("13.13.2027", "Der findes ingen måned 13: månederne har numrene 1 til 12."),
        ("5. maj 1999", "Skriv et årstal mellem 2000 og 2100."),
        ("snart", "Skriv en dag som 20.11.2027"),
        ("20. nov.", "Tilføj årstallet, for eksempel 20. november "),
        ("April", "Tilføj årstallet, for eksempel april "),
    ],
)
def test_parse_says_in_danish_what_is_wrong(text, message):
    with translation.override("da"), pytest.raises(ValidationError) as refused:
        dates.parse(text)
    assert refused.value.messages[0].startswith(message)


def test_as_text_is_what_parse_reads_back():
    for value, precision in [
        (datetime.date(2027, 4, 1), "month"),
        (datetime.date(2027, 11, 20), "day"),
        (None, "unset"),
    ]:
        with translation.override("da"):
            assert dates.parse(dates.as_text(value, precision)) == (value, precision)
