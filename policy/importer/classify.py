"""The line classifier: what one line or block of a terms-of-reference document is, on its own.

Each function here looks at one thing (a line of the letterhead, a block of a section, a table's
header cell) and says what kind it is: a numbered heading, a table-of-contents line, a date, a
labelled letterhead fact, a group heading, a member line and so on. None of them keeps state; the
readers in `letterhead`, `sections` and `groups` consume the kinds in order and decide from what
came before.
"""

import enum
import re
from dataclasses import dataclass, field
from typing import NamedTuple

from .blocks import Block, Heading, ListBlock, Paragraph, Table, block_text
from .danish_dates import MONTHS
from .recognise import group_name, is_member_intro, parse_member

_NUMBERED = re.compile(
    r"^\s*(?:kapitel\s+|afsnit\s+)?(?P<major>\d{1,2})(?P<minor>(?:\.\d{1,2})+)?"
    r"(?P<dot>[.)])?\s+(?P<rest>\S.*)$",
    re.I,
)
_TOC_LABELS = {"indhold", "indholdsfortegnelse", "indholdsfortegnelse:", "indhold:", "contents"}
_TOC_LINE = re.compile(r"^.+?(?:\.{3,}|…+|\s{2,}|\t)\s*\d{1,3}$")
LETTERHEAD_LABELS = {
    "officer": r"sagsbehandler|kontaktperson|udarbejdet af",
    "phone": r"telefon(?:nummer)?|tlf|direkte(?: telefon)?|mobil",
    "email": r"e-?mail|mail",
    "journal": r"journal(?:nummer|nr)?(?:\s+eller\s+cpr-?nummer)?|j\.?\s*nr|sags?(?:nummer|nr)",
    "date": r"dato",
}
_LETTERHEAD_LINE = re.compile(
    r"^(?P<label>" + "|".join(f"(?P<{k}>{v})" for k, v in LETTERHEAD_LABELS.items()) + r")\.?"
    r"\s*:?\s*(?P<value>.*)$",
    re.I,
)
_DATE_LINE = re.compile(
    r"^(?:[A-ZÆØÅ][a-zæøå]+,\s*)?(?P<date>\d{1,2}[-./]\d{1,2}[-./]\d{4}|\d{4}-\d{2}-\d{2}|"
    r"\d{1,2}\.\s*(?:" + "|".join(MONTHS) + r")\.?\s+\d{4})$",
    re.I,
)
COORDINATION_HEADING = re.compile(r"koordin|tovholder", re.I)


# --- Numbered headings and the table of contents ----------------------------------------------


class Numbered(NamedTuple):
    """A line that starts with a section number: "3. Målgruppe", "4.1 Styregruppe"."""

    major: int
    #: ".1" for "4.1", ".1.2" for "4.1.2"; None for a top-level number.
    minor: str | None
    #: The heading without its number.
    rest: str
    #: Written "3." or "3)" or "4.1" rather than a bare "3".
    dotted: bool


def numbered(text: str) -> Numbered | None:
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
    return Numbered(int(match["major"]), minor, rest.rstrip("."), bool(match["dot"] or minor))


def numbered_heading(block: Block) -> Numbered | None:
    """The number of a block that may be a numbered section heading, or None."""
    if isinstance(block, Paragraph):
        return _numbered_paragraph(block)
    if isinstance(block, ListBlock):
        return _numbered_list(block)
    if isinstance(block, Heading) and block.level > 0:
        return numbered(block.text)
    return None


def _numbered_paragraph(block: Paragraph) -> Numbered | None:
    if block.toc or "\n" in block.text or _TOC_LINE.match(block.text):
        return None
    found = numbered(block.text)
    return found if found and (found.dotted or block.bold) else None


def _numbered_list(block: ListBlock) -> Numbered | None:
    """A numbered list of one item is how some editors write "3. Målgruppe"."""
    if not block.ordered or len(block.items) != 1 or _TOC_LINE.match(block.items[0].text):
        return None
    return numbered(f"{block.start}. {block.items[0].text}")


def heading_text(text: str) -> str:
    found = numbered(text)
    heading = found.rest if found else text.strip().rstrip(":")
    return heading[:300]


def is_toc_label(text: str) -> bool:
    return text.strip().casefold() in _TOC_LABELS


def is_toc(block: Block) -> bool:
    """A block of a table of contents: its label, an entry by style, "2. Formål ..... 3"."""
    if isinstance(block, Heading | Paragraph):
        return _is_toc_line(block)
    if isinstance(block, Table):
        return _is_toc_table(block)
    return all(_TOC_LINE.match(item.text) for item in block.items)


def _is_toc_line(block: Heading | Paragraph) -> bool:
    text = block.text
    if is_toc_label(text) or getattr(block, "toc", False):
        return True
    return bool(_TOC_LINE.match(text) and numbered(text.split("\t")[0]))


def _is_toc_table(block: Table) -> bool:
    rows = [row for row in block.rows if any(cell.text for cell in row)]
    pages = [row for row in rows if row and re.fullmatch(r"\d{1,3}", row[-1].text.strip())]
    return bool(rows) and len(pages) >= 0.6 * len(rows)


def heading_like(block: Block) -> bool:
    """A heading, or a paragraph written as one: bold, or a few words without a full stop."""
    if isinstance(block, Heading):
        return True
    if not isinstance(block, Paragraph) or "\n" in block.text:
        return False
    text = block.text.strip()
    return block.bold or (len(text.split()) <= 6 and not text.endswith((".", "!", "?")))


# --- The letterhead ---------------------------------------------------------------------------


class LetterheadLine(NamedTuple):
    text: str
    #: The date, where the line is nothing but a date ("15-11-2017", "Mandag, 4. maj 2018").
    date: str | None
    #: "officer", "phone", "email", "journal" or "date" for a labelled line ("Telefon: …").
    label: str | None
    #: What follows the label; empty where the value is on the next line.
    value: str


def letterhead_line(text: str) -> LetterheadLine:
    date = _DATE_LINE.match(text)
    labelled = _LETTERHEAD_LINE.match(text)
    label = next(k for k in LETTERHEAD_LABELS if labelled[k]) if labelled else None
    return LetterheadLine(
        text=text,
        date=date["date"] if date else None,
        label=label,
        value=labelled["value"].strip() if labelled else "",
    )


# --- Table header cells -----------------------------------------------------------------------


def column_role(text: str, patterns: dict[str, str]) -> str | None:
    """The key of the pattern a table's header cell matches ("Dato" → "date"), or None."""
    folded = " ".join(text.casefold().split()).strip(" :.")
    for key, pattern in patterns.items():
        if re.fullmatch(rf"(?:{pattern})(?:\s*\(.*\))?", folded):
            return key
    return None


# --- Blocks of a section, for the groups ------------------------------------------------------


class Kind(enum.Enum):
    #: Names a group as a heading ("Styregruppe") or introduces its members ("Projektgruppen:").
    GROUP_HEADING = "group heading"
    #: A heading about something else, or about the coordination: the group's part ends.
    GROUP_END = "group end"
    #: Introduces members without naming a group ("Gruppen består af:").
    MEMBER_INTRO = "member intro"
    #: A paragraph: a member where members are expected ("Name, Department"), else mandate.
    TEXT = "text"
    #: A list: members where most items are "Name, Department", else mandate.
    LIST = "list"
    #: A table: members where a column is headed "Navn".
    TABLE = "table"


@dataclass
class BodyLine:
    kind: Kind
    text: str = ""
    #: GROUP_HEADING: the group's name, whether members follow, whether the text is mandate.
    group: str | None = None
    expects_members: bool = False
    is_mandate: bool = False
    #: TEXT: the line read as (name, department, role), if it is one.
    member: tuple[str, str, str] | None = None
    #: LIST: each item with the member it reads as, if any.
    items: list[tuple[str, tuple[str, str, str] | None]] = field(default_factory=list)
    #: TABLE: the table itself.
    table: Table | None = None


def body_line(block: Block) -> BodyLine:
    if isinstance(block, ListBlock):
        items = [(item.text, parse_member(item.text)) for item in block.items]
        return BodyLine(Kind.LIST, items=items)
    if isinstance(block, Table):
        return BodyLine(Kind.TABLE, table=block)
    return _text_line(block, block_text(block).strip())


def _text_line(block: Heading | Paragraph, text: str) -> BodyLine:
    name = group_name(text)
    intro = is_member_intro(text) or text.endswith(":")
    if name and (heading_like(block) or intro):
        is_mandate = not heading_like(block) and not is_member_intro(text)
        return BodyLine(Kind.GROUP_HEADING, text, name, intro, is_mandate)
    if intro:
        return BodyLine(Kind.MEMBER_INTRO, text)
    if _ends_group(block, text):
        return BodyLine(Kind.GROUP_END, text)
    return BodyLine(Kind.TEXT, text, member=parse_member(text))


def _ends_group(block: Heading | Paragraph, text: str) -> bool:
    """A heading (by style or by looks) about something else, or about the coordination."""
    if not heading_like(block):
        return False
    return isinstance(block, Heading) or bool(COORDINATION_HEADING.search(text))
