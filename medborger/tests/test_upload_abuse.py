"""Uploads judged before they cost anything: bombs, polyglots and bodies over the limit."""

import io
import struct
import tracemalloc
import zipfile
import zlib

import pytest
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory, override_settings
from django.urls import reverse

from medborger.uploads import BodyLimitUploadHandler, UploadRefused, validate_upload

from .test_uploads import docx_bytes, odt_bytes, png_bytes

MB = 1024 * 1024


def zeros_entry(archive: zipfile.ZipFile, name: str, megabytes: int) -> None:
    """An entry of `megabytes` MB of zeros, written a megabyte at a time (deflate: ~1:1000)."""
    info = zipfile.ZipInfo(name)
    info.compress_type = zipfile.ZIP_DEFLATED
    with archive.open(info, "w", force_zip64=True) as entry:
        for _ in range(megabytes):
            entry.write(bytes(MB))


def odt_with_huge_mimetype(megabytes=60) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        zeros_entry(archive, "mimetype", megabytes)
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def docx_with_extra(name: str, megabytes: int) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(docx_bytes()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for member in source.infolist():
            archive.writestr(member, source.read(member))
        zeros_entry(archive, name, megabytes)
    return buffer.getvalue()


def png_declaring(width: int, height: int) -> bytes:
    """A tiny PNG whose header declares width x height pixels (74 bytes or so)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00"))
        + chunk(b"IEND", b"")
    )


def peak_memory_of(function) -> int:
    tracemalloc.start()
    try:
        function()
    except UploadRefused:
        pass
    finally:
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return peak


def refusal(name: str, data: bytes) -> UploadRefused:
    with pytest.raises(UploadRefused) as refused:
        validate_upload(SimpleUploadedFile(name, data))
    return refused.value


def test_an_odt_whose_mimetype_unpacks_to_60_mb_is_refused_without_inflating_it():
    bomb = odt_with_huge_mimetype(60)
    assert len(bomb) < 200 * 1024
    peak = peak_memory_of(lambda: validate_upload(SimpleUploadedFile("svar.odt", bomb)))
    assert peak < 5 * MB, f"peak {peak / MB:.1f} MB"
    assert refusal("svar.odt", bomb).code == "archive_bomb"


def test_a_docx_that_unpacks_to_more_than_100_mb_is_refused():
    bomb = docx_with_extra("word/media/image1.bin", 120)
    assert len(bomb) < 400 * 1024
    assert refusal("svar.docx", bomb).code == "archive_bomb"


def test_a_docx_with_one_entry_compressed_a_thousand_times_is_refused():
    assert refusal("svar.docx", docx_with_extra("word/media/image1.bin", 5)).code == (
        "archive_bomb"
    )


def test_an_archive_of_thousands_of_entries_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        for number in range(2500):
            archive.writestr(f"word/media/{number}.xml", "")
    assert refusal("svar.docx", buffer.getvalue()).code == "archive_bomb"


def pdf_zip_polyglot() -> bytes:
    """A valid DOCX whose first stored entry puts a PDF header in the file's first kilobyte."""
    source = zipfile.ZipFile(io.BytesIO(docx_bytes()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("a.pdf"), b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"
        )  # stored, not compressed
        for member in source.infolist():
            archive.writestr(member, source.read(member), zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("svar.docx", pdf_zip_polyglot()),
        ("svar.pdf", b"%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF\n" + docx_bytes()),
        ("svar.docx", b"%PDF-1.7\n%%EOF\n" + docx_bytes()),
        ("svar.docx", docx_bytes() + b"%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF\n"),
        ("kort.png", png_bytes() + odt_bytes()),
        ("kort.pdf", png_bytes()),
        ("svar.png", b"%PDF-1.7\n%%EOF\n"),
        ("svar.odt", docx_bytes()),
    ],
    ids=[
        "pdf-in-docx",
        "pdf-then-zip",
        "pdf-header-then-docx",
        "docx-then-pdf",
        "png-then-zip",
        "png-named-pdf",
        "pdf-named-png",
        "docx-named-odt",
    ],
)
def test_a_file_must_be_what_its_name_says_and_nothing_else(name, data):
    assert refusal(name, data).code == "wrong_type"


def test_a_tiny_png_declaring_40000_by_40000_pixels_is_refused_not_a_crash():
    bomb = png_declaring(40_000, 40_000)
    assert len(bomb) < 100
    error = refusal("kort.png", bomb)
    assert error.code == "image_too_large"
    assert "40" in error.messages[0]


def test_a_png_over_the_pixel_limit_below_pillows_own_is_refused_too():
    assert refusal("kort.png", png_declaring(8000, 8000)).code == "image_too_large"


def test_refusals_are_validation_errors_forms_already_show():
    from django.core.exceptions import ValidationError

    assert issubclass(UploadRefused, ValidationError)


# --- Request bodies -----------------------------------------------------------------------


class CountingInput(io.BytesIO):
    def __init__(self, data: bytes):
        super().__init__(data)
        self.bytes_read = 0

    def read(self, size=-1):
        chunk = super().read(size)
        self.bytes_read += len(chunk)
        return chunk

    def readline(self, size=-1):
        line = super().readline(size)
        self.bytes_read += len(line)
        return line


@pytest.mark.django_db
def test_a_hearing_post_declaring_200_mb_is_refused_before_its_body_is_read(client, coordinator):
    from consultation.models import HearingResponse
    from consultation.tests.hearing_helpers import make_hearing

    hearing = make_hearing(user=coordinator)
    body = b'--x\r\nContent-Disposition: form-data; name="text"\r\n\r\nhej\r\n--x--\r\n'
    stream = CountingInput(body)
    response = client.generic(
        "POST",
        reverse("consultation:hearing_detail", args=[hearing.slug]),
        b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(200 * MB),
        **{"wsgi.input": stream},
    )
    # Refused by the middleware from the declared length: the hearing page is never rendered.
    assert response.status_code == 413
    assert b"form_token" not in response.content
    assert "Intet blev gemt" in response.content.decode()
    assert not HearingResponse.objects.exists()


@override_settings(REQUEST_BODY_MAX_BYTES=64 * 1024)
def test_the_upload_handler_refuses_a_declared_length_over_the_limit():
    request = RequestFactory().post(
        "/", {"file": SimpleUploadedFile("svar.pdf", b"%PDF-1.7\n" + bytes(100 * 1024))}
    )
    with pytest.raises(RequestDataTooBig):
        request.FILES  # noqa: B018 - parsing the body is what is tested


@override_settings(REQUEST_BODY_MAX_BYTES=64 * 1024)
def test_the_upload_handler_counts_what_arrives_and_cuts_it_off():
    handler = BodyLimitUploadHandler(RequestFactory().post("/"))
    handler.receive_data_chunk(bytes(60 * 1024), 0)
    with pytest.raises(RequestDataTooBig):
        handler.receive_data_chunk(bytes(8 * 1024), 60 * 1024)


@override_settings(REQUEST_BODY_MAX_BYTES=64 * 1024)
def test_a_small_upload_passes_the_handler():
    request = RequestFactory().post(
        "/", {"file": SimpleUploadedFile("svar.pdf", b"%PDF-1.7\n%%EOF\n")}
    )
    assert request.FILES["file"].read() == b"%PDF-1.7\n%%EOF\n"


# --- Arbitrary uploads ----------------------------------------------------------------------

from hypothesis import HealthCheck, given  # noqa: E402
from hypothesis import settings as hypothesis_settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from medborger.testing.fuzz import UPLOAD_BYTES, UPLOAD_NAMES  # noqa: E402


@hypothesis_settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(UPLOAD_NAMES), data=UPLOAD_BYTES)
def test_any_upload_is_accepted_as_one_kind_or_refused_with_a_reason(name, data):
    try:
        kind = validate_upload(SimpleUploadedFile(name, data))
    except UploadRefused as refused:
        assert refused.code in {"empty", "too_big", "wrong_type", "archive_bomb", "image_too_large"}
    else:
        assert kind in {"pdf", "docx", "odt", "xlsx", "png", "jpeg"}


@hypothesis_settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from(["kommissorium.docx", "kommissorium.odt", "k.md", "k.txt"]),
    data=UPLOAD_BYTES,
)
def test_any_file_given_to_the_terms_importer_is_read_or_refused_with_a_reason(name, data):
    import datetime

    from django.core.exceptions import ValidationError

    from policy.importer import read_terms

    try:
        read_terms(name=name, data=data, today=datetime.date(2026, 1, 1))
    except ValidationError as refused:
        assert refused.messages
