"""Pelican plugin: the find page, its map and the public data files.

Registered in ``pelicanconf.py`` (``PLUGINS = ["pipeline.plugin"]``). It adds one generator that

1. loads and validates the register (:mod:`pipeline.register`); invalid data raises
   :class:`~pipeline.register.RegisterError`, which stops the build (never a half-built site);
2. writes ``/find/`` (server-rendered list + Folium map), ``find/map.js``, ``find/places.json``,
   the exports ``data/participants.geojson`` and ``data/participants.csv``, and the self-hosted
   Leaflet files.

It also loads the interface strings (``theme/strings/<lang>.json``) into every template's
context as ``T``.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from pelican import signals
from pelican.generators import Generator

from pipeline import exports, mapping
from pipeline.geography import Boundary, zip_centroids
from pipeline.hours import STRINGS as HOURS_STRINGS
from pipeline.hours import WeeklySchedule, describe
from pipeline.register import Participant, load_register

log = logging.getLogger(__name__)

FIND_SLUG = "find"


def load_strings(theme: str | Path, lang: str) -> dict:
    """Interface strings for ``lang`` from the theme (English fills any gap)."""
    folder = Path(theme) / "strings"
    strings = json.loads((folder / "en.json").read_text(encoding="utf-8"))
    localized = folder / f"{lang}.json"
    if lang != "en" and localized.exists():
        strings.update(json.loads(localized.read_text(encoding="utf-8")))
    return strings


def place_view(p: Participant, settings: dict, lang: str) -> dict:
    """What the list template shows for one participant (values stay raw: Jinja escapes them)."""
    return {
        "id": p.id,
        "name": p.name,
        "category": p.category,
        "address": p.full_address,
        "phone": p.phone,
        "tel": p.phone_e164,
        "hours": describe(p.hours, lang),
        "website": p.website,
        "directions": settings["DIRECTIONS_URL"].format(lat=p.lat, lon=p.lon),
        "lat": f"{p.lat:.5f}",
        "lon": f"{p.lon:.5f}",
    }


class FindPageGenerator(Generator):
    """Generates /find/ and the data files from the validated register."""

    def generate_context(self):
        settings = self.settings
        boundary = Boundary.load(settings["SAFEPLACE_BOUNDARY"])
        register = load_register(
            settings["SAFEPLACE_DATA"], boundary=boundary,
            categories=tuple(settings["SAFEPLACE_CATEGORIES"]),
            state=settings.get("JURISDICTION_STATE"),
        )
        for warning in register.warnings:
            log.info("register: %s", warning)
        self.boundary = boundary
        self.participants = register.published
        self.context["SAFEPLACE_COUNT"] = len(self.participants)

    def generate_output(self, writer):
        settings, output = self.settings, Path(self.output_path)
        lang = settings.get("DEFAULT_LANG", "en")
        strings = self.context["T"]
        categories = [c for c in settings["SAFEPLACE_CATEGORIES"]
                      if any(p.category == c for p in self.participants)]

        vendor = output / settings["THEME_STATIC_DIR"] / mapping.VENDOR_DIR
        mapping.copy_vendor_assets(vendor)
        site_map = mapping.build_map(center=tuple(settings["MAP_CENTER"]),
                                     zoom=int(settings.get("MAP_ZOOM", 10)),
                                     tiles=settings["MAP_TILES"])
        map_id, map_script, assets = mapping.render_map(site_map)

        city = settings.get("JURISDICTION", "").split(",")[0].strip()
        zips = zip_centroids(self.boundary, settings["JURISDICTION_STATE"], city)
        words = lambda intervals: describe(WeeklySchedule(intervals, ""), lang)  # noqa: E731
        files = {
            f"{FIND_SLUG}/map.js": map_script,
            f"{FIND_SLUG}/places.json": exports.to_places_json(
                self.participants, categories, words=words, zips=zips),
            "data/participants.geojson": exports.to_geojson(self.participants),
            "data/participants.csv": exports.to_csv(self.participants),
        }
        for name, text in files.items():
            path = output / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="")

        # The list is complete without JavaScript, in pages small enough for a cheap phone.
        views = [place_view(p, settings, lang) for p in self.participants]
        size = int(settings.get("FIND_PAGE_SIZE", 100))
        chunks = [views[i:i + size] for i in range(0, len(views), size)] or [[]]
        urls = [f"{FIND_SLUG}/" if n == 1 else f"{FIND_SLUG}/{n}/" for n in range(1, len(chunks) + 1)]
        config = {
            "tz": settings["TIMEZONE"], "window": int(settings.get("FIND_WINDOW", 50)),
            "hours": HOURS_STRINGS[lang], "lang": lang,
            "t": {k[3:]: v for k, v in strings.items() if k.startswith("js_")},
            "map": {"js": list(assets.js), "css": list(assets.css)},
            "directions": settings["DIRECTIONS_URL"],
        }
        for number, chunk in enumerate(chunks, start=1):
            writer.write_file(
                f"{urls[number - 1]}index.html", self.get_template("find"), self.context,
                relative_urls=settings["RELATIVE_URLS"], url=urls[number - 1], page_slug=FIND_SLUG,
                places=chunk, total=len(views), categories=categories,
                page_number=number, page_urls=urls, first_index=(number - 1) * size,
                map_id=map_id, find_config=config,
            )


def add_strings(pelican):
    """Put the interface strings into every template's context (as settings become context)."""
    pelican.settings["T"] = load_strings(pelican.settings["THEME"],
                                         pelican.settings.get("DEFAULT_LANG", "en"))


def add_navigation(generator):
    """Build the menus once pages are read: Home, Find, then pages by ``Nav_order``.

    Pages with ``Nav_footer: true`` go to the footer menu instead.
    """
    strings = generator.context["T"]
    pages = sorted((p for p in generator.pages if getattr(p, "nav_order", None)),
                   key=lambda p: int(p.nav_order))
    main, footer = [], []
    for page in pages:
        item = {"title": getattr(page, "nav_title", page.title), "url": page.url, "slug": page.slug}
        (footer if str(getattr(page, "nav_footer", "")).lower() == "true" else main).append(item)
    find = {"title": strings["nav_find"], "url": f"{FIND_SLUG}/", "slug": FIND_SLUG}
    main.insert(1 if main and main[0]["slug"] == "home" else 0, find)
    generator.context["NAV"] = main
    generator.context["NAV_FOOTER"] = footer


def get_generators(pelican):
    return FindPageGenerator


def register():
    signals.initialized.connect(add_strings)
    signals.page_generator_finalized.connect(add_navigation)
    signals.get_generators.connect(get_generators)
