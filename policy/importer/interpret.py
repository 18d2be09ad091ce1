"""From the blocks of any format to what the terms of reference say: the letterhead, the title,
the numbered sections, the timeline, the groups, the coordinator and, for a forum, its facts.

Nothing here knows a particular document. Sections are found from the headings the format marks
(Word styles, Markdown `#`) or, failing those, from numbered lines ("1. Baggrund", a bold
"3. Målgruppe") whose numbers run 1, 2, 3; a table of contents is recognised and skipped.
"""

import datetime
import html
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

import policy.importer.recognise as recognise
from medborger.dates import DatePrecision

from .blocks import Block, Heading, ListBlock, Paragraph, Source, Table, block_text
from .danish_dates import MONTHS, DateNotUnderstood, parse_date
from .result import (
    ImportedForum,
    ImportedGroup,
    ImportedMember,
    ImportedMilestone,
    ImportedSection,
    ImportedTerms,
)

_NUMBERED = re.compile(
    r"^\s*(?:kapitel\s+|afsnit\s+)?(?P<major>\d{1,2})(?P<minor>(?:\.\d{1,2})+)?"
    r"(?P<dot>[.)])?\s+(?P<rest>\S.*)$",
    re.I,
)
_TOC_LABELS = {"indhold", "indholdsfortegnelse", "indholdsfortegnelse:", "indhold:", "contents"}
#: Words a Word template puts above the title that are not the title.
_TEMPLATE_LABELS = {"notatark", "notat", "kommissorium", "udkast", "bilag", "memo", "referat"}
_TOC_LINE = re.compile(r"^.+?(?:\.{3,}|…+|\s{2,}|\t)\s*\d{1,3}$")
_KLE = re.compile(r"\d{2}\.\d{2}\.\d{2}-[A-ZÆØÅ]\d{2}-\d{1,6}-\d{2}")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_HEADER_LABELS = {
    "officer": r"sagsbehandler|kontaktperson|udarbejdet af",
    "phone": r"telefon(?:nummer)?|tlf|direkte(?: telefon)?|mobil",
    "email": r"e-?mail|mail",
    "journal": r"journal(?:nummer|nr)?(?:\s+eller\s+cpr-?nummer)?|j\.?\s*nr|sags?(?:nummer|nr)",
    "date": r"dato",
}
_HEADER_LINE = re.compile(
    r"^(?P<label>" + "|".join(f"(?P<{k}>{v})" for k, v in _HEADER_LABELS.items()) + r")\.?"
    r"\s*:?\s*(?P<value>.*)$",
    re.I,
)
_DATE_LINE = re.compile(
    r"^(?:[A-ZÆØÅ][a-zæøå]+,\s*)?(?P<date>\d{1,2}[-./]\d{1,2}[-./]\d{4}|\d{4}-\d{2}-\d{2}|"
    r"\d{1,2}\.\s*(?:" + "|".join(MONTHS) + r")\.?\s+\d{4})$",
    re.I,
)
_TIMELINE_HEADERS = {
    "date": r"dato\w*|tidspunkt|tid|hvornår|periode|måned|uge|deadline|frist|tidsplan|start",
    "activity": r"aktivitet\w*|hvad|milepæl\w*|indhold|handling|opgave\w*|beskrivelse|emne|"
    r"proces\w*|fase|begivenhed",
    "remark": r"bemærk\w*|bemaerk\w*|kommentar\w*|note\w*|uddybning|forklaring",
    "responsible": r"ansvarlig\w*|ansvar|hvem|udføres af",
}
_MEMBER_HEADERS = {
    "name": r"navn|medlem\w*|deltager\w*|person",
    "department": r"afdeling|center|enhed|forvaltning|område|organisation|team|arbejdssted",
    "role": r"rolle|funktion",
}
_COORDINATION_HEADING = re.compile(r"koordin|tovholder", re.I)


def _header_match(text: str, patterns: dict) -> str | None:
    folded = " ".join(text.casefold().split()).strip(" :.")
    for key, pattern in patterns.items():
        if re.fullmatch(rf"(?:{pattern})(?:\s*\(.*\))?", folded):
            return key
    return None


@dataclass
class _Start:
    index: int
    heading: str
    number: int | None = None


def interpret(source: Source, *, filename: str, file_kind: str, today: datetime.date):
    warnings = list(source.warnings)
    blocks = source.blocks
    starts, subheadings, title_index = _section_starts(blocks)
    if not starts:
        raise ValidationError(
            _(
                'No numbered headings were found (such as "1. Baggrund"), and no headings in '
                "Word's heading styles, so the document cannot be split into sections. Number "
                "the headings or give them a heading style, and try again."
            ),
            code="no_headings",
        )
    front = [block for index, block in enumerate(blocks[: starts[0].index]) if index != title_index]
    front = [block for block in front if not _is_toc(block)]
    terms = ImportedTerms(title="", filename=filename, file_kind=file_kind)
    consumed = _read_header(terms, front, source.header_lines, warnings)
    terms.title = (
        blocks[title_index].text if title_index is not None else _title(front, consumed)
    ) or filename.rsplit(".", 1)[0]
    reference = terms.document_date
    if reference is None:
        reference = today
        warnings.append(
            _(
                "The document has no date at the top, so the years in the timeline are counted "
                "from today's date. Check them."
            )
        )

    section_blocks = []
    for position, start in enumerate(starts):
        end = starts[position + 1].index if position + 1 < len(starts) else len(blocks)
        body = blocks[start.index + 1 : end]
        section_blocks.append((start, body))
        terms.sections.append(
            ImportedSection(heading=start.heading, body=_render(body, start.index + 1, subheadings))
        )

    for table in (b for _start, body in section_blocks for b in body if isinstance(b, Table)):
        terms.milestones.extend(_timeline(table, reference, warnings))
    terms.groups = _groups(section_blocks, warnings)
    _link_responsible(terms)
    terms.coordinator_name = _coordinator(section_blocks, terms.groups)
    all_text = "\n".join(block_text(block) for _start, body in section_blocks for block in body)
    plain = {start.heading.casefold(): _plain(body) for start, body in section_blocks}
    terms.target_groups = next((text for h, text in plain.items() if "målgruppe" in h), "")
    terms.forum = _forum(terms.title, all_text, plain, reference)
    terms.revision_title = _revision_title(terms.title)
    if not terms.milestones and not terms.forum and not terms.groups:
        warnings.append(_("No timeline and no groups were found in the document."))
    terms.warnings = warnings
    return terms


# --- Sections ---------------------------------------------------------------------------------


def _numbered(text: str):
    match = _NUMBERED.match(text)
    if not match:
        return None
    rest = match["rest"].strip().rstrip(":").strip()
    if len(rest) > 90 or len(rest.split()) > 12 or rest.endswith((",", ";")):
        return None
    if not (rest[0].isupper() or rest[0].isdigit()):
        return None
    if rest.casefold().rstrip(".") in MONTHS:
        return None  # "20. nov." is a date, not section 20
    minor = match["minor"]
    return int(match["major"]), minor, rest.rstrip("."), bool(match["dot"] or minor)


def _is_toc_label(text: str) -> bool:
    return text.strip().casefold() in _TOC_LABELS


def _section_starts(blocks: list[Block]):
    """The section headings (index, text), the subheadings inside sections (index → depth) and
    the index of a heading that is the document's title, if one is."""
    headings = [
        (index, block)
        for index, block in enumerate(blocks)
        if isinstance(block, Heading) and block.level > 0 and not _is_toc_label(block.text)
    ]
    title_index = next(
        (i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.level == 0), None
    )
    if headings:
        levels = sorted({block.level for _index, block in headings})
        top = [(i, b) for i, b in headings if b.level == levels[0]]
        if len(top) == 1 and len(levels) > 1 and top[0] == headings[0]:
            title_index = title_index if title_index is not None else top[0][0]
            levels = levels[1:]
            top = [(i, b) for i, b in headings if b.level == levels[0]]
        numbered_top = [(i, b) for i, b in top if _numbered(b.text)]
        if len(numbered_top) >= 2:
            first = numbered_top[0][0]
            top = [(i, b) for i, b in top if i >= first]
        if len(top) >= 2 or not _numbered_candidates(blocks):
            starts = [_Start(i, _heading_text(b.text)) for i, b in top]
            subheadings = {
                i: min(b.level - levels[0], 2) for i, b in headings if b.level > levels[0]
            }
            return starts, subheadings, title_index
    return _numbered_starts(blocks, title_index)


def _heading_text(text: str) -> str:
    parsed = _numbered(text)
    heading = parsed[2] if parsed else text.strip().rstrip(":")
    return heading[:300]


def _numbered_candidates(blocks):
    candidates = []
    for index, block in enumerate(blocks):
        if isinstance(block, Paragraph) and not block.toc and "\n" not in block.text:
            parsed = _numbered(block.text)
            if parsed and (parsed[3] or block.bold) and not _TOC_LINE.match(block.text):
                candidates.append((index, parsed))
        elif isinstance(block, ListBlock) and block.ordered and len(block.items) == 1:
            text = block.items[0].text
            parsed = _numbered(f"{block.start}. {text}")
            if parsed and not _TOC_LINE.match(text):
                candidates.append((index, parsed))
        elif isinstance(block, Heading) and block.level > 0:
            parsed = _numbered(block.text)
            if parsed:
                candidates.append((index, parsed))
    return candidates


def _numbered_starts(blocks, title_index):
    """Headings numbered 1, 2, 3 …: the longest such run wins (the last one on a tie, so that a
    table of contents written as plain lines gives way to the sections themselves)."""
    candidates = _numbered_candidates(blocks)
    runs: list[list] = []
    for index, parsed in candidates:
        major, minor = parsed[0], parsed[1]
        if minor:
            continue
        if runs and runs[-1][-1][1][0] + 1 == major:
            runs[-1].append((index, parsed))
        elif major == 1:
            runs.append([(index, parsed)])
    if not runs:
        return [], {}, title_index
    best = max(reversed(runs), key=len)
    starts = [_Start(index, parsed[2], parsed[0]) for index, parsed in best]
    # Subheadings "4.1 …" inside section 4.
    subheadings = {}
    bounds = [start.index for start in starts] + [len(blocks)]
    for index, parsed in candidates:
        if parsed[1]:
            for position, start in enumerate(starts):
                if start.index < index < bounds[position + 1] and start.number == parsed[0]:
                    subheadings[index] = min(parsed[1].count("."), 2)
    return starts, subheadings, title_index


def _is_toc(block: Block) -> bool:
    if isinstance(block, Heading | Paragraph):
        return (
            _is_toc_label(block.text)
            or getattr(block, "toc", False)
            or bool(_TOC_LINE.match(block.text) and _numbered(block.text.split("\t")[0]))
        )
    if isinstance(block, Table):
        rows = [row for row in block.rows if any(cell.text for cell in row)]
        pages = [row for row in rows if row and re.fullmatch(r"\d{1,3}", row[-1].text.strip())]
        return bool(rows) and len(pages) >= 0.6 * len(rows)
    if isinstance(block, ListBlock):
        return all(_TOC_LINE.match(item.text) for item in block.items)
    return False


# --- Letterhead and title ---------------------------------------------------------------------


def _front_lines(front: list[Block], header_lines: list[str]) -> list[str]:
    lines = list(header_lines)
    for block in front:
        if isinstance(block, Paragraph) and block.lines:
            lines.extend(block.lines)
        elif isinstance(block, Heading | Paragraph):
            lines.extend(block.text.split("\n"))
        elif isinstance(block, Table):
            for row in block.rows:
                for cell in row:
                    lines.extend(cell.text.split("\n"))
    return [line.strip().strip("*").strip() for line in lines if line.strip()]


def _read_header(terms: ImportedTerms, front, header_lines, warnings) -> set[str]:
    """Fill in date, case officer and journal number; the lines used, so the title skips them."""
    lines = _front_lines(front, header_lines)
    consumed: set[str] = set()
    index = 0
    while index < len(lines):
        line = lines[index]
        date_match = _DATE_LINE.match(line)
        if date_match and terms.document_date is None:
            terms.document_date = _header_date(date_match["date"])
            consumed.add(line)
            index += 1
            continue
        match = _HEADER_LINE.match(line)
        if not match:
            index += 1
            continue
        consumed.add(line)
        value = match["value"].strip()
        if not value and index + 1 < len(lines) and not _HEADER_LINE.match(lines[index + 1]):
            index += 1
            value = lines[index]
            consumed.add(value)
        key = next(k for k in _HEADER_LABELS if match[k])
        _set_header(terms, key, value, warnings)
        index += 1
    return consumed


def _header_date(text: str) -> datetime.date | None:
    try:
        parsed = parse_date(text, reference=datetime.date(2000, 1, 1))
    except DateNotUnderstood:
        return None
    return parsed.starts_on


def _set_header(terms: ImportedTerms, key: str, value: str, warnings) -> None:
    if not value:
        return
    if key == "officer" and not terms.case_officer_name:
        # "Ole Brink, tlf. 43 57 11 22" names the phone in the same line.
        match = re.match(
            r"^(?P<name>[^,]+),\s*(?:tlf|telefon)\.?\s*:?\s*(?P<phone>[\d +]+)$", value, re.I
        )
        if match:
            value = match["name"]
            terms.case_officer_phone = terms.case_officer_phone or match["phone"].strip()
        terms.case_officer_name = value[:200]
    elif key == "phone" and not terms.case_officer_phone:
        terms.case_officer_phone = value[:40]
    elif key == "email" and not terms.case_officer_email:
        found = _EMAIL.search(value)
        if found:
            terms.case_officer_email = found.group(0)
    elif key == "journal" and not terms.journal_number:
        found = _KLE.search(value)
        terms.journal_number = found.group(0) if found else value[:40]
        if not found:
            warnings.append(
                _('The journal number "%(value)s" does not have the KLE form 00.01.00-A30-1-18.')
                % {"value": value}
            )
    elif key == "date" and terms.document_date is None:
        terms.document_date = _header_date(value)


def _title(front: list[Block], consumed: set[str]) -> str:
    headings = [b.text for b in front if isinstance(b, Heading) and b.text not in consumed]
    if headings:
        return headings[0]
    candidates = [
        block.text
        for block in front
        if isinstance(block, Paragraph)
        and block.text not in consumed
        and block.text.casefold().strip(" :") not in _TEMPLATE_LABELS
        and not _HEADER_LINE.match(block.text)
        and not _DATE_LINE.match(block.text)
        and len(block.text) <= 300
    ]
    longer = [text for text in candidates if len(text.split()) >= 3]
    return (longer or candidates or [""])[-1]


def _revision_title(title: str) -> str:
    match = re.search(r"kommissori\w*\s*(?::|for|om|til)\s+(?P<subject>.+)$", title, re.I)
    if not match:
        return title
    subject = match["subject"].strip()
    return subject[:1].upper() + subject[1:]


# --- Section bodies ---------------------------------------------------------------------------


def _render(body: list[Block], first_index: int, subheadings: dict) -> str:
    parts = []
    for index, block in enumerate(body, start=first_index):
        if index in subheadings or isinstance(block, Heading):
            tag = f"h{2 + max(1, subheadings.get(index, 1))}"
            parts.append(f"<{tag}>{html.escape(_heading_text(block_text(block)))}</{tag}>")
        elif isinstance(block, Paragraph):
            parts.append(f"<p>{block.html}</p>")
        elif isinstance(block, ListBlock):
            parts.append(_render_list(block))
        elif isinstance(block, Table):
            parts.append(_render_table(block))
    return "\n".join(parts)


def _render_list(block: ListBlock) -> str:
    tag = "ol" if block.ordered else "ul"
    opening = f'<{tag} start="{block.start}">' if block.ordered and block.start != 1 else f"<{tag}>"
    out, depth = [opening], 0
    for position, item in enumerate(block.items):
        level = min(item.level, depth + 1)
        if position:
            if level > depth:
                out.append(f"<{tag}>")
            else:
                out.append("</li>")
                for _step in range(depth - level):
                    out.append(f"</{tag}></li>")
        depth = level
        out.append(f"<li>{item.html}")
    out.append("</li>")
    for _step in range(depth):
        out.append(f"</{tag}></li>")
    out.append(f"</{tag}>")
    return "".join(out)


def _render_table(block: Table) -> str:
    rows = [row for row in block.rows if any(cell.text for cell in row)]
    if not rows:
        return ""
    width = max(len(row) for row in rows)
    header = block.has_header or (
        len(rows) > 1 and all(cell.text and len(cell.text) <= 40 for cell in rows[0])
    )
    out = ["<table>"]
    if header:
        cells = "".join(f'<th scope="col">{cell.html}</th>' for cell in rows[0])
        out.append(f"<thead><tr>{cells}</tr></thead>")
        rows = rows[1:]
    out.append("<tbody>")
    for row in rows:
        padded = list(row) + [None] * (width - len(row))
        out.append(
            "<tr>" + "".join(f"<td>{cell.html if cell else ''}</td>" for cell in padded) + "</tr>"
        )
    out.append("</tbody></table>")
    return "".join(out)


def _plain(body: list[Block]) -> str:
    lines = []
    for block in body:
        if isinstance(block, ListBlock):
            lines.extend(f"- {item.text}" for item in block.items)
        elif isinstance(block, Heading | Paragraph):
            lines.append(block.text)
    return "\n".join(lines)


# --- Timeline ---------------------------------------------------------------------------------


def _timeline(table: Table, reference, warnings) -> list[ImportedMilestone]:
    rows = table.rows
    if len(rows) < 2:
        return []
    header = [_header_match(cell.text, _TIMELINE_HEADERS) for cell in rows[0]]
    if "date" in header and "activity" in header:
        columns, names, body_start = header, [cell.text for cell in rows[0]], 1
    else:
        columns = _guess_timeline_columns(rows, reference)
        if columns is None:
            return []
        names, body_start = [""] * len(columns), 0
    width = len(columns)
    unknown = [names[i] for i, role in enumerate(columns) if role is None and names[i]]
    if unknown:
        warnings.append(
            _(
                "The timeline has columns that are not recognised (%(columns)s); their content "
                "has been added to the remark."
            )
            % {"columns": ", ".join(f"»{name}«" for name in unknown)}
        )
    milestones, previous = [], None
    for offset, row in enumerate(rows[body_start:], start=body_start + 1):
        filled = [i for i, cell in enumerate(row) if cell.text.strip()]
        if not filled:
            continue
        if filled[-1] >= width:
            raise ValidationError(
                _(
                    "Row %(row)s of the timeline has %(cells)s columns, but the table has only "
                    "%(columns)s. Give every row the same columns and try again."
                ),
                code="extra_columns",
                params={"row": offset, "cells": filled[-1] + 1, "columns": width},
            )
        values = dict.fromkeys(_TIMELINE_HEADERS, "")
        extra = []
        for i, cell in enumerate(row[:width]):
            role = columns[i]
            text = " ".join(cell.text.split())
            if role and not values[role]:
                values[role] = text
            elif text:
                extra.append(f"{names[i]}: {text}" if names[i] else text)
        milestone = _milestone(values, extra, offset, reference, warnings)
        if milestone is None:
            continue
        if previous and milestone.starts_on and milestone.starts_on < previous:
            warnings.append(
                _("Row %(row)s: the date is before the row above; check the year.")
                % {"row": offset}
            )
        previous = milestone.starts_on or previous
        milestones.append(milestone)
    return milestones


def _guess_timeline_columns(rows, reference) -> list | None:
    width = max(len(row) for row in rows)
    if width < 2:
        return None
    date_column = None
    for column in range(width):
        cells = [row[column].text for row in rows if column < len(row) and row[column].text]
        readable = 0
        for text in cells:
            try:
                if parse_date(text, reference=reference).precision != DatePrecision.UNSET:
                    readable += 1
            except DateNotUnderstood:
                pass
        if len(cells) >= 2 and readable >= 0.6 * len(cells):
            date_column = column
            break
    if date_column is None:
        return None
    columns: list = [None] * width
    columns[date_column] = "date"
    rest = [c for c in range(width) if c != date_column]
    columns[rest[0]] = "activity"
    if len(rest) > 1:
        columns[rest[1]] = "remark"
    return columns


def _milestone(values, extra, row, reference, warnings) -> ImportedMilestone | None:
    activity = values["activity"]
    remark = "\n".join(part for part in [values["remark"], *extra] if part)
    if not activity:
        if values["date"] or remark:
            warnings.append(
                _("Row %(row)s: no activity; the row has been left out.") % {"row": row}
            )
        return None
    milestone = ImportedMilestone(
        title=activity[:300],
        kind=recognise.milestone_kind(activity),
        remark=remark,
        responsible=values["responsible"],
        row=row,
        date_text=values["date"],
    )
    if not values["date"]:
        warnings.append(_("Row %(row)s: no date.") % {"row": row})
        return milestone
    try:
        parsed = parse_date(values["date"], reference=reference)
    except DateNotUnderstood:
        warnings.append(
            _('Row %(row)s: the date "%(date)s" could not be read; it is kept in the remark.')
            % {"row": row, "date": values["date"]}
        )
        milestone.remark = "\n".join(
            part for part in [_("Date in the document: %s") % values["date"], remark] if part
        )
        return milestone
    milestone.date_precision = parsed.precision
    milestone.starts_on, milestone.ends_on = parsed.starts_on, parsed.ends_on
    if parsed.qualifier:
        milestone.remark = "\n".join(
            part for part in [_("Date in the document: %s") % values["date"], remark] if part
        )
    return milestone


# --- Groups and the coordinator ---------------------------------------------------------------


def _heading_like(block: Block) -> bool:
    if isinstance(block, Heading):
        return True
    if not isinstance(block, Paragraph) or "\n" in block.text:
        return False
    text = block.text.strip()
    return block.bold or (len(text.split()) <= 6 and not text.endswith((".", "!", "?")))


def _groups(section_blocks, warnings) -> list[ImportedGroup]:
    groups: dict[str, ImportedGroup] = {}
    for start, body in section_blocks:
        current = _open_group(groups, recognise.group_name(start.heading))
        expecting = False
        for block in body:
            text = block_text(block).strip()
            if isinstance(block, Heading | Paragraph):
                name = recognise.group_name(text)
                intro = recognise.is_member_intro(text) or text.endswith(":")
                if name and (_heading_like(block) or intro):
                    current = _open_group(groups, name)
                    expecting = intro
                    if not _heading_like(block) and not recognise.is_member_intro(text):
                        current.mandate = "\n\n".join(p for p in [current.mandate, text] if p)
                    continue
                ends_group = _COORDINATION_HEADING.search(text) or isinstance(block, Heading)
                if _heading_like(block) and ends_group and not intro:
                    current, expecting = None, False
                    continue
                if current is None:
                    continue
                if intro and not name:
                    expecting = True
                    continue
                member = recognise.parse_member(text) if expecting else None
                if member:
                    current.members.append(ImportedMember(*member))
                    continue
                expecting = False
                current.mandate = "\n\n".join(p for p in [current.mandate, text] if p)
            elif isinstance(block, ListBlock) and current is not None:
                parsed = [(item.text, recognise.parse_member(item.text)) for item in block.items]
                good = [member for _text, member in parsed if member]
                needed = 0.5 if expecting else 0.6
                if good and len(good) >= needed * len(parsed):
                    current.members.extend(ImportedMember(*member) for member in good)
                    for line, member in parsed:
                        if not member:
                            warnings.append(
                                _(
                                    '%(group)s: "%(line)s" could not be read as a name and a '
                                    "department."
                                )
                                % {"group": current.name, "line": line}
                            )
                else:
                    lines = "\n".join(f"- {item.text}" for item in block.items)
                    current.mandate = "\n".join(p for p in [current.mandate, lines] if p)
                expecting = False
            elif isinstance(block, Table) and current is not None:
                members = _member_table(block)
                if members:
                    current.members.extend(members)
                    expecting = False
    return [group for group in groups.values() if group.members]


def _open_group(groups: dict, name: str | None) -> ImportedGroup | None:
    if not name:
        return None
    key = name.casefold().rstrip("n") if name.casefold().endswith("gruppen") else name.casefold()
    if key not in groups:
        groups[key] = ImportedGroup(name=name, kind=recognise.group_kind(name))
    return groups[key]


def _member_table(table: Table) -> list[ImportedMember]:
    if len(table.rows) < 2:
        return []
    columns = [_header_match(cell.text, _MEMBER_HEADERS) for cell in table.rows[0]]
    if "name" not in columns:
        return []
    members = []
    for row in table.rows[1:]:
        values = dict.fromkeys(_MEMBER_HEADERS, "")
        for role, cell in zip(columns, row, strict=False):
            if role:
                values[role] = " ".join(cell.text.split())
        if values["name"]:
            parsed = recognise.parse_member(f"{values['name']} ({values['role']})")
            role = parsed[2] if parsed else "member"
            members.append(ImportedMember(values["name"][:200], values["department"][:200], role))
    return members


def _coordinator(section_blocks, groups) -> str:
    name = ""
    for _start, body in section_blocks:
        for position, block in enumerate(body):
            text = block_text(block)
            found = recognise.coordinator_in(text)
            if not found and _heading_like(block) and _COORDINATION_HEADING.search(text):
                following = body[position + 1] if position + 1 < len(body) else None
                if following is not None:
                    member = recognise.parse_member(block_text(following))
                    found = member[0] if member else None
            if found:
                name = found
                break
        if name:
            break
    if not name:
        for group in groups:
            for member in group.members:
                if member.role == "coordinator":
                    return member.name
        return ""
    for group in groups:
        for member in group.members:
            if recognise.names_match(name, member.name):
                member.role = "coordinator"
    return name


def _link_responsible(terms: ImportedTerms) -> None:
    for milestone in terms.milestones:
        if not milestone.responsible:
            continue
        wanted = milestone.responsible.casefold()
        for group in terms.groups:
            stem = group.name.casefold().rstrip("n")
            if stem and stem in wanted:
                milestone.responsible = group.name
                break


# --- Forum ------------------------------------------------------------------------------------


def _forum(title, all_text, plain, reference) -> ImportedForum | None:
    if "forum" not in title.casefold():
        return None
    name = re.sub(
        r"^(?:udkast\s+til\s+)?kommissori\w*\s+(?:for|til|om)\s+", "", title, flags=re.I
    ).strip()
    forum = ImportedForum(name=(name[:1].upper() + name[1:])[:200])
    period = recognise.forum_period(title, all_text)
    if period:
        forum.mandate_start_year, forum.mandate_end_year = period
    forum.council_decision_on, forum.council_case_number = recognise.council_decision(
        all_text, reference
    )
    forum.terms_adopted_on = recognise.terms_adopted(all_text, reference)
    forum.secretariat_unit = recognise.secretariat_unit(all_text)[:200]
    forum.purpose = next((text for h, text in plain.items() if "formål" in h), "")
    return forum
