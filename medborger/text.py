"""Text as people mean it: no control characters.

NUL and the other C0 control characters (except tab, line feed and carriage return), DEL and
the non-characters U+FFFE/U+FFFF are never typed on purpose; PostgreSQL refuses NUL, XML (DOCX,
XLSX) refuses the rest, and PDF renderers choke on them. `InputTextMiddleware` removes them
from every query parameter and every posted field once, before any form or view sees them;
the writers of CSV, XLSX, DOCX and PDF call `export_text` on what they write as well, for text
stored before that or arriving by another path.
"""

import re

from django.http import QueryDict

CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def strip_control_characters(text: str) -> str:
    """Text without control characters (tabs and line breaks stay)."""
    return CONTROL_CHARACTERS.sub("", text or "")


def export_text(value):
    """What an export may write: strings without control characters, anything else as is."""
    if isinstance(value, str):
        return CONTROL_CHARACTERS.sub("", value)
    return value


def clean_query_dict(data: QueryDict) -> QueryDict:
    """A copy of a GET or POST QueryDict with control characters removed from keys and values,
    or the same object if there was nothing to remove."""
    if not any(
        CONTROL_CHARACTERS.search(key) or any(CONTROL_CHARACTERS.search(v) for v in values)
        for key, values in data.lists()
    ):
        return data
    cleaned = QueryDict(mutable=True, encoding=data.encoding)
    for key, values in data.lists():
        cleaned.setlist(
            strip_control_characters(key), [strip_control_characters(v) for v in values]
        )
    cleaned._mutable = False
    return cleaned


class InputTextMiddleware:
    """Every form and view reads query parameters and posted fields without control characters.

    One place for the whole site instead of a rule in each form. Runs after the body limit
    (which must see the request unread) and before CSRF (the first to read the body). Uploaded
    files are left alone; they are judged by `medborger.uploads`.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.GET = clean_query_dict(request.GET)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method == "POST" and request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            request.POST = clean_query_dict(request.POST)
        return None
