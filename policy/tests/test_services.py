import pytest

from policy.models import Document, DocumentVersion, Section
from policy.services import SectionInput, StaleVersionError, version_freeze, version_save

pytestmark = pytest.mark.django_db


@pytest.fixture
def document():
    return Document.objects.create(title="Medborgerpolitik", slug="medborgerpolitik")


def test_each_save_makes_a_new_numbered_version_with_its_own_sections(document, coordinator):
    first = version_save(
        document=document,
        sections=[SectionInput(heading="Formål", body="<p>Et</p>")],
        user=coordinator,
        base_number=None,
        label="Første udkast",
    )
    key = first.sections.get().key
    second = version_save(
        document=document,
        sections=[SectionInput(heading="Formål", body="<p>To</p>", key=key)],
        user=coordinator,
        base_number=1,
        change_note="Skrevet om",
    )
    assert (first.number, second.number) == (1, 2)
    assert first.sections.get().body == "<p>Et</p>"
    assert second.sections.get().body == "<p>To</p>"
    assert second.sections.get().key == key
    document.refresh_from_db()
    assert document.current_version == second
    history = second.history.get()
    assert history.history_user == coordinator
    assert history.history_change_reason == "Skrevet om"
    assert Section.history.filter(version_id=second.pk).count() == 1


def test_it_refuses_a_stale_save_and_keeps_the_newer_version(document, coordinator):
    version_save(document=document, sections=[], user=coordinator, base_number=None)
    version_save(document=document, sections=[], user=coordinator, base_number=1)
    with pytest.raises(StaleVersionError) as refused:
        version_save(
            document=document,
            sections=[SectionInput(heading="Mit", body="")],
            user=coordinator,
            base_number=1,
        )
    assert refused.value.current.number == 2
    assert DocumentVersion.objects.filter(document=document).count() == 2


def test_it_sanitises_every_body(document, coordinator):
    version = version_save(
        document=document,
        sections=[
            SectionInput(heading=" Formål ", body='<p onclick="x()">Hej<script>x()</script>')
        ],
        user=coordinator,
        base_number=None,
    )
    section = version.sections.get()
    assert section.heading == "Formål"
    assert section.body == "<p>Hej</p>"


def test_freezing_is_recorded_once(document, coordinator):
    version = version_save(document=document, sections=[], user=coordinator, base_number=None)
    frozen = version_freeze(version=version, user=coordinator, reason="Sendt i høring")
    first_time = frozen.frozen_at
    again = version_freeze(version=version, user=coordinator, reason="Igen")
    assert again.frozen_at == first_time
    assert again.frozen_reason == "Sendt i høring"
    assert version.is_frozen
