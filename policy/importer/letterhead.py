"""The letterhead above the first section: date, case officer, journal number, and the title."""

import datetime
import re

from django.utils.translation import gettext as _

from .blocks import Block, Heading, Paragraph, Table
from .classify import LetterheadLine, letterhead_line
from .danish_dates import DateNotUnderstood, parse_date
from .result import ImportedTerms

_KLE = re.compile(r"\d{2}\.\d{2}\.\d{2}-[A-ZÆØÅ]\d{2}-\d{1,6}-\d{2}")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_OFFICER_WITH_PHONE = re.compile(
    r"^(?P<name>[^,]+),\s*(?:tlf|telefon)\.?\s*:?\s*(?P<phone>[\d +]+)$", re.I
)
#: Words a Word template puts above the title that are not the title.
_TEMPLATE_LABELS = {"notatark", "notat", "kommissorium", "udkast", "bilag", "memo", "referat"}


def read_letterhead(terms: ImportedTerms, front: list[Block], header_lines, warnings) -> set[str]:
    """Fill in date, case officer and journal number; the lines used, so the title skips them."""
    reader = _LetterheadReader(terms, warnings)
    for line in _front_lines(front, header_lines):
        reader.feed(letterhead_line(line))
    return reader.consumed


def _front_lines(front: list[Block], header_lines: list[str]) -> list[str]:
    lines = list(header_lines)
    for block in front:
        lines.extend(_lines_of(block))
    return [line.strip().strip("*").strip() for line in lines if line.strip()]


def _lines_of(block: Block) -> list[str]:
    if isinstance(block, Paragraph) and block.lines:
        return block.lines
    if isinstance(block, Heading | Paragraph):
        return block.text.split("\n")
    if isinstance(block, Table):
        return [line for row in block.rows for cell in row for line in cell.text.split("\n")]
    return []


class _LetterheadReader:
    """Reads the letterhead a line at a time. Its one state: a label whose value is on the next
    line ("Sagsbehandler" / "Ruth Kjærsgaard"), which takes that line unless it is a label too."""

    def __init__(self, terms: ImportedTerms, warnings: list[str]):
        self.terms = terms
        self.warnings = warnings
        self.consumed: set[str] = set()
        self.pending: str | None = None

    def feed(self, line: LetterheadLine) -> None:
        pending, self.pending = self.pending, None
        if pending and line.label is None:
            self._take(pending, line.text, line.text)
        elif line.date and self.terms.document_date is None:
            self.terms.document_date = _header_date(line.date)
            self.consumed.add(line.text)
        elif line.label and line.value:
            self._take(line.label, line.value, line.text)
        elif line.label:
            self.consumed.add(line.text)
            self.pending = line.label

    def _take(self, label: str, value: str, text: str) -> None:
        self.consumed.add(text)
        _SETTERS[label](self.terms, value, self.warnings)


def _header_date(text: str) -> datetime.date | None:
    try:
        parsed = parse_date(text, reference=datetime.date(2000, 1, 1))
    except DateNotUnderstood:
        return None
    return parsed.starts_on


def _set_officer(terms: ImportedTerms, value: str, warnings) -> None:
    if terms.case_officer_name:
        return
    # "Ole Brink, tlf. 43 57 11 22" names the phone in the same line.
    match = _OFFICER_WITH_PHONE.match(value)
    if match:
        value = match["name"]
        terms.case_officer_phone = terms.case_officer_phone or match["phone"].strip()
    terms.case_officer_name = value[:200]


def _set_phone(terms: ImportedTerms, value: str, warnings) -> None:
    terms.case_officer_phone = terms.case_officer_phone or value[:40]


def _set_email(terms: ImportedTerms, value: str, warnings) -> None:
    found = _EMAIL.search(value)
    if found and not terms.case_officer_email:
        terms.case_officer_email = found.group(0)


def _set_journal(terms: ImportedTerms, value: str, warnings) -> None:
    if terms.journal_number:
        return
    found = _KLE.search(value)
    terms.journal_number = found.group(0) if found else value[:40]
    if not found:
        warnings.append(
            _('The journal number "%(value)s" does not have the KLE form 00.01.00-A30-1-18.')
            % {"value": value}
        )


def _set_date(terms: ImportedTerms, value: str, warnings) -> None:
    if terms.document_date is None:
        terms.document_date = _header_date(value)


_SETTERS = {
    "officer": _set_officer,
    "phone": _set_phone,
    "email": _set_email,
    "journal": _set_journal,
    "date": _set_date,
}


# --- The title --------------------------------------------------------------------------------


def title(front: list[Block], consumed: set[str]) -> str:
    """The first heading above the sections, else the last longer paragraph that is not part of
    the letterhead or the template."""
    heading = next((b.text for b in _headings(front) if b.text not in consumed), None)
    if heading is not None:
        return heading
    candidates = [b.text for b in front if _may_be_title(b, consumed)]
    longer = [text for text in candidates if len(text.split()) >= 3]
    return (longer or candidates or [""])[-1]


def _headings(front: list[Block]) -> list[Heading]:
    return [block for block in front if isinstance(block, Heading)]


def _may_be_title(block: Block, consumed: set[str]) -> bool:
    if not isinstance(block, Paragraph) or block.text in consumed or len(block.text) > 300:
        return False
    line = letterhead_line(block.text)
    return not (block.text.casefold().strip(" :") in _TEMPLATE_LABELS or line.label or line.date)
