"""Word (.docx) with python-docx: heading styles (any language's, or an outline level), lists by
style or numbering, bold, italic and links, real tables, and the letterhead in page headers or
text boxes."""

import html
import io
import re

from docx import Document as open_docx
from docx.oxml.ns import qn
from docx.table import Table as DocxTable
from docx.text.hyperlink import Hyperlink

from .blocks import Cell, Heading, ListBlock, ListItem, Paragraph, Source, Table

_HEADING_STYLE = re.compile(r"^(?:heading|overskrift)\s*(\d)$", re.I)
_TITLE_STYLE = re.compile(r"^(?:title|titel)$", re.I)
_TOC_STYLE = re.compile(r"^(?:toc|indholdsfortegnelse)\s*\d", re.I)
_LIST_STYLE = re.compile(r"(bullet|number|punkt|opstilling|nummer)", re.I)


def read_docx(data: bytes) -> Source:
    document = open_docx(io.BytesIO(data))
    numbering = _Numbering(document)
    blocks, header_lines = [], _page_header_lines(document)
    current_list: ListBlock | None = None

    for item in document.iter_inner_content():
        if isinstance(item, DocxTable):
            current_list = None
            blocks.append(_table(item))
            continue
        header_lines.extend(_text_box_lines(item))
        text, markup, bold = _runs(item)
        styles = list(_style_chain(item.style))
        level = _heading_level(item, styles)
        if level is not None and text:
            current_list = None
            blocks.append(Heading(text=text, level=level))
            continue
        list_info = numbering.list_info(item, styles)
        if list_info is not None and text:
            ordered, depth, number = list_info
            if current_list is None or current_list.ordered != ordered and depth == 0:
                current_list = ListBlock(items=[], ordered=ordered, start=number or 1)
                blocks.append(current_list)
            current_list.items.append(ListItem(text=text, html=markup, level=depth))
            continue
        current_list = None
        if text:
            toc = any(_TOC_STYLE.match(style.name or "") for style in styles)
            blocks.append(Paragraph(text=text, html=markup, bold=bold, toc=toc))
    return Source(blocks=blocks, header_lines=header_lines)


def _style_chain(style):
    while style is not None:
        yield style
        style = style.base_style


def _heading_level(paragraph, styles) -> int | None:
    for style in styles:
        for name in (style.name or "", style.style_id or ""):
            if _TITLE_STYLE.match(name):
                return 0
            match = _HEADING_STYLE.match(name)
            if match:
                return int(match[1])
    for element in [paragraph._p, *(style.element for style in styles)]:
        outline = element.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}")
        if outline is not None and outline.get(qn("w:val"), "9").isdigit():
            value = int(outline.get(qn("w:val")))
            if value < 9:
                return value + 1
    return None


def _runs(paragraph) -> tuple[str, str, bool]:
    """Plain text, inline HTML and whether every word is bold."""
    texts, markup, all_bold = [], [], True
    style_bold = any(style.font.bold for style in _style_chain(paragraph.style) if style.font)
    for part in paragraph.iter_inner_content():
        runs = part.runs if isinstance(part, Hyperlink) else [part]
        piece = []
        for run in runs:
            text = run.text
            if not text:
                continue
            texts.append(text)
            bold = run.bold if run.bold is not None else style_bold
            if text.strip() and not bold:
                all_bold = False
            escaped = html.escape(text).replace("\n", "<br>")
            if run.bold:
                escaped = f"<strong>{escaped}</strong>"
            if run.italic:
                escaped = f"<em>{escaped}</em>"
            if run.underline:
                escaped = f"<u>{escaped}</u>"
            piece.append(escaped)
        if isinstance(part, Hyperlink) and part.url and piece:
            markup.append(f'<a href="{html.escape(part.url)}">{"".join(piece)}</a>')
        else:
            markup.extend(piece)
    text = "".join(texts).replace("\t", " ").strip()
    text = "\n".join(" ".join(line.split()) for line in text.split("\n"))
    return text, "".join(markup).strip(), all_bold and bool(text)


def _table(table: DocxTable) -> Table:
    rows = []
    for row in table.rows:
        seen, cells = set(), []
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue  # a merged cell is returned once for each grid column it spans
            seen.add(id(cell._tc))
            parts = [_runs(paragraph) for paragraph in cell.paragraphs]
            cells.append(
                Cell(
                    text="\n".join(text for text, _markup, _bold in parts if text),
                    html="<br>".join(markup for text, markup, _bold in parts if text),
                )
            )
        rows.append(cells)
    first = table._tbl.tr_lst[0] if table._tbl.tr_lst else None
    has_header = first is not None and first.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
    return Table(rows=rows, has_header=has_header)


def _page_header_lines(document) -> list[str]:
    lines = []
    for section in document.sections[:1]:
        for header in (section.first_page_header, section.header):
            if header.is_linked_to_previous:
                continue
            for paragraph in header.paragraphs:
                lines.extend(paragraph.text.split("\n"))
            for table in header.tables:
                for row in table.rows:
                    for cell in row.cells:
                        lines.extend(cell.text.split("\n"))
    return [line.strip() for line in lines if line.strip()]


def _text_box_lines(paragraph) -> list[str]:
    lines = []
    for box_paragraph in paragraph._p.iter(qn("w:txbxContent")):
        for p in box_paragraph.iter(qn("w:p")):
            text = "".join(t.text or "" for t in p.iter(qn("w:t"))).strip()
            if text and text not in lines:  # Word stores a text box twice (with a fallback)
                lines.append(text)
    return lines


class _Numbering:
    """Which numbering definitions are bullets and which count, with running counters."""

    def __init__(self, document):
        self.formats: dict[tuple[str, int], tuple[str, int]] = {}
        self.counters: dict[tuple[str, int], int] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return
        abstract = {}
        for definition in root.findall(qn("w:abstractNum")):
            levels = {}
            for lvl in definition.findall(qn("w:lvl")):
                fmt = lvl.find(qn("w:numFmt"))
                start = lvl.find(qn("w:start"))
                levels[int(lvl.get(qn("w:ilvl"), "0"))] = (
                    fmt.get(qn("w:val"), "decimal") if fmt is not None else "decimal",
                    int(start.get(qn("w:val"), "1")) if start is not None else 1,
                )
            abstract[definition.get(qn("w:abstractNumId"))] = levels
        for num in root.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            if ref is None:
                continue
            for level, value in abstract.get(ref.get(qn("w:val")), {}).items():
                self.formats[(num.get(qn("w:numId")), level)] = value

    def list_info(self, paragraph, styles) -> tuple[bool, int, int | None] | None:
        """(ordered, depth, number) for a list paragraph, None for any other paragraph."""
        for element in [paragraph._p, *(style.element for style in styles)]:
            num_pr = element.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
            if num_pr is None:
                continue
            num_id = num_pr.find(qn("w:numId"))
            ilvl = num_pr.find(qn("w:ilvl"))
            key = (
                num_id.get(qn("w:val")) if num_id is not None else "",
                int(ilvl.get(qn("w:val"), "0")) if ilvl is not None else 0,
            )
            if key[0] == "0":
                return None  # numbering switched off for this paragraph
            fmt, start = self.formats.get(key, ("bullet", 1))
            if fmt in ("bullet", "none"):
                return False, key[1], None
            number = self.counters.get(key, start - 1) + 1
            self.counters[key] = number
            return True, key[1], number
        if any(_LIST_STYLE.search(style.name or "") for style in styles[:1]):
            ordered = bool(re.search(r"number|nummer", styles[0].name or "", re.I))
            return ordered, 0, None
        return None
