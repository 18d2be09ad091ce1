"""OpenDocument text (.odt, LibreOffice) read straight from its content.xml with lxml.

odfpy, the library for ODF in Python, has had no release since 2020; the part of the format an
import needs (headings, paragraphs, lists, tables, bold) is small enough to read directly.
"""

import html
import io
import zipfile

from lxml import etree

from .blocks import Cell, Heading, ListBlock, ListItem, Paragraph, Source, Table

NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
    "xlink": "http://www.w3.org/1999/xlink",
}
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def _q(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"


def read_odt(data: bytes) -> Source:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = etree.fromstring(archive.read("content.xml"), _PARSER)
        styles_xml = archive.read("styles.xml") if "styles.xml" in archive.namelist() else None
    reader = _Reader(root, etree.fromstring(styles_xml, _PARSER) if styles_xml else None)
    body = root.find("office:body/office:text", NS)
    if body is not None:
        reader.children(body)
    return Source(blocks=reader.blocks, header_lines=reader.header_lines)


class _Reader:
    def __init__(self, content, styles):
        self.blocks, self.header_lines = [], []
        self.bold_styles, self.parents, self.bullet_lists = set(), {}, set()
        for tree in (styles, content):
            if tree is None:
                continue
            for style in tree.iter(_q("style:style")):
                name = style.get(_q("style:name"))
                self.parents[name] = style.get(_q("style:parent-style-name"))
                props = style.find("style:text-properties", NS)
                if props is not None and props.get(_q("fo:font-weight")) in ("bold", "700"):
                    self.bold_styles.add(name)
            for list_style in tree.iter(_q("text:list-style")):
                first = next(iter(list_style), None)
                if first is not None and first.tag == _q("text:list-level-style-bullet"):
                    self.bullet_lists.add(list_style.get(_q("style:name")))

    def _chain(self, name):
        seen = set()
        while name and name not in seen:
            seen.add(name)
            yield name
            name = self.parents.get(name)

    def _is_bold(self, name) -> bool:
        return any(style in self.bold_styles for style in self._chain(name))

    def children(self, element):
        for child in element:
            tag = child.tag
            if tag == _q("text:h"):
                text, _markup, _bold = self.inline(child)
                if text:
                    level = int(child.get(_q("text:outline-level"), "1") or 1)
                    self.blocks.append(Heading(text=text, level=level))
            elif tag == _q("text:p"):
                self.paragraph(child)
            elif tag == _q("text:list"):
                block = ListBlock(items=[], ordered=self._ordered(child))
                self.list_items(child, block, 0)
                if block.items:
                    self.blocks.append(block)
            elif tag == _q("table:table"):
                self.table(child)
            elif tag == _q("text:table-of-content"):
                for paragraph in child.iter(_q("text:p")):
                    text, markup, _bold = self.inline(paragraph)
                    if text:
                        self.blocks.append(Paragraph(text=text, html=markup, toc=True))
            elif tag in (_q("text:section"), _q("table:table-header-rows")):
                self.children(child)

    def paragraph(self, element):
        for box in element.iter(_q("draw:text-box")):
            self.header_lines.extend(
                text for p in box.iter(_q("text:p")) if (text := self.inline(p)[0])
            )
        text, markup, bold = self.inline(element)
        if not text:
            return
        styles = list(self._chain(element.get(_q("text:style-name"))))
        if any(style in ("Title", "Titel") for style in styles):
            self.blocks.append(Heading(text=text, level=0))
            return
        for style in styles:
            if style.startswith("Heading_20_") and style[-1].isdigit():
                self.blocks.append(Heading(text=text, level=int(style[-1])))
                return
        bold = bold or self._is_bold(element.get(_q("text:style-name")))
        self.blocks.append(Paragraph(text=text, html=markup, bold=bold))

    def _ordered(self, element) -> bool:
        return element.get(_q("text:style-name")) not in self.bullet_lists

    def list_items(self, element, block, depth):
        for item in element.findall("text:list-item", NS):
            for child in item:
                if child.tag in (_q("text:p"), _q("text:h")):
                    text, markup, _bold = self.inline(child)
                    if text:
                        block.items.append(ListItem(text=text, html=markup, level=depth))
                elif child.tag == _q("text:list"):
                    self.list_items(child, block, depth + 1)

    def table(self, element):
        rows = []
        for row in element.iter(_q("table:table-row")):
            cells = []
            for cell in row:
                if cell.tag != _q("table:table-cell"):
                    continue  # covered cells belong to a merged cell before them
                parts = [self.inline(p) for p in cell.iter(_q("text:p"), _q("text:h"))]
                repeat = min(int(cell.get(_q("table:number-columns-repeated"), "1") or 1), 50)
                content = Cell(
                    text="\n".join(t for t, _m, _b in parts if t),
                    html="<br>".join(m for t, m, _b in parts if t),
                )
                cells.extend([content] * repeat)
            while cells and not cells[-1].text:
                cells.pop()
            rows.append(cells)
        has_header = element.find("table:table-header-rows", NS) is not None
        self.blocks.append(Table(rows=rows, has_header=has_header))

    def inline(self, element) -> tuple[str, str, bool]:
        texts, markup = [], []
        all_bold = [True]

        def walk(node, bold):
            if node.text:
                add(node.text, bold)
            for child in node:
                tag = child.tag
                if tag == _q("text:span"):
                    walk(child, bold or self._is_bold(child.get(_q("text:style-name"))))
                elif tag == _q("text:a"):
                    start = len(markup)
                    walk(child, bold)
                    href = child.get(_q("xlink:href"))
                    if href:
                        inner = "".join(markup[start:])
                        del markup[start:]
                        markup.append(f'<a href="{html.escape(href)}">{inner}</a>')
                elif tag == _q("text:s"):
                    add(" " * int(child.get(_q("text:c"), "1") or 1), bold)
                elif tag == _q("text:tab"):
                    add(" ", bold)
                elif tag == _q("text:line-break"):
                    texts.append("\n")
                    markup.append("<br>")
                elif tag not in (_q("text:note"), _q("draw:frame"), _q("office:annotation")):
                    walk(child, bold)
                if child.tail:
                    add(child.tail, bold)

        def add(text, bold):
            texts.append(text)
            escaped = html.escape(text)
            markup.append(f"<strong>{escaped}</strong>" if bold and text.strip() else escaped)
            if text.strip() and not bold:
                all_bold[0] = False

        walk(element, self._is_bold(element.get(_q("text:style-name"))))
        text = "\n".join(" ".join(line.split()) for line in "".join(texts).split("\n")).strip()
        return text, "".join(markup).strip(), all_bold[0] and bool(text)
