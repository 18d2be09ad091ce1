# Polish date formats (settings.FORMAT_MODULE_PATH): Django's "3 grudnia 2026" (the month in the
# genitive, "E"), "03.12.2026" short as Polish writes it, and the project's named formats.
DATETIME_FORMAT = "j E Y, H:i"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
ABBR_DATE_FORMAT = "j E Y"
ABBR_DATETIME_FORMAT = DATETIME_FORMAT
WEEKDAY_DATE_FORMAT = "l, j E Y"
WEEKDAY_DATETIME_FORMAT = "l, j E Y, H:i"
