"""A document version as DOCX (python-docx) and as PDF (medborger.pdf).

The DOCX uses Word's own styles so that it reads, prints and imports back cleanly:

- the title in "Title", then the municipality's header block (date, case officer with phone and
  e-mail, journal number) as "label: value" paragraphs;
- each section heading in "Heading 1", headings inside a section in "Heading 2"–"Heading 4";
- paragraphs in "Normal" with bold, italic, underline and links as runs;
- lists in "List Bullet" / "List Number" ("… 2" and "… 3" when nested);
- tables as real Word tables ("Table Grid"), header cells in bold.
"""

import io
from html.parser import HTMLParser

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from docx import Document as WordDocument
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from medborger.pdf import render_pdf
from medborger.text import export_text
from policy.models import DocumentVersion

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def header_lines(document) -> list[tuple[str, str]]:
    """The municipality's header block: (label, value) for each particular that is set."""
    lines = []
    if document.document_date:
        lines.append((_("Date"), formats.date_format(document.document_date, "DATE_FORMAT")))
    if document.case_officer_name:
        lines.append((_("Case officer"), document.case_officer_name))
    if document.case_officer_phone:
        lines.append((_("Phone"), document.case_officer_phone))
    if document.case_officer_email:
        lines.append((_("E-mail"), document.case_officer_email))
    if document.journal_number:
        lines.append((_("Journal number"), document.journal_number))
    return lines


def _add_hyperlink(paragraph, url: str, text: str, bold: bool, italic: bool) -> None:
    """python-docx has no hyperlink API; this writes the w:hyperlink element Word expects."""
    part = paragraph.part
    rel_id = part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel_id)
    run = paragraph.add_run(text)
    run.bold, run.italic = bold or None, italic or None
    run.font.underline = True
    run.font.color.rgb = RGBColor(0x0B, 0x4F, 0x8A)
    link.append(run._r)
    paragraph._p.append(link)


class _DocxWriter(HTMLParser):
    """Walks a sanitised HTML fragment and writes it into a python-docx document."""

    def __init__(self, doc):
        super().__init__(convert_charrefs=True)
        self.doc = doc
        self.paragraph = None
        self.paragraph_style = "Normal"
        self.lists: list[str] = []
        self.bold = self.italic = self.underline = self.strike = 0
        self.href: str | None = None
        self.link_text: list[str] = []
        self.table_rows: list[list[tuple[str, bool]]] | None = None
        self.cell: list[str] | None = None
        self.cell_is_header = False
        self.quote = 0

    # Paragraphs -------------------------------------------------------------------------

    def _start_paragraph(self, style: str) -> None:
        self.paragraph = self.doc.add_paragraph(style=style)

    def _ensure_paragraph(self):
        if self.paragraph is None:
            self._start_paragraph("Quote" if self.quote else "Normal")
        return self.paragraph

    def _list_style(self) -> str:
        base = "List Number" if self.lists[-1] == "ol" else "List Bullet"
        depth = min(len(self.lists), 3)
        return base if depth == 1 else f"{base} {depth}"

    # Parser callbacks -------------------------------------------------------------------

    def handle_starttag(self, tag, attrs):
        if self.table_rows is not None:
            if tag == "tr":
                self.table_rows.append([])
            elif tag in ("td", "th"):
                self.cell, self.cell_is_header = [], tag == "th"
            elif tag == "br" and self.cell is not None:
                self.cell.append("\n")
            return
        if tag == "p":
            self._start_paragraph("Quote" if self.quote else "Normal")
        elif tag in ("h2", "h3", "h4"):
            self._start_paragraph(f"Heading {int(tag[1])}")
        elif tag in ("ul", "ol"):
            self.lists.append(tag)
            self.paragraph = None
        elif tag == "li":
            self._start_paragraph(self._list_style() if self.lists else "List Bullet")
        elif tag == "blockquote":
            self.quote += 1
            self.paragraph = None
        elif tag in ("strong", "b"):
            self.bold += 1
        elif tag in ("em", "i"):
            self.italic += 1
        elif tag == "u":
            self.underline += 1
        elif tag == "s":
            self.strike += 1
        elif tag == "a":
            self.href = dict(attrs).get("href") or None
            self.link_text = []
        elif tag == "br":
            self._ensure_paragraph().add_run().add_break()
        elif tag == "table":
            self.table_rows = []
            self.paragraph = None

    def handle_endtag(self, tag):
        if self.table_rows is not None:
            if tag in ("td", "th") and self.cell is not None:
                self.table_rows[-1].append(("".join(self.cell).strip(), self.cell_is_header))
                self.cell = None
            elif tag == "table":
                self._write_table(self.table_rows)
                self.table_rows = None
            return
        if tag in ("p", "h2", "h3", "h4", "li"):
            self.paragraph = None
        elif tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        elif tag == "blockquote":
            self.quote = max(0, self.quote - 1)
            self.paragraph = None
        elif tag in ("strong", "b"):
            self.bold = max(0, self.bold - 1)
        elif tag in ("em", "i"):
            self.italic = max(0, self.italic - 1)
        elif tag == "u":
            self.underline = max(0, self.underline - 1)
        elif tag == "s":
            self.strike = max(0, self.strike - 1)
        elif tag == "a":
            text = "".join(self.link_text)
            if self.href and text:
                _add_hyperlink(
                    self._ensure_paragraph(), self.href, text, bool(self.bold), bool(self.italic)
                )
            elif text:
                self._run(text)
            self.href = None

    def handle_data(self, data):
        if self.table_rows is not None:
            if self.cell is not None:
                self.cell.append(data)
            return
        if self.href is not None:
            self.link_text.append(data)
            return
        if not data.strip() and self.paragraph is None:
            return
        self._run(data)

    def _run(self, text: str) -> None:
        run = self._ensure_paragraph().add_run(text)
        run.bold = bool(self.bold) or None
        run.italic = bool(self.italic) or None
        run.underline = bool(self.underline) or None
        run.font.strike = bool(self.strike) or None

    def _write_table(self, rows) -> None:
        rows = [row for row in rows if row]
        if not rows:
            return
        width = max(len(row) for row in rows)
        table = self.doc.add_table(rows=len(rows), cols=width)
        table.style = "Table Grid"
        for r, row in enumerate(rows):
            for c, (text, is_header) in enumerate(row):
                cell = table.cell(r, c)
                cell.text = ""
                run = cell.paragraphs[0].add_run(text)
                run.bold = is_header or None


def version_docx(version: DocumentVersion) -> bytes:
    """The version as a Word document (.docx bytes)."""
    document = version.document
    doc = WordDocument()
    doc.core_properties.title = export_text(document.title)
    doc.core_properties.author = export_text(document.case_officer_name) or _("Ishøj Municipality")
    doc.core_properties.revision = version.number
    doc.add_paragraph(_("Ishøj Municipality"), style="Normal").runs[0].bold = True
    doc.add_paragraph(export_text(document.title), style="Title")
    for label, value in header_lines(document):
        paragraph = doc.add_paragraph(style="Normal")
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(export_text(value))
    version_line = doc.add_paragraph(style="Normal")
    version_line.add_run(
        _("Version %(number)s of %(date)s")
        % {
            "number": version.number,
            "date": formats.date_format(timezone.localtime(version.created_at), "DATE_FORMAT"),
        }
        + (f" – {export_text(version.label)}" if version.label else "")
    ).italic = True
    for section in version.sections.all():
        doc.add_heading(export_text(section.heading), level=1)
        writer = _DocxWriter(doc)
        writer.feed(export_text(section.body))
        writer.close()
    output = io.BytesIO()
    doc.save(output)
    return output.getvalue()


def version_pdf(version: DocumentVersion) -> bytes:
    """The version as PDF, from templates/policy/documents/version_pdf.html."""
    return render_pdf(
        "policy/documents/version_pdf.html",
        {
            "document": version.document,
            "version": version,
            "sections": list(version.sections.all()),
            "header_lines": header_lines(version.document),
        },
    )


def export_filename(version: DocumentVersion, extension: str) -> str:
    return f"{version.document.slug}-version-{version.number}.{extension}"
