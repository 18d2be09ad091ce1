"""The public pages and forms in every public language, in a real browser with axe-core, and a
keyboard-only journey in Arabic (issue 14)."""

import pytest
from django.conf import settings
from django.urls import reverse

from consultation.models import HearingResponse, SignUp
from consultation.tests.event_factories import EventFactory
from consultation.tests.hearing_helpers import make_hearing
from consultation.tests.test_signup_browser import press_and_check, tab_to
from forum.tests.factories import ForumFactory
from medborger.models import OutboundEmail
from policy.tests.process_factories import MilestoneFactory, RevisionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RTL = {"ar", "ur"}


def choose_language(browser_context, live_server, language: str) -> None:
    browser_context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    )


def assert_language(page, language: str) -> None:
    html = page.locator("html")
    assert html.get_attribute("lang") == language
    assert html.get_attribute("dir") == ("rtl" if language in RTL else "ltr")
    stylesheet = "bootstrap.rtl.min.css" if language in RTL else "bootstrap.min.css"
    assert page.locator(f'link[href*="{stylesheet}"]').count() == 1


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_every_public_page_and_both_forms_pass_axe_in_each_language(
    page, browser_context, live_server, language
):
    hearing = make_hearing(title="Ishøj 2027")
    event = EventFactory(title="Ishøj Strand 2027", capacity=10)
    forum = ForumFactory()
    revision = RevisionFactory(title="Ishøj 2026–2027")
    MilestoneFactory(revision=revision, title="2027")
    choose_language(browser_context, live_server, language)
    for path in (
        reverse("landing"),
        reverse("consultation:hearing_list"),
        reverse("consultation:event_list"),
        reverse("accessibility_statement"),
        reverse("privacy_notice"),
        reverse("forum:list"),
        reverse("forum:detail", args=[forum.slug]),
        reverse("policy:revision_list"),
        reverse("policy:revision_public", args=[revision.slug]),
    ):
        page.goto(path)
        assert_language(page, language)

    # Both public forms, refused with errors: the error pages pass axe-core too.
    page.goto(reverse("consultation:hearing_detail", args=[hearing.slug]))
    assert_language(page, language)
    page.submit(page.locator("#svarformular button[type=submit]"))
    assert_language(page, language)
    assert page.locator("[data-error-summary]").count() == 1
    page.goto(reverse("consultation:event_detail", args=[event.pk]))
    page.submit(page.locator("form[method=post] button[type=submit].btn-primary"))
    assert_language(page, language)
    assert not HearingResponse.objects.exists() and not SignUp.objects.exists()


def test_a_keyboard_only_journey_in_arabic(page, browser_context, live_server, settings):
    # A keyboard script corrects the form faster than a person; the timing rule (a response
    # sent within seconds is held, and gets its receipt only when a moderator releases it)
    # is not what this journey is about.
    settings.HEARING_MIN_FILL_SECONDS = 0
    hearing = make_hearing(title="Ishøj 2027")
    EventFactory(title="Ishøj Strand 2027", capacity=10)
    choose_language(browser_context, live_server, "ar")

    # Find the hearing from the front page.
    page.goto("/")
    assert_language(page, "ar")
    tab_to(page, page.get_by_role("link", name="Ishøj 2027", exact=True))
    press_and_check(page)
    assert page.url.endswith(reverse("consultation:hearing_detail", args=[hearing.slug]))

    # A first try with two different e-mail addresses: the focus lands on the error summary.
    tab_to(page, page.locator("#id_name"))
    page.keyboard.type("ليلى حسن")
    tab_to(page, page.locator("#id_email"))
    page.keyboard.type("layla@example.org")
    tab_to(page, page.locator("#id_email_repeat"))
    page.keyboard.type("other@example.org")
    tab_to(page, page.locator("#id_subject"))
    page.keyboard.type("حديقة")
    tab_to(page, page.locator("#id_text"))
    page.keyboard.type("نرجو إضافة مقاعد في الحديقة.")
    tab_to(page, page.locator("#id_consent"))
    page.keyboard.press("Space")
    tab_to(page, page.locator("#svarformular button[type=submit]"))
    press_and_check(page)
    assert page.evaluate("() => document.activeElement.hasAttribute('data-error-summary')")
    assert (
        "عنوانا البريد الإلكتروني غير متطابقين."
        in page.locator("[data-error-summary]").inner_text()
    )

    # Corrected: the text is kept, the receipt comes, in Arabic.
    tab_to(page, page.locator("#id_email_repeat"))
    page.keyboard.press("Control+A")
    page.keyboard.type("layla@example.org")
    if not page.locator("#id_consent").is_checked():
        tab_to(page, page.locator("#id_consent"))
        page.keyboard.press("Space")
    tab_to(page, page.locator("#svarformular button[type=submit]"))
    press_and_check(page)
    assert_language(page, "ar")
    assert page.get_by_role("heading", name="شكرًا لك على ردّك").is_visible()
    response = HearingResponse.objects.get()
    assert response.language == "ar"
    assert "شكرًا لك على ردّك على الاستشارة" in OutboundEmail.objects.get().body_text

    # Then sign up for a meeting, from the front page, still by keyboard.
    page.goto("/")
    tab_to(page, page.get_by_role("link", name="اقرأ المزيد وسجّل: Ishøj Strand 2027"))
    press_and_check(page)
    tab_to(page, page.locator("#id_name"))
    page.keyboard.type("ليلى حسن")
    tab_to(page, page.locator("#id_email"))
    page.keyboard.type("layla@example.org")
    tab_to(page, page.locator("#id_consent"))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_role("button", name="سجّل", exact=True))
    press_and_check(page)
    assert_language(page, "ar")
    pending = "شكرًا لك يا ليلى حسن. تبقّت خطوة واحدة قبل أن يكتمل تسجيلك في Ishøj Strand 2027."
    assert page.get_by_text(pending).is_visible()
    # The e-mailed link opens this same page: confirming takes the seat.
    tab_to(page, page.get_by_role("button", name="أكّد تسجيلي"))
    press_and_check(page)
    assert page.get_by_text("شكرًا لك، ليلى حسن. لقد سُجّلت في Ishøj Strand 2027.").is_visible()
    assert SignUp.objects.get().language == "ar"
