"""Bad files are refused with a clear Danish message; nothing is read from them."""

import datetime
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from docx import Document as new_docx
from PIL import Image

from policy.importer import read_terms

from .import_builders import docx_bytes, word_terms

TODAY = datetime.date(2026, 1, 1)


@pytest.fixture(autouse=True)
def danish():
    with translation.override("da"):
        yield


def refusal(name: str, data: bytes) -> str:
    with pytest.raises(ValidationError) as refused:
        read_terms(name=name, data=data, today=TODAY)
    return " ".join(refused.value.messages)


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def test_an_empty_file():
    assert refusal("tom.docx", b"") == "Filen er tom."
    assert refusal("tom.txt", b"  \n\n") == "Filen er tom."


def test_a_picture_renamed_docx():
    assert refusal("billede.docx", png_bytes()) == (
        "Filen hedder .docx, men indeholder et billede (PNG). Upload selve dokumentet."
    )


def test_a_picture_renamed_txt():
    assert "men indeholder et billede (PNG)" in refusal("billede.txt", png_bytes())


def test_a_30_mb_document():
    assert refusal("stor.docx", b"PK\x03\x04" + b"0" * (30 * 1024 * 1024)) == (
        "Filen fylder 30.0 MB; der kan højst importeres 10 MB."
    )


def test_a_document_without_numbered_headings():
    message = refusal("notat.txt", b"Et notat\n\nBare tekst uden afsnit.\n\nMere tekst.")
    assert message.startswith("Der blev ikke fundet nummererede overskrifter")


def test_a_word_document_without_headings():
    document = new_docx()
    document.add_paragraph("Kun brødtekst her.")
    document.add_paragraph("Og lidt mere.")
    assert "nummererede overskrifter" in refusal("notat.docx", docx_bytes(document))


def test_a_timeline_with_extra_columns():
    text = (
        "1. Tidsplan\n\nDato\tAktivitet\tBemærkning\n20. nov.\tBorgermøde\t\n"
        "25. jan.\tHøring\tFire uger\tEkstra\tOg mere\n"
    )
    assert refusal("plan.txt", text.encode()) == (
        "Række 3 i tidsplanen har 5 kolonner, men tabellen har kun 3. Giv alle rækker de "
        "samme kolonner, og prøv igen."
    )


def test_an_unknown_named_column_is_kept_in_the_remark_with_a_warning():
    text = "1. Tidsplan\n\nDato\tAktivitet\tBudget\n20. nov.\tBorgermøde\t5.000 kr.\n"
    terms = read_terms(name="plan.txt", data=text.encode(), today=TODAY)
    assert terms.milestones[0].remark == "Budget: 5.000 kr."
    assert any("»Budget«" in warning for warning in terms.warnings)


def test_a_corrupt_zip():
    data = word_terms()
    damaged = data[:200] + b"\x00" * 400 + data[600:]
    assert refusal("ødelagt.docx", damaged).startswith("Filen er beskadiget")
    assert refusal("halv.docx", data[: len(data) // 2]).startswith("Filen er beskadiget")


def test_a_zip_that_is_not_a_word_document():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("noget.txt", "hej")
    assert refusal("arkiv.docx", buffer.getvalue()).startswith("Filen er ikke et Word-dokument")


def test_a_file_type_that_is_not_offered():
    assert refusal("plan.pdf", b"%PDF-1.4").startswith("Filer af denne type kan ikke importeres")


def test_binary_content_named_txt():
    assert refusal("data.txt", bytes(range(256)) * 4).startswith(
        "Filen indeholder ikke læsbar tekst"
    )


def test_windows_1252_text_is_read_with_a_clear_warning():
    text = "1. Baggrund\n\nBørn og ældre i Ishøj mødes på tværs.\n"
    terms = read_terms(name="cp1252.txt", data=text.encode("cp1252"), today=TODAY)
    assert terms.sections[0].body == "<p>Børn og ældre i Ishøj mødes på tværs.</p>"
    assert terms.warnings[0].startswith(
        "Filen var ikke gemt som UTF-8. Den er læst som Windows-1252"
    )


def test_an_odt_whose_mimetype_unpacks_to_60_mb_is_refused_without_inflating_it():
    import tracemalloc

    from medborger.tests.test_upload_abuse import odt_with_huge_mimetype

    bomb = odt_with_huge_mimetype(60)
    tracemalloc.start()
    try:
        message = refusal("kommissorium.odt", bomb)
    finally:
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert peak < 5 * 1024 * 1024, f"peak {peak / 1_048_576:.1f} MB"
    assert "udpakket" in message


def test_a_docx_with_a_pdf_inside_its_first_kilobyte_is_refused():
    from medborger.tests.test_upload_abuse import pdf_zip_polyglot

    assert refusal("kommissorium.docx", pdf_zip_polyglot())
