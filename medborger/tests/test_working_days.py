import datetime

import pytest

from medborger.dates import is_working_day, working_days_before

D = datetime.date


@pytest.mark.parametrize(
    ("day", "n", "expected"),
    [
        (D(2026, 11, 20), 0, D(2026, 11, 20)),  # no lead time: the day itself
        (D(2026, 11, 20), 1, D(2026, 11, 19)),  # Friday -> Thursday
        (D(2026, 11, 16), 1, D(2026, 11, 13)),  # Monday -> the Friday before the weekend
        (D(2026, 11, 16), 5, D(2026, 11, 9)),
        (D(2026, 4, 7), 1, D(2026, 4, 1)),  # after Easter: Maundy Thursday to Easter Monday off
        (D(2026, 4, 7), 3, D(2026, 3, 30)),
        (D(2026, 12, 28), 1, D(2026, 12, 24)),  # 25 and 26 December and the weekend are off
        (D(2027, 1, 4), 2, D(2026, 12, 30)),  # New Year's Day off, across the year
        (D(2026, 5, 15), 1, D(2026, 5, 13)),  # Ascension Day (14 May) off
    ],
)
def test_working_days_before_skips_weekends_and_danish_holidays(day, n, expected):
    assert working_days_before(day, n) == expected


def test_danish_public_holidays_are_not_working_days():
    assert not is_working_day(D(2026, 4, 6))  # Easter Monday
    assert not is_working_day(D(2026, 12, 25))
    assert not is_working_day(D(2026, 11, 21))  # a Saturday
    assert is_working_day(D(2026, 11, 20))
