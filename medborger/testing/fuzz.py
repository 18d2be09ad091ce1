"""Property-based form testing: find the forms on a page and post arbitrary input to them.

`forms_on_page` reads the forms a page really serves (field names, kinds, choices); the
`form_data` strategy fills them with arbitrary Unicode of any size, wrong choices, missing
fields and junk files. Whatever is posted, the answer must never be a server error.
"""

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit

import html5lib
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import strategies as st

#: Text a browser could send: any Unicode except lone surrogates, which cannot be encoded.
ANY_TEXT = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=300)
HUGE_TEXT = st.integers(min_value=10_000, max_value=120_000).map(lambda n: "æ" * n)


@dataclass
class FormSpec:
    action: str
    method: str
    fields: dict[str, str] = field(default_factory=dict)
    choices: dict[str, list[str]] = field(default_factory=dict)
    #: What a browser would send untouched: values, selected options, checked boxes.
    initial: dict[str, list[str]] = field(default_factory=dict)
    #: The `type` of each <input> (text, email, date, ...) and "textarea".
    input_types: dict[str, str] = field(default_factory=dict)
    max_lengths: dict[str, int] = field(default_factory=dict)


def forms_on_page(html: str, page_url: str) -> list[FormSpec]:
    document = html5lib.parse(html, namespaceHTMLElements=False)
    forms = []
    for form in document.iter("form"):
        spec = FormSpec(
            action=form.get("action") or page_url, method=(form.get("method") or "get").lower()
        )
        for element in form.iter():
            name = element.get("name")
            if not name or name == "csrfmiddlewaretoken":
                continue
            if element.get("maxlength", "").isdigit():
                spec.max_lengths[name] = int(element.get("maxlength"))
            if element.tag == "select":
                spec.fields[name] = "select"
                options = [(o.get("value", o.text or ""), o) for o in element.iter("option")]
                spec.choices[name] = [value for value, _option in options]
                selected = [v for v, o in options if o.get("selected") is not None]
                spec.initial[name] = selected or [v for v, _o in options if v][:1]
            elif element.tag == "button" and (element.get("type") or "submit") == "submit":
                spec.fields.setdefault(name, "choice")
                spec.choices.setdefault(name, []).append(element.get("value", ""))
            elif element.tag == "textarea":
                spec.fields[name] = "text"
                spec.input_types[name] = "textarea"
                spec.initial[name] = [element.text or ""]
            elif element.tag == "input":
                kind = (element.get("type") or "text").lower()
                if kind in {"submit", "button", "reset", "image"}:
                    continue
                if kind in {"radio", "checkbox"}:
                    spec.fields.setdefault(name, "choice")
                    spec.choices.setdefault(name, []).append(element.get("value", "on"))
                    if element.get("checked") is not None:
                        spec.initial.setdefault(name, []).append(element.get("value", "on"))
                else:
                    spec.fields[name] = "file" if kind == "file" else "text"
                    spec.input_types[name] = kind
                    if kind != "file":
                        spec.initial[name] = [element.get("value", "")]
        forms.append(spec)
    return forms


# --- Uploads: random bytes, truncated and oversized archives and images ----------------------

UPLOAD_NAMES = ("fil.pdf", "svar.docx", "svar.odt", "ark.xlsx", "kort.png", "foto.jpg", "fil")


def _zip(entries: dict[str, bytes], *, declare: dict[str, int] | None = None) -> bytes:
    """A ZIP archive; `declare` overrides the uncompressed size its directory claims."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
        for info in archive.infolist():
            if declare and info.filename in declare:
                info.file_size = declare[info.filename]
    return buffer.getvalue()


def _docx_like(size: int) -> bytes:
    return _zip(
        {
            "[Content_Types].xml": b"<Types/>",
            "word/document.xml": b"<w:document>" + b"a" * size + b"</w:document>",
        }
    )


def _odt_like(mimetype_size: int) -> bytes:
    return _zip(
        {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"},
        declare={"mimetype": mimetype_size},
    )


def _png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * (width * 3 + 1) if width < 64 else b"\x00"))
        + chunk(b"IEND", b"")
    )


_ARCHIVES = st.one_of(
    st.integers(0, 4096).map(_docx_like),
    st.sampled_from([0, 40, 10**6, 10**9, 2**32 - 1]).map(_odt_like),
    st.integers(1, 3000).map(lambda n: _zip({f"{i}.xml": b"" for i in range(n)})),
)
_IMAGES = st.tuples(st.integers(0, 70_000), st.integers(0, 70_000)).map(lambda wh: _png(*wh))


@st.composite
def _truncated(draw, whole):
    data = draw(whole)
    return data[: draw(st.integers(0, len(data)))]


@st.composite
def _polyglot(draw):
    first, second = draw(_ARCHIVES | _IMAGES), draw(_ARCHIVES | _IMAGES)
    pdf = b"%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF\n"
    return draw(st.sampled_from([pdf + first, first + pdf, first + second]))


#: What an attacker could upload: junk, archives and pictures whole, cut off, or glued together.
UPLOAD_BYTES = st.one_of(
    st.binary(max_size=2048),
    _ARCHIVES,
    _IMAGES,
    _truncated(_ARCHIVES),
    _truncated(_IMAGES),
    _polyglot(),
)
UPLOADS = st.builds(
    lambda name, data: SimpleUploadedFile(name, data),
    st.sampled_from(UPLOAD_NAMES),
    UPLOAD_BYTES,
)


def _value(kind: str, choices: list[str]):
    if kind == "file":
        return st.one_of(UPLOADS, st.lists(UPLOADS, min_size=1, max_size=4))
    if kind in {"select", "choice"}:
        return st.one_of(st.sampled_from(choices or [""]), ANY_TEXT)
    return st.one_of(ANY_TEXT, HUGE_TEXT, st.just(""))


def form_data(spec: FormSpec):
    """A strategy for the POST data of one form: each field present or missing, any value."""
    return st.fixed_dictionaries(
        {},
        optional={
            name: _value(kind, spec.choices.get(name, [])) for name, kind in spec.fields.items()
        },
    )


# --- GET parameters -----------------------------------------------------------------------


def get_parameters_on_page(html: str, page_url: str) -> set[str]:
    """The query parameters a page offers: fields of its GET forms that lead back to it and the
    query keys of its links to itself (filters, search, pages)."""
    path = urlsplit(page_url).path
    document = html5lib.parse(html, namespaceHTMLElements=False)
    names = set()
    for spec in forms_on_page(html, page_url):
        if spec.method == "get" and urlsplit(spec.action).path in ("", path):
            names.update(spec.fields)
    for link in document.iter("a"):
        href = urlsplit(link.get("href") or "")
        if href.query and href.path in ("", path):
            names.update(key for key, _value in parse_qsl(href.query, keep_blank_values=True))
    return names


#: Values a query parameter could carry: any text, NUL and other control characters, huge.
GET_VALUES = st.one_of(
    ANY_TEXT,
    st.text(alphabet=st.characters(max_codepoint=0x1F), max_size=20),
    st.sampled_from(["0", "-1", "99999999999999999999", "2026-02-30", "%00", "' OR 1=1 --"]),
    st.integers(min_value=3000, max_value=20_000).map(lambda n: "9" * n),
)
