# Urdu date and number formats: Django ships none for Urdu (settings.FORMAT_MODULE_PATH), and
# its fallback is the English "دسمبر 3, 2026". Here "3 دسمبر 2026، 14:00" with the Urdu comma; the
# month and day names come from the catalogues.
DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y، H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 1
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
ABBR_DATE_FORMAT = DATE_FORMAT
ABBR_DATETIME_FORMAT = DATETIME_FORMAT
WEEKDAY_DATE_FORMAT = "l، j F Y"
WEEKDAY_DATETIME_FORMAT = "l، j F Y، H:i"
