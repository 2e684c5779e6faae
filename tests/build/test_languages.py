"""Spanish beside English (and any language after), the application form, participant materials."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from xml.etree import ElementTree

from pipeline.coordinators.intake import FORM_FIELDS
from support import FIXTURE_CONTENT, ROOT, Links, html_pages, parse, run_safeplace, settings_file

STRINGS = ROOT / "theme" / "strings"


def keys(value, prefix=""):
    if isinstance(value, dict):
        return {k for key, v in value.items() for k in keys(v, f"{prefix}{key}.")} | {prefix}
    return {prefix}


def test_every_strings_file_has_every_key_and_placeholder():
    english = json.loads((STRINGS / "en.json").read_text(encoding="utf-8"))
    for path in STRINGS.glob("*.json"):
        other = json.loads(path.read_text(encoding="utf-8"))
        assert keys(other) >= keys(english) - {"categories."}, path.name
        for key, text in english.items():
            if isinstance(text, str):
                for name in ("{n}", "{zip}", "{citation}", "{motives}", "{label}", "{d}"):
                    assert (name in text) == (name in other[key]), (path.name, key, name)


def test_every_page_exists_in_both_languages_with_hreflang_and_a_switcher(built_site):
    pages = html_pages(built_site)
    english = [p for p in pages if not p.startswith("es/")]
    spanish = {p for p in pages if p.startswith("es/")}
    assert spanish == {f"es/{p}" for p in english}
    for en_url in english:
        es_url = f"es/{en_url}"
        en, es = built_site / en_url / "index.html", built_site / es_url / "index.html"
        assert '<html lang="en">' in en.read_text() and '<html lang="es">' in es.read_text()
        for path, _own, other, lang in ((en, en_url, es_url, "es"), (es, es_url, en_url, "en")):
            doc = parse(path)
            alternates = {
                link["hreflang"]: link["href"] for link in doc.links if link.get("rel") == "alternate"
            }
            assert set(alternates) == {"en", "es"}, path
            # the switcher leads to the same page in the other language
            target = (path.parent / alternates[lang]).resolve()
            assert target == (built_site / other).resolve(), (path, alternates)
            text = path.read_text()
            assert f'hreflang="{lang}" lang="{lang}"' in text, path
    spanish_law = (built_site / "es" / "hate-offenses" / "index.html").read_text()
    for number in ("557.035", "565.054", "565.090", "569.100.1(1)", "569.090.1(1)", "574.050"):
        assert number in spanish_law
    assert "inglés" in spanish_law  # the note that the English text governs


def test_a_third_language_is_content_and_a_strings_file(tmp_path):
    """Adding French: copy a strings file and one page; no template or code changes."""
    theme, content = tmp_path / "theme", tmp_path / "content"
    shutil.copytree(ROOT / "theme", theme)
    shutil.copytree(FIXTURE_CONTENT, content)
    french = json.loads((STRINGS / "en.json").read_text(encoding="utf-8"))
    french.update(lang_name="Français", locale="fr_FR", nav_find="Trouver un Safe Place")
    (theme / "strings" / "fr.json").write_text(json.dumps(french), encoding="utf-8")
    about = (content / "pages" / "about.md").read_text(encoding="utf-8")
    (content / "pages" / "about.fr.md").write_text(
        about.replace("Title: How Safe Place works", "Title: Comment fonctionne Safe Place\nLang: fr"),
        encoding="utf-8",
    )
    settings = settings_file(tmp_path, "frconf.py", THEME=str(theme), PATH=str(content))
    out = tmp_path / "out"
    result = run_safeplace("build", "--settings", str(settings), "--output", str(out))
    # The agency chooses its languages: a page in one it has not chosen is named, not guessed.
    assert result.returncode == 1 and "about.fr.md" in result.stderr and "LANGUAGES" in result.stderr
    settings = settings_file(
        tmp_path, "frconf.py", THEME=str(theme), PATH=str(content), LANGUAGES=("en", "es", "fr")
    )
    result = run_safeplace("build", "--settings", str(settings), "--output", str(out))
    assert result.returncode == 0, result.stderr[-3000:]
    page = (out / "fr" / "about" / "index.html").read_text()
    assert '<html lang="fr">' in page and "Comment fonctionne Safe Place" in page
    assert "Trouver un Safe Place" in (out / "fr" / "find" / "index.html").read_text()
    assert 'hreflang="fr"' in (out / "about" / "index.html").read_text()


# --- The application form ---------------------------------------------------------------------


def form_fields(path: Path) -> list[str]:
    doc = Links()
    names: list[str] = []
    doc.handle_starttag = lambda tag, attrs: (
        tag == "input" and dict(attrs).get("name") not in names and names.append(dict(attrs)["name"])
    )
    doc.feed(path.read_text(encoding="utf-8"))
    return names


def test_form_fields_are_what_intake_reads_and_work_without_javascript(built_site):
    for url in ("participate", "es/participate"):
        page = built_site / url / "index.html"
        assert sorted(form_fields(page)) == sorted(FORM_FIELDS), url
        text = page.read_text()
        # no endpoint configured: an e-mail to the coordinator with the answers filled in
        assert 'action="mailto:safeplace@example.org?subject=' in text and 'enctype="text/plain"' in text
        assert text.count(" required") >= 14  # the browser checks answers when JS is off
        assert "novalidate" not in text


# --- Materials --------------------------------------------------------------------------------


def _pdf_pages(pdf: bytes) -> int:
    return pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")


def test_staff_guide_says_what_staff_must_never_do(built_site):
    guide = (built_site / "staff-guide" / "index.html").read_text().lower()
    assert "against their will" in guide and "suspect" in guide and "911" in guide


def test_decal_is_our_own_svg_and_downloadable(built_site):
    decal = built_site / "theme" / "img" / "safe-place-decal.svg"
    root = ElementTree.parse(decal).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg" and root.get("role") == "img"
    text = decal.read_text()
    assert "SAFE PLACE" in text and "href" not in text and "url(" not in text  # self-contained
    for url in ("participate", "es/participate"):
        page = (built_site / url / "index.html").read_text()
        assert 'href="../theme/img/safe-place-decal.svg" download' in page.replace("../../", "../")
