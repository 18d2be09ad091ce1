"""Uploaded files: type checked by content (never by name), stored under generated names below
MEDIA_ROOT, and handed out only by views that check permissions first."""

import os
import unicodedata
import uuid
import warnings
import zipfile

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, ValidationError
from django.core.files.uploadhandler import FileUploadHandler
from django.db import models
from django.http import FileResponse
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError


class FileKind(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "Word (DOCX)"
    ODT = "odt", "OpenDocument (ODT)"
    XLSX = "xlsx", "Excel (XLSX)"
    PNG = "png", "PNG"
    JPEG = "jpeg", "JPEG"


EXTENSIONS = {
    FileKind.PDF: "pdf",
    FileKind.DOCX: "docx",
    FileKind.ODT: "odt",
    FileKind.XLSX: "xlsx",
    FileKind.PNG: "png",
    FileKind.JPEG: "jpg",
}
CONTENT_TYPES = {
    FileKind.PDF: "application/pdf",
    FileKind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    FileKind.ODT: "application/vnd.oasis.opendocument.text",
    FileKind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    FileKind.PNG: "image/png",
    FileKind.JPEG: "image/jpeg",
}
#: What citizens may attach to a hearing response and staff to minutes or receipts.
DOCUMENTS_AND_IMAGES = frozenset(
    {FileKind.PDF, FileKind.DOCX, FileKind.ODT, FileKind.PNG, FileKind.JPEG}
)


#: Limits that judge an archive from its central directory, before anything is inflated. A
#: Word or OpenDocument file of 10 MB holds a few hundred entries and unpacks to a few times its
#: size; Python's zipfile never inflates an entry beyond the size its directory declares.
ARCHIVE_MAX_ENTRIES = 2000
ARCHIVE_MAX_UNPACKED_BYTES = 100 * 1024 * 1024
#: Deflate reaches about 1:10 on XML; 1:100 for a large entry is a bomb, not a document.
ARCHIVE_MAX_RATIO = 100
ARCHIVE_RATIO_FROM_BYTES = 1024 * 1024
#: Pictures are judged by the dimensions in their header, before a pixel is decoded.
IMAGE_MAX_PIXELS = 40_000_000
IMAGE_MAX_SIDE = 20_000
#: A PDF reader looks for its header within the first kilobyte of a file.
_PDF_WINDOW = 1024
_ZIP_END = b"PK\x05\x06"
_ZIP_END_SIZE = 22

#: What a file's name may say, for each kind (a name without one of these says nothing).
NAME_EXTENSIONS = {
    "pdf": FileKind.PDF,
    "docx": FileKind.DOCX,
    "odt": FileKind.ODT,
    "xlsx": FileKind.XLSX,
    "png": FileKind.PNG,
    "jpg": FileKind.JPEG,
    "jpeg": FileKind.JPEG,
}


class UploadRefused(ValidationError):
    """An upload judged unacceptable by its size or content (a ValidationError with a code).

    Public forms catch it to count a refused upload towards their rate limit.
    """


class ArchiveRefused(Exception):
    """An archive too large, too many entries or too compressed to be a document."""


def _size(file) -> int:
    size = getattr(file, "size", None)
    if size is None:
        position = file.tell()
        file.seek(0, os.SEEK_END)
        size = file.tell()
        file.seek(position)
    return size


def _tail(file, count: int) -> bytes:
    size = _size(file)
    file.seek(max(0, size - count))
    return file.read(count)


def _ends_as_zip(file) -> bool:
    """Whether the file ends with a ZIP end-of-directory record (a ZIP is read from its end)."""
    tail = _tail(file, 64 * 1024 + _ZIP_END_SIZE)
    start = tail.rfind(_ZIP_END)
    while start >= 0:
        comment = int.from_bytes(tail[start + 20 : start + 22], "little")
        if start + _ZIP_END_SIZE + comment == len(tail):
            return True
        start = tail.rfind(_ZIP_END, 0, start)
    return False


def archive_check(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    """Judge an open archive by its central directory only; raise ArchiveRefused if it could
    unpack to more than a document would. Returns its entries."""
    members = archive.infolist()
    if len(members) > ARCHIVE_MAX_ENTRIES:
        raise ArchiveRefused("entries")
    if sum(member.file_size for member in members) > ARCHIVE_MAX_UNPACKED_BYTES:
        raise ArchiveRefused("size")
    for member in members:
        if (
            member.file_size > ARCHIVE_RATIO_FROM_BYTES
            and member.file_size > ARCHIVE_MAX_RATIO * max(member.compress_size, 1)
        ):
            raise ArchiveRefused("ratio")
    return members


def _read_small(archive: zipfile.ZipFile, member: zipfile.ZipInfo, limit: int) -> bytes | None:
    """An entry's content if it declares at most `limit` bytes; never more is inflated."""
    if member.file_size > limit:
        return None
    with archive.open(member) as entry:
        return entry.read(limit + 1)[: limit + 1]


def _zip_kind(file) -> str | None:
    """The kind of a ZIP-based document: the archive must begin at the file's first byte and
    end at its last (no data glued before or after it), and pass `archive_check`."""
    tail = _tail(file, _ZIP_END_SIZE)
    if not tail.startswith(_ZIP_END) or tail[20:22] != b"\x00\x00":
        return None
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            members = archive_check(archive)
            if not members or min(m.header_offset for m in members) != 0:
                return None
            by_name = {member.filename: member for member in members}
            if "mimetype" in by_name:
                mimetype = _read_small(archive, by_name["mimetype"], 100)
                if (mimetype or b"").strip() == b"application/vnd.oasis.opendocument.text":
                    return FileKind.ODT
                return None
            if "[Content_Types].xml" in by_name:
                if "word/document.xml" in by_name:
                    return FileKind.DOCX
                if "xl/workbook.xml" in by_name:
                    return FileKind.XLSX
    except ArchiveRefused:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, KeyError, ValueError, EOFError):
        return None
    except NotImplementedError:  # an unknown compression method
        return None
    return None


class ImageRefused(Exception):
    """A picture whose header declares more pixels than a photograph has."""


def _image_kind(file) -> str | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                width, height = image.size
                if (
                    width > IMAGE_MAX_SIDE
                    or height > IMAGE_MAX_SIDE
                    or width * height > IMAGE_MAX_PIXELS
                ):
                    raise ImageRefused
                image.verify()
                return {"PNG": FileKind.PNG, "JPEG": FileKind.JPEG}.get(image.format)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as bomb:
        raise ImageRefused from bomb
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        return None


def detect_kind(file) -> str | None:
    """The kind of an uploaded file judged by its bytes, or None if it is none we accept.

    A file must be one thing only: a PDF that also ends as a ZIP archive, or an archive or
    picture that a PDF reader would open (a PDF header in its first kilobyte), is none.
    Raises ArchiveRefused or ImageRefused for a file that would cost too much to open.
    """
    file.seek(0)
    head = file.read(_PDF_WINDOW)
    file.seek(0)
    try:
        if head.startswith(b"%PDF-"):
            return None if _ends_as_zip(file) else FileKind.PDF
        if b"%PDF" in head:
            return None
        if head.startswith(b"PK\x03\x04"):
            return _zip_kind(file)
        if head.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")):
            if _ends_as_zip(file):
                return None
            return _image_kind(file)
        return None
    finally:
        file.seek(0)


def _refuse_type(allowed) -> UploadRefused:
    names = ", ".join(FileKind(k).label for k in sorted(allowed))
    return UploadRefused(
        _("The file's content is not one of the allowed types (%(types)s)."),
        code="wrong_type",
        params={"types": names},
    )


def validate_upload(
    file, *, allowed=DOCUMENTS_AND_IMAGES, max_bytes: int = 10 * 1024 * 1024
) -> str:
    """Return the file's kind; raise UploadRefused (a ValidationError) if it is too big, would
    unpack to too much, is not allowed, or is not what its name says."""
    size = _size(file)
    if size == 0:
        raise UploadRefused(_("The file is empty."), code="empty")
    if size > max_bytes:
        raise UploadRefused(
            _("The file is %(size)s MB; at most %(max)s MB is allowed."),
            code="too_big",
            params={"size": f"{size / 1_048_576:.1f}", "max": max_bytes // 1_048_576},
        )
    try:
        kind = detect_kind(file)
    except ArchiveRefused as refused:
        raise UploadRefused(
            _("The document unpacks to more than a document can; it cannot be accepted."),
            code="archive_bomb",
        ) from refused
    except ImageRefused as refused:
        raise UploadRefused(
            _("The picture is larger than %(max)s megapixels; make it smaller and try again."),
            code="image_too_large",
            params={"max": IMAGE_MAX_PIXELS // 1_000_000},
        ) from refused
    if kind not in allowed:
        raise _refuse_type(allowed)
    name = getattr(file, "name", "") or ""
    extension = name.rsplit(".", 1)[-1].casefold() if "." in name else ""
    said = NAME_EXTENSIONS.get(extension)
    if said is not None and said != kind:
        raise UploadRefused(
            _("The file is called .%(extension)s but its content is %(kind)s."),
            code="wrong_type",
            params={"extension": extension, "kind": FileKind(kind).label},
        )
    return kind


def clean_filename(name: str, *, max_length: int = 120) -> str:
    """The original name for display only: no folders, no control characters, limited length."""
    name = unicodedata.normalize("NFC", os.path.basename(name.replace("\\", "/")))
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip(" .")
    if len(name) > max_length:
        stem, ext = os.path.splitext(name)
        name = stem[: max_length - len(ext)] + ext
    return name or "fil"


def generated_name(folder: str, kind: str) -> str:
    """A storage name that reveals nothing and cannot collide: folder/uuid.ext."""
    return f"{folder}/{uuid.uuid4().hex}.{EXTENSIONS[kind]}"


def file_download(field_file, *, kind: str, filename: str) -> FileResponse:
    """Hand a stored file to someone the calling view has already authorised."""
    response = FileResponse(
        field_file.open("rb"),
        as_attachment=True,
        filename=clean_filename(filename),
        content_type=CONTENT_TYPES[kind],
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- Request bodies -------------------------------------------------------------------------


def request_body_limit(max_bytes: int):
    """Mark a view with the largest request body its form can need (its files and text).

    `BodyLimitUploadHandler` reads the mark before a byte of the body is stored.
    """

    def mark(view):
        view.request_body_limit = max_bytes
        return view

    return mark


def body_limit_for(request) -> int:
    match = getattr(request, "resolver_match", None)
    limit = getattr(getattr(match, "func", None), "request_body_limit", None)
    return limit or settings.REQUEST_BODY_MAX_BYTES


class BodyLimitUploadHandler(FileUploadHandler):
    """First of FILE_UPLOAD_HANDLERS: refuses a multipart body larger than the view's limit.

    A declared Content-Length over the limit is refused before the body is read; a body that
    turns out larger than it said (or than the limit) is cut off while it arrives. Both raise
    RequestDataTooBig, which Django answers with 400 without reading the rest.
    """

    def __init__(self, request=None):
        super().__init__(request)
        self.limit = body_limit_for(request) if request is not None else 0
        self.received = 0

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if self.limit and content_length > self.limit:
            raise RequestDataTooBig(f"Request body of {content_length} bytes over {self.limit}")
        return None

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.limit and self.received > self.limit:
            raise RequestDataTooBig(f"Uploaded files over {self.limit} bytes")
        return raw_data

    def file_complete(self, file_size):
        return None
