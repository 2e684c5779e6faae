"""Example agency: a fictional Canadian police service in an Ottawa-like city, in English and
French. Settings only: build it with

    safeplace build --settings examples/canada-en-fr/pelicanconf.py --output output-canada

(or `make example NAME=canada-en-fr`). The register beside this file is fictional, the boundary
approximate; docs/adopting.md says what an agency replaces. What each setting means is in
docs/settings.md.
"""

from pathlib import Path

_HERE = Path(__file__).resolve().parent
_REPOSITORY = _HERE.parent.parent

# --- The agency and its program -----------------------------------------------------------
SITENAME = "Safe Place Bytown"
AGENCY_NAME = "Bytown Police Service"
AGENCY_NAME_BY_LANG = {"fr": "Service de police de Bytown"}
AGENCY_SHORT = "BPS"
AUTHOR = AGENCY_NAME
JURISDICTION = "Bytown, Ontario"
TIMEZONE = "America/Toronto"
DEFAULT_LANG = "en"
LANGUAGES = ("en", "fr")  # theme/strings/fr.json and content/pages/*.fr.md
SITE_DESCRIPTION = (
    "Safe Place shows victims of hate and bias crimes in Bytown, Ontario where staff will "
    "call 911 and let them stay until police arrive."
)
APPLY_EMAIL = "safeplace@example.org"  # replace with the program coordinator's address
SIGNUP_FORM_ACTION = ""
QUICK_EXIT_URL = "https://weather.gc.ca/"
SITE_ABSOLUTE_URL = ""
SAMPLE_DATA = True  # the register is fictional

# --- The jurisdiction profile ---------------------------------------------------------------
COUNTRY = "CA"
PHONE_REGION = "CA"
PHONE_EXAMPLE = "613-555-0100"
REGION_NAME = {"en": "province", "fr": "province"}
EMERGENCY_NUMBER = "911"
NON_EMERGENCY_PHONE = "613-555-0100"  # fictional
REGION = "ON"
ADDRESS_HAS_REGION = True
ADDRESS_FORMAT = "{address}, {city}, {region} {postcode}"
POSTCODE_NAME = {"en": "postal code", "fr": "code postal"}
POSTCODE_PATTERN = r"[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] \d[ABCEGHJ-NPRSTV-Z]\d"
POSTCODE_EXAMPLE = "K1P 1J1"
POSTCODE_SPACE_AFTER = 3  # "K1P1J1" is written "K1P 1J1"
# Postal code centres: Canada's postal codes are not open data, so the service gives the centre
# of each forward sortation area (the first three characters) of its city.
POSTCODE_CENTRES = str(_HERE / "postcode-centres.csv")
POSTCODE_CENTRE_PREFIX = 3
DISTANCE_UNIT = "km"
DATE_ORDER = "iso"  # a date written 03/04/2026 is refused as ambiguous: write 2026-04-03
PUBLIC_HOLIDAYS = {"country": "CA", "subdiv": "ON", "observed": True, "extra": {}}
SAFEPLACE_STRINGS: dict[str, dict[str, str]] = {}

# Canada's Criminal Code, as the service publishes it: one place, so a coordinator can correct it.
# Section numbers and legal terms exact; the plain words are ours. The official text governs.
LAW = {
    "citation": {"en": "Criminal Code (R.S.C. 1985, c. C-46)", "fr": "Code criminel (L.R.C. 1985, ch. C-46)"},
    "url": {
        "en": "https://laws-lois.justice.gc.ca/eng/acts/C-46/",
        "fr": "https://laws-lois.justice.gc.ca/fra/lois/C-46/",
    },
    "publisher": {"en": "the Department of Justice Canada", "fr": "le ministère de la Justice du Canada"},
    "lang": "en",
    "motives": {
        "en": [
            "race",
            "national or ethnic origin",
            "language",
            "colour",
            "religion",
            "sex",
            "age",
            "mental or physical disability",
            "sexual orientation",
            "gender identity or expression",
        ],
        "fr": [
            "race",
            "origine nationale ou ethnique",
            "langue",
            "couleur",
            "religion",
            "sexe",
            "âge",
            "déficience mentale ou physique",
            "orientation sexuelle",
            "identité ou expression de genre",
        ],
    },
    "intro": {
        "en": "Canada has no single crime called a hate crime. Under the {citation}, hate counts "
        "in two ways: any crime is punished more heavily when it was motivated by bias, prejudice "
        "or hate based on {motives} or a similar factor, and a few crimes are about hate itself.",
        "fr": "Au Canada, aucun crime ne s'appelle « crime haineux ». Selon le {citation}, la haine "
        "compte de deux façons : tout crime est puni plus sévèrement quand il est motivé par des "
        "préjugés ou de la haine fondés sur : {motives}, ou un facteur semblable; et quelques "
        "crimes portent sur la haine elle-même.",
    },
    "groups": [
        {
            "heading": {
                "en": "A heavier sentence for any crime:",
                "fr": "Une peine plus lourde pour tout crime :",
            },
            "sections": [
                {
                    "number": "718.2(a)(i)",
                    "legal": {
                        "en": "Sentencing: aggravating circumstances",
                        "fr": "Détermination de la peine : circonstances aggravantes",
                    },
                    "plain": {
                        "en": "when the court is shown that hate or prejudice drove a crime, the "
                        "judge must treat it as a reason for a heavier sentence.",
                        "fr": "quand on prouve au tribunal que la haine ou les préjugés ont motivé un "
                        "crime, le juge doit en tenir compte pour alourdir la peine.",
                    },
                },
            ],
        },
        {
            "heading": {"en": "Crimes of hate in themselves:", "fr": "Les crimes de haine en eux-mêmes :"},
            "sections": [
                {
                    "number": "319",
                    "legal": {"en": "Hate propaganda", "fr": "Propagande haineuse"},
                    "plain": {
                        "en": "stirring up hatred against an identifiable group in public, for example "
                        "in a speech, a post or a poster, when it is likely to lead to a breach of the "
                        "peace, or promoting such hatred on purpose.",
                        "fr": "attiser la haine contre un groupe identifiable en public, par exemple "
                        "dans un discours, une publication ou une affiche, quand cela risque de mener "
                        "à la violence, ou fomenter cette haine exprès.",
                    },
                },
                {
                    "number": "430(4.1)",
                    "legal": {
                        "en": "Mischief relating to religious property, educational institutions, etc.",
                        "fr": "Méfait à l'égard de biens religieux, d'établissements d'enseignement, etc.",
                    },
                    "plain": {
                        "en": "damaging a place of worship, a school, a community centre or a cemetery, "
                        "or what is in it, out of hate or prejudice against a group.",
                        "fr": "endommager un lieu de culte, une école, un centre communautaire ou un "
                        "cimetière, ou ce qui s'y trouve, par haine ou préjugé envers un groupe.",
                    },
                },
            ],
        },
    ],
}

# --- The register and the map ---------------------------------------------------------------
SAFEPLACE_DATA = str(_HERE / "register.csv")
SAFEPLACE_BOUNDARY = str(_HERE / "boundary.geojson")  # approximate: replace with the official one
SAFEPLACE_CATEGORIES = (
    "Restaurant or café",
    "Shop",
    "Grocery or pharmacy",
    "Hotel",
    "Library",
    "Community center",
    "Social service organization",
    "Government office",
    "Health clinic",
    "Fuel station or convenience store",
)
SAFEPLACE_CITY_NAMES: tuple[str, ...] = ()
MAP_CENTER = (45.415, -75.69)
MAP_ZOOM = 13
MAP_TILES = {
    "url": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
    "attribution": '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
    "max_zoom": 19,
    "min_zoom": 9,
    "referrer_policy": "strict-origin-when-cross-origin",
}
GEOCODER = {
    "endpoint": "https://nominatim.openstreetmap.org",
    "user_agent": "safeplace-register-geocoder (Bytown Police Service)",
    "min_delay_seconds": 1.0,
}
DIRECTIONS_URL = "https://www.openstreetmap.org/directions?to={lat}%2C{lon}"

# --- Pelican ----------------------------------------------------------------------------------
# How Pelican makes the site (pages only, autoescape on, no feeds), the same for every agency.
from pipeline.site.pelican_machinery import *  # noqa: E402, F403

PATH = str(_HERE / "content")
THEME = str(_REPOSITORY / "theme")

# --- Safety of the build (pipeline/build.py) -------------------------------------------------
# A build that would list fewer than this share of the places the current site lists (or none
# at all) stops, unless `safeplace build --allow-shrink`: a register saved with every status
# blank, or cut short, must not empty the live site.
SAFEPLACE_MIN_SHARE = 0.5
# How long a build waits for another build of the same output to finish (seconds).
SAFEPLACE_LOCK_WAIT = 600
