"""The journey of the issue: a citizen responds with the keyboard only; the coordinator finds
the response, comments on it and downloads the hearing report. axe-core checks every page."""

import pytest
from django.contrib.auth.models import Group

from consultation.models import HearingResponse
from consultation.services.hearing_reports import report_build_pending
from medborger.roles import Role

from .hearing_helpers import make_hearing

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab until the element matching `selector` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} cannot be reached with the Tab key")


def test_a_citizen_responds_and_the_coordinator_reports(page, browser_login, coordinator, tmp_path):
    # A transactional test after another one finds the role groups (made by a data migration)
    # flushed away: give the coordinator the role again.
    coordinator.groups.add(Group.objects.get_or_create(name=Role.COORDINATOR)[0])
    hearing = make_hearing(user=coordinator, title="Høring om medborgerpolitikken")
    attachment = tmp_path / "Forslag fra foreningen.pdf"
    attachment.write_bytes(b"%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF\n")

    # Playwright switches file-chooser interception on asynchronously: do it long before the
    # key press that opens the chooser, or the press may open the native dialog instead.
    page.on("filechooser", lambda chooser: None)

    # The citizen finds the hearing on the front page.
    page.goto("/")
    page.follow(page.get_by_role("link", name="Høring om medborgerpolitikken"))
    assert page.get_by_role("heading", name="Høringsudkastet").is_visible()

    # ... and fills in the form with the keyboard only.
    tab_to(page, "a[href='#svarformular']")
    page.keyboard.press("Enter")
    page.check_accessibility()  # jumping to the form counts as a navigation
    for selector, text in [
        ("#id_name", "Karin Holm"),
        ("#id_email", "karin@example.org"),
        ("#id_email_repeat", "karin@example.org"),
        ("#id_subject", "Bænke ved stranden"),
        ("#id_text", "Vi ønsker flere bænke langs stranden, så ældre kan hvile sig."),
    ]:
        tab_to(page, selector)
        page.keyboard.type(text)
    tab_to(page, "#id_sections_1")
    page.keyboard.press("Space")
    tab_to(page, "#id_attachments")
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Enter")
    chooser.value.set_files(str(attachment))
    tab_to(page, "#id_consent")
    page.keyboard.press("Space")
    tab_to(page, "button[type=submit].btn-primary")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.check_accessibility()

    response = HearingResponse.objects.get()
    assert page.get_by_text(response.reference).is_visible()
    assert page.get_by_role("heading", name="Tak for dit høringssvar").is_visible()
    assert response.attachments.get().original_name == "Forslag fra foreningen.pdf"
    assert response.sections.get().position == 2

    # The coordinator finds it, comments on it and builds the report.
    browser_login(coordinator)
    page.goto(f"/inddragelse/hoeringer/{hearing.slug}/behandling/")
    page.get_by_role("textbox", name="Søg").fill("bænke")
    page.submit(page.get_by_role("button", name="Søg"))
    page.follow(page.get_by_role("link", name=response.reference))
    page.get_by_label("Status").select_option("handled")
    page.get_by_label("Forvaltningens bemærkning").fill("Der kommer tre nye bænke i 2027.")
    page.submit(page.get_by_role("button", name="Gem", exact=True))
    assert page.get_by_text(f"Høringssvar {response.reference} er gemt.").is_visible()
    response.refresh_from_db()
    assert response.admin_comment == "Der kommer tre nye bænke i 2027."

    page.follow(page.get_by_role("link", name="Høringsnotat"))
    page.submit(page.get_by_role("button", name="Dan høringsnotatet"))
    assert page.locator("progress").is_visible()
    assert report_build_pending() == 1  # what the worker's periodic scan does
    page.follow(page.get_by_role("link", name="Opdatér"))
    with page.expect_download() as download:
        page.get_by_role("link", name="Hent som PDF").click()
    path = download.value.path()
    with open(path, "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    assert download.value.suggested_filename.endswith(".pdf")
