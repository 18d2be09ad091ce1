import datetime

import pytest
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
