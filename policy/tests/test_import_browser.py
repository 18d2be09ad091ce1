import pytest

from policy.models import Document, Milestone, PolicyRevision

from .import_builders import TEXT_EXPORT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_coordinator_uploads_a_file_edits_the_preview_and_confirms(
    page, browser_login, coordinator
):
    browser_login(coordinator)
    page.goto("/")
    page.follow(page.get_by_role("link", name="Importér kommissorium"))
    page.get_by_label("Fil").set_input_files(str(TEXT_EXPORT))
    page.submit(page.get_by_role("button", name="Læs filen"))

    assert page.get_by_role("heading", name="Kontrollér importen", level=1).is_visible()
    assert page.get_by_text("række 6: ingen dato.").is_visible()
    assert not Document.objects.exists()  # nothing is created before confirming

    first_activity = page.get_by_role("textbox", name="Aktivitet*").first
    assert first_activity.input_value() == "Kommissorium godkendes i KFU"
    first_activity.fill("Kommissoriet godkendes i Kultur- og Fritidsudvalget")
    page.get_by_role("checkbox", name="Fjern Pia Thorsen").check()
    page.submit(page.get_by_role("button", name="Opret det hele"))

    assert page.get_by_role("heading", level=1).inner_text().startswith("Importeret:")
    assert page.get_by_text("Kommissoriet godkendes i Kultur- og Fritidsudvalget").is_visible()
    revision = PolicyRevision.objects.get()
    assert revision.milestones.order_by("position").first().title == (
        "Kommissoriet godkendes i Kultur- og Fritidsudvalget"
    )
    assert Milestone.objects.count() == 8
    assert revision.groups.get(kind="project").members.count() == 3
    assert Document.objects.get().current_version.sections.count() == 5
