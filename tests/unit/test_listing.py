"""The find list's fast rendering gives exactly the template's markup, for any value."""

from __future__ import annotations

from urllib.parse import quote

import jinja2
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from pipeline.find.listing import ListingError, ListRenderer, PlaceView, page_links
from pipeline.hours.schedule import parse_hours
from pipeline.hours.words import describe
from pipeline.site.build import read_settings
from pipeline.site.plugin import hours_words, load_strings, quote_address
from support import FIXTURE_SETTINGS, ROOT, naughty_strings

SETTINGS = read_settings(FIXTURE_SETTINGS)
NAUGHTY = naughty_strings()
HOURS = ["24/7", "Mo-Fr 08:00-17:00", "Fr,Sa 18:00-02:00", "Mo-Sa 09:00-21:00; Su 11:00-18:00"]


def environment(**templates: str) -> jinja2.Environment:
    """Pelican's Jinja settings; the theme's templates unless ``templates`` replace some."""
    loader = jinja2.ChoiceLoader(
        [jinja2.DictLoader(templates), jinja2.FileSystemLoader(ROOT / "theme" / "templates")]
    )
    return jinja2.Environment(loader=loader, **SETTINGS["JINJA_ENVIRONMENT"])


def views(lang: str) -> list[PlaceView]:
    words = hours_words(lang, load_strings(ROOT / "theme", lang))
    weeks = [tuple(describe(parse_hours(h), words)) for h in HOURS]
    out = []
    for i, text in enumerate(NAUGHTY):
        other = NAUGHTY[-1 - i]
        out.append(
            PlaceView(
                id=f"N-{i}",
                name=text,
                category=other,
                address=f"{i} {other}",
                phone="(816) 555-0100" if i % 3 else "",
                tel="+18165550100" if i % 3 else "",
                hours=weeks[i % len(weeks)],
                website=f"https://example.org/?q={text}" if i % 2 else "",
                directions=f'https://www.openstreetmap.org/directions?to={i}&x="{text}"',
            )
        )
    return out


@pytest.mark.parametrize("lang", ["en", "es"])
def test_filled_in_items_equal_the_template_for_naughty_values(lang):
    template = environment().get_template("find_place.html")
    strings = load_strings(ROOT / "theme", lang)
    renderer = ListRenderer(lambda view: template.render(T=strings, p=view))
    items = views(lang)
    assert len(items) > 100
    for view in items:
        assert renderer.render(view) == template.render(T=strings, p=view), view.name
    assert renderer.kinds < 30  # one form per kind of place, not one per place


@pytest.mark.parametrize(
    "item",
    [
        "<li>{{ p.name|upper }}</li>",
        "<li>{{ p.name[:3] }}</li>",
        "<li title=\"{{ p.name|replace('a', 'b') }}\">x</li>",
    ],
)
def test_a_template_that_changes_values_stops_the_build(item):
    template = environment(item=item).get_template("item")
    renderer = ListRenderer(lambda view: template.render(T={}, p=view))
    with pytest.raises(ListingError):
        renderer.render(views("en")[1])


@pytest.mark.parametrize(
    "current, count, expected",
    [
        (1, 1, [1]),
        (1, 3, [1, 2, 3]),
        (1, 27, [1, 2, None, 27]),
        (4, 27, [1, 2, 3, 4, 5, None, 27]),
        (14, 27, [1, None, 13, 14, 15, None, 27]),
        (27, 27, [1, None, 26, 27]),
    ],
)
def test_list_pages_link_to_ends_and_neighbours(current, count, expected):
    assert page_links(current, count) == expected


def test_many_different_weeks_still_make_few_kinds_of_place():
    """A real register has as many opening hours as places; the forms must not multiply."""
    template = environment().get_template("find_place.html")
    strings = load_strings(ROOT / "theme", "en")
    words = hours_words("en", strings)
    renderer = ListRenderer(lambda view: template.render(T=strings, p=view))
    base = views("en")[0]
    items = []
    for minute in range(300):  # 300 different weeks
        hours = f"Mo-Fr 08:{minute % 60:02d}-{17 + minute // 60}:00; Sa 10:00-12:00"
        items.append(base._replace(id=f"W-{minute}", hours=tuple(describe(parse_hours(hours), words))))
    html = renderer.render_all(items)
    assert html == "\n".join(template.render(T=strings, p=view) for view in items)
    assert renderer.kinds <= 2


def test_escape_many_equals_escaping_each_value_even_with_the_separator_inside():
    from markupsafe import escape

    from pipeline.find.listing import escape_many

    values = ["<b>", "a & b", "\"'", "", "plain"]
    assert escape_many(values) == [escape(v) for v in values]
    assert escape_many(["x\x00<y>", "z"]) == [escape("x\x00<y>"), escape("z")]
    assert escape_many([]) == []


@given(st.text(alphabet=st.characters(max_codepoint=127)) | st.text())
@example("1991 Wornall Rd, Kansas City, MO 64166")
@example("12 Rue de l'Église #3/4 ~ 50% off & more?")
def test_an_address_is_quoted_for_directions_exactly_as_urllib_quotes_it(address):
    assert quote_address(address) == quote(address, safe="!*'()")


def test_utf8_many_and_a_form_filled_in_utf8_are_the_text_encoded():
    from pipeline.find.listing import fill, utf8_form, utf8_many

    values = ["Café – “Ünïcode”", "", "plain", "😀 emoji", "a\x00b"]  # \x00: the separator itself
    assert utf8_many(values) == [v.encode("utf-8") for v in values]
    assert utf8_many(values[:4]) == [v.encode("utf-8") for v in values[:4]]
    assert utf8_many([]) == []
    form = (("<p>", " – ", "</p>"), (1, 0))
    text = fill(form, ("Naïve", "Ça"))
    assert text == "<p>Ça – Naïve</p>"
    assert fill(utf8_form(form), tuple(utf8_many(["Naïve", "Ça"]))) == text.encode("utf-8")
