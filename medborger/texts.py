"""Texts staff give per hearing or event in several languages (issue 14).

A model with such texts has a `translations` JSONField, `{language: {field: html}}`, and names
the fields in `TRANSLATED_FIELDS`; the Danish text is the model's own field. A reader sees
their language where it exists and Danish otherwise, and the page says which
(`{% load texts %}{% local_text hearing "introduction" as intro %}`).
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _

from .html import sanitize_html

BIDI = set(settings.LANGUAGES_BIDI)


@dataclass(frozen=True)
class LocalText:
    text: str
    language: str
    #: The reader's language lacks this text, so it is shown in Danish.
    is_fallback: bool

    @property
    def direction(self) -> str:
        return "rtl" if self.language.split("-")[0] in BIDI else "ltr"


def translation_languages() -> list[tuple[str, str]]:
    """The languages staff may give texts in: every public language but Danish."""
    return [(code, name) for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def local_text(instance, field: str, language: str | None = None) -> LocalText:
    language = language or get_language() or settings.LANGUAGE_CODE
    danish = getattr(instance, field) or ""
    if language != settings.LANGUAGE_CODE:
        translated = (instance.translations or {}).get(language, {}).get(field, "")
        if translated.strip():
            return LocalText(translated, language, False)
    return LocalText(danish, settings.LANGUAGE_CODE, language != settings.LANGUAGE_CODE)


def translations_set(instance, *, language: str, texts: dict[str, str]) -> None:
    """Put sanitised texts in one language on `instance` (the caller saves it with history)."""
    if language not in dict(translation_languages()):
        raise ValidationError(_("Choose one of the offered languages."), code="language")
    unknown = set(texts) - set(instance.TRANSLATED_FIELDS)
    if unknown:
        raise ValueError(f"not translatable: {sorted(unknown)}")
    current = dict(instance.translations or {})
    cleaned = {
        field: sanitize_html(value) for field, value in texts.items() if (value or "").strip()
    }
    if cleaned:
        current[language] = cleaned
    else:
        current.pop(language, None)
    instance.translations = current


def page_direction() -> str:
    return "rtl" if get_language_bidi() else "ltr"
