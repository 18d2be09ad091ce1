"""A simple PDF of facts and text, for documents that exist only as data (a response, a
decision): the journal package needs each as a file the case system can file."""

import io
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table


def _clean(text) -> str:
    return "".join(ch for ch in str(text or "") if ch in "\t\n\r" or ord(ch) >= 32)


def facts_pdf(
    *, title: str, facts: list[tuple[str, str]], heading: str = "", text: str = ""
) -> bytes:
    """A title, a table of facts (what the case system files the document by), and the text
    in paragraphs separated by blank lines."""
    styles = getSampleStyleSheet()
    normal = styles["Normal"]

    def _cell(markup):
        return Paragraph(markup, normal)

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=2 * cm, rightMargin=2 * cm, title=_clean(title)
    )
    story = [
        Paragraph(escape(_clean(title)), styles["Title"]),
        Table(
            [
                [
                    Paragraph(f"<b>{escape(_clean(k))}</b>", normal),
                    Paragraph(escape(_clean(v)), normal),
                ]
                for k, v in facts
            ],
            colWidths=[4 * cm, 13 * cm],
        ),
        Spacer(1, 0.5 * cm),
    ]
    if heading:
        story.append(Paragraph(escape(_clean(heading)), styles["Heading2"]))
    for paragraph in _clean(text).split("\n\n"):
        if paragraph.strip():
            story.append(Paragraph(escape(paragraph).replace("\n", "<br/>"), normal))
    document.build(story)
    return buffer.getvalue()


def kle_of(journal_number: str) -> str:
    """The KLE subject number at the head of a journal number like 00.01.00-A30-1-18."""
    head = (journal_number or "").split("-", 1)[0]
    return head if head.count(".") == 2 else ""
