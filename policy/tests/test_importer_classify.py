"""The importer's line classifier says what one line or block is; the readers decide from what
came before. Examples of each kind, and the group reader's states."""

import pytest
from django.utils import translation

from policy.importer.blocks import Cell, Heading, ListBlock, ListItem, Paragraph, Table
from policy.importer.classify import (
    Kind,
    Numbered,
    body_line,
    is_toc,
    letterhead_line,
    numbered,
    numbered_heading,
)
from policy.importer.groups import groups
from policy.importer.sections import Start, find_sections


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3. Målgruppe", Numbered(3, None, "Målgruppe", True)),
        ("4.1 Styregruppe:", Numbered(4, ".1", "Styregruppe", True)),
        ("Kapitel 2 Plan", Numbered(2, None, "Plan", False)),
        ("20. nov.", None),  # a date, not section 20
        ("3 borgere, der bor i byen,", None),
        ("2. april skal udvalget godkende", None),
    ],
)
def test_a_section_number(text, expected):
    assert numbered(text) == expected


def test_a_bare_number_is_a_heading_only_in_bold_or_a_one_item_list():
    assert numbered_heading(Paragraph("3 Målgruppe")) is None
    assert numbered_heading(Paragraph("3 Målgruppe", bold=True)).major == 3
    assert numbered_heading(ListBlock([ListItem("Målgruppe")], ordered=True, start=3)).major == 3
    assert numbered_heading(Paragraph("3. Målgruppe ........ 4")) is None


def test_table_of_contents_blocks():
    assert is_toc(Paragraph("Indholdsfortegnelse"))
    assert is_toc(Paragraph("2. Formål\t3"))
    assert is_toc(Table([[Cell("Baggrund"), Cell("2")], [Cell("Formål"), Cell("3")]]))
    assert not is_toc(Paragraph("2. Formål"))


@pytest.mark.parametrize(
    ("text", "date", "label", "value"),
    [
        ("15-11-2017", "15-11-2017", None, ""),
        ("Mandag, 4. maj 2018", "4. maj 2018", None, ""),
        ("Sagsbehandler", None, "officer", ""),
        ("Telefon: 43 57 70 00", None, "phone", "43 57 70 00"),
        ("J.nr.: 00.01.00-A30-1-18", None, "journal", "00.01.00-A30-1-18"),
        ("Kommissorium for Medborgerforum", None, None, ""),
    ],
)
def test_a_letterhead_line(text, date, label, value):
    line = letterhead_line(text)
    assert (line.date, line.label, line.value) == (date, label, value)


@pytest.mark.parametrize(
    ("block", "kind"),
    [
        (Heading("Styregruppe", 2), Kind.GROUP_HEADING),
        (Paragraph("Projektgruppen består af:"), Kind.GROUP_HEADING),
        (Paragraph("Gruppen består af:"), Kind.MEMBER_INTRO),
        (Heading("Tidsplan", 2), Kind.GROUP_END),
        (Paragraph("Koordinering"), Kind.GROUP_END),
        (Paragraph("Anne Holm, Center for Kultur"), Kind.TEXT),
        (Paragraph("Gruppen mødes hver måned."), Kind.TEXT),
        (ListBlock([ListItem("Anne Holm, Kultur")]), Kind.LIST),
        (Table([[Cell("Navn")], [Cell("Anne Holm")]]), Kind.TABLE),
    ],
)
def test_a_block_of_a_section(block, kind):
    assert body_line(block).kind is kind


def test_a_member_line_is_read_as_one_only_where_members_are_expected():
    body = [
        Paragraph("Styregruppen består af:"),
        Paragraph("Anne Holm, Center for Kultur"),
        Paragraph("Per Olsen: Borgerservice"),
        Paragraph("Gruppen mødes hver måned."),
        Paragraph("Lise Lund, Skolerne"),
        Heading("Tidsplan", 2),
        Paragraph("Styregruppen består af:"),
        ListBlock([ListItem("Jens Berg, Kultur"), ListItem("ingen")]),
    ]
    warnings = []
    with translation.override("en"):
        (steering,) = groups([(Start(0, "Organisering"), body)], warnings)
    assert [(m.name, m.department) for m in steering.members] == [
        ("Anne Holm", "Center for Kultur"),
        ("Per Olsen", "Borgerservice"),
        ("Jens Berg", "Kultur"),
    ]
    assert steering.mandate == "Gruppen mødes hver måned.\n\nLise Lund, Skolerne"
    assert warnings == ['Styregruppen: "ingen" could not be read as a name and a department.']


def test_numbered_lines_make_sections_where_no_heading_styles_are_used():
    blocks = [
        Paragraph("Kommissorium"),
        Paragraph("1. Baggrund"),
        Paragraph("Tekst."),
        Paragraph("2. Formål"),
        Paragraph("2.1 Mål for borgerne"),
        Paragraph("3. Organisering"),
    ]
    layout = find_sections(blocks)
    assert [(s.index, s.heading, s.number) for s in layout.starts] == [
        (1, "Baggrund", 1),
        (3, "Formål", 2),
        (5, "Organisering", 3),
    ]
    assert layout.subheadings == {4: 1}
