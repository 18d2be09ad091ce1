# English date formats (settings.FORMAT_MODULE_PATH): Django's own, plus the project's named
# formats (medborger.formats.local_format): "Dec. 3, 2026", "Thursday, December 3, 2026, 2 p.m.".
ABBR_DATE_FORMAT = "N j, Y"
ABBR_DATETIME_FORMAT = "N j, Y, P"
WEEKDAY_DATE_FORMAT = "l, F j, Y"
WEEKDAY_DATETIME_FORMAT = "l, F j, Y, P"
