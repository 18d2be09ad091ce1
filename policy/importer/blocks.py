"""The neutral stream every format reader produces and the interpreter reads.

A reader turns a file into a flat list of blocks in reading order: headings (only where the format
says so: a Word heading style, a Markdown `#`), paragraphs, lists and tables. It decides nothing
about sections, timelines or groups; `interpret` does that the same way for every format.
"""

import html
from dataclasses import dataclass, field


@dataclass
class Heading:
    text: str
    #: 1 for the top level the format offers ("Heading 1", "#"); 0 for a document title style.
    level: int


@dataclass
class Paragraph:
    text: str
    #: The same text as escaped HTML with its inline formatting (strong, em, links, <br>).
    html: str = ""
    #: Every word of the paragraph is bold: a common way of writing a heading without a style.
    bold: bool = False
    #: A table-of-contents entry by its style (Word's "TOC 1").
    toc: bool = False
    #: The lines as written, where the format joins them into one paragraph (Markdown); the
    #: letterhead is often written one fact a line.
    lines: list[str] = field(default_factory=list)

    def __post_init__(self):
        if not self.html:
            self.html = text_to_html(self.text)


@dataclass
class ListItem:
    text: str
    html: str = ""
    #: 0 for the outermost list, 1 for a list inside it, and so on.
    level: int = 0

    def __post_init__(self):
        if not self.html:
            self.html = text_to_html(self.text)


@dataclass
class ListBlock:
    items: list[ListItem]
    ordered: bool = False
    #: The number of the first item of a numbered list.
    start: int = 1


@dataclass
class Cell:
    text: str
    html: str = ""

    def __post_init__(self):
        if not self.html:
            self.html = text_to_html(self.text)


@dataclass
class Table:
    rows: list[list[Cell]]
    #: The reader knows the first row is a header (a Markdown table, Word's repeated header row).
    has_header: bool = False


Block = Heading | Paragraph | ListBlock | Table


@dataclass
class Source:
    """What a reader found: the blocks in order, and lines found outside the body (a Word page
    header or text boxes) that may hold the letterhead with date and case officer."""

    blocks: list[Block]
    header_lines: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def text_to_html(text: str) -> str:
    return "<br>".join(html.escape(line) for line in text.split("\n"))


def block_text(block: Block) -> str:
    """The plain text of a block, for recognisers that look at words."""
    if isinstance(block, Heading | Paragraph):
        return block.text
    if isinstance(block, ListBlock):
        return "\n".join(item.text for item in block.items)
    return "\n".join("\t".join(cell.text for cell in row) for row in block.rows)
