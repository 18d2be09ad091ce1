"""Server-side sanitising of rich text with an allow-list (nh3).

Every rich-text field is passed through `sanitize_html` before it is stored, whatever the browser
sent: no script, style, event handler, `javascript:`/`data:` URL or unknown tag survives.
"""

import html
import re

import nh3

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "s", "sub", "sup",
    "ul", "ol", "li", "a", "blockquote", "table", "caption", "thead", "tbody", "tfoot",
    "tr", "th", "td", "hr", "span",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}


def sanitize_html(value: str | None) -> str:
    if not value:
        return ""
    return nh3.clean(
        value,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    ).strip()


def html_to_text(value: str | None) -> str:
    """The text of an HTML fragment with tags removed (for search, counts and e-mails)."""
    if not value:
        return ""
    spaced = _BLOCK_END.sub(" ", value)
    return " ".join(html.unescape(nh3.clean(spaced, tags=set())).split())


_BLOCK_END = re.compile(r"<(?:br|hr|/p|/h\d|/li|/td|/th|/tr|/blockquote|/caption)\b[^>]*>", re.I)
