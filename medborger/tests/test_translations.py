"""The public languages' catalogues: complete, built from locale/da, reviewable (issue 14)."""

import shutil

import polib
import pytest
from django.urls import reverse

from medborger import catalogues

pytestmark = pytest.mark.django_db


def test_every_public_language_translates_every_public_string():
    assert catalogues.missing_sources() == []
    public = catalogues.public_entries()
    assert len(public) > 250
    for code in catalogues.catalogue_languages():
        assert catalogues.untranslated(code) == [], code


def test_staff_strings_are_not_public_strings():
    msgids = {entry.msgid for entry in catalogues.public_entries()}
    assert "Skip to content" in msgids and "Send response" in msgids
    assert "Record an expense" not in msgids  # the forum's budget, staff only


@pytest.fixture
def locale_copy(tmp_path, monkeypatch):
    shutil.copytree(catalogues.LOCALE, tmp_path / "locale")
    monkeypatch.setattr(catalogues, "LOCALE", tmp_path / "locale")
    return tmp_path / "locale"


def test_a_new_public_string_is_listed_untranslated_until_translated(locale_copy):
    da = polib.pofile(str(catalogues.po_path("da")))
    da.append(
        polib.POEntry(
            msgid="A new public sentence.",
            msgstr="En ny offentlig sætning.",
            occurrences=[("templates/base.html", "1")],
        )
    )
    da.save()
    catalogues.catalogue_update(code="ar")
    assert catalogues.untranslated("ar") == ["A new public sentence."]
    po = polib.pofile(str(catalogues.po_path("ar")))
    po.find("A new public sentence.").msgstr = "جملة عامة جديدة."
    po.save()
    assert catalogues.untranslated("ar") == []


def test_a_reviewed_entry_leaves_the_unreviewed_list(locale_copy):
    before = {entry.msgid for entry in catalogues.unreviewed("pl")}
    assert "Skip to content" in before
    po = polib.pofile(str(catalogues.po_path("pl")))
    po.find("Skip to content").tcomment = "reviewed-by: Anna Nowak"
    po.save()
    after = {entry.msgid for entry in catalogues.unreviewed("pl")}
    assert after == before - {"Skip to content"}


def test_staff_see_the_unreviewed_strings_per_language(coordinator_client, client):
    html = coordinator_client.get(reverse("translations")).content.decode()
    assert '<span lang="ar">العربية</span>' in html
    assert "انتقل إلى المحتوى" in html  # "Skip to content", not yet reviewed
    assert "Claude" in html  # the catalogue's Last-Translator
    response = client.get(reverse("translations"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_the_page_shows_a_catalogue_change_at_the_next_visit(locale_copy, coordinator_client):
    """The page keeps each language's part until its catalogue or the Danish one changes."""
    url = reverse("translations")
    assert "Przejdź do treści" in coordinator_client.get(url).content.decode()
    po = polib.pofile(str(catalogues.po_path("pl")))
    po.find("Skip to content").tcomment = "reviewed-by: Anna Nowak"
    po.save()
    assert "Przejdź do treści" not in coordinator_client.get(url).content.decode()
    po.metadata["Last-Translator"] = "Jan Kowalski"
    po.save()
    assert "Jan Kowalski" in coordinator_client.get(url).content.decode()
