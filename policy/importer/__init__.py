"""Reading terms of reference from Word, OpenDocument, Markdown or plain text.

`read_terms(name=..., data=..., today=...)` returns an `ImportedTerms` (what was found, with
warnings) or raises a `ValidationError` whose message, in the active language, tells the user what
is wrong with the file. Nothing here touches the database; `policy.services.imports` does.
"""

import datetime
import io
import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from medborger.uploads import (
    ARCHIVE_MAX_UNPACKED_BYTES,
    ArchiveRefused,
    FileKind,
    ImageRefused,
    archive_check,
    detect_kind,
)

from .blocks import Source
from .interpret import interpret
from .markdown import read_markdown
from .opendocument import read_odt
from .result import (
    ImportedForum,
    ImportedGroup,
    ImportedMember,
    ImportedMilestone,
    ImportedSection,
    ImportedTerms,
)
from .text import decode_text, looks_like_markdown, read_text
from .word import read_docx

__all__ = [
    "ACCEPTED_EXTENSIONS",
    "MAX_BYTES",
    "ImportedForum",
    "ImportedGroup",
    "ImportedMember",
    "ImportedMilestone",
    "ImportedSection",
    "ImportedTerms",
    "read_terms",
]

MAX_BYTES = 10 * 1024 * 1024
#: A Word file unpacks to many times its size; more than this is not a document but a bomb
#: (the same limits as every upload: `medborger.uploads.archive_check`).
MAX_UNPACKED_BYTES = ARCHIVE_MAX_UNPACKED_BYTES
ACCEPTED_EXTENSIONS = (".docx", ".odt", ".md", ".markdown", ".txt")


def read_terms(*, name: str, data: bytes, today: datetime.date) -> ImportedTerms:
    extension = "." + name.rsplit(".", 1)[-1].casefold() if "." in name else ""
    if extension not in ACCEPTED_EXTENSIONS:
        raise ValidationError(
            _(
                "Files of this type cannot be imported. Upload a Word document (.docx), an "
                "OpenDocument text (.odt), a Markdown file (.md) or a text file (.txt)."
            ),
            code="extension",
        )
    if not data.strip():
        raise ValidationError(_("The file is empty."), code="empty")
    if len(data) > MAX_BYTES:
        raise ValidationError(
            _("The file is %(size)s MB; at most %(max)s MB can be imported."),
            code="too_big",
            params={"size": f"{len(data) / 1_048_576:.1f}", "max": MAX_BYTES // 1_048_576},
        )
    source, kind = _read(extension, data)
    if not source.blocks:
        raise ValidationError(_("The file contains no text."), code="empty")
    terms = interpret(source, filename=name, file_kind=kind, today=today)
    return terms


def _read(extension: str, data: bytes) -> tuple[Source, str]:
    try:
        kind = detect_kind(io.BytesIO(data))
    except (ArchiveRefused, ImageRefused) as refused:
        raise ValidationError(_unpacks_too_much(), code="too_big") from refused
    if extension in (".docx", ".odt"):
        expected = FileKind.DOCX if extension == ".docx" else FileKind.ODT
        if kind != expected:
            raise ValidationError(_wrong_content(extension, kind, data), code="wrong_type")
        _check_archive(data)
        reader = read_docx if kind == FileKind.DOCX else read_odt
        try:
            return reader(data), kind
        except Exception as broken:
            # python-docx and lxml raise many kinds of error (AttributeError, XMLSyntaxError,
            # KeyError, ...) for a package whose parts are broken; each means a damaged file.
            raise ValidationError(_damaged(), code="damaged") from broken
    if kind is not None or data.startswith(b"PK\x03\x04"):
        raise ValidationError(_wrong_content(extension, kind, data), code="wrong_type")
    text, warnings = decode_text(data)
    markdown = extension in (".md", ".markdown") or looks_like_markdown(text)
    source = read_markdown(text) if markdown else read_text(text)
    source.warnings = warnings + source.warnings
    return source, "markdown" if markdown else "text"


def _wrong_content(extension: str, kind: str | None, data: bytes) -> str:
    if kind is None and data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                archive.namelist()
        except (zipfile.BadZipFile, OSError, EOFError, ValueError):
            return _damaged()
    found = {
        FileKind.PDF: _("a PDF file"),
        FileKind.PNG: _("a picture (PNG)"),
        FileKind.JPEG: _("a picture (JPEG)"),
        FileKind.XLSX: _("a spreadsheet (Excel)"),
    }.get(kind)
    if found:
        return (
            _("The file is called %(extension)s but contains %(found)s.")
            % {
                "extension": extension,
                "found": found,
            }
            + " "
            + _("Upload the document itself.")
        )
    if extension == ".docx":
        return _(
            "The file is not a Word document (.docx). Open it in Word and save it as a Word "
            "document, or upload it as text."
        )
    if extension == ".odt":
        return _("The file is not an OpenDocument text (.odt).")
    return _("The file is called %(extension)s but is not a text file.") % {"extension": extension}


def _damaged() -> str:
    return _(
        "The file is damaged and cannot be opened (the zip archive inside is broken). Save the "
        "document again and upload the new copy."
    )


def _unpacks_too_much() -> str:
    return _("The document unpacks to more than %(max)s MB and cannot be imported.") % {
        "max": MAX_UNPACKED_BYTES // 1_048_576
    }


def _check_archive(data: bytes) -> None:
    """The upload checks' verdict from the archive's directory; nothing is inflated here, and
    the readers never inflate an entry beyond the size the directory declares."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            archive_check(archive)
    except ArchiveRefused as refused:
        raise ValidationError(_unpacks_too_much(), code="too_big") from refused
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as broken:
        raise ValidationError(_damaged(), code="damaged") from broken
