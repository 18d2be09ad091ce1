"""Browser journeys through the document editor, with axe-core on every page."""

import io

import pytest
from django.urls import reverse
from docx import Document as WordDocument

from policy.models import DocumentVersion

from .document_factories import edit_sections, make_document, save_version

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def document(coordinator):
    document = make_document(title="Medborgerpolitik")
    one = save_version(
        document,
        coordinator,
        [
            ("Indledning", "<p>Vi mødes på tværs.</p>"),
            ("Fællesskaber", "<p>Vi styrker fællesskaber.</p><ul><li>Mødesteder</li></ul>"),
        ],
        label="Første udkast",
    )
    save_version(
        document,
        coordinator,
        edit_sections(one, {"Fællesskaber": "<p>Vi styrker forpligtende fællesskaber.</p>"}),
        label="Udkast til styregruppen",
    )
    document.refresh_from_db()
    return document


def test_edit_save_compare_restore_and_export(page, browser_login, coordinator, document, tmp_path):
    browser_login(coordinator)
    page.goto(reverse("policy:document_editor", kwargs={"slug": document.slug}))

    # The WYSIWYG editor replaces the textarea; typing goes into the first section.
    editor = page.get_by_role("textbox", name="Tekst").first
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.type(" Redigeret i browseren.")
    page.get_by_role("button", name="Fed").first.click()
    # The toolbar hands the focus back to the text asynchronously: a key pressed before that
    # lands on the button (a space would press it again and turn bold off).
    page.wait_for_function("() => document.activeElement?.isContentEditable === true")
    page.keyboard.type(" Vigtigt")
    page.get_by_label("Betegnelse (valgfri)").fill("Høringsudkast")
    page.submit(page.get_by_role("button", name="Gem som ny version"))
    assert page.get_by_text("Gemt som version 3.").is_visible()
    saved = DocumentVersion.objects.get(document=document, number=3)
    assert saved.label == "Høringsudkast"
    assert saved.sections.first().body == (
        "<p>Vi mødes på tværs. Redigeret i browseren.<strong> Vigtigt</strong></p>"
    )

    # Compare with the previous version.
    page.follow(page.get_by_role("link", name="Versioner", exact=True))
    page.follow(page.get_by_role("link", name="Sammenlign med forrige (version 3)"))
    assert page.url.endswith(f"/dokumenter/{document.slug}/sammenlign/2/3/")
    added = page.locator("ins").filter(has_text="Redigeret i browseren")
    assert added.first.is_visible()
    page.follow(page.get_by_role("link", name="Samlet"))
    assert page.locator("ins").filter(has_text="Vigtigt").first.is_visible()

    # Restore version 2 (the one before the edit).
    page.follow(page.get_by_role("link", name="Versioner", exact=True))
    page.follow(page.get_by_role("link", name="Gendan (version 2)"))
    page.submit(page.get_by_role("button", name="Gendan version 2"))
    restored = DocumentVersion.objects.get(document=document, number=4)
    assert restored.restored_from.number == 2
    assert page.get_by_text("Gendannet fra version 2 (Udkast til styregruppen).").is_visible()

    # Export the edited version as Word; the download opens with python-docx.
    page.goto(reverse("policy:version_detail", kwargs={"slug": document.slug, "number": 3}))
    with page.expect_download() as download:
        page.get_by_role("link", name="Hent som Word (DOCX)").click()
    target = tmp_path / "export.docx"
    download.value.save_as(target)
    doc = WordDocument(io.BytesIO(target.read_bytes()))
    texts = [paragraph.text for paragraph in doc.paragraphs]
    assert "Vi mødes på tværs. Redigeret i browseren. Vigtigt" in texts
    assert "Medborgerpolitik" in texts


def test_sections_are_reordered_with_the_keyboard_and_unsaved_changes_warn(
    page, browser_login, coordinator, document
):
    browser_login(coordinator)
    editor_url = reverse("policy:document_editor", kwargs={"slug": document.slug})
    page.goto(editor_url)

    move_down = page.locator("[data-section]").first.get_by_role("button", name="Flyt ned")
    assert "Afsnit 1" in move_down.inner_text()
    move_down.focus()
    page.keyboard.press("Enter")
    # Focus stays on the moved section's button, which now belongs to section 2.
    focused = page.evaluate("document.activeElement.textContent")
    assert "Afsnit 2" in focused
    headings = page.locator("[data-heading]")
    assert headings.nth(0).input_value() == "Fællesskaber"
    page.wait_for_timeout(200)
    assert "er flyttet til plads 2" in page.locator("[data-announce]").inner_text()
    page.check_accessibility()

    # Add a section with the keyboard, then try to leave: the browser asks first.
    page.get_by_role("button", name="Tilføj et afsnit").focus()
    page.keyboard.press("Enter")
    page.keyboard.type("Opfølgning")
    dialogs = []

    def dismiss(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", dismiss)
    page.get_by_role("link", name="Oversigt").click()
    page.wait_for_timeout(300)
    assert dialogs == ["beforeunload"]
    assert page.url.endswith(editor_url)
    page.remove_listener("dialog", dismiss)

    new_text = page.get_by_role("textbox", name="Tekst").last
    new_text.click()
    page.keyboard.type("Vi følger op hvert år.")
    page.submit(page.get_by_role("button", name="Gem som ny version"))
    version = DocumentVersion.objects.get(document=document, number=3)
    assert [(s.heading, s.body) for s in version.sections.all()] == [
        ("Fællesskaber", "<p>Vi styrker forpligtende fællesskaber.</p>"),
        ("Indledning", "<p>Vi mødes på tværs.</p>"),
        ("Opfølgning", "<p>Vi følger op hvert år.</p>"),
    ]
