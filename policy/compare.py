"""Word-level comparison of two versions of a document, section by section.

Sections are matched by their `key` (their identity across versions), so a comparison tells a
renamed or moved section from a removed one plus an added one. Within a section the text is
split into blocks (paragraphs, list items, table rows, headings), blocks are matched, and changed
blocks are compared word by word. The result is plain data plus escaped HTML fragments with
`<ins>`/`<del>`, usable in views, exports and e-mails alike.

Bodies are sanitised HTML (see `medborger.html`), so a small regular-expression tokenizer is
enough to find the blocks; it is much faster than a full HTML parser on a 40,000-word document.
"""

import hashlib
import html
import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cached_property

from django.core.cache import caches
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from medborger.stamps import code_version
from policy.markup import canonical_body
from policy.models import DocumentVersion, Section

_TAG = re.compile(r"(<[^>]*>)")
_TAG_NAME = re.compile(r"<\s*(/?)\s*([a-zA-Z0-9]+)")
#: A word with the spaces after it, or punctuation with the spaces after it.
_WORDS = re.compile(r"\s*(?:\w+|[^\w\s]+)\s*|\s+")

#: Tags that start a new block, and the kind of block they start.
_BLOCK_KINDS = {
    "p": "p",
    "h2": "h",
    "h3": "h",
    "h4": "h",
    "li": "li",
    "blockquote": "quote",
    "tr": "row",
    "caption": "p",
}
_CELL_TAGS = {"td", "th"}


@dataclass(frozen=True)
class Block:
    kind: str
    text: str


def blocks_of(body: str) -> list[Block]:
    """The text blocks of a sanitised HTML fragment, in reading order."""
    blocks: list[Block] = []
    kinds = ["p"]
    parts: list[str] = []

    def flush():
        text = " ".join(html.unescape("".join(parts)).split())
        if text:
            blocks.append(Block(kinds[-1], text))
        parts.clear()

    for token in _TAG.split(body or ""):
        if not token:
            continue
        if token[0] != "<":
            parts.append(token)
            continue
        match = _TAG_NAME.match(token)
        if not match:
            continue
        closing, name = match.group(1) == "/", match.group(2).lower()
        if kinds[-1] == "row" and name in _BLOCK_KINDS and name != "tr":
            # Paragraphs and lists inside a table cell stay part of the row.
            parts.append(" ")
        elif kinds[-1] == "li" and name == "p":
            # The editor writes a list item's text in a paragraph: it is still the list item.
            parts.append(" ")
        elif name in _BLOCK_KINDS:
            flush()
            if closing:
                if len(kinds) > 1:
                    kinds.pop()
            else:
                kinds.append(_BLOCK_KINDS[name])
        elif name in _CELL_TAGS and closing:
            parts.append(" | ")
        elif name in ("br", "hr", "ul", "ol", "table"):
            parts.append(" ")
    flush()
    return [Block(b.kind, b.text.strip(" |")) if b.kind == "row" else b for b in blocks]


# --- Word level -----------------------------------------------------------------------------

EQUAL, INSERT, DELETE = "=", "+", "-"


def diff_words(old: str, new: str) -> list[tuple[str, str]]:
    """(op, text) segments turning `old` into `new`, compared word by word."""
    if old == new:
        return [(EQUAL, old)] if old else []
    a, b = _WORDS.findall(old), _WORDS.findall(new)
    segments: list[tuple[str, str]] = []
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            _append(segments, EQUAL, "".join(a[i1:i2]))
        else:
            if i2 > i1:
                _append(segments, DELETE, "".join(a[i1:i2]))
            if j2 > j1:
                _append(segments, INSERT, "".join(b[j1:j2]))
    return segments


def _append(segments: list, op: str, text: str) -> None:
    if segments and segments[-1][0] == op:
        segments[-1] = (op, segments[-1][1] + text)
    else:
        segments.append((op, text))


def segments_html(segments, *, show=(EQUAL, INSERT, DELETE)) -> str:
    """Escaped HTML for segments: `<ins>` and `<del>` carry a hidden text marker too."""
    added, removed = _("added:"), _("removed:")
    out = []
    for op, text in segments:
        if op not in show:
            continue
        escaped = html.escape(text, quote=False)
        if op == EQUAL:
            out.append(escaped)
        elif op == INSERT:
            out.append(f'<ins><span class="visually-hidden">[{added} </span>{escaped}'
                       '<span class="visually-hidden">]</span></ins>')  # fmt: skip
        else:
            out.append(f'<del><span class="visually-hidden">[{removed} </span>{escaped}'
                       '<span class="visually-hidden">]</span></del>')  # fmt: skip
    return "".join(out)


# --- Blocks and sections --------------------------------------------------------------------


@dataclass
class Row:
    """A pair of blocks: the same block in both versions, or one side only."""

    kind: str
    #: "equal", "changed", "added" or "removed".
    op: str
    segments: list[tuple[str, str]]

    @cached_property
    def old_html(self) -> str:
        return segments_html(self.segments, show=(EQUAL, DELETE))

    @cached_property
    def new_html(self) -> str:
        return segments_html(self.segments, show=(EQUAL, INSERT))

    @cached_property
    def inline_html(self) -> str:
        return segments_html(self.segments)


def diff_blocks(old: list[Block], new: list[Block]) -> list[Row]:
    rows: list[Row] = []
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            rows.extend(Row(b.kind, "equal", [(EQUAL, b.text)]) for b in old[i1:i2])
            continue
        pairs = min(i2 - i1, j2 - j1) if tag == "replace" else 0
        for offset in range(pairs):
            a, b = old[i1 + offset], new[j1 + offset]
            rows.append(Row(b.kind, "changed", diff_words(a.text, b.text)))
        rows.extend(Row(b.kind, "removed", [(DELETE, b.text)]) for b in old[i1 + pairs : i2])
        rows.extend(Row(b.kind, "added", [(INSERT, b.text)]) for b in new[j1 + pairs : j2])
    return rows


@dataclass
class SectionChange:
    key: object
    old: Section | None
    new: Section | None
    moved: bool = False

    @cached_property
    def rows(self) -> list[Row]:
        """The section's blocks, compared; computed when first needed (unchanged sections are
        usually shown collapsed, so they never pay for it)."""
        if self.old is None:
            return [Row(b.kind, "added", [(INSERT, b.text)]) for b in blocks_of(self.new.body)]
        if self.new is None:
            return [Row(b.kind, "removed", [(DELETE, b.text)]) for b in blocks_of(self.old.body)]
        if not self.text_changed:
            return [Row(b.kind, "equal", [(EQUAL, b.text)]) for b in blocks_of(self.new.body)]
        return diff_blocks(blocks_of(self.old.body), blocks_of(self.new.body))

    @cached_property
    def inline_rows_html(self) -> SafeString:
        """The rows one after the other, as paragraphs (the inline view)."""
        return mark_safe(  # segments_html escaped the text; kind and op are ours
            "".join(
                f'<p class="diff-block diff-{row.kind} is-{row.op}">{row.inline_html}</p>'
                for row in self.rows
            )
        )

    @cached_property
    def side_rows_html(self) -> SafeString:
        """The rows as table rows, old version left and new right (the side-by-side view):
        built here, not by a template loop per row (most of a long comparison's time)."""
        return mark_safe(  # segments_html escaped the text; kind and op are ours
            "".join(
                f'<tr class="is-{row.op}">'
                f'<td class="diff-block diff-{row.kind}">'
                f"{row.old_html if row.op != 'added' else ''}</td>"
                f'<td class="diff-block diff-{row.kind}">'
                f"{row.new_html if row.op != 'removed' else ''}</td></tr>"
                for row in self.rows
            )
        )

    @property
    def added(self) -> bool:
        return self.old is None

    @property
    def removed(self) -> bool:
        return self.new is None

    @property
    def renamed(self) -> bool:
        return bool(self.old and self.new and self.old.heading != self.new.heading)

    @cached_property
    def text_changed(self) -> bool:
        """A real change of the text: bodies are compared in their canonical markup, so a
        version saved before the markup was normalised does not differ by markup alone."""
        if not (self.old and self.new) or self.old.body == self.new.body:
            return False
        return canonical_body(self.old.body) != canonical_body(self.new.body)

    @cached_property
    def unchanged(self) -> bool:
        return not (self.added or self.removed or self.renamed or self.moved or self.text_changed)

    @property
    def heading(self) -> str:
        return (self.new or self.old).heading

    @property
    def anchor(self) -> str:
        return (self.new or self.old).anchor

    @cached_property
    def heading_segments(self) -> list[tuple[str, str]]:
        if self.renamed:
            return diff_words(self.old.heading, self.new.heading)
        return [(EQUAL, self.heading)]

    @cached_property
    def heading_html(self) -> str:
        return segments_html(self.heading_segments)

    @property
    def labels(self) -> list[tuple[str, str]]:
        """(code, Danish label) for each kind of change, shown as text badges."""
        labels = []
        if self.added:
            labels.append(("added", _("Added")))
        if self.removed:
            labels.append(("removed", _("Removed")))
        if self.renamed:
            labels.append(("renamed", _("Renamed")))
        if self.moved:
            labels.append(("moved", _("Moved")))
        if self.text_changed:
            labels.append(("changed", _("Text changed")))
        if not labels:
            labels.append(("unchanged", _("Unchanged")))
        return labels


@dataclass
class Comparison:
    old: DocumentVersion
    new: DocumentVersion
    sections: list[SectionChange]

    def count(self, attribute: str) -> int:
        return sum(1 for change in self.sections if getattr(change, attribute))

    @property
    def summary(self) -> dict[str, int]:
        return {
            name: self.count(name)
            for name in ("added", "removed", "renamed", "moved", "text_changed", "unchanged")
        }

    @property
    def is_identical(self) -> bool:
        return all(change.unchanged for change in self.sections)

    def changed_sections(self) -> list[SectionChange]:
        """The sections that differ, with their word-level rows computed."""
        changed = [change for change in self.sections if not change.unchanged]
        for change in changed:
            change.rows  # noqa: B018 - computes and caches the rows
        return changed


def _sections(version: DocumentVersion) -> list[Section]:
    # Uses a prefetch of version.sections when there is one.
    return sorted(version.sections.all(), key=lambda section: section.position)


def compare_sections(old_sections: list[Section], new_sections: list[Section]):
    """SectionChanges in the new order, removed sections after their old predecessor."""
    old_by_key = {section.key: section for section in old_sections}
    new_by_key = {section.key: section for section in new_sections}
    old_common = [s.key for s in old_sections if s.key in new_by_key]
    new_common = [s.key for s in new_sections if s.key in old_by_key]
    in_place = set()
    for match in SequenceMatcher(
        None, old_common, new_common, autojunk=False
    ).get_matching_blocks():
        in_place.update(old_common[match.a : match.a + match.size])

    changes = [
        SectionChange(
            section.key,
            old_by_key.get(section.key),
            section,
            moved=section.key in old_by_key and section.key not in in_place,
        )
        for section in new_sections
    ]

    # Removed sections go right after the section that preceded them in the old version.
    position_of = {change.key: index for index, change in enumerate(changes)}
    inserts: list[tuple[int, int, SectionChange]] = []
    previous_index = -1
    for order, section in enumerate(old_sections):
        if section.key in new_by_key:
            previous_index = position_of[section.key]
            continue
        inserts.append((previous_index + 1, order, SectionChange(section.key, section, None)))
    for index, _order, change in sorted(inserts, key=lambda item: (item[0], item[1]), reverse=True):
        changes.insert(index, change)
    return changes


def compare_versions(old: DocumentVersion, new: DocumentVersion) -> Comparison:
    """Compare two versions (of the same document) section by section, word by word.

    Sections are matched at once; each section's word-level rows are computed when first read
    (`SectionChange.rows`), which `Comparison.changed_sections()` does for every changed one.
    """
    return Comparison(old=old, new=new, sections=compare_sections(_sections(old), _sections(new)))


# --- Cached comparisons -----------------------------------------------------------------------

#: A comparison is kept this long after it was last computed.
CACHE_SECONDS = 7 * 24 * 3600


def _cache_key(sections: list[SectionChange]) -> str:
    """A key made of the texts the word-level comparison is computed from, and the language
    of its hidden "added:"/"removed:" markers. A section's text is never edited in place (a
    save makes a new version with new sections, see `version_save`), but the key does not rely
    on that: different texts give a different key, so a cached value cannot be stale."""
    digest = hashlib.blake2b(digest_size=20)
    for change in sections:
        for section in (change.old, change.new):
            if section is None:
                digest.update(b"\x00")
            else:
                digest.update(b"\x01")
                digest.update(section.body.encode())
            digest.update(b"\x02")
    # Under the digest of the code too: rows built by an earlier deploy are not read.
    return f"compare:{code_version()}:{get_language() or ''}:{digest.hexdigest()}"


def compare_versions_cached(old: DocumentVersion, new: DocumentVersion) -> Comparison:
    """`compare_versions` with the word-level part (which sections' text changed and their
    rows as HTML, both views) read from the cache, one read per comparison."""
    comparison = compare_versions(old, new)
    changes = comparison.sections
    cache = caches["default"]
    key = _cache_key(changes)
    stored = cache.get(key)
    if stored is not None and len(stored) == len(changes):
        for change, (text_changed, side, inline) in zip(changes, stored, strict=True):
            change.text_changed = text_changed
            if side is not None:
                change.side_rows_html = mark_safe(side)  # built by side_rows_html
                change.inline_rows_html = mark_safe(inline)
        return comparison
    value: list[tuple[bool, str | None, str | None]] = []
    for change in changes:
        if change.unchanged:
            value.append((change.text_changed, None, None))
        else:
            value.append(
                (change.text_changed, str(change.side_rows_html), str(change.inline_rows_html))
            )
    cache.set(key, value, timeout=CACHE_SECONDS)
    return comparison
