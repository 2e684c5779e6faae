"""Pages are checked as a browser parses them (issue 26, item 1): every published page, after
Markdown and the templates, read with an HTML5 parser; what the theme did not put there and
could navigate or run code stops the build, naming the page's file."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from conftest import GOOD_ROW, run_safeplace, settings_file
from pipeline.register.model import COLUMNS
from support import FIXTURE_CONTENT

REFRESH = '<meta http-equiv="refresh" content="0;url=https://evil.example/">'

# The red team's five forms that Python's HTMLParser let through, and more a browser reads the
# same way: each is a real element, handler or javascript: URL in Chromium.
HOSTILE = {
    "svg-style": f"<svg><style>{REFRESH}</style></svg>",
    "empty-comment": f"<!-->{REFRESH} -->",
    "math-style": f"<math><style>{REFRESH}</style></math>",
    "cdata": f"<![CDATA[ >{REFRESH} ]]>",
    "end-tag-attributes": f"<style>x</style x>{REFRESH}",
    "noscript-title": f'<noscript><p title="</noscript>{REFRESH}"></noscript>',
    "event-handler": '<img src="x.png" alt="A map" onerror="location=\'https://evil.example/\'">',
    "javascript-link": "[Click](jav&#x09;ascript:alert(1))",
    "svg-javascript": '<svg><a xlink:href=" javascript:alert(1)"><text>x</text></a></svg>',
    "base": '<base href="https://evil.example/">',
}


def register(path: Path) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerow(GOOD_ROW)
    return path


def site(tmp_path: Path, pages: dict[str, str]) -> tuple[Path, Path]:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    for name, text in pages.items():
        (content / "pages" / name).write_text(text, encoding="utf-8")
    return settings_file(tmp_path, PATH=str(content)), register(tmp_path / "register.csv")


def page(slug: str, body: str) -> str:
    return f"Title: {slug}\nSlug: {slug}\n\nSome words first.\n\n{body}\n"


def test_every_hostile_form_stops_the_build_naming_its_page(tmp_path):
    settings, data = site(tmp_path, {f"{slug}.md": page(slug, body) for slug, body in HOSTILE.items()})
    out = tmp_path / "out"
    result = run_safeplace("build", "--settings", str(settings), "--data", str(data), "--output", str(out))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    for slug in HOSTILE:
        source = tmp_path / "content" / "pages" / f"{slug}.md"
        lines = [line for line in result.stderr.splitlines() if line.startswith(f"{source}")]
        assert lines, (slug, result.stderr)
        assert all("is not allowed in a page" in line for line in lines)
    assert f"{tmp_path}/content/pages/svg-style.md:6: raw HTML <meta>" in result.stderr
    assert f"{tmp_path}/content/pages/event-handler.md:6: an event handler (onerror=)" in result.stderr
    assert f"{tmp_path}/content/pages/javascript-link.md:6: a javascript: URL (href=)" in result.stderr
    assert "Nothing was published." in result.stderr
    assert not out.exists()


def test_a_title_cannot_smuggle_markup_and_harmless_html_builds(tmp_path):
    """The theme escapes metadata; SVG, code samples and the theme's own form and scripts pass."""
    settings, data = site(
        tmp_path,
        {
            "harmless.md": (
                f"Title: Moved </title>{REFRESH}\nSlug: harmless\n"
                f"Summary: <script>alert(1)</script>\n\n"
                'Use `<script>` like this. <svg width="8" height="8"><circle r="4"/>'
                "</svg>\n\n<details><summary>More</summary>Text.</details>\n\n"
                "[A page](https://example.org/onclick=1)\n"
            ),
        },
    )
    out = tmp_path / "out"
    result = run_safeplace("build", "--settings", str(settings), "--data", str(data), "--output", str(out))
    assert result.returncode == 0, result.stderr
    html = (out / "harmless" / "index.html").read_text(encoding="utf-8")
    assert "&lt;/title&gt;&lt;meta" in html
    assert (out / "participate" / "index.html").read_text(encoding="utf-8").count("<form") == 1
