import pytest

from medborger.html import html_to_text, sanitize_html


@pytest.mark.parametrize(
    "dirty",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        '<a href="javascript:alert(1)">x</a>',
        '<a href="JaVaScRiPt:alert(1)">x</a>',
        '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
        "<svg><script>alert(1)</script></svg>",
        '<p style="background:url(javascript:alert(1))">x</p>',
        "<iframe src=//evil.example></iframe>",
        '<p onmouseover="alert(1)">x</p>',
    ],
)
def test_it_removes_anything_that_could_run(dirty):
    clean = sanitize_html(dirty).lower()
    for marker in (
        "<script",
        "onerror",
        "onmouseover",
        "javascript:",
        "data:",
        "<iframe",
        "style=",
    ):
        assert marker not in clean


def test_it_keeps_the_formatting_the_editor_offers():
    html = (
        "<h2>Formål</h2><p><strong>Fed</strong> og <em>kursiv</em></p><ul><li>punkt</li></ul>"
        '<ol><li>et</li></ol><p><a href="https://ishoj.dk" title="Ishøj">link</a></p>'
        '<table><thead><tr><th scope="col">Dato</th></tr></thead>'
        '<tbody><tr><td colspan="2">20. nov.</td></tr></tbody></table>'
    )
    clean = sanitize_html(html)
    for kept in ("<h2>", "<strong>", "<em>", "<ul>", "<ol>", '<th scope="col">', 'colspan="2"'):
        assert kept in clean
    assert 'href="https://ishoj.dk"' in clean


def test_it_strips_pasted_word_markup_but_keeps_the_text():
    word = (
        '<p class="MsoNormal" style="mso-margin-top-alt:auto"><o:p></o:p>'
        '<span lang="DA" style="font-size:11pt">Tekst fra Word</span></p><!-- comment -->'
    )
    clean = sanitize_html(word)
    assert "Tekst fra Word" in clean
    assert "mso" not in clean and "<o:p>" not in clean and "comment" not in clean


def test_text_extraction_separates_blocks_and_unescapes():
    assert html_to_text("<p>a &amp; b</p><p>c</p><ul><li>d</li><li>e</li></ul>") == "a & b c d e"
