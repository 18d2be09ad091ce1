"""Uploaded files: type checked by content (never by name), stored under generated names below
MEDIA_ROOT, and handed out only by views that check permissions first."""

import os
import unicodedata
import uuid
import zipfile

from django.core.exceptions import ValidationError
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


def _zip_kind(file) -> str | None:
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                mimetype = archive.read("mimetype").strip()
                if mimetype == b"application/vnd.oasis.opendocument.text":
                    return FileKind.ODT
                return None
            if "[Content_Types].xml" in names:
                if "word/document.xml" in names:
                    return FileKind.DOCX
                if "xl/workbook.xml" in names:
                    return FileKind.XLSX
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, EOFError):
        return None
    return None


def _image_kind(file) -> str | None:
    try:
        with Image.open(file) as image:
            image.verify()
            return {"PNG": FileKind.PNG, "JPEG": FileKind.JPEG}.get(image.format)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return None


def detect_kind(file) -> str | None:
    """The kind of an uploaded file judged by its bytes, or None if it is none we accept."""
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    try:
        if head.startswith(b"%PDF-"):
            return FileKind.PDF
        if head.startswith(b"PK\x03\x04"):
            return _zip_kind(file)
        if head.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")):
            return _image_kind(file)
        return None
    finally:
        file.seek(0)


def validate_upload(file, *, allowed=DOCUMENTS_AND_IMAGES, max_bytes: int = 10 * 1024 * 1024):
    """Return the file's kind; raise a ValidationError in Danish if it is too big or not allowed."""
    if file.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if file.size > max_bytes:
        raise ValidationError(
            _("The file is %(size)s MB; at most %(max)s MB is allowed."),
            code="too_big",
            params={"size": f"{file.size / 1_048_576:.1f}", "max": max_bytes // 1_048_576},
        )
    kind = detect_kind(file)
    if kind not in allowed:
        names = ", ".join(FileKind(k).label for k in sorted(allowed))
        raise ValidationError(
            _("The file's content is not one of the allowed types (%(types)s)."),
            code="wrong_type",
            params={"types": names},
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
