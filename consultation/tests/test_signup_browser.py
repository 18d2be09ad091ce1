import re

import pytest
from django.conf import settings
from django.urls import reverse

from consultation.models import SignUp
from medborger.models import OutboundEmail

from .event_factories import EventFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def tab_to(page, locator, limit: int = 80) -> None:
    """Press Tab until `locator` has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if locator.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{locator} cannot be reached with the Tab key")


def press_and_check(page, key: str = "Enter") -> None:
    """Press a key that loads a new page, then run axe-core on that page."""
    with page.expect_navigation():
        page.keyboard.press(key)
    page.check_accessibility()


def test_a_citizen_signs_up_and_cancels_with_the_keyboard_and_staff_export_the_list(
    page, browser_login, coordinator
):
    event = EventFactory(title="Borgermøde om fællesskab", capacity=20)
    event.organisers.add(coordinator)

    console = []
    page.on("console", lambda message: console.append(message.text))

    # The citizen finds the meeting on the front page and signs up with the keyboard only.
    page.goto("/")
    tab_to(page, page.get_by_role("link", name="Læs mere og tilmeld dig: Borgermøde om fællesskab"))
    press_and_check(page)
    assert page.get_by_role("heading", name="Borgermøde om fællesskab", level=1).is_visible()

    tab_to(page, page.get_by_label("Navn"))
    page.keyboard.type("Asta Holm")
    tab_to(page, page.get_by_label("E-mail"))
    page.keyboard.type("asta@example.org")
    tab_to(page, page.get_by_label("Jeg har brug for teleslynge"))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_label("Jeg giver samtykke", exact=False))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_role("button", name="Tilmeld dig"))
    press_and_check(page)

    # The browser solved the form's proof of work while she typed: nothing to click or read.
    assert page.get_by_text("Tak, Asta Holm. Ét trin mangler", exact=False).is_visible()
    assert not [text for text in console if "Content Security Policy" in text], console
    signup = SignUp.objects.get()
    assert signup.needs_hearing_loop and signup.status == SignUp.Status.PENDING

    # She opens the link in the e-mail and confirms, still with the keyboard.
    email = OutboundEmail.objects.get(notification="event_signup_confirm")
    link = re.search(
        re.escape(settings.SITE_URL) + r"(/inddragelse/tilmelding/\S+/)", email.body_text
    )
    page.goto(link.group(1))
    tab_to(page, page.get_by_role("button", name="Bekræft min tilmelding"))
    press_and_check(page)
    assert page.get_by_text("Tak, Asta Holm. Du er tilmeldt Borgermøde om fællesskab.").is_visible()
    signup.refresh_from_db()
    assert signup.status == SignUp.Status.CONFIRMED

    # Later she opens the cancel link from the e-mail that confirms her seat.
    email = OutboundEmail.objects.get(notification="event_signup_received")
    link = re.search(
        re.escape(settings.SITE_URL) + r"(/inddragelse/tilmelding/\S+/)", email.body_text
    )
    page.goto(link.group(1))
    tab_to(page, page.get_by_role("button", name="Afmeld min tilmelding"))
    press_and_check(page)
    assert page.get_by_text("Din tilmelding til Borgermøde om fællesskab er afmeldt.").is_visible()
    signup.refresh_from_db()
    assert signup.status == SignUp.Status.CANCELLED

    # The coordinator sees the attendee list and exports it.
    browser_login(coordinator)
    page.goto(reverse("consultation:event_attendees", args=[event.pk]))
    assert page.get_by_role("cell", name="Asta Holm").is_visible()
    assert page.get_by_text("Afmeldt", exact=True).is_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Eksportér som CSV").click()
    csv = download.value.path().read_text(encoding="utf-8-sig")
    assert csv.splitlines()[0].startswith("Status;Navn;E-mail")
    assert "Afmeldt;Asta Holm;asta@example.org" in csv
