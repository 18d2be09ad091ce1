import datetime

import pytest

from medborger.dates import DatePrecision
from policy.importer.danish_dates import UNSET, DateNotUnderstood, parse_date

D = datetime.date
NOVEMBER = D(2017, 11, 15)  # the document's date: later months stay, earlier ones move on


@pytest.mark.parametrize(
    ("text", "precision", "start", "end"),
    [
        ("20. nov.", DatePrecision.DAY, D(2017, 11, 20), None),
        ("25. januar", DatePrecision.DAY, D(2018, 1, 25), None),
        ("25. jan.", DatePrecision.DAY, D(2018, 1, 25), None),
        ("d. 3. december", DatePrecision.DAY, D(2017, 12, 3), None),
        ("mandag den 4. dec.", DatePrecision.DAY, D(2017, 12, 4), None),
        ("April", DatePrecision.MONTH, D(2018, 4, 1), None),
        ("Maj", DatePrecision.MONTH, D(2018, 5, 1), None),
        ("november", DatePrecision.MONTH, D(2017, 11, 1), None),
        ("primo juni", DatePrecision.MONTH, D(2018, 6, 1), None),
        ("uge 12", DatePrecision.DAY, D(2018, 3, 19), D(2018, 3, 25)),
        ("uge 48", DatePrecision.DAY, D(2017, 11, 27), D(2017, 12, 3)),
        ("uge 5-6", DatePrecision.DAY, D(2018, 1, 29), D(2018, 2, 11)),
        ("1.-15. april", DatePrecision.DAY, D(2018, 4, 1), D(2018, 4, 15)),
        ("1. - 15. april", DatePrecision.DAY, D(2018, 4, 1), D(2018, 4, 15)),
        ("20. dec. - 5. jan.", DatePrecision.DAY, D(2017, 12, 20), D(2018, 1, 5)),
        ("april-maj", DatePrecision.MONTH, D(2018, 4, 1), D(2018, 5, 31)),
        ("2. kvartal", DatePrecision.MONTH, D(2018, 4, 1), D(2018, 6, 30)),
        ("6. februar 2018", DatePrecision.DAY, D(2018, 2, 6), None),
        ("15-11-2017", DatePrecision.DAY, D(2017, 11, 15), None),
        ("2018-03-01", DatePrecision.DAY, D(2018, 3, 1), None),
        ("24/12", DatePrecision.DAY, D(2017, 12, 24), None),
        ("maj 2019", DatePrecision.MONTH, D(2019, 5, 1), None),
    ],
)
def test_it_reads_danish_dates_with_their_precision(text, precision, start, end):
    parsed = parse_date(text, reference=NOVEMBER)
    assert (parsed.precision, parsed.starts_on, parsed.ends_on) == (precision, start, end)


@pytest.mark.parametrize("text", ["", "   ", "-", "?"])
def test_an_empty_cell_is_not_yet_set(text):
    assert parse_date(text, reference=NOVEMBER) == UNSET


@pytest.mark.parametrize("text", ["efterår", "31. april", "snart", "uge 60"])
def test_it_refuses_what_is_no_date(text):
    with pytest.raises(DateNotUnderstood):
        parse_date(text, reference=NOVEMBER)


def test_a_qualified_month_keeps_the_qualifier_for_the_remark():
    assert parse_date("ultimo august", reference=NOVEMBER).qualifier == "ultimo"
