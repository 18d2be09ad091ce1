"""One way to write a section's markup, whoever wrote it.

The editor (Tiptap) puts each list item's and table cell's text in a paragraph, spells out
`colspan="1"` and `start="1"`, and ends an empty document with `<p></p>`; the importer and older
text do not. Without one canonical form, opening and saving a section would show as a change in
every comparison. `canonical_body` is applied on every save (after sanitising) and by the
comparison to bodies saved before it existed. It only rewrites markup that carries no content,
and applying it twice changes nothing.
"""

import re

_TRIVIAL_SPAN = re.compile(r' (?:colspan|rowspan)="1"')
_TRIVIAL_START = re.compile(r'<ol start="1">')
_CELL_WITH_ONE_PARAGRAPH = re.compile(r"<(td|th)([^>]*)><p>((?:(?!</?p[\s>]).)*?)</p></\1>", re.S)
#: A list item whose only content is one paragraph (possibly followed by a nested list).
_ITEM_WITH_ONE_PARAGRAPH = re.compile(
    r"<li><p>((?:(?!</?p[\s>]|<li[\s>]).)*?)</p>(?=</li>|<ul>|<ol)", re.S
)
_EMPTY_PARAGRAPH = re.compile(r"<p>(?:\s|<br>)*</p>")
#: Whitespace between two tags that start or end a block is not text.
_BLOCK_TAG = (
    r"</?(?:p|h[2-4]|ul|ol|li|blockquote|table|caption|thead|tbody|tfoot|tr|th|td|hr|br)\b[^>]*>"
)
_SPACE_BETWEEN_BLOCKS = re.compile(rf"({_BLOCK_TAG})\s+(?=<)|\s+(?={_BLOCK_TAG})")


def canonical_body(value: str) -> str:
    """The canonical markup of an already sanitised HTML fragment."""
    if not value:
        return ""
    value = _TRIVIAL_SPAN.sub("", value)
    value = _TRIVIAL_START.sub("<ol>", value)
    value = _CELL_WITH_ONE_PARAGRAPH.sub(r"<\1\2>\3</\1>", value)
    value = _ITEM_WITH_ONE_PARAGRAPH.sub(r"<li>\1", value)
    value = _EMPTY_PARAGRAPH.sub("", value)
    value = _SPACE_BETWEEN_BLOCKS.sub(r"\1", value)
    return value.strip()
