"""A page per approved place (``/places/<id>/``, ``/es/places/<id>/``) and the site's 404 page.

A place's page is its list card made whole: name, category, address, call and directions, the
week and the next special days, whether it is open now (``place.js``, when JavaScript runs), a
link to it in the find list, ``schema.org`` JSON-LD for search engines and the words that let a
visitor check a decal: whose it is, and whom to tell when it hangs anywhere else. A place that
is not approved has no page: its address answers with ``404.html``, which says plainly that
this is not a current Safe Place and names no place at all.
"""

from __future__ import annotations

import os
import re
from datetime import timedelta
from pathlib import Path
from typing import Any, cast

from markupsafe import Markup, escape

from pipeline.find.exports import json_for_html
from pipeline.find.listing import PlaceView, escape_many, fill, utf8_form, utf8_many
from pipeline.hours.schedule import DAY, WeeklySchedule
from pipeline.register.checks import Participant
from pipeline.settings import setting
from pipeline.site.placefolders import PLACES_SLUG, Folder, page_languages, page_path, places_root
from pipeline.site.sitefiles import lang_prefix

_SCHEMA_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
JSONLD_EXCEPTIONS = 20  # the next special days in the JSON-LD (the page lists them in words)


def absolute_base(settings: dict) -> str:
    """The published site's address, or "" while it has none (or only the preview's)."""
    return (setting(settings, "SITE_ABSOLUTE_URL") or "").rstrip("/")


def absolute_page_url(settings: dict, lang: str | None = None):
    """``participant -> its page's full address`` in ``lang`` (default language), or None when
    the site has no absolute address (a decal or a 211 needs the real one)."""
    base = absolute_base(settings)
    if not base:
        return None
    lang = lang or setting(settings, "DEFAULT_LANG")
    return lambda p: f"{base}/{page_path(p.id, lang, settings)}"


def _clock(minute: int, closing: bool = False) -> str:
    """schema.org ``Time``, ``hh:mm:ss`` (its stated form); a day open to midnight closes at
    23:59:59."""
    if closing and minute >= DAY:
        return "23:59:59"
    return f"{minute // 60:02d}:{minute % 60:02d}:00"


def opening_hours_specification(schedule: WeeklySchedule | None) -> list[dict]:
    """schema.org ``OpeningHoursSpecification``: the regular week (spans past midnight split at
    midnight; a day open to midnight closes at 23:59:59), then the next days that differ, each
    valid for that date only (closed: opens and closes at 00:00:00, the convention search
    engines read as closed all day)."""
    if schedule is None:
        return []
    found = []
    for weekday in range(7):
        for start, end in schedule.week_day(weekday):
            found.append(
                {
                    "@type": "OpeningHoursSpecification",
                    "dayOfWeek": f"https://schema.org/{_SCHEMA_DAYS[weekday]}",
                    "opens": _clock(start),
                    "closes": _clock(end, True),
                }
            )
    for on, spans, _ in schedule.exceptions[:JSONLD_EXCEPTIONS]:
        dated = {
            "@type": "OpeningHoursSpecification",
            "validFrom": on.isoformat(),
            "validThrough": on.isoformat(),
            "dayOfWeek": f"https://schema.org/{_SCHEMA_DAYS[on.weekday()]}",
        }
        for start, end in spans or ((0, 0),):
            found.append({**dated, "opens": _clock(start), "closes": _clock(end, bool(spans))})
    return found


def json_ld(
    p: Participant, settings: dict, url: str | None, country: str, hours: list[dict] | str | None = None
) -> Markup:
    """The place as schema.org ``LocalBusiness`` JSON-LD, escaped for a ``<script>`` block
    (``<`` as ``\\u003c``: no value can close the script). ``hours``: its
    :func:`opening_hours_specification`, when already worked out (once per distinct week), or
    that list already written by :func:`json_for_html` (spliced in as it is)."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "LocalBusiness",
        "name": p.name,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": p.address,
            "addressLocality": p.city,
            "addressRegion": p.state,
            "postalCode": p.zip,
            "addressCountry": country,
        },
        "geo": {
            "@type": "GeoCoordinates",
            "latitude": round(cast(float, p.lat), 6),
            "longitude": round(cast(float, p.lon), 6),
        },
    }
    if url:
        data["url"] = url
    if p.phone_e164:
        data["telephone"] = p.phone_e164
    if hours is None:
        hours = opening_hours_specification(p.hours)
    if isinstance(hours, str):  # written once per week: the key's place is the last
        text = json_for_html(data)
        return Markup(f'{text[:-1]},"openingHoursSpecification":{hours}}}' if hours != "[]" else text)
    if hours:
        data["openingHoursSpecification"] = hours
    return Markup(json_for_html(data))


def json_ld_many(
    participants: list[Participant], settings: dict, country: str, hours: list[str]
) -> list[Markup]:
    """:func:`json_ld` of every place of ``participants`` (``hours[n]``: the place's
    :func:`opening_hours_specification` already written by :func:`json_for_html`), the same
    text, made at once: every text value of every place is encoded by one call of the JSON
    encoder (which is most of the time of a page's JSON-LD when made one by one)."""
    url_of = absolute_page_url(settings)
    width = 7
    values: list[str] = []
    for p in participants:
        values += (p.name, p.address, p.city, p.state, p.zip, url_of(p) if url_of else "", p.phone_e164 or "")
    # In JSON a string's own quotes are escaped, so '","' only ever stands between two strings.
    cells = json_for_html(values)[2:-2].split('","') if values else []
    if len(cells) != len(values):  # cannot happen: one by one, the same text
        return [
            json_ld(p, settings, url_of(p) if url_of else None, country, week)
            for p, week in zip(participants, hours)
        ]
    region = json_for_html(country)
    coordinates = [round(cast(float, c), 6) for p in participants for c in (p.lat, p.lon)]
    numbers = json_for_html(coordinates)[1:-1].split(",")  # a number holds no comma
    texts = []
    for n in range(len(participants)):
        name, street, city, state, postcode, url, phone = cells[n * width : (n + 1) * width]
        lat, lon = numbers[2 * n], numbers[2 * n + 1]
        texts.append(
            Markup(
                '{"@context":"https://schema.org","@type":"LocalBusiness",'
                f'"name":"{name}","address":{{"@type":"PostalAddress","streetAddress":"{street}",'
                f'"addressLocality":"{city}","addressRegion":"{state}","postalCode":"{postcode}",'
                f'"addressCountry":{region}}},"geo":{{"@type":"GeoCoordinates",'
                f'"latitude":{lat},"longitude":{lon}}}'
                + (f',"url":"{url}"' if url else "")
                + (f',"telephone":"{phone}"' if phone else "")
                + (f',"openingHoursSpecification":{hours[n]}' if hours[n] != "[]" else "")
                + "}"
            )
        )
    return texts


def open_now_data(schedule: WeeklySchedule | None, settings: dict, words: dict) -> Markup | None:
    """What ``place.js`` needs to say "Open now" or "Closed": the time zone, the regular week
    (minutes since Monday 00:00), the days that differ and the published window."""
    if schedule is None or schedule.calendar is None:
        return None
    calendar = schedule.calendar
    return Markup(
        json_for_html(
            {
                "tz": setting(settings, "TIMEZONE") or "UTC",
                "from": calendar.start.isoformat(),
                "to": (calendar.end - timedelta(days=1)).isoformat(),
                "week": schedule.compact(),
                "days": {on.isoformat(): [list(s) for s in spans] for on, spans, _ in schedule.exceptions},
                "t": {"open": words["open_now"], "closed": words["closed_now"]},
            }
        )
    )


_MARK = "\x00"  # the register refuses control characters: no value or string holds it
_SLOT = re.compile(f"{_MARK}([a-z_]+[0-9]*){_MARK}")
# The values a place's page shows, as the list escapes them (PLAIN_SLOTS), then those already
# safe markup: the JSON-LD and the open-now data.
PLAIN_SLOTS = (
    "id",
    "name",
    "category",
    "address",
    "phone",
    "tel",
    "website",
    "directions",
    "map_url",
    "decal_address",
)
SLOTS = (*PLAIN_SLOTS, "json_ld", "open_now")


class PageError(Exception):
    """``place.html`` cannot be filled in safely (it must render the same both ways)."""


class PlacePages:
    """Writes every approved place's page in every language.

    As the find list does (:mod:`pipeline.find.listing`), the page is rendered through Jinja
    once per *shape* of place (which values are empty, how many lines its hours take) with
    markers for the values, and every place is written by filling the markers with its own
    values, escaped as Jinja's autoescape does (JSON-LD and the hours data are already safe
    markup). The first place of each shape is also rendered through Jinja and the build stops
    if the two differ, so the fast path never publishes other markup than the template's."""

    def __init__(
        self,
        generator,
        participants: list[Participant],
        find_urls: dict[str, str],
        page_size: int,
        languages: list[str] | None = None,
        empty: dict[str, set[str]] | None = None,
    ):
        self.generator = generator
        self.settings = generator.settings
        self.participants = participants
        self.find_urls = find_urls
        self.page_size = page_size
        self.languages = languages or list(find_urls)  # those with place pages (page_languages)
        self.empty = empty or {}  # {places root: ids whose folder this build just made}

    def write(self, views_in: dict[str, list], words_in: dict[str, dict], rows: range | None = None) -> None:
        """Write the pages of the places in ``rows`` (all by default; ``views_in[lang]``: the
        list's :class:`PlaceView` of each of those places, in register order), readable by all
        as they are made: the build does not go over tens of thousands of them again to set
        their modes (:func:`readable_folders`)."""
        previous = os.umask(0o022)
        try:
            self._write(views_in, words_in, rows if rows is not None else range(len(self.participants)))
        finally:
            os.umask(previous)

    def _write(self, views_in: dict[str, list], words_in: dict[str, dict], rows: range) -> None:
        settings, output = self.settings, Path(self.generator.output_path)
        country = str(setting(settings, "COUNTRY")).upper()
        places = self.participants[rows.start : rows.stop]
        keys = [p.hours.key if p.hours is not None else None for p in places]
        weeks: dict[object, str] = {}  # a register repeats its hours: each written out once
        for p, key in zip(places, keys):
            if key not in weeks:
                weeks[key] = json_for_html(opening_hours_specification(p.hours))
        lds = json_ld_many(places, settings, country, [weeks[key] for key in keys])
        lds_utf8 = utf8_many(lds)
        roots = {lang: places_root(lang, settings) for lang in views_in}
        folders = {
            lang: Folder(output / root, self.empty.get(root.rstrip("/"), frozenset()))
            for lang, root in roots.items()
        }
        try:
            for lang, views in views_in.items():
                filler = _Filler(self._renderer(lang, self.languages))
                plain = self._plain_values(places, views, lang, rows.start)
                # escaped and encoded at once; the pages are put together in UTF-8
                escaped = utf8_many(escape_many([value for row in plain for value in row]))
                hours_data: dict[object, tuple[Markup | None, bytes]] = {}  # a week's, as text and UTF-8
                width = len(PLAIN_SLOTS)
                for n, (p, view, key) in enumerate(zip(places, views, keys)):
                    if key not in hours_data:
                        data = open_now_data(p.hours, settings, words_in[lang])
                        hours_data[key] = (data, (data or "").encode("utf-8"))
                    page = filler.page(
                        plain[n],
                        escaped[n * width : (n + 1) * width],
                        (lds[n], lds_utf8[n]),
                        hours_data[key],
                        view.hours,
                    )
                    folders[lang].write_page(p.id, page)
        finally:
            for folder in folders.values():
                folder.close()

    def _plain_values(self, places: list[Participant], views: list, lang: str, first: int) -> list[tuple]:
        """Each place's values of :data:`PLAIN_SLOTS` in ``lang`` (the link to its card is to
        the list page that shows it: ``first`` is the first place's number in the register)."""
        find_url, size = self.find_urls[lang], self.page_size
        rows = []
        for n, (p, view) in enumerate(zip(places, views), start=first):
            chunk = n // size + 1
            map_url = f"{find_url}{'' if chunk == 1 else f'{chunk}/'}#place-{p.id}"
            rows.append(
                (
                    view.id,
                    view.name,
                    view.category,
                    view.address,
                    view.phone,
                    view.tel,
                    view.website,
                    view.directions,
                    map_url,
                    view.address,  # decal_address
                )
            )
        return rows

    def _renderer(self, lang: str, languages: list[str]):
        """``render(values, lines)``: one place's page in ``lang`` through Jinja."""
        from pelican.utils import get_relative_path

        settings, template = self.settings, self.generator.get_template("place")
        context = dict(self.generator.context)
        siteurl = get_relative_path(f"{page_path('x', lang, settings)}index.html")

        def render(values: dict, lines: tuple) -> str:
            ident = values["id"]
            view = PlaceView(
                ident,
                values["name"],
                values["category"],
                values["address"],
                values["phone"],
                values["tel"],
                lines,
                values["website"],
                values["directions"],
            )
            return template.render(
                context,
                SITEURL=siteurl,
                page_slug=PLACES_SLUG,
                page_lang=lang,
                alternates=[(other, f"{places_root(other, settings)}{ident}/") for other in languages],
                p=view,
                json_ld=values["json_ld"],
                open_now=values["open_now"],
                map_url=values["map_url"],
                find_url=self.find_urls[lang],
                decal_address=values["decal_address"],
            )

        return render


class _Filler:
    """One language's place pages, filled in shape by shape (see :class:`PlacePages`), in UTF-8:
    a page holds a dash or two, and a ``str`` with one character beyond Latin-1 takes ten
    times as long to put together and encode as its pieces already encoded."""

    def __init__(self, render):
        self.render = render
        self.forms: dict[tuple, tuple[tuple[bytes, ...], tuple[int, ...]]] = {}
        self.lines: dict[tuple, tuple[bytes, ...]] = {}  # each distinct week's lines, escaped

    def page(
        self,
        plain: tuple,
        escaped: list[bytes],
        ld: tuple[Markup, bytes],
        hours_data: tuple[Markup | None, bytes],
        lines: tuple,
    ) -> bytes:
        """The page (UTF-8) of a place with the values ``plain`` (:data:`PLAIN_SLOTS`;
        ``escaped``: the same escaped, in UTF-8), its JSON-LD and its open-now data (each as
        text and in UTF-8) and its week's ``lines``."""
        shown = self.lines.get(lines)
        if shown is None:
            shown = self.lines[lines] = tuple(str(escape(line)).encode("utf-8") for line in lines)
        values = (*escaped, ld[1], hours_data[1], *shown)
        shape = (*map(bool, plain), bool(ld[0]), bool(hours_data[0]), len(lines))
        form = self.forms.get(shape)
        if form is None:
            form = self.forms[shape] = self._compile(
                dict(zip(SLOTS, (*plain, ld[0], hours_data[0]))), lines, values
            )
        return fill(form, values)

    def _compile(self, named: dict, lines: tuple, values: tuple) -> tuple[tuple[bytes, ...], tuple[int, ...]]:
        """The fill-in form of a shape, checked against a real Jinja rendering of ``named``
        (``values``: the same values, escaped and encoded)."""
        marked = {k: Markup(f"{_MARK}{k}{_MARK}") if v else v for k, v in named.items()}
        marked_lines = tuple(Markup(f"{_MARK}line{n}{_MARK}") for n in range(len(lines)))
        pieces = _SLOT.split(self.render(marked, marked_lines))
        literals, names = pieces[0::2], pieces[1::2]
        index = {k: i for i, k in enumerate(SLOTS)}
        index.update((f"line{n}", len(SLOTS) + n) for n in range(len(lines)))
        if any(_MARK in literal for literal in literals) or not set(names) <= set(index):
            raise PageError(
                "place.html changes a place's value before showing it (a "
                "filter?): show values as {{ p.field }} only"
            )
        form = utf8_form((tuple(literals), tuple(index[name] for name in names)))
        if fill(form, values) != self.render(named, lines).encode("utf-8"):
            raise PageError(
                f"place.html renders place {named['id']!r} differently when "
                "filled in: show values as {{ p.field }} only"
            )
        return form


def sitemap_entries(participants: list[Participant], settings: dict) -> list[dict]:
    """Every place's page in every language it has (:func:`page_languages`), each naming the
    others as alternates."""
    roots = [(lang, places_root(lang, settings)) for lang in page_languages(len(participants), settings)]
    entries: list[dict] = []
    for p in participants:
        alternates = [(lang, f"{root}{p.id}/") for lang, root in roots]  # page_path's
        entries.extend({"url": url, "alternates": alternates} for _, url in alternates)
    return entries


def with_page_links(views: list, list_url: str, lang: str, settings: dict) -> list:
    """The list's views with each place's page linked relative to the list page ``list_url``
    (``find/2/``), so the site works under any path prefix."""
    up = "../" * list_url.count("/")
    prefix = f"{up}{places_root(lang, settings)}"
    # each view remade around its page: a NamedTuple's _replace costs several times as much,
    # and a big register's lists hold 27,000 views a language
    return [PlaceView._make((*view[:_PAGE], f"{prefix}{view.id}/", *view[_PAGE + 1 :])) for view in views]


_PAGE = PlaceView._fields.index("page")


def write_not_found(generator) -> None:
    """``404.html`` at the site's root, in every language on one page (hosts serve one file for
    every missing address). Its links are root-relative or absolute: it answers at any depth."""
    settings = generator.settings
    template = generator.get_template("404")
    html = template.render(
        generator.context,
        SITEURL=absolute_base(settings),
        output_file="404.html",
        page_slug="not-found",
        page_lang=setting(settings, "DEFAULT_LANG"),
        alternates=[],
        find_urls={lang: f"{lang_prefix(lang, settings)}find/" for lang in setting(settings, "LANGUAGES")},
    )
    (Path(generator.output_path) / "404.html").write_text(html, encoding="utf-8")
