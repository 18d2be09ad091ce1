"""Property-based form testing: find the forms on a page and post arbitrary input to them.

`forms_on_page` reads the forms a page really serves (field names, kinds, choices); the
`form_data` strategy fills them with arbitrary Unicode of any size, wrong choices, missing
fields and junk files. Whatever is posted, the answer must never be a server error.
"""

from dataclasses import dataclass, field

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


def _value(kind: str, choices: list[str]):
    junk_file = st.binary(max_size=2048).map(lambda data: SimpleUploadedFile("fil.pdf", data))
    if kind == "file":
        return junk_file
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
