"""Pelican plugin: the find page, its map and the public data files.

Registered in ``pelicanconf.py`` (``PLUGINS = ["pipeline.site.plugin"]``). It adds one generator that

1. loads and validates the register (:mod:`pipeline.register.checks`); invalid data raises
   :class:`~pipeline.register.problems.RegisterError`, which stops the build (never a half-built site);
2. writes ``/find/`` in every language (server-rendered list + Folium map), ``find/map.js``,
   ``<lang>/find/places.json`` (and, above ``FIND_SPLIT_ABOVE`` places, ``<lang>/find/index.json``
   and the cells of :mod:`pipeline.find.cells`), the exports ``data/participants.geojson`` and
   ``data/participants.csv``, the self-hosted Leaflet files, and the site-wide files of
   :mod:`pipeline.site.sitefiles` (sitemap, robots.txt, ``_headers``).

On a machine with more than one core these parts run side by side (:mod:`pipeline.site.parallel`):
the map and the ZIP centres while the register loads, then the data files beside the list
pages. The output is the same bytes as one after another.

It also loads the interface strings (``theme/strings/<lang>.json``, one file per language) into
every template's context as ``STRINGS``, and builds the menus per language.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import NamedTuple
from urllib.parse import quote
from zoneinfo import ZoneInfo

from markupsafe import Markup
from pelican import signals
from pelican.generators import Generator

from pipeline.coordinators.published import published_rows
from pipeline.find import cells as findcells
from pipeline.find import exports, hsds
from pipeline.find.listing import ListRenderer, PlaceView, page_links
from pipeline.hours import calendar as hours_calendar
from pipeline.hours.calendar import holiday_names
from pipeline.hours.schedule import SOON
from pipeline.hours.words import describe, long_date, words_for
from pipeline.profile import (
    address_format,
    address_writer,
    non_emergency_forms,
    phone_country_code,
    region_code,
)
from pipeline.register.checks import load_register
from pipeline.register.geography import Boundary, outside_zip_centres
from pipeline.register.model import Participant
from pipeline.register.rules import jurisdiction_postcodes, rules_from_settings
from pipeline.settings import fill_defaults, setting
from pipeline.site import (
    decal_art,
    law,
    linkcheck,
    minify,
    modules,
    offline,
    pagecheck,
    pagelimits,
    parallel,
    partials,
    pathclaims,
    placefolders,
    sitefiles,
    wording,
    zippages,
)
from pipeline.site import places as place_pages
from pipeline.site import spare as spare_pages

log = logging.getLogger(__name__)

FIND_SLUG = "find"
OUTSIDE_ZIPS = "zips.json"  # where ZIP codes outside the jurisdiction are (fetched only for one)


def advise(message: str) -> None:
    """A warning for the coordinator that must not stop the build: Pelican's own warnings do
    (pipeline.site.build), and a site whose hours run out soon is exactly the one to publish again."""
    print(f"warning: {message}", file=sys.stderr)


def load_strings(theme: str | Path, lang: str, settings: dict | None = None) -> dict:
    """Interface strings for ``lang``: the theme's (English fills any gap), then the agency's
    strings files and SAFEPLACE_STRINGS over them, with the agency's placeholders filled in
    (:mod:`pipeline.site.wording`) when ``settings`` are given."""
    folder = Path(theme) / "strings"
    strings = json.loads((folder / "en.json").read_text(encoding="utf-8"))
    localized = folder / f"{lang}.json"
    if lang != "en" and localized.exists():
        strings.update(json.loads(localized.read_text(encoding="utf-8")))
    if settings is None:
        return strings
    return wording.agency_strings(strings, lang, settings)


def hours_words(lang: str, strings: dict) -> dict:
    """Hours words: this theme's ``"hours"`` entry over the project's own (:mod:`pipeline.hours.words`)."""
    return {**words_for(lang), **strings.get("hours", {})}


def _once_each(describe_schedule):
    """``describe_schedule`` computed once per schedule (``places.json`` and ``words.json``
    both put every schedule into words)."""
    done: dict[int, list[str]] = {}

    def described(schedule):
        if id(schedule) not in done:
            done[id(schedule)] = describe_schedule(schedule)
        return done[id(schedule)]

    return described


_ADDRESS_SAFE = "!*'()"
# What ``quote(text, safe=_ADDRESS_SAFE)`` makes of each ASCII character it changes.
_ASCII_QUOTED = {
    c: f"%{c:02X}" for c in range(128) if not (chr(c).isalnum() or chr(c) in "_.-~" + _ADDRESS_SAFE)
}


def quote_address(address: str) -> str:
    """An address for a directions link: ``urllib.parse.quote(address, safe="!*'()")``, by one
    ``str.translate`` when it is ASCII (tens of thousands of places: Python's quote goes byte by
    byte)."""
    if address.isascii():
        return address.translate(_ASCII_QUOTED)
    return quote(address, safe=_ADDRESS_SAFE)


# A language's place pages are written in parts of at most this many places (a big register's
# in several, about half a second each): the last parts the build's processes take, so that
# they finish together (parallel.side_by_side).
PLACE_PAGES_PER_PART = 4000


class PlaceViews:
    """The list items of every participant (:class:`PlaceView`), language by language.

    What every language shows alike (names, addresses, links) is worked out once; a language
    adds its names of the categories and each distinct week in words (few: a big register
    repeats its opening hours)."""

    def __init__(self, participants: list[Participant], settings: dict):
        directions = setting(settings, "DIRECTIONS_URL")
        write = address_writer(settings)
        addresses = [write(p.address, p.city, p.state, p.zip) for p in participants]
        self._shared = [
            (
                p.id,
                p.name,
                p.category,
                address,
                p.phone,
                p.phone_e164,
                p.hours,
                p.website,
                directions.format(lat=p.lat, lon=p.lon, address=quote_address(address)),
            )
            for p, address in zip(participants, addresses)
        ]

    def in_language(self, strings: dict, words: dict) -> list[PlaceView]:
        labels = strings.get("categories", {})
        weeks: dict[tuple | None, tuple[str, ...]] = {}
        views = []
        for ident, name, category, address, phone, tel, hours, website, directions in self._shared:
            key = hours.key if hours is not None else None
            week = weeks.get(key)
            if week is None:
                week = weeks[key] = tuple(describe(hours, words))
            views.append(
                PlaceView(
                    ident,
                    name,
                    labels.get(category, category),
                    address,
                    phone,
                    tel,
                    week,
                    website,
                    directions,
                )
            )
        return views


class MapScript(NamedTuple):
    """Folium's map script (``find/map.js``) and the Leaflet files it needs."""

    map_id: str
    script: str
    js: tuple[str, ...]
    css: tuple[str, ...]


class Prepared(NamedTuple):
    """What the find page needs that does not depend on the register: the map with clusters
    and without (which one depends on the register's size: ``MAP_CLUSTER_ABOVE``)."""

    clustered: MapScript
    plain: MapScript
    zips: dict[str, tuple[float, float]]
    outside_zips: dict  # where other ZIP codes are (geography.outside_zip_centres)

    def map_for(self, count: int, settings: dict) -> MapScript:
        """The map for ``count`` places: a small register's has no cluster code to download."""
        return self.clustered if count > int(setting(settings, "MAP_CLUSTER_ABOVE")) else self.plain


def prepared_from(maps: tuple[MapScript, MapScript], zips: tuple[dict, dict]) -> Prepared:
    """:class:`Prepared` from :func:`prepare_maps` and :func:`prepare_zips`."""
    return Prepared(maps[0], maps[1], *zips)


def prepare_maps(settings: dict, output: Path) -> tuple[MapScript, MapScript]:
    """The map scripts, with clusters and without (and the Leaflet files they load, copied
    into ``output``)."""
    from pipeline.find import map as mapping  # Folium takes a quarter of a second to import: only here

    mapping.copy_vendor_assets(output / setting(settings, "THEME_STATIC_DIR") / mapping.VENDOR_DIR)
    scripts = []
    for cluster in (True, False):
        site_map = mapping.build_map(
            center=tuple(setting(settings, "MAP_CENTER")),
            zoom=int(setting(settings, "MAP_ZOOM")),
            tiles=setting(settings, "MAP_TILES"),
            cluster=cluster,
        )
        map_id, map_script, assets = mapping.render_map(site_map)
        scripts.append(MapScript(map_id, map_script, tuple(assets.js), tuple(assets.css)))
    return scripts[0], scripts[1]


def prepare_zips(settings: dict, boundary: Boundary) -> tuple[dict, dict]:
    """The jurisdiction's ZIP centres and where any other US ZIP code is (a visitor's from
    across a state line; none elsewhere): what the register's check waits for, so a part of
    its own, not behind the map's (Folium's import alone takes longer)."""
    centre = tuple(setting(settings, "MAP_CENTER"))
    if len(centre) != 2:  # as the map (Folium) says it: the first part to read it may be this one
        raise ValueError(f"Expected two (lat, lon) values for MAP_CENTER, instead got: {centre!r}")
    zips = jurisdiction_postcodes(settings, boundary)
    outside = (
        outside_zip_centres(zips, centre)
        if setting(settings, "POSTCODE_CENTRES") == "zipcodes"
        else {"near": {}, "prefix": {}}
    )
    return zips, outside


def _write_files(output: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = output / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")


def postcode_input(settings: dict) -> dict[str, str]:
    """The find page's postal code box: a numeric keypad and the pattern where codes are all
    digits (the US); elsewhere a text box the page's script normalises ("k1p1j1" -> "K1P 1J1")."""
    example = str(setting(settings, "POSTCODE_EXAMPLE"))
    if example.isdigit() and not setting(settings, "POSTCODE_SPACE_AFTER"):
        return {"inputmode": "numeric", "pattern": str(setting(settings, "POSTCODE_PATTERN"))}
    return {"inputmode": "text", "pattern": ""}


def _render_item(template, context: dict, strings: dict, view: PlaceView) -> str:
    """One list item through Jinja (the list renderer's check and its first of each kind)."""
    return template.render(context, T=strings, p=view)


class FindPageGenerator(Generator):
    """Generates /find/ (one per language), the data files and the site-wide files."""

    def generate_context(self):
        settings = self.settings
        boundary = Boundary.load(setting(settings, "SAFEPLACE_BOUNDARY"))
        # Every rule is evaluated for the days the site publishes, holidays included.
        self.calendar = hours_calendar.calendar_for(settings)
        settings["SAFEPLACE_HOURS_FROM"] = self.calendar.start  # the saved copy's date, at the end
        # What needs no checked register is prepared side by side with checking it: the postal
        # codes first (the check waits for them), the map (not needed before the find page),
        # and (without a spare to write into) the place pages' folders, whose making the build
        # started before Pelican did (pipeline.site.build).
        self.zips = parallel.start(lambda: prepare_zips(settings, boundary))
        self.maps = parallel.start(lambda: prepare_maps(settings, Path(self.output_path)))
        data = setting(settings, "SAFEPLACE_DATA")
        self.folders = settings.pop("SAFEPLACE_PLACE_FOLDERS", None)  # pending, or None
        try:
            register = load_register(
                data,
                **rules_from_settings(
                    settings,
                    boundary,
                    zip_codes=lambda: self.zips.result()[0],  # worked out meanwhile
                    calendar=self.calendar,
                ),
                # a "?" where the published register (git) has a letter: a save that lost it
                published=partial(published_rows, Path(data)),
            )
            # Warnings never stop the build (Pelican's own would: pipeline.site.build), so they
            # travel in the settings and the command prints them as `validate` does.
            settings.setdefault("SAFEPLACE_WARNINGS", []).extend(register.warnings)
            count_check = settings.get("SAFEPLACE_COUNT_CHECK")  # the build's shrink guard
            if count_check is not None:
                count_check(len(register.published))
        except BaseException:
            self.zips.cancel()
            self.maps.cancel()
            if self.folders is not None:
                self.folders.cancel()
            raise
        self.participants = register.published
        self._views: dict[str, list[PlaceView]] = {}  # _views_in
        self._views_of: PlaceViews | None = None
        self._nearest: dict | None = None  # _nearest_by_zip
        self._empty_folders: dict[str, set[str]] = {}  # made for the pages, by _ready_place_folders
        self._warn_about_hours()
        self.context["SAFEPLACE_COUNT"] = len(self.participants)

    def _warn_about_hours(self):
        """Warn when the site would run out of hours within 60 days from today (a rule that
        stops opening before then is the register's warning, see ``checks.hours_as_read``)."""
        start = datetime.now(ZoneInfo(setting(self.settings, "TIMEZONE"))).date()
        warning = hours_calendar.window_warning(self.calendar, start)
        if warning:
            advise(f"hours: {warning}")

    def generate_output(self, writer):
        settings, output = self.settings, Path(self.output_path)
        categories = [
            c
            for c in setting(settings, "SAFEPLACE_CATEGORIES")
            if any(p.category == c for p in self.participants)
        ]
        prepared = prepared_from(self.maps.result(), self.zips.result())
        find_urls = {
            lang: f"{sitefiles.lang_prefix(lang, settings)}{FIND_SLUG}/"
            for lang in setting(settings, "LANGUAGES")
        }
        # The find page's data files, the open data, the place pages and the list pages share
        # only the register: on a big register they are shared out among the cores, the
        # longest parts first and the place pages, in small parts, last, so that the cores
        # finish together. What the place and list pages both need is made first, once.
        self._ready_later_parts(output, prepared)
        parallel.side_by_side(
            lambda: self._write_open_data(output),
            lambda: self._write_data_files(output, categories, find_urls, prepared),
            *(
                lambda lang=lang: self._write_find_pages(writer, categories, find_urls, prepared, lang)
                for lang in find_urls
            ),
            *(
                lambda lang=lang, rows=rows: self._write_place_pages(find_urls, lang, rows)
                for lang, rows in self._place_page_parts()
            ),
        )

    def _ready_later_parts(self, output: Path, prepared: Prepared) -> None:
        """What the place pages' and list pages' parts need before they start: the place
        folders, the list's views of every place in the place pages' language, the places
        nearest each postal code and the pages' templates (made here once and shared by the
        forked parts, rather than made again in each). The folders last: the rest is made
        while the process making them (pipeline.site.build) may still be running."""
        for lang in self._page_languages():
            self._views_in(lang)
        self._nearest_by_zip(prepared)
        for name in ("place", "find", "find_place", "find_zip"):  # compiled once, not in each part
            self.get_template(name)
        for partial_name in ("nav_items.html", "find_zip_links.html"):  # once()'s partials
            self.env.get_template(partial_name)
        self._ready_place_folders(output)

    def _nearest_by_zip(self, prepared: Prepared) -> dict:
        """The places nearest each postal code's centre (:func:`zippages.nearest_by_zip`),
        worked out once a build."""
        if self._nearest is None:
            self._nearest = zippages.nearest_by_zip(
                self.participants,
                prepared.zips,
                self._window(),
                setting(self.settings, "DISTANCE_UNIT"),
            )
        return self._nearest

    def _views_in(self, lang: str) -> list[PlaceView]:
        """Every place's :class:`PlaceView` in ``lang``, in register order (made once a build)."""
        views = self._views.get(lang)
        if views is None:
            if self._views_of is None:
                self._views_of = PlaceViews(self.participants, self.settings)
            strings = self.settings["STRINGS"][lang]
            views = self._views[lang] = self._views_of.in_language(strings, hours_words(lang, strings))
        return views

    def _ready_place_folders(self, output: Path) -> None:
        """The place-page folders the pages are written into: those made since the build
        began (:func:`pipeline.site.build._start_place_folders`), less any this build has no
        page for (a row marked approved that the checks did not publish as such); or, when the
        build kept them (a big register: :mod:`pipeline.site.spare`), the replaced site's,
        moved in."""
        idents = {p.id for p in self.participants}
        roots = [placefolders.places_root(lang, self.settings).rstrip("/") for lang in self._page_languages()]
        if self.folders is not None:
            made, self.folders = self.folders.result(), None
            placefolders.remove_unused_folders(output, made, set(roots), idents)
            self._empty_folders = {root: set(made_ids) & idents for root, made_ids in made.items()}
        spare = self.settings.get("SAFEPLACE_SPARE_PAGES")
        for root in roots if spare else ():
            spare_pages.adopt(Path(spare), output, root, idents)

    def _place_page_parts(self) -> list[tuple[str, range]]:
        """The place pages in parts run side by side: each language's in parts of about the
        same size, at most ``PLACE_PAGES_PER_PART`` places each."""
        languages, count = self._page_languages(), len(self.participants)
        pieces = max(-(-count // PLACE_PAGES_PER_PART), 1)
        cut = [count * k // pieces for k in range(pieces + 1)]
        return [(lang, range(cut[k], cut[k + 1])) for lang in languages for k in range(pieces)]

    def _write_place_pages(self, find_urls, lang, rows: range):
        """The pages of the places in ``rows`` in ``lang`` (:mod:`pipeline.site.places`), and
        ``404.html`` with the default language's first part."""
        settings = self.settings
        words = {lang: hours_words(lang, settings["STRINGS"][lang])}
        views = {lang: self._views_in(lang)[rows.start : rows.stop]}
        place_pages.PlacePages(
            self,
            self.participants,
            find_urls,
            int(setting(settings, "FIND_PAGE_SIZE")),
            self._page_languages(),
            self._empty_folders,
        ).write(views, words, rows)
        if lang == setting(settings, "DEFAULT_LANG") and rows.start == 0:
            place_pages.write_not_found(self)

    def _page_languages(self) -> list[str]:
        """The languages with a page per place (``PLACE_PAGES_TRANSLATED_UP_TO``)."""
        return placefolders.page_languages(len(self.participants), self.settings)

    def _place_links(self, views, list_url: str, lang: str) -> list:
        """A list's views linked to their place pages (the default language's when ``lang``
        has none)."""
        linked = placefolders.page_language(lang, len(self.participants), self.settings)
        return place_pages.with_page_links(views, list_url, linked, self.settings)

    def _split(self) -> bool:
        """Whether the find page starts from an index and cells (:mod:`pipeline.find.cells`)
        rather than from the whole ``places.json``: above ``FIND_SPLIT_ABOVE`` places."""
        return len(self.participants) > int(setting(self.settings, "FIND_SPLIT_ABOVE"))

    def _window(self) -> int:
        return int(setting(self.settings, "FIND_WINDOW"))

    def _labels(self, lang: str, categories: list[str]) -> list[str]:
        names = self.settings["STRINGS"][lang].get("categories", {})
        return [names.get(c, c) for c in categories]

    def _write_data_files(self, output, categories, find_urls, prepared: Prepared):
        """``places.json`` per language, the exports, the map script and the site-wide files."""
        settings = self.settings
        alternates = list(find_urls.items())
        files = {
            f"{FIND_SLUG}/map.js": prepared.map_for(len(self.participants), settings).script,
            f"{FIND_SLUG}/{OUTSIDE_ZIPS}": json.dumps(prepared.outside_zips, separators=(",", ":")),
            "robots.txt": sitefiles.robots(settings),
            "_headers": sitefiles.headers_file(settings),
            **sitefiles.sitemaps(
                [
                    *self.context.get("SITEMAP_ENTRIES", []),
                    *({"url": url, "alternates": alternates} for url in find_urls.values()),
                    *place_pages.sitemap_entries(self.participants, settings),
                    *zippages.sitemap_entries(find_urls, prepared.zips),
                ],
                settings,
            ),
        }
        places = exports.PlacesFile(self.participants, categories, prepared.zips, self.calendar)
        split = (
            findcells.SplitPlaces(
                places,
                capacity=int(setting(settings, "FIND_CELL_SIZE")),
                head=self._window(),
                offline=offline.stores_all_up_to(settings),
                centre=tuple(setting(settings, "MAP_CENTER")),
            )
            if self._split()
            else None
        )
        for lang, url in find_urls.items():
            words = hours_words(lang, settings["STRINGS"][lang])
            labels = self._labels(lang, categories)
            in_words = _once_each(lambda schedule, w=words: describe(schedule, w))
            names = holiday_names(self.calendar, lang, words)
            files[f"{url}places.json"] = places.text(labels=labels, words=in_words, holiday_names=names)
            if split:
                files[f"{url}index.json"] = split.index(
                    full=f"{url}places.json", labels=labels, words=f"{url}words.json", holiday_names=names
                )
                files[f"{url}words.json"] = split.words(in_words)
        if split:
            files.update(split.cells())
            files.update(split.search())
            files.update(split.name_order())
        _write_files(output, files)

    def _write_open_data(self, output):
        """The register as open data: ``participants.csv``, ``participants.geojson`` and the
        HSDS package (``data/hsds/``); a part of its own beside the find page's data files."""
        settings = self.settings
        rows = exports.public_rows(self.participants)
        files = {
            "data/participants.geojson": exports.to_geojson(self.participants, rows),
            "data/participants.csv": exports.to_csv(self.participants, rows),
            **hsds.build(
                self.participants,
                settings,
                self.calendar,
                settings["STRINGS"][setting(settings, "DEFAULT_LANG")],
                page_url=place_pages.absolute_page_url(settings),
            ),
        }
        _write_files(output, files)

    def _write_find_pages(self, writer, categories, find_urls, prepared: Prepared, lang: str):
        """/find/ in ``lang``: the list is complete without JavaScript, in pages small enough
        for a cheap phone."""
        settings = self.settings
        alternates = list(find_urls.items())
        site_map = prepared.map_for(len(self.participants), settings)
        item = self.get_template("find_place")
        page = self.get_template("find")
        size = int(setting(settings, "FIND_PAGE_SIZE"))
        nearest = self._nearest_by_zip(prepared)
        base_url = find_urls[lang]
        strings = settings["STRINGS"][lang]
        words = hours_words(lang, strings)
        views = self._views_in(lang)
        chunks = [views[i : i + size] for i in range(0, len(views), size)] or [[]]
        urls = [base_url if n == 1 else f"{base_url}{n}/" for n in range(1, len(chunks) + 1)]
        config = {
            "tz": setting(settings, "TIMEZONE"),
            "window": self._window(),
            "hours": words,
            "lang": lang,
            "soon": SOON,
            "t": {k[3:]: v for k, v in strings.items() if k.startswith("js_")},
            "map": {"js": list(site_map.js), "css": list(site_map.css)},
            "cluster": site_map is prepared.clustered,
            "directions": setting(settings, "DIRECTIONS_URL"),
            "data": f"{base_url}{'index' if self._split() else 'places'}.json",
            "static": f"{setting(settings, 'THEME_STATIC_DIR')}/",
            "map_script": f"{FIND_SLUG}/map.js",
            "outside_zips": f"{FIND_SLUG}/{OUTSIDE_ZIPS}",
            "map_id": site_map.map_id,
            "places": placefolders.places_root(
                placefolders.page_language(lang, len(self.participants), settings), settings
            ),
            "built": self.calendar.start.isoformat(),
            "postcode": {
                "pattern": setting(settings, "POSTCODE_PATTERN"),
                "space": setting(settings, "POSTCODE_SPACE_AFTER") or 0,
                "prefix": setting(settings, "POSTCODE_CENTRE_PREFIX") or 0,
            },
            "unit": setting(settings, "DISTANCE_UNIT"),
            "address_format": address_format(settings),
        }
        config_json = Markup(exports.json_for_html(config))  # once, not once per list page
        scripts = modules.find_page_modules(Path(setting(settings, "THEME")) / "static" / "js", self._split())
        labels = self._labels(lang, categories)
        zip_urls = tuple(zippages.zip_page_urls(base_url, prepared.zips))  # a value of once()
        renderer = ListRenderer(partial(_render_item, item, self.context, strings))
        for number, chunk in enumerate(chunks, start=1):
            chunk = self._place_links(chunk, urls[number - 1], lang)
            writer.write_file(
                f"{urls[number - 1]}index.html",
                page,
                self.context,
                relative_urls=setting(settings, "RELATIVE_URLS"),
                url=urls[number - 1],
                page_slug=FIND_SLUG,
                page_lang=lang,
                alternates=alternates if number == 1 else [(lang, urls[number - 1])],
                places=chunk,
                place_items=renderer.render_all(chunk),
                total=len(views),
                categories=labels,
                page_number=number,
                page_urls=urls,
                page_links=page_links(number, len(urls)),
                first_index=(number - 1) * size,
                map_id=site_map.map_id,
                find_config_json=config_json,
                find_modules=scripts,
                find_data=config["data"],
                offline_near=self._split() and len(self.participants) > offline.stores_all_up_to(settings),
                hours_as_of=long_date(self.calendar.start, words),
                zip_pages=zip_urls,
                postcode_input=postcode_input(settings),
            )
        self._write_zip_pages(
            writer,
            lang,
            find_urls,
            zip_urls,
            nearest,
            views,
            renderer,
            long_date(self.calendar.start, words),
            {  # for find/zip.js; a split register's places.json is too big for one ZIP
                "tz": config["tz"],
                "soon": SOON,
                "hours": words,
                "data": None if self._split() else config["data"],
                "heading_holiday": strings.get("js_heading_holiday", ""),
            },
            prepared.zips,
        )

    def _write_zip_pages(
        self, writer, lang, find_urls, zip_urls, nearest, views, renderer, as_of, script, zips
    ):
        """/find/zip/<code>/ in ``lang``: the places nearest each postal code's centre;
        ``script``: what find/zip.js needs to rank them at the visit, with the centre of each
        code of ``zips``."""
        page = self.get_template("find_zip")
        strings = self.settings["STRINGS"][lang]
        for code, url in zip_urls:
            chunk = [
                views[i]._replace(distance=zippages.distance_words(away, strings))
                for i, away in nearest[code]
            ]
            chunk = self._place_links(chunk, url, lang)
            writer.write_file(
                f"{url}index.html",
                page,
                self.context,
                relative_urls=setting(self.settings, "RELATIVE_URLS"),
                url=url,
                page_slug=FIND_SLUG,
                page_lang=lang,
                places=chunk,
                zip_code=code,
                alternates=[
                    (other, f"{find}{zippages.ZIP_DIR}/{zippages.slug(code)}/")
                    for other, find in find_urls.items()
                ],
                place_items=renderer.render_all(chunk),
                find_url=find_urls[lang],
                hours_as_of=as_of,
                zip_config_json=Markup(exports.json_for_html({**script, "origin": list(zips[code])}))
                if script["data"]
                else "",
            )


def add_strings(pelican):
    """Languages, their interface strings and the security policy, for every template.

    Templates pick ``STRINGS[lang]`` for the page's language (see ``base.html``).
    """
    settings = pelican.settings
    fill_defaults(settings)
    settings["REGION"] = region_code(settings)
    settings["NON_EMERGENCY_PHONE"], settings["NON_EMERGENCY_E164"] = non_emergency_forms(settings)
    settings["PHONE_COUNTRY_CODE"] = phone_country_code(settings)
    settings["LANGUAGES"] = sitefiles.languages(settings)
    settings["STRINGS"] = {
        lang: load_strings(setting(settings, "THEME"), lang, settings)
        for lang in setting(settings, "LANGUAGES")
    }
    settings["CSP"] = sitefiles.content_security_policy(settings)


def initialize(pelican):
    """Once the settings are read: the strings, then what reads them (the law in each
    language, the decals' file names). One receiver, since a signal's receivers run in no
    fixed order."""
    add_strings(pelican)
    law.prepare(pelican)
    decal_art.decal_names(pelican)


def add_navigation(generator):
    """Menus per language once pages are read: Home, Find, then pages by ``Nav_order``.

    Pages with ``Nav_footer: true`` go to the footer menu instead. A page not yet translated
    appears in its default-language version, so every menu is complete. Each page also learns
    its ``alternates`` (the same page in every language) for hreflang links and the switcher.
    """
    settings = generator.settings
    default = setting(settings, "DEFAULT_LANG")
    everything = [*generator.pages, *generator.translations]
    strays = sorted(
        f"{Path(p.source_path).name} ({p.lang})"
        for p in everything
        if p.lang not in setting(settings, "LANGUAGES")
    )
    if strays:
        raise ValueError(
            f"pages in a language the site does not have: {', '.join(strays)}; add the language "
            f"to LANGUAGES (now {', '.join(setting(settings, 'LANGUAGES'))}) or remove the pages"
        )
    by_slug: dict[str, dict[str, object]] = {}
    for page in everything:
        by_slug.setdefault(page.slug, {})[page.lang] = page
    order = setting(settings, "LANGUAGES")
    entries = []
    for versions in by_slug.values():
        alternates = [(lang, versions[lang].url) for lang in order if lang in versions]
        for page in versions.values():
            page.alternates = alternates
        entries.append(
            {"url": versions.get(default, next(iter(versions.values()))).url, "alternates": alternates}
        )
        entries.extend(
            {"url": versions[lang].url, "alternates": alternates} for lang in order[1:] if lang in versions
        )
    nav, footer = {}, {}
    for lang in order:
        pages = [versions.get(lang) or versions.get(default) for versions in by_slug.values()]
        pages = sorted(
            (p for p in pages if p is not None and getattr(p, "nav_order", None)),
            key=lambda p: int(p.nav_order),
        )
        main, foot = [], []
        for page in pages:
            item = {"title": getattr(page, "nav_title", page.title), "url": page.url, "slug": page.slug}
            (foot if str(getattr(page, "nav_footer", "")).lower() == "true" else main).append(item)
        find = {
            "title": settings["STRINGS"][lang]["nav_find"],
            "url": f"{sitefiles.lang_prefix(lang, settings)}{FIND_SLUG}/",
            "slug": FIND_SLUG,
        }
        main.insert(1 if main and main[0]["slug"] == "home" else 0, find)
        nav[lang], footer[lang] = main, foot
    generator.context["NAV"] = nav
    generator.context["NAV_FOOTER"] = footer
    generator.context["SITEMAP_ENTRIES"] = entries


def write_offline_files(pelican):
    """Once everything is written: the theme's scripts and styles minified
    (:mod:`pipeline.site.minify`), then the saved copy's worker and the manifest, which name
    and hash them (:mod:`pipeline.site.offline`)."""
    minify.minify_theme_files(pelican.settings, Path(pelican.output_path))
    offline.write_offline_files(
        Path(pelican.output_path), pelican.settings, built=pelican.settings["SAFEPLACE_HOURS_FROM"]
    )


def get_generators(pelican):
    return FindPageGenerator


def register():
    signals.initialized.connect(initialize)
    signals.generator_init.connect(partials.install)
    signals.all_generators_finalized.connect(decal_art.write_decals)
    signals.page_generator_init.connect(pagelimits.check_sizes)
    pagecheck.connect(signals)
    signals.page_generator_finalized.connect(linkcheck.check_links)
    signals.page_generator_finalized.connect(pathclaims.check_paths)
    signals.static_generator_finalized.connect(linkcheck.check_static_files)
    signals.page_generator_finalized.connect(add_navigation)
    signals.get_generators.connect(get_generators)
    signals.finalized.connect(write_offline_files)
