"""The comparison sees only real changes: markup the editor writes differently is no change."""

import uuid

import pytest

from policy.compare import blocks_of, compare_sections, compare_versions
from policy.markup import canonical_body
from policy.models import Section
from policy.services import SectionInput, normalise_body

from .document_factories import make_document, save_version

#: How the importer and older text write a list, and how the editor (Tiptap) writes it back.
IMPORTED_LIST = "<p>Vi vil:</p>\n<ul><li>Mødesteder</li><li>Frivillighed</li></ul>"
EDITOR_LIST = "<p>Vi vil:</p><ul><li><p>Mødesteder</p></li><li><p>Frivillighed</p></li></ul>"
EDITOR_ORDERED = '<ol start="1"><li><p>Et</p></li><li><p>To</p></li></ol><p></p>'


def test_the_editors_list_markup_is_stored_like_the_imported_one():
    assert normalise_body(EDITOR_LIST) == normalise_body(IMPORTED_LIST)
    assert normalise_body(EDITOR_ORDERED) == "<ol><li>Et</li><li>To</li></ol>"
    # A list item with two paragraphs keeps them (that is content, not markup).
    two = "<ul><li><p>Et</p><p>To</p></li></ul>"
    assert normalise_body(two) == two
    assert canonical_body(canonical_body(EDITOR_LIST)) == canonical_body(EDITOR_LIST)


def test_list_items_written_with_paragraphs_are_still_list_items():
    assert [(b.kind, b.text) for b in blocks_of(EDITOR_LIST)] == [
        ("p", "Vi vil:"),
        ("li", "Mødesteder"),
        ("li", "Frivillighed"),
    ]


def test_old_rows_with_other_markup_compare_as_unchanged():
    # Versions saved before the normalisation keep their markup; comparing must not care.
    key = uuid.uuid4()
    [change] = compare_sections(
        [Section(key=key, position=1, heading="Mål", body=IMPORTED_LIST)],
        [Section(key=key, position=1, heading="Mål", body=EDITOR_LIST)],
    )
    assert change.unchanged and not change.text_changed
    assert {row.op for row in change.rows} == {"equal"}


@pytest.mark.django_db
def test_editing_one_section_does_not_mark_the_list_section_changed(coordinator):
    document = make_document()
    lists, prose = uuid.uuid4(), uuid.uuid4()
    one = save_version(
        document,
        coordinator,
        [SectionInput("Mål", IMPORTED_LIST, lists), SectionInput("Formål", "<p>Et</p>", prose)],
    )
    # The editor sends every section back, re-serialised, with only "Formål" edited.
    two = save_version(
        document,
        coordinator,
        [SectionInput("Mål", EDITOR_LIST, lists), SectionInput("Formål", "<p>To</p>", prose)],
    )
    comparison = compare_versions(one, two)
    assert comparison.summary["text_changed"] == 1
    assert [change.key for change in comparison.changed_sections()] == [prose]
