from django.utils.html import escape

from medborger.html import sanitize_html
from medborger.testing.xss import PAYLOADS, executable_markup

PAGE = '<html><head><script src="/static/js/app.js"></script></head><body>{}</body></html>'


def test_the_corpus_is_large_and_varied():
    assert len(PAYLOADS) >= 100
    assert len(set(PAYLOADS)) == len(PAYLOADS)
    for kind in ("<script", "onerror", "javascript:", "data:", "<svg", "style=", "<iframe"):
        assert any(kind in payload.lower() for payload in PAYLOADS), kind


def test_the_checker_finds_payloads_that_reach_a_page_unescaped():
    flagged = [p for p in PAYLOADS if executable_markup(PAGE.format(p))]
    # Payloads that are harmless as raw text (encoded strings, template syntax) are not flagged.
    assert len(flagged) >= 85


def test_escaped_payloads_leave_a_page_clean():
    for payload in PAYLOADS:
        assert executable_markup(PAGE.format(escape(payload))) == [], payload


def test_the_rich_text_sanitiser_removes_every_payload():
    for payload in PAYLOADS:
        assert executable_markup(PAGE.format(sanitize_html(payload))) == [], payload


def test_a_json_data_block_is_data_but_a_breakout_from_it_is_found():
    data = '<script id="d" type="application/json">{"a": "\\u003Cscript\\u003E"}</script>'
    assert executable_markup(PAGE.format(data)) == []
    breakout = '<script type="application/json">{"a": "</script><script>xss(1)</script>"}'
    assert executable_markup(PAGE.format(breakout)) != []
