"""Personal data inside free text: CPR numbers, e-mail addresses and phone numbers.

One definition of the patterns for the whole site: the hearing review flags and blocks them,
and erasure redacts them (`redact_personal_data`), in the current rows and in their history.
"""

import re

from django.utils.translation import gettext as _

#: A Danish CPR number: DDMMYY, an optional dash or space, four digits.
CPR = re.compile(r"(?<!\d)(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])\d{2}[-\s]?\d{4}(?!\d)")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
#: A Danish phone number: eight digits, together or in pairs, with or without +45.
PHONE = re.compile(r"(?<![\d-])(?:\+45[\s-]?)?(?:\d{8}|\d{2}(?:[\s-]\d{2}){3})(?![\d-])")


def redact_personal_data(text: str) -> str:
    """The text with every CPR number, e-mail address and phone number replaced by a marker
    that says what was removed."""
    if not text:
        return text or ""
    text = CPR.sub(_("[CPR number removed]"), text)
    text = EMAIL.sub(_("[e-mail address removed]"), text)
    return PHONE.sub(_("[phone number removed]"), text)


def redact_rows(queryset, fields: tuple[str, ...]) -> int:
    """Redact `fields` of every row of `queryset` (current or historical rows); returns how
    many rows changed. Rows are updated one by one, only where something was found."""
    changed = 0
    model = queryset.model
    for row in queryset.only(model._meta.pk.attname, *fields).iterator():
        update = {}
        for name in fields:
            value = getattr(row, name)
            redacted = redact_personal_data(value)
            if redacted != value:
                update[name] = redacted
        if update:
            model._base_manager.filter(pk=row.pk).update(**update)
            changed += 1
    return changed
