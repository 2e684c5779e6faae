"""Every setting the pipeline and the theme read, declared once: its name, default and meaning.

``pelicanconf.py`` holds an agency's values; this module holds what each setting *is*. Code reads a
setting through :func:`setting`, which gives the value in the settings or the default declared
here, so a default is written in one place and nowhere else. A setting with no default
(:data:`REQUIRED`) must be in the settings file; Pelican's own settings fall back to Pelican's
defaults. ``docs/settings.md`` is generated from :data:`SETTINGS` (``safeplace settings
--markdown``), and ``tests/unit/test_settings_declared.py`` fails when code or a template reads a
setting that is not declared here, or when the document is out of date.

Names the build itself puts into the settings or the templates' context (the languages, the
strings, the menus...) are listed in :data:`BUILT`: they are not set in ``pelicanconf.py``.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


class _Marker:
    def __init__(self, name: str):
        self.name = name

    def __repr__(self) -> str:
        return self.name


REQUIRED = _Marker("REQUIRED")  # no default: the settings file must give it
PELICAN = _Marker("PELICAN")  # Pelican's own setting: Pelican's default applies


class MissingSetting(KeyError):
    """A setting with no default is not in the settings file. A KeyError, so ``args[0]`` is
    the setting's name."""

    def __str__(self) -> str:
        return f"the settings have no {self.args[0]} (see docs/settings.md)"


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any  # a value, REQUIRED or PELICAN
    help: str
    group: str


_SETTINGS: list[Setting] = []


def _declare(group: str, *settings: tuple[str, Any, str]) -> None:
    _SETTINGS.extend(Setting(name, default, help, group) for name, default, help in settings)


_declare(
    "The agency and its program",
    ("AGENCY_NAME", REQUIRED, "The police agency's full name, shown on every page."),
    ("AGENCY_SHORT", REQUIRED, "The agency's short name or initials."),
    (
        "AGENCY_NAME_BY_LANG",
        {},
        'The agency\'s full name in other languages, as {"es": "..."}; a language '
        "not given shows AGENCY_NAME.",
    ),
    (
        "JURISDICTION",
        "",
        'The place the program serves, as "City, State"; the city (before the '
        "comma) also picks the jurisdiction's ZIP codes.",
    ),
    (
        "JURISDICTION_STATE",
        "",
        "The former name of REGION, still read when REGION is not set.",
    ),
    ("SITE_DESCRIPTION", REQUIRED, "One sentence about the program, for search engines and link previews."),
    (
        "LANGUAGES",
        (),
        'The site\'s languages, e.g. ("en", "fr"); the default language (DEFAULT_LANG) comes first. '
        "Each needs theme/strings/<lang>.json. Empty: every language the theme has strings for.",
    ),
    ("SITE_SHORT_NAME", "Safe Place", "The name under the icon when the site is installed on a phone."),
    (
        "EMERGENCY_NUMBER",
        REQUIRED,
        "The emergency number the site tells visitors to call: every call button's label is made "
        "from it ({emergency} in the strings), so the label and the number dialled never differ.",
    ),
    (
        "EMERGENCY_OTHER_NUMBERS",
        (),
        'Other emergency numbers that also work (("999",) in Ireland): named in words, never '
        "a button's label.",
    ),
    (
        "NON_EMERGENCY_PHONE",
        REQUIRED,
        "The agency's non-emergency line, as written locally or with +country code; shown in "
        "national form, dialled in E.164.",
    ),
    (
        "NON_EMERGENCY_E164",
        "",
        "No longer needed (derived from NON_EMERGENCY_PHONE); when given it must be the same number.",
    ),
    (
        "APPLY_EMAIL",
        REQUIRED,
        "The program coordinator's address: the application form opens an "
        "e-mail to it when there is no SIGNUP_FORM_ACTION.",
    ),
    (
        "SIGNUP_FORM_ACTION",
        "",
        "Where the application form on /participate/ posts (the agency's "
        "form service). Empty: the form opens an e-mail to APPLY_EMAIL.",
    ),
    ("QUICK_EXIT_URL", REQUIRED, 'The neutral site "Exit this page" replaces the site with.'),
    (
        "LAW",
        REQUIRED,
        "The hate-crime law the law page cites: citation, url and publisher of the official text, "
        "motives, intro and note per language, and groups (each a heading per language and its "
        "sections: number, legal name, plain words per language). Shape: docs/adopting.md.",
    ),
    (
        "DECAL_ARTWORK",
        {},
        "The agency's own licensed decal artwork, language -> SVG or PNG file (relative to the "
        "settings file). Not given: the build draws the decal from AGENCY_NAME, EMERGENCY_NUMBER "
        "and each language's decal_promise string.",
    ),
    (
        "SAMPLE_DATA",
        False,
        "True while the register is the fictional sample: the site says so, "
        "and a production build refuses to publish it.",
    ),
    (
        "SAFEPLACE_STAGING",
        False,
        "True for a staging site: `make publish` then builds although the boundary is marked "
        "approximate or pages still name the sample agency (never for the real site).",
    ),
    (
        "SAMPLE_AGENCY_NAMES",
        (
            "Kansas City, Missouri Police Department",
            "Kansas City, Missouri",
            "KCPD",
            "(816) 234-5111",
            "816-234-5111",
            "+18162345111",
        ),
        "The sample agency's name (first) and the other names and numbers that mark its text: "
        "`make publish` refuses an agency whose settings, pages or strings still hold one. "
        "Empty: not checked.",
    ),
)
_declare(
    "The jurisdiction profile (country, phones, postal codes, units, dates)",
    ("COUNTRY", "US", "The jurisdiction's country (ISO 3166-1 alpha-2, e.g. US, CA, IE)."),
    (
        "PHONE_REGION",
        "US",
        "The region (ISO 3166-1) whose national numbers the register's phones are read as; a "
        "number written with +country code is read as written.",
    ),
    (
        "PHONE_EXAMPLE",
        None,
        "A phone number as written locally, for the application form's hint. None: a made-up "
        "number of PHONE_REGION (the phonenumbers package's example).",
    ),
    (
        "POSTCODE_NAME",
        {"en": "ZIP code", "es": "código postal"},
        "What the postal code is called, per language, in lower case as in running text "
        "(a language not given reads the English word).",
    ),
    (
        "POSTCODE_PATTERN",
        r"\d{5}",
        "A regular expression every postal code must match in full, after normalisation.",
    ),
    ("POSTCODE_EXAMPLE", "64111", "A postal code of the jurisdiction, shown as an example."),
    (
        "POSTCODE_SPACE_AFTER",
        None,
        "Normalisation: postal codes are upper-cased and their spaces removed, then one space is "
        'put after this many characters (3 in Canada: "K1P1J1" -> "K1P 1J1"). None: no space.',
    ),
    (
        "POSTCODE_CENTRES",
        "zipcodes",
        'Where postal code centres come from: "zipcodes" (the US package) or the path of a CSV '
        "with the columns postcode,lat,lon that the agency provides.",
    ),
    (
        "POSTCODE_CENTRE_PREFIX",
        0,
        "Look centres up by the first this many characters of a postal code (3: Canada's FSA); "
        "0: the whole code.",
    ),
    (
        "ADDRESS_HAS_REGION",
        True,
        "Whether an address has a state or province (the register's state column): required "
        "and shown when True.",
    ),
    (
        "REGION",
        "",
        "The state or province code every published place must be in (MO, ON...); empty: not "
        "checked. The US ZIP codes of the jurisdiction are this state's.",
    ),
    (
        "REGION_NAME",
        {"en": "state", "es": "estado"},
        "What the state or province is called, per language, in lower case (a language not "
        "given reads the English word).",
    ),
    (
        "ADDRESS_FORMAT",
        "{address}, {city}, {region} {postcode}",
        "How a place's full address is written ({address}, {city}, {region}, {postcode}).",
    ),
    ("DISTANCE_UNIT", "mi", 'Distances on the find and postal code pages: "mi" or "km".'),
    (
        "DATE_ORDER",
        None,
        'How dates written with slashes are read: "month-first" (US), "day-first", or "iso" '
        "(slashed dates refused as ambiguous). None: month-first when COUNTRY is US, else iso.",
    ),
    (
        "SAFEPLACE_STRINGS",
        {},
        'The agency\'s own words for any interface string, per language: {"en": {"key": '
        '"text"}}. Placeholders such as {agency}, {emergency}, {postcode_name} are filled in.',
    ),
    (
        "STRINGS_FILES",
        (),
        "Strings files of the agency's own (JSON, named <lang>.json): each overrides the theme's "
        "strings of its language, or adds the language.",
    ),
)
_declare(
    "The register and the map",
    ("SAFEPLACE_DATA", REQUIRED, "The register CSV (the --data option of every command overrides it)."),
    (
        "SAFEPLACE_BOUNDARY",
        REQUIRED,
        "The jurisdiction's limits (GeoJSON): every published place must be inside.",
    ),
    (
        "SAFEPLACE_CATEGORIES",
        REQUIRED,
        "The categories a place may have, in the order the find page lists them.",
    ),
    (
        "SAFEPLACE_CONFIRMED_HOSTS",
        (),
        "Web hosts with letters outside A-Z that a coordinator has "
        "checked; they are published in punycode (xn--...).",
    ),
    (
        "SAFEPLACE_CITY_NAMES",
        (),
        "Other names the jurisdiction's city goes by (KCMO, say): `safeplace intake` treats an "
        "applicant whose city is none of these, nor JURISDICTION's, as outside the jurisdiction.",
    ),
    (
        "SAFEPLACE_INTAKE_COLUMNS",
        {},
        "For a form service whose export uses the questions as headers: question text -> form "
        "field (organization_name, address...), for `safeplace intake`.",
    ),
    ("MAP_CENTER", REQUIRED, "The map's first view, (latitude, longitude)."),
    ("MAP_ZOOM", 10, "The map's first zoom level."),
    (
        "MAP_TILES",
        REQUIRED,
        "The tile server, the only third-party host a visitor's browser "
        "contacts: a dict with url and attribution (and max_zoom, min_zoom, "
        "referrer_policy).",
    ),
    (
        "DIRECTIONS_URL",
        REQUIRED,
        "The directions link of each place; {address} (URL-encoded), {lat} and {lon} are filled in.",
    ),
    (
        "GEOCODER",
        {
            "endpoint": "https://nominatim.openstreetmap.org",
            "user_agent": "safeplace",
            "min_delay_seconds": 1.0,
            "cache": None,
        },
        "`safeplace geocode`: a Nominatim-compatible service (endpoint, an identifying user_agent, "
        "min_delay_seconds between requests, cache file; none: beside the register). Keys not "
        "given keep their default.",
    ),
)
_declare(
    "Opening hours",
    (
        "TIMEZONE",
        REQUIRED,
        'The jurisdiction\'s time zone (e.g. America/New_York): "open now" '
        "and the hours' calendar are in it.",
    ),
    ("HOURS_WINDOW_DAYS", 400, "How many days ahead, from the build date, the site knows every day's hours."),
    (
        "HOURS_AS_OF",
        None,
        "The first day of the hours' calendar (YYYY-MM-DD) instead of the build "
        "date, e.g. to preview a holiday.",
    ),
    (
        "PUBLIC_HOLIDAYS",
        {"country": None, "subdiv": None, "observed": True, "extra": {}},
        'The holidays "PH" in the hours column means: the holidays package\'s calendar for a '
        "country (and subdiv, a state or province), observed days, and extra dates (YYYY-MM-DD "
        "once, MM-DD every year). Keys not given keep their default; no country: COUNTRY's.",
    ),
)
_declare(
    "The find page and the saved copy",
    ("FIND_PAGE_SIZE", 100, "Places per list page without JavaScript."),
    ("FIND_WINDOW", 50, "Places shown at once with JavaScript (more on request)."),
    (
        "FIND_SPLIT_ABOVE",
        1000,
        "Above this many places the find page's data comes in pieces: an "
        "index, then the cells near the visitor.",
    ),
    ("FIND_CELL_SIZE", 200, "At most this many places in one cell of the split data."),
    (
        "MAP_CLUSTER_ABOVE",
        100,
        "Above this many places the map groups nearby markers into clusters (and loads "
        "the cluster code, 9 KB); up to it every marker is drawn on its own.",
    ),
    (
        "PLACE_PAGES_TRANSLATED_UP_TO",
        5000,
        "Up to this many places every language has a page per place; above, the default "
        "language only (the page a decal's QR code names), so a huge register's build "
        "writes half the files.",
    ),
    (
        "OFFLINE_ALL_UP_TO",
        5000,
        "The saved copy (for use without signal) holds every place up to "
        "this many; beyond, the cells nearest the visitor.",
    ),
    (
        "SITE_ABSOLUTE_URL",
        "",
        "The published site's full address, for the sitemap, robots.txt, "
        "hreflang and link previews (publishconf.py reads it from "
        "SAFEPLACE_SITEURL). Empty: a preview address.",
    ),
)
_declare(
    "Safety of the build",
    (
        "SAFEPLACE_MIN_SHARE",
        0.5,
        "A build that would list fewer than this share of the places the "
        "current site lists stops (unless --allow-shrink).",
    ),
    (
        "SAFEPLACE_SPARE_PAGES_ABOVE",
        2000,
        "Above this many places, the site a build replaces keeps its place pages beside the "
        "output (.output-spare-*) for the next build to write into, not to create again: a "
        "rebuild of a big register in less time, for a second copy of its place pages on disk.",
    ),
    ("SAFEPLACE_LOCK_WAIT", 600.0, "Seconds a build waits for another build of the same output to finish."),
    ("SAFEPLACE_PUBLISH", False, "A production build (publishconf.py): placeholder settings stop it."),
    (
        "SAFEPLACE_PAGE_BYTES",
        100_000,
        "The largest a content page may be, in bytes; a bigger one stops the build before Markdown reads it.",
    ),
    (
        "SAFEPLACE_PAGE_BRACKETS",
        1_000,
        "The most square brackets a content page may hold (Markdown's time grows far faster "
        "than their number); more stops the build.",
    ),
)
_declare(
    "Pelican's own (read by the pipeline too)",
    ("SITENAME", PELICAN, "The site's name."),
    ("SITEURL", PELICAN, "The base of every link; empty keeps links relative."),
    (
        "DEFAULT_LANG",
        PELICAN,
        "The language of the pages at the site's root; the others live under /<lang>/.",
    ),
    ("PATH", PELICAN, "The content folder."),
    ("THEME", PELICAN, "The theme folder (templates, static files, strings)."),
    ("THEME_STATIC_DIR", PELICAN, "Where the theme's static files go in the output."),
    ("THEME_STATIC_PATHS", PELICAN, "The theme's folders of static files."),
    ("OUTPUT_PATH", PELICAN, "The output folder (the --output option overrides it)."),
    ("RELATIVE_URLS", PELICAN, "Whether links are relative to the page."),
    ("PLUGINS", PELICAN, "Pelican plugins; must include pipeline.site.plugin."),
    ("PAGE_PATHS", PELICAN, "The folders of content/ that hold pages."),
    ("PAGE_EXCLUDES", PELICAN, "Folders of content/ that are not pages."),
)

SETTINGS: dict[str, Setting] = {s.name: s for s in _SETTINGS}

BUILT: dict[str, str] = {
    "STRINGS": "The interface strings of every language, from theme/strings/.",
    "CSP": "The Content-Security-Policy of every page.",
    "SAFEPLACE_HOURS_FROM": "The first day of the hours' calendar the build used.",
    "SAFEPLACE_COUNT": "How many places the site lists.",
    "NAV": "The main menu of every language.",
    "NAV_FOOTER": "The footer menu of every language.",
    "SITEMAP_ENTRIES": "Every page with its translations, for sitemap.xml.",
    "SAFEPLACE_COUNT_CHECK": "The build's check of how many places the site lists, once read.",
    "SAFEPLACE_SPARE_PAGES": "The spare this build writes its place pages into (site/spare.py), or None.",
    "SAFEPLACE_WARNINGS": "The register's warnings, for the command to print as validate does.",
    "SAFEPLACE_SETTINGS": "The settings file's path, which no page may publish.",
    "LAW_PAGES": "The LAW setting in each language's words, for the law page (pipeline/site/law.py).",
    "PHONE_COUNTRY_CODE": "The calling code of PHONE_REGION (1 in North America), for the form's check.",
}


def setting(settings: Mapping[str, Any], name: str) -> Any:
    """The value of ``name`` in ``settings``, or its declared default.

    ``None`` counts as not set. A dict setting with a dict default keeps the default's keys it
    does not give. Raises :class:`MissingSetting` for a setting with no default that is not set,
    and KeyError for a name that is not declared (a mistake in the code, not in the settings).
    """
    declared = SETTINGS[name]
    value = settings.get(name)
    default = declared.default
    if value is None:
        if default is REQUIRED:
            raise MissingSetting(name)
        if default is PELICAN:
            from pelican.settings import DEFAULT_CONFIG

            return copy.deepcopy(DEFAULT_CONFIG.get(name))
        return copy.deepcopy(default)
    if isinstance(default, dict) and isinstance(value, Mapping):
        return {**copy.deepcopy(default), **value}
    return value


def fill_defaults(settings: dict[str, Any]) -> None:
    """Put the declared default of every setting not given into ``settings``, so templates see
    the same defaults as the code."""
    for declared in SETTINGS.values():
        if settings.get(declared.name) is None and declared.default not in (REQUIRED, PELICAN):
            settings[declared.name] = copy.deepcopy(declared.default)


def _shown_default(declared: Setting) -> str:
    if declared.default is REQUIRED:
        return "required"
    if declared.default is PELICAN:
        return "Pelican's default"
    return f"`{declared.default!r}`"


def markdown() -> str:
    """``docs/settings.md``: every setting by group, with its default and meaning."""
    lines = [
        "# Settings",
        "",
        "Generated from `pipeline/settings.py` by `safeplace settings --markdown > docs/settings.md`;",
        "do not edit by hand. Set these in `pelicanconf.py` (`publishconf.py` builds on it).",
        "A setting marked *required* has no default: the settings file must give it.",
    ]
    group = None
    for declared in SETTINGS.values():
        if declared.group != group:
            group = declared.group
            lines += ["", f"## {group}", "", "| Setting | Default | What it does |", "|---|---|---|"]
        cells = [f"`{declared.name}`", _shown_default(declared), declared.help]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    lines += ["", "## Set by the build (not in the settings file)", "", "| Name | What it is |", "|---|---|"]
    lines += [f"| `{name}` | {text} |" for name, text in BUILT.items()]
    return "\n".join(lines) + "\n"


def plain_text() -> str:
    """Every setting, one a line, for the terminal."""
    width = max(map(len, SETTINGS))
    return "".join(
        f"{d.name:<{width}}  {_shown_default(d).strip('`')}\n    {d.help}\n" for d in SETTINGS.values()
    )
