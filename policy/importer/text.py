"""Plain text: Word's "save as text", e-mails, notes. Also decides which text encoding a file has.

Paragraphs are lines (a hard-wrapped line that continues in lower case is joined to the one before);
lines with tabs are table rows; lines that start with a dash or bullet are list items, and several
numbered lines in a row are a numbered list (a single one may be a heading; `interpret` decides).
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .blocks import Cell as TableCell
from .blocks import ListBlock, ListItem, Paragraph, Source, Table

BULLET = re.compile(r"^(?P<indent>[ \t]*)(?:[-*+•·▪◦–]|o(?=\s))[ \t]+(?P<text>\S.*)$")
NUMBERED = re.compile(r"^(?P<indent>[ \t]*)(?P<number>\d{1,2})[.)][ \t]+(?P<text>\S.*)$")
#: Characters that never appear in text people type; many of them mean a binary file.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
#: Bytes that cp1252 leaves undefined: text with them was not written in Windows-1252.
_CP1252_HOLES = frozenset(b"\x81\x8d\x8f\x90\x9d")


def decode_text(data: bytes) -> tuple[str, list[str]]:
    """The text of a file and any warning about its encoding.

    UTF-8 (with or without byte-order mark) and UTF-16 with a byte-order mark are read as they
    are. Anything else that decodes as Windows-1252 (what Danish Windows writes by default) is
    read so, with a warning to check æ, ø and å. Binary content is refused.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise ValidationError(_not_text_message(), code="not_text") from None
        return _checked(text), []
    try:
        return _checked(data.decode("utf-8-sig")), []
    except UnicodeDecodeError:
        pass
    if _CP1252_HOLES.intersection(data):
        raise ValidationError(_not_text_message(), code="not_text")
    text = _checked(data.decode("cp1252"))
    return text, [
        _(
            "The file was not saved as UTF-8. It has been read as Windows-1252 (Western "
            "European); check that æ, ø and å look right below."
        )
    ]


def _not_text_message() -> str:
    return _(
        "The file does not contain readable text. Save it as plain text (UTF-8) or upload the "
        "Word document itself."
    )


def _checked(text: str) -> str:
    if len(_CONTROL.findall(text[:20000])) > 2:
        raise ValidationError(_not_text_message(), code="not_text")
    return text


def read_text(text: str) -> Source:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").split("\n")
    blocks = []
    paragraph: list[str] = []
    items: list[tuple[str, int, str]] = []  # (kind, indent, text) for consecutive list lines
    rows: list[list[str]] = []

    def flush_paragraph():
        if paragraph:
            blocks.append(Paragraph(" ".join(paragraph)))
            paragraph.clear()

    def flush_items():
        if not items:
            return
        kinds = {kind for kind, _indent, _text in items}
        if kinds == {"number"} and len(items) == 1:
            # A lone numbered line is more likely a heading than a list.
            blocks.append(Paragraph(items[0][2]))
        else:
            base = min(indent for _kind, indent, _text in items)
            blocks.append(
                ListBlock(
                    items=[
                        ListItem(text=_strip_number(kind, item), level=min((indent - base) // 2, 3))
                        for kind, indent, item in items
                    ],
                    ordered=items[0][0] == "number",
                    start=_first_number(items[0]) or 1,
                )
            )
        items.clear()

    def flush_rows():
        if rows:
            blocks.append(Table(rows=[[TableCell(cell) for cell in row] for row in rows]))
            rows.clear()

    def flush_all():
        flush_paragraph()
        flush_items()
        flush_rows()

    for raw in lines:
        line = raw.rstrip(" \u00a0")
        if not line.strip():
            flush_all()
            continue
        if "\t" in line.strip(" "):
            flush_paragraph()
            flush_items()
            rows.append([cell.strip() for cell in line.split("\t")])
            continue
        flush_rows()
        bullet, numbered = BULLET.match(line), NUMBERED.match(line)
        if bullet or numbered:
            flush_paragraph()
            match = bullet or numbered
            kind = "bullet" if bullet else "number"
            indent = len(match["indent"].expandtabs(4))
            text = match["text"] if bullet else f"{match['number']}. {match['text']}"
            items.append((kind, indent, text.strip()))
            continue
        stripped = line.strip()
        if items and line[:1] in " \t":
            kind, indent, previous = items[-1]
            items[-1] = (kind, indent, f"{previous} {stripped}")
            continue
        flush_items()
        if paragraph and not paragraph[-1].endswith((".", "!", "?", ":")) and stripped[0].islower():
            paragraph.append(stripped)
            continue
        flush_paragraph()
        paragraph.append(stripped)
    flush_all()
    return Source(blocks=blocks)


def _strip_number(kind: str, text: str) -> str:
    return re.sub(r"^\d{1,2}\.\s+", "", text) if kind == "number" else text


def _first_number(item: tuple[str, int, str]) -> int | None:
    kind, _indent, text = item
    match = re.match(r"^(\d{1,2})\.", text) if kind == "number" else None
    return int(match[1]) if match else None


def looks_like_markdown(text: str) -> bool:
    """A .txt file that is really a Markdown export (headings, bold headings or pipe tables)."""
    return bool(
        re.search(r"^#{1,6}[ \t]+\S", text, re.M)
        or re.search(r"^\*\*[^*\n]+\*\*[ \t]*$", text, re.M)
        or re.search(r"^\|?[ \t]*:?-{3,}:?[ \t]*\|", text, re.M)
    )
