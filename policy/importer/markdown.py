"""Markdown (CommonMark with pipe tables), as Word-to-Markdown converters and people write it."""

from markdown_it import MarkdownIt

from .blocks import Cell, Heading, ListBlock, ListItem, Paragraph, Source, Table

_MARKDOWN = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])


def read_markdown(text: str) -> Source:
    tokens = _MARKDOWN.parse(text)
    blocks = []
    lists: list[ListBlock] = []  # the open lists, outermost first
    row: list[Cell] | None = None
    table: Table | None = None
    in_item = False
    heading_level = 0

    for index, token in enumerate(tokens):
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            if not lists:
                start = int(token.attrGet("start") or 1)
                lists.append(ListBlock(items=[], ordered=kind == "ordered_list_open", start=start))
            else:
                lists.append(lists[0])  # nested lists are flattened into the outer one, by level
        elif kind in ("bullet_list_close", "ordered_list_close"):
            closed = lists.pop()
            if not lists:
                blocks.append(closed)
        elif kind == "list_item_open":
            in_item = True
            lists[0].items.append(ListItem(text="", html="", level=len(lists) - 1))
        elif kind == "list_item_close":
            in_item = False
        elif kind == "heading_open":
            heading_level = int(token.tag[1:])
        elif kind == "table_open":
            table = Table(rows=[], has_header=True)
        elif kind == "table_close":
            blocks.append(table)
            table = None
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close":
            table.rows.append(row)
        elif kind in ("fence", "code_block"):
            blocks.append(Paragraph(token.content.strip("\n")))
        elif kind == "inline":
            plain, markup, bold = _inline(token)
            parent = tokens[index - 1].type
            if parent in ("th_open", "td_open"):
                row.append(Cell(text=plain, html=markup))
            elif parent == "heading_open":
                blocks.append(Heading(text=plain, level=heading_level))
            elif lists and in_item:
                item = lists[0].items[-1]
                if item.text:
                    item.text, item.html = f"{item.text}\n{plain}", f"{item.html}<br>{markup}"
                else:
                    item.text, item.html = plain, markup
            elif plain:
                lines = _lines(token)
                blocks.append(Paragraph(text=plain, html=markup, bold=bold, lines=lines))
    return Source(blocks=blocks)


def _inline(token) -> tuple[str, str, bool]:
    """Plain text, inline HTML, and whether every word is inside strong emphasis."""
    parts, strong, bold_only = [], 0, True
    for child in token.children or []:
        if child.type == "strong_open":
            strong += 1
        elif child.type == "strong_close":
            strong -= 1
        elif child.type in ("text", "code_inline"):
            parts.append(child.content)
            if child.content.strip() and not strong:
                bold_only = False
        elif child.type == "softbreak":
            parts.append(" ")
        elif child.type == "hardbreak":
            parts.append("\n")
    plain = "\n".join(" ".join(line.split()) for line in "".join(parts).split("\n")).strip()
    markup = _MARKDOWN.renderer.renderInline(token.children or [], _MARKDOWN.options, {})
    return plain, markup.strip(), bold_only and bool(plain)


def _lines(token) -> list[str]:
    """The paragraph's source lines (soft and hard breaks both end a line)."""
    lines, current = [], []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            current.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            lines.append("".join(current).strip())
            current = []
    lines.append("".join(current).strip())
    return [line for line in lines if line]
