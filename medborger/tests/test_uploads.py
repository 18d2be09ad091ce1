import io
import zipfile

import docx
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from medborger.uploads import FileKind, clean_filename, generated_name, validate_upload


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, "PNG")
    return buffer.getvalue()


def jpeg_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, "JPEG")
    return buffer.getvalue()


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("Høringssvar")
    document.save(buffer)
    return buffer.getvalue()


def odt_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("svar.pdf", b"%PDF-1.7\n%...\n%%EOF", FileKind.PDF),
        ("billede.png", png_bytes(), FileKind.PNG),
        ("foto.JPG", jpeg_bytes(), FileKind.JPEG),
        ("svar.docx", docx_bytes(), FileKind.DOCX),
        ("svar.odt", odt_bytes(), FileKind.ODT),
        ("uden-endelse", b"%PDF-1.4 whatever", FileKind.PDF),
    ],
)
def test_the_kind_comes_from_the_content(name, data, kind):
    assert validate_upload(upload(name, data)) == kind


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("program.pdf", b"MZ\x90\x00\x03" + b"\x00" * 100),
        ("billede.docx", png_bytes()[:30] + b"broken"),
        ("korrupt.docx", b"PK\x03\x04" + b"\x00" * 50),
        ("arkiv.docx", b"PK\x05\x06" + b"\x00" * 18),
        ("side.pdf", b"<html><script>alert(1)</script></html>"),
    ],
)
def test_anything_else_is_refused_whatever_its_name(name, data):
    with pytest.raises(ValidationError) as refused:
        validate_upload(upload(name, data))
    assert refused.value.code == "wrong_type"


def test_size_limits():
    with pytest.raises(ValidationError) as empty:
        validate_upload(upload("tom.pdf", b""))
    assert empty.value.code == "empty"
    with pytest.raises(ValidationError) as big:
        validate_upload(upload("stor.pdf", b"%PDF-" + b"0" * 2048), max_bytes=1024)
    assert big.value.code == "too_big"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\Borger\\Høringssvar.pdf", "Høringssvar.pdf"),
        ("navn\x00med\u202enul.pdf", "navnmednul.pdf"),
        ("...", "fil"),
        ("a" * 300 + ".pdf", "a" * 116 + ".pdf"),
    ],
)
def test_original_names_are_cleaned_for_display(raw, clean):
    assert clean_filename(raw) == clean


def test_generated_names_reveal_nothing_of_the_original():
    name = generated_name("hearing-responses", FileKind.DOCX)
    assert name.startswith("hearing-responses/") and name.endswith(".docx")
    assert len(name.split("/")[1]) == len("0" * 32) + len(".docx")
