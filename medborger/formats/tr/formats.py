# Turkish date formats (settings.FORMAT_MODULE_PATH): "3 Aralık 2026" (Django's own writes
# "03 Aralık 2026"), the day of the week after the date as Turkish puts it, "03.12.2026" short.
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y H:i"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
ABBR_DATE_FORMAT = DATE_FORMAT
ABBR_DATETIME_FORMAT = DATETIME_FORMAT
WEEKDAY_DATE_FORMAT = "j F Y l"
WEEKDAY_DATETIME_FORMAT = "j F Y l, H:i"
