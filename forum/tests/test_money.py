from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from forum.money import format_dkk, format_number, parse_amount


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("1250", "1250"),
        ("1250,50", "1250.50"),
        ("1.250,50", "1250.50"),
        ("1.250", "1250"),
        ("1.250.000,05", "1250000.05"),
        ("12.50", "12.50"),
        ("0,1", "0.1"),
        (" 1 250,00 kr. ", "1250.00"),
        ("DKK 99", "99"),
        ("-5", "-5"),
        ("12,345", "12.345"),
    ],
)
def test_it_reads_amounts_as_staff_type_them(typed, value):
    assert parse_amount(typed) == Decimal(value)


@pytest.mark.parametrize("typed", ["", "kr.", "tolv", "1,2,3", "1.2.3", "12,5.0", "."])
def test_it_refuses_what_is_not_an_amount(typed):
    with pytest.raises(ValidationError):
        parse_amount(typed)


def test_it_keeps_the_exact_value_never_a_float():
    value = parse_amount("0,10") + parse_amount("0,20")
    assert value == Decimal("0.30")
    assert isinstance(value, Decimal)


def test_it_shows_amounts_the_danish_way():
    with translation.override("da"):
        assert format_number(Decimal("1250000.5")) == "1.250.000,50"
        assert format_dkk(Decimal("-500")) == "-500,00 kr."
    with translation.override("en"):
        assert format_dkk(Decimal("1250.5")) == "DKK 1,250.50"
