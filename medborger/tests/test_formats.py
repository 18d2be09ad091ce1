"""Dates and numbers in each public language's own conventions (medborger/formats, issue 14)."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import formats, timezone, translation

from medborger.formats import NAMED_FORMATS, local_format

THURSDAY = timezone.make_aware(datetime.datetime(2026, 12, 3, 14, 5))


def render(language: str, text: str, **context) -> str:
    with translation.override(language):
        return Template("{% load local_dates %}" + text).render(Context(context))


@pytest.mark.parametrize(
    ("language", "date", "date_and_time", "with_weekday"),
    [
        ("da", "3. december 2026", "3. december 2026 14:05", "torsdag 3. december 2026, 14:05"),
        ("en", "Dec. 3, 2026", "Dec. 3, 2026, 2:05 p.m.", "Thursday, December 3, 2026, 2:05 p.m."),
        ("ar", "3 ديسمبر 2026", "3 ديسمبر 2026، 14:05", "الخميس 3 ديسمبر 2026، 14:05"),
        ("tr", "3 Aralık 2026", "3 Aralık 2026 14:05", "3 Aralık 2026 Perşembe, 14:05"),
        ("ur", "3 دسمبر 2026", "3 دسمبر 2026، 14:05", "جمعرات، 3 دسمبر 2026، 14:05"),
        ("pl", "3 grudnia 2026", "3 grudnia 2026, 14:05", "Czwartek, 3 grudnia 2026, 14:05"),
        ("so", "3 Desembar 2026", "3 Desembar 2026, 14:05", "Khamiis, 3 Desembar 2026, 14:05"),
    ],
)
def test_each_public_language_writes_dates_its_own_way(language, date, date_and_time, with_weekday):
    assert render(language, '{{ d|date:"DATE_FORMAT" }}', d=THURSDAY) == date
    assert render(language, '{{ d|date:"DATETIME_FORMAT" }}', d=THURSDAY) == date_and_time
    assert render(language, '{{ d|local_date:"WEEKDAY_DATETIME_FORMAT" }}', d=THURSDAY) == (
        with_weekday
    )


def test_danish_abbreviates_the_month_with_a_full_stop_and_in_lower_case():
    september = datetime.date(2018, 9, 18)
    assert render("da", '{{ d|local_date:"ABBR_DATE_FORMAT" }}', d=THURSDAY) == "3. dec. 2026"
    assert render("da", '{{ d|local_date:"ABBR_DATE_FORMAT" }}', d=september) == ("18. sept. 2018")


def test_the_filter_shows_the_local_time_of_a_stored_moment():
    utc = THURSDAY.astimezone(datetime.UTC)  # 13:05 in UTC
    assert render("da", '{{ d|local_date:"ABBR_DATETIME_FORMAT" }}', d=utc) == (
        "3. dec. 2026 14:05"
    )
    assert render("da", '{{ d|local_date:"ABBR_DATE_FORMAT" }}', d=None) == ""


@pytest.mark.parametrize(
    ("language", "number"),
    [("da", "1.234,50"), ("en", "1,234.50"), ("pl", "1\xa0234,50"), ("ur", "1,234.50")],
)
def test_numbers_use_the_languages_separators(language, number):
    with translation.override(language):
        shown = formats.number_format(1234.5, 2, force_grouping=True)
    assert shown.replace(" ", "\xa0") == number


def test_every_language_has_every_named_format_and_urdu_and_somali_their_own():
    for language in ("da", "en", "ar", "tr", "ur", "pl", "so"):
        for name in NAMED_FORMATS:
            assert local_format(name, language), (language, name)
    # Django ships no formats for Urdu and Somali; without ours both fall back to English.
    assert local_format("DATE_FORMAT", "ur") == "j F Y"
    assert local_format("DATE_FORMAT", "so") == "j F Y"


def test_urdu_and_somali_name_months_and_days_from_the_catalogues():
    saturday = datetime.date(2026, 12, 5)
    # Django's own Urdu catalogue writes ھفتہ; locale/ur spells it as Urdu does.
    assert render("ur", '{{ d|local_date:"WEEKDAY_DATE_FORMAT" }}', d=saturday) == (
        "ہفتہ، 5 دسمبر 2026"
    )
    assert render("so", '{{ d|local_date:"WEEKDAY_DATE_FORMAT" }}', d=saturday) == (
        "Sabti, 5 Desembar 2026"
    )


def test_the_timelines_short_month_names_are_somali_not_the_danish_fallback():
    september = datetime.date(2026, 9, 1)
    assert render("so", '{{ d|date:"b Y" }}', d=september) == "seb 2026"
    assert render("da", '{{ d|date:"b Y" }}', d=september) == "sept 2026"


#: Django's format names; a template may also use ISO 8601 ("Y-m-d") for machines (a date
#: input's value, a comparison).
NAMED = re.compile(
    r"\|(?:date|time):[\"'](?:(?:SHORT_)?DATE(?:TIME)?_FORMAT|TIME_FORMAT|YEAR_MONTH_FORMAT"
    r"|MONTH_DAY_FORMAT|Y-m-d)[\"']"
)
ANY = re.compile(r"\|(?:date|time):[\"'][^\"']*[\"']")


def test_no_template_writes_a_date_pattern_of_its_own():
    root = Path(settings.BASE_DIR) / "templates"
    literal = [
        f"{path.relative_to(root)}: {match.group()}"
        for path in root.rglob("*")
        if path.is_file()
        for match in ANY.finditer(path.read_text(encoding="utf-8", errors="ignore"))
        if not NAMED.fullmatch(match.group())
    ]
    assert literal == [], "Use a named format (medborger/formats): " + ", ".join(literal)
