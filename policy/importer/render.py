"""A section's blocks as the HTML of its body, and as plain text for the recognisers."""

import html

from .blocks import Block, Heading, ListBlock, Paragraph, Table, block_text
from .classify import heading_text


def render(body: list[Block], first_index: int, subheadings: dict[int, int]) -> str:
    """`first_index` is the index of the body's first block in the document, the numbering
    `subheadings` (block index → depth) uses."""
    parts = []
    for index, block in enumerate(body, start=first_index):
        if index in subheadings or isinstance(block, Heading):
            tag = f"h{2 + max(1, subheadings.get(index, 1))}"
            parts.append(f"<{tag}>{html.escape(heading_text(block_text(block)))}</{tag}>")
        elif isinstance(block, Paragraph):
            parts.append(f"<p>{block.html}</p>")
        elif isinstance(block, ListBlock):
            parts.append(_render_list(block))
        else:
            parts.append(_render_table(block))
    return "\n".join(parts)


def _render_list(block: ListBlock) -> str:
    tag = "ol" if block.ordered else "ul"
    opening = f'<{tag} start="{block.start}">' if block.ordered and block.start != 1 else f"<{tag}>"
    out, depth = [opening], 0
    for position, item in enumerate(block.items):
        level = min(item.level, depth + 1)
        if position:
            out.append(_between_items(tag, depth, level))
        depth = level
        out.append(f"<li>{item.html}")
    out.append("</li>" + f"</{tag}></li>" * depth + f"</{tag}>")
    return "".join(out)


def _between_items(tag: str, depth: int, level: int) -> str:
    """What comes between two items: a nested list opens, or items (and lists) close."""
    if level > depth:
        return f"<{tag}>"
    return "</li>" + f"</{tag}></li>" * (depth - level)


def _render_table(block: Table) -> str:
    rows = [row for row in block.rows if any(cell.text for cell in row)]
    if not rows:
        return ""
    width = max(len(row) for row in rows)
    out = ["<table>"]
    if _has_header(block, rows):
        cells = "".join(f'<th scope="col">{cell.html}</th>' for cell in rows[0])
        out.append(f"<thead><tr>{cells}</tr></thead>")
        rows = rows[1:]
    out.append("<tbody>")
    out.extend(_render_row(row, width) for row in rows)
    out.append("</tbody></table>")
    return "".join(out)


def _render_row(row, width: int) -> str:
    padded = [cell.html for cell in row] + [""] * (width - len(row))
    return "<tr>" + "".join(f"<td>{cell}</td>" for cell in padded) + "</tr>"


def _has_header(block: Table, rows) -> bool:
    """Marked as a header by the format, or a first row of short labels above more rows."""
    if block.has_header:
        return True
    return len(rows) > 1 and all(cell.text and len(cell.text) <= 40 for cell in rows[0])


def plain(body: list[Block]) -> str:
    lines = []
    for block in body:
        if isinstance(block, ListBlock):
            lines.extend(f"- {item.text}" for item in block.items)
        elif isinstance(block, Heading | Paragraph):
            lines.append(block.text)
    return "\n".join(lines)
