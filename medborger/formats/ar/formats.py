# Arabic date formats (settings.FORMAT_MODULE_PATH). Django's Arabic module has no date-and-time
# format and would fall back to the English "ديسمبر 3, 2026"; here "3 ديسمبر 2026، 14:00", with the
# Arabic comma and the 24-hour clock.
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y، H:i"
TIME_FORMAT = "H:i"
SHORT_DATETIME_FORMAT = "d\u200f/m\u200f/Y H:i"
ABBR_DATE_FORMAT = DATE_FORMAT
ABBR_DATETIME_FORMAT = DATETIME_FORMAT
WEEKDAY_DATE_FORMAT = "l j F Y"
WEEKDAY_DATETIME_FORMAT = "l j F Y، H:i"
