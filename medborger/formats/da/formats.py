# Danish date formats (settings.FORMAT_MODULE_PATH): Django's own, plus the project's named
# formats (medborger.formats.local_format). Danish writes "3. december 2026", "3. dec. 2026".
ABBR_DATE_FORMAT = "j. N Y"
ABBR_DATETIME_FORMAT = "j. N Y H:i"
WEEKDAY_DATE_FORMAT = "l j. F Y"
WEEKDAY_DATETIME_FORMAT = "l j. F Y, H:i"
