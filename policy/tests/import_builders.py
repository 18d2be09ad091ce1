"""Test documents in several shapes, built by the tests themselves (no files needed)."""

import io
import zipfile
from pathlib import Path

from docx import Document as new_docx

FIXTURES = Path(__file__).parent / "fixtures"
TEXT_EXPORT = FIXTURES / "terms_plain_text_export.txt"
MARKDOWN_EXPORT = FIXTURES / "terms_markdown_export.md"


def docx_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def header_block(document, *, date="03-09-2024", name="Ruth Kjærsgaard", journal=None):
    """The municipality's header block as the DOCX export writes it: paragraphs at the top."""
    document.add_paragraph(date)
    document.add_paragraph("Sagsbehandler")
    document.add_paragraph(name)
    document.add_paragraph("Telefon: 43 57 70 00")
    document.add_paragraph("Email: rkj@kommune.example")
    document.add_paragraph("Journal eller CPR-nummer:")
    document.add_paragraph(journal or "00.01.00-P22-4-24")


def word_terms() -> bytes:
    """A Word document with a title style, heading styles, bullets, bold and a real table."""
    document = new_docx()
    header_block(document)
    document.add_paragraph("Kommissorium for en ny idrætspolitik", style="Title")
    document.add_heading("Indledning", level=1)
    paragraph = document.add_paragraph("Politikken skal ")
    paragraph.add_run("samle").bold = True
    paragraph.add_run(" klubber og skoler.")
    document.add_paragraph("Første mål: flere aktive børn", style="List Bullet")
    document.add_paragraph("Andet mål: bedre haller", style="List Bullet")
    document.add_heading("Tidsplan", level=1)
    document.add_paragraph("Sådan forløber arbejdet:")
    table = document.add_table(rows=1, cols=3)
    for cell, text in zip(table.rows[0].cells, ["Dato", "Aktivitet", "Bemærkning"], strict=True):
        cell.text = text
    rows = [
        ("10. oktober", "Kommissoriet godkendes i Økonomiudvalget", ""),
        ("uge 45", "Workshop for medarbejdere i idrætshallerne", "To hold"),
        ("1.-15. december", "Dialogmøde med foreningerne", "Aftenmøder"),
        ("Februar", "Høring", "Fire uger"),
        ("", "Behandling i LokalMED", ""),
        ("Marts", "Kultur- og Fritidsudvalget", ""),
        ("April 2025", "Kommunalbestyrelsen vedtager politikken", ""),
    ]
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = text
    document.add_heading("Organisering", level=1)
    document.add_heading("Styregruppe", level=2)
    document.add_paragraph("Styregruppen består af:")
    document.add_paragraph("Karim Nasser (formand), Kultur og Fritid", style="List Bullet")
    document.add_paragraph("Bodil Winther: Skoler og Dagtilbud", style="List Bullet")
    document.add_heading("Arbejdsgruppe", level=2)
    members = document.add_table(rows=1, cols=2)
    members.rows[0].cells[0].text = "Navn"
    members.rows[0].cells[1].text = "Afdeling"
    for name, department in [("Lærke Holt", "Idrætsservice"), ("Jakob Friis", "Ungdomsskolen")]:
        cells = members.add_row().cells
        cells[0].text, cells[1].text = name, department
    document.add_paragraph("Ruth Kjærsgaard er projektkoordinator og skriver politikken.")
    return docx_bytes(document)


MARKDOWN_TERMS = """\
**Dato:** 12.03.2025
**Sagsbehandler:** Ole Brink, tlf. 43 57 11 22
**J.nr.:** 00.17.00-P22-3-25

# Kommissorium: Strategi for grønne fællesarealer

## 1) Baggrund

Byen har mange **grønne arealer**, men de bruges *ujævnt*.

## 2) Formål og målgruppe

- Flere borgere bruger arealerne
- Foreninger får adgang til redskaber

## 3) Tidsplan

| Hvornår | Hvad | Note |
|---|---|---|
| 2. april | Godkendelse af kommissorium i KU | |
| Maj | Borgermøde i Nordparken | Med kaffe |
| uge 25 | Offentlig høring | |
| Ultimo august | Byrådet vedtager strategien | |

## 4) Projektgruppe

Projektgruppen består af:

1. Signe Lund, Park og Vej
2. Arne Bech: Natur og Miljø
3. Hanne Mølgaard – Borgerservice
"""

TEXT_TERMS = """\
Dato: 5. januar 2026
Sagsbehandler: Maja Thorsen
Telefon: 43 57 00 00

Kommissorium for revision af ældrepolitikken

Kapitel 1. Hvorfor en ny politik
Den gældende politik er fra 2016 og skal
opdateres med nye ønsker fra borgerne.

Kapitel 2. Plan
Hvornår\tHvad
Februar\tMedarbejderworkshop i plejecentrene
15.-20. marts\tBorgermøde på biblioteket
April\tBehandles i HovedMED
efterår\tEndelig vedtagelse i byrådet

Kapitel 3. Deltagere
Styregruppen:
Vagn Holm, Sundhed og Omsorg
Kirsten Due, Ældrecentrene
Koordinator: Maja Thorsen
"""


def odt_bytes(body_xml: str) -> bytes:
    """A minimal but valid OpenDocument text with the given office:text content."""
    content = f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document-content
  xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
  xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
  xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
  xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
  xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
  office:version="1.3">
<office:automatic-styles>
  <style:style style:name="T1" style:family="text">
    <style:text-properties fo:font-weight="bold"/>
  </style:style>
  <text:list-style style:name="L1">
    <text:list-level-style-bullet text:level="1" text:bullet-char="•"/>
  </text:list-style>
</office:automatic-styles>
<office:body><office:text>{body_xml}</office:text></office:body>
</office:document-content>"""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", content)
        archive.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
            'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>',
        )
    return buffer.getvalue()


ODT_TERMS = odt_bytes(
    """
<text:p>20.08.2025</text:p>
<text:p>Sagsbehandler: Eva Sand</text:p>
<text:p text:style-name="Title">Kommissorium for Ungeforum 2026-2029</text:p>
<text:h text:outline-level="1">1. Baggrund</text:h>
<text:p>Byrådet besluttede den 3. juni 2025, sag nr. 117, at oprette et
  <text:span text:style-name="T1">ungeforum</text:span>.</text:p>
<text:h text:outline-level="1">2. Sekretariat</text:h>
<text:p>Sekretariatet er forankret i Center for Børn og Unge.</text:p>
<text:list text:style-name="L1">
  <text:list-item><text:p>Møder fire gange om året</text:p></text:list-item>
  <text:list-item><text:p>Eget budget</text:p></text:list-item>
</text:list>
<table:table>
  <table:table-row>
    <table:table-cell><text:p>Dato</text:p></table:table-cell>
    <table:table-cell><text:p>Aktivitet</text:p></table:table-cell>
  </table:table-row>
  <table:table-row>
    <table:table-cell><text:p>Oktober</text:p></table:table-cell>
    <table:table-cell><text:p>Første møde</text:p></table:table-cell>
  </table:table-row>
</table:table>
<text:p>Vedtaget af Byrådet den 2. september 2025.</text:p>
"""
)
