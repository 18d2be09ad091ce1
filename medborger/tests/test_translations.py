from pathlib import Path

import polib
from django.conf import settings
from django.utils import translation

PO = Path(settings.BASE_DIR) / "locale" / "da" / "LC_MESSAGES" / "django.po"


def test_every_string_in_the_danish_catalogue_is_translated():
    po = polib.pofile(str(PO))
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []


def test_the_compiled_catalogue_matches_the_source():
    po = polib.pofile(str(PO))
    mo = polib.mofile(str(PO.with_suffix(".mo")))
    assert {(e.msgctxt, e.msgid): e.msgstr for e in mo} == {
        (e.msgctxt, e.msgid): e.msgstr for e in po.translated_entries()
    }


def test_django_uses_the_catalogue():
    with translation.override("da"):
        assert translation.gettext("Skip to content") == "Spring til indholdet"
