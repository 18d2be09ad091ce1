"""Amounts in DKK: reading what people type, and showing amounts the Danish way."""

import functools
import re
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

CENT = Decimal("0.01")
_GROUPED = re.compile(r"^\d{1,3}(?:\.\d{3})+$")
_NOT_A_NUMBER = gettext_lazy("Write the amount as a number, for example 1.250,50.")


def parse_amount(text: str) -> Decimal:
    """Read an amount as staff type it: '1.250,50', '1250,5', '1250.50', '1 250 kr.'.

    A comma is the decimal separator and dots group thousands (Danish); a lone dot followed by
    other than three digits is read as a decimal point. Precision is kept exactly, so that
    `validate_amount` can refuse more than two decimals instead of rounding them away.
    """
    cleaned = re.sub(r"(?i)\s|kr\.?|dkk", "", text or "")
    if not cleaned:
        raise ValidationError(_("Enter an amount."), code="required")
    sign = ""
    if cleaned[0] in "+-−":
        sign, cleaned = ("-" if cleaned[0] != "+" else ""), cleaned[1:]
    if "," in cleaned:
        whole, _comma, decimals = cleaned.rpartition(",")
        if "," in whole or (whole and "." in whole and not _GROUPED.match(whole)):
            raise ValidationError(_NOT_A_NUMBER, code="invalid")
        cleaned = whole.replace(".", "") + "." + decimals
    elif _GROUPED.match(cleaned):
        cleaned = cleaned.replace(".", "")
    if not re.fullmatch(r"\d*\.?\d*", cleaned) or cleaned in ("", "."):
        raise ValidationError(_NOT_A_NUMBER, code="invalid")
    try:
        return Decimal(sign + cleaned)
    except InvalidOperation as error:
        raise ValidationError(_NOT_A_NUMBER, code="invalid") from error


@functools.cache
def _separators(language: str) -> dict:
    with translation.override(language):
        return str.maketrans(
            {
                ",": formats.get_format("THOUSAND_SEPARATOR"),
                ".": formats.get_format("DECIMAL_SEPARATOR"),
            }
        )


def number_formatter():
    """A `format_number` for many values in the active language: the separators are looked
    up once, which matters in tables with hundreds of amounts."""
    table = _separators(translation.get_language() or settings.LANGUAGE_CODE)
    return lambda value: format(Decimal(value).quantize(CENT), ",.2f").translate(table)


def format_number(value: Decimal) -> str:
    """'1.250,50' in Danish, '1,250.50' in English: two decimals, grouped by thousands
    (Python's own grouping with the language's separators swapped in)."""
    return number_formatter()(value)


def format_dkk(value: Decimal) -> str:
    return _("DKK %(amount)s") % {"amount": format_number(value)}
