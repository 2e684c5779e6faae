"""The law as data (``LAW``, pipeline/site/law.py and theme/templates/law.html): Missouri's two
groups of offenses, Washington's one offense and Canada's Criminal Code all render naturally, in
each language, from the same template, rendered in-process (no build)."""

from __future__ import annotations

import re
import runpy
from pathlib import Path

import pytest
from jinja2 import Environment, FileSystemLoader

from pipeline.site.law import LawError, check, in_language, problems
from pipeline.site.plugin import load_strings

ROOT = Path(__file__).resolve().parents[2]
THEME = ROOT / "theme"

MISSOURI = runpy.run_path(str(ROOT / "tests" / "fixtures" / "settings.py"))["LAW"]
CANADA = runpy.run_path(str(ROOT / "examples" / "canada-en-fr" / "pelicanconf.py"))["LAW"]
# Washington: one offense, no groups of classes. Numbers and legal terms exact, words ours.
WASHINGTON = {
    "citation": "RCW 9A.36.080",
    "url": "https://app.leg.wa.gov/RCW/default.aspx?cite=9A.36.080",
    "publisher": {"en": "the Washington State Legislature", "es": "la Legislatura del Estado de Washington"},
    "motives": {
        "en": [
            "race",
            "color",
            "religion",
            "ancestry",
            "national origin",
            "gender",
            "sexual orientation",
            "gender expression or identity",
            "mental, physical, or sensory disability",
        ]
    },
    "intro": {
        "en": "Under {citation}, it is a crime when someone acts because of what they believe "
        "about a person's {motives}:"
    },
    "groups": [
        {
            "sections": [
                {
                    "number": "9A.36.080",
                    "legal": "Hate crime offense",
                    "plain": {
                        "en": "hurting someone, damaging their property, or threatening them so that "
                        "they reasonably fear harm. It is a class C felony."
                    },
                }
            ]
        }
    ],
}


def render(law: dict, lang: str, default: str = "en") -> str:
    env = Environment(loader=FileSystemLoader(str(THEME / "templates")), autoescape=True)
    return env.get_template("law.html").render(
        law=in_language(law, lang, default), T=load_strings(THEME, lang), LANG=lang
    )


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html)).strip()


def test_missouri_renders_its_two_classes_in_english_and_spanish():
    page = render(MISSOURI, "en")
    headings = re.findall(r"<h3>(.*?)</h3>", page)
    assert headings == ["These become a class D felony:", "These become a class E felony:"]
    assert page.count("<li>") == 9
    words = text_of(page)
    assert "Assault in the third degree, section 565.054: for example, knowingly hurting someone." in words
    assert "section 571.030.1(1), (2), (3), (4), (6), (7), (8)" in words
    assert (
        "because of the race, color, religion, national origin, sex, sexual orientation, disability" in words
    )
    assert (
        "The official text, published by the Missouri Revisor of Statutes, governs: read RSMo 557.035."
        in words
    )
    assert 'href="https://revisor.mo.gov/main/OneSection.aspx?section=557.035"' in page
    assert "lang=" not in page  # all in the page's own language
    spanish = render(MISSOURI, "es")
    assert (
        '<strong>Agresión en tercer grado</strong> (<span lang="en">Assault in the third degree</span>)'
        in spanish
    )
    assert "delito grave de clase E (class E felony)" in spanish
    assert "sección 569.140" in spanish and "raza, color, religión" in spanish
    assert 'hreflang="en"' in spanish  # the official text is in English


def test_washington_one_offense_is_a_sentence_not_a_list_of_one():
    page = render(WASHINGTON, "en")
    assert "<h3>" not in page and "<ul" not in page and "<li>" not in page
    words = text_of(page)
    assert "Hate crime offense, section 9A.36.080: hurting someone" in words
    assert "Under RCW 9A.36.080, it is a crime" in words and "ancestry" in words
    assert "published by the Washington State Legislature" in words
    # A language the law gives no words in reads the law's own, marked with their language.
    spanish = render(WASHINGTON, "es")
    assert '<span lang="en">hurting someone' in spanish
    assert "la Legislatura del Estado de Washington" in spanish
    assert "class D" not in page + spanish and "Missouri" not in page + spanish


def test_canada_criminal_code_in_english_and_french():
    page = render(CANADA, "en")
    words = text_of(page)
    for number in ("718.2(a)(i)", "319", "430(4.1)"):
        assert f"section {number}:" in words
    assert "Mischief relating to religious property, educational institutions, etc." in words
    assert "Hate propaganda" in words and "Criminal Code (R.S.C. 1985, c. C-46)" in words
    assert 'href="https://laws-lois.justice.gc.ca/eng/acts/C-46/"' in page
    assert re.findall(r"<h3>(.*?)</h3>", page) == [
        "A heavier sentence for any crime:",
        "Crimes of hate in themselves:",
    ]
    assert '<p class="offense">' in page and page.count("<li>") == 2  # one section alone, two listed
    french = render(CANADA, "fr")
    words = text_of(french)
    assert "Code criminel (L.R.C. 1985, ch. C-46)" in words and "Propagande haineuse" in words
    assert 'href="https://laws-lois.justice.gc.ca/fra/lois/C-46/"' in french
    assert "lang=" not in french  # every word of the law in French
    assert "article 319 : attiser" in words  # French punctuation
    assert (
        "publié par le ministère de la Justice du Canada, fait foi : lire Code criminel (L.R.C. 1985, ch. C-46)."
        in words
    )
    for other in ("Missouri", "felony", "RSMo", "RCW"):
        assert other not in page + french


def test_every_value_is_escaped():
    hostile = {
        **WASHINGTON,
        "citation": "<script>alert(1)</script>",
        "groups": [
            {
                "heading": {"en": "<b>x</b>"},
                "sections": [{**WASHINGTON["groups"][0]["sections"][0], "number": '"><img>'}],
            }
        ],
    }
    page = render(hostile, "en")
    assert "<script>" not in page and "<b>" not in page and '"><img>' not in page
    assert "&lt;script&gt;" in page


def test_a_law_in_the_wrong_shape_is_refused_naming_each_place():
    assert problems(MISSOURI) == [] and problems(CANADA) == [] and problems(WASHINGTON) == []
    old = {"citation": "RSMo 557.035", "url": "https://example.org", "class_d": ["565.054"]}
    found = problems(old)
    assert "LAW has no setting 'class_d'" in found
    assert any("LAW['groups']" in p for p in found) and any("LAW['publisher']" in p for p in found)
    broken = {**WASHINGTON, "url": "revisor", "groups": [{"sections": [{"number": "1", "plain": "words"}]}]}
    with pytest.raises(LawError) as caught:
        check(broken)
    message = str(caught.value)
    assert "LAW['url']" in message
    assert "LAW['groups'][0]['sections'][0]['legal']" in message
    assert "LAW['groups'][0]['sections'][0]['plain'] must be a dict" in message
