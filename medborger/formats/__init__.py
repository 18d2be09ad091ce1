"""Date and number formats per language (settings.FORMAT_MODULE_PATH): one module per public
language, `medborger/formats/<code>/formats.py`, over Django's own.

Besides Django's names (DATE_FORMAT, DATETIME_FORMAT, ...), each module names the formats the
pages use that Django has no name for, so no template writes a Danish pattern that other
languages would read too:

- ABBR_DATE_FORMAT, ABBR_DATETIME_FORMAT: a date in a table ("3. dec. 2026");
- WEEKDAY_DATE_FORMAT, WEEKDAY_DATETIME_FORMAT: with the day of the week ("torsdag 3. december
  2026, 14:00"), for meetings and events.

Templates use them with `{% load local_dates %}{{ value|local_date:"WEEKDAY_DATETIME_FORMAT" }}`.
"""

from django.utils import formats, translation

#: The project's own named formats, found in every language's module.
NAMED_FORMATS = frozenset(
    {
        "ABBR_DATE_FORMAT",
        "ABBR_DATETIME_FORMAT",
        "WEEKDAY_DATE_FORMAT",
        "WEEKDAY_DATETIME_FORMAT",
    }
)


def local_format(name: str, lang: str | None = None) -> str:
    """The pattern `name` stands for in `lang` (the active language by default): one of
    Django's format names or of NAMED_FORMATS; Danish where a language lacks it."""
    if name not in NAMED_FORMATS:
        return str(formats.get_format(name, lang))
    for code in (lang or translation.get_language() or "da", "da"):
        for module in formats.get_format_modules(code):
            value = getattr(module, name, None)
            if value is not None:
                return str(value)
    raise ValueError(f"Unknown date format {name!r}")
