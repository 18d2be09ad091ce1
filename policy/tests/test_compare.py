import uuid

import pytest

from policy.compare import blocks_of, compare_sections, compare_versions, diff_words
from policy.models import Section
from policy.services import SectionInput

from .document_factories import make_document, save_version


def section(key, position, heading, body):
    return Section(key=key, position=position, heading=heading, body=body)


def test_words_are_compared_one_by_one():
    segments = diff_words("Vi vil styrke fællesskaber.", "Vi vil styrke stærke fællesskaber!")
    assert segments == [
        ("=", "Vi vil styrke "),
        ("+", "stærke "),
        ("=", "fællesskaber"),
        ("-", "."),
        ("+", "!"),
    ]


def test_blocks_follow_paragraphs_list_items_and_table_rows():
    blocks = blocks_of(
        "<p>Et &amp; to</p><ul><li>A</li><li>B</li></ul>"
        "<table><tr><th>X</th><th>Y</th></tr><tr><td>1</td><td>2</td></tr></table><h3>Slut</h3>"
    )
    assert [(b.kind, b.text) for b in blocks] == [
        ("p", "Et & to"),
        ("li", "A"),
        ("li", "B"),
        ("row", "X | Y"),
        ("row", "1 | 2"),
        ("h", "Slut"),
    ]


def test_sections_are_matched_by_identity_not_by_heading_or_place():
    a, b, c, d = (uuid.uuid4() for _ in range(4))
    old = [
        section(a, 1, "Indledning", "<p>Hej</p>"),
        section(b, 2, "Frivillighed", "<p>Frivillige hjælper.</p>"),
        section(c, 3, "Fællesskaber", "<p>Sammen.</p>"),
    ]
    new = [
        section(a, 1, "Indledning", "<p>Hej</p>"),
        section(c, 2, "Fællesskaber", "<p>Sammen.</p>"),
        section(b, 3, "Frivillighed og foreninger", "<p>Frivillige og foreninger hjælper.</p>"),
        section(d, 4, "Opfølgning", "<p>Ny</p>"),
    ]
    changes = compare_sections(old, new)
    by_key = {change.key: change for change in changes}
    assert by_key[a].unchanged
    assert by_key[b].renamed and by_key[b].text_changed
    assert by_key[b].moved != by_key[c].moved  # exactly one of the two moved
    assert by_key[d].added and by_key[d].rows[0].op == "added"
    assert [label for _code, label in by_key[b].labels][0] in ("Omdøbt", "Renamed")
    assert "<ins>" in by_key[b].heading_html

    removed = compare_sections(new, old)
    gone = next(change for change in removed if change.key == d)
    assert gone.removed and "<del>" in gone.rows[0].inline_html
    # A removed section is shown right after the section that preceded it.
    order = [change.key for change in removed]
    assert order.index(d) == order.index(b) + 1


def test_changes_are_escaped_and_marked_without_colour():
    [change] = compare_sections(
        [section(uuid.UUID(int=1), 1, "A", "<p>1 &lt; 2</p>")],
        [section(uuid.UUID(int=1), 1, "A", "<p>1 &lt; 3 &amp; &lt;b&gt;</p>")],
    )
    row = change.rows[0]
    assert row.op == "changed"
    assert "&lt;" in row.inline_html and "<b>" not in row.inline_html
    assert '<del><span class="visually-hidden">' in row.old_html
    assert "<ins>" in row.new_html and "<del>" not in row.new_html


@pytest.mark.django_db
def test_it_compares_saved_versions(coordinator):
    document = make_document()
    key = uuid.uuid4()
    one = save_version(document, coordinator, [SectionInput("Formål", "<p>Et to tre</p>", key)])
    two = save_version(document, coordinator, [SectionInput("Formål", "<p>Et fire tre</p>", key)])
    comparison = compare_versions(one, two)
    assert comparison.summary["text_changed"] == 1
    assert not comparison.is_identical
    assert compare_versions(one, one).is_identical


def test_paragraphs_inside_table_cells_stay_in_their_row():
    blocks = blocks_of(
        '<table><tbody><tr><th colspan="1"><p>Hvornår</p></th><th><p>Hvad</p></th></tr>'
        "<tr><td><p>Forår</p><ul><li>a</li></ul></td><td><p>Status</p></td></tr></tbody></table>"
    )
    assert [(b.kind, b.text) for b in blocks] == [
        ("row", "Hvornår | Hvad"),
        ("row", "Forår a | Status"),
    ]
