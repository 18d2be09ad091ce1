"""Where the sections start: at the headings the format marks (Word styles, Markdown `#`) or,
failing those, at numbered lines ("1. Baggrund", a bold "3. Målgruppe") whose numbers run 1, 2, 3.
"""

from dataclasses import dataclass, field

from .blocks import Block, Heading
from .classify import Numbered, heading_text, is_toc, is_toc_label, numbered, numbered_heading


@dataclass
class Start:
    index: int
    heading: str
    number: int | None = None


@dataclass
class Layout:
    starts: list[Start]
    #: Block index → depth (1 or 2) of the subheadings inside sections.
    subheadings: dict[int, int] = field(default_factory=dict)
    #: The block that is the document's title, if a heading is.
    title_index: int | None = None

    def front(self, blocks: list[Block]) -> list[Block]:
        """The blocks before the first section, without the title and a table of contents."""
        before = blocks[: self.starts[0].index]
        return [b for i, b in enumerate(before) if i != self.title_index and not is_toc(b)]

    def bodies(self, blocks: list[Block]) -> list[tuple[Start, list[Block]]]:
        ends = [start.index for start in self.starts[1:]] + [len(blocks)]
        pairs = zip(self.starts, ends, strict=True)
        return [(start, blocks[start.index + 1 : end]) for start, end in pairs]


Styled = tuple[int, Heading]


def find_sections(blocks: list[Block]) -> Layout:
    title_index = next((i for i, b in _styled(blocks) if b.level == 0), None)
    headings = [(i, b) for i, b in _styled(blocks) if b.level > 0 and not is_toc_label(b.text)]
    if headings:
        title_index, top_level = _title_heading(headings, title_index)
        top = _top_headings(headings, top_level)
        if len(top) >= 2 or not _numbered_candidates(blocks):
            return _styled_layout(top, headings, top_level, title_index)
    return _numbered_layout(blocks, title_index)


# --- By heading styles ------------------------------------------------------------------------


def _styled(blocks: list[Block]) -> list[Styled]:
    return [(index, block) for index, block in enumerate(blocks) if isinstance(block, Heading)]


def _title_heading(headings: list[Styled], title_index: int | None) -> tuple[int | None, int]:
    """A single heading of the highest level, first of all, is the title ("# Kommissorium")
    when lower levels follow; the sections are then the next level down."""
    levels = sorted({block.level for _index, block in headings})
    top = [index for index, block in headings if block.level == levels[0]]
    if len(top) == 1 and len(levels) > 1 and top[0] == headings[0][0]:
        return (title_index if title_index is not None else top[0]), levels[1]
    return title_index, levels[0]


def _top_headings(headings: list[Styled], level: int) -> list[Styled]:
    """The headings of the sections' level, from the first numbered one where they are numbered
    (what comes before is front matter: "Indledende bemærkninger", a letterhead)."""
    top = [(i, b) for i, b in headings if b.level == level]
    numbered_top = [i for i, b in top if numbered(b.text)]
    if len(numbered_top) >= 2:
        top = [(i, b) for i, b in top if i >= numbered_top[0]]
    return top


def _styled_layout(top, headings, top_level, title_index) -> Layout:
    starts = [Start(i, heading_text(b.text)) for i, b in top]
    subheadings = {i: min(b.level - top_level, 2) for i, b in headings if b.level > top_level}
    return Layout(starts, subheadings, title_index)


# --- By numbers -------------------------------------------------------------------------------


def _numbered_candidates(blocks: list[Block]) -> list[tuple[int, Numbered]]:
    found = [(index, numbered_heading(block)) for index, block in enumerate(blocks)]
    return [(index, number) for index, number in found if number]


def _numbered_layout(blocks: list[Block], title_index: int | None) -> Layout:
    candidates = _numbered_candidates(blocks)
    run = _longest_run(candidates)
    starts = [Start(index, number.rest, number.major) for index, number in run]
    if not starts:
        return Layout([], {}, title_index)
    return Layout(starts, _numbered_subheadings(candidates, starts, len(blocks)), title_index)


def _longest_run(candidates: list[tuple[int, Numbered]]) -> list[tuple[int, Numbered]]:
    """Headings numbered 1, 2, 3 …: the longest such run wins (the last one on a tie, so that a
    table of contents written as plain lines gives way to the sections themselves)."""
    runs: list[list[tuple[int, Numbered]]] = []
    for index, number in candidates:
        if number.minor:
            continue
        if runs and runs[-1][-1][1].major + 1 == number.major:
            runs[-1].append((index, number))
        elif number.major == 1:
            runs.append([(index, number)])
    return max(reversed(runs), key=len) if runs else []


def _numbered_subheadings(candidates, starts: list[Start], end: int) -> dict[int, int]:
    """Subheadings "4.1 …" inside section 4."""
    ends = [start.index for start in starts[1:]] + [end]
    subheadings = {}
    for index, number in candidates:
        inside = any(
            start.index < index < stop and start.number == number.major
            for start, stop in zip(starts, ends, strict=True)
        )
        if number.minor and inside:
            subheadings[index] = min(number.minor.count("."), 2)
    return subheadings
