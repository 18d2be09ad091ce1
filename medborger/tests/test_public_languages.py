"""Every public page in each public language: lang, dir, and no text left in another language.

The rendered text of each page (without elements marked with another `lang`, which is how user
content in Danish, such as the policy text, is told apart) must not contain the English msgid
or the Danish text of any public string whose translation differs from them (issue 14).
"""

import lxml.html
import pytest
from django.conf import settings
from django.urls import reverse

from consultation.models import HearingResponse, SignUp
from consultation.tests.event_factories import EventFactory, SignUpFactory
from consultation.tests.hearing_helpers import make_hearing
from forum.tests.factories import ForumFactory
from medborger import catalogues
from policy.tests.process_factories import MilestoneFactory, RevisionFactory

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _name in settings.LANGUAGES]
RTL = {"ar", "ur"}


def public_pages(client) -> dict[str, str]:
    """Path of every public page kind, with neutral user content (names of places, numbers)."""
    hearing = make_hearing(title="Ishøj 2027")
    event = EventFactory(title="Ishøj Strand 2027", capacity=10, description="")
    signup = SignUpFactory(event=event)
    forum = ForumFactory(name="Ishøj 2018–2021", purpose="", secretariat_unit="Ishøj")
    revision = RevisionFactory(title="Ishøj 2026–2027")
    MilestoneFactory(revision=revision, title="2027")
    return {
        "landing": reverse("landing"),
        "hearings": reverse("consultation:hearing_list"),
        "hearing": reverse("consultation:hearing_detail", args=[hearing.slug]),
        "events": reverse("consultation:event_list"),
        "event": reverse("consultation:event_detail", args=[event.pk]),
        "sign-up": reverse("consultation:signup_manage", args=[signup.token]),
        "accessibility": reverse("accessibility_statement"),
        "privacy": reverse("privacy_notice"),
        "forums": reverse("forum:list"),
        "forum": reverse("forum:detail", args=[forum.slug]),
        "revisions": reverse("policy:revision_list"),
        "revision": reverse("policy:revision_public", args=[revision.slug]),
    }


def visible_text(html: str, language: str) -> str:
    tree = lxml.html.fromstring(html)
    for element in tree.xpath("//script|//style|//title|//*[@lang]"):
        if element.tag in ("script", "style", "title") or (
            element.tag != "html" and element.get("lang") != language
        ):
            element.drop_tree()
    return " ".join(tree.text_content().split())


def foreign_strings(language: str) -> list[str]:
    """Strings that must not show on a page in `language`: English and Danish originals."""
    return [s for s in _foreign_strings(language) if s not in PROPER_NAMES]


#: Configuration, not interface text: the municipality's own name (settings.MUNICIPALITY_NAME).
PROPER_NAMES = {settings.MUNICIPALITY_NAME}


def _foreign_strings(language: str) -> list[str]:
    if language == "en":
        return [
            e.msgstr
            for e in catalogues.public_entries()
            if len(e.msgstr) > 12 and e.msgstr != e.msgid
        ]
    danish = {e.msgid: e.msgstr for e in catalogues.public_entries()}
    if language == "da":
        return [m for m, t in danish.items() if len(m) > 12 and m != t and "%" not in m]
    import polib

    translated = {e.msgid: e.msgstr for e in polib.pofile(str(catalogues.po_path(language)))}
    strings = []
    for msgid, msgstr in danish.items():
        own = translated.get(msgid, "")
        for original in (msgid, msgstr):
            if (
                len(original) > 12
                and original != own
                and "%" not in original
                and "<" not in original
            ):
                strings.append(original)
    return strings


@pytest.mark.parametrize("language", LANGUAGES)
def test_public_pages_speak_the_readers_language_only(client, language):
    pages = public_pages(client)
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    foreign = foreign_strings(language)
    for name, path in pages.items():
        response = client.get(path)
        assert response.status_code == 200, name
        html = response.content.decode()
        direction = "rtl" if language in RTL else "ltr"
        assert f'<html lang="{language}" dir="{direction}">' in html, name
        text = visible_text(html, language)
        leaks = [string for string in foreign if string in text]
        assert leaks == [], f"{name} in {language}: {leaks}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_both_public_forms_refuse_in_the_readers_language(client, language):
    hearing = make_hearing(title="Ishøj 2027")
    event = EventFactory(title="Ishøj Strand 2027", capacity=10)
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    foreign = foreign_strings(language)
    for path in (
        reverse("consultation:hearing_detail", args=[hearing.slug]),
        reverse("consultation:event_detail", args=[event.pk]),
    ):
        response = client.post(path, {"email": "not an address"})
        assert response.status_code in (200, 400), path
        text = visible_text(response.content.decode(), language)
        leaks = [string for string in foreign if string in text]
        assert leaks == [], f"{path} in {language}: {leaks}"
    assert not HearingResponse.objects.exists() and not SignUp.objects.exists()
