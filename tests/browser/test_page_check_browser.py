"""The page check agrees with Chromium (issue 26, item 1): each hostile form really navigates
in Chromium, the check refuses it, a build with it publishes nothing (the site served stays
where it is), and whatever Chromium's own parser finds in generated wrappings, the check finds."""

from __future__ import annotations

import json
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import run_safeplace, settings_file
from pipeline.site.pagecheck import REFUSED_TAGS, findings
from support import FIXTURE_CONTENT

pytestmark = pytest.mark.browser

LANDED = "/landed.html"
REFRESH = f'<meta http-equiv="refresh" content="0;url={LANDED}">'
FORMS = {
    "svg-style": f"<svg><style>{REFRESH}</style></svg>",
    "empty-comment": f"<!-->{REFRESH} -->",
    "math-style": f"<math><style>{REFRESH}</style></math>",
    "cdata": f"<![CDATA[ >{REFRESH} ]]>",
    "end-tag-attributes": f"<style>x</style x>{REFRESH}",
}
DOCUMENT = (
    "<!doctype html><html lang=en><head><meta charset=utf-8><title>t</title></head>"
    "<body><main><p>Words.</p>{}</main></body></html>"
)


@pytest.fixture(scope="module")
def landing(tmp_path_factory, serve):
    root = tmp_path_factory.mktemp("landing")
    (root / "blank.html").write_text(DOCUMENT.format(""), encoding="utf-8")
    (root / "landed.html").write_text(DOCUMENT.format("<p>Landed</p>"), encoding="utf-8")
    return serve(root)


@pytest.mark.parametrize("form", FORMS)
def test_each_form_navigates_in_chromium_and_the_check_refuses_it(form, page, landing):
    html = DOCUMENT.format(FORMS[form])
    page.goto(f"{landing}/blank.html")
    page.set_content(html)
    page.wait_for_url(f"{landing}{LANDED}", timeout=5000)  # the form is real: Chromium left
    assert any(f.what == "raw HTML <meta>" for f in findings(html))


def test_a_site_with_such_a_page_is_not_published_and_never_navigates(tmp_path, page, serve, built_site):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    conf = settings_file(tmp_path, PATH=str(content))
    out = tmp_path / "out"
    shutil.copytree(built_site, out)  # the last good site: the session's build of these pages
    for slug, body in FORMS.items():
        (content / "pages" / f"{slug}.md").write_text(
            f"Title: {slug}\nSlug: {slug}\n\nWords.\n\n{body}\n", encoding="utf-8"
        )
    second = run_safeplace("build", "--settings", str(conf), "--output", str(out))
    assert second.returncode == 1 and "The previous output was left as it was." in second.stderr
    base = serve(out)
    for slug in FORMS:
        assert page.goto(f"{base}/{slug}/").status == 404
    page.goto(f"{base}/about/")
    page.wait_for_timeout(1500)
    assert page.url == f"{base}/about/"


CHROMIUM_FINDS = """(html) => {
  const refused = new Set(REFUSED);
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const found = new Set();
  const code = v => v.replace(/[\\t\\n\\r]/g, '').replace(/^[\\x00-\\x20]+|[\\x00-\\x20]+$/g, '')
                     .toLowerCase().startsWith('javascript:');
  for (const el of doc.querySelectorAll('*')) {
    if (refused.has(el.localName.toLowerCase())) found.add('element:' + el.localName.toLowerCase());
    for (const a of el.attributes) {
      const name = a.localName.toLowerCase().split(':').pop();
      if (name.startsWith('on')) found.add('handler:' + name);
      else if ([a.value, ...a.value.split(';')].some(code)) found.add('url:' + name);
    }
  }
  return [...found].sort();
}""".replace("REFUSED", json.dumps(sorted(REFUSED_TAGS)))

PIECES = [
    "<svg>",
    "</svg>",
    "<math>",
    "</math>",
    "<style>",
    "</style>",
    "</style x>",
    "<!--",
    "-->",
    "<!-->",
    "<![CDATA[",
    "]]>",
    ">",
    "<noscript>",
    "</noscript>",
    "<table>",
    "<td>",
    "</table>",
    "<textarea>",
    "</textarea>",
    "<title>",
    "</title>",
    '<p title="',
    '">',
    "<desc>",
    "<foreignObject>",
    "<mi>",
    "<select>",
    "<xmp>",
    "<template>",
    "</template>",
    "<a href='",
    "'>",
    "<iframe>",
    "</iframe>",
    "x",
    " ",
]
PAYLOADS = [
    '<meta http-equiv="refresh" content="0;url=/x">',
    '<base href="/x/">',
    "<script>1</script>",
    '<img alt=x src=x onerror="1">',
    '<a href="java&#x09;script:1">x</a>',
    '<form action="/x"></form>',
    '<svg><a xlink:href="javascript:1"><text>x</text></a></svg>',
]


def kinds(html: str) -> set[str]:
    out = set()
    for finding in findings(html):
        kind, *rest = finding.key
        if kind == "element":
            out.add(f"element:{rest[0]}")
        elif kind == "handler":
            out.add(f"handler:{rest[1]}")
        else:
            out.add(f"url:{rest[1]}")
    return out


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    before=st.lists(st.sampled_from(PIECES), max_size=6),
    payload=st.sampled_from(PAYLOADS),
    after=st.lists(st.sampled_from(PIECES), max_size=4),
)
def test_whatever_chromium_parses_as_live_the_check_finds(page, before, payload, after):
    html = DOCUMENT.format("".join(before) + payload + "".join(after))
    chromium = set(page.evaluate(CHROMIUM_FINDS, html))  # DOMParser: nothing runs
    assert chromium <= kinds(html), (html, chromium, kinds(html))
