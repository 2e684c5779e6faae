"""Raw HTML that could take visitors elsewhere or run code is refused in Markdown pages."""

from __future__ import annotations

import shutil
from pathlib import Path

from pipeline.site.pagecheck import REFUSED_TAGS, refused_tags
from support import FIXTURE_CONTENT, run_safeplace, settings_file


def site_with_pages(tmp_path: Path, pages: dict[str, str]) -> Path:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    for name, text in pages.items():
        (content / "pages" / name).write_text(text, encoding="utf-8")
    return settings_file(tmp_path, PATH=str(content))


def test_a_meta_refresh_in_a_page_stops_the_build_naming_the_file(tmp_path):
    settings = site_with_pages(
        tmp_path,
        {
            "moved.md": (
                "Title: Moved\nSlug: moved\n\nWe moved.\n\n"
                '<meta http-equiv="refresh" content="0;url=https://evil.example/">\n'
            )
        },
    )
    out = tmp_path / "out"
    result = run_safeplace("build", "--settings", str(settings), "--output", str(out))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    page = tmp_path / "content" / "pages" / "moved.md"
    assert f"{page}:6: raw HTML <meta> is not allowed in a page" in result.stderr
    assert not out.exists()


def test_every_refused_element_is_named_in_pages_and_translations(tmp_path):
    snippet = "\n\n".join(
        f"<{tag} src=x></{tag}>" if tag not in ("meta", "base", "embed") else f"<{tag} href=x>"
        for tag in REFUSED_TAGS
    )
    settings = site_with_pages(
        tmp_path,
        {
            "embeds.md": f"Title: Embeds\nSlug: embeds\n\nText.\n\n{snippet}\n",
            "about.es.md": (
                (FIXTURE_CONTENT / "pages/about.es.md").read_text(encoding="utf-8")
                + '\n<iframe src="https://evil.example/"></iframe>\n'
            ),
        },
    )
    result = run_safeplace("build", "--settings", str(settings), "--output", str(tmp_path / "out"))
    assert result.returncode == 1
    lines = "\n".join(line.split("/pages/", 1)[-1] for line in result.stderr.splitlines())
    assert "Build stopped: 8 refused HTML element(s) in the pages. Nothing was published." in lines
    for tag in REFUSED_TAGS:
        assert f"embeds.md:{6 + 2 * REFUSED_TAGS.index(tag)}: raw HTML <{tag}> is not allowed" in lines, tag
    assert "about.es.md:44: raw HTML <iframe> is not allowed in a page" in lines


def test_markup_shown_as_code_and_harmless_html_are_fine():
    assert refused_tags("<p>Use <code>&lt;script&gt;</code> like this</p>") == []
    assert refused_tags('<p><a href="/x">x</a> <abbr title="t">T</abbr></p><details>d</details>') == []
    assert refused_tags("<P>x</P><SCRIPT>alert(1)</SCRIPT><Meta charset=x>") == ["script", "meta"]


def test_the_real_pages_hold_none_of_them(built_site):
    assert (built_site / "participate" / "index.html").read_text().count("<form") == 1  # the template's
