"""From the blocks of any format to what the terms of reference say: the letterhead, the title,
the numbered sections, the timeline, the groups, the coordinator and, for a forum, its facts.

Nothing here knows a particular document. Sections are found from the headings the format marks
(Word styles, Markdown `#`) or, failing those, from numbered lines ("1. Baggrund", a bold
"3. Målgruppe") whose numbers run 1, 2, 3; a table of contents is recognised and skipped.

The work is split in two: `classify` says what each line or block is on its own (a numbered
heading, a date line, a labelled letterhead fact, a group heading, a member line …), and small
readers consume those kinds in order, each with the little state it needs: `sections` (runs of
numbers), `letterhead` (a label whose value is on the next line), `timeline` (one row at a time)
and `groups` (the group being described, and whether member lines are expected).
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .blocks import Block, Source, Table, block_text
from .groups import coordinator, groups, link_responsible
from .letterhead import read_letterhead, title
from .recognise import council_decision, forum_period, secretariat_unit, terms_adopted
from .render import plain, render
from .result import ImportedForum, ImportedMilestone, ImportedSection, ImportedTerms
from .sections import Layout, Start, find_sections
from .timeline import timeline

Sections = list[tuple[Start, list[Block]]]


def interpret(
    source: Source, *, filename: str, file_kind: str, today: datetime.date
) -> ImportedTerms:
    warnings = list(source.warnings)
    blocks = source.blocks
    layout = find_sections(blocks)
    if not layout.starts:
        raise _no_headings()
    terms = ImportedTerms(title="", filename=filename, file_kind=file_kind)
    terms.title = _read_front(terms, layout, source, warnings) or filename.rsplit(".", 1)[0]
    reference = _reference_date(terms, today, warnings)
    sections = layout.bodies(blocks)
    terms.sections = [_section(start, body, layout) for start, body in sections]
    terms.milestones = _milestones(sections, reference, warnings)
    terms.groups = groups(sections, warnings)
    link_responsible(terms)
    terms.coordinator_name = coordinator(sections, terms.groups)
    _read_subjects(terms, sections, reference)
    if not terms.milestones and not terms.forum and not terms.groups:
        warnings.append(_("No timeline and no groups were found in the document."))
    terms.warnings = warnings
    return terms


def _no_headings() -> ValidationError:
    return ValidationError(
        _(
            'No numbered headings were found (such as "1. Baggrund"), and no headings in '
            "Word's heading styles, so the document cannot be split into sections. Number "
            "the headings or give them a heading style, and try again."
        ),
        code="no_headings",
    )


def _read_front(terms: ImportedTerms, layout: Layout, source: Source, warnings) -> str:
    """Read the letterhead into `terms`; the title."""
    front = layout.front(source.blocks)
    consumed = read_letterhead(terms, front, source.header_lines, warnings)
    if layout.title_index is not None:
        return source.blocks[layout.title_index].text
    return title(front, consumed)


def _section(start: Start, body: list[Block], layout: Layout) -> ImportedSection:
    return ImportedSection(start.heading, render(body, start.index + 1, layout.subheadings))


def _milestones(sections: Sections, reference, warnings) -> list[ImportedMilestone]:
    """Every table that reads as a timeline, in the order of the document."""
    tables = [block for _start, body in sections for block in body if isinstance(block, Table)]
    return [milestone for table in tables for milestone in timeline(table, reference, warnings)]


def _reference_date(terms: ImportedTerms, today: datetime.date, warnings) -> datetime.date:
    """The date the timeline's dates without a year are counted from."""
    if terms.document_date is not None:
        return terms.document_date
    warnings.append(
        _(
            "The document has no date at the top, so the years in the timeline are counted "
            "from today's date. Check them."
        )
    )
    return today


def _read_subjects(terms: ImportedTerms, sections: Sections, reference) -> None:
    """What the sections' headings and words say: target groups, forum, the revision's title."""
    all_text = "\n".join(block_text(block) for _start, body in sections for block in body)
    texts = {start.heading.casefold(): plain(body) for start, body in sections}
    terms.target_groups = next((text for h, text in texts.items() if "målgruppe" in h), "")
    terms.forum = _forum(terms.title, all_text, texts, reference)
    terms.revision_title = _revision_title(terms.title)


def _forum(title, all_text, texts, reference) -> ImportedForum | None:
    if "forum" not in title.casefold():
        return None
    name = re.sub(
        r"^(?:udkast\s+til\s+)?kommissori\w*\s+(?:for|til|om)\s+", "", title, flags=re.I
    ).strip()
    forum = ImportedForum(name=(name[:1].upper() + name[1:])[:200])
    period = forum_period(title, all_text)
    if period:
        forum.mandate_start_year, forum.mandate_end_year = period
    forum.council_decision_on, forum.council_case_number = council_decision(all_text, reference)
    forum.terms_adopted_on = terms_adopted(all_text, reference)
    forum.secretariat_unit = secretariat_unit(all_text)[:200]
    forum.purpose = next((text for h, text in texts.items() if "formål" in h), "")
    return forum


def _revision_title(title: str) -> str:
    match = re.search(r"kommissori\w*\s*(?::|for|om|til)\s+(?P<subject>.+)$", title, re.I)
    if not match:
        return title
    subject = match["subject"].strip()
    return subject[:1].upper() + subject[1:]
